"""Play a take back through sounddevice (PySide6-Essentials has no QtMultimedia).

The output callback only copies the next slice of an array that is already in
memory; position is tracked in frames so the UI can poll it for a play head.
``sounddevice`` is imported lazily and injectable, like the recorder's.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE, Samples
from pitchcoach.core.errors import UserFacingError, portaudio_missing
from pitchcoach.core.messages import msg

log = logging.getLogger(__name__)

NO_OUTPUT = msg("device.no_output")


class PlaybackError(UserFacingError):
    """A user-facing reason why playback could not start."""


def _load_sd(sd: Any | None) -> Any:
    if sd is not None:
        return sd
    try:
        import sounddevice
    except OSError as e:
        raise PlaybackError(msg=portaudio_missing("playback")) from e
    return sounddevice


class Player:
    """Plays one mono float32 array at a time. Safe to call from the GUI thread: start/stop are quick."""

    def __init__(self, sd: Any | None = None) -> None:
        self._sd_injected = sd
        self._stream: Any = None
        self._audio = np.zeros(0, np.float32)
        self._samplerate = SAMPLE_RATE
        self._pos = 0
        self._lock = threading.Lock()
        self._active = False

    @property
    def playing(self) -> bool:
        return self._active

    @property
    def position_seconds(self) -> float:
        return self._pos / self._samplerate if self._samplerate else 0.0

    @property
    def duration_seconds(self) -> float:
        return len(self._audio) / self._samplerate if self._samplerate else 0.0

    def play(self, audio: Samples, samplerate: int, start_seconds: float = 0.0) -> None:
        self.stop()
        sd = _load_sd(self._sd_injected)
        audio = np.asarray(audio, dtype=np.float32).reshape(-1)
        with self._lock:
            self._audio = audio
            self._samplerate = int(samplerate)
            self._pos = max(0, min(len(audio), int(start_seconds * samplerate)))
        try:
            self._stream = sd.OutputStream(
                samplerate=self._samplerate,
                channels=1,
                dtype="float32",
                callback=self._callback,
                finished_callback=self._finished,
            )
            self._active = True
            self._stream.start()
        except Exception as e:  # PortAudioError/ValueError -> user-facing message
            self._active = False
            self._stream = None
            log.exception("opening output stream failed")
            raise PlaybackError(msg=NO_OUTPUT) from e

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        self._active = False
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception:  # a vanished device must not stop the app
                log.warning("closing output stream failed", exc_info=True)

    def _callback(self, outdata: np.ndarray, frames: int, _time: Any, _status: Any) -> None:
        with self._lock:
            chunk = self._audio[self._pos : self._pos + frames]
            self._pos += len(chunk)
        outdata[: len(chunk), 0] = chunk
        if len(chunk) < frames:
            outdata[len(chunk) :, 0] = 0.0
            sd = self._sd_injected
            stop = getattr(sd, "CallbackStop", None) if sd is not None else None
            if stop is None:
                import sounddevice

                stop = sounddevice.CallbackStop
            raise stop

    def _finished(self) -> None:
        self._active = False
