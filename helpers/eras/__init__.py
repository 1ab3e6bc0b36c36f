"""Shared code for the five era notebooks (02 to 06).

Every function reads the tables in ``data/`` (and the derived tables in ``data/derived/``)
and returns a frame, a string or HTML; nothing about the NHS is written here. A notebook can
be named in full (``"03_ccgs"``), with its file name or by its number (``"03"``).

    era_events("03")          # the notebook's events from events.csv (enriched by helpers.timeline)
    era_counts("02")          # the org_counts.csv rows the notebook talks about
    ccg_mergers()             # CCGs on each 1 April, 2013-2022 (derived from ODS files)
    evidence_table("04")      # evidence.csv rows: finding, limits and source
    practice_view("pcns")     # practice_view.csv rows for one structure era
    voices("06")              # the stakeholder argument explorer filtered to the notebook's period
    notebook_sources("05")    # every source id the notebook shows, for its references

One module per view: ``notebooks`` (which notebook covers which era), ``events``, ``counts``,
``programmes`` (pioneers, vanguards, co-commissioning), ``practice``, ``evidence``, ``voices``,
``figures`` (policy figures and PCN sizes), ``panels`` (the folded text-and-HTML panels) and
``references``. Display helpers (``show_*``) wrap these for notebook cells; each has a plain
counterpart that tests call without a browser.
"""

from __future__ import annotations

from .notebooks import (  # noqa: F401
    EraNotebook, NOTEBOOKS, notebook,
)
from .events import (  # noqa: F401
    era_events, provisional_events, events_html, show_events, era_timeline, show_era_timeline,
    provisional_lines, key_events,
)
from .counts import (  # noqa: F401
    era_counts, counts_lines, count_of, ccg_mergers, ccg_mergers_figure, ccg_mergers_summary,
    show_ccg_mergers, ccg_merger_lines, derived_attribution, derived_sources, org_type_lines,
)
from .programmes import (  # noqa: F401
    pioneers_table, pioneer_lines, vanguard_lines, cocommissioning_lines, pioneer_note_lines,
)
from .practice import (  # noqa: F401
    ASPECT_LABELS, practice_view, practice_view_html, show_practice_view, aspect_lines,
)
from .evidence import (  # noqa: F401
    TYPE_LABELS, evidence_table, evidence_html, show_evidence, evidence_summary,
)
from .voices import (  # noqa: F401
    voices, voices_summary, show_voices, consultation_question_lines, voice_selection, selection_note,
    voices_intro_html,
)
from .panels import (  # noqa: F401
    events_panel, practice_view_panel, evidence_panel, bodies_panel, relationships_panel, folded,
    relationship_lines,
)
from .figures import (  # noqa: F401
    policy_figure, policy_figure_lines, pcn_sizes, pcn_size_summary, pcn_sizes_figure, show_pcn_sizes,
)
from .references import (  # noqa: F401
    notebook_sources, show_references,
)
