"""`python -m extract` is `extract-facts`."""

import sys

from extract.cli import main

sys.exit(main())
