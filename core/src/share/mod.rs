//! Sharing: what leaves the phone. Without an app or a network: the shelter QR code ([`qr`],
//! encoded by [`qr_matrix`]), a short plain-text summary of the profile that any phone camera
//! shows as text, rendered as SVG and PNG; the printable card ([`card`]), one audience's view as a
//! self-contained HTML page with the QR embedded; and the 個別避難計画 export ([`plan`]) as CSV and
//! printable HTML for the municipality. For hospital systems: the FHIR R4 International Patient
//! Summary ([`ips`]). For people without the app but with a browser: SMART Health Links
//! ([`link`]), an end-to-end encrypted, expiring, revocable link to a card or the IPS, opened
//! through the relay's viewer.

pub mod card;
pub mod ips;
pub mod link;
pub mod plan;
pub mod qr;
pub mod qr_matrix;

pub use card::{CardOptions, CardSize, render_card};
pub use ips::{ips_bundle, ips_json};
pub use plan::{PlanExport, evacuation_plan, evacuation_plan_in_store, plan_csv, plan_html};
pub use qr::{MAX_SUMMARY_BYTES, QrError, qr_png, qr_svg, qr_svg_element, summary_text, summary_text_of};
