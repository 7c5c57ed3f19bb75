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
        "fr" => Some((
            &["eur", "eurs", "euse", "euses", "rice", "rices"],
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

/// The words of a text long enough to be derived, lower-cased, with their position.
fn long_words(text: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .enumerate()
        .filter(|(_, w)| w.chars().count() >= MIN_DERIVED_CHARS)
        .map(|(at, w)| (at, w.to_lowercase()))
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
    /// letters), one an agent noun and the other an action noun.
    ///
    /// `lang` is the label's language (and the text's, which labels are only looked for
    /// in). The label of an ability (`names_action`) names the doing with the verb it opens
    /// with ("préparer des commandes"), which is then taken as the action.
    pub fn clash_with(&self, label: &str, lang: &str, names_action: bool) -> bool {
        let Some(suffixes) = suffixes(lang) else {
            return false;
        };
        let surface_roles: Vec<(&str, NounRole)> = self
            .words
            .iter()
            .filter_map(|w| role(w, suffixes).map(|r| (w.as_str(), r)))
            .collect();
        if surface_roles.is_empty() {
            return false;
        }
        long_words(label).any(|(at, label_word)| {
            // An ability's label opens with its verb, whatever its ending ("assist",
            // "monitor").
            let label_role = if names_action && at == 0 {
                NounRole::Action
            } else if let Some(role) = role(&label_word, suffixes) {
                role
            } else {
                return false;
            };
            surface_roles.iter().any(|&(word, word_role)| {
                // The label's own word, as written or in another number or gender ("serveurs
                // Linux" for the ability named so too): no other role.
                if normalize_word(word) == normalize_word(&label_word) {
                    return false;
                }
                let shorter = word.chars().count().min(label_word.chars().count());
                let common = common_prefix(word, &label_word);
                word_role != label_role && common >= MIN_COMMON_CHARS && common + 4 >= shorter
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles_clash(surface: &str, label: &str, lang: &str, names_action: bool) -> bool {
        SurfaceWords::new(surface).clash_with(label, lang, names_action)
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
