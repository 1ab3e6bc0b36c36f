"""Which era, period and structures each era notebook covers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EraNotebook:
    notebook: str               # e.g. "03_ccgs"
    structure_eras: tuple       # era ids in structure_eras.csv, in order
    window: tuple[str, str]     # ISO dates: events from .. to (inclusive)
    topics: tuple[str, ...]     # words; an event in the window is shown if its id or title has one
    org_types: tuple[str, ...]  # org_counts.csv types the notebook shows
    voices_era: str | None      # timeline era for the argument explorer, or
    voices_years: tuple[int, int] | None  # a window of years
    context_eras: tuple = ()    # structure eras another notebook owns that this one discusses (09: icss)


NOTEBOOKS: dict[str, EraNotebook] = {
    nb.notebook: nb for nb in (
        EraNotebook(
            "02_fundholding_pcgs_pcts", ("internal_market", "pcgs", "pcts"),
            ("1990-01-01", "2013-03-31"), (),
            ("regional_health_authorities", "district_health_authorities",
             "family_health_services_authorities", "gp_fundholding_practices", "gp_fundholders",
             "health_authorities", "primary_care_groups", "primary_care_trusts",
             "strategic_health_authorities"),
            "pcgs_pcts", None),
        EraNotebook(
            "03_ccgs", ("ccgs",), ("2010-01-01", "2022-07-01"),
            ("equity", "forum", "listening", "hsca", "health and social care act", "nhscb",
             "commissioning board", "switch", "area-team", "hwb", "cocommissioning",
             "co-commissioning", "ccg", "hca-2022", "icbs-live"),
            ("clinical_commissioning_groups", "nhs_england_area_teams",
             "health_and_wellbeing_boards", "ccgs_with_delegated_primary_care",
             "commissioning_support_units"),
            None, (2010, 2022)),
        EraNotebook(
            "04_pioneers_vanguards_stps", ("stps",), ("2013-01-01", "2019-12-31"),
            ("shared-commitment", "pioneer", "bcf", "better care", "fyfv", "forward view",
             "vanguard", "stp", "sustainability", "acs", "accountable care", "ics",
             "integrated care system", "long-term-plan"),
            ("integration_pioneers", "vanguards", "sustainability_and_transformation_partnerships",
             "integrated_care_systems", "health_and_wellbeing_boards"),
            None, (2013, 2019)),
        EraNotebook(
            "05_primary_care_networks", ("pcns",), ("2019-01-01", "2026-12-31"),
            ("gp-contract", "gp contract", "long-term-plan", "pcn", "primary care network",
             "fuller", "icbs-live", "ten-year-plan"),
            ("primary_care_networks",),
            None, (2019, 2026)),
        EraNotebook(
            "06_integrated_care_systems", ("icss",), ("2020-01-01", "2026-12-31"),
            ("integrating-care", "next steps", "white-paper", "white paper", "health-care-bill",
             "hca-2022", "icb", "ics", "fuller", "hewitt", "nhse", "nhs england", "ten-year",
             "10 year", "health-bill", "mackey", "blueprint", "cluster", "merger"),
            ("integrated_care_systems", "integrated_care_boards", "icb_clusters",
             "sustainability_and_transformation_partnerships"),
            None, (2020, 2026)),
        EraNotebook(
            "09_general_practice_now", (), ("2025-01-01", "2027-12-31"), (),
            ("integrated_care_boards", "icb_clusters", "primary_care_networks",
             "neighbourhood_health_implementation_sites"),
            None, (2022, 2026), context_eras=("icss",)),
    )
}


def notebook(nb: str) -> EraNotebook:
    """The era notebook ``nb`` ("03", "03_ccgs" or "03_ccgs.ipynb"); unknown names raise ValueError."""
    key = str(nb).strip().removesuffix(".ipynb")
    for name, spec in NOTEBOOKS.items():
        if key == name or key == name[:2]:
            return spec
    raise ValueError(f"unknown era notebook {nb!r}; choose one of: {', '.join(NOTEBOOKS)}")
