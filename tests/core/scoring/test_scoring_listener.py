"""Listener-focus rules (rubric §7.3): pass and fail for each."""

from __future__ import annotations

import pytest

from pitchcoach.core.scoring.engine import score
from tests.core.scoring.helpers import GOOD, deduction, lost

# ---- Question -----------------------------------------------------------------------------


def test_no_question_costs_30(timed) -> None:
    r = score(timed(GOOD.replace("What are you working on at the moment?", "I love my work.")))
    assert lost(r, "question") == 30
    assert "What brings you here tonight?" in deduction(r, "question").tip
    assert r.structure["question"] is False


def test_question_not_about_them_costs_15(timed) -> None:
    r = score(timed(GOOD.replace("What are you working on at the moment?", "Isn't bread waste crazy?")))
    assert lost(r, "question") == 15
    assert "not about them" in deduction(r, "question").message
    assert r.metrics.questions == 1 and r.metrics.listener_questions == 0


def test_question_without_question_mark_is_found_by_its_shape(timed) -> None:
    text = GOOD.replace("What are you working on at the moment?", "Tell me about your work.")
    r = score(timed(text))
    assert lost(r, "question") == 0
    text = GOOD.replace("What are you working on at the moment?", "What are you working on at the moment.")
    assert lost(score(timed(text)), "question") == 0


def test_a_question_mark_without_a_question_form_earns_nothing(timed) -> None:
    # tiny.en's "?" after a trailing-off phrase: no interrogative opening, no inversion, no tag.
    invented = "I take you where you love to be, which is... Which is the outdoors?"
    r = score(timed(GOOD.replace("What are you working on at the moment?", invented)))
    assert lost(r, "question") == 30
    assert r.metrics.questions == 0
    assert not any(h.kind == "question" for h in r.highlights)


@pytest.mark.parametrize(
    "asked",
    [
        "So, what brings you here tonight?",
        "Are you working on anything new?",
        "Tell me, which part of town are you from?",
        "Anyway, enough about me, how about you?",
        "You work in retail too, don't you?",
        "You're in retail as well, right?",
    ],
)
def test_a_question_mark_with_a_question_form_counts(timed, asked: str) -> None:
    r = score(timed(GOOD.replace("What are you working on at the moment?", asked)))
    assert lost(r, "question") == 0, asked


def test_question_highlight_spans_the_sentence_and_position_note(timed) -> None:
    tr = timed(GOOD)
    r = score(tr)
    q = [h for h in r.highlights if h.kind == "question"]
    assert len(q) == 1
    assert tr.words[q[0].first_word].text == "What" and tr.words[q[0].last_word].text == "moment?"
    late = GOOD.replace(" What are you working on at the moment?", "") + " What are you working on?"
    assert any("hands the conversation to them" in p for p in score(timed(late)).positives)


# ---- You/I balance ------------------------------------------------------------------------


def test_you_i_balance(timed) -> None:
    r = score(timed(GOOD))
    assert r.metrics.you_ratio >= 0.3 and lost(r, "you_i_balance") == 0
    selfish = (
        "Hi, I'm Dana. I help small bakeries cut food waste, so that they can save money. "
        "I started my firm last year and I love my work. My team and I plan what we bake. "
        "What are you working on? I'd be happy to introduce you."
    )
    r = score(timed(selfish))
    ratio = r.metrics.you_words / (r.metrics.you_words + r.metrics.self_words)
    assert ratio < 0.3
    expected = 15 if ratio < 0.15 else 10 * (0.3 - ratio) / 0.15
    assert lost(r, "you_i_balance") == pytest.approx(expected)
    assert f"{r.metrics.self_words} times" in deduction(r, "you_i_balance").message


def test_no_you_words_costs_20(timed) -> None:
    text = (
        "Hi, I'm Dana. I help small bakeries cut food waste, so that they can save money. "
        "I love it. Who else is here tonight?"
    )
    r = score(timed(text))
    assert r.metrics.you_words == 0
    assert lost(r, "you_i_balance") == 20


def test_filler_you_know_and_thank_you_are_not_you_words(timed) -> None:
    text = (
        "Hi, I'm Dana. I help, you know, small bakeries cut food waste, so that they can save money. "
        "I run my firm with my team. Thank you."
    )
    r = score(timed(text))
    assert r.metrics.you_words == 0
    assert lost(r, "you_i_balance") == 20
    assert not any(h.kind == "you_word" for h in r.highlights)
    assert sum(1 for h in r.highlights if h.kind == "self_word") == r.metrics.self_words


def test_you_i_balance_skipped_with_few_pronouns(timed) -> None:
    text = "Hi, Dana here. Small bakeries waste food, so that costs money. Bakers can plan better with orders."
    r = score(timed(text))
    sub = next(s for s in r.subscores if s.rule == "you_i_balance")
    assert sub.skipped and sub.lost == 0


# ---- Benefit ------------------------------------------------------------------------------


def test_benefit(timed) -> None:
    no_benefit = GOOD.replace(
        "I help small bakeries cut food waste, so that they can save money every week.",
        "I am a baker in the city centre.",
    ).replace("one shop saved three hundred dollars", "we opened a shop")
    r = score(timed(no_benefit))
    assert lost(r, "benefit") == 20
    assert "so that [who] can [outcome]" in deduction(r, "benefit").tip
    assert "You said what you do" in deduction(r, "benefit").message
    assert r.structure["who_it_helps"] is False
    assert score(timed(GOOD)).structure["who_it_helps"] is True
    outcome = no_benefit.replace("I am a baker in the city centre.", "I teach piano. Within a year, students can play.")
    assert lost(score(timed(outcome)), "benefit") == 0


# ---- Offers help --------------------------------------------------------------------------


def test_offers_help(timed) -> None:
    r = score(timed(GOOD.replace("If you want to meet anyone in food, I'd be happy to introduce you.", "Bye.")))
    assert lost(r, "offers_help") == 10
    assert "give-first" in deduction(r, "offers_help").tip
    assert r.structure["offer_help"] is False


# ---- Hard sell ----------------------------------------------------------------------------


def test_brag_terms_cost_4_each_and_ctas_5_each(timed) -> None:
    r = score(timed(GOOD.replace("I help", "We are the best bakery partner and I help")))
    assert lost(r, "hard_sell") == 4
    assert "'the best' sounds like an ad" in deduction(r, "hard_sell").message
    r = score(timed(GOOD + " Take my card and sign up today."))
    assert lost(r, "hard_sell") == 10
    assert "hard sell for a first hello" in deduction(r, "hard_sell").message
    # "buy-in" is not the call to action "buy"; "leading a team" is not the brag "leading".
    ok = GOOD.replace("I help", "I am leading a team to get buy-in and I help")
    assert lost(score(timed(ok)), "hard_sell") == 0


def test_credential_list_and_cap(timed) -> None:
    creds = " I've won three awards. I have twenty years of experience. I'm the head of design."
    r = score(timed(GOOD + creds))
    assert lost(r, "hard_sell") == 4
    assert r.metrics.credentials == 3
    assert "3 credentials" in deduction(r, "hard_sell").message
    assert "I've won three awards" in deduction(r, "hard_sell").message
    pushy = " We are the number one, award-winning, world-class agency. Call me, buy now, take my card."
    assert lost(score(timed(GOOD + pushy)), "hard_sell") == 20


@pytest.mark.parametrize(
    "claim",
    [
        "I've won three industry awards.",
        "I have twenty years of experience.",
        "I've been a nurse for ten years.",
        "I'm the head of design at a bank.",
        "I hold a PhD in chemistry.",
        "I have led two hundred campaigns.",
        "We were named startup of the year.",
        "We are the number one agency.",
        "I'm the best baker in town.",
    ],
)
def test_a_claim_of_status_is_a_credential(claim: str, timed) -> None:
    assert score(timed(GOOD + " " + claim)).metrics.credentials == 1


@pytest.mark.parametrize(
    "not_a_claim",
    [
        "I have a cold.",
        "I have two kids.",
        "I've been busy this week.",
        "I have led a quiet life.",
        "We are the people who bake your bread.",
        "I won a raffle once.",
        "I'm the one in the red coat.",
        "I have a question for you.",
    ],
)
def test_everyday_sentences_are_not_credentials(not_a_claim: str, timed) -> None:
    assert score(timed(GOOD + " " + not_a_claim)).metrics.credentials == 0


def test_three_everyday_have_sentences_are_not_a_credential_list(timed) -> None:
    r = score(timed(GOOD + " I have a cold. I have two kids. I have a dog."))
    assert lost(r, "hard_sell") == 0
