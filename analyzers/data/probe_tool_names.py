#!/usr/bin/env python3
"""Probes which common tool names of CVs and offers the extractor finds nothing for.

    python3 probe_tool_names.py --vivier ../../target/release/vivier [--taxonomy ../../../shared/data/esco]

Each name goes into "Skills: {} and teamwork." (English) and "Compétences : {} et travail en
équipe." (French), and `vivier extract` must give a mention overlapping it. Prints the names
found in neither language, then the counts. The list is general knowledge of what job ads
ask for, not taken from the evaluation sets; a name listed here may rightly find nothing
when no concept of the taxonomy covers it ("Kafka" with ESCO).
"""

import argparse
import json
import subprocess

TOOLS = """Oracle|SQL Server|MySQL|PostgreSQL|MongoDB|Redis|Kafka|Spark|Hadoop|Airflow|Snowflake
|Tableau|Power BI|Looker|Kubernetes|Docker|Terraform|Ansible|Jenkins|GitLab|GitHub|Jira
|Confluence|Salesforce|SAP|Sage|Cegid|EBP|Figma|Photoshop|Illustrator|InDesign|AutoCAD|Revit
|SolidWorks|CATIA|Excel|Word|PowerPoint|Outlook|Linux|Windows|macOS|Java|Python|Ruby|PHP|Go
|Rust|Scala|Kotlin|Swift|C#|.NET|Angular|React|Vue.js|Node.js|Django|Flask|Spring|Laravel
|Symfony|TypeScript|JavaScript|HTML|CSS|Git|SVN|AWS|Azure|GCP|Google Cloud|Elasticsearch
|Grafana|Prometheus|Nagios|Zabbix|VMware|Hyper-V|Cisco|Fortinet|Matlab|SAS|SPSS|Stata|R|Scrum
|Kanban|Lean|Six Sigma|ITIL|Prince2|Magento|Shopify|WordPress|Drupal|Odoo|QuickBooks|Xero
|pandas|NumPy|TensorFlow|PyTorch|Selenium|Cypress|Postman|GraphQL|RabbitMQ|Nginx|Tomcat
|Active Directory|SharePoint|Teams|Slack|Trello|Asana|Canva|Premiere Pro|After Effects
|Final Cut Pro|Blender|Unity|Unreal Engine|SketchUp|ArcGIS|QGIS|Primavera|MS Project|Navision
|Dynamics 365|HubSpot|Mailchimp|Google Analytics|Google Ads|SEO|HACCP|ISO 9001|5S""".replace(
    "\n", ""
).split("|")

TEMPLATES = {
    "en": "Skills: {} and teamwork.",
    "fr": "Compétences : {} et travail en équipe.",
}


def found(vivier, taxonomy, lang):
    """The names some mention of `vivier extract` overlaps, in one language."""
    template = TEMPLATES[lang]
    start = template.index("{}")
    lines = "".join(template.format(tool) + "\n" for tool in TOOLS)
    args = [vivier, "extract", "--lang", lang] + [a for t in taxonomy for a in ("--taxonomy", t)]
    out = subprocess.run(args, input=lines, capture_output=True, text=True, check=True).stdout
    names = set()
    for tool, line in zip(TOOLS, out.splitlines()):
        # Offsets count characters.
        begin = start
        end = begin + len(tool)
        if any(m["start"] < end and m["end"] > begin for m in json.loads(line)["mentions"]):
            names.add(tool)
    return names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vivier", required=True)
    parser.add_argument("--taxonomy", action="append", default=[])
    args = parser.parse_args()
    by_lang = {lang: found(args.vivier, args.taxonomy, lang) for lang in TEMPLATES}
    missed = [t for t in TOOLS if not any(t in names for names in by_lang.values())]
    print("found in neither language:", ", ".join(missed) or "none")
    for lang, names in by_lang.items():
        print(f"{lang}: {len(names)}/{len(TOOLS)}")


if __name__ == "__main__":
    main()
