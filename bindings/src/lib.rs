#![doc = include_str!("../README.md")]

mod edit;
mod error;
mod store;

pub use edit::EditOp;
pub use error::{ApiError, FieldViolation};
pub use store::{ChangeOp, HistoryItem, ImportResult, ProfileListItem, TsunaguStore};

uniffi::setup_scaffolding!();
