"""`pitchcoach analyze` end to end: real model, real audio, JSON Lines, exit codes, no network."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
from argparse import Namespace

import pytest

from pitchcoach import cli

GOOD = ["great_pitch.wav", "hard_sell.wav", "filler_heavy.wav", "jargon_heavy.wav"]


def _run_json(files, target=20.0, model=None):
    out, err = io.StringIO(), io.StringIO()
    args = Namespace(files=[str(f) for f in files], json=True, target=target, model=model, save=False)
    code = cli.run_analyze(args, out, err)
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket fails the test loudly."""
    attempts = []

    def refuse(self, *a, **k):
        attempts.append(a)
        raise AssertionError(f"network access attempted: {a}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, *a))
    return attempts


def test_whole_analysis_runs_with_sockets_blocked(fixtures_dir, no_network):
    code, recs, _ = _run_json([fixtures_dir / "great_pitch.wav"])
    assert code == 0
    assert recs[0]["status"] == "scored"
    assert no_network == []


def test_json_lines_in_input_order_with_bad_files(tmp_path, fixtures_dir):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    text = tmp_path / "notes.mp3"
    text.write_text("not audio at all\n" * 50)
    truncated = tmp_path / "cut.wav"
    truncated.write_bytes((fixtures_dir / "great_pitch.wav").read_bytes()[:44])
    files = [
        fixtures_dir / "great_pitch.wav",
        tmp_path / "missing.wav",
        empty,
        fixtures_dir / "silence.wav",
        text,
        truncated,
        fixtures_dir / "too_few_words.wav",
    ]
    code, recs, _ = _run_json(files)
    assert code == 2
    assert [r["file"] for r in recs] == [str(f) for f in files]
    assert [r["status"] for r in recs] == ["scored", "error", "error", "gated", "error", "error", "gated"]
    for r in recs:
        if r["status"] == "error":
            assert r["error"] and "\n" not in r["error"]
            assert r["scores"] is None
    assert "not found" in recs[1]["error"].lower()
    assert "empty" in recs[2]["error"].lower()
    assert "is a text file, not a recording" in recs[4]["error"]
    assert recs[3]["gate"]["id"] == "no_speech"
    assert recs[6]["gate"]["id"] == "too_short"


def test_record_has_every_documented_key(fixtures_dir):
    code, [r], _ = _run_json([fixtures_dir / "great_pitch.wav"])
    for key in (
        "file",
        "status",
        "gate",
        "error",
        "audio_seconds",
        "speech_seconds",
        "target_seconds",
        "transcript",
        "words",
        "scores",
        "band",
        "deductions",
        "metrics",
        "model",
        "language",
    ):
        assert key in r
    # Issue 24: the language is named at the top, and the pace keeps its English key, with its unit.
    assert r["language"] == "en"
    assert r["metrics"]["pace_unit"] == "wpm" and r["metrics"]["wpm"] > 0
    assert set(r["scores"]) == {"overall", "clarity", "listener_focus", "timing"}
    assert r["scores"]["timing"] == 100  # great_pitch is ~21 s against the 20 s target
    for m in ("wpm", "filler_count", "self_words", "you_words", "questions", "hesitations"):
        assert m in r["metrics"]
    # The audio was analysed too: hesitations heard but not transcribed have their own lists (issue 16).
    assert set(r["metrics"]["hesitations"]) == {
        "filled_pauses",
        "discourse_markers",
        "repetitions",
        "restarts",
        "unvoiced",
        "prolongations",
    }
    assert set(r["metrics"]["voice"]) >= {"f0_median_hz", "f0_spread_semitones", "unvoiced_hesitations", "wpm_windows"}
    w = r["words"][0]
    assert set(w) == {"text", "start", "end", "probability"}
    assert r["model"] == "tiny.en (bundled)"
    for d in r["deductions"]:
        assert set(d) >= {"rule", "category", "points", "message", "tip", "evidence"}


def test_gated_clips_never_get_a_number(fixtures_dir):
    code, recs, _ = _run_json([fixtures_dir / n for n in ("silence.wav", "noise.wav", "non_english.wav")])
    assert code == 0  # every file was read, even though none could be scored
    for r in recs:
        assert r["status"] == "gated", r["transcript"]
        assert r["scores"] is None and r["band"] is None and r["deductions"] == []
        assert r["gate"]["message"]


def test_scores_follow_the_rubric_on_the_fixtures(fixtures_dir):
    names = [
        "great_pitch",
        "hard_sell",
        "filler_heavy",
        "jargon_heavy",
        "too_fast",
        "too_slow",
        "too_long",
        "too_short",
    ]
    code, recs, _ = _run_json([fixtures_dir / f"{n}.wav" for n in names])
    assert code == 0
    by = {n: r for n, r in zip(names, recs, strict=True)}

    def lost(name, rule):
        return sum(d["points"] for d in by[name]["deductions"] if d["rule"] == rule)

    great = by["great_pitch"]
    assert great["band"] in ("Great", "Good")
    for other in ("hard_sell", "filler_heavy", "jargon_heavy", "too_long"):
        assert great["scores"]["overall"] > by[other]["scores"]["overall"], other
    assert by["hard_sell"]["scores"]["listener_focus"] < 50
    assert lost("hard_sell", "hard_sell") >= 10
    assert lost("filler_heavy", "fillers") >= 10
    assert lost("jargon_heavy", "plain_language") >= 10
    assert lost("too_fast", "pace") > 0 and by["too_fast"]["metrics"]["wpm"] > 190
    assert lost("too_slow", "pace") > 0 and by["too_slow"]["metrics"]["wpm"] < 110
    assert lost("too_long", "timing") >= 55 and by["too_long"]["scores"]["overall"] <= 60
    assert lost("too_short", "timing") >= 70 and by["too_short"]["band"] == "Rework"
    assert lost("great_pitch", "question") == 0 and lost("great_pitch", "offers_help") == 0


def test_target_option_moves_the_length_window(fixtures_dir):
    _, [r20], _ = _run_json([fixtures_dir / "great_pitch.wav"], target=20)
    _, [r10], _ = _run_json([fixtures_dir / "great_pitch.wav"], target=10)
    assert r10["target_seconds"] == 10
    assert not any(d["rule"] == "timing" for d in r20["deductions"])
    assert any(d["rule"] == "timing" for d in r10["deductions"])  # ~21 s is 2.1x a 10 s target
    assert r10["scores"]["timing"] < 60 and r10["fix_first"][0] == "timing"


def test_bad_model_folder_makes_every_file_an_error(tmp_path, fixtures_dir):
    code, recs, err = _run_json([fixtures_dir / "great_pitch.wav"], model=str(tmp_path / "nomodel"))
    assert code == 2
    assert recs[0]["status"] == "error" and "Model folder not found" in recs[0]["error"]


def test_readable_report_card(fixtures_dir):
    out, err = io.StringIO(), io.StringIO()
    args = Namespace(
        files=[str(fixtures_dir / "filler_heavy.wav"), str(fixtures_dir / "silence.wav")],
        json=False,
        target=20.0,
        model=None,
        save=False,
    )
    assert cli.run_analyze(args, out, err) == 0
    text = out.getvalue()
    assert "Overall" in text and "Fix first" in text and "Tip:" in text
    assert "No score:" in text  # the silent clip


def test_console_entry_point_and_self_test(tmp_path):
    env_home = {"PITCHCOACH_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    import os

    p = subprocess.run(
        [sys.executable, "-m", "pitchcoach", "--self-test"],
        capture_output=True,
        text=True,
        env={**os.environ, **env_home},
        timeout=300,
    )
    assert p.returncode == 0, p.stdout + p.stderr
    assert "self-test:" in p.stdout and "OK" in p.stdout
    assert "Traceback" not in p.stdout + p.stderr


def test_bad_word_list_lines_are_reported_with_file_and_line(fixtures_dir):
    from pitchcoach.core.paths import app_paths

    folder = app_paths().ensure().lexicons
    (folder / "benefit_patterns.txt").write_text("(\\w+\\s*)*!\n(?:\\w+\\s*){1,40}\\d\n", encoding="utf-8")
    (folder / "hedges.txt").write_bytes(b"sort of\n\x80bad\n")
    code, recs, err = _run_json([fixtures_dir / "great_pitch.wav"])
    assert code == 0 and recs[0]["status"] == "scored"
    assert f"warning: {folder / 'benefit_patterns.txt'} line 2:" in err
    assert f"warning: {folder / 'hedges.txt'} line 2:" in err


EVIL = "take\x1b]0;owned\x07\x1b[2J\x1b[31m\r\x9b1m\u202egnp.wav"
RAW_CONTROLS = ("\x1b", "\x07", "\r", "\x9b", "\u202e")


def test_escape_codes_in_file_names_never_reach_the_terminal(tmp_path, fixtures_dir, capsys):
    bad = tmp_path / EVIL
    bad.write_bytes(b"")  # unreadable: its name is printed in the error
    good = tmp_path / ("ok\x1b[8m" + ".wav")
    good.write_bytes((fixtures_dir / "great_pitch.wav").read_bytes())
    code = cli.main(["analyze", str(bad), str(good)])
    assert code == cli.EXIT_UNREADABLE
    out, err = capsys.readouterr()
    for c in RAW_CONTROLS:
        assert c not in out + err, repr(c)
    assert "take\\x1b]0;owned\\x07\\x1b[2J" in out  # shown, visibly
    assert "ok\\x1b[8m.wav" in out


def test_json_output_escapes_them_and_still_round_trips(tmp_path, capsys):
    bad = tmp_path / EVIL
    bad.write_bytes(b"")
    assert cli.main(["analyze", "--json", str(bad)]) == cli.EXIT_UNREADABLE
    out, err = capsys.readouterr()
    for c in RAW_CONTROLS:
        assert c not in out + err, repr(c)
    assert json.loads(out)["file"] == str(bad)  # the data is unchanged for a program reading it


def test_titles_in_the_history_table_are_printed_safely(capsys):
    from pitchcoach.core.analysis import Analysis
    from pitchcoach.core.lexicon import load_lexicons
    from pitchcoach.core.paths import app_paths
    from pitchcoach.core.scoring.engine import score
    from pitchcoach.core.storage import TakeStore
    from pitchcoach.core.transcript import Transcript

    tr = Transcript.from_text("Hi, I'm Sam. I help bakers sell more bread. What do you do?")
    with TakeStore(app_paths()) as store:
        take = store.save_take(Analysis(tr, score(tr, 20.0, load_lexicons(None)), "tiny.en"), None)
        store.update(take.id, title="Pitch\x1b[2J\rv2")
    assert cli.main(["history"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out
    assert "Pitch\\x1b[2J\\x0dv2" in out


def test_analyze_save_on_a_full_disk_exits_non_zero_and_leaves_no_partial_file(fixtures_dir, monkeypatch):
    import errno
    import os

    from pitchcoach.core.paths import app_paths

    real_write = os.write
    left = {"n": 250_000}  # the issue saw a 250 KB partial copy left behind

    def write(fd, data):
        if left["n"] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = real_write(fd, bytes(data)[: left["n"]])
        left["n"] -= n
        return n

    out, err = io.StringIO(), io.StringIO()
    args = Namespace(files=[str(fixtures_dir / "great_pitch.wav")], json=False, target=20.0, model=None, save=True)
    # Only os.write is undone afterwards: monkeypatch.undo() also dropped PITCHCOACH_HOME, so the check below
    # read the real user's data folder (and failed on a machine where the app never ran).
    with monkeypatch.context() as m:
        m.setattr(os, "write", write)
        code = cli.run_analyze(args, out, err)
    assert code == cli.EXIT_FAILED
    assert "the disk is full" in err.getvalue()
    assert "not every take was saved" in err.getvalue()
    assert "Overall" in out.getvalue()  # the result is still shown
    assert list(app_paths().recordings.iterdir()) == []


def test_self_test_checks_every_content_word_of_the_sample() -> None:
    from pitchcoach.cli import missing_content_words, sample_pitch_words

    words = sample_pitch_words()
    assert "physical" in words and "therapist" in words
    heard = "Hi, I'm Priya. I'm a physical therapist and I help office workers fix back pain so that they can get "
    heard += "through the workday without hurting. What kind of work do you do? If you ever need a good running "
    heard += "coach, I can introduce you."
    assert missing_content_words(words, heard.split()) == []  # "workday" stands for "work day"
    misheard = heard.replace("physical therapist", "Fizzle Therapist")
    assert missing_content_words(words, misheard.split()) == ["physical"]
    assert missing_content_words(words, heard.replace("kind of work", "kind of job").split()) == ["work"]


def test_sample_text_is_the_one_the_fixture_script_speaks() -> None:
    from importlib import resources
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from make_fixtures import FIXTURES

    meta = json.loads(resources.files("pitchcoach").joinpath("assets", "sample_pitch.json").read_text())
    assert meta["text"] == next(f["text"] for f in FIXTURES if f["name"] == "sample_pitch")


def test_bundled_sample_is_heard_word_for_word(analyzer) -> None:
    from pitchcoach.cli import missing_content_words, sample_pitch_path, sample_pitch_words

    a = analyzer.analyze_file(sample_pitch_path())
    assert missing_content_words(sample_pitch_words(), [w.text for w in a.transcript.words]) == [], a.transcript.text
    assert "physical therapist" in a.transcript.text


def test_an_offline_model_download_gives_cli_advice_not_app_settings(tmp_path, fixtures_dir, monkeypatch, capsys):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # an empty cache: the named model must be downloaded

    def refuse(*a, **k):
        raise OSError("network is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert cli.main(["analyze", "--model", "base.en", str(fixtures_dir / "too_short.wav")]) == 2
    err = capsys.readouterr().err
    assert "Could not download the model 'base.en'" in err and "bundled model (tiny.en)" in err
    # The command line has no "model setting" and nothing to "choose": it names what to type instead.
    assert "setting" not in err and "choose" not in err
    assert "give its folder instead of its name" in err


def test_scenario_sets_the_target_and_is_in_the_json_unless_target_is_given(fixtures_dir, capsys) -> None:
    """Issue 26: `--scenario investor` scores against the investor's 60 s and its required ask."""
    wav = str(fixtures_dir / "great_pitch.wav")
    assert cli.main(["analyze", wav, "--scenario", "investor", "--json", "--save"]) == 0
    [rec] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (rec["scenario"], rec["target_seconds"], rec["required"]) == ("investor", 60.0, {"ask": False})
    assert any("You didn't make an ask" in n for n in rec["notes"])
    saved_id = rec["take_id"]

    assert cli.main(["analyze", wav, "--scenario", "sales_call", "--target", "45", "--json"]) == 0
    [rec] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (rec["scenario"], rec["target_seconds"]) == ("sales_call", 45.0)

    # The saved take keeps its scenario, and the history filters by it.
    assert cli.main(["history", "--json", "--scenario", "investor"]) == 0
    [take] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (take["id"], take["scenario"], take["target_seconds"]) == (saved_id, "investor", 60.0)
    assert cli.main(["history", "--scenario", "recruiter"]) == 0
    assert "No takes saved for the scenario 'recruiter'" in capsys.readouterr().out


def test_an_unknown_scenario_is_refused_with_the_names_there_are(fixtures_dir, capsys) -> None:
    assert cli.main(["analyze", str(fixtures_dir / "great_pitch.wav"), "--scenario", "demo_day"]) == 2
    err = capsys.readouterr().err
    assert "There is no scenario called 'demo_day'. Choose one of: networking, recruiter, investor, sales_call" in err


def test_a_users_scenario_file_is_used_by_name_and_a_broken_one_is_named(fixtures_dir, capsys, pitchcoach_home) -> None:
    folder = pitchcoach_home / "scenarios" / "en"
    folder.mkdir(parents=True)
    (folder / "demo_day.toml").write_text('title = "Demo day"\ntarget_seconds = 40\n', encoding="utf-8")
    (folder / "broken.toml").write_text('title = "Broken"\ntarget_seconds = "soon"\n', encoding="utf-8")
    assert cli.main(["analyze", str(fixtures_dir / "great_pitch.wav"), "--scenario", "demo_day", "--json"]) == 0
    captured = capsys.readouterr()
    [rec] = [json.loads(line) for line in captured.out.splitlines()]
    assert (rec["scenario"], rec["target_seconds"]) == ("demo_day", 40.0)
    assert f"warning: Scenario skipped: {folder / 'broken.toml'}, line 2: 'target_seconds' must be a number" in (
        captured.err
    )


def test_script_rehearses_the_take_and_the_json_carries_it(fixtures_dir, capsys, tmp_path) -> None:
    """Issue 26: `analyze --script FILE` holds the take against the written pitch (a generated take of
    the script with its second key point left out)."""
    clips = fixtures_dir / "rehearsal"
    argv = ["analyze", str(clips / "missing_one.wav"), "--script", str(clips / "script_en.txt"), "--json", "--save"]
    assert cli.main(argv) == 0
    [rec] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    r = rec["rehearsal"]
    assert (r["coverage"], r["missed"], r["added"], r["out_of_order"]) == (
        75,
        ["I fix leaking roofs for families in old houses."],
        [],
        [],
    )
    assert cli.main(["history", "--json"]) == 0
    [take] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert take["id"] == rec["take_id"] and take["rehearsal"] == r

    latin1 = tmp_path / "pitch.txt"
    latin1.write_bytes("Caf\xe9 owners, I help you.".encode("latin-1"))
    assert cli.main(["analyze", str(clips / "missing_one.wav"), "--script", str(latin1)]) == 2
    assert f"error: {latin1} is not UTF-8 text. Save it as UTF-8" in capsys.readouterr().err


def test_language_follows_settings_unless_given_and_mandarin_is_paced_in_characters(fixtures_dir, capsys):
    """Issue 24: analyze --language en|zh|auto; without it, the app's Settings choice."""
    from pitchcoach.core.paths import app_paths
    from pitchcoach.core.settings import SettingsStore

    SettingsStore(app_paths().ensure().settings).update(pitch_language="zh")
    assert cli.main(["analyze", "--json", str(fixtures_dir / "zh" / "good_pitch.wav")]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["language"] == "zh" and rec["status"] == "scored", rec["gate"]
    metrics = rec["metrics"]
    assert metrics["pace_unit"] == "cpm" and 150 < metrics["cpm"] < 300 and "wpm" not in metrics
    assert " " not in rec["transcript"]  # Chinese is written without spaces
    assert "base" in rec["model"]

    # --language wins over the setting: the English fixture is heard by tiny.en, paced in words.
    assert cli.main(["analyze", "--json", "--language", "en", str(fixtures_dir / "great_pitch.wav")]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert (rec["language"], rec["metrics"]["pace_unit"], rec["model"]) == ("en", "wpm", "tiny.en (bundled)")
    assert rec["metrics"]["wpm"] > 0

    with pytest.raises(SystemExit) as stop:
        cli.main(["analyze", "--language", "fr", str(fixtures_dir / "great_pitch.wav")])
    assert stop.value.code == 2
    assert "invalid choice: 'fr' (choose from 'en', 'zh', 'auto')" in capsys.readouterr().err
