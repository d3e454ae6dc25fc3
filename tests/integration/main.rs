//! Cross-crate scenario tests, compiled into one test binary (`cargo test -p tsunagu-tests`).
//!
//! - `convergence`: three replicas edit, merge and compact at random; they converge and no
//!   acknowledged edit is lost (proptest).
//! - `crash`: a writer process is SIGKILLed mid-edit and mid-compaction; every acknowledged edit
//!   survives and the store reopens.
//! - `store`: several profiles across reopen, export/import, refusal of damaged and foreign input.

mod common;
mod convergence;
mod crash;
mod store;
mod sync;
