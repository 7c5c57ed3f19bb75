//! The `vivier` command line: `serve`, `index`, `gen`.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use tracing::info;
use vivier_analyzers::taxonomy::source::load_sources;
use vivier_analyzers::taxonomy::ConceptKind;
use vivier_analyzers::{detect, Analyzers, InvalidLang, Lang};
use vivier_indexer::{bulk_index, BulkOptions, BulkProgress, BulkReport, CollectionIndex};
use vivier_schema::Collection;

use crate::concepts::Concepts;
use crate::config::Config;
use crate::{eval, gen};

/// Writes a line on standard output like `println!`, but hands a failed write to the caller
/// instead of panicking: a reader that stops early (`vivier eval --verbose | head`) closes
/// the pipe, which ends the command quietly (see `main`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

/// Vivier: search and matching for CVs and job offers.
#[derive(Debug, Parser)]
#[command(name = "vivier", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by commands that open an index.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// TOML configuration file.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Data directory (overrides config and VIVIER_DATA_DIR).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Language assumed when detection is unsure (ISO 639-1).
    #[arg(long, value_name = "CODE")]
    pub default_lang: Option<String>,
    /// Taxonomy sources (Vivier JSONL file, ESCO folder, ROME folder), merged in order;
    /// repeat the flag for several. Replaces the configured list.
    #[arg(long = "taxonomy", value_name = "PATH")]
    pub taxonomy: Vec<PathBuf>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP API.
    Serve {
        /// Index options.
        #[command(flatten)]
        index: IndexArgs,
        /// Address to listen on (HOST:PORT).
        #[arg(long, value_name = "HOST:PORT")]
        listen: Option<String>,
        /// Do not fill an empty data directory with the demo corpus.
        #[arg(long)]
        no_demo: bool,
        /// Rebuild at start the collections analysed otherwise (another Vivier, default
        /// language or taxonomy), while serving.
        #[arg(long)]
        rebuild_stale: bool,
    },
    /// Bulk-load an NDJSON file into a collection, offline (the server must be stopped).
    Index {
        /// Index options.
        #[command(flatten)]
        index: IndexArgs,
        /// Collection to load into: cvs or offers.
        #[arg(long, value_parser = parse_collection)]
        collection: Collection,
        /// NDJSON file, one document a line; `-` reads standard input.
        file: PathBuf,
        /// Parsing and analysis threads (default: one per core).
        #[arg(long)]
        workers: Option<usize>,
        /// tantivy indexing memory budget in MiB.
        #[arg(long, default_value_t = 512)]
        heap_mb: usize,
    },
    /// Re-analyse every stored document of a collection into a new index, offline (the
    /// server must be stopped; online, use `POST /admin/collections/{c}/rebuild`).
    Rebuild {
        /// Index options.
        #[command(flatten)]
        index: IndexArgs,
        /// Collection to rebuild: cvs or offers.
        #[arg(long, value_parser = parse_collection)]
        collection: Collection,
    },
    /// Resolve short texts (one a line on stdin) to ranked concepts, as JSON lines.
    Resolve {
        /// Taxonomy sources (JSONL file, ESCO folder, ROME folder), merged in order.
        #[arg(long = "taxonomy", value_name = "PATH")]
        taxonomy: Vec<PathBuf>,
        /// Only concepts of this kind.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<ConceptKind>,
        /// Language of labels in the output [default: each text's, detected; French when
        /// unsure].
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
        /// Candidates per text (1 to 100).
        #[arg(long, default_value_t = 10, value_parser = parse_top)]
        top: usize,
    },
    /// Extract concept mentions from texts (one a line on stdin), as JSON lines.
    Extract {
        /// Taxonomy sources, merged in order.
        #[arg(long = "taxonomy", value_name = "PATH")]
        taxonomy: Vec<PathBuf>,
        /// Language of the texts [default: each text's, detected; French when unsure].
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
    },
    /// Inspect taxonomies.
    Taxonomy {
        /// What to do.
        #[command(subcommand)]
        command: TaxonomyCommand,
    },
    /// Measure concept linking on a labelled development set.
    Eval {
        /// Taxonomy sources, merged in order.
        #[arg(long = "taxonomy", value_name = "PATH")]
        taxonomy: Vec<PathBuf>,
        /// The development set (JSONL).
        #[arg(long, default_value = "analyzers/eval/devset.jsonl")]
        devset: PathBuf,
        /// Print every error case.
        #[arg(long)]
        verbose: bool,
        /// Also measure skill detection on SkillSpan's annotated job postings (a CoNLL file
        /// or a folder of them, e.g. ../shared/data/extraction-dev/skillspan).
        #[arg(long, value_name = "PATH")]
        skillspan: Option<PathBuf>,
        /// Also measure autocompletion: how much of each occupation's and skill's
        /// preferred name (French and English, about 1,000 concepts of each kind) is typed
        /// before the concept is suggested first, and among the first five; and how often
        /// a name of several words typed abbreviated ("tech de main") is suggested first.
        #[arg(long)]
        autocomplete: bool,
    },
    /// Measure ranking quality (nDCG@10, recall@100) of text-only, skills-only and hybrid
    /// search on a generated corpus with known ground truth.
    Relevance {
        /// Taxonomy sources, merged in order: concepts are extracted and queries resolved
        /// with them, and (unless `--corpus builtin`) documents and queries are drawn from
        /// their occupations.
        #[arg(long = "taxonomy", value_name = "PATH")]
        taxonomy: Vec<PathBuf>,
        /// Generator of the corpus and its judged queries: `builtin` profiles, or the
        /// occupations of the `taxonomy` (the default when one is given).
        #[arg(long, value_enum)]
        corpus: Option<crate::relevance::Corpus>,
        /// CVs to generate and index.
        #[arg(long, default_value_t = 20_000)]
        cvs: u64,
        /// Offers to judge matching with.
        #[arg(long, default_value_t = 60)]
        offers: u64,
        /// Corpus seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Also print every query with its relevant CVs and scores per system.
        #[arg(long)]
        verbose: bool,
        /// Real job postings to query with (SkillSpan CoNLL files: a file or a folder, e.g.
        /// ../shared/data/extraction-dev/skillspan): passages judged by their annotated
        /// skill spans.
        #[arg(long, value_name = "PATH")]
        postings: Option<PathBuf>,
    },
    /// Generate a realistic corpus of CVs and offers as NDJSON.
    Gen {
        /// CVs to write.
        #[arg(long, default_value_t = 0)]
        cvs: u64,
        /// Offers to write.
        #[arg(long, default_value_t = 0)]
        offers: u64,
        /// Seed: the same seed gives the same documents.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output directory (cvs.ndjson, offers.ndjson).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Also write the ground truth of each document (cvs.truth.ndjson,
        /// offers.truth.ndjson): the occupation profile, sector and language it was made from
        /// (with a taxonomy: the occupation's id, and the ids of its skills in `skill_ids`).
        #[arg(long)]
        truth: bool,
        /// Taxonomy sources (Vivier JSONL file, ESCO folder, ROME folder, `builtin`), merged
        /// in order: occupations, titles, skills and descriptions are drawn from them
        /// instead of the built-in profiles.
        #[arg(long = "taxonomy", value_name = "PATH")]
        taxonomy: Vec<PathBuf>,
    },
}

/// `vivier taxonomy` subcommands.
#[derive(Debug, Subcommand)]
pub enum TaxonomyCommand {
    /// Print counts per kind and language, and the ambiguous labels.
    Stats {
        /// Taxonomy sources, merged in order (none: the built-in taxonomy).
        sources: Vec<PathBuf>,
        /// Ambiguous labels to list.
        #[arg(long, default_value_t = 40)]
        top: usize,
    },
}

fn parse_kind(name: &str) -> Result<ConceptKind, String> {
    match name {
        "occupation" => Ok(ConceptKind::Occupation),
        "skill" => Ok(ConceptKind::Skill),
        other => Err(format!(
            "unknown kind `{other}`, expected `occupation` or `skill`"
        )),
    }
}

fn parse_collection(name: &str) -> Result<Collection, String> {
    name.parse()
        .map_err(|err: vivier_schema::UnknownCollection| err.to_string())
}

/// Loads the configuration: file, then environment, then the flags given.
pub fn load_config(args: &IndexArgs) -> anyhow::Result<Config> {
    let text = match &args.config {
        Some(path) => Some(
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
        ),
        None => None,
    };
    let env: HashMap<String, String> = std::env::vars().collect();
    let mut config = Config::load(text.as_deref(), &env)?;
    if let Some(dir) = &args.data_dir {
        config.data_dir = dir.clone();
    }
    if let Some(lang) = &args.default_lang {
        config.default_lang = lang.clone();
    }
    if !args.taxonomy.is_empty() {
        config.taxonomy = args.taxonomy.clone();
    }
    config.validate()?;
    // Before any analyzer is built: every analyzer of the process must cut Japanese alike.
    vivier_analyzers::japanese::configure(config.ja_dict.clone());
    Ok(config)
}

/// Runs `vivier index`.
pub fn run_index(
    args: &IndexArgs,
    collection: Collection,
    file: &Path,
    workers: Option<usize>,
    heap_mb: usize,
) -> anyhow::Result<BulkReport> {
    let config = load_config(args)?;
    let concepts = Concepts::load(&config.taxonomy)?;
    let index = CollectionIndex::open_or_create(
        &config.data_dir,
        collection,
        Analyzers::build(),
        config.default_lang()?,
        Some(concepts.extractor.clone()),
    )?;
    crate::warn_if_stale(&index, collection);
    let lines: Box<dyn Iterator<Item = io::Result<Vec<u8>>> + Send> = if file == Path::new("-") {
        Box::new(ByteLines::new(BufReader::new(io::stdin())))
    } else {
        let handle = File::open(file).with_context(|| format!("opening {}", file.display()))?;
        Box::new(ByteLines::new(BufReader::with_capacity(1 << 20, handle)))
    };
    let total_bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    let mut options = BulkOptions {
        writer_heap_bytes: heap_mb.max(15) << 20,
        ..BulkOptions::default()
    };
    if let Some(workers) = workers {
        options.workers = workers.max(1);
    }
    let progress = BulkProgress::default();
    let started = Instant::now();
    let done = std::sync::atomic::AtomicBool::new(false);
    let report = std::thread::scope(|scope| {
        let bar = scope.spawn(|| show_progress(&progress, total_bytes, &done));
        let result = bulk_index(&index, lines, options, &progress, |error| {
            eprintln!("line {}: {}", error.line, error.message);
        });
        done.store(true, Ordering::Relaxed);
        let _ = bar.join();
        result
    })?;
    let seconds = started.elapsed().as_secs_f64();
    out!(
        "indexed {} documents into {collection}, {} failed, in {seconds:.1} s ({:.0} docs/s)",
        report.indexed,
        report.failed,
        report.indexed as f64 / seconds.max(1e-9)
    );
    Ok(report)
}

/// The UTF-8 byte order mark some editors put at the start of a text file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The lines of an input as bytes, without their `\n` or `\r\n`, and without a byte order
/// mark opening the input: a line that is not UTF-8 is then one bad line, reported with its
/// number, where `BufRead::lines` would end the whole input with an error.
struct ByteLines<R> {
    reader: R,
    first: bool,
}

impl<R: BufRead> ByteLines<R> {
    fn new(reader: R) -> Self {
        ByteLines {
            reader,
            first: true,
        }
    }
}

impl<R: BufRead> Iterator for ByteLines<R> {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<io::Result<Vec<u8>>> {
        let mut line = Vec::new();
        match self.reader.read_until(b'\n', &mut line) {
            Ok(0) => None,
            Ok(_) => {
                if line.last() == Some(&b'\n') {
                    line.pop();
                    if line.last() == Some(&b'\r') {
                        line.pop();
                    }
                }
                if std::mem::take(&mut self.first) && line.starts_with(BOM) {
                    line.drain(..BOM.len());
                }
                Some(Ok(line))
            }
            Err(err) => Some(Err(err)),
        }
    }
}

/// Runs `on_text` on each line of standard input that is UTF-8, and writes what it returns
/// as one JSON line; a line that is not UTF-8 gets `{"line", "error"}` instead, so that
/// output line N still answers input line N. Fails at the end if any line was not UTF-8.
fn for_each_stdin_line(mut on_text: impl FnMut(String) -> serde_json::Value) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut not_utf8 = 0u64;
    for (index, line) in ByteLines::new(io::stdin().lock()).enumerate() {
        let json = match String::from_utf8(line?) {
            Ok(text) => on_text(text),
            Err(err) => {
                not_utf8 += 1;
                let error = format!("not valid UTF-8: {}", err.utf8_error());
                eprintln!("line {}: {error}", index + 1);
                json!({"line": index + 1, "error": error})
            }
        };
        serde_json::to_writer(&mut out, &json)?;
        io::Write::write_all(&mut out, b"\n")?;
    }
    io::Write::flush(&mut out)?;
    if not_utf8 > 0 {
        anyhow::bail!("{not_utf8} input lines were not valid UTF-8");
    }
    Ok(())
}

/// Draws a progress bar on a terminal (documents, docs/s, ETA by bytes read).
fn show_progress(progress: &BulkProgress, total_bytes: u64, done: &std::sync::atomic::AtomicBool) {
    if !io::stderr().is_terminal() {
        return;
    }
    let bar = if total_bytes > 0 {
        ProgressBar::new(total_bytes)
    } else {
        ProgressBar::new_spinner()
    };
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {percent}% {msg} ETA {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    let started = Instant::now();
    while !done.load(Ordering::Relaxed) {
        let indexed = progress.indexed.load(Ordering::Relaxed);
        let rate = indexed as f64 / started.elapsed().as_secs_f64().max(1e-3);
        bar.set_position(progress.bytes.load(Ordering::Relaxed));
        bar.set_message(format!(
            "{indexed} docs, {rate:.0} docs/s, {} failed",
            progress.failed.load(Ordering::Relaxed)
        ));
        std::thread::sleep(Duration::from_millis(200));
    }
    bar.finish_and_clear();
}

fn create_output(path: &Path) -> anyhow::Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 20, file))
}

/// Makes document number `n` of a seed, as JSON.
type MakeDocument<'a> = Box<dyn Fn(u64, u64) -> serde_json::Value + Sync + 'a>;

/// Runs `vivier gen`: the built-in model, or the occupations of `taxonomy` when given.
pub fn run_gen(
    cvs: u64,
    offers: u64,
    seed: u64,
    out: &Path,
    truth: bool,
    taxonomy: &[PathBuf],
) -> anyhow::Result<()> {
    let started = Instant::now();
    let generator = if taxonomy.is_empty() {
        gen::Generator::Builtin
    } else {
        let loaded = load_sources(taxonomy)?;
        let generator = gen::Generator::from_taxonomy(&loaded)?;
        if let gen::Generator::Taxonomy(model) = &generator {
            out!(
                "taxonomy: {} concepts, {} of {} occupations usable, languages {}, ready in {:.1} s",
                loaded.len(),
                model.occupation_count(),
                model.considered_count(),
                model.languages().join(", "),
                started.elapsed().as_secs_f64()
            );
        }
        generator
    };
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let generator = &generator;
    let mut outputs: Vec<(&str, u64, MakeDocument)> = vec![
        ("cvs.ndjson", cvs, Box::new(|seed, n| generator.cv(seed, n))),
        (
            "offers.ndjson",
            offers,
            Box::new(|seed, n| generator.offer(seed, n)),
        ),
    ];
    if truth {
        outputs.push((
            "cvs.truth.ndjson",
            cvs,
            Box::new(|seed, n| json!(generator.cv_truth(seed, n))),
        ));
        outputs.push((
            "offers.truth.ndjson",
            offers,
            Box::new(|seed, n| json!(generator.offer_truth(seed, n))),
        ));
    }
    for (name, count, make) in outputs {
        if count == 0 {
            continue;
        }
        let path = out.join(name);
        let mut file = create_output(&path)?;
        gen::write_ndjson(&mut file, count, seed, make)?;
        io::Write::flush(&mut file)?;
        out!("wrote {count} documents to {}", path.display());
    }
    out!("generated in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Fills an empty data directory with the demo corpus (before the writers start).
pub fn seed_demo(config: &Config) -> anyhow::Result<()> {
    let empty = match std::fs::read_dir(&config.data_dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(err) if err.kind() == io::ErrorKind::NotFound => true,
        Err(err) => return Err(err.into()),
    };
    if !empty || !config.demo {
        return Ok(());
    }
    info!(
        cvs = config.demo_cvs,
        offers = config.demo_offers,
        "empty data directory: loading the demo corpus"
    );
    let analyzers = Analyzers::build();
    let lang = config.default_lang()?;
    let concepts = Concepts::load(&config.taxonomy)?;
    for (collection, count, make) in [
        (
            Collection::Cvs,
            config.demo_cvs,
            gen::cv as fn(u64, u64) -> serde_json::Value,
        ),
        (Collection::Offers, config.demo_offers, gen::offer),
    ] {
        let index = CollectionIndex::open_or_create(
            &config.data_dir,
            collection,
            analyzers.clone(),
            lang,
            Some(concepts.extractor.clone()),
        )?;
        let options = BulkOptions {
            writer_heap_bytes: 128 << 20,
            ..BulkOptions::default()
        };
        let report = bulk_index(
            &index,
            gen::lines(count as u64, 42, make),
            options,
            &BulkProgress::default(),
            |_| {},
        )?;
        info!(%collection, indexed = report.indexed, "demo corpus loaded");
    }
    Ok(())
}

/// The language of one input line: the one given, else the text's own, detected (French,
/// the language of the built-in taxonomy's users, when the text does not tell).
fn line_lang(given: Option<Lang>, text: &str) -> Lang {
    given.unwrap_or_else(|| detect(text, Lang::Fr).lang)
}

/// `--top`: as many candidates as `POST /taxonomy/resolve` answers at most.
fn parse_top(text: &str) -> Result<usize, String> {
    let max = crate::routes::taxonomy::MAX_LIMIT;
    match text.parse::<usize>() {
        Ok(top) if (1..=max).contains(&top) => Ok(top),
        _ => Err(format!("`{text}`: a number from 1 to {max}")),
    }
}

fn parse_lang(code: &str) -> Result<Lang, String> {
    Lang::from_iso(code).map_err(|err: InvalidLang| err.to_string())
}

/// Runs `vivier resolve`: one JSON line per input line.
pub fn run_resolve(
    sources: &[PathBuf],
    kind: Option<ConceptKind>,
    lang: Option<Lang>,
    top: usize,
) -> anyhow::Result<()> {
    let concepts = Concepts::load(sources)?;
    for_each_stdin_line(|text| {
        let lang = line_lang(lang, &text);
        let candidates = concepts.resolver().resolve(&text, kind, top);
        json!({"text": text, "candidates": concepts.candidates_json(&candidates, lang.code())})
    })
}

/// Runs `vivier extract`: one JSON line per input line.
pub fn run_extract(sources: &[PathBuf], lang: Option<Lang>) -> anyhow::Result<()> {
    let concepts = Concepts::load(sources)?;
    for_each_stdin_line(|text| {
        let lang = line_lang(lang, &text);
        let mentions = concepts.extractor.extract_text(&text, lang.code());
        json!({"text": text, "lang": lang, "mentions": concepts.mentions_json(&text, &mentions, lang.code())})
    })
}

/// Runs `vivier taxonomy stats`.
pub fn run_taxonomy_stats(sources: &[PathBuf], top: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let taxonomy = load_sources(sources)?;
    let elapsed = started.elapsed();
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    let mut labels: std::collections::BTreeMap<(String, String), usize> = Default::default();
    for concept in taxonomy.concepts() {
        *kinds.entry(concept.kind.to_string()).or_default() += 1;
        for label in &concept.labels {
            *labels
                .entry((concept.kind.to_string(), label.lang.clone()))
                .or_default() += 1;
        }
    }
    out!(
        "loaded {} concepts in {:.2} s",
        taxonomy.len(),
        elapsed.as_secs_f64()
    );
    let started = Instant::now();
    let fingerprint = taxonomy.fingerprint();
    // The fingerprint an index tagged with this taxonomy records (`GET /health`).
    out!(
        "fingerprint: {fingerprint:016x} (computed in {:.0} ms)",
        started.elapsed().as_secs_f64() * 1000.0
    );
    for (kind, count) in &kinds {
        out!("{kind}: {count} concepts");
    }
    for ((kind, lang), count) in &labels {
        out!("{kind} labels [{lang}]: {count}");
    }
    let ambiguous = taxonomy.ambiguous_labels();
    out!(
        "ambiguous labels (shared by several concepts): {}",
        ambiguous.len()
    );
    for (label, concepts) in ambiguous.iter().take(top) {
        let names: Vec<String> = concepts
            .iter()
            .take(6)
            .map(|c| format!("{} [{}]", c.display_label("fr"), c.kind))
            .collect();
        out!("  {label}: {}", names.join(" | "));
    }
    if let Some(rss) = peak_rss_mb() {
        out!("peak RSS: {rss:.0} MB");
    }
    Ok(())
}

/// Runs `vivier eval`.
pub fn run_eval(
    sources: &[PathBuf],
    devset: &Path,
    verbose: bool,
    skillspan: Option<&Path>,
    autocomplete: bool,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let concepts = Concepts::load(sources)?;
    out!(
        "taxonomy: {} concepts, ready in {:.2} s",
        concepts.taxonomy.len(),
        started.elapsed().as_secs_f64()
    );
    let cases = eval::read_cases(devset)?;
    let report = eval::evaluate(&concepts, &cases);
    if verbose {
        for error in &report.errors {
            out!("  {error}");
        }
    }
    // Per language first, the whole set last: French and English titles fare differently.
    let mut langs: Vec<&str> = cases.iter().map(|c| c.lang.as_str()).collect();
    langs.sort_unstable();
    langs.dedup();
    if langs.len() > 1 {
        for lang in langs {
            let subset: Vec<&eval::Case> = cases.iter().filter(|c| c.lang == lang).collect();
            let part = eval::evaluate_refs(&concepts, &subset);
            out!(
                "[{lang}] titles {}: success@1 {:.3}, MRR {:.3}; extraction {}: precision {:.3}, recall {:.3}; ambiguous {}: accuracy {:.3}",
                part.titles,
                part.title_success_at_1,
                part.title_mrr,
                part.extract_cases,
                part.precision,
                part.recall,
                part.ambiguous_total,
                part.ambiguous_accuracy
            );
        }
    }
    out!(
        "job titles: {} cases, success@1 {:.3}, MRR {:.3}",
        report.titles,
        report.title_success_at_1,
        report.title_mrr
    );
    out!(
        "extraction: {} cases, precision {:.3}, recall {:.3}",
        report.extract_cases,
        report.precision,
        report.recall
    );
    out!(
        "ambiguous mentions: {} judged, accuracy {:.3} ({} a whole mention or none: {:.3}; {} inside a longer mention: {:.3})",
        report.ambiguous_total,
        report.ambiguous_accuracy,
        report.ambiguous_alone.0,
        report.ambiguous_alone.1,
        report.ambiguous_inside.0,
        report.ambiguous_inside.1,
    );
    if let Some(path) = skillspan {
        let sentences = eval::spans::read_conll(path)?;
        let spans = eval::spans::evaluate(&concepts, &sentences);
        out!(
            "SkillSpan: {} sentences, {} annotated spans, {} skill mentions: recall {:.3}, precision {:.3}; spans that are a skill label: {}, recall {:.3}",
            spans.sentences,
            spans.spans,
            spans.mentions,
            spans.recall,
            spans.precision,
            spans.label_spans,
            spans.label_recall
        );
    }
    if autocomplete {
        use eval::completion::Sample;
        // The common concepts are a sample of their own only beside others (ESCO's).
        let builtin = vivier_analyzers::taxonomy::source::builtin_ids();
        let all_common = (0..concepts.taxonomy.len() as u32)
            .all(|index| builtin.contains(&concepts.taxonomy.concept(index).id));
        let samples: &[(Sample, &str)] = if all_common {
            &[(Sample::Spread(1_000), "")]
        } else {
            &[
                (Sample::Spread(1_000), ""),
                (Sample::Common, ", common (listed in the built-in taxonomy)"),
            ]
        };
        for kind in [ConceptKind::Occupation, ConceptKind::Skill] {
            for &(sample, which) in samples {
                let started = Instant::now();
                let typed = eval::completion::evaluate(&concepts, kind, &["fr", "en"], sample);
                let elapsed = started.elapsed();
                out!(
                    "autocomplete {}{which}: {} names (fr, en); typed {:.1}% of a name to see it first, {:.1}% to see it in the top 5; after 3 characters first {:.1}%, in the top 5 {:.1}%; never first {}; {} typed abbreviated: first {:.1}%, in the top 5 {:.1}%; {} lookups, {:.2} ms each",
                    kind.as_str(),
                    typed.names,
                    100.0 * typed.typed_to_first,
                    100.0 * typed.typed_to_view,
                    100.0 * typed.first_after_3,
                    100.0 * typed.in_view_after_3,
                    typed.never_first,
                    typed.abbreviated,
                    100.0 * typed.abbreviated_first,
                    100.0 * typed.abbreviated_in_view,
                    typed.lookups,
                    elapsed.as_secs_f64() * 1000.0 / typed.lookups.max(1) as f64
                );
            }
        }
    }
    Ok(())
}

/// Returns this process's peak resident memory, in MB (Linux).
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Runs `vivier rebuild`: the online procedure, with a progress bar, on a stopped server.
pub fn run_rebuild(args: &IndexArgs, collection: Collection) -> anyhow::Result<()> {
    let config = load_config(args)?;
    let concepts = Concepts::load(&config.taxonomy)?;
    // A rebuild re-analyses what is stored: a data directory without the collection is a
    // mistake (a wrong `--data-dir`), not an empty index to create.
    let index = CollectionIndex::open_existing(
        &config.data_dir,
        collection,
        Analyzers::build(),
        config.default_lang()?,
        Some(concepts.extractor.clone()),
    )?;
    // Starting the writer replays whatever the log holds beyond the last commit.
    let (writer, thread) =
        vivier_indexer::start_writer(&index, vivier_indexer::WriterOptions::default())?;
    let progress = vivier_indexer::RebuildProgress::default();
    let started = Instant::now();
    let done = std::sync::atomic::AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            if !io::stderr().is_terminal() {
                return;
            }
            let bar = ProgressBar::new(0);
            let style = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} {msg} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            while !done.load(Ordering::Relaxed) {
                bar.set_length(progress.total.load(Ordering::Relaxed));
                bar.set_position(progress.processed());
                let rate = progress.processed() as f64 / started.elapsed().as_secs_f64().max(1e-3);
                bar.set_message(format!("{rate:.0} docs/s"));
                std::thread::sleep(Duration::from_millis(200));
            }
            bar.finish_and_clear();
        });
        let result = vivier_indexer::rebuild(&index, &writer, BulkOptions::default(), &progress);
        done.store(true, Ordering::Relaxed);
        result
    });
    drop(writer);
    thread.join();
    let report = result?;
    out!(
        "rebuilt {collection}: {} documents re-analysed, {} rejected, in {:.1} s",
        report.rebuilt,
        report.rejected,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs `vivier relevance`.
pub fn run_relevance(
    sources: &[PathBuf],
    corpus: Option<crate::relevance::Corpus>,
    (cvs, offers, seed): (u64, u64, u64),
    postings: Option<&Path>,
    verbose: bool,
) -> anyhow::Result<()> {
    use crate::relevance::Corpus;
    let postings = match postings {
        Some(path) => crate::eval::spans::read_conll(path)?,
        None => Vec::new(),
    };
    let corpus = corpus.unwrap_or(if sources.is_empty() {
        Corpus::Builtin
    } else {
        Corpus::Taxonomy
    });
    let concepts = std::sync::Arc::new(Concepts::load(sources)?);
    let dir = tempfile_dir()?;
    let started = Instant::now();
    let report =
        crate::relevance::evaluate(&concepts, corpus, (cvs, offers, seed), &postings, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    let report = report?;
    if verbose {
        for query in &report.queries {
            let scores: Vec<String> = query
                .systems
                .iter()
                .map(|(system, ndcg, recall)| format!("{system} {ndcg:.3}/{recall:.3}"))
                .collect();
            out!(
                "{:<8} {} {:>5}+{:<5} {} | {}",
                query.kind,
                query.lang,
                query.relevant,
                query.partial,
                scores.join("  "),
                query.query
            );
        }
    }
    out!(
        "{cvs} generated CVs ({} corpus), {} queries, evaluated in {:.0} s",
        match corpus {
            Corpus::Builtin => "built-in",
            Corpus::Taxonomy => "taxonomy",
        },
        report.queries.len(),
        started.elapsed().as_secs_f64()
    );
    out!(
        "{:<10} {:<8} {:>7} {:>9} {:>11}",
        "queries",
        "system",
        "count",
        "nDCG@10",
        "recall@100"
    );
    for (kind, systems) in &report.by_kind {
        for (system, scores) in systems.iter().filter(|(_, scores)| scores.queries > 0) {
            out!(
                "{kind:<10} {system:<8} {:>7} {:>9.3} {:>11.3}",
                scores.queries,
                scores.ndcg_at_10,
                scores.recall_at_100
            );
        }
    }
    out!(
        "cross-lingual: recall@100 of French skill queries on English CVs / on French CVs = {:.3}",
        report.cross_lingual_ratio
    );
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("vivier-relevance-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
