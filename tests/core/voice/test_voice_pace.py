"""Pace windows and sentence splitting on hand-made word timings (no audio needed)."""

from __future__ import annotations

from pitchcoach.core.voice.analysis import split_sentences, wpm_windows


def test_windows_are_5_s_and_a_short_tail_joins_the_last_one() -> None:
    spans = [(i * 0.4, i * 0.4 + 0.3) for i in range(30)]  # 150 wpm, 11.9 s
    w = wpm_windows(spans)
    assert [round(x.end - x.start, 1) for x in w] == [5.0, 6.9]
    assert sum(x.words for x in w) == 30
    assert all(140 <= x.wpm <= 160 for x in w)
    assert wpm_windows([]) == []


def test_sentences_split_at_latin_and_cjk_stops_and_not_at_ellipsis() -> None:
    texts = ["Hi,", "I'm", "Sam.", "I", "help...", "bakers?", "好。", "end"]
    spans = [(i, i + 0.5) for i in range(len(texts))]
    assert split_sentences(texts, spans) == [(0, 2), (3, 5), (6, 6), (7, 7)]


def test_without_punctuation_long_gaps_split_sentences() -> None:
    texts = ["a", "b", "c", "d"]
    spans = [(0.0, 0.3), (0.4, 0.7), (1.5, 1.8), (1.9, 2.2)]
    assert split_sentences(texts, spans) == [(0, 1), (2, 3)]
