"""Labels, colours, symbols and axes shared by the argument views."""

from __future__ import annotations



ALL = "__all__"

GROUP_LABELS = {
    "gp_representatives": "GP representatives",
    "commissioners": "Commissioners",
    "national_bodies": "National bodies",
    "government": "Government",
    "patient_and_voluntary": "Patient and voluntary sector",
    "think_tanks_and_evidence": "Think tanks and evidence",
    "frontline_gps": "Front-line GPs (anonymous readers)",
    "anonymous_readers": "Anonymous readers (who they are is not stated)",
}
# Okabe-Ito colours, one per group (yellow left out: too faint on white), and a marker shape
# per group so the map does not rely on colour alone.
GROUP_COLOURS = dict(zip(GROUP_LABELS, (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#767676")))
GROUP_SYMBOLS = dict(zip(GROUP_LABELS, (
    "circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon")))

CONSULTATION_ORIGIN = "nhse_consultation_2020"
CHOICES = ("Not answered", "Agree", "Not sure", "Disagree")

AXES = {
    "x": {"title": "Where decisions should sit", "low": "practice / place", "high": "national / system"},
    "y": {"title": "How services should join up", "low": "collaboration",
          "high": "organisational integration"},
}

CSS = """<style>
.juc-args{font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4}
.juc-args .juc-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:10px;margin:6px 0 14px}
.juc-args .juc-card{border:1px solid #999;border-left:6px solid var(--juc-group,#999);border-radius:4px;padding:6px 10px}
.juc-args .juc-card h4{margin:2px 0}
.juc-args .juc-meta{color:#444;font-size:12px;margin:0 0 4px}
.juc-args .juc-arg{border-top:1px dotted #bbb;padding-top:4px;margin-top:4px}
.juc-args blockquote.juc-quote{margin:4px 0;padding:2px 8px;border-left:3px solid #0072B2;font-style:italic}
.juc-args .juc-reported{margin:4px 0;color:#444}
.juc-args .juc-label{font-style:normal;font-weight:bold;font-size:12px}
.juc-args .juc-message{padding:8px;border:1px solid #E69F00;border-radius:4px}
.juc-args table.juc-table th,.juc-args table.juc-table td{text-align:left;vertical-align:top}
.juc-args details.juc-fold{border:1px solid #bbb;border-radius:4px;padding:4px 10px;margin:4px 0}
.juc-args details.juc-fold>summary{cursor:pointer;padding:2px 0}
.juc-args details.juc-fold>summary:focus-visible{outline:3px solid #0072B2;outline-offset:2px}
.juc-args details.juc-fold[open]>summary{margin-bottom:4px}
.juc-args .juc-pager{display:flex;gap:8px;align-items:center;margin:6px 0}
</style>"""


_ID_LIST = __import__("re").compile(r"\s*\((?:[a-z]+(?:-[a-z0-9]+)*-(?:\d+|q\d+)(?:,\s*|;\s*|\)))+")


def without_ids(text: str) -> str:
    """A justification as a reader sees it: the "(geddes-05, geddes-03)" that cites the data's
    argument ids dropped (``positions.csv`` keeps them in ``argument_ids`` for the tests)."""
    return _ID_LIST.sub("", text).strip()
