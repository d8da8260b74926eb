"""The curated catalog source, shipped inside the package as csec_desktop.catalog_data."""
