//! [`StallingProxy`]: a loopback TCP proxy in front of a relay that can hold every request where
//! it is, as a relay behind a bad mobile network does, for tests of what a device does while a
//! sync waits (an edit must not wait with it). Plain bytes are forwarded unchanged; only the
//! device-to-relay direction is held. It can also cut connections as the relay answers
//! ([`StallingProxy::cut_next_answers`]): the relay has done the request, the device gets no
//! answer, as when a NAT or the relay drops a keep-alive connection at the wrong moment.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A proxy on 127.0.0.1 forwarding to `upstream`; open until [`StallingProxy::hold`].
#[derive(Debug)]
pub struct StallingProxy {
    addr: SocketAddr,
    open: watch::Sender<bool>,
    held: watch::Sender<u64>,
    /// Answers still to cut.
    cuts: Arc<AtomicU32>,
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
        let cuts = Arc::new(AtomicU32::new(0));
        let cutting = Arc::clone(&cuts);
        let task = tokio::spawn(async move {
            while let Ok((device, _)) = listener.accept().await {
                let (gate, counter, cutting) = (gate.subscribe(), counter.clone(), Arc::clone(&cutting));
                tokio::spawn(async move {
                    let Ok(relay) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    // Either side closing ends the connection; so does a cut answer.
                    tokio::select! {
                        _ = pump(&device, &relay, Some((gate, &counter)), None) => {}
                        _ = pump(&relay, &device, None, Some(&cutting)) => {}
                    }
                });
            }
        });
        Ok(Self {
            addr,
            open,
            held,
            cuts,
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

    /// The next `n` answers the relay starts to send are dropped with their connection: the
    /// relay has served those requests, their devices see the connection close instead.
    pub fn cut_next_answers(&self, n: u32) {
        self.cuts.store(n, Ordering::SeqCst);
    }

    /// Answers still to cut.
    pub fn cuts_left(&self) -> u32 {
        self.cuts.load(Ordering::SeqCst)
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
/// (counted in `held`); with `cuts` above zero, the first chunk takes one and ends the copy
/// instead (the connection closes). Ends when `from` closes or either side fails.
async fn pump(
    from: &TcpStream,
    to: &TcpStream,
    mut gate: Option<(watch::Receiver<bool>, &watch::Sender<u64>)>,
    cuts: Option<&AtomicU32>,
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
        if cuts.is_some_and(|c| {
            c.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok()
        }) {
            return Ok(());
        }
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
