//! Language-neutral normalization of words for matching taxonomy labels in text.
//!
//! Labels and text go through the same function, so "Développeuses Web", "développeur web"
//! and "DEVELOPPEUR WEB" all become `developpeur web`. It lower-cases, maps French feminine
//! job suffixes to masculine ones, strips a plural `s`/`x`, and folds accents. It is
//! deliberately not a stemmer: a label in English inside a French CV ("machine learning")
//! must normalize the same way whatever the document's language.

use std::cell::RefCell;

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use crate::feminine::masculine_form;

/// A normalized word and where it came from in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The normalized form.
    pub text: String,
    /// Byte offset of the first character in the original text.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
}

/// Splits `text` into normalized words with their byte spans: the words of
/// [`crate::words`], each normalized from its core ("Agent(e)" is `agent`).
pub fn words(text: &str) -> Vec<Word> {
    crate::words::words(text)
        .map(|word| Word {
            text: normalize_word(&text[word.start..word.core_end]),
            start: word.start,
            end: word.end,
        })
        .collect()
}

/// Returns the normalized words of a label, joined by single spaces.
pub fn normalize_label(label: &str) -> String {
    let parts: Vec<String> = words(label).into_iter().map(|w| w.text).collect();
    parts.join(" ")
}

/// Normalizes a label as [`normalize_label`] does, but keeps the gender of its words:
/// "cheffe de cuisine" stays feminine, where `normalize_label` makes it "chef de cuisine".
pub fn normalize_label_as_gendered(label: &str) -> String {
    let parts: Vec<String> = crate::words::words(label)
        .map(|word| {
            fold(strip_plural(
                &crate::words::composed(&label[word.start..word.core_end]).to_lowercase(),
            ))
        })
        .collect();
    parts.join(" ")
}

/// Normalizes one word (already split).
pub fn normalize_word(word: &str) -> String {
    NORMALIZED.with_borrow_mut(|cache| {
        if let Some(normalized) = cache.get(word) {
            return normalized.to_string();
        }
        let normalized = normalize_uncached(word);
        if cache.len() >= MAX_CACHED_WORDS {
            cache.clear();
        }
        cache.insert(word.into(), normalized.as_str().into());
        normalized
    })
}

/// Distinct words remembered per thread; see [`normalize_word`].
const MAX_CACHED_WORDS: usize = 200_000;

thread_local! {
    /// Written word -> normalized word. Document text repeats a small vocabulary, and the
    /// suffix rules cost more than a lookup.
    static NORMALIZED: RefCell<FxHashMap<CompactString, CompactString>> = RefCell::default();
}

fn normalize_uncached(word: &str) -> String {
    let lower = crate::words::composed(word).to_lowercase();
    let masculine = masculine_form(&lower).unwrap_or(lower);
    fold(strip_plural(&masculine))
}

fn strip_plural(word: &str) -> &str {
    // Short words ("as", "bus", "gaz") and "-ss" endings ("process") are not plurals.
    if word.chars().count() <= 3 || word.ends_with("ss") {
        return word;
    }
    word.strip_suffix('s')
        .or_else(|| word.strip_suffix('x'))
        .unwrap_or(word)
}

/// Folds the accented Latin letters of European languages to ASCII; other scripts are kept.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'ç' | 'ć' | 'č' => out.push('c'),
            'ď' | 'đ' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => out.push('i'),
            'ł' | 'ľ' => out.push('l'),
            'ñ' | 'ń' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => out.push('o'),
            'ř' => out.push('r'),
            'ś' | 'š' | 'ş' => out.push('s'),
            'ť' | 'ţ' => out.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gender_plural_case_and_accents_meet() {
        let expected = normalize_label("développeur web");
        for form in [
            "Développeuses Web",
            "DEVELOPPEUR WEB",
            "développeurs web",
            "developpeuse web",
            "De\u{301}veloppeuses web",
        ] {
            assert_eq!(normalize_label(form), expected, "{form}");
        }
        assert_eq!(normalize_label("Serveuse"), "serveur");
        assert_eq!(
            normalize_label_as_gendered("pa\u{302}tissie\u{300}re"),
            normalize_label_as_gendered("pâtissière")
        );
        assert_eq!(normalize_label("chevaux"), "chevau");
        assert_eq!(normalize_label("process"), "process");
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let text = "Infirmières à l'hôpital";
        let found = words(text);
        assert_eq!(found[0].text, "infirmier");
        assert_eq!(&text[found[0].start..found[0].end], "Infirmières");
        assert_eq!(found.last().map(|w| w.text.as_str()), Some("hopital"));
    }
}
