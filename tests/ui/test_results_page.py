"""The results page shows exactly what the analysis says, and nothing left over from the last take."""

from __future__ import annotations

import numpy as np
import pytest

from pitchcoach.core import session as svc
from pitchcoach.ui.results_page import ResultsPage, transcript_html
from pitchcoach.ui.theme import colors_for
from pitchcoach.ui.widgets import ScoreBar
from tests.speech import FIXTURES


@pytest.fixture
def page(qtbot, pitchcoach_home):
    from pitchcoach.core.paths import app_paths
    from pitchcoach.ui.services import build_services

    services = build_services(app_paths(pitchcoach_home), open_path=None, store_factory=None)
    p = ResultsPage(services, colors_for("light"))
    qtbot.addWidget(p)
    p.resize(1000, 1400)
    p.show()
    return p


def visible_widgets(layout) -> list:
    """The rows shown (the page keeps the rows a shorter result does not use, hidden, for the next one)."""
    widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
    return [w for w in widgets if w is not None and not w.isHidden()]


def test_second_take_replaces_the_first_completely(page, analyzer):
    first = svc.analyze_file_keeping_audio(analyzer, FIXTURES / "great_pitch.wav", 20.0)
    second = svc.analyze_file_keeping_audio(analyzer, FIXTURES / "jargon_heavy.wav", 20.0)
    page.show_outcome(first)
    page.show_outcome(second)
    r = second.analysis.result
    assert r.scored and len(r.deductions) > 3
    clarity = [s for s in r.subscores if s.category == "clarity"]
    assert len(visible_widgets(page.clarity_card.grid)) == 3 * len(clarity)
    # No bar of the first take is still painted underneath (deleteLater alone would leave them).
    assert len([b for b in page.clarity_card.findChildren(ScoreBar) if not b.isHidden()]) == len(clarity)
    for s in clarity:
        bar = page.clarity_card.bars[s.rule]
        assert (bar._value, bar._maximum) == (s.score, s.weight)
    assert page.clarity_card.value.text() == str(r.clarity)
    assert len(visible_widgets(page.fix_box)) == 3
    assert len(visible_widgets(page.more_box)) == len(r.deductions) - 3
    assert not page.more_box_widget.isVisible()
    page.more_button.click()
    assert page.more_box_widget.isVisible()
    assert len(visible_widgets(page.good_box)) == len(r.positives)
    # The fix-first cards carry the scorer's own message and tip, largest first.
    texts = [w.accessibleName() for w in visible_widgets(page.fix_box)]
    assert [t.split(",")[0] for t in texts] == [page_rule(d.rule) for d in r.fix_first]


def test_a_new_result_refills_the_rows_of_the_last_one(page, analyzer):
    """Rows are reused, not built again: building them cost 35-55 ms of GUI-thread time per result."""
    many = svc.analyze_file_keeping_audio(analyzer, FIXTURES / "jargon_heavy.wav", 20.0)
    fewer = svc.analyze_file_keeping_audio(analyzer, FIXTURES / "great_pitch.wav", 20.0)
    assert len(fewer.analysis.result.deductions) < len(many.analysis.result.deductions)
    page.show_outcome(many)

    def rows() -> list:
        boxes = (page.fix_box, page.more_box, page.good_box, page.notes_box, page.clarity_card.grid)
        return [w for box in boxes for w in visible_widgets(box)]

    shown = rows()
    page.show_outcome(fewer)
    assert len(visible_widgets(page.more_box)) == max(0, len(fewer.analysis.result.deductions) - 3)
    page.show_outcome(many)
    again = rows()
    assert len(again) == len(shown) and all(a is b for a, b in zip(again, shown, strict=True))
    names = [w.accessibleName() for w in visible_widgets(page.fix_box) + visible_widgets(page.more_box)]
    assert [n.split(",")[0] for n in names] == [page_rule(d.rule) for d in many.analysis.result.deductions]


def page_rule(rule: str) -> str:
    from pitchcoach.core.scoring.result import rule_label

    return rule_label(rule)


def test_gated_take_has_no_score_and_no_leftovers(page, analyzer):
    page.show_outcome(svc.analyze_file_keeping_audio(analyzer, FIXTURES / "great_pitch.wav", 20.0))
    gated = svc.analyze_file_keeping_audio(analyzer, FIXTURES / "silence.wav", 20.0)
    page.show_outcome(gated)
    r = gated.analysis.result
    assert not r.scored
    assert page.gate_card.isVisible() and page.gate_message.text() == r.gate.message
    for w in (page.scores_row, page.structure_card, page.fix_card, page.good_card, page.legend):
        assert not w.isVisible()


def test_transcript_html_escapes_and_explains_highlights():
    from pitchcoach.core.scoring.engine import score
    from pitchcoach.core.transcript import Transcript

    text = (
        "Hi, I'm <b>Sam</b>. Um, I basically leverage synergy for small bakeries, so that they sell more. "
        "What brings you here tonight?"
    )
    t = Transcript.from_text(text)
    res = score(t, target_seconds=20.0)
    body, tips = transcript_html(t.words, res.highlights, colors_for("light"))
    assert "<b>Sam</b>" not in body and "&lt;b&gt;Sam&lt;/b&gt;" in body
    kinds = {h.kind for h in res.highlights}
    assert {"filler", "jargon", "question"} <= kinds
    for h in res.highlights:
        name = {"filler": "Filler", "jargon": "Jargon", "question": "Question"}.get(h.kind)
        if name:
            assert name in tips[h.first_word]
    # Every word is a link the view can turn into "play from here".
    assert body.count('href="w:') == len(t.words)


def test_playback_without_a_speaker_says_why(page, analyzer):
    from tests.fakes import FakeSoundDevice

    page.services.sd = FakeSoundDevice(None)  # a microphone only: no output device
    outcome = svc.analyze_file_keeping_audio(analyzer, FIXTURES / "too_short.wav", 20.0)
    page.show_outcome(outcome)
    page.play_button.click()
    assert not page.play_button.isEnabled()
    assert "speaker" in page.play_button.toolTip().lower()
    assert isinstance(outcome.audio16k, np.ndarray)


def test_hovering_a_highlighted_word_shows_its_rule(page, analyzer, qtbot):
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent, QTextCursor
    from PySide6.QtWidgets import QApplication, QToolTip

    outcome = svc.analyze_file_keeping_audio(analyzer, FIXTURES / "filler_heavy.wav", 20.0)
    page.show_outcome(outcome)
    view = page.transcript
    filler = next(h for h in outcome.analysis.result.highlights if h.kind == "filler")
    start, end = view._spans[filler.first_word]
    cursor = QTextCursor(view.document())
    cursor.setPosition(start + 1)
    rect = view.cursorRect(cursor)
    pos = QPoint(rect.center().x(), rect.center().y())
    ev = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), ev)  # where a real hover is delivered
    qtbot.waitUntil(QToolTip.isVisible, timeout=20000)
    assert "Filler" in QToolTip.text() and "Fillers rule" in QToolTip.text()


def test_timing_is_shown_beside_clarity_and_listener_focus(page, analyzer):
    long = svc.analyze_file_keeping_audio(analyzer, FIXTURES / "too_long.wav", 20.0)
    page.show_outcome(long)
    r = long.analysis.result
    assert page.timing_card.isVisible()
    assert page.timing_card.value.text() == str(r.timing) and r.timing < 60
    assert page.timing_card.verdict.text() == "Not an elevator pitch yet"
    assert "On target: 15–30 s (you aimed for 20 s)" in page.timing_card.detail.text()
    # Far off the target, timing is the first thing to fix.
    first = visible_widgets(page.fix_box)[0].accessibleName()
    assert first.startswith("Timing, minus")

    good = svc.analyze_file_keeping_audio(analyzer, FIXTURES / "great_pitch.wav", 20.0)
    page.show_outcome(good)
    assert page.timing_card.value.text() == "100"
    assert page.timing_card.verdict.text() == "On target"


def test_points_read_the_same_as_in_the_reports(page, analyzer):
    from pitchcoach.core.scoring.result import fmt_points

    fast = svc.analyze_file_keeping_audio(analyzer, FIXTURES / "too_fast.wav", 20.0)
    page.show_outcome(fast)
    r = fast.analysis.result
    pace = next(s for s in r.subscores if s.rule == "pace")
    row = [w.text() for w in visible_widgets(page.clarity_card.grid) if "/" in getattr(w, "text", lambda: "")()]
    assert f"{fmt_points(pace.score)}/15" in row
    names = [w.accessibleName() for w in visible_widgets(page.fix_box) + visible_widgets(page.more_box)]
    d = next(d for d in r.deductions if d.rule == "pace")
    assert f"Pace, minus {fmt_points(d.points)} points" in names


def test_refined_is_said_only_when_what_is_shown_changed(page, analyzer):
    # Issue 21: "Refined with the full recording" showed when nothing on the page had changed: the
    # whole-file decode times the same words a few hundredths of a second apart, and the deductions'
    # evidence carries those times.
    import copy
    import dataclasses

    from pitchcoach.core.twopass import differs

    instant = svc.analyze_file_keeping_audio(analyzer, FIXTURES / "jargon_heavy.wav", 20.0)
    assert instant.analysis.result.deductions
    retimed = copy.deepcopy(instant.analysis)
    for d in retimed.result.deductions:
        d.evidence = [dataclasses.replace(e, start=e.start + 0.03, end=e.end + 0.03) for e in d.evidence]
    page.show_outcome(dataclasses.replace(instant, stage="instant"))
    same = dataclasses.replace(instant, analysis=retimed, refined=differs(instant.analysis, retimed))
    assert page.refine(same)
    assert page.pass_note.text() == "Checked against the full recording"

    reworded = copy.deepcopy(instant.analysis)
    reworded.result.deductions[0].message += " And one more thing."
    page.show_outcome(dataclasses.replace(instant, stage="instant"))
    changed = dataclasses.replace(instant, analysis=reworded, refined=differs(instant.analysis, reworded))
    assert page.refine(changed)
    assert page.pass_note.text() == "Refined with the full recording"


def _zh_good_pitch() -> tuple[str, list]:
    """The Mandarin good-pitch fixture's words as its synthesis timed them (one word per spoken piece)."""
    import json

    from pitchcoach.core.transcript import Word

    clip = next(
        c
        for c in json.loads((FIXTURES / "zh" / "fixtures.json").read_text("utf-8"))["fixtures"]
        if c["name"] == "good_pitch"
    )
    words = [Word(text=c["text"], start=c["start"], end=c["end"], probability=0.9) for c in clip["chunks"]]
    return clip["text"], words


def test_chinese_transcript_has_no_spaces_and_highlights_land_on_their_characters():
    """Issue 24: Chinese is written without spaces, and a highlight covers exactly its own characters."""
    import re

    from pitchcoach.core.scoring.result import Highlight
    from pitchcoach.core.transcript import Segment, Transcript, Word

    text, words = _zh_good_pitch()
    question = next(i for i, w in enumerate(words) if w.text == "你是做哪一行的？")
    body, tips = transcript_html(words, [Highlight("question", question, question)], colors_for("light"))
    shown = re.sub(r"<[^>]+>", "", body)
    assert shown == text  # not "你好， 我叫王丽。 …"
    marked = re.findall(r'<a href="w:(\d+)" style="background-color:[^"]+">([^<]+)</a>', body)
    assert marked == [(str(question), "你是做哪一行的？")]
    assert "Question" in tips[question]
    # The transcript's text (the CLI, the JSON, History and the reports) joins its segments the same way.
    segs = [Segment(w.start, w.end, w.text, -0.2, 0.01) for w in words]
    assert Transcript(words=words, segments=segs, audio_seconds=21.0, language="zh").text == text
    # English keeps its spaces, and so does English inside Chinese where two Latin words meet.
    mixed = [Word(t, i, i + 0.5, 0.9) for i, t in enumerate(["我们用", "CRM", "system", "管客户"])]
    assert re.sub(r"<[^>]+>", "", transcript_html(mixed, [], colors_for("light"))[0]) == "我们用CRM system管客户"
