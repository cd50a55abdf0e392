"""Rendering reports as HTML, Markdown, CSV and JSON."""

from __future__ import annotations

import csv
import html
import json
from datetime import date, datetime, timedelta

import pytest
from markupsafe import escape

from pitchcoach.core import report as R
from pitchcoach.core.report.render import _md_escape
from pitchcoach.core.scoring.result import ScoreResult
from pitchcoach.core.transcript import Transcript
from tests.core.report.helpers import SCRIPT, T0
from tests.speech import TEXTS


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "json"])
def test_every_format_for_one_take_and_for_a_period(fmt, week, tmp_path):
    take = week[0]  # the filler-heavy pitch: plenty of deductions and tips
    tip = take.result.deductions[0].tip
    one = R.export_report(R.build_take_report(take), fmt, tmp_path / f"take.{fmt}")
    period = R.export_report(R.build_progress_report(week), fmt, tmp_path / f"period.{fmt}")
    one_text = one.read_text(encoding="utf-8-sig")
    period_text = period.read_text(encoding="utf-8-sig")
    assert "Alex" in one_text and "accounting" in one_text
    for t in week:
        assert f"{t.id}" in period_text and t.title.replace("_", " ") in period_text
    if fmt == "html":
        assert str(escape(tip)) in one_text
    if fmt == "md":
        assert _md_escape(tip) in one_text
    if fmt in ("html", "md"):
        assert f"{take.result.overall}" in one_text
        assert "What to practise next" in period_text
        assert R.build_progress_report(week).practise_next[0].label in period_text
    if fmt == "json":
        assert tip in json.loads(one_text)["take"]["result"]["deductions"][0]["tip"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"take.{fmt}", f"period.{fmt}"])


def test_html_is_self_contained_and_escapes_transcript_note_and_title(add):
    take = add(
        TEXTS["great_pitch"] + " " + SCRIPT,
        T0,
        note=f"Coach: {SCRIPT} & slow down",
        title='<img src=x onerror="alert(1)">',
    )
    for rep in (R.build_take_report(take), R.build_progress_report([take])):
        html = R.render_html(rep)
        assert "<script" not in html.lower()
        assert "<img" not in html.lower()
        assert "&lt;script&gt;" in html
        assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
        assert "<svg" in html  # charts inline, no external files
        md = R.render_markdown(rep)
        assert "<script" not in md.lower() and "<img" not in md.lower()
    assert "Coach: &lt;script&gt;" in R.render_html(R.build_take_report(take))


def test_csv_opens_with_the_csv_module_and_has_stable_columns(week, add, tmp_path):
    tricky = add(TEXTS["great_pitch"], T0 + timedelta(days=9), note='said "hi", then\nleft; 50% done')
    takes = [*week, tricky]
    path = R.export_report(R.build_progress_report(takes), "csv", tmp_path / "takes.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == R.CSV_COLUMNS == (
            "id", "created_at", "title", "audio_seconds", "speech_seconds", "target_seconds", "overall",
            "clarity", "listener_focus", "band", "wpm", "filler_count", "top_issue", "transcript", "note", "timing",
            "status", "language", "pace", "pace_unit",
        )  # fmt: skip
        rows = list(reader)
    assert [int(r["id"]) for r in rows] == [t.id for t in takes]
    for r, t in zip(rows, takes, strict=True):
        assert r["overall"] == ("" if t.result.overall is None else str(t.result.overall))
        assert datetime.fromisoformat(r["created_at"]) == t.created_at
        assert r["transcript"] == t.transcript.text
    assert rows[-1]["note"] == 'said "hi", then\nleft; 50% done'
    # too_few_words is kept without a score, and so without its words: the status column says why it is blank.
    assert [r["status"] for r in rows] == ["scored", "scored", "scored", "gated", "scored", "scored"]
    assert rows[3]["overall"] == "" and rows[3]["transcript"] == ""
    # Every take here is English: its pace is in words per minute, in both the old column and the new.
    assert {r["language"] for r in rows} == {"en"}
    for r in rows:
        assert (r["pace"], r["pace_unit"]) == ((r["wpm"], "wpm") if r["wpm"] else ("", ""))
    assert rows[0]["pace"]
    filler_row = rows[0]
    assert int(filler_row["filler_count"]) >= 3  # the filler-heavy script has many, even as a lower bound


def test_json_has_the_full_data_and_round_trips(week, tmp_path):
    path = R.export_report(R.build_progress_report(week), "json", tmp_path / "p.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["report"] == "progress" and data["summary"]["takes"] == 5
    for stored, t in zip(data["takes"], week, strict=True):
        assert Transcript.from_dict(stored["transcript"]).to_dict() == t.transcript.to_dict()
        assert ScoreResult.from_dict(stored["result"]).to_dict() == t.result.to_dict()
    one = json.loads(R.render_json(R.build_take_report(week[0])))
    assert one["take"]["id"] == week[0].id and one["take"]["transcript_text"] == week[0].transcript.text


def test_default_filenames(week):
    take_name = R.default_filename(R.build_take_report(week[0]), "pdf")
    assert take_name == f"PitchCoach take {week[0].id} – {week[0].created_at.astimezone():%Y-%m-%d}.pdf"
    rng = R.build_progress_report(week, start=date(2026, 11, 2), end=date(2026, 11, 6))
    assert R.default_filename(rng, "csv") == "PitchCoach progress 2026-11-02 to 2026-11-06.csv"


def test_reports_with_nothing_scored_still_render_in_every_format(add, tmp_path):
    gated = [add(TEXTS["too_few_words"], T0 + timedelta(hours=h)) for h in range(2)]
    for rep in (
        R.build_progress_report(gated),
        R.build_progress_report([], start=date(2026, 1, 1), end=date(2026, 1, 2)),
    ):
        assert rep.best is None and rep.trend == [] and rep.issues == [] and rep.change is None
        for fmt in ("html", "md", "csv", "json"):
            text = R.render_bytes(rep, fmt).decode("utf-8-sig")
            assert text.strip()
        assert "No scored takes in this period" in R.render_html(rep)
    empty = R.build_progress_report([], start=date(2026, 1, 1), end=date(2026, 1, 2))
    assert "No takes were recorded in this period" in R.render_markdown(empty)
    assert R.render_csv(empty).strip() == ",".join(R.CSV_COLUMNS)


def test_words_past_the_target_are_not_struck_through(add) -> None:
    # Issue 21: every word past the target was struck through, so it read as deleted text. The reports use
    # the app's style (muted, italic, underlined; italics in Markdown) and say so in the key.
    take = add(TEXTS["too_long"], T0)
    rep = R.build_take_report(take)
    assert "over_time" in rep.highlight_kinds
    html = R.render_html(rep)
    assert 'class="hl-over_time"' in html and "line-through" not in html
    rule = next(line for line in html.splitlines() if ".hl-over_time {" in line)
    assert "font-style: italic" in rule and "text-decoration: underline" in rule
    pdf_html, _ = R.render_pdf_html(rep)
    assert "line-through" not in pdf_html and "hl-over_time" in pdf_html
    md = R.render_markdown(rep)
    assert "~~" not in md and "Struck" not in md and "In italics: past the target time." in md


def test_the_hesitation_lower_bound_is_printed_once(add) -> None:
    take = add(TEXTS["filler_heavy"], T0)
    assert any(d.rule == "fillers" for d in take.result.deductions)
    rep = R.build_take_report(take)
    for text in (R.render_html(rep), R.render_markdown(rep), R.render_pdf_html(rep)[0]):
        assert " ".join(html.unescape(text).split()).count("often misses 'um'") == 1
