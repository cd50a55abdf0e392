"""Coaching reports built from real scoring of real pitch texts, stored in a real TakeStore."""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from markupsafe import escape

from pitchcoach.core import report as R
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.paths import app_paths
from pitchcoach.core.scoring.result import STRUCTURE_PARTS, ScoreResult
from pitchcoach.core.storage import TakeStore
from pitchcoach.core.transcript import Transcript

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TEXTS = {f["name"]: f["text"] for f in json.loads((FIXTURES / "fixtures.json").read_text())["fixtures"]}
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def lexicons():
    from pitchcoach.core.lexicon import load_lexicons

    return load_lexicons(None)


@pytest.fixture
def store() -> TakeStore:
    s = TakeStore(app_paths())
    yield s
    s.close()


@pytest.fixture
def add(store, lexicons):
    from pitchcoach.core.scoring.engine import score

    def add(text: str, when: datetime, audio: Path | None = None, **labels):
        tr = Transcript.from_text(text)
        return store.save_take(Analysis(tr, score(tr, 20.0, lexicons), "tiny.en"), audio, created_at=when, **labels)

    return add


@pytest.fixture
def week(add):
    """Five takes on five days: a practice week with real scores and real deductions."""
    names = ["filler_heavy", "jargon_heavy", "hard_sell", "too_few_words", "great_pitch"]
    return [add(TEXTS[n], T0 + timedelta(days=i), title=n.replace("_", " ")) for i, n in enumerate(names)]


# ----------------------------------------------------------------------------- take report


def test_take_report_mirrors_the_stored_score(add, store):
    take = store.get(add(TEXTS["filler_heavy"], T0).id)
    rep = R.build_take_report(take)
    res = take.result
    assert res.scored and res.deductions, "the filler-heavy pitch must lose points"
    assert (rep.row.overall, rep.row.clarity, rep.row.listener_focus, rep.row.band) == (
        res.overall,
        res.clarity,
        res.listener_focus,
        res.band,
    )
    assert [d.rule for d in rep.deductions] == [d.rule for d in res.deductions]
    assert [d.tip for d in rep.fix_first] == [d.tip for d in res.fix_first]
    assert rep.positives == res.positives
    assert [s.part for s in rep.structure] == list(STRUCTURE_PARTS)
    assert [s.present for s in rep.structure] == [bool(res.structure.get(p)) for p in STRUCTURE_PARTS]
    assert rep.timing.speech_seconds == pytest.approx(take.transcript.speech_seconds)
    assert rep.row.top_issue_rule == res.deductions[0].rule
    assert rep.notices == []  # no audio was stored, so none is missing
    assert [(s.score, s.weight, s.skipped) for s in rep.subscores] == [
        (s.score, s.weight, s.skipped) for s in res.subscores
    ]
    assert sum(s.weight for s in rep.subscores_in("Clarity")) == 100
    assert "Score breakdown" in R.render_html(rep) and "Score breakdown" in R.render_markdown(rep)


def test_highlighted_spans_cover_every_word_and_every_highlight(add):
    take = add(TEXTS["filler_heavy"], T0)
    spans = R.highlighted_spans(take.transcript, take.result)
    assert " ".join(s.text for s in spans) == " ".join(w.text for w in take.transcript.words)
    assert any(s.kinds for s in spans) and take.result.highlights
    # Re-expand spans to words and check each highlight landed on exactly its words.
    per_word = [k for s in spans for k in [s.kinds] * len(s.text.split())]
    for h in take.result.highlights:
        for i in range(h.first_word, h.last_word + 1):
            assert h.kind in per_word[i]
    flagged = {i for h in take.result.highlights for i in range(h.first_word, h.last_word + 1)}
    assert all(not k for i, k in enumerate(per_word) if i not in flagged)


def test_timing_bar_states():
    assert R.TimingBar(20.0, 21.0, 20.0).status == "ok"
    assert R.TimingBar(9.0, 10.0, 20.0).status == "short"
    assert R.TimingBar(41.0, 42.0, 20.0).status == "long"
    assert R.TimingBar(18.0, 19.0, 20.0).verdict == "You spoke for 18 s, 2 s under the 20 s target."
    assert "21.2 s, 1.2 s over" in R.TimingBar(21.2, 22.0, 20.0).verdict
    svg = R.timing_bar_svg(R.TimingBar(18.0, 19.0, 20.0))
    root = ET.fromstring(svg)
    bars = [e for e in root.iter("{http://www.w3.org/2000/svg}rect")]
    track, spoken = float(bars[0].get("width")), float(bars[2].get("width"))
    scale = R.TimingBar(18.0, 19.0, 20.0).scale_seconds
    assert spoken / track == pytest.approx(18.0 / scale, rel=0.01)


def test_gated_take_has_no_scores_but_a_message(add):
    take = add(TEXTS["too_few_words"], T0)
    assert not take.result.scored
    rep = R.build_take_report(take)
    assert rep.row.gate_message == take.result.gate.message
    html = R.render_html(rep)
    assert "No score for this take" in html and "Not scored" in html
    assert rep.structure == [] and "Structure" not in html  # never analysed, so not shown as all missing
    row = next(csv.DictReader(R.render_csv(rep).splitlines()))
    assert row["overall"] == "" and row["band"] == ""


# ----------------------------------------------------------------------------- progress report


def test_progress_report_aggregates_the_week(week):
    rep = R.build_progress_report(list(reversed(week)), start=date(2026, 11, 2), end=date(2026, 11, 6))
    assert [r.id for r in rep.rows] == [t.id for t in week]  # chronological whatever the input order
    scored = [t for t in week if t.result.scored]
    assert len(scored) == 4 and len(rep.rows) == 5
    assert [p.take_id for p in rep.trend] == [t.id for t in scored]
    best = max(scored, key=lambda t: t.result.overall)
    assert rep.best is not None and rep.best.overall == best.result.overall
    # Issue counts and costs, recomputed independently from the stored deductions.
    counts: dict[str, int] = {}
    costs: dict[str, float] = {}
    for t in scored:
        for d in t.result.deductions:
            counts[d.rule] = counts.get(d.rule, 0) + 1
            costs[d.rule] = costs.get(d.rule, 0.0) + d.points
    assert {i.rule: i.takes for i in rep.issues} == counts
    assert [i.takes for i in rep.issues] == sorted((i.takes for i in rep.issues), reverse=True)
    top_cost = sorted(costs.items(), key=lambda kv: -kv[1])[0][0]
    assert rep.practise_next[0].rule == top_cost
    for item in rep.practise_next:
        assert item.tip in {d.tip for t in scored for d in t.result.deductions if d.rule == item.rule}
    assert rep.average_overall == pytest.approx(sum(t.result.overall for t in scored) / 4)


def test_trend_chart_is_valid_svg_and_follows_the_scores(week):
    rep = R.build_progress_report(week)
    root = ET.fromstring(R.trend_chart_svg(rep.trend))
    lines = list(root.iter("{http://www.w3.org/2000/svg}polyline"))
    assert len(lines) == 3  # clarity, listener focus, overall
    overall = [tuple(map(float, p.split(","))) for p in lines[-1].get("points").split()]
    assert len(overall) == len(rep.trend)
    ys = [y for _, y in overall]
    scores = [p.overall for p in rep.trend]
    assert len(set(scores)) > 1, "the week must have different scores for this test to mean anything"
    for i in range(len(scores) - 1):
        # A higher score is drawn higher up (smaller y); equal scores at equal height.
        assert (ys[i + 1] < ys[i]) == (scores[i + 1] > scores[i])
        assert (ys[i + 1] == ys[i]) == (scores[i + 1] == scores[i])
    assert [x for x, _ in overall] == sorted(x for x, _ in overall)
    empty = ET.fromstring(R.trend_chart_svg([]))
    assert "No scored takes" in "".join(empty.itertext())


# ----------------------------------------------------------------------------- formats


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
        assert R._md_escape(tip) in one_text
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
            "clarity", "listener_focus", "band", "wpm", "filler_count", "top_issue", "transcript", "note",
        )  # fmt: skip
        rows = list(reader)
    assert [int(r["id"]) for r in rows] == [t.id for t in takes]
    for r, t in zip(rows, takes, strict=True):
        assert r["overall"] == ("" if t.result.overall is None else str(t.result.overall))
        assert datetime.fromisoformat(r["created_at"]) == t.created_at
        assert r["transcript"] == t.transcript.text
    assert rows[-1]["note"] == 'said "hi", then\nleft; 50% done'
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


# ----------------------------------------------------------------------------- missing audio


def test_missing_audio_is_noted_and_the_report_still_complete(add, store):
    with_audio = add(TEXTS["great_pitch"], T0, audio=FIXTURES / "great_pitch.wav")
    assert with_audio.audio_path is not None and with_audio.audio_path.is_file()
    assert R.build_take_report(store.get(with_audio.id)).notices == []
    with_audio.audio_path.unlink()
    take = store.get(with_audio.id)
    rep = R.build_take_report(take)
    assert rep.row.audio_missing
    assert any("Audio file missing" in n for n in rep.notices)
    html = R.render_html(rep)
    assert "Audio file missing" in html and str(take.result.overall) in html
    assert "Audio file missing" in R.render_markdown(rep)
    period = R.build_progress_report([take, add(TEXTS["too_slow"], T0 + timedelta(hours=1))])
    assert period.notices == [
        "Audio file missing for 1 of 2 takes: the report uses their stored transcripts and scores."
    ]
    assert json.loads(R.render_json(rep))["take"]["audio_missing"] is True


# ----------------------------------------------------------------------------- writing and errors


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


def test_report_does_not_need_the_recordings_folder(week, store):
    shutil.rmtree(store.paths.recordings)
    assert R.render_html(R.build_progress_report(week))


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
