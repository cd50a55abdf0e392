"""Putting the take's words together: committed decodes, the last live guess, and what Stop decoded.

At Stop the last live guess's words are kept up to a pause it heard well (``STITCH_MARGIN_SECONDS``
before the end of the audio it was given: the words near the end of a window cut mid-speech are the
unsure ones); only the audio after that pause is decoded again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pitchcoach.core.audio import CLIP_LEVEL, SAMPLE_RATE
from pitchcoach.core.live.decoding import Decoded
from pitchcoach.core.live_guard import segments_following
from pitchcoach.core.transcript import Segment, Transcript, Word

# Measured in docs/calibration.md, "Two passes".
STITCH_MARGIN_SECONDS = 1.0


def stitch_cut(tail: np.ndarray, d: Decoded, commit: int) -> int | None:
    """Where the tail (take audio from ``commit``) can be cut so that only what follows is decoded again.

    The middle of the last pause of at least 100 ms that the live guess ``d`` heard with
    ``STITCH_MARGIN_SECONDS`` of audio after it: its words before that pause are kept. None when
    there is no such pause.
    """
    from pitchcoach.core.transcribe import speech_regions

    heard = d.end - commit
    limit = heard - int(STITCH_MARGIN_SECONDS * SAMPLE_RATE)
    fine = speech_regions(tail[: max(0, heard)], 100)
    best = None
    for (_, end), (nxt, _) in zip(fine, fine[1:], strict=False):
        cut = (end + nxt) // 2
        if cut <= limit:
            best = cut
    return best


@dataclass
class Words:
    """The words of a take so far, with what the transcript needs besides them."""

    words: list[Word] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    vad_seconds: float = 0.0
    recovered: bool = False  # a decode whose words are in here had to recover (LiveStats.provisional)

    def copy(self) -> Words:
        return Words(list(self.words), list(self.segments), self.vad_seconds, self.recovered)

    def add(self, d: Decoded, *, count_vad: bool = True) -> None:
        self.words.extend(d.words)
        self.segments.extend(d.segments)
        if count_vad:
            self.vad_seconds += d.transcript.vad_speech_seconds or 0.0
        self.recovered |= d.recovered

    def add_before(self, d: Decoded, cut_s: float) -> None:
        """``d``'s words whose middle lies before ``cut_s`` (take seconds), with their segments."""
        kept = [w for w in d.words if (w.start + w.end) / 2 < cut_s]
        self.words.extend(kept)
        self.segments.extend(segments_following(kept, d.segments))
        self.recovered |= d.recovered

    def transcript(self, audio: np.ndarray, model: str, language: str, language_p: float) -> Transcript:
        voiced = [w.rms_db for w in self.words if w.rms_db is not None]
        return Transcript(
            words=list(self.words),
            segments=list(self.segments),
            audio_seconds=len(audio) / SAMPLE_RATE,
            vad_speech_seconds=self.vad_seconds,
            language=language,
            language_probability=language_p,
            model=model,
            median_rms_db=float(np.median(voiced)) if voiced else None,
            clipped_fraction=float(np.mean(np.abs(audio) >= CLIP_LEVEL)) if len(audio) else 0.0,
        )
