#!/usr/bin/env python3
"""Audit a linking set's gold links against ESCO's own labels, with a judge blind to Vivier.

A gold link is suspect when its surface is written exactly as an ESCO label (preferred or
alternative, in the case's language, up to case, hyphens and apostrophes) of another concept
and of no label of the gold concept: "Restaurant host" linked to host/hostess while ESCO has a
restaurant host. The suspect list depends on the set and ESCO only, never on what Vivier
outputs, so correcting it cannot favour the system's errors over its right answers.

Usage:
    audit_label_links.py list  SET...                 # print the suspect links
    audit_label_links.py items SET... --out DIR       # DIR/items.json for a judge, DIR/key.json
    audit_label_links.py apply SET... --key KEY --answers ANSWERS [--record FILE]

`items` writes each suspect link with its text and the candidate concepts (the gold one and
the others with the label) under shuffled letters, with their labels and descriptions, so a
judge cannot tell which is gold. The judge writes `[{"item", "answer": letter or "tie",
"reason"}]`. `apply` changes a gold link to the judge's pick unless the judge answered "tie"
or the case's note already explains its choice against ESCO (it names ESCO): two careful
readings that disagree are a tie, and a tie keeps the gold. Each change is recorded in the
case's note. Only the Python standard library is used.
"""

import argparse
import collections
import json
import random
import re
from pathlib import Path

import esco_csv

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ESCO = REPO_ROOT.parent / "shared" / "data" / "esco"
LANGS = ("fr", "en")


def label_key(text):
    """How a surface and a label compare: case, hyphens, apostrophes and spaces aside."""
    text = text.lower().replace("’", "'").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


def load_esco(esco_dir):
    """Concepts per language (labels, description) and concept URIs per label key."""
    concepts = {lang: {} for lang in LANGS}
    by_label = {lang: collections.defaultdict(set) for lang in LANGS}
    for lang in LANGS:
        for kind in ("occupations", "skills"):
            for row in esco_csv.rows(esco_dir, lang, kind):
                preferred, alternatives = row["preferred"], row["alternative"]
                labels = [preferred] + alternatives.split("\n")
                uri = row["uri"]
                concepts[lang][uri] = {
                    "kind": kind[:-1],
                    "preferred": preferred,
                    "alternative": [a.strip() for a in alternatives.split("\n") if a.strip()],
                    "description": row["description"][:700],
                }
                for label in labels:
                    label = label.strip()
                    if not label:
                        continue
                    by_label[lang][label_key(label)].add(uri)
                    # "serveur/serveuse": each gendered form is a label of its own.
                    for form in label.split("/"):
                        by_label[lang][label_key(form)].add(uri)
    return concepts, by_label


def suspects(sets, by_label):
    """(set path, case, expected entry, other concepts) for each suspect gold link."""
    for path in sets:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                case = json.loads(line)
                for expected in case["expected"]:
                    others = by_label[case["lang"]].get(label_key(expected["surface"]), set())
                    if others and expected["id"] not in others:
                        yield path, case, expected, sorted(others)


def write_items(sets, esco, out):
    concepts, by_label = esco
    rng = random.Random(7)
    items, key = [], []
    for path, case, expected, others in suspects(sets, by_label):
        candidates = [expected["id"]] + others
        rng.shuffle(candidates)
        letters = dict(zip("ABCDEFGH", candidates))
        number = len(items) + 1
        items.append({
            "item": number,
            "lang": case["lang"],
            "text": case["text"],
            "mention": expected["surface"],
            "candidates": {
                letter: dict(concepts[case["lang"]].get(uri, {}), uri=uri)
                for letter, uri in letters.items()
            },
        })
        key.append({"item": number, "set": str(path), "case": case["id"],
                    "surface": expected["surface"], "gold": expected["id"], "letters": letters})
    out.mkdir(parents=True, exist_ok=True)
    (out / "items.json").write_text(json.dumps(items, ensure_ascii=False, indent=1))
    (out / "key.json").write_text(json.dumps(key, ensure_ascii=False, indent=1))
    print(f"{len(items)} suspect links written to {out / 'items.json'}")


def apply_answers(sets, esco, key_path, answers_path, record_path=None):
    concepts, _ = esco
    key = {k["item"]: k for k in json.loads(Path(key_path).read_text())}
    picks, answers = {}, {}
    for answer in json.loads(Path(answers_path).read_text()):
        k = key[answer["item"]]
        answers[(k["case"], k["surface"])] = (k, answer)
        if answer["answer"] in k["letters"]:
            picks[(k["case"], k["surface"])] = (k["gold"], k["letters"][answer["answer"]])
    outcomes = {}
    counts = collections.Counter()
    for path in sets:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        out = []
        for line in lines:
            case = json.loads(line)
            note = case.get("note") or ""
            for expected in case["expected"]:
                where = (case["id"], expected["surface"])
                pick = picks.get(where)
                if where in answers and pick is None:
                    outcomes[where] = "kept: tie"
                if pick is None or pick[0] != expected["id"]:
                    continue
                if pick[1] == pick[0]:
                    outcomes[where] = "kept: the judge chose the gold"
                elif "ESCO" in note:
                    outcomes[where] = "kept: the note explains the gold against ESCO"
                else:
                    outcomes[where] = "changed"
                    english = concepts["en"]
                    was = english.get(pick[0], {}).get("preferred", pick[0])
                    now = english.get(pick[1], {}).get("preferred", pick[1])
                    expected["id"] = pick[1]
                    change = (f"gold changed by the label audit from '{was}': ESCO lists "
                              f"'{expected['surface']}' as a label of '{now}', and a judge "
                              "blind to Vivier's output chose it")
                    note = f"{note.rstrip('. ')}; {change}" if note else change
                    case["note"] = note
            out.append(json.dumps(case, ensure_ascii=False))
        Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")
    counts.update(outcomes.values())
    for what, count in sorted(counts.items()):
        print(f"{what}: {count}")
    if record_path:
        with open(record_path, "a", encoding="utf-8") as record:
            for where, outcome in outcomes.items():
                k, answer = answers[where]
                record.write(json.dumps({
                    "set": Path(k["set"]).name,
                    "case": k["case"],
                    "surface": k["surface"],
                    "gold": k["gold"],
                    "label_of": [uri for uri in k["letters"].values() if uri != k["gold"]],
                    "judge": k["letters"].get(answer["answer"], "tie"),
                    "judge_letters": k["letters"],
                    "reason": answer.get("reason", ""),
                    "outcome": outcome,
                }, ensure_ascii=False) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("command", choices=("list", "items", "apply"))
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--esco", type=Path, default=DEFAULT_ESCO)
    parser.add_argument("--out", type=Path, help="items: the folder for items.json and key.json")
    parser.add_argument("--key", type=Path, help="apply: key.json written by items")
    parser.add_argument("--answers", type=Path, help="apply: the judge's answers")
    parser.add_argument("--record", type=Path, help="apply: a JSONL file to append each outcome to")
    args = parser.parse_args()
    esco = load_esco(args.esco)
    if args.command == "list":
        for path, case, expected, others in suspects(args.sets, esco[1]):
            print(f"{case['id']}\t{expected['surface']}\tgold {expected['id']}\t"
                  f"label of {' '.join(others)}")
    elif args.command == "items":
        if not args.out:
            parser.error("items needs --out")
        write_items(args.sets, esco, args.out)
    else:
        if not (args.key and args.answers):
            parser.error("apply needs --key and --answers")
        apply_answers(args.sets, esco, args.key, args.answers, args.record)


if __name__ == "__main__":
    main()
