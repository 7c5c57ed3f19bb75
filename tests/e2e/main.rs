//! End-to-end tests: the real server on an ephemeral port, driven over HTTP.

mod common;
mod crash;
mod documents;
mod errors;
mod geo;
mod hybrid;
mod matching;
mod properties;
mod rebuild;
mod search;
mod taxonomy;
