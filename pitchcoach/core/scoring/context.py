"""What every rule gets (the tokenised take and the word lists) and what it gives back."""

from __future__ import annotations

from dataclasses import dataclass, field

from pitchcoach.core.lexicon import Lexicons
from pitchcoach.core.messages import Message, english
from pitchcoach.core.scoring.hesitations import Hesitation
from pitchcoach.core.scoring.metrics import Metrics
from pitchcoach.core.scoring.result import Deduction, Evidence, Highlight, SubScore
from pitchcoach.core.scoring.tokens import Doc, NormText
from pitchcoach.core.transcript import Transcript


@dataclass
class Context:
    transcript: Transcript
    doc: Doc
    lex: Lexicons
    target_seconds: float
    hesitations: list[Hesitation]  # from the transcript and from any other analysis, in time order
    filler_ids: set[int]  # tokens that are hesitations or discourse markers: not content
    clean: NormText  # the normalised text with those tokens removed
    metrics: Metrics  # filled in by the rules as they measure

    def evidence(self, first: int, last: int) -> Evidence:
        toks = self.doc.tokens
        return Evidence(text=self.doc.span_text(first, last), start=toks[first].start, end=toks[last].end)

    def quote(self, first: int, last: int) -> str:
        """The words from first to last as spoken, without fillers: what a tip or a note may quote
        back (a filler in a model answer would teach the habit it is meant to break)."""
        toks = self.doc.tokens
        words = []
        for i in range(first, last + 1):
            if i in self.filler_ids:
                continue
            raw = toks[i].raw
            # "I run, uh, a bakery" reads "I run a bakery": the comma belonged to the filler.
            if i + 1 <= last and (i + 1) in self.filler_ids and raw.endswith(","):
                raw = raw[:-1]
            words.append(raw)
        text = self.doc.joiner.join(words).strip(" ,;:-—，、")
        return text[:1].upper() + text[1:] if text else text


@dataclass
class RuleOutcome:
    """One rule's verdict: the points it took (already capped) and why."""

    rule: str
    category: str
    weight: float
    lost: float = 0.0
    skipped: bool = False
    # What happened and what to do, as catalog messages (core/messages.py): rendered when shown.
    message: Message | None = None
    tip: Message | None = None
    evidence: list[Evidence] = field(default_factory=list)
    positives: list[Message] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
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
        en = english()
        return Deduction(
            rule=self.rule,
            category=self.category,
            points=self.lost,
            message=en.render(self.message),
            tip=en.render(self.tip),
            evidence=self.evidence,
            msg=self.message,
            tip_msg=self.tip,
        )
