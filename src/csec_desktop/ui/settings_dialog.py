"""Settings: appearance, text size, when facts count as old, the window's language and the
agency server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csec_desktop.catalog.user.preferences import LANGUAGE_CHOICES, STALE_MONTHS_RANGE, Preferences
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

# Each language by its own name, as a speaker of it looks for it (never translated).
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


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
        self.setWindowTitle(self.tr("Settings"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.theme_combo = QComboBox()
        self.theme_combo.setObjectName("themeCombo")
        for value, label in THEMES:
            self.theme_combo.addItem(self.tr(label), value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(current.theme)))
        self.theme_combo.setAccessibleName(self.tr("Appearance"))
        form.addRow(self.tr("&Appearance:"), self.theme_combo)

        self.text_size_combo = QComboBox()
        self.text_size_combo.setObjectName("textSizeCombo")
        sizes = sorted({*TEXT_SIZES, current.text_size})
        for size in sizes:
            said = self.tr("Same as the system") if size == 0 else self.tr("{size} pt")
            self.text_size_combo.addItem(said.format(size=size), size)
        self.text_size_combo.setCurrentIndex(self.text_size_combo.findData(current.text_size))
        self.text_size_combo.setAccessibleName(self.tr("Text size"))
        form.addRow(self.tr("&Text size:"), self.text_size_combo)

        self.stale_spin = QSpinBox()
        self.stale_spin.setObjectName("staleSpin")
        self.stale_spin.setRange(*STALE_MONTHS_RANGE)
        self.stale_spin.setSuffix(self.tr(" months"))
        self.stale_spin.setValue(current.stale_months)
        self.stale_spin.setAccessibleName(
            self.tr("Warn when facts were last verified longer ago than")
        )
        form.addRow(self.tr("&Warn about facts older than:"), self.stale_spin)

        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageCombo")
        for code in LANGUAGE_CHOICES:
            name = LANGUAGE_NAMES.get(code) or self.tr("Same as the system")
            self.language_combo.addItem(name, code)
        # A code the window does not have (it is in English meanwhile) shows as "system".
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(current.language)))
        self.language_combo.setAccessibleName(self.tr("Language of the window"))
        form.addRow(self.tr("&Language:"), self.language_combo)

        hint = QLabel(
            self.tr(
                "Resources whose facts were last verified longer ago than this are marked "
                "⚠ in their details, so that you check them before passing them on. "
                "A new language takes effect the next time you start the desk."
            )
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
            box = QGroupBox(self.tr("Agency server"))
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
            language=str(self.language_combo.currentData()),
        )
