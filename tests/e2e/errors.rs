//! Every error path answers JSON `{code, message}` with the right status, never a 500.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{read, TestServer};

fn assert_error(result: (StatusCode, Value), status: StatusCode, code: &str) -> Value {
    let (got_status, body) = result;
    assert_eq!(got_status, status, "{body}");
    assert_eq!(body["code"], json!(code), "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    body
}

#[test]
fn bad_query_gives_its_position() {
    let server = TestServer::with_fixtures();
    let body = assert_error(
        server.post("/cvs/_search", &json!({"q": "java \"spring"})),
        StatusCode::BAD_REQUEST,
        "bad_query",
    );
    assert_eq!(body["position"], json!(12));
    let body = assert_error(
        server.post("/cvs/_search", &json!({"q": "java colour:red"})),
        StatusCode::BAD_REQUEST,
        "bad_query",
    );
    assert_eq!(body["position"], json!(5));
    assert!(
        body["message"].as_str().unwrap_or("").contains("headline"),
        "{body}"
    );
    assert_error(
        server.post("/cvs/_search", &json!({"q": "a*"})),
        StatusCode::BAD_REQUEST,
        "bad_query",
    );
    assert_error(
        server.post("/cvs/_search", &json!({"q": "years:[1 TO 3]"})),
        StatusCode::BAD_REQUEST,
        "bad_query",
    );
    // A boost that would make scores infinite.
    assert_error(
        server.post(
            "/cvs/_search",
            &json!({"q": "java^340282350000000000000000000000000000000 OR python"}),
        ),
        StatusCode::BAD_REQUEST,
        "bad_query",
    );
    assert!(!server
        .ids("cvs", json!({"q": "java^2 OR python"}))
        .is_empty());
}

#[test]
fn bad_search_parameters_are_400() {
    let server = TestServer::with_fixtures();
    let bad = [
        json!({"limit": 101}),
        json!({"offset": 10001}),
        json!({"sort": "distance"}),
        json!({"sort": "salary"}),
        json!({"search_after": "garbage"}),
        json!({"filters": {"contract_types": ["permanent"]}}),
        json!({"filters": {"location": {"lat": 95, "lon": 0, "radius_km": 10}}}),
        json!({"filters": {"location": {"lat": 45, "lon": 4, "radius_km": 0}}}),
        json!({"filters": {"location": {"postal_code": "99999", "radius_km": 10}}}),
        json!({"filters": {"years_experience": {"min": 5, "max": 2}}}),
        json!({"filters": {"salary": {"min": 30000}}}),
        json!({"filters": {"updated_since": "yesterday"}}),
        json!({"facets": ["colour"]}),
        json!({"lang": "french"}),
        json!({"lang": "zz"}),
        json!({"q": "java", "highlight": {"fields": ["bogus"]}}),
        json!({"q": "java", "highlight": {"number_of_fragments": 0}}),
        json!({"q": "java", "highlight": {"fragment_size": 0}}),
        json!({"q": "java", "highlight": {"pre_tag": "x".repeat(65)}}),
        json!({"filters": {"languages": ["zz"]}}),
        json!({"q": "java", "colour": "red"}),
        json!({"q": 42}),
    ];
    for body in bad {
        assert_error(
            server.post("/cvs/_search", &body),
            StatusCode::BAD_REQUEST,
            "bad_request",
        );
    }
    // Messages say what was expected, in the API's words, not serde's type names.
    for (body, says) in [
        (json!([]), "a search request: a JSON object"),
        (json!({"filters": null}), "`filters`: an object"),
        (
            json!({"highlight": "yes"}),
            "`highlight`: true, false, or an object",
        ),
    ] {
        let answer = assert_error(
            server.post("/cvs/_search", &body),
            StatusCode::BAD_REQUEST,
            "bad_request",
        );
        let message = answer["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{body} -> {answer}");
        assert!(
            !message.contains("struct") && !message.contains("enum"),
            "{answer}"
        );
    }
    // A cursor of one sort order is refused for another.
    let page = server.search("cvs", json!({"limit": 1}));
    let cursor = page["next"].as_str().expect("next");
    assert_error(
        server.post(
            "/cvs/_search",
            &json!({"limit": 1, "sort": "updated_at", "search_after": cursor}),
        ),
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
}

#[test]
fn invalid_documents_are_422_with_every_problem() {
    let server = TestServer::start();
    let body = assert_error(
        server.put(
            "/cvs/x",
            &json!({"headline": 3, "experiences": [{"start": "hier"}], "colour": "red"}),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_document",
    );
    let paths: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["path"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(paths, vec!["colour", "headline", "experiences[0].start"]);
    assert_error(
        server.put("/cvs/x", &json!({"id": "y"})),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_document",
    );
    let long_id = "x".repeat(129);
    assert_error(
        server.put(&format!("/cvs/{long_id}"), &json!({})),
        StatusCode::BAD_REQUEST,
        "invalid_id",
    );
    // Nothing was stored.
    assert_eq!(server.search("cvs", json!({}))["total"], json!(0));
}

#[test]
fn malformed_bodies_unknown_routes_and_methods() {
    let server = TestServer::start_with(|config| config.max_body_bytes = 2048);
    let client = &server.client;
    let raw = |request: reqwest::blocking::RequestBuilder| read(request.send().expect("send"));

    assert_error(
        raw(client
            .post(server.url("/cvs/_search"))
            .header("content-type", "application/json")
            .body("{")),
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert_error(
        raw(client.post(server.url("/cvs/_search")).body("{}")),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    assert_error(
        raw(client
            .post(server.url("/cvs/_bulk"))
            .header("content-type", "text/csv")
            .body("a,b")),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    let big = json!({"q": "x".repeat(4096)});
    assert_error(
        server.post("/cvs/_search", &big),
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    assert_error(
        server.put("/cvs/big", &json!({"summary": "y".repeat(4096)})),
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    assert_error(server.get("/nowhere"), StatusCode::NOT_FOUND, "not_found");
    assert_error(
        server.get("/jobs/_search"),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_error(
        server.get("/cvs/_search"),
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
    assert_error(
        raw(client.patch(server.url("/cvs/abc"))),
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
    assert_error(
        raw(client.delete(server.url("/health"))),
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
}

#[test]
fn bulk_body_limit_is_separate_and_enforced() {
    let server = TestServer::start_with(|config| {
        config.max_body_bytes = 2048;
        config.max_bulk_bytes = 8192;
    });
    let line = |i: usize| format!("{{\"id\":\"cv-{i}\",\"headline\":\"Menuisier {i}\"}}");
    let fits: Vec<String> = (0..100).map(line).collect();
    let fits = fits.join("\n");
    assert!(fits.len() > 2048 && fits.len() < 8192);
    server.bulk_ok("cvs", &fits);
    let too_big: Vec<String> = (0..400).map(line).collect();
    let response = server
        .client
        .post(server.url("/cvs/_bulk"))
        .header("content-type", "application/x-ndjson")
        .body(too_big.join("\n"))
        .send()
        .expect("bulk");
    assert_error(
        read(response),
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
}

/// Audit of the search: a query nesting a few hundred groups or `NOT`s overflowed the
/// stack and aborted the server.
#[test]
fn deeply_nested_queries_are_400_and_the_server_lives_on() {
    let server = TestServer::with_fixtures();
    let deep_queries = [
        format!("{}java{}", "(".repeat(800), ")".repeat(800)),
        format!("{}java", "NOT ".repeat(300)),
        format!("{}java", "( \")\" ".repeat(400)),
        format!("{}java{}", "title:(".repeat(400), ")".repeat(400)),
    ];
    for q in deep_queries {
        for path in ["/cvs/_search", "/offers/_search"] {
            let body = assert_error(
                server.post(path, &json!({ "q": q })),
                StatusCode::BAD_REQUEST,
                "bad_query",
            );
            let message = body["message"].as_str().unwrap_or_default();
            assert!(message.contains("at most 32 levels"), "{body}");
            assert!(body["position"].is_u64(), "{body}");
        }
    }
    let nested = format!("{}java{}", "(".repeat(32), ")".repeat(32));
    assert!(!server.ids("cvs", json!({ "q": nested })).is_empty());
    assert!(!server.ids("cvs", json!({"q": "java"})).is_empty());
}

/// Sends a request built by hand and checks that the answer is a JSON error with `code`.
fn assert_json_error(request: reqwest::blocking::RequestBuilder, status: StatusCode, code: &str) {
    let response = request.send().expect("send");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let url = response.url().to_string();
    let (got_status, body) = read(response);
    assert_eq!(content_type, "application/json", "{url}: {body}");
    assert_eq!(got_status, status, "{url}: {body}");
    assert_eq!(body["code"], json!(code), "{url}: {body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{url}: {body}"
    );
}

/// Rejections made before a handler runs (path, query, body, routing) are JSON errors too.
#[test]
fn extractor_rejections_are_json_errors() {
    let server = TestServer::start_with(|config| config.max_body_bytes = 2048);
    let client = &server.client;
    let url = |path: &str| server.url(path);
    let bad_requests = [
        // Not UTF-8 once percent-decoded.
        client.get(url("/cvs/%FF")),
        client.delete(url("/cvs/%FF")),
        client.get(url("/taxonomy/concepts/%FF")),
        client.post(url("/match/offer/%FF")),
        client.get(url("/admin/tasks/%FF")),
        // Unknown or malformed query parameters.
        client.get(url("/taxonomy/concepts/vivier:skill/git?x=1")),
        client.delete(url("/cvs/cv-1?refresh=maybe")),
        client.get(url("/taxonomy/autocomplete?q=java&limit=many")),
    ];
    for request in bad_requests {
        assert_json_error(request, StatusCode::BAD_REQUEST, "bad_request");
    }
    // A raw body over the limit.
    assert_json_error(
        client
            .post(url("/match/offer"))
            .header("content-type", "application/json")
            .body("x".repeat(4096)),
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    assert_json_error(
        client.post(url("/cvs/_search")).body("{}"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    assert_json_error(
        client.get(url("/nowhere")),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_json_error(
        client.put(url("/offers/_search")),
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
}

/// Sends `request` on a fresh connection and returns everything the server sent until it
/// closed the connection; panics if it is still open after 20 s.
fn exchange_until_closed(server: &TestServer, request: &str) -> String {
    let address = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("read timeout");
    stream.write_all(request.as_bytes()).expect("write");
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .expect("the server should have closed the connection");
    String::from_utf8_lossy(&answer).into_owned()
}

/// A client that never finishes its headers must not hold a connection forever.
#[test]
fn unfinished_headers_are_cut_off() {
    let server = TestServer::start_with(|config| config.header_read_timeout_secs = 1);
    let answer = exchange_until_closed(&server, "GET /health HTTP/1.1\r\nHost: x\r\n");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    // The server still serves complete requests.
    assert_eq!(server.get("/health").0, StatusCode::OK);
}

/// A request whose body never arrives in full is answered 408 in the API's error shape.
#[test]
fn request_timeout_is_a_json_error() {
    let server = TestServer::start_with(|config| {
        config.request_timeout_secs = 1;
        config.header_read_timeout_secs = 1;
    });
    let answer = exchange_until_closed(
        &server,
        "PUT /cvs/cv-1 HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n\
         content-length: 100\r\n\r\n{\"headline\":",
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{answer}"
    );
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    let body: Value = serde_json::from_str(body).expect("JSON body");
    assert_eq!(body["code"], json!("request_timeout"), "{answer}");
}
