"""The Chinese interface (issue 25): every string translated, every visible widget in Chinese, and a
language switch that keeps the user's history and settings."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QWidget,
)

from pitchcoach.core.drills import judge, load_drill
from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import Settings, SettingsStore, load_settings, save_settings
from pitchcoach.core.storage import TakeStore
from pitchcoach.core.team.service import TeamService
from pitchcoach.ui import i18n
from pitchcoach.ui.compare_dialog import CompareDialog
from pitchcoach.ui.period_dialog import PeriodDialog
from pitchcoach.ui.transcript_view import TranscriptView
from tests.fakes import FakeSoundDevice

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "pitchcoach" / "ui" / "i18n" / "pitchcoach_zh_CN.ts"
FIXTURES = ROOT / "tests" / "fixtures"

# English that stays English in the Chinese interface: the brand, units, formats and file names,
# key names in shortcuts, and the test's own data (the fake microphone's name).
ALLOWED = re.compile(
    r"PitchCoach|PITCHCOACH_HOME|CTranslate2|model\.bin|tiny\.en|Whisper|Ctrl|Shift|Space|Esc|"
    r"\b(?:dB|dBFS|Hz|st|s|WAV|FLAC|MP3|PDF|HTML|CSV|JSON|Markdown|A|B|e\.g)\b|"
    r"[\w.-]+\.(?:wav|flac|mp3|pdf|csv|json|md|html|db|sqlite)\b|"
    r"Fake USB Mic|Built-in Microphone|"
    r"English|Syncthing|Nextcloud|OneDrive|Dropbox|"  # language names in their own language; sync apps
    r"\*\.\w+|[A-Za-z]:?[/\\][^\s)]*|/[^\s)]+"  # file-dialog patterns and paths
)
WORD = re.compile(r"[A-Za-z]{2,}")


# Core's Chinese feedback quotes the take back in 「」 (issue 25): the speaker's own words, in the pitch's
# language, not untranslated interface text.
QUOTED = re.compile(r"「[^」]*」")


def english_left(text: str) -> list[str]:
    plain = QUOTED.sub(" ", html.unescape(re.sub(r"<[^>]+>", " ", text)))
    return WORD.findall(ALLOWED.sub(" ", plain))


@pytest.fixture
def chinese(pitchcoach_home: Path) -> Iterator[Path]:
    """Settings that ask for Chinese; afterwards the process's translators go back to English,
    since every later test in the session shares the one QApplication."""
    paths = app_paths(pitchcoach_home)
    paths.ensure()
    save_settings(paths.settings, Settings(ui_language="zh_CN"))
    yield pitchcoach_home
    app = QApplication.instance()
    assert app is not None
    i18n.apply_ui_language(app, "en")


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{\w*(?::[^}]*)?\}", text))


def test_every_source_string_has_a_finished_translation(tmp_path: Path) -> None:
    """lupdate run on today's code finds no new or unfinished entry, and every translation keeps its
    source's {placeholders} (a missing one would raise KeyError in .format())."""
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    assert lupdate, "pyside6-lupdate is not installed beside this Python (PySide6 ships it)"
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    sources = subprocess.run(
        ["git", "ls-files", "pitchcoach/ui/*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    out = subprocess.run(
        [lupdate, "-no-obsolete", "-locations", "none", *sources, "-ts", str(fresh)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "(0 new and" in out.stdout, f"strings not yet in the .ts (run make translations):\n{out.stdout}"
    unfinished, mismatched = [], []
    for msg in ET.parse(fresh).getroot().iter("message"):
        source, tr = msg.findtext("source") or "", msg.find("translation")
        assert tr is not None
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not (tr.text or "").strip():
            unfinished.append(source)
        # The day label reorders its fields on purpose ({m}月{d}日), so it alone may differ.
        elif source != "{d} {mon}" and _fields(source) != _fields(tr.text or ""):
            mismatched.append((source, tr.text))
    assert unfinished == []
    assert mismatched == []


def test_the_bundled_font_has_every_character_of_the_translations(qapp: Any) -> None:
    """The subset (scripts/subset_cjk_font.py) must cover the translations, or a hanzi outside
    GB2312 level 1 shows as a box wherever the system has no CJK font of its own."""
    from importlib import resources

    from PySide6.QtGui import QRawFont

    font = QRawFont(str(resources.files("pitchcoach").joinpath("assets", "fonts", "PitchCoachCJKSC-Regular.otf")), 12)
    assert font.isValid()
    chars = {c for node in ET.parse(TS).getroot().iter("translation") for c in node.text or "" if ord(c) >= 0x2E80}
    assert sorted(c for c in chars if not font.supportsCharacter(ord(c))) == []


def _texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a user sees or a screen reader says on a visible widget."""
    for w in [widget, *widget.findChildren(QWidget)]:
        if (not w.isVisibleTo(widget) and w is not widget) or isinstance(w.parent(), TranscriptView):
            continue  # the transcript is what the speaker said, in the pitch's language
        where = f"{type(w).__name__}({w.objectName() or ''})"
        for kind, text in (("accessible name", w.accessibleName()), ("tooltip", w.toolTip())):
            yield f"{where} {kind}", text
        yield f"{where} description", w.accessibleDescription()
        if isinstance(w, (QLabel, QAbstractButton)):
            yield f"{where} text", w.text()
        if isinstance(w, QLineEdit):
            yield f"{where} placeholder", w.placeholderText()
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                yield f"{where} item", w.itemText(i)
        if isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            for col in range(model.columnCount()):
                yield f"{where} header", str(model.headerData(col, Qt.Orientation.Horizontal))
            for row in range(min(model.rowCount(), 3)):
                for col in range(model.columnCount()):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(model.index(row, col), role)
                        if isinstance(value, str):
                            yield f"{where} cell", value


def _menu_texts(menu: QMenu) -> Iterator[tuple[str, str]]:
    for action in menu.actions():
        yield "menu", action.text().replace("&", "")
        if action.menu() is not None:
            yield from _menu_texts(action.menu())


def _english(texts: Iterator[tuple[str, str]], spoken: set[str]) -> list[tuple[str, str, list[str]]]:
    """English words left in what a user reads. ``spoken``: what the speaker said (the pitch's language),
    the only text besides the allow-list that may stay English; core's own words never may (issue 25)."""
    found = []
    for where, text in texts:
        for line in sorted(spoken, key=len, reverse=True):
            text = text.replace(line, " ")
        if words := english_left(text):
            found.append((where, text, words))
    return found


def click_page(qtbot: Any, win: Any, row: int) -> None:
    """Click a page in the list on the left, as a user does (0 Practice, 1 Results, 2 History, 3 Settings,
    4 Team, 5 Drills)."""
    nav = win.nav
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(row)).center())


def test_every_page_and_dialog_is_chinese(qtbot, make_app, chinese, analyzer) -> None:
    store = TakeStore(app_paths(chinese))
    for name in ("great_pitch.wav", "jargon_heavy.wav"):
        store.save_take(analyzer.analyze_file(FIXTURES / name), FIXTURES / name)
    store.close()
    pc = make_app(FakeSoundDevice())
    win = pc.window
    found: list[tuple[str, str, list[str]]] = []
    feedback: set[str] = set()  # nothing of core's words is excused: rule texts, tips, drills, scenarios, voice

    for action in win.menuBar().actions():
        found += _english(iter([("menu bar", action.text().replace("&", ""))]), feedback)
        if action.menu() is not None:
            found += _english(_menu_texts(action.menu()), feedback)

    # History: open the latest take, as a user does.
    click_page(qtbot, win, 2)
    qtbot.waitUntil(lambda: win.history_page is not None and win.history_page.proxy.rowCount() == 2)
    page = win.history_page
    found += _english(_texts(win), feedback)
    viewport = page.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=page.table.visualRect(page.proxy.index(0, 0)).center())
    with qtbot.waitSignal(win.outcome_shown, timeout=30000):
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    win.results.more_button.click()
    found += _english(_texts(win), feedback)

    for row in (0, 3):  # Practice, Settings
        click_page(qtbot, win, row)
        found += _english(_texts(win), feedback)

    # The dialogs: compare two takes, pick the days of a progress report, About.
    click_page(qtbot, win, 2)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=page.table.visualRect(page.proxy.index(0, 0)).center())
    ctrl = Qt.KeyboardModifier.ControlModifier
    pos = page.table.visualRect(page.proxy.index(1, 0)).center()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, ctrl, pos)
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    compare = next(d for d in page.findChildren(CompareDialog) if d.isVisible())
    found += _english(_texts(compare), feedback)
    compare.close()
    win.progress_action.trigger()
    period = next(d for d in win.findChildren(PeriodDialog) if d.isVisible())
    found += _english(_texts(period), feedback)
    period.reject()
    about: list[tuple[str, str, list[str]]] = []

    def read_about() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        about.extend(_english(_texts(box), feedback))
        about.append(("about title", box.windowTitle(), english_left(box.windowTitle())))
        box.accept()

    QTimer.singleShot(200, read_about)
    next(a for a in win.findChildren(QAction) if "PitchCoach" in a.text() and "&" in a.text()).trigger()
    assert about, "the About box did not open"
    found += [x for x in about if x[2]]

    assert found == [], "\n".join(f"{where}: {text!r} -> {words}" for where, text, words in found)
    # The standard buttons come from Qt's own Chinese (qtbase_zh_CN.qm).
    box = QMessageBox(QMessageBox.Icon.Warning, "t", "t", QMessageBox.StandardButton.Cancel)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"


def test_drills_and_team_pages_are_chinese(qtbot, make_app, chinese, analyzer, tmp_path) -> None:
    """The Drills page, a drill's banner and verdict, the Team page and a shared take with a comment, in Chinese.

    A member of the coach's team shared a filler-heavy take with its recording; the coach's own history
    holds the same take as a full pitch and as a (failed) fillers drill."""
    fillers = analyzer.analyze_file(FIXTURES / "filler_heavy.wav")
    drill = load_drill("fillers")
    verdict = judge(drill, fillers)
    team = tmp_path / "team"
    team.mkdir()
    for home, name, level in ((tmp_path / "member", "王芳", "audio"), (chinese, "李老师", "none")):
        paths = app_paths(home).ensure()
        svc = TeamService(SettingsStore(paths.settings), paths.root / "team-cache")
        svc.join(team, name, level)
        store = TakeStore(paths)
        store.save_take(fillers, FIXTURES / "filler_heavy.wav")
        if level == "audio":
            svc.share(store.list()[0])
        else:
            store.save_take(fillers, FIXTURES / "filler_heavy.wav", drill=verdict)
        store.close()
        svc.close()
    win = make_app(FakeSoundDevice()).window
    found: list[tuple[str, str, list[str]]] = []
    # What the speaker said, quoted as the verdict's evidence; core's own words are all Chinese.
    feedback = {e.text for e in verdict.evidence}

    with qtbot.waitSignal(win.drills.refreshed, timeout=30000):  # its figures are read on a worker
        click_page(qtbot, win, 5)
    assert win.current_page() == "drills" and win.drills.suggest_button.isEnabled()
    found += _english(_texts(win), feedback)
    qtbot.mouseClick(win.drills.suggest_button, Qt.MouseButton.LeftButton)  # the banner on the Practice page
    assert win.current_page() == "practice" and win.practice.drill_banner.isVisible()
    found += _english(_texts(win), feedback)
    qtbot.mouseClick(win.practice.drill_banner.end_button, Qt.MouseButton.LeftButton)

    # The drill take from History: its verdict card on the Results page.
    click_page(qtbot, win, 2)
    qtbot.waitUntil(lambda: win.history_page is not None and win.history_page.proxy.rowCount() == 2)
    page = win.history_page
    viewport = page.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=page.table.visualRect(page.proxy.index(0, 0)).center())
    with qtbot.waitSignal(win.outcome_shown, timeout=30000):
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert win.results.drill_card.isVisible()
    found += _english(_texts(win), feedback)

    team_page = win.team
    with qtbot.waitSignal(team_page.refreshed, timeout=20000):
        click_page(qtbot, win, 4)
    members = team_page.members
    row = next(r for r in range(members.rowCount()) if members.item(r, 0).text() == "王芳")
    member = members.item(row, 0).data(Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(team_page.takes_shown, timeout=10000, check_params_cb=lambda m: m == member):
        qtbot.mouseClick(  # the member's takes are read from the cache on a worker
            members.viewport(), Qt.MouseButton.LeftButton, pos=members.visualItemRect(members.item(row, 0)).center()
        )
    assert team_page.takes.rowCount() == 1  # the member's take, its row selected
    found += _english(_texts(win), feedback)
    with qtbot.waitSignal(team_page.take_opened, timeout=10000) as opened:
        qtbot.mouseClick(team_page.open_button, Qt.MouseButton.LeftButton)
    view = team_page.take_view
    feedback |= {opened.args[0].take.transcript}  # what the member said, in the pitch's language
    qtbot.mouseClick(view.comment_edit.viewport(), Qt.MouseButton.LeftButton)
    typed = QInputMethodEvent()  # as a Chinese input method hands over what was typed
    typed.setCommitString("开头很好")
    QApplication.sendEvent(view.comment_edit, typed)
    qtbot.mouseClick(view.comment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "开头很好" in view.comments.text(), timeout=10000)
    found += _english(_texts(win), feedback)

    assert found == [], "\n".join(f"{where}: {text!r} -> {words}" for where, text, words in found)


def test_switching_language_keeps_history_and_settings(qtbot, make_app, pitchcoach_home, analyzer) -> None:
    """An English user with a history switches to Chinese in Settings; after the restart the same
    takes and settings are there, the English history reads in Chinese, and the page says when the
    change applies."""
    store = TakeStore(app_paths(pitchcoach_home))
    take = store.save_take(analyzer.analyze_file(FIXTURES / "great_pitch.wav"), FIXTURES / "great_pitch.wav")
    store.close()
    pc = make_app(FakeSoundDevice())
    win = pc.window
    click_page(qtbot, win, 3)
    s = win.settings_page
    s.target_spin.setFocus()
    for _ in range(25 - int(s.target_spin.value())):
        qtbot.keyClick(s.target_spin, Qt.Key.Key_Up)
    combo = s.ui_language_combo
    combo.setFocus()
    before = load_settings(app_paths(pitchcoach_home).settings)
    assert before.target_seconds == 25 and before.ui_language is None
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last entry: 简体中文
    assert combo.currentText() == "简体中文"
    assert "Restart PitchCoach" in s.ui_language_note.text()
    saved = load_settings(app_paths(pitchcoach_home).settings)
    assert saved.ui_language == "zh_CN"
    assert {k: v for k, v in vars(saved).items() if k != "ui_language"} == {
        k: v for k, v in vars(before).items() if k != "ui_language"
    }
    win.close()

    try:
        again = make_app(FakeSoundDevice())  # the restart
        w2 = again.window
        assert w2.page_title("history") == "历史"
        assert again.services.settings.value.target_seconds == 25
        click_page(qtbot, w2, 2)
        qtbot.waitUntil(lambda: w2.history_page is not None and w2.history_page.proxy.rowCount() == 1)
        page = w2.history_page
        model = page.table.model()
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        assert headers[:3] == ["日期", "说话时长", "总分"]
        band = model.data(model.index(0, headers.index("等级")))
        assert band in ("优秀", "良好", "待提高", "需重练"), band
        assert page.store.get(take.id).overall == take.overall
        with qtbot.waitSignal(w2.drills.refreshed, timeout=30000):
            click_page(qtbot, w2, 5)  # the Drills page reads its history in Chinese too
        assert w2.current_page() == "drills"
        assert w2.drills.week_label.text() == "本周已练习 1/5 次：还差 4 次"
        assert w2.drills.rows["fillers"][0].text() == "未开始"
    finally:
        app = QApplication.instance()
        assert app is not None
        i18n.apply_ui_language(app, "en")


def test_a_history_that_cannot_be_opened_is_explained_in_chinese(qtbot, make_app, chinese) -> None:
    """Issue 25: the History page said 'The file … is not a PitchCoach history database …' in English."""
    paths = app_paths(chinese)
    garbage = bytes(range(256)) * 32  # another program's file where the history should be
    paths.database.write_bytes(garbage)
    win = make_app(FakeSoundDevice()).window
    click_page(qtbot, win, 2)

    def shown() -> list[str]:
        return [w.text() for w in win.findChildren(QLabel) if w.isVisible() and "sqlite" in w.text()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=10000)  # the history is opened on a worker
    assert any("不是 PitchCoach 的历史数据库" in t for t in shown()), shown()
    assert [e for t in shown() for e in english_left(t)] == []
    assert paths.database.read_bytes() == garbage  # left untouched


def test_an_english_take_is_described_in_chinese_in_the_chinese_interface(qtbot, make_app, chinese, analyzer) -> None:
    """Issue 25: the Results line and the History table called an English take 'English' among Chinese
    words; the pitch-language menus keep each language's own name."""
    store = TakeStore(app_paths(chinese))
    store.save_take(analyzer.analyze_file(FIXTURES / "great_pitch.wav"), FIXTURES / "great_pitch.wav")
    store.close()
    win = make_app(FakeSoundDevice()).window
    click_page(qtbot, win, 2)
    qtbot.waitUntil(lambda: win.history_page is not None and win.history_page.proxy.rowCount() == 1)
    page = win.history_page
    model = page.table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert model.data(model.index(0, headers.index("语言"))) == "英语"
    assert model.data(model.index(0, headers.index("说话时长"))).endswith(" 秒")  # as the Results line says it
    viewport = page.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=page.table.visualRect(page.proxy.index(0, 0)).center())
    with qtbot.waitSignal(win.outcome_shown, timeout=30000):
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    subtitle = win.results.subtitle.text()
    assert " · 英语 · " in subtitle and "English" not in subtitle, subtitle
    assert "English" in [win.practice.language_combo.itemText(i) for i in range(win.practice.language_combo.count())]
    click_page(qtbot, win, 3)
    assert win.settings_page.target_spin.text().endswith(" 秒")  # the target as the Practice page says it
