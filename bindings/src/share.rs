//! Sharing without a network: the shelter QR code (the core's `share::qr`), as its plain text
//! and as PNG and SVG images. The printable card, SMART Health Links and exports arrive here as
//! one wrapped method each when the core has them.

use tsunagu_core::i18n::Localizer;
use tsunagu_core::share::{qr_png, qr_svg, summary_text};

use crate::error::ApiError;
use crate::store::TsunaguStore;
use crate::views::{day, lang};

/// The shelter QR code of a profile: plain text any phone camera shows, with no app.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ShelterQr {
    /// The text inside the code (at most 1 KB, dated, self-reported).
    pub text: String,
    /// The code as a PNG image (greyscale).
    pub png: Vec<u8>,
    /// The code as a standalone SVG document.
    pub svg: String,
}

/// Any short text (an invite link) as a QR code PNG, the same encoding as the shelter QR.
#[uniffi::export]
pub fn qr_png_of(text: String) -> Result<Vec<u8>, ApiError> {
    Ok(qr_png(&text)?)
}

#[uniffi::export]
impl TsunaguStore {
    /// The shelter QR code of profile `id`, worded in the languages `langs` (`["ja"]`, or
    /// `["ja", "en"]` for both together), dated `today` (`YYYY-MM-DD`).
    pub fn shelter_qr(&self, id: String, langs: Vec<String>, today: String) -> Result<ShelterQr, ApiError> {
        if langs.is_empty() {
            return Err(ApiError::invalid("langs", "name at least one language"));
        }
        let localizers = langs
            .iter()
            .map(|l| lang(l).map(Localizer::new))
            .collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<&Localizer> = localizers.iter().collect();
        let today = day("today", &today)?;
        let text = summary_text(self.lock()?.profile(&id)?, &refs, today);
        Ok(ShelterQr {
            png: qr_png(&text)?,
            svg: qr_svg(&text)?,
            text,
        })
    }
}
