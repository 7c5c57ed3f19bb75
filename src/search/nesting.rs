//! Bounds how deeply a query string nests, before it reaches tantivy's parser.
//!
//! tantivy's query grammar is a recursive descent parser: every group `(...)` (also
//! `field:(...)`) and every `NOT` costs it a few stack frames, and so does every level of
//! the tree it returns when the tree is rewritten, translated, scored and dropped. A `q` of
//! a few hundred `(` or `NOT` (1 KB of text) overflows a thread's stack and aborts the whole
//! server, so the nesting is measured here without recursion and refused past
//! [`MAX_QUERY_DEPTH`].
//!
//! The measure is an upper bound of the parser's own: every `(` that may open a group and
//! every `NOT` that may negate counts, and a `)` closes a level only where it cannot be
//! inside a phrase, a regular expression or a range. Once the query holds one of those (a
//! quote, `/`, `[`, `{`, `<` or `>` where a term may start), a `)` no longer closes
//! anything: a query whose brackets the scan cannot follow exactly is judged by all its
//! `(` and `NOT`, which an honest query never has [`MAX_QUERY_DEPTH`] of.

use super::SearchError;

/// Deepest nesting of groups and `NOT`s a query may have. Queries typed by people nest two
/// or three levels; 32 keeps every recursion over the query a few hundred kilobytes of
/// stack at most, far below the 2 MB of a worker thread.
pub const MAX_QUERY_DEPTH: usize = 32;

/// Refuses a query nesting groups and `NOT`s deeper than [`MAX_QUERY_DEPTH`], with the
/// byte offset where the limit is passed.
pub fn check_depth(q: &str) -> Result<(), SearchError> {
    match first_too_deep(q, MAX_QUERY_DEPTH) {
        None => Ok(()),
        Some(position) => Err(SearchError::BadQuery {
            message: format!(
                "query nested too deeply: at most {MAX_QUERY_DEPTH} levels of parentheses and NOT"
            ),
            position: Some(position),
        }),
    }
}

/// The byte offset of the first `(` or `NOT` that nests deeper than `max`, if any.
fn first_too_deep(q: &str, max: usize) -> Option<usize> {
    let mut scan = DepthScan::default();
    let mut chars = q.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((position, c)) = chars.next() {
        // An escaped character is a literal part of a word.
        if c == '\\' {
            previous = chars.next().map(|(_, escaped)| escaped);
            continue;
        }
        // Inside a word, brackets and quotes are literal: only a `)` or a blank ends a
        // word, and no term ends with a letter but a word.
        let in_word = previous.is_some_and(char::is_alphabetic);
        previous = Some(c);
        match c {
            '(' if !in_word => scan.open_group(),
            ')' => scan.close_group(),
            '"' | '\'' | '/' | '<' | '>' if !in_word => scan.lose_track(),
            '[' | '{' => scan.lose_track(),
            'N' if !in_word && is_not_operator(&q[position..]) => {
                scan.negate();
                // "NOT" and the blanks after it: the negated term starts after them.
                chars.next();
                chars.next();
                while chars.peek().is_some_and(|(_, next)| next.is_whitespace()) {
                    chars.next();
                }
                previous = Some(' ');
            }
            c if c.is_whitespace() => {
                // The first blank after a term ends it, unless a `:` follows: then the term
                // was a field name (`title : (java)`) and what it applies to comes next.
                let before = &q[..position];
                let ends_a_term = !before.is_empty()
                    && !before.ends_with(char::is_whitespace)
                    && !before.ends_with([':', '+', '-', '(']);
                if ends_a_term && !q[position..].trim_start().starts_with(':') {
                    scan.end_term();
                }
            }
            _ => {}
        }
        if scan.depth() > max {
            return Some(position);
        }
    }
    None
}

/// Whether `rest` starts with the `NOT` operator (tantivy wants a blank after it).
fn is_not_operator(rest: &str) -> bool {
    rest.strip_prefix("NOT")
        .is_some_and(|after| after.starts_with(char::is_whitespace))
}

/// The levels the parser is in at one point of the query, as far as the scan can tell.
#[derive(Default)]
struct DepthScan {
    /// Open groups, each with the levels it holds: itself and the `NOT`s before it.
    groups: Vec<usize>,
    /// Levels of the open groups together.
    in_groups: usize,
    /// `NOT`s waiting for the term they negate.
    pending_nots: usize,
    /// Whether a phrase, regular expression or range was met: from then on the scan
    /// cannot tell a closing `)` from a literal one, and only counts up.
    lost_track: bool,
}

impl DepthScan {
    fn depth(&self) -> usize {
        self.in_groups + self.pending_nots
    }

    fn open_group(&mut self) {
        let levels = 1 + self.pending_nots;
        self.groups.push(levels);
        self.in_groups += levels;
        self.pending_nots = 0;
    }

    fn close_group(&mut self) {
        if self.lost_track {
            return;
        }
        // A `)` ends the term before it and the group around it, with the `NOT`s that
        // negate that group. One without a group stops tantivy's parser: nothing follows.
        if let Some(levels) = self.groups.pop() {
            self.in_groups -= levels;
        }
        self.pending_nots = 0;
    }

    fn negate(&mut self) {
        self.pending_nots += 1;
    }

    fn end_term(&mut self) {
        if !self.lost_track {
            self.pending_nots = 0;
        }
    }

    fn lose_track(&mut self) {
        self.lost_track = true;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tantivy::query_grammar::{parse_query_lenient, UserInputAst};

    use super::*;

    fn depth(q: &str) -> usize {
        (0..=q.len() + 1)
            .find(|max| first_too_deep(q, *max).is_none())
            .expect("a bound")
    }

    /// Levels of the tree tantivy's parser returns.
    fn tree_depth(ast: &UserInputAst) -> usize {
        match ast {
            UserInputAst::Clause(clauses) => {
                1 + clauses
                    .iter()
                    .map(|(_, clause)| tree_depth(clause))
                    .max()
                    .unwrap_or(0)
            }
            UserInputAst::Boost(inner, _) => 1 + tree_depth(inner),
            UserInputAst::Leaf(_) => 1,
        }
    }

    #[test]
    fn counts_groups_and_nots() {
        assert_eq!(depth("java"), 0);
        assert_eq!(depth("(java OR kotlin) AND (spring OR quarkus)"), 1);
        assert_eq!(depth("((java))"), 2);
        assert_eq!(depth("NOT NOT java"), 2);
        assert_eq!(depth("NOT (NOT (java))"), 4);
        assert_eq!(depth("java NOT stage NOT alternance NOT apprenti"), 1);
        assert_eq!(depth("title:(java OR title:(kotlin))"), 2);
        assert_eq!(depth("NOT title : (java)"), 2);
    }

    #[test]
    fn words_are_not_brackets_or_quotes() {
        assert_eq!(depth("agent d'accueil (hôtel OR restaurant)"), 1);
        assert_eq!(depth("serveur H/F (CDI OR CDD)"), 1);
        assert_eq!(depth("Agent(e) (sécurité)"), 1);
        assert_eq!(depth("NOTAIRE (droit)"), 1);
    }

    #[test]
    fn a_closing_bracket_that_may_be_literal_closes_nothing() {
        // In a phrase, `)` is a letter: each `( ")"` is one level deeper for the parser.
        let ghost_closes = "( \")\" ".repeat(40);
        assert!(depth(&format!("{ghost_closes}java")) >= 40);
        let in_ranges = "( [a) TO b)] ".repeat(40);
        assert!(depth(&format!("{in_ranges}java")) >= 40);
        let in_regexes = "( /a)/ ".repeat(40);
        assert!(depth(&format!("{in_regexes}java")) >= 40);
    }

    #[test]
    fn deep_queries_are_refused_with_the_limit_and_where() {
        let deep = format!("{}java{}", "(".repeat(800), ")".repeat(800));
        let Err(SearchError::BadQuery { message, position }) = check_depth(&deep) else {
            panic!("800 groups accepted");
        };
        assert!(message.contains("at most 32"), "{message}");
        assert_eq!(position, Some(MAX_QUERY_DEPTH));
        let nots = format!("{}java", "NOT ".repeat(300));
        assert!(check_depth(&nots).is_err());
        let nested = format!("{}java{}", "(".repeat(32), ")".repeat(32));
        assert!(check_depth(&nested).is_ok());
    }

    /// Pieces of queries that change how the parser nests, or that the scan might take for
    /// such a piece.
    /// Openings come most often: a query must nest to tell a bound from a wrong one.
    const PIECES: &[&str] = &[
        "(", "(", "(", "( ", "(", ")", ")", "NOT ", "NOT ", "NOT", "AND ", "OR ", " ", " ", "java",
        "é", "2", ":", "title:", "\\", "\"", "\"", "'", "'", "/", "/", "[", "]", "{", "}", "^2",
        "^", "*", "-", "+", "~2", "<", ">", "IN [", "\t", " : ",
    ];

    /// Terms with brackets, quotes and slashes that are literal to the parser.
    const TERMS: &[&str] = &[
        "java",
        "d'accueil",
        "H/F",
        "\"chef ) de (partie\"",
        "'x ) y'",
        "\"a ( b\"~2",
        "[a) TO b)]",
        "{1 TO 5)}",
        "/ab)c/",
        "title:java",
        "title:\"x ) y\"",
        "*",
        "dév*",
        "IN [a) b)]",
        "a\\)b",
        "NOTAIRE",
    ];

    /// A query made of groups, negations, boosts and [`TERMS`], with how deeply the
    /// parser nests in it.
    fn nested_query() -> impl Strategy<Value = (String, usize)> {
        let term = proptest::sample::select(TERMS).prop_map(|term| (term.to_string(), 0));
        term.prop_recursive(12, 256, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 1..4).prop_map(|children| {
                    let depth = children.iter().map(|(_, d)| *d).max().unwrap_or(0);
                    let texts: Vec<String> = children.into_iter().map(|(q, _)| q).collect();
                    (format!("({})", texts.join(" ")), depth + 1)
                }),
                proptest::collection::vec(inner.clone(), 1..3).prop_map(|children| {
                    let depth = children.iter().map(|(_, d)| *d).max().unwrap_or(0);
                    let texts: Vec<String> = children.into_iter().map(|(q, _)| q).collect();
                    (format!("title:( {} )", texts.join(" OR ")), depth + 1)
                }),
                // `NOT` negates one term: what starts with `-` after it is a word.
                inner
                    .clone()
                    .prop_map(|(q, depth)| match q.starts_with('-') {
                        false => (format!("NOT {q}"), depth + 1),
                        true => (format!("NOT ({q})"), depth + 2),
                    }),
                inner
                    .clone()
                    .prop_map(|(q, depth)| (format!("-{q}^2"), depth)),
                (inner.clone(), inner)
                    .prop_map(|((a, da), (b, db))| { (format!("({a} AND {b})"), da.max(db) + 1) }),
            ]
        })
    }

    proptest! {
        /// However literal brackets hide among real ones, the scan counts at least as
        /// deep as the parser goes.
        #[test]
        fn the_scan_counts_every_level(query in nested_query()) {
            let (q, levels) = query;
            prop_assert!(depth(&q) >= levels, "{q:?}: {levels} levels, counted {}", depth(&q));
        }

        /// Whatever the query, the tree tantivy parses out of it is no deeper than a few
        /// levels per level counted (a flat query is up to five deep: clauses of clauses,
        /// a boost, a negation): the bound holds for the parser and for everything that
        /// walks its tree.
        #[test]
        fn the_scan_bounds_the_parsed_tree(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..160)
        ) {
            let q: String = pieces.concat();
            let (ast, _) = parse_query_lenient(&q);
            let counted = depth(&q);
            prop_assert!(
                tree_depth(&ast) <= 3 * counted + 5,
                "{q:?}: tree {} deep, counted {counted}",
                tree_depth(&ast)
            );
        }
    }
}
