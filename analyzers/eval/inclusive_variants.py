#!/usr/bin/env python3
"""Write the French cases of a concept-linking set again, their job title in inclusive writing.

French job ads title jobs for both genders in one word: "Agent(e) de sécurité",
"Vendeur(se)", "Infirmier·ère". This script takes the French cases of a set whose text opens
with a job title (title cases, and sentence cases whose first expected mention is an
occupation at the start of the text), rewrites the title's first word in that style, and
writes two sets with the same cases: as written, and rewritten. Linking should score the
same on both.

Usage:
    python3 analyzers/eval/inclusive_variants.py OUT_DIR [SET.jsonl ...]
    vivier eval --taxonomy ../shared/data/esco --devset OUT_DIR/as_written.jsonl
    vivier eval --taxonomy ../shared/data/esco --devset OUT_DIR/inclusive.jsonl

The sets default to devset.jsonl and heldout.jsonl. Only their totals are read: the
held-out set's rule (README.md) holds for its variants too. Standard library only.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Endings of a masculine job noun and the inclusive ending written after it, first match
# wins: "conducteur" -> "conducteur(trice)", "infirmier" -> "infirmier·ère".
RULES = [
    ("teur", "(trice)"),
    ("eur", "(se)"),
    ("ien", "(ne)"),
    ("er", "·ère"),
    ("ant", "(e)"),
    ("ent", "(e)"),
    ("é", "(e)"),
    ("al", "(e)"),
    ("if", "·ve"),
]


def inclusive(word):
    """The word with its inclusive ending, or None for a word no rule fits."""
    for suffix, ending in RULES:
        if word.lower().endswith(suffix):
            return word + ending
    return None


def variant(case):
    """The case rewritten, or None when its text does not open with a title to rewrite."""
    if case["lang"] != "fr":
        return None
    first = case["text"].split(" ")[0]
    rewritten = inclusive(first)
    if rewritten is None:
        return None
    if case["task"] == "extract" and not any(
        "/occupation/" in e["id"] and case["text"].startswith(e["surface"])
        for e in case["expected"]
    ):
        return None
    out = json.loads(json.dumps(case))
    out["id"] += "-inclusive"
    out["text"] = rewritten + case["text"][len(first):]
    for expected in out["expected"]:
        if case["text"].startswith(expected["surface"]):
            expected["surface"] = rewritten + expected["surface"][len(first):]
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out_dir = Path(sys.argv[1])
    sets = [Path(p) for p in sys.argv[2:]] or [HERE / "devset.jsonl", HERE / "heldout.jsonl"]
    as_written, rewritten = [], []
    for path in sets:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                case = json.loads(line)
                changed = variant(case)
                if changed is None:
                    continue
                # The first word is no longer an ambiguous form of its own in either set,
                # so that both judge the same forms.
                first = case["text"].split(" ")[0]
                for kept in (case, changed):
                    kept["ambiguous"] = [a for a in case["ambiguous"] if a != first]
                as_written.append(case)
                rewritten.append(changed)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, cases in (("as_written", as_written), ("inclusive", rewritten)):
        with open(out_dir / f"{name}.jsonl", "w", encoding="utf-8") as out:
            for case in cases:
                out.write(json.dumps(case, ensure_ascii=False) + "\n")
    titles = sum(case["task"] == "title" for case in as_written)
    print(f"{len(as_written)} cases ({titles} titles) written to {out_dir}")


if __name__ == "__main__":
    main()
