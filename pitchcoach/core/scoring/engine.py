"""score(): a transcript in, an explained ScoreResult out (rubric §7).

Pure Python: the same function scores a live take, a stored transcript re-scored after a
lexicon change, and typed text from Transcript.from_text.
"""

from __future__ import annotations

from pitchcoach.core.lexicon import Lexicons, packaged_lexicons
from pitchcoach.core.scoring import clarity, delivery, listener
from pitchcoach.core.scoring.context import Context, RuleOutcome
from pitchcoach.core.scoring.fillers import detect_fillers, filler_token_ids
from pitchcoach.core.scoring.gates import check_gates, understanding
from pitchcoach.core.scoring.result import ScoreResult
from pitchcoach.core.scoring.structure import structure
from pitchcoach.core.scoring.targets import DEFAULT_TARGET_SECONDS, scorable_target, word_budget
from pitchcoach.core.scoring.tokens import NormText, tokenize
from pitchcoach.core.transcript import Transcript

BANDS = ((85, "Great"), (70, "Good"), (50, "Needs work"), (0, "Rework"))


def band_for(overall: int) -> str:
    for floor, name in BANDS:
        if overall >= floor:
            return name
    return BANDS[-1][1]


def _category_score(outcomes: list[RuleOutcome]) -> int:
    lost = sum(o.lost for o in outcomes)
    return int(round(min(100.0, max(0.0, 100.0 - lost))))


def score(
    transcript: Transcript, target_seconds: float = DEFAULT_TARGET_SECONDS, lexicons: Lexicons | None = None
) -> ScoreResult:
    """Score one take. Gated takes (no speech, not understood, too short) get no numbers."""
    lex = lexicons if lexicons is not None else packaged_lexicons()
    target = scorable_target(target_seconds)  # NaN or silly values from a settings file

    doc = tokenize(transcript)
    hits = detect_fillers(doc, lex)
    filler_ids = filler_token_ids(hits)
    filled_pauses = {i for h in hits if h.cls == "filled_pause" for i in range(h.first, h.last + 1)}
    lexical_words = len(doc.tokens) - len(filled_pauses)
    u = understanding(transcript, doc)

    speech = max(0.0, doc.tokens[-1].end - doc.tokens[0].start) if doc.tokens else 0.0
    metrics: dict = {
        "word_count": lexical_words,
        "words_total": len(doc.tokens),
        "speech_seconds": round(speech, 2),
        "target_seconds": target,
        "word_budget": list(word_budget(target)),
        "length_window": list(clarity.length_window(target)),
        "mean_word_probability": round(u.mean_word_probability, 3),
        "low_logprob_share": round(u.low_logprob_share, 3),
        "repetitive_share": round(u.repetitive_share, 3),
        "vad_speech_seconds": transcript.vad_speech_seconds,
    }

    gate = check_gates(transcript, doc, lex, lexical_words, u)
    if gate is not None:
        return ScoreResult(gate=gate, target_seconds=target, metrics=metrics)

    ctx = Context(
        transcript=transcript,
        doc=doc,
        lex=lex,
        target_seconds=target,
        fillers=hits,
        filler_ids=filler_ids,
        clean=NormText(doc.tokens, (i for i in range(len(doc.tokens)) if i not in filler_ids)),
        metrics=metrics,
    )

    clarity_out = [
        clarity.length(ctx),
        clarity.pace(ctx),
        clarity.fillers(ctx),
        clarity.pauses(ctx),
        clarity.plain_language(ctx),
        clarity.says_what_you_do(ctx),
        clarity.intelligibility(ctx),
    ]
    voice = delivery.voice_of(ctx)
    if voice is not None:
        clarity_out += [
            delivery.monotone(ctx, voice),
            delivery.trailing_off(ctx, voice),
            delivery.rushed_ending(ctx, voice),
            delivery.quiet(ctx, voice),
        ]
        metrics["voice"] = voice.metrics(transcript.words)
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
    outcomes = clarity_out + listener_out

    clarity_score = _category_score(clarity_out)
    listener_score = _category_score(listener_out)
    overall = int(round(0.5 * clarity_score + 0.5 * listener_score))

    deductions = [d for d in (o.deduction() for o in outcomes) if d is not None]
    # Largest first; ties keep rubric order, so the order is stable between runs.
    deductions.sort(key=lambda d: -d.points)
    highlights = [h for o in outcomes for h in o.highlights]
    highlights.sort(key=lambda h: (h.first_word, h.last_word, h.kind))

    return ScoreResult(
        gate=None,
        target_seconds=target,
        overall=overall,
        clarity=clarity_score,
        listener_focus=listener_score,
        band=band_for(overall),
        subscores=[o.subscore() for o in outcomes],
        deductions=deductions,
        positives=[p for o in outcomes for p in o.positives],
        notes=[n for o in outcomes for n in o.notes],
        metrics=metrics,
        highlights=highlights,
        structure=structure(ctx),
    )
