//! Upserts, reads, deletes and bulk loads over HTTP.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{read, sorted, TestServer};

#[test]
fn put_creates_then_replaces_without_duplicates() {
    let server = TestServer::start();
    let (status, body) = server.put("/cvs/cv-1", &json!({"headline": "Boulanger"}));
    assert_eq!(
        (status, body),
        (
            StatusCode::CREATED,
            json!({"id": "cv-1", "result": "created"})
        )
    );
    // Readable at once, searchable within a second of the acknowledgement.
    assert_eq!(server.get("/cvs/cv-1").1["headline"], json!("Boulanger"));
    let searchable = server.eventually(std::time::Duration::from_secs(1), || {
        server.ids("cvs", json!({"q": "boulanger"})) == vec!["cv-1"]
    });
    assert!(searchable, "not searchable within one second");

    let (status, body) = server.put(
        "/cvs/cv-1?refresh=true",
        &json!({"id": "cv-1", "headline": "Pâtissière"}),
    );
    assert_eq!(
        (status, body["result"].clone()),
        (StatusCode::OK, json!("updated"))
    );
    assert!(server.ids("cvs", json!({"q": "boulanger"})).is_empty());
    assert_eq!(server.ids("cvs", json!({"q": "pâtissier"})), vec!["cv-1"]);
    assert_eq!(server.search("cvs", json!({}))["total"], json!(1));

    let (status, stored) = server.get("/cvs/cv-1");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored, json!({"id": "cv-1", "headline": "Pâtissière"}));
}

#[test]
fn delete_makes_the_document_unreadable_and_unsearchable() {
    let server = TestServer::with_fixtures();
    let (status, _) = server.delete("/cvs/cv-nurse-marseille");
    assert_eq!(status, StatusCode::OK);
    let (status, body) = server.get("/cvs/cv-nurse-marseille");
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], json!("not_found"));
    assert!(server.ids("cvs", json!({"q": "infirmière"})).is_empty());
    let (status, _) = server.delete("/cvs/cv-nurse-marseille");
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn writes_survive_a_restart() {
    let server = TestServer::with_fixtures();
    server.put("/offers/o-new", &json!({"title": "Plombier chauffagiste"}));
    server.delete("/offers/offer-waiter-paris");
    let dir = server.stop();
    let config = vivier::config::Config::for_test(dir.path().to_path_buf());
    let restarted = TestServer::start_in(dir, config);
    assert_eq!(
        restarted.ids("offers", json!({"q": "plombier"})),
        vec!["o-new"]
    );
    assert_eq!(
        restarted.get("/offers/offer-waiter-paris").0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(restarted.search("offers", json!({}))["total"], json!(4));
}

#[test]
fn bulk_reports_each_line() {
    let server = TestServer::start();
    let ndjson = [
        r#"{"id":"a","headline":"Maçon"}"#,
        r#"{"id":"b","contract_types":["CDI","permanent"]}"#,
        "{not json",
        r#"{"id":"a","headline":"Maçon coffreur"}"#,
        "",
        r#"{"id":"c","headline":"Électricien"}"#,
    ]
    .join("\n");
    let response = server
        .client
        .post(server.url("/cvs/_bulk?refresh=true"))
        .header("content-type", "application/x-ndjson")
        .body(ndjson)
        .send()
        .expect("bulk");
    let (status, body) = read(response);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["errors"], json!(true));
    let items = body["items"].as_array().expect("items");
    let statuses: Vec<u64> = items
        .iter()
        .map(|i| i["status"].as_u64().expect("status"))
        .collect();
    assert_eq!(statuses, vec![201, 422, 400, 200, 201]);
    assert_eq!(items[1]["id"], json!("b"));
    let error = items[1]["error"].as_str().expect("error");
    assert!(error.contains("contract_types[1]"), "{error}");
    assert_eq!(items[0]["error"], json!(null));
    assert_eq!(server.ids("cvs", json!({"q": "coffreur"})), vec!["a"]);
    assert_eq!(server.search("cvs", json!({}))["total"], json!(2));
}

#[test]
fn health_reports_document_counts() {
    let server = TestServer::with_fixtures();
    let (status, body) = server.get("/health");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], json!("ok"));
    assert_eq!(body["collections"]["cvs"]["docs"], json!(11));
    assert_eq!(body["collections"]["offers"]["docs"], json!(4));
}

/// Regression (audit, GDPR): after one purge, the files of the segments it rewrote (a
/// deleted CV's stored original among them) were still on disk, though `meta.json` no
/// longer listed them: only a second purge removed them. And a CV alone in its segment,
/// whose segment tantivy drops at the delete's commit, was not counted as dropped.
#[test]
fn purge_erases_a_deleted_cv_from_the_data_directory() {
    let server = TestServer::with_fixtures();
    let cvs = server.dir.path().join("cvs");
    let fixture_segments = segment_ids(&cvs);
    // Committed alone in a segment of its own.
    let cv = json!({"headline": "Comptable", "contact": {"email": "qzx7wv@example.com"}});
    let (status, _) = server.put("/cvs/cv-secret?refresh=true", &cv);
    assert_eq!(status, StatusCode::CREATED);
    // Written and deleted before any commit: in plain text in the write-ahead log meanwhile.
    let token = "wq4zrx-unique-surname";
    let other =
        json!({"headline": "Comptable", "contact": {"email": format!("{token}@example.com")}});
    assert_eq!(
        server.put("/cvs/cv-secret-2", &other).0,
        StatusCode::CREATED
    );
    assert!(
        grep(server.dir.path(), token.as_bytes()),
        "the token should be on disk"
    );
    assert_eq!(server.delete("/cvs/cv-secret-2").0, StatusCode::OK);
    // A CV sharing its segment with others: the purge rewrites that segment.
    assert_eq!(server.delete("/cvs/cv-dev-lyon").0, StatusCode::OK);
    let (status, _) = server.delete("/cvs/cv-secret?refresh=true");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(server.get("/cvs/cv-secret").0, StatusCode::NOT_FOUND);
    assert!(server.ids("cvs", json!({"q": "comptable"})).is_empty());

    let (status, report) = server.post("/admin/purge", &json!({}));
    assert_eq!(status, StatusCode::OK, "{report}");
    // Stored originals are compressed: a segment's files are looked for by name.
    let orphans = orphan_segment_files(&cvs);
    assert!(
        orphans.is_empty(),
        "segments gone from meta.json, files still on disk: {orphans:?}"
    );
    let live = segment_ids(&cvs);
    assert!(
        fixture_segments.iter().all(|id| !live.contains(id)),
        "the segment of the deleted fixture was not rewritten"
    );
    assert!(
        !grep(server.dir.path(), token.as_bytes()),
        "the token is still on disk"
    );
    assert_eq!(
        report["cvs"],
        json!({"segments_merged": fixture_segments.len(), "deleted_docs_dropped": 3}),
        "{report}"
    );
    assert_eq!(server.search("cvs", json!({}))["total"], json!(10));
}

/// The live generation's directory of a collection.
fn live_generation(collection_dir: &std::path::Path) -> std::path::PathBuf {
    let name = std::fs::read_to_string(collection_dir.join("CURRENT")).expect("CURRENT");
    collection_dir.join(name.trim())
}

/// The ids of the segments the live generation lists in its `meta.json`, as tantivy names
/// their files (hex digits, no dashes).
fn segment_ids(collection_dir: &std::path::Path) -> Vec<String> {
    let meta = std::fs::read(live_generation(collection_dir).join("meta.json")).expect("meta");
    let meta: serde_json::Value = serde_json::from_slice(&meta).expect("meta.json is JSON");
    meta["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|segment| segment["segment_id"].as_str().expect("id").replace('-', ""))
        .collect()
}

/// The files of the live generation that belong to a segment `meta.json` does not list.
fn orphan_segment_files(collection_dir: &std::path::Path) -> Vec<String> {
    let live = segment_ids(collection_dir);
    std::fs::read_dir(live_generation(collection_dir))
        .expect("generation")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            let segment = name.split('.').next().unwrap_or_default();
            segment.len() == 32
                && segment.bytes().all(|b| b.is_ascii_hexdigit())
                && !live.iter().any(|id| id == segment)
        })
        .collect()
}

/// Regression (audit): a byte order mark opening a `_bulk` body made its first line
/// "invalid JSON".
#[test]
fn bulk_skips_a_byte_order_mark() {
    let server = TestServer::start();
    let ndjson =
        "\u{feff}{\"id\":\"a\",\"headline\":\"Maçon\"}\n{\"id\":\"b\",\"headline\":\"Plâtrier\"}";
    let body = server.bulk_ok("cvs", ndjson);
    assert_eq!(body["items"][0]["status"], json!(201), "{body}");
    assert_eq!(server.get("/cvs/a").0, StatusCode::OK);
}

fn grep(dir: &std::path::Path, needle: &[u8]) -> bool {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(
                std::fs::read_dir(&path)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path()),
            );
        } else if std::fs::read(&path)
            .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
        {
            return true;
        }
    }
    false
}

/// Ids that could never be read or deleted through the API (`_search` is a route) or that
/// are invisible (control characters, blank) are refused on every write path.
#[test]
fn reserved_and_invisible_ids_are_refused() {
    let server = TestServer::start();
    let lines = [
        json!({"id": "o-1", "title": "Plombier"}).to_string(),
        json!({"id": "_search", "title": "Serveur"}).to_string(),
        json!({"id": "a\u{0}b", "title": "Serveur"}).to_string(),
        json!({"id": "  ", "title": "Serveur"}).to_string(),
        json!({"id": "o-2", "title": "Cuisinier"}).to_string(),
    ];
    let response = server
        .client
        .post(server.url("/offers/_bulk?refresh=true"))
        .header("content-type", "application/x-ndjson")
        .body(lines.join("\n"))
        .send()
        .expect("bulk");
    let (status, body) = read(response);
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["errors"], json!(true));
    let statuses: Vec<&Value> = body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| &item["status"])
        .collect();
    assert_eq!(
        statuses,
        vec![
            &json!(201),
            &json!(422),
            &json!(422),
            &json!(422),
            &json!(201)
        ],
        "{body}"
    );
    let reserved = &body["items"][1];
    assert_eq!(reserved["id"], json!("_search"));
    assert!(
        reserved["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("id: must not start with `_`")),
        "{body}"
    );
    assert_eq!(
        sorted(server.ids("offers", json!({}))),
        vec!["o-1".to_string(), "o-2".to_string()]
    );

    for path in ["/cvs/_new", "/cvs/%20cv", "/cvs/cv%0A1", "/cvs/_search%00"] {
        let (status, body) = server.put(&format!("{path}?refresh=true"), &json!({}));
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(body["code"], json!("invalid_id"), "{path}: {body}");
    }
    assert_eq!(server.search("cvs", json!({}))["total"], json!(0));
}

#[test]
fn a_body_id_of_the_wrong_type_says_so() {
    let server = TestServer::start();
    let (status, body) = server.put("/cvs/cv-1", &json!({"id": 5}));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["path"], json!("id"));
    let message = body["errors"][0]["message"].as_str().unwrap_or("");
    assert!(
        message.starts_with("expected a string, got a number"),
        "{body}"
    );
}

/// `vivier index` applies the same id rule as the HTTP writes: the bad line is reported with
/// its number, the others are indexed.
#[test]
fn offline_index_refuses_reserved_ids() {
    let data_dir = tempfile::tempdir().expect("tempdir");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vivier"))
        .args(["index", "--collection", "offers", "--data-dir"])
        .arg(data_dir.path())
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("vivier runs");
    let input = "{\"id\":\"o-1\"}\n{\"id\":\"_bulk\"}\n{\"id\":\"o-2\"}\n";
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), input.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("vivier ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("line 2: ") && stderr.contains("id: must not start with `_`"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("indexed 2 documents"), "{stdout}");
}
