"""Render a resource's detail sections as rich text for the detail view.

Every catalog string is passed through :func:`html.escape`; only links with an allowed
scheme become anchors, and related resources link as ``resource:<id>`` for in-app
navigation. No Qt here, so the rendering is tested as plain text; the window passes
``word`` (ui/detail_words.py) to show the details' own words in its language.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from csec_desktop.catalog.display.presentation import Field, Section
from csec_desktop.ui.colors import LIGHT, Colors

# Schemes the detail view opens with the system (only when the user clicks).
OPEN_SCHEMES = ("http", "https", "tel", "mailto")
# Scheme of in-app links to related resources.
RESOURCE_SCHEME = "resource"

_H1 = "font-size: x-large; font-weight: 600; margin: 0px 0px 2px 0px;"
_H2 = "font-size: medium; font-weight: 600; color: {muted}; margin: 14px 0px 4px 0px;"
_P = "margin: 0px 0px 6px 0px;"
_LABEL = "color: {muted}; padding: 1px 14px 1px 0px;"
# A label above its value, when the view is too narrow for the two side by side.
_STACKED_LABEL = "color: {muted}; margin: 6px 0px 0px 0px;"
# Where a web or mail address may wrap: after these, at an invisible zero-width space
# (the view wraps whole words only, so that "Organization" never breaks inside).
_BREAK_AFTER = ("/", ".", "@", "?", "&")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def breakable(address: str) -> str:
    """``address`` with places to wrap after its slashes, dots and the like."""
    for mark in _BREAK_AFTER:
        address = address.replace(mark, mark + "\u200b")
    return address


def link_allowed(link: str) -> bool:
    """True when ``link`` has a scheme the detail view may hand to the system."""
    scheme, sep, _ = link.partition(":")
    return bool(sep) and scheme.lower() in OPEN_SCHEMES


def _same(text: str) -> str:
    return text


def _field_value(item: Field, colors: Colors, word: Callable[[str], str] = _same) -> str:
    value = _e(word(item.value))
    if item.target:
        return f'<a href="{RESOURCE_SCHEME}:{_e(item.target)}">{value}</a>'
    if item.link and link_allowed(item.link):
        return f'<a href="{_e(item.link)}">{_e(breakable(str(item.value)))}</a>'
    if item.warning:
        return f'<span style="color: {colors.warning};">⚠ {value}</span>'
    return value


def section_html(
    section: Section,
    colors: Colors = LIGHT,
    *,
    stacked: bool = False,
    word: Callable[[str], str] = _same,
    role: Callable[[str], str] = _same,
) -> str:
    """One section: a heading, a paragraph or a table of labelled values (``stacked``:
    each label above its value, for a narrow view; ``word``: the window's language for
    titles, labels and the details' own values; ``role``: for a site's role, which the
    catalog words)."""

    def label(item: Field) -> str:
        return _e(_capital(role(item.label) if item.role else word(item.label)))

    heading = _H2.format(muted=colors.muted)
    parts = [f'<h2 style="{heading}">{_e(word(section.title).upper())}</h2>']
    if section.text:
        paragraphs = [p.strip() for p in section.text.split("\n\n") if p.strip()]
        parts.extend(f'<p style="{_P}">{_e(p)}</p>' for p in paragraphs)
    if section.fields and stacked:
        above = _STACKED_LABEL.format(muted=colors.muted)
        parts.extend(
            f'<p style="{above}">{label(item)}</p>'
            f'<p style="{_P}">{_field_value(item, colors, word)}</p>'
            for item in section.fields
        )
    elif section.fields:
        style = _LABEL.format(muted=colors.muted)
        rows = "".join(
            f'<tr><td style="{style}">{label(item)}</td>'
            f"<td>{_field_value(item, colors, word)}</td></tr>"
            for item in section.fields
        )
        parts.append(f'<table cellspacing="0" cellpadding="0">{rows}</table>')
    return "".join(parts)


def detail_html(
    title: str,
    subtitle: str,
    sections: Sequence[Section],
    colors: Colors = LIGHT,
    *,
    stacked: bool = False,
    word: Callable[[str], str] = _same,
    role: Callable[[str], str] = _same,
) -> str:
    """The whole detail page: title, a kind/place line and every section (``stacked``:
    labels above their values, for a narrow view; ``word``, ``role``: see
    :func:`section_html`)."""
    body = [
        f'<h1 style="{_H1}">{_e(title)}</h1>',
        f'<p style="color: {colors.muted};">{_e(subtitle)}</p>' if subtitle else "",
    ]
    body.extend(
        section_html(section, colors, stacked=stacked, word=word, role=role) for section in sections
    )
    return "".join(body)
