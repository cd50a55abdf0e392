"""One live decode: a span of the take through the model, screened and moved to take time.

Every live decode (commits, the live guess, the audio left at Stop) goes through
:class:`pitchcoach.core.transcribe.Transcriber` with the live options (``DecodeOptions.for_live``):
a 10 s encoder window instead of 30 s, greedy with no temperature retries, a token cap, and an
unsure stock "Thank you." dropped from a chunk's end. Its words are then screened
(core/live_guard.py): words timed outside the decoded audio, running backwards, or repeating a span
already heard are dropped.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE
from pitchcoach.core.live.stats import LiveStats
from pitchcoach.core.live_guard import clamp_words, screen_words, segments_following
from pitchcoach.core.transcript import Segment, Transcript, Word

if TYPE_CHECKING:
    from pitchcoach.core.speech import SpeechTranscriber
    from pitchcoach.core.transcribe import DecodeOptions

log = logging.getLogger(__name__)


@dataclass
class Decoded:
    """One decode of audio[start:end] (take samples), already shifted to take time."""

    start: int
    end: int
    words: list[Word]
    segments: list[Segment]
    transcript: Transcript
    recovered: bool = False  # words were dropped from it, or it was redone after a loop


def shift_segments(t: Transcript, offset_s: float, lo: float, hi: float) -> list[Segment]:
    """Segments of a chunk transcript moved to take time, clamped to the chunk's span."""

    def clamp(x: float) -> float:
        return round(min(max(x + offset_s, lo), hi), 3)

    return [replace(s, start=clamp(s.start), end=max(clamp(s.start), clamp(s.end))) for s in t.segments]


def options_with_context(opts: DecodeOptions, context: str, use_context: bool) -> DecodeOptions:
    """The live options, optionally with the committed text as prompt (off by default: with it,
    short chunks drifted further from the whole-file text)."""
    if context and use_context:
        return replace(opts, initial_prompt=f"{opts.initial_prompt} {context}" if opts.initial_prompt else context)
    return opts


def decode_span(
    transcriber: SpeechTranscriber,
    audio: np.ndarray,
    start: int,
    options: DecodeOptions,
    before: list[Word],
    cancel: threading.Event,
    stats: LiveStats,
) -> Decoded:
    """Decode ``audio`` (take samples from ``start``) and keep the words that can be trusted.

    ``before``: the words already kept (the screen compares against their end). Raises
    DecodeCancelled once ``cancel`` is set (checked before each model call).
    """
    from pitchcoach.core.transcribe import DecodeStats

    ds = DecodeStats()
    t0 = time.perf_counter()
    try:
        # Through the transcriber we were given (tests slow or loop it there, at the model's edge).
        t = transcriber.transcribe(audio, options=options, cancel=cancel, stats=ds)
    finally:
        stats.decode_seconds += time.perf_counter() - t0
    lo = start / SAMPLE_RATE
    hi = lo + len(audio) / SAMPLE_RATE
    # Screen in take time before clamping: clamping would hide words timed past the audio.
    moved = [Word(w.text, round(w.start + lo, 3), round(w.end + lo, 3), w.probability, w.rms_db) for w in t.words]
    screened = screen_words(moved, lo, hi, before)
    if screened.dropped or ds.loop_retries:
        stats.dropped_words += screened.dropped
        if screened.loop or ds.loop_retries:
            stats.loops += 1
        log.info(
            "live decode at %.1f-%.1f s: dropped %d invented or repeated words%s",
            lo,
            hi,
            screened.dropped,
            " (it looped)" if screened.loop or ds.loop_retries else "",
        )
    segments = shift_segments(t, lo, lo, hi)
    words = clamp_words(screened.words, lo, hi)
    if screened.dropped:  # the segment texts still hold the dropped words
        segments = segments_following(words, segments)
    recovered = bool(screened.dropped or ds.loop_retries)
    return Decoded(start, start + len(audio), words, segments, t, recovered)
