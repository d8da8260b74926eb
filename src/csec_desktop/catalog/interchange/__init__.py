"""Moving the catalog in and out: the canonical JSON export, CSV for spreadsheets, and (with
the catalog-update work) signed bundles and HSDS 3.0 data packages."""
