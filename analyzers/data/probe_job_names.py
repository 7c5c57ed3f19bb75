#!/usr/bin/env python3
"""Probes how the extractor finds every ESCO occupation by its preferred name in a sentence.

    python3 probe_job_names.py --esco ../../../shared/data/esco --vivier ../../target/release/vivier [--show N]

For each occupation of the package, its French preferred name (masculine and, where ESCO
gives one, feminine: "serveur/serveuse") and its English one are put alone and in sentences
of a CV ("Elle a travaillé comme {} pendant trois ans.", "Je suis {} depuis cinq ans.", "She
worked as a {} for three years.", "Expérience : {} dans une PME, ...", and as a
heading before its setting, "{} dans une PME : horaires variables, ..."), and `vivier extract
--lang L --taxonomy ESCO` must give that occupation among its mentions. Prints, per name set
and sentence, how many are found, and with --show the first N misses with what was found
instead. A miss is not always wrong: a one-word name that is also an ordinary word needs
context ("monteuse", "voyante"), and a near-twin occupation may take the name. The figures
are a regression guard for the ways text names a job (gender, "comme", "as a", "je suis").
With --alternative, ESCO's alternative job names (one gender each, as ESCO lists them) go in
the first sentence instead, and any occupation having the name counts as found.
"""

import argparse
import csv
import json
import subprocess

TEMPLATES = {
    "fr": [
        "Elle a travaillé comme {} pendant trois ans.",
        "Je suis {} depuis cinq ans.",
        "{}",
        "Expérience : {} dans une PME, gestion des plannings.",
        "{} dans une PME : horaires variables, poste à pourvoir rapidement.",
    ],
    "en": [
        "She worked as a {} for three years.",
        "I am a {} with five years of experience.",
        "{}",
        "Experience: {} in a small firm, managed schedules.",
        "{} at a small firm: flexible hours, immediate start.",
    ],
}


def names(esco):
    """(set name, [(occupation id, name)]) for French masculine, feminine and English names."""
    csv.field_size_limit(10**9)
    sets = {"fr, masculine": [], "fr, feminine": [], "en": []}
    with open(f"{esco}/fr/occupations_fr.csv", encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            label = (row.get("preferredLabel") or "").strip()
            if "/" in label:
                masculine, feminine = label.split("/", 1)
                sets["fr, masculine"].append((row["conceptUri"], masculine.strip()))
                sets["fr, feminine"].append((row["conceptUri"], feminine.strip()))
            elif label:
                sets["fr, masculine"].append((row["conceptUri"], label))
    with open(f"{esco}/en/occupations_en.csv", encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            sets["en"].append((row["conceptUri"], row["preferredLabel"].strip()))
    return sets


def alternative_names(esco):
    """(set name, [(occupation ids, name)]) for ESCO's alternative job names, each with every
    occupation that has it (as a preferred or alternative name, either gender), since a name
    several jobs share is rightly read as any of them."""
    csv.field_size_limit(10**9)
    sets = {}
    for lang in ("fr", "en"):
        owners, rows = {}, []
        with open(f"{esco}/{lang}/occupations_{lang}.csv", encoding="utf-8") as lines:
            for row in csv.DictReader(lines):
                alternatives = [a.strip() for a in row["altLabels"].split("\n") if a.strip()]
                for label in alternatives + [row["preferredLabel"]]:
                    for form in label.split("/"):
                        key = form.strip().lower().replace("\u2019", "'")
                        owners.setdefault(key, set()).add(row["conceptUri"])
                rows += [(row["conceptUri"], a) for a in alternatives if "/" not in a]
        key = lambda name: name.lower().replace("\u2019", "'")
        sets[f"{lang}, alternative"] = [(owners[key(name)], name) for _, name in rows]
    return sets


def probe(args, set_name, lang, template, rows, width):
    """Puts each name of `rows` ([(ids that count as found, name)]) in `template`, runs
    `vivier extract` on them, and prints how many gave one of their ids, then the first
    --show misses with what was found instead."""
    text = "".join(template.format(name) + "\n" for _, name in rows)
    out = subprocess.run(
        [args.vivier, "extract", "--lang", lang, "--taxonomy", args.esco],
        input=text, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    misses = []
    for (ids, name), line in zip(rows, out):
        mentions = json.loads(line)["mentions"]
        if not ids & {m["id"] for m in mentions}:
            misses.append((name, [m["label"] for m in mentions]))
    found = len(rows) - len(misses)
    print(f"{set_name:{width}} {template!r:58} {found}/{len(rows)} = {found / len(rows):.3f}")
    for name, instead in misses[: args.show]:
        print(f"    {name} -> {instead}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--esco", required=True)
    parser.add_argument("--vivier", required=True)
    parser.add_argument("--show", type=int, default=0, help="misses to print per line")
    parser.add_argument(
        "--alternative",
        action="store_true",
        help="ESCO's alternative job names after a job cue, instead of the preferred ones",
    )
    args = parser.parse_args()
    if args.alternative:
        # Each alternative name in the first sentence of its language's templates must give
        # one of the occupations that have that name.
        for set_name, rows in alternative_names(args.esco).items():
            lang = set_name[:2]
            probe(args, set_name, lang, TEMPLATES[lang][0], rows, 18)
        return
    for set_name, rows in names(args.esco).items():
        lang = set_name[:2]
        rows = [({concept}, name) for concept, name in rows]
        for template in TEMPLATES[lang]:
            probe(args, set_name, lang, template, rows, 14)


if __name__ == "__main__":
    main()
