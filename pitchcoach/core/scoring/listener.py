"""Listener-focus rules (rubric §7.3). Each function returns one capped RuleOutcome."""

from __future__ import annotations

from dataclasses import dataclass

from pitchcoach.core.messages import msg, quoted_list, unique
from pitchcoach.core.scoring.context import Context, RuleOutcome
from pitchcoach.core.scoring.result import LISTENER_FOCUS, Highlight
from pitchcoach.core.scoring.tokens import Sentence

WEIGHTS = {
    "question": 30.0,
    "you_i_balance": 20.0,
    "benefit": 20.0,
    "offers_help": 10.0,
    "hard_sell": 20.0,
}

NON_LISTENER_QUESTION_PTS = 15.0
QUESTION_LATE_SHARE = 0.7  # a question in the last 30% hands the floor back
YOU_RATIO_OK = 0.30
YOU_RATIO_LOW = 0.15
YOU_RATIO_LOW_PTS = 15.0
YOU_MIN_PRONOUNS = 3
BRAG_PTS = 4.0
CTA_PTS = 5.0
CREDENTIAL_PTS = 4.0
CREDENTIAL_MIN = 3

# The words these rules test against (pronouns, question words) are each language's data:
# lexicons/<lang>/grammar.toml, [listener]. A "?" alone does not make a question: the recogniser adds
# one after a trailing-off phrase ("which is... Which is the outdoors?"), so a question needs a form.


def has_question_form(ctx: Context, s: Sentence) -> bool:
    """Whether a sentence ending in "?" is worded as an English question, not just marked as one."""
    g = ctx.lex.grammar
    interrogatives, auxiliaries = g.words("listener", "interrogatives"), g.words("listener", "auxiliaries")
    lead_ins, subjects = g.words("listener", "lead_ins"), g.words("listener", "subjects")
    clause_interrogatives = interrogatives - g.words("listener", "relative_interrogatives")
    toks = ctx.doc.tokens
    ids = [i for i in range(s.first, s.last + 1) if i not in ctx.filler_ids]
    words = [toks[i].norm for i in ids]
    if not words:
        return False
    lead = 0
    while lead < len(words) - 1 and words[lead] in lead_ins:
        lead += 1
    if words[lead] in interrogatives or words[lead] in auxiliaries:
        return True
    if toks[s.last].norm in g.words("listener", "tag_ends") and s.last > s.first and toks[s.last - 1].pause_after:
        return True  # "…, right?" (the tag may be counted as a filler, so it is read from all the words)
    if len(words) >= 2 and words[-2] in auxiliaries and words[-1] in subjects:
        return True  # "…, isn't it?", "…, do you?"
    # A question after a comma or a pause: "Anyway, tell me, what brings you here?"
    for k in range(lead + 1, len(words)):
        if toks[ids[k - 1]].pause_after and (
            words[k] in clause_interrogatives
            or (words[k] in auxiliaries and k + 1 < len(words) and words[k + 1] in subjects)
        ):
            return True
    return False


def _outcome(rule: str) -> RuleOutcome:
    return RuleOutcome(rule=rule, category=LISTENER_FOCUS, weight=WEIGHTS[rule])


def you_token_ids(ctx: Context) -> list[int]:
    toks = ctx.doc.tokens
    you_words = ctx.lex.grammar.words("listener", "you_words")
    not_after = ctx.lex.grammar.words("listener", "you_not_after")
    polite = ctx.lex.grammar.words("listener", "polite_you")
    out = []
    for i, t in enumerate(toks):
        if t.norm in you_words and i not in ctx.filler_ids:
            if t.norm in polite and i > 0 and toks[i - 1].norm in not_after:
                continue  # "thank you" is politeness, not attention to them
            out.append(i)
    return out


def self_token_ids(ctx: Context) -> list[int]:
    self_words = ctx.lex.grammar.words("listener", "self_words")
    return [i for i, t in enumerate(ctx.doc.tokens) if t.norm in self_words and i not in ctx.filler_ids]


def has_question_form_unspaced(ctx: Context, s: Sentence) -> bool:
    """Whether a Chinese sentence is worded as a question (rubric-zh §4), with or without "？": a final
    particle (吗, 呢, 吧) at the end of it or of a clause, an A-not-A form (是不是, 有没有...) or a
    question word (什么, 怎么, 哪...). A rhetorical tag at the end (…，对吧) makes it a statement."""
    g = ctx.lex.grammar
    toks = ctx.doc.tokens
    ids = [i for i in range(s.first, s.last + 1) if i not in ctx.filler_ids]
    if not ids:
        return False
    text = ctx.doc.sentence_text(s, ctx.filler_ids).text
    for tag in g.words("listener", "rhetorical_tags"):
        if text.endswith(tag) and (len(text) == len(tag) or _clause_break_before(ctx, ids, len(text) - len(tag))):
            return False
    words = [toks[i].norm for i in ids]
    qwords, prefixes = g.words("listener", "question_words"), tuple(g.words("listener", "question_word_prefixes"))
    not_before = g.words("listener", "question_word_not_before")
    for k, w in enumerate(words):
        if w in qwords or (prefixes and w.startswith(prefixes)):
            nxt = words[k + 1] if k + 1 < len(words) else ""
            if nxt not in not_before:  # 什么都, 怎么也: "anything", "anyhow"
                return True
    if any(form in text for form in g.words("listener", "a_not_a")):
        return True
    particles = g.words("listener", "question_particles")
    return any(toks[i].norm in particles and (i == ids[-1] or toks[i].punctuated) for i in ids)


def _clause_break_before(ctx: Context, ids: list[int], char_pos: int) -> bool:
    """Whether the word ending just before ``char_pos`` of the sentence's text ends a clause (a comma)."""
    toks = ctx.doc.tokens
    pos = 0
    for i in ids:
        pos += len(toks[i].norm)
        if pos == char_pos:
            return toks[i].pause_after
        if pos > char_pos:
            return False
    return False


@dataclass
class QuestionInfo:
    sentence: Sentence
    to_listener: bool


def find_questions(ctx: Context, you_ids: set[int]) -> list[QuestionInfo]:
    out = []
    spaced = ctx.lex.profile.spaced
    for s in ctx.doc.sentences:
        # Chinese questions are read by their form alone: Whisper's "？" there is unreliable.
        is_q = s.question_mark and has_question_form(ctx, s) if spaced else has_question_form_unspaced(ctx, s)
        if not is_q:
            text = ctx.doc.sentence_text(s, ctx.filler_ids)
            is_q = any(text.search(p, whole_words=False) for p in ctx.lex.question_patterns)
        if is_q:
            to_them = any(s.first <= i <= s.last for i in you_ids)
            out.append(QuestionInfo(s, to_them))
    return out


def question(ctx: Context, questions: list[QuestionInfo]) -> RuleOutcome:
    out = _outcome("question")
    toks = ctx.doc.tokens
    for q in questions:
        label = "question to them" if q.to_listener else "question"
        first, last = toks[q.sentence.first].index, toks[q.sentence.last].last_word
        out.highlights.append(Highlight("question", first, last, label))
    listener_qs = [q for q in questions if q.to_listener]
    ctx.metrics.questions = len(questions)
    ctx.metrics.listener_questions = len(listener_qs)
    if listener_qs:
        out.positives.append(msg("question.good"))
        t0, t1 = toks[0].start, toks[-1].end
        span = max(t1 - t0, 1e-6)
        for q in listener_qs:
            at = (toks[q.sentence.first].start - t0) / span
            if at >= QUESTION_LATE_SHARE:
                out.positives.append(msg("question.at_end"))
                break
            if q.sentence is ctx.doc.sentences[0]:
                out.positives.append(msg("question.at_start"))
                break
        return out
    if questions:
        out.take(NON_LISTENER_QUESTION_PTS)
        out.message = msg("question.not_about_them")
        out.tip = msg("question.not_about_them_tip")
        out.evidence = [ctx.evidence(q.sentence.first, q.sentence.last) for q in questions]
    else:
        out.take(WEIGHTS["question"])
        out.message = msg("question.message")
        out.tip = msg("question.tip")
    return out


def you_i_balance(ctx: Context, you_ids: list[int], self_ids: list[int]) -> RuleOutcome:
    out = _outcome("you_i_balance")
    toks = ctx.doc.tokens
    for i in self_ids:
        out.highlights.append(Highlight("self_word", toks[i].index, toks[i].last_word, "about you"))
    for i in you_ids:
        out.highlights.append(Highlight("you_word", toks[i].index, toks[i].last_word, "about them"))
    n_self, n_you = len(self_ids), len(you_ids)
    total = n_self + n_you
    ratio = n_you / total if total else 0.0
    ctx.metrics.self_words = n_self
    ctx.metrics.you_words = n_you
    ctx.metrics.you_ratio = round(ratio, 3)
    if total < YOU_MIN_PRONOUNS:
        out.skipped = True
        out.notes.append(msg("you_i_balance.not_scored"))
        return out
    if ratio >= YOU_RATIO_OK:
        out.positives.append(msg("you_i_balance.good", you=n_you, me=n_self))
        return out
    if n_you == 0:
        out.take(WEIGHTS["you_i_balance"])
    elif ratio < YOU_RATIO_LOW:
        out.take(YOU_RATIO_LOW_PTS)
    else:
        out.take(10.0 * (YOU_RATIO_OK - ratio) / (YOU_RATIO_OK - YOU_RATIO_LOW))
    out.message = msg("you_i_balance.message", me=n_self, you=n_you)
    out.tip = msg("you_i_balance.tip")
    out.evidence = [ctx.evidence(i, i) for i in self_ids[:10]]
    return out


def benefit(ctx: Context) -> RuleOutcome:
    out = _outcome("benefit")
    for pat in ctx.lex.benefit_patterns:
        hit = ctx.clean.search(pat, whole_words=False)
        if hit:
            first, _, _ = hit
            ctx.metrics.benefit = True
            s = ctx.doc.sentences[ctx.doc.tokens[first].sentence]
            out.positives.append(msg("benefit.good", quote=ctx.quote(s.first, s.last)))
            return out
    ctx.metrics.benefit = False
    out.take(WEIGHTS["benefit"])
    if ctx.metrics.says_what_you_do:
        out.message = msg("benefit.message_after_what")
    else:
        out.message = msg("benefit.message")
    out.tip = msg("benefit.tip")
    return out


def offers_help(ctx: Context) -> RuleOutcome:
    out = _outcome("offers_help")
    hit = ctx.clean.search(ctx.lex.help_re) if ctx.lex.help_re is not None else None
    ctx.metrics.offers_help = hit is not None
    if hit:
        first, _, _ = hit
        s = ctx.doc.sentences[ctx.doc.tokens[first].sentence]
        out.positives.append(msg("offers_help.good", quote=ctx.quote(s.first, s.last)))
        return out
    out.take(WEIGHTS["offers_help"])
    out.message = msg("offers_help.message")
    out.tip = msg("offers_help.tip")
    return out


def credentials(ctx: Context) -> list[tuple[int, int, str]]:
    """Claims of status (years, titles, awards, "the best"; lexicons/credentials.txt), one per
    place in the take: "I have a cold" is not a credential, "I've won three awards" is."""
    hits: list[tuple[int, int, str]] = []
    for pat in ctx.lex.credential_patterns:
        hits.extend(ctx.clean.find(pat, whole_words=False))
    hits.sort()
    out: list[tuple[int, int, str]] = []
    for h in hits:
        if out and h[0] <= out[-1][1]:
            continue  # two patterns on the same words are one claim
        out.append(h)
    ctx.metrics.credentials = len(out)
    return out


def hard_sell(ctx: Context) -> RuleOutcome:
    out = _outcome("hard_sell")
    lex = ctx.lex
    brags = ctx.clean.find(lex.brag_re) if lex.brag_re is not None else []
    ctas = ctx.clean.find(lex.cta_re) if lex.cta_re is not None else []
    creds = credentials(ctx)
    ctx.metrics.brag_terms = len(brags)
    ctx.metrics.sales_ctas = len(ctas)
    points = BRAG_PTS * len(brags) + CTA_PTS * len(ctas)
    messages, tips = [], []
    if brags:
        terms = list(dict.fromkeys(ctx.doc.span_text(f, lst).strip(",.?!") for f, lst, _ in brags))
        messages.append(msg("hard_sell.brag", terms=terms, n=len(terms)))
        tips.append(msg("hard_sell.brag_tip"))
    if ctas:
        terms = list(dict.fromkeys(ctx.doc.span_text(f, lst).strip(",.?!") for f, lst, _ in ctas))
        messages.append(msg("hard_sell.cta", terms=terms, n=len(terms)))
        tips.append(msg("hard_sell.cta_tip"))
    if len(creds) >= CREDENTIAL_MIN:
        points += CREDENTIAL_PTS
        claims = quoted_list([ctx.doc.span_text(f, lst).strip(",.?!") for f, lst, _ in creds], 3)
        messages.append(msg("hard_sell.credentials", n=len(creds), claims=claims))
        tips.append(msg("hard_sell.credentials_tip"))
    if points <= 0:
        out.positives.append(msg("hard_sell.good"))
        return out
    out.take(points)
    out.message = msg("text.sentences", parts=messages)
    out.tip = msg("text.sentences", parts=unique(tips))
    out.evidence = [ctx.evidence(f, lst) for f, lst, _ in [*brags, *ctas, *creds]]
    return out
