//! What analysis makes of a fixed set of texts, as a digest tied to `ANALYSIS_VERSION`.
//!
//! Indexes record the analysis version that wrote them, and a server of another version reports
//! them as needing a rebuild (`indexer/src/stamp.rs`). That only works if every change of the
//! code that alters the terms or the concepts of a text also raises the version. This test
//! makes such a change visible: it digests the terms and the mentions of texts that exercise
//! the analysis (stop words and acronyms, gender, elisions, inclusive writing, bullets,
//! ambiguity, tools named after a preposition of use, places, names written as ordinary words,
//! employers, jobs named by common words, agents and actions, the common-job preference, the
//! settings of headings and their partial matches, the people a skill serves (named otherwise or left out), short lines told
//! by a few function words, what a job deals in, feminine agents, words naming the writer's
//! job, compounds, words made into verbs, counted words, a role's word alone, a compound's
//! words, surnames, accents written as combining marks, unsure words of one family), with a small fixture taxonomy that no data file changes (but for that
//! preference: one of its occupations has an id the built-in taxonomy lists, whose list of
//! ids therefore counts too). When the digest changes, raise `ANALYSIS_VERSION` in
//! `analyzers/src/lib.rs` and write both new values into `EXPECTED` below.

use std::hash::Hasher;
use std::path::PathBuf;
use std::sync::Arc;

use vivier_analyzers::concepts::ConceptExtractor;
use vivier_analyzers::taxonomy::source::load_sources;
use vivier_analyzers::{detect, Analyzers, Lang, ANALYSIS_VERSION};

/// (analysis version, digest of the texts' analysis at that version).
const EXPECTED: (u32, u64) = (64, 0xb7795615806ad095);

const TEXTS: &[&str] = &[
    "Serveuse en brasserie : service en salle, prise des commandes et encaissement.",
    "Administration des serveurs Linux, scripts Python et Java 17 pour l'équipe.",
    "Chef de projet IT : ran a support team ▪ Motivated by results; managed payroll for 300 staff.",
    "Worked as a server in a busy steakhouse, then provided IT support to 40 users.",
    "DÉVELOPPEUSES WEB (H/F) – l'accueil des clients, Agent(e) de sécurité, Infirmier·ère",
    "Team \u{95}Motivated, it was fixed; IT and IS teams; Chef de partie en cuisine.",
    "Kellnerin mit Erfahrung im Service, Mitarbeiter*innen im Restaurant.",
    "Mécanicien : entretien des freins et vidanges.",
    "Cuisinière en collectivité : service en salle, encaissement.",
    "Kept the HACCP records and used the till; wrote HTML pages.",
    "Devis, factures et tableaux de suivi sous Excel.",
    "Cuppings of single-origin beans from Java and Sumatra.",
    "Deployed the Linux servers with salt and Python scripts. Tools: salt, Python.",
    "Développeuse Python chez Java Conseil.",
    "Chef de projet IT : mise à jour des serveurs de la salle machine.",
    "Les serveurs de la salle du restaurant, puis les cuisiniers.",
    "Configuration des serveurs Linux.",
    "Tableaux de bord commerciaux. Reporting : Tableau, Python.",
    "Optimisation des flux logistiques.",
    "Agent d'entretien en collège : nettoyage des sols.",
    "Agent d'entretien en lycée : accueil des élèves.",
    "Vault Platform Engineer: rotated the secrets of the clusters.",
    "Accueil des visiteurs, welcomed patients.",
    "Serveuse en extra le week-end.",
    "Accueil des patients ; firmware en langage C++, outils en langage C.",
    "Built a colour picker for the booking forms.",
    "Missions de conseil en recrutement ; conseillère en recrutement ensuite.",
    "Recruitment consulting, then two years as a recruitment consultant.",
    "Elle a travaillé comme ingénieure qualité, puis en soudure.",
    "J'ai travaillé comme serveuse, puis comme cuisinière chez un traiteur.",
    "Worked as a nurse in a clinic, then with nurses in a lab.",
    "Sens of humour and of service, with two SENs on the ward.",
    "Boulangère en grande surface : horaires de nuit.",
    "Boulangère de nuit : horaires variables. Night baker: flexible hours.",
    "Infirmière de nuit en clinique : horaires variables.",
    "Elle a travaillé comme chauffagiste pendant trois ans.",
    "Artisan sellier, puis marchand de boissons.",
    "Elle a travaillé comme photographe d'illustrations pendant trois ans.",
    "The cashier was trained by the manager of the store.",
    "Worked as a molecular biologist, then in molecular biology teaching.",
    "Serveuse",
    "Missions : utiliser des ponceuses.",
    "Boulanger junior",
    "Expérience : serveuse dans une brasserie.",
    "Gestion de la paie et des paiements fournisseurs.",
    "Je suis serveuse depuis 2019 ; I am a server at weekends.",
    "Réparation de lave-linge, puis laver du linge.",
    "Migrated virtual machines and managed their virtualization.",
    "Studied physics and six electronics.",
    "Conseiller",
    "Réparation du sèche-linge.",
    "Studied physics, ran 46 microservices. Cariste-linge.",
    "Order picking, then built mixed pallets.",
    "Boutique en ligne pour un e-commerçant de Castres.",
    "Caissier",
    "References: Jordan Baker, then M. Boulanger; a baker.",
    "Références : Karim Boulanger, Grace Miller et Chloe Baker.",
    "We build trusted partnerships; your data will be processed; we build trust.",
    "A degree in a related field of study; carried out field studies.",
    "Customer-focused, with a customer focus.",
    "Accueil téléphonique et prise de rendez-vous.",
    "She worked as a stand-in for three years.",
    "Elle est cheffe de cuisine, lui chef de cuisine.",
    "We offer flexible working hours, and we value flexible working in the team.",
    "We adopted two red pandas at the zoo.",
    "Took food and beverage orders from the terrace.",
    // Two unsure words of one family, which do not back each other.
    "Supervision des serveurs et des services avec Zabbix. Bash.",
    "Une cuisinière pour la cuisine, des serveurs.",
    // Accents written as a letter and a combining mark.
    "De\u{301}veloppeuse web, pa\u{302}tissie\u{300}re le week-end.",
];

/// Job titles, as headings are resolved.
const TITLES: &[&str] = &[
    "Cuisinière en collectivité",
    "Mécanicien",
    "Serveur en brasserie à Lyon",
    "Infirmière dans une clinique",
    "Web developer at a start-up",
    "Boulanger de nuit",
    "Night baker wanted",
    "Ingénieure qualité",
];

fn digest() -> u64 {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/analysis_version_taxonomy.jsonl");
    let taxonomy = Arc::new(load_sources(&[fixture]).expect("fixture taxonomy"));
    let extractor = ConceptExtractor::new(taxonomy.clone());
    let analyzers = Analyzers::build();
    let mut hasher = fnv::FnvHasher::default();
    for text in TEXTS {
        let lang = detect(text, Lang::Fr).lang;
        hasher.write(lang.code().as_bytes());
        for word in analyzers.analyse_all(lang, text) {
            hasher.write(word.text().as_bytes());
            hasher.write_u8(0xff);
            hasher.write_u64(word.position as u64);
            hasher.write_u8(u8::from(word.is_dropped()));
        }
        for mention in extractor.extract_text(text, lang.code()) {
            hasher.write(taxonomy.concept(mention.concept).id.as_bytes());
            hasher.write_u64(mention.start as u64);
            hasher.write_u64(mention.end as u64);
            // Two decimals: what a platform's float rounding cannot move.
            hasher.write_u32((mention.confidence * 100.0).round() as u32);
        }
        hasher.write_u8(0xfe);
    }
    // Headings are resolved as titles: how they rank, fit and are cut to the job's name.
    for title in TITLES {
        let ranked = extractor.resolver().resolve_exact_words(title, None, 3);
        for candidate in ranked {
            hasher.write(taxonomy.concept(candidate.concept).id.as_bytes());
            hasher.write_u32((candidate.score * 100.0).round() as u32);
            hasher.write_u32((candidate.fit * 100.0).round() as u32);
            hasher.write_u64(candidate.matched_len.map_or(u64::MAX, |len| len as u64));
        }
        hasher.write_u8(0xfe);
    }
    hasher.finish()
}

#[test]
fn a_change_of_analysis_raises_the_analysis_version() {
    let digest = digest();
    assert_eq!(
        (ANALYSIS_VERSION, digest),
        EXPECTED,
        "what analysis makes of the texts changed (digest {digest:#x}): raise ANALYSIS_VERSION \
         in analyzers/src/lib.rs, so that indexes written before are reported stale, and set \
         EXPECTED to the new version and digest"
    );
}
