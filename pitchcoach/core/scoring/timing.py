"""Timing: the third verdict beside Clarity and Listener focus (issue 13; rubric C1 promoted).

The app's promise is a pitch of about the target length, so timing is not one clarity rule among
seven: it is scored 0-100 on its own and it is a ceiling on the overall score. The curve, on the
ratio r = speech seconds / target (docs/calibration.md, "Timing"):

* r in the comfortable window [0.75, 1.5]: 100.
* 0.5 <= r < 0.75 and 1.5 < r <= 2: linear from 84 at the window edge to 60 at 0.5x / 2x. Outside the
  window a take cannot be "Great" (85), and the ceiling slides smoothly down to "Needs work".
* r < 0.5: 60 * r / 0.5 (a 4 s take of a 20 s target is 24). r > 2: 60 * 2 / r (a 120 s take is 20):
  the share of the take a listener would sit through, scaled to the 60 at 2x.

The only step is at the window edge (100 -> 84), and it is the band edge by design: inside the
window the target costs nothing; outside it the take is not a "Great" pitch however well it is said.

The window is what "on target" means everywhere: the practice timer's green band, the Timing card,
the words marked as over time and the reports all use ``length_window``.
"""

from __future__ import annotations

from pitchcoach.core.messages import msg
from pitchcoach.core.scoring.context import Context, RuleOutcome
from pitchcoach.core.scoring.result import TIMING, Highlight

WINDOW_LOW = 0.75  # rubric C1: 15-30 s for a 20 s target, scaled with the target
WINDOW_HIGH = 1.5
HARD_LOW = 0.5  # issue 13: outside 0.5x-2x the overall score is at most 60 and timing is fixed first
HARD_HIGH = 2.0
EDGE_SCORE = 84.0  # just outside the window: below "Great" (85)
HARD_SCORE = 60.0  # at 0.5x and 2x: the ceiling of "Needs work"

VERDICTS = {
    "on_target": "On target",
    "short": "A bit short",
    "long": "A bit long",
    "too_short": "Too short to be a pitch",
    "too_long": "Not an elevator pitch yet",
}


def length_window(target: float) -> tuple[float, float]:
    return WINDOW_LOW * target, WINDOW_HIGH * target


def timing_score(ratio: float) -> int:
    """0-100 for a take lasting `ratio` times the target (see the module docstring)."""
    r = max(0.0, ratio)
    if WINDOW_LOW <= r <= WINDOW_HIGH:
        score = 100.0
    elif HARD_LOW <= r < WINDOW_LOW:
        score = HARD_SCORE + (EDGE_SCORE - HARD_SCORE) * (r - HARD_LOW) / (WINDOW_LOW - HARD_LOW)
    elif WINDOW_HIGH < r <= HARD_HIGH:
        score = EDGE_SCORE - (EDGE_SCORE - HARD_SCORE) * (r - WINDOW_HIGH) / (HARD_HIGH - WINDOW_HIGH)
    elif r < HARD_LOW:
        score = HARD_SCORE * r / HARD_LOW
    else:
        score = HARD_SCORE * HARD_HIGH / r
    # Outside the window the curve stays below 84.0, so rounding never lifts a take into "Great".
    return max(0, min(100, int(round(score))))


def verdict(ratio: float) -> str:
    if ratio < HARD_LOW:
        return "too_short"
    if ratio < WINDOW_LOW:
        return "short"
    if ratio <= WINDOW_HIGH:
        return "on_target"
    if ratio <= HARD_HIGH:
        return "long"
    return "too_long"


def outside_hard_limits(ratio: float) -> bool:
    return ratio < HARD_LOW or ratio > HARD_HIGH


def _s(x: float) -> str:
    """Seconds for a message: whole seconds, but never "0 s" for a real difference."""
    return f"{x:.1f}" if abs(x) < 1 else f"{x:.0f}"


def speech_seconds(ctx: Context) -> float:
    toks = ctx.doc.tokens
    return max(0.0, toks[-1].end - toks[0].start) if toks else 0.0


def timing(ctx: Context) -> RuleOutcome:
    out = RuleOutcome(rule="timing", category=TIMING, weight=100.0)
    toks = ctx.doc.tokens
    t = speech_seconds(ctx)
    target = ctx.target_seconds
    lo, hi = length_window(target)
    ratio = t / target if target > 0 else 0.0
    score = timing_score(ratio)
    kind = verdict(ratio)
    ctx.metrics.timing_ratio = round(ratio, 3)
    ctx.metrics.timing_verdict = kind
    ctx.metrics.timing_label = VERDICTS[kind]

    # "On target" has one meaning across the app: inside the window, where timing scores 100. Words
    # are marked as over time only past its end (30 s for a 20 s target), where the timer turns red
    # too; a 26 s take is on target and nothing in it is called "past the target".
    t0 = toks[0].start
    over = [i for i, tok in enumerate(toks) if tok.start - t0 > hi]
    ctx.metrics.words_over_target = len(over)
    if over:
        out.highlights.append(
            Highlight("over_time", toks[over[0]].index, toks[over[-1]].last_word, f"after the {hi:.0f} s mark")
        )

    out.take(100.0 - score)
    budget = ctx.metrics.word_budget or []
    # The budget in the language's unit: words, or characters (字) for Mandarin.
    unit = msg(f"unit.{ctx.lex.profile.unit_name}")
    words = msg("timing.budget", lo=budget[0], hi=budget[1], unit=unit) if len(budget) == 2 else msg("text.empty")
    if kind == "on_target":
        out.positives.append(msg("timing.on_target", seconds=round(t), lo=round(lo), hi=round(hi)))
        return out
    if kind in ("short", "too_short"):
        if kind == "too_short":
            out.message = msg("timing.too_short", seconds=_s(t), target=f"{target:g}")
        else:
            out.message = msg("timing.short", seconds=_s(t), missing=_s(lo - t), lo=round(lo), hi=round(hi))
        out.tip = msg("timing.short_tip", target=f"{target:g}", budget=words)
        out.evidence = [ctx.evidence(0, len(toks) - 1)]
        return out
    if kind == "too_long":
        out.message = msg("timing.too_long", seconds=_s(t), ratio=f"{ratio:.1f}", target=f"{target:g}")
    else:
        out.message = msg("timing.long", seconds=_s(t), over=_s(t - hi), hi=round(hi))
    out.tip = msg("timing.long_tip", target=f"{target:g}", budget=words)
    if over:
        out.evidence = [ctx.evidence(over[0], over[-1])]
    return out
