//! `POST /v1/articles`: a Herald JSON or ninjs object, or a NewsML-G2 document, with a bearer
//! token. 202 once the broker holds every item (or held it before: idempotent by item id
//! and version), 400 with the reason for bad input, 401 without a valid token, 413 over the
//! size limit, 503 while the broker is unreachable or does not acknowledge in time.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use herald_model::{InputLimits, RawArticle};
use metrics::counter;
use serde_json::json;
use subtle::ConstantTimeEq;
use tracing::warn;

use crate::error::PublishError;
use crate::metrics::PUSH_REQUESTS;
use crate::publish::Publisher;

pub struct Push {
    /// The accepted tokens, read from their secrets at start.
    pub tokens: Vec<Vec<u8>>,
    pub publisher: Arc<Publisher>,
    pub limits: InputLimits,
    pub ack_timeout: Duration,
}

pub fn router(push: Arc<Push>, max_body_bytes: usize) -> Router {
    Router::new()
        .route("/v1/articles", post(articles))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .with_state(push)
}

fn answer(status: StatusCode, body: serde_json::Value) -> Response {
    counter!(PUSH_REQUESTS, "status" => status.as_str().to_string()).increment(1);
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        format!("{body}\n"),
    )
        .into_response()
}

async fn articles(State(push): State<Arc<Push>>, headers: HeaderMap, body: Bytes) -> Response {
    if !push.authorised(&headers) {
        let mut response = answer(StatusCode::UNAUTHORIZED, json!({"error": "unauthorised"}));
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        return response;
    }
    let items = match decode(&body, &push.limits) {
        Ok(items) => items,
        Err((reason, message)) => {
            return answer(
                StatusCode::BAD_REQUEST,
                json!({"error": reason, "message": message}),
            )
        }
    };
    match tokio::time::timeout(push.ack_timeout, store(&push.publisher, &items)).await {
        Ok(Ok(outcomes)) => answer(StatusCode::ACCEPTED, json!({"items": outcomes})),
        Ok(Err(PublishError::TooLarge { size, limit })) => answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({"error": "record_too_large", "message": format!("record of {size} bytes, over {limit}")}),
        ),
        Ok(Err(error)) => unavailable(&error.to_string()),
        Err(_) => unavailable("the broker did not acknowledge in time"),
    }
}

fn unavailable(message: &str) -> Response {
    warn!(error = message, "push not stored: 503");
    answer(
        StatusCode::SERVICE_UNAVAILABLE,
        json!({"error": "unavailable", "message": message}),
    )
}

impl Push {
    /// Whether the request bears one of the tokens (compared in constant time).
    fn authorised(&self, headers: &HeaderMap) -> bool {
        let Some(given) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "))
        else {
            return false;
        };
        self.tokens.iter().fold(false, |ok, token| {
            ok | bool::from(token.as_slice().ct_eq(given))
        })
    }
}

/// The items of a body: one JSON record, or every item of a NewsML-G2 (or feed) document;
/// any bad item rejects the whole body with its reason.
fn decode(body: &[u8], limits: &InputLimits) -> Result<Vec<RawArticle>, (&'static str, String)> {
    if body.trim_ascii_start().starts_with(b"{") {
        return RawArticle::decode(body, limits)
            .map(|raw| vec![raw])
            .map_err(|e| (e.kind(), e.to_string()));
    }
    let mut items = Vec::new();
    let mut error = None;
    herald_model::wire::split(body, limits, &mut |_, record| match record {
        Ok(raw) => items.push(raw),
        Err((e, _)) => {
            error.get_or_insert((e.kind(), e.to_string()));
        }
    });
    match error {
        Some(error) => Err(error),
        None => Ok(items),
    }
}

/// Stores each item in turn: (id, outcome) of each, or the first failure.
async fn store(
    publisher: &Publisher,
    items: &[RawArticle],
) -> Result<Vec<serde_json::Value>, PublishError> {
    let mut outcomes = Vec::with_capacity(items.len());
    for raw in items {
        let outcome = publisher.publish(raw).await?;
        outcomes.push(json!({"id": raw.id, "version": raw.version, "outcome": outcome.name()}));
    }
    Ok(outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_herald_json_ninjs_or_newsml_and_bad_ones_say_why() {
        let limits = InputLimits::default();
        let one = decode(br#"{"id":"a","body":"Text."}"#, &limits).unwrap();
        assert_eq!(one[0].id, "a");
        let ninjs = decode(
            br#"{"uri":"urn:x","headline":"H","body_text":"Text."}"#,
            &limits,
        );
        assert_eq!(ninjs.unwrap()[0].id, "urn:x");
        let newsml = include_bytes!("../../../crates/model/tests/data/newsml_item_text.xml");
        assert_eq!(decode(newsml, &limits).unwrap()[0].version, Some(1));
        assert_eq!(decode(br#"{"id":"a"}"#, &limits).unwrap_err().0, "no_body");
        assert_eq!(
            decode(b"<rss><channel>", &limits).unwrap_err().0,
            "not_feed"
        );
        let laughs = include_bytes!("../../../crates/model/tests/data/billion_laughs.xml");
        assert_eq!(decode(laughs, &limits).unwrap_err().0, "xml_entity");
    }
}
