//! Radius filters, candidate mobility and distance sorting, including at the antimeridian
//! and the poles.

use serde_json::json;

use crate::common::{sorted, TestServer};

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
