"""The widgets the benchmark drives: a small registry, plus discovery of any it misses.

Each :class:`Entry` names a widget, how to build it (``"helpers.module:Callable"``,
called with ``args``/``kwargs``) and how to change one of its values (``change(obj, i)``
for the i-th of 100 changes; each call must change the value so the widget redraws).
An entry whose module or callable does not exist yet is skipped with a note.

To add a widget: append an Entry. ``cycle("path.to.control")`` steps a selection
control (Dropdown, Select, ToggleButtons, RadioButtons, SelectionSlider) through its
options; ``texts("path", [...])`` types into a Text box; ``auto`` finds the first
control on the object. Classes in ``helpers`` that look like widgets (they define
``_ipython_display_`` or are ipywidgets) but have no entry are tried with ``auto``
and no arguments, and reported as "found, not in registry".
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

Change = Callable[[Any, int], None]


@dataclass(frozen=True)
class Entry:
    name: str
    target: str  # "helpers.module:Callable"
    change: Change
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


def _resolve(obj, path: str):
    for part in path.split("."):
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
    return obj


def _step_selection(control, i: int) -> None:
    options = list(control.options)
    if len(options) < 2:
        raise ValueError(f"{type(control).__name__} has fewer than two options")
    values = [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in options]
    try:
        current = values.index(control.value)
    except ValueError:
        current = -1
    control.value = values[(current + 1) % len(values)]


def _step_number(control, i: int) -> None:
    lo, hi = control.min, control.max
    step = getattr(control, "step", 1) or 1
    value = control.value + step
    control.value = value if value <= hi else lo


def _step_range(control, i: int) -> None:
    lo, hi = control.min, control.max
    a, b = control.value
    step = getattr(control, "step", 1) or 1
    control.value = (lo, hi) if (a, b) != (lo, hi) else (lo, max(lo, hi - step))


def _step(control, i: int) -> None:
    import ipywidgets as w

    if isinstance(control, (w.IntRangeSlider, w.FloatRangeSlider)):
        _step_range(control, i)
    elif isinstance(control, w.SelectMultiple):
        values = [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in control.options]
        if not values:
            raise ValueError("SelectMultiple has no options")
        pick = (values[i % len(values)],)
        control.value = pick if tuple(control.value) != pick else ()
    elif hasattr(control, "options") and hasattr(control, "value"):
        _step_selection(control, i)
    elif isinstance(control, (w.IntSlider, w.FloatSlider, w.BoundedIntText, w.BoundedFloatText)):
        _step_number(control, i)
    elif isinstance(control, (w.Checkbox, w.ToggleButton)):
        control.value = not control.value
    elif isinstance(control, (w.Text, w.Textarea)):
        control.value = ("nhs", "ccg", "", "2012", "<&>")[i % 5]
    else:
        raise TypeError(f"do not know how to change a {type(control).__name__}")


def cycle(path: str) -> Change:
    """Step the control at ``path`` (attributes from the built object) to its next value."""
    def change(obj, i: int) -> None:
        _step(_resolve(obj, path), i)
    change.__doc__ = f"next value of {path}"
    return change


def texts(path: str, values: list[str]) -> Change:
    def change(obj, i: int) -> None:
        control = _resolve(obj, path)
        value = values[i % len(values)]
        if control.value == value:
            value = values[(i + 1) % len(values)]
        control.value = value
    return change


def controls(obj) -> list:
    """The value controls on an object: its attributes, then children of its widget boxes."""
    import ipywidgets as w

    kinds = (w.ValueWidget,)
    seen, found = set(), []

    def visit(x, depth):
        if id(x) in seen or depth > 4:
            return
        seen.add(id(x))
        if isinstance(x, kinds) and not isinstance(x, (w.HTML, w.HTMLMath, w.Label, w.Valid,
                                                        w.Output)) and not getattr(x, "disabled", False):
            found.append(x)
        if isinstance(x, w.Box):
            for child in x.children:
                visit(child, depth + 1)
        elif not isinstance(x, w.Widget):
            for value in list(getattr(x, "__dict__", {}).values()):
                if isinstance(value, (w.Widget,)):
                    visit(value, depth + 1)
    visit(obj, 0)
    return found


def auto(obj, i: int) -> None:
    """Change the first control found on the object (see :func:`controls`)."""
    found = controls(obj)
    if not found:
        raise TypeError("no value control found")
    _step(found[0], i)


def discover(known_targets: set[str]) -> tuple[list[str], list[str]]:
    """Widget-like classes in helpers modules that have no registry entry.

    Returns (targets, notes); notes say which modules could not be imported.
    """
    import importlib
    import inspect
    import pkgutil

    import helpers

    try:
        import ipywidgets as w
        base = (w.Widget,)
    except ImportError:  # pragma: no cover
        base = ()
    found, notes = [], []
    for info in pkgutil.iter_modules(helpers.__path__):
        name = f"helpers.{info.name}"
        if info.name.startswith("_") or info.name in SKIP_MODULES:
            continue
        try:
            module = importlib.import_module(name)
        except Exception as exc:
            notes.append(f"discovery: {name} failed to import ({type(exc).__name__}: {exc})"[:300])
            continue
        for attr, cls in vars(module).items():
            if not inspect.isclass(cls) or cls.__module__ != name or attr.startswith("_"):
                continue
            target = f"{name}:{attr}"
            if target in known_targets or target in SKIP_CLASSES:
                continue
            if (base and issubclass(cls, base)) or (hasattr(cls, "_ipython_display_")
                                                    and _builds_widgets(cls)):
                found.append(target)
    notes += [f"{t}: not timed, {why}" for t, why in SKIP_CLASSES.items()]
    return found, notes


def _builds_widgets(cls) -> bool:
    """Whether the class's constructor makes ipywidgets (rich-display classes that only hold
    HTML do not)."""
    import inspect

    try:
        source = inspect.getsource(cls.__init__)
    except (OSError, TypeError):
        return False
    return "ipywidgets" in source


#: Modules that are not for notebooks (command-line tools) and are not imported by discovery.
SKIP_MODULES = {"nbtools", "speedups", "derive", "export", "present", "envfile"}


#: Widget classes that are deliberately not timed, and why.
SKIP_CLASSES = {
    "helpers.ods_online:OnlineLookup": "it only acts when its button asks the live service "
                                       "(the benchmark makes no network calls)",
}


def answer_and_check(obj, i: int) -> None:
    """Quiz: pick the next option and press Check (moving on when all are answered)."""
    options = list(obj.choices.options)
    if not options or obj.quiz.finished:
        obj.on_next()
        options = list(obj.choices.options)
    obj.choices.value = options[i % len(options)]
    obj.on_check()


def choose_layer(obj, i: int) -> None:
    """The map widget's tabs: the next layer (in the browser the tab change itself needs no kernel;
    this times what the kernel then does: the first drawing of a layer, and the caption)."""
    from helpers.patch.maps import LAYERS

    obj.choose(LAYERS[(i + 1) % len(LAYERS)][0])


def find_each_icb(obj, i: int) -> None:
    """The map widget's Find box: each ICB's code in turn (the first 42 changes each outline an ICB
    for the first time, so its outline, summary and script are not cached yet)."""
    from helpers.patch.joins import _tables

    codes = list(_tables(None)["icbs"]["icb_code"])
    obj.text.value = codes[i % len(codes)]


REGISTRY: list[Entry] = [
    Entry("00 sources browser: kind", "helpers.sources_view:SourcesBrowser", cycle("kind")),
    Entry("01 timeline explorer: era", "helpers.timeline:TimelineExplorer", cycle("era")),
    Entry("01 timeline explorer: category", "helpers.timeline:TimelineExplorer", cycle("category")),
    Entry("01 timeline explorer: free text", "helpers.timeline:TimelineExplorer",
          texts("text", ["integrat", "ccg", "", "fund", "<&\"x>", "primary care"])),
    Entry("01 counts view: log scale", "helpers.timeline:CountsView", cycle("log")),
    Entry("quiz (01): answer and check", "helpers.quiz:QuizWidget", answer_and_check,
          args=("01_timeline",)),
    Entry("07 argument explorer: theme", "helpers.arguments:ArgumentExplorer", cycle("theme")),
    Entry("07 argument explorer: voice", "helpers.arguments:ArgumentExplorer", cycle("voice")),
    Entry("07 voice comparison: voice A", "helpers.arguments:VoiceComparison", cycle("a")),
    Entry("07 position map: group", "helpers.arguments:PositionMap", cycle("group")),
    # its drafts are written as the slider moves: into a folder outside the repository
    Entry("07 where do you stand: x", "helpers.arguments:WhereDoYouStand", cycle("x"),
          kwargs={"folder": str(Path(tempfile.gettempdir()) / "juc-bench-learning-log")}),
    Entry("08 lineage explorer: ICB", "helpers.patch:LineageExplorer", cycle("choice")),
    Entry("08 finder: typing", "helpers.patch:Finder",
          texts("text", ["Leeds", "15F", "Frimley", "U00070", "lee", "north"])),
    Entry("08 PCN size view: date", "helpers.patch:PcnSizeView", cycle("choice")),
    Entry("08 map: layer (tab)", "helpers.patch:MapView", choose_layer),
    Entry("08 map: find your ICB", "helpers.patch:MapView",
          texts("text", ["H85026", "Leeds", "15F", "U00070", "Frimley", "A81001"])),
    Entry("08 map: find each ICB (first time each)", "helpers.patch:MapView", find_each_icb),
    Entry("08 practice story: typing", "helpers.patch:PracticeStory",
          texts("text", ["A81001", "densham", "H85026", "Z99999", "surgery", "B82005"])),
]
