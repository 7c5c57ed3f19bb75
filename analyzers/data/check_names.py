#!/usr/bin/env python3
"""Checks esco_names_<lang>.jsonl, the names in one language Vivier adds to an ESCO package.

    python3 check_names.py [esco_names_fr.jsonl] [--lang fr] [--esco DIR] [--vivier BIN]

Always: one concept a line, ESCO ids, each id once, hidden labels in the file's language
only (the `_<lang>` of its name unless --lang says), no name on two concepts, no English name
with a stop word written in capitals ("AS level" reads as "level"; "IT" is kept). With --esco
(the package, e.g. ../shared/data/esco): no name is already a label of another ESCO
concept. With --vivier too (a built `vivier` binary): the extractor, given each name alone
as text in that language with that package loaded, reads no other concept over the whole
name. Prints each problem; exits with status 1 if there is any. (A unit
test of analyzers/src/taxonomy/esco.rs repeats the format checks with Vivier's own label
normalization, which also folds plurals and symbols: "C#" and "C++" are one name to it.)
"""

import argparse
import csv
import json
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ESCO_PREFIX = "http://data.europa.eu/esco/"


def fold(text):
    """Lower case, no accents, words only: how two labels are compared."""
    text = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9+#.]+", text.replace("'", " ")))


def read_names(path, lang):
    problems, names = [], []
    seen = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            concept = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(f"line {number}: not JSON ({err})")
            continue
        concept_id = concept.get("id", "")
        if not concept_id.startswith(ESCO_PREFIX):
            problems.append(f"line {number}: `{concept_id}` is not an ESCO id")
        if concept_id in seen:
            problems.append(f"line {number}: `{concept_id}` appears twice")
        seen.add(concept_id)
        for label in concept.get("labels", []):
            if label.get("lang") != lang or label.get("type") != "hidden":
                problems.append(f"line {number}: {label} is not a hidden `{lang}` label")
            names.append((concept_id, label.get("text", "")))
    return problems, names


def esco_labels(esco):
    """Folded label -> ids of the ESCO concepts having it, in every language file."""
    owners = defaultdict(set)
    columns = ("preferredLabel", "altLabels", "hiddenLabels", "preferredLabel_fr", "altLabels_fr")
    for path in sorted(esco.glob("**/*.csv")):
        if not path.name.startswith(("occupations_", "skills_")):
            continue
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                for column in columns:
                    for label in (row.get(column) or "").split("\n"):
                        # "serveur/serveuse": each gender form is a label.
                        forms = label.split("/") if label.count("/") == 1 else [label]
                        for form in forms:
                            if form.strip():
                                owners[fold(form)].add(row["conceptUri"])
    return owners


# English stop words (tantivy's list) which analysis drops even in capitals: a name that
# writes one as an acronym ("AS level") is matched without it ("level"). "IT" is kept in
# capitals (analyzers/src/acronyms.rs), so it is not listed. (The unit
# test of analyzers/src/taxonomy/esco.rs checks this in every language with Vivier's own
# analysis: "professeur de SES" would be "professeur de" to it.)
ENGLISH_STOP_WORDS = set(
    "a an and are as at be but by for if in into is no not of on or such that the their "
    "then there these they this to was will with".split()
)


def capitalised_stop_words(name, lang):
    """The words of `name` written in capitals that analysis drops as stop words."""
    if lang != "en":
        return []
    return [
        w for w in re.findall(r"[A-Za-z]+", name)
        if len(w) > 1 and w.isupper() and w.lower() in ENGLISH_STOP_WORDS
    ]


def extracted_as_other(vivier, esco, names, lang):
    """Names the extractor reads, whole, as a concept other than their own."""
    text = "".join(name + "\n" for _, name in names)
    run = subprocess.run(
        [vivier, "extract", "--taxonomy", str(esco), "--lang", lang],
        input=text, capture_output=True, text=True, check=True,
    )
    wrong = []
    for (concept_id, name), line in zip(names, run.stdout.splitlines()):
        # Mentions count characters, as the API's offsets do.
        length = len(name)
        for mention in json.loads(line)["mentions"]:
            whole = mention["start"] == 0 and mention["end"] >= length - 1
            if whole and mention["id"] != concept_id:
                wrong.append((concept_id, name, mention["id"]))
    return wrong


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=Path(__file__).with_name("esco_names_fr.jsonl"), type=Path)
    parser.add_argument("--lang", help="the names' language (default: from the file name)")
    parser.add_argument("--esco", type=Path)
    parser.add_argument("--vivier")
    args = parser.parse_args()
    lang = args.lang or args.path.stem.rsplit("_", 1)[-1]
    problems, names = read_names(args.path, lang)
    claims = defaultdict(set)
    for concept_id, name in names:
        claims[fold(name)].add(concept_id)
    problems += [f"`{n}` names {sorted(ids)}" for n, ids in claims.items() if len(ids) > 1]
    for concept_id, name in names:
        for word in capitalised_stop_words(name, lang):
            problems.append(f"`{name}` ({concept_id}): `{word}` is a stop word, dropped by analysis")
    if args.esco:
        owners = esco_labels(args.esco)
        for concept_id, name in names:
            others = owners.get(fold(name), set()) - {concept_id}
            if others:
                problems.append(f"`{name}` ({concept_id}) is a label of {sorted(others)}")
        if args.vivier:
            for concept_id, name, other in extracted_as_other(args.vivier, args.esco, names, lang):
                problems.append(f"`{name}` ({concept_id}) is extracted as {other}")
    for problem in problems:
        print(problem)
    print(f"{len(names)} names of {len({c for c, _ in names})} concepts, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
