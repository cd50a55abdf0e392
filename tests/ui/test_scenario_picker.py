"""The scenario picker (issue 26) on the Practice page, driven as a user would."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_pitch_language import _choose

pytestmark = pytest.mark.slow


def test_picking_a_scenario_moves_the_timer_the_budget_and_the_scoring(qtbot, make_app, mic_factory) -> None:
    sd = mic_factory("rehearsal/missing_one.wav", speed=3.0, lead_silence_seconds=0.3)  # 7 s of speech, played fast
    pc = make_app(sd)
    win = pc.window
    practice = win.practice
    picker = practice.scenario_picker
    assert picker.isVisible()
    assert [picker.combo.itemText(i) for i in range(picker.combo.count())] == [
        "Networking event",
        "Career fair or recruiter",
        "Investor intro",
        "Sales call opener",
        "Custom",
    ]
    assert picker.combo.currentText() == "Networking event"
    assert "Aim for about 20 seconds (40–57 words)" in practice.subtitle.text()

    _choose(qtbot, picker.combo, "Investor intro")
    saved = json.loads(pc.services.paths.settings.read_text("utf-8"))
    assert (saved["scenario"], saved["target_seconds"]) == ("investor", 20.0)  # the user's own target is kept
    assert practice.timer_bar.accessibleDescription().startswith("0 of 60 seconds")
    assert "Aim for about 60 seconds (120–170 words)" in practice.subtitle.text()
    assert practice.time_label.text().endswith("/  60 s")
    assert picker.about.text().startswith("60 s. An investor") and "Required: the ask." in picker.about.text()

    # Recorded for the investor: scored against 60 s and its required ask, and saved as an investor take.
    qtbot.mouseClick(practice.record_button, Qt.MouseButton.LeftButton)
    assert practice.recording and not picker.isEnabled()  # a take keeps the scenario it started with
    qtbot.waitUntil(sd.source_done.is_set, timeout=60000)
    with qtbot.waitSignal(win.final_shown, timeout=180000) as final:
        qtbot.mouseClick(practice.record_button, Qt.MouseButton.LeftButton)
    result = final.args[0].analysis.result
    assert (result.scenario, result.target_seconds, result.required) == ("investor", 60.0, {"ask": False})
    store = pc.services.store()
    assert [t.scenario for t in store.list()] == ["investor"]
    assert picker.isEnabled()

    # Custom is timed against the user's own target, from Settings; setting one there picks Custom.
    _choose(qtbot, picker.combo, "Custom")
    assert pc.services.settings.value.scenario == "custom"
    assert "of 20 seconds" in practice.timer_bar.accessibleDescription()
    _choose(qtbot, picker.combo, "Sales call opener")
    win.show_page("settings")
    spin = win.settings_page.target_spin
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=20000)
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert pc.services.settings.value.scenario == "custom"
    assert picker.combo.currentText() == "Custom"
    assert "of 21 seconds" in practice.timer_bar.accessibleDescription()
