"""The language seam (issue 24): what the scoring rules need to know about the language of a take.

The rules themselves are language-neutral (the same rule ids, weights and messages' meaning in every
language); a ``LanguageProfile`` holds what is not: how text splits into words, what a pace is counted
in (words per minute in English, characters per minute in Mandarin, 字/分钟), the comfortable pace band,
whether phrases are matched on spaces or on segmenter boundaries, and which folder of word lists
(``pitchcoach/core/lexicons/<code>/``) the rules read.

Scoring picks the profile from ``Transcript.language``. Pure Python, no Qt.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from pitchcoach.core.errors import UserFacingError
from pitchcoach.core.messages import msg
from pitchcoach.core.words import normalize_word

# Han ideographs (CJK Unified Ideographs, extension A and the compatibility block). Punctuation,
# Latin letters and digits are not Han characters, and are counted apart (rubric-zh §2).
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A run of Latin letters or digits inside Chinese text ("App", "CRM", "20"): one word each.
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'%.]*")


class LanguageError(UserFacingError, ValueError):
    """A language code PitchCoach cannot score; the message names the supported ones.

    A ValueError as well, for the callers that validate options with it.
    """


def is_han(ch: str) -> bool:
    return _HAN.fullmatch(ch) is not None


def han_count(text: str) -> int:
    return len(_HAN.findall(text))


def _tokenize_en(text: str) -> list[str]:
    return [n for n in (normalize_word(p) for p in text.split()) if n]


def _count_en(text: str) -> int:
    return len(_tokenize_en(text))


_jieba_lock = threading.Lock()
_jieba_cut: Callable[[str], list[str]] | None = None


def _segmenter() -> Callable[[str], list[str]]:
    """rjieba's cut, imported on first use: English takes never load the Mandarin dictionary."""
    global _jieba_cut
    with _jieba_lock:
        if _jieba_cut is None:
            import rjieba  # type: ignore[import-not-found,unused-ignore]

            def cut(text: str) -> list[str]:
                return list(rjieba.cut(text, True))

            _jieba_cut = cut
        return _jieba_cut


def segmenter_loaded() -> bool:
    """Whether the Mandarin segmenter's dictionary is loaded (warm_segmenter has run, or a take was scored)."""
    return _jieba_cut is not None


def warm_segmenter() -> None:
    """Load the Mandarin segmenter's dictionary now rather than while a take waits for its result.

    rjieba reads its dictionary on the first cut: ~400 ms of CPU, holding Python's lock, measured on the
    first Mandarin take's instant result (the score went from ~5 ms to 356 ms). Call it on a worker thread
    when Mandarin is being prepared (Analyzer: right after the multilingual model has loaded).
    """
    _segmenter()("你好")


def segment_zh(text: str) -> list[str]:
    """Chinese text in words (rjieba, HMM on for unseen names), spaces and punctuation kept as pieces,
    so that the pieces joined give the text back and their offsets are character offsets."""
    if not text:
        return []
    return _segmenter()(text)


def _tokenize_zh(text: str) -> list[str]:
    out = []
    for piece in segment_zh(text):
        n = normalize_word(piece)
        if n:
            out.append(n)
    return out


def _count_zh(text: str) -> int:
    """Han characters, plus each run of Latin letters or digits as one word (rubric-zh §2)."""
    return han_count(text) + len(_LATIN_RUN.findall(text))


@dataclass(frozen=True)
class LanguageProfile:
    code: str  # "en" | "zh": Whisper's code, stored with every take
    display_name: str  # as the language calls itself, for the language picker
    english_name: str
    tokenize: Callable[[str], list[str]]  # text -> normalised words (zh: segmenter words)
    count_units: Callable[[str], int]  # text -> words (en) or characters (zh): what pace counts
    pace_unit: str  # metrics key and short unit: "wpm" | "cpm"
    pace_label: str  # "words per minute" | "字/分钟"
    unit_name: str  # what count_units counts, plural: "words" | "characters"
    pace_band: tuple[float, float]  # comfortable pace, in pace units; no pace points lost inside it
    # Points lost per pace unit outside the band (capped at the pace rule's weight).
    pace_points_per_unit: float
    # Whether the written language puts spaces between words. Phrases are matched on spaces (and the
    # \w edges) when it does; on segmenter boundaries in unspaced text, where \b never fires.
    spaced: bool
    # Filler allowance: one free hesitation per this many units (rubric C3: words // 50).
    units_per_filler_allowance: int
    # Flesch reading ease applies (English only); otherwise the reason it does not, for the notes.
    readability_not_applicable: str | None
    # Longest stretch between pauses, in units, before plain language deducts (rubric C5; zh §5).
    long_stretch_units: int
    # Voice (F0 spread in semitones around the speaker's median, core/voice): under monotone_st the take
    # is monotone, with the full points at monotone_full_st; a sentence under flat_sentence_st is flat.
    # A tonal language's lexical tones widen the spread, so its lines sit higher (rubric-zh §6).
    monotone_st: float = 1.5
    monotone_full_st: float = 0.75
    flat_sentence_st: float = 1.0
    lively_range: tuple[float, float] = (2.0, 4.0)  # what lively speakers measure; praised from its low end
    # Share of content words the recogniser may be unsure of (probability < 0.5) before intelligibility
    # deducts (rubric C7a: 5 %). The model this language is decoded with sets how unsure clear speech reads.
    low_confidence_free_share: float = 0.05

    @property
    def lexicon_dir(self) -> Traversable:
        """The packaged word lists of this language: ``pitchcoach/core/lexicons/<code>/``."""
        return resources.files("pitchcoach.core.lexicons").joinpath(self.code)

    def pace(self, units: int, seconds: float) -> float:
        return 60.0 * units / seconds if seconds > 0 else 0.0

    def budget(self, target_seconds: float) -> tuple[int, int]:
        """How many units fit in the target at a comfortable pace: (fewest, most)."""
        lo, hi = self.pace_band
        return round(lo * target_seconds / 60), round(hi * target_seconds / 60)


ENGLISH = LanguageProfile(
    code="en",
    display_name="English",
    english_name="English",
    tokenize=_tokenize_en,
    count_units=_count_en,
    pace_unit="wpm",
    pace_label="words per minute",
    unit_name="words",
    # Rubric §2.1: conversational 120-150, brisk public speech 140-170.
    pace_band=(120.0, 170.0),
    pace_points_per_unit=0.5,
    spaced=True,
    units_per_filler_allowance=50,
    readability_not_applicable=None,
    long_stretch_units=25,
)

MANDARIN = LanguageProfile(
    code="zh",
    display_name="中文（普通话）",
    english_name="Mandarin Chinese",
    tokenize=_tokenize_zh,
    count_units=_count_zh,
    pace_unit="cpm",
    pace_label="字/分钟",
    unit_name="characters",
    # [design choice] rubric-zh §2: 180-260 字/min for a pitch, fillers excluded; warn below 150 or above
    # 300. Checked on real Mandarin speech in docs/calibration.md ("Mandarin").
    pace_band=(180.0, 260.0),
    # The full 15 points at 40 字/min past the top (300, the rubric's "warn" line); 0.5 per 字 below.
    pace_points_per_unit=0.375,
    spaced=False,
    # About 1.7 characters per English word in the same content: 80 characters ~ 50 words.
    units_per_filler_allowance=80,
    readability_not_applicable=(
        "Reading ease is not measured for Chinese: Flesch's formula counts English syllables and has no "
        "Chinese equivalent (rubric-zh §5). Long stretches between pauses are checked instead."
    ),
    # [design choice] rubric-zh §5: over 40 characters between pauses of 0.5 s or sentence ends.
    long_stretch_units=40,
    # [design choice] English's lines scaled by 4/3 for the tones: real Mandarin speakers measured 2.3-5.4 st
    # (docs/calibration.md, "Mandarin"), so 2.0 sits under the flattest with 0.3 st to spare, as 1.5 sits
    # under English speakers' 1.9-4.6.
    monotone_st=2.0,
    monotone_full_st=1.0,
    flat_sentence_st=1.33,
    # The lively TTS fixtures and podcast voices measured 3.3-5.4 st.
    lively_range=(3.0, 5.5),
    # [calibration] Whisper base on clearly spoken Mandarin: 0-10 % of segmenter words under 0.5 (their
    # characters' mean), where tiny.en on clear English stays under 5 %; a garbled casual clip 19 %.
    low_confidence_free_share=0.10,
)

_PROFILES = {p.code: p for p in (ENGLISH, MANDARIN)}
SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(_PROFILES)


def normalize_code(code: str | None) -> str:
    """ "zh-CN", "zh_Hans", "ZH" -> "zh"; "" and None -> "en" (takes stored before languages were)."""
    if not code:
        return "en"
    return re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0] or "en"


def get_profile(code: str | None) -> LanguageProfile:
    """The profile for a language code, or LanguageError naming the supported languages."""
    key = normalize_code(code)
    try:
        return _PROFILES[key]
    except KeyError:
        names = ", ".join(f"{p.english_name} ({p.code})" for p in _PROFILES.values())
        raise LanguageError(msg=msg("language_error.cannot_score", code=repr(code), names=names)) from None


def scoring_profile(code: str | None) -> LanguageProfile:
    """The profile a take is scored with: its own language's, or English for a language PitchCoach
    does not score (such a take is gated as not understood before any rule runs; its words are only
    counted, and English counting is the neutral choice)."""
    try:
        return get_profile(code)
    except LanguageError:
        return ENGLISH
