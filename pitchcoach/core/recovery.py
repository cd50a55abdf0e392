"""Start-up recovery: recordings a crash left behind without a saved take.

The recorder streams into recordings/ and keeps the WAV header valid on every
flush, and the store writes audio before the row; so after any crash the
evidence is simply an audio file no take points at. We offer those to the user
(analyse or discard) instead of ever deleting them ourselves.
"""

from __future__ import annotations

import logging
import time
import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pitchcoach.core.storage import TakeStore
from pitchcoach.core.storage.audio import move_to_trash

log = logging.getLogger(__name__)

# A file touched this recently may be a take another PitchCoach window is still
# recording (the recorder flushes twice a second), so it is not offered yet.
MIN_AGE_SECONDS = 5.0
_WAV_HEADER_BYTES = 44


@dataclass
class UnsavedRecording:
    path: Path
    modified: datetime  # UTC
    seconds: float | None  # None when the header cannot be read (the user can still try to analyse it)


def find_unsaved_recordings(
    store: TakeStore,
    exclude: Iterable[Path] = (),
    *,
    min_age_seconds: float = MIN_AGE_SECONDS,
    now: Callable[[], float] = time.time,
) -> list[Path]:
    """Orphaned recordings worth offering, oldest first.

    ``exclude`` is the take being recorded right now (and anything else the caller
    is handling). Files with no audio at all (a crash before the first flush) are
    skipped: there is nothing in them to analyse.
    """
    skip = {Path(p).resolve() for p in exclude}
    cutoff = now() - min_age_seconds
    found = []
    for p in store.orphan_recordings():
        if p.resolve() in skip:
            continue
        try:
            st = p.stat()
        except OSError:
            continue
        if st.st_mtime > cutoff:
            continue
        if p.suffix.lower() == ".wav" and st.st_size <= _WAV_HEADER_BYTES:
            continue
        found.append(p)
    return found


def describe(path: Path) -> UnsavedRecording:
    """What the recovery prompt shows: when it was recorded and how long it is."""
    st = path.stat()
    seconds: float | None = None
    try:
        with wave.open(str(path), "rb") as w:
            rate = w.getframerate()
            seconds = w.getnframes() / rate if rate else None
    except (wave.Error, EOFError, OSError):
        log.info("cannot read the header of %s", path, exc_info=True)
    return UnsavedRecording(path=path, modified=datetime.fromtimestamp(st.st_mtime, UTC), seconds=seconds)


def discard_recording(store: TakeStore, path: Path) -> Path:
    """Move an unwanted orphan to the trash (emptied by ``store.purge_trash``), never straight to deletion."""
    return move_to_trash(path, store.trash)
