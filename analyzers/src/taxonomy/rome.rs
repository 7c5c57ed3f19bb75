//! ROME 4.0 importer: France Travail's French job and skill referential.
//!
//! A ROME folder holds comma-separated, double-quoted UTF-8 files named
//! `unix_<table>_v<version>_utf8.csv`; files are found by table name, so any version works
//! (the highest one wins when several sit side by side). Columns are looked up by header
//! name. The mapping:
//!
//! | file | concept |
//! |------|---------|
//! | `unix_referentiel_code_rome` (`code_rome`, `libelle_rome`, `code_rome_parent`) | occupation `rome:<code_rome>` (a métier, or fiche), broader `rome:<code_rome_parent>` when it differs |
//! | `unix_texte` (`libelle_type_texte` = `definition`) | the métier's French description: its sentences in `position_phrase` order, one a line |
//! | `unix_referentiel_appellation` (`code_ogr`, `libelle_appellation_long`, `libelle_appellation_court`, `code_rome`) | occupation `rome:appellation:<code_ogr>` (a job title), broader `rome:<code_rome>` |
//! | `unix_referentiel_competence` (`code_ogr`, `libelle_competence`, `definition`) | skill `rome:competence:<code_ogr>`, [`SkillType::Skill`] |
//! | `unix_referentiel_savoir` (`code_ogr_savoir`, `libelle_savoir`) | skill `rome:savoir:<code_ogr_savoir>`, [`SkillType::Knowledge`] |
//! | `unix_coherence_item` (`code_rome`, `code_ogr`, `coeur_metier`) | métier to skill links: essential when `coeur_metier` is set (`Principale` or `Émergente`), optional otherwise; items that are neither a compétence nor a savoir (work contexts) are skipped |
//!
//! Every file is required except `unix_texte` (descriptions only); other tables are not read
//! (`unix_arborescence_secteur_naf` is even Latin-1).
//!
//! All labels are French. ROME writes both genders in one label: "Conducteur / Conductrice
//! d'engins agricoles" (masculine head, then feminine head and the shared rest), sometimes
//! after a shared prefix ("Artiste Plasticien / Plasticienne"); `expand_gender_pair`
//! rebuilds the two full labels, masculine preferred, feminine alternative. Short appellation
//! labels (`libelle_appellation_court`) become alternative labels; their gender suffixes in
//! parentheses ("Technicien(ne)") are dropped, since such a label could never match a text.
//! The doubled apostrophes of `unix_texte` ("l''entretien", an SQL export artefact) are
//! undoubled; plain `'` and typographic `’` are otherwise kept as written.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use csv::StringRecord;

use super::esco::CsvFile;
use super::{Concept, ConceptKind, Label, LabelType, Relation, SkillType, TaxonomyBuilder};
use crate::error::{Result, TaxonomyError};
use crate::normalize::fold;

const METIERS: &str = "referentiel_code_rome";
const TEXTS: &str = "texte";
const APPELLATIONS: &str = "referentiel_appellation";
const COMPETENCES: &str = "referentiel_competence";
const SAVOIRS: &str = "referentiel_savoir";
const LINKS: &str = "coherence_item";

const METIER_PREFIX: &str = "rome:";
const APPELLATION_PREFIX: &str = "rome:appellation:";
const COMPETENCE_PREFIX: &str = "rome:competence:";
const SAVOIR_PREFIX: &str = "rome:savoir:";

const LANG: &str = "fr";

/// Returns whether `dir` looks like a ROME folder: it holds a
/// `unix_referentiel_code_rome_v<version>_utf8.csv` file.
pub fn is_rome_dir(dir: &Path) -> bool {
    find_table(dir, METIERS).is_some()
}

/// Loads a ROME 4.0 folder into `builder`: métiers, appellations, compétences, savoirs and
/// the links between métiers and skills (see the module docs for the mapping).
pub fn load(dir: &Path, builder: &mut TaxonomyBuilder) -> Result<()> {
    // Every required file is found before any is read, so that a partial folder fails fast.
    let metiers = required_table(dir, METIERS)?;
    let appellations = required_table(dir, APPELLATIONS)?;
    let competences = required_table(dir, COMPETENCES)?;
    let savoirs = required_table(dir, SAVOIRS)?;
    let links = required_table(dir, LINKS)?;
    load_metiers(&metiers, builder)?;
    if let Some(texts) = find_table(dir, TEXTS) {
        load_definitions(&texts, builder)?;
    }
    load_appellations(&appellations, builder)?;
    load_skills(&competences, &COMPETENCE_TABLE, builder)?;
    load_skills(&savoirs, &SAVOIR_TABLE, builder)?;
    load_links(&links, builder)
}

/// Finds `unix_<table>_v<version>_utf8.csv` (or `.csv`) in `dir`; the highest version wins.
fn find_table(dir: &Path, table: &str) -> Option<PathBuf> {
    let prefix = format!("unix_{table}_v");
    let mut best: Option<(u64, PathBuf)> = None;
    for entry in fs::read_dir(dir).ok()?.flatten() {
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str() else {
            continue;
        };
        let Some(version) = table_version(name, &prefix) else {
            continue;
        };
        if best
            .as_ref()
            .is_none_or(|(best_version, _)| version > *best_version)
        {
            best = Some((version, entry.path()));
        }
    }
    best.map(|(_, path)| path)
}

/// Returns the version of a file named `<prefix><digits>_utf8.csv` or `<prefix><digits>.csv`.
fn table_version(name: &str, prefix: &str) -> Option<u64> {
    let rest = name.strip_prefix(prefix)?;
    let digits = rest
        .strip_suffix("_utf8.csv")
        .or_else(|| rest.strip_suffix(".csv"))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn required_table(dir: &Path, table: &str) -> Result<PathBuf> {
    find_table(dir, table).ok_or_else(|| {
        let message = format!("required ROME file unix_{table}_v<version>_utf8.csv is missing");
        TaxonomyError::io(dir, io::Error::new(io::ErrorKind::NotFound, message))
    })
}

fn load_metiers(path: &Path, builder: &mut TaxonomyBuilder) -> Result<()> {
    let mut file = CsvFile::open(path)?;
    let code_column = file.required_column("code_rome")?;
    let label_column = file.required_column("libelle_rome")?;
    let parent_column = file.column("code_rome_parent");
    let mut record = StringRecord::new();
    while file.read(&mut record)? {
        let code = file.required_field(&record, code_column, "code_rome")?;
        let mut concept = Concept::new(format!("{METIER_PREFIX}{code}"), ConceptKind::Occupation);
        add_gendered_labels(
            &mut concept,
            field(&record, label_column),
            LabelType::Preferred,
        );
        let parent = parent_column.map_or("", |column| field(&record, column));
        if !parent.is_empty() && parent != code {
            concept.broader.push(format!("{METIER_PREFIX}{parent}"));
        }
        builder.add(concept);
    }
    Ok(())
}

/// Sets each métier's description from its `definition` sentences.
fn load_definitions(path: &Path, builder: &mut TaxonomyBuilder) -> Result<()> {
    let mut file = CsvFile::open(path)?;
    let code_column = file.required_column("code_rome")?;
    let type_column = file.required_column("libelle_type_texte")?;
    let position_column = file.required_column("position_phrase")?;
    let text_column = file.required_column("libelle_texte")?;
    let mut sentences: HashMap<String, Vec<(u32, String)>> = HashMap::new();
    let mut record = StringRecord::new();
    while file.read(&mut record)? {
        if field(&record, type_column) != "definition" {
            continue;
        }
        let code = file.required_field(&record, code_column, "code_rome")?;
        let position_text = field(&record, position_column);
        let position: u32 = position_text.parse().map_err(|_| {
            file.error(
                &record,
                format!("`position_phrase` is not a number: `{position_text}`"),
            )
        })?;
        let text = undouble_apostrophes(field(&record, text_column)).into_owned();
        sentences
            .entry(code.to_string())
            .or_default()
            .push((position, text));
    }
    let mut id = String::new();
    for (code, mut parts) in sentences {
        parts.sort_by_key(|(position, _)| *position);
        let texts: Vec<String> = parts.into_iter().map(|(_, text)| text).collect();
        set_id(&mut id, METIER_PREFIX, &code);
        if let Some(concept) = builder.get_mut(&id) {
            concept
                .descriptions
                .entry(LANG.to_string())
                .or_insert(texts.join("\n"));
        }
    }
    Ok(())
}

fn load_appellations(path: &Path, builder: &mut TaxonomyBuilder) -> Result<()> {
    let mut file = CsvFile::open(path)?;
    let code_column = file.required_column("code_ogr")?;
    let long_column = file.required_column("libelle_appellation_long")?;
    let short_column = file.column("libelle_appellation_court");
    let metier_column = file.required_column("code_rome")?;
    let mut record = StringRecord::new();
    while file.read(&mut record)? {
        let code = file.required_field(&record, code_column, "code_ogr")?;
        let id = format!("{APPELLATION_PREFIX}{code}");
        let mut concept = Concept::new(id, ConceptKind::Occupation);
        let long = field(&record, long_column);
        add_gendered_labels(&mut concept, long, LabelType::Preferred);
        let short = short_column.map_or("", |column| field(&record, column));
        if short != long {
            add_gendered_labels(&mut concept, short, LabelType::Alternative);
        }
        let metier = field(&record, metier_column);
        if !metier.is_empty() {
            concept.broader.push(format!("{METIER_PREFIX}{metier}"));
        }
        builder.add(concept);
    }
    Ok(())
}

/// Where a skill referential keeps its fields, and how its concepts are made.
struct SkillTable {
    id_column: &'static str,
    label_column: &'static str,
    description_column: Option<&'static str>,
    id_prefix: &'static str,
    skill_type: SkillType,
}

const COMPETENCE_TABLE: SkillTable = SkillTable {
    id_column: "code_ogr",
    label_column: "libelle_competence",
    description_column: Some("definition"),
    id_prefix: COMPETENCE_PREFIX,
    skill_type: SkillType::Skill,
};

const SAVOIR_TABLE: SkillTable = SkillTable {
    id_column: "code_ogr_savoir",
    label_column: "libelle_savoir",
    description_column: None,
    id_prefix: SAVOIR_PREFIX,
    skill_type: SkillType::Knowledge,
};

fn load_skills(path: &Path, table: &SkillTable, builder: &mut TaxonomyBuilder) -> Result<()> {
    let mut file = CsvFile::open(path)?;
    let id_column = file.required_column(table.id_column)?;
    let label_column = file.required_column(table.label_column)?;
    let description_column = table.description_column.and_then(|name| file.column(name));
    let mut record = StringRecord::new();
    while file.read(&mut record)? {
        let code = file.required_field(&record, id_column, table.id_column)?;
        let id = format!("{}{code}", table.id_prefix);
        let mut concept = Concept::new(id, ConceptKind::Skill);
        concept.skill_type = Some(table.skill_type);
        concept.add_label(french_label(
            field(&record, label_column).trim(),
            LabelType::Preferred,
        ));
        let description = description_column.map_or("", |column| field(&record, column).trim());
        if !description.is_empty() {
            concept
                .descriptions
                .insert(LANG.to_string(), description.to_string());
        }
        builder.add(concept);
    }
    Ok(())
}

/// Links métiers to the compétences and savoirs of their fiche.
fn load_links(path: &Path, builder: &mut TaxonomyBuilder) -> Result<()> {
    let mut file = CsvFile::open(path)?;
    let metier_column = file.required_column("code_rome")?;
    let item_column = file.required_column("code_ogr")?;
    let core_column = file.column("coeur_metier");
    let mut record = StringRecord::new();
    // Ids are rebuilt in reused buffers: this file has over 100,000 rows.
    let mut metier_id = String::new();
    let mut skill_id = String::new();
    while file.read(&mut record)? {
        let item = field(&record, item_column);
        set_id(&mut skill_id, COMPETENCE_PREFIX, item);
        if builder.get_mut(&skill_id).is_none() {
            set_id(&mut skill_id, SAVOIR_PREFIX, item);
            if builder.get_mut(&skill_id).is_none() {
                continue;
            }
        }
        let is_core = core_column.is_some_and(|column| !field(&record, column).is_empty());
        let relation = if is_core {
            Relation::Essential
        } else {
            Relation::Optional
        };
        set_id(&mut metier_id, METIER_PREFIX, field(&record, metier_column));
        builder.add_skill_link(&metier_id, &skill_id, relation);
    }
    Ok(())
}

fn field(record: &StringRecord, column: usize) -> &str {
    record.get(column).unwrap_or("")
}

fn set_id(buffer: &mut String, prefix: &str, code: &str) {
    buffer.clear();
    buffer.push_str(prefix);
    buffer.push_str(code);
}

fn french_label(text: &str, label_type: LabelType) -> Label {
    Label {
        lang: LANG.to_string(),
        text: text.to_string(),
        label_type,
    }
}

/// Adds the masculine form of a ROME label as `label_type` and its feminine form as an
/// alternative label.
fn add_gendered_labels(concept: &mut Concept, label: &str, label_type: LabelType) {
    let (masculine, feminine) = rome_gender_forms(label.trim());
    concept.add_label(french_label(&masculine, label_type));
    if let Some(feminine) = feminine {
        concept.add_label(french_label(&feminine, LabelType::Alternative));
    }
}

/// Splits a ROME label "Agent / Agente de sécurité" into its masculine and feminine labels,
/// without parenthesized gender suffixes.
fn rome_gender_forms(label: &str) -> (String, Option<String>) {
    match label.split_once(" / ") {
        Some((masculine, feminine)) if !feminine.contains(" / ") => {
            let (masculine, feminine) = expand_gender_pair(masculine.trim(), feminine.trim());
            let feminine = strip_gender_suffixes(&feminine).into_owned();
            (
                strip_gender_suffixes(&masculine).into_owned(),
                Some(feminine),
            )
        }
        _ => (strip_gender_suffixes(label).into_owned(), None),
    }
}

/// Expands a label written "masculine / feminine" with the genders sharing a prefix and a
/// rest into its two full labels.
///
/// French job titles factor both genders: "Conducteur / Conductrice d'engins agricoles",
/// "Artiste Plasticien / Plasticienne", "Cadre Dirigeant / Dirigeante d'administration".
/// The masculine part is `prefix + masculine head`, the feminine part is `feminine head +
/// rest`. Words are runs between spaces and hyphens. The feminine head starts with the
/// feminine of the masculine word it shares a 3-letter stem with (the anchor, which sets the
/// prefix); it ends at the word sharing a stem with the last masculine word, else it has as
/// many words as the masculine head. With no anchor ("Steward / Hôtesse de l'air"), the
/// prefix is empty unless the feminine part is shorter than the masculine one (and not its
/// tail), in which case the two parts are aligned on their ends ("Cadre Technico-commercial
/// / Technico-commerciale", "Responsable plate-forme expédition / Livraison").
pub(crate) fn expand_gender_pair(masculine: &str, feminine: &str) -> (String, String) {
    let masculine_words = word_spans(masculine);
    let feminine_words = word_spans(feminine);
    let (Some(&(first_start, first_end)), Some(&(last_start, last_end))) =
        (feminine_words.first(), masculine_words.last())
    else {
        return (masculine.to_string(), feminine.to_string());
    };
    let feminine_first = &feminine[first_start..first_end];
    // A word repeated as is after the first one is shared, not a gender form
    // ("Sound designer / Designer sonore").
    let anchor = masculine_words
        .iter()
        .enumerate()
        .position(|(index, &(start, end))| {
            let word = &masculine[start..end];
            same_stem(word, feminine_first)
                && (index == 0 || word.to_lowercase() != feminine_first.to_lowercase())
        });
    // "Homme sage-femme / Sage-femme": the feminine is a whole label on its own.
    let feminine_is_tail = masculine.to_lowercase().ends_with(&feminine.to_lowercase());
    let head_start = match anchor {
        Some(index) => index,
        None if feminine_is_tail => 0,
        None => masculine_words.len().saturating_sub(feminine_words.len()),
    };
    let prefix = &masculine[..masculine_words[head_start].0];
    let head_len = masculine_words.len() - head_start;
    let masculine_last = &masculine[last_start..last_end];
    let head_end = feminine_head_end(
        masculine_last,
        feminine,
        &feminine_words,
        head_len - 1,
        anchor.is_some(),
    );
    let rest = &feminine[head_end..];
    (format!("{masculine}{rest}"), format!("{prefix}{feminine}"))
}

/// Returns the byte offset where the feminine head ends: after the word matching the last
/// masculine word (searched anywhere when the heads are anchored, from the expected
/// position otherwise), else after the expected word, else at the end.
fn feminine_head_end(
    masculine_last: &str,
    feminine: &str,
    words: &[(usize, usize)],
    expected: usize,
    anchored: bool,
) -> usize {
    let matches = |index: &usize| {
        let (start, end) = words[*index];
        same_stem(masculine_last, &feminine[start..end])
    };
    let search_from = if anchored { 0 } else { expected };
    let found = if expected < words.len() && matches(&expected) {
        Some(expected)
    } else {
        (search_from..words.len()).find(matches)
    };
    match found.or((expected < words.len()).then_some(expected)) {
        Some(index) => words[index].1,
        None => feminine.len(),
    }
}

/// Returns the byte spans of the words of `text`, words being separated by spaces and
/// hyphens.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (offset, c) in text.char_indices() {
        let is_separator = c.is_whitespace() || c == '-';
        match (is_separator, start) {
            (false, None) => start = Some(offset),
            (true, Some(from)) => {
                spans.push((from, offset));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        spans.push((from, text.len()));
    }
    spans
}

/// Returns whether two words start with the same three letters, ignoring case and accents.
pub(crate) fn same_stem(a: &str, b: &str) -> bool {
    match (stem(a), stem(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

fn stem(word: &str) -> Option<String> {
    let head: String = word.chars().take(3).collect();
    if head.chars().count() < 3 || !head.chars().all(char::is_alphabetic) {
        return None;
    }
    Some(fold(&head.to_lowercase()))
}

/// Drops gender suffixes in parentheses glued to a word: "Technicien(ne)" becomes
/// "Technicien", "site(s)" becomes "site"; "(CTC)" or "(vétérinaire)" stay.
fn strip_gender_suffixes(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    for (open, _) in text.match_indices('(') {
        let glued = text[..open]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic);
        let after = &text[open + 1..];
        let Some(close) = after.find(')') else {
            continue;
        };
        let inner = &after[..close];
        let is_suffix =
            (1..=6).contains(&inner.chars().count()) && inner.chars().all(char::is_lowercase);
        if glued && is_suffix && open >= copied {
            out.push_str(&text[copied..open]);
            copied = open + 1 + close + 1;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

fn undouble_apostrophes(text: &str) -> Cow<'_, str> {
    if text.contains("''") {
        Cow::Owned(text.replace("''", "'"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;

    fn fixture_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rome")
    }

    fn load_fixture() -> Taxonomy {
        let mut builder = TaxonomyBuilder::new();
        load(&fixture_dir(), &mut builder).expect("the ROME fixture loads");
        builder.build()
    }

    fn expand(label: &str) -> (String, String) {
        let (masculine, feminine) = label.split_once(" / ").expect("a gendered label");
        expand_gender_pair(masculine, feminine)
    }

    fn assert_expands(label: &str, masculine: &str, feminine: &str) {
        assert_eq!(
            expand(label),
            (masculine.to_string(), feminine.to_string()),
            "{label}"
        );
    }

    fn labels(concept: &Concept, label_type: LabelType) -> Vec<&str> {
        let matching = concept.labels.iter().filter(|l| l.label_type == label_type);
        matching.map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn expands_gender_pairs() {
        assert_expands(
            "Conducteur / Conductrice d'engins agricoles",
            "Conducteur d'engins agricoles",
            "Conductrice d'engins agricoles",
        );
        assert_expands(
            "Abatteur / Abatteuse de carrière",
            "Abatteur de carrière",
            "Abatteuse de carrière",
        );
        assert_expands(
            "Accastilleur-gréeur / Accastilleuse-gréeuse",
            "Accastilleur-gréeur",
            "Accastilleuse-gréeuse",
        );
        assert_expands(
            "Agent / Agente de sécurité",
            "Agent de sécurité",
            "Agente de sécurité",
        );
        assert_expands(
            "Secrétaire général / Secrétaire générale pour les affaires régionales (SGAR)",
            "Secrétaire général pour les affaires régionales (SGAR)",
            "Secrétaire générale pour les affaires régionales (SGAR)",
        );
        assert_expands(
            "Layout man / Layout woman - films d'animation",
            "Layout man - films d'animation",
            "Layout woman - films d'animation",
        );
    }

    #[test]
    fn expands_gender_pairs_with_a_shared_prefix_or_an_uneven_head() {
        assert_expands(
            "Artiste Plasticien / Plasticienne",
            "Artiste Plasticien",
            "Artiste Plasticienne",
        );
        assert_expands(
            "Cadre Dirigeant / Dirigeante d'administration centrale",
            "Cadre Dirigeant d'administration centrale",
            "Cadre Dirigeante d'administration centrale",
        );
        assert_expands(
            "Operateur / Opératrice pilote de sous-marins",
            "Operateur pilote de sous-marins",
            "Opératrice pilote de sous-marins",
        );
        assert_expands(
            "Chef d'équipe assistant / Cheffe assistante avion",
            "Chef d'équipe assistant avion",
            "Cheffe assistante avion",
        );
        assert_expands(
            "Maître-nageur sauveteur / Maître nageuse sauveteuse",
            "Maître-nageur sauveteur",
            "Maître nageuse sauveteuse",
        );
        assert_expands(
            "Premier valet / Première femme de chambre",
            "Premier valet de chambre",
            "Première femme de chambre",
        );
    }

    #[test]
    fn expands_pairs_without_a_common_stem() {
        assert_expands(
            "Steward / Hôtesse de l'air",
            "Steward de l'air",
            "Hôtesse de l'air",
        );
        assert_expands(
            "Homme / Femme de plancher",
            "Homme de plancher",
            "Femme de plancher",
        );
        assert_expands(
            "Sound designer / Designer sonore",
            "Sound designer",
            "Designer sonore",
        );
        assert_expands("Tubiste / Contre tubiste", "Tubiste", "Contre tubiste");
        assert_expands(
            "Homme sage-femme / Sage-femme",
            "Homme sage-femme",
            "Sage-femme",
        );
        assert_expands(
            "Cadre Technico-commercial / Technico-commerciale",
            "Cadre Technico-commercial",
            "Cadre Technico-commerciale",
        );
        assert_expands(
            "Traminot / Employée de tramway",
            "Traminot",
            "Employée de tramway",
        );
        assert_expands(
            "Responsable plate-forme expédition / Livraison",
            "Responsable plate-forme expédition",
            "Responsable plate-forme Livraison",
        );
    }

    #[test]
    fn drops_glued_gender_suffixes_only() {
        assert_eq!(
            strip_gender_suffixes("Ingénieur(e) chargé(e) d'affaire (CTC)"),
            "Ingénieur chargé d'affaire (CTC)"
        );
        assert_eq!(
            strip_gender_suffixes("Conducteur(trice) de site(s)"),
            "Conducteur de site"
        );
        assert_eq!(
            strip_gender_suffixes("Dentiste (vétérinaire)"),
            "Dentiste (vétérinaire)"
        );
        assert_eq!(strip_gender_suffixes("Agent(e"), "Agent(e");
        assert!(matches!(
            strip_gender_suffixes("Agent de sécurité"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn finds_tables_by_prefix_whatever_the_version() {
        let dir = fixture_dir();
        assert!(is_rome_dir(&dir));
        let format = crate::taxonomy::source::detect_format(&dir);
        assert!(matches!(
            format,
            Ok(crate::taxonomy::source::SourceFormat::Rome)
        ));
        let metiers = find_table(&dir, METIERS).expect("métiers");
        assert_eq!(
            metiers.file_name().and_then(|n| n.to_str()),
            Some("unix_referentiel_code_rome_v461_utf8.csv")
        );
        assert_eq!(
            table_version("unix_texte_v460_utf8.csv", "unix_texte_v"),
            Some(460)
        );
        assert_eq!(
            table_version("unix_texte_vX_utf8.csv", "unix_texte_v"),
            None
        );
        assert!(!is_rome_dir(&dir.join("missing")));
        assert!(!is_rome_dir(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/esco/package")
                .as_path()
        ));
    }

    #[test]
    fn loads_metiers_with_both_genders_and_definitions() {
        let taxonomy = load_fixture();
        let metier = taxonomy.get("rome:A1101").expect("A1101");
        assert_eq!(metier.kind, ConceptKind::Occupation);
        assert_eq!(
            labels(metier, LabelType::Preferred),
            ["Conducteur d'engins agricoles"]
        );
        assert_eq!(
            labels(metier, LabelType::Alternative),
            ["Conductrice d'engins agricoles"]
        );
        assert!(metier.labels.iter().all(|l| l.lang == "fr"));
        assert_eq!(
            metier.descriptions["fr"],
            "Réalise des travaux agricoles mécanisés.\nAssure l'entretien des machines."
        );
        let child = taxonomy.get("rome:A1102").expect("A1102");
        assert_eq!(child.broader, ["rome:A1101"]);
        assert!(metier.broader.is_empty());
        assert!(
            taxonomy.get("rome:Z9999").is_none(),
            "an older version was read"
        );
        let metiers = taxonomy
            .concepts()
            .iter()
            .filter(|c| c.id.starts_with("rome:") && c.id.len() == 10);
        assert_eq!(metiers.count(), 3);
    }

    #[test]
    fn loads_appellations_under_their_metier() {
        let taxonomy = load_fixture();
        let appellation = taxonomy.get("rome:appellation:10202").expect("appellation");
        assert_eq!(appellation.kind, ConceptKind::Occupation);
        assert_eq!(appellation.broader, ["rome:A1101"]);
        assert_eq!(
            labels(appellation, LabelType::Preferred),
            ["Accastilleur-monteur électronique de marine"]
        );
        assert_eq!(
            labels(appellation, LabelType::Alternative),
            [
                "Accastilleuse-monteuse électronique de marine",
                "Accastilleur-monteur électronique"
            ]
        );
        let same_short = taxonomy.get("rome:appellation:10200").expect("appellation");
        assert_eq!(same_short.labels.len(), 2);
        let metier = taxonomy.index_of("rome:A1101").expect("A1101");
        let index = taxonomy
            .index_of("rome:appellation:10202")
            .expect("appellation");
        assert!(taxonomy.narrower(metier).contains(&index));
    }

    #[test]
    fn loads_competences_and_savoirs_with_links() {
        let taxonomy = load_fixture();
        let competence = taxonomy.get("rome:competence:100023").expect("compétence");
        assert_eq!(
            (competence.kind, competence.skill_type),
            (ConceptKind::Skill, Some(SkillType::Skill))
        );
        assert_eq!(competence.display_label("fr"), "Abattre un arbre");
        let soft = taxonomy.get("rome:competence:300001").expect("savoir-être");
        assert!(soft.descriptions["fr"].starts_with("Capacité à écouter"));
        let savoir = taxonomy.get("rome:savoir:100003").expect("savoir");
        assert_eq!(savoir.skill_type, Some(SkillType::Knowledge));
        let metier = taxonomy.get("rome:A1101").expect("A1101");
        let links: Vec<(&str, Relation)> = metier
            .skills
            .iter()
            .map(|s| (s.id.as_str(), s.relation))
            .collect();
        assert_eq!(
            links,
            [
                ("rome:competence:100023", Relation::Optional),
                ("rome:savoir:100003", Relation::Essential),
                ("rome:competence:300001", Relation::Essential),
            ]
        );
        let appellation = taxonomy
            .index_of("rome:appellation:10202")
            .expect("appellation");
        assert_eq!(taxonomy.skills_of(appellation).len(), 3);
    }

    #[test]
    fn reports_missing_files_and_bad_records() {
        let dir = tempfile::tempdir().expect("tempdir");
        let metiers = dir.path().join("unix_referentiel_code_rome_v1_utf8.csv");
        fs::write(
            &metiers,
            "\"code_rome\",\"libelle_rome\"\n\"A1\",\"Agent / Agente\"\n",
        )
        .expect("write");
        let mut builder = TaxonomyBuilder::new();
        let err = load(dir.path(), &mut builder).expect_err("no appellations");
        assert!(
            err.to_string()
                .contains("unix_referentiel_appellation_v<version>_utf8.csv is missing"),
            "{err}"
        );
        assert!(builder.is_empty(), "nothing is read from a partial folder");
        let headers = [
            (
                "referentiel_appellation",
                "code_ogr,libelle_appellation_long,code_rome",
            ),
            ("referentiel_competence", "code_ogr,libelle_competence"),
            ("referentiel_savoir", "code_ogr_savoir,libelle_savoir"),
            ("coherence_item", "code_rome,code_ogr,coeur_metier"),
        ];
        for (table, header) in headers {
            let path = dir.path().join(format!("unix_{table}_v1_utf8.csv"));
            fs::write(path, format!("{header}\n")).expect("write");
        }
        load(dir.path(), &mut builder).expect("a minimal folder loads");
        assert_eq!(
            builder.build().get("rome:A1").map(|c| c.labels.len()),
            Some(2)
        );
        fs::write(
            &metiers,
            "\"code_rome\",\"libelle_rome\"\n\"A1\",\"Agent\"\n\"A2\"\n",
        )
        .expect("write");
        let err = load(dir.path(), &mut TaxonomyBuilder::new()).expect_err("short record");
        assert!(matches!(err, TaxonomyError::Parse { line: 3, .. }), "{err}");
        fs::write(&metiers, "\"code\",\"libelle_rome\"\n").expect("write");
        let err = load(dir.path(), &mut TaxonomyBuilder::new()).expect_err("no code column");
        assert!(
            err.to_string().contains("missing column `code_rome`"),
            "{err}"
        );
    }
}
