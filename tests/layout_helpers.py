"""What a user would see cut off or a screen reader would not name, found by walking the
widgets on screen: text measured with the widget's font metrics against the space its
layout gave it, and each interactive widget's name read from Qt's accessibility tree."""

from __future__ import annotations

from collections.abc import Iterator

from csec_desktop.ui.qt import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QAccessible,
    QAccessibleInterface,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPoint,
    QRect,
    QScrollBar,
    QSize,
    QSizeGrip,
    QStatusBar,
    QStyle,
    QStyleOptionComboBox,
    Qt,
    QTextEdit,
    QWidget,
)

#: Widgets a user operates, whose place on screen is checked.
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
)


def shown_widgets(root: QWidget) -> Iterator[QWidget]:
    """``root``'s descendants that are visible on screen (not hidden, not in a closed dock)."""
    for widget in root.findChildren(QWidget):
        if widget.isVisible() and widget.window() is root.window():
            yield widget


def _describe(widget: QWidget) -> str:
    text = widget.property("text")
    said = f" {text!r}" if isinstance(text, str) and text else ""
    return f"{type(widget).__name__} {widget.objectName()!r}{said}"


def _needed(widget: QWidget) -> QSize | None:
    """The size ``widget`` needs to show all of its text, or None when it shows none."""
    if isinstance(widget, QLabel):
        if not widget.text() or (widget.pixmap() is not None and not widget.pixmap().isNull()):
            return None
        if widget.wordWrap():
            return QSize(0, widget.heightForWidth(widget.width()))
        return widget.sizeHint()
    if isinstance(widget, QComboBox):  # the text against the field the style draws it in
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        field = widget.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            widget,
        )
        short = widget.fontMetrics().horizontalAdvance(widget.currentText()) - field.width()
        return QSize(widget.width() + max(0, short), widget.fontMetrics().height())
    if isinstance(widget, QStatusBar) and widget.currentMessage():
        return _message_needs(widget)
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.sizeHint() if isinstance(widget, QCheckBox) else widget.minimumSizeHint()
    return None


def _message_needs(bar: QStatusBar) -> QSize:
    """The width a status bar would need for its message to be whole: Qt draws the message
    from 6 px in, up to 2 px before the first permanent widget still shown (normal widgets
    are hidden while a message is shown), or 12 px before the right edge."""
    right = min(
        [bar.width() - 12]
        + [
            child.x() - 2
            for child in bar.findChildren(QWidget)
            if child.parentWidget() is bar
            and child.isVisible()
            and not isinstance(child, QSizeGrip)
        ]
    )
    short = bar.fontMetrics().horizontalAdvance(bar.currentMessage()) - (right - 6)
    return QSize(bar.width() + max(0, short), 0)


def _clipped_by_ancestors(widget: QWidget, needed: QSize | None) -> bool:
    """True when a parent cuts part of ``widget`` off across (a scrolled area's viewport
    may cut it top or bottom: that part is a scroll away, not lost). Text left-aligned in a
    wider label counts as far as it reaches (``needed``)."""
    width = widget.width()
    if isinstance(widget, QLabel | QCheckBox) and needed is not None and needed.width() > 0:
        width = min(width, needed.width())
    rect = QRect(0, 0, width, widget.height())
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None and not child.isWindow():
        rect = rect.translated(child.pos())
        inside = rect.intersected(QRect(QPoint(0, 0), parent.size()))
        if isinstance(parent.parentWidget(), QAbstractScrollArea):  # scrolls up and down
            if rect.left() >= 0 and rect.right() < parent.width() and inside.isEmpty():
                return False  # a scroll away
            if inside.left() != rect.left() or inside.right() != rect.right():
                return True
        elif inside != rect:
            return True
        rect, child, parent = inside, parent, parent.parentWidget()
    return False


def clipped(root: QWidget) -> list[str]:
    """The shown labels, buttons and boxes whose text does not fit the space they have."""
    found: list[str] = []
    for widget in shown_widgets(root):
        if isinstance(widget, QScrollBar) or widget.width() <= 0:
            continue
        needed = _needed(widget)
        if needed is not None and (
            needed.width() > widget.width() + 1 or needed.height() > widget.height() + 1
        ):
            found.append(
                f"{_describe(widget)} needs {needed.width()}×{needed.height()}, "
                f"has {widget.width()}×{widget.height()}"
            )
        elif (needed is not None or isinstance(widget, INTERACTIVE)) and _clipped_by_ancestors(
            widget, needed
        ):
            found.append(f"{_describe(widget)} is cut off by its parent")
    return found


#: Roles of the things a user operates (scroll bars are named by their role alone).
OPERATED = {
    QAccessible.Role.Button,
    QAccessible.Role.CheckBox,
    QAccessible.Role.RadioButton,
    QAccessible.Role.EditableText,
    QAccessible.Role.ComboBox,
    QAccessible.Role.SpinBox,
    QAccessible.Role.List,
    QAccessible.Role.Table,
    QAccessible.Role.Tree,
    QAccessible.Role.Slider,
    QAccessible.Role.PageTab,
    QAccessible.Role.Link,
}


def accessible_tree(root: QWidget) -> Iterator[tuple[int, QAccessibleInterface]]:
    """(depth, interface) for every node a screen reader can reach under ``root``, in
    the tree's order, leaving out what is invisible."""
    stack = [(0, QAccessible.queryAccessibleInterface(root))]
    while stack:
        depth, node = stack.pop()
        if node is None or node.state().invisible:
            continue
        yield depth, node
        children = [node.child(i) for i in range(node.childCount())]
        stack.extend((depth + 1, c) for c in reversed(children))


def accessible_name(widget: QWidget) -> str:
    """What a screen reader announces as ``widget``'s name."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def unnamed(root: QWidget) -> list[str]:
    """The controls under ``root`` a screen reader has no name in words for."""
    found = []
    for _depth, node in accessible_tree(root):
        name = node.text(QAccessible.Text.Name)
        if node.role() in OPERATED and not any(ch.isalpha() for ch in name):
            widget = node.object()
            what = _describe(widget) if isinstance(widget, QWidget) else repr(name)
            found.append(f"{node.role().name} {what}")
    return found


def tab_stops(window: QWidget) -> list[QWidget]:
    """The widgets Tab visits in ``window``, in order (a spin box's own text field counts
    as the spin box)."""
    stops: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window and len(stops) < 2000:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not isinstance(widget.parentWidget(), QAbstractSpinBox)
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def nameless_tab_stops(window: QWidget) -> list[str]:
    """The places Tab stops at where a screen reader has no name in words to say."""
    return [
        _describe(widget)
        for widget in tab_stops(window)
        if not any(ch.isalpha() for ch in accessible_name(widget))
    ]
