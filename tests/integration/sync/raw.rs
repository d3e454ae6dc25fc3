//! Raw HTTP: a reqwest client that sends what the sync client never would.

use super::*;

pub(super) fn reqwest_client() -> reqwest::Client {
    static PROVIDER: Once = Once::new();
    PROVIDER.call_once(|| {
        // reqwest's rustls-no-provider needs one even for plain http.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder().build().expect("client")
}

pub(super) struct Raw {
    pub(super) http: reqwest::Client,
    pub(super) base: String,
}

impl Raw {
    pub(super) fn new(base: &str) -> Self {
        Self {
            http: reqwest_client(),
            base: base.to_owned(),
        }
    }

    /// Sends with exactly these headers and body; returns the status and the JSON body (or null).
    pub(super) async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(String, String)],
        body: Vec<u8>,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .body(body);
        for (name, value) in headers {
            req = req.header(name.as_str(), value.as_str());
        }
        let response = req.send().await.expect("the relay answers");
        let status = response.status().as_u16();
        let bytes = response.bytes().await.expect("body");
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    /// Sends a request signed now by `who`.
    pub(super) async fn signed(
        &self,
        who: &DeviceIdentity,
        method: &str,
        path: &str,
        body: Vec<u8>,
    ) -> (u16, Value) {
        let auth = request::sign(who, method, path, &body, now_ms()).expect("signs");
        self.send(method, path, &[("Authorization".into(), auth)], body)
            .await
    }

    /// Replays a request the sync client sent: same headers (signature, time, nonce), same body.
    pub(super) async fn replay(&self, request: &HttpRequest) -> (u16, Value) {
        self.send(
            request.method.as_str(),
            &request.path_and_query,
            &request.headers,
            request.body.clone(),
        )
        .await
    }
}

pub(super) fn refusal(class: &str) -> Value {
    json!({ "error": class })
}

pub(super) fn envelopes_path(id: &str) -> String {
    format!("/v1/profiles/{id}/envelopes")
}
