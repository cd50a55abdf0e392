"""Drills in the real window (issue 27): "Practise this" from a Results page, a drill recorded through the
fake sound card and judged, mastery after three passes, a failed try that breaks the run and says why, and
the Drills page's suggestion from a seeded history. Real model, real speech fixtures."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import TakeStore
from tests.core.storage.helpers import tone
from tests.fakes import read_wav_mono
from tests.speech import FIXTURES

pytestmark = pytest.mark.slow

SPEED = 4.0  # the fixtures play four times faster than real time: the saved analysis is of the whole file


def play(sd, name: str) -> None:
    """The fake microphone plays ``name`` on the next take."""
    sd.source, sd.source_rate = read_wav_mono(FIXTURES / name)
    sd._signals.clear()
    sd.source_done.clear()


def record(qtbot, win, sd, name: str):
    """Press Record, let the fake microphone play the fixture, press Stop; the saved outcome."""
    play(sd, name)
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    assert win.practice.recording
    qtbot.waitUntil(sd.source_done.is_set, timeout=60000)
    with qtbot.waitSignal(win.final_shown, timeout=180000) as final:
        qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.results.outcome is final.args[0], timeout=10000)
    return final.args[0]


def open_drills(qtbot, win) -> None:
    """Open the Drills page: its figures are read on a worker and shown when they are back."""
    with qtbot.waitSignal(win.drills.refreshed, timeout=30000):
        win.show_page("drills")


def spy_on_reads(win, monkeypatch) -> list[tuple[bool, object]]:
    """Each ``store.list`` call as (on the GUI thread?, limit), and each read of the drill rows and the
    week's dates as (on the GUI thread?, its name): the store itself still answers."""
    store = win.services.store()
    calls: list[tuple[bool, object]] = []

    def spy(name: str, real):
        def read(*args, **kwargs):
            calls.append((threading.current_thread() is threading.main_thread(), kwargs.get("limit", name)))
            return real(*args, **kwargs)

        return read

    for name in ("list", "drill_rows", "take_dates"):
        monkeypatch.setattr(store, name, spy(name, getattr(store, name)))
    return calls


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_practise_this_on_a_filler_heavy_take_starts_the_filler_drill(qtbot, make_app, mic_factory) -> None:
    sd = mic_factory(None, speed=SPEED)
    win = make_app(sd).window
    outcome = record(qtbot, win, sd, "filler_heavy.wav")
    assert outcome.verdict is None and outcome.analysis.result.deductions[0].rule == "fillers"
    res = win.results
    assert not res.drill_card.isVisible()  # a full pitch has no verdict
    assert res.practise_button.text() == "Practise this: No fillers"
    click(qtbot, res.practise_button)
    assert win.current_page() == "practice"
    banner = win.practice.drill_banner
    assert banner.isVisible() and banner.title.text() == "Drill: No fillers"
    assert banner.prompt.text().startswith("Prompt: ")
    assert win.practice.subtitle.text().startswith("Aim for about 15 seconds")  # the drill's own length

    # The next take is the drill: judged on fillers alone, and it fails with the words as evidence.
    drilled = record(qtbot, win, sd, "filler_heavy.wav")
    assert drilled.verdict is not None and drilled.verdict.skill == "fillers" and not drilled.verdict.passed
    card = res.drill_card
    assert card.isVisible() and card.verdict.text() == "No fillers: Not yet ✗"
    assert "like" in card.evidence.text()
    assert not res.practise_button.isVisible()  # a drill take offers no other drill


def test_three_passes_master_a_skill_and_a_fail_breaks_the_run(qtbot, make_app, mic_factory, monkeypatch) -> None:
    sd = mic_factory(None, speed=SPEED)
    win = make_app(sd).window
    reads = spy_on_reads(win, monkeypatch)
    open_drills(qtbot, win)
    page = win.drills
    state, tries, start = page.rows["lead_with_listener"]
    assert state.text() == "Not started"
    click(qtbot, start)
    assert win.current_page() == "practice"
    assert win.practice.drill_banner.title.text() == "Drill: Lead with the listener"

    card = win.results.drill_card
    for i in range(3):
        # The note under the verdict is read from the history on a worker, and follows the verdict.
        with qtbot.waitSignal(win.drill_note_shown, timeout=30000) as note:
            outcome = record(qtbot, win, sd, "drill_listener_first.wav")
        assert outcome.verdict is not None and outcome.verdict.passed, outcome.verdict
        assert card.verdict.text() == "Lead with the listener: Passed ✓"
        assert ("Skill mastered" in note.args[0]) == (i == 2) and card.note.text() == note.args[0]
        assert card.note.isVisible() == (i == 2)
    # The history behind the page (up to 200 takes) is read off the GUI thread, and not at all after a
    # take while the page is hidden: only when it is opened again. The pitch card's read (30 takes,
    # after each take) and the drill note's (drill rows and the week's dates, after each drill take)
    # are off the GUI thread too.
    assert [r for r in reads if r[1] == 200] == [(False, 200)]
    assert {(False, 30), (False, "drill_rows"), (False, "take_dates")} <= set(reads)
    assert not any(on_gui for on_gui, _ in reads)
    open_drills(qtbot, win)
    assert state.text() == "Mastered"
    assert [r for r in reads if r[1] == 200] == [(False, 200)] * 2

    # A failed try breaks the run, and says why with the words it heard.
    failed = record(qtbot, win, sd, "great_pitch.wav")
    assert failed.verdict is not None and not failed.verdict.passed
    assert card.verdict.text() == "Lead with the listener: Not yet ✗"
    assert card.why.text() == failed.verdict.why and "about you" in card.why.text()
    assert "I'm Sam" in card.evidence.text()
    open_drills(qtbot, win)
    assert state.text() == "Practising" and tries.text() == "✓ ✓ ✓ ✗"

    win.show_page("practice")
    click(qtbot, win.practice.drill_banner.end_button)
    assert win.takes.drill is None and not win.practice.drill_banner.isVisible()
    assert win.practice.subtitle.text().startswith("Aim for about 20 seconds")


def test_drills_page_suggests_the_costliest_rule_of_a_seeded_history(
    qtbot, make_app, mic_factory, analyzer, pitchcoach_home
) -> None:
    now = datetime.now(UTC)
    with TakeStore(app_paths(pitchcoach_home)) as store:
        for i, name in enumerate(("great_pitch", "too_fast", "too_fast")):
            a = analyzer.analyze_file(FIXTURES / f"{name}.wav")
            store.save_take(a, tone(0.5), created_at=now - timedelta(hours=3 - i))
    win = make_app(mic_factory(None)).window
    open_drills(qtbot, win)
    page = win.drills
    # too_fast loses 25 timing points in each of its two takes: more than anything else.
    assert page.suggestion is not None and page.suggestion.rule == "timing"
    assert page.suggestion_label.text().startswith("Suggested next: Hit the target.")
    assert page.focus_combo.currentData() == "timing"
    assert "3 of 5 takes or drills this week" in page.week_label.text()
    # The weekly goal is the user's: typed into its box, shown at once and kept in the settings.
    page.goal_spin.setFocus()
    qtbot.keyClick(page.goal_spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.goal_spin, "3")
    qtbot.keyClick(page.goal_spin, Qt.Key.Key_Tab)
    assert "3 of 3 takes or drills this week: reached" in page.week_label.text()
    assert win.services.settings.value.extra["weekly_goal"] == 3
    click(qtbot, page.suggest_button)
    assert win.current_page() == "practice" and win.takes.drill is not None and win.takes.drill.skill == "timing"
