"""The search index of a catalog: the names its readers share, how it is built, and
whether its full-text part is whole."""
