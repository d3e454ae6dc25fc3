//! [`HttpTransport`]: the one [`Transport`] over the network, reqwest with rustls.
//!
//! TLS is rustls with the *ring* provider and the Mozilla roots compiled in (webpki-roots),
//! handed to reqwest as a preconfigured `ClientConfig`: no aws-lc (cmake to cross-compile), no
//! OpenSSL, no platform verifier (JNI initialisation on Android). Why: docs/adr/0003-tls.md.
//! This is the only file of the core that knows HTTP exists.

use std::sync::Arc;
use std::time::Duration;

use super::transport::{HttpRequest, HttpResponse, Method, SendFuture, Transport, TransportError};
use crate::error::{Error, Result};

/// How long connecting may take before the relay counts as unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The rustls client configuration every connection to a relay uses: ring, TLS 1.2 and 1.3,
/// webpki roots, HTTP/1.1 over ALPN.
pub fn tls_config() -> Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|_| Error::Tls)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// HTTP over reqwest + rustls (ring, webpki roots). Cheap to clone; keeps connections alive
/// between requests.
#[derive(Debug, Clone)]
pub struct HttpTransport {
    client: reqwest::Client,
}

impl HttpTransport {
    /// A transport with the default timeouts.
    pub fn new() -> Result<Self> {
        Self::with_timeouts(CONNECT_TIMEOUT, REQUEST_TIMEOUT)
    }

    /// A transport with the given connect and whole-request timeouts.
    pub fn with_timeouts(connect: Duration, request: Duration) -> Result<Self> {
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .connect_timeout(connect)
            .timeout(request)
            .build()
            .map_err(|_| Error::Tls)?;
        Ok(Self { client })
    }

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let url = reqwest::Url::parse(&request.url())
            .map_err(|_| TransportError::InvalidRequest("relay address"))?;
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        };
        let mut builder = self.client.request(method, url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if request.method == Method::Post {
            builder = builder.body(request.body);
        }
        let response = builder.send().await.map_err(classify)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect();
        let body = response.bytes().await.map_err(classify)?.to_vec();
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

impl Transport for HttpTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(self.exchange(request))
    }
}

/// Sorts a reqwest failure into the classes the sync acts on.
fn classify(e: reqwest::Error) -> TransportError {
    if e.is_builder() {
        return TransportError::InvalidRequest("request");
    }
    if is_tls(&e) {
        return TransportError::Tls;
    }
    if e.is_timeout() {
        return TransportError::Timeout;
    }
    if e.is_connect() {
        return TransportError::Unreachable;
    }
    TransportError::Interrupted
}

/// True when a rustls error is somewhere in the chain (a handshake failure, not a dead network).
fn is_tls(e: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && io.get_ref().is_some_and(|inner| inner.is::<rustls::Error>())
        {
            return true;
        }
        source = err.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_config_uses_ring_and_the_bundled_roots() {
        let config = tls_config().expect("builds");
        assert_eq!(config.alpn_protocols, [b"http/1.1".to_vec()]);
        assert!(!config.crypto_provider().cipher_suites.is_empty());
        HttpTransport::new().expect("client builds without a process-wide provider");
    }

    #[tokio::test]
    async fn a_closed_port_is_unreachable_and_a_bad_url_is_invalid() {
        // Bind, learn the port, close it: nothing listens there now.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("binds")
            .local_addr()
            .expect("addr")
            .port();
        let transport = HttpTransport::new().expect("builds");
        let request = |base: String| HttpRequest {
            base_url: base,
            method: Method::Get,
            path_and_query: "/health".into(),
            headers: vec![],
            body: vec![],
        };
        let err = transport
            .send(request(format!("http://127.0.0.1:{port}")))
            .await
            .expect_err("nothing listens");
        assert_eq!(err, TransportError::Unreachable);
        assert!(err.is_offline());
        let err = transport
            .send(request("not a url".into()))
            .await
            .expect_err("refused");
        assert!(matches!(err, TransportError::InvalidRequest(_)));
        assert!(!err.is_offline());
    }
}
