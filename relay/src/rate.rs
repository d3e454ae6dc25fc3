//! Rate limiting: a token bucket per key (a device id, a client address, a link id), in memory
//! (a restart refills them all, which is harmless).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use tsunagu_wire::DeviceId;

/// Buckets kept before full (idle) ones are dropped.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Token buckets by key (by device unless said otherwise).
#[derive(Debug)]
pub(crate) struct RateLimiter<K = DeviceId> {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<K, Bucket>>,
}

/// The key a client address is limited by: an IPv4 address, or the /64 an IPv6 address is in
/// (one subscriber usually holds a whole /64).
pub(crate) fn ip_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(segments.into())
            }
        },
    }
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    /// `rate` tokens per second, at most `burst` saved up.
    pub(crate) fn new(rate: f64, burst: u32) -> Self {
        Self {
            rate,
            burst: f64::from(burst),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `device` at `now`, or says how long until one is available.
    pub(crate) fn check(&self, device: &K, now: Instant) -> Result<(), Duration> {
        // The map holds only counters; a panic elsewhere cannot leave it inconsistent.
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() > PRUNE_ABOVE {
            let (rate, burst) = (self.rate, self.burst);
            buckets
                .retain(|_, b| b.tokens + now.saturating_duration_since(b.last).as_secs_f64() * rate < burst);
        }
        let bucket = buckets.entry(device.clone()).or_insert(Bucket {
            tokens: self.burst,
            last: now,
        });
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.rate).min(self.burst);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.rate))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_wire::DeviceIdentity;

    #[test]
    fn bursts_then_refills_at_the_rate_per_device() {
        let limiter: RateLimiter = RateLimiter::new(2.0, 3);
        let a = DeviceIdentity::generate().expect("rng").id();
        let b = DeviceIdentity::generate().expect("rng").id();
        let t0 = Instant::now();
        for _ in 0..3 {
            limiter.check(&a, t0).expect("within burst");
        }
        let wait = limiter.check(&a, t0).expect_err("burst spent");
        assert!((wait.as_secs_f64() - 0.5).abs() < 1e-9, "{wait:?}");
        limiter.check(&b, t0).expect("another device has its own bucket");
        limiter
            .check(&a, t0 + Duration::from_millis(500))
            .expect("refilled one");
        assert!(limiter.check(&a, t0 + Duration::from_millis(500)).is_err());
        // Idle time never saves more than the burst.
        let later = t0 + Duration::from_secs(3600);
        for _ in 0..3 {
            limiter.check(&a, later).expect("full again");
        }
        assert!(limiter.check(&a, later).is_err());
    }

    #[test]
    fn addresses_are_limited_by_ipv4_or_ipv6_slash_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().expect("ip");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(ip_key(a), ip_key(b));
        assert_ne!(ip_key(a), ip_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().expect("ip");
        assert_eq!(ip_key(mapped), "192.0.2.7".parse::<IpAddr>().expect("ip"));
    }
}
