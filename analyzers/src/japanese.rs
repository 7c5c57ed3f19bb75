//! Japanese morphological analysis: a tantivy tokenizer over lindera, with an IPADIC
//! dictionary built on this machine from MeCab's source files.
//!
//! lindera's `embed-*` features download their dictionaries at build time, which Vivier's
//! build machines cannot do, so the dictionary is built instead from the source CSV and
//! definition files of Debian's `mecab-ipadic` package (EUC-JP, in
//! `/usr/share/mecab/dic/ipadic`) by [`build_dictionary`], and loaded at run time from the
//! folder it was written to by [`load_japanese_tokenizer`]. `scripts/ja-dict` does the
//! whole job and prints the folder; [`dictionary_dir`] finds it again (set with
//! [`configure`], or the `VIVIER_JA_DICT` environment variable). Without a dictionary,
//! Japanese falls back to [`crate::cjk::CjkBigramTokenizer`].
//!
//! [`JapaneseTokenizer`] cuts text into the words of the dictionary's best path (Viterbi
//! over word and connection costs, as MeCab does), then:
//! - drops tokens without a letter or digit (punctuation, symbols, spaces),
//! - joins adjacent runs of Latin letters and digits back into one word (`Java8`, `SQL`),
//! - optionally indexes verbs and adjectives by their dictionary form (`働い` → `働く`),
//! - optionally drops function words (particles, auxiliary verbs), leaving a gap in the
//!   positions as a stop-word filter does.
//!
//! Offsets always point at the original text; positions count the words kept or dropped.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use lindera::dictionary::{
    load_fs_dictionary, Dictionary, DictionaryBuilder, Lattice, Metadata, Schema, WordId,
};
use lindera::error::LinderaError;
use lindera::mode::{Mode, Penalty};
use lindera::segmenter::Segmenter;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::cjk::{is_cjk, CjkBigramTokenizer, TokenVecStream};

/// Environment variable naming the folder of a built Japanese dictionary.
pub const DICT_ENV: &str = "VIVIER_JA_DICT";

/// Files every IPADIC-format source folder holds besides its `*.csv` word lists.
const SOURCE_DEFS: [&str; 3] = ["char.def", "unk.def", "matrix.def"];

/// Columns of an IPADIC word list, as lindera's own IPADIC build names them.
const IPADIC_FIELDS: [&str; 13] = [
    "surface",
    "left_context_id",
    "right_context_id",
    "cost",
    "part_of_speech",
    "part_of_speech_subcategory_1",
    "part_of_speech_subcategory_2",
    "part_of_speech_subcategory_3",
    "conjugation_type",
    "conjugation_form",
    "base_form",
    "reading",
    "pronunciation",
];

/// User dictionary columns (lindera's simple user dictionary format for IPADIC).
const USER_FIELDS: [&str; 3] = ["surface", "part_of_speech", "reading"];

/// Parts of speech dropped by [`JapaneseTokenizer::drop_function_words`]: particles,
/// auxiliary verbs, symbols and fillers carry no meaning of their own for search.
const FUNCTION_POS: [&str; 4] = ["助詞", "助動詞", "記号", "フィラー"];

/// Parts of speech indexed by their dictionary form under [`JapaneseTokenizer::lemmatize`].
const INFLECTED_POS: [&str; 2] = ["動詞", "形容詞"];

/// Why a Japanese dictionary could not be built or loaded.
#[derive(Debug, thiserror::Error)]
pub enum JapaneseError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The source folder lacks a file an IPADIC-format dictionary needs.
    #[error("{path}: not an IPADIC source folder ({missing} is missing)")]
    NotASource {
        /// The source folder.
        path: PathBuf,
        /// What is missing.
        missing: String,
    },
    /// lindera failed to build or load the dictionary.
    #[error("{path}: {source}")]
    Lindera {
        /// The dictionary or source folder.
        path: PathBuf,
        /// lindera's error.
        source: LinderaError,
    },
}

impl JapaneseError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        JapaneseError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    fn lindera(path: &Path, source: LinderaError) -> Self {
        JapaneseError::Lindera {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// What [`build_dictionary`] read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltDictionary {
    /// Encoding of the source files: `UTF-8`, or `EUC-JP` as MeCab ships IPADIC.
    pub encoding: &'static str,
    /// Number of `*.csv` word lists read.
    pub word_lists: usize,
    /// Number of entries in them.
    pub entries: usize,
}

/// Builds a lindera dictionary into `out` from an IPADIC-format source folder (`*.csv`
/// word lists, `char.def`, `unk.def`, `matrix.def`), such as Debian's
/// `/usr/share/mecab/dic/ipadic`.
///
/// The sources may be in UTF-8 or EUC-JP; the encoding is detected. The dictionary is
/// written to a sibling folder first and then renamed over `out`, so a reader never sees
/// half a dictionary and an existing one is replaced only once the new one is complete.
pub fn build_dictionary(source: &Path, out: &Path) -> Result<BuiltDictionary, JapaneseError> {
    let word_lists = source_word_lists(source)?;
    let mut files = word_lists.clone();
    files.extend(SOURCE_DEFS.iter().map(|name| source.join(name)));
    let mut utf8 = true;
    let mut entries = 0;
    for file in &files {
        let bytes = fs::read(file).map_err(|err| JapaneseError::io(file, err))?;
        utf8 &= std::str::from_utf8(&bytes).is_ok();
        if file.extension().is_some_and(|ext| ext == "csv") {
            entries += bytes
                .split(|byte| *byte == b'\n')
                .filter(|line| !line.is_empty())
                .count();
        }
    }
    let encoding = if utf8 { "UTF-8" } else { "EUC-JP" };

    let metadata = Metadata::new(
        "ipadic".to_string(),
        encoding.to_string(),
        -10000,
        0,
        0,
        "*".to_string(),
        true,
        false,
        false,
        Schema::new(IPADIC_FIELDS.iter().map(|f| f.to_string()).collect()),
        Schema::new(USER_FIELDS.iter().map(|f| f.to_string()).collect()),
    );

    let name = out
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ja-dict".to_string());
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|err| JapaneseError::io(&parent, err))?;
    let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
    remove_dir_if_present(&staging)?;
    if let Err(err) = DictionaryBuilder::new(metadata).build_dictionary(source, &staging) {
        // Best effort: the build error matters more than a leftover staging folder.
        let _ = fs::remove_dir_all(&staging);
        return Err(JapaneseError::lindera(source, err));
    }
    remove_dir_if_present(out)?;
    fs::rename(&staging, out).map_err(|err| JapaneseError::io(out, err))?;
    Ok(BuiltDictionary {
        encoding,
        word_lists: word_lists.len(),
        entries,
    })
}

fn source_word_lists(source: &Path) -> Result<Vec<PathBuf>, JapaneseError> {
    let not_a_source = |missing: &str| JapaneseError::NotASource {
        path: source.to_path_buf(),
        missing: missing.to_string(),
    };
    let listing = fs::read_dir(source).map_err(|err| JapaneseError::io(source, err))?;
    let mut word_lists = Vec::new();
    for entry in listing {
        let path = entry.map_err(|err| JapaneseError::io(source, err))?.path();
        if path.extension().is_some_and(|ext| ext == "csv") && path.is_file() {
            word_lists.push(path);
        }
    }
    if word_lists.is_empty() {
        return Err(not_a_source("a *.csv word list"));
    }
    for name in SOURCE_DEFS {
        if !source.join(name).is_file() {
            return Err(not_a_source(name));
        }
    }
    word_lists.sort();
    Ok(word_lists)
}

fn remove_dir_if_present(dir: &Path) -> Result<(), JapaneseError> {
    match fs::remove_dir_all(dir) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(JapaneseError::io(dir, err)),
        _ => Ok(()),
    }
}

/// The dictionary folder set by [`configure`], if any.
static CONFIGURED: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Sets the folder of the Japanese dictionary for the whole process, overriding
/// `VIVIER_JA_DICT`; `None` forces the bigram fallback. Only the first call counts, and it
/// must come before the first [`dictionary_dir`] (that is, before analyzers are built) so
/// that every analyzer of the process agrees. Returns whether this call set it.
pub fn configure(dir: Option<PathBuf>) -> bool {
    CONFIGURED.set(dir).is_ok()
}

/// Returns the folder of the Japanese dictionary: the one given to [`configure`], or else
/// `VIVIER_JA_DICT` when set and non-empty. The answer is fixed at the first call.
pub fn dictionary_dir() -> Option<PathBuf> {
    CONFIGURED
        .get_or_init(|| {
            std::env::var_os(DICT_ENV)
                .filter(|value| !value.is_empty())
                .map(PathBuf::from)
        })
        .clone()
}

/// Returns the tokenizer over the dictionary of [`dictionary_dir`]: `None` when no
/// dictionary is configured (Japanese then falls back to CJK bigrams), an error when the
/// configured one does not load.
pub fn configured_tokenizer() -> Option<Result<JapaneseTokenizer, JapaneseError>> {
    dictionary_dir().map(|dir| load_japanese_tokenizer(&dir))
}

/// Segmenters already loaded, by dictionary folder: analyzers are built many times per
/// process and a dictionary load reads tens of megabytes.
static LOADED: OnceLock<Mutex<HashMap<PathBuf, Arc<Loaded>>>> = OnceLock::new();

/// A loaded dictionary, its segmenters and where its detail fields are.
struct Loaded {
    /// MeCab's best path.
    normal: Segmenter,
    /// The best path with long words penalised, so compounds split (Lucene's search mode).
    decompose: Segmenter,
    /// Class of every word of the dictionary, by word id, read once at load time so that
    /// tokenizing reads the details of inflected words only.
    classes: Vec<WordClass>,
    pos_field: Option<usize>,
    base_form_field: Option<usize>,
}

impl Loaded {
    fn class(&self, dictionary: &Dictionary, word_id: WordId) -> WordClass {
        if word_id.is_system() {
            if let Some(class) = self.classes.get(word_id.id() as usize) {
                return *class;
            }
        }
        WordClass::of(
            self.pos_field
                .and_then(|field| detail(dictionary, word_id, field)),
        )
    }
}

/// What the part of speech of a word makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordClass {
    /// Nouns, adverbs, ...: indexed as written.
    Content,
    /// See [`FUNCTION_POS`].
    Function,
    /// See [`INFLECTED_POS`].
    Inflected,
}

impl WordClass {
    fn of(pos: Option<&str>) -> WordClass {
        match pos {
            Some(pos) if FUNCTION_POS.contains(&pos) => WordClass::Function,
            Some(pos) if INFLECTED_POS.contains(&pos) => WordClass::Inflected,
            _ => WordClass::Content,
        }
    }
}

/// Loads the dictionary built by [`build_dictionary`] in `dir` and returns a tokenizer
/// over it that decomposes compounds, lemmatizes, and keeps function words (see
/// [`JapaneseTokenizer`]).
///
/// A folder is loaded once per process; later calls share it. The word list and
/// connection matrix are memory-mapped, so a dictionary replaced on disk by a rebuild is
/// seen by the next process, not by this one.
pub fn load_japanese_tokenizer(dir: &Path) -> Result<JapaneseTokenizer, JapaneseError> {
    let key = dir
        .canonicalize()
        .map_err(|err| JapaneseError::io(dir, err))?;
    let cache = LOADED.get_or_init(Default::default);
    let cached = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(&key)
        .cloned();
    let loaded = match cached {
        Some(loaded) => loaded,
        None => {
            let dictionary =
                load_fs_dictionary(&key).map_err(|err| JapaneseError::lindera(dir, err))?;
            let schema = &dictionary.metadata.dictionary_schema;
            let pos_field = schema.get_custom_field_index("part_of_speech");
            let base_form_field = schema.get_custom_field_index("base_form");
            let classes = match pos_field {
                Some(field) => (0..dictionary.prefix_dictionary.word_count())
                    .map(|id| WordClass::of(dictionary.word_details_iter(id).nth(field)))
                    .collect(),
                None => Vec::new(),
            };
            let decompose = Segmenter::new(
                Mode::Decompose(Penalty::default()),
                dictionary.clone(),
                None,
            );
            let loaded = Arc::new(Loaded {
                normal: Segmenter::new(Mode::Normal, dictionary, None),
                decompose,
                classes,
                pos_field,
                base_form_field,
            });
            cache
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .entry(key)
                .or_insert(loaded)
                .clone()
        }
    };
    Ok(JapaneseTokenizer {
        loaded,
        decompose: true,
        lemmatize: true,
        drop_function_words: false,
    })
}

thread_local! {
    /// Viterbi scratch space, reused from one text to the next on each thread: tokenizers
    /// are cloned for each text they analyse, so they could not keep it themselves.
    static LATTICE: RefCell<Lattice> = RefCell::new(Lattice::default());
}

/// A tantivy tokenizer cutting Japanese text into dictionary words with lindera.
///
/// Clones share the loaded dictionary, so they are cheap.
#[derive(Clone)]
pub struct JapaneseTokenizer {
    loaded: Arc<Loaded>,
    decompose: bool,
    lemmatize: bool,
    drop_function_words: bool,
}

impl std::fmt::Debug for JapaneseTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JapaneseTokenizer")
            .field("dictionary", &self.loaded.normal.dictionary.metadata.name)
            .field("decompose", &self.decompose)
            .field("lemmatize", &self.lemmatize)
            .field("drop_function_words", &self.drop_function_words)
            .finish()
    }
}

impl JapaneseTokenizer {
    /// Whether long words are split into their parts when the dictionary knows them
    /// (`バックエンドエンジニア` → `バック`, `エンド`, `エンジニア`; kanji words over two
    /// characters and other words over seven cost extra), so a search for a part finds the
    /// compound; on by default, as in Lucene's search mode. Off gives MeCab's segmentation.
    pub fn decompose(mut self, on: bool) -> Self {
        self.decompose = on;
        self
    }

    /// Whether verbs and adjectives are indexed by their dictionary form (`働い` → `働く`,
    /// `新しく` → `新しい`); on by default. Offsets still point at the inflected form.
    pub fn lemmatize(mut self, on: bool) -> Self {
        self.lemmatize = on;
        self
    }

    /// Whether particles, auxiliary verbs, symbols and fillers are dropped, leaving a gap in
    /// the positions as a stop-word filter does; off by default.
    pub fn drop_function_words(mut self, on: bool) -> Self {
        self.drop_function_words = on;
        self
    }

    /// Cuts `text` into tokens; see the module documentation for the rules.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let loaded = &*self.loaded;
        let segmenter = if self.decompose {
            &loaded.decompose
        } else {
            &loaded.normal
        };
        let dictionary = &segmenter.dictionary;
        let words = LATTICE.with_borrow_mut(|lattice| {
            segmenter.segment_with_lattice(Cow::Borrowed(text), lattice)
        });
        let words = match words {
            Ok(words) => words,
            // lindera only fails on a broken dictionary; bigrams still find the text.
            Err(_) => return bigrams(text),
        };
        let base_form_field = loaded.base_form_field.filter(|_| self.lemmatize);
        let mut tokens: Vec<Token> = Vec::with_capacity(words.len());
        let mut position = 0;
        let mut last_latin = false;
        for word in &words {
            let (from, to) = (word.byte_start, word.byte_end);
            let Some(surface) = text.get(from..to) else {
                continue;
            };
            if is_latin_word(surface) {
                match tokens.last_mut() {
                    Some(last) if last_latin && last.offset_to == from => {
                        last.offset_to = to;
                        last.text.push_str(surface);
                    }
                    _ => {
                        tokens.push(token(surface.to_string(), from, to, position));
                        position += 1;
                    }
                }
                last_latin = true;
                continue;
            }
            last_latin = false;
            if !surface.chars().any(char::is_alphanumeric) {
                continue;
            }
            let class = loaded.class(dictionary, word.word_id);
            if self.drop_function_words && class == WordClass::Function {
                position += 1;
                continue;
            }
            let lemma = match base_form_field {
                Some(field) if class == WordClass::Inflected => {
                    detail(dictionary, word.word_id, field)
                        .filter(|base| !base.is_empty() && *base != "*")
                }
                _ => None,
            };
            tokens.push(token(
                lemma.unwrap_or(surface).to_string(),
                from,
                to,
                position,
            ));
            position += 1;
        }
        tokens
    }
}

/// Returns detail field `field` (0 is the part of speech) of a word of the system
/// dictionary or an unknown word, without the allocation of lindera's `Token::details`.
fn detail(dictionary: &Dictionary, word_id: WordId, field: usize) -> Option<&str> {
    let id = word_id.id() as usize;
    let mut fields = if word_id.is_unknown() {
        dictionary.unknown_word_details_iter(id)
    } else if word_id.is_system() {
        dictionary.word_details_iter(id)
    } else {
        return None;
    };
    fields.nth(field)
}

/// Returns whether `word` is letters and digits outside the CJK scripts (`Java`, `SQL`,
/// `8`), which lindera may cut at script changes and which are joined back.
fn is_latin_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() && !is_cjk(c))
}

fn token(text: String, from: usize, to: usize, position: usize) -> Token {
    Token {
        offset_from: from,
        offset_to: to,
        position,
        text,
        position_length: 1,
    }
}

fn bigrams(text: &str) -> Vec<Token> {
    let mut tokenizer = CjkBigramTokenizer;
    let mut stream = tokenizer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push(token.clone());
    }
    tokens
}

impl Tokenizer for JapaneseTokenizer {
    type TokenStream<'a> = TokenVecStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokenVecStream {
        TokenVecStream::new(self.tokenize(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ja-mini")
    }

    /// Builds the fixture dictionary (converted to `encoding` first unless UTF-8) and
    /// loads it.
    fn mini(encoding: &'static encoding_rs::Encoding) -> (tempfile::TempDir, JapaneseTokenizer) {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("source");
        fs::create_dir(&source).unwrap();
        for entry in fs::read_dir(fixture()).unwrap() {
            let path = entry.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            let (bytes, _, unmappable) = encoding.encode(&text);
            assert!(!unmappable, "{path:?}");
            fs::write(source.join(path.file_name().unwrap()), bytes).unwrap();
        }
        let out = dir.path().join("dict");
        let built = build_dictionary(&source, &out).unwrap();
        assert_eq!(built.encoding, encoding.name());
        assert_eq!(built.word_lists, 6);
        assert_eq!(built.entries, 46);
        let tokenizer = load_japanese_tokenizer(&out).unwrap();
        (dir, tokenizer)
    }

    fn texts(tokens: &[Token]) -> Vec<&str> {
        tokens.iter().map(|t| t.text.as_str()).collect()
    }

    fn assert_offsets(text: &str, tokens: &[Token]) {
        for token in tokens {
            assert!(text.is_char_boundary(token.offset_from), "{token:?}");
            assert!(text.is_char_boundary(token.offset_to), "{token:?}");
            assert!(token.offset_from < token.offset_to, "{token:?}");
        }
        for pair in tokens.windows(2) {
            assert!(pair[0].offset_to <= pair[1].offset_from, "{pair:?}");
            assert!(pair[0].position < pair[1].position, "{pair:?}");
        }
    }

    const CV: &str = "東京都でソフトウェアエンジニアとして開発の経験";

    #[test]
    fn segments_a_sentence_into_dictionary_words() {
        let (_dir, tokenizer) = mini(encoding_rs::UTF_8);
        let tokens = tokenizer.tokenize(CV);
        assert_eq!(
            texts(&tokens),
            vec![
                "東京",
                "都",
                "で",
                "ソフトウェア",
                "エンジニア",
                "として",
                "開発",
                "の",
                "経験"
            ]
        );
        assert_offsets(CV, &tokens);
        for (position, token) in tokens.iter().enumerate() {
            assert_eq!(&CV[token.offset_from..token.offset_to], token.text);
            assert_eq!(token.position, position);
        }
    }

    #[test]
    fn builds_from_euc_jp_sources_like_debian_ships_them() {
        let (_dir, tokenizer) = mini(encoding_rs::EUC_JP);
        let tokens = tokenizer.tokenize(CV);
        assert_eq!(
            texts(&tokens)[..5],
            ["東京", "都", "で", "ソフトウェア", "エンジニア"]
        );
    }

    #[test]
    fn drops_function_words_and_leaves_position_gaps() {
        let (_dir, tokenizer) = mini(encoding_rs::UTF_8);
        let tokenizer = tokenizer.drop_function_words(true);
        let tokens = tokenizer.tokenize(CV);
        assert_eq!(
            texts(&tokens),
            vec!["東京", "都", "ソフトウェア", "エンジニア", "開発", "経験"]
        );
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, vec![0, 1, 3, 4, 6, 8]);
        assert_offsets(CV, &tokens);
    }

    #[test]
    fn keeps_latin_words_whole_and_drops_punctuation() {
        let (_dir, tokenizer) = mini(encoding_rs::UTF_8);
        let text = "Java8とSQLの開発経験、 Oracle データベース設計。";
        let tokens = tokenizer.tokenize(text);
        assert_eq!(
            texts(&tokens),
            vec![
                "Java8",
                "と",
                "SQL",
                "の",
                "開発",
                "経験",
                "Oracle",
                "データベース",
                "設計"
            ]
        );
        assert_offsets(text, &tokens);
        for token in &tokens {
            assert_eq!(&text[token.offset_from..token.offset_to], token.text);
        }
    }

    #[test]
    fn lemmatizes_verbs_and_adjectives_with_offsets_on_the_text() {
        let (_dir, tokenizer) = mini(encoding_rs::UTF_8);
        let text = "病院で看護師として働いています";
        let tokenizer = tokenizer.drop_function_words(true);
        let tokens = tokenizer.tokenize(text);
        assert_eq!(texts(&tokens), vec!["病院", "看護", "師", "働く", "いる"]);
        let worked = &tokens[3];
        assert_eq!(&text[worked.offset_from..worked.offset_to], "働い");
        assert_offsets(text, &tokens);

        let surface = tokenizer.lemmatize(false);
        assert_eq!(texts(&surface.tokenize("新しく")), vec!["新しく"]);
        let lemma = surface.lemmatize(true);
        assert_eq!(texts(&lemma.tokenize("新しく")), vec!["新しい"]);
    }

    #[test]
    fn decompose_splits_long_kanji_words_and_normal_mode_keeps_them() {
        let (_dir, tokenizer) = mini(encoding_rs::UTF_8);
        let text = "看護師の仕事";
        let tokens = tokenizer.tokenize(text);
        assert_eq!(texts(&tokens), vec!["看護", "師", "の", "仕事"]);
        assert_offsets(text, &tokens);
        let normal = tokenizer.decompose(false);
        assert_eq!(texts(&normal.tokenize(text)), vec!["看護師", "の", "仕事"]);
    }

    #[test]
    fn works_as_a_tantivy_tokenizer_in_an_analyzer_chain() {
        use tantivy::tokenizer::{LowerCaser, TextAnalyzer};

        let (_dir, tokenizer) = mini(encoding_rs::UTF_8);
        let mut analyzer = TextAnalyzer::builder(tokenizer).filter(LowerCaser).build();
        let mut found = Vec::new();
        {
            let mut stream = analyzer.token_stream("JavaエンジニアとPython");
            while let Some(token) = stream.next() {
                found.push(token.text.clone());
            }
        }
        assert_eq!(found, vec!["java", "エンジニア", "と", "python"]);
        // A clone shares the dictionary and gives the same tokens.
        let mut clone = analyzer.clone();
        let mut stream = clone.token_stream("Javaエンジニア");
        assert_eq!(stream.next().map(|t| t.text.clone()), Some("java".into()));
    }

    #[test]
    fn empty_and_symbol_only_texts_give_no_tokens() {
        let (_dir, tokenizer) = mini(encoding_rs::UTF_8);
        assert!(tokenizer.tokenize("").is_empty());
        assert!(tokenizer.tokenize("、。 ！？ --").is_empty());
    }

    #[test]
    fn a_source_without_definitions_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::copy(fixture().join("Noun.csv"), dir.path().join("Noun.csv")).unwrap();
        let err = build_dictionary(dir.path(), &dir.path().join("out")).unwrap_err();
        assert!(matches!(err, JapaneseError::NotASource { .. }), "{err}");
        assert!(!dir.path().join("out").exists());
        let err = load_japanese_tokenizer(&dir.path().join("out")).unwrap_err();
        assert!(matches!(err, JapaneseError::Io { .. }), "{err}");
    }

    #[test]
    fn rebuilding_replaces_the_dictionary_in_place() {
        let (dir, _) = mini(encoding_rs::UTF_8);
        let out = dir.path().join("dict");
        build_dictionary(&fixture(), &out).unwrap();
        assert!(out.join("metadata.json").is_file());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .filter(|name| name.to_string_lossy().contains("building"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    /// The full IPADIC built by `scripts/ja-dict`; run with
    /// `VIVIER_JA_DICT=... cargo test -p vivier-analyzers japanese -- --ignored`.
    #[test]
    #[ignore = "needs the IPADIC dictionary built by scripts/ja-dict, named by VIVIER_JA_DICT"]
    fn full_ipadic_segments_a_cv() {
        let dir = std::env::var_os(DICT_ENV).expect("VIVIER_JA_DICT is not set");
        let tokenizer = load_japanese_tokenizer(Path::new(&dir)).unwrap();
        let tokenizer = tokenizer.drop_function_words(true);
        let text = "東京都でソフトウェアエンジニアとしてJavaとSQLの開発経験が5年以上あります。";
        let tokens = tokenizer.tokenize(text);
        let found = texts(&tokens);
        for word in [
            "東京",
            "ソフトウェア",
            "エンジニア",
            "Java",
            "SQL",
            "開発",
            "経験",
        ] {
            assert!(found.contains(&word), "{word} not in {found:?}");
        }
        assert!(!found.contains(&"と"), "{found:?}");
        assert_offsets(text, &tokens);
    }
}
