"""Developer scripts (run as files: ``python3 scripts/dev.py test``); a package so that
tests can import their functions."""
