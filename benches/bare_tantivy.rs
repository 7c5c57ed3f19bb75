//! Baseline: index the generated CVs with bare tantivy (default tokenizer, no language
//! detection, no stemming, no concept extraction), to tell what Vivier's analysis costs:
//! the ratio of `vivier index` time to this bench's time on the same NDJSON file.
//!
//! The schema has one TEXT field per text field of a CV (those Vivier searches), `id`
//! STRING|STORED and the whole JSON line in a STORED text field; one `IndexWriter` with 2
//! threads and a 1 GB budget. The time covers reading, JSON parsing, indexing and the
//! commit.
//!
//! ```text
//! cargo bench --bench bare_tantivy -- --cvs 100000
//! cargo bench --bench bare_tantivy -- --input corpus/cvs.ndjson --work-dir /tmp/bare
//! cargo bench --bench bare_tantivy -- --cvs 100000 --with-vivier   # also times `vivier index`
//! ```

mod support;

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use clap::Parser;
use serde_json::Value;
use support::{dir_size, work_dir, VIVIER};
use tantivy::schema::{Field, Schema, STORED, STRING, TEXT};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{doc, Index, IndexSettings, TantivyDocument};

#[derive(Debug, Parser)]
struct Args {
    /// CVs to generate when no --input is given.
    #[arg(long, default_value_t = 100_000)]
    cvs: u64,
    /// An existing CV NDJSON file (as written by `vivier gen`) instead of generating one.
    #[arg(long)]
    input: Option<PathBuf>,
    /// Work directory (default: a temporary one, removed at the end).
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Compress the document store with zstd, as Vivier does (tantivy's default is lz4).
    #[arg(long)]
    zstd: bool,
    /// Also index the same file with `vivier index` and print the time ratio.
    #[arg(long)]
    with_vivier: bool,
    /// Ignored: cargo passes it to benchmarks.
    #[arg(long, hide = true)]
    bench: bool,
}

/// Text fields of a CV, named as in Vivier's schema.
const TEXT_FIELDS: [&str; 7] = [
    "headline",
    "title",
    "skills",
    "summary",
    "description",
    "employer",
    "education",
];
const WRITER_THREADS: usize = 2;
const WRITER_BUDGET_BYTES: usize = 1 << 30;
const SEED: u64 = 7;

struct Fields {
    id: Field,
    json: Field,
    text: [Field; TEXT_FIELDS.len()],
}

fn main() {
    let args = Args::parse();
    let (_temporary, work) = work_dir(args.work_dir.as_deref());

    let input = match &args.input {
        Some(path) => path.clone(),
        None => {
            let path = work.join("cvs.ndjson");
            let started = Instant::now();
            let mut out = BufWriter::new(File::create(&path).expect("create corpus"));
            vivier::gen::write_ndjson(&mut out, args.cvs, SEED, vivier::gen::cv)
                .expect("write corpus");
            out.flush().expect("write corpus");
            println!(
                "gen: {} CVs in {:.1} s -> {}",
                args.cvs,
                started.elapsed().as_secs_f64(),
                path.display()
            );
            path
        }
    };
    let input_bytes = std::fs::metadata(&input).map_or(0, |m| m.len());

    let index_dir = work.join("bare_tantivy");
    let _ = std::fs::remove_dir_all(&index_dir);
    std::fs::create_dir_all(&index_dir).expect("index dir");
    let started = Instant::now();
    let docs = index(&input, &index_dir, args.zstd);
    let seconds = started.elapsed().as_secs_f64();
    let index_bytes = dir_size(&index_dir);
    println!(
        "bare tantivy ({} store, {WRITER_THREADS} threads, {} MB budget): {docs} CVs in {seconds:.1} s = {:.0} docs/s; input {:.1} MB, index {:.1} MB ({:.0}% of input)",
        if args.zstd { "zstd" } else { "lz4" },
        WRITER_BUDGET_BYTES >> 20,
        docs as f64 / seconds,
        input_bytes as f64 / 1e6,
        index_bytes as f64 / 1e6,
        100.0 * index_bytes as f64 / input_bytes.max(1) as f64
    );

    if args.with_vivier {
        let data = work.join("vivier_data");
        let _ = std::fs::remove_dir_all(&data);
        let started = Instant::now();
        let status = Command::new(VIVIER)
            .args(["index", "--collection", "cvs", "--data-dir"])
            .arg(&data)
            .arg(&input)
            .status()
            .expect("run vivier index");
        assert!(status.success(), "vivier index failed: {status}");
        let vivier_seconds = started.elapsed().as_secs_f64();
        println!(
            "vivier index: {docs} CVs in {vivier_seconds:.1} s = {:.0} docs/s; index {:.1} MB; vivier / bare tantivy time = {:.2}",
            docs as f64 / vivier_seconds,
            dir_size(&data.join("cvs")) as f64 / 1e6,
            vivier_seconds / seconds
        );
    }
}

/// Indexes every line of `input` into a new index in `directory`; returns the count.
fn index(input: &Path, directory: &Path, zstd: bool) -> u64 {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        json: builder.add_text_field("json", STORED),
        text: TEXT_FIELDS.map(|name| builder.add_text_field(name, TEXT)),
    };
    let mut settings = IndexSettings::default();
    if zstd {
        settings.docstore_compression = Compressor::Zstd(ZstdCompressor::default());
    }
    let index = Index::builder()
        .schema(builder.build())
        .settings(settings)
        .create_in_dir(directory)
        .expect("create index");
    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(WRITER_THREADS, WRITER_BUDGET_BYTES)
        .expect("index writer");
    let reader = BufReader::with_capacity(1 << 20, File::open(input).expect("open input"));
    let mut count = 0;
    for line in reader.lines() {
        let line = line.expect("read input");
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(&line).expect("JSON line");
        let mut document = doc!(
            fields.id => value["id"].as_str().expect("id"),
        );
        for (name, text) in cv_texts(&value) {
            let at = TEXT_FIELDS
                .iter()
                .position(|f| *f == name)
                .expect("known field");
            document.add_text(fields.text[at], text);
        }
        document.add_text(fields.json, &line);
        writer.add_document(document).expect("add document");
        count += 1;
    }
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merges");
    let searcher = index.reader().expect("reader").searcher();
    assert_eq!(searcher.num_docs(), count, "documents in the index");
    count
}

/// The searchable texts of a CV, as `(field, text)`; the same ones Vivier indexes.
fn cv_texts(cv: &Value) -> Vec<(&'static str, &str)> {
    let mut texts = Vec::new();
    texts.extend(cv["headline"].as_str().map(|t| ("headline", t)));
    texts.extend(cv["summary"].as_str().map(|t| ("summary", t)));
    for skill in cv["skills"].as_array().into_iter().flatten() {
        texts.extend(skill.as_str().map(|t| ("skills", t)));
    }
    for experience in cv["experiences"].as_array().into_iter().flatten() {
        texts.extend(experience["title"].as_str().map(|t| ("title", t)));
        texts.extend(
            experience["description"]
                .as_str()
                .map(|t| ("description", t)),
        );
        texts.extend(experience["employer"].as_str().map(|t| ("employer", t)));
    }
    for education in cv["education"].as_array().into_iter().flatten() {
        texts.extend(education["degree"].as_str().map(|t| ("education", t)));
        texts.extend(education["school"].as_str().map(|t| ("education", t)));
    }
    texts
}
