"""The lineage Sankey is legible: few labelled nodes nationally, labels a font height apart, names once."""

from __future__ import annotations

import re

from helpers import patch
from helpers.patch import lineage


def _all_labels():
    labels = [n["label"] for n in patch.lineage_data()["nodes"]]  # every CCG and ICB, full detail
    for code in [c for _, c in patch.icb_options()][1:]:
        labels += [n["label"] for n in patch.lineage_data(code)["nodes"]]
    labels += [n["label"] for n in lineage.national_data()["nodes"]]
    labels += [t for t, _ in patch.icb_options()]
    return labels


def test_national_view_labels_4_regions_and_42_icbs_and_accounts_for_211_ccgs():
    fig, summary = patch.lineage_figure()
    node, link = fig.data[0].node, fig.data[0].link
    assert len(node.label) == 4 + 42 and all(node.label)
    assert sum(link.value) == 211  # every April 2013 CCG, once
    icbs = [l for l in node.label if " ICB (" in l]
    assert len(icbs) == 42 and all(re.search(r": \d+ CCGs?$", l) for l in icbs)
    assert sum(int(re.search(r": (\d+) CCG", l).group(1)) for l in node.label[:4]) == 211
    assert fig.layout.title.text and summary.startswith("211 CCGs of April 2013")


def test_labels_of_a_column_are_at_least_a_font_height_apart():
    # a label is centred on its node; neighbours' centres are at least the pad apart, and the pad
    # is more than the label font's height; the diagram is tall enough that plotly keeps the pad
    for code in (None, "QNQ", "QOP", "QHM"):
        fig, _ = patch.lineage_figure(code)
        trace = fig.data[0]
        font = trace.textfont.size
        assert font and trace.node.pad > font
        plot = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
        column = 42 if code is None else len(patch.lineage_data(code)["ccgs"])
        assert plot - (column - 1) * trace.node.pad >= column * (2 if code is None else 16), code


def test_one_icb_view_height_gives_every_node_16_px_and_its_pad():
    for code in [c for _, c in patch.icb_options()][1:]:
        bundle, _ = patch._lineage_view(code, None)
        layout = bundle["application/vnd.plotly.v1+json"]["layout"]
        n = len(patch.lineage_data(code)["ccgs"])
        plot = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
        assert plot >= n * (16 + lineage.NODE_PAD), code


def test_frimley_labels_name_and_code_once():
    labels = [n["label"] for n in patch.lineage_data("QNQ")["nodes"]]
    assert "NHS Frimley ICB (QNQ)" in labels and "NHS Frimley CCG (D4U1Y)" in labels
    assert "NHS East Berkshire CCG (15D)" in labels  # ODS spells it in capitals
    fig, _ = patch.lineage_figure("QNQ")
    assert fig.layout.title.text == "How NHS Frimley ICB (QNQ) came together, 2013 to 2022"
    # the ICB is named under its column, not beside its box (where the last CCG's label ran into it)
    assert "NHS Frimley CCG (D4U1Y)" in fig.data[0].node.label and "" in fig.data[0].node.label
    assert "→ NHS Frimley ICB (QNQ), 1 July 2022" in [a.text for a in fig.layout.annotations]
    assert patch._lineage_view("QNQ", None)[0]["application/vnd.plotly.v1+json"]["layout"]["annotations"] == \
        patch._figure_bundle(fig)["application/vnd.plotly.v1+json"]["layout"]["annotations"]
    assert lineage.org_label("NHS Frimley (NHS Frimley) Integrated Care Board", "QNQ", "ICB") == "NHS Frimley ICB (QNQ)"


def test_no_label_repeats_a_name_or_a_kind():
    labels = _all_labels()
    assert len(labels) > 300
    for label in labels:
        assert not re.search(r"\b(\w[\w ,&'-]*) \(\1\)", label), label
        assert not re.search(r"\b(ICB|CCG)\W+\1\b", label, re.I), label
        assert "Integrated Care Board" not in label and "Clinical Commissioning" not in label, label
        assert not re.fullmatch(r"[A-Z0-9]{3,5}", label), label  # never a code alone
