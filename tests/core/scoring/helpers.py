"""Shared material for the rule tests: one pitch that passes every rule, and lookups into a result."""

from __future__ import annotations

from pitchcoach.core.scoring.result import Deduction, ScoreResult

# 48 words, said at 2.5 words/s: about 19 s at 150 wpm. Passes every rule; each test
# breaks exactly one thing in it.
GOOD = (
    "Hi, I'm Dana. I help small bakeries cut food waste, so that they can save money every week. "
    "Last month one shop saved three hundred dollars. What are you working on at the moment? "
    "If you want to meet anyone in food, I'd be happy to introduce you."
)


def lost(r: ScoreResult, rule: str) -> float:
    return next(s.lost for s in r.subscores if s.rule == rule)


def deduction(r: ScoreResult, rule: str) -> Deduction:
    return next(d for d in r.deductions if d.rule == rule)
