"""A stand-in for the ``sounddevice`` module: the only fake in the recording tests.

It sits exactly at the boundary the app cannot control (the sound card) and plays real audio
into the real Recorder from its own thread, the way PortAudio does.

Usage::

    from tests.fakes import FakeSoundDevice   # run pytest as `python -m pytest` from the repo root
    sd = FakeSoundDevice("tests/fixtures/great_pitch.wav", samplerate=48000, speed=20)
    rec = Recorder(paths.recordings, sd=sd)        # Recorder(..., sd=sd) or list_input_devices(sd)
    rec.start(); sd.source_done.wait(10); result = rec.stop()

Constructor options (all keyword except ``source``):

* ``source``: a WAV path or a float32 mono array at ``source_rate``; it is resampled (FFT, not the
  app's resampler) to ``samplerate`` and rounded to the int16 grid, like a 16-bit device.
  ``played`` holds exactly those device-rate samples. None = silence only.
* ``samplerate``: the device's default rate (48000). ``blocksize``: frames per callback (480 = 10 ms).
* ``speed``: 1.0 = real-time pacing (the UI flow tests use this), 20 = twenty times faster,
  ``None`` = the source as fast as possible, then silence in real time.
* ``lead_silence_seconds``: silence delivered before the source (real mics start with room tone).
* After the source, the device keeps delivering silence until stopped (a real mic never ends);
  ``source_done`` (threading.Event) is set once every source sample was delivered.
* ``lose_after_seconds``: "unplug": after that much audio the callbacks stop, ``active`` turns
  False and ``finished_callback`` fires, exactly what PortAudio does (shared/docs/audio-devices.md).
* ``stall_after_seconds``: callbacks stop but the stream still claims to be active (only a
  watchdog can notice). ``stalled`` (Event) is set when that happens.
* ``hang_on_stop=True``: a stream's ``stop()`` blocks (``stop_hung`` is set) until ``release_stop`` is set,
  as PortAudio's stop did once when the sound server died mid-take.
* ``no_device=True``: no input device at all: errors as PortAudio 19.6 gives them.
* ``open_error``: an exception instance raised when the stream is opened (e.g. a busy device:
  ``FakeSoundDevice.PortAudioError("Error opening InputStream: Device unavailable [PaErrorCode -9985]")``).
* ``devices``: the device list (dicts like ``sd.query_devices()`` returns); default: one
  microphone "Fake USB Mic" at index 0, which is also the default input.
"""

from __future__ import annotations

import threading
import time
import wave
import weakref
from pathlib import Path
from typing import Any

import numpy as np


class FakePortAudioError(Exception):
    """Mirrors sounddevice.PortAudioError (a plain Exception subclass there too)."""


def read_wav_mono(path: str | Path) -> tuple[np.ndarray, int]:
    """A 16-bit PCM WAV as float32 in [-1, 1) (scale 1/32768, like PortAudio), and its rate."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: only 16-bit PCM test files are supported")
        raw = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        ch = w.getnchannels()
        sr = w.getframerate()
    x = raw.reshape(-1, ch).mean(axis=1) if ch > 1 else raw
    return (x / 32768.0).astype(np.float32), sr


def fft_resample(x: np.ndarray, sr_from: int, sr_to: int) -> np.ndarray:
    """Band-limited resample by zero-padding/truncating the spectrum; independent of the app's resampler."""
    if sr_from == sr_to or not len(x):  # no source (silence only) has nothing to resample
        return x.astype(np.float32)
    n = len(x)
    m = int(round(n * sr_to / sr_from))
    spec = np.fft.rfft(x.astype(np.float64))
    out = np.zeros(m // 2 + 1, dtype=np.complex128)
    k = min(len(spec), len(out))
    out[:k] = spec[:k]
    return (np.fft.irfft(out, m) * (m / n)).astype(np.float32)


def to_int16_grid(x: np.ndarray) -> np.ndarray:
    return (np.clip(np.rint(x * 32768.0), -32768, 32767) / 32768.0).astype(np.float32)


class _Default:
    def __init__(self, index: int) -> None:
        self.device = [index, -1]


class FakeInputStream:
    def __init__(
        self,
        owner: FakeSoundDevice,
        samplerate: float,
        blocksize: int,
        callback: Any,
        finished_callback: Any,
    ) -> None:
        # Weak: the device keeps its streams, and a stream keeping its device made a cycle that held the
        # device's signal (the whole clip, per sample rate) until a full collection.
        self._owner_ref = weakref.ref(owner)
        self.samplerate = float(samplerate)
        self.blocksize = blocksize or owner.blocksize
        self._callback = callback
        self._finished_callback = finished_callback
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._active = False
        self.stopped = True
        self.closed = False
        self.frames_delivered = 0
        self._finished_called = False
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        self._active = True
        self.stopped = False
        self._thread = threading.Thread(target=self._run, name="fake-portaudio", daemon=True)
        self._thread.start()

    def _finish(self) -> None:
        with self._lock:
            if self._finished_called:
                return
            self._finished_called = True
        self._active = False
        if self._finished_callback is not None:
            self._finished_callback()

    def _run(self) -> None:
        o = self._owner_ref()
        if o is None:  # the test dropped its device: nothing more to play
            return
        sr = int(self.samplerate)
        signal = o.signal_for(sr)
        lose = None if o.lose_after_seconds is None else int(o.lose_after_seconds * sr)
        stall = None if o.stall_after_seconds is None else int(o.stall_after_seconds * sr)
        t0 = time.monotonic()
        t_end: float | None = None
        pos = 0
        while not self._stop.is_set():
            if lose is not None and pos >= lose:
                o.lost.set()
                self._finish()  # PortAudio: no error, no status flag, just the end of the stream
                return
            if stall is not None and pos >= stall:
                o.stalled.set()
                self._stop.wait()
                return
            n = self.blocksize
            if lose is not None:
                n = min(n, lose - pos)
            if stall is not None:
                n = min(n, stall - pos)
            block = np.zeros((n, 1), dtype=np.float32)
            if pos < len(signal):
                part = signal[pos : pos + n]
                block[: len(part), 0] = part
            if o.speed is not None:
                due = t0 + (pos + n) / (sr * o.speed)
                delay = due - time.monotonic()
                if delay > 0 and self._stop.wait(delay):
                    return
            elif pos >= len(signal):
                # Unpaced, the source goes as fast as it can; the silence after it comes in real time, as from
                # a microphone. Unpaced silence grew by seconds between the source's end and Stop on a busy
                # machine, and a test meant to Stop right after a 5.5-s clip stopped after 13-17 s of audio.
                if t_end is None:
                    t_end = time.monotonic() - pos / sr
                delay = t_end + (pos + n) / sr - time.monotonic()
                if delay > 0 and self._stop.wait(delay):
                    return
            self._callback(block, n, None, None)
            pos += n
            self.frames_delivered = pos
            if pos >= len(signal):
                o.source_done.set()

    def stop(self) -> None:
        o = self._owner_ref()
        if o is not None and o.hang_on_stop:
            # A sound server that died mid-take: PortAudio's stop never returns (until the test lets it).
            o.stop_hung.set()
            o.release_stop.wait()
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        self.stopped = True
        self._finish()

    abort = stop

    def close(self) -> None:
        self.stop()
        self.closed = True
        # The device keeps its streams (tests look at them), so a closed stream must not keep the
        # Recorder's callbacks: through them the Recorder, its live transcriber and the take's audio stayed
        # in a reference cycle, freed only by a full collection. The latency benchmark's resident memory
        # grew take after take with it (PortAudio's closed stream is dropped by the Recorder instead).
        self._callback = self._finished_callback = None


class FakeSoundDevice:
    PortAudioError = FakePortAudioError

    def __init__(
        self,
        source: str | Path | np.ndarray | None = None,
        *,
        source_rate: int = 16000,
        samplerate: int = 48000,
        blocksize: int = 480,
        speed: float | None = 1.0,
        lead_silence_seconds: float = 0.0,
        lose_after_seconds: float | None = None,
        stall_after_seconds: float | None = None,
        hang_on_stop: bool = False,
        no_device: bool = False,
        open_error: BaseException | None = None,
        devices: list[dict[str, Any]] | None = None,
    ) -> None:
        if isinstance(source, str | Path):
            x, source_rate = read_wav_mono(source)
        elif source is None:
            x = np.zeros(0, dtype=np.float32)
        else:
            x = np.asarray(source, dtype=np.float32).reshape(-1)
        self.source = x
        self.source_rate = source_rate
        self.samplerate = samplerate
        self.blocksize = blocksize
        self.speed = speed
        self.lead_silence_seconds = lead_silence_seconds
        self.lose_after_seconds = lose_after_seconds
        self.stall_after_seconds = stall_after_seconds
        self.hang_on_stop = hang_on_stop
        self.no_device = no_device
        self.open_error = open_error
        if devices is None:
            devices = (
                []
                if no_device
                else [
                    {
                        "index": 0,
                        "name": "Fake USB Mic",
                        "max_input_channels": 1,
                        "max_output_channels": 0,
                        "default_samplerate": float(samplerate),
                    }
                ]
            )
        self.devices = devices
        self.default = _Default(-1 if no_device or not devices else int(devices[0]["index"]))
        self.streams: list[FakeInputStream] = []
        self.source_done = threading.Event()
        self.lost = threading.Event()
        self.stalled = threading.Event()
        self.stop_hung = threading.Event()  # hang_on_stop: a stream's stop() is waiting
        self.release_stop = threading.Event()  # set it to let that stop() return
        self._signals: dict[int, np.ndarray] = {}

    def signal_for(self, sr: int) -> np.ndarray:
        """The exact samples the device delivers at rate ``sr`` (lead silence + source on the int16 grid)."""
        if sr not in self._signals:
            body = to_int16_grid(fft_resample(self.source, self.source_rate, sr))
            lead = np.zeros(int(round(self.lead_silence_seconds * sr)), dtype=np.float32)
            self._signals[sr] = np.concatenate([lead, body])
        return self._signals[sr]

    @property
    def played(self) -> np.ndarray:
        return self.signal_for(self.samplerate)

    def query_devices(self, device: int | str | None = None, kind: str | None = None) -> Any:
        if device is None and kind is None:
            return list(self.devices)
        if device is None:
            device = self.default.device[0]
            if device == -1:
                raise FakePortAudioError("Error querying device -1")
        if isinstance(device, str):
            for d in self.devices:
                if device.lower() in d["name"].lower() and (kind != "input" or d["max_input_channels"] > 0):
                    return dict(d)
            raise ValueError(f"No input device matching {device!r}")
        for d in self.devices:
            if d["index"] == device:
                return dict(d)
        raise FakePortAudioError(f"Error querying device {device}")

    def InputStream(  # mirrors sounddevice's class name
        self,
        device: int | str | None = None,
        samplerate: float | None = None,
        channels: int = 1,
        dtype: str = "float32",
        blocksize: int = 0,
        callback: Any = None,
        finished_callback: Any = None,
        **_: Any,
    ) -> FakeInputStream:
        if self.open_error is not None:
            raise self.open_error
        info = self.query_devices(device, kind="input")
        stream = FakeInputStream(self, samplerate or info["default_samplerate"], blocksize, callback, finished_callback)
        # Resample the source now, while the stream opens, not in its thread once started: on a busy
        # machine the FFT takes ~2 s, and the recorder rightly calls 2 s without a first block a lost device.
        self.signal_for(int(stream.samplerate))
        self.streams.append(stream)
        return stream
