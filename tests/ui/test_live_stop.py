"""Stop on the live path, in the real window: it never waits for a live decode, and the saved take
is `pitchcoach analyze` on the saved WAV.

Real widgets (the Record/Stop button), the fake sound card playing real fixtures in real time, and
the real bundled model on both of its replicas. A live decode is made slow at the worker's edge
(LiveTranscriber.decode_hook, holding the live replica as a long model call does) or by a busy
machine (two `yes > /dev/null` processes), never by a fake model.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pitchcoach.core.analysis import Analyzer
from pitchcoach.core.audio import decode_audio
from tests.speech import FIXTURES
from tests.ui.test_two_pass import GatedTranscriber, record, start_app, stop

pytestmark = pytest.mark.slow


def same_as_analyze(analyzer: Analyzer, outcome: Any) -> None:
    """The shown and saved take is `pitchcoach analyze` on its WAV: same words, timings and scores.

    The voice figures (metrics.voice) are left out: pysptk's RAPT keeps state from one call to the
    next, so two analyses of one file in one process can differ in F0 by a few tenths of a Hz (seen:
    a median of 90.6 then 90.5 Hz); the rules' scores did not change.
    """
    expected = analyzer.analyze_file(outcome.audio_path).to_record()
    got = outcome.analysis.to_record()
    assert got["words"] == expected["words"]
    for key in ("transcript", "scores", "band", "deductions", "fix_first", "highlights", "structure", "gate"):
        assert got[key] == expected[key], key
    del got["metrics"]["voice"], expected["metrics"]["voice"]
    assert got["metrics"] == expected["metrics"]


@pytest.fixture
def busy_machine() -> Iterator[None]:
    """Two processes spinning a core each (the machine has two), for the length of the test."""
    procs = [subprocess.Popen(["yes"], stdout=subprocess.DEVNULL) for _ in range(2)]
    try:
        yield
    finally:
        for p in procs:
            p.kill()
        for p in procs:
            p.wait()


def test_a_stuck_live_decode_delays_neither_the_instant_result_nor_the_final_pass(
    qtbot, make_app, mic_factory, analyzer
) -> None:
    seconds = len(decode_audio(FIXTURES / "great_pitch.wav")) / 16000
    pc = start_app(qtbot, make_app, mic_factory("great_pitch.wav", speed=1.0), analyzer)
    win = pc.window
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    live = win.practice.live
    # The last seconds of the take: a live decode that starts then is still running at Stop.
    qtbot.waitUntil(lambda: win.practice.recorder.elapsed_seconds >= seconds - 3.0, timeout=60000)
    entered, release = threading.Event(), threading.Event()

    def stuck() -> None:  # the next live decode holds the live replica, as a long model call does
        entered.set()
        with live.transcriber.model.lock:
            release.wait(300)

    live.decode_hook = stuck
    fractions: list[float] = []
    notes: list[str] = []
    win.takes.progress.connect(lambda f: (fractions.append(f), notes.append(win.results.pass_note.text())))
    try:
        qtbot.waitUntil(entered.is_set, timeout=60000)
        qtbot.waitUntil(pc.services.sd.source_done.is_set, timeout=60000)
        with (
            qtbot.waitSignal(win.final_shown, timeout=180000) as final,
            qtbot.waitSignal(win.outcome_shown, timeout=120000) as first,
        ):
            stop(qtbot, win)
        assert not release.is_set()  # both results came while the live decode was still stuck
    finally:
        release.set()
    instant, saved = first.args[0], final.args[0]
    assert instant.stage == "instant" and live.stats.dropped_in_flight
    assert saved.stage == "final" and saved.take_id is not None
    same_as_analyze(analyzer, saved)
    # While it refined, the Results page said how much of the recording was decoded.
    assert fractions and fractions[-1] == pytest.approx(1.0)
    assert any(n.endswith(" %") and "refining with the full recording" in n for n in notes), notes
    qtbot.waitUntil(lambda: not live._thread.is_alive(), timeout=60000)
    assert live.stats.discarded >= 1  # the stuck decode ended late and was thrown away


def test_stop_mid_word(qtbot, make_app, mic_factory, analyzer) -> None:
    """Stop lands inside a word: the instant result comes, and the saved take is `analyze` on the
    WAV that ends inside that word."""
    whole = analyzer.analyze_file(FIXTURES / "great_pitch.wav").transcript.words
    middle = [w for w in whole if w.start > 5.0 and w.end < 15.0 and w.end - w.start >= 0.3]
    word = max(middle, key=lambda w: w.end - w.start)
    mid = (word.start + word.end) / 2
    pc = start_app(qtbot, make_app, mic_factory("great_pitch.wav", speed=1.0), analyzer)
    win = pc.window
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    rec = win.practice.recorder
    qtbot.waitUntil(lambda: rec.elapsed_seconds >= mid, timeout=60000)
    with (
        qtbot.waitSignal(win.final_shown, timeout=180000) as final,
        qtbot.waitSignal(win.outcome_shown, timeout=120000) as first,
    ):
        stop(qtbot, win)
    instant, saved = first.args[0], final.args[0]
    assert instant.stage == "instant"
    seconds = saved.analysis.transcript.audio_seconds
    assert word.start < seconds < word.end + 0.25, (word, seconds)  # the take ends inside the word
    assert all(w.end <= seconds + 0.05 for w in saved.analysis.transcript.words)
    same_as_analyze(analyzer, saved)
    assert instant.analysis.transcript.words  # the words before Stop are there at once


def test_the_saved_take_is_analyze_on_its_wav_on_a_busy_machine(
    qtbot, make_app, mic_factory, analyzer, busy_machine
) -> None:
    pc = start_app(qtbot, make_app, mic_factory("filler_heavy.wav", speed=1.0), analyzer)
    win = pc.window
    record(qtbot, win, pc.services.sd)
    with qtbot.waitSignal(win.final_shown, timeout=300000) as final:
        stop(qtbot, win)
    saved = final.args[0]
    same_as_analyze(analyzer, saved)
    stored = pc.services.store().get(saved.take_id)
    assert [w.text for w in stored.transcript.words] == [w.text for w in saved.analysis.transcript.words]
    assert stored.result.overall == saved.analysis.result.overall


def test_keep_quick_result_saves_the_instant_result_and_stops_refining(
    qtbot, make_app, mic_factory, transcriber, analyzer
) -> None:
    gated = GatedTranscriber(transcriber)  # the whole-file pass waits at the gate
    pc = start_app(qtbot, make_app, mic_factory("too_short.wav", speed=1.0), Analyzer(gated, analyzer.lexicons))
    win = pc.window
    gated.gate.clear()
    record(qtbot, win, pc.services.sd)
    with qtbot.waitSignal(win.outcome_shown, timeout=120000) as first:
        stop(qtbot, win)
    instant = first.args[0]
    res = win.results
    assert instant.stage == "instant" and res.pass_keep.isVisible()
    qtbot.waitUntil(gated.waiting.is_set, timeout=60000)
    qtbot.mouseClick(res.pass_keep, Qt.MouseButton.LeftButton)
    assert res.outcome.stage == "quick" and res.outcome.take_id is not None
    assert not res.pass_keep.isVisible() and not res.pass_busy.isVisible()
    assert "at the next start" in res.pass_note.text()
    store = pc.services.store()
    quick = store.quick_takes()
    assert [q.id for q in quick] == [res.outcome.take_id]
    assert quick[0].transcript.text == instant.analysis.transcript.text
    gated.gate.set()  # the cancelled whole-file pass ends without saving anything
    qtbot.wait(500)
    assert store.count() == 1 and store.quick_takes()[0].id == res.outcome.take_id
    assert win.takes.two_pass == []
