"""The house plan of helpers/ (helpers/README.md): three layers whose imports run one way,
publish -> views -> data, and rooms small enough to read."""

from __future__ import annotations

import ast
from pathlib import Path

HELPERS = Path(__file__).resolve().parent.parent / "helpers"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules():
    for path in sorted(HELPERS.rglob("*.py")):
        parts = path.relative_to(HELPERS.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield path, name, path.name == "__init__.py"


def _imported(path: Path, name: str, is_package: bool) -> set[str]:
    """Every helpers module ``path`` imports, at the top or inside a function, resolved to a full name."""
    here = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "helpers"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: len(here.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "helpers":
                continue
            found.add(mod)
            found |= {f"{mod}.{a.name}" for a in node.names}  # `from helpers import data` imports helpers.data
    return found


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("speedups",):
        return "base"  # helpers itself (ACCURATE_AS_OF) and the start-up speed-ups
    return {"data": "data", "publish": "publish"}.get(parts[1], "views")


RANK = {"base": 0, "data": 1, "views": 2, "publish": 3}
KNOWN = {name for _, name, _ in _modules()}


def test_imports_run_one_way_publish_to_views_to_data():
    wrong = []
    for path, name, is_package in _modules():
        for target in _imported(path, name, is_package):
            if target not in KNOWN:
                continue  # a name imported from a module, not a module
            if RANK[_layer(target)] > RANK[_layer(name)]:
                wrong.append(f"{name} ({_layer(name)}) imports {target} ({_layer(target)})")
    assert wrong == [], "imports must run publish -> views -> data:\n" + "\n".join(wrong)


def test_the_import_rule_sees_both_kinds_of_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from ..publish import present\n\ndef f():\n    from helpers import timeline\n")
    assert {"helpers.publish", "helpers.publish.present", "helpers.timeline"} <= _imported(
        probe, "helpers.data.probe", False)


def test_modules_are_small():
    big = [f"{p.relative_to(HELPERS.parent)}: {n} lines" for p, _, _ in _modules()
           if (n := p.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES]
    assert big == [], f"split modules over {MAX_MODULE_LINES} lines: {big}"


def test_functions_are_short():
    long = []
    for path, _, _ in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if (n := node.end_lineno - node.lineno + 1) > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(HELPERS.parent)}:{node.lineno} {node.name}: {n} lines")
    assert long == [], f"split functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_the_house_plan_names_every_room():
    plan = (HELPERS / "README.md").read_text(encoding="utf-8")
    rooms = sorted({p.relative_to(HELPERS).parts[0].removesuffix(".py") for p in HELPERS.iterdir()
                    if (p.suffix == ".py" or (p / "__init__.py").exists()) and p.name != "__init__.py"})
    missing = [r for r in rooms if f"`{r}" not in plan]
    assert missing == [], f"helpers/README.md does not place: {missing}"
