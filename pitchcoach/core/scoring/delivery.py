"""Voice delivery rules (issue 16): how it was said, from the take's voice analysis.

Each rule reads the VoiceAnalysis stored with the transcript (core/voice) and turns its findings
into a capped, explained deduction like every other Clarity rule. A take without voice data (typed
text, a take stored before voice analysis existed) skips them. The thresholds live with the
measurements in core/voice; here are only the points and the words.
"""

from __future__ import annotations

from collections.abc import Sequence

from pitchcoach.core.messages import Message, msg
from pitchcoach.core.scoring.context import Context, RuleOutcome
from pitchcoach.core.scoring.hesitations import FILLED_PAUSE, PROLONGATION, UNVOICED, Hesitation
from pitchcoach.core.scoring.result import CLARITY, Evidence
from pitchcoach.core.scoring.tokens import clock
from pitchcoach.core.transcript import Transcript, normalize_word
from pitchcoach.core.voice.analysis import QUIET_DBFS, VoiceAnalysis, window_rates

# Caps (the rules' weights). Delivery has the 15 points length had before it became the Timing
# verdict, so Clarity's caps add up to 100 again (85 in clarity.py, 15 here; a test checks the sum).
WEIGHTS = {"monotone": 5.0, "trailing_off": 4.0, "rushed_ending": 4.0, "quiet": 2.0}
# The monotone lines are the language's (core/language.py: English 1.5 st, full points at 0.75, a flat
# sentence under 1.0, praise from 2.0, inside Hincks' speakers' range; Mandarin higher, for its tones).
TRAIL_PTS_EACH = 2.0
NO_PAUSE_PTS = 2.0


def _outcome(rule: str) -> RuleOutcome:
    return RuleOutcome(rule=rule, category=CLARITY, weight=WEIGHTS[rule])


def _words_text(ctx: Context, first: int, last: int) -> str:
    return ctx.doc.joiner.join(w.text.strip() for w in ctx.transcript.words[first : last + 1])


def _skip(out: RuleOutcome) -> RuleOutcome:
    out.skipped = True
    return out


def monotone(ctx: Context, va: VoiceAnalysis | None) -> RuleOutcome:
    out = _outcome("monotone")
    if va is None or va.f0_spread_semitones is None:
        return _skip(out)
    spread = va.f0_spread_semitones
    p = ctx.lex.profile
    # The voice analysis marks flat and monotone by English's lines; each language judges by its own.
    flat = [s for s in va.sentences if s.spread_st is not None and s.spread_st < p.flat_sentence_st]
    if spread < p.monotone_st:
        share = (p.monotone_st - spread) / (p.monotone_st - p.monotone_full_st)
        out.take(out.weight * min(1.0, max(0.25, share)))
        out.message = msg(
            "monotone.message", spread=f"{spread:.1f}", lo=f"{p.lively_range[0]:g}", hi=f"{p.lively_range[1]:g}"
        )
        out.tip = msg("monotone.tip")
        out.evidence = [Evidence(_words_text(ctx, s.first_word, s.last_word), s.start, s.end) for s in flat]
    elif flat:
        s = flat[0]
        out.notes.append(
            msg("monotone.flat_sentence", words=_words_text(ctx, s.first_word, s.last_word), at=clock(s.start))
        )
    elif spread >= p.lively_range[0]:
        out.positives.append(msg("monotone.good", spread=f"{spread:.1f}"))
    return out


def trailing_off(ctx: Context, va: VoiceAnalysis | None) -> RuleOutcome:
    out = _outcome("trailing_off")
    if va is None or va.level_dbfs is None:
        return _skip(out)
    ctx.metrics.trailing_off_sentences = len(va.trailing_off)
    if not va.trails_off:
        return out
    words = ctx.transcript.words
    out.take(TRAIL_PTS_EACH * len(va.trailing_off))
    first = va.trailing_off[0]
    w = words[first.words[0]]
    how = msg("trailing_off.creaky") if first.kind == "creak" else msg("trailing_off.drops", db=f"{first.drop_db:.0f}")
    out.message = msg(
        "trailing_off.message",
        n=len(va.trailing_off),
        of=len(va.sentences),
        words=_words_text(ctx, first.words[0], first.words[-1]).strip(",.?!"),
        at=clock(w.start),
        how=how,
    )
    out.tip = msg("trailing_off.tip")
    out.evidence = [
        Evidence(_words_text(ctx, t.words[0], t.words[-1]), words[t.words[0]].start, words[t.words[-1]].end)
        for t in va.trailing_off
    ]
    return out


def rushed_ending(ctx: Context, va: VoiceAnalysis | None) -> RuleOutcome:
    out = _outcome("rushed_ending")
    if va is None or not va.wpm_windows:
        return _skip(out)
    p = ctx.lex.profile
    rates = _window_rates(ctx, va)
    if p.spaced:
        ctx.metrics.wpm_windows = [round(r, 1) for r in rates]
    else:
        ctx.metrics.cpm_windows = [round(r, 1) for r in rates]
    parts: list[Message] = []
    points = 0.0
    # The voice analysis judged the speed-up by letters per second; the floor (faster than the comfortable
    # band's top) is the language's, in its own unit.
    if va.rushed_ending and rates[-1] > p.pace_band[1]:
        last = va.wpm_windows[-1]
        before = sorted(rates[:-1])[len(rates[:-1]) // 2]
        points += out.weight
        unit = msg(f"pace_label.{p.pace_unit}")
        parts.append(msg("rushed_ending.sped_up", last=round(rates[-1]), unit=unit, before=round(before)))
        out.evidence.append(Evidence("the last seconds", last.start, last.end))
    if va.no_pause:
        points += NO_PAUSE_PTS
        parts.append(msg("rushed_ending.no_pause"))
    if not parts:
        if va.pauses:
            out.positives.append(msg("rushed_ending.good"))
        return out
    out.take(points)
    out.message = msg("text.sentences", parts=parts)
    out.tip = msg("rushed_ending.tip")
    return out


def _window_rates(ctx: Context, va: VoiceAnalysis) -> list[float]:
    """The pace in each of the voice analysis's 5 s windows, in the language's unit: its own words per
    minute for English; for Mandarin, characters per minute (the recogniser's words are tokens of one
    to a few characters, so their count is not a pace)."""
    if ctx.lex.profile.spaced:
        return [w.wpm for w in va.wpm_windows]
    return window_rates(va.wpm_windows, ctx.transcript.words, ctx.lex.profile.count_units)


def quiet(ctx: Context, va: VoiceAnalysis | None) -> RuleOutcome:
    out = _outcome("quiet")
    if va is None or va.level_dbfs is None:
        return _skip(out)
    if va.quiet:
        out.take(out.weight)
        out.message = msg("quiet.message", level=f"{va.level_dbfs:.0f}", limit=f"{QUIET_DBFS:.0f}")
        out.tip = msg("quiet.tip")
        if ctx.transcript.words:
            ws = ctx.transcript.words
            out.evidence = [Evidence("the whole take", ws[0].start, ws[-1].end)]
    return out


# A sound heard this close to a transcribed "um"/"uh" is that filler (its timestamp was a little off).
DOUBLE_COUNT_S = 0.3
HEARD_TERM = "heard, not transcribed"


def voice_hesitations(transcript: Transcript, found: Sequence[Hesitation]) -> list[Hesitation]:
    """Hesitations the voice analysis heard that the transcript does not have, marked "heard, not
    transcribed", to join the transcript's own (``found``) in the filler rule and metrics.hesitations.

    Never counted twice: a sound next to a transcribed filled pause is that pause, and a drawn-out
    word that is already a hesitation ("so," as a stall) stays one.
    """
    va = transcript.voice
    if va is None:
        return []
    filled = [(h.start, h.end) for h in found if h.kind == FILLED_PAUSE]
    taken = {
        i
        for h in found
        if h.first_word is not None
        for i in range(h.first_word, (h.last_word if h.last_word is not None else h.first_word) + 1)
    }
    out = [
        Hesitation(
            kind=UNVOICED,
            start=u.start,
            end=u.end,
            text=f"({HEARD_TERM})",
            source="voice",
            term=HEARD_TERM,
            why=f"{u.end - u.start:.2f} s of voice between words that no word covers",
        )
        for u in va.unvoiced_hesitations
        if not any(u.start < e + DOUBLE_COUNT_S and u.end > s - DOUBLE_COUNT_S for s, e in filled)
    ]
    words = transcript.words
    for p in va.prolongations:
        if p.word in taken or p.word >= len(words):
            continue
        w = words[p.word]
        out.append(
            Hesitation(
                kind=PROLONGATION,
                start=w.start,
                end=w.end,
                text=w.text.strip(),
                source="voice",
                term=normalize_word(w.text),
                why=f"drawn out: {p.seconds:.1f} s where its letters take about {p.expected_seconds:.1f} s",
                first_word=p.word,
                last_word=p.word,
            )
        )
    return out
