"""Render the real window offscreen and save a PNG of each page, for the README.

    QT_QPA_PLATFORM=offscreen python -m pitchcoach.ui.screenshots docs/screenshots [--scale 2]
        [--language zh_CN] [--widths 800,1280]

Takes are analysed with the real bundled model. The practice page is shown with
a stand-in device list (offscreen machines have no microphone); the "recording"
shot sets the page's live values directly, since nothing is being recorded.

The history is a realistic one (``build_history``): 17 takes over five days, from the speech
fixtures, including a 3-second take and a ~167-second one (fixtures joined). The import-progress
shot is a real import of that long recording, grabbed while it is being transcribed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


class _DemoDevices:
    """Just enough of sounddevice's device listing to show a named microphone."""

    class _Default:
        device: tuple[int, int] = (0, -1)

    default = _Default()

    def query_devices(self, device: Any = None, kind: str | None = None) -> Any:
        mic = {
            "index": 0,
            "name": "Built-in Microphone",
            "max_input_channels": 1,
            "max_output_channels": 0,
            "default_samplerate": 48000.0,
        }
        return [mic] if device is None and kind is None else mic


class _NoDevices(_DemoDevices):
    """What sounddevice reports on a machine with no microphone."""

    default = _DemoDevices._Default()
    default.device = (-1, -1)

    def query_devices(self, device: Any = None, kind: str | None = None) -> Any:
        if device is None and kind is None:
            return []
        raise RuntimeError("Error querying device -1")


def _sample(name: str) -> Path:
    p = REPO / "tests" / "fixtures" / name
    return p if p.is_file() else Path(__file__).resolve().parents[1] / "assets" / "sample_pitch.wav"


# Five days of practice: (days ago, local time, fixture). "LONG" is the fixtures joined (~167 s).
HISTORY = [
    (5, "08:10", "too_few_words.wav"),
    (5, "08:14", "filler_heavy.wav"),
    (5, "12:40", "hard_sell.wav"),
    (5, "12:46", "jargon_heavy.wav"),
    (4, "19:02", "too_slow.wav"),
    (4, "19:09", "filler_heavy.wav"),
    (4, "19:15", "LONG"),
    (3, "07:55", "too_fast.wav"),
    (3, "08:01", "hard_sell.wav"),
    (3, "08:06", "jargon_heavy.wav"),
    (3, "21:30", "too_short.wav"),
    (2, "12:20", "filler_heavy.wav"),
    (2, "12:27", "too_slow.wav"),
    (2, "12:33", "great_pitch.wav"),
    (1, "08:45", "jargon_heavy.wav"),
    (1, "08:52", "great_pitch.wav"),
    (1, "09:00", "great_pitch.wav"),
]
LONG_PARTS = (
    *("too_long.wav", "too_slow.wav", "hard_sell.wav"),
    *("great_pitch.wav", "filler_heavy.wav", "jargon_heavy.wav"),
)


def long_recording(folder: Path) -> Path:
    """A ~167-second take: six fixtures back to back, as someone who kept talking."""
    import numpy as np

    from pitchcoach.core.audio import SAMPLE_RATE, decode_audio
    from pitchcoach.core.wavfile import WavStream

    audio = np.concatenate([decode_audio(_sample(n)) for n in LONG_PARTS])
    wav = WavStream(folder / "long-take.wav", SAMPLE_RATE)
    wav.write(np.clip(audio * 32767, -32768, 32767).astype(np.int16))
    wav.close()
    return wav.path


def build_history(store: Any, analyzer: Any, long_path: Path, target: float) -> None:
    """Save HISTORY into ``store``, each take dated on its day (analyses are reused per fixture)."""
    cache: dict[str, Any] = {}
    today = datetime.now().astimezone().replace(second=0, microsecond=0)
    for days_ago, clock, name in HISTORY:
        path = long_path if name == "LONG" else _sample(name)
        if name not in cache:
            cache[name] = analyzer.analyze_file(path, target)
        hour, minute = (int(x) for x in clock.split(":"))
        when = (today - timedelta(days=days_ago)).replace(hour=hour, minute=minute)
        store.save_take(cache[name], path, created_at=when)


# The team on the Team page: two members who shared takes (names in the shots' interface language).
TEAM = {
    "en": (("Ann Lee", "great_pitch.wav", "audio"), ("Ben Ortiz", "filler_heavy.wav", "scores")),
    "zh_CN": (("王芳", "great_pitch.wav", "audio"), ("陈伟", "filler_heavy.wav", "scores")),
}
COACH = {"en": "Coach Carol", "zh_CN": "李老师"}
COMMENT = {
    "en": "Strong close. Ask them a question next time.",
    "zh_CN": "结尾很有力。下次可以先问对方一个问题。",
}


def build_team(folder: Path, analyzer: Any, language: str, target: float) -> None:
    """A team folder where each member's own app shared a take, as core does it."""
    from pitchcoach.core.paths import app_paths
    from pitchcoach.core.settings import SettingsStore
    from pitchcoach.core.storage import TakeStore
    from pitchcoach.core.team.service import TeamService

    folder.mkdir(parents=True, exist_ok=True)
    for i, (name, clip, level) in enumerate(TEAM[language]):
        paths = app_paths(folder.parent / f"member-{i}").ensure()
        svc = TeamService(SettingsStore(paths.settings), paths.root / "team-cache")
        svc.join(folder, name, level)
        store = TakeStore(paths)
        svc.share(store.save_take(analyzer.analyze_file(_sample(clip), target), _sample(clip)))
        store.close()
        svc.close()


def _wait(app: Any, done: Any, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        app.processEvents()
        time.sleep(0.02)
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not happen within {seconds:g} s")


def team_shots(app: Any, win: Any, language: str, theme: str, shot: Any) -> None:
    """The Team page, then the first member's shared take with the coach's comment."""
    page = win.team
    seen: list[Any] = []
    page.refreshed.connect(seen.append)
    win.show_page("team")
    _wait(app, lambda: bool(seen) and not win.runner.busy, "reading the team folder")
    page.refreshed.disconnect(seen.append)
    page.period_combo.setCurrentIndex(page.period_combo.findData("all"))
    first = TEAM[language][0][0]
    row = next(r for r in range(page.members.rowCount()) if page.members.item(r, 0).text() == first)
    from PySide6.QtCore import Qt

    member = page.members.item(row, 0).data(Qt.ItemDataRole.UserRole)
    shown: list[str] = []
    page.takes_shown.connect(shown.append)
    page.members.selectRow(row)  # a member with a shared take, not the coach
    _wait(app, lambda: member in shown and not win.runner.busy, "the member's takes")  # read on a worker
    page.takes_shown.disconnect(shown.append)
    shot(f"team-{theme}")
    opened: list[Any] = []
    page.take_opened.connect(opened.append)
    page.open_selected()
    _wait(app, lambda: bool(opened), "opening the shared take")
    page.take_opened.disconnect(opened.append)
    view = page.take_view
    if not view.comments.text().count(COMMENT[language]):
        page.add_comment(opened[0].take.member, opened[0].take.take, COMMENT[language])
        _wait(app, lambda: COMMENT[language] in view.comments.text(), "the comment")
    shot(f"team-take-{theme}", h=1000)
    view.back.emit()


def drills_shots(app: Any, win: Any, theme: str, shot: Any) -> None:
    """The Drills page, then the Practice page with the suggested drill armed."""
    win.show_page("drills")
    shot(f"drills-{theme}", h=1100)
    win.drills.suggest_button.click()
    shot(f"practice-drill-{theme}")
    win.start_drill("")  # back to full pitches


REHEARSAL = REPO / "tests" / "fixtures" / "rehearsal"


def rehearsal_shots(app: Any, win: Any, analyzer: Any, target: float, theme: str, shot: Any, out: Path) -> list[Path]:
    """Issue 26: My pitch with its text checked, the read-along teleprompter, and a rehearsal's result
    (real speech of the script with its second key point left out, held against the script)."""
    from pitchcoach.core import session as svc
    from pitchcoach.core.rehearsal import attach_rehearsal, parse_script

    if not (REHEARSAL / "script_en.txt").is_file():  # an installed copy has no test fixtures
        return []
    script = (REHEARSAL / "script_en.txt").read_text("utf-8").replace("\n", " ").strip()
    card = win.practice.pitch_card
    win.show_page("practice")
    card.editor.setPlainText(script)
    card.mode.setCurrentIndex(card.mode.findData("read_along"))
    card.check()
    shot(f"practice-pitch-{theme}", h=1250)
    card.open_teleprompter()
    card.teleprompter.resize(1000, 640)
    card.teleprompter.show_line(1)  # the speaker is on the second sentence
    _settle(app)
    path = out / f"teleprompter-{theme}{shot.suffix()}.png"
    card.teleprompter.grab().save(str(path))
    card.teleprompter.close()
    outcome = svc.analyze_file_keeping_audio(analyzer, REHEARSAL / "missing_one.wav", target)
    attach_rehearsal(outcome.analysis, parse_script(script), "from_memory")
    win.show_outcome(outcome)
    win.results.rehearsal_card.ensurePolished()
    shot(f"results-rehearsal-{theme}", h=1700)
    # Back as the other shots expect: nothing rehearsed, no pitch written.
    card.mode.setCurrentIndex(card.mode.findData("off"))
    card.editor.setPlainText("")
    card.findings.hide()
    return [path]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, nargs="?", default=REPO / "docs" / "screenshots")
    ap.add_argument("--scale", type=float, default=1.0, help="device pixel ratio, e.g. 2 for 200%% scaling")
    ap.add_argument("--themes", default="light,dark")
    ap.add_argument("--language", default="en", choices=("en", "zh_CN"), help="interface language of the shots")
    ap.add_argument(
        "--widths", default="1100", help="window widths in px, comma-separated; a width other than 1100 is in the name"
    )
    args = ap.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    os.environ["PITCHCOACH_HOME"] = tempfile.mkdtemp(prefix="pitchcoach-shots-")

    from PySide6.QtWidgets import QApplication

    from pitchcoach.core import session as svc
    from pitchcoach.core.paths import app_paths
    from pitchcoach.core.settings import Settings, save_settings
    from pitchcoach.ui.app import build_app

    app = QApplication(sys.argv[:1])
    paths = app_paths()
    save_settings(paths.settings, Settings(ui_language=args.language))  # read by build_app
    pc = build_app(paths, sd=_DemoDevices(), open_path=None, app=app)
    win = pc.window
    win.services.settings.update(seen_intro=False)
    analyzer = win.services.build_analyzer()
    win.takes.use_analyzer(analyzer)
    win.practice.refresh_devices()
    target = win.services.target_seconds()
    scored = svc.analyze_file_keeping_audio(analyzer, _sample("great_pitch.wav"), target)
    detailed = svc.analyze_file_keeping_audio(analyzer, _sample("jargon_heavy.wav"), target)
    gated = svc.analyze_file_keeping_audio(analyzer, _sample("too_few_words.wav"), target)
    trailing = svc.analyze_file_keeping_audio(analyzer, _sample("voice/trailing_off.flac"), target)
    hesitant = svc.analyze_file_keeping_audio(analyzer, _sample("voice/unvoiced_uh.flac"), target)
    scratch = Path(tempfile.mkdtemp(prefix="pitchcoach-shots-audio-"))
    long_path = long_recording(scratch)
    store = pc.services.store()
    assert store is not None, pc.services.store_error
    build_history(store, analyzer, long_path, target)
    team = Path(os.environ["PITCHCOACH_HOME"]).parent / (Path(os.environ["PITCHCOACH_HOME"]).name + "-team") / "team"
    build_team(team, analyzer, args.language, target)
    win.services.team().join(team, COACH[args.language], "none")
    win.settings_page.team_card.team_changed.emit()  # as joining in Settings does: the Team page is listed
    args.out.mkdir(parents=True, exist_ok=True)
    lang = "" if args.language == "en" else f"-{args.language}"
    scale = "" if args.scale == 1.0 else f"@{args.scale:g}x"
    suffix = lang + scale
    saved: list[Path] = []
    width = 1100

    def shot(name: str, w: int = 1100, h: int = 820) -> None:
        nonlocal suffix
        suffix = lang + ("" if width == 1100 else f"-{width}px") + scale
        win.resize(width if w == 1100 else w, h)
        win.show()
        for _ in range(5):
            app.processEvents()
        path = args.out / f"{name}{suffix}.png"
        win.grab().save(str(path))
        saved.append(path)

    shot.suffix = lambda: suffix  # type: ignore[attr-defined]  # for shots of other windows (rehearsal_shots)

    widths = [int(w) for w in args.widths.split(",") if w]
    for width, theme in [(w, t) for w in widths for t in args.themes.split(",") if t]:
        win.set_theme(theme, save=False)
        win.show_page("practice")
        win.practice._show_idle()
        shot(f"practice-idle-{theme}")
        win.services.sd = _NoDevices()
        win.practice.refresh_devices()
        shot(f"practice-no-microphone-{theme}")
        win.services.sd = _DemoDevices()
        win.practice.refresh_devices()
        # A take in progress: 17 s into a 20 s target, speaking at a healthy level.
        win.practice._show_recording()
        win.practice.timer_bar.set_elapsed(17.4)
        win.practice._show_time(17.4)
        for _ in range(20):
            win.practice.meter.set_level_db(-12.0)
        win.practice.meter.set_level_db(-16.0)
        win.practice.set_live_word_count(44)
        shot(f"practice-recording-{theme}")
        win.practice.timer_bar.set_elapsed(32.0)  # past the 15-30 s on-target range
        win.practice._show_time(32.0)
        win.practice.set_live_word_count(81)
        shot(f"practice-overtime-{theme}")
        win.practice.set_live_word_count(None)
        win.practice.timer_bar.set_elapsed(0.0)  # as after a restart: no take on the bar
        win.practice._show_idle()
        win.show_outcome(scored)
        shot(f"results-{theme}", h=1500)
        win.show_outcome(detailed)
        win.results.more_button.setChecked(True)
        shot(f"results-detail-{theme}", h=1900)
        win.show_outcome(gated)
        shot(f"results-gated-{theme}")
        # The Voice card alone, on a take that trails off and on one with unwritten "uh"s.
        for name, outcome in (("voice-strip", trailing), ("voice-strip-hesitations", hesitant)):
            win.show_outcome(outcome)
            shot(f"results-{name}-{theme}", h=1900)
            path = args.out / f"{name}-{theme}{suffix}.png"
            win.results.voice.grab().save(str(path))
            saved.append(path)
        saved.extend(rehearsal_shots(app, win, analyzer, target, theme, shot, args.out))
        win.show_page("settings")
        shot(f"settings-{theme}")
        drills_shots(app, win, theme, shot)
        team_shots(app, win, args.language, theme, shot)
        win.show_page("history")
        win.history.refresh()
        shot("history" if theme == "light" else f"history-{theme}", h=900)
        if theme == "light" and width == widths[0]:
            saved.extend(history_dialogs(app, win, args.out, suffix))
    width = 1100
    saved.extend(live_shots(app, win, args.out, lang + scale, long_path, shot))
    for p in saved:
        print(p)
    win.close()
    return 0


def _settle(app: Any, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def history_dialogs(app: Any, win: Any, out: Path, suffix: str) -> list[Path]:
    """The compare dialog, the Undo bar after a delete, and the 'Report saved' confirmation."""
    from pitchcoach.ui.export import confirm_saved

    saved = []
    page = win.history_page
    takes = page.store.list()  # newest first
    page.select_ids([takes[0].id, takes[-2].id])  # the latest against one from the first day
    dlg = page.compare_selected()
    _settle(app)
    saved.append(out / f"history-compare{suffix}.png")
    dlg.grab().save(str(saved[-1]))
    dlg.close()
    page.select_ids([takes[3].id])
    page.delete_selected()
    _settle(app)
    saved.append(out / f"history-undo{suffix}.png")
    win.grab().save(str(saved[-1]))
    page.undo_stack.undo()
    report = Path("/home/sam/Documents/PitchCoach take 2026-11-29 09-00.pdf")  # a user's folder, not ours
    box = confirm_saved(win, report, lambda _p: None)
    _settle(app)
    saved.append(out / f"export-confirmation{suffix}.png")
    box.grab().save(str(saved[-1]))
    box.close()
    return saved


def live_shots(app: Any, win: Any, out: Path, suffix: str, long_path: Path, shot: Any) -> list[Path]:
    """A real import of the long take, grabbed mid-transcription; then the start-up recovery bar."""
    from pitchcoach.core.recovery import note_unsaved, remember_context

    win.set_theme("light", save=False)
    win.analyze_path(long_path)
    deadline = time.monotonic() + 300
    while "%" not in win.practice.progress_label.text() or win.practice.progress.value() < 25:
        app.processEvents()
        time.sleep(0.02)
        if time.monotonic() > deadline:
            raise RuntimeError("the import showed no progress figure")
    shot("import-progress-light")
    win.practice.cancel_button.click()
    while win.runner.busy:
        app.processEvents()
        time.sleep(0.02)
    # Two recordings left without a take: one by a save that failed, one by a crash.
    recordings = win.services.paths.recordings
    for i, (name, reason) in enumerate(
        (("great_pitch.wav", "it could not be saved to your history (the disk is full)"), ("too_fast.wav", None))
    ):
        left = recordings / f"take-20261129-0{8 + i}1500-shots{i}.wav"
        left.write_bytes(_sample(name).read_bytes())
        old = time.time() - 86400 + 3600 * i
        remember_context(left, 20.0, datetime.fromtimestamp(old).astimezone())
        if reason:
            note_unsaved(left, reason)
        os.utime(left, (old + 30, old + 30))
    win.show_page("practice")
    win.status_line.set_text(win.takes.idle_status())  # as at the next start, not "Cancelled" from the import above
    win.check_unsaved_recordings()
    shot("recovery-bar-light")
    return []


if __name__ == "__main__":
    sys.exit(main())
