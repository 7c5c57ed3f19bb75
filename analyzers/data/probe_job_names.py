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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--esco", required=True)
    parser.add_argument("--vivier", required=True)
    parser.add_argument("--show", type=int, default=0, help="misses to print per line")
    args = parser.parse_args()
    for set_name, rows in names(args.esco).items():
        lang = set_name[:2]
        for template in TEMPLATES[lang]:
            text = "".join(template.format(name) + "\n" for _, name in rows)
            out = subprocess.run(
                [args.vivier, "extract", "--lang", lang, "--taxonomy", args.esco],
                input=text, capture_output=True, text=True, check=True,
            ).stdout.splitlines()
            misses = []
            for (concept, name), line in zip(rows, out):
                mentions = json.loads(line)["mentions"]
                if concept not in [m["id"] for m in mentions]:
                    misses.append((name, [m["label"] for m in mentions]))
            found = len(rows) - len(misses)
            print(f"{set_name:14} {template!r:58} {found}/{len(rows)} = {found / len(rows):.3f}")
            for name, instead in misses[: args.show]:
                print(f"    {name} -> {instead}")


if __name__ == "__main__":
    main()
