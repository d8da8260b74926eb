"""Settings: appearance, text size, when facts count as old, and the agency server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csec_desktop.catalog.preferences import STALE_MONTHS_RANGE, Preferences
from csec_desktop.ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)
from csec_desktop.ui.theme import TEXT_SIZES, THEMES

if TYPE_CHECKING:
    from csec_desktop.ui.agency_panel import AgencyServerForm


class SettingsDialog(QDialog):
    """Edit :class:`Preferences`; :meth:`chosen` returns what the user picked.

    With an ``agency`` form, the agency server's address is edited here too: OK connects
    to a changed one, and stays open with the reason when it cannot be used.
    """

    def __init__(
        self, current: Preferences, parent: Any = None, agency: AgencyServerForm | None = None
    ) -> None:
        super().__init__(parent)
        self.agency = agency
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
        if agency is not None:
            box = QGroupBox("Agency server")
            box.setObjectName("agencyServerBox")
            QVBoxLayout(box).addWidget(agency)
            layout.addWidget(box)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Close, once a changed agency server has been connected (or none was changed)."""
        if self.agency is not None:
            self.setEnabled(False)  # the connection is made off the GUI thread meanwhile
            try:
                connected = self.agency.apply()
            finally:
                self.setEnabled(True)
            if not connected:
                return
        super().accept()

    def chosen(self) -> Preferences:
        """The preferences as the dialog shows them."""
        return Preferences(
            theme=str(self.theme_combo.currentData()),
            text_size=int(self.text_size_combo.currentData()),
            stale_months=self.stale_spin.value(),
        )
