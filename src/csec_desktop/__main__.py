"""`python -m csec_desktop` starts the desktop application."""

import sys

from csec_desktop.app import main

sys.exit(main())
