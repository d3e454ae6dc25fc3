//! The envelope: one automerge change (or snapshot) encrypted with the profile's epoch key and
//! signed by its author device. The relay verifies the signature without being able to read it.
//!
//! Binary layout (big-endian), 154 bytes of overhead around the change:
//!
//! ```text
//! version u8 (=1) · kind u8 · epoch u32 · author [32] · counter u64 · nonce [24]
//! · ciphertext length u32 · ciphertext (plaintext + 16-byte tag) · signature [64]
//! ```
//!
//! The kind byte is 0 (change) or 1 (snapshot), plus `0x80` when the plaintext was
//! raw-DEFLATE compressed before sealing (ADR 0018): [`Envelope::seal`] compresses whenever that
//! is smaller (a device's few offline edits shrink by ~30 %; one small change does not), and
//! opening inflates, bounded by [`MAX_PLAINTEXT_BYTES`]. A reader from before ADR 0018 refuses
//! such an envelope as a malformed kind: loudly, never merging it as something else.
//!
//! The associated data of the AEAD and the signed message both start with the profile id, so an
//! envelope cannot be replayed into another profile, epoch or author slot, and both cover the
//! kind byte, so nobody can flip the compression flag.

use chacha20poly1305::XNonce;
use chacha20poly1305::aead::{Aead, Payload};

use crate::crypto::{DeviceId, DeviceIdentity, DeviceKey, EpochKey, random};
use crate::error::{Result, WireError};

const VERSION: u8 = 1;
const HEADER_LEN: usize = 1 + 1 + 4 + 32 + 8 + 24;

/// The kind byte's flag for a DEFLATE-compressed plaintext (ADR 0018).
const DEFLATED: u8 = 0x80;

/// DEFLATE level: on the few hundred bytes of an edit, level 9 saves ~2 % over level 6 for
/// microseconds.
const DEFLATE_LEVEL: u8 = 9;

/// The largest plaintext a compressed envelope may inflate to: hundreds of times a real
/// profile's whole document (tens of KB), far below what a phone can hold. A member who seals
/// a decompression bomb gets an envelope that does not open, which the sync skips like any other
/// unreadable envelope.
pub const MAX_PLAINTEXT_BYTES: usize = 16 * 1024 * 1024;

/// What an envelope carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Incremental automerge changes.
    Change,
    /// A whole automerge document (compaction).
    Snapshot,
}

impl Kind {
    fn byte(self) -> u8 {
        match self {
            Kind::Change => 0,
            Kind::Snapshot => 1,
        }
    }
    fn from_byte(b: u8) -> Result<Self> {
        match b {
            0 => Ok(Kind::Change),
            1 => Ok(Kind::Snapshot),
            _ => Err(WireError::Malformed("envelope kind")),
        }
    }
}

/// A sealed, signed envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// Change or snapshot.
    pub kind: Kind,
    /// Key epoch used.
    pub epoch: u32,
    /// Author device.
    pub author: DeviceId,
    /// Per-device counter: (author, counter) is unique per profile.
    pub counter: u64,
    /// AEAD nonce, fresh and random.
    pub nonce: [u8; 24],
    /// The plaintext was raw-DEFLATE compressed before sealing; opening inflates it.
    pub deflated: bool,
    /// Ciphertext with tag.
    pub ciphertext: Vec<u8>,
    /// Author's Ed25519 signature.
    pub signature: [u8; 64],
}

/// An envelope whose signature was checked for one profile ([`Envelope::verified`]): only a
/// verified envelope is decrypted.
#[derive(Debug, Clone, Copy)]
pub struct Verified<'a> {
    envelope: &'a Envelope,
    profile_id: &'a str,
}

impl Verified<'_> {
    /// The envelope.
    pub fn envelope(&self) -> &Envelope {
        self.envelope
    }

    /// Decrypts with `key` (the signature was checked when this was made), and inflates what
    /// was compressed.
    pub fn open(&self, key: &EpochKey) -> Result<Vec<u8>> {
        let env = self.envelope;
        let head = env.header();
        let plaintext = key
            .cipher()
            .decrypt(
                &XNonce::from(env.nonce),
                Payload {
                    msg: &env.ciphertext,
                    aad: &aad(self.profile_id, &head),
                },
            )
            .map_err(|_| WireError::Decrypt("envelope"))?;
        if !env.deflated {
            return Ok(plaintext);
        }
        miniz_oxide::inflate::decompress_to_vec_with_limit(&plaintext, MAX_PLAINTEXT_BYTES)
            .map_err(|_| WireError::Malformed("compressed envelope"))
    }
}

fn header(
    kind: Kind,
    deflated: bool,
    epoch: u32,
    author: &DeviceId,
    counter: u64,
    nonce: &[u8; 24],
) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[0] = VERSION;
    h[1] = kind.byte() | if deflated { DEFLATED } else { 0 };
    h[2..6].copy_from_slice(&epoch.to_be_bytes());
    h[6..38].copy_from_slice(&author.0);
    h[38..46].copy_from_slice(&counter.to_be_bytes());
    h[46..70].copy_from_slice(nonce);
    h
}

fn aad(profile_id: &str, header: &[u8]) -> Vec<u8> {
    aad_with_room(profile_id, header, 0)
}

/// The associated data with `room` more bytes of capacity (the signed message appends the
/// ciphertext to it: one allocation instead of two).
fn aad_with_room(profile_id: &str, header: &[u8], room: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(21 + profile_id.len() + header.len() + room);
    v.extend_from_slice(b"tsunagu-envelope-v1\0");
    v.push(profile_id.len() as u8);
    v.extend_from_slice(profile_id.as_bytes());
    v.extend_from_slice(header);
    v
}

impl Envelope {
    /// Encrypts `plaintext` for `profile_id` under `key` (epoch `epoch`) and signs it.
    pub fn seal(
        kind: Kind,
        profile_id: &str,
        epoch: u32,
        key: &EpochKey,
        author: &DeviceIdentity,
        counter: u64,
        plaintext: &[u8],
    ) -> Result<Self> {
        Self::seal_with_nonce(
            kind,
            profile_id,
            epoch,
            key,
            author,
            counter,
            plaintext,
            random::<24>()?,
        )
    }

    /// [`Envelope::seal`] with a given nonce: only for fixed inputs in the golden-file tests (a
    /// nonce must never be reused under one key).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn seal_with_nonce(
        kind: Kind,
        profile_id: &str,
        epoch: u32,
        key: &EpochKey,
        author: &DeviceIdentity,
        counter: u64,
        plaintext: &[u8],
        nonce: [u8; 24],
    ) -> Result<Self> {
        let author_id = author.id();
        // Never compressed beyond what a reader inflates (such a plaintext is sealed as it is,
        // and is far beyond the relay's body limit either way).
        let compressed = if plaintext.len() <= MAX_PLAINTEXT_BYTES {
            miniz_oxide::deflate::compress_to_vec(plaintext, DEFLATE_LEVEL)
        } else {
            Vec::new()
        };
        let deflated = !compressed.is_empty() && compressed.len() < plaintext.len();
        let head = header(kind, deflated, epoch, &author_id, counter, &nonce);
        let ad = aad(profile_id, &head);
        let ciphertext = key
            .cipher()
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: if deflated { &compressed } else { plaintext },
                    aad: &ad,
                },
            )
            .map_err(|_| WireError::Decrypt("envelope"))?;
        let mut env = Envelope {
            kind,
            epoch,
            author: author_id,
            counter,
            nonce,
            deflated,
            ciphertext,
            signature: [0; 64],
        };
        env.signature = author.sign(&env.signed_message(profile_id));
        Ok(env)
    }

    /// The fixed-size header, as encoded and as covered by the AEAD and the signature.
    fn header(&self) -> [u8; HEADER_LEN] {
        header(
            self.kind,
            self.deflated,
            self.epoch,
            &self.author,
            self.counter,
            &self.nonce,
        )
    }

    fn signed_message(&self, profile_id: &str) -> Vec<u8> {
        let head = self.header();
        let mut m = aad_with_room(profile_id, &head, 4 + self.ciphertext.len());
        m.extend_from_slice(&(self.ciphertext.len() as u32).to_be_bytes());
        m.extend_from_slice(&self.ciphertext);
        m
    }

    /// Checks the author's signature for `profile_id` (what the relay can check).
    pub fn verify(&self, profile_id: &str) -> Result<()> {
        self.verify_with(&self.author.key()?, profile_id)
    }

    /// [`Envelope::verify`] with the author's key already decompressed (the relay caches them).
    /// A key of another device is refused, whatever the signature.
    pub fn verify_with(&self, author: &DeviceKey, profile_id: &str) -> Result<()> {
        if !author.is_of(&self.author) {
            return Err(WireError::BadSignature("envelope"));
        }
        author.verify(&self.signed_message(profile_id), &self.signature, "envelope")
    }

    /// Checks the author's signature for `profile_id` once and returns the envelope as
    /// verified, to be opened without checking again (a client checks the signature before the
    /// author's role and the key, then opens: checking twice was 12 % of a one-edit sync's
    /// instructions, docs/benchmarks.md "2026-12-07, h12-client").
    pub fn verified<'a>(&'a self, profile_id: &'a str) -> Result<Verified<'a>> {
        self.verify(profile_id)?;
        Ok(Verified {
            envelope: self,
            profile_id,
        })
    }

    /// Verifies the signature, then decrypts with `key`.
    pub fn open(&self, profile_id: &str, key: &EpochKey) -> Result<Vec<u8>> {
        self.verified(profile_id)?.open(key)
    }

    /// The binary form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        out.extend_from_slice(&self.header());
        out.extend_from_slice(&(self.ciphertext.len() as u32).to_be_bytes());
        out.extend_from_slice(&self.ciphertext);
        out.extend_from_slice(&self.signature);
        out
    }

    /// Length of [`Envelope::to_bytes`].
    pub fn encoded_len(&self) -> usize {
        HEADER_LEN + 4 + self.ciphertext.len() + 64
    }

    /// The author of a stored envelope's bytes, read from the header without parsing the rest
    /// (the relay uses it to leave a device's own envelopes out of its pulls). `None` for bytes
    /// too short or of another version.
    pub fn author_of(bytes: &[u8]) -> Option<DeviceId> {
        if bytes.len() < HEADER_LEN || bytes[0] != VERSION {
            return None;
        }
        bytes[6..38].try_into().ok().map(DeviceId)
    }

    /// Parses the binary form; refuses anything truncated, padded or of another version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        if bytes.len() < HEADER_LEN + 4 + 64 {
            return Err(WireError::Malformed("envelope"));
        }
        if bytes[0] != VERSION {
            return Err(WireError::Version("envelope"));
        }
        let kind = Kind::from_byte(bytes[1] & !DEFLATED)?;
        let deflated = bytes[1] & DEFLATED != 0;
        let epoch = u32::from_be_bytes(
            bytes[2..6]
                .try_into()
                .map_err(|_| WireError::Malformed("envelope"))?,
        );
        let author = DeviceId(
            bytes[6..38]
                .try_into()
                .map_err(|_| WireError::Malformed("envelope"))?,
        );
        let counter = u64::from_be_bytes(
            bytes[38..46]
                .try_into()
                .map_err(|_| WireError::Malformed("envelope"))?,
        );
        let nonce: [u8; 24] = bytes[46..70]
            .try_into()
            .map_err(|_| WireError::Malformed("envelope"))?;
        let len = u32::from_be_bytes(
            bytes[70..74]
                .try_into()
                .map_err(|_| WireError::Malformed("envelope"))?,
        ) as usize;
        if bytes.len() != HEADER_LEN + 4 + len + 64 {
            return Err(WireError::Malformed("envelope"));
        }
        let ciphertext = bytes[74..74 + len].to_vec();
        let signature: [u8; 64] = bytes[74 + len..]
            .try_into()
            .map_err(|_| WireError::Malformed("envelope"))?;
        Ok(Envelope {
            kind,
            epoch,
            author,
            counter,
            nonce,
            deflated,
            ciphertext,
            signature,
        })
    }
}

/// Frames `(sequence number, envelope)` pairs for a pull response:
/// `count u32 · (seq u64 · length u32 · envelope)*`.
pub fn encode_batch(items: &[(u64, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + items.iter().map(|(_, e)| 12 + e.len()).sum::<usize>());
    out.extend_from_slice(&(items.len() as u32).to_be_bytes());
    for (seq, env) in items {
        out.extend_from_slice(&seq.to_be_bytes());
        out.extend_from_slice(&(env.len() as u32).to_be_bytes());
        out.extend_from_slice(env);
    }
    out
}

/// Parses [`encode_batch`]; every length must add up exactly.
pub fn decode_batch(bytes: &[u8]) -> Result<Vec<(u64, Vec<u8>)>> {
    let bad = || WireError::Malformed("batch");
    let count = u32::from_be_bytes(bytes.get(..4).ok_or_else(bad)?.try_into().map_err(|_| bad())?) as usize;
    let mut rest = &bytes[4..];
    let mut out = Vec::with_capacity(count.min(4096));
    for _ in 0..count {
        let seq = u64::from_be_bytes(rest.get(..8).ok_or_else(bad)?.try_into().map_err(|_| bad())?);
        let len =
            u32::from_be_bytes(rest.get(8..12).ok_or_else(bad)?.try_into().map_err(|_| bad())?) as usize;
        let env = rest.get(12..12 + len).ok_or_else(bad)?;
        out.push((seq, env.to_vec()));
        rest = &rest[12 + len..];
    }
    if !rest.is_empty() {
        return Err(bad());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (DeviceIdentity, EpochKey) {
        (
            DeviceIdentity::generate().expect("rng"),
            EpochKey::generate().expect("rng"),
        )
    }

    /// Bytes DEFLATE cannot shrink (as a snapshot's already compressed columns).
    fn incompressible(len: usize) -> Vec<u8> {
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8
            })
            .collect()
    }

    #[test]
    fn round_trip_and_overhead() {
        let (dev, key) = setup();
        let change = incompressible(158);
        let env = Envelope::seal(Kind::Change, "p-abc", 1, &key, &dev, 42, &change).expect("seal");
        assert!(!env.deflated, "what does not shrink is sealed as it is");
        let bytes = env.to_bytes();
        assert_eq!(bytes.len(), change.len() + 154);
        assert_eq!(bytes[1], 0);
        let parsed = Envelope::from_bytes(&bytes).expect("parse");
        assert_eq!(parsed, env);
        assert_eq!(parsed.open("p-abc", &key).expect("open"), change);
    }

    #[test]
    fn what_shrinks_is_sealed_compressed_and_opens_whole() {
        let (dev, key) = setup();
        let mut changes = Vec::new();
        for i in 0..3 {
            changes.extend_from_slice(&[0x85, 0x6f, 0x4a, 0x83]);
            changes.extend_from_slice(&incompressible(40));
            changes.extend_from_slice(
                format!(r#"{{"v":1,"by":"編集者 {i}","ops":[{{"op":"set","path":"evacuation.route"}}]}}"#)
                    .as_bytes(),
            );
        }
        for kind in [Kind::Change, Kind::Snapshot] {
            let env = Envelope::seal(kind, "p-abc", 1, &key, &dev, 7, &changes).expect("seal");
            assert!(env.deflated);
            let bytes = env.to_bytes();
            assert_eq!(bytes[1], kind.byte() | DEFLATED);
            assert!(bytes.len() < changes.len() + 154 - 40, "{} B", bytes.len());
            let parsed = Envelope::from_bytes(&bytes).expect("parse");
            assert_eq!((parsed.kind, parsed.deflated), (kind, true));
            parsed.verify("p-abc").expect("the relay's check");
            assert_eq!(parsed.open("p-abc", &key).expect("open"), changes);
            // The flag is signed and authenticated: cleared, the envelope is refused.
            let mut cleared = bytes.clone();
            cleared[1] &= !DEFLATED;
            let cleared = Envelope::from_bytes(&cleared).expect("parses");
            assert!(cleared.verify("p-abc").is_err());
        }
        // Another kind, flagged or not, is refused.
        let mut other = Envelope::seal(Kind::Change, "p-abc", 1, &key, &dev, 8, &changes)
            .expect("seal")
            .to_bytes();
        for byte in [2, 2 | DEFLATED, 0x40, 0x40 | DEFLATED] {
            other[1] = byte;
            assert!(Envelope::from_bytes(&other).is_err(), "kind byte {byte:#x}");
        }
    }

    /// A member's decompression bomb (or a broken stream), sealed and signed properly, does not
    /// open: the plaintext limit holds before memory runs out.
    #[test]
    fn a_compressed_bomb_or_broken_stream_does_not_open() {
        let (dev, key) = setup();
        let identity = &dev;
        let seal_raw_deflate = |deflate: &[u8]| {
            let nonce = random::<24>().expect("rng");
            let head = header(Kind::Change, true, 1, &identity.id(), 1, &nonce);
            let ciphertext = key
                .cipher()
                .encrypt(
                    &XNonce::from(nonce),
                    Payload {
                        msg: deflate,
                        aad: &aad("p-abc", &head),
                    },
                )
                .expect("encrypts");
            let mut env = Envelope {
                kind: Kind::Change,
                epoch: 1,
                author: identity.id(),
                counter: 1,
                nonce,
                deflated: true,
                ciphertext,
                signature: [0; 64],
            };
            env.signature = identity.sign(&env.signed_message("p-abc"));
            env
        };
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; MAX_PLAINTEXT_BYTES + 1], 9);
        assert!(bomb.len() < 64 * 1024, "a small bomb: {} B", bomb.len());
        let env = seal_raw_deflate(&bomb);
        env.verify("p-abc").expect("properly signed");
        assert_eq!(
            env.open("p-abc", &key),
            Err(WireError::Malformed("compressed envelope"))
        );
        let whole = miniz_oxide::deflate::compress_to_vec(&[1u8; 4096], 9);
        assert_eq!(
            seal_raw_deflate(&whole).open("p-abc", &key).expect("opens"),
            vec![1u8; 4096]
        );
        let broken = seal_raw_deflate(&whole[..whole.len() / 2]);
        assert!(broken.open("p-abc", &key).is_err());

        // What a reader would refuse to inflate is never sealed compressed.
        let large = vec![0u8; MAX_PLAINTEXT_BYTES + 1];
        let env = Envelope::seal(Kind::Snapshot, "p-abc", 1, &key, &dev, 2, &large).expect("seal");
        assert!(!env.deflated);
        assert_eq!(env.open("p-abc", &key).expect("opens").len(), large.len());
    }

    #[test]
    fn tampering_truncation_and_misuse_are_refused() {
        let (dev, key) = setup();
        let env = Envelope::seal(Kind::Change, "p-abc", 1, &key, &dev, 1, b"change").expect("seal");
        let bytes = env.to_bytes();
        for len in 0..bytes.len() {
            assert!(Envelope::from_bytes(&bytes[..len]).is_err(), "truncated at {len}");
        }
        for i in 0..bytes.len() {
            let mut t = bytes.clone();
            t[i] ^= 0x01;
            let ok = Envelope::from_bytes(&t).and_then(|e| e.open("p-abc", &key));
            assert!(ok.is_err(), "flip at byte {i} accepted");
            // The signature alone refuses it: a verified envelope is opened without checking again.
            let verified = Envelope::from_bytes(&t).and_then(|e| e.verified("p-abc").map(|_| ()));
            assert!(verified.is_err(), "flip at byte {i} verified");
        }
        assert!(
            env.open("p-other", &key).is_err(),
            "replayed into another profile"
        );
        assert!(
            env.open("p-abc", &EpochKey::generate().expect("rng")).is_err(),
            "wrong key"
        );
        env.verify("p-abc")
            .expect("relay-side check passes without the key");
        let verified = env.verified("p-abc").expect("verifies");
        assert_eq!(verified.envelope(), &env);
        assert_eq!(verified.open(&key).expect("opens"), b"change");
        assert!(
            verified.open(&EpochKey::generate().expect("rng")).is_err(),
            "wrong key"
        );
    }

    #[test]
    fn a_decompressed_key_checks_exactly_as_the_author_id_does() {
        let (dev, key) = setup();
        let env = Envelope::seal(Kind::Change, "p-abc", 1, &key, &dev, 1, b"change").expect("seal");
        let author = dev.id().key().expect("key");
        env.verify_with(&author, "p-abc").expect("valid");
        assert!(env.verify_with(&author, "p-other").is_err(), "another profile");
        let bytes = env.to_bytes();
        for i in 0..bytes.len() {
            let mut t = bytes.clone();
            t[i] ^= 0x01;
            if let Ok(e) = Envelope::from_bytes(&t) {
                assert!(
                    e.verify_with(&author, "p-abc").is_err(),
                    "flip at byte {i} accepted"
                );
            }
        }
        // Another device's key is refused even over its own valid signature: the key must be
        // the author's.
        let other = DeviceIdentity::generate().expect("rng");
        let theirs = Envelope::seal(Kind::Change, "p-abc", 1, &key, &other, 1, b"change").expect("seal");
        let mut claimed = theirs.clone();
        claimed.author = dev.id();
        let other_key = other.id().key().expect("key");
        assert!(claimed.verify_with(&other_key, "p-abc").is_err());
        assert!(env.verify_with(&other_key, "p-abc").is_err());
        theirs.verify_with(&other_key, "p-abc").expect("their own");
    }

    #[test]
    fn batches_frame_exactly() {
        let items = vec![(1, vec![1, 2, 3]), (5, vec![]), (9, vec![9; 300])];
        let b = encode_batch(&items);
        assert_eq!(decode_batch(&b).expect("decode"), items);
        for len in 0..b.len() {
            assert!(decode_batch(&b[..len]).is_err());
        }
        let mut padded = b.clone();
        padded.push(0);
        assert!(decode_batch(&padded).is_err());
    }
}
