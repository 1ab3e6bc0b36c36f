"""The timeline, 1990 to 2027: figures and widgets for notebook ``01_timeline``.

Everything shown comes from ``data/`` (events, eras, sources, org_counts, glossary). One module per view:

- ``dates``: dates shown at the precision of the data ("April 2013", "2013").
- ``labels``: the category, organisation and status labels and colours.
- ``events``: the events joined with their sources and eras (cached), the shared figure cache.
- ``figure``: :func:`timeline_figure` (eras as bands, events as markers) and the eras table.
- ``explorer``: :class:`TimelineExplorer` (filters, one figure updated in place, event detail).
- ``counts``: :func:`counts_figure` and :class:`CountsView` (bodies of each type over time).
- ``repeats``: :func:`what_repeats` (the keyword rules in :data:`REPEAT_THEMES`).
- ``page``: the glossary, the "accurate as of" line, solutions computed from the data, references.

A date known only to the month or year is plotted at the start of that period, but no hover text
or label shows more than the data holds. Importing this package is cheap: pandas, plotly and
ipywidgets are imported inside functions, and the tables are read (once, cached) by
:mod:`helpers.data` when first needed.
"""

from __future__ import annotations

from .dates import (  # noqa: F401
    MONTHS, format_date, date_start, date_end,
)
from .labels import (  # noqa: F401
    CATEGORY_LABELS, ORG_LABELS, SWITCH_EVENT_IDS, REPEAT_THEMES, ALL, STATUS_SYMBOLS,
    STATUS_COLOURS, STATUS_NAMES, ERA_LANE, NOT_COUNTS,
)
from .events import (  # noqa: F401
    clear_cache, events_frame,
)
from .figure import (  # noqa: F401
    timeline_summary, timeline_figure, eras_table_html, show_eras, show_timeline,
)
from .explorer import (  # noqa: F401
    events_table_html, event_detail_html, TimelineExplorer,
)
from .counts import (  # noqa: F401
    counts_frame, switch_dates, counts_figure, CountsView, show_counts, show_disagreements,
    disagreements_html,
)
from .repeats import (  # noqa: F401
    repeats_frame, repeats_by_decade, what_repeats, repeats_rules_html, repeats_html, show_repeats,
    show_repeats_list,
)
from .page import (  # noqa: F401
    glossary_html, show_glossary, accuracy_line, solution, SOLUTIONS,
    source_ids_used, show_references,
)
