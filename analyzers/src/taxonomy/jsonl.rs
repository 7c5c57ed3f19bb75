//! Vivier's own taxonomy format: JSON Lines, one concept a line.
//!
//! ```json
//! {"id":"vivier:skill/java","kind":"skill","skill_type":"knowledge",
//!  "labels":[{"lang":"fr","text":"Java","type":"preferred"}],
//!  "descriptions":{"fr":"Langage de programmation orienté objet."},
//!  "broader":["vivier:skill/programming"],
//!  "skills":[{"id":"...","relation":"essential"}]}
//! ```
//! Only `id`, `kind` and one label are required. Blank lines and lines starting with `#`
//! are skipped.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{Concept, ConceptKind, Label, SkillLink, SkillType, TaxonomyBuilder};
use crate::error::{Result, TaxonomyError};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: String,
    kind: ConceptKind,
    #[serde(default)]
    skill_type: Option<SkillType>,
    labels: Vec<Label>,
    #[serde(default)]
    descriptions: BTreeMap<String, String>,
    #[serde(default)]
    broader: Vec<String>,
    #[serde(default)]
    skills: Vec<SkillLink>,
}

/// Reads the records of a JSONL text with their line numbers, skipping blank lines and
/// comments; `path` names it in errors.
fn records<'a>(text: &'a str, path: &'a Path) -> impl Iterator<Item = Result<(u64, Record)>> + 'a {
    // Some editors open a UTF-8 file with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .enumerate()
        .map(|(number, line)| (number as u64 + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(move |(line_number, line)| {
            serde_json::from_str(line)
                .map(|record| (line_number, record))
                .map_err(|err| TaxonomyError::parse(path, line_number, err.to_string()))
        })
}

/// Adds the labels of a JSONL text's concepts to the concepts `builder` already has,
/// skipping those it lacks; returns the number of labels added. `path` names it in errors.
pub fn add_labels_str(text: &str, path: &Path, builder: &mut TaxonomyBuilder) -> Result<usize> {
    let mut added = 0;
    for record in records(text, path) {
        let (_, record) = record?;
        for label in record.labels {
            if builder.add_label(&record.id, label) {
                added += 1;
            }
        }
    }
    Ok(added)
}

/// Adds the concepts of a JSONL text to `builder`; `path` names it in errors.
pub fn load_str(text: &str, path: &Path, builder: &mut TaxonomyBuilder) -> Result<usize> {
    let mut count = 0;
    for record in records(text, path) {
        let (line_number, record) = record?;
        if record.id.trim().is_empty() {
            return Err(TaxonomyError::parse(path, line_number, "`id` is empty"));
        }
        if record.labels.iter().all(|l| l.text.trim().is_empty()) {
            return Err(TaxonomyError::parse(
                path,
                line_number,
                "a concept needs at least one label",
            ));
        }
        let languages = record
            .labels
            .iter()
            .map(|label| label.lang.as_str())
            .chain(record.descriptions.keys().map(String::as_str));
        for lang in languages {
            if !vivier_schema::is_language_code(lang) {
                return Err(TaxonomyError::parse(
                    path,
                    line_number,
                    format!("language `{lang}` is no ISO 639-1 code (two lower-case letters, such as `fr` or `en`)"),
                ));
            }
        }
        // Lines and sources may add to a concept, but one id names one concept.
        if let Some(kind) = builder.kind_of(&record.id) {
            if kind != record.kind {
                return Err(TaxonomyError::parse(
                    path,
                    line_number,
                    format!(
                        "concept `{}` is {} here but {} in an earlier line or source: one id names one concept",
                        record.id,
                        record.kind.as_str(),
                        kind.as_str()
                    ),
                ));
            }
        }
        builder.add(Concept {
            id: record.id,
            kind: record.kind,
            skill_type: record.skill_type,
            labels: record.labels,
            descriptions: record.descriptions,
            broader: record.broader,
            skills: record.skills,
        });
        count += 1;
    }
    if count == 0 {
        return Err(TaxonomyError::Empty(path.to_path_buf()));
    }
    Ok(count)
}

/// Adds the concepts of a JSONL file to `builder`.
pub fn load(path: &Path, builder: &mut TaxonomyBuilder) -> Result<usize> {
    let text = std::fs::read_to_string(path).map_err(|err| TaxonomyError::io(path, err))?;
    load_str(&text, path, builder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::{LabelType, Relation};

    #[test]
    fn reads_minimal_and_full_concepts() {
        let text = r#"
# a comment
{"id":"s1","kind":"skill","labels":[{"lang":"fr","text":"Java","type":"preferred"}]}
{"id":"o1","kind":"occupation","labels":[{"lang":"en","text":"Java developer","type":"preferred"},{"lang":"fr","text":"dév java","type":"hidden"}],"descriptions":{"en":"Writes Java."},"skills":[{"id":"s1","relation":"essential"}]}
"#;
        let mut builder = TaxonomyBuilder::new();
        assert_eq!(
            load_str(text, Path::new("t.jsonl"), &mut builder).expect("valid"),
            2
        );
        let taxonomy = builder.build();
        let occupation = taxonomy.get("o1").expect("o1");
        assert_eq!(occupation.labels[1].label_type, LabelType::Hidden);
        assert_eq!(occupation.skills[0].relation, Relation::Essential);
    }

    #[test]
    fn reports_the_line_of_a_bad_record() {
        let text = "{\"id\":\"a\",\"kind\":\"skill\",\"labels\":[{\"lang\":\"fr\",\"text\":\"x\",\"type\":\"preferred\"}]}\n{\"id\":\"b\",\"kind\":\"job\",\"labels\":[]}\n";
        let err = load_str(text, Path::new("t.jsonl"), &mut TaxonomyBuilder::new())
            .expect_err("bad kind");
        assert!(
            err.to_string()
                .starts_with("t.jsonl:2: unknown variant `job`"),
            "{err}"
        );
        let err = load_str(
            "{\"id\":\"b\",\"kind\":\"skill\",\"labels\":[]}",
            Path::new("t.jsonl"),
            &mut TaxonomyBuilder::new(),
        )
        .expect_err("no label");
        assert!(err.to_string().contains("at least one label"), "{err}");
    }

    #[test]
    fn refuses_what_would_load_wrong_silently() {
        let load = |text: &str| {
            load_str(text, Path::new("t.jsonl"), &mut TaxonomyBuilder::new()).map(|_| ())
        };
        let concept = |id: &str, kind: &str, lang: &str| {
            format!(
                r#"{{"id":"{id}","kind":"{kind}","labels":[{{"lang":"{lang}","text":"x","type":"preferred"}}]}}"#
            )
        };
        for lang in ["french", "zz", "FR"] {
            let err = load(&concept("a", "skill", lang)).expect_err(lang);
            let says = format!("t.jsonl:1: language `{lang}`");
            assert!(err.to_string().starts_with(&says), "{err}");
        }
        load(&format!("\u{feff}{}", concept("a", "skill", "fr"))).expect("byte order mark");
        let twice = format!(
            "{}\n{}",
            concept("a", "skill", "fr"),
            concept("a", "occupation", "en")
        );
        let err = load(&twice).expect_err("one id, two kinds");
        assert!(
            err.to_string()
                .starts_with("t.jsonl:2: concept `a` is occupation here but skill"),
            "{err}"
        );
        // A second line may add to a concept of the same kind.
        let more = format!(
            "{}\n{}",
            concept("a", "skill", "fr"),
            concept("a", "skill", "en")
        );
        load(&more).expect("same kind");
        let err = load("# only a comment\n\n").expect_err("empty");
        assert!(matches!(err, TaxonomyError::Empty(_)), "{err}");
    }
}
