"""Choosing the colour theme: the View ▸ Theme menu, the saved setting, and the system's light/dark changes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu

from pitchcoach.core.settings import THEMES, SettingsStore
from pitchcoach.ui.theme import Colors, apply_theme


class ThemeSwitch(QObject):
    changed = Signal(str, object)  # (mode, Colors), after the theme was applied to the application

    def __init__(self, settings: SettingsStore, menu: QMenu, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for key in THEMES:
            text = self.label(key)
            a = QAction(text, menu, checkable=True)
            a.setChecked(settings.value.theme == key)
            a.triggered.connect(lambda _=False, k=key: self.set_theme(k, save=True))
            group.addAction(a)
            menu.addAction(a)
            self.actions[key] = a
        hints = QGuiApplication.styleHints()
        if hints is not None:
            hints.colorSchemeChanged.connect(self._system_scheme_changed)

    def label(self, key: str) -> str:
        """A theme's name in the interface language."""
        return {"system": self.tr("Follow the system"), "light": self.tr("Light"), "dark": self.tr("Dark")}[key]

    def set_theme(self, mode: str, save: bool) -> None:
        if save:
            self.settings.update(theme=mode)
        if mode in self.actions:
            self.actions[mode].setChecked(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            colors: Colors = apply_theme(app, mode)
            self.changed.emit(mode, colors)

    def _system_scheme_changed(self, *_: object) -> None:
        if self.settings.value.theme == "system":
            self.set_theme("system", save=False)
