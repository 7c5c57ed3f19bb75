//! Per-language text analysis: the tantivy analyzer chain of each language and the registry
//! that routes a text to the analyzer of its language.
//!
//! Every analysed language shares one chain: split into words ([`crate::words`]), drop
//! overlong tokens, drop the stop words that are also acronyms unless written in capitals
//! ([`crate::acronyms`]),
//! lower-case, (French: unify feminine forms), drop stop words, stem with
//! Snowball, fold accents. Stemming runs before folding because the Snowball rules are
//! written for accented text. Japanese is cut into dictionary words by lindera when a
//! dictionary is configured ([`crate::japanese`]), into character bigrams otherwise
//! ([`crate::cjk`]).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, StopWordFilter,
    TextAnalyzer, Token, TokenizerManager,
};

use crate::acronyms::{StopUnlessCapitals, ENGLISH_ACRONYM_STOP_WORDS};
use crate::cjk::CjkBigramTokenizer;
use crate::encoded::EncodedTokenizer;
use crate::feminine::FrenchFeminineFilter;
use crate::lang::Lang;
use crate::words::{word_spans, WordTokenizer};

/// Tokens longer than this many bytes are noise (base64, URLs) and are dropped.
const MAX_TOKEN_BYTES: usize = 40;

/// A word as analysed for the index: its term, byte span and position (counting dropped
/// words, as tantivy does). Lighter than tantivy's `Token`: the term is shared with the
/// per-thread word memory, not copied, and documents have thousands of words.
#[derive(Debug, Clone)]
pub struct AnalysedWord {
    /// Byte offset of the word in the text.
    pub offset_from: usize,
    /// Byte offset after the word.
    pub offset_to: usize,
    /// Position of the word in the text.
    pub position: usize,
    /// What analysis made of the written word, shared by its every occurrence.
    entry: Rc<WordEntry>,
}

impl AnalysedWord {
    /// A word with its term (`None`: dropped by analysis), outside the word memory.
    pub fn new(offset_from: usize, offset_to: usize, position: usize, term: Option<&str>) -> Self {
        AnalysedWord {
            offset_from,
            offset_to,
            position,
            entry: Rc::new(WordEntry::new(term.map(Box::from))),
        }
    }

    /// The indexed term; empty for a word analysis drops (see [`Analyzers::analyse_all`]).
    pub fn text(&self) -> &str {
        self.entry.term.as_deref().unwrap_or("")
    }

    /// Returns whether analysis drops the word (a stop word).
    pub fn is_dropped(&self) -> bool {
        self.entry.term.is_none()
    }

    /// What the matcher stamped `stamp` remembers of the written word: an empty memo
    /// under that stamp when another matcher (another taxonomy's) wrote it.
    pub(crate) fn memo(&self, stamp: u32) -> WordMemo {
        let memo = self.entry.memo.get();
        if memo.owner == stamp {
            memo
        } else {
            WordMemo {
                owner: stamp,
                ..WordMemo::EMPTY
            }
        }
    }

    /// Remembers ids with the written word, for every occurrence of it.
    pub(crate) fn remember(&self, memo: WordMemo) {
        self.entry.memo.set(memo);
    }
}

impl PartialEq for AnalysedWord {
    fn eq(&self, other: &Self) -> bool {
        (self.offset_from, self.offset_to, self.position)
            == (other.offset_from, other.offset_to, other.position)
            && self.entry.term == other.entry.term
    }
}

impl Eq for AnalysedWord {}

/// A written word in one language, remembered per thread: its term, and what concept
/// matching made of it, so that the one lookup analysis makes per word serves matching too.
#[derive(Debug)]
struct WordEntry {
    term: Option<Box<str>>,
    memo: Cell<WordMemo>,
}

impl WordEntry {
    fn new(term: Option<Box<str>>) -> WordEntry {
        WordEntry {
            term,
            memo: Cell::new(WordMemo::EMPTY),
        }
    }
}

/// Ids that concept matching computed for a written word, valid for the matcher whose
/// stamp `owner` is (another taxonomy's matcher starts again from [`WordMemo::EMPTY`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordMemo {
    /// Stamp of the matcher that wrote the ids; 0 for none.
    pub owner: u32,
    /// Id of the term in the matcher's label vocabulary, or [`WordMemo::UNKNOWN`].
    pub label_word: u32,
    /// Id of the word's English term in the label vocabulary, or [`WordMemo::UNKNOWN`].
    pub english_word: u32,
    /// Id of the word in the extractor's context profiles, or [`WordMemo::UNKNOWN`].
    pub profile_word: u32,
}

impl WordMemo {
    /// Not computed yet (matchers' own ids and markers stay apart from it).
    pub const UNKNOWN: u32 = u32::MAX - 1;
    /// A memo no matcher wrote.
    pub const EMPTY: WordMemo = WordMemo {
        owner: 0,
        label_word: WordMemo::UNKNOWN,
        english_word: WordMemo::UNKNOWN,
        profile_word: WordMemo::UNKNOWN,
    };
}

/// The analyzers of every language, built once and cloned per use.
///
/// `TextAnalyzer::token_stream` needs `&mut self`, so callers get a cheap clone rather than
/// a shared reference; the registry itself is immutable and shared across threads.
#[derive(Clone)]
pub struct Analyzers {
    by_lang: HashMap<Lang, TextAnalyzer>,
    simple: TextAnalyzer,
}

impl std::fmt::Debug for Analyzers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut langs: Vec<&Lang> = self.by_lang.keys().collect();
        langs.sort();
        f.debug_struct("Analyzers")
            .field("languages", &langs)
            .finish()
    }
}

impl Default for Analyzers {
    fn default() -> Self {
        Analyzers::build()
    }
}

impl Analyzers {
    /// Builds the analyzers of every supported language.
    pub fn build() -> Analyzers {
        let mut by_lang = HashMap::new();
        for lang in Lang::ANALYSED {
            by_lang.insert(lang, analyzer_for(lang));
        }
        Analyzers {
            by_lang,
            simple: simple_analyzer(),
        }
    }

    /// Returns an analyzer for `lang`: its own, or the simple one for other languages.
    pub fn get(&self, lang: Lang) -> TextAnalyzer {
        self.by_lang
            .get(&lang)
            .cloned()
            .unwrap_or_else(|| self.simple.clone())
    }

    /// Analyses `text` in `lang` and returns its tokens with byte offsets and positions.
    ///
    /// For languages whose chain splits on word boundaries and then only transforms or
    /// drops single tokens, the result of each distinct word is remembered per thread (see
    /// `WordCache`): CV vocabulary is Zipfian, so most words skip the filters (stemming
    /// above all) and cost one hash lookup. The output is identical to running the chain
    /// on the whole text (a property test checks it).
    pub fn tokens(&self, lang: Lang, text: &str) -> Vec<Token> {
        if lang == Lang::Ja {
            return self.chain_tokens(lang, text);
        }
        self.analyse(lang, text)
            .into_iter()
            .map(|word| Token {
                offset_from: word.offset_from,
                offset_to: word.offset_to,
                position: word.position,
                text: word.text().to_string(),
                position_length: 1,
            })
            .collect()
    }

    /// Like [`Analyzers::tokens`], as [`AnalysedWord`]s: what indexing and concept
    /// matching use, without a string per word.
    pub fn analyse(&self, lang: Lang, text: &str) -> Vec<AnalysedWord> {
        self.analyse_words(lang, text, false)
    }

    /// Like [`Analyzers::analyse`], with the words analysis drops too (stop words, each
    /// [`AnalysedWord::is_dropped`]): every word of the text, in order. Japanese has no
    /// dropped words to give: its words are the dictionary's.
    pub fn analyse_all(&self, lang: Lang, text: &str) -> Vec<AnalysedWord> {
        self.analyse_words(lang, text, true)
    }

    fn analyse_words(&self, lang: Lang, text: &str, keep_dropped: bool) -> Vec<AnalysedWord> {
        if lang == Lang::Ja {
            return self
                .chain_tokens(lang, text)
                .into_iter()
                .map(|token| {
                    AnalysedWord::new(
                        token.offset_from,
                        token.offset_to,
                        token.position,
                        Some(&token.text),
                    )
                })
                .collect();
        }
        let mut analyzer: Option<TextAnalyzer> = None;
        WORD_CACHE.with_borrow_mut(|cache| {
            let words = cache.words_of(lang);
            let mut tokens = Vec::new();
            for (position, (start, end)) in word_spans(text).enumerate() {
                let word = &text[start..end];
                let entry = match words.get(word) {
                    Some(entry) => entry.clone(),
                    None => {
                        let analyzer = analyzer.get_or_insert_with(|| self.get(lang));
                        let entry = Rc::new(WordEntry::new(analyse_word(analyzer, word)));
                        words.insert(word.into(), entry.clone());
                        entry
                    }
                };
                if keep_dropped || entry.term.is_some() {
                    tokens.push(AnalysedWord {
                        offset_from: start,
                        offset_to: end,
                        position,
                        entry,
                    });
                }
            }
            tokens
        })
    }

    /// Runs `lang`'s tantivy chain over the whole text.
    fn chain_tokens(&self, lang: Lang, text: &str) -> Vec<Token> {
        let mut analyzer = self.get(lang);
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push(token.clone());
        }
        tokens
    }

    /// Registers every analyzer in a tantivy tokenizer manager as `vivier_<code>`, and as
    /// `text_tokenizer` the tokenizer of text fields, which reads the tokens that
    /// [`crate::encoded::encode`] wrote (each document is analysed in its own language
    /// before it reaches tantivy).
    pub fn register(&self, manager: &TokenizerManager, text_tokenizer: &str) {
        for (lang, analyzer) in &self.by_lang {
            manager.register(&format!("vivier_{}", lang.code()), analyzer.clone());
        }
        manager.register(text_tokenizer, TextAnalyzer::from(EncodedTokenizer));
    }
}

/// Words remembered per language before a language's memory is emptied: enough for the
/// vocabulary of millions of CVs' common words, bounded for the odd corpus of unique tokens.
pub(crate) const MAX_CACHED_WORDS: usize = 200_000;

thread_local! {
    static WORD_CACHE: RefCell<WordCache> = RefCell::default();
}

/// Per-thread memory of analysed words: language -> written word -> its entry (indexed term,
/// or `None` for a dropped word). Thread-local so that analysis threads never contend.
#[derive(Default)]
struct WordCache {
    by_lang: FxHashMap<Lang, FxHashMap<CompactString, Rc<WordEntry>>>,
}

impl WordCache {
    fn words_of(&mut self, lang: Lang) -> &mut FxHashMap<CompactString, Rc<WordEntry>> {
        let words = self.by_lang.entry(lang).or_default();
        if words.len() >= MAX_CACHED_WORDS {
            words.clear();
        }
        words
    }
}

/// Runs one word through a chain: its term, or `None` when a filter drops it.
fn analyse_word(analyzer: &mut TextAnalyzer, word: &str) -> Option<Box<str>> {
    let mut stream = analyzer.token_stream(word);
    stream.next().map(|token| Box::from(token.text.as_str()))
}

fn analyzer_for(lang: Lang) -> TextAnalyzer {
    let language = match lang {
        Lang::Fr => Language::French,
        Lang::En => Language::English,
        Lang::De => Language::German,
        Lang::Es => Language::Spanish,
        Lang::It => Language::Italian,
        Lang::Pt => Language::Portuguese,
        Lang::Nl => Language::Dutch,
        Lang::Ja => return japanese_analyzer(),
        Lang::Other(_) => return simple_analyzer(),
    };
    // French marks its elided words for its own stop-word list. English keeps its acronyms
    // out of its list (see [`crate::acronyms`]). Every other language listed above ships a
    // list in tantivy; an empty filter keeps the chain's type the same should one ever be
    // missing.
    let (tokenizer, stop_filter, acronyms) = match lang {
        Lang::Fr => (
            WordTokenizer::marking_elisions(),
            french_stop_words(),
            &[][..],
        ),
        Lang::En => (
            WordTokenizer::default(),
            english_stop_words(),
            ENGLISH_ACRONYM_STOP_WORDS,
        ),
        _ => {
            let stop_filter =
                StopWordFilter::new(language).unwrap_or_else(|| StopWordFilter::remove(Vec::new()));
            (WordTokenizer::default(), stop_filter, &[][..])
        }
    };
    let builder = TextAnalyzer::builder(tokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(StopUnlessCapitals::new(acronyms))
        .filter(LowerCaser);
    if lang == Lang::Fr {
        return builder
            .filter(FrenchFeminineFilter)
            .filter(stop_filter)
            .filter(Stemmer::new(language))
            .filter(AsciiFoldingFilter)
            .build();
    }
    builder
        .filter(stop_filter)
        .filter(Stemmer::new(language))
        .filter(AsciiFoldingFilter)
        .build()
}

/// French stop words: Snowball's list (tantivy keeps its copy private), where the letters
/// c, d, j, l, m, n, s and t stand for their elided forms ("l'accueil"), which is how they
/// are listed here, and "comme", which Snowball stems as "commis" ("comme cuisinière" was
/// the kitchen assistant, "commis cuisinier"). The tokenizer
/// writes an elided word with its apostrophe (see [`crate::words`]), so a letter standing
/// alone is kept: the C of "permis C" and of "Objective-C", the D of "permis D".
fn french_stop_words() -> StopWordFilter {
    const WORDS: &str = "au aux avec ce ces dans de des du elle en et eux il je la le leur \
        lui ma mais me même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se \
        ses sur ta te tes toi ton tu un une vos votre vous à y étée étées étant suis es êtes \
        sont serai seras sera serons serez seront serais serait serions seriez seraient étais \
        était étions étiez étaient fus fut fûmes fûtes furent sois soit soyons soyez soient \
        fusse fusses fussions fussiez fussent ayant eu eue eues eus ai avons avez ont aurai \
        aurons aurez auront aurais aurait aurions auriez auraient avais avait aviez avaient \
        eut eûmes eûtes eurent aie aies ait ayons ayez aient eusse eusses eût eussions \
        eussiez eussent ceci cela celà cet cette ici ils les leurs quel quels quelle quelles \
        sans soi comme c' d' j' l' m' n' s' t' qu' jusqu' lorsqu' puisqu' quoiqu'";
    StopWordFilter::remove(WORDS.split_whitespace().map(str::to_string))
}

/// English stop words: Lucene's list, which tantivy ships, less the words that are also
/// acronyms, which [`StopUnlessCapitals`] drops only when they are not written in capitals.
fn english_stop_words() -> StopWordFilter {
    const WORDS: &[&str] = &[
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
        "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
        "these", "they", "this", "to", "was", "will", "with",
    ];
    StopWordFilter::remove(
        WORDS
            .iter()
            .filter(|word| !ENGLISH_ACRONYM_STOP_WORDS.contains(word))
            .map(|word| word.to_string()),
    )
}

/// Lower-casing and accent folding only: for languages without a stemmer.
fn simple_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Japanese: dictionary words with lindera when a dictionary is configured (see
/// [`crate::japanese::dictionary_dir`]), CJK bigrams otherwise. Particles and auxiliary
/// verbs are dropped like stop words; verbs and adjectives are indexed by their dictionary
/// form.
fn japanese_analyzer() -> TextAnalyzer {
    match crate::japanese::configured_tokenizer() {
        Some(Ok(tokenizer)) => TextAnalyzer::builder(tokenizer.drop_function_words(true))
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
        // The binary refuses to start with a dictionary that does not load (the
        // configuration is validated first), so only library users get here with a
        // broken one.
        Some(Err(_)) | None => bigram_analyzer(),
    }
}

/// CJK bigrams and whole Latin words: a stand-in for scripts written without spaces.
fn bigram_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(CjkBigramTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: Lang, text: &str) -> Vec<String> {
        Analyzers::build()
            .tokens(lang, text)
            .into_iter()
            .map(|token| token.text)
            .collect()
    }

    #[test]
    fn french_forms_of_a_job_meet() {
        let expected = terms(Lang::Fr, "Développeur");
        for form in [
            "développeuse",
            "Développeurs",
            "developpeur",
            "DÉVELOPPEUSES",
        ] {
            assert_eq!(terms(Lang::Fr, form), expected, "{form}");
        }
    }

    #[test]
    fn french_drops_stop_words_and_keeps_positions() {
        let analyzers = Analyzers::build();
        let tokens = analyzers.tokens(Lang::Fr, "chef de projet");
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(tokens.len(), 2);
        assert_eq!(positions, vec![0, 2]);
    }

    #[test]
    fn english_keeps_it_in_capitals_as_the_acronym() {
        assert_eq!(terms(Lang::En, "IT support"), ["it", "support"]);
        assert_eq!(terms(Lang::En, "fixed it"), terms(Lang::En, "fixed"));
        assert_eq!(terms(Lang::En, "It works"), terms(Lang::En, "works"));
        // Other stop words are dropped whatever their case.
        assert_eq!(
            terms(Lang::En, "HEAD OF SALES"),
            terms(Lang::En, "head sales")
        );
    }

    #[test]
    fn french_drops_elided_words_and_keeps_lone_letters() {
        assert_eq!(
            terms(Lang::Fr, "l'accueil d’abord"),
            terms(Lang::Fr, "accueil abord")
        );
        assert_eq!(
            terms(Lang::Fr, "permis C et permis D"),
            ["perm", "c", "perm", "d"]
        );
        assert_ne!(terms(Lang::Fr, "Objective-C"), terms(Lang::Fr, "Objective"));
    }

    #[test]
    fn inclusive_writing_meets_both_genders() {
        for (inclusive, plain) in [
            ("Agent(e) de sécurité", "agent de sécurité"),
            ("Vendeur(se)", "vendeuse"),
            (
                "Technicien(ne)s de maintenance",
                "techniciens de maintenance",
            ),
            ("Infirmier·ère", "infirmière"),
        ] {
            assert_eq!(
                terms(Lang::Fr, inclusive),
                terms(Lang::Fr, plain),
                "{inclusive}"
            );
        }
        let tokens = Analyzers::build().tokens(Lang::Fr, "Agent(e) de sécurité");
        assert_eq!((tokens[0].offset_from, tokens[0].offset_to), (0, 8));
    }

    #[test]
    fn english_stems_plurals() {
        assert_eq!(terms(Lang::En, "developers"), terms(Lang::En, "developer"));
        assert_eq!(terms(Lang::En, "the nurse"), terms(Lang::En, "nurses"));
    }

    #[test]
    fn every_analysed_language_stems_its_plurals() {
        let cases = [
            (Lang::De, "Entwickler", "Entwicklern"),
            (Lang::Es, "camarero", "camareros"),
            (Lang::It, "sviluppatore", "sviluppatori"),
            (Lang::Pt, "enfermeiro", "enfermeiros"),
            (Lang::Nl, "ontwikkelaar", "ontwikkelaars"),
        ];
        for (lang, singular, plural) in cases {
            assert_eq!(terms(lang, singular), terms(lang, plural), "{lang}");
        }
    }

    #[test]
    fn offsets_point_at_the_original_text() {
        let text = "Infirmière à l'hôpital";
        for token in Analyzers::build().tokens(Lang::Fr, text) {
            assert!(text.is_char_boundary(token.offset_from));
            assert!(text.is_char_boundary(token.offset_to));
        }
    }

    #[test]
    fn unknown_languages_use_the_simple_analyzer() {
        assert_eq!(
            terms(Lang::Other(*b"pl"), "Kelnerka Śląsk"),
            vec!["kelnerka", "slask"]
        );
    }

    #[test]
    fn japanese_is_cut_into_bigrams() {
        let found = terms(Lang::Ja, "看護師");
        assert!(found.contains(&"看護".to_string()), "{found:?}");
    }

    proptest::proptest! {
        /// The per-word memory gives exactly what the chain gives on the whole text, words
        /// seen before or not, in every language it serves.
        #[test]
        fn remembered_words_equal_the_chain(
            text in "([A-Za-zÀ-ÿœ0-9]{1,12}|[ ,.'’/()+#-]{1,3}|serveuses|de|the|IT|it|It|Développeuses|ÉTÉ|straße|ǅ){0,30}",
            lang_index in 0usize..8,
        ) {
            let langs = [Lang::Fr, Lang::En, Lang::De, Lang::Es, Lang::It, Lang::Pt, Lang::Nl,
                Lang::Other(*b"pl")];
            let lang = langs[lang_index];
            let analyzers = Analyzers::build();
            let expected = analyzers.chain_tokens(lang, &text);
            for _ in 0..2 {
                let got = analyzers.tokens(lang, &text);
                proptest::prop_assert_eq!(got.len(), expected.len());
                for (got, expected) in got.iter().zip(&expected) {
                    proptest::prop_assert_eq!(&got.text, &expected.text);
                    proptest::prop_assert_eq!(got.offset_from, expected.offset_from);
                    proptest::prop_assert_eq!(got.offset_to, expected.offset_to);
                    proptest::prop_assert_eq!(got.position, expected.position);
                }
            }
            // Every word, the dropped ones included, and the kept ones as analysed.
            let all = analyzers.analyse_all(lang, &text);
            let spans: Vec<(usize, usize)> = all.iter().map(|w| (w.offset_from, w.offset_to)).collect();
            proptest::prop_assert_eq!(spans, word_spans(&text).collect::<Vec<_>>());
            let kept: Vec<AnalysedWord> = all.into_iter().filter(|w| !w.is_dropped()).collect();
            proptest::prop_assert_eq!(kept, analyzers.analyse(lang, &text));
        }
    }
}
