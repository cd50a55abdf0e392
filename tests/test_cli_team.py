"""`pitchcoach team` and `analyze --save` sharing, through the real CLI entry point and the real model."""

from __future__ import annotations

import io
import json

import pytest

from pitchcoach.cli import main


def _jsonl(text: str) -> list[dict]:
    return [json.loads(x) for x in text.splitlines() if x.strip()]


def test_join_analyze_save_shares_and_summary_counts(tmp_path, fixtures_dir, capsys, monkeypatch, loaded_model):
    team = tmp_path / "team"
    team.mkdir()
    homes = {"Ann": tmp_path / "ann", "Ben": tmp_path / "ben", "Coach": tmp_path / "coach"}
    runs = {"Ann": ("transcript", "great_pitch"), "Ben": ("audio", "filler_heavy")}
    records = {}
    for name, (level, clip) in runs.items():
        monkeypatch.setenv("PITCHCOACH_HOME", str(homes[name]))
        assert main(["team", "join", "--folder", str(team), "--name", name, "--share", level]) == 0
        assert f"as {name}" in capsys.readouterr().out
        assert main(["analyze", "--save", "--json", str(fixtures_dir / f"{clip}.wav")]) == 0
        [rec] = _jsonl(capsys.readouterr().out)
        assert rec["shared"] == level
        records[name] = rec
    assert len(list(team.glob("members/*/takes/*.opus"))) == 1  # Ben shared his audio, Ann did not

    # The coach reads the folder without sharing anything.
    monkeypatch.setenv("PITCHCOACH_HOME", str(homes["Coach"]))
    assert main(["team", "join", "--folder", str(team), "--name", "Coach", "--share", "none"]) == 0
    capsys.readouterr()
    assert main(["team", "summary", "--json"]) == 0
    rows = {r["name"]: r for r in _jsonl(capsys.readouterr().out)}
    assert set(rows) == {"Ann", "Ben", "Coach"}
    for name in runs:
        assert set(rows[name]) == {"member", "name", "takes", "latest_overall", "top_issue", "trend"}
        assert rows[name]["takes"] == 1
        assert rows[name]["latest_overall"] == records[name]["scores"]["overall"]
        # One take each: the top issue is the rule that cost the most points.
        deductions = [d for d in records[name]["deductions"] if d["points"] > 0]
        most = max((d["points"] for d in deductions), default=None)
        assert rows[name]["top_issue"] in ({d["rule"] for d in deductions if d["points"] == most} or {None})
    assert rows["Coach"]["takes"] == 0 and rows["Coach"]["latest_overall"] is None
    assert rows["Ben"]["top_issue"] is not None

    assert main(["team", "summary", "--from", "2000-01-01", "--to", "2000-01-31", "--json"]) == 0
    assert all(r["takes"] == 0 for r in _jsonl(capsys.readouterr().out))
    assert main(["team", "summary"]) == 0
    table = capsys.readouterr().out
    assert "Ann" in table and "Ben" in table and "Top issue" in table


def test_team_commands_explain_bad_input(tmp_path, capsys, monkeypatch):
    missing = tmp_path / "not-mounted"
    assert main(["team", "join", "--folder", str(missing), "--name", "Ann"]) == 1
    err = capsys.readouterr().err
    assert "not available" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exit_info:
        main(["team", "summary", "--from", "last week"])
    assert exit_info.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["team", "summary"]) == 1
    assert "No team folder is set" in capsys.readouterr().err
    assert main(["team", "leave"]) == 0
    assert "nothing to leave" in capsys.readouterr().err


class _Terminal(io.StringIO):
    """stdin as a terminal the user types ``text`` into (the edge of the CLI: no real tty in a test)."""

    def isatty(self) -> bool:
        return True


def test_leave_asks_for_confirmation_then_removes_the_member_folder(tmp_path, capsys, monkeypatch):
    team = tmp_path / "team"
    team.mkdir()
    assert main(["team", "join", "--folder", str(team), "--name", "Ann"]) == 0
    [member] = list((team / "members").iterdir())
    assert main(["team", "leave"]) == 1  # stdin is not a terminal here: --yes is required
    assert "--yes" in capsys.readouterr().err and member.exists()
    # At a terminal it asks; Ctrl-D (end of input) answers no.
    monkeypatch.setattr("sys.stdin", _Terminal(""))
    assert main(["team", "leave"]) == 0
    assert "Still in the team; nothing was removed." in capsys.readouterr().err and member.exists()
    assert main(["team", "leave", "--yes"]) == 0
    assert "Left the team" in capsys.readouterr().out
    assert not member.exists()
    assert main(["team", "summary", "--folder", str(team), "--json"]) == 0
    assert _jsonl(capsys.readouterr().out) == []


def test_an_offline_team_folder_keeps_analyze_working(tmp_path, fixtures_dir, capsys, loaded_model):
    team = tmp_path / "team"
    team.mkdir()
    assert main(["team", "join", "--folder", str(team), "--name", "Ann"]) == 0
    capsys.readouterr()
    team.rename(tmp_path / "elsewhere")  # the share is unmounted
    assert main(["analyze", "--save", "--json", str(fixtures_dir / "great_pitch.wav")]) == 0
    out, err = capsys.readouterr()
    [rec] = _jsonl(out)
    assert isinstance(rec["take_id"], int) and rec["shared"] is None
    assert "was saved" in err and "not mounted" in err and "will be shared" in err  # queued: share-later
    assert main(["team", "summary"]) == 1
    assert "not available" in capsys.readouterr().err


def test_help_lists_the_team_actions(capsys):
    with pytest.raises(SystemExit):
        main(["team", "--help"])
    out = capsys.readouterr().out
    assert all(a in out for a in ("join", "leave", "summary"))
