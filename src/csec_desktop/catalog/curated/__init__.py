"""The curated catalog source (the repository's ``data/`` folder): reading it, and checking
its facts against the copies of the pages they cite."""
