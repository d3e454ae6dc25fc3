//! HTTP-level tests of the relay: a real server on 127.0.0.1 with its own SQLite file per test,
//! driven by devices that sign their requests as ADR 0002 says.

mod client;
mod limits;
mod links;
mod membership;
mod routes;
mod sync;
