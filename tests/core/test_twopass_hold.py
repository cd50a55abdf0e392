"""The whole-file pass waits for the instant result to be painted, but never for ever: a window that
never paints it (minimised, covered) gets its saved result anyway, and quitting ends the wait at once."""

from __future__ import annotations

import threading

import pytest

from pitchcoach.core.recorder import Recorder
from pitchcoach.core.session import TakeSession, stop_recording
from pitchcoach.core.timeline import Timeline
from pitchcoach.core.twopass import TwoPassTake
from tests.fakes import FakeSoundDevice
from tests.speech import FIXTURES

pytestmark = pytest.mark.slow


def held_take(analyzer, store) -> TwoPassTake:
    session = TakeSession(analyzer, lambda: store)
    live = session.start_live()
    sd = FakeSoundDevice(FIXTURES / "too_short.wav", samplerate=48000, speed=None)
    rec = Recorder(store.paths.recordings, sd=sd, on_chunk=live.feed)
    rec.start()
    assert sd.source_done.wait(60)
    take = stop_recording(rec, live, timeline=Timeline())
    tp = TwoPassTake(session, take, target_seconds=20.0)
    tp.hold_until_shown = True  # as the app sets it; nobody calls instant_shown() here
    return tp


def test_the_saved_result_comes_when_the_instant_one_is_never_painted(analyzer, store) -> None:
    tp = held_take(analyzer, store)
    instant = tp.instant()
    assert instant is not None and tp.instant_outcome is instant
    got: list = []
    passing = threading.Thread(target=lambda: got.append(tp.final()))
    passing.start()
    passing.join(120)  # without its cap the pass would wait for ever: fail here rather than hang
    assert not passing.is_alive() and len(got) == 1
    final = got[0]
    assert final is not None and final.take_id is not None and store.count() == 1
    timeline = tp.take.timeline
    assert timeline is not None
    ready, started = timeline.ms("instant_ready"), timeline.ms("final_start")
    assert ready is not None and started is not None and started >= ready


def test_quitting_while_the_pass_waits_for_the_paint_ends_it_without_saving_twice(analyzer, store) -> None:
    tp = held_take(analyzer, store)
    assert tp.instant() is not None
    got: list = []
    waiting = threading.Thread(target=lambda: got.append(tp.final()))
    waiting.start()
    kept = tp.keep_quick()  # the app quits (or the person keeps the instant result) during the wait
    waiting.join(30)
    assert not waiting.is_alive() and got == [None]
    assert kept is not None and kept.stage == "quick" and store.count() == 1
    assert tp.take.timeline is not None and tp.take.timeline.ms("final_start") is None  # never started
