"""Timing as a verdict (issue 13): the curve, the band limits, the ceiling on the overall score."""

from __future__ import annotations

import pytest

from pitchcoach.core.scoring import timing
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.scoring.result import ScoreResult
from tests.core.scoring.helpers import GOOD, deduction, lost

TARGET = 20.0
WPS = 2.5  # 150 wpm: pace never deducts, so timing alone moves the verdict


def take(ratio: float, timed, target: float = TARGET) -> ScoreResult:
    """GOOD said over and over, cut to last `ratio` x the target (a fragment when ratio < 1)."""
    # build_transcript: words every 1/WPS s, each 0.9 of that long.
    n = int(round((ratio * target - 0.9 / WPS) * WPS)) + 1
    words = (GOOD.split() * 20)[:n]
    r = score(timed(" ".join(words), wps=WPS), target_seconds=target)
    assert r.metrics.timing_ratio == pytest.approx(ratio, abs=0.03)
    return r


@pytest.mark.parametrize(
    ("ratio", "timing_score", "band_at_most"),
    [
        (0.4, 48, "Rework"),
        (0.6, 70, "Good"),
        (1.0, 100, "Great"),
        (1.6, 79, "Good"),
        (6.0, 20, "Rework"),
    ],
)
def test_bands_at_multiples_of_the_target(ratio, timing_score, band_at_most, timed) -> None:
    r = take(ratio, timed)
    assert r.timing == pytest.approx(timing_score, abs=1)
    assert r.overall <= r.timing
    order = ["Rework", "Needs work", "Good", "Great"]
    assert order.index(r.band) <= order.index(band_at_most)
    assert r.to_dict()["scores"]["timing"] == r.timing


def test_a_good_pitch_on_target_is_great_and_timing_costs_nothing(timed) -> None:
    r = take(1.0, timed)
    assert (r.overall, r.timing, r.band) == (100, 100, "Great")
    assert lost(r, "timing") == 0 and r.caps == []
    assert r.metrics.timing_verdict == "on_target"


@pytest.mark.parametrize("ratio", [0.7, 1.55, 1.9])
def test_outside_the_comfortable_window_cannot_be_great(ratio, timed) -> None:
    r = take(ratio, timed)
    assert r.overall <= 84 and r.band != "Great"
    assert r.metrics.overall_before_caps >= 85  # the pitch itself was great: timing held it back
    assert [c.rule for c in r.caps] == ["timing"]


@pytest.mark.parametrize("ratio", [0.45, 2.2, 5.9])
def test_outside_half_to_double_caps_at_60_and_timing_is_fixed_first(ratio, timed) -> None:
    r = take(ratio, timed)
    assert r.overall <= 60
    assert r.fix_first[0].rule == "timing"


def test_a_long_monologue_is_not_an_elevator_pitch_yet(timed) -> None:
    r = take(5.9, timed)  # the 118 s take: a good pitch said six times over
    d = deduction(r, "timing")
    assert "not an elevator pitch yet" in d.message
    assert "three sentences" in d.tip
    assert r.metrics.timing_label == "Not an elevator pitch yet"
    assert r.band == "Rework"
    assert any("Timing" in n for n in r.notes)  # the cap explains itself


def test_a_fragment_is_too_short_to_be_a_pitch(timed) -> None:
    r = take(0.4, timed)  # the first 8 seconds of a good pitch
    d = deduction(r, "timing")
    assert "less than half" in d.message and "who you help" in d.tip
    assert r.band == "Rework"


def test_short_and_long_messages_inside_the_hard_limits(timed) -> None:
    short = deduction(take(0.6, timed), "timing")
    assert "short of the 15–30 s range" in short.message
    long = deduction(take(1.8, timed), "timing")
    assert "over the 30-second mark" in long.message


def test_curve_is_smooth_except_at_the_window_edges() -> None:
    rs = [i / 1000 for i in range(50, 8001)]
    scores = [timing.timing_score(r) for r in rs]
    for r0, r1, s0, s1 in zip(rs, rs[1:], scores, scores[1:], strict=False):
        if r0 < timing.WINDOW_LOW <= r1 or r0 <= timing.WINDOW_HIGH < r1:
            assert s1 - s0 == (16 if r1 <= 1 else -16)  # the band edge: 84 <-> 100
            continue
        assert abs(s1 - s0) <= 1, (r0, s0, s1)
        assert (s1 >= s0) if r1 < 1 else (s1 <= s0)  # rises to the window, falls after it


def test_curve_values() -> None:
    assert timing.timing_score(1.0) == 100
    assert timing.timing_score(0.75) == timing.timing_score(1.5) == 100
    assert timing.timing_score(0.7499) == 84 and timing.timing_score(1.5001) == 84
    assert timing.timing_score(0.5) == timing.timing_score(2.0) == 60
    assert timing.timing_score(0.25) == 30 and timing.timing_score(4.0) == 30
    assert timing.timing_score(30.0) == 4  # a 10-minute file against a 20 s target
    assert timing.timing_score(0.0) == 0


def test_window_scales_with_the_target(timed) -> None:
    r = take(1.0, timed, target=60.0)
    assert r.timing == 100 and r.metrics.length_window == [45.0, 90.0]
    assert r.metrics.word_budget == [120, 170]
    r = take(0.4, timed, target=30.0)
    assert r.timing == pytest.approx(48, abs=1)


def test_on_target_means_one_thing_inside_the_window_nothing_is_over_time(timed) -> None:
    # 26 s against 20 s scores 100, "On target": no word is marked over time and no note says
    # "past your target" (issue 21: "Timing 100 On target" beside "You went 6.2 s past your 20 s target").
    r = take(1.3, timed)
    assert (r.timing, r.metrics.timing_label) == (100, "On target")
    assert not [h for h in r.highlights if h.kind == "over_time"]
    assert r.metrics.words_over_target == 0
    assert not any("past" in n or "over" in n for n in r.notes)


def test_words_after_the_window_are_marked(timed) -> None:
    r = take(1.6, timed)  # 32 s: past the 30 s end of the window
    over = [h for h in r.highlights if h.kind == "over_time"]
    assert len(over) == 1 and "after the 30 s mark" in over[0].label
    assert over[0].first_word > 0 and r.metrics.words_over_target > 0
    assert "over the 30-second mark" in deduction(r, "timing").message


def test_timing_is_a_subscore_of_its_own(timed) -> None:
    r = take(1.6, timed)
    sub = next(s for s in r.subscores if s.rule == "timing")
    assert sub.category == "timing" and sub.weight == 100 and sub.score == r.timing
    assert not any(s.rule == "length" for s in r.subscores)
