//! `vivier eval`: measures concept linking against a labelled development set.
//!
//! The set (`analyzers/eval/devset.jsonl`) has two kinds of cases. `title` cases give a job
//! title and its occupation: resolution is scored by success@1 and mean reciprocal rank.
//! `extract` cases give a text, every mention that must be linked (with its concept) and
//! strings that must not be linked: extraction is scored by precision and recall over
//! (span, concept) pairs, and the ambiguous surface forms of the case by accuracy, where
//! correctly leaving an ambiguous word untagged counts as right.
//!
//! [`spans`] measures skill detection on real job postings annotated by others (SkillSpan);
//! [`completion`], autocompletion as a user types.

pub mod completion;
pub mod spans;

use std::path::Path;

use serde::{Deserialize, Serialize};
use vivier_analyzers::taxonomy::ConceptKind;

use crate::concepts::Concepts;

/// One labelled case.
#[derive(Debug, Deserialize)]
pub struct Case {
    /// Case id.
    pub id: String,
    /// Language of the text.
    pub lang: String,
    /// `title` or `extract`.
    pub task: String,
    /// The text.
    pub text: String,
    /// Mentions that must be linked.
    #[serde(default)]
    pub expected: Vec<Expected>,
    /// Substrings that must not be linked.
    #[serde(default)]
    pub must_not_tag: Vec<String>,
    /// Ambiguous surface forms in the text.
    #[serde(default)]
    pub ambiguous: Vec<String>,
    /// Free comment.
    #[serde(default)]
    pub note: Option<String>,
}

/// An expected mention.
#[derive(Debug, Deserialize)]
pub struct Expected {
    /// Concept id.
    pub id: String,
    /// Exact substring of the text.
    pub surface: String,
}

/// Scores of a run.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// Title cases.
    pub titles: usize,
    /// Share of titles whose first candidate is right.
    pub title_success_at_1: f64,
    /// Mean reciprocal rank of the right occupation (0 when not in the top 10).
    pub title_mrr: f64,
    /// Extraction cases.
    pub extract_cases: usize,
    /// Correct mentions over mentions found.
    pub precision: f64,
    /// Expected mentions found over expected mentions.
    pub recall: f64,
    /// Ambiguous surface occurrences judged.
    pub ambiguous_total: usize,
    /// Share of them decided right (abstentions included).
    pub ambiguous_accuracy: f64,
    /// Of those, the occurrences that are a whole mention or none (the form alone is the
    /// decision: "serveur" the waiter or not), and the share of them decided right.
    pub ambiguous_alone: (usize, f64),
    /// The others, inside a longer expected mention ("Commis" in "Commis de cuisine"):
    /// right only if that whole mention is found.
    pub ambiguous_inside: (usize, f64),
    /// Cases that went wrong, for inspection.
    pub errors: Vec<String>,
}

/// Reads a development set.
pub fn read_cases(path: &Path) -> anyhow::Result<Vec<Case>> {
    let text = std::fs::read_to_string(path)?;
    let mut cases = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Case = serde_json::from_str(line)
            .map_err(|err| anyhow::anyhow!("{}:{}: {err}", path.display(), number + 1))?;
        cases.push(case);
    }
    Ok(cases)
}

/// Scores `concepts` on `cases`.
pub fn evaluate(concepts: &Concepts, cases: &[Case]) -> Report {
    let cases: Vec<&Case> = cases.iter().collect();
    evaluate_refs(concepts, &cases)
}

/// Scores `concepts` on some of the cases of a set.
pub fn evaluate_refs(concepts: &Concepts, cases: &[&Case]) -> Report {
    let mut report = Report::default();
    let (mut reciprocal, mut hits_at_1) = (0.0, 0usize);
    let (mut found, mut correct, mut expected_total, mut expected_found) =
        (0usize, 0usize, 0usize, 0usize);
    let (mut ambiguous_right, mut ambiguous_total) = (0usize, 0usize);
    let (mut alone_right, mut alone_total) = (0usize, 0usize);
    for case in cases {
        match case.task.as_str() {
            "title" => {
                let Some(expected) = case.expected.first() else {
                    continue;
                };
                report.titles += 1;
                let candidates =
                    concepts
                        .resolver()
                        .resolve(&case.text, Some(ConceptKind::Occupation), 10);
                let rank = candidates
                    .iter()
                    .position(|c| concepts.taxonomy.concept(c.concept).id == expected.id);
                match rank {
                    Some(0) => {
                        hits_at_1 += 1;
                        reciprocal += 1.0;
                    }
                    Some(r) => reciprocal += 1.0 / (r as f64 + 1.0),
                    None => {}
                }
                if rank != Some(0) {
                    let got = candidates.first().map(|c| {
                        concepts
                            .taxonomy
                            .concept(c.concept)
                            .display_label(&case.lang)
                            .to_string()
                    });
                    report.errors.push(format!(
                        "{}: `{}` -> {:?} (rank {:?})",
                        case.id, case.text, got, rank
                    ));
                }
            }
            "extract" => {
                report.extract_cases += 1;
                let mentions = concepts.extractor.extract_text(&case.text, &case.lang);
                let predicted: Vec<(usize, usize, &str)> = mentions
                    .iter()
                    .map(|m| {
                        (
                            m.start,
                            m.end,
                            concepts.taxonomy.concept(m.concept).id.as_str(),
                        )
                    })
                    .collect();
                let gold: Vec<(usize, usize, &str)> = case
                    .expected
                    .iter()
                    .filter_map(|e| {
                        surface_start(&case.text, &e.surface)
                            .map(|s| (s, s + e.surface.len(), e.id.as_str()))
                    })
                    .collect();
                found += predicted.len();
                expected_total += gold.len();
                for p in &predicted {
                    if gold.iter().any(|g| overlaps(p, g) && g.2 == p.2) {
                        correct += 1;
                    } else {
                        report.errors.push(format!(
                            "{}: extra `{}` -> {}",
                            case.id,
                            &case.text[p.0..p.1],
                            p.2
                        ));
                    }
                }
                for g in &gold {
                    if predicted.iter().any(|p| overlaps(p, g) && g.2 == p.2) {
                        expected_found += 1;
                    } else {
                        report.errors.push(format!(
                            "{}: missed `{}` ({})",
                            case.id,
                            &case.text[g.0..g.1],
                            g.2
                        ));
                    }
                }
                for form in &case.ambiguous {
                    for start in word_occurrences(&case.text, form) {
                        let span = (start, start + form.len(), "");
                        let expected = gold.iter().find(|g| overlaps(&span, g));
                        let expected_sense = expected.map(|g| g.2);
                        // The innermost mention over the form says what it was read as: a
                        // heading spanning "Développeuse Java / Spring" is not the reading
                        // of "Java" when "Java" has a mention of its own.
                        let predicted_sense = predicted
                            .iter()
                            .filter(|p| overlaps(&span, p))
                            .min_by_key(|p| p.1 - p.0)
                            .map(|p| p.2);
                        let alone = expected.is_none_or(|g| (g.0, g.1) == (span.0, span.1));
                        ambiguous_total += 1;
                        alone_total += usize::from(alone);
                        if expected_sense == predicted_sense {
                            ambiguous_right += 1;
                            alone_right += usize::from(alone);
                        } else {
                            report.errors.push(format!(
                                "{}: ambiguous `{form}` expected {:?} got {:?}",
                                case.id, expected_sense, predicted_sense
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    report.title_success_at_1 = ratio(hits_at_1, report.titles);
    report.title_mrr = if report.titles == 0 {
        0.0
    } else {
        reciprocal / report.titles as f64
    };
    report.precision = ratio(correct, found);
    report.recall = ratio(expected_found, expected_total);
    report.ambiguous_total = ambiguous_total;
    report.ambiguous_accuracy = ratio(ambiguous_right, ambiguous_total);
    report.ambiguous_alone = (alone_total, ratio(alone_right, alone_total));
    let inside_total = ambiguous_total - alone_total;
    report.ambiguous_inside = (
        inside_total,
        ratio(ambiguous_right - alone_right, inside_total),
    );
    report
}

/// Where an expected mention's surface is in its text: its first occurrence as whole
/// words ("IA" in "une IA", not in "spécialiste"), else its first occurrence at all.
fn surface_start(text: &str, surface: &str) -> Option<usize> {
    text.match_indices(surface)
        .map(|(start, _)| start)
        .find(|&start| cuts_no_word(text, start, start + surface.len()))
        .or_else(|| text.find(surface))
}

/// Byte offsets of the occurrences of `form` in `text` as a whole word, ignoring case: the
/// ambiguous form "R" is the language in "R et Python", not the letter in "rapports".
fn word_occurrences(text: &str, form: &str) -> Vec<usize> {
    let lower = text.to_lowercase();
    let form = form.to_lowercase();
    // Lower-casing keeps byte offsets only where it keeps lengths; compare on the lowered
    // text and skip any text where they differ.
    if lower.len() != text.len() || form.is_empty() {
        return Vec::new();
    }
    lower
        .match_indices(&form)
        .map(|(start, _)| start)
        .filter(|&start| cuts_no_word(&lower, start, start + form.len()))
        .collect()
}

/// Returns whether `text[start..end]` begins and ends at word boundaries: it does not start
/// or end inside a word ("IA" in "une IA", not in "spécialiste").
fn cuts_no_word(text: &str, start: usize, end: usize) -> bool {
    let is_word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let span = &text[start..end];
    let cuts_before =
        is_word_char(text[..start].chars().next_back()) && is_word_char(span.chars().next());
    let cuts_after =
        is_word_char(text[end..].chars().next()) && is_word_char(span.chars().next_back());
    !cuts_before && !cuts_after
}

fn overlaps(a: &(usize, usize, &str), b: &(usize, usize, &str)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_forms_are_judged_alone_or_inside_a_longer_mention() {
        let concepts = Concepts::load(&[]).expect("built-in taxonomy");
        let text = "Serveuse en brasserie, puis chef de rang au Grand Hôtel.";
        let mentions = concepts.extractor.extract_text(text, "fr");
        let waitress = mentions
            .iter()
            .find(|m| m.surface == "Serveuse")
            .expect("the waitress is found");
        let case = Case {
            id: "t".into(),
            lang: "fr".into(),
            task: "extract".into(),
            text: text.into(),
            expected: vec![
                Expected {
                    id: concepts.taxonomy.concept(waitress.concept).id.clone(),
                    surface: "Serveuse".into(),
                },
                // A mention no taxonomy has: its ambiguous word counts as wrong.
                Expected {
                    id: "nowhere".into(),
                    surface: "Grand Hôtel".into(),
                },
            ],
            must_not_tag: Vec::new(),
            ambiguous: vec!["Serveuse".into(), "Grand".into()],
            note: None,
        };
        let report = evaluate(&concepts, &[case]);
        assert_eq!(report.ambiguous_total, 2);
        assert_eq!(report.ambiguous_alone, (1, 1.0));
        assert_eq!(report.ambiguous_inside, (1, 0.0));
        assert_eq!(report.ambiguous_accuracy, 0.5);
    }

    #[test]
    fn ambiguous_forms_are_found_as_whole_words_only() {
        let text = "Rapports en R et C++, pas de C# : voir r.";
        assert_eq!(word_occurrences(text, "R"), vec![12, 39]);
        assert_eq!(word_occurrences(text, "c"), vec![17, 29]);
        assert!(word_occurrences(text, "port").is_empty());
    }

    #[test]
    fn expected_surfaces_are_found_as_whole_words_first() {
        let text = "Spécialiste IA : projets d'IA générative.";
        assert_eq!(surface_start(text, "IA"), Some(13));
        assert_eq!(surface_start(text, "d'IA"), Some(26));
        // A surface that only occurs inside a word is still located.
        assert_eq!(surface_start("Cobol", "bol"), Some(2));
        assert_eq!(surface_start(text, "ML"), None);
    }
}
