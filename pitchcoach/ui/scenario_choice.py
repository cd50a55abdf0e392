"""The scenario picker (issue 26): what the next take is practised for, on the Practice page.

Picking a scenario saves it; the timer, the word or character budget and the scoring follow its target
length (Services.target_seconds). Custom uses the user's own target, the one set on the Settings page,
which no scenario overwrites. Under the menu, one line says what the room is and what it requires.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from pitchcoach.core.scenarios import DEFAULT_SCENARIO, Scenario, ScenarioCatalog
from pitchcoach.core.settings import SettingsStore
from pitchcoach.ui.i18n import current_ui_language
from pitchcoach.ui.widgets import label


def describe(s: Scenario) -> str:
    """One line about the room: its length, what it is, and what the pitch must hold."""
    length = (
        QCoreApplication.translate("scenario_choice", "{seconds} s").format(seconds=f"{s.target_seconds:.0f}")
        if s.target_seconds is not None
        else QCoreApplication.translate("scenario_choice", "your own target")
    )
    ui = current_ui_language()
    text = QCoreApplication.translate("scenario_choice", "{length}. {description}").format(
        length=length, description=s.description_in(ui)
    )
    if s.required:
        needs = QCoreApplication.translate("scenario_choice", "; ").join(
            (label := r.label_in(ui))[:1].lower() + label[1:] for r in s.required
        )
        text += QCoreApplication.translate("scenario_choice", " Required: {needs}.").format(needs=needs)
    return text


class ScenarioPicker(QWidget):
    changed = Signal(str)  # the scenario's name, after the settings were saved

    def __init__(self, settings: SettingsStore, catalog: ScenarioCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.catalog = catalog
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        name = label(self.tr("Practising for"), "muted")
        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr("Scenario"))
        self.combo.setToolTip(
            self.tr(
                "The room you are practising for: the timer, the budget and the scoring follow it "
                "(Custom: your own target, set in Settings)"
            )
        )
        name.setBuddy(self.combo)
        row.addWidget(name)
        row.addWidget(self.combo)
        row.addStretch(1)
        col.addLayout(row)
        self.about = label("", "muted", wrap=True)
        self.about.setAccessibleName(self.tr("About this scenario"))
        col.addWidget(self.about)
        self._fill(settings.value.pitch_language)
        self.combo.currentIndexChanged.connect(self._chosen)

    @property
    def scenario(self) -> Scenario:
        return self.catalog.find(str(self.combo.currentData()), self._language) or self.catalog.default

    def _fill(self, language: str) -> None:
        """The scenarios there are in the pitch language (English ones where it has none of its own)."""
        self._language = language if language in self.catalog.by_language else "en"
        self.combo.blockSignals(True)
        self.combo.clear()
        for n in self.catalog.names(self._language):
            s = self.catalog.get(n, self._language)
            # The interface's words for the room; the pitch language only decides which rooms there are.
            self.combo.addItem(s.title_in(current_ui_language()), n)
            self.combo.setItemData(
                self.combo.count() - 1, s.description_in(current_ui_language()), Qt.ItemDataRole.ToolTipRole
            )
        idx = self.combo.findData(self.settings.value.scenario)
        self.combo.setCurrentIndex(idx if idx >= 0 else max(0, self.combo.findData(DEFAULT_SCENARIO)))
        self.combo.blockSignals(False)
        self.about.setText(describe(self.scenario))

    def show_scenario(self, name: str) -> None:
        """Show a scenario chosen elsewhere (Settings' own target picks Custom), without saving it again."""
        idx = self.combo.findData(name)
        if idx >= 0:
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(idx)
            self.combo.blockSignals(False)
            self.about.setText(describe(self.scenario))

    def show_language(self, code: str) -> None:
        """The pitch language changed: list its scenarios (the same names), keeping the choice."""
        self._fill(code)

    def _chosen(self, _index: int) -> None:
        s = self.scenario
        self.settings.update(scenario=s.name)
        self.about.setText(describe(s))
        self.changed.emit(s.name)
