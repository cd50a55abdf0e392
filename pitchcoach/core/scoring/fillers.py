"""Filler detection with context (rubric §2.3).

Precision first: when a word could be a filler or an ordinary word, it is not counted, so that
every filler we report can be defended ("I like dogs" is a verb; "I, like, work" is a filler).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pitchcoach.core.lexicon import Lexicons
from pitchcoach.core.scoring.tokens import Doc, Token, wordset

# Elongated filled pauses Whisper sometimes writes ("ummm", "uhhh", "hmmm").
FILLED_PAUSE_SHAPE = re.compile(r"^(?:u+m+|u+h+m*|h+m+|m{2,}|e+r+m*|a+h+|e+h+|u+r+m+)$")

# "like" after these is a verb ("I like", "would like", "to like").
_LIKE_VERB_BEFORE = wordset(
    "i you we they he she people would i'd you'd we'd they'd he'd she'd do don't does doesn't did didn't "
    "really also still to who that will won't might may can could should"
)
# "like" after these is a preposition ("looks like", "things like that").
_LIKE_PREP_BEFORE = wordset(
    "feel feels felt look looks looked sound sounds sounded seem seems seemed something anything nothing "
    "just much more things stuff ones one exactly kind sort"
)
# "was like", "it's like": quoted speech. Informal, but not a filler (rubric §2.3).
_QUOTATIVE_BEFORE = wordset("was is were am i'm he's she's it's that's they're we're you're be been")
_NUMBER_WORDS = wordset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
    "hundred thousand million half dozen"
)
# "you know" / "I mean" after these is meant literally ("do you know", "as you know", "what I mean").
_PHRASE_LITERAL_BEFORE = wordset(
    "do did does don't didn't if as would will could should can what whether because that's which all let"
)
_SUBJECTS = wordset("i we you it they he she it's we're i'm they're there that's this")
# "so that", "so much", "right now", "okay with": the word has its ordinary meaning.
_DISCOURSE_NOT_BEFORE = {
    "so": wordset("that much many far long few little"),
    "right": wordset("now away here there after before"),
    "well": wordset("known done being paid"),
}
# Repeats that are normal English ("that that", "had had", "very very").
_REPEAT_OK = wordset("that had very really so no yes bye ha well many much more")

MIN_GAP_FOR_LIKE_S = 0.15  # [design choice] rubric §2.3: a "like" flanked by pauses is a filler


@dataclass
class FillerHit:
    first: int  # token index
    last: int
    term: str  # what is reported: "um", "like", "you know", "repeat: I"
    cls: str  # the filler class (lexicon) or "repeat"


def _is_number(tok: Token) -> bool:
    return any(c.isdigit() for c in tok.norm) or tok.norm in _NUMBER_WORDS


def _prev(doc: Doc, i: int) -> Token | None:
    return doc.tokens[i - 1] if i > 0 else None


def _next(doc: Doc, i: int) -> Token | None:
    return doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None


def _like_is_filler(doc: Doc, i: int, filler_ids: set[int]) -> bool:
    tok = doc.tokens[i]
    prev = _prev(doc, i) if not tok.sentence_start else None
    nxt = _next(doc, i)
    if nxt is not None and nxt.sentence != tok.sentence:
        nxt = None
    if prev is not None and prev.norm == "like" and (i - 1) in filler_ids:
        return True  # "like, like"
    if nxt is not None and nxt.norm == "like":
        return True
    # Commas on both sides win over everything else: "I, like, work" is a filler although
    # "I like" is a verb.
    set_off_before = prev is None or prev.pause_after
    if set_off_before and tok.pause_after:
        return True  # "I, like, work" / "Like, ..."
    if prev is not None and prev.norm in _QUOTATIVE_BEFORE:
        return False
    if nxt is not None and _is_number(nxt):
        return False  # approximator "like 20 people": counted as a hedge instead
    if prev is not None and (prev.norm in _LIKE_VERB_BEFORE or prev.norm in _LIKE_PREP_BEFORE):
        return False
    if prev is not None and nxt is not None:
        gap_before = tok.start - prev.end
        gap_after = nxt.start - tok.end
        if gap_before >= MIN_GAP_FOR_LIKE_S and gap_after >= MIN_GAP_FOR_LIKE_S:
            return True
    return False


def like_is_approximator(doc: Doc, i: int) -> bool:
    tok = doc.tokens[i]
    nxt = _next(doc, i)
    prev = _prev(doc, i)
    return (
        tok.norm == "like"
        and nxt is not None
        and nxt.sentence == tok.sentence
        and _is_number(nxt)
        and not tok.pause_after
        and not (prev is not None and prev.norm in _LIKE_VERB_BEFORE | _LIKE_PREP_BEFORE | _QUOTATIVE_BEFORE)
    )


def _phrase_is_filler(doc: Doc, first: int, last: int) -> bool:
    start_tok, end_tok = doc.tokens[first], doc.tokens[last]
    prev = _prev(doc, first) if not start_tok.sentence_start else None
    if prev is not None and prev.norm in _PHRASE_LITERAL_BEFORE:
        return False
    if end_tok.punctuated:
        return True  # "we make, you know, software" / "..., I mean."
    nxt = _next(doc, last)
    # Sentence-initial "You know we..." / "I mean it's...": a lead-in, not a verb with an object.
    return start_tok.sentence_start and nxt is not None and nxt.sentence == end_tok.sentence and (nxt.norm in _SUBJECTS)


def _discourse_is_filler(doc: Doc, first: int, last: int) -> bool:
    tok = doc.tokens[first]
    end_tok = doc.tokens[last]
    nxt = _next(doc, last)
    if nxt is not None and nxt.sentence != end_tok.sentence:
        nxt = None
    blocked = _DISCOURSE_NOT_BEFORE.get(tok.norm, frozenset())
    if nxt is not None and nxt.norm in blocked:
        return False
    prev = _prev(doc, first)
    if tok.sentence_start:
        if end_tok.pause_after:
            return True  # "So, ..." / "Well, ..." / "Okay, ..."
        # The very first word of the take cannot be "therefore": "So I'm Dana" is a warm-up word.
        return first == 0 and nxt is not None and tok.norm in ("so", "okay", "ok", "well", "yeah")
    # Tag question at the end: "..., right?" / "..., okay?"
    return (
        prev is not None and prev.pause_after and end_tok.question_mark and tok.norm in ("right", "okay", "ok", "yeah")
    )


def detect_fillers(doc: Doc, lex: Lexicons) -> list[FillerHit]:
    """Every filler in the take, in order. Filled pauses, set-off phrases, repeats."""
    hits: list[FillerHit] = []
    taken: set[int] = set()
    toks = doc.tokens

    for i, tok in enumerate(toks):
        if lex.fillers.get(tok.norm) == "filled_pause" or FILLED_PAUSE_SHAPE.match(tok.norm):
            hits.append(FillerHit(i, i, tok.norm, "filled_pause"))
            taken.add(i)

    if lex.filler_re is not None:
        for first, last, matched in doc.text.find(lex.filler_re):
            if first in taken:
                continue
            cls = lex.fillers.get(matched, "")
            if cls in ("filled_pause", ""):
                continue
            if cls in ("crutch", "vague", "tag"):
                ok = True
            elif cls == "phrase":
                ok = _phrase_is_filler(doc, first, last)
            elif cls == "discourse":
                ok = _discourse_is_filler(doc, first, last)
            elif cls == "like":
                ok = _like_is_filler(doc, first, taken)
            else:
                ok = False
            if ok:
                hits.append(FillerHit(first, last, matched, cls))
                taken.update(range(first, last + 1))

    # Repeats: "I I", "we we", and two-word repeats "this means, this means".
    for i in range(1, len(toks)):
        a, b = toks[i - 1], toks[i]
        if (
            a.norm == b.norm
            and not a.ends_sentence
            and a.norm not in _REPEAT_OK
            and i not in taken
            and (i - 1) not in taken
            and not _is_number(a)
        ):
            hits.append(FillerHit(i, i, f"{b.norm} {b.norm}", "repeat"))
            taken.add(i)
    for i in range(3, len(toks)):
        if (
            toks[i - 3].norm == toks[i - 1].norm
            and toks[i - 2].norm == toks[i].norm
            and toks[i - 3].norm != toks[i - 2].norm
            and not toks[i - 2].ends_sentence
            and not taken.intersection(range(i - 3, i + 1))
        ):
            term = f"{toks[i - 1].norm} {toks[i].norm}"
            hits.append(FillerHit(i - 1, i, f"{term}, {term}", "repeat"))
            taken.update((i - 1, i))

    hits.sort(key=lambda h: h.first)
    return hits


def filler_token_ids(hits: list[FillerHit]) -> set[int]:
    out: set[int] = set()
    for h in hits:
        out.update(range(h.first, h.last + 1))
    return out
