"""The measured figures behind a score (``metrics`` in the JSON): typed, so a misspelt key is a
type error instead of a silent ``None`` on the Results page.

The JSON shape is the one stored in every take and printed by ``analyze --json``, so it must not
change: fields are written in the order the scoring fills them, a figure a rule did not measure
is left out (a gated take has only the basic ones), and a result read back from storage is
written out again byte for byte, with its own key order and any keys this version does not know.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

# What a stored value must be to land in its field; anything else (a hand-edited or future row)
# is kept aside in ``extra`` and written back unchanged, so the typed fields can be trusted.
_NUMBER = (int, float)
_KINDS: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "float": _NUMBER,
    "float | None": _NUMBER,
    "int | None": (int,),
    "str | None": (str,),
    "bool | None": (bool,),
    "list[int]": (list,),
    "list[float]": (list,),
    "list[float] | None": (list,),
    "dict[str, int] | None": (dict,),
    "dict[str, Any] | None": (dict,),
    "dict[str, list[dict[str, Any]]]": (dict,),
}


@dataclass
class Metrics:
    # Always present: measured before the gates, so a gated take has them too.
    word_count: int = 0  # words without filled pauses ("um")
    words_total: int = 0
    speech_seconds: float = 0.0
    target_seconds: float = 0.0
    word_budget: list[int] = field(default_factory=list)  # [low, high] words for the target
    length_window: list[float] = field(default_factory=list)  # [low, high] seconds scoring full timing
    mean_word_probability: float = 0.0
    low_logprob_share: float = 0.0
    repetitive_share: float = 0.0
    vad_speech_seconds: float | None = None  # None when the voice-activity detector did not run
    hesitations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # per kind, with timings
    # Set by the rules of a scored take, in this order; None = not measured.
    timing_ratio: float | None = None
    timing_verdict: str | None = None
    timing_label: str | None = None
    words_over_target: int | None = None
    wpm: float | None = None  # English takes' pace; a Mandarin take has cpm instead (characters per minute)
    cpm: float | None = None
    filler_count: int | None = None
    fillers: dict[str, int] | None = None  # per filler word
    filler_allowance: int | None = None
    longest_pause_s: float | None = None
    sentences: int | None = None
    mean_sentence_words: float | None = None
    flesch_reading_ease: float | None = None  # None also when measured on no words
    buzzwords: int | None = None
    hedges: int | None = None
    acronyms_unexplained: int | None = None
    says_what_you_do: bool | None = None
    low_confidence_share: float | None = None
    low_logprob_time_share: float | None = None
    trailing_off_sentences: int | None = None
    wpm_windows: list[float] | None = None
    cpm_windows: list[float] | None = None  # a Mandarin take's pace every 5 s, in characters per minute
    voice: dict[str, Any] | None = None  # VoiceAnalysis.metrics(): pitch, level and pace figures
    questions: int | None = None
    listener_questions: int | None = None
    self_words: int | None = None
    you_words: int | None = None
    you_ratio: float | None = None
    benefit: bool | None = None
    offers_help: bool | None = None
    credentials: int | None = None
    brag_terms: int | None = None
    sales_ctas: int | None = None
    overall_before_caps: int | None = None
    # Keys this version does not know, from a stored result: written back as they were.
    extra: dict[str, Any] = field(default_factory=dict)
    # The key order of a stored result, so it is written back unchanged; None for a fresh one.
    source_keys: tuple[str, ...] | None = field(default=None, repr=False, compare=False)

    ALWAYS: ClassVar[tuple[str, ...]] = (
        "word_count",
        "words_total",
        "speech_seconds",
        "target_seconds",
        "word_budget",
        "length_window",
        "mean_word_probability",
        "low_logprob_share",
        "repetitive_share",
        "vad_speech_seconds",
        "hesitations",
    )

    def set_pace(self, value: float, unit: str) -> None:
        """The pace in its language's unit: "wpm" (stored as before) or "cpm"."""
        if unit == "cpm":
            self.cpm = value
        else:
            self.wpm = value

    @property
    def pace_unit(self) -> str:
        """ "cpm" for a take paced in characters (Mandarin), else "wpm" (every take stored before)."""
        return "cpm" if self.cpm is not None else "wpm"

    @property
    def pace(self) -> float | None:
        """The pace in pace_unit, whichever the take's language counts."""
        return self.cpm if self.cpm is not None else self.wpm

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The figures' JSON keys, in the order a fresh result writes them."""
        return tuple(f.name for f in fields(cls) if f.name not in ("extra", "source_keys"))

    def to_dict(self) -> dict[str, Any]:
        if self.source_keys is not None:
            keys = list(self.source_keys)
            # A figure set after loading (none is today) is still written, after the stored ones;
            # a basic one the stored row lacked only has its default, and stays out.
            keys += [k for k in self.names() if k not in keys and k not in self.ALWAYS and self._measured(k)]
        else:
            keys = [k for k in self.names() if self._measured(k)]
        keys += [k for k in self.extra if k not in keys]
        return {k: self.extra[k] if k in self.extra else getattr(self, k) for k in keys}

    def _measured(self, key: str) -> bool:
        if key in self.ALWAYS:
            return True
        if key == "flesch_reading_ease":  # measured with the sentences, and may be None then
            # ... except in a language paced in characters (Mandarin), where it does not apply.
            return self.sentences is not None and self.cpm is None
        return getattr(self, key) is not None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Metrics:
        kinds = {f.name: str(f.type) for f in fields(cls)}
        known: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in d.items():
            kind = kinds.get(key) if key not in ("extra", "source_keys") else None
            if kind is not None and _fits(value, kind):
                known[key] = value
            else:
                extra[key] = value
        return cls(**known, extra=extra, source_keys=tuple(d))


def _fits(value: Any, kind: str) -> bool:
    if value is None:
        return kind.endswith("| None")
    if isinstance(value, bool) and bool not in _KINDS[kind]:
        return False  # a bool is an int to isinstance, but not a count
    return isinstance(value, _KINDS[kind])
