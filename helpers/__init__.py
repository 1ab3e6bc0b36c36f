"""Joined-up care, explained: the code behind the notebooks.

Importing ``helpers`` is cheap: nothing is read and no heavy library is
imported until a function needs it. Notebooks import the module they use,
for example ``from helpers import data`` or ``from helpers.timeline import ...``.
"""

from . import speedups as _speedups  # noqa: F401  defers a 1-2 s parser build (see that module)

__version__ = "0.1.0"

#: The date the collection's facts were last checked against their sources.
ACCURATE_AS_OF = "2026-11-22"
