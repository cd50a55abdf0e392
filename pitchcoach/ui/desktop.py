"""Where the window meets the desktop: the About box, opening folders, and the window geometry kept between runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from pitchcoach import __version__

DEFAULT_SIZE = (1040, 760)


def show_about(parent: QWidget, data_folder: Path) -> None:
    QMessageBox.about(
        parent,
        "About PitchCoach",
        f"<b>PitchCoach {__version__}</b><br>Practise a 20-second networking introduction.<br>"
        "Speech is transcribed on this computer; nothing is sent anywhere.<br><br>"
        f"Your data: {data_folder}",
    )


def open_folder(opener: Callable[[Path], None] | None, folder: Path) -> None:
    """Show a folder in the file manager (``opener`` is the app's, so tests can record the call)."""
    folder.mkdir(parents=True, exist_ok=True)
    if opener is not None:
        opener(folder)


def restore_geometry(window: QMainWindow, saved: str | None) -> None:
    """Put the window back where the user left it; a missing or damaged value gives the default size."""
    restored = False
    if saved:
        try:
            restored = window.restoreGeometry(QByteArray.fromHex(saved.encode("ascii")))
        except (ValueError, UnicodeError):
            restored = False
    if not restored:
        window.resize(*DEFAULT_SIZE)


def saved_geometry(window: QMainWindow) -> str:
    """The window's geometry as text for the settings file."""
    return bytes(window.saveGeometry().toHex().data()).decode("ascii")


def open_message(parent: QWidget, title: str, text: str, previous: QMessageBox | None) -> QMessageBox:
    """A warning the user must see, replacing the one before it. Window-modal but non-blocking, so
    workers and tests keep running while it is up."""
    if previous is not None:
        previous.close()
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName(title)
    box.open()
    return box
