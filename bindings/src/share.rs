//! Sharing without a network: the shelter QR code (the core's `share::qr`), as its plain text
//! and as PNG and SVG images, and the printable card (the core's `share::card`) as one
//! self-contained HTML page. SMART Health Links, which need the relay, are in `links.rs`.

use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::share::{CardOptions, CardSize, qr_png, qr_svg, render_card, summary_text_of};

use crate::error::ApiError;
use crate::store::TsunaguStore;
use crate::views::{ViewAudience, day, lang};

/// The paper a printable card is laid out for (the core's `CardSize`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CardPaper {
    /// A4 portrait: the whole view.
    A4,
    /// ID-1 cards (85.6 × 54 mm, credit-card size): the red sections, then the QR.
    Wallet,
}

impl From<CardPaper> for CardSize {
    fn from(p: CardPaper) -> Self {
        match p {
            CardPaper::A4 => CardSize::A4,
            CardPaper::Wallet => CardSize::Wallet,
        }
    }
}

/// The languages named by `tags` (one, or two side by side); at least one.
pub(crate) fn langs(tags: &[String]) -> Result<Vec<Lang>, ApiError> {
    if tags.is_empty() {
        return Err(ApiError::invalid("langs", "name at least one language"));
    }
    tags.iter().map(|l| lang(l)).collect()
}

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
        let localizers: Vec<Localizer> = self::langs(&langs)?.into_iter().map(Localizer::new).collect();
        let refs: Vec<&Localizer> = localizers.iter().collect();
        let today = day("today", &today)?;
        let text = summary_text_of(self.lock()?.document(&id)?, &refs, today)?;
        Ok(ShelterQr {
            png: qr_png(&text)?,
            svg: qr_svg(&text)?,
            text,
        })
    }

    /// The printable card of profile `id` for `audience`, as one self-contained HTML page (inline
    /// CSS, the shelter QR as inline SVG, no network), in the languages `langs` (`["ja"]`, or
    /// `["ja", "en"]` side by side), laid out for `paper`, dated `today` (`YYYY-MM-DD`, which also
    /// applies the stale rules). Apps show it in a web view and print it.
    pub fn card_html(
        &self,
        id: String,
        audience: ViewAudience,
        langs: Vec<String>,
        paper: CardPaper,
        today: String,
    ) -> Result<String, ApiError> {
        let langs = self::langs(&langs)?;
        let today = day("today", &today)?;
        let options = CardOptions {
            audience: audience.into(),
            langs: &langs,
            size: paper.into(),
            today,
        };
        let mut store = self.lock()?;
        Ok(render_card(store.document(&id)?, &options)?)
    }
}
