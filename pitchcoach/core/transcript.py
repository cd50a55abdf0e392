"""Plain data passed between transcription, scoring, storage and the UI.

These are deliberately dumb dataclasses with ``to_dict``/``from_dict`` so that a
take can be stored as JSON and re-scored later without the model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pitchcoach.core.voice.analysis import VoiceAnalysis

# Characters allowed at the edge of a normalised word. '#' keeps "#1", '%' keeps "20%".
WORD_LEAD_KEEP = "#$£€"
WORD_TRAIL_KEEP = "%"
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
# Sentence ends: Latin and CJK full stops, question and exclamation marks ("..." is a hesitation).
# The scoring tokenizer and the voice analysis split sentences by the same marks.
SENTENCE_END = ".?!。？！"
# Without any sentence end in the transcript, silences this long split sentences (rubric §7.0).
FALLBACK_SENTENCE_GAP_S = 0.5


def normalize_word(raw: str) -> str:
    """Lower-case, unify apostrophes, strip outer punctuation: "Sarah." -> "sarah", "I’m" -> "i'm".

    The one word normaliser: scoring, lexicons, take comparison and the hallucination trim all match
    words in this form, so a word that matches in one place matches in all of them.
    """
    s = raw.translate(APOSTROPHES).strip().lower()
    start, end = 0, len(s)
    while start < end and not (s[start].isalnum() or s[start] in WORD_LEAD_KEEP):
        start += 1
    while end > start and not (s[end - 1].isalnum() or s[end - 1] in WORD_TRAIL_KEEP):
        end -= 1
    return s[start:end]


def normalize_phrase(raw: str) -> str:
    """Text (a lexicon entry, a transcript) as its normalised words joined by single spaces."""
    return " ".join(n for n in (normalize_word(p) for p in raw.split()) if n)


@dataclass
class Word:
    text: str  # as Whisper wrote it, punctuation kept (sentences and lists need it), outer spaces stripped
    start: float  # seconds from the start of the audio
    end: float
    probability: float
    # Loudness of this word in dBFS, measured from the audio; None when unknown
    # (e.g. a transcript scored from text only). Used for "trailing off".
    rms_db: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Word:
        return cls(
            text=str(d["text"]),
            start=float(d["start"]),
            end=float(d["end"]),
            probability=float(d.get("probability", 1.0)),
            rms_db=None if d.get("rms_db") is None else float(d["rms_db"]),
        )


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
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())

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
