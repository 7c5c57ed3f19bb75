//! Acknowledged writes survive `kill -9`: a writer runs against the real server process,
//! which is killed at random moments and restarted; after each restart every acknowledged
//! write is there, every acknowledged delete stays deleted, and nothing else changed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::{Rng, SeedableRng};
use reqwest::blocking::Client;
use serde_json::{json, Value};

use crate::support::Server;

/// What the client knows of a document: its last acknowledged state, and a state it may
/// have reached if a request was cut by the kill (sent, never answered).
#[derive(Debug, Clone, Default)]
struct Known {
    acknowledged: Option<String>,
    in_flight: Option<Option<String>>,
    /// Every request about the id and how it ended, for the failure message.
    history: Vec<String>,
}

fn headline(doc: &Value) -> Option<String> {
    doc.get("headline")
        .and_then(Value::as_str)
        .map(str::to_string)
}

#[test]
fn acknowledged_writes_survive_sigkill() {
    let data = tempfile::tempdir().expect("tempdir");
    let known: Arc<Mutex<HashMap<String, Known>>> = Arc::default();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut counter = 0u64;
    for round in 0..5 {
        let mut server = Server::start(data.path());
        let base = server.base.clone();
        verify(&base, &mut known.lock().expect("lock"), round);
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (known, stop, base) = (known.clone(), stop.clone(), base.clone());
            let seed = rng.random::<u64>();
            let start_counter = counter;
            std::thread::spawn(move || {
                write_until_stopped(&base, &known, &stop, seed, start_counter, round)
            })
        };
        std::thread::sleep(Duration::from_millis(rng.random_range(150..700)));
        server.child.kill().expect("kill -9");
        let _ = server.child.wait();
        stop.store(true, Ordering::Relaxed);
        counter = writer.join().expect("writer");
    }
    let mut server = Server::start(data.path());
    let base = server.base.clone();
    let mut known = known.lock().expect("lock");
    verify(&base, &mut known, 99);
    let acknowledged = known.values().filter(|k| k.acknowledged.is_some()).count();
    assert!(
        acknowledged > 20,
        "too few writes were acknowledged to mean anything: {acknowledged}"
    );
    server.stop();
}

/// Writes until the server dies; returns the next document number.
fn write_until_stopped(
    base: &str,
    known: &Mutex<HashMap<String, Known>>,
    stop: &AtomicBool,
    seed: u64,
    mut counter: u64,
    round: usize,
) -> u64 {
    let client = Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    while !stop.load(Ordering::Relaxed) {
        let existing: Vec<String> = {
            let known = known.lock().expect("lock");
            known
                .iter()
                .filter(|(_, k)| k.acknowledged.is_some())
                .map(|(id, _)| id.clone())
                .take(50)
                .collect()
        };
        let roll = rng.random_range(0..10);
        let (id, target) = if roll < 6 || existing.is_empty() {
            counter += 1;
            (format!("cv-{counter}"), Some(format!("Plombier {counter}")))
        } else if roll < 8 {
            let id = existing[rng.random_range(0..existing.len())].clone();
            counter += 1;
            (id, Some(format!("Électricien {counter}")))
        } else {
            (existing[rng.random_range(0..existing.len())].clone(), None)
        };
        known
            .lock()
            .expect("lock")
            .entry(id.clone())
            .or_default()
            .in_flight = Some(target.clone());
        let url = format!("{base}/cvs/{id}");
        let sent = match &target {
            Some(text) => client.put(&url).json(&json!({ "headline": text })).send(),
            None => client.delete(&url).send(),
        };
        let mut known = known.lock().expect("lock");
        let entry = known.entry(id).or_default();
        entry.history.push(format!(
            "round {round}: {} {target:?} -> {}",
            if target.is_some() { "PUT" } else { "DELETE" },
            match &sent {
                Ok(response) => response.status().to_string(),
                Err(err) => format!("error: {err}"),
            }
        ));
        match sent {
            Ok(response) if response.status().is_success() => {
                entry.acknowledged = target;
                entry.in_flight = None;
            }
            // Refused outright: nothing changed.
            Ok(_) => entry.in_flight = None,
            // Cut by the kill: it may or may not have happened; keep `in_flight`.
            Err(_) => return counter,
        }
    }
    counter
}

/// Checks that every document is in a state the client may expect, then records what it
/// found: a write cut by a kill is settled one way or the other from then on (a later
/// DELETE answered 404 must not make the client believe the document still exists).
fn verify(base: &str, known: &mut HashMap<String, Known>, round: usize) {
    let client = Client::new();
    let mut expected_min = 0;
    let mut expected_max = 0;
    for (id, state) in known.iter_mut() {
        let (status, doc) = {
            let response = client.get(format!("{base}/cvs/{id}")).send().expect("get");
            let status = response.status().as_u16();
            (status, response.json::<Value>().unwrap_or(Value::Null))
        };
        let found = if status == 200 { headline(&doc) } else { None };
        let allowed: Vec<Option<String>> = match &state.in_flight {
            Some(maybe) => vec![state.acknowledged.clone(), maybe.clone()],
            None => vec![state.acknowledged.clone()],
        };
        assert!(
            allowed.contains(&found),
            "round {round}: {id} is {found:?}, expected one of {allowed:?} (status {status}); history: {:?}",
            state.history
        );
        let present_now = allowed.iter().filter(|a| a.is_some()).count();
        if present_now == allowed.len() {
            expected_min += 1;
        }
        if present_now > 0 {
            expected_max += 1;
        }
        state.acknowledged = found;
        state.in_flight = None;
    }
    let health: Value = client
        .get(format!("{base}/health"))
        .send()
        .expect("health")
        .json()
        .expect("json");
    let docs = health["collections"]["cvs"]["docs"].as_u64().expect("docs") as usize;
    assert!(
        (expected_min..=expected_max).contains(&docs),
        "round {round}: {docs} documents, expected {expected_min}..={expected_max}"
    );
}
