from __future__ import annotations

from pitchcoach.core.scoring.tokens import tokenize
from pitchcoach.core.transcript import Transcript, normalize_phrase, normalize_word


def test_normalize_word_strips_outer_punctuation_and_unifies_apostrophes() -> None:
    assert normalize_word("Sarah.") == "sarah"
    assert normalize_word("I’m") == "i'm"
    assert normalize_word('"world-class,"') == "world-class"
    assert normalize_word("#1!") == "#1"
    assert normalize_word("20%.") == "20%"
    assert normalize_word("...") == ""
    assert normalize_phrase("  Take  my CARD ") == "take my card"


def test_sentences_follow_punctuation_and_ellipsis_is_not_an_end() -> None:
    doc = tokenize(Transcript.from_text("Hi, I'm Sam... I bake. Do you? Yes!"))
    texts = [doc.sentence_text(s).text for s in doc.sentences]
    assert texts == ["hi i'm sam i bake", "do you", "yes"]
    assert [s.question_mark for s in doc.sentences] == [False, True, False]
    assert doc.tokens[0].pause_after and doc.tokens[2].pause_after


def test_without_punctuation_long_silences_split_sentences(timed) -> None:
    doc = tokenize(timed("hi i am sam i bake bread for shops", gaps={4: 0.6}))
    assert [doc.sentence_text(s).text for s in doc.sentences] == ["hi i am sam", "i bake bread for shops"]


def test_bare_punctuation_words_mark_the_word_before() -> None:
    t = Transcript.from_text("I bake -")
    doc = tokenize(t)
    assert [tok.norm for tok in doc.tokens] == ["i", "bake"]
    assert doc.tokens[1].pause_after


def test_scoring_and_the_voice_strip_split_sentences_at_the_same_marks() -> None:
    """One set of sentence ends (core.transcript.SENTENCE_END): a CJK full stop ends a sentence in both."""
    from pitchcoach.core.voice.analysis import split_sentences

    t = Transcript.from_text("Hi, I'm Sam。 I bake！ Do you？ Yes")
    doc = tokenize(t)
    by_scoring = [(doc.tokens[s.first].index, doc.tokens[s.last].index) for s in doc.sentences]
    by_voice = split_sentences([w.text for w in t.words], [(w.start, w.end) for w in t.words])
    assert by_scoring == by_voice == [(0, 2), (3, 4), (5, 6), (7, 7)]
