"""Team sharing through the real window: join in Settings, share a take at each level from the Results
page, then as the coach open the Team page, open a shared take, comment and export the team report."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import SettingsStore
from pitchcoach.core.storage import TakeStore
from pitchcoach.core.team import schema
from pitchcoach.core.team.service import TeamService
from tests.speech import FIXTURES

SHOTS = Path(__file__).resolve().parents[2] / "build" / "team-screens"


def _join_in_settings(qtbot, win, folder: Path, name: str, level: str) -> None:
    qtbot.keyClick(win, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert win.current_page() == "settings"
    card = win.settings_page.team_card
    card.folder_edit.setFocus()
    qtbot.keyClicks(card.folder_edit, str(folder))
    qtbot.keyClicks(card.name_edit, name)
    _choose(qtbot, card.level_combo, level)
    qtbot.mouseClick(card.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "You are in the team" in card.status.text(), timeout=10000)
    assert not win.pages.nav.item(4).isHidden()


def _choose(qtbot, combo: QComboBox, level: str) -> None:
    """Pick an entry as a user does with the keyboard: focus the menu, arrow to the entry."""
    combo.setFocus()
    target = combo.findData(level)
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def test_join_and_share_a_take_at_each_level(qtbot, make_app, mic_factory, tmp_path):
    team = tmp_path / "team"
    team.mkdir()
    win = make_app(mic_factory()).window
    assert win.pages.nav.item(4).isHidden()  # no Team page before joining
    _join_in_settings(qtbot, win, team, "Ann Member", "scores")
    cfg = win.services.team().config
    SHOTS.mkdir(parents=True, exist_ok=True)
    win.settings_page.team_card.grab().save(str(SHOTS / "settings-team.png"))
    takes_dir = team / "members" / cfg.member_id / "takes"
    with qtbot.waitSignal(win.team_sharing.shared, timeout=90000) as blocker:
        win.analyze_path(FIXTURES / "filler_heavy.wav")
    take_id, level = blocker.args
    assert level == "scores" and win.team_sharing.widget.isVisible()
    [shared] = list(takes_dir.glob("*.json"))
    assert schema.read_take(shared.read_bytes()).level == "scores"
    combo = win.team_sharing.combo
    for wanted in ("transcript", "audio", "none", "scores"):
        # Arrowing past entries shares each on the way; the last one chosen is what stays.
        with qtbot.waitSignal(win.team_sharing.shared, timeout=20000) as blocker:
            _choose(qtbot, combo, wanted)
        assert blocker.args == [take_id, wanted]
        assert combo.currentData() == wanted
        files = sorted(p.suffix for p in takes_dir.iterdir())
        if wanted == "none":
            assert files == []
        else:
            assert schema.read_take(shared.read_bytes()).level == wanted
            assert files == ([".json", ".opus"] if wanted == "audio" else [".json"])
    SHOTS.mkdir(parents=True, exist_ok=True)
    win.results.grab().save(str(SHOTS / "results-team-menu.png"))

    # Share-later: the folder is unmounted (renamed away) when the user shares the transcript; the choice
    # waits, visibly, and is carried out when the folder is back and the Team page is opened.
    unmounted = team.with_name("unmounted")
    team.rename(unmounted)
    assert not win.team_sharing.pending_label.isVisible()
    _choose(qtbot, combo, "transcript")
    qtbot.waitUntil(win.team_sharing.pending_label.isVisible, timeout=20000)
    assert combo.currentData() == "transcript" and not win.last_message
    win.results.grab().save(str(SHOTS / "results-team-pending.png"))
    unmounted.rename(team)
    with qtbot.waitSignal(win.team.refreshed, timeout=20000):
        qtbot.keyClick(win, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: schema.read_take(shared.read_bytes()).level == "transcript", timeout=20000)
    qtbot.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not win.team_sharing.pending_label.isVisible(), timeout=20000)

    # Leaving asks first; a No keeps everything.
    card = win.settings_page.team_card
    qtbot.keyClick(win, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    card.confirm_leave = lambda folder: False
    qtbot.mouseClick(card.leave_button, Qt.MouseButton.LeftButton)
    assert win.services.team().config is not None and shared.exists()
    card.confirm_leave = lambda folder: True
    qtbot.mouseClick(card.leave_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Left the team" in card.status.text(), timeout=10000)
    assert not (team / "members" / cfg.member_id).exists() and win.pages.nav.item(4).isHidden()


def test_joining_a_missing_folder_says_what_to_do(qtbot, make_app, mic_factory, tmp_path):
    win = make_app(mic_factory()).window
    card = win.settings_page.team_card
    qtbot.keyClick(win, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(card.folder_edit, str(tmp_path / "unmounted-share"))
    qtbot.keyClicks(card.name_edit, "Ann")
    qtbot.mouseClick(card.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not available" in card.status.text(), timeout=10000)
    assert "Your own practice" in card.status.text() and win.services.team().config is None


@pytest.fixture
def team_with_two_members(tmp_path, analyzer) -> Path:
    """A team folder where Ann (audio) and Ben (scores only) shared takes, made by the core as their
    own apps would; Ben's name holds markup, which must stay text everywhere."""
    team = tmp_path / "team"
    team.mkdir()
    for name, clip, level in (("Ann", "great_pitch", "audio"), ("Ben <b>Bold</b>", "filler_heavy", "scores")):
        paths = app_paths(tmp_path / f"home-{clip}").ensure()
        svc = TeamService(SettingsStore(paths.settings), paths.root / "team-cache")
        svc.join(team, name, level)
        store = TakeStore(paths)
        take = store.save_take(analyzer.analyze_file(FIXTURES / f"{clip}.wav"), FIXTURES / f"{clip}.wav")
        svc.share(take)
        store.close()
        svc.close()
    return team


def test_coach_opens_the_team_page_a_take_comments_and_exports(
    qtbot, make_app, mic_factory, tmp_path, team_with_two_members
):
    team = team_with_two_members
    win = make_app(mic_factory()).window
    _join_in_settings(qtbot, win, team, "Coach Carol", "none")
    page = win.team
    with qtbot.waitSignal(page.refreshed, timeout=20000):
        qtbot.keyClick(win, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert win.current_page() == "team"
    names = [page.members.item(r, 0).text() for r in range(page.members.rowCount())]
    names_to_ids = {
        page.members.item(r, 0).text(): page.members.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(3)
    }
    assert names == ["Ann", "Ben <b>Bold</b>", "Coach Carol"]
    assert [page.members.item(r, 2).text() for r in range(3)] == ["1", "1", "0"]
    assert page.issues.textFormat() == Qt.TextFormat.PlainText and "Most frequent issues" in page.issues.text()
    _choose(qtbot, page.period_combo, "all")
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()  # the wrapped labels' new heights are laid out by posted events
    win.grab().save(str(SHOTS / "team-page.png"))

    # Ann's take: select her row, then Enter on her take opens it.
    with qtbot.waitSignal(page.takes_shown, timeout=10000, check_params_cb=lambda m: m == names_to_ids["Ann"]):
        qtbot.mouseClick(
            page.members.viewport(),
            Qt.MouseButton.LeftButton,
            pos=page.members.visualItemRect(page.members.item(0, 0)).center(),
        )
    assert page.takes.rowCount() == 1
    page.takes.setFocus()
    with qtbot.waitSignal(page.take_opened, timeout=10000) as blocker:
        qtbot.keyClick(page.takes, Qt.Key.Key_Return)
    opened = blocker.args[0]
    view = page.take_view
    assert opened.audio is not None and view.play_button.isEnabled()
    assert view.transcript.text() == opened.take.transcript and len(opened.take.transcript) > 20
    qtbot.keyClicks(view.comment_edit, "Strong close. Ask them a question next time.")
    qtbot.mouseClick(view.comment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Strong close" in view.comments.text(), timeout=10000)
    assert "Coach Carol" in view.comments.text()
    [comment] = list(team.glob("coaches/*/comments/*.json"))
    assert json.loads(comment.read_bytes())["text"] == "Strong close. Ask them a question next time."
    win.grab().save(str(SHOTS / "team-take.png"))

    # Ben shared scores only: no transcript, no recording.
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    ben = names_to_ids["Ben <b>Bold</b>"]
    with qtbot.waitSignal(page.takes_shown, timeout=10000, check_params_cb=lambda m: m == ben):
        qtbot.mouseClick(
            page.members.viewport(),
            Qt.MouseButton.LeftButton,
            pos=page.members.visualItemRect(page.members.item(1, 0)).center(),
        )
    with qtbot.waitSignal(page.take_opened, timeout=10000):
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert "Not shared" in view.transcript.text() and not view.play_button.isEnabled()
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)

    # The team report, as PDF and as HTML (Ben's markup escaped).
    for name in ("team.pdf", "team.html"):
        page.ask_report_path = lambda name=name: tmp_path / name
        with qtbot.waitSignal(page.report_written, timeout=30000) as blocker:
            qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
        assert blocker.args[0] == tmp_path / name
    # Not over the history, as any other report (reliability case 3): said, and nothing written.
    database = win.services.paths.database
    before = database.read_bytes()
    page.ask_report_path = lambda: database
    with qtbot.waitSignal(page.message, timeout=30000) as refused:
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert "can't be saved inside PitchCoach's data folder" in refused.args[1]
    assert database.read_bytes() == before
    html = (tmp_path / "team.html").read_text()
    assert "Ben &lt;b&gt;Bold&lt;/b&gt;" in html and "<b>Bold" not in html
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "team.pdf"), "-"], capture_output=True, text=True).stdout
        assert "Team progress report" in text and "Ann" in text and "Ben <b>Bold</b>" in text
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "team.pdf"), str(SHOTS / "team-report")])
