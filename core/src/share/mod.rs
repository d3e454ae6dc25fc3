//! Sharing without an app or a network: the shelter QR code ([`qr`]), a short plain-text summary
//! of the profile that any phone camera shows as text, rendered as SVG and PNG; and the FHIR R4
//! International Patient Summary ([`ips`]) that hospital systems read.

pub mod ips;
pub mod qr;

pub use ips::{ips_bundle, ips_json};
pub use qr::{MAX_SUMMARY_BYTES, QrError, qr_png, qr_svg, summary_text};
