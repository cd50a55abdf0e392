"""The structure strip: which parts of a good introduction the take contains."""

from __future__ import annotations

from pitchcoach.core.scoring.context import Context
from pitchcoach.core.scoring.result import STRUCTURE_PARTS


def has_name(ctx: Context) -> bool:
    """ "I'm Sarah", "my name is ...": the words are lexicons/<lang>/grammar.toml's [structure]."""
    g = ctx.lex.grammar
    if not ctx.lex.profile.spaced:
        return _has_name_unspaced(ctx)
    not_names, im, name_words = (g.words("structure", k) for k in ("not_names", "im", "name_words"))
    i_, am, my, name, is_ = (g.words("structure", k) for k in ("i", "am", "my", "name", "is"))
    toks = ctx.doc.tokens
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is None:
            break
        after = toks[i + 2] if i + 2 < len(toks) else None
        if t.norm in im and nxt.capitalised and nxt.norm not in not_names:
            return True
        if t.norm in i_ and nxt.norm in am and after is not None and after.capitalised:
            return after.norm not in not_names
        if t.norm in name and nxt.norm in is_ and i > 0 and toks[i - 1].norm in my:
            return True
        if t.norm in name_words and i > 0 and toks[i - 1].norm in my:
            return True
    return False


def _has_name_unspaced(ctx: Context) -> bool:
    """ "我叫王丽", "我的名字是…": a naming word (grammar.toml [structure] name_intros) after a self word."""
    g = ctx.lex.grammar
    intros, self_words = g.words("structure", "name_intros"), g.words("listener", "self_words")
    after = g.words("structure", "name_intro_after")  # 我的名字: the possessive between
    toks = ctx.doc.tokens
    for i, t in enumerate(toks[1:-1], start=1):
        if t.norm in intros and (toks[i - 1].norm in self_words or toks[i - 1].norm in after):
            return True
    return False


def has_proof(ctx: Context) -> bool:
    return any(ctx.clean.search(p, whole_words=False) for p in ctx.lex.proof_patterns)


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
