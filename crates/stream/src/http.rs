//! `/metrics`, `/healthz` and `/readyz`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::PrometheusHandle;

use crate::{Health, StreamError};

/// What the listener logs once bound, with the bound address (`addr` may ask for port 0).
pub const SERVING: &str = "serving /metrics, /healthz, /readyz";

/// `/metrics`, `/healthz` and `/readyz`, to serve alone or with a service's own routes.
pub fn endpoints(metrics: PrometheusHandle, health: Arc<Health>) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(move || async move { crate::metrics::render(&metrics) }),
        )
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .with_state(health)
}

/// Binds `addr` and serves `app` until the process ends, logging [`SERVING`] with the bound
/// address.
pub async fn serve_router(addr: SocketAddr, app: Router) -> Result<(), StreamError> {
    let binding = |e| StreamError::Io(format!("binding {addr}"), e);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(binding)?;
    let addr = listener.local_addr().map_err(binding)?;
    tracing::info!(%addr, "{SERVING}");
    axum::serve(listener, app)
        .await
        .map_err(|e| StreamError::Io("serving http".to_string(), e))
}

async fn ready(State(health): State<Arc<Health>>) -> (StatusCode, &'static str) {
    if health.ready() {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n")
    }
}
