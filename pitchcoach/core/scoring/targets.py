"""The target length a take is timed and scored against, and the word budget that follows from it.

The GUI's spin box, the settings file and the CLI's ``--target`` all use the same range.
"""

from __future__ import annotations

import math

from pitchcoach.core.language import ENGLISH, LanguageProfile

# The product is a 20-second networking introduction (rubric: "about 20 seconds").
DEFAULT_TARGET_SECONDS = 20.0

# One range for every way a user sets the target. 10 s is the shortest pitch that can still say
# who you are, who you help and ask a question (under ~8 words a take is gated as too short to
# judge). 60 s covers the longest introductions the rubric's sources describe (the "60-second
# pitch"); past that it is a presentation, and the length rule's per-second deductions (scaled by
# 20/target) become too small to mean anything. Settings files already stored within 10-60 s.
TARGET_MIN_SECONDS = 10.0
TARGET_MAX_SECONDS = 60.0

# score() itself accepts a wider range so that a take saved or typed with any target can still be
# scored; this only keeps the scaling arithmetic sane (no zero or absurd targets).
SCORABLE_MIN_SECONDS = 5.0
SCORABLE_MAX_SECONDS = 600.0

# The comfortable pace, used by the pace rule and for the word budget shown against the target: a take
# on budget is also at a pace that loses no points. Each language's band is in its profile
# (core/language.py): English 120-170 wpm is the rubric's chosen band (§2.1: conversational 120-150,
# brisk public speech 140-170). 100-165, the figure often quoted for Microsoft's Speaker Coach, could
# not be verified, and the rubric says not to cite it. Mandarin counts characters (字/分钟).
PACE_MIN_WPM, PACE_MAX_WPM = ENGLISH.pace_band


def clamp_target(seconds: object) -> float:
    """A target within TARGET_MIN..MAX_SECONDS; anything unreadable (None, text, NaN) gives the default."""
    if not isinstance(seconds, int | float | str):  # a settings file can hold null, a list...
        return DEFAULT_TARGET_SECONDS
    try:
        t = float(seconds)
    except ValueError:
        return DEFAULT_TARGET_SECONDS
    if math.isnan(t):
        return DEFAULT_TARGET_SECONDS
    return min(TARGET_MAX_SECONDS, max(TARGET_MIN_SECONDS, t))


def scorable_target(seconds: float) -> float:
    """The target score() uses: NaN gives the default, the rest is held within the scorable range."""
    t = float(seconds)
    if math.isnan(t):
        return DEFAULT_TARGET_SECONDS
    return min(SCORABLE_MAX_SECONDS, max(SCORABLE_MIN_SECONDS, t))


def word_budget(target_seconds: float, profile: LanguageProfile = ENGLISH) -> tuple[int, int]:
    """How many words (characters, for Mandarin) fit in the target at a comfortable pace: (fewest, most)."""
    return profile.budget(target_seconds)
