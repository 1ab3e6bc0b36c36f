"""The timeline figures and widgets (helpers.timeline), driven from Python without a browser."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from helpers import data, style, timeline
from helpers.display import esc
from helpers.timeline import count_panels, figure as figure_mod, layout as layout_mod
from helpers.timeline.labels import ERA_SHORT_LABELS, LANDMARKS

from . import timeline_data
from .in_place import sent_figure

ODD = ["(", "[", "*", "\\", "<script>alert(1)</script>", "&", '"', "'", "a(b", "[x]*", ".*", "$^|"]
MONTH_NAMES = "|".join(timeline.MONTHS)


@pytest.fixture
def synth(tmp_path):
    return timeline_data.write(tmp_path / "data")


def event_traces(fig):
    return [t for t in fig.data if t.meta == "events"]


def hover_date_line(hover: str) -> str:
    """The date line: the first line after the (bold, possibly wrapped) title."""
    return hover.split("</b><br>", 1)[1].split("<br>")[0].split(" · ")[0]


# -- dates at their precision --------------------------------------------------

@pytest.mark.parametrize("value, precision, text", [
    ("2013-04-01", "day", "1 April 2013"),
    ("2020-11-26", "day", "26 November 2020"),
    ("2013-04", "month", "April 2013"),
    ("2013", "year", "2013"),
    ("2020-11-26/2021-01-08", "range", "between 26 November 2020 and 8 January 2021"),
    ("2021-04/2022-06", "range", "between April 2021 and June 2022"),
    ("", "day", ""),
    (None, "day", ""),
])
def test_format_date_never_adds_precision(value, precision, text):
    assert timeline.format_date(value, precision) == text


def test_format_date_refuses_a_mismatched_precision():
    with pytest.raises(ValueError, match="precision"):
        timeline.format_date("2013-04", "day")


def test_period_start_and_end():
    assert str(timeline.date_start("2013-04")) == "2013-04-01"
    assert str(timeline.date_end("2013-02")) == "2013-02-28"
    assert str(timeline.date_end("2013-12")) == "2013-12-31"
    assert str(timeline.date_end("2013")) == "2013-12-31"
    assert str(timeline.date_start("2020-11-26/2021-01")) == "2020-11-26"
    assert str(timeline.date_end("2020-11-26/2021-01")) == "2021-01-31"


def test_import_is_cheap():
    code = ("import sys, helpers.timeline, helpers.quiz; "
            "print(sorted(m for m in ('pandas', 'plotly', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- the timeline figure (real data) -------------------------------------------

def test_timeline_figure_shows_every_event_and_passes_the_style_check():
    events = data.load_events()
    fig, summary = timeline.timeline_figure()
    assert style.check_figure(fig) == []
    shown = [eid for t in event_traces(fig) for eid in t.customdata]
    assert sorted(shown) == sorted(events["event_id"])
    assert "\n" not in summary and summary.startswith(f"{len(events)} events from ")
    # the era lane has one bar per era inside the plotted range, each named on the figure
    eras = data.load_eras().set_index("era_id")
    bars = [t for t in fig.data if t.meta == "eras"][0]
    names = {a.name.split(":", 1)[1]: a for a in fig.layout.annotations if (a.name or "").startswith("era:")}
    assert len(names) == len(bars.base) and set(names) <= set(eras.index)
    for era_id, note in names.items():
        era = eras.loc[era_id]
        written = note.text.replace("<br>", " ")
        assert written in {esc(era["label"]), esc(ERA_SHORT_LABELS.get(era_id, ""))}
        hover = next(h for h in bars.hovertext if esc(era["gp_commissioner"][:20]) in h)
        assert "General practice commissioned by" in hover
    landmarks = [a for a in fig.layout.annotations if (a.name or "").startswith("landmark:")]
    assert len(fig.layout.shapes) == len(bars.x) + len(landmarks)  # a band per era, a leader per label


def test_the_landmarks_are_named_on_the_figure_without_overlapping(figure_scale):
    events = timeline.events_frame().set_index("event_id")
    assert set(LANDMARKS) <= set(events.index)  # every landmark is a real event
    fig, _ = timeline.timeline_figure()
    notes = {a.name.split(":", 1)[1]: a for a in fig.layout.annotations if (a.name or "").startswith("landmark:")}
    assert set(notes) == set(LANDMARKS)
    for eid, note in notes.items():
        assert note.text == esc(LANDMARKS[eid]) and note.x == events.loc[eid, "start"].date().isoformat()
        assert note.font.size >= 12 and esc(events.loc[eid, "title"]) in note.hovertext
    placed = figure_mod.landmark_layout(timeline.events_frame(), figure_mod._x_range(
        timeline.events_frame(), data.load_eras()))
    for i, a in enumerate(placed):  # at the laptop design width no two labels touch
        assert 0 <= a["box"][0] and a["box"][2] <= figure_mod.plot_width() + 1
        for b in placed[i + 1:]:
            assert not layout_mod.overlaps(a["box"], b["box"]), (a["text"], b["text"])


def test_every_era_name_fits_its_band_at_laptop_width(figure_scale):
    ev = timeline.events_frame()
    eras = data.load_eras()
    xr = figure_mod._x_range(ev, eras)
    scale = layout_mod.Scale(xr, figure_mod.plot_width())
    for band in figure_mod._era_bands(eras, xr):
        room = scale.px(band["b"]) - scale.px(band["a"])
        lines = figure_mod.era_label_lines(band["era"], room)
        assert 1 <= len(lines) <= 2
        assert all(layout_mod.text_width(t, figure_mod.ERA_FONT) <= room for t in lines), (band["era"]["era_id"], lines)


def test_stagger_never_overlaps_and_always_ends():
    # a crowd of wide labels at nearly the same date still gets rows, with no two boxes touching
    items = [{"x": 600 + i, "w": 150, "text": str(i)} for i in range(12)] + [{"x": 10, "w": 300}]
    placed = layout_mod.stagger(items, 700, 20)
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            assert not layout_mod.overlaps(a["box"], b["box"])
    assert max(p["row"] for p in placed) <= len(items)


def test_hover_never_shows_more_precision_than_the_data():
    fig, _ = timeline.timeline_figure()
    events = timeline.events_frame().set_index("event_id")
    checked = set()
    for trace in event_traces(fig):
        for eid, hover in zip(trace.customdata, trace.hovertext):
            row = events.loc[eid]
            line = hover_date_line(hover)
            assert line == esc(timeline.format_date(row["date"], row["date_precision"]))
            if row["date_precision"] == "month":
                assert not re.match(r"^\d{1,2} ", line), line
            if row["date_precision"] == "year":
                assert re.fullmatch(r"\d{4}", line), line
            assert not re.search(r"\d{4}-\d{2}", line)  # never an ISO date
            checked.add(row["date_precision"])
    assert {"day", "month", "year"} <= checked


def test_provisional_events_look_different_and_say_as_of_when():
    fig, _ = timeline.timeline_figure()
    events = data.load_events().set_index("event_id")
    traces = {t.name: t for t in event_traces(fig)}
    prov, settled = traces[timeline.STATUS_NAMES["provisional"]], traces[timeline.STATUS_NAMES["settled"]]
    assert prov.marker.symbol.endswith("-open") and not settled.marker.symbol.endswith("-open")
    assert prov.marker.color != settled.marker.color
    for eid, hover in zip(prov.customdata, prov.hovertext):
        row = events.loc[eid]
        assert row["status"] == "provisional"
        assert f"Provisional, as of {timeline.format_date(row['as_of'], row['as_of_precision'])}" in hover
    assert all("Provisional" not in h for h in settled.hovertext)
    assert all(events.loc[e, "status"] == "settled" for e in settled.customdata)


def test_hover_cites_the_source_titles():
    fig, _ = timeline.timeline_figure()
    sources = data.load_sources().set_index("source_id")
    events = data.load_events().set_index("event_id")
    trace = event_traces(fig)[0]
    for eid, hover in list(zip(trace.customdata, trace.hovertext))[:10]:
        first_title = sources.loc[events.loc[eid, "source_ids"][0], "title"]
        assert "<i>Sources:</i>" in hover
        assert esc(first_title.split()[0]) in hover


# -- the timeline on synthetic data ---------------------------------------------

def test_synthetic_timeline_escapes_and_keeps_precision(synth):
    fig, summary = timeline.timeline_figure(data_dir=synth)
    assert style.check_figure(fig) == []
    hovers = {e: h for t in event_traces(fig) for e, h in zip(t.customdata, t.hovertext)}
    assert "<script>" not in hovers["ev-hostile"] and "&lt;script&gt;" in hovers["ev-hostile"]
    assert hover_date_line(hovers["ev-month"]) == "April 2013"
    assert hover_date_line(hovers["ev-year"]) == "1996"
    assert hover_date_line(hovers["ev-range"]) == "between 26 November 2020 and 8 January 2021"
    # month and year events are plotted at the start of their period
    xs = {e: x for t in event_traces(fig) for e, x in zip(t.customdata, t.x)}
    assert xs["ev-month"] == "2013-04-01" and xs["ev-year"] == "1996-01-01"
    assert "1 still provisional" in summary and "23 June 2026" in summary
    assert summary.startswith("6 events from 1996 to 2026, in 3 eras")


def test_events_table_and_detail_escape_everything(synth):
    ev = timeline.events_frame(synth)
    html = timeline.events_table_html(ev, synth)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Source A &lt;b&gt;bold&lt;/b&gt;" in html and "Publisher &amp; Co" in html
    assert 'href="https://example.org/a?x=1&amp;y=2"' in html
    detail = timeline.event_detail_html("ev-month", synth)
    assert "April 2013" in detail and "2013-04" not in detail.replace("https://", "")
    for title, publisher, when in (("Source A &lt;b&gt;bold&lt;/b&gt;", "Publisher &amp; Co", "April 2013"),
                                   ("Source B", "Publisher B", "2001")):
        assert f"{title}. {publisher}, {when}." in detail
    assert 'href="https://example.org/b"' in detail
    assert "No event called <code>&lt;x&gt;</code>" in timeline.event_detail_html("<x>", synth)


def test_eras_table_comes_from_the_data(synth):
    html = timeline.eras_table_html(synth)
    assert "Era three &lt;i&gt;" in html and "GP body three &amp; more" in html
    assert "continuing" in html and "1995" in html and "31 December 2000" in html


# -- the explorer -----------------------------------------------------------------

@pytest.fixture(scope="module")
def explorer():
    return timeline.TimelineExplorer()


def test_explorer_starts_with_everything(explorer):
    assert len(explorer.matches) == len(data.load_events())
    assert explorer.shown == "figure"
    assert style.check_figure(explorer.figure) == []
    assert len(explorer.pick.options) == len(explorer.matches)
    assert explorer.detail.value.startswith('<div class="juc-event">')


def test_filter_that_matches_updates_the_same_figure(explorer):
    fig = explorer.figure
    explorer.clear()
    explorer.category.value = ("legislation",)
    ids = {e for t in event_traces(explorer.figure) for e in t.customdata}
    events = data.load_events().set_index("event_id")
    assert explorer.figure is fig
    assert ids and all(events.loc[e, "category"] == "legislation" for e in ids)
    assert ids == set(explorer.matches["event_id"])
    assert f"{len(ids)} of {len(events)} events" in explorer.status.value
    shown = sent_figure(explorer.plot)  # sent to the plot already drawn (Plotly.react)
    assert explorer.plot.script.outputs and shown == explorer.plot.shown["application/vnd.plotly.v1+json"]
    assert sorted(e for t in shown["data"] if t.get("meta") == "events" for e in t["customdata"]) == sorted(ids)
    assert explorer.table.value.count("<tr>") == 1 + len(ids)
    assert style.check_figure(explorer.figure) == []
    explorer.clear()
    assert len(explorer.matches) == len(events) and explorer.figure is fig


def test_filter_that_matches_nothing_says_so_once_with_no_empty_figure(explorer):
    fig = explorer.figure
    explorer.clear()
    explorer.text.value = "zzqx no such words"
    assert explorer.figure is fig
    assert explorer.matches.empty
    assert explorer.shown.startswith("No events match")
    shown = explorer.status.value + explorer.table.value + str(explorer.out.outputs)
    assert shown.count("No events match") == 1 and "No events match" in explorer.status.value
    assert explorer.out.outputs == () and explorer.bundle() == {}  # no empty box, no empty figure
    assert explorer.table.value == ""
    assert explorer.pick.options == () and explorer.detail.value == ""
    explorer.clear()
    assert explorer.shown == "figure" and len(event_traces(fig)) >= 1
    assert "application/vnd.plotly.v1+json" in explorer.bundle()
    assert not any("No events match" in (a.text or "") for a in fig.layout.annotations)
    assert len(explorer.out.outputs) == 1 and "application/vnd.plotly.v1+json" in explorer.out.outputs[0]["data"]


def test_empty_category_selection_matches_nothing(explorer):
    explorer.clear()
    explorer.category.value = ()
    assert explorer.matches.empty and "Choose at least one kind" in explorer.shown
    explorer.clear()


@pytest.mark.parametrize("text", ODD)
def test_free_text_with_odd_characters_is_literal_and_escaped(explorer, text):
    explorer.clear()
    explorer.text.value = text
    events = timeline.events_frame()
    hay = (events["title"] + " " + events["summary"]).str.casefold()
    expected = {e for e, h in zip(events["event_id"], hay) if all(w in h for w in text.casefold().split())}
    assert set(explorer.matches["event_id"]) == expected
    for html in (explorer.status.value, explorer.table.value):
        assert "<script>" not in html
    if not expected:
        assert "No events match" in explorer.status.value and explorer.shown.startswith("No events match")
    assert esc(text.strip()) in explorer.status.value  # the query is echoed, escaped
    explorer.clear()


def test_parenthesis_search_finds_titles_with_brackets(explorer):
    titles = timeline.events_frame()["title"]
    with_paren = {t for t in titles if "(" in t}
    assert with_paren, "the real data has titles with brackets"
    found = set(explorer.filter_events(text="(")["title"])
    assert with_paren <= found


def test_search_is_case_insensitive_and_needs_every_word(explorer):
    a = explorer.filter_events(text="PRIMARY care")
    b = explorer.filter_events(text="primary CARE")
    assert list(a["event_id"]) == list(b["event_id"]) and len(a) > 0
    both = explorer.filter_events(text="primary trusts")
    assert all("primary" in (r.title + r.summary).lower() and "trusts" in (r.title + r.summary).lower()
               for r in both.itertuples())


def test_category_and_era_combinations(explorer):
    events = data.load_events()
    for era in data.load_eras()["era_id"]:
        for cats in (("organisation",), ("legislation", "white_paper"), ("programme", "funding", "contract")):
            got = explorer.filter_events(category=cats, era=era)
            want = events[(events["era"] == era) & events["category"].isin(cats)]
            assert sorted(got["event_id"]) == sorted(want["event_id"]), (era, cats)
    # by era label too, and the widget path gives the same answer
    era = data.load_eras().iloc[-1]
    assert len(explorer.filter_events(era=era["label"])) == (events["era"] == era["era_id"]).sum()
    explorer.clear()
    explorer.era.value = era["era_id"]
    explorer.category.value = ("announcement",)
    want = events[(events["era"] == era["era_id"]) & (events["category"] == "announcement")]
    assert sorted(explorer.matches["event_id"]) == sorted(want["event_id"])
    explorer.clear()


def test_choosing_an_event_shows_it_with_its_sources(explorer):
    explorer.clear()
    events = data.load_events().set_index("event_id")
    sources = data.load_sources().set_index("source_id")
    eid = [e for e in events.index if len(events.loc[e, "source_ids"]) > 1][0]
    explorer.pick.value = eid
    html = explorer.detail.value
    assert esc(events.loc[eid, "title"]) in html
    for sid in events.loc[eid, "source_ids"]:
        s = sources.loc[sid]
        assert esc(s["title"]) in html and esc(s["publisher"]) in html
        assert esc(timeline.format_date(s["date"], s["date_precision"])) in html
        if isinstance(s["url"], str) and s["url"]:
            assert f'href="{esc(s["url"])}"' in html


def test_explorer_on_synthetic_data_escapes_hostile_titles(synth):
    ex = timeline.TimelineExplorer(data_dir=synth)
    ex.text.value = "alert(1)"
    assert list(ex.matches["event_id"]) == ["ev-hostile"]
    assert "<script>" not in ex.table.value and "&lt;script&gt;" in ex.table.value
    assert "<script>" not in ex.detail.value
    assert ex.pick.options[0] == (f"30 June 2015: {timeline_data.HOSTILE}", "ev-hostile")  # plain text label
    ex.text.value = ""
    ex.era.value = "ccgs"
    ex.category.value = ("policy", "legislation")
    assert sorted(ex.matches["event_id"]) == ["ev-month", "ev-prov"]
    ex.era.value = "before_1991"
    assert ex.matches.empty and "No events match" in ex.shown and "Era one" in ex.shown


# -- organisation counts ---------------------------------------------------------

def test_counts_figure_has_a_trace_per_org_type_and_passes_the_style_check():
    fig, summary = timeline.counts_figure()
    oc = data.load_org_counts()
    types = set(oc["org_type"]) - set(timeline.NOT_COUNTS)
    lines = {t.meta for t in fig.data if ":" not in t.meta}
    assert lines == types
    assert style.check_figure(fig) == []
    for t in fig.data:
        if ":" not in t.meta:
            assert t.name == timeline.ORG_LABELS.get(t.meta, t.meta) and t.line.shape == "hv"
    assert "\n" not in summary and f"{len(oc[oc['org_type'].isin(types)])} dated counts" in summary


def test_counts_are_in_panels_by_tier_with_every_line_named_at_its_end(figure_scale):
    fig, summary = timeline.counts_figure()
    oc = timeline.counts_frame()
    types = list(dict.fromkeys(oc["org_type"]))
    panels = count_panels.panels_for(types)
    members = [t for _, ts in panels for t in ts]
    assert sorted(members) == sorted(types) and all(len(ts) <= 8 for _, ts in panels)
    assert f"in {len(panels)} panels by tier" in summary
    assert not fig.layout.showlegend  # the lines are named on the figure, not in a legend
    ends = {a.name.split(":", 1)[1]: a for a in fig.layout.annotations if a.name.startswith("end:")}
    assert set(ends) == set(types)
    for t in fig.data:
        if ":" in t.meta:
            continue
        note = ends[t.meta]
        assert note.x == t.x[-1] and f"{int(t.y[-1]):,}" in note.text and note.yref == ("y" + t.yaxis[1:])
        assert timeline.ORG_LABELS[t.meta].split(" ")[0] in note.text
    for log in (False, True):  # in each panel, labels at the same date never sit on each other
        f, _ = timeline.counts_figure(log=log)
        seen = {}
        for a in f.layout.annotations:
            if a.name.startswith("end:"):
                rng = f.layout[a.yref.replace("y", "yaxis")].range
                px = (a.y - rng[0]) / (rng[1] - rng[0]) * count_panels.PANEL_PX
                for other in seen.get((a.yref, a.x), []):
                    assert abs(px - other) >= 14.9, (a.name, log)
                seen.setdefault((a.yref, a.x), []).append(px)


def test_end_labels_are_pushed_apart_and_stay_in_their_panel(figure_scale):
    lines = [{"org_type": f"t{i}", "label": f"Body {i}", "colour": "#0072B2", "x": "2020-01-01",
              "y": 100 + i} for i in range(5)]
    notes = count_panels.end_labels(lines, ["1990-01-01", "2026-12-31"], [0, 120], log=False)
    px = sorted(n["y"] / 120 * count_panels.PANEL_PX for n in notes)
    assert all(b - a >= 14.9 for a, b in zip(px, px[1:]))  # five labels at nearly one value, apart
    assert 0 <= px[0] and px[-1] <= count_panels.PANEL_PX
    assert all(n["text"].endswith(f"Body {i}: {100 + i}") for i, n in enumerate(notes))


def test_every_count_row_is_shown_and_disagreements_keep_their_notes(synth):
    fig, summary = timeline.counts_figure(data_dir=synth)
    points = sum(len(t.x) for t in fig.data)
    assert points == len(timeline_data.ORG_COUNTS)
    extra = [t for t in fig.data if t.meta == "primary_care_trusts:other-sources"]
    assert len(extra) == 1 and list(extra[0].y) == [151]
    hover = extra[0].hovertext[0]
    assert "Sources disagree" in hover and "second figure &lt;disagrees&gt;" in hover
    assert "as of October 2006" in hover
    agree = [t for t in fig.data if t.meta == "clinical_commissioning_groups:other-sources"][0]
    assert "Several sources give this figure" in agree.hovertext[0]
    assert "on 2 dates more than one source gives a count" in summary
    assert "on 1 of them the sources disagree" in summary


def test_switch_lines_come_from_the_eras_and_events(synth):
    fig, _ = timeline.counts_figure(data_dir=synth)
    xs = [s.x0 for s in fig.layout.shapes]
    assert xs == ["2001-01-01", "2013-04-01"]  # the synthetic eras' starts (no switch events)
    assert [a.text for a in fig.layout.annotations if a.name.startswith("switch:")] == \
        ["1 January 2001", "1 April 2013"]
    real = timeline.switch_dates()
    eras = data.load_eras()
    assert [s["x"] for s in real if s["id"] in set(eras["era_id"])] == \
        [str(timeline.date_start(d)) for d in eras["start"].iloc[1:]]
    events = data.load_events().set_index("event_id")
    for eid in timeline.SWITCH_EVENT_IDS:
        assert eid in events.index
        assert any(s["id"] == eid and s["label"] == timeline.format_date(events.loc[eid, "date"],
                                                                          events.loc[eid, "date_precision"])
                   for s in real)


def test_log_toggle_changes_the_axis_of_the_same_figure():
    view = timeline.CountsView()
    fig = view.figure
    assert fig.layout.yaxis.type == "linear"
    outs = dict(view.plot.outs)
    drawn = {on: out.outputs for on, out in outs.items()}
    axis = lambda out: out.outputs[0]["data"]["application/vnd.plotly.v1+json"]["layout"]["yaxis"]["type"]
    assert {on: axis(out) for on, out in outs.items()} == {False: "linear", True: "log"}  # both drawn
    assert [view.plot.seen(on) for on in (False, True)] == [True, False]
    view.log.value = True
    assert view.figure is fig and fig.layout.yaxis.type == "log"
    assert [view.plot.seen(on) for on in (False, True)] == [False, True]
    assert view.out is outs[True] and axis(view.out) == "log"
    assert {on: out.outputs for on, out in outs.items()} == drawn  # nothing drawn again
    assert "log scale" in fig.layout.yaxis.title.text
    view.set_log(False)
    assert view.figure is fig and fig.layout.yaxis.type == "linear" and view.log.value is False
    assert style.check_figure(fig) == []
    fig2, _ = timeline.counts_figure(log=True)
    assert fig2.layout.yaxis.type == "log"


def test_disagreements_table_lists_each_figure(synth):
    html = timeline.disagreements_html(synth)
    assert html.count('<tr><td style="text-align:left">') == 2 and "150" in html and "151" in html
    assert "second figure &lt;disagrees&gt;" in html


# -- what repeats ----------------------------------------------------------------

def test_what_repeats_shows_only_events_from_the_data():
    fig, summary = timeline.what_repeats()
    assert style.check_figure(fig) == []
    ids = set(data.load_events()["event_id"])
    shown = {e for t in fig.data for e in t.customdata}
    assert shown and shown <= ids
    rf = timeline.repeats_frame()
    for r in rf.itertuples():
        ev = timeline.events_frame().set_index("event_id").loc[r.event_id]
        assert any(w in f"{ev['title']} {ev['summary']}".casefold() for w in r.words.split(", "))
    table = timeline.repeats_by_decade()
    assert table.to_numpy().sum() == len(rf)
    assert "\n" not in summary


def test_what_repeats_uses_the_keyword_rules(synth):
    rf = timeline.repeats_frame(synth)
    themes = {(r.theme, r.event_id) for r in rf.itertuples()}
    assert ("integration", "ev-month") in themes and ("integration", "ev-range") in themes
    assert ("gp_led", "ev-year") in themes and ("gp_led", "ev-month") in themes
    assert ("integration", "ev-day") not in themes and ("gp_led", "ev-day") not in themes
    html = timeline.repeats_html(synth)
    assert "“integrat”" in html and "April 2013: Month-only event" in html


# -- static helpers for the notebook -----------------------------------------------

def test_accuracy_line_uses_the_collection_date_and_latest_as_of(synth):
    import helpers

    line = timeline.accuracy_line(synth)
    assert timeline.format_date(helpers.ACCURATE_AS_OF, "day") in line
    assert "1 events are still provisional" in line and "23 June 2026" in line


def test_solutions_are_computed_from_the_data(synth):
    text = repr(timeline.solution("switches", synth))
    assert "2 switches" in text and "1 January 2001" in text and "GP body two" in text
    prov = repr(timeline.solution("provisional", synth))
    assert "1 events are provisional" in prov and "as of 23 June 2026" in prov
    dis = repr(timeline.solution("disagree", synth))
    assert "150 (Publisher B, 2001); 151 (Publisher &amp; Co, 2013)" in dis or \
        "150 (Publisher B, 2001); 151 (Publisher & Co, 2013)" in dis  # sources by name, not by id
    html = timeline.solution("gp_led", synth)._repr_html_()
    assert html.startswith("<details><summary>Solution</summary>")
    with pytest.raises(KeyError, match="no solution"):
        timeline.solution("nope")
    for name in timeline.SOLUTIONS:  # the real data gives every solution
        assert repr(timeline.solution(name)).startswith("Solution:\n- ")


def test_references_cover_every_source_shown():
    ids = timeline.source_ids_used()
    assert len(ids) == len(set(ids))
    known = set(data.load_sources()["source_id"])
    assert set(ids) <= known
    for t in data.load_events()["source_ids"]:
        assert set(t) <= set(ids)
    assert set(data.load_org_counts()["source_id"]) <= set(ids)
    from helpers.display import references

    assert references(ids).count("<li") == len(ids)


def test_glossary_table_is_escaped(synth):
    html = timeline.glossary_html(synth)
    assert "Glossary (1 terms)" in html and "A made-up definition &amp; more." in html


def test_each_call_gives_a_new_figure_so_widgets_do_not_change_each_other():
    a, _ = timeline.timeline_figure()
    ex = timeline.TimelineExplorer()
    ex.text.value = "ccg"
    assert 0 < sum(len(t.x) for t in event_traces(ex.figure)) < len(data.load_events())
    b, _ = timeline.timeline_figure()
    assert b is not a and b is not ex.figure
    assert sum(len(t.x) for t in event_traces(b)) == len(data.load_events())
    assert b.to_dict() == a.to_dict()
    c1, _ = timeline.counts_figure()
    view = timeline.CountsView()
    view.set_log(True)
    c2, _ = timeline.counts_figure()
    assert c2.layout.yaxis.type == "linear" and c1.to_dict() == c2.to_dict()
