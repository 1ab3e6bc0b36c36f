"""ArgumentExplorer: every voice on a theme, or every argument of a voice, filtered by era and group."""

from __future__ import annotations

from ..display import ShownOnce, esc
from .cards import _count_line, _wrap, message_html, theme_html, voice_html
from .dates import Period, years_period
from .joins import ArgumentData, load_argument_data
from .labels import ALL, GROUP_LABELS


# --------------------------------------------------------------------------
# Explorer
# --------------------------------------------------------------------------

class ArgumentExplorer(ShownOnce):
    """Choose a theme or a voice; filter by era (or a year window) and by group.

    ``era`` is an era id from ``eras.csv`` (or a period id when there is no eras table);
    ``years=(first, last)`` presets a window of calendar years instead. ``theme``, ``voice``
    and ``group`` preset the other menus.
    """

    def __init__(self, theme=None, voice=None, era=None, years=None, group=None, data_dir=None):
        import ipywidgets as w

        self.data = load_argument_data(data_dir)
        d = self.data
        periods = list(d.periods)
        chosen = resolve_period(d, era, years)
        preset = chosen.period_id if chosen else ALL
        if chosen is not None and years is not None:
            periods.append(chosen)
        self._periods = {p.period_id: p for p in periods}
        for name, value, known in (("theme", theme, d.themes), ("voice", voice, d.stakeholders)):
            if value not in (None, ALL) and value not in known:
                raise ValueError(f"unknown {name} {value!r}")
        if group not in (None, ALL) and group not in GROUP_LABELS:
            raise ValueError(f"unknown group {group!r}; groups: {', '.join(GROUP_LABELS)}")
        if theme is None:
            theme = ALL if (preset != ALL or voice is not None) else next(iter(d.themes), ALL)

        self.theme = w.Dropdown(
            options=[("All themes", ALL)] + [(t["label"], tid) for tid, t in d.themes.items()],
            value=theme, description="Theme:", layout=w.Layout(width="460px"),
            style={"description_width": "70px"})
        self.voice = w.Dropdown(
            options=[("All voices", ALL)] + _unique_labels([(d.voice_label(s), s) for s in d.voices()]),
            value=voice or ALL, description="Voice:", layout=w.Layout(width="460px"),
            style={"description_width": "70px"})
        era_word = "Era" if d.from_eras else "Year"
        self.period = w.Dropdown(
            options=[(f"All {era_word.lower()}s", ALL)] + [(p.label, p.period_id) for p in periods],
            value=preset, description=f"{era_word}:", layout=w.Layout(width="460px"),
            style={"description_width": "70px"})
        self.group = w.Dropdown(
            options=[("All groups", ALL)] + [(GROUP_LABELS.get(g, g), g) for g in GROUP_LABELS],
            value=group or ALL, description="Group:", layout=w.Layout(width="460px"),
            style={"description_width": "70px"})
        self.output = w.HTML(self.render())
        for control in (self.theme, self.voice, self.period, self.group):
            control.observe(self._changed, names="value")
        self.widget = w.VBox([w.HBox([self.theme, self.voice]), w.HBox([self.period, self.group]),
                              self.output])

    # -- plain methods (tests call these) -----------------------------------------------------
    def in_period(self, period_id: str = None) -> list[dict]:
        pid = self.period.value if period_id is None else period_id
        if pid == ALL:
            return list(self.data.arguments)
        p = self._periods[pid]
        return [a for a in self.data.arguments if p.contains(a["mid"])]

    def rows(self) -> list[dict]:
        """The arguments the current menus select."""
        out = self.in_period()
        if self.theme.value != ALL:
            out = [a for a in out if a["theme_id"] == self.theme.value]
        if self.voice.value != ALL:
            out = [a for a in out if a["stakeholder_id"] == self.voice.value]
        if self.group.value != ALL:
            out = [a for a in out if self.data.stakeholders[a["stakeholder_id"]]["group"] == self.group.value]
        return out

    def render(self) -> str:
        d = self.data
        pid = self.period.value
        if pid != ALL and not self.in_period(pid):
            return message_html(no_voice_message(d, self._periods[pid]))
        args = self.rows()
        if not args:
            return message_html("No argument in the sources matches this choice ("
                                + self._describe() + "). Choose 'All' in one of the menus to widen it.")
        note = ""
        if pid != ALL:
            note = (f'<p class="juc-meta">{esc(self._periods[pid].label)}: arguments are placed in '
                    "an era by their date: a date known only to the year by the middle of that year, "
                    "an undated comment or response by the earliest day it can have been written.</p>")
        head = f'<p class="juc-meta" role="status">{esc(_count_line(args))}</p>{note}'
        if self.voice.value != ALL:
            return _wrap(head + voice_html(d, self.voice.value, args))
        if self.theme.value != ALL:
            return _wrap(head + theme_html(d, self.theme.value, args))
        by_theme: dict[str, list[dict]] = {}
        for a in args:
            by_theme.setdefault(a["theme_id"], []).append(a)
        return _wrap(head + "".join(folded_theme_html(d, tid, by_theme[tid]) for tid in d.themes if tid in by_theme))

    def _describe(self) -> str:
        parts = []
        for control in (self.theme, self.voice, self.period, self.group):
            if control.value != ALL:
                label = dict((v, k) for k, v in control.options)[control.value]
                parts.append(f"{control.description.rstrip(':').lower()}: {label}")
        return "; ".join(parts) or "no filter"

    def _changed(self, change=None) -> None:
        self.output.value = self.render()

    def fixed_html(self) -> str:
        """What the output shows where widgets cannot run: the current view."""
        return self.render()


def folded_theme_html(data: ArgumentData, theme_id: str, args: list[dict]) -> str:
    """One question's voices folded under a line that names it and counts them (a ``<details>``,
    opened by click, Enter or Space), so the view of every question stays short."""
    label = data.themes[theme_id]["label"]
    return (f'<details class="juc-fold" data-theme-fold="{esc(theme_id)}"><summary><strong>{esc(label)}</strong>: '
            f"{esc(_count_line(args))}</summary>{theme_html(data, theme_id, args)}</details>")


def _unique_labels(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    counts: dict[str, int] = {}
    for label, _ in pairs:
        counts[label] = counts.get(label, 0) + 1
    return [(f"{label} [{value}]" if counts[label] > 1 else label, value) for label, value in pairs]


def no_voice_message(data: ArgumentData, period: Period) -> str:
    span = data.documents_span()
    docs = len(data.documents())
    written = (f"the {docs} source documents were written between {span[0]} and {span[1]}"
               if span else "there are no source documents yet")
    return (f"No voice in the source documents speaks to {period.label}: {written}, "
            "so they record no argument from this period.")


def resolve_period(data: ArgumentData, era=None, years=None) -> Period | None:
    """The period an era id or a ``years=(first, last)`` window names (None: no filter)."""
    if years is not None:
        return years_period(years)
    if era is None or era == ALL:
        return None
    try:
        return data.period(era)
    except KeyError:
        raise ValueError(f"unknown era {era!r}; choose one of: "
                         + ", ".join(p.period_id for p in data.periods)) from None


def era_summary(era=None, years=None, data_dir=None) -> str:
    """One sentence for an era notebook: how many voices and arguments fall in the era."""
    d = load_argument_data(data_dir)
    period = resolve_period(d, era, years)
    args = [a for a in d.arguments if period is None or period.contains(a["mid"])]
    if period is not None and not args:
        return no_voice_message(d, period)
    label = period.label if period else "all periods"
    return f"{label}: " + _count_line(args)


def era_lines(data_dir=None) -> list[str]:
    """One line per era (or per year, without an eras table): what the sources say in it."""
    d = load_argument_data(data_dir)
    return [era_summary(era=p.period_id, data_dir=data_dir) for p in d.periods]
