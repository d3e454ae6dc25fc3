//! Sharing without an app or a network: the shelter QR code ([`qr`]), a short plain-text summary
//! of the profile that any phone camera shows as text, rendered as SVG and PNG.

pub mod qr;

pub use qr::{MAX_SUMMARY_BYTES, QrError, qr_png, qr_svg, summary_text};
