"""The US states and territories by postal code, as places, facets and sheets name them."""

from __future__ import annotations

STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico",
    "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands", "AA": "Armed Forces Americas",
    "AE": "Armed Forces Europe", "AP": "Armed Forces Pacific",
}  # fmt: skip

#: The same in Spanish where Spanish names them otherwise (the names in use in Spanish
#: writing, as the Fundéu RAE lists them: Nueva York, Carolina del Norte, Misisipi …);
#: a state not listed keeps its own name. Place names, like the vocabulary's Spanish
#: labels: kept here beside the English, not machine-translated, for every face.
_SPANISH = {
    "DC": "Distrito de Columbia", "HI": "Hawái", "LA": "Luisiana", "MI": "Míchigan",
    "MS": "Misisipi", "MO": "Misuri", "NH": "Nuevo Hampshire", "NJ": "Nueva Jersey",
    "NM": "Nuevo México", "NY": "Nueva York", "NC": "Carolina del Norte",
    "ND": "Dakota del Norte", "OR": "Oregón", "PA": "Pensilvania",
    "SC": "Carolina del Sur", "SD": "Dakota del Sur", "WV": "Virginia Occidental",
    "VI": "Islas Vírgenes de los Estados Unidos", "AS": "Samoa Americana",
    "MP": "Islas Marianas del Norte", "AA": "Fuerzas Armadas (América)",
    "AE": "Fuerzas Armadas (Europa)", "AP": "Fuerzas Armadas (Pacífico)",
}  # fmt: skip
STATE_NAMES_ES = {code: _SPANISH.get(code, name) for code, name in STATE_NAMES.items()}
_BY_LANGUAGE = {"en": STATE_NAMES, "es": STATE_NAMES_ES}
_CODES = {name: code for code, name in STATE_NAMES.items()}


def state_names(language: str = "en") -> dict[str, str]:
    """The states' names by postal code in ``language`` (a code; English for another)."""
    return _BY_LANGUAGE.get(language, STATE_NAMES)


def state_name(code: str, language: str = "en") -> str:
    """The name of the state ``code`` in ``language`` (the code itself when unknown)."""
    return state_names(language).get(code, code)


def code_of(name: str) -> str | None:
    """The postal code of the state whose English name is ``name``, else None."""
    return _CODES.get(name)


def said_in(text: str, language: str) -> str:
    """``text`` in ``language`` when it is a state's English name (as the catalog's
    English lines name a state: a result row's place, a place searched for); any other
    text as it is."""
    code = _CODES.get(text)
    return text if code is None else state_name(code, language)
