//! How mentions are written in their text: names ("Python", "SQL", "C++") against ordinary
//! words, codes and quantities ("R+5", "500 Go"), places ("vacances à Java"), proper names
//! ("lycée Blaise-Pascal"), sentences, lists of skills, and the headings and gender markers
//! of job titles. Plain functions of the text: the extractor weighs what they say.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use crate::normalize::normalize_label;
use crate::words::word_spans;

/// Words a text's opening segment before a colon may have to be taken as its heading.
const MAX_HEADING_WORDS: usize = 8;

/// Characters that separate the items of a list ("python, sql; docker / git").
const LIST_SEPARATORS: &[char] = &[',', ';', '/', '|', '•', '·', '\n'];

/// Characters after which a list may open ("Compétences : python, sql").
const LIST_OPENERS: &[char] = &[',', ';', '/', '|', '•', '·', '\n', ':', '('];

/// Words an item of a list that names nothing may have ("pandas", "gestion de stock").
const MAX_UNNAMED_ITEM_WORDS: usize = 3;

/// Words that join the last item of a list ("sql et docker", "sql and docker").
const LIST_CONJUNCTIONS: &[&str] = &["et", "and", "&", "ou", "or"];

/// Returns whether a word joins the last item of a list.
fn is_conjunction(word: &str) -> bool {
    LIST_CONJUNCTIONS
        .iter()
        .any(|conjunction| conjunction.eq_ignore_ascii_case(word))
}

/// Returns which of `mentions` (spans of `text`, in any order) are whole items of a list in
/// which two items or more are mentions ("python, sql, docker", "Word, Excel et
/// Outlook"): a list of skills or jobs. One such item proves nothing: "Java, Bali et
/// Lombok" is a journey.
pub(super) fn list_items(text: &str, mentions: &[(usize, usize)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&i| mentions[i].0);
    // Between two items: separators, a conjunction, and short items naming nothing
    // ("python, pandas, numpy, sql").
    let is_gap = |gap: &str| {
        let mut chunks = gap.split(LIST_SEPARATORS);
        let (Some(first), Some(last)) = (chunks.next(), chunks.next_back()) else {
            // No separator: only a conjunction joins them ("sql et docker").
            let mut words = gap.split_whitespace();
            return words.next().is_some_and(is_conjunction) && words.next().is_none();
        };
        let unnamed_item = |item: &str| {
            let words = item.split_whitespace().count();
            (1..=MAX_UNNAMED_ITEM_WORDS).contains(&words)
        };
        // The last chunk leads to the next mention: nothing, a conjunction, or an item
        // naming nothing and the conjunction after it ("pandas, duckdb and python").
        let leads_to_item = |chunk: &str| {
            let words: Vec<&str> = chunk.split_whitespace().collect();
            match words.split_last() {
                None => true,
                Some((last, [])) => is_conjunction(last),
                Some((last, item)) => {
                    is_conjunction(last)
                        && item.len() <= MAX_UNNAMED_ITEM_WORDS
                        && !item.iter().copied().any(is_conjunction)
                }
            }
        };
        first.trim().is_empty() && leads_to_item(last) && chunks.all(unnamed_item)
    };
    let item_starts = |start: usize| {
        let before = text[..start].trim_end_matches(char::is_whitespace);
        before.is_empty() || before.ends_with(LIST_OPENERS)
    };
    let item_ends = |end: usize| {
        let after = text[end..].trim_start();
        after.is_empty()
            || after.starts_with(LIST_SEPARATORS)
            || after.starts_with(['.', '!', '?', ')'])
            || after.split_whitespace().next().is_some_and(is_conjunction)
    };
    // Runs of mentions that are whole items, each separated from the next by a separator.
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut previous_end: Option<usize> = None;
    for &i in &order {
        let (start, end) = mentions[i];
        if !item_ends(end) {
            previous_end = None;
            continue;
        }
        let joined = previous_end
            .is_some_and(|previous| previous <= start && is_gap(&text[previous..start]));
        if joined {
            if let Some(run) = runs.last_mut() {
                run.push(i);
            }
        } else if item_starts(start) {
            runs.push(vec![i]);
        } else {
            previous_end = None;
            continue;
        }
        previous_end = Some(end);
    }
    runs.into_iter()
        .filter(|run| run.len() >= 2)
        .flatten()
        .collect()
}

/// Returns whether a sentence ends between two words: a full stop, a question or an
/// exclamation mark closing the first word and followed by a space (not the dot of
/// "Node.js", nor a detached one as in ". NET"), a semicolon, or a line break.
pub(super) fn sentence_ends_between(text: &str, end: usize, next_start: usize) -> bool {
    let gap = &text[end..next_start];
    let mut chars = gap.chars();
    gap.contains([';', '\n'])
        || (chars.next().is_some_and(|c| matches!(c, '.' | '!' | '?'))
            && chars.next().is_some_and(char::is_whitespace))
}

/// Whether a word is written in capitals ("SQL", "MATLAB"), which a sentence start does not
/// explain.
pub(super) use crate::acronyms::is_acronym;

/// Returns whether the word at `start` opens a sentence (or the text, or a list item),
/// where any word may be capitalised.
pub(super) fn opens_sentence(text: &str, start: usize) -> bool {
    match text[..start].trim_end().chars().next_back() {
        None => true,
        Some(c) => matches!(c, '.' | '!' | '?' | '\n' | '•' | '*' | '-' | '–' | '·'),
    }
}

/// Words that put the next name in a place ("vacances à Java", "backpacking through Java",
/// "beans from Java"), whereas tools and languages are used "en Java", "in Java", "with
/// Java" (code ported "from Java" has a context that says so).
const PLACE_PREPOSITIONS: &[&str] = &[
    "à", "au", "aux", "vers", "through", "across", "around", "from",
];

/// Articles that may stand between a preposition of place and the place ("à la Scala",
/// "through the Java hills").
const ARTICLES: &[&str] = &["la", "le", "les", "l'", "l’", "the"];

/// Returns whether the word at `start` follows a preposition of place, with or without an
/// article.
pub(super) fn after_place_preposition(text: &str, start: usize) -> bool {
    let mut before = text[..start]
        .split_whitespace()
        .rev()
        .map(str::to_lowercase);
    match before.next() {
        Some(word) if PLACE_PREPOSITIONS.contains(&word.as_str()) => true,
        Some(word) if ARTICLES.contains(&word.as_str()) => before
            .next()
            .is_some_and(|word| PLACE_PREPOSITIONS.contains(&word.as_str())),
        _ => false,
    }
}

/// Words after which a name is the employer ("chez Oracle", "chez SAP"), not a skill.
/// (English "at" also precedes what one is good at.)
const EMPLOYER_PREPOSITIONS: &[&str] = &["chez"];

/// Words after which a name is a tool the writer worked with: "sous Excel", "sous Linux",
/// "using Jenkins", "via Salesforce".
const TOOL_PREPOSITIONS: &[&str] = &["sous", "using", "via"];

/// Numbers written as words that count people or things ("six mechanics", "deux commis"):
/// "one" and "un" are left out, being also a pronoun and an article.
const CARDINALS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "dozen",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "quinze",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "cent",
    "dizaine",
    "douzaine",
    "centaine",
];

/// Returns whether the word at `start` is counted: it follows a number, in digits
/// ("40 mechanics") or in words ("six mechanics"). What is counted is people or things,
/// not a field of knowledge, which has no plural.
pub(super) fn after_cardinal(text: &str, start: usize) -> bool {
    text[..start]
        .split_whitespace()
        .next_back()
        .is_some_and(|word| {
            let word = word.trim_end_matches(['+', ',']);
            (!word.is_empty() && word.chars().all(|c| c.is_ascii_digit()))
                || CARDINALS
                    .iter()
                    .any(|cardinal| word.eq_ignore_ascii_case(cardinal))
        })
}

/// Nouns that "working" qualifies in the terms of a job rather than a way of working:
/// "flexible working hours" is an offer's benefit, no ability to adapt, though ESCO names
/// that ability "flexible working".
const WORKING_TERMS: &[&str] = &[
    "hours",
    "hour",
    "time",
    "times",
    "day",
    "days",
    "week",
    "weeks",
    "schedule",
    "schedules",
    "pattern",
    "patterns",
    "arrangement",
    "arrangements",
    "conditions",
    "environment",
    "policy",
    "policies",
    "model",
    "options",
];

/// Returns whether a phrase ending in "working" at `end` qualifies the noun after it, a term
/// of the job ("flexible working hours"), not a way of working ("flexible working").
pub(super) fn working_term_follows(text: &str, end: usize) -> bool {
    let ends_in_working = text[..end]
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .is_some_and(|word| word.eq_ignore_ascii_case("working"));
    let next = text[end..]
        .strip_prefix(' ')
        .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next());
    ends_in_working
        && next.is_some_and(|next| {
            WORKING_TERMS
                .iter()
                .any(|term| next.eq_ignore_ascii_case(term))
        })
}

/// Returns whether the word at `start` follows one of `prepositions` (in any case).
fn follows_one_of(text: &str, start: usize, prepositions: &[&str]) -> bool {
    text[..start]
        .split_whitespace()
        .next_back()
        .is_some_and(|word| {
            prepositions
                .iter()
                .any(|preposition| word.eq_ignore_ascii_case(preposition))
        })
}

/// Returns whether the word at `start` follows a preposition that makes it the employer.
pub(super) fn after_employer_preposition(text: &str, start: usize) -> bool {
    follows_one_of(text, start, EMPLOYER_PREPOSITIONS)
}

/// Returns whether the word at `start` follows a preposition that makes it a tool.
pub(super) fn after_tool_preposition(text: &str, start: usize) -> bool {
    follows_one_of(text, start, TOOL_PREPOSITIONS)
}

/// The words after which a text names the writer's job: "travaillé comme", "en tant que",
/// "poste de", "worked as a". Each cue is its words, the last nearest the job; an English
/// article may stand between the cue and the job ("as a waiter").
const JOB_CUES: &[&[&str]] = &[
    &["en", "tant", "que"],
    &["en", "tant", "qu"],
    &["en", "qualité", "de"],
    &["poste", "de"],
    &["poste", "d"],
    &["emploi", "de"],
    &["métier", "de"],
    &["expérience", "de"],
    &["expérience", "d"],
    &["travaillé", "comme"],
    &["travaille", "comme"],
    &["travailler", "comme"],
    &["employé", "comme"],
    &["employée", "comme"],
    &["embauché", "comme"],
    &["embauchée", "comme"],
    &["recruté", "comme"],
    &["recrutée", "comme"],
    &["worked", "as"],
    &["working", "as"],
    &["work", "as"],
    &["employed", "as"],
    &["hired", "as"],
    &["experience", "as"],
    &["role", "as"],
    &["position", "as"],
    &["job", "as"],
    &["career", "as"],
    // Who one is: "je suis serveuse", "I am a nurse", "I'm an electrician".
    &["suis"],
    &["am"],
    &["i", "m"],
    // The next job of a list: "comme vendeuse puis comme caissière".
    &["puis", "comme"],
    &["et", "comme"],
    &["ou", "comme"],
    &["then", "as"],
    &["and", "as"],
    &["or", "as"],
];

/// Words that may follow a job's name when the name is whole: "comme serveuse pendant deux
/// ans", "as a server in a brasserie". Any other word may be more of the name ("agent
/// polyvalent", "agent de quai"), of which the one word is only a part.
const AFTER_WHOLE_JOB: &[&str] = &[
    "à", "au", "aux", "en", "chez", "dans", "pour", "pendant", "depuis", "durant", "puis", "et",
    "ou", "sur", "avec", "in", "at", "for", "with", "and", "or", "during", "since", "then", "from",
    "on",
];

/// Returns whether the word at `start..end` follows words that name the writer's job
/// there ("J'ai travaillé comme serveuse", "worked as a server"), and ends the job's name,
/// where a one-word job name is the job and not an ordinary word or a machine.
pub(super) fn names_the_job(text: &str, start: usize, end: usize) -> bool {
    let next = text[end..]
        .split_whitespace()
        .next()
        .map(|word| word.to_lowercase());
    let whole = match next {
        None => true,
        Some(word) => {
            !word.starts_with(char::is_alphanumeric) || AFTER_WHOLE_JOB.contains(&word.as_str())
        }
    };
    whole && (after_job_cue(text, start) || after_job_heading(text, start))
}

/// Headings whose colon opens the writer's job ("Expérience : serveuse chez ...",
/// "Position: welder"), normalized.
const JOB_HEADINGS: &[&str] = &[
    "experience",
    "experience professionnelle",
    "poste",
    "poste actuel",
    "dernier poste",
    "emploi",
    "metier",
    "fonction",
    "position",
    "current position",
    "role",
    "current role",
    "job",
    "job title",
];

/// Returns whether the word at `start` opens the text after a heading naming the writer's
/// job and its colon ("Experience: physiotherapist in a small firm").
fn after_job_heading(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].trim_end().strip_suffix(':') else {
        return false;
    };
    let line_start = before.rfind(['\n', '.', ';']).map_or(0, |at| at + 1);
    JOB_HEADINGS.contains(&normalize_label(&before[line_start..]).as_str())
}

fn after_job_cue(text: &str, start: usize) -> bool {
    let mut before = text[..start]
        .split(|c: char| !c.is_alphanumeric())
        .rev()
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .peekable();
    if before
        .peek()
        .is_some_and(|word| matches!(word.as_str(), "a" | "an"))
    {
        before.next();
    }
    let last: Vec<String> = before.take(3).collect();
    JOB_CUES.iter().any(|cue| {
        cue.len() <= last.len() && cue.iter().rev().zip(&last).all(|(cue, word)| cue == word)
    })
}

/// Returns the capitalised word that the capitalised word at `start` is joined to by a
/// hyphen, as in "Blaise-Pascal" or "Python-Django" (a letter or an acronym is a prefix,
/// as in "T-SQL" or "PL-SQL", not a name).
pub(super) fn compound_name_head(text: &str, start: usize) -> Option<&str> {
    let before = text[..start].strip_suffix('-')?;
    let head = before.rsplit(|c: char| !c.is_alphanumeric()).next()?;
    (head.starts_with(char::is_uppercase)
        && head.chars().any(char::is_lowercase)
        && text[start..].starts_with(char::is_uppercase))
    .then_some(head)
}

/// Returns the lower-case words that a hyphen joins to the word at `start..end`, before and
/// after it, as in a French compound ("lave" of "lave-linge", "après" of "après-vente",
/// "réceptionnaire" of "cariste-réceptionnaire").
pub(super) fn compound_neighbours(text: &str, start: usize, end: usize) -> Vec<&str> {
    let joined_word = |word: &&str| {
        word.chars().count() >= MIN_COMPOUND_PART_CHARS && word.chars().all(char::is_lowercase)
    };
    let before = text[..start]
        .strip_suffix('-')
        .and_then(|before| before.rsplit(|c: char| !c.is_alphanumeric()).next())
        .filter(joined_word);
    let after = text[end..]
        .strip_prefix('-')
        .and_then(|after| after.split(|c: char| !c.is_alphanumeric()).next())
        .filter(joined_word);
    before.into_iter().chain(after).collect()
}

/// Fewest letters of a word a hyphen joins into a compound: shorter ones are prefixes or
/// inclusive endings ("e-", "-e").
const MIN_COMPOUND_PART_CHARS: usize = 3;

/// Titles before a person's surname ("M. Boulanger", "Mrs Baker").
const CIVILITIES: &[&str] = &[
    "m",
    "mme",
    "mlle",
    "madame",
    "monsieur",
    "mademoiselle",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
];

/// Common given names, lower-case (`analyzers/data/given_names.txt`).
static GIVEN_NAMES: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    super::listed(include_str!("../../data/given_names.txt"))
        .map(str::to_string)
        .collect()
});

/// Returns whether the word at `start` follows a given name or a title, which make it a
/// person's surname: "Jordan Baker", "Pierre Boulanger", "M. Boulanger", "Mrs Baker".
pub(super) fn after_given_name(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].strip_suffix(' ') else {
        return false;
    };
    let abbreviated = before.strip_suffix('.');
    let word = abbreviated
        .unwrap_or(before)
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if CIVILITIES
        .iter()
        .any(|civility| word.eq_ignore_ascii_case(civility))
    {
        return true;
    }
    let mut letters = word.chars();
    abbreviated.is_none()
        && letters.next().is_some_and(char::is_uppercase)
        && letters.all(char::is_lowercase)
        && GIVEN_NAMES.contains(&word.to_lowercase())
}

/// Symbols that end programming-language names and that analysis drops.
const NAME_SYMBOLS: [&str; 2] = ["++", "#"];

/// Returns the programming-name symbol ("++" or "#") that `rest` opens with, if it is not
/// followed by more of a word ("C++", "C#", not "C#2").
pub(super) fn symbol_suffix(rest: &str) -> &'static str {
    for symbol in NAME_SYMBOLS {
        if let Some(after) = rest.strip_prefix(symbol) {
            if !after.starts_with(char::is_alphanumeric) {
                return symbol;
            }
        }
    }
    ""
}

/// Returns the symbol a one-word label ends with ("C++" -> "++"), or "".
pub(super) fn symbol_suffix_of(label: &str) -> &'static str {
    NAME_SYMBOLS
        .into_iter()
        .find(|symbol| label.ends_with(symbol))
        .unwrap_or("")
}

/// Returns whether the word at `start..end` is part of a code, quantity or abbreviation
/// ("R+5", "A4", "C-3", "500 Go", "R&D"): it is not a name there.
pub(super) fn in_code(text: &str, start: usize, end: usize) -> bool {
    if in_ampersand_abbreviation(text, start, end) {
        return true;
    }
    // A unit after a number ("500 Go", "2 To").
    if text[..start]
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit())
    {
        return true;
    }
    let mut after = text[end..].chars();
    match after.next() {
        Some(c) if c.is_ascii_digit() => true,
        Some('+' | '-') => after.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// Returns whether the word at `start..end` is joined to another by an ampersand, as in
/// "R&D", "P&L" or "Q&A": a letter of an abbreviation, not a name.
pub(super) fn in_ampersand_abbreviation(text: &str, start: usize, end: usize) -> bool {
    text[end..].starts_with('&') || text[..start].ends_with('&')
}

/// Returns the span of the short segment before a colon that opens a text, trimmed.
pub(super) fn leading_heading(text: &str) -> Option<(usize, usize)> {
    let colon = text.find(':')?;
    let head = &text[..colon];
    if head.contains(['.', ';', '\n', '!', '?']) {
        return None;
    }
    if word_spans(head).count() > MAX_HEADING_WORDS {
        return None;
    }
    if SECTION_HEADING_KEYS.contains(&normalize_label(head)) {
        return None;
    }
    trimmed_span(text, 0, colon)
}

/// Words that join two things a line names ("Chef de partie puis chef de projet").
const JOINING_WORDS: &[&str] = &["et", "ou", "puis", "and", "or", "then"];

/// Returns the span of a text that is one short line and no list or sentence ("Électricien",
/// "Night nurse"), trimmed: a title written as free text. A line that joins two names is
/// not one.
pub(super) fn lone_line(text: &str) -> Option<(usize, usize)> {
    if text
        .trim()
        .contains(['.', ';', ',', '\n', '!', '?', '|', '•', ':'])
    {
        return None;
    }
    let (start, end) = trimmed_span(text, 0, text.len())?;
    let line = &text[start..end];
    let words: Vec<(usize, usize)> = word_spans(line).collect();
    if words.len() > MAX_HEADING_WORDS
        || words
            .iter()
            .any(|&(from, to)| JOINING_WORDS.contains(&line[from..to].to_lowercase().as_str()))
        || SECTION_HEADING_KEYS.contains(&normalize_label(line))
    {
        return None;
    }
    Some((start, end))
}

/// Headings of the sections of CVs and job ads: they open a list of skills or duties, not
/// a job ("Connaissances : HACCP, gestion des stocks" is no knowledge engineer).
const SECTION_HEADINGS: &[&str] = &[
    "Compétences",
    "Compétences clés",
    "Compétences techniques",
    "Connaissances",
    "Savoir-être",
    "Savoir-faire",
    "Savoirs",
    "Qualités",
    "Atouts",
    "Expérience",
    "Expériences professionnelles",
    "Formation",
    "Diplômes",
    "Langues",
    "Profil",
    "Profil recherché",
    "Missions",
    "Vos missions",
    "Poste",
    "Description du poste",
    "Environnement technique",
    "Outils",
    "Logiciels",
    "Informatique",
    "Certifications",
    "Habilitations",
    "Centres d'intérêt",
    "Loisirs",
    "Objectif",
    "Avantages",
    "Rémunération",
    "Salaire",
    "Horaires",
    "Contrat",
    "Type de contrat",
    "Lieu",
    "Skills",
    "Key skills",
    "Technical skills",
    "Soft skills",
    "Knowledge",
    "Experience",
    "Education",
    "Languages",
    "Profile",
    "Summary",
    "Tools",
    "Qualifications",
    "Responsibilities",
    "Requirements",
    "Duties",
    "Benefits",
    "About",
    "Contact",
];

/// [`SECTION_HEADINGS`], normalized as headings are.
static SECTION_HEADING_KEYS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    SECTION_HEADINGS
        .iter()
        .map(|heading| normalize_label(heading))
        .collect()
});

/// Returns the span from the first word of `start..end` to its last, if it has words: the
/// segment without surrounding whitespace and punctuation ("Vendeur(se)" keeps its closing
/// parenthesis, which belongs to a word), nor the gender marker job ads end titles with
/// ("Serveur H/F", "Koch (m/w/d)").
pub(super) fn trimmed_span(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let segment = &text[start..end];
    let words: Vec<(usize, usize)> = word_spans(segment).collect();
    let last = words.len().checked_sub(1)? - gender_marker_words(segment, &words);
    let (from, mut to) = (words[0].0, words[last].1);
    // An abbreviation in parentheses keeps its closing one ("Auxiliaire de vie (AVS)").
    if segment[to..].starts_with(')')
        && segment[from..to].matches('(').count() > segment[from..to].matches(')').count()
    {
        to += 1;
    }
    Some((start + from, start + to))
}

/// How many of the last `words` of `segment` are a gender marker ("H/F"), leaving at least
/// one word before it; 0 when they are none.
fn gender_marker_words(segment: &str, words: &[(usize, usize)]) -> usize {
    GENDER_MARKERS
        .iter()
        .find(|marker| {
            let Some(first) = words.len().checked_sub(marker.len()).filter(|&at| at > 0) else {
                return false;
            };
            let tail = &words[first..];
            tail.iter()
                .zip(marker.iter())
                .all(|(&(s, e), letter)| segment[s..e].eq_ignore_ascii_case(letter))
                && segment[tail[0].0..tail[tail.len() - 1].1]
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '/' | '-'))
        })
        .map_or(0, |marker| marker.len())
}

/// The gender markers that end job titles, as words: "H/F", "F/H", "M/F", "m/w/d"... The
/// extractor trims them from a heading's span; the resolver ignores them.
pub(super) const GENDER_MARKERS: &[&[&str]] = &[
    &["h", "f"],
    &["f", "h"],
    &["m", "f"],
    &["f", "m"],
    &["m", "w", "d"],
    &["w", "m", "d"],
    &["m", "f", "d"],
    &["f", "m", "d"],
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The spans of `words` in `text`, each at its first occurrence.
    fn spans(text: &str, words: &[&str]) -> Vec<(usize, usize)> {
        words
            .iter()
            .map(|word| {
                let start = text.find(word).expect("word in text");
                (start, start + word.len())
            })
            .collect()
    }

    #[test]
    fn prepositions_make_the_next_name_a_tool_or_an_employer() {
        let text = "Suivi sous Excel, builds using Jenkins, Sous-chef chez Oracle, CHEZ Sage.";
        let at = |word: &str| text.find(word).expect("word in text");
        for (word, tool, employer) in [
            ("Excel", true, false),
            ("Jenkins", true, false),
            ("Oracle", false, true),
            ("Sage", false, true),
            ("Suivi", false, false),
            ("builds", false, false),
            ("chef", false, false),
        ] {
            assert_eq!(after_tool_preposition(text, at(word)), tool, "{word}");
            assert_eq!(
                after_employer_preposition(text, at(word)),
                employer,
                "{word}"
            );
        }
    }

    #[test]
    fn words_naming_the_writer_s_job_make_the_next_whole_name_the_job() {
        let names = |text: &str, word: &str| {
            let start = text.find(word).expect("word in text");
            names_the_job(text, start, start + word.len())
        };
        assert!(names(
            "J'ai travaillé comme serveuse pendant deux ans.",
            "serveuse"
        ));
        assert!(names(
            "Embauchée comme vendeuse puis comme caissière.",
            "caissière"
        ));
        assert!(names("Poste d'agent.", "agent"));
        assert!(names("En tant qu'aide-soignante", "aide-soignante"));
        assert!(names("Worked as a server in a busy brasserie.", "server"));
        assert!(names("Worked as a cook, then as a chef.", "chef"));
        assert!(names("Je suis serveuse depuis 2019.", "serveuse"));
        assert!(names("I'm an electrician.", "electrician"));
        // No cue, or the word is only part of the job's name.
        assert!(!names(
            "Configured the box as a server for the team.",
            "server"
        ));
        assert!(!names("Des serveurs comme Apache.", "Apache"));
        assert!(!names("Poste d'agent polyvalent.", "agent"));
        assert!(!names("Poste d'agent de quai.", "agent"));
        assert!(!names("J'ai travaillé comme serveur Linux.", "serveur"));
    }

    #[test]
    fn list_items_are_whole_items_of_a_list_naming_two_or_more() {
        let text = "Compétences : python, pandas, sql et docker.";
        let mentions = spans(text, &["python", "sql", "docker"]);
        assert_eq!(list_items(text, &mentions), [0, 1, 2]);
        // One named item is no list of names.
        // The item naming nothing may come just before the conjunction.
        let text = "sql, polars, duckdb and python";
        assert_eq!(list_items(text, &spans(text, &["sql", "python"])), [0, 1]);
        let text = "Voyages : Java, Bali et Lombok.";
        assert!(list_items(text, &spans(text, &["Java"])).is_empty());
        // A word that opens a longer item is not a whole item.
        let text = "Cashier: operated the till, processed card payments, handled returns.";
        assert!(list_items(text, &spans(text, &["till", "processed"])).is_empty());
    }

    #[test]
    fn sentences_end_at_a_stop_followed_by_a_space() {
        let text = "fluent. German; basic Node.js . NET";
        assert!(sentence_ends_between(text, 6, 8));
        assert!(sentence_ends_between(text, 14, 16));
        assert!(!sentence_ends_between(text, 26, 27));
        assert!(!sentence_ends_between(text, 29, 32));
    }
}
