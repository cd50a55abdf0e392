"""Plain data passed between transcription, scoring, storage and the UI.

These are deliberately dumb dataclasses with ``to_dict``/``from_dict`` so that a
take can be stored as JSON and re-scored later without the model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from pitchcoach.core.words import (
    APOSTROPHES,
    FALLBACK_SENTENCE_GAP_S,
    SENTENCE_END,
    WORD_LEAD_KEEP,
    WORD_TRAIL_KEEP,
    Word,
    join_words,
    normalize_phrase,
    normalize_word,
)

if TYPE_CHECKING:
    from pitchcoach.core.voice.analysis import VoiceAnalysis

# Words, their normalisation and sentence ends live in core.words (the voice analysis reads them
# without importing this module, which holds the voice analysis); they are re-exported here.
__all__ = [
    "APOSTROPHES",
    "FALLBACK_SENTENCE_GAP_S",
    "SENTENCE_END",
    "WORD_LEAD_KEEP",
    "WORD_TRAIL_KEEP",
    "Segment",
    "Transcript",
    "Word",
    "normalize_phrase",
    "normalize_word",
]


@dataclass
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Segment:
        return cls(
            start=float(d["start"]),
            end=float(d["end"]),
            text=str(d["text"]),
            avg_logprob=float(d.get("avg_logprob", 0.0)),
            no_speech_prob=float(d.get("no_speech_prob", 0.0)),
            compression_ratio=float(d.get("compression_ratio", 0.0)),
        )


@dataclass
class Transcript:
    words: list[Word]
    segments: list[Segment]
    audio_seconds: float
    # Seconds of audio that voice activity detection kept. None when VAD was not run.
    vad_speech_seconds: float | None = None
    language: str = "en"
    language_probability: float = 1.0
    model: str = ""
    # Audio-level facts for info-only notes (quiet recording, clipping).
    median_rms_db: float | None = None
    clipped_fraction: float = 0.0
    # The voice analysis, kept with the words so a stored take is re-scored and redrawn without
    # its audio. None for typed text and older takes.
    voice: VoiceAnalysis | None = None

    @property
    def text(self) -> str:
        return join_words(s.text for s in self.segments)

    def without_words(self) -> Transcript:
        """This transcript with no words, text or voice figures: what an unscored take keeps. A take the
        gate refused (another language, noise, silence) was not understood, so its words would be
        the recognizer's invention ("So, I think that's the whole thing" for a Mandarin clip)."""
        return replace(self, words=[], segments=[], voice=None)

    @property
    def speech_seconds(self) -> float:
        """First word start to last word end: leading and trailing silence do not count."""
        if not self.words:
            return 0.0
        return max(0.0, self.words[-1].end - self.words[0].start)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "words": [w.to_dict() for w in self.words],
            "segments": [s.to_dict() for s in self.segments],
            "audio_seconds": self.audio_seconds,
            "vad_speech_seconds": self.vad_speech_seconds,
            "language": self.language,
            "language_probability": self.language_probability,
            "model": self.model,
            "median_rms_db": self.median_rms_db,
            "clipped_fraction": self.clipped_fraction,
        }
        if self.voice is not None:  # left out when absent, so older stored transcripts read back unchanged
            d["voice"] = self.voice.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Transcript:
        from pitchcoach.core.voice.analysis import VoiceAnalysis  # it reads words and sentence ends from here

        voice = d.get("voice")
        return cls(
            words=[Word.from_dict(w) for w in d.get("words", [])],
            segments=[Segment.from_dict(s) for s in d.get("segments", [])],
            audio_seconds=float(d.get("audio_seconds", 0.0)),
            vad_speech_seconds=d.get("vad_speech_seconds"),
            language=str(d.get("language", "en")),
            language_probability=float(d.get("language_probability", 1.0)),
            model=str(d.get("model", "")),
            median_rms_db=d.get("median_rms_db"),
            clipped_fraction=float(d.get("clipped_fraction", 0.0)),
            voice=VoiceAnalysis.from_dict(voice) if voice is not None else None,
        )

    @classmethod
    def from_text(cls, text: str, words_per_second: float = 2.5) -> Transcript:
        """A transcript with synthetic, evenly spaced timings, for scoring typed text.

        Used by unit tests of text rules and by "score this script" in the UI,
        where there is no audio. Probabilities are 1.0, so intelligibility never fires.
        """
        tokens = text.split()
        step = 1.0 / words_per_second
        words = [
            Word(text=t, start=round(i * step, 3), end=round(i * step + step * 0.9, 3), probability=1.0)
            for i, t in enumerate(tokens)
        ]
        dur = words[-1].end if words else 0.0
        seg = [Segment(start=0.0, end=dur, text=text, avg_logprob=-0.2, no_speech_prob=0.01)] if tokens else []
        return cls(words=words, segments=seg, audio_seconds=dur + 0.5, vad_speech_seconds=dur)
