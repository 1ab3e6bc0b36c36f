"""``python -m helpers.data.derive``: see the package's docstring."""

import sys

from helpers.data.derive import main

sys.exit(main())
