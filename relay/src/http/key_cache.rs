//! [`KeyCache`]: devices' verifying keys, decompressed once and kept by device id, least recently
//! used dropped first (issue 12: decompressing the signer's key, a field square root, was
//! redone for every signature, and a push checks two signatures by one device; ADR 0016 item 7).
//! Split into shards, each behind its own mutex, so that requests on different threads rarely
//! wait for one lock.

use std::hash::{BuildHasher, RandomState};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use lru::LruCache;
use tsunagu_wire::{DeviceId, DeviceKey, WireError};

use crate::metrics::Metrics;

/// Shards: a power of two well above the cores a relay runs on.
const SHARDS: usize = 16;

type Shard = Mutex<LruCache<DeviceId, DeviceKey>>;

/// Decompressed keys of the devices that most recently signed something that verified.
pub(crate) struct KeyCache {
    shards: Box<[Shard]>,
    /// Picks a key's shard. Seeded at random per relay: a client cannot grind device keys that
    /// all land in one shard and so evict the others' keys faster.
    shard_of: RandomState,
    metrics: Arc<Metrics>,
}

impl KeyCache {
    /// A cache of about `capacity` keys (at least one per shard).
    pub(crate) fn new(capacity: usize, metrics: Arc<Metrics>) -> Self {
        let per_shard = NonZeroUsize::new(capacity.div_ceil(SHARDS)).unwrap_or(NonZeroUsize::MIN);
        Self {
            shards: (0..SHARDS)
                .map(|_| Mutex::new(LruCache::new(per_shard)))
                .collect(),
            shard_of: RandomState::new(),
            metrics,
        }
    }

    /// Runs `check` (a signature verification) with `device`'s key, decompressed only if it is
    /// not cached. The key is kept only when `check` passes, so that requests whose signature
    /// does not verify (anyone can send a random id) cannot push members' keys out.
    pub(crate) fn verify<T>(
        &self,
        device: &DeviceId,
        check: impl FnOnce(&DeviceKey) -> Result<T, WireError>,
    ) -> Result<T, WireError> {
        let shard = self.shard(device);
        let cached = lock(shard).get(device).copied();
        if let Some(key) = cached {
            self.metrics.key_cache_hits.inc();
            return check(&key);
        }
        self.metrics.key_cache_misses.inc();
        // Decompressed outside the lock: it is the costly part.
        let key = device.key()?;
        let checked = check(&key)?;
        lock(shard).put(*device, key);
        Ok(checked)
    }

    fn shard(&self, device: &DeviceId) -> &Shard {
        // The hash is uniform; its low bits choose the shard (truncating to usize is intended).
        let index = self.shard_of.hash_one(device) as usize % SHARDS;
        &self.shards[index]
    }

    /// Keys cached now (all shards).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.shards.iter().map(|s| lock(s).len()).sum()
    }
}

fn lock(shard: &Shard) -> MutexGuard<'_, LruCache<DeviceId, DeviceKey>> {
    // Every update leaves a shard consistent; a panic elsewhere cannot break it.
    shard.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use tsunagu_wire::DeviceIdentity;

    use super::*;

    fn cache(capacity: usize) -> (KeyCache, Arc<Metrics>) {
        let metrics = Arc::new(Metrics::new());
        (KeyCache::new(capacity, Arc::clone(&metrics)), metrics)
    }

    fn count(counter: &prometheus_client::metrics::counter::Counter) -> u64 {
        counter.get()
    }

    #[test]
    fn a_key_is_decompressed_once_and_a_bad_signature_still_fails_with_it_cached() {
        let (keys, metrics) = cache(64);
        let device = DeviceIdentity::generate().expect("rng");
        let id = device.id();
        let sig = device.sign(b"message");
        let verify =
            |message: &'static [u8], sig: [u8; 64]| keys.verify(&id, |key| key.verify(message, &sig, "test"));
        verify(b"message", sig).expect("valid");
        assert_eq!(
            (count(&metrics.key_cache_hits), count(&metrics.key_cache_misses)),
            (0, 1)
        );
        verify(b"message", sig).expect("valid again");
        assert_eq!(
            (count(&metrics.key_cache_hits), count(&metrics.key_cache_misses)),
            (1, 1)
        );
        // Cached key, tampered signature or message: refused.
        let mut tampered = sig;
        tampered[63] ^= 0x10;
        assert!(verify(b"message", tampered).is_err());
        assert!(verify(b"messagf", sig).is_err());
        assert_eq!(count(&metrics.key_cache_hits), 3);
    }

    #[test]
    fn only_keys_whose_check_passed_are_kept() {
        let (keys, _) = cache(64);
        for _ in 0..10 {
            let stranger = DeviceIdentity::generate().expect("rng").id();
            let refused = keys.verify(&stranger, |_| Err::<(), _>(WireError::BadSignature("test")));
            assert!(refused.is_err());
        }
        let mut not_a_point = [0u8; 32];
        not_a_point[0] = 2;
        assert!(keys.verify(&DeviceId(not_a_point), |_| Ok(())).is_err());
        assert_eq!(keys.len(), 0);
        let device = DeviceIdentity::generate().expect("rng").id();
        keys.verify(&device, |_| Ok(())).expect("passes");
        assert_eq!(keys.len(), 1);
    }

    #[test]
    fn the_cache_stays_bounded() {
        let (keys, _) = cache(32);
        for _ in 0..200 {
            let device = DeviceIdentity::generate().expect("rng").id();
            keys.verify(&device, |_| Ok(())).expect("passes");
        }
        // At most two keys per shard (32 over 16 shards).
        assert!(keys.len() <= 32, "{}", keys.len());
    }
}
