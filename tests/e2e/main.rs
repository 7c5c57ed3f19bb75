//! End-to-end tests: the real server on an ephemeral port, driven over HTTP.

mod auth;
mod cli;
mod common;
mod crash;
mod documents;
mod errors;
mod geo;
mod hybrid;
mod japanese;
mod matching;
mod properties;
mod rebuild;
mod search;
#[path = "../../benches/support/mod.rs"]
mod support;
mod taxonomy;
