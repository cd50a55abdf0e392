"""The CLI's interface language (issue 25): --ui-language, else Settings, else the locale; the human
output changes language, the JSON and the scores never do."""

from __future__ import annotations

import json

import pytest

from pitchcoach import cli
from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import Settings, save_settings


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    # The pitch is English whatever the locale (a Chinese locale would make a first run's pitch Mandarin).
    assert cli.main([*argv[:-1], "--language", "en", argv[-1]]) == 0
    return capsys.readouterr().out


def test_analyze_speaks_the_chosen_language_and_json_stays_the_same(
    fixtures_dir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clip = str(fixtures_dir / "filler_heavy.wav")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # the system locale is Chinese ...
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_MESSAGES", "")
    zh = _run(capsys, "analyze", "--save", "--scenario", "investor", clip)
    assert "场景：投资人介绍" in zh and "Investor" not in zh  # an English pitch's room and its note, in Chinese
    assert "总分" in zh and "优先改进：" in zh and "建议：" in zh and "我们听到" in zh
    assert "已保存到练习记录：练习 1。" in zh
    assert "Fix first" not in zh and "Tip:" not in zh and "Saved" not in zh
    # ... and --ui-language overrides it for one run, after the command or before it.
    en = _run(capsys, "analyze", "--ui-language", "en", clip)
    assert "Fix first:" in en and "Tip:" in en and "总分" not in en
    assert "Fix first:" in _run(capsys, "--ui-language", "en", "analyze", clip)
    # Same take, same scores, same JSON keys and English texts, whatever the interface language.
    j_zh = json.loads(_run(capsys, "analyze", "--json", "--ui-language", "zh_CN", clip))
    j_en = json.loads(_run(capsys, "analyze", "--json", "--ui-language", "en", clip))
    keys = ("scores", "band", "deductions", "fix_first", "positives", "notes", "gate", "language")
    assert {k: j_zh.get(k) for k in keys} == {k: j_en.get(k) for k in keys}
    assert j_en["scores"]["overall"] is not None and j_en["deductions"][0]["message"].startswith("We detected")


def test_the_settings_value_wins_over_the_locale(
    fixtures_dir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    save_settings(app_paths().settings, Settings(ui_language="en"))
    out = _run(capsys, "analyze", str(fixtures_dir / "too_few_words.wav"))
    assert "No score:" in out and "未评分" not in out
    save_settings(app_paths().settings, Settings(ui_language="zh_CN"))
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    out = _run(capsys, "analyze", str(fixtures_dir / "too_few_words.wav"))
    assert "未评分：这次只说了" in out


def test_a_language_we_do_not_have_is_refused_with_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["analyze", "--ui-language", "fr", "x.wav"])
    assert exc.value.code == 2
    assert "zh_CN" in capsys.readouterr().err


def test_a_file_that_is_not_audio_is_explained_in_the_interface_language(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.wav"
    notes.write_text("Meeting notes, not a recording.\n" * 40)
    for lang, line in (
        ("zh_CN", "错误：notes.wav 是一个文本文件，不是录音。"),
        ("en", "error: notes.wav is a text file"),
    ):
        assert cli.main(["analyze", "--ui-language", lang, "--language", "en", str(notes)]) != 0
        assert line in capsys.readouterr().out


def test_a_history_that_cannot_be_read_is_explained_in_the_interface_language(
    pitchcoach_home, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 25: `history` and `report` printed the store's English reason under --ui-language zh_CN."""
    paths = app_paths(pitchcoach_home).ensure()
    paths.database.write_bytes(bytes(range(256)) * 32)  # another program's file where the history should be
    for lang, line in (
        ("zh_CN", f"错误：文件 {paths.database} 不是 PitchCoach 的历史数据库"),
        ("en", f"error: The file {paths.database} is not a PitchCoach history database"),
    ):
        for command in (["history"], ["report", "--last", "--out", str(pitchcoach_home.parent / "r.md")]):
            assert cli.main([*command, "--ui-language", lang]) != 0
            assert capsys.readouterr().err.startswith(line), command


def test_a_script_that_is_not_there_is_explained_in_the_interface_language(
    tmp_path, fixtures_dir, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "my pitch.txt"
    clip = str(fixtures_dir / "too_short.wav")
    for lang, line in (("zh_CN", f"错误：找不到稿子：{missing}。"), ("en", f"error: Script not found: {missing}.")):
        assert cli.main(["analyze", "--ui-language", lang, "--script", str(missing), clip]) != 0
        assert capsys.readouterr().err.startswith(line)


def test_an_unknown_scenario_is_refused_in_the_interface_language(
    fixtures_dir, capsys: pytest.CaptureFixture[str]
) -> None:
    clip = str(fixtures_dir / "too_short.wav")
    for lang, line in (
        ("zh_CN", "错误：没有名为「pub-quiz」的场景。"),
        ("en", "error: There is no scenario called 'pub-quiz'."),
    ):
        assert cli.main(["analyze", "--ui-language", lang, "--scenario", "pub-quiz", clip]) != 0
        assert capsys.readouterr().err.startswith(line)


def test_a_scenario_file_that_cannot_be_used_is_explained_in_the_interface_language(
    pitchcoach_home, fixtures_dir, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 25: a user's scenario file was skipped with English words (field, line and fix) under zh_CN."""
    folder = app_paths(pitchcoach_home).scenarios / "en"
    folder.mkdir(parents=True)
    bad = folder / "demo_day.toml"
    bad.write_text('title = "Demo day"\ntarget_seconds = 45\n[emphasis]\nhumour = 2\n', encoding="utf-8")
    latin = folder / "latin.toml"
    latin.write_bytes('title = "Caf\xe9"\ntarget_seconds = 20\n'.encode("latin-1"))
    clip = str(fixtures_dir / "too_short.wav")
    for lang, lines in (
        (
            "zh_CN",
            [
                f"警告：已跳过场景：{latin}：文件不是 UTF-8 文本。",
                f"警告：已跳过场景：{bad}，第 4 行：「humour」不是规则。",
            ],
        ),
        (
            "en",
            [
                f"warning: Scenario skipped: {latin}: the file is not UTF-8 text. Save it as UTF-8 and try again.",
                f"warning: Scenario skipped: {bad}, line 4: 'humour' is not a rule. Use one of: ",
            ],
        ),
    ):
        # An unknown scenario stops the run before the model loads: the warnings come first.
        assert cli.main(["analyze", "--ui-language", lang, "--scenario", "pub-quiz", clip]) != 0
        err = capsys.readouterr().err.splitlines()
        for line in lines:
            assert any(e.startswith(line) for e in err), (line, err)
        if lang == "zh_CN":
            assert not any("Scenario skipped" in e or "line 4" in e for e in err), err


def test_a_history_that_cannot_be_opened_for_saving_is_a_warning_in_the_interface_language(
    pitchcoach_home, fixtures_dir, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 25: `analyze --save` and `drill --save` warned in English that the history could not be opened."""
    paths = app_paths(pitchcoach_home).ensure()
    paths.database.write_bytes(bytes(range(256)) * 32)  # another program's file where the history should be
    clip = str(fixtures_dir / "too_few_words.wav")
    for lang, line, end in (
        (
            "zh_CN",
            f"警告：无法打开练习记录（文件 {paths.database} 不是 PitchCoach 的历史数据库",
            "）；结果照常显示，但不会保存",
        ),
        (
            "en",
            f"warning: could not open your history (The file {paths.database} is not a PitchCoach history database",
            "; results are shown but not saved",
        ),
    ):
        for command in (["analyze"], ["drill", "--skill", "fillers"]):
            cli.main([*command, "--save", "--ui-language", lang, "--language", "en", clip])
            err = capsys.readouterr().err
            warning = next((e for e in err.splitlines() if e.startswith(line)), "")
            assert warning.endswith(end), (command, err)


def test_the_team_command_speaks_the_interface_language(
    pitchcoach_home, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 25: `pitchcoach team` printed English whatever --ui-language said."""
    team = tmp_path / "team"
    team.mkdir()
    for lang, joined, header, left, not_joined in (
        (
            "zh_CN",
            f"已加入 {team} 中的团队，名字是 Ann。你保存的练习默认共享：分数和问题。",
            "名字" + " " * 27 + "练习数 最近得分  最常见问题",
            "已退出团队。从团队文件夹中删除了 1 个共享文件。",
            "你还没有加入团队，所以没有可退出的团队。",
        ),
        (
            "en",
            f"Joined the team in {team} as Ann. Takes you save are shared by default as: scores and issues.",
            "Name" + " " * 27 + "Takes Latest  Top issue",
            "Left the team. 1 shared file removed from the team folder.",
            "You have not joined a team, so there is nothing to leave.",
        ),
    ):
        assert cli.main(["team", "join", "--folder", str(team), "--name", "Ann", "--ui-language", lang]) == 0
        assert capsys.readouterr().out.strip() == joined
        assert cli.main(["team", "summary", "--ui-language", lang]) == 0
        assert capsys.readouterr().out.splitlines()[0] == header
        assert cli.main(["--ui-language", lang, "team", "leave", "--yes"]) == 0
        assert capsys.readouterr().out.strip() == left
        assert cli.main(["team", "leave", "--yes", "--ui-language", lang]) == 0
        assert capsys.readouterr().err.strip() == not_joined


def test_report_and_history_refusals_speak_the_interface_language(
    pitchcoach_home, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 25: `report` on an empty history, a bad file name and a take that is not there, and
    `history --reanalyse` of a missing take, said their reasons (and the hint) in English under zh_CN."""
    out = str(tmp_path / "r.md")
    cases = {
        "zh_CN": [
            (["report", "--last", "--out", out], "错误：你的练习记录是空的。"),
            (["report", "--last", "--out", str(tmp_path / "r.doc")], "错误：无法从「r.doc」看出格式。"),
            (["report", "--take", "5", "--out", out], "`pitchcoach history` 会列出你的练习。"),
            (["history", "--reanalyse", "3"], "`pitchcoach history` 会列出你的练习。"),
        ],
        "en": [
            (["report", "--last", "--out", out], "error: your history is empty. Record a take in the app, or run "),
            (["report", "--last", "--out", str(tmp_path / "r.doc")], "error: can't tell the format from 'r.doc'. "),
            (["report", "--take", "5", "--out", out], " `pitchcoach history` lists the takes you have."),
            (["history", "--reanalyse", "3"], " `pitchcoach history` lists the takes you have."),
        ],
    }
    for lang, runs in cases.items():
        for argv, said in runs:
            assert cli.main([*argv, "--ui-language", lang]) != 0
            err = capsys.readouterr().err
            assert said in err, (argv, err)
            assert lang == "en" or "error" not in err, err


def test_an_option_value_refused_by_the_command_line_is_explained_in_the_interface_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Issue 25: our reasons for refusing --target, --limit, --take and dates were English under zh_CN
    (argparse's own frame, 'error: argument --x:', stays as argparse words it)."""
    cases = [
        (
            ["analyze", "--target", "2", "x.wav"],
            "目标时长必须在 10 到 60 秒之间",
            "the target must be between 10 and 60 seconds",
        ),
        (
            ["history", "--limit", "-1"],
            "数量不能为负（用 0 显示全部练习）",
            "the limit cannot be negative (use 0 for every take)",
        ),
        (["report", "--take", "0", "--out", "r.md"], "练习编号从 1 开始", "take numbers start at 1"),
        (
            ["team", "summary", "--from", "2026-13-05"],
            "「2026-13-05」不是日期；",
            "'2026-13-05' is not a date; write it as",
        ),
    ]
    for argv, zh, en in cases:
        for lang, said in (("zh_CN", zh), ("en", en)):
            with pytest.raises(SystemExit):
                cli.main(["--ui-language", lang, *argv] if lang == "en" else [*argv, "--ui-language", lang])
            err = capsys.readouterr().err
            assert said in err, (argv, err)


def test_the_rehearsal_lines_speak_the_interface_language(
    fixtures_dir, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 25: `analyze --script` printed coverage, missed, added and reworded points in English under zh_CN."""
    script = tmp_path / "pitch.txt"
    script.write_text("I help small bakeries sell more bread online.\nWe grow sales by forty percent.\n", "utf-8")
    clip = str(fixtures_dir / "great_pitch.wav")
    zh = _run(capsys, "analyze", "--ui-language", "zh_CN", "--script", str(script), clip)
    assert "对照稿子：覆盖了 50% 的要点（2 个中的 1 个）。" in zh, zh
    assert "   - 漏说：“We grow sales by forty percent.”" in zh and "   + 额外说了：“" in zh
    assert "   i 换了说法，仍算覆盖：你说的是“" in zh
    assert "Rehearsal" not in zh and "Missed" not in zh and "Counted as covered" not in zh
    en = _run(capsys, "analyze", "--ui-language", "en", "--script", str(script), clip)
    assert "  Rehearsal: 50% of your key points covered (1 of 2).\n" in en
    assert '   - Missed: "We grow sales by forty percent."\n' in en and '   + Added: "' in en
    assert '   i Counted as covered, in other words: you said "' in en
