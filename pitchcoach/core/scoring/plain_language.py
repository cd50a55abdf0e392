"""Plain language (rubric §7.2 C5): jargon, acronyms, hedges, long sentences, list dumps, reading ease."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from pitchcoach.core.messages import Message, msg, quoted_list, unique
from pitchcoach.core.scoring.context import Context, RuleOutcome
from pitchcoach.core.scoring.hesitations import like_is_approximator
from pitchcoach.core.scoring.readability import SyllableRules, flesch_reading_ease, syllables
from pitchcoach.core.scoring.result import CLARITY, Evidence, Highlight
from pitchcoach.core.scoring.tokens import Token
from pitchcoach.core.words import FALLBACK_SENTENCE_GAP_S

WEIGHT = 20.0  # rubric §7.2 C5
BUZZWORD_PTS = 3.0
ACRONYM_PTS = 2.0
HEDGE_PTS = 2.0
LONG_SENTENCE_WORDS = 25
LONG_SENTENCE_PTS = 3.0
MEAN_SENTENCE_MAX = 20.0
MEAN_SENTENCE_PTS_MAX = 5.0
LIST_MIN_ITEMS = 5
LIST_ITEM_MAX_WORDS = 3
LIST_PTS = 8.0
FRE_MIN = 30.0
FRE_MIN_WORDS = 40
FRE_PTS = 3.0

_ACRONYM_SHAPE = re.compile(r"^[A-Z][A-Z0-9&]{1,4}s?$")


@dataclass
class _Item:
    points: float
    message: Message
    tip: Message
    evidence: list[Evidence]
    kind: str = ""  # buzzword / acronym / hedge items are reported together, one sentence per kind
    term: str = ""


def _is_acronym(tok: Token) -> str | None:
    word = tok.raw.strip().strip(".,!?;:\"'()[]")
    if not _ACRONYM_SHAPE.match(word):
        return None
    letters = sum(1 for c in word if c.isupper())
    if letters < 2:
        return None
    return word


def _acronym_explained(ctx: Context, i: int, acr: str) -> bool:
    """ "customer relationship management, CRM": the words just before spell it out."""
    letters = [c for c in acr.rstrip("s").upper() if c.isalpha()]
    k = len(letters)
    toks = ctx.doc.tokens
    for lo in range(max(0, i - k - 3), i - k + 1):
        window = [t.norm for t in toks[lo : lo + k]]
        if len(window) == k and all(w and w[0].upper() == c for w, c in zip(window, letters, strict=True)):
            return True
    # ... or just after: "CRM, customer relationship management".
    after = [t.norm for t in toks[i + 1 : i + 1 + k]]
    return len(after) == k and all(w and w[0].upper() == c for w, c in zip(after, letters, strict=True))


def _rewrite_without(ctx: Context, first: int, last: int) -> str:
    """The sentence with the hedge dropped, trimmed to a readable window. Fillers are dropped too:
    the rewrite is a model answer, and "Drop it: 'Uh, the levels are okay.'" would teach the "uh"."""
    toks = ctx.doc.tokens
    s = ctx.doc.sentences[toks[first].sentence]
    lo, hi = max(s.first, first - 6), min(s.last, last + 6)
    keep = [j for j in range(lo, hi + 1) if not first <= j <= last and j not in ctx.filler_ids]
    words = []
    for n, j in enumerate(keep):
        raw = toks[j].raw
        # A comma left dangling where a dropped word stood: "I run, uh, a bakery" -> "I run a bakery".
        if raw.endswith(",") and (n + 1 == len(keep) or keep[n + 1] != j + 1) and not toks[j].ends_sentence:
            raw = raw[:-1]
        words.append(raw)
    text = ctx.doc.joiner.join(words).strip(" ,，")
    if not any(ch.isalnum() for ch in text):
        return ""
    if lo > s.first:
        text = "…" + text
    if hi < s.last:
        text += "…"
    return text[:1].upper() + text[1:] if text else text


def _list_runs(ctx: Context) -> list[tuple[int, int, int]]:
    """(first token, last token, items) for runs of >= LIST_MIN_ITEMS short comma-separated items."""
    runs = []
    joiners = ctx.lex.grammar.words("plain_language", "list_joiners")
    for s in ctx.doc.sentences:
        chunks: list[list[int]] = [[]]
        for i in range(s.first, s.last + 1):
            if i in ctx.filler_ids:
                continue
            chunks[-1].append(i)
            if ctx.doc.tokens[i].pause_after:
                chunks.append([])
        chunks = [c for c in chunks if c]
        # The last item usually starts with "and"/"or": that word is glue, not content.
        run: list[list[int]] = []
        lead_in: list[int] = []  # the longer chunk before a run ends with the list's first item
        for c in [*chunks, []]:
            words = [i for i in c if ctx.doc.tokens[i].norm not in joiners]
            if c and 1 <= len(words) <= LIST_ITEM_MAX_WORDS:
                run.append(c)
                continue
            items = len(run) + (1 if lead_in and run else 0)
            if items >= LIST_MIN_ITEMS:
                first = lead_in[-1] if lead_in else run[0][0]
                runs.append((first, run[-1][-1], items))
            run = []
            lead_in = c
    return runs


def acronym_tip(terms: list[str], spelled: dict[str, str]) -> Message:
    """Spell out the acronyms we know (``spelled``: grammar.toml's [plain_language.acronym_words]); ask
    for the others to be spelled out, with the shape to use."""
    known = [(t, spelled[t.rstrip("s").upper()]) for t in terms if t.rstrip("s").upper() in spelled]
    unknown = [t for t in terms if t.rstrip("s").upper() not in spelled]
    parts = [msg("plain_language.say_instead", words=words, term=t) for t, words in known[:4]]
    if unknown:
        shown = quoted_list(unknown, 4)
        parts.append(msg("plain_language.say_what_it_stands_for", terms=shown, n=len(unknown), first=unknown[0]))
    return msg("plain_language.acronym_tip", parts=parts)


def plain_language(ctx: Context) -> RuleOutcome:
    out = RuleOutcome(rule="plain_language", category=CLARITY, weight=WEIGHT)
    doc, lex = ctx.doc, ctx.lex
    g = lex.grammar  # the rule's context words: lexicons/<lang>/grammar.toml [plain_language]
    spelled = g.table("plain_language", "acronym_words")
    items: list[_Item] = []
    n_buzz = n_acr = n_hedge = 0

    if lex.buzzword_re is not None:
        for first, last, term in ctx.clean.find(lex.buzzword_re):
            plain = lex.buzzwords.get(term, "")
            n_buzz += 1
            items.append(
                _Item(
                    BUZZWORD_PTS,
                    msg("plain_language.buzzword", term=doc.span_text(first, last).strip(",.?!")),
                    (
                        msg("plain_language.buzzword_tip_plain", plain=plain)
                        if plain
                        else msg("plain_language.buzzword_tip")
                    ),
                    [ctx.evidence(first, last)],
                    "buzzword",
                    doc.span_text(first, last).strip(",.?!"),
                )
            )
            out.highlights.append(
                Highlight("jargon", doc.tokens[first].index, doc.tokens[last].last_word, f"jargon: try '{plain}'")
            )

    # Acronyms. Skip when the whole take is in capitals: then capitals mean nothing.
    upper_share = sum(1 for t in doc.tokens if t.raw.isupper()) / max(1, len(doc.tokens))
    seen_acr: set[str] = set()
    if upper_share < 0.5:
        for i, tok in enumerate(doc.tokens):
            acr = _is_acronym(tok)
            if acr is None or i in ctx.filler_ids:
                continue
            key = acr.rstrip("s").upper() if acr.endswith("s") and acr[:-1].isupper() else acr.upper()
            if key in lex.acronym_allowlist or key in seen_acr:
                continue
            seen_acr.add(key)
            if _acronym_explained(ctx, i, acr):
                continue
            n_acr += 1
            items.append(
                _Item(
                    ACRONYM_PTS,
                    msg("plain_language.acronym", term=acr),
                    acronym_tip([acr], spelled),
                    [ctx.evidence(i, i)],
                    "acronym",
                    acr,
                )
            )
            out.highlights.append(Highlight("jargon", tok.index, tok.last_word, "acronym: say what it stands for once"))

    # Hedges. A softened question ("could you tell me a bit about...") is politeness, not doubt.
    hedge_hits: list[tuple[int, int, str]] = []
    if lex.hedge_re is not None:
        for first, last, term in ctx.clean.find(lex.hedge_re):
            tok = doc.tokens[first]
            if (
                term in ("kind of", "sort of")
                and not tok.sentence_start
                and doc.tokens[first - 1].norm in g.words("plain_language", "kind_of_noun_before")
            ):
                continue
            hedge_hits.append((first, last, term))
    # Hedges that depend on their place (grammar.toml [plain_language]): "I think" opening a sentence,
    # "just" between a subject and a verb ("we just help").
    opener = (
        tuple(sorted(g.words("plain_language", "opener_hedge_first"))),
        tuple(sorted(g.words("plain_language", "opener_hedge_second"))),
    )
    justs, just_after = g.words("plain_language", "just"), g.words("plain_language", "just_after")
    for i, tok in enumerate(doc.tokens):
        if i in ctx.filler_ids:
            continue
        nxt = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None
        if tok.sentence_start and tok.norm in opener[0] and nxt is not None and nxt.norm in opener[1]:
            hedge_hits.append((i, i + 1, ctx.doc.span_text(i, i + 1).strip(",.?!")))
        elif (
            tok.norm in justs
            and i > 0
            and doc.tokens[i - 1].norm in just_after
            and nxt is not None
            and nxt.norm in g.words("plain_language", "just_verbs")
        ):
            hedge_hits.append((i, i, tok.norm))
        elif tok.norm == "like" and like_is_approximator(doc, lex, i):
            hedge_hits.append((i, i, "like (meaning 'about')"))
    hedge_hits.sort()
    for first, last, term in hedge_hits:
        s = doc.sentences[doc.tokens[first].sentence]
        if s.question_mark:
            continue
        rewrite = _rewrite_without(ctx, first, last)
        n_hedge += 1
        items.append(
            _Item(
                HEDGE_PTS,
                msg("plain_language.hedge", term=doc.span_text(first, last).strip(",.?!")),
                (
                    msg("plain_language.hedge_tip_rewrite", rewrite=rewrite)
                    if rewrite
                    else msg("plain_language.hedge_tip")
                ),
                [ctx.evidence(first, last)],
                "hedge",
                doc.span_text(first, last).strip(",.?!"),
            )
        )
        out.highlights.append(Highlight("hedge", doc.tokens[first].index, doc.tokens[last].last_word, f"hedge: {term}"))

    # Sentence length, counted in lexical words (fillers excluded). Chinese: characters per stretch
    # between pauses (rubric-zh §5), since Whisper's Chinese punctuation is unreliable.
    lengths = []
    unspaced = not lex.profile.spaced
    if unspaced:
        items.extend(_long_stretches(ctx))
    for s in [] if unspaced else doc.sentences:
        n = sum(1 for i in range(s.first, s.last + 1) if i not in ctx.filler_ids)
        lengths.append(n)
        if n > LONG_SENTENCE_WORDS:
            items.append(
                _Item(
                    LONG_SENTENCE_PTS,
                    msg("plain_language.long_sentence", n=n),
                    msg("plain_language.long_sentence_tip"),
                    [ctx.evidence(s.first, s.last)],
                )
            )
    if unspaced:
        count = lex.profile.count_units
        lengths = [
            sum(count(doc.tokens[i].norm) for i in range(s.first, s.last + 1) if i not in ctx.filler_ids)
            for s in doc.sentences
        ]
    mean_len = statistics.fmean(lengths) if lengths else 0.0
    ctx.metrics.sentences = len(doc.sentences)
    ctx.metrics.mean_sentence_words = round(mean_len, 1)
    if mean_len > MEAN_SENTENCE_MAX and not unspaced:
        items.append(
            _Item(
                min(MEAN_SENTENCE_PTS_MAX, mean_len - MEAN_SENTENCE_MAX),
                msg("plain_language.mean_sentence", n=round(mean_len)),
                msg("plain_language.mean_sentence_tip"),
                [],
            )
        )

    for first, last, k in _list_runs(ctx):
        items.append(
            _Item(
                LIST_PTS,
                msg("plain_language.list", n=k),
                msg("plain_language.list_tip"),
                [ctx.evidence(first, last)],
            )
        )

    lexical = [t for i, t in enumerate(doc.tokens) if i not in ctx.filler_ids]
    fre = None
    if lex.profile.readability_not_applicable is None:
        rules = SyllableRules(*(tuple(sorted(g.words("readability", f"{e}_sounded_after"))) for e in ("e", "es", "ed")))
        syl = sum(syllables(t.norm, rules) for t in lexical)
        fre = flesch_reading_ease(len(lexical), max(1, len(doc.sentences)), syl)
        ctx.metrics.flesch_reading_ease = None if fre is None else round(fre, 1)
    else:
        out.notes.append(msg(f"plain_language.readability_not_applicable_{lex.profile.code}"))
    if fre is not None and len(lexical) >= FRE_MIN_WORDS and fre < FRE_MIN:
        items.append(
            _Item(
                FRE_PTS,
                msg("plain_language.reading_ease", score=round(fre)),
                msg("plain_language.reading_ease_tip"),
                [],
            )
        )

    ctx.metrics.buzzwords = n_buzz
    ctx.metrics.hedges = n_hedge
    ctx.metrics.acronyms_unexplained = n_acr

    if not items:
        out.positives.append(msg("plain_language.good"))
        return out
    out.take(sum(it.points for it in items))
    out.message, out.tip = _summarise(items, spelled)
    out.evidence = [e for it in items for e in it.evidence]
    return out


def _long_stretches(ctx: Context) -> list[_Item]:
    """Chinese: stretches of more than the profile's limit (40 字) between pauses of 0.5 s or more or
    sentence ends (rubric-zh §5), counted in characters without fillers."""
    doc, profile = ctx.doc, ctx.lex.profile
    toks = doc.tokens
    out: list[_Item] = []
    first = 0
    for i, t in enumerate(toks):
        last = i == len(toks) - 1
        if not (last or t.ends_sentence or toks[i + 1].start - t.end >= FALLBACK_SENTENCE_GAP_S):
            continue
        n = sum(profile.count_units(toks[j].norm) for j in range(first, i + 1) if j not in ctx.filler_ids)
        if n > profile.long_stretch_units:
            out.append(
                _Item(
                    LONG_SENTENCE_PTS,
                    msg("plain_language.long_stretch", n=n),
                    msg("plain_language.long_stretch_tip", every=profile.long_stretch_units // 2),
                    [ctx.evidence(first, i)],
                )
            )
        first = i + 1
    return out


def _summarise(items: list[_Item], spelled: dict[str, str]) -> tuple[Message, Message]:
    """One sentence per kind of problem, biggest first, so five buzzwords read as one finding."""
    groups: dict[str, list[_Item]] = {}
    for it in items:
        groups.setdefault(it.kind or repr(it.message.to_dict()), []).append(it)
    ordered = sorted(groups.values(), key=lambda g: -sum(it.points for it in g))
    messages: list[Message] = []
    tips: list[Message] = []
    for g in ordered[:3]:
        kind = g[0].kind
        terms = list(dict.fromkeys(it.term for it in g))
        if kind == "buzzword":
            messages.append(msg("plain_language.buzzwords", terms=quoted_list(terms, 4), n=len(terms)))
            tips.append(g[0].tip)
        elif kind == "acronym":
            messages.append(msg("plain_language.acronyms", terms=quoted_list(terms, 4), n=len(terms)))
            tips.append(acronym_tip(terms, spelled))
        elif kind == "hedge":
            messages.append(msg("plain_language.hedges", terms=quoted_list(terms, 4), n=len(terms)))
            tips.append(g[0].tip)
        else:
            messages.append(g[0].message if len(g) == 1 else msg("text.times", text=g[0].message, n=len(g)))
            tips.append(g[0].tip)
    if len(ordered) > 3:
        messages.append(msg("plain_language.more_kinds", n=len(ordered) - 3))
    return msg("text.sentences", parts=messages), msg("text.sentences", parts=unique(tips))
