"""`pitchcoach history` through the real CLI entry point, on a history of real analyses."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pitchcoach.cli import main
from pitchcoach.cli_history import save_analyses
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import TakeStore


def test_history_json_table_and_limit(analyzer, fixtures_dir, capsys) -> None:
    names = ["filler_heavy", "silence", "great_pitch"]
    analyses = [analyzer.analyze_file(fixtures_dir / f"{n}.wav") for n in names]
    clock_times = iter(datetime(2026, 4, 1, 9, tzinfo=UTC) + timedelta(minutes=i) for i in range(10))
    store = TakeStore(app_paths(), clock=lambda: next(clock_times))
    saved = save_analyses(store, [(a, fixtures_dir / f"{n}.wav") for a, n in zip(analyses, names, strict=True)])
    saved.append(*save_analyses(store, [(analyses[0], fixtures_dir / "missing.wav")]))
    assert [s.error is None for s in saved] == [True, True, True, False]
    assert "does not exist" in saved[-1].error
    store.update(saved[2].take.id, note="best so far")
    store.close()

    assert main(["history", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(x) for x in lines]
    assert [r["id"] for r in records] == [saved[2].take.id, saved[1].take.id, saved[0].take.id]
    newest = records[0]
    assert newest["scores"]["overall"] == analyses[2].result.overall and newest["note"] == "best so far"
    assert records[1]["status"] == "gated" and records[1]["scores"] is None

    assert main(["history", "--limit", "2"]) == 0
    text = capsys.readouterr().out
    assert "best so far" in text and "not scored" in text
    assert "Showing the 2 newest of 3 takes" in text
    assert "Personal best" in text

    # Issue 25: the same listing in the interface language, after the command or before it.
    assert main(["history", "--limit", "2", "--ui-language", "zh_CN"]) == 0
    zh = capsys.readouterr().out
    assert main(["--ui-language", "zh_CN", "history", "--limit", "2"]) == 0
    assert capsys.readouterr().out == zh
    assert "未评分（没有说话声）" in zh and "显示最新的 2 条，共 3 条" in zh and "个人最佳：" in zh
    issue = next(line for line in zh.splitlines() if line.startswith("最常见的问题："))
    tip = issue.split("建议：")[1]
    assert re.search(r"[\u4e00-\u9fff]", tip) and not re.search(r"[A-Za-z]{3,}", tip), issue
    assert "{" not in zh and "not scored" not in zh and "Personal best" not in zh
    header = zh.splitlines()[0]
    assert header.split() == ["编号", "日期", "时长", "总分", "清晰度", "听众导向", "评级", "备注"]


def test_empty_history_says_how_to_add_takes(capsys) -> None:
    assert main(["history"]) == 0
    assert "No takes saved yet" in capsys.readouterr().out


def test_unreadable_data_folder_is_a_message_not_a_traceback(tmp_path, monkeypatch, capsys) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("PITCHCOACH_HOME", str(blocker))
    code = main(["history"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "Cannot create PitchCoach's data folder" in err and "PITCHCOACH_HOME" in err


def test_analyze_save_then_history(fixtures_dir, capsys, loaded_model) -> None:
    files = [str(fixtures_dir / "great_pitch.wav"), str(fixtures_dir / "hard_sell.wav")]
    assert main(["analyze", "--save", "--json", *files]) == 0
    analysed = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert all(isinstance(r["take_id"], int) for r in analysed)

    assert main(["history", "--json"]) == 0
    history = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    by_id = {r["id"]: r for r in history}
    for rec in analysed:
        saved = by_id[rec["take_id"]]
        assert saved["scores"] == rec["scores"] and saved["transcript"] == rec["transcript"]
        # The audio was copied into the data folder, byte for byte.
        copy = Path(saved["audio_path"])
        assert copy.parent == app_paths().recordings and copy.read_bytes() == Path(rec["file"]).read_bytes()


def test_an_issue_is_named_as_the_problem_in_history_csv_and_reports(fixtures_dir, tmp_path, capsys, loaded_model):
    # Neither pitch asks the listener anything: that is the problem, and every place that names it says so.
    files = [str(fixtures_dir / "hard_sell.wav"), str(fixtures_dir / "jargon_heavy.wav")]
    assert main(["analyze", "--save", *files]) == 0
    capsys.readouterr()
    assert main(["history"]) == 0
    summary = capsys.readouterr().out
    assert "Most frequent issue: No question for them in 2 of your last 2" in summary, summary
    assert "Asks about them" not in summary

    today = datetime.now().astimezone().date()
    out = tmp_path / "period.csv"
    assert main(["report", "--from", str(today), "--format", "csv", "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        issues = [r["top_issue"] for r in csv.DictReader(fh)]
    assert issues == ["No question for them"] * 2, issues

    page = tmp_path / "period.html"
    assert main(["report", "--from", str(today), "--format", "html", "--out", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "No question for them" in html and "Asks about them" not in html


def test_one_damaged_row_is_listed_marked_and_analysed_again_from_its_audio(analyzer, fixtures_dir, capsys, tmp_path):
    # Issue 23 item 7: a result_json that is not JSON made history, history --json and report fail.
    import sqlite3

    names = ["great_pitch", "filler_heavy", "hard_sell"]
    store = TakeStore(app_paths())
    saved = save_analyses(
        store, [(analyzer.analyze_file(fixtures_dir / f"{n}.wav"), fixtures_dir / f"{n}.wav") for n in names]
    )
    store.close()
    bad = saved[1].take
    assert bad is not None
    with sqlite3.connect(app_paths().database) as conn:
        conn.execute("UPDATE takes SET result_json = '{\"gate\": nul' WHERE id = ?", (bad.id,))

    assert main(["history"]) == 0
    out, err = capsys.readouterr()
    assert len([line for line in out.splitlines() if line.strip()[:1].isdigit()]) == 3
    assert "damaged: --reanalyse" in out
    assert main(["history", "--ui-language", "zh_CN"]) == 0
    assert "已损坏：--reanalyse" in capsys.readouterr().out
    assert f"Take {bad.id}'s saved result can't be read" in err and f"--reanalyse {bad.id}" in err

    assert main(["history", "--json"]) == 0
    records = {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert len(records) == 3 and records[bad.id]["status"] == "damaged"
    assert records[saved[0].take.id]["status"] == "scored"

    out_file = tmp_path / "all.json"
    assert main(["report", "--from", "2000-01-01", "--out", str(out_file)]) == 0
    assert len(json.loads(out_file.read_text(encoding="utf-8"))["takes"]) == 3

    assert main(["history", "--reanalyse", str(bad.id)]) == 0
    assert f"Take {bad.id} was analysed again from its recording: overall" in capsys.readouterr().out
    assert main(["history", "--reanalyse", str(bad.id), "--ui-language", "zh_CN"]) == 0  # issue 25
    assert f"第 {bad.id} 次录音已用保存的音频重新分析：总分" in capsys.readouterr().out
    assert main(["history", "--json"]) == 0
    again = {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert again[bad.id]["status"] == "scored" and again[bad.id]["transcript"]


def test_a_damaged_take_is_analysed_again_when_the_app_starts(analyzer, fixtures_dir) -> None:
    import sqlite3

    from pitchcoach.core.session import TakeSession
    from pitchcoach.core.twopass import reanalyse_quick_takes

    paths = app_paths()
    with TakeStore(paths) as store:
        take = store.save_take(
            analyzer.analyze_file(fixtures_dir / "great_pitch.wav"), fixtures_dir / "great_pitch.wav"
        )
    with sqlite3.connect(paths.database) as conn:
        conn.execute("UPDATE takes SET transcript_json = 'garbage' WHERE id = ?", (take.id,))
    with TakeStore(paths) as store:
        [outcome] = reanalyse_quick_takes(TakeSession(analyzer, lambda: store))
        fixed = store.get(take.id)
    assert outcome.take_id == take.id
    assert not fixed.damaged and fixed.result.overall == take.result.overall


def test_analyze_save_keeps_only_scored_takes_and_the_csv_says_which(fixtures_dir, tmp_path, capsys, loaded_model):
    # Issue 21: tiny.en wrote the German clip as English words; --save kept it with that invented transcript.
    files = [str(fixtures_dir / n) for n in ("non_english.wav", "great_pitch.wav", "noise.wav")]
    assert main(["analyze", "--save", "--json", *files]) == 0
    captured = capsys.readouterr()
    records = [json.loads(x) for x in captured.out.splitlines()]
    assert [r["status"] for r in records] == ["gated", "scored", "gated"]
    assert records[0]["take_id"] is None and records[2]["take_id"] is None
    assert isinstance(records[1]["take_id"], int)
    assert captured.err.count("Not saved to your history: only scored takes are kept.") == 2

    assert main(["analyze", "--save", files[0]]) == 0
    assert "Not saved to your history: only scored takes are kept." in capsys.readouterr().out

    assert main(["history", "--json"]) == 0
    history = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [h["id"] for h in history] == [records[1]["take_id"]]
    # Only the scored take's recording was copied in.
    assert [p.name for p in app_paths().recordings.iterdir()] == [Path(history[0]["audio_path"]).name]

    out = tmp_path / "all.csv"
    today = datetime.now().astimezone().date()
    assert main(["report", "--from", str(today), "--format", "csv", "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["status"], r["overall"] != "") for r in rows] == [("scored", True)]


def test_a_drill_take_is_named_by_its_drill_in_the_interface_language(fixtures_dir, capsys, loaded_model) -> None:
    """The table named a drill take by its skill id ("练习 timing：还没通过") instead of the drill's title."""
    assert main(["drill", "--skill", "timing", "--save", str(fixtures_dir / "too_short.wav")]) == 0
    capsys.readouterr()
    assert main(["history", "--ui-language", "zh_CN"]) == 0
    zh = capsys.readouterr().out
    assert "练习 控制时长：还没通过" in zh and "timing" not in zh, zh
    assert main(["history"]) == 0
    assert "drill Hit the target: not yet" in capsys.readouterr().out
