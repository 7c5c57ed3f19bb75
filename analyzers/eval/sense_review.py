#!/usr/bin/env python3
"""Sort the ambiguous-word errors of `vivier eval` by kind, with a judge who cannot tell which
link is the gold one and which is Vivier's.

`vivier eval` counts an ambiguous word right only when the phrase holding it gets exactly the
gold concept (or nothing, where the gold has nothing). An error may be a wrong reading of the
word (an airline pilot for the pilot of a production line, a waiter for a computer server),
a choice between concepts of the same reading (cook or industrial cook), or a phrase left
unlinked. This review puts each error in one of those kinds.

Usage:
    sense_review.py items SET... --out DIR [--vivier BIN] [--esco DIR]
    sense_review.py apply SET... --dir DIR [--vivier BIN] [--show SET...]

`items` runs `vivier eval --verbose` on each set and writes DIR/<set>/items.jsonl, one
ambiguous error a line: the text, the word, and the two links (the gold one and Vivier's,
each an ESCO concept with its labels and description, or "no concept") under the letters A
and B in a seeded random order; DIR/<set>/key.json says which letter is which. It prints
counts only, so that a held-out set's errors stay unread. The judge writes
DIR/<set>/answers.json: {"<n>": {"sense": "same"|"different", "pick": "A"|"B"|"both"|
"neither", "why": "..."}}: whether the two links read the word the same way, and which one
a careful annotator would give.

`apply` prints, per set, the errors by kind (Vivier left the phrase unlinked; the gold has
no concept; both are concepts, of the same reading or not), the judge's picks, the exact
accuracy `vivier eval` prints, and the accuracy counting same-reading choices as right.
Items are printed only for the sets named by --show. Only the Python standard library is
used.
"""

import argparse
import json
import random
import re
import subprocess
from pathlib import Path

import esco_csv

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ESCO = REPO_ROOT.parent / "shared" / "data" / "esco"
DEFAULT_VIVIER = REPO_ROOT / "target" / "release" / "vivier"
NO_CONCEPT = "no concept: the word names no skill or occupation here"
ERROR = re.compile(
    r'^\s+(\S+): ambiguous `(.+?)` expected (?:Some\("(\S+)"\)|None) got (?:Some\("(\S+)"\)|None)'
)
JUDGED = re.compile(r"ambiguous mentions: (\d+) judged")


def set_path(name):
    path = Path(name)
    return path if path.suffix == ".jsonl" else REPO_ROOT / "analyzers" / "eval" / f"{name}.jsonl"


def evaluate(vivier, esco, path):
    args = [str(vivier), "eval", "--taxonomy", str(esco), "--devset", str(path), "--verbose"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def load_concepts(esco):
    """English and French preferred labels, kind and English description per concept URI."""
    concepts = {}
    for lang in ("en", "fr"):
        for kind in ("occupations", "skills"):
            for row in esco_csv.rows(esco, lang, kind):
                concept = concepts.setdefault(row["uri"], {"kind": kind[:-1]})
                concept[f"label_{lang}"] = row["preferred"]
                if lang == "en":
                    concept["description"] = row["description"][:400]
    return concepts


def option(concepts, uri):
    if uri is None:
        return {"concept": NO_CONCEPT}
    concept = concepts.get(uri, {})
    label = f"{concept.get('label_en', '?')} / {concept.get('label_fr', '?')}"
    return {"concept": f"{label} ({concept.get('kind', '?')})", "description": concept.get("description", "")}


def items(args):
    concepts = load_concepts(args.esco)
    for name in args.sets:
        rng = random.Random(21)
        path = set_path(name)
        cases = {}
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                case = json.loads(line)
                cases[case["id"]] = case
        out = args.out / path.stem
        out.mkdir(parents=True, exist_ok=True)
        written, key = [], {}
        for line in evaluate(args.vivier, args.esco, path).splitlines():
            error = ERROR.match(line)
            if not error:
                continue
            case_id, word, gold, system = error.groups()
            links = [("gold", gold), ("system", system)]
            rng.shuffle(links)
            n = len(written) + 1
            case = cases[case_id]
            written.append(
                {
                    "n": n,
                    "text": case["text"],
                    "lang": case["lang"],
                    "word": word,
                    "A": option(concepts, links[0][1]),
                    "B": option(concepts, links[1][1]),
                }
            )
            key[str(n)] = {"A": links[0][0], "B": links[1][0]}
        with open(out / "items.jsonl", "w", encoding="utf-8") as handle:
            for item in written:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        (out / "key.json").write_text(json.dumps(key, indent=1), encoding="utf-8")
        print(f"{path.stem}: {len(written)} ambiguous errors written to {out}")


def apply(args):
    for name in args.sets:
        path = set_path(name)
        folder = args.dir / path.stem
        key = json.loads((folder / "key.json").read_text(encoding="utf-8"))
        answers = json.loads((folder / "answers.json").read_text(encoding="utf-8"))
        written = {}
        with open(folder / "items.jsonl", encoding="utf-8") as lines:
            for line in lines:
                item = json.loads(line)
                written[str(item["n"])] = item
        judged = int(JUDGED.search(evaluate(args.vivier, args.esco, path)).group(1))
        kinds = {"unlinked": 0, "gold none": 0, "same reading": 0, "other reading": 0}
        picks = {"gold": 0, "system": 0, "both": 0, "neither": 0}
        rows = []
        for n, letters in key.items():
            item, answer = written[n], answers[n]
            system = item[next(l for l, who in letters.items() if who == "system")]["concept"]
            gold = item[next(l for l, who in letters.items() if who == "gold")]["concept"]
            if system == NO_CONCEPT:
                kind = "unlinked"
            elif gold == NO_CONCEPT:
                kind = "gold none"
            else:
                kind = "same reading" if answer["sense"] == "same" else "other reading"
            kinds[kind] += 1
            pick = letters.get(answer["pick"], answer["pick"])
            picks[pick] += 1
            rows.append(f"  {n} {item['word']!r}: {kind}, judge picks {pick}; Vivier: {system}")
        errors = len(key)
        print(
            f"{path.stem}: {judged} judged, {errors} errors: {kinds}; judge picks {picks}; "
            f"accuracy {(judged - errors) / judged:.3f}, same-reading choices counted right "
            f"{(judged - errors + kinds['same reading']) / judged:.3f}"
        )
        if path.stem in args.show:
            print("\n".join(rows))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for command in ("items", "apply"):
        sub = commands.add_parser(command)
        sub.add_argument("sets", nargs="+", help="set names (devset, dev2, ...) or JSONL paths")
        sub.add_argument("--vivier", type=Path, default=DEFAULT_VIVIER)
        sub.add_argument("--esco", type=Path, default=DEFAULT_ESCO)
        if command == "items":
            sub.add_argument("--out", type=Path, required=True)
        else:
            sub.add_argument("--dir", type=Path, required=True)
            sub.add_argument("--show", nargs="*", default=[])
    args = parser.parse_args()
    items(args) if args.command == "items" else apply(args)


if __name__ == "__main__":
    main()
