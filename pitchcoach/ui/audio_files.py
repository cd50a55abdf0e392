"""Choosing audio files to analyse: the Open dialog (it remembers the last folder) and drops."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtWidgets import QFileDialog, QWidget

from pitchcoach.core.settings import SettingsStore

AUDIO_PATTERNS = "*.wav *.flac *.ogg *.mp3 *.m4a *.aac *.opus *.webm *.mp4"


def ask_audio_file(parent: QWidget, settings: SettingsStore) -> Path | None:
    """The file the user chose, or None; the dialog opens where the last file came from."""
    start = settings.value.extra.get("last_open_dir") or str(Path.home())
    audio_filter = QCoreApplication.translate("audio_files", "Audio files ({patterns});;All files (*)").format(
        patterns=AUDIO_PATTERNS
    )
    chosen, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("audio_files", "Open a recording"), start, audio_filter
    )
    if not chosen:
        return None
    path = Path(chosen)
    settings.update(extra=dict(settings.value.extra, last_open_dir=str(path.parent)))
    return path


def local_files(mime: QMimeData) -> list[Path]:
    """The local files in a drag or drop (web links and the like are not files to analyse)."""
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
