"""Gates, bands, caps and the shape of a ScoreResult (rubric §7.1, §7.4)."""

from __future__ import annotations

import pytest

from pitchcoach.core.scoring import clarity, listener
from pitchcoach.core.scoring.engine import band_for, score
from pitchcoach.core.scoring.result import (
    CLARITY_RULES,
    HIGHLIGHT_KINDS,
    LISTENER_RULES,
    STRUCTURE_PARTS,
    ScoreResult,
)
from pitchcoach.core.transcript import Segment, Transcript
from tests.core.scoring.helpers import GOOD

# Everything wrong at once: fast, long, fillers, jargon, brag, no question, no you.
BAD = (
    "Um, so, like, I basically leverage synergy, KPI, ROI, SaaS, B2B, holistic, robust, scalable solutions, "
    "uh, and I I guess we are the number one, award-winning, world-class agency. Um, uh, I've won awards. "
    "I have led teams. I have built platforms. Sign up, take my card, call me, buy now. "
) * 4


def assert_gated(r: ScoreResult, gate_id: str) -> None:
    assert r.gate is not None and r.gate.id == gate_id
    assert (r.overall, r.clarity, r.listener_focus, r.band) == (None, None, None, None)
    assert r.deductions == [] and r.subscores == []
    assert r.to_dict()["scores"] is None


# ---- Gates --------------------------------------------------------------------------------


def test_no_words_is_no_speech() -> None:
    r = score(Transcript(words=[], segments=[], audio_seconds=5.0, vad_speech_seconds=0.0))
    assert_gated(r, "no_speech")
    assert "microphone" in r.gate.message


def test_little_vad_speech_is_no_speech(timed) -> None:
    t = timed(GOOD)
    t.vad_speech_seconds = 0.6
    assert_gated(score(t), "no_speech")


def test_whispers_own_silence_rule(timed) -> None:
    assert_gated(score(timed(GOOD, avg_logprob=-1.3, no_speech_prob=0.8)), "no_speech")


def test_hallucinated_thank_you_is_no_speech(timed) -> None:
    assert_gated(score(timed("Thank you for watching.", no_speech_prob=0.5)), "no_speech")
    assert_gated(score(timed("you", no_speech_prob=0.4)), "no_speech")
    # A real "thank you" said clearly in a long take is not hallucination: it is simply too short.
    t = timed("Thank you.", no_speech_prob=0.05)
    t.vad_speech_seconds = 3.0
    assert_gated(score(t), "too_short")


def test_other_language_is_not_understood(timed) -> None:
    t = timed(GOOD)
    t.language, t.language_probability = "de", 0.93
    r = score(t)
    assert_gated(r, "not_understood")
    assert "German" in r.gate.message and "English" in r.gate.message
    t.language_probability = 0.3  # unsure detection: score it
    assert score(t).gate is None


def test_speech_the_model_cannot_make_out_is_not_understood(timed) -> None:
    n = len(GOOD.split())
    assert_gated(score(timed(GOOD, probs={i: 0.35 for i in range(n)})), "not_understood")
    assert_gated(score(timed(GOOD, avg_logprob=-1.2)), "not_understood")
    t = timed(GOOD)
    t.segments[0].compression_ratio = 2.9  # Whisper repeating itself
    assert_gated(score(t), "not_understood")


def test_fewer_than_8_lexical_words_is_too_short(timed) -> None:
    r = score(timed("Hi, I'm Dana. Nice to meet you."))
    assert_gated(r, "too_short")
    assert "only 7 words" in r.gate.message
    # Filled pauses are not words: 7 tokens, 4 of them words.
    r = score(timed("Um uh um I bake bread daily."))
    assert_gated(r, "too_short")
    assert "only 4 words" in r.gate.message
    assert score(timed("Hi, I'm Dana and I bake bread daily.")).gate is None


def test_gates_are_checked_in_order() -> None:
    t = Transcript(words=[], segments=[], audio_seconds=3.0, vad_speech_seconds=0.0, language="de")
    assert score(t).gate.id == "no_speech"


# ---- Bands, overall, caps -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overall", "band"),
    [(100, "Great"), (85, "Great"), (84, "Good"), (70, "Good"), (69, "Needs work"), (50, "Needs work"),
     (49, "Rework"), (0, "Rework")],
)  # fmt: skip
def test_bands(overall: int, band: str) -> None:
    assert band_for(overall) == band


def test_weights_add_up_to_100() -> None:
    assert sum(clarity.WEIGHTS.values()) == 100
    assert sum(listener.WEIGHTS.values()) == 100
    assert tuple(clarity.WEIGHTS) == CLARITY_RULES
    assert tuple(listener.WEIGHTS) == LISTENER_RULES


def test_bad_take_hits_caps_and_no_rule_exceeds_its_weight(timed) -> None:
    r = score(timed(BAD, wps=3.6))
    assert r.gate is None
    by_rule = {s.rule: s for s in r.subscores}
    assert set(by_rule) == set(CLARITY_RULES) | set(LISTENER_RULES)
    for s in r.subscores:
        assert 0 <= s.lost <= s.weight
    for rule in ("length", "pace", "fillers", "plain_language", "question", "you_i_balance", "hard_sell"):
        assert by_rule[rule].lost == by_rule[rule].weight, rule
    assert r.clarity == round(100 - sum(s.lost for s in r.subscores if s.category == "clarity"))
    assert r.listener_focus == 0
    assert r.overall == round(0.5 * r.clarity + 0.5 * r.listener_focus)
    assert r.band == "Rework"


def test_deductions_are_largest_first_and_fix_first_is_top_3(timed) -> None:
    r = score(timed(BAD, wps=3.6))
    points = [d.points for d in r.deductions]
    assert points == sorted(points, reverse=True)
    assert r.fix_first == r.deductions[:3]
    for d in r.deductions:
        assert d.message and d.tip
        assert d.rule in CLARITY_RULES + LISTENER_RULES
        for e in d.evidence:
            assert e.start <= e.end and e.text


def test_overall_is_mean_of_halves(timed) -> None:
    r = score(timed(GOOD.replace("What are you working on at the moment?", "I love it.")))
    assert r.listener_focus == 70 and r.clarity == 100
    assert r.overall == 85 and r.band == "Great"


# ---- Result shape -------------------------------------------------------------------------


def test_structure_strip(timed) -> None:
    r = score(timed(GOOD))
    assert list(r.structure) == list(STRUCTURE_PARTS)
    assert all(r.structure.values())
    r = score(timed("Shoes and boots are sold in the city centre to lots of people every day of the week."))
    assert r.structure == {p: False for p in STRUCTURE_PARTS}


def test_highlights_point_at_real_words(timed) -> None:
    t = timed(BAD)
    r = score(t)
    kinds = {h.kind for h in r.highlights}
    assert kinds <= set(HIGHLIGHT_KINDS)
    assert {"filler", "jargon", "hedge", "self_word", "over_time"} <= kinds
    for h in r.highlights:
        assert 0 <= h.first_word <= h.last_word < len(t.words)


def test_metrics(timed) -> None:
    r = score(timed(GOOD))
    m = r.metrics
    for key in (
        "wpm", "word_count", "filler_count", "fillers", "self_words", "you_words", "you_ratio", "questions",
        "listener_questions", "sentences", "mean_sentence_words", "longest_pause_s", "speech_seconds",
        "target_seconds", "words_over_target", "low_confidence_share", "word_budget",
    ):  # fmt: skip
        assert key in m, key
    assert m["word_count"] == 48 and m["sentences"] == 5 and m["questions"] == 1
    assert m["word_budget"] == [33, 55]


def test_result_round_trips_through_json(timed) -> None:
    import json

    r = score(timed(BAD))
    again = ScoreResult.from_dict(json.loads(json.dumps(r.to_dict())))
    assert again.to_dict() == r.to_dict()


def test_silly_targets_are_clamped(timed) -> None:
    assert score(timed(GOOD), target_seconds=float("nan")).target_seconds == 20.0
    assert score(timed(GOOD), target_seconds=0).target_seconds == 5.0


def test_whisper_segment_fields_missing_still_scores() -> None:
    t = Transcript.from_text(GOOD)
    t.segments = [Segment(0, 0, "", 0.0, 0.0)]
    assert score(t).band == "Great"
