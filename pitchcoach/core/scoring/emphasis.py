"""A scenario's rubric emphasis, applied to the rules' outcomes (issue 26).

Two things change with the room: how much each rule counts, and what the pitch must contain.

- Emphasis scales a rule's weight and its deduction alike, then every rule of the category is
  rescaled so the category's weights still add up to what they did: a category is still out of 100,
  and a rule that counts more takes its points from the others, not from nowhere.
- A requirement that is not met (the investor's ask, the caller's permission) or a required rule
  that lost points holds the overall below Good, as a pitch that never turns to the listener does:
  a clear pitch that leaves out what the room is for is not a good pitch for that room.

A scenario with no emphasis and no requirements (networking, custom) changes nothing at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pitchcoach.core.language import scoring_profile
from pitchcoach.core.lexicon import phrase_regex
from pitchcoach.core.messages import Message, msg
from pitchcoach.core.scenarios import Requirement, Scenario
from pitchcoach.core.scoring.context import Context, RuleOutcome
from pitchcoach.core.scoring.result import Cap, is_problem
from pitchcoach.core.scoring.tokens import Sentence

# [design choice] the same ceiling as a pitch that neither asks nor offers (engine.NO_TURN_TO_LISTENER_CAP):
# leaving out what this room is for keeps a pitch below "Good" however clear it is.
REQUIREMENT_CAP = 69


def apply_emphasis(outcomes: Sequence[RuleOutcome], scenario: Scenario) -> None:
    """Scale each emphasised rule's weight and points, keeping each category's total weight."""
    if not scenario.emphasis:
        return
    by_category: dict[str, list[RuleOutcome]] = defaultdict(list)
    for o in outcomes:
        if o.rule != "timing":
            by_category[o.category].append(o)
    for group in by_category.values():
        before = sum(o.weight for o in group)
        scaled = [(o, scenario.emphasis.get(o.rule, 1.0)) for o in group]
        after = sum(o.weight * m for o, m in scaled)
        if after <= 0:
            continue  # every rule of the category switched off: left as the rubric has it
        k = before / after
        for o, m in scaled:
            o.weight *= m * k
            o.lost *= m * k


def _met(ctx: Context, req: Requirement, questions: Sequence[Sentence], after_sentence: int | None) -> int | None:
    """The sentence where the requirement is met, or None."""
    # Chinese has no spaces between words: there a phrase is matched on the segmenter's words.
    pattern = phrase_regex(list(req.phrases), spaced=scoring_profile(ctx.transcript.language).spaced)
    if pattern is None:
        return None
    toks = ctx.doc.tokens
    t0, t1 = toks[0].start, toks[-1].end
    span = max(t1 - t0, 1e-6)
    question_ids = {id(q) for q in questions}
    for first, _last, _ in ctx.clean.find(pattern):
        si = toks[first].sentence
        if after_sentence is not None and si <= after_sentence:
            continue
        if req.in_question and id(ctx.doc.sentences[si]) not in question_ids:
            continue
        # Judged from the start of the sentence that says it: "Hi, it's Sam, do you have a minute?" asks early.
        if (toks[ctx.doc.sentences[si].first].start - t0) / span > req.within_first:
            continue
        return si
    return None


def check_requirements(
    ctx: Context, outcomes: Sequence[RuleOutcome], questions: Sequence[Sentence], scenario: Scenario
) -> tuple[dict[str, bool], list[Cap], list[Message]]:
    """Which of the scenario's requirements the take meets, the caps for those it misses, and a note
    (what is missing and how to say it) for each."""
    met: dict[str, bool] = {}
    where: dict[str, int | None] = {}
    caps: list[Cap] = []
    notes: list[Message] = []
    # A scenario borrowed from another language (none written for this one) has phrases that cannot be
    # heard in this take: its requirements are not checked rather than always missed.
    same_language = scenario.language == scoring_profile(ctx.transcript.language).code
    for req in scenario.required if same_language else ():
        after = where.get(req.after) if req.after else None
        # What it must follow is missing, so it cannot be met in order either.
        si = None if req.after and after is None else _met(ctx, req, questions, after)
        where[req.id] = si
        met[req.id] = si is not None
        if si is None:
            # The scenario's words are data (core/data/scenarios/<lang>/), kept in each interface language
            # the file gives: the note is shown in the reader's, whatever the pitch's language.
            note = msg(
                "scenario.requirement_note",
                title=scenario.title_words(),
                message=req.words("message"),
                tip=req.words("tip"),
            )
            notes.append(note)
            caps.append(
                Cap.of(
                    f"required_{req.id}",
                    REQUIREMENT_CAP,
                    msg(
                        "scenario.requirement_cap",
                        label=req.words("label"),
                        title=scenario.title_words(),
                        limit=REQUIREMENT_CAP,
                    ),
                )
            )
    lost = {o.rule: o.lost for o in outcomes}
    for rule in scenario.required_rules:
        ok = not is_problem(lost.get(rule, 0.0))
        met[rule] = ok
        if not ok:
            caps.append(
                Cap.of(
                    f"required_{rule}",
                    REQUIREMENT_CAP,
                    msg(
                        "scenario.rule_cap",
                        rule=msg(f"rule.{rule}"),
                        title=scenario.title_words(),
                        limit=REQUIREMENT_CAP,
                    ),
                )
            )
    return met, caps, notes
