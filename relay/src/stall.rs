//! [`StallingProxy`]: a loopback TCP proxy in front of a relay that can hold every request where
//! it is, as a relay behind a bad mobile network does, for tests of what a device does while a
//! sync waits (an edit must not wait with it). Plain bytes are forwarded unchanged; only the
//! device-to-relay direction is held.

use std::io;
use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A proxy on 127.0.0.1 forwarding to `upstream`; open until [`StallingProxy::hold`].
#[derive(Debug)]
pub struct StallingProxy {
    addr: SocketAddr,
    open: watch::Sender<bool>,
    held: watch::Sender<u64>,
    task: JoinHandle<()>,
}

impl StallingProxy {
    /// Starts a proxy to `upstream` on a free loopback port.
    pub async fn start(upstream: SocketAddr) -> io::Result<Self> {
        let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let (open, _) = watch::channel(true);
        let (held, _) = watch::channel(0u64);
        let (gate, counter) = (open.clone(), held.clone());
        let task = tokio::spawn(async move {
            while let Ok((device, _)) = listener.accept().await {
                let (gate, counter) = (gate.subscribe(), counter.clone());
                tokio::spawn(async move {
                    let Ok(relay) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    // Either side closing ends the connection.
                    tokio::select! {
                        _ = pump(&device, &relay, Some((gate, &counter))) => {}
                        _ = pump(&relay, &device, None) => {}
                    }
                });
            }
        });
        Ok(Self {
            addr,
            open,
            held,
            task,
        })
    }

    /// The base URL to give devices instead of the relay's.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// From now on, bytes from devices wait in the proxy until [`StallingProxy::release`].
    pub fn hold(&self) {
        self.held.send_replace(0);
        self.open.send_replace(false);
    }

    /// Lets held and later bytes through.
    pub fn release(&self) {
        self.open.send_replace(true);
    }

    /// Waits until a request has arrived and is being held (a device is waiting on the relay).
    pub async fn request_held(&self) {
        let mut held = self.held.subscribe();
        // The sender lives in `self`, so the channel cannot close while this waits.
        let _ = held.wait_for(|n| *n > 0).await;
    }
}

impl Drop for StallingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Copies bytes from `from` to `to`; with a gate, each chunk waits while the gate is closed
/// (counted in `held`). Ends when `from` closes or either side fails.
async fn pump(
    from: &TcpStream,
    to: &TcpStream,
    mut gate: Option<(watch::Receiver<bool>, &watch::Sender<u64>)>,
) -> io::Result<()> {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        from.readable().await?;
        let n = match from.try_read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        };
        if let Some((open, held)) = &mut gate
            && !*open.borrow_and_update()
        {
            held.send_modify(|n| *n += 1);
            open.wait_for(|open| *open)
                .await
                .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))?;
        }
        let mut sent = 0;
        while sent < n {
            to.writable().await?;
            match to.try_write(&buf[sent..n]) {
                Ok(k) => sent += k,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
    }
}
