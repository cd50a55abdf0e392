"""score(): a transcript in, an explained ScoreResult out (rubric §7).

Pure Python: the same function scores a live take, a stored transcript re-scored after a
lexicon change, and typed text from Transcript.from_text.
"""

from __future__ import annotations

from collections.abc import Iterable

from pitchcoach.core.language import scoring_profile
from pitchcoach.core.lexicon import Lexicons, packaged_lexicons
from pitchcoach.core.messages import Message, english, msg
from pitchcoach.core.scenarios import DEFAULT_SCENARIO, Scenario
from pitchcoach.core.scoring import clarity, delivery, listener, plain_language, timing
from pitchcoach.core.scoring.context import Context, RuleOutcome
from pitchcoach.core.scoring.emphasis import apply_emphasis, check_requirements
from pitchcoach.core.scoring.gates import check_gates, understanding
from pitchcoach.core.scoring.hesitations import (
    METRIC_KEYS,
    PROLONGATION,
    UNVOICED,
    Hesitation,
    detect_hesitations,
    hesitation_metrics,
    merge_hesitations,
    spoken_words,
)
from pitchcoach.core.scoring.metrics import Metrics
from pitchcoach.core.scoring.result import Cap, ScoreResult, is_problem, round_points, shown_points
from pitchcoach.core.scoring.structure import structure
from pitchcoach.core.scoring.targets import DEFAULT_TARGET_SECONDS, scorable_target, word_budget
from pitchcoach.core.scoring.tokens import tokenize
from pitchcoach.core.transcript import Transcript

BANDS = ((85, "Great"), (70, "Good"), (50, "Needs work"), (0, "Rework"))
# [design choice] issue 13 / rubric §1.2: the core advice is to turn to the listener. A pitch that
# neither asks them anything nor offers them anything stays below "Good" (70) however clear it is.
NO_TURN_TO_LISTENER_CAP = 69


def band_for(overall: int) -> str:
    for floor, name in BANDS:
        if overall >= floor:
            return name
    return BANDS[-1][1]


def _category_score(outcomes: list[RuleOutcome]) -> int:
    """100 less the deductions as shown (each rounded, none under a point), so the card adds up."""
    lost = sum(shown_points(o.lost) for o in outcomes)
    return max(0, min(100, 100 - lost))


def _caps(ctx: Context, timing_out: RuleOutcome, timing_score: int) -> list[Cap]:
    caps = []
    if timing_score < 100:
        verdict = msg(f"timing_verdict.{ctx.metrics.timing_verdict}")
        caps.append(Cap.of("timing", timing_score, msg("cap.timing", verdict=verdict, score=timing_score)))
    if not ctx.metrics.listener_questions and not ctx.metrics.offers_help:
        caps.append(
            Cap.of("no_turn_to_listener", NO_TURN_TO_LISTENER_CAP, msg("cap.no_turn", limit=NO_TURN_TO_LISTENER_CAP))
        )
    return caps


def score(
    transcript: Transcript,
    target_seconds: float = DEFAULT_TARGET_SECONDS,
    lexicons: Lexicons | None = None,
    extra_hesitations: Iterable[Hesitation] = (),
    scenario: Scenario | None = None,
) -> ScoreResult:
    """Score one take. Gated takes (no speech, not understood, too short) get no numbers.

    ``scenario`` (core/scenarios.py) weights the rules and adds what the room requires; None, or a
    scenario with neither (networking, custom), scores exactly as the rubric alone does. The target
    is ``target_seconds`` either way: the caller picks the scenario's target or the user's.

    ``extra_hesitations`` are hesitations another analysis found in the audio (core/voice): they
    join metrics.hesitations and the filler rule, one per event (overlaps with the transcript's
    own are dropped).
    """
    profile = scoring_profile(transcript.language)
    # The language's own word lists (lexicons/<lang>/); a caller's English lists bring their user folder.
    lex = (lexicons if lexicons is not None else packaged_lexicons()).for_language(profile.code)
    target = scorable_target(target_seconds)  # NaN or silly values from a settings file

    doc = tokenize(transcript, profile)
    found = detect_hesitations(doc, lex)
    heard = delivery.voice_hesitations(transcript, found.hesitations)
    hesitations = merge_hesitations(found.hesitations, [*extra_hesitations, *heard])
    filler_ids = found.marker_ids
    lexical_words = spoken_words(doc.tokens, lex)
    u = understanding(transcript, doc)

    speech = max(0.0, doc.tokens[-1].end - doc.tokens[0].start) if doc.tokens else 0.0
    metrics = Metrics(
        word_count=lexical_words,
        words_total=len(doc.tokens),
        speech_seconds=round(speech, 2),
        target_seconds=target,
        word_budget=list(word_budget(target, profile)),
        length_window=list(timing.length_window(target)),
        mean_word_probability=round(u.mean_word_probability, 3),
        low_logprob_share=round(u.low_logprob_share, 3),
        repetitive_share=round(u.repetitive_share, 3),
        vad_speech_seconds=transcript.vad_speech_seconds,
        hesitations=hesitation_metrics(hesitations),
    )
    if transcript.voice is not None:  # the audio was listened to: say so even when nothing was heard
        for kind in (UNVOICED, PROLONGATION):
            metrics.hesitations.setdefault(METRIC_KEYS[kind], [])

    gate = check_gates(transcript, doc, lex, lexical_words, u)
    scenario_name = scenario.name if scenario is not None else DEFAULT_SCENARIO
    if gate is not None:
        return ScoreResult(gate=gate, target_seconds=target, metrics=metrics, scenario=scenario_name)

    ctx = Context(
        transcript=transcript,
        doc=doc,
        lex=lex,
        target_seconds=target,
        hesitations=hesitations,
        filler_ids=filler_ids,
        clean=doc.norm_text(i for i in range(len(doc.tokens)) if i not in filler_ids),
        metrics=metrics,
    )

    timing_out = timing.timing(ctx)
    clarity_out = [
        clarity.pace(ctx),
        clarity.fillers(ctx),
        clarity.pauses(ctx),
        plain_language.plain_language(ctx),
        clarity.says_what_you_do(ctx),
        clarity.intelligibility(ctx),
    ]
    voice = transcript.voice
    if voice is not None:
        clarity_out += [
            delivery.monotone(ctx, voice),
            delivery.trailing_off(ctx, voice),
            delivery.rushed_ending(ctx, voice),
            delivery.quiet(ctx, voice),
        ]
        metrics.voice = voice.metrics(transcript.words)
    you_ids = listener.you_token_ids(ctx)
    self_ids = listener.self_token_ids(ctx)
    questions = listener.find_questions(ctx, set(you_ids))
    listener_out = [
        listener.question(ctx, questions),
        listener.you_i_balance(ctx, you_ids, self_ids),
        listener.benefit(ctx),
        listener.offers_help(ctx),
        listener.hard_sell(ctx),
    ]
    outcomes = [timing_out, *clarity_out, *listener_out]
    required: dict[str, bool] = {}
    scenario_caps: list[Cap] = []
    scenario_notes: list[Message] = []
    if scenario is not None and not scenario.plain:
        apply_emphasis(outcomes, scenario)
        required, scenario_caps, scenario_notes = check_requirements(
            ctx, outcomes, [q.sentence for q in questions], scenario
        )

    clarity_score = _category_score(clarity_out)
    listener_score = _category_score(listener_out)
    timing_score = 100 - shown_points(timing_out.lost)
    mean = round_points(0.5 * clarity_score + 0.5 * listener_score)
    caps = [c for c in [*_caps(ctx, timing_out, timing_score), *scenario_caps] if c.limit < mean]
    overall = min([mean, *(c.limit for c in caps)])
    metrics.overall_before_caps = mean

    deductions = [d for d in (o.deduction() for o in outcomes) if d is not None and is_problem(d.points)]
    # Largest first; ties keep rubric order, so the order is stable between runs. A take far off
    # its target (outside 0.5x-2x) is not an elevator pitch yet: timing is fixed first, whatever else.
    assert metrics.timing_ratio is not None  # the timing rule ran first
    far_off = timing.outside_hard_limits(metrics.timing_ratio)
    deductions.sort(key=lambda d: (not (far_off and d.rule == "timing"), -d.points))
    highlights = [h for o in outcomes for h in o.highlights]
    highlights.sort(key=lambda h: (h.first_word, h.last_word, h.kind))
    positives = [p for o in outcomes for p in o.positives]
    notes = [*(c.msg for c in caps), *scenario_notes, *(n for o in outcomes for n in o.notes)]
    en = english()

    return ScoreResult(
        gate=None,
        target_seconds=target,
        overall=overall,
        clarity=clarity_score,
        listener_focus=listener_score,
        timing=timing_score,
        band=band_for(overall),
        subscores=[o.subscore() for o in outcomes],
        deductions=deductions,
        positives=[en.render(p) for p in positives],
        notes=[en.render(n) for n in notes],
        positive_msgs=list(positives),
        note_msgs=list(notes),
        metrics=metrics,
        highlights=highlights,
        structure=structure(ctx),
        caps=caps,
        scenario=scenario_name,
        required=required,
    )
