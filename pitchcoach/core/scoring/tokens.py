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

from pitchcoach.core.language import ENGLISH, LanguageProfile
from pitchcoach.core.transcript import (
    APOSTROPHES,
    FALLBACK_SENTENCE_GAP_S,
    SENTENCE_END,
    WORD_TRAIL_KEEP,
    Transcript,
    normalize_word,
)

# A pause mark: Whisper writes "..." for hesitations, which are not sentence ends. The full-width
# Chinese comma, enumeration comma, semicolon and colon are pause marks too.
_SOFT_BREAK = ",;:—–…，、；："


class SearchPattern(Protocol):
    """A compiled ``re`` pattern, or a user's pattern run with a time limit (lexicon.TimedPattern)."""

    def finditer(self, string: str, /) -> Iterator[Any]: ...

    def match(self, string: str, pos: int, /) -> Any: ...


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
    # The last Transcript.words index the token covers: a Chinese segmenter word can span several of
    # the recogniser's words. -1 means the same as index (every English token).
    last_index: int = -1

    @property
    def last_word(self) -> int:
        return self.index if self.last_index < 0 else self.last_index

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
    """Normalised words joined by spaces, with a map from character offsets back to tokens.

    In unspaced text (Chinese; ``joiner`` "") the words are joined with nothing, so a phrase matches
    across the segmenter's words as it is written, and a match counts only where it starts (and, for
    a word list, ends) on a word boundary: 最 must not fire inside 最近, nor 介绍 inside 自我介绍.
    """

    __slots__ = ("text", "_offsets", "_token_ids", "_ends", "joiner")

    def __init__(self, tokens: Sequence[Token], token_ids: Iterable[int], joiner: str = " ") -> None:
        parts: list[str] = []
        offsets: list[int] = []
        ids: list[int] = []
        pos = 0
        for i in token_ids:
            offsets.append(pos)
            ids.append(i)
            norm = tokens[i].norm
            parts.append(norm)
            pos += len(norm) + len(joiner)
        self.text = joiner.join(parts)
        self.joiner = joiner
        self._offsets = offsets
        self._token_ids = ids
        self._ends = frozenset(o + len(p) for o, p in zip(offsets, parts, strict=True)) if not joiner else frozenset()

    def token_at(self, char_pos: int) -> int:
        return self._token_ids[bisect_right(self._offsets, char_pos) - 1]

    def find(self, pattern: SearchPattern, whole_words: bool = True) -> list[tuple[int, int, str]]:
        """(first token, last token, matched text) for each non-overlapping match.

        ``whole_words``: in unspaced text, a match must also end on a word boundary (word lists);
        a pattern (``False``) need only start on one. Spaced text has its edges in the regex."""
        if not self._token_ids:
            return []
        out = []
        for m in self._matches(pattern, whole_words):
            out.append((self.token_at(m.start()), self.token_at(m.end() - 1), m.group(0)))
        return out

    def _matches(self, pattern: SearchPattern, whole_words: bool) -> Iterator[Any]:
        if self.joiner:
            for m in pattern.finditer(self.text):
                if m.end() > m.start():
                    yield m
            return
        # Unspaced: try the pattern at every word start (a match found inside a word would otherwise
        # hide the one at the next boundary: "最近最好" must still find 最好).
        pos = 0
        for start in self._offsets:
            if start < pos:
                continue
            m = pattern.match(self.text, start)
            if m is not None and m.end() > m.start() and (not whole_words or m.end() in self._ends):
                yield m
                pos = m.end()

    def search(self, pattern: SearchPattern, whole_words: bool = True) -> tuple[int, int, str] | None:
        hits = self.find(pattern, whole_words)
        return hits[0] if hits else None


@dataclass
class Doc:
    """The tokenised transcript every rule reads."""

    tokens: list[Token]
    sentences: list[Sentence]
    text: NormText
    joiner: str = " "  # "" in unspaced text (Chinese): what goes between words when they are written out

    def sentence_tokens(self, s: Sentence) -> list[Token]:
        return self.tokens[s.first : s.last + 1]

    def norm_text(self, token_ids: Iterable[int]) -> NormText:
        return NormText(self.tokens, token_ids, self.joiner)

    def sentence_text(self, s: Sentence, exclude: set[int] | frozenset[int] = frozenset()) -> NormText:
        return self.norm_text(i for i in range(s.first, s.last + 1) if i not in exclude)

    def span_text(self, first: int, last: int) -> str:
        """The words as spoken (raw, punctuation kept) from token first to last."""
        return self.joiner.join(t.raw for t in self.tokens[first : last + 1])


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
    if "?" in trail or "？" in trail:
        tok.question_mark = True


def tokenize(transcript: Transcript, profile: LanguageProfile = ENGLISH) -> Doc:
    if not profile.spaced:
        return _tokenize_unspaced(transcript)
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


def _char_times(transcript: Transcript) -> tuple[str, list[tuple[int, float, float]]]:
    """The words written out without spaces, and for each character (word index, start, end): a
    word's time shared evenly among its characters (Whisper times Chinese per token, about one
    character, so this only ever splits a short span)."""
    chars: list[str] = []
    info: list[tuple[int, float, float]] = []
    for wi, w in enumerate(transcript.words):
        text = "".join(w.text.split())
        if not text:
            continue
        step = (float(w.end) - float(w.start)) / len(text)
        for k, ch in enumerate(text):
            chars.append(ch)
            info.append((wi, float(w.start) + k * step, float(w.start) + (k + 1) * step))
    return "".join(chars), info


def _tokenize_unspaced(transcript: Transcript) -> Doc:
    """Tokens of a language written without spaces (Chinese): the segmenter's words (rjieba), timed
    from the recogniser's words they lie in. A token spanning several recogniser words takes its index
    from the first (highlights widen to the last: Token.last_index)."""
    from pitchcoach.core.language import segment_zh  # rjieba is loaded only for Mandarin takes

    text, info = _char_times(transcript)
    tokens: list[Token] = []
    pos = 0
    for piece in segment_zh(text):
        a, b = pos, pos + len(piece)
        pos = b
        norm = normalize_word(piece)
        if not norm:
            if tokens and piece.strip():
                _mark_trailing(tokens[-1], piece.strip())
            continue
        # Punctuation the segmenter left attached ("好，") is trimmed off the word and read as a mark.
        lead = len(piece) - len(piece.lstrip())
        _, trail = _split_punct(piece)
        first_c, last_c = a + lead, b - 1 - len(trail)
        last_c = max(first_c, last_c)
        w0, s0, _ = info[first_c]
        w1, _, e1 = info[last_c]
        # A segmenter word over several recogniser tokens is as sure as they are on average.
        span = range(w0, w1 + 1)
        prob = sum(float(transcript.words[w].probability) for w in span) / len(span)
        rms = transcript.words[w0].rms_db
        tok = Token(index=w0, raw=piece.strip(), norm=norm, start=s0, end=e1, probability=prob, rms_db=rms)
        tok.last_index = w1
        _mark_trailing(tok, trail)
        tokens.append(tok)
    sentences = _sentences(tokens)
    return Doc(tokens=tokens, sentences=sentences, text=NormText(tokens, range(len(tokens)), ""), joiner="")
