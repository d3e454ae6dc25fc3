//! The floor under the relay's CPU per request: a bare HTTP/1.1 server on the relay's own stack
//! (tokio's multi-thread runtime, hyper's `http1` server, one task per connection, keep-alive on)
//! that answers every request with a fixed 200 and does nothing else: no routing, no signature,
//! no database, no log line.
//!
//! What a storm request costs the relay above this is the relay's own work; what this costs is the
//! kernel's TCP, the runtime and hyper, which every HTTP server on this machine pays. Drive it and
//! the relay's `/health` with the same client and compare CPU per request (docs/benchmarks.md,
//! "stop 25: the floor under a request"; `ab` is Debian's `apache2-utils`):
//!
//! ```sh
//! taskset -c 1 target/release/examples/http_floor 127.0.0.1:7811 &
//! taskset -c 0 ab -q -n 40000 -c 64 http://127.0.0.1:7811/health
//! ```
//!
//! `ab` opens one connection per request, as the storm's devices do (each reconnects after the
//! relay's idle timeout); `ab -k` keeps them alive. The server's CPU is read from
//! `/proc/PID/stat` (fields 14 and 15) before and after. The storm measures the same floor on the
//! relay itself before every storm (`examples/storm/measures.rs`, `http_floor`).

use std::convert::Infallible;
use std::net::SocketAddr;

use hyper_util::rt::{TokioIo, TokioTimer};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr: SocketAddr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:7811".to_owned())
        .parse()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("http_floor listening on {}", listener.local_addr()?);
    loop {
        let Ok((stream, _remote)) = listener.accept().await else {
            continue;
        };
        tokio::spawn(async move {
            let service = hyper::service::service_fn(|_req: hyper::Request<hyper::body::Incoming>| async {
                Ok::<_, Infallible>(hyper::Response::new(String::from("ok\n")))
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).keep_alive(true);
            let _ = builder.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}
