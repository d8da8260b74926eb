"""CSEC Resource Desk: an offline directory of resources for children at risk of or harmed by
commercial sexual exploitation, for caseworkers, advocates and court staff."""

#: The one place the version is written; pyproject.toml reads it from here. (Not
#: importlib.metadata: that import alone costs a tenth of the start-up budget.)
__version__ = "0.1.0"
