"""Whatever Whisper (or a user typing a script) produces, score() answers and stays in range."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pitchcoach.core.lexicon import packaged_lexicons
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.scoring.result import HIGHLIGHT_KINDS, ScoreResult
from pitchcoach.core.transcript import Segment, Transcript, Word

LEX = packaged_lexicons()
# Words a pitch is made of, with the punctuation the rules look at, so that random draws
# actually reach the filler, question, list and jargon code instead of being gated as gibberish.
VOCAB = [
    "I", "I'm", "you", "your", "like", "like,", "so", "So,", "um", "uh,", "you know,", "mean", "help",
    "bakeries", "leverage", "KPI", "AI", "the best", "call me", "what", "What", "do", "?", "you?", ".",
    "kind of", "that", "right?", "and", "20", "introduce", "so that", "they", "can", "save", "money.",
    "Thank", "I,", "I", "...", "-", "", "Sam.", "world-class", "#1", "é", "你好",
]  # fmt: skip


def check(r: ScoreResult, n_words: int) -> None:
    if r.gate is not None:
        assert r.gate.id in ("no_speech", "not_understood", "too_short")
        assert r.gate.message
        assert (r.overall, r.clarity, r.listener_focus, r.band) == (None, None, None, None)
        assert not r.deductions and not r.subscores
        return
    for v in (r.overall, r.clarity, r.listener_focus):
        assert isinstance(v, int) and 0 <= v <= 100
    assert r.band in ("Great", "Good", "Needs work", "Rework")
    for s in r.subscores:
        assert 0 <= s.lost <= s.weight
    assert [d.points for d in r.deductions] == sorted((d.points for d in r.deductions), reverse=True)
    for h in r.highlights:
        assert h.kind in HIGHLIGHT_KINDS
        assert 0 <= h.first_word <= h.last_word < n_words
    r.to_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    t = Transcript.from_text(text)
    check(score(t, lexicons=LEX), len(t.words))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=120), st.floats(0.3, 6.0))
def test_pitch_like_text(tokens: list[str], wps: float) -> None:
    t = Transcript.from_text(" ".join(tokens), words_per_second=wps)
    check(score(t, lexicons=LEX), len(t.words))


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6)
any_float = st.floats(allow_nan=True, allow_infinity=True)
word = st.builds(
    Word,
    text=st.one_of(st.sampled_from(VOCAB), st.text(max_size=12)),
    start=finite,
    end=finite,
    probability=any_float,
    rms_db=st.one_of(st.none(), any_float),
)
segment = st.builds(
    Segment,
    start=finite,
    end=finite,
    text=st.text(max_size=30),
    avg_logprob=any_float,
    no_speech_prob=any_float,
    compression_ratio=any_float,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(word, max_size=80),
    st.lists(segment, max_size=5),
    st.one_of(st.none(), finite),
    st.sampled_from(["en", "de", "", "xx"]),
    any_float,
    st.one_of(st.none(), any_float),
    any_float,
    st.one_of(finite, st.just(float("nan"))),
)
def test_any_word_list(words, segments, vad, lang, lang_p, median_db, clipped, target) -> None:
    t = Transcript(
        words=words,
        segments=segments,
        audio_seconds=30.0,
        vad_speech_seconds=vad,
        language=lang,
        language_probability=lang_p,
        median_rms_db=median_db,
        clipped_fraction=clipped,
    )
    check(score(t, target_seconds=target, lexicons=LEX), len(words))
