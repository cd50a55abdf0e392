"""Filler detection in context (rubric §2.3): the rubric's own pass/fail examples."""

from __future__ import annotations

import pytest

from pitchcoach.core.scoring.fillers import detect_fillers
from pitchcoach.core.scoring.tokens import tokenize
from pitchcoach.core.transcript import Transcript


def fillers_in(text: str, lex) -> list[str]:
    doc = tokenize(Transcript.from_text(text))
    return [h.term for h in detect_fillers(doc, lex)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I like dogs.", []),
        ("I, like, work in sales.", ["like"]),
        ("Like, we build apps.", ["like"]),
        ("It looks like rain.", []),
        ("Things like that matter.", []),
        ("She was like amazing.", []),  # quotative: informal, not a filler
        ("We have like 20 clients.", []),  # approximator: a hedge, not a filler
        ("We would like to help.", []),
        ("I work late so that my team can rest.", []),
        ("So, I run a bakery.", ["so"]),
        ("So I run a bakery.", ["so"]),  # the very first word of the take
        ("I run a bakery. So I bake.", []),  # "so" as "therefore" mid-take: not counted
        ("I did so much work.", []),
        ("Um I run a bakery.", ["um"]),
        ("I run, uh, a bakery.", ["uh"]),
        ("Hmm. Er, I bake.", ["hmm", "er"]),
        ("We make, you know, software.", ["you know"]),
        ("You know the answer.", []),
        ("Do you know Sam?", []),
        ("As you know, we bake.", []),
        ("It is fun, you know what I mean?", ["you know what i mean"]),
        ("I mean, we bake bread.", ["i mean"]),
        ("That is what I mean.", []),
        ("I basically bake bread.", ["basically"]),
        ("I I bake bread.", ["i i"]),
        ("We bake bread, right?", ["right"]),
        ("We bake right now.", []),
        ("We bake bread and stuff.", ["and stuff"]),
        ("I bake as well.", []),
    ],
)
def test_filler_examples(text: str, expected: list[str], lex) -> None:
    assert fillers_in(text, lex) == expected


def test_like_flanked_by_pauses_is_a_filler_but_not_after_a_verb(lex, timed) -> None:
    t = timed("we build like apps for shops", gaps={2: 0.3, 3: 0.3})
    assert [h.term for h in detect_fillers(tokenize(t), lex)] == ["like"]
    t = timed("we would like apps for shops", gaps={2: 0.3, 3: 0.3})
    assert detect_fillers(tokenize(t), lex) == []


def test_elongated_filled_pauses_are_recognised(lex) -> None:
    assert fillers_in("Ummm, I bake. Uhhh, bread.", lex) == ["ummm", "uhhh"]
