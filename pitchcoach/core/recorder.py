"""Microphone capture that never loses what the person said.

Design, in the order the audio flows:

* PortAudio calls ``_callback`` on its own real-time thread. It only copies the block into a
  queue and notes the time: any disk or maths work there risks dropouts.
* A writer thread drains the queue, streams 16-bit PCM to a WAV in the recordings folder and
  rewrites the header size fields every flush (fsync at least twice a second), so a crash or
  power cut loses at most about half a second and the partial file still plays.
* The writer also measures the level for the meter and resamples to 16 kHz as it goes (PyAV's
  libswresample, already a faster-whisper dependency), so Stop has nothing left to resample and
  ``on_chunk`` can feed live transcription.
* A lost device raises nothing in PortAudio (see shared/docs/audio-devices.md): callbacks just
  stop. We notice it three ways: ``finished_callback`` firing without our stop, the stream going
  inactive, or no callback for longer than ``watchdog_seconds`` by the injectable clock.

``sounddevice`` is imported lazily (importing it raises OSError when PortAudio is missing) and
can be injected, so tests drive the real code with a fake device at that boundary only.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import numpy as np

from pitchcoach.core.audio import MAX_FILE_SECONDS, SILENCE_DB, Samples, StreamResampler, rms_db
from pitchcoach.core.errors import UserFacingError, portaudio_missing
from pitchcoach.core.messages import Message, english, msg
from pitchcoach.core.paths import make_private_dirs
from pitchcoach.core.wavfile import WavStream

log = logging.getLogger(__name__)

# PortAudio's own float<->int16 conversion uses 1/32768; using the same scale makes the WAV
# bit-exact with what an int16 device delivered.
_INT16_SCALE = 32768.0

PORTAUDIO_MISSING = portaudio_missing("input")
NO_MICROPHONE = msg("device.no_microphone")
DEVICE_BUSY = msg("device.busy")
# The longest take: past 3 minutes it is no longer an introduction, and the file would keep growing unattended.
# One limit for a take, recorded or opened from a file (core.audio).
MAX_TAKE_SECONDS = MAX_FILE_SECONDS


class RecorderError(UserFacingError):
    """A user-facing reason why recording could not start: what went wrong and the fix."""


@dataclass
class InputDevice:
    index: int
    name: str
    default_samplerate: float
    is_default: bool


@dataclass
class RecordingResult:
    path: Path
    seconds: float
    samplerate: int
    audio16k: Samples  # the whole take, at SAMPLE_RATE
    device_lost: bool
    cap_reached: bool
    problem: str | None  # user-facing message when the take ended by itself or was not fully saved (English)
    problem_msg: Message | None = None  # the same, to show in the interface language


def _load_sd(sd: Any | None) -> Any:
    """The sounddevice module (or the injected stand-in); RecorderError when PortAudio is missing."""
    if sd is not None:
        return sd
    try:
        import sounddevice
    except OSError as e:  # sounddevice raises OSError at import when libportaudio is absent
        log.warning("sounddevice import failed: %s", e)
        raise RecorderError(msg=PORTAUDIO_MISSING) from e
    return sounddevice


def _default_input_index(sd: Any) -> int:
    try:
        dev = sd.default.device
        idx = dev if isinstance(dev, int | str) else dev[0]  # (input, output) pair normally
        return int(idx)
    except Exception:  # noqa: BLE001 - a broken default must not hide the device list
        return -1


def list_input_devices(sd: ModuleType | Any | None = None, refresh: bool = False) -> list[InputDevice]:
    """Input devices, default first-class; [] when PortAudio is missing or nothing is plugged in.

    ``refresh`` re-enumerates (PortAudio only scans at initialisation, so a replugged microphone
    is invisible until then). Only refresh while no stream is open.
    """
    try:
        sd = _load_sd(sd)
    except RecorderError:
        return []
    try:
        if refresh and hasattr(sd, "_terminate"):
            sd._terminate()
            sd._initialize()
        devices = list(sd.query_devices())
    except Exception as e:  # noqa: BLE001 - listing is advisory; the UI shows "no microphone"
        log.warning("query_devices failed: %s", e)
        return []
    default = _default_input_index(sd)
    out = []
    for i, d in enumerate(devices):
        if int(d.get("max_input_channels", 0)) <= 0:
            continue
        index = int(d.get("index", i))
        out.append(
            InputDevice(
                index=index,
                name=str(d.get("name", f"device {index}")),
                default_samplerate=float(d.get("default_samplerate", 44100.0)),
                is_default=index == default,
            )
        )
    return out


def _open_error_message(e: BaseException, device: int | str | None) -> Message:
    text = str(e)
    low = text.lower()
    if isinstance(e, ValueError) and "no input device matching" in low:
        return msg("device.not_connected", device=repr(device))
    if "-9985" in text or "device unavailable" in low or "busy" in low:
        return DEVICE_BUSY
    if "error querying device -1" in low or "-9996" in text or "invalid device" in low:
        return NO_MICROPHONE
    if "-9993" in text or "illegal combination" in low:
        return msg("device.disconnected")
    return msg("device.open_failed", error=text)


def cap_message(seconds: float) -> Message:
    """Why a take that reached the longest allowed length stopped."""
    if seconds >= 60 and seconds % 60 == 0:
        return msg("recording.cap_minutes", n=int(seconds // 60))
    return msg("recording.cap_seconds", n=f"{seconds:g}")


def _stop_and_close(stream: Any) -> None:
    try:
        stream.stop()
    except Exception:  # a vanished device may fail to stop; the data is ours already
        log.exception("stream.stop failed")
    try:
        stream.close()
    except Exception:
        log.exception("stream.close failed")


class Recorder:
    """One take from one input device. Create a new Recorder for each take.

    Thread model: ``start``/``stop`` and the properties are called from the owner's thread (the
    GUI polls the properties at ~30 Hz); the writer thread is the only one touching the file.
    """

    FLUSH_SECONDS = 0.5

    def __init__(
        self,
        recordings_dir: Path,
        device: int | str | None = None,
        max_seconds: float = MAX_TAKE_SECONDS,
        sd: Any | None = None,
        clock: Callable[[], float] = time.monotonic,
        on_chunk: Callable[[Samples], None] | None = None,
        watchdog_seconds: float = 1.0,
        blocksize: int = 0,
    ) -> None:
        self.recordings_dir = Path(recordings_dir)
        self.device = device
        self.max_seconds = float(max_seconds)
        # How long closing the stream may take before the take goes on without it (_close_stream).
        self.close_timeout = 3.0
        self._sd_injected = sd
        self._clock = clock
        self.on_chunk = on_chunk
        self.watchdog_seconds = float(watchdog_seconds)
        self.blocksize = int(blocksize)

        self._q: queue.Queue[tuple[np.ndarray, float] | None] = queue.Queue()
        self._stream: Any = None
        self._stream_lock = threading.Lock()
        self._writer: threading.Thread | None = None
        self._wav: WavStream | None = None
        self._resampler: StreamResampler | None = None
        self._chunks16k: list[np.ndarray] = []
        self._samplerate = 0
        self._frames = 0
        self._level_db = SILENCE_DB
        self._peak = 0.0
        self._status = "idle"
        self._stop_requested = False
        self._finished_by_device = False  # set by finished_callback
        self._last_callback = 0.0
        self._write_problem: Message | None = None
        self._result: RecordingResult | None = None
        self._path: Path | None = None
        self._done = threading.Event()  # the writer has finalised the file

    # ---- properties polled by the UI -------------------------------------------------------
    @property
    def recording(self) -> bool:
        return self._status == "recording"

    @property
    def status(self) -> str:
        return self._status

    @property
    def elapsed_seconds(self) -> float:
        return self._frames / self._samplerate if self._samplerate else 0.0

    @property
    def level_db(self) -> float:
        return self._level_db

    @property
    def peak(self) -> float:
        return self._peak

    @property
    def samplerate(self) -> int:
        return self._samplerate

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def flushed_seconds(self) -> float:
        """Audio that is already safe on disk (header included)."""
        wav = self._wav
        return wav.flushed_frames / wav.samplerate if wav else 0.0

    def wait_finished(self, timeout: float | None = None) -> bool:
        """Block until the take ended by itself (cap, lost device) or was stopped."""
        return self._done.wait(timeout)

    # ---- start / stop ----------------------------------------------------------------------
    def _device_samplerate(self, sd: Any) -> int:
        try:
            info = sd.query_devices(self.device, kind="input")
        except ValueError as e:
            raise RecorderError(msg=_open_error_message(e, self.device)) from e
        except Exception as e:  # PortAudioError and friends, mapped to a message
            if not list_input_devices(sd):
                raise RecorderError(msg=NO_MICROPHONE) from e
            raise RecorderError(msg=_open_error_message(e, self.device)) from e
        if int(info.get("max_input_channels", 0)) <= 0:
            raise RecorderError(msg=NO_MICROPHONE)
        sr = int(round(float(info.get("default_samplerate") or 48000)))
        return sr if sr > 0 else 48000

    def _new_path(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return self.recordings_dir / f"take-{stamp}-{secrets.token_hex(3)}.wav"

    def start(self) -> Path:
        if self._status != "idle" or self._writer is not None:
            raise RecorderError(msg=msg("device.used"))
        sd = _load_sd(self._sd_injected)
        self._sd = sd
        self._samplerate = self._device_samplerate(sd)
        try:
            make_private_dirs(self.recordings_dir)
            path = self._new_path()
            self._wav = WavStream(path, self._samplerate)
        except OSError as e:
            log.exception("cannot create recording file in %s", self.recordings_dir)
            raise RecorderError(
                msg=msg("device.file_failed", folder=str(self.recordings_dir), reason=str(e.strerror or e))
            ) from e
        self._path = path
        self._resampler = StreamResampler(self._samplerate)
        try:
            self._stream = sd.InputStream(
                device=self.device,
                samplerate=self._samplerate,
                channels=1,
                dtype="float32",
                blocksize=self.blocksize,
                callback=self._callback,
                finished_callback=self._finished_callback,
            )
            self._last_callback = self._clock()
            self._status = "recording"
            self._stream.start()
        except Exception as e:  # PortAudioError/ValueError -> user-facing message
            log.exception("opening input stream failed (device=%r)", self.device)
            self._status = "idle"
            self._close_stream()
            self._wav.close()
            with contextlib.suppress(OSError):
                path.unlink()  # empty: nothing recorded yet
            self._wav = None
            self._path = None
            raise RecorderError(msg=_open_error_message(e, self.device)) from e
        self._writer = threading.Thread(target=self._writer_loop, name="recorder-writer", daemon=True)
        self._writer.start()
        log.info("recording to %s at %d Hz (device=%r)", path, self._samplerate, self.device)
        return path

    def stop(self) -> RecordingResult:
        """Stop (if still running), finalise the WAV and return the take. Safe to call twice."""
        if self._result is not None:
            return self._result
        if self._writer is None:
            raise RecorderError(msg=msg("device.not_started"))
        self._stop_requested = True
        self._close_stream()  # drains PortAudio; no callbacks after this returns
        self._q.put(None)
        self._writer.join()
        assert self._wav is not None and self._resampler is not None
        tail = self._resampler.flush()
        if len(tail):
            self._chunks16k.append(tail)
            self._emit(tail)
        audio = np.concatenate(self._chunks16k) if self._chunks16k else np.zeros(0, np.float32)
        device_lost = self._status == "device_lost"
        cap = self._status == "cap_reached"
        parts: list[Message] = []
        if cap:
            parts.append(cap_message(self.max_seconds))
        elif device_lost:
            parts.append(msg("recording.lost", seconds=f"{self.elapsed_seconds:.1f}"))
        if self._write_problem:
            parts.append(self._write_problem)
        problem_msg = (parts[0] if len(parts) == 1 else msg("text.sentences", parts=parts)) if parts else None
        if self._status == "recording":
            self._status = "idle"
        self._result = RecordingResult(
            path=self._wav.path,
            seconds=self.elapsed_seconds,
            samplerate=self._samplerate,
            audio16k=audio.astype(np.float32, copy=False),
            device_lost=device_lost,
            cap_reached=cap,
            problem=english().render(problem_msg) if problem_msg is not None else None,
            problem_msg=problem_msg,
        )
        log.info("take finished: %s, %.2f s, status %s", self._wav.path, self.elapsed_seconds, self._status)
        return self._result

    # ---- PortAudio thread ------------------------------------------------------------------
    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        # Real-time thread: copy and timestamp only.
        self._last_callback = self._clock()
        self._q.put_nowait((indata.copy(), self._last_callback))

    def _finished_callback(self) -> None:
        if not self._stop_requested:
            self._finished_by_device = True

    # ---- writer thread ---------------------------------------------------------------------
    def _close_stream(self) -> None:
        with self._stream_lock:
            stream, self._stream = self._stream, None
        if stream is None:
            return
        # PortAudio's stop joins its own audio thread. When the sound server dies mid-take, that thread can
        # sit in the server's client library for ever, and so would stop(): the take would never finish
        # (seen once in CI after the virtual mic's PulseAudio was killed: the writer and Stop both waited in
        # Pa_StopStream). Stop and close on a thread of their own and wait a bounded time: the samples are ours
        # already, and a device that does not answer is left behind rather than the person's take.
        closer = threading.Thread(target=_stop_and_close, args=(stream,), name="audio-close", daemon=True)
        closer.start()
        closer.join(self.close_timeout)
        if closer.is_alive():
            log.warning("the audio device did not stop within %.1f s; the take goes on without it", self.close_timeout)

    def _emit(self, x16: np.ndarray) -> None:
        if self.on_chunk is None or len(x16) == 0:
            return
        try:
            self.on_chunk(x16)
        except Exception:  # live feedback is optional; never lose the recording for it
            log.exception("on_chunk hook failed; live feedback disabled for this take")
            self.on_chunk = None

    def _device_looks_lost(self) -> bool:
        if self._finished_by_device:
            return True
        stream = self._stream
        if stream is not None:
            with contextlib.suppress(Exception):
                if not stream.active:
                    return True
        # Some devices take a moment to deliver the first block; do not call that a loss.
        limit = self.watchdog_seconds if self._frames else max(self.watchdog_seconds, 2.0)
        return self._clock() - self._last_callback > limit

    def _handle_block(self, block: np.ndarray) -> None:
        assert self._wav is not None and self._resampler is not None
        x = block[:, 0] if block.ndim == 2 else block
        cap_frames = int(round(self.max_seconds * self._samplerate))
        room = cap_frames - self._frames
        if room <= 0:
            return
        if len(x) >= room:
            x = x[:room]
        if len(x):
            if self._write_problem is None:
                pcm = np.clip(np.rint(x * _INT16_SCALE), -32768, 32767).astype(np.int16)
                try:
                    self._wav.write(pcm)
                except OSError as e:
                    self._file_failed(e)
            x16 = self._resampler.process(x)
            if len(x16):
                self._chunks16k.append(x16)
            self._level_db = rms_db(x)
            self._peak = float(np.max(np.abs(x)))
            self._frames += len(x)
            self._emit(x16)
        if self._frames >= cap_frames:
            self._status = "cap_reached"

    def _file_failed(self, e: OSError) -> None:
        # Keep recording into memory: the take is still analysed and can be saved again.
        log.exception("writing %s failed", self._wav.path if self._wav else "?")
        self._write_problem = msg("recording.write_failed", reason=str(e.strerror or e))

    def _maybe_flush(self, force: bool = False) -> None:
        wav = self._wav
        if wav is None or self._write_problem is not None:
            return
        if force or wav.frames - wav.flushed_frames >= self.FLUSH_SECONDS * self._samplerate:
            try:
                wav.flush()
            except OSError as e:
                self._file_failed(e)

    def _writer_loop(self) -> None:
        try:
            while True:
                item: tuple[np.ndarray, float] | Literal[False] | None
                try:
                    item = self._q.get(timeout=0.1)
                except queue.Empty:
                    item = False
                if item is None:  # stop() sentinel: everything PortAudio delivered is in
                    break
                if item is False:
                    self._maybe_flush(force=True)  # idle anyway: make everything safe now
                    if not self._stop_requested and self._device_looks_lost():
                        # Drain what arrived in the meantime, then end the take.
                        self._drain_nowait()
                        if self._status == "recording":
                            self._status = "device_lost"
                            log.warning("input device lost after %.2f s", self.elapsed_seconds)
                        break
                    continue
                self._handle_block(item[0])
                self._maybe_flush()
                if self._status == "cap_reached":
                    break
        except Exception:  # never let the writer die silently with the take open
            log.exception("recorder writer crashed")
            self._write_problem = self._write_problem or msg("recording.internal")
            if self._status == "recording":
                self._status = "device_lost"
        finally:
            if self._status != "recording":
                self._stop_requested = True
                self._close_stream()
            if self._wav is not None:
                try:
                    self._wav.close()
                except OSError as e:
                    self._file_failed(e)
            self._done.set()

    def _drain_nowait(self) -> None:
        while True:
            try:
                item = self._q.get_nowait()
            except queue.Empty:
                return
            if item is None:
                continue
            self._handle_block(item[0])
