//! End-to-end benchmark: generate a corpus, index it with `vivier index`, serve it with
//! `vivier serve`, and run a fixed mix of recruiter searches over HTTP at several
//! concurrency levels. Reports docs/s, index size, latency percentiles, QPS and the
//! server's peak RSS.
//!
//! ```text
//! cargo bench --bench e2e -- --cvs 100000 --searches 1000 --clients 1,4
//! ```

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use clap::Parser;
use serde_json::{json, Value};
use vivier::gen::SplitMix64;
use vivier_schema::geo::french_cities;

#[derive(Debug, Parser)]
struct Args {
    /// CVs to generate and index.
    #[arg(long, default_value_t = 100_000)]
    cvs: u64,
    /// Searches per concurrency level.
    #[arg(long, default_value_t = 1_000)]
    searches: usize,
    /// Concurrency levels, comma-separated.
    #[arg(long, default_value = "1,4", value_delimiter = ',')]
    clients: Vec<usize>,
    /// Offers to generate and index, for the matching requests.
    #[arg(long, default_value_t = 1_000)]
    offers: u64,
    /// Hybrid searches (5 skills, text, location filter, 3 facets) and offer matches per
    /// concurrency level.
    #[arg(long, default_value_t = 300)]
    hybrid: usize,
    /// Taxonomy sources for indexing and serving (default: the built-in taxonomy).
    #[arg(long = "taxonomy", value_name = "PATH")]
    taxonomy: Vec<String>,
    /// Work directory (default: a temporary one, removed at the end).
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Reuse an existing corpus and index in --work-dir.
    #[arg(long)]
    reuse: bool,
    /// Also print the mix's latencies per kind of search.
    #[arg(long)]
    by_kind: bool,
    /// Ignored: cargo passes it to benchmarks.
    #[arg(long, hide = true)]
    bench: bool,
}

mod support;

use support::{dir_size, work_dir, Server, VIVIER};

fn main() {
    let args = Args::parse();
    let (_temporary, work) = work_dir(args.work_dir.as_deref());
    let corpus = work.join("corpus");
    let data = work.join("data");
    let taxonomy_args: Vec<String> = args
        .taxonomy
        .iter()
        .flat_map(|path| ["--taxonomy".to_string(), path.clone()])
        .collect();

    if !args.reuse {
        let _ = std::fs::remove_dir_all(&data);
        let started = Instant::now();
        run(Command::new(VIVIER)
            .args([
                "gen",
                "--cvs",
                &args.cvs.to_string(),
                "--offers",
                &args.offers.to_string(),
                "--seed",
                "7",
                "--out",
            ])
            .arg(&corpus));
        println!(
            "gen: {} CVs in {:.1} s",
            args.cvs,
            started.elapsed().as_secs_f64()
        );
        let input = corpus.join("cvs.ndjson");
        let input_bytes = std::fs::metadata(&input).map(|m| m.len()).unwrap_or(0);
        let started = Instant::now();
        run(Command::new(VIVIER)
            .args(["index", "--collection", "cvs", "--data-dir"])
            .arg(&data)
            .args(&taxonomy_args)
            .arg(&input));
        let seconds = started.elapsed().as_secs_f64();
        let index_bytes = dir_size(&data.join("cvs"));
        println!(
            "index: {} CVs in {seconds:.1} s = {:.0} docs/s; input {:.1} MB, index {:.1} MB ({:.0}% of input)",
            args.cvs,
            args.cvs as f64 / seconds,
            input_bytes as f64 / 1e6,
            index_bytes as f64 / 1e6,
            100.0 * index_bytes as f64 / input_bytes.max(1) as f64
        );
        if args.offers > 0 {
            run(Command::new(VIVIER)
                .args(["index", "--collection", "offers", "--data-dir"])
                .arg(&data)
                .args(&taxonomy_args)
                .arg(corpus.join("offers.ndjson")));
        }
    }

    let mut server = Server::start_with(&data, &taxonomy_args, &[]);
    let base = server.base.clone();
    let requests: Vec<(String, Value)> = search_mix(args.searches)
        .into_iter()
        .map(|body| ("/cvs/_search".to_string(), body))
        .collect();
    for &clients in &args.clients {
        let report = load(&base, &requests, clients.max(1));
        print_report("search mix", clients, &report);
        if args.by_kind {
            print_by_kind(&report);
        }
    }
    let hybrid = hybrid_mix(&base, args.hybrid);
    let matches: Vec<String> = (0..args.hybrid)
        .map(|i| {
            format!(
                "/match/offer/offer-{}",
                (i as u64 * 7919) % args.offers.max(1)
            )
        })
        .collect();
    for &clients in args.clients.iter().filter(|_| args.hybrid > 0) {
        let report = load(&base, &hybrid, clients.max(1));
        print_report(
            "hybrid (5 skills, text, location, 3 facets)",
            clients,
            &report,
        );
        if args.offers > 0 {
            let report = load(&base, &matches, clients.max(1));
            print_report("match/offer", clients, &report);
        }
    }
    println!("server peak RSS: {:.0} MB", server.peak_rss_mb());
    server.stop();
}

fn run(command: &mut Command) {
    let status = command.status().expect("run vivier");
    assert!(status.success(), "{command:?} failed: {status}");
}

/// A fixed, seeded mix of what recruiters type: keywords, phrases, prefixes, field scopes,
/// filters, facets, radius searches sorted by distance.
/// The kinds of search in the mix, in the order `search_mix` cycles through them.
const MIX_KINDS: [&str; 8] = [
    "keywords",
    "keywords",
    "phrase + highlight",
    "prefix",
    "field + contract filter",
    "keywords + filters + 3 facets",
    "keywords + distance sort",
    "location + date filters, 3 facets, date sort",
];

fn search_mix(count: usize) -> Vec<Value> {
    const KEYWORDS: &[&str] = &[
        "développeur java",
        "serveuse",
        "infirmière",
        "chef de projet",
        "cariste",
        "comptable",
        "aide-soignante",
        "électricien",
        "vendeuse",
        "data scientist",
        "soudeur",
        "plombier",
        "agent de sécurité",
        "python",
        "boulanger",
        "software developer",
        "nurse",
        "warehouse",
        "maçon",
        "assistante administrative",
        "technicien de maintenance",
        "commis de cuisine",
        "préparateur de commandes",
        "conseiller clientèle",
        "kubernetes docker",
        "excel",
    ];
    const PHRASES: &[&str] = &[
        "\"chef de partie\"",
        "\"service en salle\"",
        "\"spring boot\"",
        "\"prise de sang\"",
        "\"chef de chantier\"",
    ];
    const PREFIXES: &[&str] = &["dévelop*", "infirm*", "compta*", "logisti*", "cuisin*"];
    const FIELDS: &[&str] = &[
        "headline:serveur",
        "skills:java",
        "title:infirmier",
        "skills:haccp",
        "headline:\"chef de projet\"",
    ];
    let contracts = ["CDI", "CDD", "interim", "alternance", "freelance"];
    let cities = &french_cities()[..60];
    let mut rng = SplitMix64::for_document(11, 0, 0);
    let mut pick = |n: usize| (rand::RngCore::next_u64(&mut rng) % n as u64) as usize;
    (0..count)
        .map(|i| {
            let city = &cities[pick(cities.len())];
            let location = json!({"lat": city.point.lat, "lon": city.point.lon, "radius_km": 30});
            match i % 8 {
                0 | 1 => json!({"q": KEYWORDS[pick(KEYWORDS.len())]}),
                2 => json!({"q": PHRASES[pick(PHRASES.len())], "highlight": true}),
                3 => json!({"q": PREFIXES[pick(PREFIXES.len())]}),
                4 => json!({"q": FIELDS[pick(FIELDS.len())], "filters": {"contract_types": [contracts[pick(5)]]}}),
                5 => json!({
                    "q": KEYWORDS[pick(KEYWORDS.len())],
                    "filters": {"years_experience": {"min": pick(5)}, "languages": ["fr"]},
                    "facets": ["contract_types", "cities", "experience"],
                }),
                6 => json!({"q": KEYWORDS[pick(KEYWORDS.len())], "filters": {"location": location}, "sort": "distance"}),
                _ => json!({"filters": {"location": location, "updated_since": "2025-06-01"}, "facets": ["contract_types", "languages", "experience"], "sort": "updated_at"}),
            }
        })
        .collect()
}

fn print_by_kind(report: &LoadReport) {
    let mut kinds: Vec<&str> = MIX_KINDS.to_vec();
    kinds.dedup();
    for kind in kinds {
        let mut latencies: Vec<f64> = report
            .by_request
            .iter()
            .filter(|(i, _)| MIX_KINDS[i % MIX_KINDS.len()] == kind)
            .map(|&(_, ms)| ms)
            .collect();
        latencies.sort_by(f64::total_cmp);
        println!(
            "  {kind}: {} requests, p50 {:.1} ms, p95 {:.1} ms, mean {:.1} ms",
            latencies.len(),
            percentile(&latencies, 50.0),
            percentile(&latencies, 95.0),
            latencies.iter().sum::<f64>() / latencies.len().max(1) as f64
        );
    }
}

fn print_report(what: &str, clients: usize, report: &LoadReport) {
    println!(
        "{what}, {clients} client(s): {} requests, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {:.0} QPS, {} errors",
        report.latencies_ms.len(),
        percentile(&report.latencies_ms, 50.0),
        percentile(&report.latencies_ms, 95.0),
        percentile(&report.latencies_ms, 99.0),
        percentile(&report.latencies_ms, 100.0),
        report.latencies_ms.len() as f64 / report.seconds,
        report.errors
    );
}

/// Hybrid searches as a matching front end sends them: a job title as text, the five
/// skills CVs with that title most often have (read from the index's skills facet, so
/// that it works on any taxonomy), a 50 km radius around a city, and three facets.
fn hybrid_mix(base: &str, count: usize) -> Vec<(String, Value)> {
    const TITLES: &[&str] = &[
        "développeur java",
        "serveur",
        "infirmier",
        "chef de projet",
        "cariste",
        "comptable",
        "aide-soignant",
        "électricien",
        "vendeur",
        "data scientist",
        "soudeur",
        "plombier",
        "software developer",
        "nurse",
        "maçon",
        "commis de cuisine",
    ];
    let client = reqwest::blocking::Client::new();
    let skills_of = |title: &str| -> Vec<String> {
        client
            .post(format!("{base}/cvs/_search"))
            .json(&json!({"q": title, "limit": 1, "facets": ["skills"]}))
            .send()
            .and_then(|r| r.json::<Value>())
            .ok()
            .and_then(|body| body["facets"]["skills"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|bucket| bucket["value"].as_str().map(str::to_string))
            .take(5)
            .collect()
    };
    let queries: Vec<(&str, Vec<String>)> = TITLES.iter().map(|t| (*t, skills_of(t))).collect();
    let cities = &french_cities()[..60];
    let mut rng = SplitMix64::for_document(13, 0, 0);
    let mut pick = |n: usize| (rand::RngCore::next_u64(&mut rng) % n as u64) as usize;
    (0..count)
        .map(|_| {
            let (title, skills) = &queries[pick(queries.len())];
            let city = &cities[pick(cities.len())];
            let skills: Vec<Value> = skills.iter().map(|id| json!({"id": id})).collect();
            let body = json!({
                "q": title,
                "skills": skills,
                "filters": {"location": {"lat": city.point.lat, "lon": city.point.lon, "radius_km": 50}},
                "facets": ["skills", "contract_types", "cities"],
            });
            ("/cvs/_search".to_string(), body)
        })
        .collect()
}

struct LoadReport {
    latencies_ms: Vec<f64>,
    /// (request index, latency in ms), in no particular order.
    by_request: Vec<(usize, f64)>,
    seconds: f64,
    errors: usize,
}

/// Sends `requests` (path, JSON body) from `clients` concurrent clients; each request once.
/// The clients are tasks of one single-threaded runtime: the load generator shares the two
/// cores with the server, and a thread per client would take more of them.
fn load<R: Request>(base: &str, requests: &[R], clients: usize) -> LoadReport {
    let next = AtomicUsize::new(0);
    let errors = AtomicUsize::new(0);
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let client = reqwest::Client::new();
    let per_client: Vec<Vec<(usize, f64)>> =
        runtime.block_on(futures_util::future::join_all((0..clients).map(|_| {
            let (client, next, errors) = (&client, &next, &errors);
            async move {
                let mut mine = Vec::new();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(request) = requests.get(index) else {
                        break;
                    };
                    let sent = Instant::now();
                    let ok = match request.builder(client, base).send().await {
                        Ok(response) => match response.error_for_status() {
                            Ok(response) => response.bytes().await.is_ok(),
                            Err(_) => false,
                        },
                        Err(_) => false,
                    };
                    mine.push((index, sent.elapsed().as_secs_f64() * 1000.0));
                    if !ok {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
                mine
            }
        })));
    let by_request: Vec<(usize, f64)> = per_client.into_iter().flatten().collect();
    let mut latencies: Vec<f64> = by_request.iter().map(|&(_, ms)| ms).collect();
    latencies.sort_by(f64::total_cmp);
    LoadReport {
        latencies_ms: latencies,
        by_request,
        seconds: started.elapsed().as_secs_f64(),
        errors: errors.load(Ordering::Relaxed),
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// A request of a load: a search with its body, or a bare POST to a path.
trait Request: Sync {
    fn builder(&self, client: &reqwest::Client, base: &str) -> reqwest::RequestBuilder;
}

impl Request for (String, Value) {
    fn builder(&self, client: &reqwest::Client, base: &str) -> reqwest::RequestBuilder {
        client.post(format!("{base}{}", self.0)).json(&self.1)
    }
}

impl Request for String {
    fn builder(&self, client: &reqwest::Client, base: &str) -> reqwest::RequestBuilder {
        client.post(format!("{base}{self}"))
    }
}
