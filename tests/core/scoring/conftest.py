"""Builders for hand-timed transcripts: the rules that need timings (pace, pauses, length)
are tested on word lists whose every gap and probability is set by the test."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pitchcoach.core.lexicon import Lexicons, load_lexicons
from pitchcoach.core.transcript import Segment, Transcript, Word


def build_transcript(
    text: str,
    wps: float = 2.5,
    gaps: dict[int, float] | None = None,
    probs: dict[int, float] | None = None,
    rms: dict[int, float] | None = None,
    base_rms: float | None = None,
    avg_logprob: float = -0.2,
    no_speech_prob: float = 0.01,
    start: float = 0.5,
) -> Transcript:
    """Words of `text` at `wps` words a second; gaps[i] = extra silence (s) before word i."""
    gaps = gaps or {}
    probs = probs or {}
    rms = rms or {}
    step = 1.0 / wps
    t = start
    words = []
    for i, tok in enumerate(text.split()):
        t += gaps.get(i, 0.0)
        level = rms.get(i, base_rms)
        words.append(Word(tok, round(t, 3), round(t + 0.9 * step, 3), probs.get(i, 0.95), level))
        t += step
    end = words[-1].end if words else start
    segs = [Segment(start, end, text, avg_logprob, no_speech_prob, 1.2)] if words else []
    return Transcript(
        words=words,
        segments=segs,
        audio_seconds=end + 0.5,
        vad_speech_seconds=max(0.0, end - start),
        model="test",
        median_rms_db=base_rms,
    )


@pytest.fixture(scope="session")
def lex() -> Lexicons:
    return load_lexicons(None)


@pytest.fixture(scope="session")
def timed() -> Callable[..., Transcript]:
    return build_transcript
