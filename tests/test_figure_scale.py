"""The presenter's ``--scale`` reaches the figures (issue 19).

The presenter's kernels get its scale as ``JUC_FIGURE_SCALE``; every figure then has every font
size, its height and its margins multiplied by it (``helpers.style.scale_spec``), and the figures
that place their own labels lay them out for the width the presenter leaves. Without the
variable (JupyterLab, the offline pages, handouts, these tests) every figure is as before.
The figures read here are the ones each notebook shows when it opens, cell outputs and widgets
alike, as its kernel sends them (tests/notebook_figures.py); the label-overlap tests of
test_timeline.py and test_structure.py run at both scales (the ``figure_scale`` fixture).
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys

import pytest

from helpers import data, style, timeline
from helpers.timeline import figure as figure_mod, layout as layout_mod

from .conftest import ROOT

MIME = "application/vnd.plotly.v1+json"
SCALE = 1.6


@pytest.fixture(scope="module")
def shown(tmp_path_factory) -> dict:
    """``{None: figures, 1.6: figures}``: every notebook's figures without and with the scale."""
    out = tmp_path_factory.mktemp("figures")
    procs = {}
    for scale in (None, SCALE):
        env = {k: v for k, v in os.environ.items() if k != style.SCALE_VARIABLE}
        if scale:
            env[style.SCALE_VARIABLE] = str(scale)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
        target = out / f"{scale}.json"
        procs[scale] = (target, subprocess.Popen([sys.executable, "-m", "tests.notebook_figures", str(target)],
                                                 cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
    found = {}
    for scale, (target, proc) in procs.items():
        log, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, log.decode(errors="replace")[-3000:]
        found[scale] = json.loads(target.read_text(encoding="utf-8"))
    return found


def _fonts(obj, path=()):
    """``{path: size}`` of every font size in a plotly spec (a ``...font`` dict's ``size``)."""
    found = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "template":
                continue
            if k.endswith("font") and isinstance(v, dict) and "size" in v:
                found[(*path, k)] = v["size"]
            found.update(_fonts(v, (*path, k)))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            found.update(_fonts(v, (*path, i)))
    return found


def _times(v):
    return [_times(x) for x in v] if isinstance(v, list) else round(v * SCALE, 2)


def _pairs(shown):
    for name, figures in shown[None].items():
        scaled = shown[SCALE][name]
        assert [w for w, _ in figures] == [w for w, _ in scaled], name
        for (where, plain), (_, big) in zip(figures, scaled):
            assert plain["layout"]["title"]["text"] == big["layout"]["title"]["text"], name
            yield f"{name} ({where}): {plain['layout']['title']['text'][:50]}", plain, big


def test_the_notebooks_show_their_figures_and_without_the_scale_they_are_the_committed_ones(shown):
    counts = {name: len(figures) for name, figures in shown[None].items()}
    # 01: the timeline explorer and the counts view's two scales (both drawn as the page opens);
    # 08: the lineage explorer, the PCN sizes and the map, each a widget shown once
    assert counts["01_timeline.ipynb"] == 4 and counts["08_your_patch.ipynb"] == 3 and sum(counts.values()) >= 18
    for name, figures in shown[None].items():
        nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
        committed = [o["data"][MIME] for c in nb["cells"] if c["cell_type"] == "code"
                     for o in c.get("outputs", []) if MIME in o.get("data", {})]
        cells = [spec for where, spec in figures if where == "cell"]
        assert [json.dumps(s, sort_keys=True) for s in cells] == \
            [json.dumps(s, sort_keys=True) for s in committed], f"{name}: a figure differs from its committed output"


def test_with_the_scale_every_font_height_and_margin_of_every_figure_is_scaled(shown):
    checked = 0
    for label, plain, big in _pairs(shown):
        fonts, scaled = _fonts(plain), _fonts(big)
        for path, size in fonts.items():
            assert scaled.get(path) == _times(size), (label, path, size, scaled.get(path))
        layout, big_layout = plain["layout"], big["layout"]
        assert big_layout["font"]["size"] == _times(layout.get("font", {}).get("size", 12)), label
        assert big_layout["hoverlabel"]["font"]["size"] == _times(
            layout.get("hoverlabel", {}).get("font", {}).get("size", 13)), label
        assert big_layout["height"] == _times(layout.get("height", 450)), label
        for side, default in {"l": 80, "r": 80, "t": 100, "b": 80}.items():
            assert big_layout["margin"][side] == _times(layout.get("margin", {}).get(side, default)), (label, side)
        # nothing smaller than the smallest type of the collection (11 px) times the scale
        assert min(v for s in scaled.values() for v in (s if isinstance(s, list) else [s])) >= 11 * SCALE - 0.01, label
        # the rest of the figure is the same: its traces and its words (labels may wrap elsewhere)
        assert [t.get("type") for t in plain["data"]] == [t.get("type") for t in big["data"]], label
        assert [a.get("text", "").replace("<br>", " ") for a in layout.get("annotations", [])] == \
            [a.get("text", "").replace("<br>", " ") for a in big_layout.get("annotations", [])], label
        checked += 1
    assert checked >= 20


def test_a_sankey_keeps_its_labels_a_font_height_apart_when_scaled(shown):
    sankeys = [(label, t, big) for label, _, big in _pairs(shown) for t in big["data"] if t.get("type") == "sankey"]
    assert sankeys
    for label, trace, _ in sankeys:
        assert trace["node"]["pad"] > trace["textfont"]["size"], label


def test_without_the_variable_nothing_is_scaled(monkeypatch):
    monkeypatch.delenv(style.SCALE_VARIABLE, raising=False)
    spec = {"data": [], "layout": {"font": {"size": 14}}}
    assert style.figure_scale() == 1.0 and style.scale_spec(spec) is spec
    assert style.design_width(900) == 900


@pytest.mark.parametrize("value, expected", [("1.6", 1.6), ("", 1.0), ("big", 1.0), ("nan", 1.0),
                                             ("0.1", 0.5), ("10", 4.0), ("1", 1.0)])
def test_the_scale_is_read_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv(style.SCALE_VARIABLE, value)
    assert style.figure_scale() == expected


def test_scale_spec_scales_fonts_everywhere_and_shares_the_data(monkeypatch):
    geo = {"type": "FeatureCollection", "features": []}
    spec = {"data": [{"type": "sankey", "textfont": {"size": 12}, "node": {"pad": 14, "thickness": 14, "label": ["a"]},
                      "hoverlabel": {"font": {"size": 10}}},
                     {"type": "choropleth", "geojson": geo, "colorbar": {"tickfont": {"size": 10}}},
                     {"type": "table", "header": {"font": {"size": [12, 13]}}}],
            "layout": {"title": {"text": "t", "font": {"size": 18}}, "margin": {"l": 60, "pad": 4},
                       "xaxis": {"tickfont": {"size": 12}, "title": {"text": "x", "font": {"size": 14}}},
                       "legend": {"font": {"size": 12}, "title": {"font": {"size": 11}}},
                       "annotations": [{"text": "a", "font": {"size": 13}, "yshift": 12, "borderpad": 1}],
                       "template": {"layout": {"font": {"size": 99}}}}}
    before = json.dumps(spec)
    big = style.scale_spec(spec, 2.0)
    assert json.dumps(spec) == before  # a copy: cached figures are not changed
    assert big["data"][1]["geojson"] is geo  # the large parts are shared, not copied
    assert big["data"][0]["textfont"]["size"] == 24 and big["data"][0]["node"]["pad"] == 28
    assert big["data"][0]["hoverlabel"]["font"]["size"] == 20
    assert big["data"][1]["colorbar"]["tickfont"]["size"] == 20 and big["data"][2]["header"]["font"]["size"] == [24, 26]
    lay = big["layout"]
    assert lay["title"]["font"]["size"] == 36 and lay["xaxis"]["tickfont"]["size"] == 24
    assert lay["xaxis"]["title"]["font"]["size"] == 28 and lay["legend"]["title"]["font"]["size"] == 22
    assert lay["annotations"][0]["font"]["size"] == 26 and lay["annotations"][0]["yshift"] == 24
    assert lay["font"]["size"] == 24 and lay["hoverlabel"]["font"]["size"] == 26  # plotly's defaults, scaled
    assert lay["height"] == 900 and lay["margin"] == {"l": 120, "r": 160, "t": 200, "b": 160, "pad": 8}
    assert lay["template"] is spec["layout"]["template"]


def test_the_presenter_gives_its_kernels_the_scale():
    from helpers.publish import present

    assert present.environment(1.6)[style.SCALE_VARIABLE] == "1.6"
    assert present.environment()[style.SCALE_VARIABLE] == str(present.DEFAULT_SCALE)


@pytest.mark.parametrize("scale", [1.35, SCALE, 2.0])
def test_the_timeline_landmarks_do_not_overlap_as_drawn_in_the_presenter(monkeypatch, scale):
    """The scaled figure itself, measured at the presenter's width: its labels' boxes in px."""
    monkeypatch.setenv(style.SCALE_VARIABLE, str(scale))
    spec = style.figure_bundle(timeline.timeline_figure()[0])[MIME]
    lay = spec["layout"]
    m = lay["margin"]
    x_range = figure_mod._x_range(timeline.events_frame(), data.load_eras())
    width = style.PRESENTER_WIDTH - m["l"] - m["r"]
    scale = layout_mod.Scale(x_range, width)
    y0, y1 = lay["yaxis"]["range"]
    per_unit = (lay["height"] - m["t"] - m["b"]) / (y1 - y0)
    boxes = []
    for a in lay["annotations"]:
        if not a.get("name", "").startswith("landmark:"):
            continue
        size = a["font"]["size"]
        w = layout_mod.text_width(html.unescape(a["text"]), size) + 2 * a.get("borderpad", 0)
        x = scale.px(a["x"])
        x0 = x if a["xanchor"] == "left" else x - w
        bottom = (a["y"] - y0) * per_unit
        boxes.append((a["text"], (x0, bottom, x0 + w, bottom + size * 1.15)))
        assert 0 <= x0 and x0 + w <= width + 1, a["text"]
    assert len(boxes) >= 10
    for i, (name, box) in enumerate(boxes):
        for other, obox in boxes[i + 1:]:
            assert not layout_mod.overlaps(box, obox), (name, other)
