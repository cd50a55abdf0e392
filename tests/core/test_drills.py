"""Drills (issue 27): every shipped drill has a real take that passes it and one that fails it.

The takes are the committed fixtures (piper voices, tests/make_fixtures.py), analysed once with the
real bundled model at the drill's 15 s target; the verdicts are judged from that analysis.
"""

from __future__ import annotations

import pytest

from pitchcoach.core.drills import (
    SKILL_RULES,
    SKILLS,
    DrillError,
    judge,
    load_drill,
    load_drills,
    skill_for_rule,
)
from pitchcoach.core.errors import friendly_message
from pitchcoach.core.messages import get_catalog
from pitchcoach.core.scoring.result import RULE_LABELS

# skill -> (a take that passes it, a take that fails it, a word the failing verdict's evidence holds)
CASES: dict[str, tuple[str, str, str]] = {
    "fillers": ("great_pitch.wav", "filler_heavy.wav", "like"),
    "question": ("drill_listener_first.wav", "great_pitch.wav", "What brings you here tonight?"),
    "timing": ("drill_listener_first.wav", "great_pitch.wav", "first word to the last"),
    "pace": ("great_pitch.wav", "too_fast.wav", "the whole take"),
    "lead_with_listener": ("drill_listener_first.wav", "great_pitch.wav", "I'm Sam"),
    "plain_language": ("great_pitch.wav", "jargon_heavy.wav", "synergy"),
    "lively_voice": ("drill_listener_first.wav", "voice/monotone.flac", ""),
    "strong_finish": ("drill_listener_first.wav", "voice/trailing_off.flac", "you"),
}


@pytest.fixture(scope="module")
def takes(analyzer, fixtures_dir):
    names = {n for p, f, _ in CASES.values() for n in (p, f)}
    return {n: analyzer.analyze_file(fixtures_dir / n, target_seconds=15.0) for n in sorted(names)}


def test_every_shipped_drill_is_tested_and_readable() -> None:
    drills = load_drills("en")
    assert [d.skill for d in drills] == list(SKILLS) == list(CASES)
    prompts = [p for d in drills for p in d.prompts]
    assert len(prompts) >= 12 and len(set(prompts)) == len(prompts)
    for d in drills:
        assert d.title and d.goal and d.target_seconds == 15


@pytest.mark.parametrize("skill", SKILLS)
def test_drill_passes_a_take_that_does_it(skill, takes) -> None:
    passing, _, _ = CASES[skill]
    v = judge(load_drill(skill), takes[passing])
    assert v.passed, v.why
    assert v.skill == skill and v.why


@pytest.mark.parametrize("skill", SKILLS)
def test_drill_fails_a_take_that_does_not_and_says_why(skill, takes) -> None:
    _, failing, word = CASES[skill]
    take = takes[failing]
    v = judge(load_drill(skill), take)
    assert not v.passed
    assert v.why.endswith(".") and len(v.why) > 20
    if skill == "lively_voice":  # the whole take was flat: the figure is the evidence
        assert "semitones" in v.why
        return
    assert v.evidence, "a failed drill shows where it failed"
    assert any(word.lower() in e.text.lower() for e in v.evidence), [e.text for e in v.evidence]
    for e in v.evidence:
        assert 0 <= e.start <= e.end <= take.transcript.audio_seconds


def test_a_take_that_was_not_scored_fails_with_the_gate_message(analyzer, fixtures_dir) -> None:
    silent = analyzer.analyze_file(fixtures_dir / "silence.wav", target_seconds=15.0)
    v = judge(load_drill("pace"), silent)
    assert not v.passed and silent.result.gate is not None
    assert silent.result.gate.message in v.why


def test_every_scoring_rule_maps_to_one_drill() -> None:
    mapped = [r for rules in SKILL_RULES.values() for r in rules]
    assert len(mapped) == len(set(mapped))
    assert {r for r in RULE_LABELS if r not in ("monotone",)} <= set(mapped) | {"monotone"}
    assert skill_for_rule("monotone") == "lively_voice" and skill_for_rule("fillers") == "fillers"
    assert skill_for_rule("no_such_rule") is None


def test_an_unknown_skill_names_the_ones_there_are() -> None:
    with pytest.raises(DrillError, match="fillers, question") as exc:
        load_drill("juggling")
    # Issue 25: said in the interface language too, English unchanged.
    assert str(exc.value).startswith("There is no 'juggling' drill. Choose one of: fillers, ")
    assert friendly_message(exc.value, get_catalog("zh_CN")).startswith("没有「juggling」这项专项练习。")


def test_every_drill_reads_in_each_interface_language() -> None:
    """Issue 25: a drill's title, goal and prompts in the interface's language, whatever the pitch's; the
    goal keeps the pitch language's own measure (an English pace band in words, said in Chinese)."""
    from pitchcoach.core.language import han_count

    for lang in ("en", "zh"):
        for d in load_drills(lang):
            for ui, chinese in (("en", False), ("zh_CN", True)):
                texts = [d.title_in(ui), d.goal_in(ui), *d.prompts_in(ui)]
                assert all((han_count(t) > 0) == chinese for t in texts if "嗯" not in t), (lang, d.skill, ui, texts)
                assert len(d.prompts_in(ui)) == len(d.prompts)
    assert "120 到 170 个词" in load_drill("pace", "en").goal_in("zh_CN")
    assert load_drill("timing", "en").title_in("zh_CN") == load_drill("timing", "zh").title == "控制时长"
