"""Settings: appearance, text size, and when facts count as old."""

from __future__ import annotations

from typing import Any

from csec_desktop.catalog.preferences import STALE_MONTHS_RANGE, Preferences
from csec_desktop.ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)
from csec_desktop.ui.theme import TEXT_SIZES, THEMES


class SettingsDialog(QDialog):
    """Edit :class:`Preferences`; :meth:`chosen` returns what the user picked."""

    def __init__(self, current: Preferences, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.theme_combo = QComboBox()
        self.theme_combo.setObjectName("themeCombo")
        for value, label in THEMES:
            self.theme_combo.addItem(label, value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(current.theme)))
        self.theme_combo.setAccessibleName("Appearance")
        form.addRow("&Appearance:", self.theme_combo)

        self.text_size_combo = QComboBox()
        self.text_size_combo.setObjectName("textSizeCombo")
        sizes = sorted({*TEXT_SIZES, current.text_size})
        for size in sizes:
            self.text_size_combo.addItem("Same as the system" if size == 0 else f"{size} pt", size)
        self.text_size_combo.setCurrentIndex(self.text_size_combo.findData(current.text_size))
        self.text_size_combo.setAccessibleName("Text size")
        form.addRow("&Text size:", self.text_size_combo)

        self.stale_spin = QSpinBox()
        self.stale_spin.setObjectName("staleSpin")
        self.stale_spin.setRange(*STALE_MONTHS_RANGE)
        self.stale_spin.setSuffix(" months")
        self.stale_spin.setValue(current.stale_months)
        self.stale_spin.setAccessibleName("Warn when facts were last verified longer ago than")
        form.addRow("&Warn about facts older than:", self.stale_spin)

        hint = QLabel(
            "Resources whose facts were last verified longer ago than this are marked "
            "⚠ in their details, so that you check them before passing them on."
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def chosen(self) -> Preferences:
        """The preferences as the dialog shows them."""
        return Preferences(
            theme=str(self.theme_combo.currentData()),
            text_size=int(self.text_size_combo.currentData()),
            stale_months=self.stale_spin.value(),
        )
