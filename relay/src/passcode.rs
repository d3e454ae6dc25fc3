//! Passcode hashes: salted Argon2id, stored as `argon2id$m=KiB,t=N,p=1$SALT$HASH` (base64url)
//! so the cost can rise later without breaking stored links. The relay keeps only this; the
//! passcode itself passes through memory once at creation and once per manifest request.

use argon2::{Algorithm, Argon2, Params, Version};
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

fn hash_with(passcode: &str, salt: &[u8], memory_kib: u32, iterations: u32) -> Option<[u8; 32]> {
    let params = Params::new(memory_kib, iterations, 1, Some(32)).ok()?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passcode.as_bytes(), salt, &mut out)
        .ok()?;
    Some(out)
}

/// Hashes `passcode` with a fresh random salt. `None` if randomness or the parameters fail.
pub fn hash(passcode: &str, cost: PasscodeCost) -> Option<String> {
    let salt = tsunagu_wire::crypto::random::<16>().ok()?;
    let out = hash_with(passcode, &salt, cost.memory_kib, cost.iterations)?;
    Some(format!(
        "argon2id$m={},t={},p=1${}${}",
        cost.memory_kib,
        cost.iterations,
        b64::encode(salt),
        b64::encode(out)
    ))
}

/// True when `passcode` matches `stored`. A stored value that does not parse never matches.
pub fn verify(passcode: &str, stored: &str) -> bool {
    let mut parts = stored.split('$');
    let (Some("argon2id"), Some(params), Some(salt), Some(expected), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    let mut m = None;
    let mut t = None;
    for kv in params.split(',') {
        match kv.split_once('=') {
            Some(("m", v)) => m = v.parse::<u32>().ok(),
            Some(("t", v)) => t = v.parse::<u32>().ok(),
            _ => {}
        }
    }
    let (Some(m), Some(t), Ok(salt), Ok(expected)) = (
        m,
        t,
        b64::decode(salt, "salt"),
        b64::decode_array::<32>(expected, "hash"),
    ) else {
        return false;
    };
    let Some(actual) = hash_with(passcode, &salt, m, t) else {
        return false;
    };
    // Constant time: no early exit on the first differing byte.
    actual
        .iter()
        .zip(expected.iter())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
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
            "argon2id$m=64,t=1,p=1$xx",
            "bcrypt$a$b$c",
            &a.replace("argon2id", "argon2i"),
        ] {
            assert!(!verify("1234", broken), "{broken}");
        }
        let default = hash("かぎ", PasscodeCost::default()).expect("hashes");
        assert!(default.starts_with("argon2id$m=19456,t=2,p=1$"));
        assert!(verify("かぎ", &default));
    }
}
