//! Cross-crate scenario tests live in integration/.
