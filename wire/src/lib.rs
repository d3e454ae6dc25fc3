#![doc = include_str!("../README.md")]

pub mod b64;
pub mod crypto;
pub mod envelope;
pub mod epoch;
pub mod error;
pub mod invite;
pub mod membership;
pub mod request;
pub mod share_link;
pub mod sync;

#[cfg(test)]
mod golden_tests;

pub use crypto::{DeviceId, DeviceIdentity, DeviceKey, DevicePublic, EpochKey};
pub use envelope::Envelope;
pub use error::WireError;
pub use membership::{MemberCert, Role};
