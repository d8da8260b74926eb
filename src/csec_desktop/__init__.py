"""CSEC Resource Desk: an offline directory of resources for children at risk of or harmed by
commercial sexual exploitation, for caseworkers, advocates and court staff."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("csec-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
