"""Joined-up care, explained: the code behind the notebooks.

Three layers (see ``helpers/README.md``): ``helpers.data`` (tables, loaders, the
official-data readers and the derivation), the views the notebooks import
(``timeline``, ``eras``, ``arguments``, ``patch``, ...) and ``helpers.publish``
(presenter, export, trainee and tutor versions). Importing ``helpers`` is cheap:
nothing is read and no heavy library is imported until a function needs it.
"""

from . import speedups as _speedups  # noqa: F401  defers a 1-2 s parser build (see that module)

__version__ = "0.1.0"

#: The date the collection's facts were last checked against their sources.
ACCURATE_AS_OF = "2026-12-06"
