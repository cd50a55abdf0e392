"""Guards for the live path: no invented or repeated words, and no decode queue under load.

Two small, pure pieces used by :mod:`pitchcoach.core.live` (the numbers are in docs/calibration.md,
"Two passes"):

* :func:`screen_words` drops what a short live decode made up: words timed before or past the
  audio it was given, words whose timestamps run backwards, and repeated spans (the same
  n-gram again over times that overlap the first copy, or a long n-gram said twice in one take).
  It says whether it found a loop, so the instant result can be marked provisional.
* :class:`Pacer` decides how often the live worker decodes. When decodes fall behind real time
  (audio piles up while the worker is busy), it decodes less often (a longer commit interval and
  fewer live guesses) instead of queuing work that Stop would then have to wait for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pitchcoach.core.transcript import Segment, Word, normalize_word

# A word may start this far outside the audio it was decoded from (timestamp rounding).
EDGE_TOLERANCE_S = 0.05
# ... and end this far past it (Whisper stretches the last word into the padding).
END_TOLERANCE_S = 0.3
# Two copies of the same 3 words whose times overlap by more than this are one copy too many.
OVERLAP_NGRAM = 3
OVERLAP_S = 0.05
# Five or more identical words in a row, said twice in one take, are a decoder loop, not speech.
REPEAT_NGRAM = 5
# How far back (committed words) a new decode is compared for repeats.
HISTORY_WORDS = 60


@dataclass
class Screened:
    words: list[Word]
    dropped: int = 0
    loop: bool = False  # a repeated span, or a restart (times running backwards): not just a stray word


def _key(words: Sequence[Word], i: int, n: int) -> tuple[str, ...]:
    return tuple(normalize_word(w.text) for w in words[i : i + n])


def screen_words(words: Sequence[Word], lo: float, hi: float, before: Sequence[Word] = ()) -> Screened:
    """The words of one live decode (in take time, not yet clamped) that can be trusted.

    ``lo``/``hi`` are the take-time bounds of the audio that was decoded; ``before`` are the
    words already committed (the end of them is enough).
    """
    dropped = 0
    backwards = False
    reached = lo
    timed: list[Word] = []
    for w in words:
        if w.start < lo - EDGE_TOLERANCE_S or w.start > hi + EDGE_TOLERANCE_S or w.end > hi + END_TOLERANCE_S:
            dropped += 1  # timed outside the audio this decode heard: invented
            continue
        # Timestamps running backwards: the decoder restarted over audio it had already written
        # out. Everything up to where it had got to is a second copy.
        if timed and (w.start < timed[-1].start - EDGE_TOLERANCE_S or (backwards and w.start <= reached)):
            dropped += 1
            backwards = True
            continue
        timed.append(w)
        reached = w.start + EDGE_TOLERANCE_S

    history = list(before)[-HISTORY_WORDS:]
    kept: list[Word] = []
    loop = backwards
    i = 0
    while i < len(timed):
        span = _repeat_at(timed, i, history + kept, len(history))
        if span:
            loop = True
            dropped += span
            i += span
            continue
        kept.append(timed[i])
        i += 1
    return Screened(words=kept, dropped=dropped, loop=loop)


def _repeat_at(new: list[Word], i: int, seen: list[Word], n_history: int) -> int:
    """How many words starting at new[i] repeat a span already seen (0 if none)."""
    for n, need_overlap in ((REPEAT_NGRAM, False), (OVERLAP_NGRAM, True)):
        if i + n > len(new):
            continue
        key = _key(new, i, n)
        if not all(key):
            continue
        for j in range(len(seen) - n + 1):
            if _key(seen, j, n) != key:
                continue
            if need_overlap and not new[i].start < seen[j + n - 1].end - OVERLAP_S:
                continue
            # Extend over the whole repeated run, so a looped sentence goes as one piece.
            m = n
            while i + m < len(new) and j + m < len(seen) and _key(new, i + m, 1) == _key(seen, j + m, 1):
                m += 1
            return m
    return 0


def segments_following(words: Sequence[Word], segments: Sequence[Segment]) -> list[Segment]:
    """The decode's segments with their text rebuilt from ``words`` (the ones kept).

    A segment's text is what the transcript shows and reports quote, so a word dropped by the
    screen, or cut off at Stop, must leave it too. Each word goes to the segment holding its
    midpoint (the nearest one if none does); a segment left with no words is dropped.
    """
    if not segments:
        return []
    texts: list[list[str]] = [[] for _ in segments]
    for w in words:
        mid = (w.start + w.end) / 2
        i = min(range(len(segments)), key=lambda k: max(segments[k].start - mid, mid - segments[k].end, 0.0))
        texts[i].append(w.text)
    return [replace(seg, text=" ".join(t)) for seg, t in zip(segments, texts, strict=True) if t]


def clamp_words(words: Sequence[Word], lo: float, hi: float) -> list[Word]:
    """Screened words held inside the decoded audio's span (rounding can put an end slightly past it)."""

    def c(x: float) -> float:
        return round(min(max(x, lo), hi), 3)

    return [replace(w, start=c(w.start), end=max(c(w.start), c(w.end))) for w in words]


class Pacer:
    """How often the live worker decodes, backing off when it falls behind real time.

    ``behind`` is how much audio arrived while the worker was busy (seconds not yet looked at
    when a step starts). Above ``behind_s`` the level goes up: each level doubles the interval
    between live guesses and the minimum commit length (up to ``max_level``). After
    ``recover_s`` of audio with the worker keeping up, it steps back down one level.
    """

    def __init__(
        self,
        live_interval_s: float,
        min_commit_s: float,
        max_tail_s: float,
        *,
        behind_s: float = 1.0,
        recover_s: float = 8.0,
        max_level: int = 3,
    ) -> None:
        self.base = (live_interval_s, min_commit_s, max_tail_s)
        self.behind_s = behind_s
        self.recover_s = recover_s
        self.max_level = max_level
        self.level = 0
        self.max_seen = 0
        self._calm_s = 0.0
        self._since_up_s = recover_s  # audio since the last step up (the first one may come at once)
        self.backoffs = 0

    def observe(self, behind_s: float, advanced_s: float) -> None:
        """One worker step: ``advanced_s`` seconds of new audio, ``behind_s`` of it waited for the worker."""
        self._since_up_s += advanced_s
        if behind_s > self.behind_s:
            self._calm_s = 0.0
            # One step up per 2 s of audio: the step right after a slow decode is still catching up.
            if self.level < self.max_level and self._since_up_s >= 2.0:
                self._since_up_s = 0.0
                self.level += 1
                self.backoffs += 1
                self.max_seen = max(self.max_seen, self.level)
            return
        self._calm_s += advanced_s
        if self.level and self._calm_s >= self.recover_s:
            self.level -= 1
            self._calm_s = 0.0

    @property
    def live_interval_s(self) -> float:
        return self.base[0] * 2**self.level

    @property
    def min_commit_s(self) -> float:
        # Longer commits cost little more each: every live decode encodes at least a 10 s window.
        return min(self.base[1] * 2**self.level, 8.0)

    @property
    def max_tail_s(self) -> float:
        return max(self.base[2], self.min_commit_s + 3.0)
