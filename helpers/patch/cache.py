"""Empty every cache the patch views keep (after the derived tables change)."""

from __future__ import annotations

from .. import data as _data_layer
from .finder import _cards
from .joins import _practice_tables, _tables
from .lineage import _lineage_view
from .map_view import _drawn_bundle, _name_labels, _outline
from .maps import (_areas_by_icb, _base_spec, _records, _bundle, _chosen, _footprints, _layer, _lettered, _props_by_code, _summary,
                   highlight_label, highlight_marker)
from .pcn_sizes import _pcn_view
from .reforms import _events
from .search import _index, _rows
from .story import _by_code, _history, _lookups, _names, _sources, _story_html


def clear_cache() -> None:
    _tables.cache_clear()
    _practice_tables.cache_clear()
    _index.cache_clear()
    _rows.cache_clear()
    _events.cache_clear()
    _lineage_view.cache_clear()
    _pcn_view.cache_clear()
    _cards.clear()
    for cached in (_layer, _footprints, _base_spec, _summary, _bundle, _history, _sources, _names, _lookups, _story_html,
                   _props_by_code, _lettered, _areas_by_icb, _records, _chosen, highlight_label, highlight_marker, _name_labels, _drawn_bundle,
                   _outline, _by_code):
        cached.cache_clear()


_data_layer.on_clear(clear_cache)
