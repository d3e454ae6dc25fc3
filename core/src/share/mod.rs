//! What leaves the phone for people without the app: the shelter QR code ([`qr`]), a short
//! plain-text summary of the profile that any phone camera shows as text, rendered as SVG and
//! PNG; the printable card ([`card`]), one audience's view as a self-contained HTML page with the
//! QR embedded; the 個別避難計画 export ([`plan`]) as CSV and printable HTML for the
//! municipality; and SMART Health Links ([`link`]), an end-to-end encrypted, expiring, revocable
//! link to a card or the IPS, opened in any browser through the relay's viewer.

pub mod card;
pub mod link;
pub mod plan;
pub mod qr;

pub use card::{CardOptions, CardSize, render_card};
pub use plan::{PlanExport, evacuation_plan, plan_csv, plan_html};
pub use qr::{MAX_SUMMARY_BYTES, QrError, qr_png, qr_svg, qr_svg_element, summary_text};
