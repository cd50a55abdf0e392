"""Dropping Whisper's stock "Thank you." from the end of a short-window decode (pure data, no model)."""

from __future__ import annotations

from pitchcoach.core.transcribe import trim_edge_hallucination
from pitchcoach.core.transcript import Segment, Word


def _w(text: str, start: float, p: float = 0.9, dur: float = 0.25) -> Word:
    return Word(text=text, start=start, end=start + dur, probability=p)


def _seg(text: str, start: float, end: float) -> Segment:
    return Segment(start=start, end=end, text=text, avg_logprob=-0.3, no_speech_prob=0.01, compression_ratio=1.2)


SPEECH = [_w("I", 0.0), _w("help", 0.3), _w("bakeries.", 0.6)]


def test_unsure_thank_you_at_the_end_is_dropped_with_its_segment() -> None:
    words = [*SPEECH, _w("Thank", 1.2, p=0.03), _w("you.", 1.45, p=0.97, dur=0.0)]
    segs = [_seg("I help bakeries.", 0.0, 0.85), _seg("Thank you.", 1.2, 1.7)]
    kept, kept_segs = trim_edge_hallucination(words, segs)
    assert [w.text for w in kept] == ["I", "help", "bakeries."]
    assert [s.text for s in kept_segs] == ["I help bakeries."]


def test_phrase_inside_the_last_segment_is_cut_from_its_text() -> None:
    words = [*SPEECH, _w("Thanks.", 1.2, p=0.04)]
    kept, kept_segs = trim_edge_hallucination(words, [_seg("I help bakeries. Thanks.", 0.0, 1.45)])
    assert [w.text for w in kept] == ["I", "help", "bakeries."]
    assert [s.text for s in kept_segs] == ["I help bakeries."]
    assert kept_segs[0].end <= 1.2


def test_a_thank_you_the_model_is_sure_of_is_kept() -> None:
    words = [*SPEECH, _w("Thank", 1.2, p=0.8), _w("you.", 1.45)]
    segs = [_seg("I help bakeries. Thank you.", 0.0, 1.7)]
    assert trim_edge_hallucination(words, segs) == (words, segs)


def test_only_the_end_of_the_window_is_touched() -> None:
    words = [_w("Thank", 0.0, p=0.05), _w("you", 0.25), _w("for", 0.5), _w("coming", 0.75)]
    segs = [_seg("Thank you for coming", 0.0, 1.0)]
    assert trim_edge_hallucination(words, segs) == (words, segs)


def test_other_words_are_never_dropped_however_unsure() -> None:
    words = [*SPEECH, _w("Yes.", 1.2, p=0.01)]
    segs = [_seg("I help bakeries. Yes.", 0.0, 1.45)]
    assert trim_edge_hallucination(words, segs) == (words, segs)
