"""``helpers.data.clear_cache()`` refreshes every view built from the data, not only the tables.

Each test edits a copy of the data in place, keeping the file's size and modification time (as a
quick editor save or a restored file can), so only the explicit reload can show the change.
"""

from __future__ import annotations

import os

from helpers import arguments, data, timeline
from helpers.patch import lineage


def _same_size_edit(path, old: str, new: str) -> None:
    assert len(old.encode()) == len(new.encode())
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


def _stances(folder):
    return {a["stance"] for a in arguments.load_argument_data(folder).arguments}


def test_clear_cache_refreshes_the_argument_join(data_copy):
    data.clear_cache()
    first = arguments.load_argument_data(data_copy).arguments[0]
    stance = first["stance"]
    changed = "Z" + stance[1:]
    assert _stances(data_copy) and stance in _stances(data_copy)
    _same_size_edit(data_copy / "arguments.csv", stance, changed)
    data.clear_cache()
    assert changed in _stances(data_copy)
    data.clear_cache()


def test_clear_cache_refreshes_the_timeline_figure(data_copy):
    data.clear_cache()
    title = data.load_events(data_copy)["title"].iloc[0]
    before = str(timeline.timeline_figure(data_dir=data_copy)[0].to_plotly_json())
    changed = "Z" + title[1:]
    assert changed not in before
    _same_size_edit(data_copy / "events.csv", title, changed)
    data.clear_cache()
    after = str(timeline.timeline_figure(data_dir=data_copy)[0].to_plotly_json())
    assert changed in after
    data.clear_cache()


def test_clear_cache_refreshes_the_lineage_view(data_copy):
    data.clear_cache()
    folder = data_copy / "derived"
    name = "NHS Darlington"
    fig, _ = lineage.lineage_figure("QHM", folder=folder)
    assert any(name in h for h in fig.data[0].node.customdata)
    _same_size_edit(folder / "ccgs.csv", name, "NHS Darlingtun")
    data.clear_cache()
    fig, _ = lineage.lineage_figure("QHM", folder=folder)
    assert any("NHS Darlingtun" in h for h in fig.data[0].node.customdata)
    data.clear_cache()
