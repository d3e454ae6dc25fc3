//! Owner-signed epoch keys: every key a device adopts comes in an [`EpochGrant`], the epoch key
//! sealed to one device and signed by the owner over the profile, the epoch number, the recipient,
//! the sealed bytes and the membership log it follows. A relay can withhold a grant but cannot
//! make one, so no client moves to an epoch or seals under a key on the relay's word (ADR 0007).

use serde::{Deserialize, Serialize};

use crate::crypto::{DeviceId, DeviceIdentity, DevicePublic, EpochKey, SealedKey, sig64};
use crate::error::{Result, WireError};
use crate::membership::LogHead;

/// The associated data of a sealed epoch key: `"{profile}/{epoch}"`.
pub fn key_context(profile: &str, epoch: u32) -> Vec<u8> {
    format!("{profile}/{epoch}").into_bytes()
}

/// An epoch key sealed to one device, signed by the owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpochGrant {
    /// Profile id.
    pub profile: String,
    /// The epoch the key belongs to.
    pub epoch: u32,
    /// The device it is sealed to.
    pub recipient: DeviceId,
    /// The key, sealed to the recipient with [`key_context`].
    pub sealed: SealedKey,
    /// The membership log the owner saw when it granted the key.
    pub follows: LogHead,
    /// When, Unix ms.
    pub issued_at_ms: i64,
    /// The owner.
    pub issuer: DeviceId,
    /// The owner's signature.
    #[serde(with = "sig64")]
    pub signature: [u8; 64],
}

impl EpochGrant {
    pub(crate) fn message(&self) -> Vec<u8> {
        let mut m = b"tsunagu-epoch-grant-v1\0".to_vec();
        for f in [
            self.profile.as_bytes(),
            &self.epoch.to_be_bytes(),
            &self.recipient.0,
            &self.sealed.ephemeral,
            &self.sealed.nonce,
            &self.sealed.ciphertext,
            &self.follows.len.to_be_bytes(),
            &self.follows.hash,
            &self.issued_at_ms.to_be_bytes(),
            &self.issuer.0,
        ] {
            m.extend_from_slice(&(f.len() as u32).to_be_bytes());
            m.extend_from_slice(f);
        }
        m
    }

    /// Seals `key` of `epoch` to `recipient` and signs the grant as `owner`.
    pub fn issue(
        owner: &DeviceIdentity,
        profile: &str,
        epoch: u32,
        key: &EpochKey,
        recipient: &DevicePublic,
        follows: LogHead,
        now_ms: i64,
    ) -> Result<Self> {
        let mut g = EpochGrant {
            profile: profile.to_owned(),
            epoch,
            recipient: recipient.id(),
            sealed: key.seal_to(recipient, &key_context(profile, epoch))?,
            follows,
            issued_at_ms: now_ms,
            issuer: owner.id(),
            signature: [0; 64],
        };
        g.signature = owner.sign(&g.message());
        Ok(g)
    }

    /// Checks that `owner` signed this grant of `epoch` of `profile`, without opening it.
    pub fn verify(&self, profile: &str, owner: DeviceId, epoch: u32) -> Result<()> {
        if self.profile != profile || self.epoch != epoch || self.issuer != owner {
            return Err(WireError::BadSignature("epoch grant (not the owner's)"));
        }
        owner.verify(&self.message(), &self.signature, "epoch grant")
    }

    /// Checks the grant ([`EpochGrant::verify`]) and that it is addressed to `me`, then opens the
    /// key.
    pub fn open(&self, me: &DeviceIdentity, profile: &str, owner: DeviceId, epoch: u32) -> Result<EpochKey> {
        self.verify(profile, owner, epoch)?;
        if self.recipient != me.id() {
            return Err(WireError::BadSignature("epoch grant (another recipient)"));
        }
        me.open_sealed(&self.sealed, &key_context(profile, epoch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_owners_grant_opens_and_nothing_in_it_can_change() {
        let owner = DeviceIdentity::generate().expect("rng");
        let member = DeviceIdentity::generate().expect("rng");
        let relay = DeviceIdentity::generate().expect("rng");
        let key = EpochKey::generate().expect("rng");
        let head = LogHead::default();
        let g = EpochGrant::issue(&owner, "p-1", 2, &key, &member.public(), head, 7).expect("grant");
        assert_eq!(g.open(&member, "p-1", owner.id(), 2).expect("opens"), key);
        assert!(g.open(&owner, "p-1", owner.id(), 2).is_err(), "another recipient");
        assert!(g.open(&member, "p-1", owner.id(), 3).is_err(), "another epoch");
        assert!(g.open(&member, "p-2", owner.id(), 2).is_err(), "another profile");
        // The relay's own key, sealed and signed by the relay, is refused.
        let forged = EpochGrant::issue(&relay, "p-1", 2, &key, &member.public(), head, 7).expect("grant");
        assert!(forged.open(&member, "p-1", owner.id(), 2).is_err());
        // The relay re-labelling the owner's grant (epoch, sealed bytes) breaks the signature.
        let mut relabelled = g.clone();
        relabelled.epoch = 3;
        assert!(relabelled.open(&member, "p-1", owner.id(), 3).is_err());
        let mut swapped = g.clone();
        swapped.sealed = EpochKey::generate()
            .expect("rng")
            .seal_to(&member.public(), &key_context("p-1", 2))
            .expect("seal");
        assert!(swapped.open(&member, "p-1", owner.id(), 2).is_err());
    }
}
