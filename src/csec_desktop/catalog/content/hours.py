"""Opening hours as a sheet prints them, in English or Spanish.

The catalog keeps hours as the source or the steward wrote them, in English ("24/7",
"Mon–Fri 9am–5pm", "Weekdays 9:00 AM to 5:00 PM; Sat 10am-2pm"). A Spanish sheet reads
them back word by word: days, day ranges, times and time ranges are known and rewritten
("de lunes a viernes, de 9:00 a 17:00"); anything else is printed as written with the
marker "(en inglés)", never guessed. No Qt here.
"""

from __future__ import annotations

import re

#: Printed after catalog text a Spanish sheet has only in English.
IN_ENGLISH = "(en inglés)"

_DAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_DAY_NAMES = {
    0: ("mon", "monday"),
    1: ("tue", "tues", "tuesday"),
    2: ("wed", "wednesday"),
    3: ("thu", "thur", "thurs", "thursday"),
    4: ("fri", "friday"),
    5: ("sat", "saturday"),
    6: ("sun", "sunday"),
}
_DAY = {name: index for index, names in _DAY_NAMES.items() for name in names}
#: Whole phrases with a fixed Spanish reading (lower case, single spaces, no final period).
_PHRASES = {
    "24/7": "las 24 horas, todos los días",
    "24 hours": "las 24 horas",
    "24 hours a day": "las 24 horas",
    "24 hours a day, 7 days a week": "las 24 horas, todos los días",
    "24 hours, 7 days a week": "las 24 horas, todos los días",
    "24/7/365": "las 24 horas, todos los días del año",
    "daily": "todos los días",
    "every day": "todos los días",
    "7 days a week": "todos los días",
    "weekdays": "de lunes a viernes",
    "weekends": "sábados y domingos",
    "closed": "cerrado",
    "by appointment": "con cita previa",
}
_DAY_WORD = "|".join(sorted(_DAY, key=len, reverse=True))
_END = r"(?![\w])"
_DAYS = re.compile(
    rf"(?P<first>{_DAY_WORD})s?\.?(?:\s*(?:-|–|—|to|through|thru)\s*(?P<last>{_DAY_WORD})s?\.?)?"
    + _END
)
_PHRASE = re.compile(
    "(?P<phrase>"
    + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True))
    + ")"
    + _END
)
#: What may stand between days and times: commas, semicolons, colons, "and", "&".
_GAP = re.compile(r"(?:[\s,;:&]|and\b)*")
_TIME = r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?|noon|midnight)"
_TIMES = re.compile(rf"(?P<start>{_TIME})\s*(?:-|–|—|to)\s*(?P<end>{_TIME})" + _END)
_CLOCK = re.compile(r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>a\.?m\.?|p\.?m\.?)?")


def hours_text(hours: str, language: str) -> str:
    """``hours`` as a sheet in ``language`` prints them (English is printed as written)."""
    if language != "es":
        return hours
    spanish = spanish_hours(hours)
    return spanish if spanish is not None else f"{hours} {IN_ENGLISH}"


def spanish_hours(hours: str) -> str | None:
    """The Spanish reading of ``hours``, or None when any part of it is not understood.

    The text is read as groups of days followed by their times ("Mon, Wed 10am-2pm; Sat
    closed"); each group becomes "lunes y miércoles, de 10:00 a 14:00".
    """
    text = " ".join(hours.lower().split()).rstrip(".")
    groups: list[tuple[list[str], list[str]]] = []
    position = 0
    while position < len(text):
        gap = _GAP.match(text, position)
        if gap and gap.end() > position:
            position = gap.end()
            continue
        phrase = _PHRASE.match(text, position)
        days = _DAYS.match(text, position)
        times = _TIMES.match(text, position)
        if phrase:
            kind, said, position = "when", _PHRASES[phrase["phrase"]], phrase.end()
        elif days:
            kind, said, position = "days", _days_es(days), days.end()
        elif times:
            start, end = _clock(times["start"]), _clock(times["end"], end=True)
            if start is None or end is None:
                return None
            kind, said, position = "when", f"de {start} a {end}", times.end()
        else:
            return None
        # Days after a time begin a new group ("Mon 9am-1pm, Sat 10am-2pm").
        if not groups or (kind == "days" and groups[-1][1]):
            groups.append(([], []))
        groups[-1][0 if kind == "days" else 1].append(said)
    return "; ".join(_group(days, when) for days, when in groups) or None


def _group(days: list[str], when: list[str]) -> str:
    """ "lunes, martes y jueves, de 9:00 a 12:00"."""
    named = " y ".join([", ".join(days[:-1]), days[-1]] if len(days) > 1 else days)
    return ", ".join(part for part in (named, *when) if part)


def _days_es(match: re.Match[str]) -> str:
    first = _DAYS_ES[_DAY[match["first"]]]
    if match["last"] is None:
        return first
    return f"de {first} a {_DAYS_ES[_DAY[match['last']]]}"


def _clock(text: str, end: bool = False) -> str | None:
    """A time as 24-hour ``H:MM``, or None when it is not certain: a bare hour ("9-5") could
    be morning or evening, so only "9am", "9:00 PM" or a 24-hour "17:00" are read."""
    text = text.strip()
    if text == "noon":
        return "12:00"
    if text == "midnight":
        return "24:00" if end else "0:00"
    found = _CLOCK.fullmatch(text)
    if found is None:
        return None
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    half = (found["half"] or "").replace(".", "")
    if (half and not 1 <= hour <= 12) or not (half or found["minute"]):
        return None
    if half == "pm" and hour != 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour}:{minute:02d}"
