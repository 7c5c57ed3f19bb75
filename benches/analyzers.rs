//! Micro-benchmarks of the analysis pipeline on generated CVs: language detection,
//! per-language analysis, concept extraction and whole-document preparation; and of
//! autocompletion (`GET /taxonomy/autocomplete`), a name typed a character at a time.
//!
//! ```text
//! cargo bench --bench analyzers
//! cargo bench --bench analyzers -- --quick
//! VIVIER_ESCO=../shared/data/esco cargo bench --bench analyzers -- extract
//! VIVIER_ESCO=../shared/data/esco cargo bench --bench analyzers -- complete
//! ```
//!
//! Text benches report bytes of text (not of JSON); preparation reports documents.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput};
use serde_json::Value;
use vivier_analyzers::concepts::ConceptExtractor;
use vivier_analyzers::taxonomy::source::{load_sources, shared_builtin};
use vivier_analyzers::{detect, Analyzers, Lang};
use vivier_indexer::CollectionIndex;
use vivier_schema::Collection;

/// Generated CVs in the corpus.
const CVS: u64 = 200;
/// Generator seed (the one `benches/e2e.rs` uses).
const SEED: u64 = 7;

/// One generated CV: its JSON line, its searchable text and its native language.
struct Sample {
    line: String,
    text: String,
    lang: String,
}

fn corpus() -> Vec<Sample> {
    (0..CVS)
        .map(|number| {
            let cv = vivier::gen::cv(SEED, number);
            let lang = cv["languages"][0]["code"]
                .as_str()
                .unwrap_or("fr")
                .to_string();
            Sample {
                line: cv.to_string(),
                text: cv_text(&cv),
                lang,
            }
        })
        .collect()
}

/// Headline, summary, experience titles and descriptions, and skills, one per line.
fn cv_text(cv: &Value) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(cv["headline"].as_str());
    parts.extend(cv["summary"].as_str());
    for experience in cv["experiences"].as_array().into_iter().flatten() {
        parts.extend(experience["title"].as_str());
        parts.extend(experience["description"].as_str());
    }
    for skill in cv["skills"].as_array().into_iter().flatten() {
        parts.extend(skill.as_str());
    }
    parts.join("\n")
}

fn total_bytes<'a>(texts: impl IntoIterator<Item = &'a str>) -> u64 {
    texts.into_iter().map(|t| t.len() as u64).sum()
}

/// The first CV in `lang` whose text is at least `min_bytes` long.
fn cv_sized<'a>(samples: &'a [Sample], lang: &str, min_bytes: usize) -> &'a str {
    samples
        .iter()
        .find(|s| s.lang == lang && s.text.len() >= min_bytes)
        .map(|s| s.text.as_str())
        .unwrap_or_else(|| panic!("no {lang} CV of {min_bytes}+ bytes in the corpus"))
}

fn bench_detection(c: &mut Criterion, samples: &[Sample]) {
    let mut group = c.benchmark_group("detect");
    group.sample_size(50);
    group.measurement_time(Duration::from_secs(3));
    for (lang, expected) in [("fr", Lang::Fr), ("en", Lang::En)] {
        let text = cv_sized(samples, lang, 800);
        assert_eq!(detect(text, Lang::De).lang, expected, "{text}");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("cv_{lang}"), |b| {
            b.iter(|| {
                let detection = detect(black_box(text), Lang::De);
                assert!(!detection.fallback);
                detection
            })
        });
    }
    group.finish();
}

fn bench_analysis(c: &mut Criterion, samples: &[Sample]) {
    let analyzers = Analyzers::build();
    let mut group = c.benchmark_group("analyze");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(4));
    for (lang, code) in [(Lang::Fr, "fr"), (Lang::En, "en")] {
        let texts: Vec<&str> = samples
            .iter()
            .filter(|s| s.lang == code)
            .map(|s| s.text.as_str())
            .collect();
        assert!(!texts.is_empty(), "no {code} CV in the corpus");
        let bytes = total_bytes(texts.iter().copied());
        group.throughput(Throughput::Bytes(bytes));
        group.bench_function(format!("{code}_{}_cvs", texts.len()), |b| {
            b.iter(|| {
                let tokens: usize = texts
                    .iter()
                    .map(|text| analyzers.analyse(lang, black_box(text)).len())
                    .sum();
                // Stop words go, but a CV is mostly content words: about one token per
                // 11 bytes measured, so at least one per 20.
                assert!(
                    tokens as u64 * 20 >= bytes,
                    "{tokens} tokens for {bytes} bytes"
                );
                tokens
            })
        });
    }
    group.finish();
}

/// The built-in taxonomy's extractor, and ESCO's when `VIVIER_ESCO` names its package.
fn extractors() -> Vec<(&'static str, ConceptExtractor)> {
    let mut extractors = vec![("builtin", ConceptExtractor::new(shared_builtin()))];
    if let Some(esco) = std::env::var_os("VIVIER_ESCO") {
        let path = PathBuf::from(esco);
        let taxonomy = load_sources(std::slice::from_ref(&path))
            .unwrap_or_else(|e| panic!("loading {}: {e}", path.display()));
        extractors.push(("esco", ConceptExtractor::new(Arc::new(taxonomy))));
    }
    extractors
}

fn bench_extraction(
    c: &mut Criterion,
    samples: &[Sample],
    extractors: &[(&str, ConceptExtractor)],
) {
    let bytes = total_bytes(samples.iter().map(|s| s.text.as_str()));
    let mut group = c.benchmark_group("extract");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Bytes(bytes));
    for (name, extractor) in extractors {
        let mentions: usize = samples
            .iter()
            .map(|s| extractor.extract_text(&s.text, "fr").len())
            .sum();
        println!(
            "extract/{name}: {} concepts, {mentions} mentions in {} CVs ({bytes} bytes)",
            extractor.taxonomy().len(),
            samples.len()
        );
        group.bench_function(format!("{name}_fr_{}_cvs", samples.len()), |b| {
            b.iter(|| {
                let mentions: usize = samples
                    .iter()
                    .map(|s| extractor.extract_text(black_box(&s.text), "fr").len())
                    .sum();
                // At least one mention per CV on average.
                assert!(
                    mentions >= samples.len(),
                    "{name}: {mentions} mentions in {} CVs",
                    samples.len()
                );
                mentions
            })
        });
    }
    group.finish();
}

fn bench_preparation(c: &mut Criterion, samples: &[Sample]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let extractor = ConceptExtractor::new(shared_builtin());
    let index = CollectionIndex::open_or_create(
        dir.path(),
        Collection::Cvs,
        Analyzers::build(),
        Lang::Fr,
        Some(Arc::new(extractor)),
    )
    .expect("open index");
    let preparer = index.preparer();
    let mut group = c.benchmark_group("prepare");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(samples.len() as u64));
    group.bench_function(format!("cvs_{}", samples.len()), |b| {
        b.iter(|| {
            let mut fields = 0;
            for sample in samples {
                let prepared = preparer
                    .prepare_json(black_box(&sample.line))
                    .unwrap_or_else(|e| panic!("{e}: {}", sample.line));
                assert!(prepared.id.starts_with("cv-"));
                fields += prepared.doc.field_values().count();
            }
            // Ids, source, filters and analysed text: far more than ten values per CV.
            assert!(fields >= 10 * samples.len(), "{fields} field values");
            fields
        })
    });
    group.finish();
}

/// What users type into a completion box, a character at a time: names of jobs and skills
/// in French and English, one with a typo, and the two-letter starts that many words share.
const TYPED: &[&str] = &[
    "infirmière de bloc",
    "développeur java",
    "devlopeur ja",
    "chef de projet",
    "aide-soignante",
    "magasinier cariste",
    "soudure TIG",
    "gestion de la paie",
    "software engineer",
    "forklift driver",
    "customer service",
    "ma",
    "co",
    "de",
];

/// Completion lookups, one per prefix of each typed name: the issue's target is under 5 ms
/// each.
fn bench_completion(c: &mut Criterion, extractors: &[(&str, ConceptExtractor)]) {
    let prefixes: Vec<&str> = TYPED
        .iter()
        .flat_map(|name| {
            name.char_indices()
                .skip(1)
                .map(move |(at, ch)| &name[..at + ch.len_utf8()])
        })
        .collect();
    let mut group = c.benchmark_group("complete");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(4));
    group.throughput(Throughput::Elements(prefixes.len() as u64));
    for (name, extractor) in extractors {
        let resolver = extractor.resolver();
        group.bench_function(format!("{name}_{}_prefixes", prefixes.len()), |b| {
            b.iter(|| {
                let suggested: usize = prefixes
                    .iter()
                    .map(|prefix| resolver.autocomplete(black_box(prefix), None, 10).len())
                    .sum();
                // Nearly every prefix of a taxonomy's words completes to something.
                assert!(
                    suggested >= prefixes.len(),
                    "{name}: {suggested} suggestions"
                );
                suggested
            })
        });
    }
    group.finish();
    // The slowest lookup: "de", which starts French's commonest word and hundreds of others.
    let mut group = c.benchmark_group("complete_slowest");
    group.sample_size(50);
    group.measurement_time(Duration::from_secs(3));
    for (name, extractor) in extractors {
        let resolver = extractor.resolver();
        group.bench_function(format!("{name}_de"), |b| {
            b.iter(|| {
                let suggested = resolver.autocomplete(black_box("de"), None, 10);
                assert_eq!(suggested.len(), 10, "{name}");
                suggested
            })
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let samples = corpus();
    let extractors = extractors();
    bench_detection(c, &samples);
    bench_analysis(c, &samples);
    bench_extraction(c, &samples, &extractors);
    bench_preparation(c, &samples);
    bench_completion(c, &extractors);
}

// What `criterion_group!`/`criterion_main!` expand to, without their undocumented `pub fn`.
fn main() {
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
}
