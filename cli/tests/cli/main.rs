//! The CLI's end-to-end tests as one test binary (STYLE.md): every module runs the real
//! `tsunagu` binary or the relay against temporary data directories.

mod backup;
mod card;
mod commands;
mod common;
mod ips;
mod plan;
mod readiness;
mod render;
mod share;
mod sync;
mod views;
