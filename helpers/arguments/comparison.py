"""VoiceComparison: two voices on every theme they both address, and the themes only one does."""

from __future__ import annotations

from ..display import ShownOnce, align_cells, esc
from .cards import _wrap, argument_html, message_html
from .explorer import _unique_labels
from .joins import ArgumentData, load_argument_data


# --------------------------------------------------------------------------
# Compare two voices
# --------------------------------------------------------------------------

def compare_voices(data: ArgumentData, a: str, b: str) -> dict[str, list[str]]:
    """Themes both voices address, and the themes only one of them does (in theme order)."""
    for sid in (a, b):
        if sid not in data.stakeholders:
            raise KeyError(f"no voice {sid!r}")
    ta = {x["theme_id"] for x in data.arguments if x["stakeholder_id"] == a}
    tb = {x["theme_id"] for x in data.arguments if x["stakeholder_id"] == b}
    order = list(data.themes)
    return {"shared": [t for t in order if t in ta & tb],
            "only_a": [t for t in order if t in ta - tb],
            "only_b": [t for t in order if t in tb - ta]}


def compare_html(data: ArgumentData, a: str, b: str) -> str:
    if a == b:
        return message_html("Choose two different voices to compare.")
    c = compare_voices(data, a, b)

    def cell(sid, tid):
        items = sorted((x for x in data.arguments if x["stakeholder_id"] == sid and x["theme_id"] == tid),
                       key=lambda x: (x["mid"], x["argument_id"]))
        return "".join(argument_html(data, x) for x in items)

    name_a, name_b = esc(data.voice_label(a)), esc(data.voice_label(b))
    parts = [f'<p class="juc-meta" role="status">{len(c["shared"])} question(s) both address; '
             f'{len(c["only_a"])} only {name_a} addresses; {len(c["only_b"])} only {name_b} addresses. '
             "Each question is folded: open it (click, or Enter) to read both voices.</p>"]
    if c["shared"]:
        parts.append("<h4>Questions both address</h4>")
        for n, t in enumerate(c["shared"]):
            theme = data.themes[t]
            parts.append(
                f'<details class="juc-fold" data-theme="{esc(t)}"{" open" if n == 0 else ""}><summary>'
                f'<strong>{esc(theme["label"])}</strong>: {esc(theme["question"])}</summary>'
                + align_cells(f'<table class="juc-table juc-shared" data-theme="{esc(t)}"><thead><tr><th>{name_a}</th>'
                              f"<th>{name_b}</th></tr></thead><tbody><tr><td>{cell(a, t)}</td><td>{cell(b, t)}</td></tr>"
                              "</tbody></table>") + "</details>")
    else:
        parts.append('<p class="juc-message">These two voices address no question in common.</p>')
    for key, sid, name in (("only_a", a, name_a), ("only_b", b, name_b)):
        if c[key]:
            items = "".join(f'<li data-theme="{esc(t)}"><strong>{esc(data.themes[t]["label"])}</strong>'
                            f'{cell(sid, t)}</li>' for t in c[key])
            parts.append(f'<details class="juc-fold" data-only="{esc(sid)}"><summary><strong>Only {name} '
                         f'addresses</strong>: {len(c[key])} question(s)</summary>'
                         f'<ul class="juc-only" data-voice="{esc(sid)}">{items}</ul></details>')
        else:
            parts.append(f'<h4>Only {name} addresses</h4><p data-voice="{esc(sid)}">No question that the other does not.</p>')
    return _wrap(f'<h3>{name_a} and {name_b}</h3>' + "".join(parts))


class VoiceComparison(ShownOnce):
    """Two voices side by side on every theme they both address, and the themes only one does."""

    def __init__(self, a=None, b=None, data_dir=None):
        import ipywidgets as w

        self.data = load_argument_data(data_dir)
        voices = self.data.voices()
        if len(voices) < 2:
            raise ValueError("comparing needs at least two voices in arguments.csv")
        a = a or _busiest_voice(self.data)
        b = b or _closest_partner(self.data, a)
        options = _unique_labels([(self.data.voice_label(s), s) for s in voices])
        self.a = w.Dropdown(options=options, value=a, description="Voice A:", layout=w.Layout(width="460px"))
        self.b = w.Dropdown(options=options, value=b, description="Voice B:", layout=w.Layout(width="460px"))
        self.output = w.HTML(self.render())
        self.a.observe(self._changed, names="value")
        self.b.observe(self._changed, names="value")
        self.widget = w.VBox([w.HBox([self.a, self.b]), self.output])

    def compare(self) -> dict[str, list[str]]:
        return compare_voices(self.data, self.a.value, self.b.value)

    def render(self) -> str:
        return compare_html(self.data, self.a.value, self.b.value)

    def _changed(self, change=None) -> None:
        self.output.value = self.render()

    def fixed_html(self) -> str:
        """What the output shows where widgets cannot run: the current view."""
        return self.render()


def _busiest_voice(data: ArgumentData) -> str:
    counts: dict[str, int] = {}
    for x in data.arguments:
        counts[x["stakeholder_id"]] = counts.get(x["stakeholder_id"], 0) + 1
    return max(data.voices(), key=lambda s: (counts.get(s, 0), -data.voices().index(s)))


def _closest_partner(data: ArgumentData, a: str) -> str:
    others = [s for s in data.voices() if s != a]
    return max(others, key=lambda s: (len(compare_voices(data, a, s)["shared"]), -others.index(s)))


def show_comparison(a: str, b: str, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(compare_html(load_argument_data(data_dir), a, b)))
