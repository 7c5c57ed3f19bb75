//! Where the words of a text begin and end: the one definition that text analysis, label
//! normalization and concept extraction share.
//!
//! A word is a run of letters and digits, as tantivy's `SimpleTokenizer` cuts it, with two
//! French habits kept inside it rather than cut into words of their own:
//! - **Inclusive writing.** Job offers give both genders, or the plural, in one word:
//!   "Agent(e) de sécurité", "Vendeur(se)", "Technicien(ne)", "Infirmier·ère",
//!   "salarié.e.s", "chargé-e de mission", and in German "Mitarbeiter*innen". The ending
//!   belongs to the word before it: cut apart, "Agent(e) de sécurité" would be the words
//!   "Agent", "e", "de", "sécurité" with a parenthesis in the middle, which no label
//!   matches. The word's *core* ("Agent") is what gets analysed; its span covers the ending,
//!   so a mention or a highlight shows "Agent(e)" whole.
//! - **Elision.** "l'", "d'", "qu'" are a word and its apostrophe. Keeping the apostrophe in
//!   the span tells the elided article of "l'accueil" from a letter standing alone, such as
//!   the C of "permis C" or of "Objective-C": French analysis drops the first and keeps the
//!   second ([`crate::analyzer`]).

use std::borrow::Cow;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A word of a text, as byte offsets into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordSpan {
    /// Offset of the word's first character.
    pub start: usize,
    /// Offset after the word's core: its letters and digits, without an attached ending or
    /// apostrophe.
    pub core_end: usize,
    /// Offset after the whole word, ending or apostrophe included.
    pub end: usize,
    /// Whether the word is elided: a short form followed by its apostrophe ("l'", "qu'").
    pub elided: bool,
}

/// Words that French writes elided before a vowel, lower-case.
const ELIDED_FORMS: &[&str] = &[
    "c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Endings that may follow a full stop or a hyphen ("salarié.e.s", "chargé-e"). Those
/// signs also join ordinary words ("Node.js", "Aix-les-Bains"), so only gender and plural
/// endings count there, and fewer after a hyphen.
const DOT_ENDINGS: &[&str] = &[
    "e", "es", "s", "ne", "nes", "se", "ses", "euse", "euses", "rice", "rices", "trice", "trices",
    "ère", "ères", "ive", "ives", "le", "les", "te", "tes", "fe", "fes",
];
const HYPHEN_ENDINGS: &[&str] = &[
    "e", "es", "ne", "nes", "euse", "euses", "rice", "rices", "trice", "trices", "ère", "ères",
];
/// German's gender endings after a star, colon or underscore ("Mitarbeiter*innen").
const GERMAN_ENDINGS: &[&str] = &["in", "innen"];
/// Longest ending written in parentheses or after a middle dot ("(trice)").
const MAX_ENDING_CHARS: usize = 6;

/// The words of `text`, in order.
pub fn words(text: &str) -> Words<'_> {
    Words { text, from: 0 }
}

/// The iterator of [`words`].
#[derive(Debug, Clone)]
pub struct Words<'a> {
    text: &'a str,
    from: usize,
}

impl Iterator for Words<'_> {
    type Item = WordSpan;

    #[inline(always)]
    fn next(&mut self) -> Option<WordSpan> {
        let text = self.text;
        let start = next_where(text, self.from, true)?;
        let core_end = next_where(text, start, false).unwrap_or(text.len());
        let (end, elided) = match text.as_bytes().get(core_end) {
            // Most words end with a space, a comma or the text: nothing to attach.
            Some(byte) if byte.is_ascii() && !b"'(.-*:_".contains(byte) => (core_end, false),
            None => (core_end, false),
            Some(_) => {
                let core = &text[start..core_end];
                let rest = &text[core_end..];
                match apostrophe_after_elision(core, rest) {
                    Some(len) => (core_end + len, true),
                    None => (core_end + endings_len(core, rest), false),
                }
            }
        };
        self.from = end;
        Some(WordSpan {
            start,
            core_end,
            end,
            elided,
        })
    }
}

/// The offset of the first character at or after `from` that is alphanumeric (or is not,
/// when `alphanumeric` is false). ASCII, most of any CV, is read a byte at a time.
#[inline(always)]
fn next_where(text: &str, from: usize, alphanumeric: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte.is_ascii() {
            if byte.is_ascii_alphanumeric() == alphanumeric {
                return Some(at);
            }
            at += 1;
        } else {
            let c = text[at..].chars().next()?;
            // A combining mark belongs to the letter before it ("e\u{301}" is "é"); it
            // starts no word of its own.
            let in_word = c.is_alphanumeric() || (!alphanumeric && is_combining_mark(c));
            if in_word == alphanumeric {
                return Some(at);
            }
            at += c.len_utf8();
        }
    }
    None
}

/// A word with its accents composed: a letter followed by a combining mark, as macOS and
/// some forms write "e\u{301}", becomes the one character "é" that labels, stemmers and
/// accent folding know. Spans stay those of the text as written.
pub fn composed(word: &str) -> Cow<'_, str> {
    if word.is_ascii() || !word.chars().any(is_combining_mark) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.nfc().collect())
    }
}

/// Byte spans of the words of `text` (see [`words`]), endings and apostrophes included.
pub fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    words(text).map(|word| (word.start, word.end))
}

/// The length of the apostrophe after `core` when `core` is an elided form.
#[inline(never)]
fn apostrophe_after_elision(core: &str, rest: &str) -> Option<usize> {
    let apostrophe = rest.chars().next().filter(|c| matches!(c, '\'' | '’'))?;
    (core.len() <= 6
        && ELIDED_FORMS
            .iter()
            .any(|form| core.eq_ignore_ascii_case(form)))
    .then(|| apostrophe.len_utf8())
}

/// The length of the inclusive-writing endings that open `rest`, attached to the word
/// `core`; 0 when there are none.
// Out of line: rarely reached, it would crowd the hot loop of `Words::next`.
#[inline(never)]
fn endings_len(core: &str, rest: &str) -> usize {
    // An ending extends a word of letters: not an initial ("M.e"), nor a code ("A4(e)").
    let mut chars = core.chars();
    if !(chars.next().is_some() && chars.next_back().is_some_and(char::is_alphabetic)) {
        return 0;
    }
    // A word in capitals takes its endings in capitals ("AIDE-SOIGNANT(E)").
    let capitals = !core.chars().any(char::is_lowercase);
    let mut len = 0;
    while let Some(next) = ending_len(&rest[len..], capitals) {
        len += next;
    }
    len
}

/// The length of one ending at the start of `rest`, if one is there and nothing but a
/// separator follows it.
fn ending_len(rest: &str, capitals: bool) -> Option<usize> {
    // Most words end with a space or a comma: settle those before reading further.
    let sign = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '(' | '·' | '⋅' | '.' | '-' | '*' | ':' | '_'))?;
    let after_sign = &rest[sign.len_utf8()..];
    let letters_len = after_sign
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(after_sign.len());
    let letters = &after_sign[..letters_len];
    let after = &after_sign[letters_len..];
    // Endings are short and in the case of their word: most signs are followed by a space
    // or a long word, which settles it without comparing.
    let candidate = !letters.is_empty() && letters.len() <= 2 * MAX_ENDING_CHARS;
    let lowercase = candidate && letters.chars().all(char::is_lowercase);
    let uppercase = candidate && capitals && letters.chars().all(char::is_uppercase);
    let is_ending_word = |list: &[&str]| {
        if lowercase {
            list.contains(&letters)
        } else if uppercase {
            list.contains(&letters.to_lowercase().as_str())
        } else {
            false
        }
    };
    // In lower case, any short ending ("(trice)"); in capitals, only the common ones, lest
    // "API(REST)" be taken for one.
    let short_ending = || {
        (lowercase && letters.chars().count() <= MAX_ENDING_CHARS) || is_ending_word(DOT_ENDINGS)
    };
    let ends_word = |tail: &str| !tail.starts_with(char::is_alphanumeric);
    let len = match sign {
        '(' => {
            let close = after.strip_prefix(')')?;
            if !short_ending() {
                return None;
            }
            // "salarié(e)s": the plural may follow the parenthesis.
            let plural = usize::from(
                close.starts_with(if capitals { 'S' } else { 's' }) && ends_word(&close[1..]),
            );
            sign.len_utf8() + letters_len + 1 + plural
        }
        '·' | '⋅' if short_ending() => sign.len_utf8() + letters_len,
        '.' if is_ending_word(DOT_ENDINGS) => sign.len_utf8() + letters_len,
        '-' if is_ending_word(HYPHEN_ENDINGS) => sign.len_utf8() + letters_len,
        '*' | ':' | '_' if is_ending_word(GERMAN_ENDINGS) => sign.len_utf8() + letters_len,
        _ => return None,
    };
    ends_word(&rest[len..]).then_some(len)
}

/// Cuts text into [`words`], each token the word's core; with `mark_elisions`, an elided
/// word keeps its apostrophe ("l'"), for a stop-word list to drop it.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordTokenizer {
    mark_elisions: bool,
}

impl WordTokenizer {
    /// A tokenizer writing elided words as such (French).
    pub fn marking_elisions() -> WordTokenizer {
        WordTokenizer {
            mark_elisions: true,
        }
    }
}

/// The stream of a [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    text: &'a str,
    words: Words<'a>,
    mark_elisions: bool,
    token: Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        WordTokenStream {
            text,
            words: words(text),
            mark_elisions: self.mark_elisions,
            token: Token {
                position: usize::MAX,
                ..Token::default()
            },
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(word) = self.words.next() else {
            return false;
        };
        self.token.text.clear();
        self.token
            .text
            .push_str(&composed(&self.text[word.start..word.core_end]));
        if word.elided && self.mark_elisions {
            self.token.text.push('\'');
        }
        self.token.offset_from = word.start;
        self.token.offset_to = word.end;
        self.token.position = self.token.position.wrapping_add(1);
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
    use super::*;

    fn written(text: &str) -> Vec<&str> {
        word_spans(text).map(|(s, e)| &text[s..e]).collect()
    }

    fn cores(text: &str) -> Vec<&str> {
        words(text).map(|w| &text[w.start..w.core_end]).collect()
    }

    #[test]
    fn inclusive_endings_stay_with_their_word() {
        for (text, expected) in [
            ("Agent(e) de sécurité", vec!["Agent(e)", "de", "sécurité"]),
            ("Vendeur(se) H/F", vec!["Vendeur(se)", "H", "F"]),
            ("Technicien(ne)s", vec!["Technicien(ne)s"]),
            ("salarié(e)s, agent(s)", vec!["salarié(e)s", "agent(s)"]),
            ("Infirmier·ère de bloc", vec!["Infirmier·ère", "de", "bloc"]),
            ("les salarié.e.s.", vec!["les", "salarié.e.s"]),
            ("chargé-e de mission", vec!["chargé-e", "de", "mission"]),
            ("Mitarbeiter*innen", vec!["Mitarbeiter*innen"]),
            (
                "AIDE-SOIGNANT(E) DE NUIT",
                vec!["AIDE", "SOIGNANT(E)", "DE", "NUIT"],
            ),
            ("SALARIÉ.E.S", vec!["SALARIÉ.E.S"]),
        ] {
            assert_eq!(written(text), expected, "{text}");
        }
        assert_eq!(
            cores("Agent(e) Infirmier·ère salarié.e.s"),
            ["Agent", "Infirmier", "salarié"]
        );
    }

    #[test]
    fn ordinary_punctuation_still_cuts_words() {
        for (text, expected) in [
            ("Node.js et Vue.js", vec!["Node", "js", "et", "Vue", "js"]),
            ("Aix-les-Bains", vec!["Aix", "les", "Bains"]),
            (
                "Java(EE) et API(REST)",
                vec!["Java", "EE", "et", "API", "REST"],
            ),
            ("C-3, A4(e)", vec!["C", "3", "A4", "e"]),
            ("projet (e) fin", vec!["projet", "e", "fin"]),
            ("Objective-C", vec!["Objective", "C"]),
            ("agent(e)x", vec!["agent", "e", "x"]),
            // An ending in capitals only ends a word in capitals.
            ("Agent(E) API(REST)", vec!["Agent", "E", "API", "REST"]),
        ] {
            assert_eq!(written(text), expected, "{text}");
        }
    }

    #[test]
    fn a_combining_mark_stays_with_its_letter_and_is_composed() {
        let text = "De\u{301}veloppeuse, ma\u{302}t \u{301} ok";
        assert_eq!(
            written(text),
            vec!["De\u{301}veloppeuse", "ma\u{302}t", "ok"]
        );
        assert_eq!(composed("De\u{301}veloppeuse"), "Développeuse");
        assert!(matches!(composed("Développeuse"), Cow::Borrowed(_)));
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream("pa\u{302}tissie\u{300}re");
        assert!(stream.advance());
        assert_eq!(stream.token().text, "pâtissière");
        assert_eq!(
            (stream.token().offset_from, stream.token().offset_to),
            (0, 14)
        );
    }

    #[test]
    fn elided_words_keep_their_apostrophe() {
        let text = "l’accueil qu'il d'abord, permis C, aujourd'hui";
        assert_eq!(
            written(text),
            ["l’", "accueil", "qu'", "il", "d'", "abord", "permis", "C", "aujourd", "hui"]
        );
        let elided: Vec<bool> = words(text).map(|w| w.elided).collect();
        assert_eq!(elided.iter().filter(|e| **e).count(), 3);
    }

    #[test]
    fn the_tokenizer_writes_cores_and_marks_elisions_when_asked() {
        let text = "L'agent(e) de l’accueil";
        let mut plain = WordTokenizer::default();
        let mut french = WordTokenizer::marking_elisions();
        let collect = |stream: &mut WordTokenStream<'_>| {
            let mut out = Vec::new();
            while stream.advance() {
                let t = stream.token();
                out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
            }
            out
        };
        let french_tokens = collect(&mut french.token_stream(text));
        assert_eq!(
            french_tokens,
            [
                ("L'".to_string(), 0, 2, 0),
                ("agent".to_string(), 2, 10, 1),
                ("de".to_string(), 11, 13, 2),
                ("l'".to_string(), 14, 18, 3),
                ("accueil".to_string(), 18, 25, 4),
            ]
        );
        let plain_texts: Vec<String> = collect(&mut plain.token_stream(text))
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(plain_texts, ["L", "agent", "de", "l", "accueil"]);
    }
}
