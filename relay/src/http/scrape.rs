//! The metrics listener's one route, `GET /metrics`: the Prometheus (OpenMetrics) text of
//! [`crate::metrics::Metrics`]. Served on `--metrics-addr`, apart from the public routes, so it
//! can stay on a private interface; it carries no profile or device ids.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::RelayState;
use super::error::ApiError;

/// OpenMetrics' text format, which Prometheus reads.
const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// `GET /metrics` over `state`; anything else is `404`.
pub(crate) fn metrics_router(state: RelayState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .fallback(|| async { ApiError::NOT_FOUND })
        .with_state(state)
}

async fn metrics(State(state): State<RelayState>) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(OPENMETRICS))],
        state.render_metrics(),
    )
        .into_response()
}
