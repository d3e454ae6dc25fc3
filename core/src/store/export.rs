//! The profile export file (the family's backup of one child): a small framed container around
//! the automerge document, so random, truncated or foreign bytes are told apart before anything
//! is merged.
//!
//! Layout: `TSUNAGU` `0x01` (8 bytes) · id length (u16 BE) · id (UTF-8) · document length (u64 BE)
//! · automerge document · SHA-256 of everything before it (32 bytes).

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::model::collection::is_valid_id;

const MAGIC: &[u8; 8] = b"TSUNAGU\x01";

/// Frames a saved document as an export file.
pub(crate) fn encode(profile_id: &str, doc: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(doc.len() + profile_id.len() + 50);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(profile_id.len() as u16).to_be_bytes());
    out.extend_from_slice(profile_id.as_bytes());
    out.extend_from_slice(&(doc.len() as u64).to_be_bytes());
    out.extend_from_slice(doc);
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    out
}

/// Checks the frame and returns (profile id, document bytes).
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, &[u8])> {
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or(Error::NotAProfile("not a Tsunagu export file"))?;
    if bytes.len() < MAGIC.len() + 2 + 8 + 32 {
        return Err(Error::NotAProfile("file is truncated"));
    }
    let (body, digest) = bytes.split_at(bytes.len() - 32);
    if Sha256::digest(body).as_slice() != digest {
        return Err(Error::NotAProfile(
            "file is truncated or damaged (checksum mismatch)",
        ));
    }
    let id_len = u16::from_be_bytes([rest[0], rest[1]]) as usize;
    let rest = &rest[2..];
    let body_rest = rest
        .len()
        .checked_sub(32)
        .ok_or(Error::NotAProfile("file is truncated"))?;
    if id_len + 8 > body_rest {
        return Err(Error::NotAProfile("file is truncated"));
    }
    let id = std::str::from_utf8(&rest[..id_len]).map_err(|_| Error::NotAProfile("bad profile id"))?;
    if !is_valid_id(id) {
        return Err(Error::NotAProfile("bad profile id"));
    }
    let mut len = [0u8; 8];
    len.copy_from_slice(&rest[id_len..id_len + 8]);
    let doc_len = u64::from_be_bytes(len) as usize;
    let doc = &rest[id_len + 8..body_rest];
    if doc.len() != doc_len {
        return Err(Error::NotAProfile("file is truncated"));
    }
    Ok((id.to_owned(), doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_every_truncation_is_refused() {
        let file = encode("p-abc", b"document bytes");
        let (id, doc) = decode(&file).expect("decodes");
        assert_eq!((id.as_str(), doc), ("p-abc", b"document bytes".as_slice()));
        for len in 0..file.len() {
            assert!(decode(&file[..len]).is_err(), "truncated at {len} accepted");
        }
        let mut flipped = file.clone();
        flipped[20] ^= 1;
        assert!(decode(&flipped).is_err());
        assert!(decode(b"random garbage that is long enough to pass the length check....").is_err());
    }
}
