//! Snippets with the matched words marked, per field.
//!
//! tantivy's snippet generator re-tokenizes text with the field's tokenizer, but our fields
//! are analysed per document language. So the highlighter re-analyses the stored text with
//! the document's own analyzer, marks the tokens the query looked for, and cuts a fragment
//! around the densest run of matches. Text is HTML-escaped; only the marks are markup.

use std::collections::{BTreeMap, BTreeSet};

use vivier_analyzers::{AnalysedWord, Analyzers, Lang};
use vivier_indexer::field_texts;
use vivier_schema::{AnyDocument, CollectionSchema};

use super::query::QueryTerms;
use super::SearchError;

/// How snippets are cut and marked.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HighlightOptions {
    /// Fields to highlight; all text fields when empty.
    pub fields: Vec<String>,
    /// Longest fragment, in characters.
    pub fragment_size: usize,
    /// Fragments per field at most.
    pub number_of_fragments: usize,
    /// Markup before a match.
    pub pre_tag: String,
    /// Markup after a match.
    pub post_tag: String,
}

/// Bounds of `fragment_size` (characters) and `number_of_fragments`.
const FRAGMENT_SIZE: std::ops::RangeInclusive<usize> = 20..=2_000;
const FRAGMENTS: std::ops::RangeInclusive<usize> = 1..=20;
/// Longest `pre_tag` or `post_tag`.
const MAX_TAG_CHARS: usize = 64;

impl HighlightOptions {
    /// Refuses options that would silently highlight nothing or make no snippet: an unknown
    /// field, an empty fragment, no fragment.
    pub fn check(&self, fields: &CollectionSchema) -> Result<(), SearchError> {
        if let Some(unknown) = self.fields.iter().find(|f| fields.text_field(f).is_none()) {
            let known: Vec<&str> = fields.text_fields.iter().map(|f| f.name).collect();
            return Err(SearchError::InvalidRequest(format!(
                "highlight.fields: `{unknown}` is no text field of {}; use any of {}",
                fields.collection,
                known.join(", ")
            )));
        }
        if !FRAGMENT_SIZE.contains(&self.fragment_size) {
            return Err(SearchError::InvalidRequest(format!(
                "highlight.fragment_size: from {} to {} characters",
                FRAGMENT_SIZE.start(),
                FRAGMENT_SIZE.end()
            )));
        }
        // The tags are repeated around every match: long ones would make a small request
        // answer megabytes.
        for (name, tag) in [("pre_tag", &self.pre_tag), ("post_tag", &self.post_tag)] {
            if tag.chars().count() > MAX_TAG_CHARS {
                return Err(SearchError::InvalidRequest(format!(
                    "highlight.{name}: at most {MAX_TAG_CHARS} characters"
                )));
            }
        }
        if !FRAGMENTS.contains(&self.number_of_fragments) {
            return Err(SearchError::InvalidRequest(format!(
                "highlight.number_of_fragments: from {} to {}",
                FRAGMENTS.start(),
                FRAGMENTS.end()
            )));
        }
        Ok(())
    }
}

impl Default for HighlightOptions {
    fn default() -> Self {
        HighlightOptions {
            fields: Vec::new(),
            fragment_size: 150,
            number_of_fragments: 3,
            pre_tag: "<em>".to_string(),
            post_tag: "</em>".to_string(),
        }
    }
}

/// Returns the snippets of one document: field name -> fragments. Fields without a match
/// are left out.
pub fn highlight(
    analyzers: &Analyzers,
    document: &AnyDocument,
    lang: Lang,
    terms: &QueryTerms,
    options: &HighlightOptions,
) -> BTreeMap<String, Vec<String>> {
    let mut snippets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let empty = BTreeSet::new();
    for (field, text) in field_texts(document) {
        if !options.fields.is_empty() && !options.fields.iter().any(|f| f == field) {
            continue;
        }
        let field_terms = terms.terms.get(field).unwrap_or(&empty);
        let prefixes = terms.prefixes.get(field).unwrap_or(&empty);
        if field_terms.is_empty() && prefixes.is_empty() {
            continue;
        }
        let tokens = analyzers.analyse(lang, text);
        let simple = analyzers.analyse(Lang::Other(*b"xx"), text);
        let matches: Vec<&AnalysedWord> = tokens
            .iter()
            .filter(|token| field_terms.contains(token.text()))
            .chain(simple.iter().filter(|token| {
                prefixes
                    .iter()
                    .any(|prefix| token.text().starts_with(prefix.as_str()))
            }))
            .collect();
        if matches.is_empty() {
            continue;
        }
        let fragments = snippets.entry(field.to_string()).or_default();
        if fragments.len() < options.number_of_fragments.max(1) {
            fragments.push(fragment(text, matches, options));
        }
    }
    snippets
}

fn fragment(text: &str, mut matches: Vec<&AnalysedWord>, options: &HighlightOptions) -> String {
    matches.sort_by_key(|token| token.offset_from);
    matches.dedup_by_key(|token| token.offset_from);
    let (start, end) = window(text, &matches, options.fragment_size.max(20));
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut cursor = start;
    for token in matches
        .iter()
        .filter(|t| t.offset_from >= start && t.offset_to <= end)
    {
        if token.offset_from < cursor {
            continue; // overlaps the previous mark
        }
        push_escaped(&mut out, &text[cursor..token.offset_from]);
        out.push_str(&options.pre_tag);
        push_escaped(&mut out, &text[token.offset_from..token.offset_to]);
        out.push_str(&options.post_tag);
        cursor = token.offset_to;
    }
    push_escaped(&mut out, &text[cursor..end]);
    if end < text.len() {
        out.push('…');
    }
    out
}

/// Picks the byte range of at most `size` characters holding the most matches, widened to
/// word boundaries.
fn window(text: &str, matches: &[&AnalysedWord], size: usize) -> (usize, usize) {
    if text.chars().count() <= size {
        return (0, text.len());
    }
    // Byte length of `size` characters is not fixed; approximate with chars from each start.
    let mut best = (0usize, 0usize);
    for (i, first) in matches.iter().enumerate() {
        let limit = byte_after_chars(text, first.offset_from, size);
        let covered = matches[i..]
            .iter()
            .take_while(|t| t.offset_to <= limit)
            .count();
        if covered > best.1 {
            best = (i, covered);
        }
    }
    let first = matches[best.0];
    // Start a little before the first match so that it reads in context.
    let lead = size / 5;
    let mut start = byte_before_chars(text, first.offset_from, lead);
    if start > 0 {
        start = text[start..first.offset_from]
            .find(char::is_whitespace)
            .map_or(start, |i| start + i + 1);
    }
    let mut end = byte_after_chars(text, start, size);
    if end < text.len() {
        end = text[..end]
            .rfind(char::is_whitespace)
            .filter(|&i| i > start)
            .unwrap_or(end);
    }
    (start, end)
}

fn byte_after_chars(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| from + i)
}

fn byte_before_chars(text: &str, to: usize, chars: usize) -> usize {
    text[..to]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn cv(value: serde_json::Value) -> AnyDocument {
        AnyDocument::Cv(Box::new(vivier_schema::validate_cv(&value).expect("valid")))
    }

    fn terms(field: &'static str, words: &[&str]) -> QueryTerms {
        let mut terms = QueryTerms::default();
        terms
            .terms
            .insert(field, words.iter().map(|w| w.to_string()).collect());
        terms
    }

    #[test]
    fn marks_stemmed_matches_and_escapes_text() {
        let analyzers = Analyzers::build();
        let stem = analyzers.tokens(Lang::Fr, "développeur")[0].text.clone();
        let document = cv(json!({"id": "1", "headline": "Développeuse <Java> & Développeurs"}));
        let snippets = highlight(
            &analyzers,
            &document,
            Lang::Fr,
            &terms("headline", &[&stem]),
            &HighlightOptions::default(),
        );
        assert_eq!(
            snippets["headline"],
            vec!["<em>Développeuse</em> &lt;Java&gt; &amp; <em>Développeurs</em>"]
        );
    }

    #[test]
    fn long_text_is_cut_around_the_matches() {
        let analyzers = Analyzers::build();
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let summary = format!("{filler}expert en soudure TIG {filler}");
        let document = cv(json!({"id": "1", "summary": summary}));
        let stem = analyzers.tokens(Lang::Fr, "soudure")[0].text.clone();
        let options = HighlightOptions::default();
        let snippets = highlight(
            &analyzers,
            &document,
            Lang::Fr,
            &terms("summary", &[&stem]),
            &options,
        );
        let fragment = &snippets["summary"][0];
        assert!(fragment.contains("<em>soudure</em>"), "{fragment}");
        assert!(
            fragment.starts_with('…') && fragment.ends_with('…'),
            "{fragment}"
        );
        assert!(
            fragment.chars().count() <= options.fragment_size + 20,
            "{fragment}"
        );
    }

    #[test]
    fn prefixes_match_the_start_of_words() {
        let analyzers = Analyzers::build();
        let document = cv(json!({"id": "1", "headline": "Développeur Java"}));
        let mut query_terms = QueryTerms::default();
        query_terms
            .prefixes
            .insert("headline", ["develop".to_string()].into_iter().collect());
        let snippets = highlight(
            &analyzers,
            &document,
            Lang::Fr,
            &query_terms,
            &HighlightOptions::default(),
        );
        assert_eq!(snippets["headline"], vec!["<em>Développeur</em> Java"]);
    }
}
