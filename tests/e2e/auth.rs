//! API keys: routes need their scopes, and CVs' personal data needs its own.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{read, TestServer, CVS, OFFERS};

const ADMIN: &str = "admin-key-0123456789abcdef0123456789";
const RECRUITER: &str = "recruiter-key-0123456789abcdef01234";
const ADVISER: &str = "adviser-key-0123456789abcdef0123456";
const OFFERS_ONLY: &str = "offers-key-0123456789abcdef01234567";

/// A server with four keys, loaded with the fixtures.
fn server() -> TestServer {
    let keys = json!({"keys": [
        {"name": "admin", "key": ADMIN, "scopes": ["*"]},
        {"name": "recruiter", "key": RECRUITER, "scopes": ["cvs:read", "offers:read", "taxonomy"]},
        {"name": "adviser", "key": ADVISER, "scopes": ["cvs:read", "cvs:personal"]},
        {"name": "job-board", "key": OFFERS_ONLY, "scopes": ["offers:read", "offers:write"]},
    ]});
    let file = tempfile::NamedTempFile::new().expect("keys file");
    std::fs::write(file.path(), keys.to_string()).expect("write keys");
    let path = file.path().to_path_buf();
    let server = TestServer::start_with(|config| config.api_keys = Some(path));
    drop(file);
    for (collection, ndjson) in [("cvs", CVS), ("offers", OFFERS)] {
        let response = server
            .client
            .post(server.url(&format!("/{collection}/_bulk?refresh=true")))
            .header("content-type", "application/x-ndjson")
            .bearer_auth(ADMIN)
            .body(ndjson)
            .send()
            .expect("bulk");
        let (status, body) = read(response);
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    server
}

fn call(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    key: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = server.client.request(method, server.url(path));
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    read(request.send().expect("request"))
}

#[test]
fn routes_need_a_key_with_their_scopes() {
    let server = server();
    let search = json!({"q": "java"});
    // Health stays open, for probes.
    let (status, _) = call(&server, reqwest::Method::GET, "/health", None, None);
    assert_eq!(status, StatusCode::OK);
    for key in [None, Some("not-a-key-0123456789abcdef0123456")] {
        let response = server
            .client
            .post(server.url("/cvs/_search"))
            .header("x-api-key", key.unwrap_or(""))
            .json(&search)
            .send()
            .expect("search");
        assert_eq!(
            response
                .headers()
                .get("www-authenticate")
                .map(|v| v.as_bytes()),
            Some(&b"Bearer"[..])
        );
        let (status, body) = read(response);
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body["code"], "unauthorized", "{body}");
    }
    // Unknown routes give nothing away without a key either.
    let (status, _) = call(&server, reqwest::Method::GET, "/nowhere", None, None);
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let post = reqwest::Method::POST;
    let (status, body) = call(
        &server,
        post.clone(),
        "/cvs/_search",
        Some(OFFERS_ONLY),
        Some(search.clone()),
    );
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["code"], "forbidden");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("cvs:read"),
        "{body}"
    );
    let (status, body) = call(
        &server,
        post.clone(),
        "/offers/_search",
        Some(OFFERS_ONLY),
        Some(search.clone()),
    );
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = call(
        &server,
        post.clone(),
        "/cvs/_search",
        Some(RECRUITER),
        Some(search),
    );
    assert_eq!(status, StatusCode::OK, "{body}");
    // Matching an offer answers CVs: the job board may not.
    let (status, _) = call(
        &server,
        post.clone(),
        "/match/offer/offer-java-lyon",
        Some(OFFERS_ONLY),
        Some(json!({})),
    );
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Admin and taxonomy routes have their own scopes.
    let (status, _) = call(&server, post.clone(), "/admin/purge", Some(RECRUITER), None);
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &server,
        reqwest::Method::GET,
        "/taxonomy/autocomplete?q=serv",
        Some(OFFERS_ONLY),
        None,
    );
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &server,
        reqwest::Method::GET,
        "/taxonomy/autocomplete?q=serv",
        Some(RECRUITER),
        None,
    );
    assert_eq!(status, StatusCode::OK);
}

#[test]
fn a_key_that_may_not_write_changes_nothing() {
    let server = server();
    let cv = json!({"headline": "Serveuse", "summary": "Service en salle."});
    let (status, body) = call(
        &server,
        reqwest::Method::PUT,
        "/cvs/intruder?refresh=true",
        Some(RECRUITER),
        Some(cv.clone()),
    );
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = call(
        &server,
        reqwest::Method::DELETE,
        "/cvs/cv-dev-lyon?refresh=true",
        Some(RECRUITER),
        None,
    );
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &server,
        reqwest::Method::GET,
        "/cvs/intruder",
        Some(ADMIN),
        None,
    );
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &server,
        reqwest::Method::GET,
        "/cvs/cv-dev-lyon",
        Some(ADMIN),
        None,
    );
    assert_eq!(status, StatusCode::OK);
    let (status, body) = call(
        &server,
        reqwest::Method::PUT,
        "/cvs/welcome?refresh=true",
        Some(ADMIN),
        Some(cv),
    );
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[test]
fn personal_data_needs_its_own_scope() {
    let server = server();
    let get = reqwest::Method::GET;
    let post = reqwest::Method::POST;
    let (_, whole) = call(
        &server,
        get.clone(),
        "/cvs/cv-dev-lyon",
        Some(RECRUITER),
        None,
    );
    assert_eq!(whole["id"], "cv-dev-lyon", "{whole}");
    assert!(whole.get("contact").is_none(), "{whole}");
    let (_, whole) = call(&server, get, "/cvs/cv-dev-lyon", Some(ADVISER), None);
    assert_eq!(whole["contact"]["email"], "lea@example.com", "{whole}");
    // HEAD reads as GET does: the read scope, and a length without the contact.
    let head = |key: &str| {
        let response = server
            .client
            .head(server.url("/cvs/cv-dev-lyon"))
            .header("x-api-key", key)
            .send()
            .expect("head");
        let length = response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        (response.status(), length)
    };
    let (_, redacted) = call(
        &server,
        reqwest::Method::GET,
        "/cvs/cv-dev-lyon",
        Some(RECRUITER),
        None,
    );
    assert_eq!(
        head(RECRUITER),
        (StatusCode::OK, Some(redacted.to_string().len()))
    );
    assert_eq!(head(OFFERS_ONLY).0, StatusCode::FORBIDDEN);

    let contact_of_hit = |key: &str, path: &str, body: Value| {
        let (status, answer) = call(&server, post.clone(), path, Some(key), Some(body));
        assert_eq!(status, StatusCode::OK, "{answer}");
        let hit = answer["hits"]
            .as_array()
            .and_then(|hits| hits.iter().find(|hit| hit["id"] == "cv-dev-lyon"))
            .cloned()
            .unwrap_or_else(|| panic!("cv-dev-lyon among the hits: {answer}"));
        assert_eq!(hit["doc"]["id"], "cv-dev-lyon");
        hit["doc"].get("contact").cloned()
    };
    let search = json!({"q": "java", "limit": 100});
    assert_eq!(
        contact_of_hit(RECRUITER, "/cvs/_search", search.clone()),
        None
    );
    assert_eq!(
        contact_of_hit(ADVISER, "/cvs/_search", search),
        Some(json!({"email": "lea@example.com"}))
    );
    let inline = json!({"document": {"id": "o", "title": "Développeur Java", "description": "Java et Spring Boot à Lyon."}, "limit": 100, "anywhere": true});
    assert_eq!(
        contact_of_hit(RECRUITER, "/match/offer", inline.clone()),
        None
    );
    assert_eq!(
        contact_of_hit(ADMIN, "/match/offer", inline),
        Some(json!({"email": "lea@example.com"}))
    );
}

#[test]
fn a_keys_file_that_does_not_parse_stops_the_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("keys.json");
    std::fs::write(
        &path,
        r#"{"keys": [{"name": "a", "key": "short", "scopes": ["*"]}]}"#,
    )
    .expect("write");
    let mut config = vivier::config::Config::for_test(dir.path().join("data"));
    config.api_keys = Some(path);
    let err = vivier::open_state(config).err().expect("refused");
    assert!(err.to_string().contains("at least 24 characters"), "{err}");
}
