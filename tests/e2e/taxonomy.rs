//! The taxonomy API, and concepts at work in indexing and search.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{list_ids, TestServer};

const WELDING: &str = "http://data.europa.eu/esco/skill/530cb489-d900-46ab-9350-4d50ccd49eea";
const JAVA: &str = "http://data.europa.eu/esco/skill/19a8293b-8e95-4de3-983f-77484079c389";
const WAITER: &str = "http://data.europa.eu/esco/occupation/d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471";

/// Extracts the mentions of a French text through the API, which must answer 200.
fn extract_french(server: &TestServer, text: &str) -> Value {
    let (status, body) = server.post("/taxonomy/extract", &json!({"text": text, "lang": "fr"}));
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[test]
fn resolve_ranks_concepts_for_a_short_text() {
    let server = TestServer::start();
    let (status, body) = server.post(
        "/taxonomy/resolve",
        &json!({"text": "Développeuse Java", "kind": "occupation", "limit": 3}),
    );
    assert_eq!(status, StatusCode::OK, "{body}");
    let candidates = body["candidates"].as_array().expect("candidates");
    assert!(!candidates.is_empty() && candidates.len() <= 3);
    assert_eq!(
        candidates[0]["id"],
        json!("vivier:occupation/java-developer"),
        "{body}"
    );
    assert_eq!(candidates[0]["kind"], json!("occupation"));
    let score = candidates[0]["score"].as_f64().expect("score");
    assert!((0.0..=1.0).contains(&score));
    let (_, english) = server.post(
        "/taxonomy/resolve",
        &json!({"text": "welding", "lang": "fr"}),
    );
    assert_eq!(english["candidates"][0]["id"], json!(WELDING));
    assert_eq!(english["candidates"][0]["label"], json!("soudure"));
}

#[test]
fn job_titles_with_it_resolve_to_it_jobs() {
    // The built-in taxonomy writes "IT manager" and "head of IT"; titles must not be read
    // as ESCO's "ICT" only, nor lose "IT" as the English pronoun.
    const IT_MANAGER: &str =
        "http://data.europa.eu/esco/occupation/f0ca39a8-1e30-487c-95f9-ef2d5e734adc";
    let server = TestServer::start();
    for text in ["IT manager", "Responsable IT"] {
        let (status, body) = server.post(
            "/taxonomy/resolve",
            &json!({"text": text, "kind": "occupation", "limit": 3}),
        );
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            body["candidates"][0]["id"],
            json!(IT_MANAGER),
            "{text}: {body}"
        );
    }
}

#[test]
fn extract_finds_mentions_and_tells_waiters_from_servers() {
    let server = TestServer::start();
    let text = "Serveuse en brasserie : service en salle. Puis administration des serveurs Linux et développement Java avec Spring Boot.";
    let body = extract_french(&server, text);
    let mentions = &body["mentions"];
    let found = list_ids(mentions);
    assert!(found.contains(&WAITER), "{body}");
    assert!(found.contains(&JAVA), "{body}");
    let chars: Vec<char> = text.chars().collect();
    for mention in mentions.as_array().expect("mentions") {
        let start = mention["start"].as_u64().expect("start") as usize;
        let end = mention["end"].as_u64().expect("end") as usize;
        let surface: String = chars[start..end].iter().collect();
        assert_eq!(json!(surface), mention["surface"]);
        let confidence = mention["confidence"].as_f64().expect("confidence");
        assert!((0.0..=1.0).contains(&confidence));
        assert!(mention["alternatives"].is_array());
    }
    let servers = mentions
        .as_array()
        .expect("mentions")
        .iter()
        .filter(|m| {
            m["surface"]
                .as_str()
                .is_some_and(|s| s.contains("serveurs"))
        })
        .all(|m| m["id"] != json!(WAITER));
    assert!(servers, "Linux servers tagged as waiters: {body}");
}

#[test]
fn extract_tells_a_job_from_its_activity_and_stops_at_list_breaks() {
    let server = TestServer::start();
    let text = "Préparatrice de commandes : préparation des commandes, gestion des stocks.";
    let body = extract_french(&server, text);
    let by_surface = |surface: &str| -> Option<&str> {
        body["mentions"]
            .as_array()
            .expect("mentions")
            .iter()
            .find(|m| m["surface"] == json!(surface))
            .and_then(|m| m["kind"].as_str())
    };
    // Stems join "préparatrice" and "préparation": the heading is the job, the other the
    // activity.
    assert_eq!(
        by_surface("Préparatrice de commandes"),
        Some("occupation"),
        "{body}"
    );
    assert_eq!(
        by_surface("préparation des commandes"),
        Some("skill"),
        "{body}"
    );
    // A label does not run across a colon or a comma: "Développeur : Java" is a heading
    // and a skill, not the label "développeur Java".
    let text = "Développeur : Java, Spring Boot.";
    let body = extract_french(&server, text);
    assert!(list_ids(&body["mentions"]).contains(&JAVA), "{body}");
    for mention in body["mentions"].as_array().expect("mentions") {
        let surface = mention["surface"].as_str().expect("surface");
        assert!(!surface.contains(':') && !surface.contains(','), "{body}");
    }
}

#[test]
fn concepts_and_autocomplete() {
    let server = TestServer::start();
    let (status, concept) = server.get(&format!("/taxonomy/concepts/{JAVA}?lang=en"));
    assert_eq!(status, StatusCode::OK, "{concept}");
    assert_eq!(concept["id"], json!(JAVA));
    assert_eq!(concept["kind"], json!("skill"));
    assert!(concept["labels"].as_array().is_some_and(|l| l.len() > 1));
    assert!(!list_ids(&concept["occupations"]).is_empty(), "{concept}");
    let (status, _) = server.get("/taxonomy/concepts/no-such-concept");
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, body) = server.get("/taxonomy/autocomplete?q=soudu&lang=fr");
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(list_ids(&body["suggestions"]).contains(&WELDING), "{body}");
    // One typo.
    let (_, body) = server.get("/taxonomy/autocomplete?q=soudrue&lang=fr");
    assert!(list_ids(&body["suggestions"]).contains(&WELDING), "{body}");
    let (_, body) = server.get("/taxonomy/autocomplete?q=soudru&lang=fr");
    assert!(list_ids(&body["suggestions"]).contains(&WELDING), "{body}");
    // The name that starts as typed, with the nearest word, comes first: the baker, then
    // the bakery's sales assistant.
    let (_, body) = server.get("/taxonomy/autocomplete?q=boul&kind=occupation&lang=fr");
    assert_eq!(
        body["suggestions"][0]["label"],
        json!("boulanger"),
        "{body}"
    );
}

#[test]
fn taxonomy_errors_are_400_or_404() {
    let server = TestServer::start();
    for body in [
        json!({"text": ""}),
        json!({"text": "x", "kind": "job"}),
        json!({"text": "x", "limit": 0}),
        json!({"text": "x", "lang": "french"}),
        json!({"text": "x", "lang": "zz"}),
        json!({"words": "x"}),
    ] {
        let (status, answer) = server.post("/taxonomy/resolve", &body);
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} -> {answer}");
        assert_eq!(answer["code"], json!("bad_request"));
    }
    let (status, _) = server.post("/taxonomy/extract", &json!({"text": "   "}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = server.post("/taxonomy/extract", &json!({"text": "x", "lang": "zz"}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = server.get("/taxonomy/autocomplete?kind=skill");
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[test]
fn french_ads_are_read_as_written_inclusive_endings_and_lone_letters_included() {
    let server = TestServer::start();
    let text = "Agent(e) de sécurité H/F : rondes de surveillance, titulaire du permis C.";
    let body = extract_french(&server, text);
    let surfaces: Vec<&str> = body["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .map(|m| m["surface"].as_str().expect("surface"))
        .collect();
    // The inclusive ending belongs to the title, the gender marker does not, and the C of
    // the truck licence is no elided "c'".
    assert!(surfaces.contains(&"Agent(e) de sécurité"), "{body}");
    assert!(surfaces.contains(&"permis C"), "{body}");
    let cvs = [
        json!({"id": "guard", "headline": "Agent(e) de sécurité", "summary": "Titulaire du permis C."}),
        json!({"id": "driver", "headline": "Chauffeur livreur", "summary": "Titulaire du permis B, agent de quai puis sécurité des chargements."}),
    ];
    let lines: Vec<String> = cvs.iter().map(Value::to_string).collect();
    server.bulk_ok("cvs", &lines.join("\n"));
    for query in ["\"agente de sécurité\"", "\"permis C\""] {
        assert_eq!(
            server.ids("cvs", json!({"q": query})),
            vec!["guard"],
            "{query}"
        );
    }
}

#[test]
fn a_french_skill_query_finds_an_english_cv_through_its_concept() {
    let server = TestServer::start();
    let cvs = [
        json!({"id": "en-welder", "lang": "en", "headline": "Welder", "summary": "Experienced in welding of steel structures on building sites."}),
        json!({"id": "fr-cook", "headline": "Cuisinier", "summary": "Cuisine traditionnelle et pâtisserie."}),
    ];
    let lines: Vec<String> = cvs.iter().map(Value::to_string).collect();
    server.bulk_ok("cvs", &lines.join("\n"));
    assert_eq!(
        server.ids("cvs", json!({"q": "soudure"})),
        vec!["en-welder"]
    );
    // The exact word still ranks first when both exist.
    server.bulk_ok("cvs", &json!({"id": "fr-welder", "headline": "Soudeur", "summary": "Soudure à l'arc et soudure TIG."}).to_string());
    assert_eq!(server.ids("cvs", json!({"q": "soudure"}))[0], "fr-welder");
}

/// The mention of `concept` in an extract response.
fn mention_of<'a>(body: &'a Value, concept: &str) -> &'a Value {
    body["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .find(|m| m["id"] == concept)
        .unwrap_or_else(|| panic!("no mention of {concept} in {body}"))
}

/// A server on the small ESCO package of the analyzers' fixtures (French and English files).
fn esco_fixture_server() -> TestServer {
    let package = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("analyzers/tests/fixtures/esco/package");
    TestServer::start_with(|config| config.taxonomy = vec![package])
}

#[test]
fn an_esco_package_finds_the_names_french_cvs_use() {
    // ESCO's French files name the technical director "directeur technique" only; Vivier adds
    // the names French CVs use to a package that has French files.
    let server = esco_fixture_server();
    let director = "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34";
    let body = extract_french(
        &server,
        "Directrice technique de théâtre pendant six ans, tournées en Europe.",
    );
    let mention = mention_of(&body, director);
    assert_eq!(
        mention["surface"], "Directrice technique de théâtre",
        "{body}"
    );
    // The name finds the concept, and is never shown: the label is ESCO's.
    assert_eq!(mention["label"], "directeur technique", "{body}");
    let (status, body) = server.post(
        "/taxonomy/resolve",
        &json!({"text": "directeur technique de théâtre", "kind": "occupation", "lang": "fr"}),
    );
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(list_ids(&body["candidates"])[0], director, "{body}");
}

#[test]
fn an_esco_package_finds_the_names_english_cvs_use() {
    // ESCO names the skill "manage payroll", "oversee payroll", "handle payroll"; CVs write
    // "processed payroll" or "ran payroll", which Vivier adds to a package with English files.
    let server = esco_fixture_server();
    let payroll = "http://data.europa.eu/esco/skill/9d916d7c-89b3-4084-a6d9-e2b0b3091404";
    let (status, body) = server.post(
        "/taxonomy/extract",
        &json!({"text": "Processed payroll and expenses for 300 staff.", "lang": "en"}),
    );
    assert_eq!(status, StatusCode::OK, "{body}");
    let mention = mention_of(&body, payroll);
    assert_eq!(mention["surface"], "Processed payroll", "{body}");
    assert_eq!(mention["label"], "manage payroll", "{body}");
}
