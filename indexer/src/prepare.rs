//! Turning a validated CV or offer into a tantivy document: language, analysed text, filter
//! and facet values, and the original JSON kept for rebuilds.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{json, Value};
use tantivy::schema::Field;
use tantivy::{DateTime, TantivyDocument};
use time::OffsetDateTime;
use vivier_analyzers::concepts::{ConceptExtractor, FieldRole, FieldText};
use vivier_analyzers::encoded::encode;
use vivier_analyzers::taxonomy::ConceptKind;
use vivier_analyzers::{detect, AnalysedWord, Analyzers, Lang};
use vivier_schema::document::{LanguageSkill, Location};
use vivier_schema::validate::parse_timestamp;
use vivier_schema::{id_hash, AnyDocument, CollectionSchema, Cv, Offer, Rules, TEXT_TOKENIZER};

use crate::error::{IndexerError, Result};
use crate::stamp::BuildStamp;

/// A document ready for the index writer.
#[derive(Debug)]
pub struct PreparedDoc {
    /// Caller-given id.
    pub id: String,
    /// Language the text was analysed in.
    pub lang: Lang,
    /// The tantivy document.
    pub doc: TantivyDocument,
    /// The validated original, as logged and stored.
    pub source: Value,
}

/// Builds tantivy documents for one collection.
#[derive(Clone)]
pub struct DocumentPreparer {
    fields: CollectionSchema,
    analyzers: Analyzers,
    default_lang: Lang,
    concepts: Option<Arc<ConceptExtractor>>,
}

/// Only the start of a long document is needed to tell its language (whatlang's accuracy
/// is flat past a few hundred characters, its cost linear).
const DETECTION_SAMPLE_BYTES: usize = 600;

impl DocumentPreparer {
    /// Creates a preparer for the collection whose fields are given; with an extractor,
    /// documents are also tagged with the skills and occupations they mention.
    pub fn new(
        fields: CollectionSchema,
        analyzers: Analyzers,
        default_lang: Lang,
        concepts: Option<Arc<ConceptExtractor>>,
    ) -> Self {
        DocumentPreparer {
            fields,
            analyzers,
            default_lang,
            concepts,
        }
    }

    /// Registers the analyzers in an index's tokenizer manager (see [`TEXT_TOKENIZER`]).
    pub fn register_tokenizers(&self, manager: &tantivy::tokenizer::TokenizerManager) {
        self.analyzers.register(manager, TEXT_TOKENIZER);
    }

    /// What this preparer makes of documents: the analysis version, the default language
    /// and the taxonomy (see [`BuildStamp`]).
    pub fn build_stamp(&self) -> BuildStamp {
        BuildStamp::current(
            self.default_lang.code(),
            self.concepts
                .as_ref()
                .map(|concepts| concepts.taxonomy().fingerprint()),
        )
    }

    /// Returns the concept extractor, if documents are tagged.
    pub fn concepts(&self) -> Option<&Arc<ConceptExtractor>> {
        self.concepts.as_ref()
    }

    /// Returns the collection's fields.
    pub fn fields(&self) -> &CollectionSchema {
        &self.fields
    }

    /// Validates one JSON line being written and prepares it.
    pub fn prepare_json(&self, line: &str) -> Result<PreparedDoc> {
        self.prepare_json_with(line, Rules::Write)
    }

    /// Validates one JSON line against `rules` and prepares it.
    pub fn prepare_json_with(&self, line: &str, rules: Rules) -> Result<PreparedDoc> {
        let value: Value = serde_json::from_str(line)?;
        self.prepare_value_with(value, rules)
    }

    /// Validates a JSON value being written and prepares it.
    pub fn prepare_value(&self, value: Value) -> Result<PreparedDoc> {
        self.prepare_value_with(value, Rules::Write)
    }

    /// Validates a JSON value against `rules` (a stored document is read with
    /// [`Rules::Stored`]) and prepares it.
    pub fn prepare_value_with(&self, value: Value, rules: Rules) -> Result<PreparedDoc> {
        let document = vivier_schema::validate_with(self.fields.collection, &value, rules)
            .map_err(IndexerError::Invalid)?;
        Ok(self.prepare(&document, value))
    }

    /// Prepares a validated document; `source` is the JSON it was validated from.
    pub fn prepare(&self, document: &AnyDocument, source: Value) -> PreparedDoc {
        let texts = field_texts(document);
        let lang = self.language_of(document, &texts);
        let f = &self.fields;
        let mut doc = TantivyDocument::new();
        doc.add_text(f.id, document.id());
        doc.add_u64(f.id_hash, id_hash(document.id()));
        doc.add_bytes(f.source, &serde_json::to_vec(&source).unwrap_or_default());
        doc.add_text(f.lang, lang.code());
        // Each text is analysed once, for its field's postings and for concept extraction.
        let analysed: Vec<Vec<AnalysedWord>> = texts
            .iter()
            .map(|(_, text)| self.analyzers.analyse_all(lang, text))
            .collect();
        match document {
            AnyDocument::Cv(cv) => self.add_cv_values(&mut doc, cv),
            AnyDocument::Offer(offer) => self.add_offer_values(&mut doc, offer),
        }
        if let Some(extractor) = &self.concepts {
            let mentions = concept_mentions(extractor, &texts, Some(&analysed), lang);
            self.add_concepts(&mut doc, mentions);
        }
        for ((name, _), tokens) in texts.iter().zip(&analysed) {
            if let Some(text_field) = f.text_field(name) {
                doc.add_text(text_field.field, encode(tokens));
            }
        }
        PreparedDoc {
            id: document.id().to_string(),
            lang,
            doc,
            source,
        }
    }

    /// Returns the concept mentions of a document as JSON, one object per mention:
    /// `{"id", "field", "value", "start", "end", "confidence"}` (`value`: which value of a
    /// multi-valued field; `start`/`end`: character offsets in it, as `POST
    /// /taxonomy/extract` gives them). Empty without a taxonomy.
    /// Explanations and matching compute them on demand rather than storing them: they
    /// would double the index size.
    pub fn mentions(&self, document: &AnyDocument) -> Vec<Value> {
        let Some(extractor) = &self.concepts else {
            return Vec::new();
        };
        let texts = field_texts(document);
        let lang = self.language_of(document, &texts);
        concept_mentions(extractor, &texts, None, lang)
            .into_iter()
            .map(|m| {
                // Offsets in characters, for clients that count them (JavaScript, Python).
                let text = texts
                    .iter()
                    .filter(|(name, _)| *name == m.field)
                    .nth(m.value)
                    .map_or("", |(_, text)| text);
                let chars =
                    |byte: usize| text.get(..byte).map_or(byte, |head| head.chars().count());
                json!({
                    "id": m.id,
                    "field": m.field,
                    "value": m.value,
                    "start": chars(m.start),
                    "end": chars(m.end),
                    "confidence": (m.confidence * 1000.0).round() / 1000.0,
                })
            })
            .collect()
    }

    /// Tags the document with the concepts its text mentions, weighted by confidence and by
    /// the kind of evidence: declared skill 1.0, title 0.9, free text 0.6.
    fn add_concepts(&self, doc: &mut TantivyDocument, mentions: Vec<ConceptMention>) {
        let mut weights: BTreeMap<(ConceptKind, String), f32> = BTreeMap::new();
        for mention in mentions {
            let weight = weights.entry((mention.kind, mention.id)).or_insert(0.0);
            // The best evidence counts, and each further mention adds a little.
            *weight = (weight.max(mention.confidence * mention.evidence)
                + if *weight > 0.0 { 0.1 } else { 0.0 })
            .min(1.0);
        }
        let f = &self.fields;
        for ((kind, id), weight) in &weights {
            let (ids_field, weights_field) = match kind {
                ConceptKind::Skill => (f.skill_ids, f.skill_weights),
                ConceptKind::Occupation => (f.occupation_ids, f.occupation_weights),
            };
            doc.add_text(ids_field, id.as_str());
            // The id once per unit of weight: each value is one raw token, so the term
            // frequency is the weight (a pre-tokenized value would cost a JSON round trip
            // in tantivy's document).
            let repeats = 1 + (weight * 9.0).round() as usize;
            for _ in 0..repeats {
                doc.add_text(weights_field, id.as_str());
            }
        }
    }

    fn language_of(&self, document: &AnyDocument, texts: &[(&'static str, &str)]) -> Lang {
        let explicit = match document {
            AnyDocument::Cv(cv) => cv.lang.as_deref(),
            AnyDocument::Offer(offer) => offer.lang.as_deref(),
        };
        if let Some(lang) = explicit.and_then(|code| code.parse().ok()) {
            return lang;
        }
        // Prose first: sentences tell a language by their function words alone, where
        // titles and lists of skills need whatlang's statistics.
        let is_prose = |name: &str| matches!(name, "summary" | "description");
        let prose = texts.iter().filter(|(name, _)| is_prose(name));
        let others = texts.iter().filter(|(name, _)| !is_prose(name));
        let mut sample = String::new();
        for (_, text) in prose.chain(others) {
            if sample.len() >= DETECTION_SAMPLE_BYTES {
                break;
            }
            let room = DETECTION_SAMPLE_BYTES - sample.len();
            let mut end = text.len().min(room);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            sample.push_str(&text[..end]);
            sample.push_str(". ");
        }
        detect(&sample, self.default_lang).lang
    }

    fn add_cv_values(&self, doc: &mut TantivyDocument, cv: &Cv) {
        let f = &self.fields;
        add_date(doc, f.updated_at, cv.updated_at.as_deref());
        add_location(doc, f, cv.location.as_ref());
        for contract in &cv.contract_types {
            doc.add_text(f.contract_types, contract.as_str());
        }
        add_languages(doc, f.languages, &cv.languages);
        if let Some(years) = cv.years_experience {
            doc.add_f64(f.years_experience, years);
        }
        if let (Some(field), Some(km)) = (f.mobility_km, cv.mobility_km) {
            doc.add_f64(field, km);
        }
    }

    fn add_offer_values(&self, doc: &mut TantivyDocument, offer: &Offer) {
        let f = &self.fields;
        add_date(
            doc,
            f.updated_at,
            offer
                .updated_at
                .as_deref()
                .or(offer.published_at.as_deref()),
        );
        add_location(doc, f, offer.location.as_ref());
        if let Some(contract) = offer.contract_type {
            doc.add_text(f.contract_types, contract.as_str());
        }
        add_languages(doc, f.languages, &offer.languages);
        if let Some(years) = offer.experience_years_min {
            doc.add_f64(f.years_experience, years);
        }
        if let Some(salary) = &offer.salary {
            let (min, max) = salary.yearly_range();
            // An offer giving one bound is taken as paying exactly that.
            let (min, max) = (min.or(max), max.or(min));
            if let (Some(field), Some(min)) = (f.salary_min, min) {
                doc.add_f64(field, min);
            }
            if let (Some(field), Some(max)) = (f.salary_max, max) {
                doc.add_f64(field, max);
            }
        }
    }
}

/// Returns the searchable text of a document as `(field name, text)` pairs, in the field
/// names of the collection's schema. Indexing and highlighting both read text through this
/// one function, so a highlight always shows the text that was indexed.
pub fn field_texts(document: &AnyDocument) -> Vec<(&'static str, &str)> {
    let mut texts = Vec::new();
    match document {
        AnyDocument::Cv(cv) => {
            texts.extend(cv.headline.as_deref().map(|t| ("headline", t)));
            for experience in &cv.experiences {
                texts.extend(experience.title.as_deref().map(|t| ("title", t)));
            }
            texts.extend(cv.skills.iter().map(|t| ("skills", t.as_str())));
            texts.extend(cv.summary.as_deref().map(|t| ("summary", t)));
            for experience in &cv.experiences {
                texts.extend(
                    experience
                        .description
                        .as_deref()
                        .map(|t| ("description", t)),
                );
                texts.extend(experience.employer.as_deref().map(|t| ("employer", t)));
            }
            for education in &cv.education {
                texts.extend(education.degree.as_deref().map(|t| ("education", t)));
                texts.extend(education.school.as_deref().map(|t| ("education", t)));
            }
        }
        AnyDocument::Offer(offer) => {
            texts.extend(offer.title.as_deref().map(|t| ("title", t)));
            let skills = offer.skills_required.iter().chain(&offer.skills_optional);
            texts.extend(skills.map(|t| ("skills", t.as_str())));
            texts.extend(offer.description.as_deref().map(|t| ("description", t)));
            let employer = offer.employer.as_ref().and_then(|e| e.name.as_deref());
            texts.extend(employer.map(|t| ("employer", t)));
        }
    }
    texts
}

fn add_date(doc: &mut TantivyDocument, field: Field, timestamp: Option<&str>) {
    // A document without a timestamp counts as updated when it was indexed.
    let when = timestamp
        .and_then(parse_timestamp)
        .unwrap_or_else(OffsetDateTime::now_utc);
    doc.add_date(field, DateTime::from_utc(when));
}

fn add_location(doc: &mut TantivyDocument, fields: &CollectionSchema, location: Option<&Location>) {
    let Some(location) = location else {
        return;
    };
    if let Some(city) = &location.city {
        doc.add_text(fields.city, city);
    }
    if let Some(postal_code) = &location.postal_code {
        doc.add_text(fields.postal_code, postal_code);
    }
    let point = match (location.lat, location.lon) {
        (Some(lat), Some(lon)) => Some((lat, lon)),
        // A French postal code alone still places the document.
        _ => location
            .postal_code
            .as_deref()
            .and_then(vivier_schema::geo::postal_code_point)
            .map(|p| (p.lat, p.lon)),
    };
    if let Some((lat, lon)) = point {
        doc.add_f64(fields.lat, lat);
        doc.add_f64(fields.lon, lon);
    }
}

fn add_languages(doc: &mut TantivyDocument, field: Field, languages: &[LanguageSkill]) {
    for language in languages {
        doc.add_text(field, &language.code);
    }
}

/// A concept found in a document's text, with where and how strongly.
struct ConceptMention {
    kind: ConceptKind,
    id: String,
    field: &'static str,
    value: usize,
    start: usize,
    end: usize,
    confidence: f32,
    /// Weight of the kind of evidence: declared skill 1.0, title 0.9, free text 0.6.
    evidence: f32,
}

/// Extracts the concepts of a document's texts; `analysed` holds each text's words in
/// `lang` (dropped words included) when the caller already has them.
fn concept_mentions(
    extractor: &ConceptExtractor,
    texts: &[(&'static str, &str)],
    analysed: Option<&[Vec<AnalysedWord>]>,
    lang: Lang,
) -> Vec<ConceptMention> {
    let roles: Vec<(usize, FieldText<'_>)> = texts
        .iter()
        .enumerate()
        .filter_map(|(i, (name, text))| {
            role_of(name).map(|role| {
                let field = FieldText {
                    role,
                    text,
                    analysed: analysed.map(|tokens| tokens[i].as_slice()),
                };
                (i, field)
            })
        })
        .collect();
    let fields: Vec<FieldText<'_>> = roles.iter().map(|(_, f)| *f).collect();
    let mentions = extractor.extract(&fields, lang.code());
    let taxonomy = extractor.taxonomy();
    let mut value_numbers: Vec<usize> = Vec::with_capacity(texts.len());
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, _) in texts {
        let counter = seen.entry(name).or_insert(0);
        value_numbers.push(*counter);
        *counter += 1;
    }
    mentions
        .iter()
        .map(|mention| {
            let concept = taxonomy.concept(mention.concept);
            let (text_index, field) = roles[mention.field];
            ConceptMention {
                kind: concept.kind,
                id: concept.id.clone(),
                field: texts[text_index].0,
                value: value_numbers[text_index],
                start: mention.start,
                end: mention.end,
                confidence: mention.confidence,
                evidence: match field.role {
                    FieldRole::DeclaredSkill => 1.0,
                    FieldRole::Title => 0.9,
                    FieldRole::Text => 0.6,
                },
            }
        })
        .collect()
}

/// What a searchable field says about the concepts it mentions; `None`: not scanned.
fn role_of(field: &str) -> Option<FieldRole> {
    match field {
        "headline" | "title" => Some(FieldRole::Title),
        "skills" => Some(FieldRole::DeclaredSkill),
        "summary" | "description" => Some(FieldRole::Text),
        _ => None,
    }
}
