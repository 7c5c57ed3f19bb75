#!/usr/bin/env python3
"""How often two careful annotators link an ambiguous word to the same ESCO concept: the
ceiling of the ambiguous accuracy `vivier eval` reports.

`vivier eval` counts an ambiguous word right only when the phrase holding it gets exactly the
gold concept (or nothing, where the gold has nothing). ESCO often has several close concepts
for one reading (cook and industrial cook; welcome restaurant guests and greet guests), so
two annotators who read the word alike may still pick different concepts. This script has a
second annotator link every ambiguous word of the sets again, without the gold and without
Vivier's output, and measures the agreement of each pair: second annotator and gold, Vivier
and gold, Vivier and second annotator.

Usage:
    agreement.py items SET... --out DIR [--seed N]
    agreement.py collect --dir DIR --out FILE
    agreement.py score SET... [--answers FILE] [--vivier BIN] [--esco DIR] [--show SET...]

`items` writes DIR/items.jsonl, every ambiguous word of the sets' extraction cases (each
occurrence, as `vivier eval` judges them), in a seeded random order under opaque keys, with
the word marked in its text: no gold, no set name, no system output. DIR/key.json says where
each key is (set, case, offsets). It prints counts only.

The annotators write DIR/answers*.jsonl, one line a key: {"key", "phrase", "uri", "second",
"why"}: the phrase they would tag around the word and its ESCO concept (or null: the word
names nothing here), and a second concept only when two are about equally right.

`collect` joins the answers to the key into FILE (default analyzers/eval/agreement.jsonl),
one line an item: where it is, and the answer; no gold and no system output, so the file
stays right when Vivier changes.

`score` prints, per set, three agreements on the items of FILE: second annotator and gold
(also counting its `second`), Vivier and gold (the accuracy `vivier eval` prints), Vivier and
second annotator. It prints totals only, so a held-out set's items stay unread, and lists the
items where the annotators disagree only for the sets given to `--show`. Only the Python
standard library is used.
"""

import argparse
import json
import random
import re
import subprocess
from collections import defaultdict
from pathlib import Path

from sense_review import DEFAULT_ESCO, DEFAULT_VIVIER, REPO_ROOT, set_path

DEFAULT_ANSWERS = REPO_ROOT / "analyzers" / "eval" / "agreement.jsonl"


def cuts_no_word(text, start, end):
    """Whether text[start:end] starts and ends at word boundaries (as `vivier eval`)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    cuts_before = before.isalnum() and text[start].isalnum()
    cuts_after = after.isalnum() and text[end - 1].isalnum()
    return not cuts_before and not cuts_after


def surface_start(text, surface):
    """An expected surface's first whole-word occurrence, else its first at all."""
    for match in re.finditer(re.escape(surface), text):
        if cuts_no_word(text, match.start(), match.end()):
            return match.start()
    start = text.find(surface)
    return start if start >= 0 else None


def occurrences(case):
    """Each ambiguous word of an extraction case, with the gold concept covering it."""
    text = case["text"]
    gold = []
    for expected in case["expected"]:
        start = surface_start(text, expected["surface"])
        if start is not None:
            gold.append((start, start + len(expected["surface"]), expected["id"]))
    lower = text.lower()
    # As `vivier eval`: lower-casing must keep byte offsets (here, character offsets).
    if len(lower) != len(text):
        return
    for form in case.get("ambiguous", []):
        for match in re.finditer(re.escape(form.lower()), lower):
            start, end = match.start(), match.end()
            if not cuts_no_word(lower, start, end):
                continue
            covering = next((g for g in gold if start < g[1] and g[0] < end), None)
            yield start, end, covering[2] if covering else None


def read_cases(names):
    for name in names:
        set_name = set_path(name).stem
        for line in set_path(name).open(encoding="utf-8"):
            case = json.loads(line)
            if case["task"] == "extract":
                yield set_name, case


def items(args):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows, key = [], {}
    for set_name, case in read_cases(args.sets):
        for start, end, _ in occurrences(case):
            text = case["text"]
            marked = f"{text[:start]}⟦{text[start:end]}⟧{text[end:]}"
            rows.append(({"lang": case["lang"], "text": marked, "word": text[start:end]},
                         {"set": set_name, "case": case["id"], "start": start, "end": end}))
    random.Random(args.seed).shuffle(rows)
    with (out / "items.jsonl").open("w", encoding="utf-8") as handle:
        for n, (item, private) in enumerate(rows, 1):
            item_key = f"q{n:03d}"
            key[item_key] = private
            handle.write(json.dumps({"key": item_key, **item}, ensure_ascii=False) + "\n")
    (out / "key.json").write_text(json.dumps(key, indent=1), encoding="utf-8")
    counts = defaultdict(int)
    for private in key.values():
        counts[private["set"]] += 1
    print(f"{len(key)} items in {out / 'items.jsonl'}: " +
          ", ".join(f"{name} {n}" for name, n in sorted(counts.items())))


def vivier_senses(vivier, esco, cases):
    """Vivier's concept for each (case id, start, end): the innermost mention over the word,
    as `vivier eval` reads it."""
    by_lang = defaultdict(list)
    for case in cases:
        by_lang[case["lang"]].append(case)
    senses = {}
    for lang, group in by_lang.items():
        stdin = "".join(case["text"].replace("\n", " ") + "\n" for case in group)
        args = [str(vivier), "extract", "--taxonomy", str(esco), "--lang", lang]
        output = subprocess.run(args, input=stdin, capture_output=True, text=True, check=True)
        for case, line in zip(group, output.stdout.splitlines()):
            mentions = json.loads(line)["mentions"]
            # The CLI's offsets count characters, as Python's do.
            spans = [(m["start"], m["end"], m["id"]) for m in mentions]
            for start, end, _ in occurrences(case):
                over = [s for s in spans if s[0] < end and start < s[1]]
                inner = min(over, key=lambda s: s[1] - s[0]) if over else None
                senses[(case["id"], start, end)] = inner[2] if inner else None
    return senses


def collect(args):
    directory = Path(args.dir)
    key = json.loads((directory / "key.json").read_text(encoding="utf-8"))
    rows = []
    for path in sorted(directory.glob("answers*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                answer = json.loads(line)
                place = key[answer["key"]]
                rows.append({**place, "phrase": answer.get("phrase"), "uri": answer.get("uri"),
                             "second": answer.get("second"), "why": answer.get("why")})
    rows.sort(key=lambda row: (row["set"], row["case"], row["start"]))
    with open(args.out, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} answers of {len(key)} items in {args.out}")


def score(args):
    answers = {}
    for line in open(args.answers, encoding="utf-8"):
        row = json.loads(line)
        answers[(row["set"], row["case"], row["start"])] = row
    cases = {}
    totals = defaultdict(lambda: defaultdict(int))
    judged = []
    for set_name, case in read_cases(args.sets):
        cases[case["id"]] = case
        for start, end, gold in occurrences(case):
            totals[set_name]["items"] += 1
            answer = answers.get((set_name, case["id"], start))
            if answer is not None:
                judged.append((set_name, case, start, end, gold, answer))
    senses = vivier_senses(args.vivier, args.esco, cases.values())
    shown = {set_path(name).stem for name in args.show}
    for set_name, case, start, end, gold, answer in judged:
        annotator, second = answer["uri"], answer.get("second")
        system = senses[(case["id"], start, end)]
        tally = totals[set_name]
        tally["answered"] += 1
        tally["annotator_gold"] += annotator == gold
        tally["either_gold"] += gold in (annotator, second) if second else annotator == gold
        tally["vivier_gold"] += system == gold
        tally["vivier_annotator"] += system == annotator
        tally["gold_none"] += gold is None
        # Coarser: whether the word is part of a linked phrase at all.
        tally["annotator_gold_linked"] += (annotator is None) == (gold is None)
        tally["vivier_gold_linked"] += (system is None) == (gold is None)
        tally["annotator_none"] += annotator is None
        if set_name in shown and annotator != gold:
            print(f"{case['id']} `{case['text'][start:end]}`: {case['text']}\n"
                  f"    gold {gold}\n    annotator {annotator} (second {second}) on "
                  f"`{answer.get('phrase')}`: {answer.get('why')}\n    Vivier {system}")
    for set_name in sorted(totals):
        t = totals[set_name]
        n = t["answered"] or 1
        print(f"{set_name}: {t['answered']} of {t['items']} ambiguous words answered; "
              f"annotator = gold {t['annotator_gold'] / n:.3f} "
              f"(with its second choice {t['either_gold'] / n:.3f}), "
              f"Vivier = gold {t['vivier_gold'] / n:.3f}, "
              f"Vivier = annotator {t['vivier_annotator'] / n:.3f}; "
              f"no concept: gold {t['gold_none']}, annotator {t['annotator_none']}; "
              f"linked or not: annotator = gold {t['annotator_gold_linked'] / n:.3f}, "
              f"Vivier = gold {t['vivier_gold_linked'] / n:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("items")
    make.add_argument("sets", nargs="+")
    make.add_argument("--out", required=True)
    make.add_argument("--seed", type=int, default=7)
    join = commands.add_parser("collect")
    join.add_argument("--dir", required=True)
    join.add_argument("--out", default=DEFAULT_ANSWERS)
    judge = commands.add_parser("score")
    judge.add_argument("sets", nargs="+")
    judge.add_argument("--answers", default=DEFAULT_ANSWERS)
    judge.add_argument("--vivier", default=DEFAULT_VIVIER)
    judge.add_argument("--esco", default=DEFAULT_ESCO)
    judge.add_argument("--show", nargs="*", default=[])
    args = parser.parse_args()
    {"items": items, "collect": collect, "score": score}[args.command](args)


if __name__ == "__main__":
    main()
