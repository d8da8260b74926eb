"""The details pane's text view: a QTextBrowser that tells a screen reader which link Tab
has reached (Qt itself says nothing when the keyboard moves from link to link)."""

from __future__ import annotations

from csec_desktop.ui.qt import QTextBrowser

# Zero-width spaces let addresses wrap on screen; they are no part of what is said.
WRAP_MARK = "\u200b"


class DetailBrowser(QTextBrowser):
    """Read-only rich text whose accessible description is the link Tab has reached, as
    "Link: 1-800-786-2929"; a screen reader speaks the description when it changes."""

    def focusNextPrevChild(self, next: bool) -> bool:
        moved = super().focusNextPrevChild(next)  # Tab and Shift+Tab move between links
        cursor = self.textCursor()
        on_link = moved and cursor.hasSelection() and cursor.charFormat().isAnchor()
        text = cursor.selectedText().replace(WRAP_MARK, "") if on_link else ""
        self.setAccessibleDescription(self.tr("Link: {text}").format(text=text) if text else "")
        return moved
