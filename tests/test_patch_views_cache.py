"""The widgets' cached views show exactly what drawing the figure afresh shows."""

from helpers import patch

from .in_place import sent_figure


def _slow(icb):
    fig, summary = patch.lineage_figure(icb)
    return patch._figure_bundle(fig), summary


def test_cached_lineage_views_equal_fresh_drawings():
    codes = [c for _, c in patch.icb_options()]
    assert len(codes) == 43
    for code in codes[:4] + ["QWO"]:
        assert patch._lineage_view(code, None) == _slow(code), code


def test_cached_pcn_views_equal_fresh_drawings_and_figure_follows_the_view():
    v = patch.PcnSizeView()
    for d in patch.PCN_SIZE_DATES:
        fig, summary = patch.pcn_size_figure(d)
        assert patch._pcn_view(d, None) == (patch._figure_bundle(fig), summary)
        v.set_date(d)
        assert v.plot.shown == patch._figure_bundle(v.figure)
        assert sent_figure(v.plot) == v.plot.shown["application/vnd.plotly.v1+json"]


def test_finder_card_is_the_fresh_card():
    f = patch.Finder()
    f.type("leeds")
    f.type("")
    f.type("leeds")
    kind, _, code = f.matches.value.partition(":")
    assert f.card == patch.details_html(kind, code)
