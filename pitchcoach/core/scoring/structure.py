"""The structure strip: which parts of a good introduction the take contains."""

from __future__ import annotations

from pitchcoach.core.scoring.context import Context
from pitchcoach.core.scoring.result import STRUCTURE_PARTS
from pitchcoach.core.scoring.tokens import wordset

# Capitalised words after "I'm" that are not names ("I'm Really excited" is a transcription quirk).
_NOT_NAMES = wordset("a an the so just really here very not also now currently still")


def has_name(ctx: Context) -> bool:
    toks = ctx.doc.tokens
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is None:
            break
        after = toks[i + 2] if i + 2 < len(toks) else None
        if t.norm in ("i'm", "im") and nxt.capitalised and nxt.norm not in _NOT_NAMES:
            return True
        if t.norm == "i" and nxt.norm == "am" and after is not None and after.capitalised:
            return after.norm not in _NOT_NAMES
        if t.norm == "name" and nxt.norm == "is" and i > 0 and toks[i - 1].norm == "my":
            return True
        if t.norm in ("name's", "names") and i > 0 and toks[i - 1].norm == "my":
            return True
    return False


def has_proof(ctx: Context) -> bool:
    return any(ctx.clean.search(p) for p in ctx.lex.proof_patterns)


def structure(ctx: Context) -> dict[str, bool]:
    m = ctx.metrics
    parts = {
        "name": has_name(ctx),
        "what_you_do": bool(m.says_what_you_do),
        "who_it_helps": bool(m.benefit),
        "proof": has_proof(ctx),
        "question": bool(m.listener_questions),
        "offer_help": bool(m.offers_help),
    }
    return {k: parts[k] for k in STRUCTURE_PARTS}
