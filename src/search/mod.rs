//! The search engine behind `POST /{collection}/_search`: request model, query translation,
//! filters, sorting with cursors, facets and highlights.

pub mod collector;
pub mod facets;
pub mod filters;
pub mod geo_query;
pub mod highlight;
pub mod query;

use std::collections::BTreeMap;
use std::time::Instant;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Value as _;
use tantivy::{Searcher, TantivyDocument};
use vivier_analyzers::{detect, Analyzers, Lang};
use vivier_indexer::CollectionIndex;

use collector::{Cursor, RankedHit, SortBy, TopHits};
use filters::Filters;
use highlight::HighlightOptions;
use query::QueryBuilder;

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
#[serde(untagged)]
pub enum HighlightRequest {
    /// On or off with default options.
    Enabled(bool),
    /// On with these options.
    Options(HighlightOptions),
}

/// Body of `POST /{collection}/_search`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
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
}

/// One hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// Relevance score.
    pub score: f32,
    /// The document as stored.
    pub doc: Value,
    /// Snippets per field.
    pub highlights: BTreeMap<String, Vec<String>>,
    /// Distance to the search point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
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

#[derive(Serialize, Deserialize)]
struct CursorToken {
    sort: SortBy,
    key: f64,
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
    let sort = request.sort.unwrap_or(SortBy::Relevance);
    let after = request
        .search_after
        .as_deref()
        .map(|token| decode_cursor(token, sort))
        .transpose()?;
    filters::check_collection(fields.collection, &request.filters)?;
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
        Some(code) => code
            .parse::<Lang>()
            .map_err(|err| SearchError::InvalidRequest(format!("lang: {err}")))?,
        None => detect(&request.q, default_lang).lang,
    };
    let mut builder = QueryBuilder::new(fields, analyzers, query_lang, default_lang);
    if let Some(extractor) = index.preparer().concepts() {
        builder = builder.with_taxonomy(extractor.taxonomy());
    }
    let parsed = builder.build(&request.q)?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, parsed.query)];
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
    };
    let facet_collector = facets::collector(&request.facets)?;
    let searcher = index.searcher();
    let (total, ranked, facets) = match facet_collector {
        Some(aggregations) => {
            let (total, ranked, results) = searcher.search(&query, &(Count, top, aggregations))?;
            (total, ranked, facets::to_facets(results))
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
    let mut hits = Vec::with_capacity(page.len());
    for ranked in &page {
        hits.push(load_hit(
            &searcher,
            index,
            analyzers,
            ranked,
            highlight.as_ref(),
            &parsed.terms,
        )?);
    }
    Ok(SearchResponse {
        total,
        hits,
        facets,
        took_ms: started.elapsed().as_millis() as u64,
        next,
    })
}

fn load_hit(
    searcher: &Searcher,
    index: &CollectionIndex,
    analyzers: &Analyzers,
    ranked: &RankedHit,
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
    let source = stored
        .get_first(fields.source)
        .and_then(|v| v.as_bytes())
        .unwrap_or_default();
    let doc: Value = serde_json::from_slice(source)
        .map_err(|err| SearchError::Internal(format!("stored document {id}: {err}")))?;
    let highlights = match highlight {
        Some(options) => highlights_of(
            analyzers,
            fields.collection,
            &doc,
            &stored,
            index,
            terms,
            options,
        ),
        None => BTreeMap::new(),
    };
    Ok(Hit {
        id,
        score: ranked.score,
        doc,
        highlights,
        distance_km: ranked.distance_km.map(|km| (km * 1000.0).round() / 1000.0),
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
        key: hit.key,
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
        key: token.key,
        id_hash: token.id_hash,
    })
}

/// Returns the document stored under `id`, if any.
pub fn get_document(index: &CollectionIndex, id: &str) -> Result<Option<Value>, SearchError> {
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::IndexRecordOption;
    let fields = index.fields();
    let searcher = index.searcher();
    let query = TermQuery::new(
        tantivy::Term::from_field_text(fields.id, id),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let Some((_, address)) = top.into_iter().next() else {
        return Ok(None);
    };
    let stored: TantivyDocument = searcher.doc(address)?;
    let source = stored
        .get_first(fields.source)
        .and_then(|v| v.as_bytes())
        .unwrap_or_default();
    let doc = serde_json::from_slice(source)
        .map_err(|err| SearchError::Internal(format!("stored document {id}: {err}")))?;
    Ok(Some(doc))
}
