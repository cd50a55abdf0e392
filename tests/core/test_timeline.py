"""A take's timeline: stages in the order they happened, each thread's CPU its own, one log line per result."""

from __future__ import annotations

import logging
import threading

from pitchcoach.core.timeline import Timeline


class Clock:
    """The clock at the edge: the test says what time it is."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def spin(seconds: float) -> None:
    """Use this thread's CPU for about ``seconds`` (thread_time only counts CPU, not waiting)."""
    import time

    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def test_stages_are_timed_from_the_start_and_each_thread_is_charged_its_own_cpu(caplog) -> None:
    clock = Clock()
    tl = Timeline(clock=clock)
    clock.now = 100.020
    tl.mark("stop_worker_asked")

    def worker() -> None:
        tl.begin()  # this thread's CPU counts from here, not from its birth
        spin(0.05)
        clock.now = 100.300
        tl.mark("instant_words", "stitch, 2.3 s decoded")

    t = threading.Thread(target=worker, name="instant")
    t.start()
    t.join()
    clock.now = 100.450
    tl.mark("first_painted")

    by_stage = {m.stage: m for m in tl.marks}
    assert [round(by_stage[s].ms) for s in ("stop_worker_asked", "instant_words", "first_painted")] == [20, 300, 450]
    assert by_stage["instant_words"].thread == "instant"
    assert by_stage["instant_words"].cpu_ms >= 45  # the worker's own spin
    assert by_stage["first_painted"].cpu_ms < 45  # the GUI thread waited meanwhile: none of the worker's CPU
    assert tl.ms("instant_words") == by_stage["instant_words"].ms and tl.ms("never") is None

    line = tl.line()
    assert line.index("stop_worker_asked 20") < line.index("instant_words 300 (stitch, 2.3 s decoded) [instant ")
    assert line.index("instant_words") < line.index("first_painted 450")

    with caplog.at_level(logging.INFO, logger="pitchcoach.core.timeline"):
        tl.log_once("first")
        tl.log_once("first")  # the page painted again: still one line
        tl.log_once("final")
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2 and lines[0].startswith("first: take timeline") and lines[1].startswith("final: ")
