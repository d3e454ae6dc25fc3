//! The CLI's end-to-end tests as one test binary (STYLE.md): every module runs the real
//! `tsunagu` binary or the relay against temporary data directories.

mod audiences;
mod backup;
mod card;
mod commands;
mod common;
mod daily;
mod desk;
mod desk_edit;
mod desk_import;
mod desk_share;
mod entry;
mod help;
mod import;
mod ips;
mod members;
mod owner_links;
mod plan;
mod qr_links;
mod readiness;
mod readiness_scenarios;
mod render;
mod review;
mod share;
mod sync;
mod views;
mod words;
