"""Voice delivery rules: monotone, trailing_off, rushed_ending and quiet.

Unit tests drive each rule with a hand-made voice analysis on a text take; the slow tests run the
real model and the real voice analysis on the voice twins of great_pitch, where each rule must fire
on its own twin and on no other, and never on the original.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from pitchcoach.core.audio import decode_audio
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.scoring.result import CLARITY_RULES, DELIVERY_RULES, LISTENER_RULES, TIMING_RULES
from pitchcoach.core.transcript import Transcript
from pitchcoach.core.voice.analysis import SentenceVoice, TrailingOff, VoiceAnalysis, WpmWindow
from tests.core.scoring.helpers import GOOD, deduction, lost
from tests.speech import FIXTURES


def _lively(t: Transcript) -> VoiceAnalysis:
    va = VoiceAnalysis(f0_median_hz=120.0, f0_spread_semitones=2.8, level_dbfs=-26.0, level_spread_db=10.0)
    va.sentences = [SentenceVoice(0, 2, 0.0, 1.1, 2.5, 0.6, -26.0), SentenceVoice(3, 16, 1.2, 6.7, 2.9, 2.0, -26.0)]
    va.wpm_windows = [WpmWindow(0.0, 5.0, 12, 144.0), WpmWindow(5.0, 10.0, 13, 156.0), WpmWindow(10.0, 19.0, 23, 153.0)]
    va.pauses = 4
    return va


def _scored(mutate=None):
    t = Transcript.from_text(GOOD)
    va = _lively(t)
    if mutate:
        mutate(va)
    t.voice = va
    return score(t), t


def test_a_lively_take_loses_nothing_and_gets_its_figures_in_metrics() -> None:
    r, t = _scored()
    rules = set(CLARITY_RULES) | set(DELIVERY_RULES) | set(LISTENER_RULES) | set(TIMING_RULES)
    assert {s.rule for s in r.subscores} == rules
    assert all(lost(r, rule) == 0 for rule in DELIVERY_RULES)
    assert any("Lively voice" in p for p in r.positives)
    assert r.metrics.voice["f0_spread_semitones"] == 2.8


def test_text_without_voice_has_no_delivery_rules() -> None:
    r = score(Transcript.from_text(GOOD))
    assert not {s.rule for s in r.subscores} & set(DELIVERY_RULES)
    assert r.metrics.voice is None and "voice" not in r.to_dict()["metrics"]


def test_monotone_takes_points_and_shows_the_flat_sentences() -> None:
    def flat(va: VoiceAnalysis) -> None:
        va.f0_spread_semitones, va.monotone = 0.3, True
        va.sentences[1].spread_st = 0.3
        va.flat_sentences = [1]

    r, t = _scored(flat)
    d = deduction(r, "monotone")
    assert d.points == 5.0 and "0.3 semitones" in d.message and "question rises" in d.tip.lower()
    assert [(e.start, e.end) for e in d.evidence] == [(1.2, 6.7)]
    assert d.evidence[0].text.startswith(t.words[3].text)


def test_trailing_off_names_the_word_and_marks_every_sentence_end() -> None:
    def trail(va: VoiceAnalysis) -> None:
        va.trailing_off = [
            TrailingOff(words=[2], sentence_first_word=0, drop_db=13.0, kind="quieter"),
            TrailingOff(words=[16], sentence_first_word=3, drop_db=11.0, kind="quieter"),
        ]
        va.trails_off = True

    r, t = _scored(trail)
    d = deduction(r, "trailing_off")
    assert d.points == 4.0 and "Dana" in d.message and "13 dB" in d.message
    assert [e.start for e in d.evidence] == [t.words[2].start, t.words[16].start]
    assert lost(r, "intelligibility") == 0  # the word-window version stands down when voice figures exist


def test_rushed_ending_and_no_pause() -> None:
    def rushed(va: VoiceAnalysis) -> None:
        va.wpm_windows[-1] = WpmWindow(10.0, 14.0, 16, 240.0)
        va.rushed_ending = True

    d = deduction(_scored(rushed)[0], "rushed_ending")
    assert d.points == 4.0 and "240 words per minute" in d.message and "153" not in d.message
    assert d.evidence[0].start == 10.0

    def breathless(va: VoiceAnalysis) -> None:
        va.pauses, va.no_pause = 0, True

    d = deduction(_scored(breathless)[0], "rushed_ending")
    assert d.points == 2.0 and "never paused" in d.message


def test_quiet_recording_says_to_fix_the_input() -> None:
    def quiet(va: VoiceAnalysis) -> None:
        va.level_dbfs, va.quiet = -47.0, True

    d = deduction(_scored(quiet)[0], "quiet")
    assert d.points == 2.0 and "not your voice" in d.message and "input level" in d.tip


# ---- the twins, through the real model and the real voice analysis --------------------------
TWINS = {e["name"]: e for e in json.loads((FIXTURES / "voice" / "twins.json").read_text())["twins"]}


@pytest.fixture(scope="module")
def twin_results(analyzer):
    out = {"original": analyzer.analyze_file(FIXTURES / "great_pitch.wav").result}
    for name in TWINS:
        out[name] = analyzer.analyze_file(FIXTURES / "voice" / f"{name}.flac").result
    quiet = decode_audio(FIXTURES / "great_pitch.wav") * np.float32(10 ** (-20 / 20))
    out["quiet"] = analyzer.analyze_audio(quiet).result
    return out


@pytest.mark.slow
@pytest.mark.parametrize("rule", DELIVERY_RULES)
def test_each_delivery_rule_fires_on_its_twin_only(twin_results, rule) -> None:
    # Each twin is named after the rule it should trip; "quiet" is great_pitch 20 dB down.
    fired = {name for name, r in twin_results.items() if any(d.rule == rule for d in r.deductions)}
    assert fired == {rule}, f"{rule} fired on {sorted(fired)}"


@pytest.mark.slow
def test_the_original_keeps_its_score(twin_results) -> None:
    r = twin_results["original"]
    assert all(lost(r, rule) == 0 for rule in DELIVERY_RULES)
    assert r.band == "Great"


def test_heard_hesitations_are_never_counted_twice() -> None:
    from pitchcoach.core.scoring import delivery
    from pitchcoach.core.voice.hesitation import HeardSpan, Prolongation

    t = Transcript.from_text("Hi, I'm Dana. Um, I help bakers. So, what do you do?")
    um = t.words[3]
    assert um.text == "Um,"
    va = VoiceAnalysis(f0_median_hz=None, f0_spread_semitones=None, level_dbfs=None, level_spread_db=None)
    va.unvoiced_hesitations = [
        HeardSpan(start=um.end + 0.1, end=um.end + 0.35, after_word=3),  # the transcribed "um", timed late
        HeardSpan(start=t.words[6].end + 0.05, end=t.words[6].end + 0.3, after_word=6),  # a real extra "uh"
    ]
    so = next(i for i, w in enumerate(t.words) if w.text == "So,")
    va.prolongations = [Prolongation(word=so, seconds=0.9, expected_seconds=0.2), Prolongation(5, 1.0, 0.3)]
    t.voice = va
    r = score(t)
    h = r.metrics.hesitations
    assert [x["text"] for x in h["unvoiced"]] == ["(heard, not transcribed)"]
    assert h["unvoiced"][0]["start"] == pytest.approx(t.words[6].end + 0.05, abs=1e-3)
    assert [x["text"] for x in h["prolongations"]] == ["help"]  # "So," is a stall already, counted once
    assert [x["source"] for x in h["filled_pauses"]] == ["transcript"]
    # Listed, not counted: drawn-out words were never validated on real speech (issue 21).
    assert r.metrics.filler_count == sum(len(v) for k, v in h.items() if k != "prolongations")
    assert delivery.voice_hesitations(Transcript.from_text("Hi there."), []) == []


@pytest.mark.slow
def test_unwritten_uhs_join_the_filler_count_on_their_twin_only(twin_results) -> None:
    heard = {name: r.metrics.hesitations["unvoiced"] for name, r in twin_results.items()}
    inserted = TWINS["unvoiced_uh"]["changed"]["inserted"]
    assert len(heard["unvoiced_uh"]) == len(inserted)
    for item, where in zip(heard["unvoiced_uh"], inserted, strict=True):
        assert item["start"] < where["end"] and item["end"] > where["start"]
        assert item["source"] == "voice"
    assert all(not v for name, v in heard.items() if name != "unvoiced_uh")
    r = twin_results["unvoiced_uh"]
    assert r.metrics.filler_count >= len(inserted)
