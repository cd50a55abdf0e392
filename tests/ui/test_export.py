"""Export dialogs: the file dialog and the folder opener are faked (the edge); writing is real."""

from __future__ import annotations

import csv
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from pitchcoach.core.analysis import Analysis
from pitchcoach.core.report import CSV_COLUMNS
from pitchcoach.core.transcript import Transcript
from pitchcoach.ui.export import FILTERS, export_take_dialog, export_takes_dialog, resolve_choice
from tests.speech import TEXTS

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def takes(store):
    from pitchcoach.core.lexicon import load_lexicons
    from pitchcoach.core.scoring.engine import score

    lex = load_lexicons(None)
    out = []
    for i, name in enumerate(["filler_heavy", "hard_sell", "great_pitch"]):
        tr = Transcript.from_text(TEXTS[name])
        out.append(
            store.save_take(Analysis(tr, score(tr, 20.0, lex), "tiny.en"), None, created_at=T0 + timedelta(days=i))
        )
    return out


def button(box, text: str):
    return next(b for b in box.buttons() if b.text() == text)


class Dialogs:
    """Stands in for the OS: answers the save dialog, records folder openings and error boxes."""

    def __init__(self, answer: str | None, chosen_filter: str = FILTERS["pdf"]) -> None:
        self.answer, self.chosen_filter = answer, chosen_filter
        self.asked: list[tuple[str, str, str]] = []
        self.opened: list[Path] = []
        self.errors: list[str] = []

    def ask(self, parent, caption: str, suggested: str, filters: str, selected: str) -> tuple[str, str]:
        self.asked.append((caption, suggested, selected))
        return (self.answer or "", self.chosen_filter)

    def kwargs(self) -> dict:
        return {
            "ask_path": self.ask,
            "open_folder": self.opened.append,
            "show_error": lambda parent, msg: self.errors.append(msg),
        }


def test_take_export_suggests_a_name_writes_pdf_and_opens_the_folder(qtbot, takes, store, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    take = takes[0]
    d = Dialogs(str(tmp_path / "for my coach"))  # no extension: the PDF filter decides
    job = export_take_dialog(parent, take, store, folder=tmp_path, **d.kwargs())
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=20000) as sig:
        pass
    # A confirmation says where the report went; "Show in folder" opens the folder.
    qtbot.waitUntil(lambda: job.confirmation is not None and job.confirmation.isVisible(), timeout=20000)
    box = job.confirmation
    assert "for my coach.pdf" in box.text() and str(tmp_path) in box.informativeText()
    assert d.opened == []  # nothing opens by itself
    qtbot.mouseClick(button(box, "Show in folder"), Qt.MouseButton.LeftButton)
    assert d.opened == [tmp_path]
    assert not box.isVisible()
    caption, suggested, selected = d.asked[0]
    assert caption == f"Export take {take.id}" and selected == FILTERS["pdf"]
    assert Path(suggested) == tmp_path / f"PitchCoach take {take.id} – {take.created_at.astimezone():%Y-%m-%d}.pdf"
    written = Path(sig.args[0])
    assert written == tmp_path / "for my coach.pdf"
    assert written.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(written), "-"], capture_output=True, text=True, check=True).stdout
    assert "Alex" in text and str(take.result.overall) in text
    assert d.errors == []


def test_period_export_from_a_date_range_reads_the_store(qtbot, takes, store, tmp_path):
    d = Dialogs(str(tmp_path / "week.csv"), FILTERS["pdf"])  # typed .csv wins over the filter
    first, last = date(2026, 11, 20), date(2026, 11, 21)
    job = export_takes_dialog(None, (first, last), store, folder=tmp_path, **d.kwargs())
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: job.confirmation is not None and job.confirmation.isVisible(), timeout=20000)
    qtbot.mouseClick(button(job.confirmation, "Open"), Qt.MouseButton.LeftButton)
    assert d.opened == [tmp_path / "week.csv"]  # Open opens the report itself
    assert Path(d.asked[0][1]).name == "PitchCoach progress 2026-11-20 to 2026-11-21.pdf"
    with (tmp_path / "week.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    in_range = [t for t in takes if first <= t.created_at.astimezone().date() <= last]
    assert [int(r["id"]) for r in rows] == [t.id for t in in_range]
    assert list(rows[0]) == list(CSV_COLUMNS)


def test_selected_takes_export_as_html(qtbot, takes, store, tmp_path):
    d = Dialogs(str(tmp_path / "picked"), FILTERS["html"])
    job = export_takes_dialog(None, takes[1:], store, **d.kwargs())
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    html = (tmp_path / "picked.html").read_text(encoding="utf-8")
    assert "Progress report" in html and "<svg" in html
    assert f"Take {takes[0].id}<" not in html and f"Take {takes[1].id}" in html


def test_cancel_does_nothing(qtbot, takes, store, tmp_path):
    d = Dialogs(None)
    assert export_take_dialog(None, takes[0], store, folder=tmp_path, **d.kwargs()) is None
    assert list(tmp_path.iterdir()) == [] and d.opened == [] and d.errors == []


def test_nothing_selected_explains_what_to_do(qtbot, store):
    d = Dialogs("unused")
    assert export_takes_dialog(None, [], store, **d.kwargs()) is None
    assert d.asked == [] and "Select one or more takes" in d.errors[0]


def test_failed_write_shows_the_reason_and_opens_nothing(qtbot, takes, store, tmp_path):
    d = Dialogs(str(tmp_path / "gone" / "take.md"), FILTERS["md"])
    job = export_take_dialog(None, takes[0], store, **d.kwargs())
    with qtbot.waitSignal(job.failed, timeout=20000) as sig:
        pass
    qtbot.waitUntil(lambda: bool(d.errors), timeout=20000)
    assert "doesn't exist" in sig.args[0] and d.errors == [sig.args[0]]
    assert d.opened == [] and job.path is None and job.error == sig.args[0]


def test_resolve_choice():
    assert resolve_choice("/x/report", FILTERS["json"]) == (Path("/x/report.json"), "json")
    assert resolve_choice("/x/report.MD", FILTERS["pdf"]) == (Path("/x/report.MD"), "md")
    assert resolve_choice("/x/v1.2", FILTERS["csv"]) == (Path("/x/v1.2.csv"), "csv")


def test_empty_date_range_is_refused_with_a_reason(qtbot, takes, store, tmp_path):
    d = Dialogs(str(tmp_path / "empty.pdf"))
    job = export_takes_dialog(None, (date(2020, 1, 1), date(2020, 1, 31)), store, **d.kwargs())
    with qtbot.waitSignal(job.failed, timeout=20000) as sig:
        pass
    assert "no takes between 01 Jan 2020 and 31 Jan 2020" in sig.args[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("inside", ["pitchcoach.sqlite3", "recordings/take.json", "."])
def test_the_save_dialog_refuses_a_path_inside_the_data_folder(qtbot, takes, store, inside):
    target = store.paths.root / inside
    if inside == ".":
        target = store.paths.root / "PitchCoach take.json"
    before = store.paths.database.read_bytes()
    d = Dialogs(str(target), FILTERS["json"])
    assert export_take_dialog(None, takes[0], store, **d.kwargs()) is None
    assert len(d.errors) == 1 and "inside PitchCoach's data folder" in d.errors[0]
    assert d.opened == []
    assert store.paths.database.read_bytes() == before and store.count() == len(takes)
    assert not (store.paths.recordings / "take.json").exists()
    d = Dialogs(str(target), FILTERS["csv"])
    assert export_takes_dialog(None, takes, store, **d.kwargs()) is None
    assert "inside PitchCoach's data folder" in d.errors[0]


def test_the_export_is_written_in_the_interface_language(qtbot, qapp, takes, store, tmp_path):
    """Issue 25: with the window in Chinese, the exported report is in Chinese too."""
    from pitchcoach.ui import i18n

    assert i18n.apply_ui_language(qapp, "zh_CN") == "zh_CN"
    try:
        d = Dialogs(str(tmp_path / "picked"), FILTERS["html"])
        job = export_takes_dialog(None, takes, store, **d.kwargs())
        with qtbot.waitSignal(job.finished, timeout=20000):
            pass
        take_job = export_take_dialog(None, takes[0], store, **Dialogs(str(tmp_path / "one.md")).kwargs())
        with qtbot.waitSignal(take_job.finished, timeout=20000):
            pass
    finally:
        i18n.apply_ui_language(qapp, "en")
    html = (tmp_path / "picked.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html and "进度报告" in html and "Progress report" not in html
    md = (tmp_path / "one.md").read_text(encoding="utf-8")
    assert "## 你说的话" in md and "What you said" not in md


def test_period_export_suggests_a_chinese_name_in_the_chinese_interface(qtbot, qapp, store, tmp_path):
    """Issue 25: a take's report was suggested as 'PitchCoach 练习 3 – …' but a progress report as
    'PitchCoach progress … to …' in the Chinese interface."""
    from pitchcoach.ui import i18n

    d = Dialogs(None)  # the user looks at the suggestion and cancels
    try:
        i18n.apply_ui_language(qapp, "zh_CN")
        job = export_takes_dialog(None, (date(2026, 11, 20), date(2026, 11, 21)), store, folder=tmp_path, **d.kwargs())
    finally:
        i18n.apply_ui_language(qapp, "en")
    assert job is None
    assert Path(d.asked[0][1]).name == "PitchCoach 进度报告 2026-11-20 至 2026-11-21.pdf"
