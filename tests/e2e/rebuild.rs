//! Zero-downtime rebuild: searches and writes run continuously while a collection is
//! rebuilt; none fails, none is lost, and results are the same before and after.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{sorted, TestServer};

/// Waits (two minutes at most) for task `id` to stop running, and returns it.
fn finished_task(server: &TestServer, id: u64) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (status, task) = server.get(&format!("/admin/tasks/{id}"));
        assert_eq!(status, StatusCode::OK);
        if task["state"] != json!("running") {
            return task;
        }
        assert!(Instant::now() < deadline, "rebuild did not finish: {task}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn rebuild_under_load_loses_nothing_and_serves_throughout() {
    let server = TestServer::with_fixtures();
    let extra: Vec<String> = (0..600)
        .map(|n| vivier::gen::cv(3, n).to_string())
        .collect();
    server.bulk_ok("cvs", &extra.join("\n"));
    let probe = json!({"q": "développeur java", "limit": 100});
    let before = sorted(server.ids("cvs", probe.clone()));
    let total_before = server.search("cvs", json!({}))["total"]
        .as_u64()
        .expect("total");

    let stop = AtomicBool::new(false);
    let search_errors = AtomicUsize::new(0);
    let searches = AtomicUsize::new(0);
    let acknowledged = Mutex::new(Vec::new());
    let write_errors = AtomicUsize::new(0);
    let task = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                let (status, body) = server.post(
                    "/cvs/_search",
                    &json!({"q": "serveuse OR java", "facets": ["contract_types"]}),
                );
                searches.fetch_add(1, Ordering::Relaxed);
                if status != StatusCode::OK || body["total"].as_u64().unwrap_or(0) == 0 {
                    search_errors.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        scope.spawn(|| {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let id = format!("during-{n}");
                let (status, _) = server.put(
                    &format!("/cvs/{id}"),
                    &json!({"headline": format!("Plombier chauffagiste {n}")}),
                );
                if status.is_success() {
                    acknowledged.lock().expect("lock").push(id);
                } else {
                    write_errors.fetch_add(1, Ordering::Relaxed);
                }
                n += 1;
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        std::thread::sleep(Duration::from_millis(200));
        let (status, task) = server.post("/admin/collections/cvs/rebuild", &json!({}));
        assert_eq!(status, StatusCode::ACCEPTED, "{task}");
        // Progress has a size from the first answer (audit: it read 0 of 0 at first).
        assert!(
            task["total"].as_u64().unwrap_or(0) >= total_before,
            "{task}"
        );
        let id = task["id"].as_u64().expect("task id");
        // A second rebuild of the same collection is refused while the first runs.
        let (status, body) = server.post("/admin/collections/cvs/rebuild", &json!({}));
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["code"], json!("conflict"));
        let finished = finished_task(&server, id);
        std::thread::sleep(Duration::from_millis(200));
        stop.store(true, Ordering::Relaxed);
        finished
    });
    assert_eq!(task["state"], json!("succeeded"), "{task}");
    assert_eq!(task["processed"], task["total"], "{task}");
    assert!(searches.load(Ordering::Relaxed) > 10);
    assert_eq!(search_errors.load(Ordering::Relaxed), 0);
    assert_eq!(write_errors.load(Ordering::Relaxed), 0);

    let written = acknowledged.into_inner().expect("lock");
    assert!(!written.is_empty());
    for id in &written {
        assert_eq!(
            server.get(&format!("/cvs/{id}")).0,
            StatusCode::OK,
            "{id} lost"
        );
    }
    let settled = server.eventually(Duration::from_secs(2), || {
        server.search("cvs", json!({}))["total"].as_u64()
            == Some(total_before + written.len() as u64)
    });
    assert!(settled, "document count changed");
    assert_eq!(sorted(server.ids("cvs", probe)), before);
    let (_, listed) = server.get("/admin/tasks");
    assert!(
        listed["tasks"].as_array().is_some_and(|t| !t.is_empty()),
        "{listed}"
    );
    let (status, _) = server.get("/admin/tasks/999");
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Checks that `/health` reports the CVs as analysed the way the server analyses now.
fn assert_cvs_are_fresh(server: &TestServer) {
    let (_, health) = server.get("/health");
    let cvs = &health["collections"]["cvs"];
    assert_eq!(cvs["stale"], json!(false), "{health}");
    assert_eq!(cvs["stale_reasons"], json!([]), "{health}");
    assert_eq!(cvs["built_with"], health["analysis"], "{health}");
}

#[test]
fn a_collection_analysed_otherwise_is_stale_until_rebuilt() {
    let server = TestServer::start();
    server.bulk_ok("cvs", r#"{"id":"cv-1","headline":"Serveuse en brasserie"}"#);
    assert_cvs_are_fresh(&server);

    // The same data directory, served with another taxonomy.
    let dir = server.stop();
    let mut config = vivier::config::Config::for_test(dir.path().to_path_buf());
    config.taxonomy =
        vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gen_taxonomy.jsonl")];
    let server = TestServer::start_in(dir, config);
    let (_, health) = server.get("/health");
    let cvs = &health["collections"]["cvs"];
    assert_eq!(cvs["stale"], json!(true), "{health}");
    assert_ne!(
        cvs["built_with"]["taxonomy"],
        health["analysis"]["taxonomy"]
    );
    let reasons = cvs["stale_reasons"].as_array().expect("reasons");
    assert_eq!(reasons.len(), 1, "{health}");
    assert!(
        reasons[0]
            .as_str()
            .is_some_and(|r| r.starts_with("tagged with taxonomy ")),
        "{health}"
    );
    // The offers are empty: nothing in them was analysed otherwise.
    assert_eq!(
        health["collections"]["offers"]["stale"],
        json!(false),
        "{health}"
    );

    let (status, task) = server.post("/admin/collections/cvs/rebuild", &json!({}));
    assert_eq!(status, StatusCode::ACCEPTED, "{task}");
    let task = finished_task(&server, task["id"].as_u64().expect("task id"));
    assert_eq!(task["state"], json!("succeeded"), "{task}");
    assert_cvs_are_fresh(&server);
    assert_eq!(server.search("cvs", json!({}))["total"], json!(1));
}

#[test]
fn rebuild_stale_rebuilds_at_start_what_was_analysed_otherwise() {
    let server = TestServer::start();
    server.bulk_ok("cvs", r#"{"id":"cv-1","headline":"Serveuse en brasserie"}"#);
    let dir = server.stop();
    let mut config = vivier::config::Config::for_test(dir.path().to_path_buf());
    config.taxonomy =
        vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gen_taxonomy.jsonl")];
    config.rebuild_stale = true;
    let server = TestServer::start_in(dir, config);
    let (_, listed) = server.get("/admin/tasks");
    let tasks = listed["tasks"].as_array().expect("tasks");
    // The CVs were analysed otherwise; the offers are empty and need nothing.
    assert_eq!(tasks.len(), 1, "{listed}");
    assert_eq!(tasks[0]["collection"], json!("cvs"), "{listed}");
    let task = finished_task(&server, tasks[0]["id"].as_u64().expect("task id"));
    assert_eq!(task["state"], json!("succeeded"), "{task}");
    assert_cvs_are_fresh(&server);
    assert_eq!(server.search("cvs", json!({}))["total"], json!(1));
}

/// Regression (audit): a finished task's `docs_per_sec` kept falling, `report.seconds` was
/// a whole number, and cancelling it answered 200.
#[test]
fn a_finished_task_keeps_its_figures_and_cannot_be_cancelled() {
    let server = TestServer::with_fixtures();
    let (status, task) = server.post("/admin/collections/cvs/rebuild", &json!({}));
    assert_eq!(status, StatusCode::ACCEPTED, "{task}");
    let id = task["id"].as_u64().expect("task id");
    let finished = finished_task(&server, id);
    assert_eq!(finished["state"], json!("succeeded"), "{finished}");
    let seconds = finished["report"]["seconds"].as_f64().expect("seconds");
    let processed = finished["processed"].as_f64().expect("processed");
    assert!(seconds > 0.0, "{finished}");
    let rate = finished["docs_per_sec"].as_f64().expect("rate");
    assert!((rate - processed / seconds).abs() <= 0.1, "{finished}");

    std::thread::sleep(Duration::from_millis(300));
    let (_, later) = server.get(&format!("/admin/tasks/{id}"));
    assert_eq!(later["docs_per_sec"], finished["docs_per_sec"], "{later}");

    let (status, body) = server.post(&format!("/admin/tasks/{id}/cancel"), &json!({}));
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], json!("conflict"), "{body}");
    assert_eq!(
        server.get(&format!("/admin/tasks/{id}")).1["state"],
        json!("succeeded")
    );
}
