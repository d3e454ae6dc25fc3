//! What `tsunagu share` (`share.rs`) and the desk's sharing page (`desk/share.rs`) both use: the
//! expiry a person types (`7d`), where a link stands in words, and the content behind a link to
//! a card or to the IPS — so a link made in the desk is the same as one made on the command line.

use chrono::{NaiveDate, Utc};
use tsunagu_core::ProfileDoc;
use tsunagu_core::i18n::{Lang, Localizer};
use tsunagu_core::share::link::LinkContent;
use tsunagu_core::share::{CardOptions, CardSize, ips_json, render_card};
use tsunagu_core::views::Audience;

use crate::error::Result;
use crate::parse_error::ValueWords;

/// Longest expiry accepted.
pub const MAX_EXPIRES_DAYS: u64 = 366;

/// `30s`, `90m`, `12h`, `7d`, `2w` → milliseconds (5 seconds to [`MAX_EXPIRES_DAYS`]).
pub fn parse_duration_ms(text: &str) -> std::result::Result<i64, ValueWords> {
    let text = text.trim();
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
    let n: u64 = number
        .parse()
        .map_err(|_| ValueWords::new("cli-value-duration-form"))?;
    let seconds = match unit {
        "s" => n,
        "m" | "min" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        "d" => n.saturating_mul(86_400),
        "w" => n.saturating_mul(7 * 86_400),
        _ => return Err(ValueWords::new("cli-value-duration-unit")),
    };
    if !(5..=MAX_EXPIRES_DAYS * 86_400).contains(&seconds) {
        return Err(ValueWords::with(
            "cli-value-duration-range",
            "days",
            MAX_EXPIRES_DAYS,
        ));
    }
    i64::try_from(seconds * 1000)
        .map_err(|_| ValueWords::with("cli-value-duration-range", "days", MAX_EXPIRES_DAYS))
}

/// Where a link stands, as the CLI's tables, `share status` and the desk say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// It opens.
    Active,
    /// Past its expiry.
    Expired,
    /// Revoked.
    Revoked,
    /// Every wrong passcode allowed was spent.
    Locked,
}

impl LinkState {
    /// The state of a link revoked or not, expiring at `expires_at`, with `attempts_left` wrong
    /// passcodes left (`None`: unknown here, the relay counts them), at `now` (Unix ms).
    pub fn of(revoked: bool, expires_at: Option<i64>, attempts_left: Option<u32>, now: i64) -> Self {
        if revoked {
            LinkState::Revoked
        } else if expires_at.is_some_and(|e| e <= now) {
            LinkState::Expired
        } else if attempts_left == Some(0) {
            LinkState::Locked
        } else {
            LinkState::Active
        }
    }

    /// The state in `l`'s language.
    pub fn word(self, l: &Localizer) -> String {
        let id = match self {
            LinkState::Active => "cli-share-state-active",
            LinkState::Expired => "cli-share-state-expired",
            LinkState::Revoked => "cli-share-state-revoked",
            LinkState::Locked => "cli-share-state-locked",
        };
        l.message(id, &[])
    }
}

/// The content of a link to `audience`'s printable card of `doc` in `langs` (the first names
/// the link's language), and the name the list of links records for it (`card:shelter`).
pub fn card_content(
    doc: &mut ProfileDoc,
    audience: Audience,
    langs: &[Lang],
    size: CardSize,
    today: NaiveDate,
) -> Result<(LinkContent, String)> {
    let options = CardOptions {
        audience,
        langs,
        size,
        today,
    };
    let html = render_card(doc, &options)?;
    let lang = langs.first().copied().unwrap_or(Lang::Ja);
    Ok(LinkContent::for_card(html, audience, lang, Utc::now()))
}

/// The content of a link to the profile's FHIR International Patient Summary, and its name
/// (`ips`).
pub fn ips_content(doc: &mut ProfileDoc, profile: &str, l: &Localizer) -> Result<(LinkContent, String)> {
    Ok(LinkContent::for_ips(ips_json(doc, profile, l, Utc::now())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_have_a_unit_and_bounds() {
        assert_eq!(parse_duration_ms("7d"), Ok(7 * 86_400_000));
        assert_eq!(parse_duration_ms("90m"), Ok(90 * 60_000));
        assert_eq!(parse_duration_ms("2w"), Ok(14 * 86_400_000));
        assert_eq!(parse_duration_ms("6s"), Ok(6000));
        for bad in ["", "7", "d", "4s", "400d", "7x", "-1d", "1.5h"] {
            assert!(parse_duration_ms(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_link_is_revoked_before_expired_before_locked() {
        assert_eq!(LinkState::of(true, Some(0), Some(0), 10), LinkState::Revoked);
        assert_eq!(LinkState::of(false, Some(10), Some(0), 10), LinkState::Expired);
        assert_eq!(LinkState::of(false, Some(11), Some(0), 10), LinkState::Locked);
        assert_eq!(LinkState::of(false, None, None, 10), LinkState::Active);
    }
}
