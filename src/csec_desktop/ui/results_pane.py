"""The results pane, the window's middle column: the count and the Sort box, the filter
chips, a spelling suggestion and what the search understood, the results list, and the
search tips that take the list's place when nothing matches.

The pane only builds and lays out these widgets; the search (``ui/search_controller.py``)
fills them, the details (``ui/details_controller.py``) follow the list's current row.
"""

from __future__ import annotations

from csec_desktop.ui.colors import Colors
from csec_desktop.ui.flow_layout import FlowLabel, FlowLayout
from csec_desktop.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
)
from csec_desktop.ui.results import ResultDelegate, ResultsModel

CHIP_STYLE = (
    "QToolButton#filterChip { border: 1px solid palette(mid); border-radius: 10px;"
    " padding: 1px 8px; background: palette(alternate-base); }"
    "QToolButton#filterChip:hover { background: palette(midlight); }"
)


class ResultsPane(QWidget):
    """The results column's widgets, laid out; ``model`` is the list's (the window's)."""

    def __init__(self, model: ResultsModel, colors: Colors) -> None:
        super().__init__()
        # Wraps rather than running into the Sort box when the pane is narrow.
        self.count_label = FlowLabel()
        self.count_label.setObjectName("countLabel")
        self.suggestion_label = QLabel()
        self.suggestion_label.setObjectName("suggestionLabel")
        self.suggestion_label.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion_label.hide()
        # What the search understood: words set aside, a kind or place put first.
        self.notice_label = QLabel()
        self.notice_label.setObjectName("searchNotice")
        self.notice_label.setTextFormat(Qt.TextFormat.RichText)
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        self.sort_combo = QComboBox()
        self.sort_combo.setObjectName("sortCombo")
        self.sort_combo.setAccessibleName(self.tr("Sort results"))
        self.sort_combo.setToolTip(self.tr("Sort results"))
        # As wide as its longest choice at every text size, not as at first show.
        self.sort_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sort_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.clear_filters_button = QPushButton(self.tr("Clear all"))
        self.clear_filters_button.setObjectName("clearFiltersButton")
        self.clear_filters_button.setAccessibleName(self.tr("Clear all filters"))
        self.clear_filters_button.setFlat(True)
        self.chip_bar = QWidget()
        self.chip_bar.setObjectName("filterChips")
        self.chip_bar.setStyleSheet(CHIP_STYLE)
        self.chip_bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # Chips wrap onto more lines when there are more than fit, "Clear all" last.
        self.chip_layout = FlowLayout(self.chip_bar)
        self.chip_layout.setContentsMargins(6, 0, 6, 0)
        self.chip_layout.addWidget(self.clear_filters_button)
        self.chip_bar.hide()

        self.results_model = model
        self.results_view = QListView()
        self.results_view.setObjectName("resultsView")
        self.results_view.setModel(self.results_model)
        self.delegate = ResultDelegate(self.results_view)
        self.delegate.colors = colors
        self.results_view.setItemDelegate(self.delegate)
        self.results_view.setUniformItemSizes(True)
        # Shift/Ctrl pick several results for the sheet; the current one is shown.
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.results_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results_view.setAlternatingRowColors(True)
        self.results_view.setAccessibleName(self.tr("Results"))

        results_layout = QVBoxLayout(self)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.setSpacing(4)
        # The count, then the Sort box on the same line or, when the pane is narrow, below.
        header = FlowLayout(spacing=12)
        header.setContentsMargins(6, 0, 6, 0)
        header.addWidget(self.count_label)
        sort_box = QWidget()
        sort_row = QHBoxLayout(sort_box)
        sort_row.setContentsMargins(0, 0, 0, 0)
        sort_label = QLabel(self.tr("Sort:"))
        sort_label.setBuddy(self.sort_combo)
        sort_row.addWidget(sort_label)
        sort_row.addWidget(self.sort_combo)
        header.addWidget(sort_box)
        results_layout.addLayout(header)
        results_layout.addWidget(self.chip_bar)
        results_layout.addWidget(self.suggestion_label)
        results_layout.addWidget(self.notice_label)
        self.notice_label.setContentsMargins(6, 0, 6, 0)
        self.suggestion_label.setContentsMargins(6, 0, 6, 0)
        results_layout.addWidget(self.results_view, 1)
        self.empty_state = QLabel()  # the search tips (see ui/search_controller.py)
        self.empty_state.setObjectName("emptyState")
        self.empty_state.setTextFormat(Qt.TextFormat.RichText)
        self.empty_state.setWordWrap(True)
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_state.setContentsMargins(18, 18, 18, 18)
        self.empty_state.hide()
        results_layout.addWidget(self.empty_state, 1)
