"""Building take and progress reports from real scoring of real pitch texts, stored in a real TakeStore."""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from pitchcoach.core import report as R
from pitchcoach.core.scoring.result import STRUCTURE_PARTS
from tests.core.report.helpers import T0
from tests.speech import FIXTURES, TEXTS


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
    assert sum(s.weight for s in rep.subscores_in("Clarity")) == 85  # length became the timing verdict
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


def test_chinese_spans_join_without_spaces_and_the_report_names_the_language(add, store):
    """Issue 24: a Mandarin take's report text has no spaces between words, its highlight covers
    exactly its characters, and the report says which language the take was in."""
    from dataclasses import replace

    from pitchcoach.core.scoring.result import Highlight
    from pitchcoach.core.transcript import Segment, Transcript, Word

    clip = next(
        c
        for c in json.loads((FIXTURES / "zh" / "fixtures.json").read_text("utf-8"))["fixtures"]
        if c["name"] == "good_pitch"
    )
    words = [Word(c["text"], c["start"], c["end"], 0.9) for c in clip["chunks"]]
    q = next(i for i, w in enumerate(words) if w.text == "你是做哪一行的？")
    tr = Transcript(words, [Segment(w.start, w.end, w.text, -0.2, 0.01) for w in words], 21.0, language="zh")
    take = store.get(add(TEXTS["great_pitch"], T0).id)
    result = replace(take.result, highlights=[Highlight("question", q, q)])
    spans = R.highlighted_spans(tr, result)
    assert "".join(s.text + s.gap_after for s in spans).strip() == clip["text"]
    assert [s.text for s in spans if s.kinds] == ["你是做哪一行的？"]
    zh_take = replace(take, transcript=tr, result=result, language="zh")
    rep = R.build_take_report(zh_take)
    assert rep.row.language == "zh" and "中文（普通话）" in rep.subtitle
    md = R.render_markdown(rep)
    assert clip["text"].replace("你是做哪一行的？", "**你是做哪一行的？**") in md
    assert json.loads(R.render_json(rep))["take"]["language"] == "zh"


def test_timing_bar_states():
    assert R.TimingBar(20.0, 21.0, 20.0).status == "ok"
    assert R.TimingBar(9.0, 10.0, 20.0).status == "short"
    assert R.TimingBar(41.0, 42.0, 20.0).status == "long"
    # Said against the on-target range the score uses (15-30 s for 20 s), never "over the target" while
    # timing scores 100.
    assert R.TimingBar(18.0, 19.0, 20.0).verdict == "You spoke for 18 s, inside the 15–30 s range for a 20 s target."
    on = R.TimingBar(26.2, 27.0, 20.0, score=100, label="On target").verdict
    assert on.startswith("You spoke for 26.2 s, inside the 15–30 s range") and "over" not in on
    assert "31.2 s, 1.2 s over the 15–30 s range" in R.TimingBar(31.2, 32.0, 20.0).verdict
    assert "12 s, 3 s short of the 15–30 s range" in R.TimingBar(12.0, 13.0, 20.0).verdict
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


def test_report_does_not_need_the_recordings_folder(week, store):
    shutil.rmtree(store.paths.recordings)
    assert R.render_html(R.build_progress_report(week))


def test_a_rehearsed_take_reports_its_rehearsal_in_every_format(store, lexicons):
    """Issue 26: the rehearsal kept with a take goes into its HTML, PDF and Markdown reports, quoted."""
    from pitchcoach.core.analysis import Analysis
    from pitchcoach.core.rehearsal import attach_rehearsal, parse_script
    from pitchcoach.core.scoring.engine import score
    from pitchcoach.core.transcript import Transcript

    tr = Transcript.from_text(TEXTS["great_pitch"])
    analysis = Analysis(tr, score(tr, 20.0, lexicons), "tiny.en")
    attach_rehearsal(analysis, parse_script(TEXTS["great_pitch"] + " I also bake bread on Sundays."))
    rep = R.build_take_report(store.save_take(analysis, None, created_at=T0))
    assert rep.rehearsal is not None and rep.rehearsal["missed"] == ["I also bake bread on Sundays."]
    html, md = R.render_html(rep), R.render_markdown(rep)
    pdf_html, _ = R.render_pdf_html(rep)
    for text in (html, pdf_html):
        assert "Rehearsal against your pitch" in text and "<li>Missed: “I also bake bread on Sundays.”</li>" in text
    assert '- Missed: "I also bake bread on Sundays."' in md and "83% of your key points covered (5 of 6)" in md
    plain = R.build_take_report(store.save_take(Analysis(tr, score(tr, 20.0, lexicons), "tiny.en"), None))
    assert "Rehearsal" not in R.render_html(plain) and "Rehearsal" not in R.render_markdown(plain)


def test_the_progress_report_follows_rehearsals_in_every_format(store, lexicons):
    """Issue 26: coverage rehearsal by rehearsal and the last time from memory go into the progress
    report's HTML, PDF and Markdown, in English and in Chinese; a period without rehearsals has no section."""
    from pitchcoach.core.analysis import Analysis
    from pitchcoach.core.rehearsal import attach_rehearsal, parse_script
    from pitchcoach.core.scoring.engine import score
    from pitchcoach.core.transcript import Transcript

    tr = Transcript.from_text(TEXTS["great_pitch"])
    takes = []
    for i, (extra, mode) in enumerate(((" I also bake bread on Sundays.", "read_along"), ("", "from_memory"))):
        analysis = Analysis(tr, score(tr, 20.0, lexicons), "tiny.en")
        attach_rehearsal(analysis, parse_script(TEXTS["great_pitch"] + extra), mode)
        takes.append(store.save_take(analysis, None, created_at=T0 + timedelta(days=i)))
    rep = R.build_progress_report(takes)
    assert (rep.rehearsals, rep.memory_seconds) == ([83, 100], round(tr.speech_seconds, 1))
    line = f"Key points said, rehearsal by rehearsal: 83% → 100%. From memory: {rep.memory_seconds} s the last time."
    for text in (R.render_html(rep), R.render_pdf_html(rep)[0], R.render_markdown(rep)):
        assert "Rehearsals of your written pitch" in text and line in text
    assert rep.data["rehearsals"] == {"coverage": [83, 100], "last_from_memory_seconds": rep.memory_seconds}
    zh = R.render_markdown(R.build_progress_report(takes, ui_language="zh_CN"))
    assert "按稿排练" in zh and "每次排练说到的要点：83% → 100%。最近一次脱稿：" in zh
    plain = Analysis(tr, score(tr, 20.0, lexicons), "tiny.en")
    none = R.build_progress_report([store.save_take(plain, None, created_at=T0)])
    assert "Rehearsals" not in R.render_html(none) and "Rehearsals" not in R.render_markdown(none)
