//! Analysed text handed to tantivy as a plain string, and the tokenizer that reads it back.
//!
//! Vivier analyses each document in its own language before indexing, so tantivy must
//! index tokens it did not produce. Its own way, `PreTokenizedString`, is serialized to
//! JSON inside the document and parsed back by the indexing thread (tantivy 0.27's compact
//! document stores values as bytes): a tenth of the write path's time. Instead, a text
//! field's value is [`encode`]d into a compact string and the field's tokenizer,
//! [`EncodedTokenizer`], decodes it: the same tokens and positions reach the postings.
//!
//! The format is, per token, `{position}:{byte length}:{term}`, concatenated; lengths make
//! any term safe without escaping. Offsets are not kept: positions are what tantivy
//! indexes.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::analyzer::AnalysedWord;

/// Encodes analysed words for an [`EncodedTokenizer`] field; dropped words are left out.
pub fn encode(tokens: &[AnalysedWord]) -> String {
    let mut encoded = String::with_capacity(tokens.iter().map(|t| t.text().len() + 8).sum());
    for token in tokens.iter().filter(|t| !t.is_dropped()) {
        let term = token.text();
        push_number(&mut encoded, token.position);
        encoded.push(':');
        push_number(&mut encoded, term.len());
        encoded.push(':');
        encoded.push_str(term);
    }
    encoded
}

/// Appends a number in decimal (without the formatting machinery: it runs for every word
/// indexed).
fn push_number(out: &mut String, mut value: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
}

/// Reads the tokens [`encode`] wrote.
#[derive(Clone, Copy, Debug, Default)]
pub struct EncodedTokenizer;

impl Tokenizer for EncodedTokenizer {
    type TokenStream<'a> = EncodedTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> EncodedTokenStream<'a> {
        EncodedTokenStream {
            rest: text,
            token: Token::default(),
        }
    }
}

/// Token stream of [`EncodedTokenizer`]; decodes one token per step.
pub struct EncodedTokenStream<'a> {
    rest: &'a str,
    token: Token,
}

impl EncodedTokenStream<'_> {
    /// Decodes the next token, or `None` at the end (or on input not written by
    /// [`encode`], which ends the stream rather than inventing tokens).
    fn decode(&mut self) -> Option<()> {
        // Digits are ASCII: the two numbers are read byte by byte (every indexed token
        // passes here, and `str::split_once` costs a searcher per call).
        let (position, rest) = read_number(self.rest)?;
        let (length, rest) = read_number(rest)?;
        let term = rest.get(..length)?;
        self.token.position = position;
        self.token.text.clear();
        self.token.text.push_str(term);
        self.rest = &rest[length..];
        Some(())
    }
}

/// Reads a decimal number ended by `:`, and returns it with the text after the colon.
fn read_number(text: &str) -> Option<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut value: usize = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'0'..=b'9' => {
                value = value
                    .checked_mul(10)?
                    .checked_add(usize::from(byte - b'0'))?;
            }
            // The colon is ASCII, so the text after it starts on a character boundary.
            b':' if i > 0 => return Some((value, &text[i + 1..])),
            _ => return None,
        }
    }
    None
}

impl TokenStream for EncodedTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.rest.is_empty() {
            return false;
        }
        if self.decode().is_none() {
            self.rest = "";
            return false;
        }
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn decoded(text: &str) -> Vec<(usize, String)> {
        let mut tokenizer = EncodedTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((token.position, token.text.clone()));
        }
        out
    }

    proptest! {
        /// Whatever the terms hold (separators and digits included), decoding gives back
        /// the positions and terms that were encoded.
        #[test]
        fn decoding_gives_back_what_was_encoded(
            tokens in proptest::collection::vec((0usize..100_000, ".{0,12}"), 0..20)
        ) {
            let tokens: Vec<AnalysedWord> = tokens
                .into_iter()
                .map(|(position, text)| AnalysedWord::new(0, 0, position, Some(&text)))
                .collect();
            let expected: Vec<(usize, String)> =
                tokens.iter().map(|t| (t.position, t.text().to_string())).collect();
            prop_assert_eq!(decoded(&encode(&tokens)), expected);
        }
    }

    #[test]
    fn malformed_input_ends_the_stream() {
        assert_eq!(decoded("3:4:java7:x"), vec![(3, "java".to_string())]);
        assert!(decoded("plain text").is_empty());
        assert!(decoded("1:99:short").is_empty());
    }
}
