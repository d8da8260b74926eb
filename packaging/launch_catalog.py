"""Entry script of the frozen ``csec-catalog`` (the command line)."""

import sys

from csec_desktop.cli import main

sys.exit(main())
