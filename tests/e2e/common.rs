//! A real Vivier server on a random port, with a temporary data directory.

use std::thread::JoinHandle;
use std::time::Duration;

use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tempfile::TempDir;
use vivier::config::Config;

pub const CVS: &str = include_str!("../fixtures/cvs.ndjson");
pub const OFFERS: &str = include_str!("../fixtures/offers.ndjson");

/// The `id` of each item of a JSON list (concepts, mentions, candidates).
pub fn list_ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("list")
        .iter()
        .map(|item| item["id"].as_str().expect("id"))
        .collect()
}

pub struct TestServer {
    pub base: String,
    pub client: Client,
    pub dir: TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Starts an empty server.
    pub fn start() -> TestServer {
        Self::start_with(|_| {})
    }

    /// Starts an empty server after adjusting its configuration.
    pub fn start_with(configure: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut config = Config::for_test(dir.path().to_path_buf());
        configure(&mut config);
        Self::start_in(dir, config)
    }

    /// Starts a server on an existing data directory.
    pub fn start_in(dir: TempDir, config: Config) -> TestServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (state, writers) = vivier::open_state(config).expect("open state");
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let signal = async move {
                    let _ = stopped.await;
                };
                vivier::serve(listener, state, signal).await.expect("serve");
            });
            drop(runtime);
            writers.shutdown();
        });
        let client = Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        TestServer {
            base,
            client,
            dir,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// Starts a server loaded with the CV and offer fixtures.
    pub fn with_fixtures() -> TestServer {
        let server = Self::start();
        server.bulk_ok("cvs", CVS);
        server.bulk_ok("offers", OFFERS);
        server
    }

    /// Stops the server and returns its data directory.
    pub fn stop(mut self) -> TempDir {
        self.halt();
        let dir = tempfile::tempdir().expect("tempdir");
        std::mem::replace(&mut self.dir, dir)
    }

    fn halt(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Retries `check` until it holds or `within` has passed; returns whether it held.
    pub fn eventually(&self, within: std::time::Duration, mut check: impl FnMut() -> bool) -> bool {
        let deadline = std::time::Instant::now() + within;
        loop {
            if check() {
                return true;
            }
            if std::time::Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn bulk_ok(&self, collection: &str, ndjson: &str) -> Value {
        let response = self
            .client
            .post(self.url(&format!("/{collection}/_bulk?refresh=true")))
            .header("content-type", "application/x-ndjson")
            .body(ndjson.to_string())
            .send()
            .expect("bulk");
        let (status, body) = read(response);
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["errors"], json!(false), "{body}");
        body
    }

    pub fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        read(
            self.client
                .post(self.url(path))
                .json(body)
                .send()
                .expect("post"),
        )
    }

    pub fn put(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        read(
            self.client
                .put(self.url(path))
                .json(body)
                .send()
                .expect("put"),
        )
    }

    pub fn get(&self, path: &str) -> (StatusCode, Value) {
        read(self.client.get(self.url(path)).send().expect("get"))
    }

    pub fn delete(&self, path: &str) -> (StatusCode, Value) {
        read(self.client.delete(self.url(path)).send().expect("delete"))
    }

    /// Runs a search that must succeed.
    pub fn search(&self, collection: &str, body: Value) -> Value {
        let (status, response) = self.post(&format!("/{collection}/_search"), &body);
        assert_eq!(status, StatusCode::OK, "{body} -> {response}");
        response
    }

    /// Ids of the hits of a search, in order.
    pub fn ids(&self, collection: &str, body: Value) -> Vec<String> {
        ids(&self.search(collection, body))
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.halt();
    }
}

pub fn ids(response: &Value) -> Vec<String> {
    response["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| hit["id"].as_str().expect("id").to_string())
        .collect()
}

pub fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

pub fn read(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().expect("body");
    let body = serde_json::from_str(&text).unwrap_or_else(|_| json!({ "raw": text }));
    (status, body)
}
