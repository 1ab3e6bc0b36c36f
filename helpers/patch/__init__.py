"""Your patch: the real organisations behind the story (notebook ``08_your_patch``).

Everything shown comes from the derived tables in ``data/derived/`` (loaded, checked and cached
by :mod:`helpers.data.ods`) and, for the reforms, from ``data/events.csv``. One module per view:

- ``joins``: the derived tables loaded once per folder, the dates and ranges, the attribution lines.
- ``figures``: the one-figure widget base both figure views share.
- ``lineage``: :func:`lineage_figure` and :class:`LineageExplorer` (CCGs into ICBs, as a Sankey).
- ``search``: find an ICB, CCG or PCN by part of a name or a code.
- ``reforms``: the reforms from ``events.csv`` that touched an organisation.
- ``finder``: :func:`details_html` and :class:`Finder` (one organisation's card).
- ``pcn_sizes``: :func:`pcn_size_figure` and :class:`PcnSizeView` (PCN sizes against the range).
- ``maps``: the map layers as plotly figures (:func:`map_spec`), your ICB highlighted;
- ``map_view``: :class:`MapView` (the maps in one widget) and :func:`map_tables_html` (the same as text);
- ``story``: one practice's story from the files (:func:`practice_story`, :class:`PracticeStory`);
- ``page``: the rest of the notebook (counts, the 2026 changes, voices, solutions, references).
- ``cache``: :func:`clear_cache`, which empties every cache above.

Every figure comes with a one-line summary (``(figure, summary)``); every widget keeps its logic
in plain methods that tests call without a browser. Text from the data is HTML-escaped.
Importing this package is cheap: pandas, plotly and ipywidgets are imported inside functions.
"""

from __future__ import annotations

from .joins import (  # noqa: F401
    PCN_RANGE, PCN_RANGE_SOURCES, PCN_SIZE_DATES, ICB_START, CCG_LAST_DAY, KIND_LABELS,
    ALL, MONTHS, day_text, _tables, attribution_lines, attribution_html,
    show_attribution,
)
from .figures import (  # noqa: F401
    _figure_bundle,
)
from .lineage import (  # noqa: F401
    NODE_COLOURS, LINK_COLOUR, lineage_data, lineage_summary, _lineage_view, lineage_figure,
    show_lineage, icb_options, LineageExplorer,
)
from .search import (  # noqa: F401
    _index, search,
)
from .reforms import (  # noqa: F401
    REFORM_RULES, MERGER_WORDS, _events, reforms_for,
)
from .finder import (  # noqa: F401
    details, details_html, show_details, Finder,
)
from .pcn_sizes import (  # noqa: F401
    pcn_sizes, pcn_shares, pcn_summary, pcn_size_figure, show_pcn_sizes, _pcn_view,
    PcnSizeView,
)
from .page import (  # noqa: F401
    ccg_counts_text, icb_changes_html, accuracy_text, print_accuracy, VOICES, voices_html,
    show_voices, counts_comparison_rows, counts_comparison_html, show_counts_comparison, shas_html, show_shas,
    solution_lines, solution, NOTEBOOK_SOURCES, source_ids_used, show_references, show_icb_changes,
    print_ccg_counts,
)
from .cache import (  # noqa: F401
    clear_cache,
)
from .maps import (  # noqa: F401
    LAYERS, map_spec, map_figure, map_summary, map_bundle, icb_for, areas_of,
)
from .map_view import (  # noqa: F401
    MapView, fixed_spec, map_tables_html, show_map_tables, map_attribution_html,
)
from .story import (  # noqa: F401
    practice_story, story_html, story_rows, find_practices, PracticeStory,
)
