"""Start-up recovery: recordings a crash left behind without a saved take.

The recorder streams into recordings/ and keeps the WAV header valid on every
flush, and the store writes audio before the row; so after any crash the
evidence is simply an audio file no take points at. We offer those to the user
(analyse or discard) instead of ever deleting them ourselves.
"""

from __future__ import annotations

import json
import logging
import os
import time
import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pitchcoach.core.messages import Message
from pitchcoach.core.paths import PRIVATE_FILE_MODE, open_private
from pitchcoach.core.scenarios import NAME_RE as SCENARIO_NAME
from pitchcoach.core.storage import TakeStore
from pitchcoach.core.storage.audio import move_to_trash, remove_leftovers

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
    skipped: there is nothing in them to analyse; once an hour old they are removed, with what an
    interrupted copy left (``remove_leftovers``).
    """
    skip = {Path(p).resolve() for p in exclude}
    # What a kill during a copy left (issue 23) holds nothing to offer: clear it away first.
    remove_leftovers(store.paths.recordings, store.referenced_audio() | skip, now())
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
    moved = move_to_trash(path, store.trash)
    forget_context(path)
    return moved


# ---- the context kept beside a recording ------------------------------------------------------
# A small JSON file next to the WAV ("take-….wav.json"), written when recording starts: the time,
# the target, the pitch language and the scenario in force, so a recording analysed later (after a
# crash, a quit, a database problem) is dated and scored as it was recorded. ``reason`` says why it
# was left unanalysed, when we know; without one, the app stopped without saying (a crash).


@dataclass
class RecordingContext:
    recorded_at: datetime | None = None  # UTC
    target_seconds: float | None = None
    reason: str | None = None
    reason_msg: Message | None = None  # the reason in the catalog, for an interface in another language
    language: str | None = None  # the pitch language chosen: "en", "zh" or "auto"
    scenario: str | None = None  # what it was practised for (core/scenarios.py)
    # Rehearsal (issue 26): "off", "read_along" or "from_memory", and the written pitch it was said against.
    rehearsal_mode: str | None = None
    script: str | None = None


REHEARSAL_MODES = ("off", "read_along", "from_memory")


def context_path(wav: Path) -> Path:
    return wav.with_name(wav.name + ".json")


def _read(wav: Path) -> dict[str, Any]:
    try:
        data = json.loads(context_path(wav).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(wav: Path, data: dict[str, Any]) -> None:
    """Owner-only (0600) whatever the umask, like the recording beside it (issue 23: it was 0644, or 0666
    at umask 0, until the next start tightened it); never written through a link planted in its place."""
    try:
        fd = open_private(context_path(wav), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "wb") as f:  # no fsync: it is written on the GUI thread as recording starts
            if hasattr(os, "fchmod"):
                os.fchmod(fd, PRIVATE_FILE_MODE)  # an older file kept its mode; O_CREAT's mode is only for new ones
            f.write(json.dumps(data).encode("utf-8"))
    except OSError as exc:  # the recording matters; its context is a nicety
        log.warning("could not keep the context of %s: %s", wav, exc)


def remember_context(
    wav: Path,
    target_seconds: float,
    started: datetime | None = None,
    *,
    language: str | None = None,
    scenario: str | None = None,
    rehearsal_mode: str | None = None,
    script: str | None = None,
) -> None:
    """Called as a recording starts: its time and the target, pitch language, scenario and rehearsal in
    force (the script's text itself, so the take is held against what was on screen as it was said)."""
    when = (started or datetime.now(UTC)).astimezone(UTC)
    data: dict[str, Any] = {"recorded_at": when.isoformat(), "target_seconds": float(target_seconds)}
    data.update({k: v for k, v in (("language", language), ("scenario", scenario)) if v})
    if rehearsal_mode is not None:
        data["rehearsal_mode"] = rehearsal_mode
        if rehearsal_mode != "off" and script and script.strip():
            data["script"] = script
    _write(wav, data)


def note_unsaved(wav: Path, reason: str, message: Message | None = None) -> None:
    """Why a recording is left without a saved take (shown when it is offered again): in English, and as a
    catalog message so that a Chinese interface says it in Chinese (issue 25)."""
    data = {**_read(wav), "reason": reason}
    data.pop("reason_msg", None)
    if message is not None:
        data["reason_msg"] = message.to_dict()
    _write(wav, data)


def forget_context(wav: Path) -> None:
    """The take is saved: its row holds the time and target now."""
    try:
        context_path(wav).unlink(missing_ok=True)
    except OSError as exc:
        log.info("could not remove %s: %s", context_path(wav), exc)


def recording_context(wav: Path) -> RecordingContext:
    """The context kept beside ``wav``; without one, the time is the file's own (its last write
    minus its length, i.e. when recording started), and the target is unknown."""
    data = _read(wav)
    when: datetime | None = None
    try:
        when = datetime.fromisoformat(str(data["recorded_at"])).astimezone(UTC)
    except (KeyError, ValueError):
        try:
            info = describe(wav)
            when = info.modified - timedelta(seconds=info.seconds or 0.0)
        except OSError:
            when = None
    target = data.get("target_seconds")
    reason = data.get("reason")
    language, scenario = data.get("language"), data.get("scenario")
    mode, script = data.get("rehearsal_mode"), data.get("script")
    return RecordingContext(
        recorded_at=when,
        target_seconds=float(target) if isinstance(target, int | float) else None,
        reason=str(reason) if reason else None,
        reason_msg=Message.from_dict(data.get("reason_msg")) if reason else None,
        language=language if language in ("en", "zh", "auto") else None,
        scenario=scenario if isinstance(scenario, str) and SCENARIO_NAME.match(scenario) else None,
        rehearsal_mode=mode if mode in REHEARSAL_MODES else None,
        script=script if isinstance(script, str) and script.strip() and mode in ("read_along", "from_memory") else None,
    )
