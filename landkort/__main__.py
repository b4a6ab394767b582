"""``python -m landkort …``: see :mod:`landkort.cli`."""

import sys

from landkort.cli import main

sys.exit(main())
