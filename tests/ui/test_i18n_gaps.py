"""The last English in the Chinese interface (issue 25): history failures, Qt's own file dialog, the
Practice timer's unit, and a Chinese script rehearsed while the pitch language is English."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QTreeView

from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import Settings, save_settings
from pitchcoach.core.storage import TakeStore
from pitchcoach.ui import i18n
from tests.fakes import FakeSoundDevice
from tests.mounts import fill_disk
from tests.ui import test_export, test_i18n
from tests.ui.test_i18n import FIXTURES, _english, _texts, click_page, english_left


@pytest.fixture
def chinese_on_a_tiny_disk(pitchcoach_home: Path) -> Iterator[Path]:
    """The data folder on a real 2 MB filesystem (as the storage tests' full disk), the interface in Chinese."""
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(pitchcoach_home)], check=True)
    paths = app_paths(pitchcoach_home).ensure()
    save_settings(paths.settings, Settings(ui_language="zh_CN"))
    yield pitchcoach_home
    app = QApplication.instance()
    assert app is not None
    i18n.apply_ui_language(app, "en")
    subprocess.run(["umount", "-l", str(pitchcoach_home)], check=False)


chinese = test_i18n.chinese  # the interface set to zh_CN, and back to English afterwards
takes = test_export.takes  # three takes scored from text, saved in the test's store


def test_a_delete_on_a_full_disk_is_explained_in_chinese(qtbot, chinese_on_a_tiny_disk, make_app, analyzer) -> None:
    """Issue 25: 'Could not delete the take: the disk is full…' was English in the Chinese History page."""
    store = TakeStore(app_paths(chinese_on_a_tiny_disk))
    silence = analyzer.analyze_file(FIXTURES / "silence.wav")
    for i in range(3):
        store.save_take(silence, np.full(1600, 0.01 * (i + 1), dtype=np.float32), note=f"n{i}")
    store.close()
    win = make_app(FakeSoundDevice()).window
    click_page(qtbot, win, 2)
    qtbot.waitUntil(lambda: win.history_page is not None and win.history_page.proxy.rowCount() == 3)
    page = win.history_page
    page.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty WAL: the delete must grow it
    filler = fill_disk(chinese_on_a_tiny_disk)
    try:
        viewport = page.table.viewport()
        qtbot.mouseClick(
            viewport, Qt.MouseButton.LeftButton, pos=page.table.visualRect(page.proxy.index(0, 0)).center()
        )
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.error_banner.isVisible())
        shown = page.error_banner.text()
    finally:
        filler.unlink()
    assert "无法删除这次练习：磁盘已满" in shown and "请腾出一些空间" in shown, shown
    assert english_left(shown) == [], shown
    assert page.proxy.rowCount() == 3  # nothing was deleted


def test_the_practice_timer_says_its_unit_in_chinese_and_fits(qtbot, make_app, chinese) -> None:
    """Issue 25: the big timer read '0.0 s / 20 s' in the Chinese interface."""
    win = make_app(FakeSoundDevice()).window
    timer = win.practice.time_label
    assert timer.text() == " 0.0 秒  /  20 秒"
    assert timer.fontMetrics().horizontalAdvance(timer.text()) <= timer.contentsRect().width()


def test_the_practice_timer_is_unchanged_in_english(qapp) -> None:
    from pitchcoach.ui.practice_page import timer_text

    assert timer_text(0.0, 20) == " 0.0 s  /  20 s"
    assert timer_text(12.34, 45) == "12.3 s  /  45 s"


def test_qt_file_dialog_is_chinese(qtbot, make_app, chinese, tmp_path) -> None:
    """Issue 25: Qt's own file dialog said "Look in:", "Files of type:" and "Folder" in Chinese, as
    qtbase_zh_CN.qm has no text for them; our .ts supplies them in Qt's own context."""
    folder = tmp_path / "recordings"
    (folder / "older").mkdir(parents=True)
    (folder / "take.wav").write_bytes((FIXTURES / "too_short.wav").read_bytes())
    pc = make_app(FakeSoundDevice())
    pc.services.settings.update(extra={"last_open_dir": str(folder)})
    seen: list[tuple[str, str, list[str]]] = []
    shown: list[QFileDialog] = []

    def read_dialog() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(50, read_dialog)
            return
        tree = dialog.findChild(QTreeView, "treeView")
        model = tree.model()
        if model.rowCount(tree.rootIndex()) < 2:  # the folder is read on a thread of Qt's
            QTimer.singleShot(50, read_dialog)
            return
        shown.append(dialog)
        seen.extend(_english(_texts(dialog), set()))
        headers = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
        types = [str(model.index(r, 2, tree.rootIndex()).data()) for r in range(model.rowCount(tree.rootIndex()))]
        # Sizes and dates follow the system's regional format (QLocale::system()), not the interface language.
        seen.extend(("file list", t, english_left(t)) for t in [*headers, *types] if english_left(t))
        dialog.grab().save(str(tmp_path / "file-dialog-zh_CN.png"))
        dialog.reject()

    # Qt's dialog keeps its last state in QtProject.conf in the user's config folder: here, in the test's.
    user_config = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    try:
        QTimer.singleShot(50, read_dialog)
        pc.window.open_action.trigger()  # File ▸ Open audio…: the dialog runs its own loop until read_dialog closes
    finally:
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, user_config)
    assert shown, "the file dialog did not open"
    assert seen == [], "\n".join(f"{where}: {text!r} -> {words}" for where, text, words in seen)


CHINESE_SCRIPT = "大家好，我是王丽。我帮小面包店减少每天扔掉的面包，平均能省下三成成本。你们店里每天会剩下多少面包？"


def _type_script(qtbot: Any, card: Any, text: str) -> None:
    qtbot.mouseClick(card.editor.viewport(), Qt.MouseButton.LeftButton)
    typed = QInputMethodEvent()  # as a Chinese input method hands over what was typed
    typed.setCommitString(text)
    QApplication.sendEvent(card.editor, typed)


@pytest.mark.parametrize("ui", ["zh_CN", "en"])
def test_a_chinese_script_with_an_english_pitch_language_is_said_and_switched(
    qtbot, make_app, pitchcoach_home, ui
) -> None:
    """Issue 25: a Chinese script typed while the pitch language was English was checked and counted as
    English words, and nothing said that a take would be heard as English and could not follow it."""
    paths = app_paths(pitchcoach_home).ensure()
    save_settings(paths.settings, Settings(ui_language=ui, pitch_language="en"))
    try:
        win = make_app(FakeSoundDevice()).window
        card = win.practice.pitch_card
        _type_script(qtbot, card, CHINESE_SCRIPT)
        assert card.editor.toPlainText() == CHINESE_SCRIPT
        assert card.mismatch_box.isVisible()
        note = card.mismatch_note.text()
        if ui == "zh_CN":
            assert "用中文写的" in note and "介绍语言是英语" in note, note
            assert english_left(note) == [] and english_left(card.switch_button.text()) == []
            assert "44 字" in card.info.text(), card.info.text()  # counted as Chinese, not as 1 "word"
        else:
            assert "written in Chinese" in note and "pitch language is English" in note, note
            assert "44 characters" in card.info.text(), card.info.text()
        qtbot.mouseClick(card.prompter_button, Qt.MouseButton.LeftButton)
        assert card.teleprompter.prompt.language == "zh"  # its sentences followed character by character
        qtbot.keyClick(card.teleprompter, Qt.Key.Key_Escape)
        qtbot.mouseClick(card.check_button, Qt.MouseButton.LeftButton)
        findings = card.findings.text()
        assert ("60–87 字" if ui == "zh_CN" else "60–87 characters") in findings, findings  # Chinese pace budget
        qtbot.mouseClick(card.switch_button, Qt.MouseButton.LeftButton)
        assert win.practice.language_combo.language == "zh"
        assert win.settings_page.language_combo.language == "zh"  # the choice is the app's, not the card's
        assert win.services.settings.value.pitch_language == "zh"
        assert not card.mismatch_box.isVisible()
    finally:
        app = QApplication.instance()
        assert app is not None
        i18n.apply_ui_language(app, "en")


def test_a_busy_microphone_is_explained_in_chinese(qtbot, make_app, chinese, mic_factory) -> None:
    """Issue 25: the recorder's reasons ('The microphone is busy: …') were English in the Chinese interface."""
    from tests.fakes import FakePortAudioError

    err = FakePortAudioError("Error opening InputStream: Device unavailable [PaErrorCode -9985]")
    win = make_app(mic_factory("too_short.wav", open_error=err)).window
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    assert not win.practice.recording
    shown = win.practice.banner.text()
    assert "麦克风正忙" in shown and "再按“录音”" in shown, shown
    assert english_left(shown) == [], shown


def test_a_failed_export_is_explained_in_chinese(qtbot, qapp, takes, store, tmp_path) -> None:
    """Issue 25: a report that could not be written ('The folder … doesn't exist', 'Reports can't be saved
    inside PitchCoach's data folder') was explained in English in the Chinese interface."""
    from pitchcoach.ui.export import FILTERS, export_take_dialog

    i18n.apply_ui_language(qapp, "zh_CN")
    try:
        gone = test_export.Dialogs(str(tmp_path / "gone" / "take.md"), FILTERS["md"])
        job = export_take_dialog(None, takes[0], store, **gone.kwargs())
        with qtbot.waitSignal(job.failed, timeout=20000) as failed:
            pass
        inside = test_export.Dialogs(str(store.paths.root / "take.json"), FILTERS["json"])
        assert export_take_dialog(None, takes[0], store, **inside.kwargs()) is None
    finally:
        i18n.apply_ui_language(qapp, "en")
    said = failed.args[0]
    assert "不存在" in said and str(tmp_path / "gone") in said, said
    assert "数据文件夹" in inside.errors[0], inside.errors
    assert [english_left(t) for t in (said, inside.errors[0])] == [[], []]


def test_joining_a_missing_team_folder_is_explained_in_chinese(qtbot, make_app, chinese, mic_factory, tmp_path) -> None:
    """Issue 25: the team's reasons ('The team folder … is not available (it does not exist)…') were English
    in the Chinese Settings page."""
    win = make_app(mic_factory()).window
    card = win.settings_page.team_card
    qtbot.keyClick(win, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(card.folder_edit, str(tmp_path / "unmounted-share"))
    qtbot.keyClicks(card.name_edit, "Ann")
    qtbot.mouseClick(card.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "不可用" in card.status.text(), timeout=10000)
    shown = card.status.text()
    assert "它不存在" in shown and "你自己的练习和历史记录照常可用" in shown, shown
    assert english_left(shown) == [], shown
    assert win.services.team().config is None


def test_a_take_stopped_at_the_limit_says_so_in_chinese(qtbot, make_app, chinese, mic_factory) -> None:
    """Issue 25: what happened while recording ('Recording stopped at the 2-second limit…') was English
    above a Chinese result."""
    win = make_app(mic_factory("too_short.wav", speed=1.0), max_take_seconds=1.5).window
    qtbot.mouseClick(win.practice.record_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(win.outcome_shown, timeout=60000) as shown:
        pass
    assert "limit" in shown.args[0].problem  # the English, for the log, is unchanged
    banner = win.results.problem
    assert banner.isVisible() and "录音在 1.5 秒的上限处停止" in banner.text(), banner.text()
    assert english_left(banner.text()) == [], banner.text()


def test_an_unscored_file_says_it_was_not_saved_in_chinese(qtbot, make_app, chinese, mic_factory) -> None:
    """Issue 25: 'Not saved to your history: only scored takes are kept.' was English under a Chinese gate."""
    win = make_app(mic_factory()).window
    with qtbot.waitSignal(win.outcome_shown, timeout=60000):
        win.analyze_path(FIXTURES / "too_few_words.wav")  # what File > Open and a drop both do
    said = win.results.gate_saved
    assert said.isVisible() and said.text() == "未保存到练习记录：只保留有评分的练习。", said.text()


def test_a_missing_model_folder_is_explained_in_chinese(qtbot, make_app, chinese, mic_factory, tmp_path) -> None:
    """Issue 25: the speech model's reasons ('Model folder not found: … Choose a folder that contains
    model.bin.') were English in the Chinese Settings page."""
    from pitchcoach.core.settings import SettingsStore

    SettingsStore(app_paths(chinese).settings).update(model_path=str(tmp_path / "no-such-model"))
    pc = make_app(mic_factory(), real_model_load=True, start=False)
    with qtbot.waitSignal(pc.window.model_failed, timeout=60000) as failed:
        pc.start()
    status = pc.window.settings_page.model_status.text()
    assert "找不到模型文件夹" in failed.args[0] and "找不到模型文件夹" in status, status
    assert english_left(failed.args[0]) == [], failed.args[0]


def test_a_file_too_long_to_be_an_introduction_is_refused_in_chinese(
    qtbot, make_app, chinese, mic_factory, monkeypatch, tmp_path
) -> None:
    """Issue 25: 'meeting.flac is 4 min 0 s long; PitchCoach analyses recordings of up to 3 minutes…' was
    English in the Chinese interface."""
    import soundfile as sf

    from tests.ui.test_import_limits import _open_via_button

    path = tmp_path / "meeting.flac"
    sf.write(str(path), np.zeros(16000 * 240, np.int16), 16000, subtype="PCM_16", format="FLAC")
    message = _open_via_button(qtbot, make_app(mic_factory()), monkeypatch, path)
    assert "meeting.flac 长达 4 分 0 秒" in message and "不超过 3 分钟" in message, message
    assert english_left(message) == [], message


def test_a_bad_line_in_a_word_list_is_explained_in_chinese(qtbot, make_app, chinese, mic_factory) -> None:
    """Issue 25: the word-list check in Settings listed its problems ('… line 2: byte 0xff … is not UTF-8
    text; line skipped…') in English in the Chinese interface."""
    pc = make_app(mic_factory(), start=False)
    folder = pc.services.paths.lexicons
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hedges.txt").write_bytes(b"kind of\n\xff oops\n")
    pc.window.show_page("settings")
    page = pc.window.settings_page
    qtbot.waitUntil(lambda: len(page.lexicon_problems) == 1, timeout=60000)
    text = page.lexicon_status.text()
    assert f"{folder / 'hedges.txt'} 第 2 行：第 1 列的字节 0xff 不是 UTF-8 文本" in text, text
    assert english_left(text.replace("UTF-8", "").replace("0xff", "")) == [], text  # the byte, the encoding
