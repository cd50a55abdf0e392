"""Two passes in the real window: the instant result at Stop, then the whole-file one in its place.

Real widgets (the Record/Stop button), the fake sound card playing real fixtures in real time, and
the real bundled model. Where a test needs a decode to stall or loop, it wraps the transcriber
(the model's edge) rather than any of the logic: the wrappers below only delay or repeat what the
real model returned.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pitchcoach.core.analysis import Analyzer
from pitchcoach.core.audio import decode_audio
from pitchcoach.core.recovery import context_path
from pitchcoach.core.storage import TakeStore
from pitchcoach.core.transcript import Transcript, Word, normalize_word
from tests.speech import wer

pytestmark = pytest.mark.slow


class GatedTranscriber:
    """The real transcriber behind a gate: while the gate is closed a whole-file decode waits before
    it starts (as a decode does on a busy machine), and still honours the caller's cancel. Live-option
    decodes (the live path's, and the one Stop makes for the instant result) pass."""

    def __init__(self, real: Any, *, honour_cancel: bool = True) -> None:
        self.real = real
        self.honour_cancel = honour_cancel  # False: stuck like a decode inside a model call
        self.gate = threading.Event()
        self.gate.set()
        self.waiting = threading.Event()  # a decode is held at the gate
        self.returned_after_gate = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def transcribe(self, audio: Any, **kw: Any) -> Transcript:
        if not self.gate.is_set() and kw.get("options") is None:
            self.waiting.set()
            cancel = kw.get("cancel")
            while not self.gate.wait(0.05):
                if self.honour_cancel and cancel is not None and cancel.is_set():
                    break
            self.returned_after_gate += 1
        return self.real.transcribe(audio, **kw)


class LoopingTranscriber:
    """The real transcriber, whose every decode comes back with its words said twice over the same
    times: what a decoder that restarts over the same audio produces."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.loops = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def transcribe(self, audio: Any, **kw: Any) -> Transcript:
        t = self.real.transcribe(audio, **kw)
        if len(t.words) >= 3:
            self.loops += 1
            t.words = t.words + [Word(w.text, w.start, w.end, w.probability, w.rms_db) for w in t.words]
        return t


def repeated_ngrams(words: list[Word], n: int = 4) -> list[tuple[str, ...]]:
    keys = [tuple(normalize_word(w.text) for w in words[i : i + n]) for i in range(len(words) - n + 1)]
    return [k for i, k in enumerate(keys) if k in keys[:i]]


def start_app(qtbot, make_app, sd, analyzer) -> Any:
    """The app, with the given analyzer."""
    pc = make_app(sd, start=False)
    pc.services.analyzer_factory = lambda: analyzer
    with qtbot.waitSignals([pc.window.model_ready, pc.window.warmed_up], timeout=60000):
        pc.start()
    return pc


def record(qtbot, win, sd) -> None:
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    assert win.practice.recording
    qtbot.waitUntil(sd.source_done.is_set, timeout=60000)


def stop(qtbot, win) -> None:
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    assert not win.practice.recording


def test_instant_result_then_refined_in_place_and_history_holds_the_final(
    qtbot, make_app, mic_factory, transcriber, analyzer
) -> None:
    # The whole-file pass waits at a gate until the test has looked at the instant result;
    # live decodes use the real transcriber directly.
    gated = GatedTranscriber(transcriber)
    pc = start_app(qtbot, make_app, mic_factory("filler_heavy.wav", speed=1.0), Analyzer(gated, analyzer.lexicons))
    win = pc.window
    win.resize(720, 520)  # small, so the results page scrolls
    gated.gate.clear()
    # Whether the Voice strip shows as each result is put on the page, before the page paints.
    strip_shown: list[bool] = []
    win.outcome_shown.connect(lambda _o: strip_shown.append(bool(win.results.voice.strip.isVisible())))
    record(qtbot, win, pc.services.sd)
    with qtbot.waitSignal(win.outcome_shown, timeout=120000) as first:
        stop(qtbot, win)
    instant = first.args[0]
    assert instant.stage == "instant" and instant.take_id is None  # shown, not saved
    res = win.results
    assert win.current_page() == "results" and res.outcome is instant
    assert res.pass_row.isVisible() and res.pass_busy.isVisible()
    assert "refining with the full recording" in res.pass_note.text()
    # The Voice strip (below the fold) is drawn just after the page's first paint: hidden until then.
    strip, va = res.voice.strip, instant.analysis.transcript.voice
    assert strip is not None and va is not None and va.f0_median_hz
    assert strip_shown == [False] and res.voice.isVisible()
    qtbot.waitUntil(strip.isVisible, timeout=10000)
    assert f"median {va.f0_median_hz:.0f} Hz" in strip.pitch_plot.titleLabel.text
    # The take's timeline: the whole-file pass started only once the instant result was painted.
    timeline = instant.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: timeline.ms("final_start") is not None, timeout=10000)
    painted, started = timeline.ms("first_painted"), timeline.ms("final_start")
    assert painted is not None and started is not None and painted <= started
    assert timeline.ms("stop_worker_asked") <= timeline.ms("recorder_stopped") <= timeline.ms("instant_words")
    store = pc.services.store()
    assert store.count() == 0  # only the final pass is saved

    bar = res.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 100, timeout=10000)
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()
    assert kept > 0

    with qtbot.waitSignal(win.final_shown, timeout=180000) as final:
        gated.gate.set()
    outcome = final.args[0]
    assert outcome.stage == "final" and outcome.take_id is not None
    # The page now shows the final result, in place: same take, same scroll position.
    assert res.outcome is outcome and win.outcome is outcome
    assert res.transcript.toPlainText().split() == [w.text for w in outcome.analysis.transcript.words]
    assert not res.pass_busy.isVisible()
    expected = "Refined with the full recording" if outcome.refined else "Checked against the full recording"
    assert res.pass_note.text() == expected
    assert res.dial.accessibleDescription().startswith(f"{outcome.analysis.result.overall} out of 100")
    qtbot.wait(50)  # let any deferred layout run: the position must survive it too
    assert bar.value() == kept

    # History holds the final result, and it is the whole-file text (as `pitchcoach analyze` gives).
    saved = store.get(outcome.take_id)
    assert not saved.quick
    assert saved.transcript.text == outcome.analysis.transcript.text
    assert wer(whole_text(analyzer, outcome), saved.transcript.text) <= 0.01
    assert store.count() == 1

    # A new result opens at the top, not at the last one's scroll position.
    from tests.speech import FIXTURES

    with qtbot.waitSignal(win.outcome_shown, timeout=120000):
        win.analyze_path(FIXTURES / "great_pitch.wav")
    assert bar.value() == 0
    assert not res.pass_row.isVisible()


def test_quitting_between_the_passes_saves_a_quick_result_that_the_next_start_finishes(
    qtbot, make_app, mic_factory, transcriber, analyzer, pitchcoach_home
) -> None:
    gated = GatedTranscriber(transcriber)
    pc = start_app(qtbot, make_app, mic_factory("too_short.wav", speed=1.0), Analyzer(gated, analyzer.lexicons))
    win = pc.window
    gated.gate.clear()  # the whole-file pass will not get past the gate before the quit
    record(qtbot, win, pc.services.sd)
    with qtbot.waitSignal(win.outcome_shown, timeout=120000) as first:
        stop(qtbot, win)
    instant = first.args[0]
    assert instant.stage == "instant"
    win.close()  # quit: the whole-file pass is cancelled, the instant result kept

    from pitchcoach.core.paths import app_paths

    with TakeStore(app_paths(pitchcoach_home)) as store:
        quick = store.quick_takes()
        assert len(quick) == 1 and store.count() == 1
        assert quick[0].transcript.text == instant.analysis.transcript.text
        assert quick[0].audio_path == instant.audio_path
        take_id = quick[0].id
    # Issue 23: the quick row holds the time and target, so the context file beside it is gone.
    assert not context_path(instant.audio_path).exists()

    # The next start finishes it with the whole-file pass.
    pc2 = make_app(mic_factory(), start=False)
    ready = [pc2.window.model_ready, pc2.window.warmed_up]
    with qtbot.waitSignal(pc2.window.final_shown, timeout=180000) as done, qtbot.waitSignals(ready, timeout=60000):
        pc2.start()
    assert done.args[0].take_id == take_id
    # The Results page, which opens on the latest take after a restart, shows the finished one.
    w2 = pc2.window
    qtbot.waitUntil(lambda: w2.outcome is not None and w2.outcome.take_id == take_id, timeout=60000)
    qtbot.waitUntil(lambda: w2.outcome.stage == "final", timeout=60000)
    assert w2.results.transcript.toPlainText().split() == [w.text for w in w2.outcome.analysis.transcript.words]
    store2 = pc2.services.store()
    assert store2.quick_takes() == [] and store2.count() == 1
    saved = store2.get(take_id)
    assert not saved.quick
    whole = analyzer.analyze_audio(decode_audio(saved.audio_path))
    assert wer(whole.transcript.text, saved.transcript.text) <= 0.01


def test_a_looping_live_decode_shows_and_saves_no_repeated_text(
    qtbot, make_app, mic_factory, transcriber, analyzer
) -> None:
    looping = LoopingTranscriber(transcriber)
    pc = start_app(qtbot, make_app, mic_factory("too_short.wav", speed=1.0), analyzer)
    win = pc.window
    win.takes.session.live_transcriber = looping
    counts: list[int] = []
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    live = win.practice.live
    # Until the clip has played and a live decode has come back (the mic then gives silence): on a busy
    # machine the live path steps down and its first decode may come only after the clip ends.
    for _ in range(1200):
        qtbot.wait(100)
        counts.append(live.word_count)
        assert not repeated_ngrams(live.words), live.text  # never on screen
        if pc.services.sd.source_done.is_set() and looping.loops > 0 and live.stats.dropped_words > 0:
            break
    assert looping.loops > 0 and live.stats.dropped_words > 0
    with (
        qtbot.waitSignal(win.final_shown, timeout=180000) as final,
        qtbot.waitSignal(win.outcome_shown, timeout=120000) as first,
    ):
        stop(qtbot, win)
    instant, saved_outcome = first.args[0], final.args[0]
    assert instant.stage == "instant" and instant.provisional
    assert not repeated_ngrams(instant.analysis.transcript.words), instant.analysis.transcript.text
    ref = whole_text(analyzer, saved_outcome)
    n = len(ref.split())
    assert max(counts) <= n + 3  # the live word count was never inflated by the repeats
    saved = pc.services.store().get(saved_outcome.take_id)
    assert not repeated_ngrams(saved.transcript.words), saved.transcript.text
    assert wer(ref, saved.transcript.text) <= 0.01


def whole_text(analyzer: Analyzer, outcome: Any) -> str:
    """What `pitchcoach analyze` gives on the take's saved WAV (Analyzer.analyze_file)."""
    return analyzer.analyze_file(outcome.audio_path).transcript.text
