"""Rehearsal against a written pitch (issue 26) on real generated speech.

The clips in tests/fixtures/rehearsal/ speak script_en.txt with one change each (make_rehearsal_clips.py);
hard_sell.wav is a take of a different pitch. Each clip is transcribed once per run (fixture_transcript).
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest

from pitchcoach.core.rehearsal import ScriptError, load_script, parse_script, rehearse
from pitchcoach.core.teleprompter import Prompt
from pitchcoach.core.transcript import Transcript
from pitchcoach.core.words import join_words

REHEARSAL = Path(__file__).resolve().parents[1] / "fixtures" / "rehearsal"
POINTS = [
    "Hi, I'm Maya.",
    "I fix leaking roofs for families in old houses.",
    "Last winter we kept forty homes dry.",
    "What kind of house do you live in?",
]


@pytest.fixture(scope="module")
def script():
    return load_script(REHEARSAL / "script_en.txt")


def test_each_sentence_of_the_script_is_a_key_point(script) -> None:
    assert [k.text for k in script.key_points] == POINTS
    assert script.language == "en"
    bullets = parse_script("- Hi, I'm Maya\n- I fix roofs\n\nWhat kind of house do you live in?")
    assert [k.text for k in bullets.key_points] == ["Hi, I'm Maya", "I fix roofs", "What kind of house do you live in?"]


def test_a_take_with_one_key_point_left_out_reports_that_point_quoted_and_nothing_else(
    script, fixture_transcript
) -> None:
    r = rehearse(script, fixture_transcript("rehearsal/missing_one.wav"))
    assert r.missed == [POINTS[1]]
    assert (r.coverage, r.added, r.out_of_order, r.paraphrased) == (75, [], [], [])
    assert r.to_dict()["missed"] == ["I fix leaking roofs for families in old houses."]


def test_a_moved_point_is_covered_and_reported_out_of_order(script, fixture_transcript) -> None:
    r = rehearse(script, fixture_transcript("rehearsal/reordered.wav"))
    assert (r.coverage, r.missed, r.added) == (100, [], [])
    assert r.out_of_order == [POINTS[3]]


def test_an_added_sentence_is_reported_as_said(script, fixture_transcript) -> None:
    r = rehearse(script, fixture_transcript("rehearsal/added.wav"))
    assert (r.coverage, r.missed, r.out_of_order) == (100, [], [])
    assert len(r.added) == 1 and "church organs" in r.added[0]


def test_a_close_paraphrase_counts_as_covered_with_a_visible_note(script, fixture_transcript) -> None:
    r = rehearse(script, fixture_transcript("rehearsal/paraphrase.wav"))
    assert (r.coverage, r.missed, r.out_of_order) == (100, [], [])
    [p] = r.paraphrased
    assert p["script"] == POINTS[2] and "homes dry when the storms came" in p["said"]
    assert r.notes == [f'Counted as covered, in other words: you said "{p["said"]}" for "{POINTS[2]}".']


def test_a_take_of_a_different_pitch_gets_low_coverage_and_no_crash(script, fixture_transcript) -> None:
    r = rehearse(script, fixture_transcript("hard_sell.wav"))
    assert r.coverage <= 25
    assert len(r.missed) >= 3 and r.added  # what was said is all ad-lib


def test_an_empty_take_covers_nothing() -> None:
    empty = Transcript(words=[], segments=[], audio_seconds=3.0)
    r = rehearse(parse_script("Hi, I'm Maya. I fix roofs."), empty)
    assert (r.coverage, r.missed, r.added) == (0, ["Hi, I'm Maya.", "I fix roofs."], [])


def test_a_mandarin_script_is_aligned_by_character() -> None:
    script = parse_script("大家好，我是王磊。我帮小餐馆做线上点餐。上个月一家店的漏单少了一半。你今天为什么来这里？")
    assert script.language == "zh" and len(script.key_points) == 4
    take = Transcript.from_text("大家好，我是王磊。 上个月一家店的漏单少了一半。 你今天为什么来这里？")
    r = rehearse(script, take)
    assert r.missed == ["我帮小餐馆做线上点餐。"] and r.coverage == 75


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "Script not found"),
        (b"\xff\xfe\x00H\x00i", "is not UTF-8 text"),
        (b"   \n\n", "has no sentences to rehearse"),
    ],
)
def test_a_script_file_that_cannot_be_used_says_why(tmp_path, content, says) -> None:
    f = tmp_path / "pitch.txt"
    if content is not None:
        f.write_bytes(content)
    with pytest.raises(ScriptError, match=says) as info:
        load_script(f)
    assert str(f) in str(info.value)


def test_a_script_from_a_pipe_is_read_and_one_that_never_ends_is_refused_in_bounded_memory(tmp_path) -> None:
    # stat says 0 bytes for a pipe, so only a capped read keeps `--script <(yes)` from filling memory.
    for chunk, repeat, says in ((b"Hi, I am Ann. I build tools.", 1, None), (b"Hi. " * 1024, 32, "over 64 KB")):
        pipe = tmp_path / "pipe.txt"
        os.mkfifo(pipe)

        def feed(data: bytes = chunk, n: int = repeat, path: Path = pipe) -> None:
            with contextlib.suppress(BrokenPipeError), open(path, "wb") as w:
                for _ in range(n):  # 128 KB in all, twice the cap
                    w.write(data)

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        if says is None:
            assert [k.text for k in load_script(pipe).key_points] == ["Hi, I am Ann.", "I build tools."]
        else:
            with pytest.raises(ScriptError, match=says):
                load_script(pipe)
        writer.join()
        pipe.unlink()


ZH_GOOD = (
    "你好，我叫王丽。我是做餐饮软件的，帮小饭馆做线上点餐，让老板少接电话，多做生意。上个月，一家面馆的漏单少了一半。"
    "你是做哪一行的？如果你想认识做餐饮的朋友，我可以帮你介绍。"
)


def test_a_mandarin_take_is_held_against_its_script_by_character(zh_fixture_analysis) -> None:
    """Real Mandarin speech (zh/good_pitch.wav, heard by the multilingual model) against its own script
    with one more point that was never said, then against the script in another order."""
    take = zh_fixture_analysis("good_pitch").transcript
    unsaid = "我们的软件每个月只要九十九块钱。"
    r = rehearse(parse_script(ZH_GOOD + unsaid), take)
    assert r.language == "zh"
    assert (r.missed, r.added, r.out_of_order) == ([unsaid], [], [])
    assert r.coverage == 83  # 5 of 6

    question_first = "你是做哪一行的？" + ZH_GOOD.replace("你是做哪一行的？", "")
    moved = rehearse(parse_script(question_first), take)
    assert (moved.coverage, moved.missed) == (100, [])
    assert moved.out_of_order == ["你是做哪一行的？"]


def test_a_different_mandarin_pitch_gets_low_coverage(zh_fixture_analysis) -> None:
    r = rehearse(parse_script(ZH_GOOD), zh_fixture_analysis("hard_sell").transcript)
    assert r.coverage <= 20 and len(r.missed) >= 4 and r.added


def test_marked_phrases_are_the_key_points_when_there_are_any(script, fixture_transcript) -> None:
    marked = parse_script("Hi, I'm Maya. I fix [leaking roofs] for families. Last winter we kept [forty homes dry].")
    assert [k.text for k in marked.key_points] == ["leaking roofs", "forty homes dry"]
    # Held against the take with the roofs sentence left out: only the unsaid marked phrase is missed.
    r = rehearse(marked, fixture_transcript("rehearsal/missing_one.wav"))
    assert (r.missed, r.coverage) == (["leaking roofs"], 50)


def test_the_written_pitch_is_checked_by_the_rules_that_apply_to_text() -> None:
    from pitchcoach.core.pitch_script import check_text

    good = (
        "Hi, I'm Sam. I help small bakeries set up online ordering, so that they can spend less time on the "
        "phone and more time baking. Last month, one shop cut its missed orders by half. What brings you here "
        "tonight? If you're looking to meet anyone in food retail, I'd be happy to introduce you."
    )
    assert check_text(good, 20) == []
    found = check_text("We are the best in class provider of synergistic solutions. Buy now.", 20)
    assert found[0].startswith("You didn't ask them anything.")
    assert any("'Buy now' is a hard sell" in f for f in found)
    assert any("'best in class', 'synergistic' are business jargon" in f for f in found)
    assert found[-1].startswith("Said at a comfortable pace it lasts about 5 s: too short for your 20 s target")
    assert check_text(good + " " + good + " " + good, 20)[-1].startswith("Said at a comfortable pace it lasts about")


def test_the_written_pitch_check_reads_in_chinese() -> None:
    """Issue 25: My pitch's check gave core's English lines in the Chinese interface, for a Mandarin pitch
    too. The same findings, in the catalog's language."""
    import re

    from pitchcoach.core.messages import get_catalog
    from pitchcoach.core.pitch_script import check_text

    zh = get_catalog("zh_CN")
    sell = "We are the best in class provider of synergistic solutions. Buy now."
    english = check_text(sell, 20)
    chinese = check_text(sell, 20, catalog=zh)
    assert len(chinese) == len(english) >= 3
    assert chinese[-1].startswith("按舒适的语速读，大约 5 秒：比你的 20 秒目标短了")
    for line in chinese:  # the speaker's own words are quoted in 「」; the rest is Chinese
        assert re.findall(r"[A-Za-z]{2,}", re.sub(r"「[^」]*」", "", line)) == [], line
    mandarin = check_text("大家好，我是王芳。我们是业界领先的一站式赋能平台，现在购买立享优惠！", 20, "zh", catalog=zh)
    assert mandarin and all(not re.search(r"[A-Za-z]{3,}", re.sub(r"「[^」]*」", "", x)) for x in mandarin), mandarin


def test_the_users_own_pace_is_the_median_of_their_last_scored_takes(fixture_transcript, tmp_path) -> None:
    from pitchcoach.core.analysis import Analysis
    from pitchcoach.core.paths import app_paths
    from pitchcoach.core.pitch_script import measured_pace
    from pitchcoach.core.scoring.engine import score
    from pitchcoach.core.storage import TakeStore

    with TakeStore(app_paths(tmp_path).ensure()) as store:
        assert measured_pace(store.list(), "en") is None  # no takes yet: the language's default applies
        paces = []
        for name in ("rehearsal/missing_one.wav", "rehearsal/added.wav", "rehearsal/reordered.wav"):
            tr = fixture_transcript(name)
            result = score(tr)
            paces.append(result.metrics.wpm)
            store.save_take(Analysis(tr, result, "tiny.en"), None)
        assert measured_pace(store.list(), "en") == pytest.approx(sorted(paces)[1])
        assert measured_pace(store.list(), "zh") is None


# ---- the teleprompter's current sentence: real transcripts heard word by word, as the live
# transcription hears them, and the scenario's pace when nothing is heard
def _heard_by(transcript, seconds: float) -> str:
    """What had been said by ``seconds`` into the take."""
    return join_words(w.text for w in transcript.words if w.end <= seconds)


def _first_end(transcript, word: str) -> float:
    return next(w.end for w in transcript.words if word in w.text.lower())


def test_the_highlight_follows_the_speaker_and_passes_over_a_sentence_they_skipped(fixture_transcript) -> None:
    """missing_one.wav says the script without its second sentence."""
    take = fixture_transcript("rehearsal/missing_one.wav")
    prompt = Prompt.of((REHEARSAL / "script_en.txt").read_text("utf-8"))
    assert len(prompt.lines) == 4
    assert prompt.heard_at("") == 0
    assert prompt.heard_at(_heard_by(take, _first_end(take, "maya"))) == 1  # said hello: the roofs next
    # "Last winter we kept forty homes dry": the roofs were skipped, the question is next.
    assert prompt.heard_at(_heard_by(take, _first_end(take, "dry"))) == 3
    assert prompt.heard_at(take.text) == 3  # all said: the last sentence stays lit


def test_a_take_of_another_pitch_stays_on_the_first_sentence(fixture_transcript) -> None:
    assert (
        Prompt.of((REHEARSAL / "script_en.txt").read_text("utf-8")).heard_at(fixture_transcript("hard_sell.wav").text)
        == 0
    )


def test_a_mandarin_script_is_followed_by_character(zh_fixture_analysis) -> None:
    take = zh_fixture_analysis("good_pitch").transcript
    script = ZH_GOOD.split("你是做")[0]  # its first three sentences
    prompt = Prompt.of(script)
    assert prompt.language == "zh" and len(prompt.lines) == 3
    heard = [prompt.heard_at(_heard_by(take, t)) for t in (0.0, 2.5, take.audio_seconds)]
    assert heard[0] == 0 and heard[1] >= 1 and heard[2] == 2
    assert heard == sorted(heard)


def test_with_nothing_heard_the_script_moves_at_the_target_pace() -> None:
    prompt = Prompt.of((REHEARSAL / "script_en.txt").read_text("utf-8"))  # 3 + 9 + 7 + 8 words
    assert [prompt.paced_at(t, 27.0) for t in (0.0, 2.9, 3.1, 11.9, 12.1, 19.1, 26.9, 40.0)] == [0, 0, 1, 1, 2, 3, 3, 3]
    assert prompt.at("", 12.1, 27.0) == 2
    assert prompt.at("Hi I'm Maya", 25.0, 27.0) == 1  # words heard win over the clock
    marked = Prompt.of("Hi, I'm Maya. I fix [leaking roofs].")
    assert marked.lines == ("Hi, I'm Maya.", "I fix leaking roofs.")  # shown as written, brackets gone
    assert Prompt.of("").at("anything", 5.0, 20.0) == 0


@pytest.mark.parametrize(
    ("text", "pitch", "mismatch", "written"),
    [
        ("我帮小面包店减少浪费。你们每天剩多少？", "en", "zh", "zh"),  # a Chinese script, takes heard as English
        ("I help small bakeries waste less bread.", "zh", "en", "en"),
        ("I help small bakeries waste less bread.", "en", None, "en"),
        ("我帮小面包店减少浪费。", "auto", None, "zh"),  # each take's language is detected: nothing to say
        ("Hi", "zh", None, "zh"),  # too little to tell: the pitch language's
        ("[我帮小面包店]减少浪费。", "en", "zh", "zh"),  # key-point marks are not text
    ],
)
def test_a_script_in_the_other_language_is_recognised(
    text: str, pitch: str, mismatch: str | None, written: str
) -> None:
    from pitchcoach.core.pitch_script import script_mismatch, written_language

    assert script_mismatch(text, pitch) == mismatch
    assert written_language(text, pitch) == written
