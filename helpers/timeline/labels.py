"""Labels, symbols and colours the timeline views share (kinds of event, bodies, status)."""

from __future__ import annotations

from .. import style


#: Readable names for event categories, bottom to top on the timeline's y axis.
CATEGORY_LABELS = {
    "legislation": "Legislation",
    "white_paper": "White paper",
    "consultation": "Consultation",
    "review": "Review",
    "policy": "Policy and plans",
    "guidance": "Guidance",
    "announcement": "Announcement",
    "programme": "Programme",
    "funding": "Funding",
    "contract": "GP contract",
    "organisation": "Bodies created, merged or abolished",
}

#: Readable names for org_counts.org_type (plural, as a legend reads).
ORG_LABELS = {
    "regional_health_authorities": "Regional health authorities",
    "district_health_authorities": "District health authorities",
    "family_health_services_authorities": "Family health services authorities",
    "health_authorities": "Health authorities",
    "gp_fundholders": "GP fundholders",
    "gp_fundholding_practices": "GP fundholding practices",
    "gp_fundholders_population_share": "Population share with a fundholding GP (%)",
    "primary_care_groups": "Primary care groups (PCGs)",
    "primary_care_trusts": "Primary care trusts (PCTs)",
    "strategic_health_authorities": "Strategic health authorities (SHAs)",
    "clinical_commissioning_groups": "Clinical commissioning groups (CCGs)",
    "ccgs_with_delegated_primary_care": "CCGs with delegated primary care commissioning",
    "commissioning_support_units": "Commissioning support units",
    "nhs_england_regions": "NHS England regions",
    "nhs_england_area_teams": "NHS England area teams",
    "health_and_wellbeing_boards": "Health and wellbeing boards",
    "integration_pioneers": "Integration pioneers",
    "vanguards": "New care model vanguards",
    "sustainability_and_transformation_partnerships": "STP footprints and partnerships",
    "integrated_care_systems": "Integrated care systems (ICSs)",
    "integrated_care_boards": "Integrated care boards (ICBs)",
    "icb_clusters": "ICB clusters (shared leadership teams)",
    "primary_care_networks": "Primary care networks (PCNs)",
    "neighbourhood_health_implementation_sites": "Neighbourhood health implementation sites",
}

#: Events (by id) marked as big switches on the counts figure besides the start of each era.
#: Only ids live here: their dates and titles are read from events.csv.
SWITCH_EVENT_IDS = ("devolution-day-2002",)

#: The keyword rules behind "what repeats": a theme, what it means, and the words that put an
#: event in it when they appear in its title or summary (case-insensitive).
REPEAT_THEMES = (
    ("integration", "Joining up health and care (integration)",
     ("integrat", "joined up", "joined-up", "joining up", "join up", "joining health",
      "joint commissioning", "pooled", "pooling")),
    ("gp_led", "GP-led commissioning",
     ("fundhold", "total purchasing", "primary care group", "practice-based commissioning",
      "indicative commissioning budget", "consortia of gp", "clinical commissioning group",
      "co-commission", "delegated commissioning", "ccgs")),
)

ALL = "all"
STATUS_SYMBOLS = {"settled": "circle", "provisional": "diamond-open"}
STATUS_COLOURS = {"settled": style.OKABE_ITO[0], "provisional": style.OKABE_ITO[5]}
STATUS_NAMES = {"settled": "Settled", "provisional": "Provisional (still changing)"}
ERA_LANE = "Era: who commissioned"
NOT_COUNTS = ("gp_fundholders_population_share",)  # percentages, not counts of bodies

#: The landmark events the timeline names on the figure (every other event is on hover).
#: The rule: the three Acts that changed who commissioned (1990, 2012, 2022); the days the new
#: arrangements started (the internal market 1991, primary care groups 1999, primary care
#: trusts everywhere 2002, CCGs 2013, primary care networks 2019, ICBs 2022); and the 2025-26
#: changes to who commissions (NHS England's abolition, the 10 Year Plan, ICB mergers). Each id must be in
#: data/events.csv (tests check); the short label names the event in fewer words than its title
#: says, and says nothing the title and summary do not.
LANDMARKS = {
    "nhscca-1990": "NHS and Community Care Act",
    "first-nhs-trusts-1991": "Internal market begins",
    "pcgs-live-1999": "Primary care groups go live",
    "devolution-day-2002": "'Devolution Day': 303 PCTs",
    "hsca-2012": "Health and Social Care Act",
    "switch-2013": "CCGs and NHS England take over",
    "pcns-live-2019": "Primary care networks begin",
    "hca-2022": "Health and Care Act",
    "icbs-live-2022": "42 ICBs replace CCGs",
    "nhse-abolition-announced-2025": "Plan to abolish NHS England",
    "ten-year-plan-2025": "10 Year Health Plan",
    "icb-mergers-2026": "First ICB mergers",
}

#: The era names written inside the era bands (the full label is in the hover and the table).
#: Eras not listed here are named by their label.
ERA_SHORT_LABELS = {
    "before_1991": "Until 1991",
    "internal_market": "Internal market, GP fundholding",
    "pcgs_pcts": "Primary care groups, then primary care trusts",
    "ccgs": "Clinical commissioning groups",
    "icss": "ICSs and ICBs",
}

#: The counts figure's panels, one per tier of body, top to bottom: (title, org_types).
#: Every org_type in org_counts (except NOT_COUNTS) must be in exactly one panel (tests check);
#: a type missing here goes in a last panel, "Other bodies".
COUNT_PANELS = (
    ("National and regional oversight",
     ("regional_health_authorities", "strategic_health_authorities", "nhs_england_regions",
      "nhs_england_area_teams")),
    ("Area commissioners (and their support units)",
     ("district_health_authorities", "family_health_services_authorities", "health_authorities",
      "primary_care_trusts", "clinical_commissioning_groups", "commissioning_support_units",
      "integrated_care_boards", "icb_clusters")),
    ("GP-led commissioning and practice groups",
     ("gp_fundholding_practices", "gp_fundholders", "primary_care_groups",
      "ccgs_with_delegated_primary_care", "primary_care_networks")),
    ("Partnerships and pilots for joining up care",
     ("health_and_wellbeing_boards", "integration_pioneers", "vanguards",
      "sustainability_and_transformation_partnerships", "integrated_care_systems",
      "neighbourhood_health_implementation_sites")),
)
#: At most this many lines share a panel.
MAX_PER_PANEL = 8
