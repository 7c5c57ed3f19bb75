//! `vivier relevance`: ranking quality on a generated corpus with known ground truth.
//!
//! CVs are generated (`vivier gen`), indexed with concept tagging, and each one's ground
//! truth is known: the occupation profile it was drawn from. Judged queries are built from
//! the same profiles, four per occupation: a job title (keyword), three of its skills
//! (skill), title and skills together (mixed), and the offers generated for it (matching). A
//! CV drawn from the query's occupation is relevant (grade 2), one from the same sector
//! partly (grade 1). Each query runs three ways: text only (the words, BM25), skills only
//! (the resolved concepts, no words), and hybrid (both). Text only is plain BM25: no concept
//! expansion of the words. Reported: nDCG@10 and recall@100
//! per query kind and system, and the cross-lingual recall of French skill queries on
//! English CVs relative to French ones.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use vivier_analyzers::normalize::normalize_label;
use vivier_analyzers::taxonomy::ConceptKind;
use vivier_analyzers::{Analyzers, Lang};
use vivier_indexer::{bulk_index, BulkOptions, BulkProgress, CollectionIndex};
use vivier_schema::Collection;

use crate::concepts::Concepts;
use crate::gen;
use crate::search::hybrid::{Ranking, SkillRequest};
use crate::search::matching::{match_request, MatchOptions};
use crate::search::{search, SearchRequest, MAX_LIMIT};

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

/// The whole report.
#[derive(Debug, Default, Serialize)]
pub struct RelevanceReport {
    /// CVs indexed.
    pub cvs: u64,
    /// kind -> system -> scores.
    pub by_kind: Vec<(String, Vec<(String, Scores)>)>,
    /// Recall@100 of French skill queries on English CVs over that on French CVs (hybrid).
    pub cross_lingual_ratio: f64,
}

struct Judged {
    kind: &'static str,
    occupation: String,
    sector: String,
    systems: Vec<(&'static str, SearchRequest)>,
    /// Judge English documents apart (cross-lingual check).
    skill_query: bool,
}

/// Depth of the ranking read to find each language's first 100 CVs.
const CROSS_LINGUAL_DEPTH: usize = 1_000;

/// Recall@100 of a (French) query among English CVs and among French CVs, each language
/// ranked apart: the first 100 CVs of that language in the query's ranking, against the
/// relevant CVs of that language (`relevant`: English, French; at most 100 count). Ranking both languages in one top 100 would
/// measure how many French CVs there are, not whether English ones are found.
fn recall_per_language(
    index: &CollectionIndex,
    analyzers: &Analyzers,
    request: &SearchRequest,
    truths: &HashMap<String, gen::Truth>,
    query: &Judged,
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
            if *rank <= 100 && truth.occupation == query.occupation {
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

/// Runs the evaluation in `dir` (which it fills).
pub fn evaluate(
    concepts: &Arc<Concepts>,
    cvs: u64,
    offers: u64,
    seed: u64,
    dir: &Path,
) -> anyhow::Result<RelevanceReport> {
    let analyzers = Analyzers::build();
    let cv_index = CollectionIndex::open_or_create(
        dir,
        Collection::Cvs,
        analyzers.clone(),
        Lang::Fr,
        Some(concepts.extractor.clone()),
    )?;
    bulk_index(
        &cv_index,
        gen::lines(cvs, seed, gen::cv),
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
    let truths: HashMap<String, gen::Truth> = (0..cvs)
        .map(|n| gen::cv_truth(seed, n))
        .map(|t| (t.id.clone(), t))
        .collect();
    let mut relevant_count: HashMap<&str, (usize, usize, usize)> = HashMap::new();
    let sector_of: HashMap<String, String> = gen::profiles()
        .into_iter()
        .map(|(k, s, _, _)| (k, s))
        .collect();
    for truth in truths.values() {
        let entry = relevant_count.entry(truth.occupation.as_str()).or_default();
        entry.0 += 1;
        if truth.lang == "en" {
            entry.2 += 1;
        }
    }
    let mut sector_count: HashMap<&str, usize> = HashMap::new();
    for truth in truths.values() {
        *sector_count.entry(truth.sector.as_str()).or_default() += 1;
    }
    let judged = judged_queries(concepts, &offer_index, offers, seed)?;
    let mut totals: HashMap<(&str, &str), (usize, f64, f64)> = HashMap::new();
    let (mut en_recall, mut fr_recall) = (0.0, 0.0);
    for query in &judged {
        let same = relevant_count
            .get(query.occupation.as_str())
            .copied()
            .unwrap_or_default();
        let in_sector = sector_count
            .get(query.sector.as_str())
            .copied()
            .unwrap_or(0);
        if same.0 == 0 {
            continue;
        }
        for (system, request) in &query.systems {
            let response = search(&cv_index, &analyzers, Lang::Fr, request, &[])?;
            let grades: Vec<u32> = response
                .hits
                .iter()
                .map(|hit| match truths.get(&hit.id) {
                    Some(t) if t.occupation == query.occupation => 2,
                    Some(t) if t.sector == query.sector => 1,
                    _ => 0,
                })
                .collect();
            let ndcg = ndcg_at_10(&grades, same.0, in_sector.saturating_sub(same.0));
            let found = grades.iter().filter(|g| **g == 2).count();
            let recall = found as f64 / same.0.min(100) as f64;
            let entry = totals.entry((query.kind, system)).or_default();
            entry.0 += 1;
            entry.1 += ndcg;
            entry.2 += recall;
            if query.skill_query && *system == "hybrid" {
                let fr_total = same.0 - same.2;
                if same.2 > 0 && fr_total > 0 {
                    let relevant = (same.2, fr_total);
                    let (en, fr) = recall_per_language(
                        &cv_index, &analyzers, request, &truths, query, relevant,
                    )?;
                    en_recall += en;
                    fr_recall += fr;
                }
            }
        }
    }
    let mut report = RelevanceReport {
        cvs,
        cross_lingual_ratio: if fr_recall > 0.0 {
            en_recall / fr_recall
        } else {
            0.0
        },
        ..RelevanceReport::default()
    };
    for kind in ["keyword", "skill", "mixed", "matching"] {
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
    let _ = sector_of;
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

fn request(
    q: String,
    skills: Vec<String>,
    occupation: Option<String>,
    text_weight: f32,
) -> SearchRequest {
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
        ranking: Some(Ranking {
            text: text_weight,
            ..Ranking::default()
        }),
        ..SearchRequest::default()
    }
}

fn judged_queries(
    concepts: &Concepts,
    offers: &CollectionIndex,
    offer_count: u64,
    seed: u64,
) -> anyhow::Result<Vec<Judged>> {
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
        judged.push(Judged {
            kind: "keyword",
            occupation: key.clone(),
            sector: sector.clone(),
            systems: vec![
                ("text", request(title.clone(), vec![], None, 1.0)),
                (
                    "skills",
                    request(String::new(), vec![], occupation.clone(), 1.0),
                ),
                (
                    "hybrid",
                    request(title.clone(), vec![], occupation.clone(), 1.0),
                ),
            ],
            skill_query: false,
        });
        if !ids.is_empty() {
            judged.push(Judged {
                kind: "skill",
                occupation: key.clone(),
                sector: sector.clone(),
                systems: vec![
                    ("text", request(phrase_or(&labels), vec![], None, 1.0)),
                    ("skills", request(String::new(), ids.clone(), None, 1.0)),
                    (
                        "hybrid",
                        request(phrase_or(&labels), ids.clone(), None, 1.0),
                    ),
                ],
                skill_query: true,
            });
            let mut mixed_words = vec![title.clone()];
            mixed_words.extend(labels.iter().cloned());
            judged.push(Judged {
                kind: "mixed",
                occupation: key.clone(),
                sector: sector.clone(),
                systems: vec![
                    ("text", request(phrase_or(&mixed_words), vec![], None, 1.0)),
                    (
                        "skills",
                        request(String::new(), ids.clone(), occupation.clone(), 1.0),
                    ),
                    (
                        "hybrid",
                        request(
                            phrase_or(&mixed_words),
                            ids.clone(),
                            occupation.clone(),
                            1.0,
                        ),
                    ),
                ],
                skill_query: false,
            });
        }
    }
    // Matching: generated offers, judged by the occupation they were drawn from.
    for number in 0..offer_count {
        let truth = gen::offer_truth(seed, number);
        let value = gen::offer(seed, number);
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
        let text_only = request(hybrid.q.clone(), vec![], None, 1.0);
        judged.push(Judged {
            kind: "matching",
            occupation: truth.occupation,
            sector: truth.sector,
            systems: vec![
                ("text", text_only),
                ("skills", skills_only),
                ("hybrid", hybrid),
            ],
            skill_query: false,
        });
    }
    Ok(judged)
}
