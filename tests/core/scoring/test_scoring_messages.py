"""Feedback in the interface language (issue 25): rules give message ids + arguments, shown in either
language; the scores, rule ids and stored English do not change with it."""

from __future__ import annotations

import json
import logging
import re

import pytest

from pitchcoach.core.messages import CHINESE, ENGLISH, get_catalog
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.scoring.result import ScoreResult

HAN = re.compile(r"[\u4e00-\u9fff]")


def _texts(result: ScoreResult, lang: str) -> list[str]:
    cat = get_catalog(lang)
    out = [t for d in result.deductions for t in (d.text(cat), d.tip_text(cat))]
    out += result.positive_texts(cat) + result.note_texts(cat) + [c.text(cat) for c in result.caps]
    if result.gate:
        out.append(result.gate.text(cat))
    return out


@pytest.mark.parametrize("name", ["filler_heavy.wav", "hard_sell.wav", "jargon_heavy.wav", "too_long.wav"])
def test_a_real_take_reads_in_chinese_and_keeps_its_english(
    fixture_transcript, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    result = score(fixture_transcript(name))
    assert result.deductions, "the fixture is meant to lose points"
    assert all(d.msg is not None and d.tip_msg is not None for d in result.deductions)
    assert len(result.positive_msgs) == len(result.positives) and len(result.note_msgs) == len(result.notes)
    # English renders exactly what the result stores (and the JSON's "message"/"tip" keep).
    assert _texts(result, ENGLISH) == [
        *(t for d in result.deductions for t in (d.message, d.tip)),
        *result.positives,
        *result.notes,
        *(c.message for c in result.caps),
    ]
    with caplog.at_level(logging.WARNING, logger="pitchcoach.core.messages"):
        zh = _texts(result, CHINESE)
    assert caplog.records == []  # no id fell back to English, none failed to fill in
    assert all(HAN.search(t) for t in zh), [t for t in zh if not HAN.search(t)]
    assert not any("{" in t or "}" in t for t in zh)


def test_stored_ids_survive_json_and_older_records_show_their_english(fixture_transcript) -> None:
    result = score(fixture_transcript("filler_heavy.wav"))
    back = ScoreResult.from_dict(json.loads(json.dumps(result.to_dict())))
    zh = get_catalog(CHINESE)
    assert _texts(back, CHINESE) == _texts(result, CHINESE)
    assert back.to_dict() == result.to_dict()
    # A record written before issue 25: English text only. It still shows, as stored.
    old = result.to_dict()
    for d in old["deductions"]:
        del d["msg"], d["tip_msg"]
    del old["positives_msg"], old["notes_msg"]
    for c in old["caps"]:
        del c["msg"]
    legacy = ScoreResult.from_dict(old)
    assert [d.text(zh) for d in legacy.deductions] == [d.message for d in result.deductions]
    assert legacy.positive_texts(zh) == result.positives
    assert legacy.overall == result.overall


def test_scores_and_codes_do_not_depend_on_the_interface_language(fixture_transcript) -> None:
    """Rendering reads the result; it never changes it: the JSON is the same before and after."""
    result = score(fixture_transcript("hard_sell.wav"))
    before = json.dumps(result.to_dict(), sort_keys=True)
    _texts(result, CHINESE)
    _texts(result, ENGLISH)
    assert json.dumps(result.to_dict(), sort_keys=True) == before
    fillers = next(d for d in score(fixture_transcript("filler_heavy.wav")).deductions if d.rule == "fillers")
    assert fillers.text(get_catalog(CHINESE)).startswith("我们听到")


def test_a_gate_reads_in_chinese(fixture_transcript) -> None:
    result = score(fixture_transcript("too_few_words.wav"))
    assert result.gate is not None and result.gate.msg is not None
    assert result.gate.text(get_catalog(ENGLISH)) == result.gate.message
    assert result.gate.text(get_catalog(CHINESE)).startswith("这次只说了")
