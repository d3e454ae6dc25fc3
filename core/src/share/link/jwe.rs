//! The link's encrypted file: compact JWE with `alg` `dir` (the link key is the content key),
//! `enc` `A256GCM`, a fresh random 96-bit IV for every encryption (the same key encrypts every
//! version of the file), `cty` naming the plaintext's type; `zip` `DEF` (raw DEFLATE before
//! encryption) is read but not written ([`COMPRESS_FILES`]). The protected header, base64url, is the AEAD's associated data.

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use tsunagu_wire::b64;
use tsunagu_wire::share_link::{CompactJwe, JweHeader};

use super::{LinkError, LinkKey};

/// Whether the files Tsunagu writes are raw-DEFLATE compressed (`zip` `DEF`): no. RFC 7516
/// allows `zip`, but jose 5 and 6 (the JavaScript library most SMART Health Link viewers use)
/// refuse to open a JWE that has it; a card or an IPS is tens of KB, so compression saves
/// little. Files with `zip` `DEF` still open here.
pub const COMPRESS_FILES: bool = false;

/// Largest plaintext accepted after decompression (a card is tens of KB; this stops a
/// decompression bomb long before memory runs out).
pub const MAX_PLAINTEXT_BYTES: usize = 8 * 1024 * 1024;

/// A decrypted file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decrypted {
    /// The `cty` of the protected header.
    pub content_type: Option<String>,
    /// The plaintext, decompressed when `zip` was `DEF`.
    pub plaintext: Vec<u8>,
}

/// Encrypts `plaintext` of `content_type` under `key`, raw-DEFLATE compressing it first when
/// `compress` is set. Every call draws a new IV. An empty plaintext is refused.
pub fn encrypt(
    key: &LinkKey,
    content_type: &str,
    plaintext: &[u8],
    compress: bool,
) -> Result<String, LinkError> {
    if plaintext.len() > MAX_PLAINTEXT_BYTES {
        return Err(LinkError::TooLarge);
    }
    // An empty plaintext would give an empty ciphertext part, which `CompactJwe::parse` (and so
    // `decrypt`) refuses: refuse it here rather than seal a file no one can open (found by the
    // `jwe` fuzz target).
    if plaintext.is_empty() {
        return Err(LinkError::Malformed("empty file"));
    }
    let header = JweHeader {
        alg: "dir".into(),
        enc: "A256GCM".into(),
        cty: Some(content_type.to_owned()),
        zip: compress.then(|| "DEF".to_owned()),
    };
    let protected = b64::encode(serde_json::to_vec(&header).map_err(|_| LinkError::Malformed("JWE header"))?);
    let compressed;
    let msg = if compress {
        compressed = miniz_oxide::deflate::compress_to_vec(plaintext, 9);
        compressed.as_slice()
    } else {
        plaintext
    };
    let iv = tsunagu_wire::crypto::random::<12>().map_err(|_| LinkError::Random)?;
    let sealed = Aes256Gcm::new(&key.0.into())
        .encrypt(
            &iv.into(),
            Payload {
                msg,
                aad: protected.as_bytes(),
            },
        )
        .map_err(|_| LinkError::TooLarge)?;
    // aes-gcm appends the 16-byte tag to the ciphertext.
    let (ciphertext, tag) = sealed.split_at(sealed.len() - 16);
    Ok(format!(
        "{protected}..{}.{}.{}",
        b64::encode(iv),
        b64::encode(ciphertext),
        b64::encode(tag)
    ))
}

/// Decrypts a compact JWE with `key`. A wrong key or any changed byte (header, IV, ciphertext,
/// tag) is [`LinkError::Decrypt`].
pub fn decrypt(key: &LinkKey, jwe: &str) -> Result<Decrypted, LinkError> {
    let parts = CompactJwe::parse(jwe.trim()).map_err(|e| match e {
        tsunagu_wire::WireError::Version(what) => LinkError::Unsupported(what),
        _ => LinkError::Malformed("JWE"),
    })?;
    let decode = |s: &str| b64::decode(s, "JWE").map_err(|_| LinkError::Malformed("JWE"));
    let iv: [u8; 12] = decode(parts.iv)?
        .try_into()
        .map_err(|_| LinkError::Malformed("JWE IV"))?;
    let mut sealed = decode(parts.ciphertext)?;
    sealed.extend_from_slice(&decode(parts.tag)?);
    let opened = Aes256Gcm::new(&key.0.into())
        .decrypt(
            &iv.into(),
            Payload {
                msg: &sealed,
                aad: parts.protected.as_bytes(),
            },
        )
        .map_err(|_| LinkError::Decrypt)?;
    let plaintext = if parts.header.zip.is_some() {
        miniz_oxide::inflate::decompress_to_vec_with_limit(&opened, MAX_PLAINTEXT_BYTES)
            .map_err(|_| LinkError::TooLarge)?
    } else {
        opened
    };
    Ok(Decrypted {
        content_type: parts.header.cty,
        plaintext,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC_KEY: &str = "rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q";

    #[test]
    fn decrypts_the_spec_example_with_its_published_key() {
        // "Example Encryption" of the HL7 SMART Health Cards and Links IG (links-specification).
        let jwe = include_str!("testdata/spec-example.jwe");
        let key = LinkKey::from_text(SPEC_KEY).expect("key");
        let file = decrypt(&key, jwe).expect("decrypts");
        assert_eq!(
            file.content_type.as_deref(),
            Some("application/smart-health-card")
        );
        let json: serde_json::Value = serde_json::from_slice(&file.plaintext).expect("JSON");
        let vc = json["verifiableCredential"][0].as_str().expect("a JWS string");
        assert!(vc.starts_with("eyJ6aXAiOiJERUYiLCJhbGciOiJFUzI1NiIsImtpZCI6IjNLZmRnLVh3UC03Z1h5eXd0VWZVQUR3QnVtRE9QS01ReC1pRUxMMTFX"));
        // Any other key fails.
        let mut other = key.clone();
        other.0[0] ^= 1;
        assert_eq!(decrypt(&other, jwe), Err(LinkError::Decrypt));
    }

    #[test]
    fn round_trips_with_and_without_deflate_and_a_fresh_iv_each_time() {
        let key = LinkKey::generate().expect("random");
        let text = "<p>吸引は 8Fr、10 分ごと</p>".repeat(50);
        for compress in [false, true] {
            let a = encrypt(&key, "application/fhir+json", text.as_bytes(), compress).expect("enc");
            let b = encrypt(&key, "application/fhir+json", text.as_bytes(), compress).expect("enc");
            let iv = |s: &str| s.split('.').nth(2).map(str::to_owned);
            assert_ne!(iv(&a), iv(&b), "every encryption draws a new IV");
            let out = decrypt(&key, &a).expect("dec");
            assert_eq!(out.plaintext, text.as_bytes());
            assert_eq!(out.content_type.as_deref(), Some("application/fhir+json"));
            let header = CompactJwe::parse(&a).expect("parses").header;
            assert_eq!(header.zip.is_some(), compress);
        }
        let small = encrypt(&key, "application/fhir+json", text.as_bytes(), true).expect("enc");
        let big = encrypt(&key, "application/fhir+json", text.as_bytes(), false).expect("enc");
        assert!(small.len() < big.len() / 3, "DEF compresses repetitive text");
    }

    #[test]
    fn every_file_it_seals_opens_and_an_empty_one_is_refused() {
        // The `jwe` fuzz target's first crash: an empty plaintext sealed to a JWE with an empty
        // ciphertext part, which decrypt refuses as malformed. One byte is the smallest file.
        let key = LinkKey::generate().expect("random");
        for compress in [false, true] {
            assert_eq!(
                encrypt(&key, "application/fhir+json", b"", compress),
                Err(LinkError::Malformed("empty file"))
            );
            let one = encrypt(&key, "application/fhir+json", b"x", compress).expect("enc");
            assert_eq!(decrypt(&key, &one).expect("dec").plaintext, b"x");
        }
    }

    #[test]
    fn tampering_anywhere_is_refused() {
        let key = LinkKey::generate().expect("random");
        let jwe = encrypt(
            &key,
            "application/fhir+json",
            b"{\"resourceType\":\"Bundle\"}",
            true,
        )
        .expect("enc");
        let parts: Vec<&str> = jwe.split('.').collect();
        // Swap the header for one without zip (same alg/enc): the AAD changes, the tag fails.
        let other_header = b64::encode(br#"{"alg":"dir","enc":"A256GCM","cty":"application/fhir+json"}"#);
        let swapped = format!("{other_header}..{}.{}.{}", parts[2], parts[3], parts[4]);
        assert_eq!(decrypt(&key, &swapped), Err(LinkError::Decrypt));
        for i in [2, 3, 4] {
            let mut p: Vec<String> = parts.iter().map(|s| (*s).to_owned()).collect();
            let mut bytes = b64::decode(&p[i], "x").expect("b64");
            bytes[0] ^= 0x80;
            p[i] = b64::encode(bytes);
            assert_eq!(decrypt(&key, &p.join(".")), Err(LinkError::Decrypt), "part {i}");
        }
        assert!(matches!(decrypt(&key, "a.b.c"), Err(LinkError::Malformed(_))));
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        let key = LinkKey::generate().expect("random");
        // Compress more than the limit of zeros, then encrypt that as a DEF payload by hand.
        let zeros = vec![0u8; MAX_PLAINTEXT_BYTES + 1];
        let bomb = miniz_oxide::deflate::compress_to_vec(&zeros, 9);
        let protected = b64::encode(br#"{"alg":"dir","enc":"A256GCM","zip":"DEF"}"#);
        let iv = [1u8; 12];
        let sealed = Aes256Gcm::new(&key.0.into())
            .encrypt(
                &iv.into(),
                Payload {
                    msg: &bomb,
                    aad: protected.as_bytes(),
                },
            )
            .expect("enc");
        let (ct, tag) = sealed.split_at(sealed.len() - 16);
        let jwe = format!(
            "{protected}..{}.{}.{}",
            b64::encode(iv),
            b64::encode(ct),
            b64::encode(tag)
        );
        assert_eq!(decrypt(&key, &jwe), Err(LinkError::TooLarge));
    }
}
