//! Japanese is cut into dictionary words (lindera over an IPADIC-format dictionary), not
//! character bigrams: "京都" (Kyoto) does not match "東京都" (Tokyo metropolis), whose
//! words are 東京|都 even though the characters 京都 follow each other. The server runs as
//! its own process on a small dictionary built from the repository's fixture, so the test
//! does not depend on the machine's dictionary.

use std::path::Path;

use reqwest::blocking::Client;
use serde_json::{json, Value};

use crate::common::{ids, sorted};
use crate::support::Server;

#[test]
fn japanese_search_matches_words_not_character_pairs() {
    let work = tempfile::tempdir().expect("tempdir");
    let dictionary = work.path().join("ipadic");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("analyzers/tests/fixtures/ja-mini");
    vivier_analyzers::japanese::build_dictionary(&fixture, &dictionary).expect("build");
    let data = work.path().join("data");
    let mut server = Server::start_with(&data, &[], &[("VIVIER_JA_DICT", dictionary.as_path())]);
    let base = server.base.clone();
    let client = Client::new();
    let cvs = [
        json!({"id": "cv-tokyo", "lang": "ja", "headline": "東京都でソフトウェアエンジニアとして開発の経験"}),
        json!({"id": "cv-kyoto", "lang": "ja", "headline": "京都の病院で看護師として勤務"}),
    ];
    for cv in &cvs {
        let id = cv["id"].as_str().expect("id");
        let status = client
            .put(format!("{base}/cvs/{id}?refresh=true"))
            .json(cv)
            .send()
            .expect("put")
            .status();
        assert!(status.is_success(), "{status}");
    }
    let search = |q: &str| -> Vec<String> {
        let response: Value = client
            .post(format!("{base}/cvs/_search"))
            .json(&json!({"q": q, "lang": "ja"}))
            .send()
            .and_then(|r| r.json())
            .expect("search");
        sorted(ids(&response))
    };
    let kyoto = search("京都");
    let tokyo = search("東京");
    let engineer = search("エンジニア");
    let nurse = search("看護師");
    server.stop();
    assert_eq!(
        kyoto,
        vec!["cv-kyoto"],
        "京都 is not part of the words of 東京都"
    );
    assert_eq!(tokyo, vec!["cv-tokyo"]);
    assert_eq!(engineer, vec!["cv-tokyo"]);
    assert_eq!(nurse, vec!["cv-kyoto"]);
}
