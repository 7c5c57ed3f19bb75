//! `vivier relevance`: ranking quality on a generated corpus with known ground truth.
//!
//! CVs are generated (`vivier gen`), indexed with concept tagging, and each one's ground
//! truth is known. Judged queries are built from the same truth, and each runs three ways:
//! text only (the words, plain BM25: [`SearchRequest::words_only`], no concept expansion),
//! skills only (the concepts, no words), and hybrid (both, as the API ranks them). Reported:
//! nDCG@10 (gains 3 and 1 for grades 2 and 1) and recall@100 of grade-2 CVs, per query kind
//! and system, and the cross-lingual recall of French skill queries on English CVs relative
//! to French ones.
//!
//! Two corpora ([`Corpus`]):
//! - built-in ([`gen::cv`]): the generator's occupation profiles. Five queries per profile:
//!   a job title as words (keyword) and as a quoted phrase (phrase), three of its skills
//!   (skill), title and skills together (mixed),
//!   plus the generated offers (matching). A CV drawn from the query's profile is relevant
//!   (grade 2), one from the same sector partly (grade 1). Documents repeat the profile's
//!   words, so words alone already rank well.
//! - taxonomy ([`gen::TaxonomyModel`], e.g. ESCO): documents carry varied labels of their
//!   concepts (alternative labels, feminine titles, and French or English), which only
//!   concept resolution connects. For each of the [`OCCUPATIONS`] most frequent occupations
//!   (with CVs in the corpus), in French or, one in four, English: a keyword query (its first
//!   preferred title) and the same title as a quoted phrase, two skill queries (one to three of its essential skills, named by
//!   their preferred labels, the sizes varying from one occupation to the next, redrawn
//!   when no CV has them all), a mixed query (the title and the larger skill query); plus
//!   the generated offers. Judgments come from the truth files only, never from the text:
//!   see [`skill_grade`], [`offer_grade`] and [`Judge`].
//!
//! Real postings (`--postings`, SkillSpan's CoNLL files: English job postings whose skill
//! and knowledge spans were annotated by others) add a kind of query: a passage of
//! [`PASSAGE_SENTENCES`] consecutive sentences, pasted as a recruiter would paste an offer.
//! Text-only runs its words as a disjunction (BM25, the "more like this" baseline), skills
//! only the skills Vivier extracts from it, hybrid both. The judgment never uses Vivier's
//! extraction: the passage asks for the skills its annotated spans name exactly (a span
//! written as an English skill label of the taxonomy, of one concept only), and a CV is
//! graded by [`posting_grade`] of those against its truth.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rand::seq::IndexedRandom;
use serde::Serialize;
use vivier_analyzers::normalize::normalize_label;
use vivier_analyzers::taxonomy::{ConceptKind, LabelType, Taxonomy};
use vivier_analyzers::{Analyzers, Lang};
use vivier_indexer::{bulk_index, BulkOptions, BulkProgress, CollectionIndex};
use vivier_schema::Collection;

use crate::concepts::Concepts;
use crate::eval::spans::{Sentence, POSTINGS_LANG};
use crate::gen::{self, SplitMix64, TaxonomyModel, Truth};
use crate::search::hybrid::{Ranking, SkillRequest};
use crate::search::matching::{match_request, MatchOptions};
use crate::search::{search, SearchRequest, MAX_LIMIT};

/// Occupations the taxonomy corpus builds queries for, the most frequent first.
pub const OCCUPATIONS: usize = 66;

/// Draws of a skill query's skills before giving up on finding one that some CV meets.
const SKILL_DRAWS: u64 = 20;

/// Random stream of the taxonomy queries (beside the generator's CV and offer streams).
const QUERY_STREAM: u64 = 0x5245_4c45;

/// Sentences of a real posting passage: a section of an offer (a few lines of duties or
/// requirements), long enough to name several skills.
pub const PASSAGE_SENTENCES: usize = 4;

/// Skills a passage must name exactly (in its annotated spans) to be a query.
const PASSAGE_MIN_SKILLS: usize = 2;

/// Words of a passage kept for its text query, in order of appearance.
const PASSAGE_MAX_WORDS: usize = 64;

/// Skills extracted from a passage requested by the skills and hybrid systems, the most
/// confident first.
const PASSAGE_MAX_SKILLS: usize = 12;

/// Which generator makes the corpus and its judged queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Corpus {
    /// The built-in occupation profiles (`gen::cv`).
    Builtin,
    /// The occupations of the loaded taxonomy (`gen::TaxonomyModel`).
    Taxonomy,
}

/// Scores of one system on one kind of query.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Queries run.
    pub queries: usize,
    /// Mean nDCG@10.
    pub ndcg_at_10: f64,
    /// Mean recall@100 of grade-2 documents (out of at most 100).
    pub recall_at_100: f64,
}

/// Scores of one query, per system.
#[derive(Debug, Clone, Serialize)]
pub struct QueryScores {
    /// Query kind.
    pub kind: &'static str,
    /// Language the query is written in.
    pub lang: &'static str,
    /// What it asks (the hybrid's words).
    pub query: String,
    /// Grade-2 CVs in the corpus.
    pub relevant: usize,
    /// Grade-1 CVs in the corpus.
    pub partial: usize,
    /// system, nDCG@10, recall@100.
    pub systems: Vec<(&'static str, f64, f64)>,
}

/// The whole report.
#[derive(Debug, Default, Serialize)]
pub struct RelevanceReport {
    /// CVs indexed.
    pub cvs: u64,
    /// kind -> system -> scores.
    pub by_kind: Vec<(String, Vec<(String, Scores)>)>,
    /// Recall@100 of French skill queries on English CVs over that on French CVs (hybrid).
    pub cross_lingual_ratio: f64,
    /// Every query run, in order.
    pub queries: Vec<QueryScores>,
}

/// How the CVs of a query are graded, from their ground truth.
#[derive(Debug, Clone, PartialEq)]
pub enum Judge {
    /// Built-in corpus: a CV of the query's occupation profile 2, of its sector 1.
    Profile {
        /// Profile key.
        occupation: String,
        /// Its sector.
        sector: String,
    },
    /// Taxonomy keyword and mixed queries: a CV of the occupation 2, of an occupation
    /// broader or narrower than it in the taxonomy 1.
    Occupation {
        /// Occupation id.
        id: String,
        /// Ids of its broader and narrower occupations.
        related: Vec<String>,
    },
    /// Taxonomy skill queries: [`skill_grade`] of the requested skill ids.
    Skills(Vec<String>),
    /// Real postings: [`posting_grade`] of the skills the annotations name.
    Posting(Vec<String>),
    /// Taxonomy matching: [`offer_grade`] of the offer's occupation and skill ids.
    Offer {
        /// The offer's occupation id.
        occupation: String,
        /// The offer's skill ids (required and optional).
        skill_ids: Vec<String>,
    },
}

impl Judge {
    /// Grade of a CV: 2 relevant, 1 partly, 0 not.
    pub fn grade(&self, truth: &Truth) -> u32 {
        match self {
            Judge::Profile { occupation, sector } => {
                if truth.occupation == *occupation {
                    2
                } else if truth.sector == *sector {
                    1
                } else {
                    0
                }
            }
            Judge::Occupation { id, related } => {
                if truth.occupation == *id {
                    2
                } else if related.contains(&truth.occupation) {
                    1
                } else {
                    0
                }
            }
            Judge::Skills(requested) => skill_grade(requested, &truth.skill_ids),
            Judge::Posting(asked) => posting_grade(asked, &truth.skill_ids),
            Judge::Offer {
                occupation,
                skill_ids,
            } => offer_grade(occupation, skill_ids, truth),
        }
    }
}

/// Grade of a CV having skills `has` for a query asking skills `requested`: 2 if it has
/// them all, 1 if it has at least half of them (one of two, two of three), else 0. A recruiter
/// asking for three skills takes a candidate with two as worth a look, not one with a
/// single one.
pub fn skill_grade(requested: &[String], has: &[String]) -> u32 {
    let found = requested.iter().filter(|id| has.contains(id)).count();
    if found == 0 {
        0
    } else if found == requested.len() {
        2
    } else if 2 * found >= requested.len() {
        1
    } else {
        0
    }
}

/// Grade of a CV having skills `has` for a real posting's passage naming skills `asked`:
/// 2 if it has at least half of them, 1 if it has one (fewer than half), else 0. A posting
/// lists what it wishes for, required and nice to have alike: a candidate with half of it
/// is worth a call.
pub fn posting_grade(asked: &[String], has: &[String]) -> u32 {
    let found = asked.iter().filter(|id| has.contains(id)).count();
    if found == 0 {
        0
    } else if 2 * found >= asked.len() {
        2
    } else {
        1
    }
}

/// Grade of a CV for an offer of `occupation` asking skills `skill_ids`: 2 if the CV is of
/// the offer's occupation and has at least one of its skills (the right trade, with some of
/// what is asked); 1 if it is of that occupation without any of them, or of another
/// occupation with at least half of them (someone from a neighbouring trade who can do most
/// of the job); else 0.
pub fn offer_grade(occupation: &str, skill_ids: &[String], truth: &Truth) -> u32 {
    let shared = skill_ids
        .iter()
        .filter(|id| truth.skill_ids.contains(id))
        .count();
    if truth.occupation == occupation {
        if shared > 0 {
            2
        } else {
            1
        }
    } else if shared > 0 && 2 * shared >= skill_ids.len() {
        1
    } else {
        0
    }
}

/// One judged query: how to grade CVs, and its request for each system.
struct Judged {
    kind: &'static str,
    lang: &'static str,
    judge: Judge,
    systems: Vec<(&'static str, SearchRequest)>,
    /// A French skill query: also measures English CVs apart (cross-lingual check).
    cross_lingual: bool,
}

/// CVs of each grade for a query.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    relevant: usize,
    partial: usize,
    relevant_en: usize,
}

fn count_grades<'a>(judge: &Judge, truths: impl Iterator<Item = &'a Truth>) -> Counts {
    let mut counts = Counts::default();
    for truth in truths {
        match judge.grade(truth) {
            2 => {
                counts.relevant += 1;
                if truth.lang == "en" {
                    counts.relevant_en += 1;
                }
            }
            1 => counts.partial += 1,
            _ => {}
        }
    }
    counts
}

/// Depth of the ranking read to find each language's first 100 CVs.
const CROSS_LINGUAL_DEPTH: usize = 1_000;

/// Recall@100 of a (French) query among English CVs and among the others, each language
/// ranked apart: the first 100 CVs of that language in the query's ranking, against the
/// grade-2 CVs of that language (`relevant`: English, others; at most 100 count). Ranking both
/// languages in one top 100 would measure how many French CVs there are, not whether English
/// ones are found.
fn recall_per_language(
    index: &CollectionIndex,
    analyzers: &Analyzers,
    request: &SearchRequest,
    truths: &HashMap<String, Truth>,
    judge: &Judge,
    (relevant_en, relevant_fr): (usize, usize),
) -> anyhow::Result<(f64, f64)> {
    let mut seen = HashMap::<&str, usize>::new();
    let mut found = HashMap::<&str, usize>::new();
    let mut offset = 0;
    while offset < CROSS_LINGUAL_DEPTH {
        let mut page = request.clone();
        page.limit = Some(MAX_LIMIT);
        page.offset = Some(offset);
        let response = search(index, analyzers, Lang::Fr, &page, &[])?;
        for hit in &response.hits {
            let Some(truth) = truths.get(&hit.id) else {
                continue;
            };
            let lang = if truth.lang == "en" { "en" } else { "fr" };
            let rank = seen.entry(lang).or_default();
            *rank += 1;
            if *rank <= 100 && judge.grade(truth) == 2 {
                *found.entry(lang).or_default() += 1;
            }
        }
        if response.hits.len() < MAX_LIMIT {
            break;
        }
        offset += MAX_LIMIT;
    }
    let recall = |lang: &str, relevant: usize| {
        found.get(lang).copied().unwrap_or(0) as f64 / relevant.clamp(1, 100) as f64
    };
    Ok((recall("en", relevant_en), recall("fr", relevant_fr)))
}

/// Runs the evaluation in `dir` (which it fills), on CVs and offers of `corpus`.
pub fn evaluate(
    concepts: &Arc<Concepts>,
    corpus: Corpus,
    (cvs, offers, seed): (u64, u64, u64),
    postings: &[Sentence],
    dir: &Path,
) -> anyhow::Result<RelevanceReport> {
    let analyzers = Analyzers::build();
    let generator = match corpus {
        Corpus::Builtin => gen::Generator::Builtin,
        Corpus::Taxonomy => gen::Generator::from_taxonomy(&concepts.taxonomy)?,
    };
    let cv_index = CollectionIndex::open_or_create(
        dir,
        Collection::Cvs,
        analyzers.clone(),
        Lang::Fr,
        Some(concepts.extractor.clone()),
    )?;
    let generator_ref = &generator;
    bulk_index(
        &cv_index,
        (0..cvs).map(move |number| Ok(generator_ref.cv(seed, number).to_string())),
        BulkOptions::default(),
        &BulkProgress::default(),
        |_| {},
    )?;
    let offer_index = CollectionIndex::open_or_create(
        dir,
        Collection::Offers,
        analyzers.clone(),
        Lang::Fr,
        Some(concepts.extractor.clone()),
    )?;
    let truth_list: Vec<Truth> = (0..cvs).map(|n| generator.cv_truth(seed, n)).collect();
    let mut judged = match &generator {
        gen::Generator::Builtin => builtin_queries(concepts)?,
        gen::Generator::Taxonomy(model) => {
            taxonomy_queries(model, &concepts.taxonomy, &truth_list, seed)
        }
    };
    judged.extend(matching_queries(
        &generator,
        &concepts.taxonomy,
        &offer_index,
        offers,
        seed,
    )?);
    judged.extend(posting_queries(concepts, postings));
    let truths: HashMap<String, Truth> =
        truth_list.into_iter().map(|t| (t.id.clone(), t)).collect();

    let mut report = RelevanceReport {
        cvs,
        ..RelevanceReport::default()
    };
    let mut totals: HashMap<(&str, &str), (usize, f64, f64)> = HashMap::new();
    let (mut en_recall, mut fr_recall) = (0.0, 0.0);
    for query in &judged {
        let counts = count_grades(&query.judge, truths.values());
        if counts.relevant == 0 {
            continue;
        }
        let mut scores = QueryScores {
            kind: query.kind,
            lang: query.lang,
            query: query
                .systems
                .iter()
                .find(|(system, _)| *system == "hybrid")
                .map(|(_, r)| r.q.clone())
                .unwrap_or_default(),
            relevant: counts.relevant,
            partial: counts.partial,
            systems: Vec::new(),
        };
        for (system, request) in &query.systems {
            let response = search(&cv_index, &analyzers, Lang::Fr, request, &[])?;
            let grades: Vec<u32> = response
                .hits
                .iter()
                .map(|hit| truths.get(&hit.id).map_or(0, |t| query.judge.grade(t)))
                .collect();
            let ndcg = ndcg_at_10(&grades, counts.relevant, counts.partial);
            let found = grades.iter().filter(|g| **g == 2).count();
            let recall = found as f64 / counts.relevant.min(100) as f64;
            scores.systems.push((system, ndcg, recall));
            let entry = totals.entry((query.kind, system)).or_default();
            entry.0 += 1;
            entry.1 += ndcg;
            entry.2 += recall;
            if query.cross_lingual && *system == "hybrid" {
                let others = counts.relevant - counts.relevant_en;
                if counts.relevant_en > 0 && others > 0 {
                    let (en, fr) = recall_per_language(
                        &cv_index,
                        &analyzers,
                        request,
                        &truths,
                        &query.judge,
                        (counts.relevant_en, others),
                    )?;
                    en_recall += en;
                    fr_recall += fr;
                }
            }
        }
        report.queries.push(scores);
    }
    report.cross_lingual_ratio = if fr_recall > 0.0 {
        en_recall / fr_recall
    } else {
        0.0
    };
    for kind in ["keyword", "phrase", "skill", "mixed", "matching", "posting"] {
        let mut systems = Vec::new();
        for system in ["text", "skills", "hybrid"] {
            let (count, ndcg, recall) = totals.get(&(kind, system)).copied().unwrap_or_default();
            let n = count.max(1) as f64;
            systems.push((
                system.to_string(),
                Scores {
                    queries: count,
                    ndcg_at_10: ndcg / n,
                    recall_at_100: recall / n,
                },
            ));
        }
        report.by_kind.push((kind.to_string(), systems));
    }
    Ok(report)
}

fn ndcg_at_10(grades: &[u32], relevant: usize, partial: usize) -> f64 {
    let gain = |grade: u32| f64::from((1u32 << grade) - 1);
    let dcg: f64 = grades
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, g)| gain(*g) / (i as f64 + 2.0).log2())
        .sum();
    let ideal: f64 = std::iter::repeat_n(2, relevant)
        .chain(std::iter::repeat_n(1, partial))
        .take(10)
        .enumerate()
        .map(|(i, g)| gain(g) / (i as f64 + 2.0).log2())
        .sum();
    if ideal > 0.0 {
        dcg / ideal
    } else {
        0.0
    }
}

fn phrase_or(texts: &[String]) -> String {
    texts
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', " ")))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// A hybrid search request (skills and occupation by id), 100 hits.
fn request(q: String, skills: Vec<String>, occupation: Option<String>) -> SearchRequest {
    SearchRequest {
        q,
        limit: Some(100),
        skills: skills
            .into_iter()
            .map(|id| SkillRequest {
                id: Some(id),
                label: None,
                weight: None,
                required: false,
            })
            .collect(),
        occupation,
        ranking: Some(Ranking::default()),
        ..SearchRequest::default()
    }
}

/// A plain BM25 request on the words `q`: no concepts, no concept expansion of the words.
fn text_request(q: String) -> SearchRequest {
    SearchRequest {
        words_only: true,
        ..request(q, Vec::new(), None)
    }
}

/// The three systems of a query: its words alone, its concepts alone, both.
fn systems(
    words: String,
    skills: Vec<String>,
    occupation: Option<String>,
    lang: Option<&str>,
) -> Vec<(&'static str, SearchRequest)> {
    let with_lang = |mut request: SearchRequest| {
        request.lang = lang.map(str::to_string);
        request
    };
    vec![
        ("text", with_lang(text_request(words.clone()))),
        (
            "skills",
            with_lang(request(String::new(), skills.clone(), occupation.clone())),
        ),
        ("hybrid", with_lang(request(words, skills, occupation))),
    ]
}

/// Queries of the built-in corpus: four per occupation profile but matching.
fn builtin_queries(concepts: &Concepts) -> anyhow::Result<Vec<Judged>> {
    let taxonomy = &concepts.taxonomy;
    let resolve_skill = |label: &str| {
        let hits = taxonomy.lookup(&normalize_label(label));
        let skills: Vec<_> = hits
            .iter()
            .filter(|h| taxonomy.concept(h.concept).kind == ConceptKind::Skill)
            .collect();
        (skills.len() == 1).then(|| taxonomy.concept(skills[0].concept).id.clone())
    };
    let mut judged = Vec::new();
    for (key, sector, titles, skills) in gen::profiles() {
        let Some(title) = titles.first().cloned() else {
            continue;
        };
        let occupation = concepts
            .resolver()
            .resolve(&title, Some(ConceptKind::Occupation), 1)
            .first()
            .map(|c| taxonomy.concept(c.concept).id.clone());
        let chosen: Vec<(String, String)> = skills
            .iter()
            .filter_map(|label| resolve_skill(label).map(|id| (label.clone(), id)))
            .take(3)
            .collect();
        let labels: Vec<String> = chosen.iter().map(|(l, _)| l.clone()).collect();
        let ids: Vec<String> = chosen.iter().map(|(_, id)| id.clone()).collect();
        let judge = Judge::Profile {
            occupation: key.clone(),
            sector: sector.clone(),
        };
        judged.push(Judged {
            kind: "keyword",
            lang: "fr",
            judge: judge.clone(),
            systems: systems(title.clone(), vec![], occupation.clone(), None),
            cross_lingual: false,
        });
        judged.push(Judged {
            kind: "phrase",
            lang: "fr",
            judge: judge.clone(),
            systems: systems(
                phrase_or(std::slice::from_ref(&title)),
                vec![],
                occupation.clone(),
                None,
            ),
            cross_lingual: false,
        });
        if !ids.is_empty() {
            judged.push(Judged {
                kind: "skill",
                lang: "fr",
                judge: judge.clone(),
                systems: systems(phrase_or(&labels), ids.clone(), None, None),
                cross_lingual: true,
            });
            let mut mixed_words = vec![title.clone()];
            mixed_words.extend(labels.iter().cloned());
            judged.push(Judged {
                kind: "mixed",
                lang: "fr",
                judge,
                systems: systems(phrase_or(&mixed_words), ids, occupation, None),
                cross_lingual: false,
            });
        }
    }
    Ok(judged)
}

/// Language of the queries about the `rank`-th chosen occupation: English one time in
/// four (about the share of English CVs), French otherwise.
fn query_lang(rank: usize) -> &'static str {
    if rank % 4 == 3 {
        "en"
    } else {
        "fr"
    }
}

/// Queries of the taxonomy corpus (see the [module](self)), but matching.
fn taxonomy_queries(
    model: &TaxonomyModel,
    taxonomy: &Taxonomy,
    truths: &[Truth],
    seed: u64,
) -> Vec<Judged> {
    let mut cvs_of: HashMap<&str, usize> = HashMap::new();
    for truth in truths {
        *cvs_of.entry(truth.occupation.as_str()).or_default() += 1;
    }
    let chosen = model
        .occupation_ids()
        .filter(|id| cvs_of.contains_key(id))
        .take(OCCUPATIONS);
    let mut judged = Vec::new();
    for (rank, occupation) in chosen.enumerate() {
        let mut lang = query_lang(rank);
        if model.preferred_titles(occupation, lang).is_empty() {
            lang = if lang == "fr" { "en" } else { "fr" };
        }
        let Some(title) = model.preferred_titles(occupation, lang).first().cloned() else {
            continue;
        };
        let related: Vec<String> = taxonomy
            .index_of(occupation)
            .map(|index| {
                taxonomy
                    .broader(index)
                    .iter()
                    .chain(taxonomy.narrower(index))
                    .map(|&c| taxonomy.concept(c))
                    .filter(|c| c.kind == ConceptKind::Occupation)
                    .map(|c| c.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        let judge = Judge::Occupation {
            id: occupation.to_string(),
            related,
        };
        judged.push(Judged {
            kind: "keyword",
            lang,
            judge: judge.clone(),
            systems: systems(
                title.clone(),
                vec![],
                Some(occupation.to_string()),
                Some(lang),
            ),
            cross_lingual: false,
        });
        judged.push(Judged {
            kind: "phrase",
            lang,
            judge: judge.clone(),
            systems: systems(
                phrase_or(std::slice::from_ref(&title)),
                vec![],
                Some(occupation.to_string()),
                Some(lang),
            ),
            cross_lingual: false,
        });
        let pool = model.essential_skills(occupation, lang);
        let mut largest: Option<Vec<(&str, &str)>> = None;
        for query in 0..2 {
            let size = (rank + query) % 3 + 1;
            let number = (rank * 2 + query) as u64;
            let Some(skills) = draw_skills(&pool, size, seed, number, truths) else {
                continue;
            };
            let labels: Vec<String> = skills.iter().map(|(_, l)| l.to_string()).collect();
            let ids: Vec<String> = skills.iter().map(|(id, _)| id.to_string()).collect();
            judged.push(Judged {
                kind: "skill",
                lang,
                judge: Judge::Skills(ids.clone()),
                systems: systems(phrase_or(&labels), ids, None, Some(lang)),
                cross_lingual: lang == "fr",
            });
            if largest.as_ref().is_none_or(|l| l.len() < skills.len()) {
                largest = Some(skills);
            }
        }
        if let Some(skills) = largest {
            let mut words = vec![title];
            words.extend(skills.iter().map(|(_, l)| l.to_string()));
            let ids = skills.iter().map(|(id, _)| id.to_string()).collect();
            judged.push(Judged {
                kind: "mixed",
                lang,
                judge,
                systems: systems(
                    phrase_or(&words),
                    ids,
                    Some(occupation.to_string()),
                    Some(lang),
                ),
                cross_lingual: false,
            });
        }
    }
    judged
}

/// Draws `size` skills of `pool` (id, label) that at least one CV has all of; redraws up to
/// [`SKILL_DRAWS`] times (a query no CV fully meets cannot measure recall).
fn draw_skills<'a>(
    pool: &[(&'a str, &'a str)],
    size: usize,
    seed: u64,
    number: u64,
    truths: &[Truth],
) -> Option<Vec<(&'a str, &'a str)>> {
    if pool.len() < size {
        return None;
    }
    let rng = &mut SplitMix64::for_document(seed, QUERY_STREAM, number);
    for _ in 0..SKILL_DRAWS {
        let skills: Vec<(&str, &str)> = pool.choose_multiple(rng, size).copied().collect();
        let ids: Vec<String> = skills.iter().map(|(id, _)| id.to_string()).collect();
        if truths.iter().any(|t| skill_grade(&ids, &t.skill_ids) == 2) {
            return Some(skills);
        }
    }
    None
}

/// Matching queries: the generated offers, judged by the profile they were drawn from
/// (built-in) or by [`offer_grade`] (taxonomy).
fn matching_queries(
    generator: &gen::Generator,
    taxonomy: &Taxonomy,
    offers: &CollectionIndex,
    offer_count: u64,
    seed: u64,
) -> anyhow::Result<Vec<Judged>> {
    let mut judged = Vec::new();
    for number in 0..offer_count {
        let truth = generator.offer_truth(seed, number);
        let value = generator.offer(seed, number);
        let document = vivier_schema::validate(Collection::Offers, &value)
            .map_err(|v| anyhow::anyhow!("{v}"))?;
        let mentions = offers.preparer().mentions(&document);
        let is_skill = |id: &str| taxonomy.get(id).map(|c| c.kind == ConceptKind::Skill);
        let options = MatchOptions {
            anywhere: true,
            limit: Some(100),
            explain: Some(false),
            ..MatchOptions::default()
        };
        let mut hybrid = match_request(&document, &mentions, is_skill, &options);
        // Judge ranking, not filters.
        hybrid.filters = Default::default();
        let mut skills_only = hybrid.clone();
        skills_only.q.clear();
        let text_only = text_request(hybrid.q.clone());
        let judge = match generator {
            gen::Generator::Builtin => Judge::Profile {
                occupation: truth.occupation,
                sector: truth.sector,
            },
            gen::Generator::Taxonomy(_) => Judge::Offer {
                occupation: truth.occupation,
                skill_ids: truth.skill_ids,
            },
        };
        judged.push(Judged {
            kind: "matching",
            lang: if truth.lang == "en" { "en" } else { "fr" },
            judge,
            systems: vec![
                ("text", text_only),
                ("skills", skills_only),
                ("hybrid", hybrid),
            ],
            cross_lingual: false,
        });
    }
    Ok(judged)
}

/// Queries from real postings: see the module documentation.
fn posting_queries(concepts: &Concepts, sentences: &[Sentence]) -> Vec<Judged> {
    let mut judged = Vec::new();
    for passage in sentences.chunks(PASSAGE_SENTENCES) {
        let asked = annotated_skills(&concepts.taxonomy, passage);
        if asked.len() < PASSAGE_MIN_SKILLS {
            continue;
        }
        let text: String = passage
            .iter()
            .map(|sentence| sentence.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let mut mentions = concepts.extractor.extract_text(&text, POSTINGS_LANG);
        mentions.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        let mut extracted: Vec<String> = Vec::new();
        for mention in &mentions {
            let concept = concepts.taxonomy.concept(mention.concept);
            if concept.kind == ConceptKind::Skill && !extracted.contains(&concept.id) {
                extracted.push(concept.id.clone());
            }
        }
        extracted.truncate(PASSAGE_MAX_SKILLS);
        judged.push(Judged {
            kind: "posting",
            lang: POSTINGS_LANG,
            judge: Judge::Posting(asked),
            systems: systems(any_of_words(&text), extracted, None, Some(POSTINGS_LANG)),
            cross_lingual: false,
        });
    }
    judged
}

/// The skills a passage's annotated spans name exactly: a span whose whole text is an
/// English preferred or alternative label of exactly one skill of the taxonomy (an
/// ambiguous label says nothing for sure). Hidden labels are left out: they are search
/// terms, among them the names Vivier adds to ESCO for CVs (`analyzers/data/`), and a
/// judge that read those would lean on the system it judges.
fn annotated_skills(taxonomy: &Taxonomy, passage: &[Sentence]) -> Vec<String> {
    let mut skills: Vec<String> = Vec::new();
    for sentence in passage {
        for &(start, end) in &sentence.spans {
            let label = normalize_label(&sentence.text[start..end]);
            let mut concepts: Vec<&str> = taxonomy
                .lookup(&label)
                .iter()
                .filter(|hit| {
                    let label = &taxonomy.concept(hit.concept).labels[hit.label as usize];
                    label.lang == POSTINGS_LANG && label.label_type != LabelType::Hidden
                })
                .map(|hit| taxonomy.concept(hit.concept))
                .filter(|concept| concept.kind == ConceptKind::Skill)
                .map(|concept| concept.id.as_str())
                .collect();
            concepts.sort_unstable();
            concepts.dedup();
            if let [id] = concepts[..] {
                if !skills.iter().any(|known| known == id) {
                    skills.push(id.to_string());
                }
            }
        }
    }
    skills
}

/// A disjunction of a text's distinct words (lower-cased, so that none reads as an
/// operator), the first [`PASSAGE_MAX_WORDS`] of them.
fn any_of_words(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if !words.contains(&word) {
            words.push(word);
        }
        if words.len() == PASSAGE_MAX_WORDS {
            break;
        }
    }
    words.join(" OR ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn truth(occupation: &str, skills: &[&str]) -> Truth {
        Truth {
            id: "cv-0".into(),
            occupation: occupation.into(),
            sector: "it".into(),
            lang: "fr".into(),
            skill_ids: ids(skills),
        }
    }

    #[test]
    fn skill_queries_are_graded_by_the_share_of_requested_skills() {
        let has = ids(&["a", "b", "x", "y"]);
        assert_eq!(skill_grade(&ids(&["a"]), &has), 2);
        assert_eq!(skill_grade(&ids(&["c"]), &has), 0);
        assert_eq!(skill_grade(&ids(&["a", "b"]), &has), 2);
        assert_eq!(skill_grade(&ids(&["a", "c"]), &has), 1);
        assert_eq!(skill_grade(&ids(&["a", "b", "c"]), &has), 1);
        assert_eq!(skill_grade(&ids(&["a", "c", "d"]), &has), 0);
        assert_eq!(skill_grade(&ids(&["c", "d"]), &has), 0);
        assert_eq!(skill_grade(&[], &has), 0);
    }

    #[test]
    fn offers_are_graded_by_occupation_and_shared_skills() {
        let asked = ids(&["a", "b", "c", "d"]);
        // Same occupation: one shared skill is enough for grade 2, none gives 1.
        assert_eq!(offer_grade("occ", &asked, &truth("occ", &["d", "z"])), 2);
        assert_eq!(offer_grade("occ", &asked, &truth("occ", &["z"])), 1);
        // Another occupation: half the skills asked give 1, fewer nothing.
        assert_eq!(offer_grade("occ", &asked, &truth("other", &["a", "c"])), 1);
        assert_eq!(offer_grade("occ", &asked, &truth("other", &["a", "z"])), 0);
        assert_eq!(offer_grade("occ", &[], &truth("other", &["a"])), 0);
    }

    #[test]
    fn judges_grade_from_truth() {
        let occupation = Judge::Occupation {
            id: "occ".into(),
            related: ids(&["broader"]),
        };
        assert_eq!(occupation.grade(&truth("occ", &[])), 2);
        assert_eq!(occupation.grade(&truth("broader", &[])), 1);
        assert_eq!(occupation.grade(&truth("other", &[])), 0);
        let profile = Judge::Profile {
            occupation: "occ".into(),
            sector: "it".into(),
        };
        assert_eq!(profile.grade(&truth("occ", &[])), 2);
        assert_eq!(profile.grade(&truth("other", &[])), 1);
        let counts = count_grades(
            &Judge::Skills(ids(&["a", "b"])),
            [
                truth("x", &["a", "b"]),
                truth("y", &["a"]),
                truth("z", &["c"]),
            ]
            .iter(),
        );
        assert_eq!((counts.relevant, counts.partial), (1, 1));
    }

    #[test]
    fn postings_are_judged_by_their_annotated_exact_skill_labels() {
        use vivier_analyzers::taxonomy::{jsonl, TaxonomyBuilder};
        let mut builder = TaxonomyBuilder::new();
        let lines = [
            r#"{"id":"python","kind":"skill","labels":[{"lang":"en","text":"Python","type":"preferred"}]}"#,
            r#"{"id":"sql","kind":"skill","labels":[{"lang":"en","text":"SQL","type":"preferred"}]}"#,
            r#"{"id":"pm","kind":"skill","labels":[{"lang":"en","text":"project management","type":"preferred"}]}"#,
            r#"{"id":"pm-bis","kind":"skill","labels":[{"lang":"en","text":"project management","type":"alternative"}]}"#,
            r#"{"id":"nurse","kind":"occupation","labels":[{"lang":"en","text":"nurse","type":"preferred"}]}"#,
            r#"{"id":"ml","kind":"skill","labels":[{"lang":"fr","text":"machine learning","type":"hidden"}]}"#,
            r#"{"id":"cloud","kind":"skill","labels":[{"lang":"en","text":"AWS","type":"hidden"}]}"#,
        ];
        jsonl::load_str(&lines.join("\n"), Path::new("t.jsonl"), &mut builder).expect("valid");
        let taxonomy = builder.build();
        let sentence = |text: &str, spans: &[&str]| Sentence {
            text: text.to_string(),
            spans: spans
                .iter()
                .map(|span| {
                    let start = text.find(span).expect("span in text");
                    (start, start + span.len())
                })
                .collect(),
        };
        let passage = [
            sentence(
                "Strong Python and SQL skills , Python again",
                &["Python", "SQL", "Python again"],
            ),
            sentence(
                "project management for a nurse team , machine learning on AWS",
                &["project management", "nurse", "machine learning", "AWS"],
            ),
        ];
        // An ambiguous label, an occupation, a span longer than a label, a label of
        // another language than the postings' and a hidden label say nothing; each skill
        // counts once.
        assert_eq!(
            annotated_skills(&taxonomy, &passage),
            ids(&["python", "sql"])
        );
        assert_eq!(posting_grade(&ids(&["a", "b", "c"]), &ids(&["a", "b"])), 2);
        assert_eq!(posting_grade(&ids(&["a", "b", "c"]), &ids(&["c", "z"])), 1);
        assert_eq!(posting_grade(&ids(&["a", "b"]), &ids(&["b"])), 2);
        assert_eq!(posting_grade(&ids(&["a", "b"]), &ids(&["z"])), 0);
        assert_eq!(
            any_of_words("Java / JavaScript AND java"),
            "java OR javascript OR and"
        );
    }

    #[test]
    fn ndcg_is_one_for_the_ideal_order_and_less_otherwise() {
        assert!((ndcg_at_10(&[2, 2, 1], 2, 1) - 1.0).abs() < 1e-9);
        assert!(ndcg_at_10(&[1, 2, 2], 2, 1) < 1.0);
        assert_eq!(ndcg_at_10(&[0, 0], 2, 0), 0.0);
    }
}
