"""Rows of an ESCO CSV package's occupations and skills files, read the same whatever their layout.

The package beside the repository (`../shared/data/esco`) has the official v1.1 columns
(`preferredLabel`, `altLabels`, `hiddenLabels`, `description`) except its French skills file,
a merged file whose columns carry the language (`preferredLabel_fr`, `altLabels_fr`,
`description_fr`). Each row comes back as a dict with the keys `uri`, `preferred`,
`alternative` and `hidden` (newline-separated, as in the files), `description` and
`skill_type` (empty where the file has none). Only the Python standard library is used.
"""

import csv


def rows(esco, lang, kind):
    """The rows of `<esco>/<lang>/<kind>_<lang>.csv`, `kind` being occupations or skills."""
    csv.field_size_limit(10**9)
    path = esco / lang / f"{kind}_{lang}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):

            def column(name):
                return row.get(name) or row.get(f"{name}_{lang}") or ""

            yield {
                "uri": row["conceptUri"],
                "preferred": column("preferredLabel"),
                "alternative": column("altLabels"),
                "hidden": column("hiddenLabels"),
                "description": column("description"),
                "skill_type": row.get("skillType") or "",
            }
