"""When the live worker commits audio for good, and when it refreshes its live guess.

Every ``step`` of new audio the worker asks :class:`CommitPolicy`:

1. where to cut the uncommitted tail (:meth:`CommitPolicy.cut`): at the middle of the last pause of
   ``min_silence_ms`` that closes at least ``min_commit`` of audio; a tail longer than ``max_tail``
   without such a pause is cut at its longest shorter pause (a fast talker must not leave it all
   for Stop);
2. whether the tail is due a new live guess (:meth:`CommitPolicy.live_due`): at once when a
   sentence has just ended, at most every ``live_interval`` while it goes on.

When decodes fall behind real time (audio piles up while the worker is busy) the policy steps
down through :class:`pitchcoach.core.live_guard.Pacer`: longer intervals between live guesses and
longer commits. The tail is never allowed past ``MAX_TAIL_CAP_SECONDS``, so what Stop has to decode
itself stays bounded however far the worker has stepped down.
"""

from __future__ import annotations

import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE
from pitchcoach.core.live.decoding import Decoded
from pitchcoach.core.live_guard import Pacer

# A tentative decode is reused only if it heard this much audio after the (padded) end of speech.
REUSE_MARGIN = int(0.1 * SAMPLE_RATE)
# However far the worker steps down, a tail is cut by this length: the instant result at Stop
# decodes at most about this much audio itself (one short-window decode).
MAX_TAIL_CAP_SECONDS = 10.0


def covering(d: Decoded | None, start: int, speech_end: int) -> Decoded | None:
    """``d`` if it began at ``start`` and heard all speech up to ``speech_end`` (plus a margin).

    Decoding the same speech again with only more silence after it gives the same words, so such a
    decode is reused instead of repeated.
    """
    if d is None or d.start != start:
        return None
    return d if d.end >= speech_end + REUSE_MARGIN else None


class CommitPolicy:
    def __init__(self, *, live_interval_s: float, min_commit_s: float, max_tail_s: float, min_silence_ms: int) -> None:
        self.pacer = Pacer(live_interval_s, min_commit_s, max_tail_s)
        self.min_silence_ms = int(min_silence_ms)
        self._apply()

    def _apply(self) -> None:
        self.live_interval = int(self.pacer.live_interval_s * SAMPLE_RATE)
        self.min_commit = int(self.pacer.min_commit_s * SAMPLE_RATE)
        self.max_tail = int(min(self.pacer.max_tail_s, MAX_TAIL_CAP_SECONDS) * SAMPLE_RATE)

    def observe(self, new_samples: int, step: int) -> None:
        """One worker step saw ``new_samples``; more than ``step`` of them piled up while it was busy."""
        self.pacer.observe(max(0, new_samples - step) / SAMPLE_RATE, new_samples / SAMPLE_RATE)
        self._apply()

    def cut(self, tail: np.ndarray, regions: list[tuple[int, int]]) -> tuple[int | None, bool]:
        """Where to commit the tail (samples into it), or None; and whether the cut was forced
        (inside a stretch of speech the 300 ms VAD calls one region)."""
        cut = self._pause_cut(regions, len(tail))
        if cut is None and len(tail) > self.max_tail:
            forced = self._short_pause_cut(tail)
            return forced, forced is not None
        return cut, False

    def _pause_cut(self, regions: list[tuple[int, int]], n: int) -> int | None:
        """The middle of the last pause that closes enough speech."""
        best = None
        for i, (_, end) in enumerate(regions):
            gap_end = regions[i + 1][0] if i + 1 < len(regions) else n
            # The last region is only closed if VAD saw real silence after it (its end is padded
            # by 100 ms, and an unfinished region simply runs to the end of the audio).
            if i + 1 == len(regions) and gap_end - end < int(0.15 * SAMPLE_RATE):
                break
            cut = (end + gap_end) // 2
            if cut >= self.min_commit:
                best = cut
        return best

    def _short_pause_cut(self, tail: np.ndarray) -> int | None:
        """For a long tail with no 300 ms pause: the middle of its longest shorter pause."""
        from pitchcoach.core.transcribe import speech_regions

        fine = speech_regions(tail, 100)
        best, best_gap = None, 0
        for (_, end), (nxt, _) in zip(fine, fine[1:], strict=False):
            cut = (end + nxt) // 2
            # Not too close to "now": the words there may still be changing.
            if self.min_commit <= cut <= len(tail) - SAMPLE_RATE and nxt - end >= best_gap:
                best, best_gap = cut, nxt - end
        if best is None and len(tail) > int(MAX_TAIL_CAP_SECONDS * SAMPLE_RATE):
            # Not even a 100 ms pause in 10 s (music, noise, a run-on reading): cut a second before
            # "now" rather than let Stop inherit an ever longer tail.
            best = len(tail) - SAMPLE_RATE
        return best

    def live_due(self, regions: list[tuple[int, int]], tail_len: int, now: int, last_live_at: int) -> bool:
        """Whether to refresh the live guess now: the sentence has just ended, or the interval passed."""
        if not regions:
            return False
        still_speaking = tail_len - regions[-1][1] < int(0.15 * SAMPLE_RATE)
        return not still_speaking or now - last_live_at >= self.live_interval
