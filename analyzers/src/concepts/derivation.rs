//! Agent nouns and action nouns of one verb.
//!
//! Stemming folds "préparateur" (who prepares) and "préparation" (the act) into one stem,
//! and "manager" with "management", "soudeur" with "soudure": good for search, wrong for
//! naming concepts, where "préparation des commandes" is the skill of preparing orders and
//! not the occupation of order picker. A label matched through such a pair names the other
//! kind of thing than the text does.

use crate::normalize::normalize_word;

/// What a noun derived from a verb names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NounRole {
    /// Who does it: "préparateur", "soudeuse", "developer".
    Agent,
    /// The doing: "préparation", "soudure", "development", "cleaning".
    Action,
}

/// Suffixes of agent and action nouns, singular and plural, for a language: French
/// infinitives end like English agents ("préparer", "manager"), so each keeps its own.
fn suffixes(lang: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    match lang {
        // "-eure" is the feminine of "-eur" ("ingénieure", "professeure"), not the "-ure" of
        // an action ("soudure"): agents are looked for first.
        "fr" => Some((
            &[
                "eur", "eurs", "eure", "eures", "euse", "euses", "rice", "rices",
            ],
            &[
                "tion", "tions", "sion", "sions", "ment", "ments", "age", "ages", "ure", "ures",
            ],
        )),
        "en" => Some((
            &["er", "ers", "or", "ors", "ist", "ists"],
            // A past participle names the doing too ("managed the waiting list" is no
            // "manager of waiting lists").
            &[
                "tion", "tions", "sion", "sions", "ment", "ments", "ing", "ings", "ed",
            ],
        )),
        _ => None,
    }
}

/// Shortest word taken as derived: "order", "paper" or "cure" are not.
const MIN_DERIVED_CHARS: usize = 6;

fn role(word: &str, (agent, action): (&[&str], &[&str])) -> Option<NounRole> {
    if word.chars().count() < MIN_DERIVED_CHARS {
        return None;
    }
    if agent.iter().any(|s| word.ends_with(s)) {
        Some(NounRole::Agent)
    } else if action.iter().any(|s| word.ends_with(s)) {
        Some(NounRole::Action)
    } else {
        None
    }
}

/// Fewest letters two words of one verb start with ("soud" in "soudure", "soudeur").
const MIN_COMMON_CHARS: usize = 4;

/// Length in characters of the common prefix of two words.
pub(crate) fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// The words of a text long enough to be derived, lower-cased, with their position among
/// all its words.
fn long_words(text: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    words(text)
        .enumerate()
        .filter(|(_, w)| w.chars().count() >= MIN_DERIVED_CHARS)
        .map(|(at, w)| (at, w.to_lowercase()))
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Returns whether one of two French words, normalized, is the other with "-ment" added:
/// nouns that stems join though they name other things ("équipe" and "équipement", a team
/// and equipment; "paie" and "paiement", payroll and a payment; "règle" and "règlement").
pub fn noun_and_its_ment_noun(a: &str, b: &str) -> bool {
    let longer_by_ment = |short: &str, long: &str| long.strip_suffix("ment") == Some(short);
    a != b && (longer_by_ment(a, b) || longer_by_ment(b, a))
}

/// How a label word that adds a verb-making ending to a word goes on ("virtual" +
/// "ization", "digital" + "ise", "final" + "iser").
const MAKING_ENDINGS: &[&str] = &["is", "iz"];

/// Returns whether a label word is a normalized adjective in "-al" made into a verb or its
/// process: "virtualisation" is what makes a thing virtual, no "virtual" thing;
/// "digitalise" no "digital". Stems join them (English analysis reads "virtualization" as
/// "virtual"). A noun made into a verb keeps its thing in view ("pallets" are what
/// "palletising" makes, "containers" what "containerisation" runs), and stays.
pub fn made_into(word: &str, label_word: &str) -> bool {
    word.ends_with(ADJECTIVE_ENDING)
        && label_word
            .strip_prefix(word)
            .is_some_and(|rest| MAKING_ENDINGS.iter().any(|ending| rest.starts_with(ending)))
}

/// The adjective ending of the words [`made_into`] reads apart from their verbs.
const ADJECTIVE_ENDING: &str = "al";

/// Most characters two forms of one word may differ by at their end ("lave", "laver";
/// "haie", "haies").
const MAX_FORM_ENDING_CHARS: usize = 2;

/// Returns whether a label reads apart the words a hyphen joins in a text: "lave-linge"
/// (the appliance) is no "laver du linge", "garde-corps" (a railing) no "garde du corps",
/// "taille-haie" (the tool) no "tailler des haies". A compound names a thing or a person,
/// not what its words say with other words between them; the analysis that drops the
/// article between them cannot tell. A label that keeps the words side by side ("lave
/// linge", "aide-soignant") reads them as the text does.
pub fn reads_compound_apart(surface: &str, label: &str) -> bool {
    let surface_words = crate::normalize::words(surface);
    let mut joined = surface_words
        .windows(2)
        .filter(|pair| {
            matches!(
                &surface[pair[0].end..pair[1].start],
                "-" | "\u{2010}" | "\u{2011}"
            )
        })
        .peekable();
    if joined.peek().is_none() {
        return false;
    }
    let label_words = crate::normalize::words(label);
    // The compound's first word in another form: the same, or sharing its start but for a
    // short ending ("la" only starts "lave").
    let alike = |a: &str, b: &str| {
        let common = common_prefix(a, b);
        a == b
            || (common >= MIN_COMMON_CHARS
                && common + MAX_FORM_ENDING_CHARS >= a.chars().count().max(b.chars().count()))
    };
    // The word after it may be any word of the same start ("e-commerçant" beside
    // "e-commerce"): what matters is that no other word stands between them.
    let related = |a: &str, b: &str| a == b || common_prefix(a, b) >= MIN_COMMON_CHARS;
    joined.any(|pair| {
        !label_words.windows(2).any(|side| {
            alike(&side[0].text, &pair[0].text) && related(&side[1].text, &pair[1].text)
        })
    })
}

/// Returns whether two lower-cased words are one in another gender or number, the French
/// feminine adding an "e" ("artisan", "artisane"; "marchands", "marchande").
fn other_gender(a: &str, b: &str) -> bool {
    fn stem(word: &str) -> &str {
        let word = word.strip_suffix('s').unwrap_or(word);
        word.strip_suffix('e').unwrap_or(word)
    }
    stem(a) == stem(b)
}

/// What the kind of a label's concept tells of its words' roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// An ability's label opens with its verb, the action ("préparer des commandes",
    /// "assist passengers"), whatever its ending.
    Ability,
    /// An occupation's label names who does the job with its head word, the first in
    /// French ("conseiller en insertion") and the last in English ("recruitment
    /// consultant"), whatever its ending.
    Occupation,
    /// Any other label: only suffixes tell roles.
    Other,
}

/// The words of a text that matched labels through their stems, lower-cased once for all
/// the labels it is checked against.
pub struct SurfaceWords {
    words: Vec<String>,
}

impl SurfaceWords {
    pub fn new(surface: &str) -> SurfaceWords {
        SurfaceWords {
            words: long_words(surface).map(|(_, word)| word).collect(),
        }
    }

    /// Returns whether these words name the agent where `label` names the action, or the
    /// reverse: a word of each derived from the same verb ("préparation" and "préparateur":
    /// a common start of four letters or more, reaching past the shorter word's last four
    /// letters), one an agent noun and the other an action noun. A bare word is not its
    /// agent either: "conseil" and "contrôle" are no "conseiller" and "contrôleur", though
    /// stems join them; nor an agent its bare noun ("biologist" is no "biology").
    ///
    /// `lang` is the label's language (and the text's, which labels are only looked for
    /// in); `kind` says which of the label's words has a role whatever its ending.
    pub fn clash_with(&self, label: &str, lang: &str, kind: LabelKind) -> bool {
        let Some(suffixes) = suffixes(lang).filter(|_| !self.words.is_empty()) else {
            return false;
        };
        let head = match (kind, lang) {
            (LabelKind::Ability, _) => Some((0, NounRole::Action)),
            (LabelKind::Occupation, "en") => words(label)
                .count()
                .checked_sub(1)
                .map(|last| (last, NounRole::Agent)),
            (LabelKind::Occupation, _) => Some((0, NounRole::Agent)),
            (LabelKind::Other, _) => None,
        };
        // The label's own words, as written or in another number or gender ("serveurs
        // Linux" for the ability named so too, "steward" for "steward/stewardess"), have no
        // other role. (Normalized only for a word that would clash.)
        let mut label_words: Option<Vec<String>> = None;
        let mut own_word = |word: &str| {
            label_words
                .get_or_insert_with(|| words(label).map(normalize_word).collect())
                .contains(&normalize_word(word))
        };
        for (at, label_word) in long_words(label) {
            let label_role = match head {
                Some((head_at, role)) if head_at == at => role,
                _ => match role(&label_word, suffixes) {
                    Some(role) => role,
                    None => {
                        // The agent of a bare word is no word of it: "biologist" is no
                        // "biology", "researcher" no "research".
                        let bare_chars = label_word.chars().count();
                        for word in &self.words {
                            let common = common_prefix(word, &label_word);
                            if role(word, suffixes) == Some(NounRole::Agent)
                                && common >= MIN_COMMON_CHARS
                                && common + 1 >= bare_chars
                                && !own_word(word)
                            {
                                return true;
                            }
                        }
                        continue;
                    }
                },
            };
            let label_chars = label_word.chars().count();
            for word in &self.words {
                let word_chars = word.chars().count();
                let common = common_prefix(word, &label_word);
                let clashes = match role(word, suffixes) {
                    Some(word_role) => {
                        word_role != label_role
                            && common >= MIN_COMMON_CHARS
                            && common + 4 >= word_chars.min(label_chars)
                    }
                    // The bare word the agent is made from: "conseil", "conseiller" (not
                    // the agent in another gender: "artisan", "artisane").
                    None => {
                        label_role == NounRole::Agent
                            && common == word_chars
                            && !other_gender(word, &label_word)
                    }
                };
                if clashes && !own_word(word) {
                    return true;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles_clash(surface: &str, label: &str, lang: &str, names_action: bool) -> bool {
        let kind = if names_action {
            LabelKind::Ability
        } else {
            LabelKind::Other
        };
        SurfaceWords::new(surface).clash_with(label, lang, kind)
    }

    #[test]
    fn a_bare_word_or_an_action_is_no_occupation_s_agent() {
        let fr = |surface, label| {
            SurfaceWords::new(surface).clash_with(label, "fr", LabelKind::Occupation)
        };
        let en = |surface, label| {
            SurfaceWords::new(surface).clash_with(label, "en", LabelKind::Occupation)
        };
        assert!(fr("conseil en recrutement", "conseiller en recrutement"));
        assert!(fr("contrôle de gestion", "contrôleur de gestion"));
        assert!(en("IT consulting", "IT consultant"));
        // The agent itself, in any number or gender.
        assert!(!fr(
            "conseillers en recrutement",
            "conseiller en recrutement"
        ));
        assert!(!fr("Conseillère en insertion", "conseiller en insertion"));
        assert!(!fr("ingénieure qualité", "ingénieur qualité"));
        // A feminine made by adding "e" ("artisane", "marchande") is the same agent, which
        // a label may be met by in either gender.
        assert!(!fr("artisan sellier", "artisane sellière"));
        assert!(!fr("marchands de boissons", "marchande de boissons"));
        assert!(fr("conseil en recrutement", "conseillère en recrutement"));
        // Whatever the label's kind: "-eure" is no "-ure" of an action.
        let fr_any = |surface, label| roles_clash(surface, label, "fr", false);
        assert!(!fr_any("ingénieure qualité", "ingénieur qualité"));
        assert!(!en("IT consultants", "IT consultant"));
        // Only the head word is taken as the agent: "recrutement" is no agent.
        assert!(!fr(
            "recrutements de conseillers",
            "conseiller en recrutement"
        ));
        assert!(!en("Flight steward", "steward/stewardess"));
        // Elsewhere only suffixes tell an agent: "conseiller" is also a verb.
        assert!(!fr_any("conseil aux clients", "conseiller les clients"));
    }

    #[test]
    fn an_agent_is_no_word_of_its_bare_noun() {
        let en = |surface, label, kind| SurfaceWords::new(surface).clash_with(label, "en", kind);
        assert!(en(
            "molecular biologist",
            "molecular biology",
            LabelKind::Other
        ));
        assert!(en(
            "business researcher",
            "perform business research",
            LabelKind::Ability
        ));
        assert!(en(
            "marine technologist",
            "marine technology",
            LabelKind::Other
        ));
        // The bare noun itself, or an agent the label has.
        assert!(!en(
            "molecular biology",
            "molecular biology",
            LabelKind::Other
        ));
        assert!(!en(
            "business research",
            "perform business research",
            LabelKind::Ability
        ));
        assert!(!en(
            "supervised researchers",
            "supervise researchers",
            LabelKind::Ability
        ));
    }

    #[test]
    fn a_noun_is_not_the_noun_ment_makes_of_it() {
        assert!(noun_and_its_ment_noun("equipe", "equipement"));
        assert!(noun_and_its_ment_noun("paiement", "paie"));
        assert!(!noun_and_its_ment_noun("equipement", "equipement"));
        assert!(!noun_and_its_ment_noun("gestion", "equipement"));
    }

    #[test]
    fn a_word_is_not_what_makes_things_so() {
        assert!(made_into("virtual", "virtualization"));
        assert!(made_into("virtual", "virtualisation"));
        assert!(made_into("digital", "digitaliser"));
        // A noun made into a verb keeps its thing in view.
        assert!(!made_into("pallet", "palletising"));
        assert!(!made_into("container", "containerisation"));
        // Another form of the word itself is that word.
        assert!(!made_into("sauvegarde", "sauvegarder"));
        assert!(!made_into("negotiat", "negotiation"));
        assert!(!made_into("virtualise", "virtualisation"));
    }

    #[test]
    fn a_compound_is_not_its_words_read_apart() {
        assert!(reads_compound_apart("lave-linge", "laver du linge"));
        assert!(reads_compound_apart("garde-corps", "garde du corps"));
        assert!(reads_compound_apart("taille-haie", "tailler des haies"));
        assert!(reads_compound_apart("lave-vaisselle", "laver la vaisselle"));
        // Side by side, with a hyphen or a space, the label reads the compound whole.
        assert!(!reads_compound_apart(
            "utilisation du lave-vaisselle",
            "utilisation du lave-vaisselle"
        ));
        assert!(!reads_compound_apart("Aide-soignante", "aide-soignant"));
        assert!(!reads_compound_apart(
            "Front-end developer",
            "front end developer"
        ));
        assert!(!reads_compound_apart(
            "state-of-the-art tools",
            "state of the art"
        ));
        // An inclusive ending is no word of its own.
        assert!(!reads_compound_apart(
            "chargé-e de mission",
            "chargé de mission"
        ));
        assert!(!reads_compound_apart("laver du linge", "laver du linge"));
    }

    #[test]
    fn an_action_does_not_name_its_agent() {
        let fr = |surface, label| roles_clash(surface, label, "fr", false);
        let en = |surface, label| roles_clash(surface, label, "en", false);
        assert!(fr("préparation des commandes", "préparateur de commandes"));
        // An ability's verb is the action.
        assert!(roles_clash(
            "Préparateur de commandes",
            "préparer des commandes",
            "fr",
            true
        ));
        assert!(fr("soudure à l'arc", "soudeur à l'arc"));
        assert!(en("project management", "project manager"));
        assert!(en("Office cleaning", "office cleaner"));
        // A past participle is the doing.
        assert!(en("managed the waiting list", "manager of waiting lists"));
        assert!(!en("managed the waiting list", "manage waiting lists"));
    }

    #[test]
    fn the_same_role_or_an_underived_word_matches() {
        let fr = |surface, label| roles_clash(surface, label, "fr", false);
        let en = |surface, label| roles_clash(surface, label, "en", false);
        assert!(!fr(
            "préparatrices de commandes",
            "préparateur de commandes"
        ));
        // A French verb is not an agent, whatever its ending.
        assert!(!fr("préparation des légumes", "préparer des légumes"));
        assert!(!fr("gestion des stocks", "gérer les stocks"));
        assert!(!en("ordering supplies", "order supplies"));
        assert!(!en("software developers", "software developer"));
        // Different verbs that happen to start alike are not a pair.
        assert!(!fr("conditionnement", "conducteur"));
        // An ability named by a noun that is not its verb: the label's own word, in any
        // number, is no agent of it.
        assert!(!roles_clash("serveurs Linux", "serveurs Linux", "fr", true));
        assert!(!roles_clash("serveurs Linux", "serveur Linux", "fr", true));
        assert!(roles_clash(
            "serveurs Linux",
            "servir sous Linux",
            "fr",
            true
        ));
        // Only an ability's verb is its action, not the nouns after it.
        assert!(!roles_clash(
            "maintenance du serveur",
            "maintenir un serveur",
            "fr",
            true
        ));
        assert!(!roles_clash(
            "handed out flyers",
            "hand out flyers",
            "en",
            true
        ));
        assert!(!roles_clash(
            "assisting passengers",
            "assist passengers",
            "en",
            true
        ));
        // Languages without suffix lists are left alone.
        assert!(!roles_clash("管理者", "管理", "ja", true));
        // The action named by an ability's verb is the action written as a noun.
        assert!(!roles_clash(
            "préparation des commandes",
            "préparer des commandes",
            "fr",
            true
        ));
    }
}
