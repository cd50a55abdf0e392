"""Core's feedback in the interface language (issue 25): a stored take's explanations, tips and
positives on the Results page (opened from History) read in Chinese once the interface is set to 简体中文
in Settings, and in English again after switching back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pitchcoach.core.messages import get_catalog
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import TakeStore
from pitchcoach.ui import i18n
from tests.fakes import FakeSoundDevice
from tests.ui.test_i18n import click_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HAN = re.compile(r"[\u4e00-\u9fff]")


def _choose_language(qtbot: Any, win: Any, key: Qt.Key, presses: int = 1) -> None:
    """Settings > Interface language, with the keyboard as a user would."""
    click_page(qtbot, win, 3)
    combo = win.settings_page.ui_language_combo
    combo.setFocus()
    for _ in range(presses):
        qtbot.keyClick(combo, key)


def _open_latest_take(qtbot: Any, win: Any) -> Any:
    click_page(qtbot, win, 2)
    qtbot.waitUntil(lambda: win.history_page is not None and win.history_page.proxy.rowCount() == 1)
    page = win.history_page
    qtbot.mouseClick(
        page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(page.proxy.index(0, 0)).center()
    )
    with qtbot.waitSignal(win.outcome_shown, timeout=30000) as shown:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    return shown.args[0].analysis.result


def _shown(win: Any) -> tuple[list[str], list[str], list[str]]:
    res = win.results
    rows = res._fix_rows.rows[: len(res._fix_rows.rows)]
    messages = [r.message.text() for r in rows if r.isVisibleTo(res)]
    tips = [r.tip.text() for r in rows if r.isVisibleTo(res)]
    good = [lab.text() for lab in res._good_rows.rows if lab.isVisibleTo(res)]
    return messages, tips, good


def test_a_stored_take_reads_in_the_interface_language(qtbot, make_app, pitchcoach_home, analyzer) -> None:
    store = TakeStore(app_paths(pitchcoach_home))
    store.save_take(analyzer.analyze_file(FIXTURES / "jargon_heavy.wav"), FIXTURES / "jargon_heavy.wav")
    store.close()
    try:
        pc = make_app(FakeSoundDevice())
        _choose_language(qtbot, pc.window, Qt.Key.Key_End)  # the last entry: 简体中文
        pc.window.close()

        zh_app = make_app(FakeSoundDevice())  # the restart the Settings note asks for
        win = zh_app.window
        result = _open_latest_take(qtbot, win)
        messages, tips, good = _shown(win)
        zh = get_catalog("zh_CN")
        assert messages == [d.text(zh) for d in result.fix_first]
        assert messages and all(HAN.search(m) for m in messages + tips + good), (messages, tips, good)
        assert not any(d.message in messages for d in result.fix_first)  # not the stored English
        assert win.results.timing_card.verdict.text() == zh.text(f"timing_verdict.{result.metrics.timing_verdict}")
        _choose_language(qtbot, win, Qt.Key.Key_Home)  # "Follow the system" (English here) ...
        _choose_language(qtbot, win, Qt.Key.Key_Down)  # ... then English itself
        assert zh_app.services.settings.value.ui_language == "en"
        win.close()

        en_app = make_app(FakeSoundDevice())
        result = _open_latest_take(qtbot, en_app.window)
        messages, tips, good = _shown(en_app.window)
        assert messages == [d.message for d in result.fix_first]
        assert not any(HAN.search(t) for t in messages + tips + good)
    finally:
        app = QApplication.instance()
        assert app is not None
        i18n.apply_ui_language(app, "en")


def test_the_bundled_font_has_every_character_of_the_chinese_feedback(qapp: Any) -> None:
    """The CJK subset (GB2312 level 1) must cover the catalog's Chinese, or a hanzi shows as a box
    wherever the system has no CJK font of its own (口头禅's 禅 and 嗯/呃 did)."""
    from importlib import resources

    from PySide6.QtGui import QRawFont

    from pitchcoach.core.messages import load_texts

    font = QRawFont(str(resources.files("pitchcoach").joinpath("assets", "fonts", "PitchCoachCJKSC-Regular.otf")), 12)
    assert font.isValid()
    chars = {c for t in load_texts("zh_CN").values() for c in t if ord(c) >= 0x2E80}
    assert sorted(c for c in chars if not font.supportsCharacter(ord(c))) == []
