//! Full-text search, filters, facets, sorting, pagination and highlights.

use serde_json::{json, Value};

use crate::common::{ids, sorted, TestServer};

#[test]
fn gender_plural_and_accents_find_the_same_cvs() {
    let server = TestServer::with_fixtures();
    let expected = sorted(server.ids("cvs", json!({"q": "Développeur", "limit": 100})));
    assert!(
        expected.contains(&"cv-dev-lyon".to_string()),
        "{expected:?}"
    );
    assert!(
        expected.contains(&"cv-dev-paris".to_string()),
        "{expected:?}"
    );
    for q in [
        "développeuse",
        "Développeurs",
        "developpeur",
        "DÉVELOPPEUSES",
    ] {
        assert_eq!(
            sorted(server.ids("cvs", json!({"q": q, "limit": 100}))),
            expected,
            "{q}"
        );
    }
}

#[test]
fn accents_written_as_combining_marks_find_the_same_documents() {
    let server = TestServer::start();
    let cvs = [
        json!({"id": "composed", "headline": "Pâtissière qualifiée", "summary": "Entremets et viennoiseries pour une boutique du centre-ville."}),
        // As macOS and some forms write accents: a letter, then a combining mark.
        json!({"id": "decomposed", "headline": "De\u{301}veloppeuse web", "summary": "Applications web pour une agence de communication."}),
    ];
    let lines: Vec<String> = cvs.iter().map(Value::to_string).collect();
    server.bulk_ok("cvs", &lines.join("\n"));
    for q in ["qualifie\u{301}e", "qualifiée", "pa\u{302}tissie\u{300}re"] {
        assert_eq!(server.ids("cvs", json!({"q": q})), vec!["composed"], "{q}");
    }
    for q in ["développeuse", "developpeur", "De\u{301}veloppeuse"] {
        assert_eq!(
            server.ids("cvs", json!({"q": q})),
            vec!["decomposed"],
            "{q}"
        );
    }
    // Highlights mark the word as written, mark included.
    let response = server.search("cvs", json!({"q": "développeuse", "highlight": true}));
    assert_eq!(
        response["hits"][0]["highlights"]["headline"][0],
        json!("<em>De\u{301}veloppeuse</em> web")
    );
}

#[test]
fn english_query_finds_english_cv() {
    let server = TestServer::with_fixtures();
    let found = server.ids("cvs", json!({"q": "software developers"}));
    assert_eq!(found[0], "cv-en-developer");
}

#[test]
fn it_in_capitals_is_the_acronym_and_not_the_pronoun() {
    let server = TestServer::start();
    let cvs = [
        json!({"id": "it-support", "headline": "IT support technician", "summary": "I was the first line of the help desk for the 300 users of a school, and I set up their laptops."}),
        json!({"id": "pronoun", "headline": "Warehouse driver", "summary": "I loaded the truck every morning and then I drove it to the depot with the orders of the day."}),
    ];
    let lines: Vec<String> = cvs.iter().map(Value::to_string).collect();
    server.bulk_ok("cvs", &lines.join("\n"));
    let response = server.search("cvs", json!({"q": "IT", "highlight": true}));
    assert_eq!(ids(&response), vec!["it-support"]);
    // Found by its words, not only by a concept the query resolves to.
    assert_eq!(
        response["hits"][0]["highlights"]["headline"][0],
        json!("<em>IT</em> support technician")
    );
    assert_eq!(
        server.ids("cvs", json!({"q": "\"IT support\""})),
        vec!["it-support"]
    );
    // The pronoun is still a stop word: the phrase reads as "drove depot".
    assert_eq!(
        server.ids("cvs", json!({"q": "\"drove it\""})),
        vec!["pronoun"]
    );
}

#[test]
fn headline_match_ranks_above_description_match() {
    let server = TestServer::with_fixtures();
    let found = server.ids("cvs", json!({"q": "kafka"}));
    // cv-dev-paris lists Kafka as a skill and in a description; nobody else mentions it.
    assert_eq!(found, vec!["cv-dev-paris"]);
    let found = server.ids("cvs", json!({"q": "serveuse"}));
    assert_eq!(found[0], "cv-waiter-villeurbanne");
}

#[test]
fn boolean_operators_phrases_prefixes_and_fields() {
    let server = TestServer::with_fixtures();
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("\"chef de partie\"", vec!["cv-chef-nice"]),
        ("chef AND cuisinier", vec!["cv-chef-fiji"]),
        (
            "python OR kafka",
            vec!["cv-dev-paris", "cv-python-grenoble"],
        ),
        (
            "java -spring",
            vec!["cv-dev-paris", "cv-ja", "cv-no-location"],
        ),
        (
            "java AND NOT spring",
            vec!["cv-dev-paris", "cv-ja", "cv-no-location"],
        ),
        ("+java +kubernetes", vec!["cv-dev-paris"]),
        ("headline:serveuse", vec!["cv-waiter-villeurbanne"]),
        ("skills:django", vec!["cv-python-grenoble"]),
        ("infirm*", vec!["cv-nurse-marseille"]),
        ("contract_types:alternance", vec!["cv-no-location"]),
        (
            "-java -chef -python",
            vec!["cv-nurse-marseille", "cv-polar", "cv-waiter-villeurbanne"],
        ),
    ];
    for (q, expected) in cases {
        let found = sorted(server.ids("cvs", json!({"q": q, "limit": 100})));
        assert_eq!(found, expected, "{q}");
    }
}

#[test]
fn boosts_change_the_order() {
    let server = TestServer::with_fixtures();
    let plain = server.ids("cvs", json!({"q": "python OR infirmière"}));
    let boosted = server.ids("cvs", json!({"q": "python OR infirmière^10"}));
    assert_eq!(boosted[0], "cv-nurse-marseille", "{plain:?} {boosted:?}");
    let boosted = server.ids("cvs", json!({"q": "python^10 OR infirmière"}));
    assert_eq!(boosted[0], "cv-python-grenoble");
}

#[test]
fn japanese_text_is_searchable() {
    let server = TestServer::with_fixtures();
    assert_eq!(
        server.ids("cvs", json!({"q": "エンジニア", "lang": "ja"})),
        vec!["cv-ja"]
    );
}

#[test]
fn filters_narrow_results() {
    let server = TestServer::with_fixtures();
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({"contract_types": ["CDD"]}),
            vec!["cv-chef-fiji", "cv-polar", "cv-waiter-villeurbanne"],
        ),
        (
            json!({"contract_types": ["freelance", "alternance"]}),
            vec!["cv-dev-paris", "cv-en-developer", "cv-no-location"],
        ),
        (
            json!({"languages": ["en"]}),
            vec!["cv-dev-lyon", "cv-en-developer"],
        ),
        (
            json!({"languages": ["fr", "es"]}),
            vec!["cv-nurse-marseille"],
        ),
        (
            json!({"years_experience": {"min": 10}}),
            vec!["cv-chef-fiji", "cv-chef-nice", "cv-dev-paris"],
        ),
        (
            json!({"years_experience": {"min": 5, "max": 7}}),
            vec!["cv-dev-lyon", "cv-en-developer", "cv-python-grenoble"],
        ),
        (
            json!({"updated_since": "2024-04-01T00:00:00Z"}),
            vec!["cv-dev-lyon", "cv-dev-paris", "cv-python-grenoble"],
        ),
        (
            json!({"updated_since": "2024-05-01"}),
            vec!["cv-dev-lyon", "cv-dev-paris"],
        ),
    ];
    for (filters, expected) in cases {
        let found = sorted(server.ids("cvs", json!({"filters": filters, "limit": 100})));
        assert_eq!(found, expected, "{filters}");
    }
    let found = sorted(server.ids(
        "cvs",
        json!({"q": "java", "filters": {"contract_types": ["CDI"]}}),
    ));
    assert_eq!(found, vec!["cv-dev-lyon", "cv-dev-paris"]);
}

#[test]
fn salary_filter_overlaps_offer_ranges_per_year() {
    let server = TestServer::with_fixtures();
    // 3,500-4,500 a month is 42k-54k a year; 55k-65k a year; 2,400-2,800 a month is 28.8k-33.6k.
    let found = sorted(server.ids("offers", json!({"filters": {"salary": {"min": 50000}}})));
    assert_eq!(found, vec!["offer-java-en", "offer-java-lyon"]);
    let found = sorted(server.ids(
        "offers",
        json!({"filters": {"salary": {"min": 30000, "max": 40000}}}),
    ));
    assert_eq!(found, vec!["offer-nurse-marseille"]);
}

#[test]
fn offers_are_searched_by_title_first() {
    let server = TestServer::with_fixtures();
    let found = server.ids("offers", json!({"q": "java"}));
    assert_eq!(
        sorted(found.clone()),
        vec!["offer-java-en", "offer-java-lyon"]
    );
    let found = server.ids(
        "offers",
        json!({"q": "serveuse", "filters": {"contract_types": ["CDD"]}}),
    );
    assert_eq!(found, vec!["offer-waiter-paris"]);
}

#[test]
fn facets_count_matching_documents() {
    let server = TestServer::with_fixtures();
    let response = server.search(
        "cvs",
        json!({"q": "java", "facets": ["contract_types", "languages", "cities", "experience"], "limit": 0}),
    );
    assert_eq!(response["total"], json!(5));
    assert_eq!(response["hits"], json!([]));
    let facets = &response["facets"];
    assert!(
        facets["contract_types"]
            .as_array()
            .expect("facet")
            .contains(&json!({"value": "CDI", "count": 2})),
        "{facets}"
    );
    assert!(facets["contract_types"]
        .as_array()
        .expect("facet")
        .contains(&json!({"value": "freelance", "count": 2})));
    assert!(facets["languages"]
        .as_array()
        .expect("facet")
        .contains(&json!({"value": "fr", "count": 3})));
    assert!(facets["cities"]
        .as_array()
        .expect("facet")
        .contains(&json!({"value": "Lyon", "count": 1})));
    let experience = facets["experience"].as_array().expect("facet");
    assert!(
        experience.contains(&json!({"value": "0-2", "count": 1})),
        "{experience:?}"
    );
    assert!(
        experience.contains(&json!({"value": "5-10", "count": 2})),
        "{experience:?}"
    );
    assert!(
        experience.contains(&json!({"value": "10+", "count": 1})),
        "{experience:?}"
    );
}

#[test]
fn sort_by_update_time() {
    let server = TestServer::with_fixtures();
    let found = server.ids("cvs", json!({"q": "java", "sort": "updated_at"}));
    assert_eq!(
        found[..3],
        ["cv-dev-paris", "cv-dev-lyon", "cv-en-developer"]
    );
}

#[test]
fn offset_pages_do_not_overlap_and_cursors_walk_everything() {
    let server = TestServer::with_fixtures();
    let all = server.ids("cvs", json!({"limit": 100}));
    assert_eq!(all.len(), 11);
    let first = server.search("cvs", json!({"limit": 4}));
    let second = server.search("cvs", json!({"limit": 4, "offset": 4}));
    assert_eq!(first["total"], json!(11));
    assert_eq!([ids(&first), ids(&second)].concat(), all[..8]);

    for sort in ["relevance", "updated_at"] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..10 {
            let mut body = json!({"limit": 3, "sort": sort});
            if let Some(cursor) = &cursor {
                body["search_after"] = json!(cursor);
            }
            let page = server.search("cvs", body);
            seen.extend(ids(&page));
            match page["next"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => break,
            }
        }
        assert_eq!(
            sorted(seen.clone()),
            sorted(all.clone()),
            "{sort}: {seen:?}"
        );
    }
}

#[test]
fn highlights_mark_matched_words_per_field() {
    let server = TestServer::with_fixtures();
    let response = server.search(
        "cvs",
        json!({"q": "développeuse java", "highlight": true, "limit": 1}),
    );
    let hit = &response["hits"][0];
    let headline = hit["highlights"]["headline"][0]
        .as_str()
        .expect("headline snippet");
    assert!(headline.contains("<em>Java</em>"), "{headline}");
    assert!(headline.contains("<em>Développe"), "{headline}");
    let custom = server.search(
        "cvs",
        json!({"q": "serveuse", "highlight": {"fields": ["summary"], "pre_tag": "[", "post_tag": "]"}, "limit": 1}),
    );
    let highlights = &custom["hits"][0]["highlights"];
    assert_eq!(
        highlights["summary"][0],
        json!("[Serveuse] souriante et rapide, habituée aux coups de feu du midi.")
    );
    assert!(highlights.get("headline").is_none(), "{highlights}");
    let plain = server.search("cvs", json!({"q": "serveuse", "limit": 1}));
    assert_eq!(plain["hits"][0]["highlights"], json!({}));
}

#[test]
fn answers_have_the_documented_shape() {
    let server = TestServer::with_fixtures();
    let response = server.search("cvs", json!({"q": "infirmière", "limit": 1}));
    for key in ["total", "hits", "facets", "took_ms", "next"] {
        assert!(response.get(key).is_some(), "missing {key} in {response}");
    }
    let hit = &response["hits"][0];
    assert_eq!(hit["id"], json!("cv-nurse-marseille"));
    assert!(hit["score"].as_f64().expect("score") > 0.0);
    assert_eq!(hit["doc"]["headline"], json!("Infirmière diplômée d'État"));
    assert!(hit.get("distance_km").is_none());
}
