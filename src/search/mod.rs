//! The search engine behind `POST /{collection}/_search`: request model, query translation,
//! filters, sorting with cursors, facets and highlights.

pub mod collector;
pub mod facets;
pub mod filters;
pub mod geo_query;
pub mod highlight;
pub mod hybrid;
pub mod matching;
pub mod nesting;
pub mod query;

use std::collections::BTreeMap;
use std::time::Instant;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Value};
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query};
use tantivy::schema::Value as _;
use tantivy::{Searcher, TantivyDocument};
use vivier_analyzers::{detect, Analyzers, Lang};
use vivier_indexer::CollectionIndex;

use collector::{Cursor, RankedHit, SortBy, TopHits};
use filters::Filters;
use highlight::HighlightOptions;
use query::{boosted, QueryBuilder};

/// Largest page.
pub const MAX_LIMIT: usize = 100;
/// Deepest `offset`; go further with `search_after`.
pub const MAX_OFFSET: usize = 10_000;
const DEFAULT_LIMIT: usize = 20;

/// Why a search was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// `q` does not parse or asks for something unsupported.
    #[error("{message}")]
    BadQuery {
        /// What is wrong.
        message: String,
        /// Byte offset in `q` where the problem is, when known.
        position: Option<usize>,
    },
    /// Some other part of the request is wrong.
    #[error("{0}")]
    InvalidRequest(String),
    /// A label names several concepts and nothing in the request settles which.
    #[error("{message}")]
    Ambiguous {
        /// What is wrong.
        message: String,
        /// The concepts it could be.
        candidates: Vec<Value>,
    },
    /// Our fault.
    #[error("{0}")]
    Internal(String),
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(err: tantivy::TantivyError) -> Self {
        SearchError::Internal(err.to_string())
    }
}

/// `highlight`: `true` for the defaults, or options.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    untagged,
    expecting = "`highlight`: true, false, or an object of fields, fragment_size, number_of_fragments, pre_tag, post_tag"
)]
pub enum HighlightRequest {
    /// On or off with default options.
    Enabled(bool),
    /// On with these options.
    Options(HighlightOptions),
}

/// Body of `POST /{collection}/_search`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a search request: a JSON object such as {\"q\": \"java\", \"limit\": 10}"
)]
pub struct SearchRequest {
    /// Query string; empty matches everything.
    #[serde(default)]
    pub q: String,
    /// Language of `q` (ISO 639-1); detected when absent.
    pub lang: Option<String>,
    /// Structured filters.
    #[serde(default)]
    pub filters: Filters,
    /// Facets to count.
    #[serde(default)]
    pub facets: Vec<String>,
    /// Order of hits (default relevance).
    pub sort: Option<SortBy>,
    /// Hits per page (default 20, at most 100).
    pub limit: Option<usize>,
    /// Hits to skip (at most 10,000).
    pub offset: Option<usize>,
    /// Cursor from a previous answer's `next`.
    pub search_after: Option<String>,
    /// Snippets with matches marked.
    pub highlight: Option<HighlightRequest>,
    /// Skills wanted, by id or label, with weights; required ones filter.
    #[serde(default)]
    pub skills: Vec<hybrid::SkillRequest>,
    /// Occupation wanted, by id or label.
    pub occupation: Option<String>,
    /// Weights of the score parts (see `hybrid.rs` for the formula).
    pub ranking: Option<hybrid::Ranking>,
    /// Explain each hit: score parts, requested skills matched and missing.
    #[serde(default)]
    pub explain: bool,
    /// Match words only, without concept expansion (a plain BM25 baseline for evaluation;
    /// not part of the API).
    #[serde(skip)]
    pub words_only: bool,
}

/// One hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// Score: when sorted by relevance, the one hits are ranked by (bonuses included).
    pub score: f32,
    /// The document as stored, passed through as its JSON text: most answers show it
    /// without reading it, and parsing a CV into a tree to write it out again was a tenth
    /// of a search's time.
    pub doc: Box<RawValue>,
    /// Snippets per field.
    pub highlights: BTreeMap<String, Vec<String>>,
    /// Distance to the search point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Share of the requested skills and occupation the document meets, 0..100
    /// (partial matches count half, related skills less), when any were requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_score: Option<u32>,
    /// Why the document matched, when `explain` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Value>,
}

/// Answer of a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResponse {
    /// Number of matching documents.
    pub total: usize,
    /// The page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts.
    pub facets: Value,
    /// Time spent, in milliseconds.
    pub took_ms: u64,
    /// Cursor for the next page, if there may be one.
    pub next: Option<String>,
}

/// What a `next` cursor carries. The key goes as its bits: serde_json reads some decimal
/// floats back one unit off, and a cursor a hair before the last hit shown starts the next
/// page over at its ties (with many documents at the same distance, forever).
#[derive(Serialize, Deserialize)]
struct CursorToken {
    sort: SortBy,
    key_bits: u64,
    id_hash: u64,
}

/// Runs a search on one collection. Blocking: call it off the async runtime.
///
/// `pending_deletes` are ids deleted but not yet committed: they are excluded so that a
/// deleted document is unsearchable from its acknowledgement on.
pub fn search(
    index: &CollectionIndex,
    analyzers: &Analyzers,
    default_lang: Lang,
    request: &SearchRequest,
    pending_deletes: &[String],
) -> Result<SearchResponse, SearchError> {
    let started = Instant::now();
    let fields = index.fields();
    let limit = request.limit.unwrap_or(DEFAULT_LIMIT);
    let offset = request.offset.unwrap_or(0);
    if limit > MAX_LIMIT {
        return Err(SearchError::InvalidRequest(format!(
            "limit: at most {MAX_LIMIT}"
        )));
    }
    if offset > MAX_OFFSET {
        return Err(SearchError::InvalidRequest(format!(
            "offset: at most {MAX_OFFSET}; page deeper with `search_after`"
        )));
    }
    let ranking = request.ranking.unwrap_or_default();
    ranking.check()?;
    let sort = request.sort.unwrap_or(SortBy::Relevance);
    let after = request
        .search_after
        .as_deref()
        .map(|token| decode_cursor(token, sort))
        .transpose()?;
    filters::check_collection(fields.collection, &request.filters)?;
    if let Some(HighlightRequest::Options(options)) = &request.highlight {
        options.check(fields)?;
    }
    let center = request
        .filters
        .location
        .as_ref()
        .map(|l| l.center())
        .transpose()?;
    if sort == SortBy::Distance && center.is_none() {
        return Err(SearchError::InvalidRequest(
            "sort: `distance` needs `filters.location`".to_string(),
        ));
    }

    let query_lang = match &request.lang {
        Some(code) => Lang::from_iso(code)
            .map_err(|err| SearchError::InvalidRequest(format!("lang: {err}")))?,
        None => detect(&request.q, default_lang).lang,
    };
    let mut builder = QueryBuilder::new(fields, analyzers, query_lang, default_lang);
    if let Some(extractor) = index.preparer().concepts().filter(|_| !request.words_only) {
        builder = builder.with_taxonomy(extractor.taxonomy());
    }
    let parsed = builder.build(&request.q)?;
    let concepts = requested_concepts(index, request)?;
    // Only a search with concepts weighs its text per word: the count is made then.
    let text_words = || analyzers.tokens(query_lang, &request.q).len();
    let (core, concept_filters, parts) = scoring_query(
        index,
        request,
        (parsed.query, &text_words),
        &concepts,
        &ranking,
    )?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, core.box_clone())];
    for filter in concept_filters {
        clauses.push((Occur::Must, filter));
    }
    for filter in filters::filter_queries(fields, &request.filters)? {
        clauses.push((Occur::Must, filter));
    }
    if !pending_deletes.is_empty() {
        let terms = pending_deletes
            .iter()
            .map(|id| tantivy::Term::from_field_text(fields.id, id));
        clauses.push((
            Occur::MustNot,
            Box::new(tantivy::query::TermSetQuery::new(terms)),
        ));
    }
    let query = BooleanQuery::new(clauses);

    let top = TopHits {
        size: offset + limit,
        sort,
        center,
        after,
        freshness: ranking.freshness,
        proximity: ranking.distance,
    };
    let facet_collector = facets::collector(&request.facets)?;
    let searcher = index.searcher();
    let taxonomy = index.preparer().concepts().map(|e| e.taxonomy().clone());
    let (total, ranked, facets) = match facet_collector {
        Some(aggregations) => {
            let (total, ranked, results) = searcher.search(&query, &(Count, top, aggregations))?;
            (
                total,
                ranked,
                facets::to_facets(results, taxonomy.as_deref(), query_lang.code()),
            )
        }
        None => {
            let (total, ranked) = searcher.search(&query, &(Count, top))?;
            (total, ranked, Value::Object(Default::default()))
        }
    };

    let highlight = match &request.highlight {
        Some(HighlightRequest::Enabled(true)) => Some(HighlightOptions::default()),
        Some(HighlightRequest::Options(options)) => Some(options.clone()),
        _ => None,
    };
    let page: Vec<RankedHit> = ranked.into_iter().skip(offset).collect();
    let next = match page.last() {
        Some(last) if page.len() == limit => Some(encode_cursor(sort, last)),
        _ => None,
    };
    let explainer = Explainer {
        searcher: &searcher,
        parts: &parts,
        concepts: &concepts,
        ranking: &ranking,
        taxonomy: taxonomy.as_deref(),
        lang: query_lang.code(),
        explain: request.explain,
    };
    let mut hits = Vec::with_capacity(page.len());
    for ranked in &page {
        let mut hit = load_hit(
            &searcher,
            index,
            analyzers,
            (ranked, sort),
            highlight.as_ref(),
            &parsed.terms,
        )?;
        explainer.annotate(index, ranked, &mut hit)?;
        hits.push(hit);
    }
    Ok(SearchResponse {
        total,
        hits,
        facets,
        took_ms: started.elapsed().as_millis() as u64,
        next,
    })
}

/// The skills and occupation a request asks for, resolved.
struct RequestedConcepts {
    skills: Vec<hybrid::Requested>,
    occupation: Option<hybrid::Requested>,
}

impl RequestedConcepts {
    fn is_empty(&self) -> bool {
        self.skills.is_empty() && self.occupation.is_none()
    }
}

fn requested_concepts(
    index: &CollectionIndex,
    request: &SearchRequest,
) -> Result<RequestedConcepts, SearchError> {
    if request.skills.is_empty() && request.occupation.is_none() {
        return Ok(RequestedConcepts {
            skills: Vec::new(),
            occupation: None,
        });
    }
    let Some(extractor) = index.preparer().concepts() else {
        return Err(SearchError::InvalidRequest(
            "skills and occupation need a taxonomy, and this collection has none".to_string(),
        ));
    };
    let taxonomy = extractor.taxonomy();
    // The query text and the other requested labels are the context of an ambiguous label.
    let mut context = request.q.clone();
    for skill in &request.skills {
        if let Some(label) = &skill.label {
            context.push(' ');
            context.push_str(label);
        }
    }
    if let Some(occupation) = &request.occupation {
        context.push(' ');
        context.push_str(occupation);
    }
    let skills = hybrid::resolve_skills(taxonomy, &request.skills, &context)?;
    let occupation = request
        .occupation
        .as_deref()
        .map(|o| hybrid::resolve_occupation(taxonomy, o, &context))
        .transpose()?;
    Ok(RequestedConcepts { skills, occupation })
}

/// A named part of the score, for explanations.
type ScorePart = (&'static str, Box<dyn Query>);

/// The scoring query, the filters of required skills, and the score parts by name.
type Scoring = (Box<dyn Query>, Vec<Box<dyn Query>>, Vec<ScorePart>);

/// Builds the scoring part of a search (text, skills, occupation, weighted), the filters
/// of required skills, and the parts by name.
fn scoring_query(
    index: &CollectionIndex,
    request: &SearchRequest,
    (text, text_words): (Box<dyn Query>, &dyn Fn() -> usize),
    concepts: &RequestedConcepts,
    ranking: &hybrid::Ranking,
) -> Result<Scoring, SearchError> {
    // With `q` alone the text part is plain BM25, weighted by `ranking.text` like the other
    // parts (0 keeps `q` as what matches and ranks by freshness or distance only).
    let text_alone = |text: Box<dyn Query>| -> Scoring {
        let text = boosted(text, ranking.text);
        let parts = vec![("text", text.box_clone())];
        (text, Vec::new(), parts)
    };
    if concepts.is_empty() {
        return Ok(text_alone(text));
    }
    let fields = index.fields();
    let Some(extractor) = index.preparer().concepts() else {
        return Ok(text_alone(text));
    };
    let taxonomy = extractor.taxonomy();
    let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut filters = Vec::new();
    let mut named: Vec<ScorePart> = Vec::new();
    if !request.q.trim().is_empty() {
        // BM25 adds up over the query's words, a concept match is one term: the text part
        // is the mean per word, so that a query spelling out long skill labels does not
        // outweigh the skills it names.
        let per_word = ranking.text / text_words().max(1) as f32;
        let boosted: Box<dyn Query> = Box::new(BoostQuery::new(text, per_word));
        named.push(("text", boosted.box_clone()));
        parts.push((Occur::Should, boosted));
    }
    let mut skill_parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for skill in &concepts.skills {
        let (scoring, filter) = hybrid::concept_queries(fields, taxonomy, skill);
        skill_parts.push((Occur::Should, scoring));
        filters.extend(filter);
    }
    if !skill_parts.is_empty() {
        let skills: Box<dyn Query> = Box::new(BooleanQuery::new(skill_parts));
        let boosted: Box<dyn Query> = Box::new(BoostQuery::new(skills, ranking.skills));
        named.push(("skills", boosted.box_clone()));
        parts.push((Occur::Should, boosted));
    }
    if let Some(occupation) = &concepts.occupation {
        let (scoring, _) = hybrid::concept_queries(fields, taxonomy, occupation);
        let boosted: Box<dyn Query> = Box::new(BoostQuery::new(scoring, ranking.occupation));
        named.push(("occupation", boosted.box_clone()));
        parts.push((Occur::Should, boosted));
    }
    // At least one part must match: a document matching only the filters is not a result.
    Ok((Box::new(BooleanQuery::new(parts)), filters, named))
}

/// Scores one document with one query. tantivy's `explain` trips a debug assertion on
/// some boolean combinations, so this builds the scorer and seeks it directly, only forward.
fn part_score(searcher: &Searcher, query: &dyn Query, address: tantivy::DocAddress) -> f32 {
    use tantivy::query::EnableScoring;
    use tantivy::DocSet;
    let Ok(weight) = query.weight(EnableScoring::enabled_from_searcher(searcher)) else {
        return 0.0;
    };
    let reader = searcher.segment_reader(address.segment_ord);
    let Ok(mut scorer) = weight.scorer(reader, 1.0) else {
        return 0.0;
    };
    if scorer.doc() > address.doc_id {
        return 0.0;
    }
    if scorer.doc() < address.doc_id && scorer.seek(address.doc_id) != address.doc_id {
        return 0.0;
    }
    if scorer.doc() == address.doc_id {
        scorer.score()
    } else {
        0.0
    }
}

/// Returns the concept ids a document was tagged with, from its fast fields.
fn doc_concept_ids(
    searcher: &Searcher,
    address: tantivy::DocAddress,
) -> Result<Vec<String>, SearchError> {
    let reader = searcher.segment_reader(address.segment_ord);
    let mut ids = Vec::new();
    for field in ["skill_ids", "occupation_ids"] {
        let Some(column) = reader.fast_fields().str(field)? else {
            continue;
        };
        let mut ords: Vec<u64> = column.term_ords(address.doc_id).collect();
        ords.sort_unstable();
        // One pass over the dictionary rather than a block decompression per id.
        column
            .dictionary()
            .sorted_ords_to_term_cb(&ords, |term| {
                ids.push(String::from_utf8_lossy(term).into_owned());
            })
            .map_err(|err| SearchError::Internal(format!("concept ids: {err}")))?;
    }
    Ok(ids)
}

/// Adds match scores and explanations to hits.
struct Explainer<'a> {
    searcher: &'a Searcher,
    parts: &'a [ScorePart],
    concepts: &'a RequestedConcepts,
    ranking: &'a hybrid::Ranking,
    taxonomy: Option<&'a vivier_analyzers::taxonomy::Taxonomy>,
    lang: &'a str,
    explain: bool,
}

impl Explainer<'_> {
    fn annotate(
        &self,
        index: &CollectionIndex,
        ranked: &RankedHit,
        hit: &mut Hit,
    ) -> Result<(), SearchError> {
        let Some(taxonomy) = self.taxonomy else {
            return Ok(());
        };
        if self.concepts.is_empty() && !self.explain {
            return Ok(());
        }
        let concept_ids = doc_concept_ids(self.searcher, ranked.address)?;
        let doc_concepts: std::collections::HashSet<&str> =
            concept_ids.iter().map(String::as_str).collect();
        // Where the document mentions its concepts is only needed to explain: extraction
        // runs again on the hit's text then, instead of storing every mention.
        let mentions: Vec<Value> = if self.explain {
            vivier_schema::validate(index.fields().collection, &parse_source(&hit.doc)?)
                .map(|document| index.preparer().mentions(&document))
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let (skills, skill_share) = hybrid::explain_concepts(
            taxonomy,
            &self.concepts.skills,
            &doc_concepts,
            &mentions,
            self.lang,
        );
        let occupation = self.concepts.occupation.as_ref().map(|o| {
            hybrid::explain_concepts(
                taxonomy,
                std::slice::from_ref(o),
                &doc_concepts,
                &mentions,
                self.lang,
            )
        });
        if !self.concepts.is_empty() {
            // Skills and occupation weigh as the ranking says.
            let (skill_weight, occupation_weight) =
                match (&occupation, self.concepts.skills.is_empty()) {
                    (Some(_), false) => (self.ranking.skills, self.ranking.occupation),
                    (Some(_), true) => (0.0, 1.0),
                    (None, _) => (1.0, 0.0),
                };
            let occupation_share = occupation.as_ref().map_or(0.0, |o| o.1);
            let total = (skill_weight + occupation_weight).max(f32::EPSILON);
            let share = (skill_weight * skill_share + occupation_weight * occupation_share) / total;
            hit.match_score = Some((share * 100.0).round().clamp(0.0, 100.0) as u32);
        }
        if self.explain {
            let mut parts = serde_json::Map::new();
            for (name, query) in self.parts {
                let score = part_score(self.searcher, query.as_ref(), ranked.address);
                parts.insert((*name).to_string(), json!(score));
            }
            parts.insert(
                "decays".to_string(),
                json!(ranked.key - f64::from(ranked.score)),
            );
            let missing: Vec<&str> = skills
                .iter()
                .filter(|s| !s.matched)
                .map(|s| s.id.as_str())
                .collect();
            hit.explanation = Some(json!({
                "score": ranked.key,
                "parts": parts,
                "ranking": self.ranking,
                "skills": skills,
                "missing_skills": missing,
                "occupation": occupation.map(|o| o.0.into_iter().next()),
            }));
        }
        Ok(())
    }
}

fn load_hit(
    searcher: &Searcher,
    index: &CollectionIndex,
    analyzers: &Analyzers,
    (ranked, sort): (&RankedHit, SortBy),
    highlight: Option<&HighlightOptions>,
    terms: &query::QueryTerms,
) -> Result<Hit, SearchError> {
    let fields = index.fields();
    let stored: TantivyDocument = searcher.doc(ranked.address)?;
    let id = stored
        .get_first(fields.id)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    // Checked as JSON, not parsed into a tree.
    let doc: Box<RawValue> = decode_source(index, &stored)?;
    let highlights = match highlight {
        Some(options) => highlights_of(
            analyzers,
            fields.collection,
            &parse_source(&doc)?,
            &stored,
            index,
            terms,
            options,
        ),
        None => BTreeMap::new(),
    };
    Ok(Hit {
        id,
        score: ranked.shown_score(sort),
        doc,
        highlights,
        distance_km: ranked.distance_km.map(|km| (km * 1000.0).round() / 1000.0),
        match_score: None,
        explanation: None,
    })
}

fn highlights_of(
    analyzers: &Analyzers,
    collection: vivier_schema::Collection,
    doc: &Value,
    stored: &TantivyDocument,
    index: &CollectionIndex,
    terms: &query::QueryTerms,
    options: &HighlightOptions,
) -> BTreeMap<String, Vec<String>> {
    let Ok(document) = vivier_schema::validate(collection, doc) else {
        return BTreeMap::new();
    };
    let lang = stored
        .get_first(index.fields().lang)
        .and_then(|v| v.as_str())
        .and_then(|code| code.parse().ok())
        .unwrap_or(Lang::Fr);
    highlight::highlight(analyzers, &document, lang, terms, options)
}

fn encode_cursor(sort: SortBy, hit: &RankedHit) -> String {
    let token = CursorToken {
        sort,
        key_bits: hit.key.to_bits(),
        id_hash: hit.id_hash,
    };
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&token).unwrap_or_default())
}

fn decode_cursor(token: &str, sort: SortBy) -> Result<Cursor, SearchError> {
    let invalid = || {
        SearchError::InvalidRequest("search_after: not a cursor returned by this API".to_string())
    };
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
    let token: CursorToken = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if token.sort != sort {
        return Err(SearchError::InvalidRequest(
            "search_after: the cursor was made for another sort order".to_string(),
        ));
    }
    Ok(Cursor {
        key: f64::from_bits(token.key_bits),
        id_hash: token.id_hash,
    })
}

/// Returns the stored tantivy document under `id`, if any.
pub fn get_stored(
    index: &CollectionIndex,
    id: &str,
) -> Result<Option<TantivyDocument>, SearchError> {
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::IndexRecordOption;
    let searcher = index.searcher();
    let query = TermQuery::new(
        tantivy::Term::from_field_text(index.fields().id, id),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    match top.into_iter().next() {
        Some((_, address)) => Ok(Some(searcher.doc(address)?)),
        None => Ok(None),
    }
}

/// Returns the original JSON of a stored document.
pub fn source_of(index: &CollectionIndex, stored: &TantivyDocument) -> Result<Value, SearchError> {
    decode_source(index, stored)
}

/// Decodes the stored JSON of a document into `T` (a tree, or the raw text).
fn decode_source<T: serde::de::DeserializeOwned>(
    index: &CollectionIndex,
    stored: &TantivyDocument,
) -> Result<T, SearchError> {
    let bytes = stored
        .get_first(index.fields().source)
        .and_then(|v| v.as_bytes())
        .unwrap_or_default();
    serde_json::from_slice(bytes).map_err(stored_document_error)
}

/// Parses a stored document's JSON, for the answers that read it.
fn parse_source(raw: &RawValue) -> Result<Value, SearchError> {
    serde_json::from_str(raw.get()).map_err(stored_document_error)
}

fn stored_document_error(err: serde_json::Error) -> SearchError {
    SearchError::Internal(format!("stored document: {err}"))
}

/// Returns the document stored under `id`, if any.
pub fn get_document(index: &CollectionIndex, id: &str) -> Result<Option<Value>, SearchError> {
    get_stored(index, id)?
        .map(|stored| source_of(index, &stored))
        .transpose()
}

#[cfg(test)]
mod tests {
    use tantivy::DocAddress;

    use super::*;

    /// Audit of the search: paging by distance through many documents at the same place
    /// came back to the same page forever, the cursor's distance read back a hair off.
    #[test]
    fn cursors_give_back_the_exact_key() {
        let mut key = -3.0_f64;
        for step in 0..20_000 {
            key -= 0.000_123_456_789_012_345_67 * f64::from(step % 97 + 1);
            let hit = RankedHit {
                key,
                id_hash: u64::MAX - step as u64,
                address: DocAddress::new(0, 0),
                score: 0.0,
                distance_km: None,
            };
            for sort in [SortBy::Relevance, SortBy::UpdatedAt, SortBy::Distance] {
                let cursor = decode_cursor(&encode_cursor(sort, &hit), sort).expect("a cursor");
                assert_eq!(cursor.key.to_bits(), key.to_bits(), "{key}");
                assert_eq!(cursor.id_hash, hit.id_hash);
            }
        }
    }
}
