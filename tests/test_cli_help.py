"""The CLI's help and argparse's own words in the interface language (issue 25): under zh_CN every
--help and every refusal of the command line reads Chinese; under en they are what they always were."""

from __future__ import annotations

import re

import pytest

from pitchcoach import cli
from pitchcoach.cli_parser import CliParser, display_width, translate_error
from pitchcoach.core.drills import SKILLS
from pitchcoach.core.messages import get_catalog
from pitchcoach.core.scenarios import BUILTIN_ORDER
from pitchcoach.core.team import schema

COMMANDS = (
    [],
    ["analyze"],
    ["drill"],
    ["history"],
    ["report"],
    ["team"],
    ["team", "join"],
    ["team", "leave"],
    ["team", "summary"],
)
# What stays as typed in any language: option names and metavars (matched below), command, scenario,
# skill and language ids, file formats, brands and standards.
ALLOWED = {
    "pitchcoach",
    "analyze",
    "analyse",
    "drill",
    "history",
    "report",
    "team",
    "join",
    "leave",
    "summary",
    "en",
    "zh",
    "zh_CN",
    "auto",
    "wav",
    "flac",
    "mp3",
    "ogg",
    "m4a",
    "aiff",
    "pdf",
    "html",
    "md",
    "csv",
    "json",
    "PDF",
    "HTML",
    "Markdown",
    "CSV",
    "JSON",
    "Lines",
    "UTF-8",
    "CTranslate2",
    "faster-whisper",
    "tiny.en",
    "YYYY-MM-DD",
    "Syncthing",
    "Nextcloud",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    "scores",
    *SKILLS,
    *BUILTIN_ORDER,
    *schema.SHARE_LEVELS,
}


@pytest.fixture(autouse=True)
def _terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps to the terminal's width
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # English unless a test says otherwise


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        cli.main(list(argv))
    out = capsys.readouterr()
    return int(exc.value.code or 0), out.out, out.err


def _english_words(text: str) -> set[str]:
    words = set(re.findall(r"(?<![\w-])[A-Za-z][\w.-]*[\w]|(?<![\w-])[A-Za-z]\b", text))
    # option names (--json, -h) are excluded by the lookbehind; metavars are upper case (FILE, DATE).
    return {w for w in words if w not in ALLOWED and not w.isupper()}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "pitchcoach")
def test_every_help_reads_chinese_under_zh_cn(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    code, out, _ = _run(capsys, "--ui-language", "zh_CN", *command, "--help")
    assert code == 0
    assert out.startswith("用法：pitchcoach") and "选项：" in out and "显示此帮助信息并退出" in out
    assert _english_words(out) == set()
    # Chinese characters take two columns: wrapped to the terminal's 80 columns, not 80 characters.
    assert max(display_width(line) for line in out.splitlines()) <= 80


def test_the_locale_alone_makes_the_help_chinese(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    _, out, _ = _run(capsys, "analyze", "--help")
    assert "位置参数：" in out and _english_words(out) == set()
    assert "wav、flac、mp3、ogg、m4a 或 aiff 文件" in out and "print JSON Lines" not in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["analyze", "--target", "x", "a.wav"], "pitchcoach analyze：错误：参数 --target：「x」不是秒数"),
        (["analyze"], "pitchcoach analyze：错误：缺少必需的参数：FILE"),
        (["history", "--limit"], "pitchcoach history：错误：参数 --limit：需要一个值"),
        (["history", "--bogus"], "pitchcoach：错误：无法识别的参数：--bogus"),
        (["drill", "--skill", "x", "a.wav"], "pitchcoach drill：错误：参数 --skill：无效的选择：'x'（可选："),
        (["report", "--last", "--take", "1", "--out", "r.pdf"], "错误：参数 --take：不能与参数 --last 同时使用"),
    ],
)
def test_refusals_read_chinese_with_exit_code_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, out, err = _run(capsys, "--ui-language", "zh_CN", *argv)
    assert code == 2 and out == ""
    usage, line = err.rstrip("\n").rsplit("\n", 1)
    assert usage.startswith("用法：pitchcoach") and expected in line
    assert "usage" not in err and "error" not in err and "argument" not in err


def test_english_help_and_refusals_are_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "--help")[1] == TOP_HELP
    assert _run(capsys, "--ui-language", "en", "analyze", "--target", "x", "a.wav") == (2, "", TARGET_ERROR)


TOP_HELP = """usage: pitchcoach [-h] [--version] [--self-test] [--ui-language {en,zh_CN}]
                  COMMAND ...

Practise a 20-second networking introduction. With no arguments, opens the
app.

positional arguments:
  COMMAND
    analyze (analyse)   transcribe and score audio files
    drill               score recordings as a drill: pass or fail on one skill
    history             list your saved takes, newest first
    report              export a coaching report (PDF, HTML, Markdown, CSV or
                        JSON)
    team                share takes with your team through a synced folder

options:
  -h, --help            show this help message and exit
  --version             show program's version number and exit
  --self-test           load the bundled model, analyse the sample pitch,
                        print the result (no display needed)
  --ui-language {en,zh_CN}
                        language of the output for this run: en or zh_CN
                        (default: the app's setting, else the system locale)
"""

TARGET_ERROR = """usage: pitchcoach analyze [-h] [--json] [--target SECONDS] [--scenario NAME]
                          [--language {en,zh,auto}] [--ui-language {en,zh_CN}]
                          [--script FILE] [--model M] [--save]
                          FILE [FILE ...]
pitchcoach analyze: error: argument --target: 'x' is not a number of seconds
"""


def test_a_long_chinese_description_wraps_to_the_terminal_and_keeps_every_character() -> None:
    text = get_catalog("zh_CN").text("cli_help.report.ui_language") * 2  # ~120 characters, ~230 columns
    parser = CliParser(prog="pitchcoach", lang="zh_CN", description=text)
    help_text = parser.format_help()
    lines = help_text.split("\n\n")[1].splitlines()
    assert len(lines) >= 3 and max(display_width(line) for line in lines) <= 80
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize(
    "message",
    [
        "expected 1 argument",
        "expected 2 arguments",
        "argument --limit: expected one argument",
        "argument -x: invalid int value: 'a'",
        "ambiguous option: --sc could match --scenario, --script",
        "one of the arguments --take --last --from is required",
        "argument COMMAND: invalid choice: 'x' (choose from 'analyze', 'drill')",
    ],
)
def test_argparse_messages_say_the_same_in_english(message: str) -> None:
    assert translate_error(message, get_catalog("en")) == message
    assert not re.search(r"[a-z]{4,} [a-z]{4,}", translate_error(message, get_catalog("zh_CN")))
