"""Drill and scenario names follow the interface language, not the pitch language (issue 25): an English
pitch practised with the Chinese interface lists its rooms and drills in Chinese, and History's scenario
filter lists them as the Practice page does, from the app's one catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from pitchcoach.core.language import han_count
from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import Settings, save_settings
from pitchcoach.ui import i18n
from tests.fakes import FakeSoundDevice

BUILTIN_ZH = ["社交活动", "招聘会或面试官", "投资人介绍", "销售电话开场", "自定义"]


def click_page(qtbot: Any, win: Any, row: int) -> None:
    nav = win.nav
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(row)).center())


def test_an_english_pitch_lists_its_drills_and_scenarios_in_chinese(
    qtbot: Any, make_app: Any, pitchcoach_home: Path
) -> None:
    paths = app_paths(pitchcoach_home).ensure()
    user = paths.scenarios / "en"
    user.mkdir(parents=True)
    # The user's own rooms: one carries a Chinese title, the other has none and keeps its own name.
    (user / "pitch_club.toml").write_text(
        'title = "Pitch club"\ntarget_seconds = 30\n\n[display.zh_CN]\ntitle = "路演俱乐部"\n', encoding="utf-8"
    )
    (user / "book_club.toml").write_text('title = "Book club"\ntarget_seconds = 20\n', encoding="utf-8")
    # A Mandarin-only room: not on an English pitch's picker, but History lists takes of every language.
    (paths.scenarios / "zh").mkdir()
    (paths.scenarios / "zh" / "tea_party.toml").write_text('title = "茶话会"\ntarget_seconds = 20\n', encoding="utf-8")
    save_settings(paths.settings, Settings(ui_language="zh_CN", pitch_language="en"))
    try:
        pc = make_app(FakeSoundDevice())
        win = pc.window
        combo = win.practice.scenario_picker.combo
        listed = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        assert [t for t, _ in listed] == [*BUILTIN_ZH, "Book club", "路演俱乐部"]
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # networking -> recruiter -> investor, as a user steps through
        assert pc.services.settings.value.scenario == "investor"
        about = win.practice.scenario_picker.about.text()
        assert about.startswith("60 秒：每周听几十个项目的投资人") and "必须包含：明确的请求" in about, about
        assert "ask" not in about.lower()

        # History's filter: the same rooms, the same words, from the same catalog.
        click_page(qtbot, win, 2)
        qtbot.waitUntil(lambda: win.history_page is not None)
        menu = win.history_page.scenario_filter
        assert [(menu.itemText(i), menu.itemData(i)) for i in range(1, menu.count())] == [
            *listed,
            ("茶话会", "tea_party"),
        ]
        assert win.history_page.scenarios is pc.services.scenarios

        # Drills: every skill by its Chinese name; starting one shows its goal and a prompt in Chinese.
        with qtbot.waitSignal(win.drills.refreshed, timeout=30000):
            click_page(qtbot, win, 5)
        names = {w.text() for w in win.drills.findChildren(QLabel) if w.isVisible()}
        assert {"控制时长", "不说口头禅", "语速适中", "以提问结尾"} <= names
        assert not {"Hit the target", "No fillers", "Pace in the band"} & names
        qtbot.mouseClick(win.drills.rows["pace"][2], Qt.MouseButton.LeftButton)
        banner = win.practice.drill_banner
        assert banner.isVisible() and banner.title.text() == "专项练习：语速适中"
        # The English pitch's own band, said in Chinese; the prompt is a situation to read, in Chinese too.
        assert "120 到 170 个词" in banner.goal.text()
        assert han_count(banner.prompt.text()) > 10 and not any(
            c.isascii() and c.isalpha() for c in banner.prompt.text()
        )
    finally:
        app = QApplication.instance()
        assert app is not None
        i18n.apply_ui_language(app, "en")  # the one QApplication is shared by the later tests


def test_a_mandarin_pitch_drills_with_the_mandarin_goal_in_either_interface(
    qtbot: Any, make_app: Any, pitchcoach_home: Path
) -> None:
    """The drill started is the pitch language's (its goal is about Mandarin's pace, not English words a
    minute), and its words are the interface's: English here."""
    paths = app_paths(pitchcoach_home).ensure()
    save_settings(paths.settings, Settings(ui_language="en", pitch_language="zh"))
    win = make_app(FakeSoundDevice()).window
    with qtbot.waitSignal(win.drills.refreshed, timeout=30000):
        click_page(qtbot, win, 5)
    qtbot.mouseClick(win.drills.rows["pace"][2], Qt.MouseButton.LeftButton)
    banner = win.practice.drill_banner
    assert banner.title.text() == "Drill: Pace in the band"
    assert banner.goal.text() == "Introduce yourself at a calm, steady pace, neither rushed nor slow."
    assert han_count(banner.prompt.text()) == 0 and win.takes.drill is not None and win.takes.drill.language == "zh"
