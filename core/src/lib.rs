#![doc = include_str!("../README.md")]

pub mod attention;
pub mod backup;
pub mod document;
pub mod error;
pub mod fixtures;
pub mod form;
pub mod i18n;
pub mod model;
pub mod readiness;
pub mod sample;
pub mod share;
pub mod store;
pub mod sync;
pub mod views;

#[cfg(test)]
mod golden_tests;

pub use document::edit::{Edit, EditSummary};
pub use document::{EditContext, ProfileDoc};
pub use error::{Error, Result};
pub use store::ProfileStore;
