"""The results list: a lazy, id-backed model and a delegate that draws each hit in three lines.

The model holds only the ids of every match (a numpy array) and asks the search engine for
display rows a page at a time as the view scrolls (``canFetchMore``/``fetchMore``), so a
query matching a million resources costs one array, not a million rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from csec_desktop.catalog.content.states import code_of, state_name
from csec_desktop.catalog.display.presentation import DEFAULT_STALE_MONTHS, format_partial, is_stale
from csec_desktop.catalog.hits import AREA_NAMES, Hit
from csec_desktop.ui.colors import LIGHT, Colors
from csec_desktop.ui.i18n import current_language
from csec_desktop.ui.icons import kind_icon
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QColor,
    QCoreApplication,
    QFont,
    QFontMetrics,
    QModelIndex,
    QPainter,
    QPalette,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
)

if TYPE_CHECKING:
    import numpy as np

    from csec_desktop.catalog.search import ParsedQuery, SearchEngine

    # Every matching id in order: the engine's numpy array, or the first page's list.
    Ids = Sequence[int] | np.ndarray

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
SLUG_ROLE = Qt.ItemDataRole.UserRole + 2
# Why a result fits the client ("3.2 mi · ages 12–17", "serves Georgia"), or "".
FIT_ROLE = Qt.ItemDataRole.UserRole + 3
# True when the result's facts were last verified longer ago than the user allows.
OLD_ROLE = Qt.ItemDataRole.UserRole + 4
# The mark of old facts, as in the details; a screen reader hears OLD_SAID instead.
OLD_MARK = "⚠"
OLD_SAID = QT_TRANSLATE_NOOP("ResultsModel", "Old facts, check before passing on:")
PAGE = 100
# Rows a search prepares for display at once: more than a tall window shows, and few,
# because each costs its highlighted snippet on every keystroke; scrolling fetches PAGE more.
FIRST_PAGE = 20

# A row's place that is a service area (hits.AREA_NAMES), not a site's city.
AREAS = frozenset(AREA_NAMES.values())
KIND_LABELS = {
    "program": QT_TRANSLATE_NOOP("ResultsModel", "Program"),
    "training": QT_TRANSLATE_NOOP("ResultsModel", "Training"),
    "hotline": QT_TRANSLATE_NOOP("ResultsModel", "Hotline"),
    "publication": QT_TRANSLATE_NOOP("ResultsModel", "Publication"),
    "website": QT_TRANSLATE_NOOP("ResultsModel", "Website"),
    "organization": QT_TRANSLATE_NOOP("ResultsModel", "Organization"),
}

_Index = QModelIndex | QPersistentModelIndex


def verified_text(hit: Hit) -> str:
    """``verified 2008``, or nothing when the date is unknown."""
    if not hit.last_verified:
        return ""
    said = QCoreApplication.translate("ResultsModel", "verified {date}")
    return said.format(date=format_partial(hit.last_verified))


def _place(place: str) -> str:
    """A row's place in the window's language: a service area is the row's own word, a
    state (a site without a city) is named by the states' table; a city is the catalog's."""
    if place in AREAS:
        return QCoreApplication.translate("Places", place)
    code = code_of(place)
    return place if code is None else state_name(code, current_language())


def meta_line(hit: Hit, fit: str = "", *, old: bool = False) -> str:
    """``Program · GEMS · New York, NY · 2006–2009 · verified 2008``; a search for a client
    puts why it fits after the kind (``Program · 3.2 mi · ages 12–17 · GEMS …``); with
    ``old`` facts, ``⚠ verified 2008 · Program · GEMS · …`` (first, so never elided)."""
    organization = hit.organization_acronym or hit.organization or ""
    parts = [
        QCoreApplication.translate(
            "ResultsModel", KIND_LABELS.get(hit.kind, hit.kind.capitalize())
        ),
        fit,
        organization,
        _place(hit.place),
        hit.year,
    ]
    verified = verified_text(hit)
    if old:
        parts.insert(0, f"{OLD_MARK} {verified}")
    else:
        parts.append(verified)
    return " · ".join(p for p in parts if p)


class ResultsModel(QAbstractListModel):
    """Every matching id; Hit rows fetched from the engine in pages of :data:`PAGE`."""

    def __init__(self, engine: SearchEngine | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        # None until the engine has loaded (the first frame shows a page without one).
        self.engine = engine
        self._ids: Ids = []
        self._query: ParsedQuery | None = None
        self._hits: list[Hit] = []
        self._fetched = 0  # ids asked for (a vanished id yields no Hit)
        self._fit: Callable[[Hit], str] | None = None
        # Facts last verified longer ago than this many months are marked old.
        self.stale_months = DEFAULT_STALE_MONTHS

    def is_old(self, hit: Hit) -> bool:
        """True when ``hit``'s facts count as old (as the details' ⚠ says)."""
        return hit.last_verified is not None and is_stale(
            hit.last_verified, dt.date.today(), self.stale_months
        )

    # ---- content

    def set_result(
        self,
        ids: Ids,
        query: ParsedQuery | None,
        first: list[Hit],
        fit: Callable[[Hit], str] | None = None,
    ) -> None:
        """Show ``ids``; ``first`` are the hits the search already fetched for them;
        ``fit`` says why each fits the client (a search for one)."""
        self.beginResetModel()
        self._ids = ids
        self._query = query
        self._fit = fit
        self._hits = list(first)
        self._fetched = min(len(ids), len(first))
        self.endResetModel()

    def set_ids(self, ids: Ids) -> None:
        """Every matching id, once counted, in the order of the rows already shown (which
        stay as they are, selection included); the rest are fetched as the list scrolls."""
        shown = len(self._hits)
        if len(ids) < shown or [int(i) for i in ids[:shown]] != [h.id for h in self._hits]:
            self.set_result(ids, self._query, [], self._fit)  # not the same list: start over
            return
        self._ids = ids
        self._fetched = max(self._fetched, shown)

    def clear(self) -> None:
        """Show nothing (before the engine closes)."""
        self.set_result([], None, [])

    @property
    def total(self) -> int:
        return len(self._ids)

    def fit(self, hit: Hit) -> str:
        """Why ``hit`` fits the client, or "" (a search for no client)."""
        return self._fit(hit) if self._fit is not None else ""

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def row_of(self, slug: str) -> int:
        """The loaded row of ``slug``, or -1."""
        for row, hit in enumerate(self._hits):
            if hit.slug == slug:
                return row
        return -1

    # ---- Qt model interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self.engine is not None and self._fetched < len(self._ids)

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        assert self.engine is not None
        chunk = self._ids[self._fetched : self._fetched + PAGE]
        self._fetched += len(chunk)
        new = self.engine.hits(chunk, self._query)
        if not new:
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._hits.extend(new)
        self.endInsertRows()

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        hit = self.hit(index.row())
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.summary
        if role == Qt.ItemDataRole.AccessibleTextRole:
            said = meta_line(hit, self.fit(hit), old=self.is_old(hit))
            said = said.replace(OLD_MARK, self.tr(OLD_SAID))
            return f"{hit.title}. {said}"
        if role == OLD_ROLE:
            return self.is_old(hit)
        if role == HIT_ROLE:
            return hit
        if role == FIT_ROLE:
            return self.fit(hit)
        if role == SLUG_ROLE:
            return hit.slug
        return None


class ResultDelegate(QStyledItemDelegate):
    """Three lines per result: title (matches marked), kind · organization · place · year, and
    the snippet; every row the same height so the view can use uniform item sizes."""

    PADDING = 8

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # The scheme's colours (the window sets them when the theme changes).
        self.colors: Colors = LIGHT

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        title = QFont(base)
        title.setPointSizeF(base.pointSizeF() * 1.08)
        title.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.92)
        return title, small, base

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        title, small, base = self._fonts(option)
        height = (
            QFontMetrics(title).height()
            + QFontMetrics(small).height()
            + QFontMetrics(base).height()
            + 2 * self.PADDING
            + 4
        )
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, Hit):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.fillRect(rect, palette.highlight())
        elif index.row() % 2:
            painter.fillRect(rect, palette.alternateBase())
        text_color = palette.highlightedText().color() if selected else palette.text().color()
        muted = palette.placeholderText().color() if not selected else text_color
        title_font, small, base = self._fonts(option)
        pad = self.PADDING
        # the kind's icon, as tall as the title line and a half
        icon_size = round(QFontMetrics(title_font).height() * 1.5)
        kind_icon(hit.kind).paint(
            painter, QRect(rect.left() + pad, rect.top() + pad, icon_size, icon_size)
        )
        left = rect.left() + 2 * pad + icon_size
        width = rect.width() - 3 * pad - icon_size
        top = rect.top() + pad
        mark = None if selected else QColor(self.colors.mark)
        # title, with the matched words marked
        metrics = QFontMetrics(title_font)
        line = QRect(left, top, width, metrics.height())
        fonts = (title_font, title_font)
        _draw_marked(
            painter, line, hit.title, hit.title_spans, fonts=fonts, color=text_color, mark=mark
        )
        top += metrics.height() + 2
        painter.setFont(small)
        metrics = QFontMetrics(small)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        meta = meta_line(hit, index.data(FIT_ROLE) or "", old=bool(index.data(OLD_ROLE)))
        x = left
        if meta.startswith(OLD_MARK):  # the warning in its colour, then the rest muted
            warning, _, meta = meta.partition(" · ")
            painter.setPen(text_color if selected else QColor(self.colors.warning))
            painter.drawText(QRect(x, top, width, metrics.height()), flags, warning)
            x += metrics.horizontalAdvance(warning + " · ")
        painter.setPen(muted)
        room = max(0, left + width - x)
        painter.drawText(
            QRect(x, top, room, metrics.height()),
            flags,
            metrics.elidedText(meta, Qt.TextElideMode.ElideRight, room),
        )
        top += metrics.height() + 2
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        line = QRect(left, top, width, QFontMetrics(base).height())
        fonts = (base, bold)
        _draw_marked(
            painter, line, hit.snippet, hit.snippet_spans, fonts=fonts, color=text_color, mark=mark
        )
        painter.restore()


def _pieces(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, matched) runs by ``spans``, on one line."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for span_start, span_end in sorted(spans):
        start, end = max(span_start, at), min(span_end, len(text))
        if start >= end:
            continue
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return [(piece.replace("\n", " "), marked) for piece, marked in pieces]


def _draw_marked(
    painter: QPainter,
    rect: QRect,
    text: str,
    spans: list[tuple[int, int]],
    *,
    fonts: tuple[QFont, QFont],
    color: QColor,
    mark: QColor | None,
) -> None:
    """Draw one line of ``text`` in ``rect``, the ``spans`` in the second of ``fonts`` on
    ``mark``, eliding at the right edge."""
    x = rect.left()
    right = rect.right()
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    painter.setPen(color)
    font, marked_font = fonts
    for whole, marked in _pieces(text, spans):
        piece = whole
        use = marked_font if marked else font
        metrics = QFontMetrics(use)
        advance = metrics.horizontalAdvance(piece)
        room = right - x
        if room <= 0:
            break
        if advance > room:
            piece = metrics.elidedText(piece, Qt.TextElideMode.ElideRight, room)
            advance = metrics.horizontalAdvance(piece)
        painter.setFont(use)
        box = QRect(x, rect.top(), advance, rect.height())
        if marked and mark is not None:
            painter.fillRect(box.adjusted(-1, 1, 1, -1), mark)
        painter.drawText(box, flags, piece)
        x += advance
        if advance >= room:
            break
