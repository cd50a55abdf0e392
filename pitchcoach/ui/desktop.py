"""Where the window meets the desktop: the About box, opening folders, and the window geometry kept between runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from pitchcoach import __version__

DEFAULT_SIZE = (1040, 760)
# The smallest the window may get. The pages scroll below their own minimum instead of overlapping,
# so this only keeps the sidebar and a page in view; it is smaller still on a screen that is
# (a 1400x1000 panel at 200 % offers about 700x470 logical pixels).
MINIMUM_SIZE = (640, 440)


def show_about(parent: QWidget, data_folder: Path) -> None:
    QMessageBox.about(
        parent,
        QCoreApplication.translate("desktop", "About PitchCoach"),
        f"<b>PitchCoach {__version__}</b><br>"
        + QCoreApplication.translate(
            "desktop",
            "Practise a 20-second networking introduction.<br>"
            "Speech is transcribed on this computer; nothing is sent anywhere.<br><br>"
            "Your data: {folder}",
        ).format(folder=data_folder),
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
    fit_to_screen(window)


def available_area(window: QWidget) -> QRect | None:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_to_screen(window: QWidget) -> None:
    """Keep the whole window on the screen it opens on.

    A size saved on a larger monitor, or before the scale factor went up, would otherwise open a
    window bigger than the screen, with its title bar or edges out of reach.
    """
    area = available_area(window)
    if area is None or area.isEmpty():
        return
    window.setMinimumSize(min(MINIMUM_SIZE[0], area.width()), min(MINIMUM_SIZE[1], area.height()))
    # The frame (title bar, borders) is known once shown; before that, leave a typical margin.
    frame = window.frameGeometry()
    extra_w = max(frame.width() - window.width(), 0) if window.isVisible() else 16
    extra_h = max(frame.height() - window.height(), 0) if window.isVisible() else 40
    w = min(window.width(), area.width() - extra_w)
    h = min(window.height(), area.height() - extra_h)
    if (w, h) != (window.width(), window.height()):
        window.resize(max(w, window.minimumWidth()), max(h, window.minimumHeight()))
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, area.left()), max(y, area.top()))


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
