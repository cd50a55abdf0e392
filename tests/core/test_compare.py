"""Take-to-take comparison: score differences and the word diff."""

from __future__ import annotations

import pytest

from pitchcoach.core.compare import compare, word_diff
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import TakeStore
from pitchcoach.core.transcript import normalize_word as normalise_word


def ops(a: str, b: str) -> list[tuple[str, list[str], list[str]]]:
    return [o.as_tuple() for o in word_diff(a.split(), b.split())]


def test_case_and_punctuation_are_not_differences() -> None:
    assert normalise_word("Sam.") == "sam" and normalise_word("I\u2019m") == "i'm"
    assert ops("Hi, I'm Sam.", "hi I\u2019m sam") == [("equal", ["Hi,", "I'm", "Sam."], ["hi", "I\u2019m", "sam"])]


def test_insert_delete_and_replace() -> None:
    got = ops("Hi I'm Sam I um help bakeries", "Hi I'm Sam I help small bakeries grow")
    assert got == [
        ("equal", ["Hi", "I'm", "Sam", "I"], ["Hi", "I'm", "Sam", "I"]),
        ("delete", ["um"], []),
        ("equal", ["help"], ["help"]),
        ("insert", [], ["small"]),
        ("equal", ["bakeries"], ["bakeries"]),
        ("insert", [], ["grow"]),
    ]
    assert ops("we sell software", "we build software") == [
        ("equal", ["we"], ["we"]),
        ("replace", ["sell"], ["build"]),
        ("equal", ["software"], ["software"]),
    ]
    assert ops("", "hello there") == [("insert", [], ["hello", "there"])]
    assert ops("a lone - dash", "a lone dash") == [("equal", ["a", "lone", "dash"], ["a", "lone", "dash"])]


@pytest.fixture(scope="module")
def two_takes(analyzer, fixtures_dir):
    return (
        analyzer.analyze_file(fixtures_dir / "filler_heavy.wav"),
        analyzer.analyze_file(fixtures_dir / "great_pitch.wav"),
    )


def test_compare_real_takes(two_takes) -> None:
    a, b = two_takes
    c = compare(a, b)
    by_key = {s.key: s for s in c.scores}
    for key in ("overall", "clarity", "listener_focus"):
        assert by_key[key].a == getattr(a.result, key) and by_key[key].b == getattr(b.result, key)
        assert by_key[key].delta == getattr(b.result, key) - getattr(a.result, key)
    speech = next(t for t in c.timing if t.key == "speech_seconds")
    assert speech.delta == pytest.approx(b.transcript.speech_seconds - a.transcript.speech_seconds)

    # The diff is a complete account of both transcripts, in order.
    assert [w for o in c.words for w in o.words_a] == [w.text for w in a.transcript.words]
    assert [w for o in c.words for w in o.words_b] == [w.text for w in b.transcript.words]
    assert all(
        o.op != "equal" or [normalise_word(w) for w in o.words_a] == [normalise_word(w) for w in o.words_b]
        for o in c.words
    )
    assert 0.0 < c.similarity < 0.9

    rules_a = {d.rule for d in a.result.deductions}
    rules_b = {d.rule for d in b.result.deductions}
    assert set(c.fixed) == rules_a - rules_b and set(c.new_issues) == rules_b - rules_a
    sub = {s.key: s for s in c.subscores}
    for s in a.result.subscores:
        assert sub[s.rule].a == (None if s.skipped else s.score)


def test_a_take_compared_with_itself_after_a_round_trip(two_takes) -> None:
    store = TakeStore(app_paths())
    take = store.save_take(two_takes[1], None)
    c = compare(two_takes[1], store.get(take.id))
    assert all(s.delta == 0 for s in c.scores)
    assert c.similarity == 1.0 and {o.op for o in c.words} == {"equal"}
    assert c.fixed == [] and c.new_issues == []


def test_gated_take_has_no_score_delta(analyzer, fixtures_dir, two_takes) -> None:
    silent = analyzer.analyze_file(fixtures_dir / "silence.wav")
    c = compare(silent, two_takes[1])
    assert all(s.a is None and s.delta is None for s in c.scores)
    assert c.words and all(o.op == "insert" for o in c.words)
