"""The stakeholder voices of a notebook's period, and the 2020 consultation questions."""

from __future__ import annotations

from ..display import esc
from ..display import source_marks
from .notebooks import notebook


# --------------------------------------------------------------------------
# Voices
# --------------------------------------------------------------------------

def voices(nb: str, data_dir=None):
    """The stakeholder argument explorer (helpers.arguments) filtered to the notebook's period."""
    from ..arguments import ArgumentExplorer

    spec = notebook(nb)
    if spec.voices_era:
        return ArgumentExplorer(era=spec.voices_era, data_dir=data_dir)
    return ArgumentExplorer(years=spec.voices_years, data_dir=data_dir)


def voices_summary(nb: str, data_dir=None) -> str:
    from ..arguments import era_summary

    spec = notebook(nb)
    if spec.voices_era:
        return era_summary(era=spec.voices_era, data_dir=data_dir)
    return era_summary(years=spec.voices_years, data_dir=data_dir)


def voice_selection(data, args: list[dict]) -> list[dict]:
    """A short, fair selection of a period's arguments: one from each stakeholder group heard.

    The rule, applied to the data (no argument is picked by hand):

    1. every stakeholder group that argues in the period gets exactly one argument, so each
       side heard in the sources is shown and no group is shown twice;
    2. within a group, the argument on the question the most groups argue in the period comes
       first, so the selection sets the groups side by side on the same questions;
    3. then a direct quote before a claim an article reports; then the group's voice with the
       most arguments in the period; then the earliest date and the argument id (a fixed order).

    The selection comes back in theme order, then group order.
    """
    from ..arguments.labels import GROUP_LABELS

    def group(a):
        return data.stakeholders[a["stakeholder_id"]]["group"]

    breadth: dict[str, set] = {}
    spoken: dict[str, int] = {}
    for a in args:
        breadth.setdefault(a["theme_id"], set()).add(group(a))
        spoken[a["stakeholder_id"]] = spoken.get(a["stakeholder_id"], 0) + 1
    groups = list(GROUP_LABELS) + sorted({group(a) for a in args} - set(GROUP_LABELS))
    chosen = []
    for g in groups:
        items = [a for a in args if group(a) == g]
        if items:
            chosen.append(min(items, key=lambda a: (-len(breadth[a["theme_id"]]), a["speech"] != "direct",
                                                    -spoken[a["stakeholder_id"]], a["mid"], a["argument_id"])))
    themes = list(data.themes)
    return sorted(chosen, key=lambda a: (themes.index(a["theme_id"]) if a["theme_id"] in themes else len(themes),
                                         groups.index(group(a))))


def selection_note(args: list[dict], chosen: list[dict]) -> str:
    """The sentence over the selection: what was chosen, by which rule, and what the explorer holds."""
    from ..arguments.cards import _n

    rest = len(args) - len(chosen)
    voices = len({a["stakeholder_id"] for a in args})
    groups = (f"each of the {len(chosen)} stakeholder groups" if len(chosen) > 1
              else "the one stakeholder group")
    return (f"A selection: one argument from {groups} heard in "
            "this period, each on the question most widely argued among those the group speaks to (the rule is in "
            f"helpers/eras/voices.py). The explorer below holds all {_n(len(args), 'argument')} from "
            f"{_n(voices, 'voice')}: the {rest} not shown here, folded by question, can be chosen "
            "by question, voice and group.")


def voices_intro_html(nb: str, data_dir=None, explorer=None) -> str:
    """The period's summary line and the short selection of its voices, as escaped HTML."""
    from ..arguments.cards import _wrap, voice_card_html
    from ..arguments.labels import ALL

    explorer = explorer or voices(nb, data_dir)
    summary = f"<p><strong>{esc(voices_summary(nb, data_dir))}</strong></p>"
    args = explorer.in_period()
    if not args or explorer.period.value == ALL:
        return summary
    chosen = voice_selection(explorer.data, args)
    cards = "".join(voice_card_html(explorer.data, a["stakeholder_id"], [a], with_theme=True) for a in chosen)
    return summary + _wrap(f'<p class="juc-meta">{esc(selection_note(args, chosen))}</p>'
                           f'<div class="juc-cards" data-selection="voices">{cards}</div>')


def show_voices(nb: str, data_dir=None) -> None:
    """The period's summary and a short selection of its voices, then the explorer, which holds
    them all (its fixed view, where widgets cannot run, folds them by question)."""
    from IPython.display import HTML, display

    explorer = voices(nb, data_dir)
    display(HTML(voices_intro_html(nb, data_dir, explorer)))
    display(explorer)


def consultation_question_lines(data_dir=None) -> list[str]:
    """The questions of NHS England's November 2020 consultation, as themes.csv gives them."""
    from ..data import load_themes

    themes = load_themes(data_dir)
    rows = themes[themes["origin"] == "nhse_consultation_2020"]
    return [f"{i}. {q} {source_marks([s], data_dir)}" for i, (q, s) in enumerate(zip(rows["question"], rows["source_id"]), start=1)]
