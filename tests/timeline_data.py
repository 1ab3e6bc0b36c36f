"""Small synthetic tables for the timeline and quiz tests (written to a tmp folder).

Every value is made up for the tests; none of it is a fact about the NHS.
"""

from __future__ import annotations

import csv
from pathlib import Path

HOSTILE = "<script>alert(1)</script> & \"quoted\" 'single' (paren [bracket *star \\back"

SOURCES = [
    dict(source_id="src-a", title="Source A <b>bold</b>", publisher="Publisher & Co", author="",
         date="2013-04", date_precision="month", url="https://example.org/a?x=1&y=2",
         kind="government", file="", note=""),
    dict(source_id="src-b", title="Source B", publisher="Publisher B", author="",
         date="2001", date_precision="year", url="https://example.org/b", kind="think_tank",
         file="", note=""),
    dict(source_id="src-c", title="Source C", publisher="Publisher C", author="",
         date="2020-11-26", date_precision="day", url="", kind="press", file="",
         note="no address known (test)"),
]

ERAS = [
    dict(era_id="before_1991", label="Era one", start="1995", start_precision="year",
         end="2000-12-31", end_precision="day", gp_commissioner="GP body one",
         community_commissioner="Community body one", notebook="", source_ids="src-b"),
    dict(era_id="internal_market", label="Era two", start="2001-01-01", start_precision="day",
         end="2013-03-31", end_precision="day", gp_commissioner="GP body two",
         community_commissioner="Community body two", notebook="", source_ids="src-b"),
    dict(era_id="ccgs", label="Era three <i>", start="2013-04-01", start_precision="day",
         end="", end_precision="", gp_commissioner="GP body three & more",
         community_commissioner="Community body three", notebook="", source_ids="src-a;src-b"),
]

EVENTS = [
    dict(event_id="ev-year", date="1996", date_precision="year", title="Fundholding pilot begins",
         summary="Practices held budgets in a made-up pilot.", category="programme",
         era="before_1991", source_ids="src-b", status="settled", as_of="", as_of_precision="", review_by=""),
    dict(event_id="ev-day", date="2001-01-01", date_precision="day", title="Second era switch",
         summary="New bodies took over (made up).", category="organisation", era="internal_market",
         source_ids="src-b", status="settled", as_of="", as_of_precision="", review_by=""),
    dict(event_id="ev-month", date="2013-04", date_precision="month", title="Month-only event",
         summary="Integrated care was promised; clinical commissioning groups began (made up).",
         category="policy", era="ccgs", source_ids="src-a;src-b", status="settled", as_of="", as_of_precision="", review_by=""),
    dict(event_id="ev-hostile", date="2015-06-30", date_precision="day", title=HOSTILE,
         summary="A title with odd characters: " + HOSTILE, category="announcement", era="ccgs",
         source_ids="src-a", status="settled", as_of="", as_of_precision="", review_by=""),
    dict(event_id="ev-range", date="2020-11-26/2021-01-08", date_precision="range",
         title="Consultation window", summary="Views were invited on joining up care.",
         category="consultation", era="ccgs", source_ids="src-c", status="settled", as_of="", as_of_precision="", review_by=""),
    dict(event_id="ev-prov", date="2026-05", date_precision="month", title="Provisional bill",
         summary="A bill still before Parliament (made up).", category="legislation", era="ccgs",
         source_ids="src-c", status="provisional", as_of="2026-06-23", as_of_precision="day",
         review_by="2026-10-21"),
]

ORG_COUNTS = [
    dict(org_type="primary_care_trusts", as_of="2002-04-01", as_of_precision="day", count="300",
         source_id="src-b", note=""),
    dict(org_type="primary_care_trusts", as_of="2006-10", as_of_precision="month", count="150",
         source_id="src-b", note="first figure"),
    dict(org_type="primary_care_trusts", as_of="2006-10", as_of_precision="month", count="151",
         source_id="src-a", note="second figure <disagrees>"),
    dict(org_type="clinical_commissioning_groups", as_of="2013-04-01", as_of_precision="day",
         count="200", source_id="src-a", note=""),
    dict(org_type="clinical_commissioning_groups", as_of="2013-04-01", as_of_precision="day",
         count="200", source_id="src-b", note="same figure, second source"),
    dict(org_type="clinical_commissioning_groups", as_of="2020", as_of_precision="year",
         count="100", source_id="src-a", note=""),
]

GLOSSARY = [
    dict(term_id="ccg", term="CCG", expansion="clinical commissioning group",
         definition="A made-up definition & more.", years="2013-2022", source_id="src-a"),
]

QUIZ = [
    dict(question_id="q1", notebook="01_timeline", question="Which came first? " + HOSTILE,
         options="Fundholding pilot|Month-only event|Provisional bill",
         answer="Fundholding pilot", feedback="The pilot came first & so on.", event_id="ev-year",
         source_id="src-a", style="check", capability="cap-a", distractor_source_ids=""),
    dict(question_id="q2", notebook="01_timeline", question="Which is provisional?",
         options="Provisional bill|Second era switch", answer="Provisional bill",
         feedback="Still before Parliament.", event_id="", source_id="src-c", style="check",
         capability="cap-a", distractor_source_ids=""),
    dict(question_id="q3", notebook="02_fundholding_pcgs_pcts", question="Not in this notebook",
         options="a|b", answer="a", feedback="x", event_id="", source_id="src-b", style="check",
         capability="cap-a", distractor_source_ids=""),
]

CAPABILITIES = [
    dict(capability_id="cap-a", area="Area one", title="A made-up capability", label="Made-up",
         title_2019="", source_id="src-a"),
]

TABLES = {
    "sources.csv": SOURCES, "eras.csv": ERAS, "events.csv": EVENTS,
    "org_counts.csv": ORG_COUNTS, "glossary.csv": GLOSSARY, "quiz.csv": QUIZ,
    "capabilities.csv": CAPABILITIES,
}


def write(folder: Path, **overrides) -> Path:
    """Write the synthetic tables into ``folder`` (``overrides``: file stem -> rows)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in TABLES.items():
        rows = overrides.get(name[:-4], rows)
        with open(folder / name, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder
