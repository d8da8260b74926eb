"""Reproducible measurements of CSEC Resource Desk on synthetic catalogs (see README.md)."""
