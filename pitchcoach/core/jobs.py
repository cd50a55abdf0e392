"""A cancellable, progress-reporting handle for one long core call (an import's whole-file decode).

The UI makes a :class:`Job`, hands it to the core call on a worker thread, and may cancel it from
the GUI thread. The core reports progress through :meth:`Job.report`; a cancel sets
:attr:`Job.event`, the model's cancel event (core.model: checked before each model call), so the
decode stops at its next call and raises DecodeCancelled, never waiting for the whole file.
:meth:`Job.commit` marks the point of no return (the save): a job cancelled before it leaves
nothing behind, a job past it is left to finish, since its writes take milliseconds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from pitchcoach.core.model import DecodeCancelled

Cancelled = DecodeCancelled  # what a cancelled job raises, wherever it was stopped


class Job:
    def __init__(self, on_progress: Callable[[float], None] | None = None) -> None:
        self._on_progress = on_progress
        self._lock = threading.Lock()
        self.event = threading.Event()  # handed to the decode as its cancel event
        self._committing = False

    @property
    def cancelled(self) -> bool:
        return self.event.is_set()

    @property
    def committing(self) -> bool:
        return self._committing

    def cancel(self) -> bool:
        """Ask the job to stop. False when it is already saving (then it finishes, in milliseconds)."""
        with self._lock:
            if not self._committing:
                self.event.set()
            return self.event.is_set()

    def check(self) -> None:
        if self.event.is_set():
            raise Cancelled()

    def report(self, fraction: float) -> None:
        """Progress from 0 to 1 (from the decode's thread)."""
        if self._on_progress is not None:
            self._on_progress(min(1.0, max(0.0, fraction)))

    def commit(self) -> None:
        """Called just before the save: from here on the job cannot be cancelled."""
        with self._lock:
            self.check()
            self._committing = True
