//! The transport seam: plain HTTP requests and responses as bytes, and the one async trait that
//! sends them. The protocol never sees a socket; [`super::http`] implements the trait over
//! reqwest, and tests put a fake behind it to inject faults.

use std::future::Future;
use std::pin::Pin;

/// HTTP method (the relay's API uses two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
}

impl Method {
    /// The method's name as signed and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A request to the relay, signed and ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Base URL of the relay (`https://relay.example`), without a trailing slash.
    pub base_url: String,
    /// Method.
    pub method: Method,
    /// Path and query (`/v1/profiles/p-1/envelopes?after=3&limit=100`), exactly as signed.
    pub path_and_query: String,
    /// Headers (name, value).
    pub headers: Vec<(String, String)>,
    /// Body bytes (empty for GET).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The full URL.
    pub fn url(&self) -> String {
        format!("{}{}", self.base_url, self.path_and_query)
    }
}

/// A response from the relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Headers (name, value), names in any case.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why a request got no HTTP response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No connection: refused, host unreachable, DNS failed, no network.
    #[error("relay unreachable")]
    Unreachable,
    /// Connecting or waiting for the response took too long.
    #[error("relay timed out")]
    Timeout,
    /// The connection broke during the exchange.
    #[error("connection interrupted")]
    Interrupted,
    /// The TLS handshake failed (untrusted certificate, interception).
    #[error("TLS handshake failed")]
    Tls,
    /// The request could not be built (a malformed relay URL).
    #[error("invalid request: {0}")]
    InvalidRequest(&'static str),
}

impl TransportError {
    /// True when the failure means "no usable network right now": the sync reports `Offline`
    /// and keeps everything queued.
    pub fn is_offline(self) -> bool {
        matches!(
            self,
            TransportError::Unreachable | TransportError::Timeout | TransportError::Interrupted
        )
    }
}

/// The future a [`Transport`] returns.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and returns the response, whatever its status. Object-safe, so the
/// apps can plug their own (the HTTP stack of the platform) and tests a fake.
pub trait Transport: Send + Sync {
    /// Sends `request`.
    fn send(&self, request: HttpRequest) -> SendFuture<'_>;
}
