"""Stakeholder arguments: who argued what, side by side, and where a trainee stands.

Four widgets over ``stakeholders.csv``, ``themes.csv``, ``arguments.csv`` and ``positions.csv``,
one module each, over one module of data joins:

- ``joins``: :class:`ArgumentData`, the four tables joined and cached (:func:`load_argument_data`).
- ``dates``: each argument's date at its own precision, and the one anchor day that places it in
  an era (a year or month by its middle, a window by its start).
- ``labels``: group labels, colours and symbols, the two axes, the consultation's answer choices.
- ``cards``: escaped HTML for one argument, one voice and one theme.
- ``explorer``: :class:`ArgumentExplorer` (a theme or a voice; filter by era and group).
- ``tables``: the fixed views (themes, consultation questions, voices, quotes, source limits).
- ``comparison``: :class:`VoiceComparison` (two voices on every theme they both address).
- ``positions``: :class:`PositionMap` (the placed voices on two named axes).
- ``stand``: :class:`WhereDoYouStand` (the trainee's answers and the learning-log entry).
- ``log``: the learning-log store (save with read-back, drafts, Binder download, Markdown escaping).

All logic lives in plain methods (``render()``, ``compare()``, ``set_group()``, ``markdown()``,
``save()``) that tests call without a browser. Every text from the data is HTML-escaped
(``helpers.display.esc``) wherever it is rendered. A claim that an article reports
(``speech = reported``) is never shown as a quote: no quotation marks, no blockquote.
"""

from __future__ import annotations

from .labels import (  # noqa: F401
    ALL, GROUP_LABELS, GROUP_COLOURS, GROUP_SYMBOLS, CONSULTATION_ORIGIN, CHOICES,
    AXES, CSS,
)
from .dates import (  # noqa: F401
    date_window, date_anchor, format_date, Period, years_period,
)
from .joins import (  # noqa: F401
    ArgumentData, load_argument_data,
)
from .cards import (  # noqa: F401
    message_html, source_html, words_html, shown_quote, quote_label, argument_html, voice_header_html, voice_card_html,
    theme_header_html, theme_html, voice_html,
)
from .explorer import (  # noqa: F401
    ArgumentExplorer, no_voice_message, resolve_period, era_summary, era_lines,
)
from .tables import (  # noqa: F401
    theme_table_html, show_theme_table, consultation_table_html, show_consultation_table, voices_table_html, show_voices_table,
    quotes_html, show_quotes, source_limits, limits_lines, cited_source_ids,
)
from .comparison import (  # noqa: F401
    compare_voices, compare_html, VoiceComparison, show_comparison,
)
from .positions import (  # noqa: F401
    JITTER_RADIUS, placed_points, hover_text, point_label, position_figure,
    position_summary, show_position_map, PositionMap,
)
from .stand import (  # noqa: F401
    DEFAULT_LOG_FOLDER, LogSaveError, slugify, consultation_questions, WhereDoYouStand,
)
from ..display import esc  # noqa: F401,E402  (tests and callers use arguments.esc)
