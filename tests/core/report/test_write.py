"""Writing report files: atomic, and every failure a clear message."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from pitchcoach.core import report as R


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_full_disk_leaves_no_partial_file_and_keeps_the_old_one(week, tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("previous report")
    real_write = os.write
    calls = {"n": 0}

    def write_then_fill_up(fd: int, data) -> int:
        calls["n"] += 1
        if calls["n"] == 1:  # some bytes get out, then the disk fills: the worst case for a partial file
            return real_write(fd, bytes(data[:100]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", write_then_fill_up)
    with pytest.raises(R.ReportError) as err:
        R.export_report(R.build_progress_report(week), "html", target)
    monkeypatch.undo()
    assert "disk is full" in err.value.message and "report.html" in err.value.message
    assert target.read_text() == "previous report"
    assert _leftovers(tmp_path) == ["report.html"]


def test_unwritable_folder_gets_a_clear_message(week, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        if Path(os.fsdecode(path)).parent == locked:
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    # Tests run as root in CI, where chmod cannot deny a write; the OS call is the edge we fake.
    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(R.ReportError) as err:
        R.export_report(R.build_take_report(week[0]), "md", locked / "take.md")
    monkeypatch.undo()
    assert "isn't allowed to write" in err.value.message and str(locked) in err.value.message
    assert _leftovers(locked) == []


def test_missing_folder_and_file_as_folder(week, tmp_path):
    rep = R.build_take_report(week[0])
    with pytest.raises(R.ReportError, match="doesn't exist"):
        R.export_report(rep, "json", tmp_path / "nope" / "take.json")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(R.ReportError, match="not a folder"):
        R.export_report(rep, "json", blocker / "take.json")
    with pytest.raises(R.ReportError, match="is a folder"):
        R.export_report(rep, "json", tmp_path)
    with pytest.raises(R.ReportError, match="Unknown report format"):
        R.export_report(rep, "docx", tmp_path / "take.docx")
    with pytest.raises(R.ReportError, match="PDF"):
        R.export_report(rep, "pdf", tmp_path / "take.pdf")  # the core has no PDF engine of its own
    assert _leftovers(tmp_path) == ["file"]


def test_replacing_an_existing_report_is_atomic_and_complete(week, tmp_path):
    target = tmp_path / "r.json"
    target.write_text("old")
    R.export_report(R.build_take_report(week[0]), "json", target)
    assert json.loads(target.read_text())["take"]["id"] == week[0].id
    assert _leftovers(tmp_path) == ["r.json"]
