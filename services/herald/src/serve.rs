//! `herald serve`: a read-only HTTP API over the event store and the live map page.
//!
//! `GET /v1/events` (JSON), `/v1/events.geojson`, `/v1/events.csv` (GDELT 2.0 rows) take the
//! same filters ([`EventFilter::parse`]); `/v1/stories`, `/v1/stories/{id}`, `/v1/stats`;
//! `/openapi.json` describes them. `/` is the page: its files are in `web/`, embedded.

use std::net::SocketAddr;

use anyhow::Context;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use herald_store::query::{BadRequest, EventFilter, EventRow, MAX_LIMIT};
use herald_store::{Store, StoreError};
use serde_json::{json, Value};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The store: a SQLite file (`herald run --store`) or a postgres:// URL.
    #[arg(long, env = "HERALD_DB")]
    pub db: String,
    /// Where to listen (port 0: any free port; the bound address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}

pub fn serve(args: &ServeArgs) -> anyhow::Result<std::process::ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(async {
        let store = Store::open(&args.db)
            .await
            .with_context(|| format!("opening the store {}", args.db))?;
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("binding {}", args.addr))?;
        let addr = listener.local_addr().context("binding")?;
        eprintln!("herald serve: listening on http://{addr}/");
        axum::serve(listener, router(store))
            .with_graceful_shutdown(herald_stream::service::stop_signal())
            .await
            .context("serving")?;
        Ok(std::process::ExitCode::SUCCESS)
    })
}

/// Every route of the API and the page.
pub fn router(store: Store) -> Router {
    Router::new()
        .route("/", get(|| async { asset("text/html", INDEX) }))
        .route(
            "/app.js",
            get(|| async { asset("text/javascript", APP_JS) }),
        )
        .route("/app.css", get(|| async { asset("text/css", APP_CSS) }))
        .route(
            "/countries-110m.json",
            get(|| async { asset("application/json", COUNTRIES) }),
        )
        .route(
            "/openapi.json",
            get(|| async { asset("application/json", OPENAPI) }),
        )
        .route("/v1/events", get(events))
        .route("/v1/events.geojson", get(geojson))
        .route("/v1/events.csv", get(csv))
        .route("/v1/stories", get(stories))
        .route("/v1/stories/{id}", get(story))
        .route("/v1/stats", get(stats))
        .with_state(store)
}

const INDEX: &str = include_str!("../web/index.html");
const APP_JS: &str = include_str!("../web/app.js");
const APP_CSS: &str = include_str!("../web/app.css");
const COUNTRIES: &str = include_str!("../web/countries-110m.json");
const OPENAPI: &str = include_str!("../web/openapi.json");

fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// What a request can fail with: the client's mistake (400, with the reason), a missing
/// story (404), or the database (503 when it cannot be reached, else 500).
enum ApiError {
    Bad(BadRequest),
    NotFound(String),
    Store(StoreError),
}

impl From<BadRequest> for ApiError {
    fn from(e: BadRequest) -> Self {
        Self::Bad(e)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::Bad(e) => (StatusCode::BAD_REQUEST, e.0),
            ApiError::NotFound(what) => (StatusCode::NOT_FOUND, what),
            ApiError::Store(e) if e.is_unavailable() => {
                (StatusCode::SERVICE_UNAVAILABLE, e.to_string())
            }
            ApiError::Store(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        };
        (status, json_body(&json!({ "error": message }))).into_response()
    }
}

fn json_body(v: &impl serde::Serialize) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_vec(v).expect("API values always serialise"),
    )
        .into_response()
}

fn params(query: Option<String>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

async fn events(State(store): State<Store>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let filter = EventFilter::parse(&params(q))?;
    Ok(json_body(&store.events(&filter).await?))
}

/// The GeoJSON feature of an event: a point at its place (null geometry when it has none),
/// and the fields the page shows.
fn feature(e: &EventRow) -> Value {
    let geometry = e
        .place
        .as_ref()
        .map(|p| json!({ "type": "Point", "coordinates": [p.lon, p.lat] }));
    let mut properties = serde_json::to_value(e).expect("an event always serialises");
    if let Some(map) = properties.as_object_mut() {
        map.remove("event_id");
    }
    json!({
        "type": "Feature",
        "id": e.event_id,
        "geometry": geometry,
        "properties": properties,
    })
}

async fn geojson(State(store): State<Store>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let filter = EventFilter::parse(&params(q))?;
    let page = store.events(&filter).await?;
    let features: Vec<Value> = page.events.iter().map(feature).collect();
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        serde_json::to_vec(&json!({
            "type": "FeatureCollection",
            "features": features,
            "next_cursor": page.next_cursor,
        }))
        .expect("GeoJSON always serialises"),
    )
        .into_response())
}

/// GDELT 2.0 event-table rows, as `herald run --emit gdelt` writes them (tab-separated, no
/// header: GDELT's own files' form). The next page's cursor is in `X-Next-Cursor`.
async fn csv(State(store): State<Store>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let filter = EventFilter::parse(&params(q))?;
    let page = store.events(&filter).await?;
    let mut out = Vec::new();
    for e in &page.events {
        crate::gdelt::write_row(&mut out, &e.to_event()).expect("writing to memory");
    }
    let mut response = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"events.csv\"",
            ),
        ],
        out,
    )
        .into_response();
    if let Some(c) = page.next_cursor.and_then(|c| c.parse().ok()) {
        response.headers_mut().insert("x-next-cursor", c);
    }
    Ok(response)
}

async fn stories(State(store): State<Store>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let mut limit = 100;
    for (name, v) in params(q) {
        match name.as_str() {
            "limit" => {
                limit = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| BadRequest(format!("parameter `limit`: 1 to {MAX_LIMIT}")))?
            }
            _ => return Err(BadRequest(format!("unknown parameter `{name}` (limit)")).into()),
        }
    }
    Ok(json_body(
        &json!({ "stories": store.stories(limit).await? }),
    ))
}

async fn story(State(store): State<Store>, Path(id): Path<String>) -> Result<Response, ApiError> {
    match store.story(&id).await? {
        Some(story) => Ok(json_body(&story)),
        None => Err(ApiError::NotFound(format!("no story {id}"))),
    }
}

async fn stats(State(store): State<Store>) -> Result<Response, ApiError> {
    Ok(json_body(&store.stats().await?))
}
