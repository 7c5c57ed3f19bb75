//! No query string makes the search endpoint fail or hang.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::json;

use crate::common::TestServer;

fn query_strings() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "java",
        "développeuse",
        "\"",
        "'",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ":",
        "^",
        "~",
        "*",
        "+",
        "-",
        "!",
        "\\",
        "/",
        "AND",
        "OR",
        "NOT",
        "title:",
        "headline:",
        "colour:",
        " ",
        "  ",
        "^2",
        "~3",
        "é",
        "ß",
        "エンジニア",
        "\u{0}",
        "TO",
        "*:*",
        "\"chef de\"",
        "dévelop*",
        "a*",
        "IN",
        "\t",
        "\n",
        "0",
        "1.5e9",
        "?",
        "&&",
        "||",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|parts| parts.concat())
}

#[test]
fn no_query_string_causes_a_server_error_or_a_hang() {
    let server = TestServer::with_fixtures();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&(query_strings(), any::<String>()), |(q, noise)| {
            for q in [q.clone(), noise.chars().take(40).collect::<String>()] {
                let started = Instant::now();
                let (status, body) =
                    server.post("/cvs/_search", &json!({"q": q, "highlight": true}));
                prop_assert!(
                    status.as_u16() == 200 || status.as_u16() == 400,
                    "{q:?} -> {status} {body}"
                );
                prop_assert!(
                    started.elapsed() < Duration::from_secs(5),
                    "{q:?} took {:?}",
                    started.elapsed()
                );
            }
            Ok(())
        })
        .expect("property holds");
}
