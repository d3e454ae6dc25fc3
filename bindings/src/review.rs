//! Review items on [`TsunaguStore`]: fields whose values differ after concurrent edits on two
//! devices, each with every value, who wrote it and when, and resolving one by keeping a value
//! (the core's `ProfileStore::review_items` / `resolve_review`; glue only).

use tsunagu_core::document::review::{ConcurrentValue, ReviewItem};

use crate::error::ApiError;
use crate::store::{ProvenanceInfo, TsunaguStore};

/// A field whose value differs between devices' concurrent edits: the apps mark it "values
/// differ — check" (message `review-values-differ`) and offer its values to choose from.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReviewEntry {
    /// Dotted path of the field (`devices.dev-vent.settings.ventilator.peep`).
    pub path: String,
    /// Every value, in the order `resolve_review` numbers them.
    pub values: Vec<ReviewValue>,
}

/// One of the concurrent values of a field under review.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReviewValue {
    /// The value as JSON text (`6.0`, `"さくちゃん"`, `null`).
    pub value_json: String,
    /// The value as an input shows it (`6`, `さくちゃん`; empty for none).
    pub text: String,
    /// Who wrote it and when, when recorded.
    pub written: Option<ProvenanceInfo>,
    /// True for the value shown everywhere until the field is reviewed.
    pub shown: bool,
}

/// A value saved over a plausibility warning that nobody else has verified yet.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UnverifiedValue {
    /// Dotted path of the value.
    pub path: String,
    /// Who saved it over the warning.
    pub confirmed_by: Option<String>,
    /// When, milliseconds since the Unix epoch.
    pub confirmed_at_ms: Option<i64>,
}

impl From<ConcurrentValue> for ReviewValue {
    fn from(v: ConcurrentValue) -> Self {
        Self {
            value_json: v.value.to_string(),
            text: crate::form::input_text(&v.value),
            written: v.written.map(Into::into),
            shown: v.shown,
        }
    }
}

impl From<ReviewItem> for ReviewEntry {
    fn from(i: ReviewItem) -> Self {
        Self {
            path: i.path,
            values: i.values.into_iter().map(Into::into).collect(),
        }
    }
}

#[uniffi::export]
impl TsunaguStore {
    /// The fields of profile `id` whose values differ after concurrent edits (empty when none).
    pub fn review_items(&self, id: String) -> Result<Vec<ReviewEntry>, ApiError> {
        Ok(self
            .lock()?
            .review_items(&id)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Values of profile `id` saved over a plausibility warning that nobody else has verified
    /// yet (the views mark them "unverified"), newest first.
    pub fn unverified_values(&self, id: String) -> Result<Vec<UnverifiedValue>, ApiError> {
        Ok(self
            .lock()?
            .unverified_values(&id)?
            .into_iter()
            .map(|c| UnverifiedValue {
                path: c.path,
                confirmed_by: c.confirmed_by,
                confirmed_at_ms: c.confirmed_at.map(|t| t.0.timestamp_millis()),
            })
            .collect())
    }

    /// Verifies the value at `path` of profile `id` that was saved over a warning: `author`, who
    /// is not the person who saved it, has checked it. A durable change that every device then
    /// agrees on; the "unverified" mark goes. `author` empty means this device's name; refused
    /// with `DeviceNameMissing` while this device has no name for the profile. Returns the change
    /// hash (hex).
    pub fn verify_value(&self, id: String, path: String, author: String) -> Result<String, ApiError> {
        let mut store = self.lock()?;
        let ctx = crate::store::named_context(&mut store, &id, author)?;
        let hash = store.verify_value(&id, &path, &ctx)?;
        Ok(hash.to_string())
    }

    /// Keeps value number `choice` (from 0, as listed by `review_items`) of the field at `path`
    /// of profile `id`, as a new durable change by `author` (this device's name when empty) that
    /// every device then agrees on. Refused with `DeviceNameMissing` while this device has no
    /// name for the profile. Returns the change hash (hex).
    pub fn resolve_review(
        &self,
        id: String,
        path: String,
        choice: u32,
        author: String,
    ) -> Result<Option<String>, ApiError> {
        let mut store = self.lock()?;
        let ctx = crate::store::named_context(&mut store, &id, author)?;
        let hash = store.resolve_review(&id, &path, choice as usize, &ctx)?;
        Ok(hash.map(|h| h.to_string()))
    }
}
