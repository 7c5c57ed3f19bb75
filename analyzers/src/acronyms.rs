//! A token filter for stop words that are also acronyms.
//!
//! English "it" is a pronoun and a stop word, but "IT" is information technology: "IT
//! support", "IT project manager", "head of IT". Dropping both made a CV's "IT support" read
//! as "support" and left a query for "IT" with no words at all. Written in capitals, such a
//! word is the acronym and is kept; in any other case it is the stop word and is dropped.
//! The filter runs before lower-casing, which is when the writing is still known.
//!
//! Only words whose acronym is common in CVs and offers are listed. French has no such
//! list: "DE" (diplôme d'État) or "SES" are acronyms too, but French titles are often
//! written all in capitals ("CHEF DE PROJET"), where they are the stop words.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// English stop words whose capitals are an acronym: the words [`StopUnlessCapitals`]
/// filters instead of the stop-word list.
pub const ENGLISH_ACRONYM_STOP_WORDS: &[&str] = &["it"];

/// Drops each listed stop word unless it is written in capitals (two letters or more).
#[derive(Clone, Copy, Debug)]
pub struct StopUnlessCapitals {
    words: &'static [&'static str],
}

impl StopUnlessCapitals {
    /// A filter for `words`, written in lower case.
    pub fn new(words: &'static [&'static str]) -> StopUnlessCapitals {
        StopUnlessCapitals { words }
    }
}

impl TokenFilter for StopUnlessCapitals {
    type Tokenizer<T: Tokenizer> = StopUnlessCapitalsTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StopUnlessCapitalsTokenizer<T> {
        StopUnlessCapitalsTokenizer {
            words: self.words,
            inner: tokenizer,
        }
    }
}

/// Tokenizer wrapper produced by [`StopUnlessCapitals`].
#[derive(Clone)]
pub struct StopUnlessCapitalsTokenizer<T> {
    words: &'static [&'static str],
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StopUnlessCapitalsTokenizer<T> {
    type TokenStream<'a> = StopUnlessCapitalsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StopUnlessCapitalsStream {
            words: self.words,
            tail: self.inner.token_stream(text),
        }
    }
}

/// Token stream produced by [`StopUnlessCapitals`].
pub struct StopUnlessCapitalsStream<S> {
    words: &'static [&'static str],
    tail: S,
}

impl<S> StopUnlessCapitalsStream<S> {
    fn drops(&self, word: &str) -> bool {
        self.words
            .iter()
            .any(|stop| stop.eq_ignore_ascii_case(word))
            && !is_acronym(word)
    }
}

/// Returns whether a word is written in capitals, as acronyms are ("IT", "SQL", "MATLAB";
/// not "It" nor "it"): two letters or more, none in lower case.
pub fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

impl<S: TokenStream> TokenStream for StopUnlessCapitalsStream<S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if !self.drops(&self.tail.token().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};

    use super::*;

    fn kept(text: &str) -> Vec<String> {
        let mut analyzer = TextAnalyzer::builder(WhitespaceTokenizer::default())
            .filter(StopUnlessCapitals::new(ENGLISH_ACRONYM_STOP_WORDS))
            .build();
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while let Some(token) = stream.next() {
            words.push(token.text.clone());
        }
        words
    }

    #[test]
    fn the_acronym_is_kept_and_the_pronoun_dropped() {
        assert_eq!(kept("IT support"), ["IT", "support"]);
        assert_eq!(kept("fixed it fast"), ["fixed", "fast"]);
        assert_eq!(kept("It works"), ["works"]);
        assert_eq!(kept("iT"), Vec::<String>::new());
    }

    #[test]
    fn other_words_pass_whatever_their_case() {
        assert_eq!(kept("THE Head OF"), ["THE", "Head", "OF"]);
    }
}
