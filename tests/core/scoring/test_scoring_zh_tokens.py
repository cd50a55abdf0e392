"""Mandarin text in the scoring seam: segmenter words timed from the recogniser's tokens, phrases
matched on word boundaries (not \\w edges, which never fire in unspaced text), and the rubric's filler
rules (嗯/呃 always; 那个/这个/就是/然后 only with a stall; final particles never). Hand-timed
transcripts, so every gap is set by the test."""

from __future__ import annotations

from pitchcoach.core.language import get_profile
from pitchcoach.core.lexicon import Lexicons, packaged_lexicons
from pitchcoach.core.scoring.hesitations import detect_hesitations, spoken_words
from pitchcoach.core.scoring.tokens import Doc, tokenize
from pitchcoach.core.transcript import Segment, Transcript, Word

ZH = get_profile("zh")


def zh_take(spec: str, char_s: float = 0.24) -> Transcript:
    """One recogniser token per character, as Whisper times Chinese; '_' before a character is a
    0.6 s pause, '~' makes the character before it drawn out (0.7 s)."""
    words: list[Word] = []
    t, pause = 0.5, 0.0
    for ch in spec:
        if ch == "_":
            pause += 0.6
            continue
        if ch == "~":
            words[-1].end = round(words[-1].start + 0.7, 3)
            t = words[-1].end
            continue
        t += pause
        pause = 0.0
        if ch in "，。？！" and words:
            words[-1].text += ch
            continue
        words.append(Word(ch, round(t, 3), round(t + char_s * 0.9, 3), 0.95))
        t += char_s
    end = words[-1].end
    text = "".join(w.text for w in words)
    return Transcript(
        words=words,
        segments=[Segment(0.5, end, text, -0.2, 0.01, 1.2)],
        audio_seconds=end + 0.5,
        vad_speech_seconds=end - 0.5,
        language="zh",
    )


def _doc(spec: str) -> tuple[Doc, Lexicons]:
    return tokenize(zh_take(spec), ZH), packaged_lexicons("zh")


def _found(spec: str) -> list[tuple[str, str]]:
    doc, lex = _doc(spec)
    return [(h.kind, h.term) for h in detect_hesitations(doc, lex).hesitations]


def test_segmenter_words_keep_the_recognisers_timing_and_indices() -> None:
    doc, _ = _doc("我是做餐饮软件的，你是做哪一行的？")
    words = [t.norm for t in doc.tokens]
    assert "餐饮" in words and "软件" in words
    tok = doc.tokens[words.index("餐饮")]
    # A two-character word spans two recogniser tokens: highlights cover both characters.
    assert (tok.index, tok.last_word) == (3, 4)
    assert tok.start == 0.5 + 3 * 0.24 and tok.end == round(0.5 + 4 * 0.24 + 0.216, 3)
    assert doc.tokens[words.index("的")].pause_after  # the full-width comma is a pause mark
    assert len(doc.sentences) == 1 and doc.sentences[0].question_mark  # the full-width ？ is read too
    assert doc.text.text == "我是做餐饮软件的你是做哪一行的"  # no spaces: phrases match as written


def test_phrases_match_on_word_boundaries_only() -> None:
    lex = packaged_lexicons("zh")
    assert lex.brag_re is not None and lex.help_re is not None
    doc, _ = _doc("最近我们做得最好。欢迎做自我介绍。")
    brags = [m for _, _, m in doc.text.find(lex.brag_re)]
    assert brags == ["最好"]  # not 最 inside 最近
    assert doc.text.find(lex.help_re) == []  # 介绍 inside 自我介绍 is not an offer
    doc2, _ = _doc("我可以帮你介绍几位朋友。")
    assert [m for _, _, m in doc2.text.find(lex.help_re)] == ["可以帮你", "介绍"]


def test_characters_are_counted_not_segmenter_words() -> None:
    doc, lex = _doc("嗯，我是做餐饮软件的。")
    assert spoken_words(doc.tokens, lex) == 8  # 嗯 is a filled pause, not a character said


def test_en_and_e_are_always_fillers() -> None:
    assert _found("我是，嗯，做软件的，呃，帮小饭馆。") == [("filled_pause", "嗯"), ("filled_pause", "呃")]


def test_connectives_count_only_with_a_stall() -> None:
    # Fluent 然后 and 就是: ordinary words.
    assert _found("我先做点餐，然后做外卖，就是这样。") == []
    # 然后 with a pause after it, 那个 drawn out, 就是 said twice: stalls.
    found = _found("我先做点餐，然后_做外卖。我们那个~软件就是就是好用。")
    assert ("discourse_marker", "然后") in found
    assert ("discourse_marker", "那个") in found
    assert ("repetition", "就是") in found


def test_sentence_final_particles_and_tags_are_not_fillers() -> None:
    assert _found("你是做哪一行的呢？我们聊聊吧。挺好的啊，对吧？") == []


def test_ranhou_counts_when_it_opens_clause_after_clause() -> None:
    # One 然后 is "and then"; opening clause after clause it is a habit (rubric-zh §3): the second and later count.
    doc, lex = _doc("我们先做点餐，然后做外卖，然后做配送，然后做会员。")
    found = detect_hesitations(doc, lex).hesitations
    assert [(h.term, h.why) for h in found] == [("然后", "opening clause after clause")] * 2
