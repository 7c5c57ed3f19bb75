#!/usr/bin/env python3
"""Probes which common ways CVs name a skill the extractor finds nothing for.

    python3 probe_cv_phrases.py --vivier ../../target/release/vivier [--taxonomy ../../../shared/data/esco]

Each phrase goes into a list of skills beside one the extractor is known to find
("Compétences : {}, esprit d'équipe." in French, "Skills: {}, team player." in English), so
that a one-word name counts as named, as in a real list; `vivier extract` must give a
mention overlapping the phrase. Prints the phrases found nothing for, then the counts. The
lists are general knowledge of how French and English CVs name everyday work, written
apart from the evaluation sets; a miss is a name the taxonomy lacks, or a phrase too vague
to name one skill ("polyvalence").
"""

import argparse
import json
import subprocess

PHRASES = {
    "fr": """facturation|devis|inventaire|encaissement|tenue de caisse|comptabilité|paie|
recrutement|secrétariat|standard téléphonique|manutention|nettoyage|repassage|jardinage|
plomberie|électricité|maçonnerie|soudure|peinture en bâtiment|vente|négociation|prospection|
management|formation|logistique|maintenance|usinage|câblage|étiquetage|emballage|
conditionnement|relances clients|recouvrement|archivage|classement|saisie de données|
merchandising|approvisionnement|achats|accueil physique|animation d'équipe|reporting|
suivi budgétaire|contrôle de gestion|audit|fiscalité|rédaction|traduction|référencement|
travail en équipe|gestion du stress|organisation|autonomie|relation client|service client|
conseil client|fidélisation|prise de commandes|préparation de commandes|mise en rayon|
réception des marchandises|gestion des stocks|gestion de projet|gestion d'équipe|
encadrement|tutorat|planification|gestion des plannings|gestion administrative|
gestion des agendas|rédaction de courriers|accueil téléphonique|prise de rendez-vous|
tri du courrier|déclarations sociales|bilan comptable|rapprochement bancaire|
lettrage des comptes|paie et administration du personnel|veille concurrentielle|
étude de marché|marketing digital|community management|création de contenu|
développement web|développement logiciel|tests unitaires|intégration continue|
administration système|administration réseau|support utilisateurs|cybersécurité|
analyse de données|gestion de base de données|soins d'hygiène|aide à la toilette|
préparation des repas|entretien du linge|garde d'enfants|aide aux devoirs|
accompagnement des personnes âgées|prise de sang|pansements|distribution des médicaments|
cuisine traditionnelle|pâtisserie|service en salle|service au bar|plonge|
hygiène alimentaire|HACCP|conduite de chariot élévateur|conduite d'engins|
lecture de plans|métrologie|contrôle qualité|maintenance préventive|dépannage|
électricité industrielle|automatisme|hydraulique|pneumatique|mécanique automobile|
carrosserie|taille de haies|tonte|élagage|arrosage|entretien des espaces verts""",
    "en": """invoicing|quotes|stocktaking|cash handling|bookkeeping|payroll|recruitment|
reception|manual handling|cleaning|ironing|gardening|plumbing|electrical work|bricklaying|
welding|painting and decorating|sales|negotiation|prospecting|people management|training|
logistics|maintenance|machining|wiring|labelling|packing|credit control|debt collection|
filing|data entry|merchandising|procurement|purchasing|front desk|team leadership|reporting|
budgeting|management accounting|auditing|taxation|copywriting|translation|SEO|teamwork|
time management|customer service|customer care|account management|order taking|
order picking|shelf stacking|goods in|stock control|project management|staff supervision|
mentoring|scheduling|rota planning|diary management|minute taking|answering phones|
booking appointments|mail sorting|bank reconciliations|month-end close|accounts payable|
accounts receivable|VAT returns|market research|digital marketing|social media management|
content creation|web development|software development|unit testing|continuous integration|
system administration|network administration|IT support|cybersecurity|data analysis|
database administration|personal care|meal preparation|laundry|childcare|homework help|
elderly care|phlebotomy|wound care|medication administration|food preparation|baking|
table service|bar work|dishwashing|food hygiene|forklift driving|plant operation|
blueprint reading|quality control|preventive maintenance|troubleshooting|PLC programming|
hydraulics|pneumatics|car mechanics|bodywork|hedge trimming|lawn mowing|tree surgery|
grounds maintenance|first aid|health and safety|risk assessment|event planning|
public speaking|presentation skills|problem solving|attention to detail""",
}

TEMPLATES = {"fr": "Compétences : {}, esprit d'équipe.", "en": "Skills: {}, team player."}


def phrases(lang):
    return [p.strip() for p in PHRASES[lang].replace("\n", "").split("|") if p.strip()]


def missed(vivier, taxonomy, lang):
    """The phrases of a language no mention of `vivier extract` overlaps."""
    template, listed = TEMPLATES[lang], phrases(lang)
    begin = template.index("{}")
    lines = "".join(template.format(phrase) + "\n" for phrase in listed)
    args = [vivier, "extract", "--lang", lang] + [a for t in taxonomy for a in ("--taxonomy", t)]
    out = subprocess.run(args, input=lines, capture_output=True, text=True, check=True).stdout
    missing = []
    for phrase, line in zip(listed, out.splitlines()):
        # Offsets count characters.
        end = begin + len(phrase)
        if not any(m["start"] < end and m["end"] > begin for m in json.loads(line)["mentions"]):
            missing.append(phrase)
    return missing, len(listed)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vivier", required=True)
    parser.add_argument("--taxonomy", action="append", default=[])
    args = parser.parse_args()
    for lang in PHRASES:
        missing, total = missed(args.vivier, args.taxonomy, lang)
        print(f"{lang}: {total - len(missing)}/{total} found; nothing for: {', '.join(missing)}")


if __name__ == "__main__":
    main()
