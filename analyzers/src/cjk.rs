//! A tokenizer for Japanese (and other CJK) text until a morphological analyzer is plugged
//! in: runs of CJK characters become overlapping bigrams (a lone character stays a
//! unigram), runs of letters and digits become words, as Lucene's CJK bigram analysis does.
//! Bigrams find any word of two characters or more; Latin words inside Japanese text
//! ("Javaエンジニア") stay whole words.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Splits text into CJK bigrams and alphanumeric words.
#[derive(Clone, Debug, Default)]
pub struct CjkBigramTokenizer;

/// A token stream over tokens computed up front: what tokenizers that need the whole text
/// at once (bigrams, dictionary segmentation) hand to tantivy.
pub struct TokenVecStream {
    tokens: Vec<Token>,
    index: usize,
}

impl TokenVecStream {
    /// A stream yielding `tokens` in order.
    pub fn new(tokens: Vec<Token>) -> TokenVecStream {
        TokenVecStream { tokens, index: 0 }
    }
}

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = TokenVecStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokenVecStream {
        TokenVecStream::new(tokenize(text))
    }
}

impl TokenStream for TokenVecStream {
    fn advance(&mut self) -> bool {
        self.index += 1;
        self.index <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

/// Returns whether `c` belongs to a script written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' // hiragana, katakana
        | '\u{3400}'..='\u{4dbf}' // CJK extension A
        | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
        | '\u{f900}'..='\u{faff}' // compatibility ideographs
        | '\u{ff66}'..='\u{ff9f}' // half-width katakana
        | '\u{ac00}'..='\u{d7af}' // hangul syllables
    )
}

#[derive(PartialEq, Clone, Copy)]
enum Class {
    Cjk,
    Word,
    Other,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |(offset, _)| *offset);
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let kind = class(chars[i].1);
        let mut j = i;
        while j < chars.len() && class(chars[j].1) == kind {
            j += 1;
        }
        match kind {
            Class::Word => push(&mut tokens, text, chars[i].0, end_of(j)),
            Class::Cjk if j - i == 1 => push(&mut tokens, text, chars[i].0, end_of(j)),
            Class::Cjk => {
                for (k, (offset, _)) in chars.iter().enumerate().take(j - 1).skip(i) {
                    push(&mut tokens, text, *offset, end_of(k + 2));
                }
            }
            Class::Other => {}
        }
        i = j;
    }
    tokens
}

fn push(tokens: &mut Vec<Token>, text: &str, from: usize, to: usize) {
    tokens.push(Token {
        offset_from: from,
        offset_to: to,
        position: tokens.len(),
        text: text[from..to].to_string(),
        position_length: 1,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn bigrams_cjk_and_keeps_latin_words() {
        assert_eq!(texts("看護師"), vec!["看護", "護師"]);
        assert_eq!(
            texts("Javaエンジニア"),
            vec!["Java", "エン", "ンジ", "ジニ", "ニア"]
        );
        assert_eq!(texts("東京 で"), vec!["東京", "で"]);
        assert!(texts("、。").is_empty());
    }

    #[test]
    fn offsets_and_positions_are_consistent() {
        let text = "ソフトウェアJava開発";
        for (position, token) in tokenize(text).iter().enumerate() {
            assert_eq!(&text[token.offset_from..token.offset_to], token.text);
            assert_eq!(token.position, position);
        }
    }
}
