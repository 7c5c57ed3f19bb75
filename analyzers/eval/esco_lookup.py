#!/usr/bin/env python3
"""Plain lookup of ESCO concepts by their English and French labels, for annotators.

Usage:
    esco_lookup.py search WORD...   concepts with a label holding every word at a word start
                                    (case and accents ignored), shortest matching label first
    esco_lookup.py show URI         a concept's kind, labels, descriptions and, for an
                                    occupation, its essential and optional skills

It reads the ESCO CSV package (`--esco DIR`, default ../shared/data/esco beside the repo) and
nothing of Vivier, so an annotator using it sees ESCO only. The parsed package is cached in
the system's temporary folder. Only the Python standard library is used.
"""

import argparse
import csv
import hashlib
import pickle
import re
import tempfile
import unicodedata
from pathlib import Path

import esco_csv

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ESCO = REPO_ROOT.parent / "shared" / "data" / "esco"
SHOWN = 40


def fold(text):
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def load(esco):
    digest = hashlib.sha1(str(esco.resolve()).encode()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / f"esco_lookup_{digest}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    concepts = {}
    for lang in ("en", "fr"):
        for kind in ("occupations", "skills"):
            for row in esco_csv.rows(esco, lang, kind):
                concept_kind = "occupation" if kind == "occupations" else row["skill_type"] or "skill"
                concept = concepts.setdefault(row["uri"], {"kind": concept_kind, "preferred": {},
                                                           "other": {}, "description": {}})
                if row["preferred"]:
                    concept["preferred"][lang] = row["preferred"]
                others = f"{row['alternative']}\n{row['hidden']}".split("\n")
                concept["other"].setdefault(lang, []).extend(o for o in others if o)
                if row["description"]:
                    concept["description"][lang] = row["description"]
    relations = {}
    with open(esco / "relations" / "occupationSkillRelations.csv", encoding="utf-8",
              newline="") as rows:
        for row in csv.DictReader(rows):
            relations.setdefault(row["occupationUri"], []).append(
                (row["relationType"], row["skillUri"]))
    cache.write_bytes(pickle.dumps((concepts, relations)))
    return concepts, relations


def labels(concept):
    for lang in ("en", "fr"):
        if lang in concept["preferred"]:
            yield concept["preferred"][lang]
        yield from concept["other"].get(lang, [])


def search(concepts, words):
    patterns = [re.compile(r"\b" + re.escape(fold(word))) for word in words]
    hits = []
    for uri, concept in concepts.items():
        matched = [label for label in labels(concept)
                   if all(p.search(fold(label)) for p in patterns)]
        if matched:
            hits.append((min(len(label) for label in matched), uri, concept, matched))
    hits.sort(key=lambda hit: (hit[0], hit[1]))
    for _, uri, concept, matched in hits[:SHOWN]:
        print(f"{uri}  [{concept['kind']}]  en: {concept['preferred'].get('en')} | "
              f"fr: {concept['preferred'].get('fr')}  -- matched: {'; '.join(matched[:4])}")
    if len(hits) > SHOWN:
        print(f"... {len(hits) - SHOWN} more; add words to narrow")


def show(concepts, relations, uri):
    concept = concepts.get(uri)
    if concept is None:
        raise SystemExit(f"no ESCO concept {uri}")
    print(uri, concept["kind"])
    for lang in ("en", "fr"):
        print(f"  {lang} preferred: {concept['preferred'].get(lang)}")
        print(f"  {lang} other labels: {'; '.join(concept['other'].get(lang, []))}")
        if lang in concept["description"]:
            print(f"  {lang} description: {concept['description'][lang]}")
    related = relations.get(uri, [])
    if related:
        names = (f"{kind}: {concepts.get(skill, {}).get('preferred', {}).get('en')}"
                 for kind, skill in related)
        print("  skills:", "; ".join(names))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--esco", type=Path, default=DEFAULT_ESCO)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("search").add_argument("words", nargs="+")
    commands.add_parser("show").add_argument("uri")
    args = parser.parse_args()
    concepts, relations = load(args.esco)
    if args.command == "search":
        search(concepts, args.words)
    else:
        show(concepts, relations, args.uri)


if __name__ == "__main__":
    main()
