//! Fault injection around the real transport: [`Faulty`] lets the real relay answer, then loses,
//! flips, truncates, swaps or injects what the device receives.

use super::*;

/// What [`Faulty`] does to the next exchange it applies to (then it disarms).
#[derive(Debug, Clone)]
pub(super) enum Fault {
    /// The next `n` pushes (in sync requests) reach the relay, which stores them; each time the
    /// client is told the connection broke. A sync resends once at once (`call::send`), so `2`
    /// is an answer lost and the relay gone before the resend's answer came back.
    LosePushAcks(u32),
    /// In a pull page (a sync answer) with envelopes, flip one bit of the first envelope.
    Flip(Spot),
    /// Cut a pull page with envelopes short.
    Truncate(Cut),
    /// In a page with two or more envelopes, swap the first two items (sequence numbers go down).
    SwapItems,
    /// In a page with two or more envelopes, swap the first two envelopes but keep the sequence
    /// numbers rising (a relay that delivers out of order without saying so).
    SwapEnvelopes,
    /// Append this envelope to a pull page under the next sequence number.
    Inject(Vec<u8>),
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Spot {
    /// Byte `n` of the envelope.
    Start(usize),
    /// Byte `n` counted back from the envelope's end (0 = the last signature byte).
    End(usize),
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Cut {
    /// Drop this many bytes from the end.
    Drop(usize),
    /// Keep this many bytes.
    Keep(usize),
    /// Keep half.
    Half,
}

/// One request and what the relay answered (before any fault).
#[derive(Debug, Clone)]
pub(super) struct Exchange {
    pub(super) request: HttpRequest,
    pub(super) response: Option<HttpResponse>,
}

/// The real [`HttpTransport`], plus faults injected after the relay answered and a log.
pub(super) struct Faulty {
    pub(super) inner: HttpTransport,
    /// The fault, and how many exchanges it fits to let through first.
    pub(super) armed: Mutex<Option<(usize, Fault)>>,
    pub(super) fired: Mutex<Vec<Fault>>,
    pub(super) log: Mutex<Vec<Exchange>>,
}

/// A sync request (ADR 0017): it pulls, and pushes when it has a body.
pub(super) fn is_pull(request: &HttpRequest) -> bool {
    request.method == Method::Post && request.path_and_query.contains("/sync?")
}

pub(super) fn is_push(request: &HttpRequest) -> bool {
    is_pull(request) && !request.body.is_empty()
}

/// The sequence number a sync answer acknowledged the push with (`X-Tsunagu-Pushed`).
pub(super) fn acknowledged_seq(response: &HttpResponse) -> u64 {
    response
        .header(tsunagu_wire::sync::PUSHED_HEADER)
        .and_then(|v| v.parse().ok())
        .expect("the push was acknowledged")
}

/// The `after=` of a sync request.
pub(super) fn pull_after(request: &HttpRequest) -> u64 {
    let query = request.path_and_query.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("after="))
        .and_then(|v| v.parse().ok())
        .expect("a pull names its cursor")
}

impl Faulty {
    pub(super) fn new() -> Self {
        Self {
            inner: HttpTransport::with_timeouts(Duration::from_secs(2), Duration::from_secs(10))
                .expect("transport"),
            armed: Mutex::new(None),
            fired: Mutex::new(Vec::new()),
            log: Mutex::new(Vec::new()),
        }
    }

    pub(super) fn arm(&self, fault: Fault) {
        self.arm_after(0, fault);
    }

    /// Arms `fault` for the exchange after the first `skip` it fits.
    pub(super) fn arm_after(&self, skip: usize, fault: Fault) {
        *self.armed.lock().expect("lock") = Some((skip, fault));
    }

    pub(super) fn fired(&self) -> usize {
        self.fired.lock().expect("lock").len()
    }

    pub(super) fn is_armed(&self) -> bool {
        self.armed.lock().expect("lock").is_some()
    }

    pub(super) fn log(&self) -> Vec<Exchange> {
        self.log.lock().expect("lock").clone()
    }

    pub(super) fn pushes(&self) -> Vec<Exchange> {
        self.log().into_iter().filter(|e| is_push(&e.request)).collect()
    }

    pub(super) fn clear_log(&self) {
        self.log.lock().expect("lock").clear();
    }

    /// Applies the armed fault to this exchange if it fits; `Err` replaces the response.
    pub(super) fn apply(
        &self,
        request: &HttpRequest,
        response: HttpResponse,
    ) -> Result<HttpResponse, TransportError> {
        let mut armed = self.armed.lock().expect("lock");
        let Some((skip, fault)) = armed.clone() else {
            return Ok(response);
        };
        let push = is_push(request) && response.status == 200;
        let items = if is_pull(request) && response.status == 200 {
            decode_batch(&response.body).expect("the relay's page decodes")
        } else {
            Vec::new()
        };
        let pull = is_pull(request) && response.status == 200;
        let mut out = response.clone();
        match &fault {
            Fault::LosePushAcks(_) if push => {}
            Fault::Flip(spot) if !items.is_empty() => {
                let len = items[0].1.len();
                let at = match *spot {
                    Spot::Start(n) => n,
                    Spot::End(n) => len - 1 - n,
                };
                // count u32 · seq u64 · length u32 · envelope
                out.body[4 + 8 + 4 + at] ^= 0x01;
            }
            Fault::Truncate(cut) if !items.is_empty() => {
                let keep = match *cut {
                    Cut::Drop(n) => out.body.len() - n,
                    Cut::Keep(n) => n,
                    Cut::Half => out.body.len() / 2,
                };
                out.body.truncate(keep);
            }
            Fault::SwapItems if items.len() >= 2 => {
                let mut items = items;
                items.swap(0, 1);
                out.body = encode_batch(&items);
            }
            Fault::SwapEnvelopes if items.len() >= 2 => {
                let mut items = items;
                let first = items[0].1.clone();
                items[0].1 = items[1].1.clone();
                items[1].1 = first;
                out.body = encode_batch(&items);
            }
            Fault::Inject(envelope) if pull => {
                let mut items = items;
                let seq = items.last().map_or(pull_after(request), |(s, _)| *s) + 1;
                items.push((seq, envelope.clone()));
                out.body = encode_batch(&items);
            }
            _ => return Ok(response),
        }
        if skip > 0 {
            *armed = Some((skip - 1, fault));
            return Ok(response);
        }
        *armed = match fault {
            Fault::LosePushAcks(n) if n > 1 => Some((0, Fault::LosePushAcks(n - 1))),
            _ => None,
        };
        self.fired.lock().expect("lock").push(fault.clone());
        match fault {
            Fault::LosePushAcks(_) => Err(TransportError::Interrupted),
            _ => Ok(out),
        }
    }
}

impl Transport for Faulty {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let result = self.inner.send(request.clone()).await;
            self.log.lock().expect("lock").push(Exchange {
                request: request.clone(),
                response: result.as_ref().ok().cloned(),
            });
            self.apply(&request, result?)
        })
    }
}
