"""PlotInPlace: the first figure drawn, later ones sent to the drawn plot, an empty view clearing it;
PlotViews: a few views drawn once, a choice making one visible."""

from __future__ import annotations

import ipywidgets as w

from helpers.plot_in_place import MIME, PlotInPlace

from .in_place import sent_figure


def _bundle(title: str) -> dict:
    return {MIME: {"data": [{"type": "bar", "y": [1, 2]}], "layout": {"title": {"text": title}}},
            "text/plain": f"[Interactive figure: {title}]"}


def test_the_first_figure_is_drawn_and_later_ones_change_it_in_place():
    plot = PlotInPlace()
    assert plot.uid in plot.widget._dom_classes and plot.script.layout.display == "none"
    plot.show(_bundle("one"))
    (drawn,) = plot.out.outputs
    assert drawn["data"] == _bundle("one") and plot.script.outputs == ()
    plot.show(_bundle("two"))
    assert plot.out.outputs == (drawn,)  # no new plot
    assert sent_figure(plot)["layout"]["title"]["text"] == "two" and plot.shown == _bundle("two")
    script = plot.script.outputs[0]["data"]["application/javascript"]
    assert "Plotly.react" in script and f'"{plot.uid}"' in script
    plot.show(_bundle("two"))  # the same view again: nothing sent
    assert sent_figure(plot)["layout"]["title"]["text"] == "two"


def test_an_empty_view_clears_the_plot_and_the_next_figure_is_drawn_afresh():
    plot = PlotInPlace()
    plot.show(_bundle("one"))
    plot.show(_bundle("two"))
    plot.show({})
    assert plot.out.outputs == () and plot.script.outputs == () and sent_figure(plot) is None
    plot.show(_bundle("three"))
    assert plot.out.outputs[0]["data"] == _bundle("three") and plot.script.outputs == ()


def test_two_widgets_never_share_a_class():
    assert PlotInPlace().uid != PlotInPlace().uid


def test_a_page_script_runs_once_in_its_own_widget_class():
    """The script channel that PlotInPlace and 08's map share: each has its own class; a script
    replaces the one before it; clearing leaves nothing to run again on a reload."""
    from helpers.plot_in_place import PageScript

    a, b = PageScript(), PageScript("juc-map")
    assert a.uid != b.uid and a.uid.startswith("juc-plot-") and b.uid.startswith("juc-map-")
    assert a.out.layout.display == "none"
    box = a.mark(w.VBox())
    assert a.uid in box._dom_classes
    a.run("console.log(1)")
    a.run("console.log(2)")
    (only,) = a.out.outputs
    assert only["data"]["application/javascript"] == "console.log(2)"
    a.clear()
    assert a.out.outputs == ()


def test_plot_views_draws_each_view_once_and_a_choice_only_changes_which_is_seen():
    import pytest

    from helpers.plot_in_place import AWAY, AWAY_CSS, PlotViews

    views = PlotViews({"a": _bundle("one"), "b": _bundle("two")}, shown="a")
    drawn = {k: out.outputs for k, out in views.outs.items()}
    assert [o[0]["data"] for o in drawn.values()] == [_bundle("one"), _bundle("two")]
    assert views.uid in views.widget._dom_classes and views.uid.startswith("juc-plot-")
    assert {out.layout.grid_area for out in views.outs.values()} == {"1 / 1"}  # one over the other
    assert [views.seen(k) for k in "ab"] == [True, False]
    assert any(AWAY_CSS in str(o.outputs) for o in views.widget.children)  # the page knows the class
    sent = []
    for key, out in views.outs.items():
        out.observe(lambda ch, key=key: sent.append((key, AWAY in ch["new"])), names="_dom_classes")
        out.layout.observe(lambda ch: sent.append(("layout", ch["name"])))
    views.show("b")
    assert sent == [("b", False), ("a", True)]  # the new one first: never none on screen; no layout change
    assert [views.seen(k) for k in "ab"] == [False, True]
    assert views.out is views.outs["b"] and views.shown == _bundle("two")
    views.show("b")
    assert len(sent) == 2  # the view on screen again: nothing sent
    assert {k: out.outputs for k, out in views.outs.items()} == drawn  # nothing drawn again
    with pytest.raises(KeyError, match="'c' is not one of the views"):
        views.show("c")
    with pytest.raises(KeyError, match="'c' is not one of the views"):
        PlotViews({"a": _bundle("one")}, shown="c")
