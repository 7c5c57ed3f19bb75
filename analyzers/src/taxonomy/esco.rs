//! ESCO importer: the European Skills, Competences, Qualifications and Occupations
//! classification, from its CSV package (v1.1).
//!
//! Layouts read:
//! - language folders (`en/`, `fr/`, ...) each with `occupations_<lang>.csv` and
//!   `skills_<lang>.csv`, next to a language-neutral `relations/` folder;
//! - the flat official layout, where every `*_<lang>.csv` sits in the given folder.
//!
//! Columns are looked up by header name, so the column order does not matter.
//! `occupations_<lang>.csv` (`conceptUri`, `preferredLabel`, `altLabels`, `hiddenLabels`,
//! `description`) gives [`ConceptKind::Occupation`] concepts; `skills_<lang>.csv` (the same
//! plus `skillType`) gives [`ConceptKind::Skill`] ones, [`SkillType::Knowledge`] for
//! `knowledge` and [`SkillType::Skill`] otherwise (`skill/competence`, or empty for a few
//! digital skills). Ids are the concept URIs. A label cell holds one label a line; lines are
//! also split on `" | "`, the separator of ESCO's collection files. Besides the official
//! layout, a file may carry language-suffixed columns (`preferredLabel_fr`, `altLabels_fr`,
//! `hiddenLabels_fr`, `description_fr`), as the merged, non-official `fr/skills_fr.csv` of
//! Vivier's reference data does: each such column is read for the language of its suffix.
//! The language of unsuffixed columns comes from the file name suffix, else from the name
//! of the folder (`fr/occupations.csv`).
//!
//! French occupation labels often write both genders: "directeur technique/directrice
//! technique", "serveur/serveuse", "vendeur/vendeuse en articles de sport". Such a label is
//! split into two labels of the same type when it has one `/`, not quoted, at least three
//! letters on each side, and a word that looks like a gender form: the first word after the
//! slash shares a 3-letter stem (ignoring case and accents) with a word before it
//! ("chef décorateur/décoratrice spectacle"), or the last words on both sides share one
//! ("valet de chambre/femme de chambre"). The two forms are rebuilt as ROME's are (see
//! the [ROME importer](super::rome)), so the feminine's rest completes the masculine.
//! This keeps "TCP/IP", "HTML/CSS", "moine/moniale" or "responsable
//! développement/expansion immobilière" whole. Skill labels and other languages are never
//! split: their slashes separate alternatives ("créer un scénario/une bible littéraire").
//!
//! Relations are read after every concept is known, from `relations/<name>.csv`, else from
//! `<name>.csv` or `<name>_<lang>.csv` next to the concept files:
//! - `occupationSkillRelations` (`occupationUri`, `relationType` essential|optional,
//!   `skillUri`): skill links;
//! - `broaderRelationsOccPillar` and `broaderRelationsSkillPillar` (`conceptUri`,
//!   `broaderUri`): broader links, kept only when both ends are loaded concepts (ISCO
//!   groups and skill groups are not concepts).
//!
//! `skillSkillRelations` has no counterpart in the taxonomy model and is not read, nor are
//! the ISCO groups, skill groups, hierarchy and collection files.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use csv::StringRecord;

use super::rome::{expand_gender_pair, same_stem};
use super::{Concept, ConceptKind, Label, LabelType, Relation, SkillType, TaxonomyBuilder};
use crate::error::{Result, TaxonomyError};

const RELATIONS_DIR: &str = "relations";
const OCCUPATION_SKILLS: &str = "occupationSkillRelations";
const BROADER_FILES: [&str; 2] = ["broaderRelationsOccPillar", "broaderRelationsSkillPillar"];

/// Returns whether `dir` looks like an ESCO package: it has a `relations/` folder, or
/// `occupations_<lang>.csv` / `skills_<lang>.csv` files in it or in a language folder.
pub fn is_esco_dir(dir: &Path) -> bool {
    dir.join(RELATIONS_DIR).is_dir() || !find_concept_files(dir).is_empty()
}

/// Loads an ESCO CSV package into `builder`: the occupations and skills of every language
/// found, then their broader links and the skills each occupation needs.
pub fn load(dir: &Path, builder: &mut TaxonomyBuilder) -> Result<()> {
    let concept_files = find_concept_files(dir);
    if concept_files.is_empty() {
        let message =
            "no occupations_<lang>.csv or skills_<lang>.csv file in it or in a language folder";
        return Err(TaxonomyError::io(
            dir,
            io::Error::new(io::ErrorKind::NotFound, message),
        ));
    }
    for concept_file in &concept_files {
        load_concepts(concept_file, builder)?;
    }
    for name in BROADER_FILES {
        if let Some(path) = find_relation_file(dir, &concept_files, name) {
            load_broader(&path, builder)?;
        }
    }
    if let Some(path) = find_relation_file(dir, &concept_files, OCCUPATION_SKILLS) {
        load_skill_links(&path, builder)?;
    }
    super::jsonl::add_labels_str(SUPPLEMENT, Path::new(SUPPLEMENT_NAME), builder)?;
    for (lang, names, file_name) in NAMES {
        if concept_files.iter().any(|file| file.lang == lang) {
            super::jsonl::add_labels_str(names, Path::new(file_name), builder)?;
        }
    }
    Ok(())
}

/// Names of everyday tools ESCO does not list ("Excel", "Go", "Spring"), as hidden labels
/// of the ESCO concepts covering them: CVs name tools far more often than ESCO's phrasing.
const SUPPLEMENT: &str = include_str!("../../data/esco_supplement.jsonl");
const SUPPLEMENT_NAME: &str = "esco_supplement.jsonl";

/// Names of ESCO skills and occupations as CVs in one language write them, as hidden labels
/// in that language: (language, file text, file name).
/// - French: "mise en rayon", "débogage", "commis de cuisine". ESCO gives a skill about one
///   French name, and French CVs name skills as nouns and in other words.
/// - English: "restock shelves", "process payroll". ESCO's eight or so English names of a
///   skill are mostly one formal verb phrase reworded, not the words CVs use.
///
/// A language's names are added only when the package has files in it, so that a package
/// in one language stays so.
const NAMES: [(&str, &str, &str); 2] = [
    (
        "fr",
        include_str!("../../data/esco_names_fr.jsonl"),
        "esco_names_fr.jsonl",
    ),
    (
        "en",
        include_str!("../../data/esco_names_en.jsonl"),
        "esco_names_en.jsonl",
    ),
];

/// An occupations or skills file, with the language of its unsuffixed columns.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ConceptFile {
    lang: String,
    path: PathBuf,
    kind: ConceptKind,
}

/// Lists the concept files of `dir` and of its language folders, by language.
fn find_concept_files(dir: &Path) -> Vec<ConceptFile> {
    let mut files = Vec::new();
    collect_concept_files(dir, None, &mut files);
    let Ok(entries) = fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let folder_name = entry.file_name();
        let Some(lang) = folder_name.to_str().filter(|name| is_lang_code(name)) else {
            continue;
        };
        if entry.path().is_dir() {
            collect_concept_files(&entry.path(), Some(lang), &mut files);
        }
    }
    files.sort_by(|a, b| (&a.lang, &a.path).cmp(&(&b.lang, &b.path)));
    files
}

fn collect_concept_files(folder: &Path, folder_lang: Option<&str>, files: &mut Vec<ConceptFile>) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some((kind, lang)) = file_name
            .to_str()
            .and_then(|name| parse_concept_file_name(name, folder_lang))
        else {
            continue;
        };
        files.push(ConceptFile {
            lang,
            path: entry.path(),
            kind,
        });
    }
}

/// Recognises `occupations_<lang>.csv` and `skills_<lang>.csv`, or `occupations.csv` and
/// `skills.csv` inside a language folder.
fn parse_concept_file_name(name: &str, folder_lang: Option<&str>) -> Option<(ConceptKind, String)> {
    let stem = name.strip_suffix(".csv")?;
    let (kind, suffix) = [
        ("occupations", ConceptKind::Occupation),
        ("skills", ConceptKind::Skill),
    ]
    .into_iter()
    .find_map(|(base, kind)| {
        let rest = stem.strip_prefix(base)?;
        match rest.strip_prefix('_') {
            Some(lang) => Some((kind, Some(lang))),
            None => rest.is_empty().then_some((kind, None)),
        }
    })?;
    let lang = suffix.or(folder_lang).filter(|lang| is_lang_code(lang))?;
    Some((kind, lang.to_ascii_lowercase()))
}

/// Accepts `fr`, `ast`, `pt-br`: two or three letters, then an optional region.
fn is_lang_code(text: &str) -> bool {
    let (language, region) = match text.split_once('-') {
        Some((language, region)) => (language, Some(region)),
        None => (text, None),
    };
    let language_ok =
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_alphabetic());
    let region_ok = region
        .is_none_or(|r| (2..=4).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric()));
    language_ok && region_ok
}

/// Finds a relation file: `relations/<name>.csv`, else `<name>.csv` in `dir`, else
/// `<name>_<lang>.csv` in `relations/` or next to a concept file.
fn find_relation_file(dir: &Path, concept_files: &[ConceptFile], name: &str) -> Option<PathBuf> {
    let relations = dir.join(RELATIONS_DIR);
    let mut candidates = vec![
        relations.join(format!("{name}.csv")),
        dir.join(format!("{name}.csv")),
    ];
    for concept_file in concept_files {
        let suffixed = format!("{name}_{}.csv", concept_file.lang);
        candidates.push(relations.join(&suffixed));
        if let Some(folder) = concept_file.path.parent() {
            candidates.push(folder.join(&suffixed));
        }
    }
    candidates.into_iter().find(|path| path.is_file())
}

/// What a label or description column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextField {
    Label(LabelType),
    Description,
}

/// A text column of a concept file and the language of its text.
#[derive(Debug)]
struct TextColumn {
    index: usize,
    field: TextField,
    lang: String,
}

fn text_field(name: &str) -> Option<TextField> {
    match name {
        "preferredLabel" => Some(TextField::Label(LabelType::Preferred)),
        "altLabels" => Some(TextField::Label(LabelType::Alternative)),
        "hiddenLabels" => Some(TextField::Label(LabelType::Hidden)),
        "description" => Some(TextField::Description),
        _ => None,
    }
}

/// Maps the text columns of a header: `preferredLabel` in the file's language, or
/// `preferredLabel_<lang>` in its suffix's.
fn text_columns(file: &CsvFile, file_lang: &str) -> Vec<TextColumn> {
    let mut columns = Vec::new();
    for (index, name) in file.header_names().enumerate() {
        let (base, lang) = match name.rsplit_once('_') {
            Some((base, suffix)) if is_lang_code(suffix) => (base, suffix.to_ascii_lowercase()),
            _ => (name, file_lang.to_string()),
        };
        if let Some(field) = text_field(base) {
            columns.push(TextColumn { index, field, lang });
        }
    }
    columns
}

fn load_concepts(concept_file: &ConceptFile, builder: &mut TaxonomyBuilder) -> Result<()> {
    let mut file = CsvFile::open(&concept_file.path)?;
    let uri_column = file.required_column("conceptUri")?;
    let skill_type_column = file.column("skillType");
    let columns = text_columns(&file, &concept_file.lang);
    let has_preferred = columns
        .iter()
        .any(|c| c.field == TextField::Label(LabelType::Preferred));
    if !has_preferred {
        return Err(TaxonomyError::parse(
            &concept_file.path,
            1,
            "missing column `preferredLabel`",
        ));
    }
    let kind = concept_file.kind;
    let mut record = StringRecord::new();
    while file.read(&mut record)? {
        let uri = file.required_field(&record, uri_column, "conceptUri")?;
        let mut concept = Concept::new(uri, kind);
        if kind == ConceptKind::Skill {
            let skill_type = skill_type_column.map_or("", |column| field(&record, column));
            concept.skill_type = Some(parse_skill_type(skill_type));
        }
        for column in &columns {
            let text = field(&record, column.index);
            match column.field {
                TextField::Label(label_type) => {
                    add_labels(&mut concept, text, &column.lang, label_type)
                }
                TextField::Description => add_description(&mut concept, text, &column.lang),
            }
        }
        if kind == ConceptKind::Occupation {
            drop_group_plurals(&mut concept);
        }
        builder.add(concept);
    }
    Ok(())
}

fn parse_skill_type(text: &str) -> SkillType {
    if text.trim().eq_ignore_ascii_case("knowledge") {
        SkillType::Knowledge
    } else {
        SkillType::Skill
    }
}

/// Adds the labels of a cell, one a line (or `" | "`-separated), splitting French
/// occupations' gender pairs.
fn add_labels(concept: &mut Concept, cell: &str, lang: &str, label_type: LabelType) {
    let split_genders = concept.kind == ConceptKind::Occupation && lang == "fr";
    let texts = cell
        .lines()
        .flat_map(|line| line.split(" | "))
        .map(str::trim);
    for text in texts.filter(|text| !text.is_empty()) {
        let pair = if split_genders {
            french_gender_pair(text)
        } else {
            None
        };
        match pair {
            Some((masculine, feminine)) => {
                concept.add_label(label(masculine, lang, label_type));
                concept.add_label(label(feminine, lang, label_type));
            }
            None => concept.add_label(label(text.to_string(), lang, label_type)),
        }
    }
}

/// Drops the English alternative names of an occupation that are one plural word other
/// than the plural of one of its names: ESCO gives a few jobs the name of a whole group
/// ("cleaners" for the amusement park cleaner, "miners" for the underground heavy
/// equipment operator, "products" for the product assembly inspector), and a CV's
/// "Cleaner" would then be that job. "criminologists" stays with the criminologist.
fn drop_group_plurals(concept: &mut Concept) {
    let names: Vec<String> = concept
        .labels
        .iter()
        .map(|label| label.text.to_lowercase())
        .collect();
    let singular_of = |word: &str| -> Option<String> {
        if word.contains(' ') || word.ends_with("ss") || word.chars().any(char::is_uppercase) {
            return None;
        }
        match word.strip_suffix("ies") {
            Some(stem) => Some(format!("{stem}y")),
            None => word.strip_suffix('s').map(str::to_string),
        }
    };
    concept.labels.retain(|label| {
        if label.lang != "en" || label.label_type != LabelType::Alternative {
            return true;
        }
        match singular_of(&label.text) {
            Some(singular) => names.contains(&singular),
            None => true,
        }
    });
}

fn label(text: String, lang: &str, label_type: LabelType) -> Label {
    Label {
        lang: lang.to_string(),
        text,
        label_type,
    }
}

fn add_description(concept: &mut Concept, text: &str, lang: &str) {
    let text = text.trim();
    if !text.is_empty() && !concept.descriptions.contains_key(lang) {
        concept
            .descriptions
            .insert(lang.to_string(), text.to_string());
    }
}

/// Splits "serveur/serveuse" or "directeur technique/directrice technique" into its
/// masculine and feminine labels; returns `None` when the slash does not separate genders
/// (see the module docs for the rule).
fn french_gender_pair(text: &str) -> Option<(String, String)> {
    let (left, right) = text.split_once('/')?;
    if right.contains('/') || is_quoting(left) {
        return None;
    }
    let (masculine, feminine) = (left.trim(), right.trim());
    let letters = |side: &str| side.chars().filter(|c| c.is_alphabetic()).count();
    if letters(masculine) < 3 || letters(feminine) < 3 {
        return None;
    }
    let feminine_first = feminine.split_whitespace().next()?;
    let anchored = masculine
        .split_whitespace()
        .any(|word| same_stem(word, feminine_first));
    let last_words = masculine
        .split_whitespace()
        .next_back()
        .zip(feminine.split_whitespace().next_back());
    let same_last_word = last_words.is_some_and(|(a, b)| same_stem(a, b));
    if !anchored && !same_last_word {
        return None;
    }
    Some(expand_gender_pair(masculine, feminine))
}

/// Returns whether a quotation opened in `text` is still open at its end.
fn is_quoting(text: &str) -> bool {
    let count = |c: char| text.matches(c).count();
    count('"') % 2 == 1 || count('«') > count('»') || count('“') > count('”')
}

fn load_broader(path: &Path, builder: &mut TaxonomyBuilder) -> Result<()> {
    let mut file = CsvFile::open(path)?;
    let uri_column = file.required_column("conceptUri")?;
    let broader_column = file.required_column("broaderUri")?;
    let mut record = StringRecord::new();
    while file.read(&mut record)? {
        let broader = field(&record, broader_column);
        // ISCO groups and skill groups are not concepts: links to them are dropped here.
        if builder.get_mut(broader).is_some() {
            builder.add_broader(field(&record, uri_column), broader);
        }
    }
    Ok(())
}

fn load_skill_links(path: &Path, builder: &mut TaxonomyBuilder) -> Result<()> {
    let mut file = CsvFile::open(path)?;
    let occupation_column = file.required_column("occupationUri")?;
    let relation_column = file.required_column("relationType")?;
    let skill_column = file.required_column("skillUri")?;
    let mut record = StringRecord::new();
    while file.read(&mut record)? {
        let relation = match field(&record, relation_column).trim() {
            "essential" => Relation::Essential,
            "optional" | "" => Relation::Optional,
            other => return Err(file.error(&record, format!("unknown relationType `{other}`"))),
        };
        builder.add_skill_link(
            field(&record, occupation_column),
            field(&record, skill_column),
            relation,
        );
    }
    Ok(())
}

fn field(record: &StringRecord, column: usize) -> &str {
    record.get(column).unwrap_or("")
}

/// A CSV file with a header row, read one record at a time; shared by the ESCO and ROME
/// importers.
pub(crate) struct CsvFile {
    path: PathBuf,
    reader: csv::Reader<File>,
    headers: StringRecord,
}

impl CsvFile {
    /// Opens a comma-separated, double-quoted file and reads its header row.
    pub(crate) fn open(path: &Path) -> Result<CsvFile> {
        let file = File::open(path).map_err(|err| TaxonomyError::io(path, err))?;
        let mut reader = csv::ReaderBuilder::new()
            .buffer_capacity(1 << 16)
            .from_reader(file);
        let headers = reader
            .headers()
            .map_err(|err| csv_error(path, err))?
            .clone();
        Ok(CsvFile {
            path: path.to_path_buf(),
            reader,
            headers,
        })
    }

    /// Returns the header names, without a byte order mark or surrounding spaces.
    pub(crate) fn header_names(&self) -> impl Iterator<Item = &str> {
        self.headers
            .iter()
            .map(|name| name.trim_start_matches('\u{feff}').trim())
    }

    /// Returns the index of a column.
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.header_names().position(|header| header == name)
    }

    /// Returns the index of a column, or an error naming the file when it is missing.
    pub(crate) fn required_column(&self, name: &str) -> Result<usize> {
        self.column(name)
            .ok_or_else(|| TaxonomyError::parse(&self.path, 1, format!("missing column `{name}`")))
    }

    /// Reads the next record into `record`; returns false at the end of the file.
    pub(crate) fn read(&mut self, record: &mut StringRecord) -> Result<bool> {
        self.reader
            .read_record(record)
            .map_err(|err| csv_error(&self.path, err))
    }

    /// Returns a field that must not be empty, trimmed.
    pub(crate) fn required_field<'r>(
        &self,
        record: &'r StringRecord,
        column: usize,
        name: &str,
    ) -> Result<&'r str> {
        let value = record.get(column).unwrap_or("").trim();
        if value.is_empty() {
            return Err(self.error(record, format!("`{name}` is empty")));
        }
        Ok(value)
    }

    /// Returns a parse error at the line of `record`.
    pub(crate) fn error(&self, record: &StringRecord, message: impl Into<String>) -> TaxonomyError {
        let line = record.position().map_or(0, |position| position.line());
        TaxonomyError::parse(&self.path, line, message)
    }
}

fn csv_error(path: &Path, err: csv::Error) -> TaxonomyError {
    let line = err.position().map_or(0, |position| position.line());
    let message = err.to_string();
    match err.into_kind() {
        csv::ErrorKind::Io(source) => TaxonomyError::io(path, source),
        _ => TaxonomyError::parse(path, line, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;
    use std::collections::HashMap;

    #[test]
    fn a_job_is_not_named_by_its_group() {
        let loaded = |names: &[(&str, LabelType)]| {
            let mut job = Concept::new("job", ConceptKind::Occupation);
            for (text, label_type) in names {
                job.add_label(label(text.to_string(), "en", *label_type));
            }
            drop_group_plurals(&mut job);
            job.labels.into_iter().map(|l| l.text).collect::<Vec<_>>()
        };
        let cleaner = loaded(&[
            ("amusement park cleaner", LabelType::Preferred),
            ("cleaners", LabelType::Alternative),
            ("amusement park janitors", LabelType::Alternative),
        ]);
        assert_eq!(
            cleaner,
            ["amusement park cleaner", "amusement park janitors"]
        );
        // The plural of its own name is a name.
        let actuary = loaded(&[
            ("actuarial consultant", LabelType::Preferred),
            ("actuary", LabelType::Alternative),
            ("actuaries", LabelType::Alternative),
        ]);
        assert_eq!(actuary.len(), 3);
    }

    const DIRECTOR: &str =
        "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34";
    const WAITER: &str = "http://data.europa.eu/esco/occupation/waiter";
    const HEAD_WAITER: &str = "http://data.europa.eu/esco/occupation/head-waiter";
    const STAFF: &str = "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab";
    const SERVICE: &str = "http://data.europa.eu/esco/skill/service";
    const TABLE_SERVICE: &str = "http://data.europa.eu/esco/skill/table-service";
    const TCP_IP: &str = "http://data.europa.eu/esco/skill/tcp-ip";

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/esco")
            .join(name)
    }

    fn load_fixture(name: &str) -> Taxonomy {
        let mut builder = TaxonomyBuilder::new();
        load(&fixture(name), &mut builder).expect("the ESCO fixture loads");
        builder.build()
    }

    fn texts<'c>(concept: &'c Concept, lang: &str, label_type: LabelType) -> Vec<&'c str> {
        let matching = concept
            .labels
            .iter()
            .filter(|l| l.lang == lang && l.label_type == label_type);
        matching.map(|l| l.text.as_str()).collect()
    }

    /// A name as matching tells names apart: normalized, with the symbol it ends with, which
    /// extraction reads apart ("langage C" and "langage C++").
    fn name_key(text: &str) -> String {
        let symbol: String = text
            .chars()
            .rev()
            .take_while(|c| matches!(c, '+' | '#'))
            .collect();
        format!("{}{symbol}", crate::normalize::normalize_label(text))
    }

    #[test]
    fn the_supplement_gives_each_name_to_one_skill_as_a_hidden_label() {
        let mut owners: HashMap<String, String> = HashMap::new();
        for line in SUPPLEMENT.lines().filter(|l| !l.starts_with('#')) {
            let entry: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let id = entry["id"].as_str().expect("an id");
            assert!(id.starts_with("http://data.europa.eu/esco/skill/"), "{id}");
            for label in entry["labels"].as_array().expect("labels") {
                assert_eq!(label["type"], "hidden", "{line}");
                let name = name_key(label["text"].as_str().unwrap());
                let owner = owners.entry(name.clone()).or_insert_with(|| id.to_string());
                assert_eq!(owner, id, "{name:?} names two concepts");
            }
        }
        assert!(owners.len() > 200, "{}", owners.len());
        // Nor does a name of the names files go to another concept.
        for (_, text, file) in NAMES {
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                let entry: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
                let id = entry["id"].as_str().expect("an id");
                for label in entry["labels"].as_array().expect("labels") {
                    let name = name_key(label["text"].as_str().unwrap());
                    if let Some(owner) = owners.get(&name) {
                        assert_eq!(owner, id, "{name:?}: the supplement and {file} disagree");
                    }
                }
            }
        }
    }

    #[test]
    fn the_supplement_names_tools_of_known_concepts_only() {
        let programming = "http://data.europa.eu/esco/skill/21d2f96d-35f7-4e3f-9745-c533d2dd6e97";
        let mut builder = TaxonomyBuilder::new();
        let mut concept = Concept::new(programming, ConceptKind::Skill);
        concept.labels.push(Label {
            lang: "en".into(),
            text: "computer programming".into(),
            label_type: LabelType::Preferred,
        });
        builder.add(concept);
        let added = super::super::jsonl::add_labels_str(
            SUPPLEMENT,
            Path::new(SUPPLEMENT_NAME),
            &mut builder,
        )
        .expect("the supplement parses");
        assert!(added > 0);
        let taxonomy = builder.build();
        assert_eq!(taxonomy.len(), 1, "no concept is created for unknown ids");
        let golang = taxonomy.lookup("golang");
        assert_eq!(golang.len(), 1);
        assert_eq!(golang[0].label_type, LabelType::Hidden);
        assert!(taxonomy.lookup("excel").is_empty());
    }

    #[test]
    fn french_names_come_with_french_files_only() {
        let director = "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34";
        let name = "directeur technique de théâtre";
        let both = load_fixture("package");
        let concept = both
            .get(director)
            .expect("the fixture has the technical director");
        assert!(texts(concept, "fr", LabelType::Hidden).contains(&name));
        let hits = both.lookup(&crate::normalize::normalize_label(name));
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|hit| hit.label_type == LabelType::Hidden));
        let english = load_fixture("package/en");
        let concept = english
            .get(director)
            .expect("the English files have it too");
        assert!(concept.labels.iter().all(|label| label.lang == "en"));
    }

    #[test]
    fn english_names_come_with_english_files_only() {
        let payroll = "http://data.europa.eu/esco/skill/9d916d7c-89b3-4084-a6d9-e2b0b3091404";
        let name = crate::normalize::normalize_label("run payroll");
        let english = load_fixture("package/en");
        let hits = english.lookup(&name);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(english.concept(hits[0].concept).id, payroll);
        assert_eq!(hits[0].label_type, LabelType::Hidden);
        // The name is not shown: the concept's English label is still ESCO's.
        assert_eq!(
            english.concept(hits[0].concept).display_label("en"),
            "manage payroll"
        );
        let french = load_fixture("package/fr");
        assert!(french.lookup(&name).is_empty());
        assert!(french
            .get(DIRECTOR)
            .expect("the French files have the director")
            .labels
            .iter()
            .all(|label| label.lang == "fr"));
    }

    #[test]
    fn names_are_hidden_labels_of_esco_concepts_in_their_file_s_language() {
        for (lang, names, file_name) in NAMES {
            let concepts = check_names(lang, names);
            assert!(concepts > 500, "{file_name}: {concepts} concepts");
        }
    }

    /// Checks one language's names file; returns how many concepts it names.
    fn check_names(lang: &str, names: &str) -> usize {
        let analyzers = crate::Analyzers::build();
        let analysis_lang: crate::Lang = lang.parse().expect("a language Vivier analyses");
        let mut ids = std::collections::HashSet::new();
        let mut owners = std::collections::HashMap::new();
        let mut shared = Vec::new();
        // A word written in capitals is an acronym, which analysis must keep: "IT
        // consulting" would otherwise be a name of plain "consulting".
        let mut dropped_acronyms = Vec::new();
        for line in names
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let concept: Concept = serde_json::from_str(line).expect("a concept a line");
            assert!(
                concept.id.starts_with("http://data.europa.eu/esco/"),
                "{}",
                concept.id
            );
            assert!(ids.insert(concept.id.clone()), "{} twice", concept.id);
            for label in &concept.labels {
                assert_eq!(label.lang, lang, "{line}");
                assert_eq!(label.label_type, LabelType::Hidden, "{line}");
                assert!(!label.text.trim().is_empty(), "{line}");
                let (owner, first) = owners
                    .entry(crate::normalize::normalize_label(&label.text))
                    .or_insert_with(|| (concept.id.clone(), label.text.clone()));
                if *owner != concept.id {
                    shared.push(format!("{first} / {}", label.text));
                }
                let words = analyzers.analyse_all(analysis_lang, &label.text);
                if words.iter().any(|w| {
                    w.is_dropped()
                        && crate::acronyms::is_acronym(&label.text[w.offset_from..w.offset_to])
                }) {
                    dropped_acronyms.push(label.text.clone());
                }
            }
        }
        assert!(shared.is_empty(), "names of two concepts: {shared:?}");
        assert!(
            dropped_acronyms.is_empty(),
            "acronyms analysis drops: {dropped_acronyms:?}"
        );
        ids.len()
    }

    #[test]
    fn recognises_packages() {
        assert!(is_esco_dir(&fixture("package")));
        assert!(is_esco_dir(&fixture("flat")));
        let format = crate::taxonomy::source::detect_format(&fixture("package"));
        assert!(matches!(
            format,
            Ok(crate::taxonomy::source::SourceFormat::Esco)
        ));
        assert!(!is_esco_dir(&fixture("package/relations/missing")));
        assert!(!is_esco_dir(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/rome")
                .as_path()
        ));
        assert_eq!(
            parse_concept_file_name("skills_fr.csv", None),
            Some((ConceptKind::Skill, "fr".into()))
        );
        assert_eq!(
            parse_concept_file_name("occupations.csv", Some("de")),
            Some((ConceptKind::Occupation, "de".into()))
        );
        assert_eq!(
            parse_concept_file_name("skillsHierarchy_en.csv", None),
            None
        );
        assert_eq!(
            parse_concept_file_name("researchOccupationsCollection_en.csv", None),
            None
        );
    }

    #[test]
    fn loads_occupations_with_their_labels() {
        let taxonomy = load_fixture("package");
        let director = taxonomy.get(DIRECTOR).expect("director");
        assert_eq!(director.kind, ConceptKind::Occupation);
        assert_eq!(
            texts(director, "en", LabelType::Preferred),
            ["technical director"]
        );
        assert_eq!(
            texts(director, "en", LabelType::Alternative),
            [
                "technical and operations director",
                "head of technical",
                "director of technical arts"
            ]
        );
        assert_eq!(
            texts(director, "en", LabelType::Hidden),
            ["techn. director"]
        );
        assert_eq!(
            texts(director, "fr", LabelType::Preferred),
            ["directeur technique", "directrice technique"]
        );
        assert_eq!(director.display_label("fr"), "directeur technique");
        assert!(director.descriptions["en"].starts_with("Technical directors realise"));
        assert!(director.descriptions["fr"].starts_with("Les directeurs techniques"));
    }

    #[test]
    fn splits_french_gender_pairs_of_occupations_only() {
        let taxonomy = load_fixture("package");
        let waiter = taxonomy.get(WAITER).expect("waiter");
        assert_eq!(
            texts(waiter, "fr", LabelType::Preferred),
            ["serveur", "serveuse"]
        );
        assert_eq!(
            texts(waiter, "fr", LabelType::Alternative),
            [
                "garçon de café",
                "vendeur en salle",
                "vendeuse en salle",
                "moine/moniale"
            ]
        );
        assert_eq!(
            texts(waiter, "en", LabelType::Alternative),
            ["waitress/waiter"]
        );
        let head_waiter = taxonomy.get(HEAD_WAITER).expect("head waiter");
        assert_eq!(
            texts(head_waiter, "fr", LabelType::Preferred),
            ["maître d’hôtel", "maîtresse d’hôtel"]
        );
        let tcp_ip = taxonomy.get(TCP_IP).expect("tcp/ip");
        assert_eq!(texts(tcp_ip, "fr", LabelType::Preferred), ["suite TCP/IP"]);
    }

    #[test]
    fn reads_official_and_merged_skill_files() {
        let taxonomy = load_fixture("package");
        let staff = taxonomy.get(STAFF).expect("staff");
        assert_eq!(
            (staff.kind, staff.skill_type),
            (ConceptKind::Skill, Some(SkillType::Skill))
        );
        assert_eq!(
            texts(staff, "en", LabelType::Preferred),
            ["manage musical staff"]
        );
        assert_eq!(
            texts(staff, "fr", LabelType::Preferred),
            ["gérer le personnel musical"]
        );
        let service = taxonomy.get(SERVICE).expect("service");
        assert_eq!(service.skill_type, Some(SkillType::Knowledge));
        assert_eq!(
            texts(service, "fr", LabelType::Alternative),
            ["service en salle", "art de la table"]
        );
        assert_eq!(
            service.descriptions["fr"],
            "Les techniques du service des mets et des boissons."
        );
        let table_service = taxonomy.get(TABLE_SERVICE).expect("table service");
        assert_eq!(table_service.skill_type, Some(SkillType::Skill));
        assert!(texts(table_service, "fr", LabelType::Preferred).is_empty());
        assert_eq!(table_service.display_label("fr"), "serve tables");
    }

    #[test]
    fn keeps_links_between_loaded_concepts() {
        let taxonomy = load_fixture("package");
        let head_waiter = taxonomy.get(HEAD_WAITER).expect("head waiter");
        assert_eq!(head_waiter.broader, [WAITER]);
        assert!(taxonomy.get(DIRECTOR).expect("director").broader.is_empty());
        // From fr/broaderRelationsSkillPillar_fr.csv, as relations/ lacks that file.
        assert_eq!(
            taxonomy.get(TABLE_SERVICE).expect("table service").broader,
            [SERVICE]
        );
        assert!(taxonomy.get(SERVICE).expect("service").broader.is_empty());
        let waiter = taxonomy.get(WAITER).expect("waiter");
        let links: Vec<(&str, Relation)> = waiter
            .skills
            .iter()
            .map(|s| (s.id.as_str(), s.relation))
            .collect();
        assert_eq!(
            links,
            [
                (SERVICE, Relation::Essential),
                (TABLE_SERVICE, Relation::Optional)
            ]
        );
    }

    #[test]
    fn reads_the_flat_layout() {
        let taxonomy = load_fixture("flat");
        assert_eq!(taxonomy.len(), 4);
        let waiter = taxonomy.get(WAITER).expect("waiter");
        assert_eq!(waiter.display_label("en"), "waiter");
        assert_eq!(waiter.skills.len(), 2);
        assert_eq!(
            taxonomy.get(HEAD_WAITER).expect("head waiter").broader,
            [WAITER]
        );
    }

    #[test]
    fn recognises_gender_pairs() {
        let pair = |text| french_gender_pair(text);
        let owned = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(pair("serveur/serveuse"), owned("serveur", "serveuse"));
        assert_eq!(
            pair("inspecteur / inspectrice de magasin"),
            owned("inspecteur de magasin", "inspectrice de magasin")
        );
        assert_eq!(
            pair("valet de chambre/femme de chambre"),
            owned("valet de chambre", "femme de chambre")
        );
        assert_eq!(pair("TCP/IP"), None);
        assert_eq!(pair("HTML/CSS"), None);
        assert_eq!(pair("moine/moniale"), None);
        assert_eq!(
            pair("responsable développement/expansion immobilière"),
            None
        );
        assert_eq!(
            pair("chef décorateur/décoratrice spectacle"),
            owned("chef décorateur spectacle", "chef décoratrice spectacle")
        );
        assert_eq!(
            pair("fantassin/femme fantassin"),
            owned("fantassin", "femme fantassin")
        );
        assert_eq!(pair("formateur «FLE/alpha»"), None);
        assert_eq!(
            pair("formatrice \"lutte contre l’illettrisme/français langue étrangère\""),
            None
        );
        assert_eq!(
            pair("chargé de clientèle «entreprises»/chargée de clientèle «entreprises»"),
            owned(
                "chargé de clientèle «entreprises»",
                "chargée de clientèle «entreprises»"
            )
        );
        assert_eq!(pair("a/b/c"), None);
    }

    #[test]
    fn reports_missing_files_and_bad_records() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = load(dir.path(), &mut TaxonomyBuilder::new()).expect_err("empty folder");
        assert!(
            err.to_string().contains("no occupations_<lang>.csv"),
            "{err}"
        );
        let occupations = dir.path().join("occupations_en.csv");
        fs::write(&occupations, "conceptUri,preferredLabel\nu1,a\n,b\n").expect("write");
        let err = load(dir.path(), &mut TaxonomyBuilder::new()).expect_err("empty uri");
        assert!(
            err.to_string()
                .ends_with("occupations_en.csv:3: `conceptUri` is empty"),
            "{err}"
        );
        fs::write(&occupations, "conceptUri,label\nu1,a\n").expect("write");
        let err = load(dir.path(), &mut TaxonomyBuilder::new()).expect_err("no label column");
        assert!(
            err.to_string().contains("missing column `preferredLabel`"),
            "{err}"
        );
        fs::write(&occupations, "conceptUri,preferredLabel\nu1,a,extra\n").expect("write");
        let err = load(dir.path(), &mut TaxonomyBuilder::new()).expect_err("extra field");
        assert!(matches!(err, TaxonomyError::Parse { line: 2, .. }), "{err}");
        fs::write(&occupations, "conceptUri,preferredLabel\nu1,a\n").expect("write");
        let relations = dir.path().join("occupationSkillRelations_en.csv");
        fs::write(
            &relations,
            "occupationUri,relationType,skillUri\nu1,maybe,s1\n",
        )
        .expect("write");
        let err = load(dir.path(), &mut TaxonomyBuilder::new()).expect_err("bad relation");
        assert!(
            err.to_string()
                .ends_with(":2: unknown relationType `maybe`"),
            "{err}"
        );
    }
}
