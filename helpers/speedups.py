"""Keep the stack's start-up cost down (measured in ``bench/RESULTS.md``).

``jsonschema`` imports ``rfc3987_syntax`` when it is imported, and that module
builds three Earley parsers from a large grammar: 1.3 to 2.5 s on a 2-core
machine. ``jsonschema`` is imported by ``nbformat``, which plotly imports the
first time a figure is displayed, so every kernel that showed a figure paid it,
and so did pytest (nbval) and the Jupyter servers. The parsers are only used to
check the ``iri`` and ``iri-reference`` string formats, which nothing here asks
for.

:func:`defer_iri_parsers` puts a small stand-in for ``rfc3987_syntax`` in
``sys.modules`` before ``jsonschema`` is imported. Its ``is_valid_syntax`` (the
one name ``jsonschema`` takes from it) imports the real module on its first
call and hands over, so IRI checks give the same answers, paid for only by
someone who makes one. (``jsonschema`` would prefer the ``rfc3987`` package,
but that is GPL-licensed; this collection is MIT.)

``import helpers`` calls it, so a notebook's setup cell covers the kernel.
``python3 run.py test`` loads this module as a pytest plugin (``-p``), which
covers pytest. ``python -m helpers.speedups MODULE [ARGS]`` runs a module
(``jupyterlab``, ``voila``) with it in place.
"""

from __future__ import annotations

import sys
import types

_NAME = "rfc3987_syntax"


def _real(module_name: str):
    module = sys.modules.get(module_name)
    if getattr(module, "_juc_stand_in", False):
        del sys.modules[module_name]
    import importlib

    return importlib.import_module(module_name)


def defer_iri_parsers(module_name: str = _NAME) -> bool:
    """Install the stand-in; True if installed, False if too late or already done.

    (``module_name`` is for tests; the stand-in forwards ``is_valid_syntax`` and any
    other public name to the real module, importing it on first use.)
    """
    if module_name in sys.modules or (module_name == _NAME and "jsonschema" in sys.modules):
        return False
    stand_in = types.ModuleType(module_name, f"Stand-in for {module_name}: imports it on first "
                                             "use (see helpers.speedups).")
    stand_in._juc_stand_in = True

    def is_valid_syntax(term: str, value: str) -> bool:
        return _real(module_name).is_valid_syntax(term, value)

    def __getattr__(name: str):
        # Dunder look-ups (the import system asks for __path__) must not load the parsers.
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real(module_name), name)

    stand_in.is_valid_syntax = is_valid_syntax
    stand_in.__getattr__ = __getattr__
    sys.modules[module_name] = stand_in
    return True


def is_deferred(module_name: str = _NAME) -> bool:
    """True while the stand-in is in place (the parsers have not been built)."""
    return bool(getattr(sys.modules.get(module_name), "_juc_stand_in", False))


defer_iri_parsers()


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    import runpy

    sys.argv = argv[:]
    runpy.run_module(argv[0], run_name="__main__", alter_sys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
