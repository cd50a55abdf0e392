"""Tokens and sentences from Whisper words, plus whole-word matching over them.

Every rule works on the same normalised view of the transcript: lower-cased words with the
outer punctuation stripped, joined by single spaces. Regexes run on that string and their
matches are mapped back to token (and so word) indices, which gives evidence timings and
highlight spans for free. Punctuation is kept on the side as flags, because fillers
("I, like, work"), sentences and lists depend on it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pitchcoach.core.transcript import (
    APOSTROPHES,
    FALLBACK_SENTENCE_GAP_S,
    SENTENCE_END,
    WORD_TRAIL_KEEP,
    Transcript,
    normalize_word,
)

# A pause mark: Whisper writes "..." for hesitations, which are not sentence ends.
_SOFT_BREAK = ",;:—–…"


class SearchPattern(Protocol):
    """A compiled ``re`` pattern, or a user's pattern run with a time limit (lexicon.TimedPattern)."""

    def finditer(self, string: str, /) -> Iterator[Any]: ...


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read and edit)."""
    return frozenset(words.split())


@dataclass(slots=True)
class Token:
    index: int  # index into Transcript.words (several tokens may share one word)
    raw: str
    norm: str
    start: float
    end: float
    probability: float
    rms_db: float | None
    pause_after: bool = False  # comma, semicolon, dash or "..." right after the word
    ends_sentence: bool = False  # . ? ! right after the word
    question_mark: bool = False
    # Whisper writes "..." or a dash where it hears a hesitation; a word cut off mid-way ("bak-")
    # is a false start. Both are evidence for the hesitation rules.
    hesitation_mark: bool = False
    cut_off: bool = False
    sentence: int = 0
    sentence_start: bool = False

    @property
    def capitalised(self) -> bool:
        for ch in self.raw:
            if ch.isalpha():
                return ch.isupper()
        return False

    @property
    def punctuated(self) -> bool:
        return self.pause_after or self.ends_sentence


@dataclass(slots=True)
class Sentence:
    first: int  # token index, inclusive
    last: int  # token index, inclusive
    question_mark: bool


class NormText:
    """Normalised words joined by spaces, with a map from character offsets back to tokens."""

    __slots__ = ("text", "_offsets", "_token_ids")

    def __init__(self, tokens: Sequence[Token], token_ids: Iterable[int]) -> None:
        parts: list[str] = []
        offsets: list[int] = []
        ids: list[int] = []
        pos = 0
        for i in token_ids:
            offsets.append(pos)
            ids.append(i)
            norm = tokens[i].norm
            parts.append(norm)
            pos += len(norm) + 1
        self.text = " ".join(parts)
        self._offsets = offsets
        self._token_ids = ids

    def token_at(self, char_pos: int) -> int:
        return self._token_ids[bisect_right(self._offsets, char_pos) - 1]

    def find(self, pattern: SearchPattern) -> list[tuple[int, int, str]]:
        """(first token, last token, matched text) for each non-overlapping match."""
        if not self._token_ids:
            return []
        out = []
        for m in pattern.finditer(self.text):
            if m.end() <= m.start():
                continue
            out.append((self.token_at(m.start()), self.token_at(m.end() - 1), m.group(0)))
        return out

    def search(self, pattern: SearchPattern) -> tuple[int, int, str] | None:
        hits = self.find(pattern)
        return hits[0] if hits else None


@dataclass
class Doc:
    """The tokenised transcript every rule reads."""

    tokens: list[Token]
    sentences: list[Sentence]
    text: NormText

    def sentence_tokens(self, s: Sentence) -> list[Token]:
        return self.tokens[s.first : s.last + 1]

    def sentence_text(self, s: Sentence, exclude: set[int] | frozenset[int] = frozenset()) -> NormText:
        return NormText(self.tokens, (i for i in range(s.first, s.last + 1) if i not in exclude))

    def span_text(self, first: int, last: int) -> str:
        """The words as spoken (raw, punctuation kept) from token first to last."""
        return " ".join(t.raw for t in self.tokens[first : last + 1])


def _split_punct(raw: str) -> tuple[str, str]:
    """(the word with outer punctuation stripped, the trailing punctuation)."""
    s = raw.translate(APOSTROPHES).strip()
    end = len(s)
    while end > 0 and not (s[end - 1].isalnum() or s[end - 1] in WORD_TRAIL_KEEP):
        end -= 1
    return s[:end], s[end:]


def _mark_trailing(tok: Token, trail: str) -> None:
    if not trail:
        return
    if "..." in trail or "…" in trail:
        # Whisper's "..." marks a hesitation, not the end of a sentence, unless ? or ! is there too.
        tok.pause_after = True
        tok.hesitation_mark = True
        if "?" in trail or "!" in trail:
            tok.ends_sentence = True
    elif any(c in SENTENCE_END for c in trail):
        tok.ends_sentence = True
    elif any(c in _SOFT_BREAK for c in trail) or "-" in trail:
        tok.pause_after = True
        if trail.strip() in ("-", "--", "—", "–"):
            tok.hesitation_mark = True
    if "?" in trail:
        tok.question_mark = True


def tokenize(transcript: Transcript) -> Doc:
    tokens: list[Token] = []
    for wi, w in enumerate(transcript.words):
        parts = w.text.split()
        if not parts:
            continue
        for part in parts:
            norm = normalize_word(part)
            _, trail = _split_punct(part)
            if not norm:
                # A bare punctuation "word" (Whisper sometimes emits "-" or "..."): it only
                # tells us about the word before it.
                if tokens:
                    _mark_trailing(tokens[-1], part.strip())
                continue
            tok = Token(
                index=wi,
                raw=part,
                norm=norm,
                start=float(w.start),
                end=float(w.end),
                probability=float(w.probability),
                rms_db=w.rms_db,
            )
            _mark_trailing(tok, trail)
            # "bak-" glued to the word (not "well-" before a space in "well- known"): cut off.
            tok.cut_off = trail in ("-", "—", "–") and len(parts) == 1
            tokens.append(tok)

    sentences = _sentences(tokens)
    return Doc(tokens=tokens, sentences=sentences, text=NormText(tokens, range(len(tokens))))


def _sentences(tokens: list[Token]) -> list[Sentence]:
    if not tokens:
        return []
    use_gaps = not any(t.ends_sentence for t in tokens)
    sentences: list[Sentence] = []
    first = 0
    for i, tok in enumerate(tokens):
        last_token = i == len(tokens) - 1
        boundary = tok.ends_sentence
        if use_gaps and not last_token and tokens[i + 1].start - tok.end >= FALLBACK_SENTENCE_GAP_S:
            boundary = True
        if boundary or last_token:
            sentences.append(Sentence(first=first, last=i, question_mark=tok.question_mark))
            first = i + 1
    for si, s in enumerate(sentences):
        tokens[s.first].sentence_start = True
        for t in tokens[s.first : s.last + 1]:
            t.sentence = si
    return sentences


def clock(t: float) -> str:
    """Seconds as the m:ss the transcript view shows."""
    t = max(0.0, t)
    m, s = divmod(int(t), 60)
    return f"{m}:{s:02d}"


def quote_list(items: Sequence[str], limit: int = 3) -> str:
    shown = [f"'{x}'" for x in items[:limit]]
    more = len(items) - limit
    text = ", ".join(shown)
    return f"{text} and {more} more" if more > 0 else text
