//! Autocompletion, measured as typing.
//!
//! A user looking for a concept types its name a character at a time and watches the
//! suggestions (`GET /taxonomy/autocomplete`, restricted to the concept's kind). For each
//! preferred name, this counts the characters typed before the concept is suggested first,
//! and before it is among the first five. A ranking that favours the right completion of a
//! word ("boul" → "boulanger", not "vendeur en boulangerie") shows as less typing; one that
//! never puts a concept first costs its whole name.
//!
//! It also types each name of several words abbreviated ("tech de main" for "technicien de
//! maintenance") and counts how often its concept comes first, or among the first five.
//!
//! Names shared by several concepts of the kind are left out: no ranking can put both first.

use std::collections::HashMap;

use serde::Serialize;
use vivier_analyzers::normalize::normalize_label;
use vivier_analyzers::taxonomy::source::builtin_ids;
use vivier_analyzers::taxonomy::{ConceptIndex, ConceptKind, LabelType};

use crate::concepts::Concepts;

/// How many suggestions count as "in view".
const IN_VIEW: usize = 5;

/// Scores of a run, for one kind of concept.
#[derive(Debug, Default, Serialize)]
pub struct CompletionReport {
    /// Preferred names typed.
    pub names: usize,
    /// Mean share of a name's characters typed before its concept is suggested first.
    pub typed_to_first: f64,
    /// Mean share typed before it is among the first five.
    pub typed_to_view: f64,
    /// Share of names whose concept is first after three characters.
    pub first_after_3: f64,
    /// Share of names whose concept is among the first five after three characters.
    pub in_view_after_3: f64,
    /// Names whose concept is never first, even typed whole.
    pub never_first: usize,
    /// Suggestion lists asked for.
    pub lookups: usize,
    /// Names of several words typed abbreviated: every word of five letters or more cut
    /// to its first four ("tech de main" for "technicien de maintenance").
    pub abbreviated: usize,
    /// Share of those whose concept is then suggested first.
    pub abbreviated_first: f64,
    /// Share of those whose concept is then among the first five.
    pub abbreviated_in_view: f64,
}

/// A name as typed abbreviated, if it has a word to cut and another word: every word of
/// five letters or more cut to its first four.
fn abbreviated(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let mut cut = false;
    let typed: Vec<String> = words
        .iter()
        .map(|word| {
            if word.chars().count() >= 5 && word.chars().all(char::is_alphabetic) {
                cut = true;
                word.chars().take(4).collect()
            } else {
                word.to_string()
            }
        })
        .collect();
    cut.then(|| typed.join(" "))
}

/// Which concepts have their names typed.
#[derive(Debug, Clone, Copy)]
pub enum Sample {
    /// About this many concepts of the kind, every n-th in taxonomy order, so that runs
    /// compare: every concept is as likely to be looked for.
    Spread(usize),
    /// Every concept the built-in taxonomy lists (the common jobs and skills), which users
    /// look for far more often than the rest of a large taxonomy.
    Common,
}

/// Types the preferred names, in `langs`, of the concepts of `kind` that `sample` picks.
pub fn evaluate(
    concepts: &Concepts,
    kind: ConceptKind,
    langs: &[&str],
    sample: Sample,
) -> CompletionReport {
    let taxonomy = &concepts.taxonomy;
    let resolver = concepts.resolver();
    let of_kind: Vec<ConceptIndex> = (0..taxonomy.len() as ConceptIndex)
        .filter(|&index| taxonomy.concept(index).kind == kind)
        .collect();
    // Names that more than one concept of the kind has, as any label type: the concept
    // cannot be told from its rivals by that name.
    let mut named: HashMap<String, usize> = HashMap::new();
    for &index in &of_kind {
        let mut keys: Vec<String> = taxonomy
            .concept(index)
            .labels
            .iter()
            .map(|label| normalize_label(&label.text))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            *named.entry(key).or_default() += 1;
        }
    }
    // Every n-th concept of the kind, or the common ones.
    let (picked, step) = match sample {
        Sample::Spread(per_kind) => {
            let step = of_kind.len().div_ceil(per_kind.max(1)).max(1);
            (of_kind, step)
        }
        Sample::Common => {
            let common = builtin_ids();
            let picked = of_kind
                .into_iter()
                .filter(|&index| common.contains(&taxonomy.concept(index).id))
                .collect();
            (picked, 1)
        }
    };
    let mut report = CompletionReport::default();
    let (mut to_first, mut to_view) = (0.0, 0.0);
    let (mut first_3, mut view_3) = (0usize, 0usize);
    let (mut abbreviated_first, mut abbreviated_in_view) = (0usize, 0usize);
    for &index in picked.iter().step_by(step) {
        for label in &taxonomy.concept(index).labels {
            if label.label_type != LabelType::Preferred || !langs.contains(&label.lang.as_str()) {
                continue;
            }
            if named.get(&normalize_label(&label.text)).copied() != Some(1) {
                continue;
            }
            let chars: Vec<(usize, char)> = label.text.char_indices().collect();
            let (mut first, mut view) = (None, None);
            for (typed, &(at, c)) in chars.iter().enumerate().skip(1) {
                // A space adds nothing to what was typed before it.
                if c.is_whitespace() {
                    continue;
                }
                let prefix = &label.text[..at + c.len_utf8()];
                let suggested = resolver.autocomplete(prefix, Some(kind), IN_VIEW);
                report.lookups += 1;
                let rank = suggested.iter().position(|s| s.concept == index);
                let typed = typed + 1;
                if view.is_none() && rank.is_some() {
                    view = Some(typed);
                }
                if rank == Some(0) {
                    first = Some(typed);
                    break;
                }
            }
            if let Some(typed) = abbreviated(&label.text) {
                let suggested = resolver.autocomplete(&typed, Some(kind), IN_VIEW);
                report.lookups += 1;
                let rank = suggested.iter().position(|s| s.concept == index);
                report.abbreviated += 1;
                abbreviated_first += usize::from(rank == Some(0));
                abbreviated_in_view += usize::from(rank.is_some());
            }
            let len = chars.len();
            report.names += 1;
            report.never_first += usize::from(first.is_none());
            to_first += first.unwrap_or(len) as f64 / len as f64;
            to_view += view.unwrap_or(len) as f64 / len as f64;
            first_3 += usize::from(first.is_some_and(|n| n <= 3));
            view_3 += usize::from(view.is_some_and(|n| n <= 3));
        }
    }
    let names = report.names.max(1) as f64;
    report.typed_to_first = to_first / names;
    report.typed_to_view = to_view / names;
    report.first_after_3 = first_3 as f64 / names;
    report.in_view_after_3 = view_3 as f64 / names;
    let abbreviated = report.abbreviated.max(1) as f64;
    report.abbreviated_first = abbreviated_first as f64 / abbreviated;
    report.abbreviated_in_view = abbreviated_in_view as f64 / abbreviated;
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_stops_when_the_concept_is_suggested_first() {
        let concepts = Concepts::load(&[]).expect("built-in taxonomy");
        let report = evaluate(
            &concepts,
            ConceptKind::Occupation,
            &["fr"],
            Sample::Spread(40),
        );
        assert!(report.names >= 30, "{report:?}");
        assert!(report.lookups >= report.names, "{report:?}");
        // Typed whole, a name its concept alone has is an exact match.
        assert_eq!(report.never_first, 0, "{report:?}");
        assert!(report.typed_to_first > 0.0 && report.typed_to_first <= 1.0);
        assert!(report.typed_to_view <= report.typed_to_first, "{report:?}");
        assert!(report.in_view_after_3 >= report.first_after_3, "{report:?}");
        assert!(report.abbreviated > 0, "{report:?}");
        assert!(
            report.abbreviated_in_view >= report.abbreviated_first,
            "{report:?}"
        );
    }

    #[test]
    fn names_are_abbreviated_word_by_word() {
        assert_eq!(
            abbreviated("technicien de maintenance").as_deref(),
            Some("tech de main")
        );
        assert_eq!(abbreviated("développeur web").as_deref(), Some("déve web"));
        // Nothing to cut, or a single word: typed as it is, not abbreviated.
        assert_eq!(abbreviated("chef de bar"), None);
        assert_eq!(abbreviated("boulanger"), None);
    }
}
