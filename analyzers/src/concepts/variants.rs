//! Other ways of writing a skill label, as CVs and offers write it.
//!
//! ESCO names abilities with verb phrases ("gérer une équipe", "lay bricks", "effectuer un
//! dépannage", "Microsoft Office Excel"); people write "gestion d'équipe", "laid bricks",
//! "dépannage", "Excel". Stemming cannot bridge a verb and its action noun ("gérer" and
//! "gestion" share no stem) nor an irregular past, so each skill label also enters the
//! matcher under these variants, naming the same concept:
//! - the verb written as its action noun (French: "tenir une caisse" -> "tenue une caisse",
//!   the article being a stop word anyway);
//! - the object of a light verb alone ("effectuer un dépannage" -> "dépannage", "perform
//!   backups" -> "backups"); in French only when an article follows, so that "faire
//!   fonctionner une machine" keeps its verb;
//! - the name a verb of use applies to, alone ("apply HACCP" -> "HACCP", "use GIS" ->
//!   "GIS"), not an ordinary object ("use a till");
//! - an English irregular verb in its past forms ("build scaffolding" -> "built
//!   scaffolding");
//! - a product name without its vendor ("Microsoft Office Excel" -> "Excel");
//! - for a label of any concept, the acronym people write instead of the taxonomy's ("ICT
//!   support" -> "IT support");
//! - the people served named otherwise ("accueillir les clients" -> "accueillir les
//!   patients", "greet guests" -> "greet visitors"), or left out when the label names them
//!   last ("take food and beverage orders from customers" -> "take food and beverage
//!   orders").
//!
//! The rules are data (`data/label_variants.txt`), one verb a line.

use std::collections::HashMap;
use std::sync::LazyLock;

const RULES: &str = include_str!("../../data/label_variants.txt");

/// Vendor names a product label may start with, longest first.
const VENDORS: &[&str] = &[
    "Microsoft Office",
    "Microsoft",
    "Google",
    "Apple",
    "Adobe",
    "IBM",
];

/// French articles (and elided forms) that open a noun phrase.
const FRENCH_ARTICLES: &[&str] = &[
    "un", "une", "des", "le", "la", "les", "du", "de", "au", "aux", "ses", "son", "sa", "leur",
    "leurs",
];

#[derive(Debug, Default)]
struct Rules {
    /// (lang, verb words) -> action nouns (each as words).
    nouns: HashMap<(String, Vec<String>), Vec<Vec<String>>>,
    /// (lang, verb words) -> irregular past forms.
    pasts: HashMap<(String, Vec<String>), Vec<String>>,
    /// (lang, verb) -> past forms that name the ability even alone.
    pasts_alone: HashMap<(String, String), Vec<String>>,
    /// lang -> light verbs (as words).
    light: HashMap<String, Vec<Vec<String>>>,
    /// lang -> verbs that are light before a name only (as words).
    name_light: HashMap<String, Vec<Vec<String>>>,
    /// lang -> groups of words for the people a service is for.
    people: HashMap<String, Vec<Vec<String>>>,
    /// lang -> words that open a last phrase naming the people served.
    served: HashMap<String, Vec<String>>,
    /// lang -> words too vague to end a label once the people served are left out.
    served_vague: HashMap<String, Vec<String>>,
}

static PARSED: LazyLock<Rules> = LazyLock::new(|| parse(RULES));

fn parse(text: &str) -> Rules {
    let mut rules = Rules::default();
    let words_of = |s: &str| -> Vec<String> { s.split('_').map(str::to_string).collect() };
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [lang, kind, verb, forms @ ..] = fields.as_slice() else {
            continue;
        };
        let key = (lang.to_string(), words_of(verb));
        // A rule that lists words, not a verb and its forms.
        let listed = || {
            std::iter::once(*verb)
                .chain(forms.iter().copied())
                .map(str::to_string)
        };
        match *kind {
            "noun" => rules
                .nouns
                .entry(key)
                .or_default()
                .extend(forms.iter().map(|f| words_of(f))),
            "past" => rules
                .pasts
                .entry(key)
                .or_default()
                .extend(forms.iter().map(|f| f.to_string())),
            "past-alone" => {
                let forms: Vec<String> = forms.iter().map(|f| f.to_string()).collect();
                rules
                    .pasts_alone
                    .insert((lang.to_string(), verb.to_string()), forms.clone());
                rules.pasts.entry(key).or_default().extend(forms);
            }
            "light" => rules.light.entry(key.0).or_default().push(key.1),
            "name-light" => rules.name_light.entry(key.0).or_default().push(key.1),
            "people" => rules
                .people
                .entry(key.0)
                .or_default()
                .push(listed().collect()),
            "served" => rules.served.entry(key.0).or_default().extend(listed()),
            "served-vague" => rules
                .served_vague
                .entry(key.0)
                .or_default()
                .extend(listed()),
            _ => {}
        }
    }
    rules
}

/// Returns the variants of a skill label written in `lang` (none for most labels).
pub fn skill_label_variants(lang: &str, label: &str) -> Vec<String> {
    let rules = &*PARSED;
    let words: Vec<&str> = label.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut variants = Vec::new();
    if let [verb] = lower.as_slice() {
        if let Some(pasts) = rules.pasts_alone.get(&(lang.to_string(), verb.clone())) {
            variants.extend(pasts.iter().cloned());
        }
    }
    for verb_len in 1..=3.min(words.len().saturating_sub(1)) {
        let key = (lang.to_string(), lower[..verb_len].to_vec());
        let rest = words[verb_len..].join(" ");
        if let Some(nouns) = rules.nouns.get(&key) {
            variants.extend(
                nouns
                    .iter()
                    .map(|noun| format!("{} {rest}", noun.join(" "))),
            );
        }
        if let Some(pasts) = rules.pasts.get(&key) {
            variants.extend(pasts.iter().map(|past| format!("{past} {rest}")));
        }
        let is_light = rules
            .light
            .get(lang)
            .is_some_and(|verbs| verbs.contains(&key.1));
        if is_light && (lang != "fr" || opens_with_article(&lower[verb_len..])) {
            variants.push(rest);
        }
    }
    for vendor in VENDORS {
        if let Some(product) = label.strip_prefix(vendor).and_then(|r| r.strip_prefix(' ')) {
            if product.starts_with(char::is_uppercase) {
                variants.push(product.to_string());
                break;
            }
        }
    }
    variants
}

/// Returns a skill label with the people it serves named otherwise ("accueillir les
/// clients" -> "accueillir les patients", "accueillir les visiteurs"...): the ability is the
/// same whoever is served, and CVs name the people of their trade. Only the first such word
/// is replaced. The caller keeps a variant only if no concept already has it as a label.
pub fn people_variants(lang: &str, label: &str) -> Vec<String> {
    let Some(groups) = PARSED.people.get(lang) else {
        return Vec::new();
    };
    let words: Vec<&str> = label.split(' ').collect();
    for (at, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        let Some(group) = groups.iter().find(|group| group.contains(&lower)) else {
            continue;
        };
        return group
            .iter()
            .filter(|other| **other != lower)
            .map(|other| {
                let mut replaced = words.clone();
                replaced[at] = other;
                replaced.join(" ")
            })
            .collect();
    }
    Vec::new()
}

/// Returns a skill label without its last phrase when that phrase names the people served
/// ("take food and beverage orders from customers" -> "take food and beverage orders",
/// "explain dental treatment options to the patients" -> "explain dental treatment
/// options"): CVs say what was done and leave out whom for. Not when only the people say
/// which kind it is ("provide basic support to patients"). The caller keeps it only if what
/// is left says enough alone and no other concept reads the same ("provide information to
/// passengers" is no "provide information").
pub fn unserved_variant(lang: &str, label: &str) -> Option<String> {
    let openers = PARSED.served.get(lang)?;
    let groups = PARSED.people.get(lang)?;
    let words: Vec<&str> = label.split_whitespace().collect();
    let [rest @ .., opener, last] = words.as_slice() else {
        return None;
    };
    let (rest, opener) = match (rest, opener.to_lowercase().as_str()) {
        ([rest @ .., before], "the") => (rest, before.to_lowercase()),
        (_, opener) => (rest, opener.to_string()),
    };
    let people = last.to_lowercase();
    let vague = |word: &str| {
        PARSED
            .served_vague
            .get(lang)
            .is_some_and(|vague| vague.contains(&word.to_lowercase()))
    };
    (rest.last().is_some_and(|word| !vague(word))
        && openers.contains(&opener)
        && groups.iter().any(|group| group.contains(&people)))
    .then(|| rest.join(" "))
}

/// Returns the name a verb of use applies to in a skill label, alone ("apply HACCP" ->
/// "HACCP", "utiliser SAP" -> "SAP"): it names the ability of using it, where an ordinary
/// object alone ("use a till", "apply paint") would not. The caller keeps it only if no
/// concept already has that name (the knowledge "HTML" stays what "HTML" names).
pub fn name_variant(lang: &str, label: &str) -> Option<String> {
    let rules = &*PARSED;
    let verbs = rules.name_light.get(lang)?;
    let words: Vec<&str> = label.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    (1..=2.min(words.len().saturating_sub(1))).find_map(|verb_len| {
        let rest = words[verb_len..].join(" ");
        (verbs.contains(&lower[..verb_len].to_vec()) && rest.starts_with(char::is_uppercase))
            .then_some(rest)
    })
}

/// An acronym a taxonomy writes where CVs and offers write another.
struct AcronymSpelling {
    lang: &'static str,
    taxonomy: &'static str,
    theirs: &'static str,
    /// A word in a label of the concepts where the taxonomy's acronym means something else.
    other_sense: &'static str,
}

/// ESCO writes "ICT" ("ICT security engineer", "provide ICT support"), people "IT"; ESCO's
/// in-circuit tests are "ICT" too, and they name circuits in another label.
const ACRONYM_SPELLINGS: &[AcronymSpelling] = &[AcronymSpelling {
    lang: "en",
    taxonomy: "ICT",
    theirs: "IT",
    other_sense: "circuit",
}];

/// Returns a label of any concept written with the acronyms CVs use instead of the
/// taxonomy's (none for most labels). `concept_labels` are all the concept's labels, which
/// tell the acronym's senses apart.
pub fn acronym_variants<'a>(
    lang: &str,
    label: &str,
    concept_labels: impl Iterator<Item = &'a str> + Clone,
) -> Vec<String> {
    let words: Vec<&str> = label.split(' ').collect();
    ACRONYM_SPELLINGS
        .iter()
        .filter(|spelling| spelling.lang == lang && words.contains(&spelling.taxonomy))
        .filter(|spelling| {
            !concept_labels
                .clone()
                .any(|other| other.to_lowercase().contains(spelling.other_sense))
        })
        .map(|spelling| {
            words
                .iter()
                .map(|&word| {
                    if word == spelling.taxonomy {
                        spelling.theirs
                    } else {
                        word
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Returns whether French words open with an article ("une caisse", "l'accueil").
fn opens_with_article(words: &[String]) -> bool {
    let Some(first) = words.first() else {
        return false;
    };
    FRENCH_ARTICLES.contains(&first.as_str())
        || ["l'", "l’", "d'", "d’"]
            .iter()
            .any(|elided| first.starts_with(elided) && first.len() > elided.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ict_is_also_written_it() {
        let variants = |lang, label| acronym_variants(lang, label, [label].into_iter());
        assert_eq!(
            variants("en", "ICT security engineer"),
            vec!["IT security engineer"]
        );
        assert_eq!(
            variants("en", "provide ICT support"),
            vec!["provide IT support"]
        );
        assert!(variants("en", "ICTs").is_empty());
        assert!(variants("fr", "technicien ICT").is_empty());
    }

    #[test]
    fn the_people_served_are_named_otherwise() {
        let variants = people_variants("fr", "accueillir les Clients");
        assert_eq!(variants.len(), 6, "{variants:?}");
        assert!(variants.contains(&"accueillir les patients".to_string()));
        assert!(variants.contains(&"accueillir les visiteurs".to_string()));
        assert_eq!(
            people_variants("en", "greet guests"),
            [
                "greet customers",
                "greet clients",
                "greet visitors",
                "greet patients",
                "greet passengers"
            ]
        );
        // A singular is a modifier, left as it is.
        assert!(people_variants("en", "customer service").is_empty());
        assert!(people_variants("de", "Gäste begrüßen").is_empty());
    }

    #[test]
    fn the_people_served_are_left_out_when_named_last() {
        assert_eq!(
            unserved_variant("en", "take food and beverage orders from customers").as_deref(),
            Some("take food and beverage orders")
        );
        assert_eq!(
            unserved_variant("en", "give psychological counselling to the patients").as_deref(),
            Some("give psychological counselling")
        );
        // Which support, only the people say.
        assert_eq!(
            unserved_variant("en", "provide basic support to patients"),
            None
        );
        // Only a last phrase naming the people served, opened by a listed word.
        assert_eq!(unserved_variant("en", "greet guests"), None);
        assert_eq!(unserved_variant("en", "customers"), None);
        assert_eq!(
            unserved_variant("en", "deal with the patients"),
            Some("deal".into())
        );
        assert_eq!(unserved_variant("en", "segmentation of customers"), None);
        assert_eq!(unserved_variant("en", "sell products to retailers"), None);
        assert_eq!(
            unserved_variant("fr", "gérer les réclamations des clients"),
            None
        );
    }

    #[test]
    fn an_ict_that_is_an_in_circuit_test_stays_ict() {
        let labels = ["in-circuit test", "ICT"];
        assert!(acronym_variants("en", "ICT", labels.into_iter()).is_empty());
    }

    #[test]
    fn french_verbs_become_action_nouns() {
        assert_eq!(
            skill_label_variants("fr", "gérer une équipe"),
            vec!["gestion une équipe"]
        );
        assert_eq!(
            skill_label_variants("fr", "souder sous l’eau"),
            vec!["soudage sous l’eau", "soudure sous l’eau"]
        );
        assert_eq!(
            skill_label_variants("fr", "mettre en place des coffrages"),
            vec!["mise en place des coffrages"]
        );
    }

    #[test]
    fn french_light_verbs_need_an_article() {
        assert_eq!(
            skill_label_variants("fr", "effectuer un dépannage"),
            vec!["un dépannage"]
        );
        assert_eq!(
            skill_label_variants("fr", "assurer l'entretien des chambres"),
            vec!["l'entretien des chambres"]
        );
        assert!(skill_label_variants("fr", "faire fonctionner une machine").is_empty());
    }

    #[test]
    fn english_irregular_pasts_and_light_verbs() {
        assert_eq!(
            skill_label_variants("en", "lay bricks"),
            vec!["laid bricks"]
        );
        assert_eq!(
            skill_label_variants("en", "write meeting reports"),
            vec!["wrote meeting reports", "written meeting reports"]
        );
        assert_eq!(
            skill_label_variants("en", "perform metal inert gas welding"),
            vec!["metal inert gas welding"]
        );
        assert_eq!(
            skill_label_variants("en", "carry out checks"),
            vec!["checks"]
        );
    }

    #[test]
    fn a_verb_of_use_leaves_a_name_alone_not_an_ordinary_object() {
        assert_eq!(name_variant("en", "apply HACCP").as_deref(), Some("HACCP"));
        assert_eq!(name_variant("fr", "utiliser SAP").as_deref(), Some("SAP"));
        assert_eq!(name_variant("en", "use a till"), None);
        assert_eq!(name_variant("fr", "appliquer de la peinture"), None);
        assert_eq!(name_variant("en", "HACCP"), None);
    }

    #[test]
    fn pasts_the_stemmer_misreads_and_pasts_that_stand_alone() {
        assert_eq!(skill_label_variants("en", "dye hair"), vec!["dyed hair"]);
        assert_eq!(
            skill_label_variants("en", "troubleshoot"),
            vec!["troubleshot"]
        );
        assert_eq!(
            skill_label_variants("en", "troubleshoot problems"),
            vec!["troubleshot problems"]
        );
        // "led" is a lamp too: a past names an ability alone only when listed so.
        assert!(skill_label_variants("en", "lead").is_empty());
    }

    #[test]
    fn products_lose_their_vendor() {
        assert_eq!(
            skill_label_variants("en", "Microsoft Office Excel"),
            vec!["Excel"]
        );
        assert!(skill_label_variants("en", "Microsoft office").is_empty());
    }

    #[test]
    fn a_verb_alone_has_no_variant() {
        assert!(skill_label_variants("fr", "gérer").is_empty());
        assert!(skill_label_variants("en", "build").is_empty());
        assert!(skill_label_variants("de", "gérer une équipe").is_empty());
    }
}
