//! Skill mentions in real job postings, against human span annotations.
//!
//! SkillSpan (Zhang et al., NAACL 2022) marks the skill and knowledge spans of English job
//! postings in CoNLL files: one token a line with its skill tag and its knowledge tag (BIO),
//! a blank line between sentences. Its spans are not linked to any taxonomy, so what can be
//! measured is detection: each sentence goes through the extractor as free English text,
//! and
//! - recall is the share of annotated spans that a skill mention overlaps;
//! - precision is the share of skill mentions that overlap an annotated span;
//! - exact-label recall is recall over the annotated spans that are, written as they are,
//!   an English skill label of the taxonomy: the spans a label matcher should never miss.
//!
//! Annotated spans are long ("manage a team of engineers") where taxonomy labels are short,
//! so overlap, not equality, is the match.

use std::fs;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;
use vivier_analyzers::normalize::normalize_label;
use vivier_analyzers::taxonomy::ConceptKind;

use crate::concepts::Concepts;

/// A sentence with its annotated spans (byte offsets in `text`).
#[derive(Debug, Default, PartialEq)]
pub struct Sentence {
    /// The tokens joined by single spaces.
    pub text: String,
    /// Annotated skill or knowledge spans.
    pub spans: Vec<(usize, usize)>,
}

/// Scores of a run.
#[derive(Debug, Default, Serialize)]
pub struct SpanReport {
    /// Sentences read.
    pub sentences: usize,
    /// Annotated spans.
    pub spans: usize,
    /// Skill mentions found.
    pub mentions: usize,
    /// Share of annotated spans a skill mention overlaps.
    pub recall: f64,
    /// Share of skill mentions overlapping an annotated span.
    pub precision: f64,
    /// Annotated spans that are a skill label as written.
    pub label_spans: usize,
    /// Share of those a skill mention overlaps.
    pub label_recall: f64,
}

/// Reads every `*.conll` file of `path` (a file or a folder), sorted by name.
pub fn read_conll(path: &Path) -> anyhow::Result<Vec<Sentence>> {
    let mut files = if path.is_dir() {
        fs::read_dir(path)
            .with_context(|| format!("reading {}", path.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "conll"))
            .collect::<Vec<_>>()
    } else {
        vec![path.to_path_buf()]
    };
    files.sort();
    let mut sentences = Vec::new();
    for file in files {
        let text =
            fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
        sentences.extend(parse_conll(&text));
    }
    Ok(sentences)
}

/// Parses CoNLL text: `token<TAB>skill tag<TAB>knowledge tag` lines, sentences apart.
pub fn parse_conll(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut sentence = Sentence::default();
    // The span being read: its start, and the column (1 skill, 2 knowledge) it is in.
    let mut open: Option<(usize, usize)> = None;
    let mut end = 0;
    for line in text.lines().chain(std::iter::once("")) {
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() < 3 {
            if let Some((start, _)) = open.take() {
                sentence.spans.push((start, end));
            }
            if !sentence.text.is_empty() {
                sentences.push(std::mem::take(&mut sentence));
            }
            continue;
        }
        if !sentence.text.is_empty() {
            sentence.text.push(' ');
        }
        let start = sentence.text.len();
        sentence.text.push_str(columns[0]);
        let tag = |column: usize| columns[column].chars().next().unwrap_or('O');
        let (skill, knowledge) = (tag(1), tag(2));
        let continues = open.is_some_and(|(_, column)| tag(column) == 'I');
        if !continues {
            if let Some((span_start, _)) = open.take() {
                sentence.spans.push((span_start, end));
            }
            if skill == 'B' || skill == 'I' {
                open = Some((start, 1));
            } else if knowledge == 'B' || knowledge == 'I' {
                open = Some((start, 2));
            }
        }
        end = sentence.text.len();
    }
    sentences
}

/// The language of SkillSpan's postings: only a label in it names a skill there as written.
pub const POSTINGS_LANG: &str = "en";

/// Scores skill mentions against the annotated spans.
pub fn evaluate(concepts: &Concepts, sentences: &[Sentence]) -> SpanReport {
    let taxonomy = &concepts.taxonomy;
    let is_skill_label = |span: &str| {
        taxonomy.lookup(&normalize_label(span)).iter().any(|hit| {
            // A label of another language is not matched in the postings, so a span that
            // is one is no label the extractor should find.
            let concept = taxonomy.concept(hit.concept);
            concept.kind == ConceptKind::Skill
                && concept.labels[hit.label as usize].lang == POSTINGS_LANG
        })
    };
    let mut report = SpanReport {
        sentences: sentences.len(),
        ..SpanReport::default()
    };
    let (mut spans_found, mut mentions_in_spans, mut labels_found) = (0, 0, 0);
    for sentence in sentences {
        let mentions: Vec<(usize, usize)> = concepts
            .extractor
            .extract_text(&sentence.text, POSTINGS_LANG)
            .into_iter()
            .filter(|m| taxonomy.concept(m.concept).kind == ConceptKind::Skill)
            .map(|m| (m.start, m.end))
            .collect();
        let overlaps = |a: &(usize, usize), b: &(usize, usize)| a.0 < b.1 && b.0 < a.1;
        report.spans += sentence.spans.len();
        report.mentions += mentions.len();
        for span in &sentence.spans {
            let found = mentions.iter().any(|m| overlaps(m, span));
            spans_found += usize::from(found);
            if is_skill_label(&sentence.text[span.0..span.1]) {
                report.label_spans += 1;
                labels_found += usize::from(found);
            }
        }
        mentions_in_spans += mentions
            .iter()
            .filter(|m| sentence.spans.iter().any(|s| overlaps(m, s)))
            .count();
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    report.recall = ratio(spans_found, report.spans);
    report.precision = ratio(mentions_in_spans, report.mentions);
    report.label_recall = ratio(labels_found, report.label_spans);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_texts(sentence: &Sentence) -> Vec<&str> {
        sentence
            .spans
            .iter()
            .map(|&(start, end)| &sentence.text[start..end])
            .collect()
    }

    #[test]
    fn conll_spans_are_read_from_either_column() {
        let text = "We\tO\tO\nneed\tO\tO\nJava\tO\tB\nand\tO\tO\nteam\tB\tO\nwork\tI\tO\n.\tO\tO\n\nNext\tO\tO\n";
        let sentences = parse_conll(text);
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].text, "We need Java and team work .");
        assert_eq!(span_texts(&sentences[0]), vec!["Java", "team work"]);
        assert!(sentences[1].spans.is_empty());
    }

    #[test]
    fn a_new_b_tag_closes_the_open_span() {
        let sentences = parse_conll("Python\tB\tO\nSQL\tB\tO\n");
        assert_eq!(span_texts(&sentences[0]), vec!["Python", "SQL"]);
    }
}
