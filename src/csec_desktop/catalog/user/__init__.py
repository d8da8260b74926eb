"""The caseworker's and the agency's own data: favorites, notes, sheets, preferences and
local resources, kept in ``user.sqlite`` and merged into the catalog."""
