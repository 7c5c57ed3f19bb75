//! Translation of the `q` query string into a tantivy query.
//!
//! The syntax is tantivy's query grammar (AND/OR/NOT, `+`/`-`, quoted phrases with `~slop`,
//! `field:`, `^boost`), parsed leniently so that a syntax error can be reported with its
//! position. The translation is ours because the index is analysed per document language:
//! each word is analysed in the query's language and in the collection's default language
//! (and English, the lingua franca of skills), and the resulting terms are OR-ed. Words
//! ending in `*` are prefixes: lower-cased and folded, never stemmed.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhraseQuery, Query,
    RegexQuery, TermQuery,
};
use tantivy::query_grammar::{
    parse_query_lenient, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;
use vivier_analyzers::normalize::normalize_label;
use vivier_analyzers::taxonomy::{ConceptKind, Taxonomy};
use vivier_analyzers::words::words;
use vivier_analyzers::{Analyzers, Lang};
use vivier_schema::{CollectionSchema, TextField};

use super::{nesting, SearchError};

/// Weight of the best-matching field plus this share of the others (DisMax tie breaker):
/// a word found in the title and the description beats one found in the title alone.
const TIE_BREAKER: f32 = 0.3;

/// Weight of a match through a resolved concept rather than the words themselves: enough
/// to find a CV that says "welding" for "soudure", low enough that a CV using the very
/// words ranks first.
const CONCEPT_BOOST: f32 = 0.6;
/// A label naming more concepts than this is too vague to expand a query.
const MAX_CONCEPTS_PER_LABEL: usize = 3;

/// Most words, phrases and prefixes a query may have: each becomes a query per field and
/// language, and a title used as a match's query (at most 1,024 characters) has far fewer.
pub const MAX_QUERY_TERMS: usize = 1_024;

/// Keyword fields that `field:value` may target besides text fields; matched verbatim.
const KEYWORD_FIELDS: &[&str] = &[
    "contract_types",
    "languages",
    "city",
    "postal_code",
    "lang",
    "id",
    "skill_ids",
    "occupation_ids",
];

/// Terms and prefixes a query looks for, per text field name; feeds the highlighter.
#[derive(Debug, Default, Clone)]
pub struct QueryTerms {
    /// Analysed terms per field.
    pub terms: BTreeMap<&'static str, BTreeSet<String>>,
    /// Folded prefixes per field.
    pub prefixes: BTreeMap<&'static str, BTreeSet<String>>,
}

/// A parsed `q`, ready to run.
pub struct ParsedQuery {
    /// The tantivy query (`AllQuery` for an empty `q`).
    pub query: Box<dyn Query>,
    /// What to highlight.
    pub terms: QueryTerms,
}

/// Translates query strings for one collection.
pub struct QueryBuilder<'a> {
    source: String,
    taxonomy: Option<&'a Taxonomy>,
    fields: &'a CollectionSchema,
    analyzers: &'a Analyzers,
    langs: Vec<Lang>,
    terms: QueryTerms,
    /// The whole query, normalised: [`QueryBuilder::build`] matches its concepts, so a
    /// literal that is the whole query leaves them out of its own alternatives.
    whole_query: String,
    /// Whether a literal was the whole query.
    whole_literal: bool,
    /// Terms translated so far, up to [`MAX_QUERY_TERMS`].
    term_count: usize,
}

impl<'a> QueryBuilder<'a> {
    /// Creates a builder analysing words in `query_lang` and `default_lang`.
    pub fn new(
        fields: &'a CollectionSchema,
        analyzers: &'a Analyzers,
        query_lang: Lang,
        default_lang: Lang,
    ) -> Self {
        let mut langs = vec![query_lang];
        for lang in [default_lang, Lang::En] {
            if !langs.contains(&lang) {
                langs.push(lang);
            }
        }
        QueryBuilder {
            source: String::new(),
            taxonomy: None,
            fields,
            analyzers,
            langs,
            terms: QueryTerms::default(),
            whole_query: String::new(),
            whole_literal: false,
            term_count: 0,
        }
    }

    /// Also matches documents tagged with the concepts that query words name.
    pub fn with_taxonomy(mut self, taxonomy: &'a Taxonomy) -> Self {
        self.taxonomy = Some(taxonomy);
        self
    }

    /// Parses and translates `q`.
    pub fn build(mut self, q: &str) -> Result<ParsedQuery, SearchError> {
        self.source = q.to_string();
        if q.trim().is_empty() {
            return Ok(ParsedQuery {
                query: Box::new(AllQuery),
                terms: self.terms,
            });
        }
        let q = &blank_inclusive_endings(q);
        // tantivy's parser recurses once per level: measured first, without recursion.
        nesting::check_depth(q)?;
        let (ast, errors) = parse_query_lenient(q);
        if let Some(error) = errors.first() {
            return Err(SearchError::BadQuery {
                message: format!("syntax error: {}", error.message.to_lowercase()),
                position: Some(error.pos),
            });
        }
        // A query that excludes words is not the name of a concept: its concepts would let
        // back in the documents it excludes.
        let negated = has_negation(&ast);
        if !negated {
            self.whole_query = normalize_label(q);
        }
        let mut query = self.translate(ast)?;
        // The whole query may name a concept ("chef de projet"): documents tagged with it
        // match too, even in other words or another language. A query of one word or
        // phrase weighs its concept twice (once as an alternative of its words, once on
        // top, as it did when both were separate clauses), in one clause: the concept's
        // postings are read once.
        let boost = if self.whole_literal {
            2.0 * CONCEPT_BOOST
        } else {
            CONCEPT_BOOST
        };
        let concept_query = if negated {
            None
        } else {
            self.concept_query(q, boost)
        };
        if let Some(concept_query) = concept_query {
            query = Box::new(BooleanQuery::new(vec![
                (Occur::Should, query),
                (Occur::Should, concept_query),
            ]));
        }
        Ok(ParsedQuery {
            query,
            terms: self.terms,
        })
    }

    fn translate(&mut self, ast: UserInputAst) -> Result<Box<dyn Query>, SearchError> {
        match ast {
            UserInputAst::Clause(clauses) => self.translate_clauses(clauses),
            UserInputAst::Boost(inner, boost) => {
                let boost = boost.into_inner();
                // A boost past this turns scores infinite, and the ranking meaningless.
                if !(0.0..=MAX_BOOST).contains(&boost) {
                    return Err(SearchError::BadQuery {
                        message: format!("a boost (`^`) is a number from 0 to {MAX_BOOST}"),
                        position: None,
                    });
                }
                let inner = self.translate(*inner)?;
                Ok(Box::new(BoostQuery::new(inner, boost as f32)))
            }
            UserInputAst::Leaf(leaf) => self.translate_leaf(*leaf),
        }
    }

    fn translate_clauses(
        &mut self,
        clauses: Vec<(Option<tantivy::query_grammar::Occur>, UserInputAst)>,
    ) -> Result<Box<dyn Query>, SearchError> {
        use tantivy::query_grammar::Occur as UserOccur;
        let mut subqueries: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (occur, ast) in clauses {
            let query = self.translate(ast)?;
            if query.is::<EmptyQuery>() {
                // A clause of only stop words ("de") constrains nothing.
                continue;
            }
            // Recruiters expect every word to count: the default operator is AND.
            let occur = match occur {
                Some(UserOccur::Should) => Occur::Should,
                Some(UserOccur::MustNot) => Occur::MustNot,
                Some(UserOccur::Must) | None => Occur::Must,
            };
            subqueries.push((occur, query));
        }
        if subqueries.is_empty() {
            return Ok(Box::new(EmptyQuery));
        }
        // A purely negative query ("-stage") means "everything but".
        if subqueries.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            subqueries.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Box::new(BooleanQuery::new(subqueries)))
    }

    fn translate_leaf(&mut self, leaf: UserInputLeaf) -> Result<Box<dyn Query>, SearchError> {
        self.term_count += 1;
        if self.term_count > MAX_QUERY_TERMS {
            return Err(SearchError::BadQuery {
                message: format!("query too long: at most {MAX_QUERY_TERMS} terms"),
                position: None,
            });
        }
        match leaf {
            UserInputLeaf::Literal(literal) => self.translate_literal(literal),
            UserInputLeaf::All => Ok(Box::new(AllQuery)),
            UserInputLeaf::Range { .. } | UserInputLeaf::Set { .. } => Err(unsupported(
                "ranges and sets are not supported in `q`; use `filters` (years_experience, updated_since, ...)",
            )),
            UserInputLeaf::Exists { field } => Err(unsupported(&format!(
                "`{field}:*` is not supported; name a word to look for"
            ))),
            UserInputLeaf::Regex { .. } => Err(unsupported(
                "regular expressions are not supported; use a prefix such as `dévelop*`",
            )),
        }
    }

    fn translate_literal(
        &mut self,
        literal: UserInputLiteral,
    ) -> Result<Box<dyn Query>, SearchError> {
        let targets: Vec<TextField> = match literal.field_name.as_deref() {
            None => self.fields.text_fields.clone(),
            Some(name) => match self.fields.text_field(name) {
                Some(field) => vec![*field],
                None if KEYWORD_FIELDS.contains(&name) => {
                    return self.keyword_query(name, &literal.phrase);
                }
                None => return Err(self.unknown_field(name)),
            },
        };
        let quoted = literal.delimiter != Delimiter::None;
        if !quoted {
            if let Some(prefix) = literal.phrase.strip_suffix('*') {
                return self.prefix_query(&targets, prefix);
            }
        }
        let mut per_field: Vec<Box<dyn Query>> = targets
            .iter()
            .filter_map(|target| self.field_query(target, &literal.phrase, literal.slop))
            .collect();
        if literal.field_name.is_none() {
            if normalize_label(&literal.phrase) == self.whole_query {
                self.whole_literal = true;
            } else {
                per_field.extend(self.concept_query(&literal.phrase, CONCEPT_BOOST));
            }
        }
        if per_field.is_empty() {
            return Ok(Box::new(EmptyQuery));
        }
        Ok(Box::new(DisjunctionMaxQuery::with_tie_breaker(
            per_field,
            TIE_BREAKER,
        )))
    }

    /// The query for one text in one field: the OR of its analyses in each language.
    fn field_query(&mut self, target: &TextField, text: &str, slop: u32) -> Option<Box<dyn Query>> {
        let mut variants: Vec<Vec<(usize, Term)>> = Vec::new();
        for (rank, lang) in self.langs.iter().enumerate() {
            let tokens = self.analyzers.tokens(*lang, text);
            // Whether a word is a stop word is for the query's own language to say: "de" is
            // one in French, and must not come back as an English term.
            if rank == 0 && tokens.is_empty() {
                return None;
            }
            let terms: Vec<(usize, Term)> = tokens
                .iter()
                .map(|token| {
                    (
                        token.position,
                        Term::from_field_text(target.field, &token.text),
                    )
                })
                .collect();
            if !terms.is_empty() && !variants.contains(&terms) {
                let highlight = self.terms.terms.entry(target.name).or_default();
                highlight.extend(tokens.into_iter().map(|token| token.text));
                variants.push(terms);
            }
        }
        let queries: Vec<(Occur, Box<dyn Query>)> = variants
            .into_iter()
            .map(|terms| (Occur::Should, term_or_phrase(terms, slop)))
            .collect();
        match queries.len() {
            0 => None,
            1 => queries
                .into_iter()
                .next()
                .map(|(_, query)| boosted(query, target.boost)),
            _ => Some(boosted(Box::new(BooleanQuery::new(queries)), target.boost)),
        }
    }

    /// Matches documents tagged with the concepts `text` names, if it names few, with
    /// score `boost`.
    fn concept_query(&self, text: &str, boost: f32) -> Option<Box<dyn Query>> {
        let taxonomy = self.taxonomy?;
        let hits = taxonomy.lookup(&normalize_label(text));
        if hits.is_empty() || hits.len() > MAX_CONCEPTS_PER_LABEL {
            return None;
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> = hits
            .iter()
            .map(|hit| {
                let concept = taxonomy.concept(hit.concept);
                let field = match concept.kind {
                    ConceptKind::Skill => self.fields.skill_weights,
                    ConceptKind::Occupation => self.fields.occupation_weights,
                };
                let term = Term::from_field_text(field, &concept.id);
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (Occur::Should, query)
            })
            .collect();
        Some(Box::new(BoostQuery::new(
            Box::new(BooleanQuery::new(clauses)),
            boost,
        )))
    }

    fn prefix_query(
        &mut self,
        targets: &[TextField],
        prefix: &str,
    ) -> Result<Box<dyn Query>, SearchError> {
        let folded = fold_prefix(self.analyzers, prefix);
        if folded.chars().count() < 2 {
            return Err(SearchError::BadQuery {
                message: format!("prefix `{prefix}*` is too short: give at least two letters"),
                position: None,
            });
        }
        let pattern = format!("{}.*", regex_escape(&folded));
        // Compiled once: building the automaton costs as much as walking a term dictionary.
        let regex = Arc::new(
            tantivy_fst::Regex::new(&pattern)
                .map_err(|err| unsupported(&format!("bad prefix: {err}")))?,
        );
        let mut per_field: Vec<Box<dyn Query>> = Vec::new();
        for target in targets {
            let query = RegexQuery::from_regex(Arc::clone(&regex), target.field);
            per_field.push(boosted(Box::new(query), target.boost));
            self.terms
                .prefixes
                .entry(target.name)
                .or_default()
                .insert(folded.clone());
        }
        Ok(Box::new(DisjunctionMaxQuery::with_tie_breaker(
            per_field,
            TIE_BREAKER,
        )))
    }

    fn keyword_query(&self, name: &str, value: &str) -> Result<Box<dyn Query>, SearchError> {
        let field: Field = self
            .fields
            .schema
            .get_field(name)
            .map_err(|_| self.unknown_field(name))?;
        let term = Term::from_field_text(field, value);
        Ok(Box::new(TermQuery::new(term, IndexRecordOption::Basic)))
    }
}

/// Whether a query excludes something (`-java`, `NOT java`).
/// Blanks the inclusive-writing endings of the query's words ("Agent(e) de sécurité",
/// "Mitarbeiter:innen"; see [`vivier_analyzers::words`]), which the query grammar would read
/// as a group or a field, and analysis drops anyway. Spaces of the same length keep the
/// positions of syntax errors those of the query as typed.
fn blank_inclusive_endings(q: &str) -> Cow<'_, str> {
    let endings: Vec<(usize, usize)> = words(q)
        .filter(|word| !word.elided && word.end > word.core_end)
        .map(|word| (word.core_end, word.end))
        .collect();
    if endings.is_empty() {
        return Cow::Borrowed(q);
    }
    let mut blanked = String::with_capacity(q.len());
    let mut from = 0;
    for (start, end) in endings {
        blanked.push_str(&q[from..start]);
        blanked.extend(std::iter::repeat_n(' ', end - start));
        from = end;
    }
    blanked.push_str(&q[from..]);
    Cow::Owned(blanked)
}

fn has_negation(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().any(|(occur, clause)| {
            *occur == Some(tantivy::query_grammar::Occur::MustNot) || has_negation(clause)
        }),
        UserInputAst::Boost(inner, _) => has_negation(inner),
        UserInputAst::Leaf(_) => false,
    }
}

fn term_or_phrase(terms: Vec<(usize, Term)>, slop: u32) -> Box<dyn Query> {
    if terms.len() == 1 {
        let (_, term) = terms.into_iter().next().expect("one term");
        return Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
    }
    let mut phrase = PhraseQuery::new_with_offset(terms);
    phrase.set_slop(slop);
    Box::new(phrase)
}

/// Largest boost a query may give a clause (`java^10`).
const MAX_BOOST: f64 = 1_000.0;

/// Wraps `query` to multiply its score by `boost`, unless the boost changes nothing.
pub(super) fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

/// Lower-cases and folds accents of a prefix the way indexed terms are, without stemming.
fn fold_prefix(analyzers: &Analyzers, prefix: &str) -> String {
    analyzers
        .tokens(Lang::Other(*b"xx"), prefix)
        .into_iter()
        .map(|token| token.text)
        .collect::<Vec<_>>()
        .join("")
}

fn regex_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~\"@<>".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn unsupported(message: &str) -> SearchError {
    SearchError::BadQuery {
        message: message.to_string(),
        position: None,
    }
}

impl QueryBuilder<'_> {
    fn unknown_field(&self, name: &str) -> SearchError {
        let mut known: Vec<&str> = self.fields.text_fields.iter().map(|f| f.name).collect();
        known.extend(KEYWORD_FIELDS);
        SearchError::BadQuery {
            message: format!(
                "unknown field `{name}`, expected one of: {}",
                known.join(", ")
            ),
            position: self.source.find(&format!("{name}:")),
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::Count;
    use tantivy::{doc, Index};
    use vivier_analyzers::encoded::encode;
    use vivier_schema::Collection;

    use super::*;

    fn builder<'a>(fields: &'a CollectionSchema, analyzers: &'a Analyzers) -> QueryBuilder<'a> {
        QueryBuilder::new(fields, analyzers, Lang::Fr, Lang::Fr)
    }

    fn error_of(q: &str) -> (String, Option<usize>) {
        let fields = CollectionSchema::new(Collection::Cvs);
        let analyzers = Analyzers::build();
        match builder(&fields, &analyzers).build(q) {
            Err(SearchError::BadQuery { message, position }) => (message, position),
            other => panic!(
                "{q}: expected a bad query, got {:?}",
                other.map(|p| format!("{:?}", p.query))
            ),
        }
    }

    /// Counts matches of `q` in a tiny index of headlines.
    fn count(q: &str, headlines: &[&str]) -> usize {
        let fields = CollectionSchema::new(Collection::Cvs);
        let analyzers = Analyzers::build();
        let index = Index::create_in_ram(fields.schema.clone());
        analyzers.register(index.tokenizers(), vivier_schema::TEXT_TOKENIZER);
        let headline = fields.text_field("headline").expect("headline").field;
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
        for text in headlines {
            let mut document = doc!();
            document.add_text(headline, encode(&analyzers.analyse(Lang::Fr, text)));
            writer.add_document(document).expect("add");
        }
        writer.commit().expect("commit");
        let parsed = builder(&fields, &analyzers).build(q).expect("valid query");
        let searcher = index.reader().expect("reader").searcher();
        searcher.search(&*parsed.query, &Count).expect("search")
    }

    #[test]
    fn words_are_and_by_default_and_or_when_asked() {
        let headlines = ["Développeur Java", "Développeur Python", "Serveur"];
        assert_eq!(count("développeur java", &headlines), 1);
        assert_eq!(count("java OR python", &headlines), 2);
        assert_eq!(count("développeur -java", &headlines), 1);
        assert_eq!(count("-développeur", &headlines), 1);
        assert_eq!(count("", &headlines), 3);
    }

    #[test]
    fn phrases_prefixes_and_stop_words() {
        let headlines = ["Chef de partie", "Partie de chef", "Développeuse web"];
        assert_eq!(count("\"chef de partie\"", &headlines), 1);
        assert_eq!(count("\"chef partie\"~2", &headlines), 1);
        assert_eq!(count("dévelop*", &headlines), 1);
        assert_eq!(count("DEVELOPPEURS", &headlines), 1);
        // A stop word within a query constrains nothing; alone, it matches nothing.
        assert_eq!(count("chef de", &headlines), count("chef", &headlines));
        assert_eq!(count("de", &headlines), 0);
    }

    #[test]
    fn inclusive_writing_is_a_word_not_a_group_or_a_field() {
        let headlines = ["Agent de sécurité", "Agente de sécurité", "Agent d'accueil"];
        assert_eq!(count("Agent(e) de sécurité", &headlines), 2);
        assert_eq!(count("\"agent(e)s de sécurité\"", &headlines), 2);
        assert_eq!(count("agent:innen", &headlines), 3);
        assert_eq!(count("(agent OR agente) sécurité", &headlines), 2);
        assert_eq!(error_of("agent(e) AND (").1, Some(14));
    }

    #[test]
    fn an_excluded_word_excludes_its_concept_too() {
        let fields = CollectionSchema::new(Collection::Cvs);
        let analyzers = Analyzers::build();
        let taxonomy = vivier_analyzers::taxonomy::source::builtin_taxonomy();
        let waiter = taxonomy.lookup(&normalize_label("serveuse"))[0].concept;
        let waiter_id = taxonomy.concept(waiter).id.clone();
        let index = Index::create_in_ram(fields.schema.clone());
        analyzers.register(index.tokenizers(), vivier_schema::TEXT_TOKENIZER);
        let headline = fields.text_field("headline").expect("headline").field;
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
        for (text, concept) in [
            ("Serveuse en brasserie", Some(&waiter_id)),
            ("Waitress in a brasserie", Some(&waiter_id)),
            ("Plombier", None),
        ] {
            let mut document = doc!();
            document.add_text(headline, encode(&analyzers.analyse(Lang::Fr, text)));
            if let Some(id) = concept {
                document.add_text(fields.occupation_weights, id);
            }
            writer.add_document(document).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let count = |q: &str| {
            let parsed = builder(&fields, &analyzers)
                .with_taxonomy(&taxonomy)
                .build(q)
                .expect("valid query");
            searcher.search(&*parsed.query, &Count).expect("search")
        };
        // The concept brings in the English CV; excluding the word excludes both.
        assert_eq!(count("serveuse"), 2);
        assert_eq!(count("-serveuse"), 1);
        assert_eq!(count("brasserie -serveuse"), 0);
    }

    #[test]
    fn errors_name_the_problem_and_its_position() {
        let (message, position) = error_of("java AND (spring");
        assert!(message.starts_with("syntax error"), "{message}");
        assert!(position.is_some());
        let (message, position) = error_of("java nickname:bob");
        assert!(message.contains("unknown field `nickname`"), "{message}");
        assert_eq!(position, Some(5));
        assert!(error_of("d*").0.contains("too short"));
        assert!(error_of("years_experience:[1 TO 3]").0.contains("filters"));
        assert!(error_of("/regex/").0.contains("regular expressions"));
    }

    #[test]
    fn deep_or_long_queries_are_refused_before_parsing() {
        let (message, position) = error_of(&format!("{}java{}", "(".repeat(800), ")".repeat(800)));
        assert!(message.contains("nested too deeply"), "{message}");
        assert_eq!(position, Some(nesting::MAX_QUERY_DEPTH));
        assert!(error_of(&format!("{}java", "NOT ".repeat(300)))
            .0
            .contains("at most 32 levels"));
        // Distinct words: the parser drops repeated ones.
        let words = |n: usize| {
            let mut words: Vec<String> = (1..n).map(|i| format!("mot{i}")).collect();
            words.push("java".to_string());
            words.join(" OR ")
        };
        assert!(error_of(&words(MAX_QUERY_TERMS + 1))
            .0
            .contains("at most 1024 terms"));
        let headlines = ["Développeur Java"];
        let nested = format!("{}java{}", "(".repeat(32), ")".repeat(32));
        assert_eq!(count(&nested, &headlines), 1);
        assert_eq!(count(&words(MAX_QUERY_TERMS), &headlines), 1);
    }
}
