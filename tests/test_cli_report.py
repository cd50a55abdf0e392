"""`pitchcoach report` end to end: the real CLI entry point, a real history, real files."""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from pitchcoach.cli import main
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import TakeStore
from pitchcoach.core.transcript import Transcript
from tests.mounts import run_in_private_mounts
from tests.speech import TEXTS

T0 = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def history():
    from pitchcoach.core.lexicon import load_lexicons
    from pitchcoach.core.scoring.engine import score

    lex = load_lexicons(None)
    with TakeStore(app_paths()) as store:
        takes = []
        for i, name in enumerate(["jargon_heavy", "too_slow", "great_pitch"]):
            tr = Transcript.from_text(TEXTS[name])
            analysis = Analysis(tr, score(tr, 20.0, lex), "tiny.en")
            takes.append(store.save_take(analysis, None, created_at=T0 + timedelta(days=2 * i)))
    return takes


def test_last_take_as_html(history, tmp_path, capsys):
    out = tmp_path / "last.html"
    assert main(["report", "--last", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Sam" in html and f"Take {history[-1].id}" in html
    assert str(out) in capsys.readouterr().out


def test_one_take_as_pdf_into_a_folder(history, tmp_path, capsys):
    take = history[0]
    assert main(["report", "--take", str(take.id), "--format", "pdf", "--out", str(tmp_path)]) == 0
    expected = tmp_path / f"PitchCoach take {take.id} – {take.created_at.astimezone():%Y-%m-%d}.pdf"
    assert expected.read_bytes().startswith(b"%PDF-")


def test_period_as_csv_includes_both_ends(history, tmp_path):
    first = history[0].created_at.astimezone().date()
    last = history[1].created_at.astimezone().date()
    out = tmp_path / "period.csv"
    assert main(["report", "--from", str(first), "--to", str(last), "--format", "csv", "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        ids = [int(r["id"]) for r in csv.DictReader(fh)]
    assert ids == [history[0].id, history[1].id]


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_period_other_formats(history, tmp_path, fmt):
    out = tmp_path / f"p.{fmt}"
    assert main(["report", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert all(str(t.id) in text for t in history)


def test_errors_are_messages_not_tracebacks(history, tmp_path, capsys):
    assert main(["report", "--take", "999", "--out", str(tmp_path / "x.md")]) == 1
    err = capsys.readouterr().err
    assert "Take 999 is not in the history" in err and "Traceback" not in err
    # A command-line answer, not the app's: no list to refresh here.
    assert "`pitchcoach history` lists the takes you have" in err and "Refresh" not in err

    assert main(["report", "--last", "--out", str(tmp_path / "x.txt")]) == 2
    assert "can't tell the format" in capsys.readouterr().err

    assert main(["report", "--from", "2020-01-01", "--to", "2020-01-31", "--out", str(tmp_path / "x.md")]) == 1
    assert "no takes between 2020-01-01 and 2020-01-31" in capsys.readouterr().err

    assert main(["report", "--from", "2026-11-30", "--to", "2026-11-01", "--out", str(tmp_path / "x.md")]) == 2
    assert "swap them" in capsys.readouterr().err

    assert main(["report", "--last", "--out", str(tmp_path / "no" / "such" / "x.md")]) == 1
    assert "doesn't exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []

    with pytest.raises(SystemExit) as bad_date:
        main(["report", "--from", "27/11/2026", "--out", str(tmp_path / "x.md")])
    assert bad_date.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


def test_empty_history(tmp_path, capsys):
    assert main(["report", "--last", "--out", str(tmp_path / "x.html")]) == 1
    assert "history is empty" in capsys.readouterr().err


@pytest.mark.parametrize("tz", ["Pacific/Kiritimati", "America/Adak", "UTC"])
def test_the_widest_possible_period_reports_every_take(history, tmp_path, capsys, monkeypatch, tz):
    # --from 0001-01-01 raised ValueError (local midnight of year 1 is year 0 east of UTC) and
    # --to 9999-12-31 OverflowError (the day after). They mean "from the start" / "until the end".
    import time as time_mod

    monkeypatch.setenv("TZ", tz)
    time_mod.tzset()
    try:
        out = tmp_path / "all.json"
        assert main(["report", "--from", "0001-01-01", "--to", "9999-12-31", "--out", str(out)]) == 0
    finally:
        monkeypatch.undo()
        time_mod.tzset()
    ids = [t["id"] for t in json.loads(out.read_text(encoding="utf-8"))["takes"]]
    assert sorted(ids) == sorted(t.id for t in history)
    assert "unexpected problem" not in capsys.readouterr().err


def test_a_period_before_any_clock_says_there_are_no_takes(history, tmp_path, capsys):
    assert main(["report", "--from", "0001-01-01", "--to", "0001-12-31", "--out", str(tmp_path / "x.md")]) == 1
    assert "no takes between 0001-01-01 and 0001-12-31" in capsys.readouterr().err


def test_a_300_character_file_name_gets_a_message(history, tmp_path, capsys):
    out = tmp_path / ("a" * 300 + ".json")
    assert main(["report", "--last", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "too long (305 characters" in err and "Choose a shorter name" in err
    assert "unexpected problem" not in err


def test_a_special_system_folder_is_not_called_missing(history, capsys):
    assert main(["report", "--last", "--out", "/proc/x.json"]) == 1
    err = capsys.readouterr().err
    assert "special system folder" in err and "/proc" in err
    assert "doesn't exist" not in err


@pytest.mark.parametrize("target", ["database", "recording"])
def test_a_report_cannot_overwrite_the_history_or_a_recording(history, capsys, target):
    import numpy as np

    paths = app_paths()
    with TakeStore(paths) as store:
        take = store.save_take(history[-1].analysis, np.zeros(1600, np.float32))
    out = paths.database if target == "database" else take.audio_path
    before = out.read_bytes()
    assert main(["report", "--last", "--format", "json", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "inside PitchCoach's data folder" in err
    assert out.read_bytes() == before
    with TakeStore(paths) as store:
        assert store.count() == len(history) + 1


# ---- issue 23, items 2 and 3: the same file by another name, and files that are not files ----------------


def _rows(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM takes").fetchone()[0])


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None, reason="bind mounts need root")
def test_a_report_through_a_bind_mount_of_the_data_folder_is_refused(history, tmp_path):
    root = app_paths().root
    view = tmp_path / "view"
    view.mkdir()
    script = (
        'mount --bind "$DATA" "$VIEW" || exit 90\n'
        '"$PY" -m pitchcoach report --last --format json --out "$VIEW/pitchcoach.sqlite3"\n'
        'echo $? > "$OUT/db.rc"\n'
        '"$PY" -m pitchcoach report --last --format json --out "$VIEW/logs/new-report.json"\n'
        'echo $? > "$OUT/logs.rc"\n'
    )
    env = {**os.environ, "DATA": str(root), "VIEW": str(view), "PY": sys.executable, "OUT": str(tmp_path)}
    p = run_in_private_mounts(script, env, timeout=300)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "db.rc").read_text().strip() == "1"
    assert (tmp_path / "logs.rc").read_text().strip() == "1"
    assert p.stderr.count("inside PitchCoach's data folder") == 2
    assert _rows(root / "pitchcoach.sqlite3") == len(history)
    assert not (root / "logs" / "new-report.json").exists()


def test_a_report_onto_a_hard_link_of_the_database_is_refused(history, tmp_path, capsys):
    db = app_paths().database
    link = tmp_path / "PITCHCOACH.SQLITE3"  # another name (and case) for the very same file
    os.link(db, link)
    assert main(["report", "--last", "--format", "json", "--out", str(link)]) == 1
    assert "inside PitchCoach's data folder" in capsys.readouterr().err
    assert _rows(db) == len(history)


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
@pytest.mark.parametrize(("name", "major", "minor"), [("full", 1, 7), ("null", 1, 3)])
def test_a_report_never_replaces_a_device_node(history, tmp_path, capsys, name, major, minor):
    dev = tmp_path / "dev"
    dev.mkdir()
    node = dev / name
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    assert main(["report", "--last", "--format", "json", "--out", str(node)]) == 1
    err = capsys.readouterr().err
    assert f"{node} is a device, not an ordinary file" in err
    assert stat.S_ISCHR(os.lstat(node).st_mode) and os.lstat(node).st_rdev == os.makedev(major, minor)
    assert sorted(p.name for p in dev.iterdir()) == [name]  # no temporary file left beside it


def test_a_report_never_replaces_a_fifo(history, tmp_path, capsys):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert main(["report", "--last", "--out", str(fifo)]) == 1
    assert "is a named pipe (FIFO), not an ordinary file" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_future_from_date_is_named_without_blaming_a_to_never_typed(history, tmp_path, capsys):
    future = date.today() + timedelta(days=30)
    assert main(["report", "--from", str(future), "--out", str(tmp_path / "p.csv")]) == 2
    err = capsys.readouterr().err
    assert f"--from ({future}) is in the future" in err and "--to" not in err
    # A --to the user did type, before --from, is still named as theirs.
    before = future - timedelta(days=3)
    assert main(["report", "--from", str(future), "--to", str(before), "--out", str(tmp_path / "p.csv")]) == 2
    assert f"--to ({before}) is before --from ({future})" in capsys.readouterr().err


def test_the_report_is_written_in_the_interface_language(history, tmp_path, monkeypatch, capsys):
    """Issue 25: --ui-language, else the Settings' interface language, else the system locale."""
    from pitchcoach.core.settings import Settings, save_settings

    def report(*extra: str) -> str:
        out = tmp_path / "r.md"
        assert main(["report", "--last", "--out", str(out), *extra]) == 0
        said = capsys.readouterr().out
        assert said.strip() in (f"Saved MD report to {out}", f"MD 报告已保存到 {out}")
        assert ("报告" in said) == ("你说的话" in out.read_text(encoding="utf-8"))  # the line, too
        return out.read_text(encoding="utf-8")

    assert "## What you said" in report()  # the suite's C locale, nothing set: English
    chinese = report("--ui-language", "zh_CN")
    assert "## 你说的话" in chinese and "## What you said" not in chinese
    assert f"# PitchCoach · 练习 {history[-1].id}" in chinese

    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert "## 你说的话" in report()  # the locale, with no Settings choice
    save_settings(app_paths().settings, Settings(ui_language="en"))
    assert "## What you said" in report()  # the Settings choice beats the locale
    assert "## 你说的话" in report("--ui-language", "zh_CN")  # and the option beats both
