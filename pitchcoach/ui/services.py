"""The services a window needs, built once by the app and passed in (no globals).

Everything here is plain Python: the functions that worker threads run live
here so that they can be called and tested without Qt, and the workers stay
free of logic.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pitchcoach.core.paths import AppPaths
from pitchcoach.core.settings import SettingsStore

log = logging.getLogger(__name__)

MAX_TAKE_SECONDS = 180.0
SAMPLE_RATE = 16000


@dataclass
class TakeOutcome:
    """What the results page shows: the analysis plus what is needed to play the take back."""

    analysis: Any  # pitchcoach.core.analysis.Analysis
    audio16k: np.ndarray
    audio_path: Path | None
    problem: str | None = None  # e.g. "the microphone stopped after 7.4 s": shown above the score
    take_id: int | None = None  # set once saved to the history
    saved_error: str | None = None  # why saving to the history failed, if it did


@dataclass
class Services:
    paths: AppPaths
    settings: SettingsStore
    # The sounddevice module, or a stand-in injected by tests at the device boundary. None = import the real one.
    sd: Any | None = None
    # How folders and files are opened in the desktop (QDesktopServices by default); tests record calls.
    open_path: Callable[[Path], None] | None = None
    # Opened lazily on first use (on the GUI thread) so that start-up does not wait for SQLite.
    store_factory: Callable[[AppPaths], Any] | None = None
    # Replaces the model load (e.g. tests share one loaded model); called on the worker thread.
    analyzer_factory: Callable[[], Any] | None = None
    max_take_seconds: float = MAX_TAKE_SECONDS
    _store: Any = field(default=None, repr=False)
    _store_error: str | None = field(default=None, repr=False)
    _store_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # ---- audio devices -------------------------------------------------------------------
    def list_input_devices(self, refresh: bool = False) -> list[Any]:
        from pitchcoach.core.recorder import list_input_devices

        try:
            return list_input_devices(self.sd, refresh=refresh)
        except Exception:  # noqa: BLE001 - e.g. ImportError from a broken install: same as "no microphone"
            log.warning("listing input devices failed", exc_info=True)
            return []

    def audio_unavailable_reason(self) -> str | None:
        """Why there can be no microphone at all (PortAudio missing), as opposed to none plugged in."""
        if self.sd is not None:
            return None
        try:
            import sounddevice  # noqa: F401 - raises OSError when the PortAudio library is missing
        except (OSError, ImportError):
            from pitchcoach.core.recorder import PORTAUDIO_MISSING

            return PORTAUDIO_MISSING
        return None

    def selected_device(self) -> int | str | None:
        """The device to record from: the saved name if that device still exists, else the default."""
        name = self.settings.value.input_device
        if not name:
            return None
        for d in self.list_input_devices():
            if d.name == name:
                return d.index
        log.info("saved input device %r is gone; using the default", name)
        return None

    def make_recorder(
        self,
        device: int | str | None = None,
        recordings_dir: Path | None = None,
        on_chunk: Callable[[np.ndarray], None] | None = None,
    ) -> Any:
        from pitchcoach.core.recorder import Recorder

        return Recorder(
            recordings_dir or self.paths.recordings,
            device=device,
            max_seconds=self.max_take_seconds,
            sd=self.sd,
            on_chunk=on_chunk,
        )

    def make_player(self) -> Any:
        from pitchcoach.core.playback import Player

        return Player(self.sd)

    def can_play(self) -> bool:
        from pitchcoach.core.playback import has_output_device

        return has_output_device(self.sd)

    def make_live(self, analyzer: Any) -> Any | None:
        """Live transcription for one take (words while speaking, a short wait at Stop); None without it."""
        if analyzer is None or getattr(analyzer, "transcriber", None) is None:
            return None
        try:
            from pitchcoach.core.live import LiveTranscriber
        except ImportError:
            log.info("live transcription is not available in this build", exc_info=True)
            return None
        return LiveTranscriber(analyzer.transcriber)

    # ---- model ---------------------------------------------------------------------------
    def build_analyzer(self) -> Any:
        """Load the model and lexicons. Slow (a second or more): run on a worker thread."""
        if self.analyzer_factory is not None:
            return self.analyzer_factory()
        from pitchcoach.core.analysis import build_analyzer

        return build_analyzer(self.paths, self.settings.value.model_path)

    # ---- history -------------------------------------------------------------------------
    def store(self) -> Any | None:
        """The TakeStore, or None when there is none (not built yet, or the database failed to open)."""
        with self._store_lock:  # opened by the start-up worker, possibly raced by a quick first take
            if self._store is None and self.store_factory is not None and self._store_error is None:
                try:
                    self._store = self.store_factory(self.paths)
                except Exception as e:  # noqa: BLE001 - history must not stop practice
                    from pitchcoach.core.errors import friendly_message

                    log.exception("opening the history failed")
                    self._store_error = friendly_message(e)
            return self._store

    @property
    def store_error(self) -> str | None:
        return self._store_error


# ---- functions run on worker threads ------------------------------------------------------


def finish_recording(recorder: Any) -> Any:
    """Stop the recorder: joins its writer and finalises the WAV (tens of ms), so not on the GUI thread."""
    return recorder.stop()


def analyze_recording(analyzer: Any, recording: Any, target_seconds: float) -> TakeOutcome:
    analysis = analyzer.analyze_audio(recording.audio16k, target_seconds=target_seconds, file=str(recording.path))
    return TakeOutcome(analysis, recording.audio16k, recording.path, recording.problem)


def analyze_live_recording(analyzer: Any, recording: Any, live: Any, target_seconds: float) -> TakeOutcome:
    """Score the live transcript: only the words after the last pause are decoded now."""
    analysis = analyzer.finish_live(live, recording.audio16k, target_seconds=target_seconds, file=str(recording.path))
    return TakeOutcome(analysis, recording.audio16k, recording.path, recording.problem)


def analyze_file(analyzer: Any, path: Path, target_seconds: float) -> TakeOutcome:
    """Decode once and keep the samples for playback. Raises AudioError with a user-facing reason."""
    from pitchcoach.core.audio import decode_audio_with_notes

    audio, notes = decode_audio_with_notes(path)
    analysis = analyzer.analyze_audio(audio, target_seconds=target_seconds, file=str(path), notes=notes)
    return TakeOutcome(analysis, audio, Path(path))


def save_outcome(store: Any | None, outcome: TakeOutcome) -> TakeOutcome:
    """Record the take in the history; the audio is stored before the row (the store's rule).

    A failure here must not hide the result the user just earned, so it is reported on the
    outcome instead of raised; the recording itself is already on disk either way.
    """
    if store is None:
        return outcome
    try:
        take = store.save_take(outcome.analysis, outcome.audio_path if outcome.audio_path else outcome.audio16k)
    except Exception as e:  # noqa: BLE001 - reported to the user on the results page
        from pitchcoach.core.errors import friendly_message

        log.exception("saving the take failed")
        outcome.saved_error = friendly_message(e)
    else:
        outcome.take_id = take.id
    return outcome


def outcome_for_take(take: Any) -> TakeOutcome:
    """A stored take, ready for the results page. Missing or unreadable audio is reported, not raised."""
    audio = np.zeros(0, np.float32)
    problem = None
    if take.audio_path is not None:
        try:
            from pitchcoach.core.audio import decode_audio

            audio = decode_audio(take.audio_path)
        except Exception as e:  # noqa: BLE001 - the scores are still worth showing without audio
            log.warning("could not load audio of take %s: %s", take.id, e)
            problem = f"The audio of this take could not be read ({e}), so it cannot be played."
    return TakeOutcome(take.analysis, audio, take.audio_path, problem, take_id=take.id)
