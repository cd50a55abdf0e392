"""Rehearsing against the written pitch (issue 26), driven through the real window and the fake device.

The microphone plays tests/fixtures/rehearsal/missing_one.wav: generated speech of the script with its
second key point left out. The Results page must report that point, quoted, and nothing else missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_pitch_language import _choose

pytestmark = pytest.mark.slow

SCRIPT = (Path(__file__).resolve().parents[1] / "fixtures" / "rehearsal" / "script_en.txt").read_text("utf-8")
LEFT_OUT = "I fix leaking roofs for families in old houses."


def _record(qtbot, win, sd):
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    assert win.practice.recording
    seen = win.practice.pitch_card.editor.isVisible(), win.practice.pitch_card.editor.isReadOnly()
    qtbot.waitUntil(sd.source_done.is_set, timeout=60000)
    with qtbot.waitSignal(win.final_shown, timeout=180000) as final:
        qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    return seen, final.args[0]


def test_write_a_pitch_then_rehearse_it_from_memory_and_reading_along(qtbot, make_app, mic_factory) -> None:
    sd = mic_factory("rehearsal/missing_one.wav", speed=3.0, lead_silence_seconds=0.3)  # played fast: CI time
    pc = make_app(sd)
    win = pc.window
    card = win.practice.pitch_card
    assert card.isVisible()

    # Write the pitch as a user would: typed into the editor, one key point per sentence.
    card.editor.setFocus()
    qtbot.waitUntil(card.editor.hasFocus, timeout=20000)
    qtbot.keyClicks(card.editor, SCRIPT.replace("\n", " ").strip())
    assert card.info.text().startswith("4 key points · 27 words")
    with qtbot.waitSignal(card.saved, timeout=10000):  # written on a worker
        qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert card.versions.numbers() == [1] and "1 version saved" in card.info.text()

    _choose(qtbot, card.mode, "From memory")
    assert pc.services.settings.value.rehearsal_mode == "from_memory"
    (visible, _), outcome = _record(qtbot, win, sd)
    assert not visible  # the script is hidden while a take is said from memory
    assert not card.editor.isHidden()  # shown again once the take ended
    r = outcome.analysis.result.rehearsal
    assert (r["missed"], r["coverage"], r["added"], r["out_of_order"]) == ([LEFT_OUT], 75, [], [])
    shown = win.results.rehearsal_card
    assert shown.isVisible()
    text = shown.body.text()
    assert "<b>75%</b> of your key points covered (3 of 4)" in text
    assert f"<b>Missed</b></p><ul style='margin-top:2px'><li>“{LEFT_OUT}”</li></ul>" in text
    assert text.count("<li>") == 1  # nothing else reported missing, moved or added
    store = pc.services.store()
    assert store.list()[0].result.rehearsal == r  # kept with the saved take
    assert r["mode"] == "from_memory"
    seconds = store.list()[0].speech_seconds
    qtbot.waitUntil(lambda: card.progress.text() != "", timeout=10000)  # read on a worker after the take
    assert card.progress.text() == (
        f"Coverage over your last 1 rehearsal: 75%. From memory: {seconds:.1f} s last time."
    )

    # Read along: the script stays on screen (read-only, scrolling) while recording.
    win.show_page("practice")
    _choose(qtbot, card.mode, "Read along")
    sd.source_done.clear()  # the device plays the clip again to the next take
    # The teleprompter opens in large type and follows the speaker: the live transcript moves the
    # highlight past "Hi, I'm Maya" and over the roofs sentence the clip leaves out.
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    prompter = card.teleprompter
    assert prompter.isVisible() and card.editor.isVisible() and card.editor.isReadOnly()
    assert [lab.text() for lab in prompter.lines] == SCRIPT.strip().split("\n")
    assert prompter.lines[0].font().pointSize() >= 30
    qtbot.waitUntil(lambda: prompter.current == 3, timeout=60000)
    assert "font-weight: 700" in prompter.lines[3].styleSheet()
    # Esc leaves it and the take goes on; Ctrl+T brings it back; Space there stops the take.
    prompter.activateWindow()
    qtbot.waitUntil(prompter.isActiveWindow, timeout=20000)
    qtbot.keyClick(prompter, Qt.Key.Key_Escape)
    assert not prompter.isVisible() and win.practice.recording
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=20000)
    qtbot.keyClick(win, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert prompter.isVisible() and prompter.current == 3
    qtbot.waitUntil(sd.source_done.is_set, timeout=60000)
    qtbot.waitUntil(prompter.isActiveWindow, timeout=20000)
    with qtbot.waitSignal(win.final_shown, timeout=180000) as final:
        qtbot.keyClick(prompter, Qt.Key.Key_Space)
    outcome = final.args[0]
    assert not prompter.isVisible()  # closed with the take
    qtbot.waitUntil(lambda: "last 2 rehearsals" in card.progress.text(), timeout=10000)
    assert outcome.analysis.result.rehearsal["missed"] == [LEFT_OUT]
    assert outcome.analysis.result.rehearsal["mode"] == "read_along"
    assert card.progress.text().startswith("Coverage over your last 2 rehearsals: 75% → 75%. From memory:")
    assert not card.editor.isReadOnly()
    assert card.versions.numbers() == [1]  # the same text: no new version


def test_mark_a_key_point_in_the_pitch_editor(qtbot, make_app) -> None:
    pc = make_app(start=False)
    card = pc.window.practice.pitch_card
    card.editor.setFocus()
    qtbot.waitUntil(card.editor.hasFocus, timeout=20000)
    qtbot.keyClicks(card.editor, "Hi, I'm Maya. I fix leaking roofs for families.")
    assert card.info.text().startswith("2 key points")  # each sentence, until phrases are marked
    # Select "leaking roofs" with the keyboard, as a user would, and mark it.
    qtbot.keyClick(card.editor, Qt.Key.Key_End)
    for _ in range(len(" for families.")):
        qtbot.keyClick(card.editor, Qt.Key.Key_Left)
    for _ in range(len("leaking roofs")):
        qtbot.keyClick(card.editor, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert card.editor.textCursor().selectedText() == "leaking roofs"
    qtbot.mouseClick(card.mark_button, Qt.MouseButton.LeftButton)
    assert card.editor.toPlainText() == "Hi, I'm Maya. I fix [leaking roofs] for families."
    assert card.info.text().startswith("1 marked key point")
    with qtbot.waitSignal(card.saved, timeout=10000):
        qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert card.versions.latest() == "Hi, I'm Maya. I fix [leaking roofs] for families.\n"
    # The text is checked before anyone records: it asks nothing and is far too short for 20 s.
    qtbot.mouseClick(card.check_button, Qt.MouseButton.LeftButton)
    found = card.findings.text()
    assert card.findings.isVisible() and found.startswith("• You didn't ask them anything.")
    assert found.endswith("too short for your 20 s target (40–57 words).")


def test_the_rehearsal_card_quotes_and_explains_in_chinese(
    qtbot, qapp, make_app, mic_factory, analyzer, pitchcoach_home
) -> None:
    """Issue 25: in the Chinese interface the card explained a key point said in other words in English
    ('Counted as covered, in other words: you said "…" for "…"'). Real speech of the script with one
    point paraphrased."""
    from pitchcoach.core import session as svc
    from pitchcoach.core.paths import app_paths
    from pitchcoach.core.rehearsal import attach_rehearsal, parse_script
    from pitchcoach.core.settings import Settings, save_settings
    from pitchcoach.ui import i18n

    save_settings(app_paths(pitchcoach_home).ensure().settings, Settings(ui_language="zh_CN"))
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "rehearsal"
    script = (folder / "script_en.txt").read_text("utf-8").replace("\n", " ").strip()
    outcome = svc.analyze_file_keeping_audio(analyzer, folder / "paraphrase.wav", 20.0)
    attach_rehearsal(outcome.analysis, parse_script(script), "from_memory")
    pair = outcome.analysis.result.rehearsal["paraphrased"][0]
    try:
        win = make_app(mic_factory()).window
        win.show_outcome(outcome)
        text = win.results.rehearsal_card.body.text()
    finally:
        i18n.apply_ui_language(qapp, "en")
    assert f"你把「{pair['script']}」说成了「{pair['said']}」" in text, text
    assert "Counted as covered" not in text


def test_the_text_check_reads_in_chinese(qtbot, make_app, mic_factory, pitchcoach_home) -> None:
    """Issue 25: 'Check text' on My pitch answered in English in the Chinese interface."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from pitchcoach.core.paths import app_paths
    from pitchcoach.core.settings import Settings, save_settings
    from pitchcoach.ui import i18n

    save_settings(app_paths(pitchcoach_home).ensure().settings, Settings(ui_language="zh_CN", pitch_language="zh"))
    try:
        win = make_app(mic_factory()).window
        card = win.practice.pitch_card
        qtbot.mouseClick(card.editor.viewport(), Qt.MouseButton.LeftButton)
        typed = QInputMethodEvent()  # as a Chinese input method hands over what was typed
        typed.setCommitString("大家好，我是王芳。我们是业界领先的一站式赋能平台。")
        QApplication.sendEvent(card.editor, typed)
        qtbot.mouseClick(card.check_button, Qt.MouseButton.LeftButton)
        found = card.findings.text()
    finally:
        app = QApplication.instance()
        assert app is not None
        i18n.apply_ui_language(app, "en")
    assert found.startswith("• ") and "秒目标短了" in found, found
    assert "You didn't" not in found and "Said at a comfortable pace" not in found
