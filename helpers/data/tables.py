"""The schema of every curated table in ``data/``: columns, allowed values and row checks."""

from __future__ import annotations

from pathlib import Path

from .schema import Column, Table
from .tables_training import (  # noqa: F401  (the training tables: quiz, curriculum, changes)
    CAPABILITIES, CHANGE_KINDS, CHANGES, CURRICULUM, NOTEBOOK_NAMES, QUIZ, QUIZ_STYLES, TOPIC_GUIDES,
    TRAINING_TABLES,
)


DATA_DIR = Path(__file__).resolve().parents[2] / "data"

# --------------------------------------------------------------------------
# Allowed values shared by several tables
# --------------------------------------------------------------------------

SOURCE_KINDS = (
    "legislation",       # Acts and statutory instruments (legislation.gov.uk)
    "government",        # Department of Health (and Social Care), Cabinet Office, GOV.UK pages
    "nhs",               # NHS England, NHS Improvement, NHS Digital and other NHS bodies
    "parliament",        # Hansard, House of Commons Library, select committees
    "audit",             # National Audit Office, Audit Commission
    "think_tank",        # King's Fund, Nuffield Trust, Health Foundation, ...
    "academic",          # peer-reviewed papers and university evaluations
    "professional_body", # BMA, RCGP, LMCs, NHS Confederation, NHS Clinical Commissioners
    "press",             # news and opinion (Pulse, BMJ news, HSJ, ...)
    "official_data",     # statistical releases and organisation data (ODS, ONS)
    "source_document",   # the five documents in ../shared/seeds/
    "voluntary",         # patient and voluntary bodies: Healthwatch, National Voices, NAVCA, ...
    "consultancy",       # law and consultancy firms' briefings (read for dates, never as the record)
)

ERA_IDS = ("before_1991", "internal_market", "pcgs_pcts", "ccgs", "icss")

EVENT_CATEGORIES = (
    "legislation", "white_paper", "consultation", "organisation", "programme",
    "review", "funding", "contract", "policy", "announcement", "guidance",
)

ORG_TYPES = (
    "regional_health_authorities", "district_health_authorities",
    "family_health_services_authorities", "health_authorities",
    "gp_fundholding_practices", "gp_fundholders_population_share",
    "primary_care_groups", "primary_care_trusts", "strategic_health_authorities",
    "clinical_commissioning_groups", "nhs_england_regions", "nhs_england_area_teams",
    "health_and_wellbeing_boards", "integration_pioneers", "vanguards",
    "sustainability_and_transformation_partnerships", "integrated_care_systems",
    "integrated_care_boards", "primary_care_networks", "commissioning_support_units",
    # added for the timeline (issue 3)
    "gp_fundholders", "ccgs_with_delegated_primary_care", "icb_clusters",
    # added for general practice now (issue 12)
    "neighbourhood_health_implementation_sites",
)

STAKEHOLDER_GROUPS = (
    "gp_representatives", "commissioners", "national_bodies", "government",
    "patient_and_voluntary", "think_tanks_and_evidence", "frontline_gps", "anonymous_readers",
)

SPEECH = ("direct", "reported")

# Where a theme's question comes from: our own framing of the debate, or the exact wording of
# one of the four questions in NHS England's consultation "Integrating care: next steps"
# (November 2020), as the LMC response (seed-lmc-response-2021) reproduces them.
THEME_ORIGINS = ("debate", "nhse_consultation_2020")

# The two axes of the stakeholder position map (positions.csv); values run from -2 to +2.
POSITION_AXES = {
    "x": "where decisions should sit: practice/place (-2) ↔ national/system (+2)",
    "y": "how services should join up: collaboration (-2) ↔ organisational integration (+2)",
}


def _provisional_needs_review_by(row: dict[str, str]):
    if row.get("status") == "provisional" and not row.get("review_by"):
        yield "review_by", "a provisional row must say when to check it again (review_by, YYYY-MM-DD)"
    if row.get("status") == "settled" and row.get("review_by"):
        yield "review_by", "only provisional rows carry a review_by date"
    if row.get("review_by") and row.get("as_of") and row["review_by"] < row["as_of"][:10]:
        yield "review_by", f"{row['review_by']} is before the row was last checked ({row['as_of']})"




def _provisional_needs_as_of(row: dict[str, str]):
    if row.get("status") == "provisional" and not row.get("as_of"):
        yield "as_of", "a provisional row must say 'as of' when (YYYY-MM-DD)"
    if row.get("status") == "settled" and row.get("as_of"):
        yield "as_of", "only provisional rows carry an 'as of' date"


#: The columns that mark a row settled or provisional (in this order), and their row rules:
#: a provisional row says when it was last checked (as_of) and when to check it again (review_by).
PROVISIONAL_COLUMNS = (
    Column("status", "category", allowed=("settled", "provisional")),
    Column("as_of", "date", required=False, precision="as_of_precision",
           doc="for provisional rows: when the status was last checked"),
    Column("as_of_precision", "precision", required=False),
    Column("review_by", "day", required=False,
           doc="provisional rows only: the day by which to check the row again (python3 run.py review)"),
)
PROVISIONAL_CHECKS = (_provisional_needs_as_of, _provisional_needs_review_by)


def _second_hand_is_a_quote(row: dict[str, str]):
    for col in ("quoted_by", "sic"):
        if row.get(col) and row.get("speech") != "direct":
            yield col, f"only a direct quote can have '{col}'"
    if row.get("sic") and row.get("sic") not in row.get("quote", ""):
        yield "sic", f"{row['sic']!r} does not occur in the quote"


def _consultation_theme_cites_source(row: dict[str, str]):
    if row.get("origin") == "nhse_consultation_2020" and not row.get("source_id"):
        yield "source_id", "a consultation question must cite the source that gives its exact wording"


def _position_in_range(row: dict[str, str]):
    for axis in ("x", "y"):
        try:
            value = float(row.get(axis, ""))
        except ValueError:
            continue  # the cell check reports it
        if not -2 <= value <= 2:
            yield axis, f"{value} is outside the axis (-2 to +2)"


def _speech_matches_quote(row: dict[str, str]):
    speech, quote = row.get("speech"), row.get("quote", "")
    if speech == "direct" and not quote:
        yield "quote", "a direct quote needs the exact quoted words"
    if speech == "reported" and quote:
        yield "quote", "a reported claim is not a quote: leave 'quote' empty and put the claim in 'stance'"


# --------------------------------------------------------------------------
# The tables. To add one: describe it here, add it to TABLES, add a loader
# below, and document it in data/README.md.
# --------------------------------------------------------------------------

SOURCES = Table(
    name="sources",
    file="sources.csv",
    id_column="source_id",
    doc="Every document a fact in the collection comes from.",
    columns=(
        Column("source_id", "id", doc="short stable id, e.g. 'hsca-2012'"),
        Column("title", doc="the document's own title"),
        Column("publisher", doc="organisation that published it"),
        Column("author", required=False, doc="named author(s), if any"),
        Column("date", "date", precision="date_precision", doc="publication date, no more precise than the source"),
        Column("date_precision", "precision"),
        Column("url", "url", required=False, doc="address; empty only where none is known (say so in 'note')"),
        Column("kind", "category", allowed=SOURCE_KINDS),
        Column("file", required=False, doc="file name in ../shared/seeds/ for the five source documents"),
        Column("note", required=False, doc="approximate dates, caveats, how the source was read"),
    ),
)

ERAS = Table(
    name="eras",
    file="eras.csv",
    id_column="era_id",
    doc="The eras the timeline is banded into, and who commissioned what in each.",
    columns=(
        Column("era_id", "category", allowed=ERA_IDS),
        Column("label"),
        Column("start", "date", precision="start_precision"),
        Column("start_precision", "precision"),
        Column("end", "date", required=False, precision="end_precision", doc="empty while the era continues"),
        Column("end_precision", "precision", required=False),
        Column("gp_commissioner", doc="who held the GP contracts / commissioned general practice"),
        Column("community_commissioner", doc="who commissioned community and hospital care"),
        Column("notebook", required=False, doc="the notebook that explains the era"),
        Column("source_ids", "refs", ref="sources"),
    ),
)

EVENTS = Table(
    name="events",
    file="events.csv",
    id_column="event_id",
    doc="Dated reforms, publications and switches, 1990 to 2026.",
    columns=(
        Column("event_id", "id"),
        Column("date", "date", precision="date_precision"),
        Column("date_precision", "precision"),
        Column("title"),
        Column("summary", doc="one or two sentences in our own words"),
        Column("category", "category", allowed=EVENT_CATEGORIES),
        Column("era", "ref", ref="eras"),
        Column("source_ids", "refs", ref="sources"),
        *PROVISIONAL_COLUMNS,
    ),
    row_checks=PROVISIONAL_CHECKS,
)

ORG_COUNTS = Table(
    name="org_counts",
    file="org_counts.csv",
    doc="How many of each kind of body existed on a date. Disagreeing sources are separate rows.",
    columns=(
        Column("org_type", "category", allowed=ORG_TYPES),
        Column("as_of", "date", precision="as_of_precision"),
        Column("as_of_precision", "precision"),
        Column("count", "int"),
        Column("source_id", "ref", ref="sources"),
        Column("note", required=False),
    ),
)

GLOSSARY = Table(
    name="glossary",
    file="glossary.csv",
    id_column="term_id",
    doc="Every acronym and term the collection uses.",
    columns=(
        Column("term_id", "id"),
        Column("term", doc="the acronym or term as written"),
        Column("expansion", required=False, doc="what the acronym stands for"),
        Column("definition", doc="a plain definition in our own words"),
        Column("years", "years", doc="when it applied: 1991-1999, 2019- or 2013"),
        Column("source_id", "ref", ref="sources"),
    ),
)

STAKEHOLDERS = Table(
    name="stakeholders",
    file="stakeholders.csv",
    id_column="stakeholder_id",
    doc="Every voice in the five source documents.",
    columns=(
        Column("stakeholder_id", "id"),
        Column("name", doc="as the source names them; anonymous readers as 'reader comment (anonymous)'"),
        Column("role", required=False, doc="role at the time"),
        Column("organisation", required=False, doc="organisation at the time"),
        Column("group", "category", allowed=STAKEHOLDER_GROUPS),
        Column("kind", "category", allowed=("person", "organisation", "anonymous")),
        Column("source_ids", "refs", ref="sources"),
        Column("role_source_ids", "refs", ref="sources", required=False,
               doc="sources for the role where the documents they argue in give none, or give it wrongly"),
    ),
)

THEMES = Table(
    name="themes",
    file="themes.csv",
    id_column="theme_id",
    doc="The debated questions.",
    columns=(
        Column("theme_id", "id"),
        Column("label", doc="a short label for menus"),
        Column("question", doc="the question as a trainee could answer it"),
        Column("origin", "category", allowed=THEME_ORIGINS,
               doc="'debate' (our framing) or 'nhse_consultation_2020' (the consultation's own wording)"),
        Column("source_id", "ref", required=False, ref="sources",
               doc="for consultation questions: the source whose exact wording 'question' reproduces"),
    ),
    row_checks=(_consultation_theme_cites_source,),
)

ARGUMENTS = Table(
    name="arguments",
    file="arguments.csv",
    id_column="argument_id",
    doc="Who argued what, on which question, in which document.",
    columns=(
        Column("argument_id", "id"),
        Column("stakeholder_id", "ref", ref="stakeholders"),
        Column("theme_id", "ref", ref="themes"),
        Column("stance", doc="the position in our own words"),
        Column("quote", required=False, doc="verbatim words from the source; empty for a reported claim"),
        Column("speech", "category", allowed=SPEECH),
        Column("source_id", "ref", ref="sources"),
        Column("date", "date", precision="date_precision"),
        Column("date_precision", "precision"),
        Column("quoted_by", required=False,
               doc="who quotes these words in the source when the source is not the speaker's own text "
                   "(shown as 'as quoted by ... in ...')"),
        Column("sic", required=False, doc="a word of the quote that is the source's own slip, shown with [sic]"),
    ),
    row_checks=(_speech_matches_quote, _second_hand_is_a_quote),
)

POSITIONS = Table(
    name="positions",
    file="positions.csv",
    id_column="stakeholder_id",
    doc="Where each voice stands on the two axes of the position map (see POSITION_AXES).",
    columns=(
        Column("stakeholder_id", "ref", ref="stakeholders", doc="one row per placed voice"),
        Column("x", "float", doc=POSITION_AXES["x"]),
        Column("y", "float", doc=POSITION_AXES["y"]),
        Column("justification_x", doc="why, in our words, citing argument_ids"),
        Column("justification_y", doc="why, in our words, citing argument_ids"),
        Column("argument_ids", "refs", ref="arguments", doc="the arguments the placement rests on"),
        Column("source_id", "ref", ref="sources", doc="the document the placement rests on"),
    ),
    row_checks=(_position_in_range,),
)

# --- Era notebooks (issue 4): structures, practice view, evidence and programme lists -------

#: The notebooks that explain one era each.
ERA_NOTEBOOKS = (
    "02_fundholding_pcgs_pcts", "03_ccgs", "04_pioneers_vanguards_stps",
    "05_primary_care_networks", "06_integrated_care_systems", "09_general_practice_now",
)
#: Layers of a structure diagram, top to bottom.
STRUCTURE_LAYERS = ("national", "regional", "local", "provider")
STRUCTURE_KINDS = (
    "government", "national_nhs", "regional_nhs", "commissioner", "partnership",
    "local_government", "provider", "practice",
)
#: Relationships drawn in a structure diagram. Direction: ``from_node`` -> ``to_node``
#: (commissioner -> provider, body -> the body it answers to, contract holder -> contractor,
#: funder -> funded, member -> partnership).
STRUCTURE_RELATIONS = ("commissions", "accountable_to", "holds_contract_with", "funds", "partners_with")
PRACTICE_ASPECTS = ("contract_holder", "answers_to", "money", "gp_voice")
EVIDENCE_TYPES = ("evaluation", "review", "audit", "inquiry", "study", "commentary")
COCOMMISSIONING_LEVELS = ("greater_involvement", "joint", "delegated")


def _nodes_belong_to_era(*columns: str):
    def check(row: dict[str, str]):
        era = row.get("era", "")
        for col in columns:
            value = row.get(col, "")
            if value and era and not value.startswith(era + "-"):
                yield col, f"{value!r} is not a node of era {era!r} (node ids start with '{era}-')"
    return check


STRUCTURE_ERAS = Table(
    name="structure_eras",
    file="structure_eras.csv",
    id_column="era_id",
    doc="The periods whose commissioning structure is drawn as a diagram (helpers.structure).",
    columns=(
        Column("era_id", "id"),
        Column("label", doc="title of the era's diagram"),
        Column("years", "years", doc="when the structure applied: 1991-1999, 2022-"),
        Column("timeline_era", "ref", ref="eras", doc="the timeline era (eras.csv) the period falls in"),
        Column("notebook", "category", allowed=ERA_NOTEBOOKS),
        Column("summary", doc="one line in our own words: who commissioned what"),
        Column("source_ids", "refs", ref="sources"),
    ),
)

STRUCTURES = Table(
    name="structures",
    file="structures.csv",
    id_column="node_id",
    doc="The bodies (nodes) of each era's structure diagram.",
    columns=(
        Column("node_id", "id", doc="'<era>-<short name>'"),
        Column("era", "ref", ref="structure_eras"),
        Column("label", doc="the body as named at the time"),
        Column("layer", "category", allowed=STRUCTURE_LAYERS),
        Column("kind", "category", allowed=STRUCTURE_KINDS),
        Column("description", doc="what the body did, in our own words"),
        Column("source_ids", "refs", ref="sources"),
    ),
    row_checks=(_nodes_belong_to_era("node_id"),),
)

STRUCTURE_LINKS = Table(
    name="structure_links",
    file="structure_links.csv",
    id_column="link_id",
    doc="Who commissions, funds, holds contracts with or answers to whom, in each era.",
    columns=(
        Column("link_id", "id"),
        Column("era", "ref", ref="structure_eras"),
        Column("from_node", "ref", ref="structures"),
        Column("to_node", "ref", ref="structures"),
        Column("relation", "category", allowed=STRUCTURE_RELATIONS),
        Column("label", doc="what flows or is agreed, in our own words"),
        Column("source_ids", "refs", ref="sources"),
    ),
    row_checks=(_nodes_belong_to_era("from_node", "to_node"),),
)

PRACTICE_VIEW = Table(
    name="practice_view",
    file="practice_view.csv",
    id_column="row_id",
    doc="What each era meant for a GP practice: contract holder, who it answers to, money, GP voice.",
    columns=(
        Column("row_id", "id"),
        Column("era", "ref", ref="structure_eras"),
        Column("aspect", "category", allowed=PRACTICE_ASPECTS),
        Column("text", doc="in our own words"),
        Column("source_ids", "refs", ref="sources"),
    ),
)

EVIDENCE = Table(
    name="evidence",
    file="evidence.csv",
    id_column="evidence_id",
    doc="What evaluations and studies found about each era, with the limits of each.",
    columns=(
        Column("evidence_id", "id"),
        Column("notebook", "category", allowed=ERA_NOTEBOOKS),
        Column("era", "ref", ref="structure_eras"),
        Column("topic", doc="what was studied, in a few words"),
        Column("evidence_type", "category", allowed=EVIDENCE_TYPES),
        Column("finding", doc="what the source reports, in our own words"),
        Column("limits", doc="what the finding cannot tell us, in our own words"),
        Column("source_id", "ref", ref="sources"),
    ),
)

PIONEERS = Table(
    name="pioneers",
    file="pioneers.csv",
    id_column="pioneer_id",
    doc="The integrated care and support pioneers, both waves, as named when announced.",
    columns=(
        Column("pioneer_id", "id"),
        Column("name", doc="the area as the announcing sources name it"),
        Column("wave", "int", doc="1 (November 2013) or 2 (January 2015)"),
        Column("announced", "date", precision="announced_precision"),
        Column("announced_precision", "precision"),
        Column("source_ids", "refs", ref="sources"),
        Column("note", required=False, doc="differences in naming between sources"),
    ),
)

VANGUARD_TYPES = Table(
    name="vanguard_types",
    file="vanguard_types.csv",
    id_column="type_id",
    doc="The Five Year Forward View's new care model vanguards, by type.",
    columns=(
        Column("type_id", "id"),
        Column("label"),
        Column("count", "int", doc="number of vanguards of this type"),
        Column("announced", "date", precision="announced_precision"),
        Column("announced_precision", "precision"),
        Column("description", doc="what the model was, in our own words"),
        Column("source_ids", "refs", ref="sources"),
    ),
)

COCOMMISSIONING = Table(
    name="cocommissioning",
    file="cocommissioning.csv",
    id_column="row_id",
    doc="How many CCGs took on each level of primary care co-commissioning, by date and source.",
    columns=(
        Column("row_id", "id"),
        Column("as_of", "date", precision="as_of_precision"),
        Column("as_of_precision", "precision"),
        Column("level", "category", allowed=COCOMMISSIONING_LEVELS),
        Column("count", "int"),
        Column("source_id", "ref", ref="sources"),
        Column("note", required=False),
    ),
)

POLICY_FIGURES = Table(
    name="policy_figures",
    file="policy_figures.csv",
    id_column="figure_id",
    doc="Numbers that policy documents set (intended sizes, staffing targets), each with its source.",
    columns=(
        Column("figure_id", "id"),
        Column("label", doc="what the figure is, in our own words"),
        Column("low", "int", doc="the figure, or the bottom of a range"),
        Column("high", "int", required=False, doc="the top of a range; empty for a single figure"),
        Column("unit", doc="what is counted, e.g. 'registered patients'"),
        Column("set_on", "date", precision="set_on_precision", doc="when the source set or reported it"),
        Column("set_on_precision", "precision"),
        Column("source_ids", "refs", ref="sources"),
        Column("note", required=False),
    ),
)

EXCERPTS = Table(
    name="excerpts",
    file="excerpts.csv",
    id_column="excerpt_id",
    doc="Committed paragraphs of the web pages that quotes from 2022 onwards come from.",
    columns=(
        Column("excerpt_id", "id"),
        Column("source_id", "ref", ref="sources", doc="the page (its title and address are in sources.csv)"),
        Column("read_on", "date", precision="read_on_precision", doc="the day the page was read"),
        Column("read_on_precision", "precision"),
        Column("text", doc="the paragraph, copied exactly as the page gives it"),
        Column("speaker_line", required=False,
               doc="where the paragraph does not name the speaker: the words on the page that do, copied exactly"),
    ),
)

PRACTICE_ASPECTS_NOW = ("contract_holder", "commissioner", "accountable_to", "scale")

PRACTICE_ARRANGEMENTS = Table(
    name="practice_arrangements",
    file="practice_arrangements.csv",
    id_column="row_id",
    doc="Who held a practice's contract, who commissioned it, who that body answered to, and at what "
        "scale practices worked together, as dated spans from 1990.",
    columns=(
        Column("row_id", "id"),
        Column("aspect", "category", allowed=PRACTICE_ASPECTS_NOW),
        Column("start", "date", precision="start_precision", doc="first day (or month or year) of the span"),
        Column("start_precision", "precision"),
        Column("end", "date", precision="end_precision", required=False, doc="last day; empty while it lasts"),
        Column("end_precision", "precision", required=False),
        Column("label", doc="a short label, printed on the figure"),
        Column("detail", doc="one or two sentences in our own words"),
        *PROVISIONAL_COLUMNS,
        Column("source_ids", "refs", ref="sources"),
    ),
    row_checks=PROVISIONAL_CHECKS,
)

ICB_FOOTPRINTS_2026 = Table(
    name="icb_footprints_2026",
    file="icb_footprints_2026.csv",
    id_column="successor_code",
    doc="What each new ICB code of 1 April 2026 in the ODS successor file covers, from sources that name it.",
    columns=(
        Column("successor_code", doc="the new ODS code (data/derived/icb_changes_2026.csv)"),
        Column("footprint", doc="the areas it brings together, in our words from the sources"),
        Column("name_reported", required=False, doc="the new board's name where a source read gives it"),
        Column("parts_from_split", required=False,
               doc="the sub-ICB locations (former CCG codes, ';'-separated) it takes from an ICB that was split, "
                   "where the footprint names them; empty where the split does not follow sub-ICB lines (Frimley)"),
        Column("source_ids", "refs", ref="sources"),
        *PROVISIONAL_COLUMNS,
    ),
    row_checks=PROVISIONAL_CHECKS,
)

ROUTE_IDS = ("one_hour",)

ROUTES = Table(
    name="routes",
    file="routes.csv",
    doc="Short routes through the collection (notebook 00): which section of which notebook, in order, "
        "with minutes each and what to do there.",
    columns=(
        Column("route_id", "category", allowed=ROUTE_IDS),
        Column("step", "int", doc="the step's place in its route, from 1"),
        Column("notebook", "category", allowed=NOTEBOOK_NAMES),
        Column("section", doc="a markdown heading of that notebook, exactly as written (without the #s)"),
        Column("minutes", "int"),
        Column("what_to_do", doc="one plain sentence: what to do in that section"),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (SOURCES, ERAS, EVENTS, ORG_COUNTS, GLOSSARY, QUIZ, STAKEHOLDERS, THEMES, ARGUMENTS,
              POSITIONS)
}
TABLES.update({t.name: t for t in (STRUCTURE_ERAS, STRUCTURES, STRUCTURE_LINKS, PRACTICE_VIEW,
                                     EVIDENCE, PIONEERS, VANGUARD_TYPES, COCOMMISSIONING,
                                     POLICY_FIGURES, EXCERPTS, PRACTICE_ARRANGEMENTS,
                                     ICB_FOOTPRINTS_2026, ROUTES)})
TABLES.update({t.name: t for t in TRAINING_TABLES})
