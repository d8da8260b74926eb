"""The two SQLite databases: their schemas (the catalog's models, the user database's models
and its migrations), opening, checking and backing them up, reading and writing."""
