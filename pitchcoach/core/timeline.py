"""Where the time between Stop and a take's result goes: one log line per take (issue 22).

Wall-clock figures on a shared machine say more about the other programs than about the app, so each
stage also records the CPU time its own thread had used by then: the CPU a stage cost is the difference
to the previous stage on the same thread, and that does not grow with the load. The line reads, e.g.::

    take timeline (ms after Stop; cpu ms of that thread since its last mark): recorder_stopped 41 [gui->stop 3]
    instant_transcript 182 (stitch, 1.4 s decoded) [instant 120] ...

Plain data, no Qt: the UI marks the stages it owns (the click, the page filled, the first paint) and
the core the others; every mark is thread-safe and costs a clock read.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mark:
    stage: str
    ms: float  # wall time after the start (the Stop click)
    thread: str
    cpu_ms: float  # CPU time of ``thread`` since its previous mark (or since the timeline began, on its first)
    note: str = ""


@dataclass
class Timeline:
    """Per-stage timestamps of one take, from the Stop click to its results painted."""

    clock: Callable[[], float] = time.monotonic
    start: float = field(default=0.0)
    marks: list[Mark] = field(default_factory=list)
    _cpu: dict[int, float] = field(default_factory=dict)  # thread id -> its CPU time at its last mark
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _logged: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.start = self.clock()
        self._cpu[threading.get_ident()] = time.thread_time()

    def begin(self) -> None:
        """The calling thread's CPU time counts from now (a worker thread that just started on this take)."""
        with self._lock:
            self._cpu[threading.get_ident()] = time.thread_time()

    def mark(self, stage: str, note: str = "") -> None:
        now, cpu, ident = self.clock(), time.thread_time(), threading.get_ident()
        with self._lock:
            before = self._cpu.get(ident, cpu)
            self._cpu[ident] = cpu
            self.marks.append(
                Mark(stage, (now - self.start) * 1000, threading.current_thread().name, (cpu - before) * 1000, note)
            )

    def ms(self, stage: str) -> float | None:
        """When ``stage`` was first marked (ms after the start), or None."""
        with self._lock:
            return next((m.ms for m in self.marks if m.stage == stage), None)

    def line(self) -> str:
        with self._lock:
            marks = sorted(self.marks, key=lambda m: m.ms)
        parts = [f"{m.stage} {m.ms:.0f}{f' ({m.note})' if m.note else ''} [{m.thread} {m.cpu_ms:.0f}]" for m in marks]
        return "take timeline (ms after Stop; [thread, its cpu ms since its last mark]): " + ", ".join(parts)

    def log_once(self, key: str) -> None:
        """Log the line once per ``key`` ("first", "final"): what happened up to that result."""
        with self._lock:
            if key in self._logged:
                return
            self._logged.add(key)
        log.info("%s: %s", key, self.line())
