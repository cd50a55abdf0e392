"""Clarity rules (rubric §7.2): each one passes on a clean take and fails on a take built to break it."""

from __future__ import annotations

import pytest

from pitchcoach.core.scoring.engine import score
from pitchcoach.core.transcript import Segment, Transcript
from tests.core.scoring.helpers import GOOD, deduction, lost


def test_good_take_loses_nothing(timed) -> None:
    r = score(timed(GOOD))
    assert r.gate is None
    assert r.deductions == [], [d.message for d in r.deductions]
    assert (r.overall, r.clarity, r.listener_focus, r.band) == (100, 100, 100, "Great")
    assert "You asked them a question — great." in r.positives


# ---- Pace ---------------------------------------------------------------------------------


def test_pace_fast_and_slow(timed) -> None:
    fast = score(timed(GOOD, wps=3.3))  # ~198 wpm
    assert fast.metrics.wpm > 170
    assert lost(fast, "pace") == pytest.approx(min(15, 0.5 * (fast.metrics.wpm - 170)), abs=0.1)
    assert "faster" in deduction(fast, "pace").message
    slow = score(timed(GOOD, wps=1.7))  # ~102 wpm
    assert slow.metrics.wpm < 120
    assert lost(slow, "pace") == pytest.approx(0.5 * (120 - slow.metrics.wpm), abs=0.1)
    assert "slower" in deduction(slow, "pace").message
    assert deduction(slow, "pace").evidence


def test_pace_and_word_count_count_the_same_words(timed) -> None:
    # Issue 21: the pace counted "um" and "uh" while the word count did not, so "152 words/min" and
    # "55 words" over the same seconds disagreed. Filled pauses are sounds, not words, for both.
    plain = score(timed(GOOD))
    hesitant = score(timed("Um, uh, um, " + GOOD.replace("I help", "I, uh, help")))
    assert hesitant.metrics.words_total == plain.metrics.words_total + 4
    assert hesitant.metrics.word_count == plain.metrics.word_count == len(GOOD.split())
    for r in (plain, hesitant):
        assert r.metrics.wpm == pytest.approx(60 * r.metrics.word_count / r.metrics.speech_seconds, abs=0.05)
    # Four filled pauses, each 0.4 s, make the take slower, not faster.
    assert hesitant.metrics.wpm < plain.metrics.wpm


def test_pace_skipped_under_5_seconds(timed) -> None:
    r = score(timed("Hi I'm Dana and I bake bread for you", wps=2.5))
    pace = next(s for s in r.subscores if s.rule == "pace")
    assert pace.skipped and pace.lost == 0


# ---- Fillers ------------------------------------------------------------------------------


def test_fillers_one_allowed_each_extra_costs_5(timed) -> None:
    one = score(timed("Um, " + GOOD))
    assert lost(one, "fillers") == 0
    assert one.metrics.filler_count == 1
    # "basically..." carries Whisper's hesitation mark; a bare "basically" would be an adverb.
    three = score(timed("Um, " + GOOD.replace("I help", "I, like, basically... help")))
    assert three.metrics.fillers == {"um": 1, "like": 1, "basically": 1}
    assert lost(three, "fillers") == 10
    d = deduction(three, "fillers")
    assert "3 hesitations" in d.message and "1 filled pause ('um')" in d.message
    assert "Speech recognition often misses 'um' and 'uh', so the real count may be higher." in d.message
    # Said once: the deduction carries it, so the notes do not repeat it (reports printed it twice).
    said = [d.message, *three.notes, *(x.message for x in three.deductions if x is not d)]
    assert sum("often misses 'um'" in x for x in said) == 1, said
    assert len(d.evidence) == 3
    assert {h.kind for h in three.highlights} >= {"filler"}


def test_filler_count_is_always_called_a_lower_bound(timed) -> None:
    r = score(timed(GOOD))
    assert any("may be higher" in n for n in r.notes)
    assert not any("no filler" in p.lower() for p in r.positives)


def test_fillers_cap(timed) -> None:
    r = score(timed("Um uh um uh um uh um uh " + GOOD))
    assert lost(r, "fillers") == 25


# ---- Pauses -------------------------------------------------------------------------------


def test_mid_sentence_stall_costs_2_but_sentence_end_pause_is_free(timed) -> None:
    words = GOOD.split()
    mid = words.index("bakeries")  # gap before "bakeries": inside a sentence
    r = score(timed(GOOD, gaps={mid: 1.8}))
    assert lost(r, "pauses") == 2
    assert "middle of a sentence" in deduction(r, "pauses").message
    after_period = words.index("Last")  # after "week."
    ok = score(timed(GOOD, gaps={after_period: 1.8}))
    assert lost(ok, "pauses") == 0


def test_gap_of_3_seconds_costs_3_anywhere_and_cap_is_5(timed) -> None:
    words = GOOD.split()
    r = score(timed(GOOD, gaps={words.index("Last"): 3.2}))
    assert lost(r, "pauses") == 3
    r = score(timed(GOOD, gaps={words.index("Last"): 3.2, words.index("bakeries"): 3.5}))
    assert lost(r, "pauses") == 5
    assert r.metrics.longest_pause_s >= 3.5


# ---- Plain language -----------------------------------------------------------------------


def test_buzzword_costs_3_with_plain_replacement(timed) -> None:
    r = score(timed(GOOD.replace("I help", "I leverage synergy to help")))
    assert lost(r, "plain_language") == 6
    d = deduction(r, "plain_language")
    assert "'leverage', 'synergy' are business jargon" in d.message
    assert "'use'" in d.tip
    assert sum(1 for h in r.highlights if h.kind == "jargon") == 2


def test_unexplained_acronym_costs_2_but_allowlisted_or_spelled_out_is_free(timed) -> None:
    r = score(timed(GOOD.replace("cut food waste", "cut KPI waste")))
    assert lost(r, "plain_language") == 2
    d = deduction(r, "plain_language")
    assert "'KPI': your listener may not know it" in d.message
    # The tip gives the words, not the letters again.
    assert d.tip == "The first time, say 'key performance indicator' instead of 'KPI'."
    r = score(timed(GOOD.replace("cut food waste", "cut QMS waste")))
    assert deduction(r, "plain_language").tip == "The first time, say what 'QMS' stands for ('QMS, that's …')."
    assert lost(score(timed(GOOD.replace("cut food waste", "use AI to cut waste"))), "plain_language") == 0
    spelled = GOOD.replace("cut food waste", "cut key performance indicator KPI waste")
    assert lost(score(timed(spelled)), "plain_language") == 0


def test_hedge_costs_2_with_a_rewrite(timed) -> None:
    r = score(timed(GOOD.replace("I help", "I kind of help")))
    assert lost(r, "plain_language") == 2
    d = deduction(r, "plain_language")
    assert "'kind of' makes you sound unsure" in d.message
    assert "I help small bakeries" in d.tip
    assert any(h.kind == "hedge" for h in r.highlights)
    # "what kind of work" is a noun phrase, not a hedge; hedging inside a question is politeness.
    q = GOOD.replace("What are you working on at the moment?", "What kind of work do you do?")
    assert lost(score(timed(q)), "plain_language") == 0
    q = GOOD.replace("What are you working on", "Could you tell me a bit about what you are working on")
    assert lost(score(timed(q)), "plain_language") == 0


def test_long_sentence_and_mean_sentence_length(timed) -> None:
    long = (
        "Hi, I'm Dana and I help small bakeries in the city cut their food waste and save money every "
        "single week by planning what they bake from the orders they already have. What are you working on? "
        "I'd be happy to introduce you."
    )
    r = score(timed(long))
    d = deduction(r, "plain_language")
    assert "One sentence ran 32 words" in d.message
    assert lost(r, "plain_language") == 3
    one_run_on = long.replace("have. What", "have and what").replace("on? I'd", "on and I'd")
    r = score(timed(one_run_on))
    assert r.metrics.sentences == 1
    assert lost(r, "plain_language") == 3 + 5  # long sentence + mean length (capped at 5)


def test_list_dump_costs_8(timed) -> None:
    text = GOOD.replace("cut food waste,", "with ordering, billing, staffing, stock, delivery, and marketing,")
    r = score(timed(text))
    assert lost(r, "plain_language") == 8
    assert "You listed 6 things in a row" in deduction(r, "plain_language").message


def test_hard_words_cost_3_on_long_takes_only(timed) -> None:
    hard = (
        "Organisational transformation necessitates comprehensive institutional accountability "
        "considerations, particularly regarding interdepartmental communication infrastructure "
        "and administrative responsibilities. "
    )
    r = score(timed(GOOD + " " + hard + hard, wps=2.6))
    assert r.metrics.flesch_reading_ease < 30
    assert "reading ease" in deduction(r, "plain_language").message


def test_plain_language_cap(timed) -> None:
    text = GOOD.replace(
        "I help", "I guess I maybe probably leverage synergy and holistic scalable robust KPI ROI to help"
    )
    r = score(timed(text))
    assert lost(r, "plain_language") == 20


# ---- Says what you do ---------------------------------------------------------------------


def test_says_what_you_do(timed) -> None:
    vague = (
        "Hi, I'm Dana. It is great to be here tonight with so many new faces around. "
        "What are you working on at the moment? If you want to meet anyone in food, I'd be happy to introduce you."
    )
    r = score(timed(vague))
    assert lost(r, "says_what_you_do") == 10
    assert "I help [who] [do what]" in deduction(r, "says_what_you_do").tip
    role = vague.replace("It is great", "I'm Dana, a nurse. It is great")
    assert lost(score(timed(role)), "says_what_you_do") == 0


# ---- Intelligibility ----------------------------------------------------------------------


def test_low_confidence_words(timed) -> None:
    words = GOOD.split()
    idx = [words.index(w) for w in ("small", "bakeries", "waste,", "money", "every")]
    r = score(timed(GOOD, probs={i: 0.2 for i in idx}))
    share = r.metrics.low_confidence_share
    assert lost(r, "intelligibility") == pytest.approx(min(7, 100 * (share - 0.05)), abs=0.06)
    assert 0 < lost(r, "intelligibility") < 7
    d = deduction(r, "intelligibility")
    assert "struggled with 5 words" in d.message and "'small'" in d.message
    # Names and numbers are excluded: a low score on "Dana" costs nothing.
    assert lost(score(timed(GOOD, probs={words.index("Dana."): 0.1})), "intelligibility") == 0


def test_noisy_take_is_not_judged_word_by_word(timed) -> None:
    n = len(GOOD.split())
    r = score(timed(GOOD, probs={i: 0.3 if i % 2 else 0.9 for i in range(n)}))
    assert lost(r, "intelligibility") == 0
    assert any("background noise" in note for note in r.notes)


def _split_segments(t: Transcript, at: float, second_logprob: float) -> Transcript:
    seg = t.segments[0]
    t.segments = [
        Segment(seg.start, at, "first part", -0.2, 0.01, 1.2),
        Segment(at, seg.end, "second part", second_logprob, 0.01, 1.2),
    ]
    return t


def test_low_logprob_segments_cost_3(timed) -> None:
    t = timed(GOOD)
    # The last 40% of the speech in a segment Whisper was unsure of: more than 30%, under the gate.
    at = t.segments[0].start + 0.6 * (t.segments[0].end - t.segments[0].start)
    r = score(_split_segments(t, at, -1.2))
    assert r.gate is None
    assert lost(r, "intelligibility") == 3
    assert "hard to make out" in deduction(r, "intelligibility").message
    at = t.segments[0].start + 0.8 * (t.segments[-1].end - t.segments[0].start)
    assert lost(score(_split_segments(timed(GOOD), at, -1.2)), "intelligibility") == 0


def test_trailing_off(timed) -> None:
    words = GOOD.split()
    ends = [i for i, w in enumerate(words) if w.endswith((".", "?"))]
    r = score(timed(GOOD, base_rms=-20.0, rms={ends[0]: -31.0, ends[1]: -30.0}))
    assert lost(r, "intelligibility") == 3
    assert "drops at the ends of sentences ('Dana'" in deduction(r, "intelligibility").message
    one = score(timed(GOOD, base_rms=-20.0, rms={ends[0]: -31.0}))
    assert lost(one, "intelligibility") == 0
    # 9 dB is within what a steady voice measures at a sentence end.
    assert lost(score(timed(GOOD, base_rms=-20.0, rms={ends[0]: -29.0, ends[1]: -29.0})), "intelligibility") == 0
    # The final word's window runs into trailing silence, so it never counts.
    final = score(timed(GOOD, base_rms=-20.0, rms={ends[0]: -31.0, ends[-1]: -40.0}))
    assert lost(final, "intelligibility") == 0


def test_quiet_and_clipped_recordings_get_notes_not_points(timed) -> None:
    t = timed(GOOD, base_rms=-45.0)
    t.clipped_fraction = 0.01
    r = score(t)
    assert lost(r, "intelligibility") == 0
    assert any("quiet" in n for n in r.notes)
    assert any("clipped" in n for n in r.notes)
    assert not any("quiet" in n for n in score(timed(GOOD, base_rms=-25.0)).notes)


def test_text_only_transcript_scores(lex) -> None:
    r = score(Transcript.from_text(GOOD), lexicons=lex)
    assert r.band == "Great"
