//! Cross-crate scenario tests, compiled into one test binary (`cargo test -p tsunagu-tests`).
//!
//! - `convergence`: three replicas edit, merge and compact at random; they converge and no
//!   acknowledged edit is lost (proptest).
//! - `crash`: a writer process is SIGKILLed mid-edit and mid-compaction; every acknowledged edit
//!   survives and the store reopens.
//! - `hostile`: a malicious relay (the real one behind a transport that rewrites its answers)
//!   cannot add a member, choose a key, roll back or reorder the member list (issue 14).
//! - `slow_relay`: an edit completes while a sync waits on a relay that stopped answering.
//! - `store`: several profiles across reopen, export/import, refusal of damaged and foreign input.
//! - `sync`: devices syncing through a real relay on loopback: convergence after offline edits,
//!   lost acknowledgements, duplicates, replays, tampering, strangers, viewers, removal, and a
//!   relay whose files never hold the profile's text.

mod common;
mod convergence;
mod crash;
mod hostile;
mod review;
mod slow_relay;
mod store;
mod sync;
