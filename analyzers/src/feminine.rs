//! A token filter that maps French feminine job words to their masculine form.
//!
//! Snowball's French stemmer does not unify genders ("développeuse" and "développeur" keep
//! different stems), yet a recruiter searching for one wants both. French job titles follow
//! a few regular suffix pairs, so rewriting the feminine suffix before stemming makes both
//! forms meet. It runs on lower-cased, still accented tokens.

use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Feminine suffix and its masculine replacement, longest first so that the most specific
/// rule wins. Each was checked against common job titles; rules that conflate unrelated
/// words more than they help (`-e` alone, `-ette`) are left out on purpose.
const SUFFIXES: &[(&str, &str)] = &[
    ("eresses", "eurs"), // enchanteresses
    ("eresse", "eur"),   // enchanteresse
    ("trices", "teurs"), // conductrices
    ("trice", "teur"),   // conductrice, formatrice
    ("euses", "eurs"),   // serveuses, vendeuses
    ("euse", "eur"),     // serveuse, développeuse
    ("eures", "eurs"),   // ingénieures
    ("eure", "eur"),     // ingénieure, professeure, docteure
    ("iennes", "iens"),  // techniciennes
    ("ienne", "ien"),    // technicienne, pharmacienne
    ("ères", "ers"),     // bouchères
    ("ère", "er"),       // boulangère, infirmière
    ("onnes", "ons"),    // patronnes
    ("onne", "on"),      // patronne
    ("ives", "ifs"),     // commerciales actives
    ("ive", "if"),       // sportive
    ("antes", "ants"),   // consultantes
    ("ante", "ant"),     // assistante, consultante
    ("entes", "ents"),   // agentes
    ("ente", "ent"),     // agente, présidente
    ("ées", "és"),       // employées
    ("ée", "é"),         // employée, diplômée
    ("effe", "ef"),      // cheffe
];

/// Token filter rewriting French feminine suffixes to masculine ones.
#[derive(Clone, Copy, Debug, Default)]
pub struct FrenchFeminineFilter;

impl TokenFilter for FrenchFeminineFilter {
    type Tokenizer<T: Tokenizer> = FeminineTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FeminineTokenizer<T> {
        FeminineTokenizer { inner: tokenizer }
    }
}

/// Tokenizer wrapper produced by [`FrenchFeminineFilter`].
#[derive(Clone)]
pub struct FeminineTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for FeminineTokenizer<T> {
    type TokenStream<'a> = FeminineTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FeminineTokenStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// Token stream produced by [`FrenchFeminineFilter`].
pub struct FeminineTokenStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for FeminineTokenStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(masculine) = masculine_form(&token.text) {
            let _previous = mem::replace(&mut token.text, masculine);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Returns the masculine form of a feminine word, or `None` when no rule applies.
pub fn masculine_form(word: &str) -> Option<String> {
    // Very short words ("ère", "rive") are not derived forms.
    if word.chars().count() < 6 {
        return None;
    }
    SUFFIXES.iter().find_map(|(feminine, masculine)| {
        word.strip_suffix(feminine)
            .map(|stem| format!("{stem}{masculine}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_common_job_titles() {
        let cases = [
            ("développeuse", Some("développeur")),
            ("serveuses", Some("serveurs")),
            ("conductrice", Some("conducteur")),
            ("technicienne", Some("technicien")),
            ("boulangère", Some("boulanger")),
            ("infirmières", Some("infirmiers")),
            ("assistante", Some("assistant")),
            ("employée", Some("employé")),
            ("cheffe", Some("chef")),
            ("ingénieure", Some("ingénieur")),
            ("professeures", Some("professeurs")),
            ("développeur", None),
            ("ère", None),
        ];
        for (input, expected) in cases {
            assert_eq!(masculine_form(input).as_deref(), expected, "{input}");
        }
    }
}
