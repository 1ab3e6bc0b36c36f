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
