"""Take-to-take comparison: what changed in the scores and in the words.

Works on anything with a transcript and a ScoreResult (a stored Take or a fresh
Analysis), so the practice page can compare the current take with the last one
before it is even saved.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Literal, Protocol

from pitchcoach.core.scoring.result import ScoreResult
from pitchcoach.core.transcript import Transcript, normalize_word

Op = Literal["equal", "replace", "delete", "insert"]

HEADLINE = (("overall", "Overall"), ("clarity", "Clarity"), ("listener_focus", "Listener focus"))


class Comparable(Protocol):
    transcript: Transcript
    result: ScoreResult


@dataclass
class ScoreDiff:
    key: str
    label: str
    a: float | None
    b: float | None
    weight: float | None = None  # the most points possible, for per-rule rows

    @property
    def delta(self) -> float | None:
        """b - a: positive means the second take did better (for scores) or ran longer (for seconds)."""
        if self.a is None or self.b is None:
            return None
        return self.b - self.a


@dataclass
class WordOp:
    op: Op
    words_a: list[str]
    words_b: list[str]

    def as_tuple(self) -> tuple[str, list[str], list[str]]:
        return (self.op, self.words_a, self.words_b)


@dataclass
class Comparison:
    scores: list[ScoreDiff]  # overall, clarity, listener focus
    timing: list[ScoreDiff]  # speech and audio seconds
    subscores: list[ScoreDiff]  # points kept per rule, by rule id
    words: list[WordOp]
    similarity: float  # 0..1, share of words the two transcripts have in common
    fixed: list[str] = field(default_factory=list)  # rules that cost points in A but not in B
    new_issues: list[str] = field(default_factory=list)  # rules that cost points in B but not in A


def word_diff(words_a: list[str], words_b: list[str]) -> list[WordOp]:
    """Word-level diff on normalised words; the ops carry the words as spoken (original spelling).

    Words that normalise to nothing (a lone dash) are dropped so they cannot split a match.
    """
    # Case and punctuation are Whisper's guesses, not the speaker's choice, so they must not
    # show up as differences.
    a = [w for w in words_a if normalize_word(w)]
    b = [w for w in words_b if normalize_word(w)]
    # autojunk off: in a 50-word pitch, common words like "I" would otherwise be ignored.
    sm = difflib.SequenceMatcher(None, [normalize_word(w) for w in a], [normalize_word(w) for w in b], autojunk=False)
    return [WordOp(op, a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in sm.get_opcodes()]


def _similarity(ops: list[WordOp]) -> float:
    same = sum(len(o.words_a) for o in ops if o.op == "equal")
    total = sum(len(o.words_a) + len(o.words_b) for o in ops)
    return 2.0 * same / total if total else 1.0


def _words(t: Transcript) -> list[str]:
    if t.words:
        return [w.text for w in t.words]
    return t.text.split()


def compare(a: Comparable, b: Comparable) -> Comparison:
    ra, rb = a.result, b.result
    scores = [ScoreDiff(k, label, getattr(ra, k), getattr(rb, k)) for k, label in HEADLINE]
    timing = [
        ScoreDiff("speech_seconds", "Speech seconds", a.transcript.speech_seconds, b.transcript.speech_seconds),
        ScoreDiff("audio_seconds", "Audio seconds", a.transcript.audio_seconds, b.transcript.audio_seconds),
    ]
    sub_a = {s.rule: s for s in ra.subscores}
    sub_b = {s.rule: s for s in rb.subscores}
    rules = list(sub_a) + [r for r in sub_b if r not in sub_a]
    subscores = []
    for rule in rules:
        sa, sb = sub_a.get(rule), sub_b.get(rule)
        subscores.append(
            ScoreDiff(
                rule,
                rule,
                None if sa is None or sa.skipped else sa.score,
                None if sb is None or sb.skipped else sb.score,
                (sa or sb).weight,  # type: ignore[union-attr]
            )
        )
    ops = word_diff(_words(a.transcript), _words(b.transcript))
    rules_a = [d.rule for d in ra.deductions]
    rules_b = [d.rule for d in rb.deductions]
    return Comparison(
        scores=scores,
        timing=timing,
        subscores=subscores,
        words=ops,
        similarity=_similarity(ops),
        fixed=[r for r in dict.fromkeys(rules_a) if r not in rules_b],
        new_issues=[r for r in dict.fromkeys(rules_b) if r not in rules_a],
    )
