"""Shared by the storage and progress tests: a movable clock and a test tone."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np


class Clock:
    """The store's clock, moved by the test (the only fake here)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def tone(seconds: float = 1.0, hz: float = 220.0) -> np.ndarray:
    t = np.arange(int(16000 * seconds)) / 16000
    return (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)
