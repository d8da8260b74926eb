"""Entry script of the frozen ``csec-desktop`` (the window, --self-test, --version)."""

import sys

from csec_desktop.app import main

sys.exit(main())
