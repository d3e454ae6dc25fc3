//! What leaves the phone for people without the app: the shelter QR code ([`qr`]), a short
//! plain-text summary of the profile that any phone camera shows as text, rendered as SVG and
//! PNG; and SMART Health Links ([`link`]), an end-to-end encrypted, expiring, revocable link to a
//! card or the IPS, opened in any browser through the relay's viewer.

pub mod link;
pub mod qr;

pub use qr::{MAX_SUMMARY_BYTES, QrError, qr_png, qr_svg, summary_text};
