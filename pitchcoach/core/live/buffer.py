"""The take's 16 kHz audio as the live path has received it (the recorder's writer thread appends)."""

from __future__ import annotations

import threading

import numpy as np

from pitchcoach.core.audio import Samples


class LiveBuffer:
    """Append-only audio. ``append`` only queues (it runs on the recorder's writer thread);
    ``audio`` joins what was queued, on the thread that reads it. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[np.ndarray] = []
        self._buf = np.zeros(0, dtype=np.float32)
        self.fed = 0  # samples received
        self.closed = False

    def append(self, samples16k: Samples) -> bool:
        """Queue new audio; False once closed (Stop was pressed: later audio is not the take's live audio)."""
        with self._lock:
            if self.closed:
                return False
            self._pending.append(np.asarray(samples16k, dtype=np.float32).reshape(-1))
            self.fed += len(samples16k)
            return True

    def close(self) -> None:
        with self._lock:
            self.closed = True

    def audio(self) -> np.ndarray:
        """Everything received so far, as one array (grown in place of the queued pieces)."""
        with self._lock:
            if self._pending:
                self._buf = np.concatenate([self._buf, *self._pending])
                self._pending.clear()
            return self._buf
