"""The live path's guards: screening a decode's words, and pacing decodes under load."""

from __future__ import annotations

from pitchcoach.core.live_guard import Pacer, clamp_words, screen_words
from pitchcoach.core.transcript import Word


def words(text: str, start: float, step: float = 0.3) -> list[Word]:
    out = []
    for i, t in enumerate(text.split()):
        at = start + i * step
        out.append(Word(t, round(at, 3), round(at + 0.25, 3), 0.9))
    return out


def texts(ws: list[Word]) -> str:
    return " ".join(w.text for w in ws)


def test_clean_decode_passes_unchanged() -> None:
    ws = words("Hi, I'm Dana and I help small bakeries sell online.", 3.0)
    s = screen_words(ws, 3.0, 7.0, before=words("So, before that,", 0.5))
    assert s.words == ws and s.dropped == 0 and not s.loop


def test_words_timed_outside_the_audio_are_dropped() -> None:
    ws = words("we make bread", 3.0) + [Word("look", 8.5, 8.8, 0.2), Word("at", 8.8, 9.0, 0.2)]
    s = screen_words(ws, 3.0, 6.0)
    assert texts(s.words) == "we make bread" and s.dropped == 2 and not s.loop
    early = [Word("ghost", 1.0, 1.2, 0.5)] + words("we make bread", 3.0)
    assert texts(screen_words(early, 3.0, 6.0).words) == "we make bread"


def test_a_restart_over_the_same_audio_is_a_loop() -> None:
    first = words("I help bakeries sell online", 3.0)
    s = screen_words(first + words("I help bakeries sell online", 3.0), 3.0, 6.0)
    assert s.words == first and s.dropped == 5 and s.loop


def test_a_repeated_span_with_overlapping_times_is_dropped() -> None:
    committed = words("my name is Dana and I bake", 0.0)
    # The new decode starts by hearing "and I bake" again over the same moments.
    again = [Word(w.text, w.start, w.end, 0.8) for w in committed[-3:]] + words("bread for cafes", 2.2)
    s = screen_words(again, 1.0, 4.0, before=committed)
    assert texts(s.words) == "bread for cafes" and s.loop


def test_a_long_span_said_twice_is_a_loop_even_later() -> None:
    committed = words("we help small bakeries sell more bread online", 0.0)
    loop = words("we help small bakeries sell more bread online", 10.0)
    s = screen_words(loop + words("what do you do", 13.0), 10.0, 15.0, before=committed)
    assert texts(s.words) == "what do you do" and s.loop


def test_real_short_repeats_are_kept() -> None:
    # "I like I like" and a phrase said again later, not over the same time, are speech.
    ws = words("I like I like beans and I like bread", 0.0)
    assert screen_words(ws, 0.0, 4.0).words == ws


def test_clamp_keeps_words_inside_the_chunk() -> None:
    ws = [Word("a", 2.98, 3.2, 0.9), Word("b", 5.9, 6.2, 0.9)]
    c = clamp_words(ws, 3.0, 6.0)
    assert (c[0].start, c[1].end) == (3.0, 6.0)


def test_pacer_backs_off_when_behind_and_recovers() -> None:
    p = Pacer(1.0, 3.0, 6.0)
    assert (p.live_interval_s, p.min_commit_s, p.max_tail_s) == (1.0, 3.0, 6.0)
    for _ in range(8):
        p.observe(0.0, 0.25)  # keeping up
    assert p.level == 0
    p.observe(1.5, 1.75)  # a decode took 1.5 s longer than the step: behind real time
    assert p.level == 1 and p.live_interval_s == 2.0 and p.min_commit_s == 6.0 and p.max_tail_s == 9.0
    p.observe(1.2, 1.45)  # still catching up right after: no second step up yet
    assert p.level == 1
    p.observe(0.0, 1.0)
    p.observe(1.5, 1.75)
    assert p.level == 2 and p.backoffs == 2
    assert p.min_commit_s == 8.0  # capped: a live decode encodes 10 s whatever the chunk
    for _ in range(40):
        p.observe(0.0, 0.25)  # caught up for 10 s of audio
    assert p.level == 1
    assert p.max_seen == 2


def test_segment_texts_follow_the_kept_words() -> None:
    from pitchcoach.core.live_guard import segments_following
    from pitchcoach.core.transcript import Segment

    ws = words("we make bread every day", 1.0)  # 1.0-2.45 s
    segs = [Segment(0.9, 1.9, "we make bread we make bread", -0.2, 0.01), Segment(1.9, 2.6, "every day", -0.2, 0.01)]
    kept = ws[:3] + ws[4:]  # "every" dropped
    out = segments_following(kept, segs)
    assert [s.text for s in out] == ["we make bread", "day"]
    assert (out[0].start, out[0].end, out[0].avg_logprob) == (0.9, 1.9, -0.2)
    # A segment none of whose words were kept goes; a word outside every segment joins the nearest.
    assert [s.text for s in segments_following(ws[:2], segs)] == ["we make"]
    assert [s.text for s in segments_following([Word("late", 3.0, 3.2, 0.9)], segs)] == ["late"]
