//! Radius filters, candidate mobility and distance sorting, including at the antimeridian
//! and the poles.

use serde_json::json;

use crate::common::{ids, sorted, TestServer};

const LYON: (f64, f64) = (45.7640, 4.8357);

#[test]
fn radius_includes_candidates_whose_mobility_reaches_the_point() {
    let server = TestServer::with_fixtures();
    let location = json!({"lat": LYON.0, "lon": LYON.1, "radius_km": 10});
    let found = sorted(server.ids("cvs", json!({"filters": {"location": location}})));
    // Grenoble is ~95 km away but the candidate travels 150 km.
    assert_eq!(
        found,
        vec![
            "cv-dev-lyon",
            "cv-python-grenoble",
            "cv-waiter-villeurbanne"
        ]
    );
}

#[test]
fn postal_code_centres_the_radius() {
    let server = TestServer::with_fixtures();
    let found = sorted(server.ids(
        "offers",
        json!({"filters": {"location": {"postal_code": "69003", "radius_km": 15}}}),
    ));
    assert_eq!(found, vec!["offer-java-lyon"]);
}

#[test]
fn distance_sort_puts_the_nearest_first_with_distances() {
    let server = TestServer::with_fixtures();
    let response = server.search(
        "cvs",
        json!({"filters": {"location": {"lat": LYON.0, "lon": LYON.1, "radius_km": 500}}, "sort": "distance"}),
    );
    let hits = response["hits"].as_array().expect("hits");
    let order: Vec<&str> = hits.iter().map(|h| h["id"].as_str().expect("id")).collect();
    assert_eq!(
        order[..3],
        [
            "cv-dev-lyon",
            "cv-waiter-villeurbanne",
            "cv-python-grenoble"
        ]
    );
    let distances: Vec<f64> = hits
        .iter()
        .map(|h| h["distance_km"].as_f64().expect("distance"))
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    assert_eq!(distances[0], 0.0);
    assert!((distances[1] - 4.3).abs() < 1.0, "{distances:?}");
    assert!((distances[2] - 95.0).abs() < 5.0, "{distances:?}");
}

#[test]
fn radius_crosses_the_antimeridian() {
    let server = TestServer::with_fixtures();
    // The candidate is at 179.95°E; the search point at 179.95°W, ~10 km away.
    let response = server.search(
        "cvs",
        json!({"filters": {"location": {"lat": -17.7, "lon": -179.95, "radius_km": 50}}, "sort": "distance"}),
    );
    assert_eq!(crate::common::ids(&response), vec!["cv-chef-fiji"]);
    let distance = response["hits"][0]["distance_km"]
        .as_f64()
        .expect("distance");
    assert!(distance < 15.0, "{distance}");
}

#[test]
fn radius_around_the_pole_covers_every_longitude() {
    let server = TestServer::with_fixtures();
    // The candidate is at 89.9°N 0°; the point at 89.9°N 180°: 0.2° of latitude apart.
    let found = server.ids(
        "cvs",
        json!({"filters": {"location": {"lat": 89.9, "lon": 180.0, "radius_km": 30}}}),
    );
    assert_eq!(found, vec!["cv-polar"]);
    let none = server.ids(
        "cvs",
        json!({"filters": {"location": {"lat": 89.9, "lon": 180.0, "radius_km": 20}}}),
    );
    assert!(none.is_empty(), "{none:?}");
}

/// Audit of the search: paging by distance through many documents at the same place came
/// back to the same page forever.
#[test]
fn distance_cursors_walk_many_ties_once_each() {
    let server = TestServer::start();
    let offers: Vec<String> = (0..300)
        .map(|i| json!({"id": format!("o-{i}"), "title": "Serveur H/F", "location": {"postal_code": "69003"}}).to_string())
        .collect();
    server.bulk_ok("offers", &offers.join("\n"));
    let mut seen: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut body = json!({
            "q": "",
            "filters": {"location": {"postal_code": "69001", "radius_km": 50}},
            "sort": "distance",
            "limit": 7,
        });
        if let Some(cursor) = &cursor {
            body["search_after"] = json!(cursor);
        }
        let page = server.search("offers", body);
        seen.extend(ids(&page));
        pages += 1;
        assert!(
            pages <= 300 / 7 + 1,
            "paging does not end: {} seen",
            seen.len()
        );
        match page["next"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    let expected: Vec<String> = (0..300).map(|i| format!("o-{i}")).collect();
    assert_eq!(seen.len(), 300, "{seen:?}");
    assert_eq!(sorted(seen), sorted(expected));
}
