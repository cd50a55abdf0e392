"""Where a read-along take is in its script (issue 26): the teleprompter's current sentence.

Two ways, as the teleprompter has them: from what the live transcription has heard so far, or, with no
words heard yet (no model, or the first second of a take), from the time, as if the script were said
evenly over the scenario's target length.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pitchcoach.core.rehearsal import content, script_language, split_key_points, units

# A sentence counts as said once this share of its content words (characters for Chinese) was heard:
# the live decoder drops and mishears words, so all of them would leave the highlight behind.
SAID_SHARE = 0.6


@dataclass(frozen=True)
class Prompt:
    """The script as the teleprompter shows it: every sentence (a marked phrase's brackets removed)."""

    lines: tuple[str, ...]
    language: str
    _content: tuple[tuple[str, ...], ...]
    _sizes: tuple[int, ...]

    @classmethod
    def of(cls, text: str, language: str | None = None) -> Prompt:
        plain = text.replace("[", "").replace("]", "")
        lang = language if language in ("en", "zh") else script_language(plain)
        lines = tuple(split_key_points(plain))
        said = [units(line, lang) for line in lines]
        return cls(
            lines=lines,
            language=lang,
            _content=tuple(tuple(content(u, lang) or u) for u in said),
            _sizes=tuple(max(1, len(u)) for u in said),
        )

    def heard_at(self, heard: str) -> int:
        """The sentence after the last one the speaker has said (the last sentence once all are said).
        A skipped sentence is passed over: the speaker is where their words are."""
        if not self.lines:
            return 0
        bag = Counter(content(units(heard, self.language), self.language))
        last = -1
        for i, words in enumerate(self._content):
            need = Counter(words)
            found = sum(min(n, bag[w]) for w, n in need.items())
            if words and found >= SAID_SHARE * len(words):
                last = i
        return min(last + 1, len(self.lines) - 1)

    def paced_at(self, elapsed: float, target_seconds: float) -> int:
        """The sentence being said at ``elapsed`` seconds if the script filled the target evenly."""
        if not self.lines:
            return 0
        share = max(0.0, elapsed) / max(1.0, target_seconds)
        total = sum(self._sizes)
        done = 0
        for i, size in enumerate(self._sizes):
            done += size
            if share * total < done:
                return i
        return len(self.lines) - 1

    def at(self, heard: str, elapsed: float, target_seconds: float) -> int:
        """From the live transcript when it has words, else from the pace."""
        if heard.strip():
            return self.heard_at(heard)
        return self.paced_at(elapsed, target_seconds)
