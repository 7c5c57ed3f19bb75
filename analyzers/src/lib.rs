//! Vivier's semantic analyzers: language detection and per-language text analysis.
//!
//! ```
//! use vivier_analyzers::{detect, Analyzers, Lang};
//!
//! let analyzers = Analyzers::build();
//! let lang = detect("Serveuse en brasserie, service en salle et accueil des clients", Lang::En).lang;
//! assert_eq!(lang, Lang::Fr);
//! let stems: Vec<String> = analyzers.tokens(lang, "Serveuses").into_iter().map(|t| t.text).collect();
//! assert_eq!(stems, analyzers.tokens(lang, "serveur").into_iter().map(|t| t.text).collect::<Vec<_>>());
//! ```

pub mod acronyms;
pub mod analyzer;
pub mod cjk;
pub mod concepts;
pub mod encoded;
pub mod error;
pub mod feminine;
pub mod japanese;
pub mod lang;
pub mod normalize;
pub mod taxonomy;
pub mod words;

pub use analyzer::{AnalysedWord, Analyzers};

/// The version of what analysis makes of a document: its terms and its concepts. An index
/// records the version it was written with; a server of another version reports the index
/// as needing a rebuild. Raise it with any change of the code that alters the terms or the
/// concepts of an already indexed text (a stop word, a stemmer rule, a matching rule); a
/// change of the taxonomy, built-in labels included, changes its
/// [`taxonomy::Taxonomy::fingerprint`] instead, except that the built-in taxonomy's list of
/// ids also steers headings on other taxonomies (the resolver prefers the jobs it lists):
/// removing or adding an ESCO id there is a change of analysis too. `tests/analysis_version.rs`
/// fails until it is raised: it digests what analysis makes of fixed texts, with a fixture
/// taxonomy.
///
/// 1: English keeps "IT" written in capitals (`acronyms`), ESCO's "ICT" labels read as "IT".
/// 2: job titles' acronyms are resolved as written too ("IT manager", "Technicien SAV").
/// 3: list bullets and control characters end a label ("team •Motivated").
/// 4: context profiles hold analysed terms, so a context meets them whatever the
///    inflection; an item naming nothing may come before a list's conjunction.
/// 5: near ties between the occupations a heading may be go to the common ones.
/// 6: whether a heading names a job is judged on its words' fit, before that preference.
/// 7: a heading's job name is also tried before its setting ("Infirmière" of "Infirmière en
///    clinique"), and the mention is then that name; mentions come in the text's order.
/// 8: a verb of use leaves the name it applies to as a label of its own ("apply HACCP").
/// 9: ... unless a concept has that name already (the knowledge "HTML", not "use HTML").
/// 10: a name after a preposition of use is a tool ("tableaux de suivi sous Excel").
/// 11: where things come from is a place ("beans from Java").
/// 12: "dans" and "auprès" open a heading's setting too (they read as plurals before).
/// 13: a name written as an ordinary word is the word, but in a list of names ("salt").
/// 14: a name after "chez" is the employer ("commerciale chez Oracle").
/// 15: jobs needing the same skills support each other, and a common word of free text names
///     a job only with such support ("configuration des serveurs" is no waiter's).
/// 16: a label's own word is no agent of its ability ("serveurs Linux", so named).
/// 17: "tableau" and "notion" are homographs: the French words, or the tools Tableau and
///     Notion.
/// 18: 47 more tool names that are also words are homographs ("flux logistiques").
/// 19: a word of a heading that is a job alone ("Agent" of "Agent d'entretien") no longer
///     replaces the heading's partial match; a heading of free text that only partly names
///     a job needs the document's backing.
/// 20: a tool's name inside a title ("Windows Server Administrator") is no skill name whose
///     words only count together.
/// 21: a skill serving people serves them under other names ("accueil des visiteurs" for
///     "accueillir les clients").
/// 22: 48 one-word job names that are also ordinary words or machines are homographs
///     ("serveuse en extra", "un service critique", "lecteur de badges").
/// 23: the people a skill serves, named otherwise, give way to any other concept's label
///     as matching reads it ("transport de patients"); a longer name ending with a symbol
///     is told from the one without ("langage C++", "langage C").
/// 24: "picker" and "dishwasher", job titles of the names files, are homographs.
/// 25: a text too short for statistics takes the language of its few function words when
///     they are all of one ("Barista: pulled espressos and trained new starters").
/// 26: what a job deals in is not the job, though stems join them: "conseil en
///     recrutement" is no "conseiller en recrutement", "IT consulting" no "IT consultant".
/// 27: a French feminine agent in "-eure" ("ingénieure qualité") is the agent, not an
///     action noun in "-ure" ("soudure"), and meets its job's label.
/// 28: a one-word job name after words naming the writer's job ("travaillé comme
///     serveuse", "worked as a server") is the job; "comme" is a French stop word (Snowball
///     stems it as "commis").
/// 29: a label does not run across "as" or "comme" unless it has one there itself
///     ("worked as a chemical engineer" is no "work with chemicals").
/// 30: a one-word acronym label is met by its letters in any case, or in capitals with a
///     plural "s": "Sens" opening a sentence is no plural of "SEN".
/// 31: a French noun is no label's noun that "-ment" makes of it, though stems join them
///     ("gestion des équipements" is no "gérer une équipe", "paie" no "paiement").
/// 32: "je suis", "I am (a)", "I'm (a)" name the writer's job too ("Je suis serveuse").
/// 33: a heading's job name before its setting that names one job outright ("Infirmière" of
///     "Infirmière en clinique") is that job without the document's backing.
/// 34: a title's shift ("de nuit", "night", "le week-end") and a job ad's "wanted" are no
///     words of the job's name, unless a label has them ("veilleur de nuit").
/// 35: the job name before a heading's setting stands at a hidden label's fit found without
///     the shift too ("Infirmière de nuit" of "Infirmière de nuit en clinique").
/// 36: after a job cue, a one-word alternative name is the job unless many labels have the
///     word as written, not as stemmed ("comme chauffagiste": stems join "chauffage").
/// 37: a French agent with an "e" added is the agent in the feminine, not its bare word
///     ("artisan sellier" meets the label "artisane sellière").
/// 38: a concept's labels that analysis reads alike are all checked for roles, not only
///     the first ("photographe d'illustrations" beside "photographe illustratrice").
/// 39: a word met by another form of an ability's one word is not its agent ("cashier" is
///     no "cashiering").
/// 40: an agent is no word of the bare noun it is made from ("biologist" is no "biology",
///     "researcher" no "research").
/// 41: a text that is one short line naming a job outright is that job ("Électricien").
/// 42: of several concepts a phrase meets through stems, those whose label it writes are
///     the ones it names ("réparer des chaussures" is no "réparateur en chaussures").
/// 43: a text of one line that a label names whole, and surely, is that label's concept,
///     not the title the line would be read as ("C++17", "junior hairdresser").
/// 44: a heading naming the writer's job before its colon ("Expérience :", "Position:") is
///     a job cue for the one-word name after it.
/// 45: a French compound is no label reading its words apart ("lave-linge" is no "laver du
///     linge"), and a word is no label word that makes it into a verb or its process
///     ("virtual" is no "virtualization").
/// 46: a counted word is no field of knowledge ("six mechanics").
/// 47: a heading of one word naming its job only by another name, a word many labels share
///     and the job's preferred names lack, needs the document's backing ("Agent", one of the
///     auctioneer's names).
/// 48: a word of a French compound is no word of its own ("linge" of "lave-linge").
/// 49: a counted word is no field only if English names the field with "-ics" ("46
///     microservices" is that knowledge); two names joined by a hyphen are each named
///     ("cariste-réceptionnaire"); only an adjective in "-al" is no verb made of it
///     ("pallets" are palletising's); a label keeping a compound's words side by side
///     names it in another form of its last word ("e-commerçant", "e-commerce"); a role's
///     word alone needs backing only if 40 labels or more have it ("Caissier" is named).
/// 50: a capitalised word after a given name or a title is a surname, no job ("Jordan
///     Baker", "M. Boulanger").
/// 51: 60 more given names, among them names common in France of Arabic origin and
///     unaccented spellings ("Grace Miller", "Karim Boulanger", "Chloe Baker").
/// 52: an English phrase ending in a past participle names no ability acting on its noun
///     ("build trusted partnerships" is no "build trust"), unless the noun is the quality
///     the participle names ("result oriented", "results orientation").
/// 53: an English "X of Y" is no skill named by the compound "X Y" ("related field of
///     study" is no "field studies"), though it may be one named with a verb
///     ("dissemination of research findings").
/// 54: a participle joined to a word by a hyphen makes an adjective of quality, which names
///     the ability still ("customer-focused", "customer focus"), as before version 52.
/// 55: a heading keeps ten occupations, not five, for the document to choose among
///     ("Chargée de clientèle télécom" names many jobs alike; its duties pick one).
/// 56: a mention ending before a hyphen runs on through the word after it when analysis
///     drops that word ("prise de rendez-vous", not "prise de rendez").
/// 57: ... but only a mention of several words: one word is left as it was, for the
///     extractor to read with the words hyphens join to it ("stand-in", version 56 lost).
/// 58: of several concepts a phrase writes, those whose label has its gender too are the ones
///     it names ("cheffe de cuisine", the head chef's name, not the chef's "chef de cuisine").
/// 59: an English phrase ending in "working" before a term of the job ("flexible working
///     hours") names no way of working.
/// 60: a French feminine in "-eure" normalizes to its masculine ("ingénieure" to "ingénieur")
///     where labels are compared as words (the resolver, the label checks), as the index's
///     stemmer already did.
/// 61: "cypress" and "pandas", tool names that are also ordinary words, are homographs ("a
///     cypress hedge", "two red pandas").
/// 62: an English skill label whose last phrase names the people served also names the
///     ability without it ("take food and beverage orders from customers", "took food and
///     beverage orders"), when three words or more are left, not ending in "support" or
///     the like, and no other concept has them.
/// 63: a combining mark stays with the letter before it and is composed with it
///     ("de\u{301}veloppeuse" is the word "développeuse", not "de" and "veloppeuse").
/// 64: two unsure one-word mentions of one word family ("des serveurs et des services") do
///     not back each other's readings (the waiter and table service in a sysadmin's CV).
pub const ANALYSIS_VERSION: u32 = 64;
pub use lang::{detect, Detection, InvalidLang, Lang};
