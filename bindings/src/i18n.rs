//! The core's Fluent messages for the apps' own words (screen titles, buttons: the `app-…` ids),
//! so every user-facing word comes from `core/locales/{ja,en}/tsunagu.ftl`.

use std::collections::HashMap;

use tsunagu_core::i18n::Localizer;

use crate::error::ApiError;
use crate::views::lang;

/// The message `id` in `lang` (`ja`, `en`) with its variables `args`. A missing id comes back as
/// the id itself (the core's fallback), so a gap shows as an odd word, never a crash.
#[uniffi::export]
pub fn message(lang: String, id: String, args: HashMap<String, String>) -> Result<String, ApiError> {
    let l10n = Localizer::new(self::lang(&lang)?);
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    Ok(l10n.message(&id, &args))
}
