//! Languages Vivier analyses, and detection of a document's language: from its function
//! words when they leave no doubt (most CVs, at a fraction of the cost), else with whatlang.
//!
//! Detection misfires on short or mixed text ("Java Spring Docker" is not German), so a
//! result is only trusted when the text is long enough and whatlang is confident enough;
//! otherwise the collection's default language is used.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// A language, as an ISO 639-1 code.
///
/// The named variants have a dedicated analyzer (stemming, stop words); any other code is
/// kept as [`Lang::Other`] and analysed with the simple analyzer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
    /// German.
    De,
    /// Spanish.
    Es,
    /// Italian.
    It,
    /// Portuguese.
    Pt,
    /// Dutch.
    Nl,
    /// Japanese.
    Ja,
    /// Any other language, by its two lower-case letters.
    Other([u8; 2]),
}

impl Lang {
    /// Languages with a dedicated analyzer.
    pub const ANALYSED: [Lang; 8] = [
        Lang::Fr,
        Lang::En,
        Lang::De,
        Lang::Es,
        Lang::It,
        Lang::Pt,
        Lang::Nl,
        Lang::Ja,
    ];

    /// Returns the ISO 639-1 code.
    pub fn code(&self) -> &str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::It => "it",
            Lang::Pt => "pt",
            Lang::Nl => "nl",
            Lang::Ja => "ja",
            // Only ASCII lower-case letters are ever stored (see `from_str`).
            Lang::Other(code) => std::str::from_utf8(code).unwrap_or("un"),
        }
    }

    fn from_whatlang(lang: whatlang::Lang) -> Option<Lang> {
        WHATLANG
            .iter()
            .find(|(detected, _)| *detected == lang)
            .map(|(_, ours)| *ours)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Error for a string that is not a two-letter language code.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not an ISO 639-1 language code (two lower-case letters, such as fr or en)")]
pub struct InvalidLang(pub String);

impl Lang {
    /// Parses a language a caller names, refusing codes ISO 639-1 does not list ("zz"),
    /// which [`Lang::from_str`] reads as another language, for documents stored before.
    pub fn from_iso(code: &str) -> Result<Lang, InvalidLang> {
        if !vivier_schema::is_language_code(code) {
            return Err(InvalidLang(code.to_string()));
        }
        code.parse()
    }
}

impl FromStr for Lang {
    type Err = InvalidLang;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        let lang = match code {
            "fr" => Lang::Fr,
            "en" => Lang::En,
            "de" => Lang::De,
            "es" => Lang::Es,
            "it" => Lang::It,
            "pt" => Lang::Pt,
            "nl" => Lang::Nl,
            "ja" => Lang::Ja,
            other => match other.as_bytes() {
                [a, b] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => Lang::Other([*a, *b]),
                _ => return Err(InvalidLang(code.to_string())),
            },
        };
        Ok(lang)
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// How a document's language was decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// The language used for analysis.
    pub lang: Lang,
    /// whatlang's confidence in 0..1, or 1.0 for an explicit language or one told by its
    /// function words, 0.5 for one told by a few function words, 0.0 for a fallback.
    pub confidence: f64,
    /// Whether the default language was used because detection was not trustworthy.
    pub fallback: bool,
}

/// Below this many letters whatlang's trigram statistics are noise.
const MIN_LETTERS: usize = 24;
/// Confidence whatlang must reach. Its own `is_reliable` is stricter than needed: it
/// rejects plain one-sentence English at 0.75, which the letter floor already guards.
const MIN_CONFIDENCE: f64 = 0.5;

/// The confidence given to a language told by a few function words only.
const FEW_FUNCTION_WORDS_CONFIDENCE: f64 = 0.5;

/// whatlang's languages that map to a [`Lang`]. Detection scores only these: faster than
/// scoring all 70 (detection is a noticeable share of indexing time), and a language
/// outside the list could only have been analysed with the simple analyzer anyway.
const WHATLANG: [(whatlang::Lang, Lang); 22] = {
    use whatlang::Lang as W;
    [
        (W::Fra, Lang::Fr),
        (W::Eng, Lang::En),
        (W::Deu, Lang::De),
        (W::Spa, Lang::Es),
        (W::Ita, Lang::It),
        (W::Por, Lang::Pt),
        (W::Nld, Lang::Nl),
        (W::Jpn, Lang::Ja),
        (W::Rus, Lang::Other(*b"ru")),
        (W::Pol, Lang::Other(*b"pl")),
        (W::Ara, Lang::Other(*b"ar")),
        (W::Cmn, Lang::Other(*b"zh")),
        (W::Kor, Lang::Other(*b"ko")),
        (W::Tur, Lang::Other(*b"tr")),
        (W::Ron, Lang::Other(*b"ro")),
        (W::Swe, Lang::Other(*b"sv")),
        (W::Dan, Lang::Other(*b"da")),
        (W::Fin, Lang::Other(*b"fi")),
        (W::Ell, Lang::Other(*b"el")),
        (W::Hun, Lang::Other(*b"hu")),
        (W::Ukr, Lang::Other(*b"uk")),
        (W::Ces, Lang::Other(*b"cs")),
    ]
};

static DETECTOR: LazyLock<whatlang::Detector> =
    LazyLock::new(|| whatlang::Detector::with_allowlist(WHATLANG.map(|(lang, _)| lang).to_vec()));

/// Function words that, among the languages detected by words, belong to one only:
/// "de", "la", "en", "con", "per", "da" or "do" are shared, "il" and "y" are French too,
/// "os" and "dos" are also operating systems, so they are not here. Running text is full
/// of them; a list of skills and tools has none.
const FUNCTION_WORDS: [(Lang, &[&str]); 7] = [
    (
        Lang::Fr,
        &[
            "les", "et", "une", "pour", "avec", "dans", "sur", "aux", "chez", "au", "est", "être",
            "ses", "leur",
        ],
    ),
    (
        Lang::En,
        &[
            "the", "and", "of", "with", "for", "to", "from", "at", "which", "have", "has", "were",
            "my",
        ],
    ),
    (
        Lang::De,
        &[
            "und", "der", "das", "mit", "für", "von", "bei", "ein", "eine", "ist", "nicht", "auf",
            "zum", "zur", "sowie",
        ],
    ),
    (
        Lang::Es,
        &[
            "el", "los", "las", "del", "muy", "sus", "también", "está", "pero",
        ],
    ),
    (
        Lang::It,
        &[
            "della", "delle", "degli", "gli", "nel", "nella", "sono", "anche", "che",
        ],
    ),
    (
        Lang::Pt,
        &[
            "em", "ao", "pelo", "pela", "não", "também", "uma", "muito", "são",
        ],
    ),
    (
        Lang::Nl,
        &[
            "het", "een", "voor", "bij", "niet", "ook", "naar", "wordt", "zijn",
        ],
    ),
];

/// Function word -> index of its language in [`FUNCTION_WORDS`].
static FUNCTION_WORD_LANGUAGE: LazyLock<FxHashMap<&'static str, usize>> = LazyLock::new(|| {
    FUNCTION_WORDS
        .iter()
        .enumerate()
        .flat_map(|(language, (_, words))| words.iter().map(move |word| (*word, language)))
        .collect()
});

/// Function words the most frequent language needs to be taken without statistics...
const FUNCTION_WORDS_MIN: usize = 6;
/// ...and how many times those of any other language.
const FUNCTION_WORDS_LEAD: usize = 4;

/// Tells a text's language from its function words, when they leave no doubt: at least
/// `FUNCTION_WORDS_MIN` of one language and `FUNCTION_WORDS_LEAD` times as many as of
/// any other. Most CVs are running text in one language, and this costs a fraction of
/// whatlang's trigram statistics, which [`detect`] runs for everything else (short texts,
/// lists of skills, mixed languages, scripts without spaces).
pub fn detect_by_function_words(text: &str) -> Option<Lang> {
    clear_lead(&function_word_counts(text))
}

/// The language of [`detect_by_function_words`], from the counts of [`function_word_counts`].
fn clear_lead(counts: &FunctionWordCounts) -> Option<Lang> {
    let (best, &most) = counts.iter().enumerate().max_by_key(|(_, count)| **count)?;
    let runner_up = counts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, count)| *count)
        .max()
        .unwrap_or(0);
    (most >= FUNCTION_WORDS_MIN && most >= FUNCTION_WORDS_LEAD * runner_up)
        .then_some(FUNCTION_WORDS[best].0)
}

/// The language of the only function words a short text has, if they all belong to one:
/// "Phlebotomist: took blood, labelled samples and reassured patients" has a single "and",
/// too little for a clear lead and for whatlang (which calls that line French), yet no
/// French line would have it.
fn sole_language(counts: &FunctionWordCounts) -> Option<Lang> {
    let mut present = counts.iter().enumerate().filter(|(_, count)| **count > 0);
    match (present.next(), present.next()) {
        (Some((language, _)), None) => Some(FUNCTION_WORDS[language].0),
        _ => None,
    }
}

/// Per language of [`FUNCTION_WORDS`], how many of its function words a text has.
type FunctionWordCounts = [usize; FUNCTION_WORDS.len()];

/// How many function words of each language of [`FUNCTION_WORDS`] `text` has. Words in
/// capitals are left out: "AND", "OR" and "ET" are a query's operators or an acronym.
fn function_word_counts(text: &str) -> FunctionWordCounts {
    let mut counts = [0usize; FUNCTION_WORDS.len()];
    let mut lower = String::new();
    for word in text.split(|c: char| !c.is_alphabetic()) {
        // Function words are short: skip the rest without lower-casing it.
        if word.is_empty() || word.len() > 9 {
            continue;
        }
        if word.chars().count() > 1 && !word.chars().any(char::is_lowercase) {
            continue;
        }
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        if let Some(&language) = FUNCTION_WORD_LANGUAGE.get(lower.as_str()) {
            counts[language] += 1;
        }
    }
    counts
}

/// Detects the language of `text`, falling back to `default` when unsure.
pub fn detect(text: &str, default: Lang) -> Detection {
    let counts = function_word_counts(text);
    if let Some(lang) = clear_lead(&counts) {
        return Detection {
            lang,
            confidence: 1.0,
            fallback: false,
        };
    }
    // What a text too short or too mixed for statistics falls back to: the language of
    // its few function words, else the default.
    let fallback = match sole_language(&counts) {
        Some(lang) => Detection {
            lang,
            confidence: FEW_FUNCTION_WORDS_CONFIDENCE,
            fallback: false,
        },
        None => Detection {
            lang: default,
            confidence: 0.0,
            fallback: true,
        },
    };
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    // Scripts without spaces say much in few characters: a short Japanese text is still
    // Japanese, so the letter floor only applies to alphabetic scripts.
    let is_cjk = text.chars().any(is_kana_or_han);
    if letters < MIN_LETTERS && !is_cjk {
        return fallback;
    }
    let Some(info) = DETECTOR.detect(text) else {
        return fallback;
    };
    // Kana only occur in Japanese; whatlang sometimes calls kanji-heavy text Chinese.
    if is_cjk && info.script() != whatlang::Script::Latin && text.chars().any(is_kana) {
        return Detection {
            lang: Lang::Ja,
            confidence: 1.0,
            fallback: false,
        };
    }
    match Lang::from_whatlang(info.lang()) {
        Some(lang) if info.confidence() >= MIN_CONFIDENCE => Detection {
            lang,
            confidence: info.confidence(),
            fallback: false,
        },
        _ => fallback,
    }
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}')
}

fn is_kana_or_han(c: char) -> bool {
    is_kana(c) || matches!(c, '\u{4e00}'..='\u{9fff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_french_and_english_prose() {
        let fr = detect(
            "Serveuse en brasserie depuis cinq ans, j'assure le service en salle et l'accueil des clients.",
            Lang::En,
        );
        assert_eq!((fr.lang, fr.fallback), (Lang::Fr, false));
        let en = detect(
            "Experienced waiter, I take orders, serve tables and handle payments in a busy restaurant.",
            Lang::Fr,
        );
        assert_eq!((en.lang, en.fallback), (Lang::En, false));
    }

    #[test]
    fn function_words_settle_prose_and_leave_the_rest_to_statistics() {
        let prose = [
            (Lang::Fr, "Je travaille dans une brasserie depuis cinq ans et je suis chargée de l'accueil des clients, de la prise de commandes et du service au bar, avec une équipe de six personnes, pour une clientèle d'affaires."),
            (Lang::En, "I have worked for five years in a busy restaurant, where I take the orders of guests, serve tables and handle payments with a team of six, and I trained the new staff at the start of the season."),
            (Lang::De, "Ich arbeite seit fünf Jahren in einem Restaurant und bin für die Bedienung der Gäste zuständig, sowie für die Kasse und die Schulung der neuen Mitarbeiter, mit einer Mannschaft von sechs Personen bei der Arbeit."),
            (Lang::Es, "Trabajo desde hace cinco años en el restaurante del hotel, donde atiendo a los clientes en las mesas y en la barra, con un equipo muy motivado, y también formo a los nuevos camareros del restaurante."),
            (Lang::It, "Lavoro da cinque anni nella cucina di un ristorante e sono responsabile della preparazione delle materie prime, degli ordini e anche della pulizia, con gli altri cuochi che lavorano nel locale."),
            (Lang::Pt, "Trabalho há cinco anos em um restaurante e sou responsável pelo atendimento aos clientes, pela caixa e também pela formação dos novos empregados, que são muito motivados, em uma equipe de seis."),
            (Lang::Nl, "Ik werk al vijf jaar in een restaurant en ben verantwoordelijk voor de bediening van de gasten, de kassa en ook voor het opleiden van nieuwe medewerkers, wat niet altijd eenvoudig is bij een druk restaurant."),
        ];
        for (lang, text) in prose {
            assert_eq!(detect_by_function_words(text), Some(lang), "{text}");
            assert_eq!(detect(text, Lang::Fr).lang, lang, "{text}");
        }
        // Lists, titles and text in two languages have no clear winner: whatlang decides.
        for text in [
            "Java, Spring Boot, Docker, Kubernetes, PostgreSQL, Jenkins, Git, Linux, AWS",
            "Serveuse en brasserie. Waitress in a busy restaurant.",
            "Développeur Java Full Stack",
            "Responsable de la cuisine et de l'équipe pour les banquets, avec une brigade de six et un chef. Head of the kitchen and of the team for the banquets, with a brigade of six.",
        ] {
            assert_eq!(detect_by_function_words(text), None, "{text}");
        }
    }

    #[test]
    fn short_or_keyword_text_falls_back_to_the_default() {
        for text in ["Java Spring Docker", "chef", "", "12345 !!!", "CDI Lyon"] {
            let detection = detect(text, Lang::Fr);
            assert_eq!(detection.lang, Lang::Fr, "{text}");
            assert!(detection.fallback, "{text}");
        }
    }

    #[test]
    fn a_few_function_words_of_one_language_tell_a_short_line() {
        // whatlang calls the first French and is unsure of the others.
        for (text, lang) in [
            (
                "Phlebotomist: took blood, labelled samples and reassured anxious patients.",
                Lang::En,
            ),
            (
                "Barista: pulled espressos and trained new starters.",
                Lang::En,
            ),
            (
                "Vendeuse : conseil client, encaissement et mise en rayon.",
                Lang::Fr,
            ),
        ] {
            let detection = detect(text, Lang::De);
            assert_eq!(
                (detection.lang, detection.fallback),
                (lang, false),
                "{text}"
            );
        }
        // Words of two languages, or only capitals (a query's operators), tell nothing.
        for text in [
            "Chef de rang et barman at the Ritz",
            "java AND spring",
            "serveur ET barman",
        ] {
            let detection = detect(text, Lang::De);
            assert_eq!(
                (detection.lang, detection.fallback),
                (Lang::De, true),
                "{text}"
            );
        }
    }

    #[test]
    fn detects_short_japanese() {
        assert_eq!(detect("ホールスタッフ", Lang::Fr).lang, Lang::Ja);
        assert_eq!(
            detect("ソフトウェアエンジニアとして働いています", Lang::Fr).lang,
            Lang::Ja
        );
    }

    #[test]
    fn parses_codes() {
        assert_eq!("fr".parse::<Lang>().unwrap(), Lang::Fr);
        assert_eq!("pl".parse::<Lang>().unwrap().code(), "pl");
        assert!("FR".parse::<Lang>().is_err());
        assert!("fra".parse::<Lang>().is_err());
    }
}
