#!/usr/bin/env python3
"""Probes how the extractor finds every ESCO skill by its preferred name in a CV line.

    python3 probe_skill_names.py --esco ../../../shared/data/esco --vivier ../../target/release/vivier [--show N]

Each skill's French and English preferred names go into "Missions principales : {}." and
"Main duties: {}.", and `vivier extract --lang L --taxonomy ESCO` must give that skill, or
another concept having that very name (ESCO gives a few names to two concepts), among its
mentions. Prints, per language, how many are found, and with --show the first N misses with
what was found instead. A miss is not always wrong: a one-word name that is also an ordinary
word needs context ("boissons", "histoire"). The figures are a regression guard for the
ways analysis and matching read a skill's own name.
"""

import argparse
import csv

from probe_job_names import probe

TEMPLATES = {"fr": "Missions principales : {}.", "en": "Main duties: {}."}


def names(esco, lang):
    """[(names' owners, preferred name)] of a language's skills, and every name's owners."""
    csv.field_size_limit(10**9)
    owners, rows = {}, []
    with open(f"{esco}/{lang}/skills_{lang}.csv", encoding="utf-8") as lines:
        for row in csv.DictReader(lines):
            # The merged French file suffixes its French columns.
            preferred = row.get("preferredLabel_fr") if lang == "fr" else None
            preferred = (preferred or row.get("preferredLabel") or "").strip()
            alternatives = row.get("altLabels_fr") if lang == "fr" else None
            alternatives = alternatives or row.get("altLabels") or ""
            if not preferred:
                continue
            for name in [preferred, *alternatives.split("\n")]:
                owners.setdefault(name.strip().lower(), set()).add(row["conceptUri"])
            rows.append(preferred)
    return [(owners[name.lower()], name) for name in rows]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--esco", required=True)
    parser.add_argument("--vivier", required=True)
    parser.add_argument("--show", type=int, default=0, help="misses to print per language")
    args = parser.parse_args()
    for lang, template in TEMPLATES.items():
        probe(args, lang, lang, template, names(args.esco, lang), 2)


if __name__ == "__main__":
    main()
