//! Issue 14, finding 7: half-sent requests, idle connections and connection floods. Raw TCP on
//! loopback. The `GUARD` below only stops a test that would otherwise hang (as each did before
//! the limits); nothing asserts how fast the relay is.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::client::{TestRelay, test_database};
use super::process::RelayProcess;

/// Longest a test waits for the relay to close a connection.
const GUARD: Duration = Duration::from_secs(30);

async fn short_limits() -> TestRelay {
    TestRelay::start_with(|c| {
        c.server.header_timeout = Duration::from_secs(1);
        c.server.request_timeout = Duration::from_secs(1);
        c.server.max_connections = 3;
    })
    .await
}

/// Reads until the relay closes the connection; what it sent.
async fn until_closed(stream: &mut TcpStream) -> String {
    let mut all = Vec::new();
    let read = tokio::time::timeout(GUARD, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => all.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the relay kept the connection open");
    String::from_utf8_lossy(&all).into_owned()
}

async fn server_half_sent_headers_are_cut_off() {
    let t = short_limits().await;
    let mut stream = TcpStream::connect(t.relay.addr()).await.expect("connects");
    stream
        .write_all(b"POST /shl/x HTTP/1.1\r\nHost: relay\r\nContent-")
        .await
        .expect("writes");
    until_closed(&mut stream).await;
}

async fn server_a_connection_that_sends_nothing_or_idles_is_closed() {
    let t = short_limits().await;
    let mut silent = TcpStream::connect(t.relay.addr()).await.expect("connects");
    until_closed(&mut silent).await;
    // Kept alive after an answer, then idle: closed too.
    let mut idle = TcpStream::connect(t.relay.addr()).await.expect("connects");
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: relay\r\n\r\n")
        .await
        .expect("writes");
    let answer = until_closed(&mut idle).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

async fn server_a_body_that_never_arrives_gets_408() {
    let t = short_limits().await;
    let mut stream = TcpStream::connect(t.relay.addr()).await.expect("connects");
    stream
        .write_all(
            b"POST /shl/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nHost: relay\r\n\
              Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"recipient\":",
        )
        .await
        .expect("writes");
    let answer = until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

async fn server_connections_beyond_the_cap_are_closed_at_once() {
    let t = TestRelay::start_with(|c| c.server.max_connections = 2).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(t.relay.addr()).await.expect("connects");
        // A complete request proves the connection was accepted and is being served.
        s.write_all(b"GET /health HTTP/1.1\r\nHost: relay\r\n\r\n")
            .await
            .expect("writes");
        let mut buf = [0u8; 12];
        s.read_exact(&mut buf).await.expect("answer");
        assert_eq!(&buf, b"HTTP/1.1 200");
        held.push(s);
    }
    let mut third = TcpStream::connect(t.relay.addr())
        .await
        .expect("the kernel accepts");
    let _ = third
        .write_all(b"GET /health HTTP/1.1\r\nHost: relay\r\n\r\n")
        .await;
    let answer = until_closed(&mut third).await;
    assert!(answer.is_empty(), "served beyond the cap: {answer}");
    drop(held);
    // Slots come back once those connections close.
    let answer = tokio::time::timeout(GUARD, async {
        loop {
            let mut s = TcpStream::connect(t.relay.addr()).await.expect("connects");
            let _ = s
                .write_all(b"GET /health HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n")
                .await;
            let answer = until_closed(&mut s).await;
            if !answer.is_empty() {
                return answer;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("a slot came back");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// The binary's `--max-connections` and `--idle-timeout` (defaults 1,024 and 10 s, in `--help`
/// and the README) set the cap and the idle timeout.
async fn server_the_binary_takes_the_cap_and_the_idle_timeout_as_flags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = test_database(&dir);
    let relay = RelayProcess::start(&db, &["--max-connections", "1", "--idle-timeout", "1"]);
    let addr = relay.base.trim_start_matches("http://").to_owned();
    let mut first = TcpStream::connect(&addr).await.expect("connects");
    first
        .write_all(b"GET /health HTTP/1.1\r\nHost: relay\r\n\r\n")
        .await
        .expect("writes");
    let mut buf = [0u8; 12];
    first.read_exact(&mut buf).await.expect("answer");
    assert_eq!(&buf, b"HTTP/1.1 200");
    // The one slot is taken: a second connection is closed unanswered.
    let mut second = TcpStream::connect(&addr).await.expect("the kernel accepts");
    let _ = second
        .write_all(b"GET /health HTTP/1.1\r\nHost: relay\r\n\r\n")
        .await;
    assert!(
        until_closed(&mut second).await.is_empty(),
        "served beyond the cap"
    );
    // The first, kept alive and idle, is closed by the relay (the rest of its answer, then EOF).
    until_closed(&mut first).await;
}

on_each_backend!(
    server_half_sent_headers_are_cut_off,
    server_a_connection_that_sends_nothing_or_idles_is_closed,
    server_a_body_that_never_arrives_gets_408,
    server_connections_beyond_the_cap_are_closed_at_once,
    server_the_binary_takes_the_cap_and_the_idle_timeout_as_flags,
);
