//! Passcode hashes: salted Argon2id as a standard PHC string
//! (`$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH`), made and checked by the `argon2` crate's
//! password-hash API, whose output comparison is constant-time (`subtle`). The relay keeps only
//! this; the passcode itself passes through memory once at creation and once per manifest request.
//!
//! Links created before the PHC format hold `argon2id$m=KiB,t=N,p=1$SALT$HASH` (base64url): they
//! are read into the same PHC structure and checked by the same verifier, so they keep working.
//!
//! Hashing costs 19 MiB and tens of milliseconds per call, and manifest requests are anonymous:
//! [`HashingLimit`] bounds how many run at once, relay-wide.

use std::sync::Arc;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{ARGON2ID_IDENT, Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tsunagu_wire::b64;

/// Argon2id cost: OWASP's second recommended setting (19 MiB, 2 passes, 1 lane).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasscodeCost {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
}

impl Default for PasscodeCost {
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
        }
    }
}

/// Largest memory cost a stored hash may ask for when verified (4× the default): a corrupted or
/// planted row cannot make one check cost gigabytes.
const MAX_VERIFY_MEMORY_KIB: u32 = 4 * 19 * 1024;

/// Largest pass count a stored hash may ask for when verified.
const MAX_VERIFY_ITERATIONS: u32 = 16;

/// Hashes `passcode` with a fresh random salt, as a PHC string. `None` if randomness or the
/// parameters fail.
pub fn hash(passcode: &str, cost: PasscodeCost) -> Option<String> {
    let salt = tsunagu_wire::crypto::random::<16>().ok()?;
    let params = Params::new(cost.memory_kib, cost.iterations, 1, Some(32)).ok()?;
    let hashed = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_with_salt(passcode.as_bytes(), &salt)
        .ok()?;
    Some(hashed.to_string())
}

/// True when `passcode` matches `stored` (a PHC string, or the pre-PHC format). A stored value
/// that does not parse, is not Argon2id, or asks for more than the verification caps never matches.
pub fn verify(passcode: &str, stored: &str) -> bool {
    let parsed = if stored.starts_with('$') {
        PasswordHash::new(stored).ok()
    } else {
        legacy(stored)
    };
    let Some(parsed) = parsed else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if parsed.algorithm != ARGON2ID_IDENT
        || params.m_cost() > MAX_VERIFY_MEMORY_KIB
        || params.t_cost() > MAX_VERIFY_ITERATIONS
        || params.p_cost() != 1
    {
        return false;
    }
    // The hash's own algorithm, version and parameters are used; the instance's are not.
    Argon2::default()
        .verify_password(passcode.as_bytes(), &parsed)
        .is_ok()
}

/// Reads the pre-PHC `argon2id$m=KiB,t=N,p=1$SALT$HASH` (base64url) into a [`PasswordHash`].
fn legacy(stored: &str) -> Option<PasswordHash> {
    let mut parts = stored.split('$');
    let (Some("argon2id"), Some(params), Some(salt), Some(expected), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let (mut m, mut t) = (None, None);
    for kv in params.split(',') {
        match kv.split_once('=') {
            Some(("m", v)) => m = v.parse::<u32>().ok(),
            Some(("t", v)) => t = v.parse::<u32>().ok(),
            Some(("p", "1")) => {}
            _ => return None,
        }
    }
    let params = Params::new(m?, t?, 1, Some(32)).ok()?;
    let salt = b64::decode(salt, "salt").ok()?;
    let expected = b64::decode_array::<32>(expected, "hash").ok()?;
    Some(PasswordHash {
        algorithm: ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).ok()?,
        salt: Some(Salt::new(&salt).ok()?),
        hash: Some(Output::new(&expected).ok()?),
    })
}

/// A relay-wide bound on passcode hashes computed at once. Beyond it a request is turned away
/// (503 with `Retry-After`) rather than queued: queued work would hold its memory and its
/// connection, which is what an attacker wants.
#[derive(Debug, Clone)]
pub struct HashingLimit {
    permits: Arc<Semaphore>,
}

impl HashingLimit {
    /// At most `n` hashes at once (at least one).
    pub fn new(n: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(n.max(1))),
        }
    }

    /// A permit if fewer than the limit are hashing now; dropping it frees the slot.
    pub fn try_start(&self) -> Option<OwnedSemaphorePermit> {
        Arc::clone(&self.permits).try_acquire_owned().ok()
    }

    /// Hashes or verifies on the blocking pool while holding a permit. `None` when the limit is
    /// reached (or the task failed).
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Option<Result<T, ()>> {
        let permit = self.try_start()?;
        let result = tokio::task::spawn_blocking(move || {
            let out = f();
            drop(permit);
            out
        })
        .await
        .map_err(|_| ());
        Some(result)
    }
}

/// The default number of concurrent hashes: the machine's parallelism.
pub fn default_hashing_limit() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: PasscodeCost = PasscodeCost {
        memory_kib: 64,
        iterations: 1,
    };

    #[test]
    fn a_hash_verifies_its_passcode_only_and_is_salted() {
        let a = hash("1234", CHEAP).expect("hashes");
        let b = hash("1234", CHEAP).expect("hashes");
        assert_ne!(a, b, "fresh salt each time");
        assert!(!a.contains("1234"));
        assert!(verify("1234", &a) && verify("1234", &b));
        assert!(!verify("1235", &a) && !verify("", &a));
        for broken in [
            "",
            "$argon2id$v=19$m=64,t=1,p=1$xx",
            "argon2id$m=64,t=1,p=1$xx",
            "bcrypt$a$b$c",
            &a.replace("argon2id", "argon2i"),
            &a.replace("argon2id", "argon2d"),
        ] {
            assert!(!verify("1234", broken), "{broken}");
        }
        let default = hash("かぎ", PasscodeCost::default()).expect("hashes");
        assert!(
            default.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{default}"
        );
        assert!(verify("かぎ", &default));
    }

    #[test]
    fn hashes_stored_before_the_phc_format_still_verify() {
        // Made by the previous hand-written format: salt [7; 16], passcode "1234", m=64, t=1.
        let salt = [7u8; 16];
        let mut out = [0u8; 32];
        let params = Params::new(64, 1, 1, Some(32)).expect("params");
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(b"1234", &salt, &mut out)
            .expect("hashes");
        let old = format!("argon2id$m=64,t=1,p=1${}${}", b64::encode(salt), b64::encode(out));
        assert!(verify("1234", &old));
        assert!(!verify("1235", &old));
        assert!(!verify("1234", &old.replace("p=1", "p=2")));
        assert!(!verify("1234", &old.replace("m=64", "m=65")));
    }

    #[test]
    fn stored_costs_above_the_caps_are_refused_without_hashing() {
        let huge = hash("1234", CHEAP)
            .expect("hashes")
            .replace("m=64,t=1", &format!("m={},t=1", MAX_VERIFY_MEMORY_KIB + 1));
        assert!(!verify("1234", &huge));
        let long = hash("1234", CHEAP)
            .expect("hashes")
            .replace("m=64,t=1", &format!("m=64,t={}", MAX_VERIFY_ITERATIONS + 1));
        assert!(!verify("1234", &long));
    }

    #[tokio::test]
    async fn the_hashing_limit_turns_away_beyond_its_permits() {
        let limit = HashingLimit::new(2);
        let a = limit.try_start().expect("first");
        let _b = limit.try_start().expect("second");
        assert!(limit.try_start().is_none(), "third refused while two run");
        assert!(limit.run(|| 1).await.is_none());
        drop(a);
        assert_eq!(limit.run(|| 1).await, Some(Ok(1)));
    }
}
