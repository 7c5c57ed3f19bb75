#!/usr/bin/env python3
"""Validate the built-in skills & occupations taxonomy (JSON Lines).

Usage:
    python3 check_taxonomy.py [PATH] [--shared-limit N] [--contained]

PATH defaults to default_taxonomy.jsonl next to this script. The script
checks the format (one JSON object per line, required fields, allowed values),
that ids are unique and well formed, that every `broader` and `skills`
reference resolves, and that each concept has exactly one French and one
English preferred label. It then prints counts per kind and per language and
the surface forms (lower-cased, accent-folded) shared by several concepts,
which are the candidates for context-based disambiguation.

Exit status: 0 when there is no error (warnings allowed), 1 otherwise.
Standard library only.
"""
import argparse
import collections
import json
import os
import re
import sys
import unicodedata

KINDS = {"occupation", "skill"}
SKILL_TYPES = {"knowledge", "skill"}
LABEL_TYPES = {"preferred", "alternative", "hidden"}
RELATIONS = {"essential", "optional"}
REQUIRED_LANGS = ("fr", "en")
ALLOWED_KEYS = {
    "occupation": {"id", "kind", "labels", "descriptions", "broader", "skills"},
    "skill": {"id", "kind", "skill_type", "labels", "descriptions", "broader"},
}
ESCO_ID = re.compile(r"^http://data\.europa\.eu/esco/(occupation|skill)/[0-9a-f-]{36}$")
VIVIER_ID = re.compile(r"^vivier:(occupation|skill)/[a-z0-9][a-z0-9-]*$")
LANG = re.compile(r"^[a-z]{2}$")

# Surface forms that are also ordinary words (or other things) in French or
# English job text, even when only one concept of the taxonomy carries them.
COMMON_WORD_FORMS = {
    "java", "python", "spring", "word", "excel", "go", "c", "r", "rust", "swift",
    "ruby", "rails", "express", "flask", "unity", "blender", "tableau", "notion",
    "vue", "node", "access", "teams", "office", "outlook", "oracle", "sage", "ciel",
    "spark", "puppet", "salt", "vault", "scrum", "agile", "lean", "shell", "windows",
    "apache", "cucumber", "premiere", "audition", "sketch", "slack", "jest",
    "polish", "danish", "cuisine", "mise en place", "service", "standard", "maintenance",
    "entretien", "recette", "montage", "peinture", "couverture", "tournage", "taille",
    "impression", "dressage", "avocat", "facteur", "docker", "glacier", "manœuvre",
    "manoeuvre", "pilote", "scanner", "traite", "assurance", "histoire", "sas",
}


def fold_basic(text):
    """Lower-case, strip accents, unify apostrophes and collapse spaces."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip()


def fold(text):
    """Like fold_basic, and also spell out the oe/ae ligatures."""
    return fold_basic(text).replace("œ", "oe").replace("æ", "ae")


def tokens(text):
    return [t for t in re.split(r"[^\w+#.]+", fold(text)) if t]


def singular(token):
    return token[:-1] if len(token) > 3 and token[-1] in "sx" else token


class Report:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def error(self, where, message):
        self.errors.append(f"error: {where}: {message}")

    def warn(self, where, message):
        self.warnings.append(f"warning: {where}: {message}")


def check_labels(rec, where, report):
    labels = rec.get("labels")
    if not isinstance(labels, list) or not labels:
        report.error(where, "labels must be a non-empty list")
        return
    preferred = collections.Counter()
    seen_exact = set()
    seen_folded = {}
    for i, label in enumerate(labels):
        lw = f"{where} label[{i}]"
        if not isinstance(label, dict) or set(label) != {"lang", "text", "type"}:
            report.error(lw, "label must be an object with exactly lang, text, type")
            continue
        lang, text, typ = label["lang"], label["text"], label["type"]
        if not isinstance(lang, str) or not LANG.match(lang):
            report.error(lw, f"bad lang {lang!r}")
        if not isinstance(text, str) or not text.strip() or text != text.strip():
            report.error(lw, f"bad text {text!r}")
            continue
        if typ not in LABEL_TYPES:
            report.error(lw, f"bad type {typ!r}")
        if typ == "preferred":
            preferred[lang] += 1
        if (lang, text) in seen_exact:
            report.error(lw, f"duplicate label {lang}:{text!r}")
        seen_exact.add((lang, text))
        key = (lang, fold(text))
        previous = seen_folded.get(key)
        # spelling variants with or without the oe/ae ligature are deliberate
        if previous is not None and previous != text and fold_basic(previous) == fold_basic(text):
            report.warn(lw, f"{text!r} folds to the same form as {previous!r}")
        seen_folded.setdefault(key, text)
    for lang in REQUIRED_LANGS:
        if preferred[lang] != 1:
            report.error(where, f"{preferred[lang]} preferred labels in {lang!r} (need exactly 1)")
    for lang, count in preferred.items():
        if lang not in REQUIRED_LANGS and count > 1:
            report.error(where, f"{count} preferred labels in {lang!r}")


def check_record(rec, where, report):
    if not isinstance(rec, dict):
        report.error(where, "line is not a JSON object")
        return False
    cid, kind = rec.get("id"), rec.get("kind")
    if not isinstance(cid, str) or not cid:
        report.error(where, "missing id")
        return False
    where = f"{where} ({cid})"
    if kind not in KINDS:
        report.error(where, f"bad kind {kind!r}")
        return False
    extra = set(rec) - ALLOWED_KEYS[kind]
    if extra:
        report.error(where, f"unexpected fields for a {kind}: {sorted(extra)}")
    match = ESCO_ID.match(cid) or VIVIER_ID.match(cid)
    if not match:
        report.error(where, "id is neither an ESCO URI nor vivier:<kind>/<slug>")
    elif match.group(1) != kind:
        report.error(where, f"id says {match.group(1)} but kind is {kind}")
    if kind == "skill" and rec.get("skill_type") not in SKILL_TYPES:
        report.error(where, f"bad skill_type {rec.get('skill_type')!r}")
    check_labels(rec, where, report)
    desc = rec.get("descriptions")
    if desc is not None:
        if not isinstance(desc, dict) or not all(
                isinstance(k, str) and LANG.match(k) and isinstance(v, str) and v.strip()
                for k, v in desc.items()):
            report.error(where, "descriptions must map language codes to non-empty strings")
    broader = rec.get("broader")
    if broader is not None and (not isinstance(broader, list)
                                or not all(isinstance(b, str) for b in broader)):
        report.error(where, "broader must be a list of ids")
    if kind == "occupation":
        links = rec.get("skills")
        if not isinstance(links, list):
            report.error(where, "occupation needs a skills list")
        else:
            for i, link in enumerate(links):
                if (not isinstance(link, dict) or set(link) != {"id", "relation"}
                        or link.get("relation") not in RELATIONS):
                    report.error(where, f"skills[{i}] must be {{id, relation: essential|optional}}")
    return True


def check_references(records, report):
    by_id = {}
    for where, rec in records:
        if rec["id"] in by_id:
            report.error(where, f"duplicate id {rec['id']}")
        by_id.setdefault(rec["id"], rec)
    for where, rec in records:
        for target in rec.get("broader") or []:
            other = by_id.get(target)
            if other is None:
                report.error(where, f"broader {target} does not exist")
            elif target == rec["id"]:
                report.error(where, "concept is its own broader")
            elif other["kind"] != rec["kind"]:
                report.warn(where, f"broader {target} is a {other['kind']}")
        if rec["kind"] != "occupation":
            continue
        seen = set()
        essential = 0
        for link in rec.get("skills") or []:
            if not isinstance(link, dict):
                continue
            target = link.get("id")
            other = by_id.get(target)
            if other is None:
                report.error(where, f"skill {target} does not exist")
            elif other["kind"] != "skill":
                report.error(where, f"skill link {target} is a {other['kind']}")
            if target in seen:
                report.error(where, f"skill {target} linked twice")
            seen.add(target)
            essential += link.get("relation") == "essential"
        if essential == 0:
            report.warn(where, "occupation has no essential skill")
    check_cycles(by_id, report)
    return by_id


def check_cycles(by_id, report):
    state = {}

    def visit(cid, path):
        state[cid] = "open"
        for target in by_id[cid].get("broader") or []:
            if target not in by_id:
                continue
            if state.get(target) == "open":
                report.error(cid, "broader cycle: " + " -> ".join(path + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[cid] = "done"

    for cid in by_id:
        if cid not in state:
            visit(cid, [cid])


def preferred_label(rec, lang="fr"):
    for label in rec["labels"]:
        if label["type"] == "preferred" and label["lang"] == lang:
            return label["text"]
    return rec["id"]


def surface_forms(by_id):
    """Map each folded non-hidden surface form to the set of concept ids using it."""
    forms = collections.defaultdict(set)
    for cid, rec in by_id.items():
        for label in rec["labels"]:
            if label["type"] != "hidden":
                forms[fold(label["text"])].add(cid)
    return forms


def contained_forms(forms):
    """Single-word forms of one concept that also occur as a word inside other concepts' labels."""
    index = collections.defaultdict(set)
    for form, ids in forms.items():
        words = form.split(" ")
        if len(words) > 1:
            for word in words:
                index[singular(word)] |= ids
    result = {}
    for form, ids in forms.items():
        if " " in form or len(form) < 2:
            continue
        others = index.get(singular(form), set()) - ids
        if others:
            result[form] = (ids, others)
    return result


def print_summary(by_id, forms, args):
    kinds = collections.Counter(r["kind"] for r in by_id.values())
    skill_types = collections.Counter(r.get("skill_type") for r in by_id.values() if r["kind"] == "skill")
    labels = collections.Counter()
    descs = collections.Counter()
    for rec in by_id.values():
        for label in rec["labels"]:
            labels[(label["lang"], label["type"])] += 1
        for lang in rec.get("descriptions") or {}:
            descs[lang] += 1
    esco = sum(1 for cid in by_id if cid.startswith("http://data.europa.eu/esco/"))
    print(f"concepts: {len(by_id)}  ({kinds['occupation']} occupations, {kinds['skill']} skills: "
          f"{skill_types['knowledge']} knowledge, {skill_types['skill']} skill)")
    print(f"ids: {esco} ESCO URIs, {len(by_id) - esco} vivier ids")
    for lang in sorted({lang for lang, _ in labels}):
        parts = ", ".join(f"{labels[(lang, t)]} {t}" for t in ("preferred", "alternative", "hidden"))
        total = sum(labels[(lang, t)] for t in LABEL_TYPES)
        print(f"labels [{lang}]: {total}  ({parts})")
    print("descriptions: " + ", ".join(f"{lang} {n}" for lang, n in sorted(descs.items())))
    occs = [r for r in by_id.values() if r["kind"] == "occupation"]
    ess = [sum(l["relation"] == "essential" for l in r["skills"]) for r in occs]
    opt = [sum(l["relation"] == "optional" for l in r["skills"]) for r in occs]
    if occs:
        print(f"occupation skill links: essential min/avg/max {min(ess)}/{sum(ess) / len(ess):.1f}/{max(ess)}, "
              f"optional min/avg/max {min(opt)}/{sum(opt) / len(opt):.1f}/{max(opt)}")
        linked = {l["id"] for r in occs for l in r["skills"]}
        print(f"skills linked from at least one occupation: {len(linked)} of {kinds['skill']}")
    shared = {f: ids for f, ids in forms.items() if len(ids) > 1}
    print(f"\nsurface forms shared by several concepts: {len(shared)}")
    ordered = sorted(shared.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    limit = args.shared_limit if args.shared_limit >= 0 else len(ordered)
    for form, ids in ordered[:limit]:
        names = sorted(f"{preferred_label(by_id[i])} [{by_id[i]['kind'][0]}]" for i in ids)
        print(f"  {form!r}: " + "; ".join(names))
    if limit < len(ordered):
        print(f"  ... {len(ordered) - limit} more (use --shared-limit -1)")
    common = sorted(f for f in COMMON_WORD_FORMS if f in forms)
    print(f"\nsurface forms that are also common words: {len(common)}")
    print("  " + ", ".join(common))
    contained = contained_forms(forms)
    print(f"\nsingle-word forms also used inside other concepts' labels: {len(contained)}")
    if args.contained:
        for form, (ids, others) in sorted(contained.items()):
            owners = "; ".join(sorted(preferred_label(by_id[i]) for i in ids))
            inside = "; ".join(sorted(preferred_label(by_id[i]) for i in others)[:6])
            print(f"  {form!r} ({owners}) inside: {inside}")
    else:
        watch = [f for f in ("serveur", "chef", "agent", "conseiller", "technicien", "pilote",
                             "assistant", "cuisine", "ingenieur", "animateur") if f in contained]
        for form in watch:
            ids, others = contained[form]
            inside = "; ".join(sorted(preferred_label(by_id[i]) for i in others)[:5])
            print(f"  {form!r} inside {len(others)} other concepts, e.g. {inside}")
        print("  (use --contained for the full list)")
    ambiguous = set(shared) | set(common)
    print(f"\nambiguous surface forms (shared by several concepts, or common words): {len(ambiguous)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "default_taxonomy.jsonl"))
    parser.add_argument("--shared-limit", type=int, default=-1,
                        help="how many shared surface forms to print (-1 = all)")
    parser.add_argument("--contained", action="store_true",
                        help="list every single-word form found inside other concepts' labels")
    args = parser.parse_args()
    report = Report()
    records = []
    with open(args.path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            where = f"line {lineno}"
            if not line.strip():
                report.error(where, "empty line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                report.error(where, f"invalid JSON: {err}")
                continue
            if check_record(rec, where, report):
                records.append((where, rec))
    by_id = check_references(records, report)
    for message in report.warnings:
        print(message)
    for message in report.errors:
        print(message)
    if report.errors:
        print(f"\nFAILED: {len(report.errors)} errors, {len(report.warnings)} warnings")
        return 1
    print_summary(by_id, surface_forms(by_id), args)
    print(f"\nOK: {len(records)} concepts, 0 errors, {len(report.warnings)} warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
