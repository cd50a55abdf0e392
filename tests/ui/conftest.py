"""Fixtures for the window tests: a real app around a fake sound card (the only fake)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pitchcoach.core.paths import app_paths
from tests.fakes import FakeSoundDevice
from tests.speech import FIXTURES

MIC = {
    "index": 0,
    "name": "Fake USB Mic",
    "max_input_channels": 1,
    "max_output_channels": 0,
    "default_samplerate": 48000.0,
}
SPEAKER = {
    "index": 1,
    "name": "Fake Speakers",
    "max_input_channels": 0,
    "max_output_channels": 2,
    "default_samplerate": 48000.0,
}


class FakeOutputStream:
    """Pulls from the player's callback at real-time pace, like PortAudio, and keeps what it 'played'."""

    def __init__(
        self,
        owner: FakeSoundDeviceWithSpeaker,
        samplerate: float,
        callback: Any,
        finished_callback: Any,
        blocksize: int = 512,
        **_: Any,
    ) -> None:
        self.owner, self.samplerate, self.callback = owner, float(samplerate), callback
        self.finished_callback = finished_callback
        self.blocksize = blocksize or 512
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.active = False

    def start(self) -> None:
        self.active = True
        self._thread = threading.Thread(target=self._run, daemon=True, name="fake-output")
        self._thread.start()

    def _run(self) -> None:
        t0 = time.monotonic()
        n = 0
        try:
            while not self._stop.is_set():
                out = np.zeros((self.blocksize, 1), np.float32)
                try:
                    self.callback(out, self.blocksize, None, None)
                except self.owner.CallbackStop:
                    self.owner.output.append(out[:, 0].copy())
                    break
                self.owner.output.append(out[:, 0].copy())
                n += self.blocksize
                delay = t0 + n / self.samplerate / self.owner.speed - time.monotonic()
                if delay > 0 and self._stop.wait(delay):
                    break
        finally:
            self.active = False
            if self.finished_callback:
                self.finished_callback()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    def close(self) -> None:
        self.stop()


class FakeSoundDeviceWithSpeaker(FakeSoundDevice):
    """The shared fake microphone plus a speaker, so playback can be tested at the same boundary."""

    class CallbackStop(Exception):  # mirrors sounddevice.CallbackStop
        pass

    def __init__(self, *args: Any, **kw: Any) -> None:
        kw.setdefault("devices", [dict(SPEAKER)] if kw.get("no_device") else [dict(MIC), dict(SPEAKER)])
        super().__init__(*args, **kw)
        self.output: list[np.ndarray] = []

    def OutputStream(
        self,
        samplerate: float,
        callback: Any,
        finished_callback: Any = None,
        **kw: Any,
    ) -> FakeOutputStream:
        return FakeOutputStream(self, samplerate, callback, finished_callback)


@pytest.fixture
def make_app(qtbot: Any, pitchcoach_home: Path, analyzer: Any) -> Iterator[Callable[..., Any]]:
    """Build the real app (services + window) around a given fake sound card.

    The model is the real bundled one, loaded once per session (the ``analyzer`` fixture) and handed
    to the app through the same worker-thread path the app uses for its own load.
    """
    from pitchcoach.ui.app import build_app

    built: list[Any] = []
    opened: list[Path] = []

    def make(sd: Any | None = None, *, real_model_load: bool = False, start: bool = True, **services: Any) -> Any:
        pc = build_app(app_paths(pitchcoach_home), sd=sd, open_path=opened.append)
        pc.opened = opened
        if not real_model_load:
            pc.services.analyzer_factory = lambda: analyzer
        for k, v in services.items():
            setattr(pc.services, k, v)
        qtbot.addWidget(pc.window)
        pc.window.show()
        if start and not real_model_load:
            with qtbot.waitSignals([pc.window.model_ready, pc.window.warmed_up], timeout=60000):
                pc.start()
        elif start:
            with qtbot.waitSignal(pc.window.warmed_up, timeout=60000):
                pc.start()
        built.append(pc)
        return pc

    yield make
    for pc in built:
        pc.window.close()
        pc.window.runner.wait_all()


@pytest.fixture
def mic_factory() -> Callable[..., FakeSoundDeviceWithSpeaker]:
    def make(name: str | None = "too_short.wav", **kw: Any) -> FakeSoundDeviceWithSpeaker:
        src = FIXTURES / name if name else None
        return FakeSoundDeviceWithSpeaker(src, **kw)

    return make
