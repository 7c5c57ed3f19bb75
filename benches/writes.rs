//! Concurrent single-document writes: N clients PUT CVs as fast as they can for a while,
//! while one client searches; reports acknowledged writes per second and read latency.
//!
//! ```text
//! cargo bench --bench writes -- --clients 16 --seconds 10
//! cargo bench --bench writes -- --clients 16 --seconds 10 --threads   # a thread per client
//! ```

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use reqwest::header::CONTENT_TYPE;
use serde_json::json;

#[derive(Debug, Parser)]
struct Args {
    /// Concurrent writers.
    #[arg(long, default_value_t = 16)]
    clients: usize,
    /// How long to write.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Write one-line CVs instead of full generated ones (measures the write path alone).
    #[arg(long)]
    small: bool,
    /// One OS thread per client, each with a blocking HTTP client, instead of tasks of one
    /// single-threaded runtime.
    #[arg(long)]
    threads: bool,
    /// Ignored: cargo passes it to benchmarks.
    #[arg(long, hide = true)]
    bench: bool,
}

mod support;

/// Distinct documents the writers cycle through (each write has its own id).
const BODIES: usize = 2_000;

use support::Server;

/// What the writers share: where to write, what, and the counts.
struct Load {
    base: String,
    bodies: Vec<Vec<u8>>,
    acknowledged: AtomicUsize,
    failed: AtomicUsize,
    stop: AtomicBool,
}

impl Load {
    /// The URL and body of a writer's `n`th write (each write has its own id).
    fn write(&self, writer: usize, n: usize) -> (String, Vec<u8>) {
        let body = self.bodies[(writer * 7919 + n) % self.bodies.len()].clone();
        (format!("{}/cvs/w{writer}-{n}", self.base), body)
    }

    /// Counts a write: acknowledged when the server answered with a success.
    fn count<E>(&self, status: Result<reqwest::StatusCode, E>) {
        let counter = if status.is_ok_and(|s| s.is_success()) {
            &self.acknowledged
        } else {
            &self.failed
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

fn main() {
    let args = Args::parse();
    let data = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(data.path());
    let base = server.base.clone();
    // Bodies are made before the clock starts, so that the load generator, on the same two
    // cores, spends its time sending rather than generating. The id comes from the path.
    let bodies: Vec<Vec<u8>> = (0..BODIES as u64)
        .map(|seed| {
            let cv = if args.small {
                json!({"headline": format!("Serveuse {seed}")})
            } else {
                let mut cv = vivier::gen::cv(5, seed);
                if let Some(object) = cv.as_object_mut() {
                    object.remove("id");
                }
                cv
            };
            serde_json::to_vec(&cv).expect("a generated CV serializes")
        })
        .collect();
    let load = Load {
        base: base.clone(),
        bodies,
        acknowledged: AtomicUsize::new(0),
        failed: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
    };
    let started = Instant::now();
    let cpu_before = server.cpu_seconds();
    let mut read_latencies: Vec<f64> = std::thread::scope(|scope| {
        // By default the writers are tasks of one single-threaded runtime: the load
        // generator shares the two cores with the server, and a thread per client
        // (`--threads`) takes more of them.
        let writers = scope.spawn(|| {
            if args.threads {
                std::thread::scope(|clients| {
                    for writer in 0..args.clients {
                        let load = &load;
                        clients.spawn(move || {
                            let client = reqwest::blocking::Client::new();
                            let mut n = 0usize;
                            while !load.stop.load(Ordering::Relaxed) {
                                let (url, body) = load.write(writer, n);
                                let sent = client.put(url).header(CONTENT_TYPE, "application/json");
                                load.count(sent.body(body).send().map(|r| r.status()));
                                n += 1;
                            }
                        });
                    }
                });
                return;
            }
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let client = reqwest::Client::new();
                let tasks: Vec<_> = (0..args.clients)
                    .map(|writer| {
                        let (client, load) = (client.clone(), &load);
                        async move {
                            let mut n = 0usize;
                            while !load.stop.load(Ordering::Relaxed) {
                                let (url, body) = load.write(writer, n);
                                let sent = client.put(url).header(CONTENT_TYPE, "application/json");
                                load.count(sent.body(body).send().await.map(|r| r.status()));
                                n += 1;
                            }
                        }
                    })
                    .collect();
                futures_util::future::join_all(tasks).await;
            });
        });
        let reader = scope.spawn(|| {
            let client = reqwest::blocking::Client::new();
            let mut latencies = Vec::new();
            while !load.stop.load(Ordering::Relaxed) {
                let sent = Instant::now();
                let _ = client
                    .post(format!("{base}/cvs/_search"))
                    .json(&json!({"q": "développeur java", "facets": ["contract_types"]}))
                    .send();
                latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
                std::thread::sleep(Duration::from_millis(20));
            }
            latencies
        });
        std::thread::sleep(Duration::from_secs(args.seconds));
        load.stop.store(true, Ordering::Relaxed);
        let _ = writers.join();
        reader.join().unwrap_or_default()
    });
    let seconds = started.elapsed().as_secs_f64();
    // The load generator shares the machine: the server's own CPU per write says what a
    // write costs, whatever the clients take.
    let server_cpu = server.cpu_seconds() - cpu_before;
    read_latencies.sort_by(f64::total_cmp);
    let p = |q: f64| {
        read_latencies
            .get(((read_latencies.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let writes = load.acknowledged.load(Ordering::Relaxed);
    println!(
        "{} {}{}: {writes} acknowledged writes in {seconds:.1} s = {:.0} writes/s, {} failed; reads during writes: p50 {:.1} ms, p99 {:.1} ms; server CPU {:.2} cores, {:.0} µs per write",
        args.clients,
        if args.threads { "client threads" } else { "clients" },
        if args.small { " (one-line CVs)" } else { " (full generated CVs)" },
        writes as f64 / seconds,
        load.failed.load(Ordering::Relaxed),
        p(0.5),
        p(0.99),
        server_cpu / seconds,
        server_cpu * 1e6 / writes.max(1) as f64
    );
    server.stop();
}
