//! Hybrid ranking: skills and occupation with text, explanations, concept facets, match
//! scores. Orders asserted here are the ones a recruiter would expect.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{ids, TestServer};

const JAVA: &str = "http://data.europa.eu/esco/skill/19a8293b-8e95-4de3-983f-77484079c389";
const WAITER: &str = "http://data.europa.eu/esco/occupation/d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471";

fn server() -> TestServer {
    let server = TestServer::start();
    let cvs = [
        json!({"id": "all-four", "headline": "Développeur back-end", "skills": ["Java", "Spring Boot", "Kafka", "Docker"]}),
        json!({"id": "two-of-four", "headline": "Développeur", "skills": ["Java", "Spring Boot"]}),
        json!({"id": "in-passing", "headline": "Chef de projet", "summary": "J'ai aussi fait un peu de Java et de Spring Boot il y a longtemps, en développement d'applications."}),
        json!({"id": "waiter", "headline": "Serveuse", "skills": ["service en salle", "encaissement"]}),
    ];
    let lines: Vec<String> = cvs.iter().map(Value::to_string).collect();
    server.bulk_ok("cvs", &lines.join("\n"));
    server
}

fn skills(labels: &[&str]) -> Value {
    json!(labels
        .iter()
        .map(|l| json!({"label": l}))
        .collect::<Vec<_>>())
}

#[test]
fn more_and_better_evidenced_skills_rank_first() {
    let server = server();
    let response = server.search(
        "cvs",
        json!({"skills": skills(&["Java", "Spring Boot", "Kafka", "Docker"])}),
    );
    let order = ids(&response);
    assert_eq!(
        order,
        vec!["all-four", "two-of-four", "in-passing"],
        "{response}"
    );
    let scores: Vec<u64> = response["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["match_score"].as_u64().expect("match score"))
        .collect();
    assert_eq!(scores[0], 100);
    assert!(
        scores[1] < scores[0] && scores[2] <= scores[1],
        "{scores:?}"
    );
}

#[test]
fn required_skills_filter_and_occupation_ranks() {
    let server = server();
    let required = json!([{"label": "Java"}, {"label": "Kafka", "required": true}]);
    assert_eq!(
        ids(&server.search("cvs", json!({"skills": required}))),
        vec!["all-four"]
    );
    let response = server.search("cvs", json!({"occupation": "serveur"}));
    assert_eq!(ids(&response)[0], "waiter", "{response}");
    let by_id = server.search("cvs", json!({"occupation": WAITER}));
    assert_eq!(ids(&by_id)[0], "waiter");
}

#[test]
fn explanations_say_what_matched_where_and_what_is_missing() {
    let server = server();
    let response = server.search(
        "cvs",
        json!({"skills": skills(&["Java", "Kafka"]), "explain": true, "limit": 10}),
    );
    let hits = response["hits"].as_array().expect("hits");
    let two = hits
        .iter()
        .find(|h| h["id"] == json!("two-of-four"))
        .expect("two-of-four");
    let explanation = &two["explanation"];
    let java = explanation["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .find(|s| s["id"] == json!(JAVA))
        .expect("java explained");
    assert_eq!(java["matched"], json!(true));
    assert_eq!(java["via"], json!("exact"));
    assert_eq!(
        java["evidence"][0]["field"],
        json!("skills"),
        "{explanation}"
    );
    assert_eq!(
        explanation["missing_skills"],
        json!(["vivier:skill/kafka"]),
        "{explanation}"
    );
    assert!(
        explanation["parts"]["skills"]
            .as_f64()
            .expect("skills part")
            > 0.0,
        "{explanation}"
    );
}

#[test]
fn text_and_skills_combine() {
    let server = server();
    // Text alone would put the project manager first for "chef de projet"; adding the
    // skills keeps the text match but lifts skilled developers.
    let response = server.search(
        "cvs",
        json!({"q": "chef de projet", "skills": skills(&["Java"])}),
    );
    let order = ids(&response);
    assert!(order.contains(&"in-passing".to_string()), "{order:?}");
    assert!(order.contains(&"all-four".to_string()), "{order:?}");
    let text_only = server.search("cvs", json!({"q": "chef de projet"}));
    assert_eq!(ids(&text_only), vec!["in-passing"]);
}

#[test]
fn a_spelt_out_skill_does_not_outweigh_having_it() {
    // A recruiter types a skill's label as words and as a skill: the English CV that has
    // the skill ranks above the French one that only repeats the label's words.
    let server = TestServer::start();
    let cvs = [
        json!({"id": "has-it", "lang": "en", "headline": "Engineer", "skills": ["project management"]}),
        json!({"id": "words-only", "headline": "Projet : gestion des stocks", "summary": "Projet d'entrepôt, gestion des commandes, gestion des retours, projet logistique."}),
    ];
    let lines: Vec<String> = cvs.iter().map(Value::to_string).collect();
    server.bulk_ok("cvs", &lines.join("\n"));
    let response = server.search(
        "cvs",
        json!({"q": "gestion de projet", "skills": skills(&["gestion de projet"])}),
    );
    assert_eq!(ids(&response), vec!["has-it", "words-only"], "{response}");
}

#[test]
fn concept_facets_carry_labels() {
    let server = server();
    let response = server.search(
        "cvs",
        json!({"facets": ["skills", "occupations"], "limit": 0}),
    );
    let skills = response["facets"]["skills"]
        .as_array()
        .expect("skills facet");
    let java = skills
        .iter()
        .find(|v| v["value"] == json!(JAVA))
        .expect("java facet");
    assert_eq!(java["count"], json!(3));
    assert_eq!(java["label"], json!("Java"));
    assert!(response["facets"]["occupations"]
        .as_array()
        .is_some_and(|o| !o.is_empty()));
}

#[test]
fn unknown_or_ambiguous_labels_are_400() {
    let server = server();
    let (status, body) = server.post("/cvs/_search", &json!({"skills": [{"label": "API"}]}));
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], json!("ambiguous_label"));
    assert!(
        body["candidates"].as_array().is_some_and(|c| c.len() >= 2),
        "{body}"
    );
    let (status, body) = server.post("/cvs/_search", &json!({"skills": [{"label": "zzz qqq"}]}));
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = server.post("/cvs/_search", &json!({"skills": [{"id": "no-such-id"}]}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = server.post("/cvs/_search", &json!({"skills": [{}]}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = server.post(
        "/cvs/_search",
        &json!({"skills": [{"label": "Java", "weight": -1}]}),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// Audit of the search: weights of 1e38 gave hits without a score in no order; negative
/// weights and 1e39 were taken.
#[test]
fn ranking_weights_are_numbers_from_0_to_100() {
    let server = server();
    let bad = [
        ("text", json!(1e38)),
        ("skills", json!(3e38)),
        ("occupation", json!(-1)),
        ("freshness", json!(1e39)),
        ("distance", json!(100.5)),
    ];
    for (name, weight) in bad {
        let ranking = json!({ name: weight });
        for body in [
            json!({"q": "java", "ranking": ranking}),
            json!({"skills": skills(&["Java"]), "ranking": ranking}),
        ] {
            let (status, response) = server.post("/cvs/_search", &body);
            assert_eq!(status, StatusCode::BAD_REQUEST, "{body} -> {response}");
            assert_eq!(response["code"], json!("bad_request"), "{response}");
            let message = response["message"].as_str().unwrap_or_default();
            assert!(message.contains(&format!("ranking.{name}")), "{response}");
        }
    }
    let fine = json!({"text": 0, "skills": 100, "occupation": 2.5, "freshness": 0, "distance": 0});
    let response = server.search(
        "cvs",
        json!({"q": "développeur", "skills": skills(&["Java"]), "ranking": fine}),
    );
    let hits = response["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|hit| hit["score"].is_f64()), "{response}");
}

/// Audit of the search: with freshness in the ranking, hits came in the order of a score
/// they did not show, and their scores looked unsorted.
#[test]
fn scores_follow_the_order_with_ranking_bonuses() {
    let server = TestServer::start();
    let cvs = [
        json!({"id": "old-exact", "headline": "Serveuse", "updated_at": "2001-01-01T00:00:00Z"}),
        json!({"id": "new-longer", "headline": "Serveuse en brasserie traditionnelle lyonnaise", "updated_at": "2099-01-01T00:00:00Z"}),
        json!({"id": "old-longer", "headline": "Serveuse en brasserie traditionnelle", "updated_at": "2002-01-01T00:00:00Z"}),
    ];
    let lines: Vec<String> = cvs.iter().map(Value::to_string).collect();
    server.bulk_ok("cvs", &lines.join("\n"));
    let plain = server.search("cvs", json!({"q": "serveuse"}));
    assert_eq!(ids(&plain), ["old-exact", "old-longer", "new-longer"]);
    let response = server.search(
        "cvs",
        json!({"q": "serveuse", "ranking": {"freshness": 10}, "explain": true}),
    );
    assert_eq!(ids(&response)[0], "new-longer");
    let hits = response["hits"].as_array().expect("hits");
    let scores: Vec<f64> = hits
        .iter()
        .map(|hit| hit["score"].as_f64().expect("score"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for hit in hits {
        let explained = hit["explanation"]["score"].as_f64().expect("explained");
        let shown = hit["score"].as_f64().expect("score");
        assert!((explained - shown).abs() < 1e-3, "{hit}");
    }
}

/// Audit: with `q` alone, `ranking.text` was ignored.
#[test]
fn the_text_weight_counts_with_q_alone() {
    let server = TestServer::start();
    let cvs = [
        json!({"id": "exact-old", "headline": "Serveuse", "updated_at": "2001-01-01T00:00:00Z"}),
        json!({"id": "longer-new", "headline": "Serveuse en brasserie traditionnelle lyonnaise", "updated_at": "2099-01-01T00:00:00Z"}),
        json!({"id": "unrelated", "headline": "Soudeur", "updated_at": "2099-01-01T00:00:00Z"}),
    ];
    let lines: Vec<String> = cvs.iter().map(Value::to_string).collect();
    server.bulk_ok("cvs", &lines.join("\n"));
    let score_of = |ranking: Value| {
        let response = server.search("cvs", json!({"q": "serveuse", "ranking": ranking}));
        (ids(&response), response["hits"][0]["score"].as_f64())
    };
    let (plain, plain_score) = score_of(json!({}));
    assert_eq!(plain, ["exact-old", "longer-new"]);
    let (doubled, doubled_score) = score_of(json!({"text": 2}));
    assert_eq!(doubled, plain);
    let (plain_score, doubled_score) = (plain_score.expect("score"), doubled_score.expect("score"));
    assert!(
        (doubled_score - 2.0 * plain_score).abs() < 1e-3,
        "{plain_score} {doubled_score}"
    );
    // Without the text part, `q` still says what matches; freshness alone orders it.
    let (fresh_first, _) = score_of(json!({"text": 0, "freshness": 1}));
    assert_eq!(fresh_first, ["longer-new", "exact-old"]);
}

/// Audit: explanation evidence gave byte offsets, which slice accented text wrongly.
#[test]
fn evidence_spans_count_characters() {
    let server = TestServer::start();
    let summary = "Conçu et développé à Québec : des services en Java pour l'équipe.";
    server.bulk_ok(
        "cvs",
        &json!({"id": "accented", "headline": "Développeuse", "summary": summary}).to_string(),
    );
    let response = server.search("cvs", json!({"skills": skills(&["Java"]), "explain": true}));
    let evidence = &response["hits"][0]["explanation"]["skills"][0]["evidence"][0];
    assert_eq!(evidence["field"], json!("summary"), "{response}");
    let (start, end) = (
        evidence["start"].as_u64().expect("start") as usize,
        evidence["end"].as_u64().expect("end") as usize,
    );
    let written: String = summary.chars().skip(start).take(end - start).collect();
    assert_eq!(written, "Java", "{evidence}");
}
