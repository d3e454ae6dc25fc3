//! Keys: each device's identity (Ed25519 to sign, X25519 to receive sealed keys) and each
//! profile's symmetric key per epoch (XChaCha20-Poly1305). Plus the sealed box used to hand an
//! epoch key to one device.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::b64;
use crate::error::{Result, WireError};

/// Fills `N` bytes from the operating system's random source.
pub fn random<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|_| WireError::Random)?;
    Ok(out)
}

/// A device's public identity: its Ed25519 verifying key (which is also its id) and its X25519
/// public key for sealed keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DevicePublic {
    /// Ed25519 verifying key, base64url.
    #[serde(with = "key32")]
    pub sign: [u8; 32],
    /// X25519 public key, base64url.
    #[serde(with = "key32")]
    pub agree: [u8; 32],
}

/// A device id: its Ed25519 verifying key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeviceId(#[serde(with = "key32")] pub [u8; 32]);

impl DeviceId {
    /// Base64url text form (43 characters).
    pub fn to_text(&self) -> String {
        b64::encode(self.0)
    }

    /// Parses the text form.
    pub fn from_text(text: &str) -> Result<Self> {
        b64::decode_array(text, "device id").map(Self)
    }

    /// Verifies `signature` over `message` by this device (strict Ed25519). Decompresses the key
    /// each time: a caller verifying many signatures by one device keeps its [`DeviceId::key`].
    pub fn verify(&self, message: &[u8], signature: &[u8; 64], what: &'static str) -> Result<()> {
        self.key()?.verify(message, signature, what)
    }

    /// The device's verifying key, decompressed (a square root in the field: a sizeable part of
    /// what one verification costs). Fails for bytes that are not a curve point.
    pub fn key(&self) -> Result<DeviceKey> {
        VerifyingKey::from_bytes(&self.0)
            .map(DeviceKey)
            .map_err(|_| WireError::InvalidKey("device key"))
    }
}

/// A device's Ed25519 verifying key, decompressed once ([`DeviceId::key`]) so that verifying
/// another signature by the same device does not decompress it again (the relay keeps these in
/// a cache by device id). It is a pure function of the id: holding one proves nothing about any
/// signature.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct DeviceKey(VerifyingKey);

impl DeviceKey {
    /// The device this key belongs to.
    pub fn id(&self) -> DeviceId {
        DeviceId(self.0.to_bytes())
    }

    /// True when this is `device`'s key.
    pub fn is_of(&self, device: &DeviceId) -> bool {
        self.0.as_bytes() == &device.0
    }

    /// Verifies `signature` over `message` by this device (strict Ed25519, as
    /// [`DeviceId::verify`]).
    pub fn verify(&self, message: &[u8], signature: &[u8; 64], what: &'static str) -> Result<()> {
        self.0
            .verify_strict(message, &Signature::from_bytes(signature))
            .map_err(|_| WireError::BadSignature(what))
    }
}

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeviceKey({})", self.id())
    }
}

impl std::fmt::Display for DeviceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl DevicePublic {
    /// The device id (its signing key).
    pub fn id(&self) -> DeviceId {
        DeviceId(self.sign)
    }
}

/// A device's secret keys. Never leaves the device; zeroed on drop. The public half and the
/// expanded signing key are derived once, when the identity is made or loaded: signing a request
/// or asking for the id costs no scalar multiplication.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct DeviceIdentity {
    sign: [u8; 32],
    agree: [u8; 32],
    /// `sign` expanded (zeroes itself on drop).
    #[zeroize(skip)]
    signing: SigningKey,
    /// Derived from the two secrets; public.
    #[zeroize(skip)]
    public: DevicePublic,
}

impl std::fmt::Debug for DeviceIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeviceIdentity({})", self.public().id())
    }
}

impl DeviceIdentity {
    /// A fresh identity from the OS random source.
    pub fn generate() -> Result<Self> {
        Ok(Self::from_parts(random()?, random()?))
    }

    /// Derives the public half and the signing key once.
    fn from_parts(sign: [u8; 32], agree: [u8; 32]) -> Self {
        let signing = SigningKey::from_bytes(&sign);
        let public = DevicePublic {
            sign: signing.verifying_key().to_bytes(),
            agree: x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(agree)).to_bytes(),
        };
        Self {
            sign,
            agree,
            signing,
            public,
        }
    }

    /// Restores an identity from [`DeviceIdentity::to_secret_bytes`].
    pub fn from_secret_bytes(bytes: &[u8]) -> Result<Self> {
        let bytes: &[u8; 64] = bytes
            .try_into()
            .map_err(|_| WireError::InvalidKey("device secret"))?;
        let mut sign = [0u8; 32];
        let mut agree = [0u8; 32];
        sign.copy_from_slice(&bytes[..32]);
        agree.copy_from_slice(&bytes[32..]);
        let identity = Self::from_parts(sign, agree);
        sign.zeroize();
        agree.zeroize();
        Ok(identity)
    }

    /// The 64 secret bytes, for the device's own key storage.
    pub fn to_secret_bytes(&self) -> zeroize::Zeroizing<Vec<u8>> {
        let mut v = Vec::with_capacity(64);
        v.extend_from_slice(&self.sign);
        v.extend_from_slice(&self.agree);
        zeroize::Zeroizing::new(v)
    }

    /// The public half.
    pub fn public(&self) -> DevicePublic {
        self.public
    }

    /// The device id.
    pub fn id(&self) -> DeviceId {
        self.public().id()
    }

    /// Signs `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    /// Opens a [`SealedKey`] addressed to this device.
    pub fn open_sealed(&self, sealed: &SealedKey, context: &[u8]) -> Result<EpochKey> {
        let secret = x25519_dalek::StaticSecret::from(self.agree);
        let shared = secret.diffie_hellman(&x25519_dalek::PublicKey::from(sealed.ephemeral));
        let key = seal_key(
            shared.as_bytes(),
            &sealed.ephemeral,
            &self.public().agree,
            context,
        )?;
        let cipher = XChaCha20Poly1305::new(&key.into());
        let plain = cipher
            .decrypt(
                &XNonce::from(sealed.nonce),
                Payload {
                    msg: &sealed.ciphertext,
                    aad: context,
                },
            )
            .map_err(|_| WireError::Decrypt("sealed key"))?;
        let bytes: [u8; 32] = plain.try_into().map_err(|_| WireError::Malformed("sealed key"))?;
        Ok(EpochKey(bytes))
    }
}

/// A profile's symmetric key for one epoch. Zeroed on drop.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct EpochKey(pub [u8; 32]);

impl std::fmt::Debug for EpochKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EpochKey(…)")
    }
}

impl EpochKey {
    /// A fresh random key.
    pub fn generate() -> Result<Self> {
        random().map(Self)
    }

    pub(crate) fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.0.into())
    }

    /// Seals this key to `recipient` (ephemeral X25519 + HKDF-SHA256 + XChaCha20-Poly1305),
    /// binding `context` (profile id and epoch) as associated data.
    pub fn seal_to(&self, recipient: &DevicePublic, context: &[u8]) -> Result<SealedKey> {
        self.seal_to_with(recipient, context, random::<32>()?, random::<24>()?)
    }

    /// [`EpochKey::seal_to`] with a given ephemeral secret and nonce: only for fixed inputs in the
    /// golden-file tests.
    pub(crate) fn seal_to_with(
        &self,
        recipient: &DevicePublic,
        context: &[u8],
        ephemeral_secret: [u8; 32],
        nonce: [u8; 24],
    ) -> Result<SealedKey> {
        let ephemeral = x25519_dalek::StaticSecret::from(ephemeral_secret);
        let ephemeral_public = x25519_dalek::PublicKey::from(&ephemeral).to_bytes();
        let shared = ephemeral.diffie_hellman(&x25519_dalek::PublicKey::from(recipient.agree));
        if !shared.was_contributory() {
            return Err(WireError::InvalidKey("recipient key"));
        }
        let key = seal_key(shared.as_bytes(), &ephemeral_public, &recipient.agree, context)?;
        let ciphertext = XChaCha20Poly1305::new(&key.into())
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &self.0,
                    aad: context,
                },
            )
            .map_err(|_| WireError::Decrypt("sealed key"))?;
        Ok(SealedKey {
            ephemeral: ephemeral_public,
            nonce,
            ciphertext,
        })
    }
}

fn seal_key(
    shared: &[u8; 32],
    ephemeral: &[u8; 32],
    recipient: &[u8; 32],
    context: &[u8],
) -> Result<[u8; 32]> {
    let mut salt = Vec::with_capacity(64);
    salt.extend_from_slice(ephemeral);
    salt.extend_from_slice(recipient);
    let hk = Hkdf::<Sha256>::new(Some(&salt), shared);
    let mut okm = [0u8; 32];
    let mut info = b"tsunagu sealed epoch key v1\0".to_vec();
    info.extend_from_slice(context);
    hk.expand(&info, &mut okm)
        .map_err(|_| WireError::InvalidKey("hkdf"))?;
    Ok(okm)
}

/// An epoch key sealed to one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedKey {
    /// Ephemeral X25519 public key.
    #[serde(with = "key32")]
    pub ephemeral: [u8; 32],
    /// XChaCha20 nonce.
    #[serde(with = "key24")]
    pub nonce: [u8; 24],
    /// The encrypted key (32 bytes + 16-byte tag).
    #[serde(with = "bytes_b64")]
    pub ciphertext: Vec<u8>,
}

macro_rules! fixed_b64 {
    ($name:ident, $n:expr) => {
        pub(crate) mod $name {
            use serde::{Deserialize, Deserializer, Serializer, de::Error as _};
            pub fn serialize<S: Serializer>(v: &[u8; $n], s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&crate::b64::encode(v))
            }
            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; $n], D::Error> {
                let text = std::borrow::Cow::<str>::deserialize(d)?;
                crate::b64::decode_array(&text, "key").map_err(D::Error::custom)
            }
        }
    };
}
fixed_b64!(key32, 32);
fixed_b64!(key24, 24);
fixed_b64!(sig64, 64);

pub(crate) mod bytes_b64 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::b64::encode(v))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        crate::b64::decode(&text, "bytes").map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_key_opens_only_for_its_recipient_and_context() {
        let alice = DeviceIdentity::generate().expect("rng");
        let bob = DeviceIdentity::generate().expect("rng");
        let key = EpochKey::generate().expect("rng");
        let sealed = key.seal_to(&alice.public(), b"p-1/2").expect("seal");
        assert_eq!(alice.open_sealed(&sealed, b"p-1/2").expect("open"), key);
        assert!(bob.open_sealed(&sealed, b"p-1/2").is_err());
        assert!(alice.open_sealed(&sealed, b"p-1/3").is_err());
        let restored = DeviceIdentity::from_secret_bytes(&alice.to_secret_bytes()).expect("restore");
        assert_eq!(restored.public(), alice.public());
    }

    #[test]
    fn signatures_verify_only_unchanged() {
        let d = DeviceIdentity::generate().expect("rng");
        let sig = d.sign(b"message");
        d.id().verify(b"message", &sig, "test").expect("valid");
        assert!(d.id().verify(b"messagf", &sig, "test").is_err());
        // A key decompressed once verifies exactly as the id does, for as many messages.
        let key = d.id().key().expect("a curve point");
        assert!(key.is_of(&d.id()) && key.id() == d.id());
        key.verify(b"message", &sig, "test").expect("valid");
        assert!(key.verify(b"messagf", &sig, "test").is_err());
        let mut tampered = sig;
        tampered[10] ^= 1;
        assert!(key.verify(b"message", &tampered, "test").is_err());
        let other = DeviceIdentity::generate().expect("rng");
        assert!(!key.is_of(&other.id()));
        assert!(key.verify(b"message", &other.sign(b"message"), "test").is_err());
    }

    #[test]
    fn only_curve_points_make_keys() {
        // y = 2 is not the y coordinate of any point on the curve.
        let mut not_a_point = [0u8; 32];
        not_a_point[0] = 2;
        assert!(DeviceId(not_a_point).key().is_err());
        assert!(DeviceId(not_a_point).verify(b"m", &[0; 64], "test").is_err());
    }

    #[test]
    fn strict_verification_refuses_a_small_order_key_even_when_decompressed() {
        // The identity point (y = 1) decompresses, and a signature (R = identity, s = 0) verifies
        // for every message under the lax rules; strict verification refuses it.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let key = DeviceId(identity).key().expect("the identity is a curve point");
        let mut sig = [0u8; 64];
        sig[0] = 1;
        assert!(key.verify(b"anything", &sig, "test").is_err());
    }
}
