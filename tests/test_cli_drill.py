"""`pitchcoach drill --skill SKILL FILE...` end to end: real model, real audio, exit codes (issue 27)."""

from __future__ import annotations

import io
import json

from pitchcoach import cli


def _run(argv):
    out, err = io.StringIO(), io.StringIO()
    args = cli.build_parser().parse_args(argv)
    code = cli.cli_drill.run_drill(args, out, err)
    return code, out.getvalue(), err.getvalue()


def test_json_one_object_per_file_a_failed_drill_is_not_an_error(fixtures_dir) -> None:
    files = [str(fixtures_dir / "filler_heavy.wav"), str(fixtures_dir / "drill_listener_first.wav")]
    code, out, _ = _run(["drill", "--skill", "fillers", "--json", *files])
    assert code == 0
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["file"] for r in recs] == files
    failed, passed = recs
    assert {"file", "skill", "passed", "why", "evidence"} <= set(failed)
    assert failed["skill"] == "fillers" and failed["passed"] is False
    assert "like" in [e["text"].lower().strip(",") for e in failed["evidence"]]
    assert passed["passed"] is True and passed["why"]


def test_an_unreadable_file_is_an_error_as_in_analyze(fixtures_dir, tmp_path) -> None:
    code, out, _ = _run(
        ["drill", "--skill", "timing", str(tmp_path / "missing.wav"), str(fixtures_dir / "too_short.wav")]
    )
    assert code == 2
    assert "missing.wav\n  error: File not found" in out
    assert "Hit the target: NOT YET" in out and "too short" in out


def test_the_verdict_reads_in_the_interface_language(fixtures_dir) -> None:
    """Issue 25: --ui-language zh_CN gives the outcome and the why in Chinese; --json keeps English `why`."""
    code, out, _ = _run(["drill", "--skill", "timing", "--ui-language", "zh_CN", str(fixtures_dir / "too_short.wav")])
    assert code == 0
    assert "控制时长" in out and "Hit the target" not in out  # the drill's name in the interface's words
    assert "控制时长：还没通过 ×" in out  # a Chinese colon after the name
    assert "还没通过 ×" in out and "太短了" in out and " 秒  从第一个字到最后一个字" in out
    assert "NOT YET" not in out and "{" not in out
