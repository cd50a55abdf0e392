"""What every rule gets (the tokenised take and the word lists) and what it gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pitchcoach.core.lexicon import Lexicons
from pitchcoach.core.scoring.fillers import FillerHit
from pitchcoach.core.scoring.result import Deduction, Evidence, Highlight, SubScore
from pitchcoach.core.scoring.tokens import Doc, NormText
from pitchcoach.core.transcript import Transcript


@dataclass
class Context:
    transcript: Transcript
    doc: Doc
    lex: Lexicons
    target_seconds: float
    fillers: list[FillerHit]
    filler_ids: set[int]
    clean: NormText  # the normalised text with fillers removed
    metrics: dict[str, Any]

    def evidence(self, first: int, last: int) -> Evidence:
        toks = self.doc.tokens
        return Evidence(text=self.doc.span_text(first, last), start=toks[first].start, end=toks[last].end)


@dataclass
class RuleOutcome:
    """One rule's verdict: the points it took (already capped) and why."""

    rule: str
    category: str
    weight: float
    lost: float = 0.0
    skipped: bool = False
    message: str = ""
    tip: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    positives: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)

    def take(self, raw_points: float) -> None:
        """Record a deduction, never more than the rule's weight and never negative."""
        self.lost = min(self.weight, max(0.0, raw_points))

    def subscore(self) -> SubScore:
        return SubScore(
            rule=self.rule, category=self.category, weight=self.weight, lost=self.lost, skipped=self.skipped
        )

    def deduction(self) -> Deduction | None:
        if self.lost <= 0:
            return None
        return Deduction(
            rule=self.rule,
            category=self.category,
            points=self.lost,
            message=self.message,
            tip=self.tip,
            evidence=self.evidence,
        )
