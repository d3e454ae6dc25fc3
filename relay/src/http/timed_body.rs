//! When a request's body was received in full: the start of the relay's own service time.
//!
//! The request log's `latency_ms` runs from the parsed head to the response. That includes
//! waiting for the body, which a slow or overloaded client sends at its own pace: in the storm
//! the one load-generator core is saturated and the body of a request the relay saw the head of
//! can arrive seconds later, while the relay itself idles. `service_ms` runs from the body's end
//! (or the head, for a request whose body was never read) to the response, which is the time
//! the relay can act on. A wrapper body records the instant the inner body ends; nothing is
//! buffered, so every route's body limit still applies while the body streams in.

use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::{Body, Bytes, HttpBody};
use hyper::body::{Frame, SizeHint};

/// A request body that notes when it ended.
pub(super) struct TimedBody {
    inner: Body,
    ended: Arc<OnceLock<Instant>>,
}

impl TimedBody {
    /// Wraps `inner`; the returned cell is set once the body has been read to its end.
    pub(super) fn wrap(inner: Body) -> (Body, Arc<OnceLock<Instant>>) {
        let ended = Arc::new(OnceLock::new());
        let body = Body::new(Self {
            inner,
            ended: Arc::clone(&ended),
        });
        (body, ended)
    }
}

impl HttpBody for TimedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(None) = polled {
            let _ = self.ended.set(Instant::now());
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body whose chunks the test sends one by one; it ends when the sender is dropped.
    struct ChannelBody(tokio::sync::mpsc::Receiver<Bytes>);

    impl HttpBody for ChannelBody {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            self.0
                .poll_recv(cx)
                .map(|chunk| chunk.map(|c| Ok(Frame::data(c))))
        }
    }

    #[tokio::test]
    async fn the_end_is_noted_only_once_the_last_chunk_was_read() {
        let (tx, rx) = tokio::sync::mpsc::channel(2);
        let (body, ended) = TimedBody::wrap(Body::new(ChannelBody(rx)));
        tx.send(Bytes::from_static(b"first")).await.expect("send");
        let reader = tokio::spawn(async move { axum::body::to_bytes(body, 1024).await });
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        assert!(ended.get().is_none(), "the body has not ended yet");
        tx.send(Bytes::from_static(b" second")).await.expect("send");
        drop(tx);
        let read = reader.await.expect("task").expect("body");
        assert_eq!(&read[..], b"first second");
        assert!(ended.get().is_some(), "the end was noted");
    }

    #[tokio::test]
    async fn a_body_past_its_limit_is_still_refused() {
        let (body, ended) = TimedBody::wrap(Body::from(vec![0u8; 2048]));
        assert!(axum::body::to_bytes(body, 1024).await.is_err());
        assert!(ended.get().is_none(), "a refused body did not end");
    }
}
