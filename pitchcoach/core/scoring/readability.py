"""Syllables and Flesch Reading Ease, small enough not to need a dependency.

The syllable count is a vowel-group heuristic. It is wrong on some words, but FRE only deducts
at extremes (rubric §4) and on 40+ words, where single-word errors average out. English only: the
endings whose e / es / ed keeps its beat are data (lexicons/en/grammar.toml, [readability]), and a
language without Flesch's formula says why in its profile (core/language.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_NON_LETTERS = re.compile(r"[^a-z]")
_TWO_BEAT_PAIRS = re.compile(r"(?:(?<![ct])ia|io(?!n)|uo|ie(?=n)|ua(?!l|r))")


@dataclass(frozen=True)
class SyllableRules:
    """Endings after which a final e / es / ed is sounded ("little", "houses", "needed")."""

    e_sounded_after: tuple[str, ...] = ()
    es_sounded_after: tuple[str, ...] = ()
    ed_sounded_after: tuple[str, ...] = ()


def syllables(word: str, rules: SyllableRules) -> int:
    w = _NON_LETTERS.sub("", word.lower())
    if not w:
        return 1  # numbers and symbols: "20" is spoken, count it as one beat
    if len(w) <= 3:
        return 1
    n = len(_VOWEL_GROUPS.findall(w))
    # Silent endings: "make", "names", "helped" (but "little", "needed", "houses" keep theirs).
    silent_e = w.endswith("e") and not w.endswith(rules.e_sounded_after)
    silent_es = w.endswith("es") and not w.endswith(rules.es_sounded_after)
    silent_ed = w.endswith("ed") and not w.endswith(rules.ed_sounded_after)
    if silent_e or silent_es or silent_ed:
        n -= 1
    # A leading y is a consonant ("you", "year").
    if w.startswith("y") and len(w) > 1 and w[1] in "aeiou":
        n -= 1
    # Vowel pairs that are two beats: "idea", "science", "radio", "video" (not "special", "nation").
    n += len(_TWO_BEAT_PAIRS.findall(w))
    return max(1, n)


def flesch_reading_ease(words: int, sentences: int, syllable_count: int) -> float | None:
    if words == 0 or sentences == 0:
        return None
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllable_count / words)
