"""Words as the recogniser wrote them, and the one way of normalising and splitting them.

The bottom of the core: the transcript, the scoring tokenizer and the voice analysis all read words
and sentence ends from here (core.transcript re-exports them), so none of them imports another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

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


# Scripts written without spaces between words: Han (with extension A and the compatibility block),
# kana, and the CJK and full-width punctuation that goes with them ("，", "。", "？", "、", "（").
_UNSPACED = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def space_between(before: str, after: str) -> bool:
    """Whether a space goes between two words: yes between English words, no where either side is
    Chinese ("我是李娜，做CRM的" stays unspaced, "CRM system" keeps its space)."""
    before, after = before.rstrip(), after.lstrip()
    return bool(before and after) and not (_UNSPACED.match(before[-1]) or _UNSPACED.match(after[0]))


def join_words(texts: Iterable[str]) -> str:
    """Words (or segments) joined as their language writes them (see space_between)."""
    out: list[str] = []
    for raw in texts:
        t = raw.strip()
        if not t:
            continue
        if out and space_between(out[-1], t):
            out.append(" ")
        out.append(t)
    return "".join(out)
