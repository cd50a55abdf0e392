"""The output of scoring: everything the UI, the CLI, storage and reports show."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from pitchcoach.core.messages import Catalog, Message, english
from pitchcoach.core.scoring.metrics import Metrics
from pitchcoach.core.scoring.targets import DEFAULT_TARGET_SECONDS

CLARITY = "clarity"
LISTENER_FOCUS = "listener_focus"
TIMING = "timing"

CLARITY_RULES = ("pace", "fillers", "pauses", "plain_language", "says_what_you_do", "intelligibility")
LISTENER_RULES = ("question", "you_i_balance", "benefit", "offers_help", "hard_sell")
# Clarity rules read from the voice analysis (scoring/delivery.py); present only when the take has one.
DELIVERY_RULES = ("monotone", "trailing_off", "rushed_ending", "quiet")
TIMING_RULES = ("timing",)
# Takes scored before issue 13 judged length as a clarity rule; their stored results keep it.
LEGACY_CLARITY_RULES = ("length",)

# Plain-word names. RULE_LABELS name a problem ("Hard sell"), for deductions and issue
# counts; SUBSCORE_LABELS name what earns the points ("No hard sell"), for score breakdowns.
RULE_LABELS: dict[str, str] = {
    "timing": "Timing",
    "length": "Length",
    "pace": "Pace",
    "fillers": "Fillers and hesitations",
    "pauses": "Pauses",
    "plain_language": "Jargon or vague words",
    "says_what_you_do": "Unclear what you do",
    "intelligibility": "Hard to understand",
    "question": "No question for them",
    "you_i_balance": "Too much about you",
    "benefit": "No benefit named",
    "offers_help": "No offer of help",
    "hard_sell": "Hard sell",
    "monotone": "Flat voice",
    "trailing_off": "Trailing off",
    "rushed_ending": "Rushed ending",
    "quiet": "Quiet recording",
}
SUBSCORE_LABELS: dict[str, str] = {
    **RULE_LABELS,
    "plain_language": "Plain language",
    "says_what_you_do": "Says what you do",
    "question": "Asks about them",
    "you_i_balance": "You/I balance",
    "benefit": "Benefit to someone",
    "offers_help": "Offers help",
    "intelligibility": "Easy to understand",
    "hard_sell": "No hard sell",
    "monotone": "Lively voice",
    "trailing_off": "Strong sentence ends",
    "rushed_ending": "Even pace to the end",
    "quiet": "Recording level",
}


# A deduction smaller than this is not a problem: it is not listed, costs no points and is never
# a "most frequent issue" (a "Fix first: −0 points" item helps nobody). The one home of the rule.
MIN_PROBLEM_POINTS = 1.0


def round_points(x: float) -> int:
    """The one rounding of points for display and for the scores: half up (3.5 -> 4, 3.9 -> 4)."""
    return int(math.floor(x + 0.5))


def fmt_points(x: float) -> str:
    """Points as every view shows them (results page, CLI, reports, PDF): a whole number."""
    return str(round_points(x))


def is_problem(points: float) -> bool:
    return points >= MIN_PROBLEM_POINTS


def shown_points(points: float) -> int:
    """What a deduction costs on the card: rounded, and nothing for a non-problem."""
    return round_points(points) if is_problem(points) else 0


def rule_label(rule: str) -> str:
    return RULE_LABELS.get(rule, rule.replace("_", " ").capitalize())


def subscore_label(rule: str) -> str:
    return SUBSCORE_LABELS.get(rule, rule.replace("_", " ").capitalize())


# Highlight kinds the transcript view colours.
HIGHLIGHT_KINDS = ("filler", "hedge", "jargon", "self_word", "you_word", "question", "over_time")
# What the results page and the reports call each highlight: one name everywhere.
HIGHLIGHT_LABELS: dict[str, str] = {
    "filler": "Filler",
    "hedge": "Hedge",
    "jargon": "Jargon",
    "self_word": "I / me / we",
    "you_word": "You / your",
    "question": "Question",
    "over_time": "Over time",
}
# Which colour wins when highlights overlap: the things to fix come first.
HIGHLIGHT_PRIORITY = ("filler", "jargon", "hedge", "question", "you_word", "self_word", "over_time")
# Parts of a good introduction, in the order the structure strip shows them.
STRUCTURE_PARTS = ("name", "what_you_do", "who_it_helps", "proof", "question", "offer_help")
STRUCTURE_LABELS: dict[str, str] = {
    "name": "Your name",
    "what_you_do": "What you do",
    "who_it_helps": "Who it helps",
    "proof": "Proof",
    "question": "A question for them",
    "offer_help": "Offer of help",
}


@dataclass
class Evidence:
    text: str
    start: float
    end: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _msg_dict(m: Message | None) -> dict[str, Any] | None:
    return m.to_dict() if m is not None else None


@dataclass
class Deduction:
    rule: str  # one of CLARITY_RULES, DELIVERY_RULES or LISTENER_RULES
    category: str  # CLARITY or LISTENER_FOCUS
    points: float  # points taken off, after the rule's cap
    message: str  # what happened, in plain words (English; `msg` renders it in any interface language)
    tip: str  # what to do about it (English; `tip_msg` likewise)
    evidence: list[Evidence] = field(default_factory=list)
    # The same two texts as catalog ids + arguments (core/messages.py). None on takes stored before
    # issue 25: those show their stored English in every language.
    msg: Message | None = None
    tip_msg: Message | None = None

    def text(self, catalog: Catalog) -> str:
        return catalog.render(self.msg, self.message)

    def tip_text(self, catalog: Catalog) -> str:
        return catalog.render(self.tip_msg, self.tip)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "points": round(self.points, 2),
            "message": self.message,
            "tip": self.tip,
            "evidence": [e.to_dict() for e in self.evidence],
            "msg": _msg_dict(self.msg),
            "tip_msg": _msg_dict(self.tip_msg),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Deduction:
        return cls(
            rule=d["rule"],
            category=d["category"],
            points=float(d["points"]),
            message=d["message"],
            tip=d["tip"],
            evidence=[Evidence(**e) for e in d.get("evidence", [])],
            msg=Message.from_dict(d.get("msg")),
            tip_msg=Message.from_dict(d.get("tip_msg")),
        )


@dataclass
class Gate:
    id: str  # "no_speech" | "not_understood" | "too_short"
    message: str  # English; `msg` renders it in the interface language (None on older takes)
    msg: Message | None = None

    @classmethod
    def of(cls, gate_id: str, message: Message) -> Gate:
        return cls(gate_id, english().render(message), message)

    def text(self, catalog: Catalog) -> str:
        return catalog.render(self.msg, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "message": self.message, "msg": _msg_dict(self.msg)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Gate:
        return cls(str(d["id"]), str(d.get("message", "")), Message.from_dict(d.get("msg")))


@dataclass
class Highlight:
    kind: str  # one of HIGHLIGHT_KINDS
    first_word: int  # index into Transcript.words, inclusive
    last_word: int  # inclusive
    label: str = ""  # e.g. the lexicon entry that fired, shown as a tooltip

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SubScore:
    rule: str
    category: str
    weight: float  # the rule's cap
    lost: float  # points taken off (0..weight)
    skipped: bool = False  # rule did not apply (e.g. pace on a 4 s take)

    @property
    def score(self) -> int:
        """Points kept, as shown: the weight less the rounded deduction (so the parts add up)."""
        return round_points(self.weight) - shown_points(self.lost)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["score"] = self.score
        return d


@dataclass
class Cap:
    """A ceiling on the overall score, and why: the timing verdict, or a pitch that never turns to
    the listener. The overall is the lowest of the mean and every cap."""

    rule: str
    limit: int
    message: str  # English; `msg` renders it in the interface language (None on older takes)
    msg: Message | None = None

    @classmethod
    def of(cls, rule: str, limit: int, message: Message) -> Cap:
        return cls(rule, limit, english().render(message), message)

    def text(self, catalog: Catalog) -> str:
        return catalog.render(self.msg, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "limit": self.limit, "message": self.message, "msg": _msg_dict(self.msg)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Cap:
        return cls(str(d["rule"]), int(d["limit"]), str(d.get("message", "")), Message.from_dict(d.get("msg")))


@dataclass
class ScoreResult:
    gate: Gate | None
    target_seconds: float
    overall: int | None = None
    clarity: int | None = None
    listener_focus: int | None = None
    timing: int | None = None  # None on takes scored before timing was a verdict
    band: str | None = None
    subscores: list[SubScore] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)  # largest first
    positives: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # info only, cost no points
    metrics: Metrics = field(default_factory=Metrics)
    highlights: list[Highlight] = field(default_factory=list)
    structure: dict[str, bool] = field(default_factory=dict)
    caps: list[Cap] = field(default_factory=list)  # the ceilings that held the overall down
    # What the take was practised for (core/scenarios.py); takes scored before scenarios were networking.
    scenario: str = "networking"
    # The scenario's requirements and required rules: met or not (empty when it has none).
    required: dict[str, bool] = field(default_factory=dict)
    # The take held against the user's written pitch (core/rehearsal.py, Rehearsal.to_dict()); None when
    # it was not a rehearsal. Kept with the result so the history and the reports have it.
    rehearsal: dict[str, Any] | None = None
    # `positives` and `notes` as catalog messages, item for item (issue 25); empty on older takes.
    positive_msgs: list[Message | None] = field(default_factory=list)
    note_msgs: list[Message | None] = field(default_factory=list)

    def positive_texts(self, catalog: Catalog) -> list[str]:
        return _texts(self.positives, self.positive_msgs, catalog)

    def note_texts(self, catalog: Catalog) -> list[str]:
        return _texts(self.notes, self.note_msgs, catalog)

    @property
    def scored(self) -> bool:
        return self.gate is None

    @property
    def scores(self) -> dict[str, int | None] | None:
        """The headline numbers, as the JSON, the CLI and history show them (None when gated)."""
        if self.gate:
            return None
        return {
            "overall": self.overall,
            "clarity": self.clarity,
            "listener_focus": self.listener_focus,
            "timing": self.timing,
        }

    @property
    def fix_first(self) -> list[Deduction]:
        return self.deductions[:3]

    def to_dict(self) -> dict[str, Any]:
        return {
            "gate": self.gate.to_dict() if self.gate else None,
            "target_seconds": self.target_seconds,
            "scores": self.scores,
            "band": self.band,
            "subscores": [s.to_dict() for s in self.subscores],
            "deductions": [d.to_dict() for d in self.deductions],
            "fix_first": [d.rule for d in self.fix_first],
            "positives": list(self.positives),
            "notes": list(self.notes),
            "metrics": self.metrics.to_dict(),
            "highlights": [h.to_dict() for h in self.highlights],
            "structure": dict(self.structure),
            "caps": [c.to_dict() for c in self.caps],
            "scenario": self.scenario,
            "required": dict(self.required),
            "rehearsal": self.rehearsal,
            "positives_msg": [_msg_dict(m) for m in self.positive_msgs],
            "notes_msg": [_msg_dict(m) for m in self.note_msgs],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ScoreResult:
        scores = d.get("scores") or {}
        return cls(
            gate=Gate.from_dict(d["gate"]) if d.get("gate") else None,
            target_seconds=float(d.get("target_seconds", DEFAULT_TARGET_SECONDS)),
            overall=scores.get("overall"),
            clarity=scores.get("clarity"),
            listener_focus=scores.get("listener_focus"),
            timing=scores.get("timing"),
            band=d.get("band"),
            subscores=[SubScore(**{k: v for k, v in s.items() if k != "score"}) for s in d.get("subscores", [])],
            deductions=[Deduction.from_dict(x) for x in d.get("deductions", [])],
            positives=list(d.get("positives", [])),
            notes=list(d.get("notes", [])),
            metrics=Metrics.from_dict(dict(d.get("metrics", {}))),
            highlights=[Highlight(**h) for h in d.get("highlights", [])],
            structure=dict(d.get("structure", {})),
            caps=[Cap.from_dict(c) for c in d.get("caps", [])],
            scenario=str(d.get("scenario") or "networking"),
            required={str(k): bool(v) for k, v in (d.get("required") or {}).items()},
            rehearsal=d.get("rehearsal") if isinstance(d.get("rehearsal"), dict) else None,
            positive_msgs=[Message.from_dict(m) for m in d.get("positives_msg") or []],
            note_msgs=[Message.from_dict(m) for m in d.get("notes_msg") or []],
        )


def _texts(stored: list[str], msgs: list[Message | None], catalog: Catalog) -> list[str]:
    """Stored English texts in the interface language, where their messages were kept (all of them
    or none: a list that does not line up is an older record and shows as stored)."""
    if len(msgs) != len(stored):
        return list(stored)
    return [catalog.render(m, t) for t, m in zip(stored, msgs, strict=True)]
