//! Exports for other systems, as text: the 個別避難計画 (individual evacuation plan) for the
//! municipality (the core's `share::plan`, CSV or printable HTML) and the FHIR R4 International
//! Patient Summary for hospital systems (the core's `share::ips`, JSON).

use tsunagu_core::i18n::Localizer;
use tsunagu_core::model::Date;
use tsunagu_core::share::{PlanExport, evacuation_plan_in_store, ips_json, plan_csv, plan_html};

use crate::error::ApiError;
use crate::store::TsunaguStore;
use crate::views::{day, lang};

impl TsunaguStore {
    /// The plan of profile `id` with its roster findings as of `as_of`, worded by `l10n`.
    fn plan(&self, id: &str, l10n: &Localizer, as_of: &str) -> Result<PlanExport, ApiError> {
        let as_of = Date(day("as_of", as_of)?);
        let mut store = self.lock()?;
        Ok(evacuation_plan_in_store(&mut store, id, l10n, as_of)?)
    }
}

#[uniffi::export]
impl TsunaguStore {
    /// The 個別避難計画 of profile `id` as CSV (RFC 4180, UTF-8 with BOM; one row per item:
    /// section, item, value, legal, missing), in `lang` (`ja`, `en`), the drill date judged and
    /// the export dated as of `as_of` (`YYYY-MM-DD`).
    pub fn plan_csv(&self, id: String, lang: String, as_of: String) -> Result<String, ApiError> {
        let l10n = Localizer::new(self::lang(&lang)?);
        let plan = self.plan(&id, &l10n, &as_of)?;
        Ok(plan_csv(&plan, &l10n))
    }

    /// The 個別避難計画 of profile `id` as a printable, self-contained A4 HTML page; arguments as
    /// for `plan_csv`.
    pub fn plan_html(&self, id: String, lang: String, as_of: String) -> Result<String, ApiError> {
        let l10n = Localizer::new(self::lang(&lang)?);
        let plan = self.plan(&id, &l10n, &as_of)?;
        Ok(plan_html(&plan, &l10n)?)
    }

    /// Profile `id` as a FHIR R4 International Patient Summary: a `Bundle` of type `document`, as
    /// pretty JSON text, its narratives in `lang` (`ja`, `en`), timestamped `generated_at_ms`
    /// (milliseconds since the Unix epoch; the app passes now).
    pub fn ips_json(&self, id: String, lang: String, generated_at_ms: i64) -> Result<String, ApiError> {
        let l10n = Localizer::new(self::lang(&lang)?);
        let at = chrono::DateTime::from_timestamp_millis(generated_at_ms)
            .ok_or_else(|| ApiError::invalid("generated_at_ms", "out of range"))?;
        let mut store = self.lock()?;
        Ok(ips_json(store.document(&id)?, &id, &l10n, at)?)
    }
}
