#!/usr/bin/env python3
"""Validate the concept-linking dev set (devset.jsonl) against the ESCO CSV files.

Usage:
    python3 analyzers/eval/check_devset.py [ESCO_DIR] [--devset PATH] [--min-ambiguous N] [--strict]

ESCO_DIR defaults to ../shared/data/esco relative to the repository root. Only the
Python standard library is used. Exits with status 1 when an error is found.
"""

import argparse
import collections
import csv
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ESCO = REPO_ROOT.parent / "shared" / "data" / "esco"
DEFAULT_DEVSET = Path(__file__).resolve().parent / "devset.jsonl"

LANGS = {"fr", "en"}
TASKS = {"title", "extract"}
REQUIRED = ("id", "lang", "task", "text", "expected", "must_not_tag", "ambiguous")
NO_CONCEPT = "(no concept)"


def load_concepts(esco_dir):
    """Map concept URI -> (kind, English preferred label, French preferred label or None)."""
    concepts = {}
    files = (
        ("occupation", esco_dir / "en" / "occupations_en.csv", "conceptUri", "preferredLabel"),
        ("skill", esco_dir / "en" / "skills_en.csv", "conceptUri", "preferredLabel"),
    )
    for kind, path, uri_col, label_col in files:
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                concepts[row[uri_col]] = [kind, row[label_col], None]
    french = (
        (esco_dir / "fr" / "occupations_fr.csv", "conceptUri", "preferredLabel"),
        (esco_dir / "fr" / "skills_fr.csv", "conceptUri", "preferredLabel_fr"),
    )
    for path, uri_col, label_col in french:
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row[uri_col] in concepts:
                    concepts[row[uri_col]][2] = row.get(label_col) or None
    return concepts


def form_pattern(form):
    """A case-insensitive match of `form` that is not part of a longer word."""
    return re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)", re.IGNORECASE)


def spans(text, needle):
    found = []
    start = text.find(needle)
    while start >= 0:
        found.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return found


def sense_of(form, case):
    """The concept(s) an ambiguous form resolves to in a case, from the expected spans covering it."""
    match = form_pattern(form).search(case["text"])
    if match is None:
        return None
    begin, end = match.span()
    uris = set()
    for item in case["expected"]:
        for s_begin, s_end in spans(case["text"], item["surface"]):
            if s_begin <= begin and end <= s_end:
                uris.add(item["id"])
    if not uris:
        return NO_CONCEPT
    return " + ".join(sorted(uris))


def check(devset_path, concepts, min_ambiguous, strict):
    errors = []
    warnings = []
    cases = []
    with open(devset_path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                cases.append((line_no, json.loads(line)))
            except json.JSONDecodeError as err:
                errors.append(f"line {line_no}: invalid json: {err}")

    ids = collections.Counter()
    for line_no, case in cases:
        where = f"line {line_no} ({case.get('id', '?')})"
        missing = [key for key in REQUIRED if key not in case]
        if missing:
            errors.append(f"{where}: missing fields {missing}")
            continue
        ids[case["id"]] += 1
        text = case["text"]
        if case["lang"] not in LANGS:
            errors.append(f"{where}: bad lang {case['lang']!r}")
        if case["task"] not in TASKS:
            errors.append(f"{where}: bad task {case['task']!r}")
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: empty text")
            continue
        for item in case["expected"]:
            uri, surface = item.get("id"), item.get("surface")
            if uri not in concepts:
                errors.append(f"{where}: unknown ESCO URI {uri}")
            if not surface or surface not in text:
                errors.append(f"{where}: surface {surface!r} is not a substring of the text")
        if case["task"] == "title":
            expected = case["expected"]
            if len(expected) != 1:
                errors.append(f"{where}: a title case needs exactly one expected item")
            else:
                item = expected[0]
                if item.get("surface") != text:
                    errors.append(f"{where}: title surface must be the whole text")
                if item.get("id") in concepts and concepts[item["id"]][0] != "occupation":
                    errors.append(f"{where}: title must link to an occupation, got a skill")
        surfaces = {item.get("surface") for item in case["expected"]}
        for forbidden in case["must_not_tag"]:
            if forbidden not in text:
                errors.append(f"{where}: must_not_tag {forbidden!r} is not a substring of the text")
            if forbidden in surfaces:
                errors.append(f"{where}: {forbidden!r} is both expected and must_not_tag")
        for form in case["ambiguous"]:
            if not form_pattern(form).search(text):
                errors.append(f"{where}: ambiguous form {form!r} does not occur in the text as a word")
    for case_id, count in ids.items():
        if count > 1:
            errors.append(f"duplicate id {case_id} ({count} times)")

    counts = collections.Counter((case["task"], case["lang"]) for _, case in cases if "task" in case)
    print(f"cases: {len(cases)}")
    for (task, lang), count in sorted(counts.items()):
        print(f"  {task:8s} {lang}: {count}")
    mentions = collections.Counter()
    for _, case in cases:
        for item in case.get("expected", []):
            kind = concepts.get(item.get("id"), ["unknown"])[0]
            mentions[kind] += 1
    print("expected mentions: " + ", ".join(f"{kind} {count}" for kind, count in sorted(mentions.items())))
    print(f"must_not_tag strings: {sum(len(case.get('must_not_tag', [])) for _, case in cases)}")

    senses = collections.defaultdict(dict)
    for _, case in cases:
        for form in case.get("ambiguous", []):
            sense = sense_of(form, case)
            if sense is not None:
                senses[form.lower()][case["id"]] = sense
    qualifying = []
    print(f"ambiguous forms: {len(senses)}")
    for form in sorted(senses):
        per_case = senses[form]
        distinct = collections.Counter(per_case.values())
        labels = []
        for sense, count in distinct.most_common():
            if sense == NO_CONCEPT:
                labels.append(f"{NO_CONCEPT} x{count}")
            else:
                names = " + ".join(concepts[uri][1] for uri in sense.split(" + ") if uri in concepts)
                labels.append(f"{names} x{count}")
        ok = len(per_case) >= 2 and len(distinct) >= 2
        if ok:
            qualifying.append(form)
        else:
            message = f"ambiguous form {form!r} needs two cases with different senses"
            (errors if strict else warnings).append(message)
        flag = "" if ok else "  <- single sense"
        print(f"  {form:14s} {len(per_case):3d} cases, {len(distinct)} senses: {'; '.join(labels)}{flag}")
    print(f"ambiguous forms with at least two senses: {len(qualifying)}")
    if len(qualifying) < min_ambiguous:
        errors.append(f"only {len(qualifying)} ambiguous forms have two senses, {min_ambiguous} required")

    for message in warnings:
        print(f"warning: {message}")
    for message in errors:
        print(f"error: {message}")
    return not errors


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("esco_dir", nargs="?", default=str(DEFAULT_ESCO), help="ESCO folder with en/ and fr/")
    parser.add_argument("--devset", default=str(DEFAULT_DEVSET), help="dev set to check")
    parser.add_argument("--min-ambiguous", type=int, default=40, help="ambiguous forms with two senses required")
    parser.add_argument("--strict", action="store_true", help="treat single-sense ambiguous forms as errors")
    args = parser.parse_args()
    esco_dir = Path(args.esco_dir)
    for needed in (esco_dir / "en" / "occupations_en.csv", esco_dir / "en" / "skills_en.csv"):
        if not needed.exists():
            print(f"error: missing {needed}")
            return 1
    concepts = load_concepts(esco_dir)
    ok = check(Path(args.devset), concepts, args.min_ambiguous, args.strict)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
