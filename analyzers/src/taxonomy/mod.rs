//! The skills and occupations taxonomy: concepts, their labels per language, and the links
//! between them; built once from one or more sources, then immutable and shared.
//!
//! Sources are merged in the order given: a concept met again (same id) gains the later
//! source's labels, descriptions and links. Lookups by id and by normalized label are hash
//! lookups; relations are kept in both directions (broader and narrower, occupation to skill
//! and skill to occupations).

pub mod esco;
pub mod jsonl;
pub mod rome;
pub mod source;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::hash::Hasher;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::normalize::normalize_label;

/// Whether a concept is an occupation or a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConceptKind {
    /// A job.
    Occupation,
    /// A skill or a knowledge area.
    Skill,
}

impl ConceptKind {
    /// Returns the wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ConceptKind::Occupation => "occupation",
            ConceptKind::Skill => "skill",
        }
    }
}

impl fmt::Display for ConceptKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of skill a skill concept is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkillType {
    /// Knowledge: a field, a tool, a technology.
    Knowledge,
    /// An ability: something one does.
    Skill,
}

/// How a label names its concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelType {
    /// The main name.
    Preferred,
    /// A synonym, abbreviation or variant.
    Alternative,
    /// A form to recognise but never show (misspellings, outdated names).
    Hidden,
}

/// How much an occupation needs a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Required for the job.
    Essential,
    /// Useful for the job.
    Optional,
}

/// One name of a concept in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// ISO 639-1 language code.
    pub lang: String,
    /// The label as written.
    pub text: String,
    /// Preferred, alternative or hidden.
    #[serde(rename = "type")]
    pub label_type: LabelType,
}

/// A skill an occupation needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillLink {
    /// Id of the skill.
    pub id: String,
    /// Essential or optional.
    pub relation: Relation,
}

/// A concept of the taxonomy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concept {
    /// Stable identifier (an ESCO URI, `rome:...`, or a Vivier id).
    pub id: String,
    /// Occupation or skill.
    pub kind: ConceptKind,
    /// For skills: knowledge or ability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_type: Option<SkillType>,
    /// Names, per language.
    pub labels: Vec<Label>,
    /// Descriptions, per language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub descriptions: BTreeMap<String, String>,
    /// Ids of broader concepts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub broader: Vec<String>,
    /// For occupations: the skills they need.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<SkillLink>,
}

impl Concept {
    /// Creates a concept with no labels or links.
    pub fn new(id: impl Into<String>, kind: ConceptKind) -> Concept {
        Concept {
            id: id.into(),
            kind,
            skill_type: None,
            labels: Vec::new(),
            descriptions: BTreeMap::new(),
            broader: Vec::new(),
            skills: Vec::new(),
        }
    }

    /// Returns the label to show in `lang`: preferred in `lang`, else preferred in English,
    /// else French, else any non-hidden label.
    pub fn display_label(&self, lang: &str) -> &str {
        let preferred = |code: &str| {
            self.labels
                .iter()
                .find(|l| l.lang == code && l.label_type == LabelType::Preferred)
        };
        preferred(lang)
            .or_else(|| preferred("en"))
            .or_else(|| preferred("fr"))
            .or_else(|| {
                self.labels
                    .iter()
                    .find(|l| l.label_type != LabelType::Hidden)
            })
            .or_else(|| self.labels.first())
            .map_or(self.id.as_str(), |l| l.text.as_str())
    }

    fn add_label(&mut self, label: Label) {
        let exists = self
            .labels
            .iter()
            .any(|l| l.lang == label.lang && l.text == label.text);
        if !exists && !label.text.trim().is_empty() {
            self.labels.push(label);
        }
    }

    fn merge(&mut self, other: Concept) {
        if self.skill_type.is_none() {
            self.skill_type = other.skill_type;
        }
        for label in other.labels {
            self.add_label(label);
        }
        for (lang, text) in other.descriptions {
            self.descriptions.entry(lang).or_insert(text);
        }
        for broader in other.broader {
            if !self.broader.contains(&broader) {
                self.broader.push(broader);
            }
        }
        for link in other.skills {
            if !self.skills.iter().any(|s| s.id == link.id) {
                self.skills.push(link);
            }
        }
    }
}

/// Index of a concept inside a [`Taxonomy`].
pub type ConceptIndex = u32;

/// A label as found by a lookup: which concept, how it names it, in which language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelHit {
    /// The concept.
    pub concept: ConceptIndex,
    /// How the label names it.
    pub label_type: LabelType,
    /// Index of the label in the concept's `labels`.
    pub label: u32,
}

/// Collects concepts from sources, then builds a [`Taxonomy`].
#[derive(Debug, Default)]
pub struct TaxonomyBuilder {
    concepts: Vec<Concept>,
    by_id: HashMap<String, usize>,
}

impl TaxonomyBuilder {
    /// Creates an empty builder.
    pub fn new() -> Self {
        TaxonomyBuilder::default()
    }

    /// Adds a concept, merging it into an earlier one with the same id.
    pub fn add(&mut self, concept: Concept) {
        match self.by_id.get(&concept.id) {
            Some(&index) => self.concepts[index].merge(concept),
            None => {
                self.by_id.insert(concept.id.clone(), self.concepts.len());
                self.concepts.push(concept);
            }
        }
    }

    /// The kind of a concept added earlier.
    pub fn kind_of(&self, id: &str) -> Option<ConceptKind> {
        self.by_id.get(id).map(|&index| self.concepts[index].kind)
    }

    /// Returns a concept added earlier, to add labels or links to it.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Concept> {
        self.by_id.get(id).map(|&index| &mut self.concepts[index])
    }

    /// Adds a label to a known concept; returns false when the id is unknown.
    pub fn add_label(&mut self, id: &str, label: Label) -> bool {
        match self.get_mut(id) {
            Some(concept) => {
                concept.add_label(label);
                true
            }
            None => false,
        }
    }

    /// Records that `id` is narrower than `broader`; returns false when `id` is unknown.
    pub fn add_broader(&mut self, id: &str, broader: &str) -> bool {
        match self.get_mut(id) {
            Some(concept) => {
                if !concept.broader.iter().any(|b| b == broader) {
                    concept.broader.push(broader.to_string());
                }
                true
            }
            None => false,
        }
    }

    /// Records that an occupation needs a skill; returns false when the occupation is unknown.
    pub fn add_skill_link(&mut self, occupation: &str, skill: &str, relation: Relation) -> bool {
        match self.get_mut(occupation) {
            Some(concept) => {
                if !concept.skills.iter().any(|s| s.id == skill) {
                    concept.skills.push(SkillLink {
                        id: skill.to_string(),
                        relation,
                    });
                }
                true
            }
            None => false,
        }
    }

    /// Returns the number of concepts so far.
    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    /// Returns whether no concept was added.
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// Builds the immutable taxonomy. Links to ids that no source defined are dropped.
    pub fn build(mut self) -> Taxonomy {
        let known: HashSet<String> = self.by_id.keys().cloned().collect();
        let mut dropped_broader = 0;
        let mut dropped_skills = 0;
        let mut example = None;
        for concept in &mut self.concepts {
            let (broader, skills) = (concept.broader.len(), concept.skills.len());
            concept
                .broader
                .retain(|id| known.contains(id) && *id != concept.id);
            concept.skills.retain(|link| known.contains(&link.id));
            if (broader, skills) != (concept.broader.len(), concept.skills.len()) {
                example.get_or_insert_with(|| concept.id.clone());
            }
            dropped_broader += broader - concept.broader.len();
            dropped_skills += skills - concept.skills.len();
        }
        // A source may link to concepts of a source not loaded (ESCO's relations cover every
        // language's concepts): the links are dropped, and said so.
        if let Some(example) = example {
            tracing::warn!(
                broader = dropped_broader,
                skills = dropped_skills,
                example,
                "links to unknown concepts, or of a concept to itself, ignored"
            );
        }
        Taxonomy::index(self.concepts, self.by_id)
    }
}

/// An immutable, indexed taxonomy.
#[derive(Debug)]
pub struct Taxonomy {
    concepts: Vec<Concept>,
    by_id: HashMap<String, usize>,
    by_label: HashMap<String, Vec<LabelHit>>,
    narrower: Vec<Vec<ConceptIndex>>,
    broader: Vec<Vec<ConceptIndex>>,
    skills: Vec<Vec<(ConceptIndex, Relation)>>,
    needed_by: Vec<Vec<(ConceptIndex, Relation)>>,
    max_label_words: usize,
    /// See [`Taxonomy::fingerprint`]; computed on first use (the CLI's one-off commands never
    /// ask for it).
    fingerprint: OnceLock<u64>,
}

impl Taxonomy {
    fn index(concepts: Vec<Concept>, by_id: HashMap<String, usize>) -> Taxonomy {
        let count = concepts.len();
        let mut by_label: HashMap<String, Vec<LabelHit>> = HashMap::new();
        let mut broader = vec![Vec::new(); count];
        let mut narrower = vec![Vec::new(); count];
        let mut skills = vec![Vec::new(); count];
        let mut needed_by = vec![Vec::new(); count];
        let mut max_label_words = 1;
        for (index, concept) in concepts.iter().enumerate() {
            let concept_index = index as ConceptIndex;
            for (label_index, label) in concept.labels.iter().enumerate() {
                let key = normalize_label(&label.text);
                if key.is_empty() {
                    continue;
                }
                max_label_words = max_label_words.max(key.split(' ').count());
                let hits = by_label.entry(key).or_default();
                let hit = LabelHit {
                    concept: concept_index,
                    label_type: label.label_type,
                    label: label_index as u32,
                };
                // Keep one hit per concept: the most preferred label type.
                match hits.iter_mut().find(|h| h.concept == concept_index) {
                    Some(existing) if existing.label_type > hit.label_type => *existing = hit,
                    Some(_) => {}
                    None => hits.push(hit),
                }
            }
            for parent in &concept.broader {
                if let Some(&parent_index) = by_id.get(parent) {
                    broader[index].push(parent_index as ConceptIndex);
                    narrower[parent_index].push(concept_index);
                }
            }
            for link in &concept.skills {
                if let Some(&skill_index) = by_id.get(&link.id) {
                    skills[index].push((skill_index as ConceptIndex, link.relation));
                    needed_by[skill_index].push((concept_index, link.relation));
                }
            }
        }
        Taxonomy {
            concepts,
            by_id,
            by_label,
            narrower,
            broader,
            skills,
            needed_by,
            max_label_words,
            fingerprint: OnceLock::new(),
        }
    }

    /// A digest of everything concept extraction reads: each concept's id, kind, skill type,
    /// labels, descriptions and links, in order. An index records the fingerprint of the
    /// taxonomy it was tagged with, so that a server running another one can say the index
    /// needs a rebuild. FNV-1a, whose output does not depend on the platform or the Rust
    /// version, so that the same taxonomy gives the same fingerprint on every build.
    pub fn fingerprint(&self) -> u64 {
        *self.fingerprint.get_or_init(|| {
            let mut hasher = fnv::FnvHasher::default();
            // A byte no UTF-8 text holds ends each text: ("ab", "c") is not ("a", "bc").
            let text = |hasher: &mut fnv::FnvHasher, text: &str| {
                hasher.write(text.as_bytes());
                hasher.write_u8(0xff);
            };
            for concept in &self.concepts {
                text(&mut hasher, &concept.id);
                hasher.write_u8(concept.kind as u8);
                hasher.write_u8(concept.skill_type.map_or(0xff, |t| t as u8));
                for label in &concept.labels {
                    text(&mut hasher, &label.lang);
                    text(&mut hasher, &label.text);
                    hasher.write_u8(label.label_type as u8);
                }
                // Tags between the lists: a label is not taken for a description.
                hasher.write_u8(0xfe);
                for (lang, description) in &concept.descriptions {
                    text(&mut hasher, lang);
                    text(&mut hasher, description);
                }
                hasher.write_u8(0xfe);
                for broader in &concept.broader {
                    text(&mut hasher, broader);
                }
                hasher.write_u8(0xfe);
                for link in &concept.skills {
                    text(&mut hasher, &link.id);
                    hasher.write_u8(link.relation as u8);
                }
                hasher.write_u8(0xfd);
            }
            hasher.finish()
        })
    }

    /// Returns the number of concepts.
    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    /// Returns whether the taxonomy is empty.
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// Returns every concept.
    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    /// Returns the concept at an index.
    pub fn concept(&self, index: ConceptIndex) -> &Concept {
        &self.concepts[index as usize]
    }

    /// Returns the index of the concept with this id.
    pub fn index_of(&self, id: &str) -> Option<ConceptIndex> {
        self.by_id.get(id).map(|&i| i as ConceptIndex)
    }

    /// Returns the concept with this id.
    pub fn get(&self, id: &str) -> Option<&Concept> {
        self.by_id.get(id).map(|&i| &self.concepts[i])
    }

    /// Returns the concepts having a label that normalizes to `normalized`
    /// (see [`normalize_label`]).
    pub fn lookup(&self, normalized: &str) -> &[LabelHit] {
        self.by_label.get(normalized).map_or(&[], Vec::as_slice)
    }

    /// Returns every normalized label with its concepts.
    pub fn labels(&self) -> impl Iterator<Item = (&str, &[LabelHit])> {
        self.by_label
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Returns the most words a label has once normalized.
    pub fn max_label_words(&self) -> usize {
        self.max_label_words
    }

    /// Returns the broader concepts of a concept.
    pub fn broader(&self, index: ConceptIndex) -> &[ConceptIndex] {
        &self.broader[index as usize]
    }

    /// Returns the narrower concepts of a concept.
    pub fn narrower(&self, index: ConceptIndex) -> &[ConceptIndex] {
        &self.narrower[index as usize]
    }

    /// Returns the skills an occupation needs, its own or, when it has none, those of its
    /// nearest broader occupation (a ROME appellation inherits its métier's skills).
    pub fn skills_of(&self, index: ConceptIndex) -> &[(ConceptIndex, Relation)] {
        let mut current = index;
        for _ in 0..4 {
            let own = &self.skills[current as usize];
            if !own.is_empty() {
                return own;
            }
            match self.broader[current as usize].first() {
                Some(&parent) => current = parent,
                None => break,
            }
        }
        &[]
    }

    /// Returns the occupations that need a skill.
    pub fn needed_by(&self, index: ConceptIndex) -> &[(ConceptIndex, Relation)] {
        &self.needed_by[index as usize]
    }

    /// Returns the normalized labels shared by several concepts, with their concepts,
    /// most shared first.
    pub fn ambiguous_labels(&self) -> Vec<(&str, Vec<&Concept>)> {
        let mut shared: Vec<(&str, Vec<&Concept>)> = self
            .by_label
            .iter()
            .filter(|(_, hits)| hits.len() > 1)
            .map(|(label, hits)| {
                let concepts = hits.iter().map(|h| self.concept(h.concept)).collect();
                (label.as_str(), concepts)
            })
            .collect();
        shared.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(lang: &str, text: &str, label_type: LabelType) -> Label {
        Label {
            lang: lang.into(),
            text: text.into(),
            label_type,
        }
    }

    fn sample() -> Taxonomy {
        let mut builder = TaxonomyBuilder::new();
        let mut waiter = Concept::new("occ/waiter", ConceptKind::Occupation);
        waiter
            .labels
            .push(label("fr", "serveur", LabelType::Preferred));
        waiter
            .labels
            .push(label("fr", "serveuse", LabelType::Alternative));
        waiter.skills.push(SkillLink {
            id: "skill/service".into(),
            relation: Relation::Essential,
        });
        waiter.skills.push(SkillLink {
            id: "skill/missing".into(),
            relation: Relation::Optional,
        });
        builder.add(waiter);
        let mut service = Concept::new("skill/service", ConceptKind::Skill);
        service
            .labels
            .push(label("fr", "service en salle", LabelType::Preferred));
        service.broader.push("skill/hospitality".into());
        builder.add(service);
        let mut hospitality = Concept::new("skill/hospitality", ConceptKind::Skill);
        hospitality
            .labels
            .push(label("en", "hospitality", LabelType::Preferred));
        builder.add(hospitality);
        let mut server = Concept::new("skill/server", ConceptKind::Skill);
        server
            .labels
            .push(label("fr", "serveurs", LabelType::Hidden));
        builder.add(server);
        // Merge: a later source adds an English label to the waiter.
        let mut again = Concept::new("occ/waiter", ConceptKind::Occupation);
        again
            .labels
            .push(label("en", "waiter", LabelType::Preferred));
        builder.add(again);
        builder.build()
    }

    #[test]
    fn the_fingerprint_follows_what_extraction_reads() {
        let fingerprint = sample().fingerprint();
        assert_eq!(sample().fingerprint(), fingerprint, "deterministic");
        let rebuilt = |change: fn(&mut Concept)| {
            let mut concepts = sample().concepts;
            change(&mut concepts[0]);
            let mut builder = TaxonomyBuilder::new();
            concepts.into_iter().for_each(|c| builder.add(c));
            builder.build().fingerprint()
        };
        assert_eq!(
            rebuilt(|_| {}),
            fingerprint,
            "the same concepts, built again"
        );
        let changes: [fn(&mut Concept); 4] = [
            |c| c.labels[0].text.push('s'),
            |c| c.labels[0].label_type = LabelType::Hidden,
            |c| {
                c.descriptions.insert("fr".into(), "sert en salle".into());
            },
            |c| c.skills[0].relation = Relation::Optional,
        ];
        for (n, change) in changes.into_iter().enumerate() {
            assert_ne!(rebuilt(change), fingerprint, "change {n}");
        }
    }

    #[test]
    fn merges_sources_and_drops_dangling_links() {
        let taxonomy = sample();
        assert_eq!(taxonomy.len(), 4);
        let waiter = taxonomy.get("occ/waiter").expect("waiter");
        assert_eq!(waiter.labels.len(), 3);
        assert_eq!(waiter.skills.len(), 1);
        assert_eq!(waiter.display_label("en"), "waiter");
        assert_eq!(waiter.display_label("de"), "waiter");
        assert_eq!(waiter.display_label("fr"), "serveur");
    }

    #[test]
    fn finds_concepts_by_normalized_label() {
        let taxonomy = sample();
        let hits = taxonomy.lookup(&normalize_label("Serveuses"));
        assert_eq!(hits.len(), 2);
        let waiter = taxonomy.index_of("occ/waiter").expect("waiter");
        let waiter_hit = hits
            .iter()
            .find(|h| h.concept == waiter)
            .expect("waiter hit");
        assert_eq!(waiter_hit.label_type, LabelType::Preferred);
        assert_eq!(taxonomy.ambiguous_labels()[0].0, "serveur");
        assert_eq!(taxonomy.max_label_words(), 3);
    }

    #[test]
    fn relations_work_both_ways() {
        let taxonomy = sample();
        let waiter = taxonomy.index_of("occ/waiter").expect("waiter");
        let service = taxonomy.index_of("skill/service").expect("service");
        let hospitality = taxonomy.index_of("skill/hospitality").expect("hospitality");
        assert_eq!(
            taxonomy.skills_of(waiter),
            &[(service, Relation::Essential)]
        );
        assert_eq!(
            taxonomy.needed_by(service),
            &[(waiter, Relation::Essential)]
        );
        assert_eq!(taxonomy.broader(service), &[hospitality]);
        assert_eq!(taxonomy.narrower(hospitality), &[service]);
    }
}
