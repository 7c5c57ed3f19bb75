//! Matching offers to CVs and CVs to offers.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{ids, TestServer};

const LYON: (f64, f64) = (45.7640, 4.8357);

fn cv(
    id: &str,
    city: (f64, f64),
    skills: &[&str],
    contract: &str,
    years: u32,
    mobility: u32,
) -> Value {
    json!({
        "id": id, "headline": "Développeur", "skills": skills,
        "location": {"lat": city.0, "lon": city.1}, "contract_types": [contract],
        "years_experience": years, "mobility_km": mobility,
    })
}

fn offer() -> Value {
    json!({
        "id": "java-lyon", "title": "Développeur Java H/F", "description": "Vous développerez nos API.",
        "location": {"lat": LYON.0, "lon": LYON.1}, "contract_type": "CDI", "experience_years_min": 3,
        "skills_required": ["Java", "Spring Boot"], "skills_optional": ["Kafka"],
    })
}

fn server() -> TestServer {
    let server = TestServer::start();
    let cvs = [
        cv(
            "best",
            LYON,
            &["Java", "Spring Boot", "Kafka"],
            "CDI",
            5,
            10,
        ),
        cv("java-only", (45.75, 4.85), &["Java"], "CDI", 4, 10),
        cv(
            "paris",
            (48.8566, 2.3522),
            &["Java", "Spring Boot", "Kafka"],
            "CDI",
            6,
            0,
        ),
        cv(
            "cdd-only",
            (45.7719, 4.8902),
            &["Java", "Spring Boot"],
            "CDD",
            5,
            10,
        ),
        cv(
            "grenoble-mobile",
            (45.1885, 5.7245),
            &["Java", "Spring Boot"],
            "CDI",
            5,
            150,
        ),
        json!({"id": "waiter", "headline": "Serveuse", "skills": ["service en salle"], "location": {"lat": LYON.0, "lon": LYON.1}, "contract_types": ["CDI"], "years_experience": 5}),
    ];
    let lines: Vec<String> = cvs.iter().map(Value::to_string).collect();
    server.bulk_ok("cvs", &lines.join("\n"));
    let offers = [
        offer(),
        json!({"id": "waiter-lyon", "title": "Serveur H/F", "location": {"lat": LYON.0, "lon": LYON.1}, "contract_type": "CDI", "skills_required": ["service en salle"]}),
    ];
    let lines: Vec<String> = offers.iter().map(Value::to_string).collect();
    server.bulk_ok("offers", &lines.join("\n"));
    server
}

#[test]
fn candidates_for_an_offer_respect_skills_place_contract_and_mobility() {
    let server = server();
    let (status, response) = server.post("/match/offer/java-lyon", &json!({}));
    assert_eq!(status, StatusCode::OK, "{response}");
    let found = ids(&response);
    assert_eq!(found[0], "best", "{response}");
    assert!(found.contains(&"java-only".to_string()));
    assert!(
        found.contains(&"grenoble-mobile".to_string()),
        "mobility ignored: {found:?}"
    );
    for absent in ["paris", "cdd-only", "waiter"] {
        assert!(
            !found.contains(&absent.to_string()),
            "{absent} should not match: {found:?}"
        );
    }
    let first = &response["hits"][0];
    let best = first["match_score"].as_u64().expect("match score");
    assert!(best >= 90, "{first}");
    for hit in response["hits"].as_array().expect("hits").iter().skip(1) {
        assert!(hit["match_score"].as_u64().expect("score") < best, "{hit}");
    }
    let java_only = response["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .find(|h| h["id"] == json!("java-only"))
        .expect("java-only");
    assert!(java_only["match_score"].as_u64().expect("score") < 100);
    assert!(java_only["explanation"]["missing_skills"]
        .as_array()
        .is_some_and(|m| !m.is_empty()));
    assert!(response["query"]["skills"]
        .as_array()
        .is_some_and(|s| s.len() >= 2));
}

#[test]
fn an_inline_offer_matches_like_a_stored_one() {
    let server = server();
    let (_, stored) = server.post("/match/offer/java-lyon", &json!({}));
    let (status, inline) = server.post("/match/offer", &json!({"document": offer()}));
    assert_eq!(status, StatusCode::OK, "{inline}");
    assert_eq!(ids(&inline), ids(&stored));
}

#[test]
fn offers_for_a_cv() {
    let server = server();
    let (status, response) = server.post("/match/cv/best", &json!({"limit": 5}));
    assert_eq!(status, StatusCode::OK, "{response}");
    assert_eq!(ids(&response), vec!["java-lyon"], "{response}");
    let (_, waiter) = server.post("/match/cv/waiter", &json!({}));
    assert_eq!(ids(&waiter)[0], "waiter-lyon", "{waiter}");
}

#[test]
fn match_errors() {
    let server = server();
    let (status, body) = server.post("/match/offer/nope", &json!({}));
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::NOT_FOUND, json!("not_found"))
    );
    let (status, _) = server.post("/match/cv", &json!({}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = server.post(
        "/match/cv",
        &json!({"document": {"id": "x", "contract_types": ["permanent"]}}),
    );
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, _) = server.post("/match/cv/best", &json!({"colour": 1}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// Audit of the search: a match took any ranking weight, up to overflowing the scores.
#[test]
fn match_ranking_weights_are_checked() {
    let server = server();
    for ranking in [json!({"skills": 3e38}), json!({"text": -1})] {
        let (status, body) = server.post("/match/offer/java-lyon", &json!({ "ranking": ranking }));
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["code"], json!("bad_request"), "{body}");
        assert!(
            body["message"]
                .as_str()
                .unwrap_or_default()
                .starts_with("ranking."),
            "{body}"
        );
    }
    let (status, body) = server.post(
        "/match/offer/java-lyon",
        &json!({"ranking": {"skills": 100, "text": 0}}),
    );
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(!ids(&body).is_empty(), "{body}");
}

/// Regression (audit, consistency of acknowledged writes): matching by id read the committed
/// index only, so it matched from a CV already deleted and missed an offer already written,
/// while `GET` answered otherwise.
#[test]
fn match_by_id_sees_acknowledged_writes_at_once() {
    // Commits as rare as allowed: the writes below stay uncommitted while they are matched.
    let server = TestServer::start_with(|config| config.commit_interval_ms = 1_000);
    let java_cv = cv("race-1", LYON, &["Java", "Spring Boot"], "CDI", 5, 10);
    let mut other_cv = java_cv.clone();
    other_cv["id"] = json!("race-2");
    for cv in [&java_cv, &other_cv] {
        let id = cv["id"].as_str().expect("id");
        let (status, body) = server.put(&format!("/cvs/{id}?refresh=true"), cv);
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }

    // Deleted, not yet committed: gone for `GET` and for matching alike.
    assert_eq!(server.delete("/cvs/race-1").0, StatusCode::OK);
    assert_eq!(server.get("/cvs/race-1").0, StatusCode::NOT_FOUND);
    let (status, body) = server.post("/match/cv/race-1", &json!({}));
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::NOT_FOUND, json!("not_found")),
        "{body}"
    );

    // Written, not yet committed: found by `GET` and by matching alike.
    let mut race_offer = offer();
    race_offer["id"] = json!("race-o");
    let (status, _) = server.put("/offers/race-o", &race_offer);
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(server.get("/offers/race-o").0, StatusCode::OK);
    let (status, response) = server.post("/match/offer/race-o", &json!({}));
    assert_eq!(status, StatusCode::OK, "{response}");
    assert_eq!(ids(&response), vec!["race-2"], "{response}");
}

/// Audit: matching by id checked a stored source against today's write rules, so a CV
/// accepted before a rule existed (here an id starting with `_` and a language ISO does not
/// list) could be read and searched but not matched.
#[test]
fn a_source_stored_under_older_rules_is_matched_by_id() {
    use vivier_analyzers::{Analyzers, Lang};
    use vivier_indexer::{start_writer, CollectionIndex, WriteOp, WriterOptions};
    use vivier_schema::{Collection, Rules};

    let server = TestServer::start();
    server.bulk_ok(
        "offers",
        &json!({"id": "o-java", "title": "Développeur Java", "skills_required": ["Java"]})
            .to_string(),
    );
    let dir = server.stop();
    let index = CollectionIndex::open_or_create(
        dir.path(),
        Collection::Cvs,
        Analyzers::build(),
        Lang::Fr,
        None,
    )
    .expect("open");
    let older =
        r#"{"id": "_old", "headline": "Développeur Java", "skills": ["Java"], "lang": "zz"}"#;
    let prepared = index
        .preparer()
        .prepare_json_with(older, Rules::Stored)
        .expect("accepted under the older rules");
    let (writer, thread) = start_writer(&index, WriterOptions::default()).expect("writer");
    writer
        .write(vec![WriteOp::Upsert(prepared)])
        .expect("write");
    writer.commit().expect("commit");
    drop(writer);
    thread.join();
    drop(index);

    let config = vivier::config::Config::for_test(dir.path().to_path_buf());
    let server = TestServer::start_in(dir, config);
    let (status, response) = server.post("/match/cv/_old", &json!({}));
    assert_eq!(status, StatusCode::OK, "{response}");
    assert_eq!(ids(&response), vec!["o-java"], "{response}");
}

/// An inline source is not stored and needs no id.
#[test]
fn an_inline_source_needs_no_id() {
    let server = server();
    let (status, response) = server.post(
        "/match/cv",
        &json!({"document": {"headline": "Développeur Java", "skills": ["Java", "Spring Boot"]}}),
    );
    assert_eq!(status, StatusCode::OK, "{response}");
    assert!(!ids(&response).is_empty(), "{response}");
}
