"""What a :class:`helpers.plot_in_place.PlotInPlace` has sent to the page, read back from its outputs."""

from __future__ import annotations

import json

from helpers.plot_in_place import MIME, REACT_JS


def sent_figure(plot) -> dict | None:
    """The plotly figure the page shows: the last ``Plotly.react`` script's figure, or the one
    drawn in the figure output; None when neither holds one."""
    if plot.script.outputs:
        js = plot.script.outputs[0]["data"]["application/javascript"]
        assert js.startswith(REACT_JS + "(") and js.endswith(");"), js[:200]
        uid, _, payload = js[len(REACT_JS) + 1:-2].partition(",")
        assert json.loads(uid) == plot.uid
        return json.loads(payload)
    if plot.out.outputs and MIME in plot.out.outputs[0]["data"]:
        return plot.out.outputs[0]["data"][MIME]
    return None
