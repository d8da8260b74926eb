"""An agency server on plain PostgreSQL, and the desk's offline-first copy of it.

- :mod:`.schema`: the server's tables, migrations and roles (``csec-catalog agency init``);
- :mod:`.server`: connecting from a desk, with one clear sentence for every failure;
- :mod:`.sync`: pull changes into the desk's SQLite copy, push a steward's queued edits,
  record conflicts;
- :mod:`.status`: the one sentence the status bar and ``agency status`` show.

Imports no Qt. The desk searches only its own SQLite copy: nothing here is on the search
path.
"""
