"""Word lists are user-controlled input: hostile or broken ones are read with limits (issue 14, items 6 and 16).

Each fault is made for real: the files are written into the user's lexicon folder exactly as a
user (or someone handing them a file) would, and the real loader and scorer read them.
"""

from __future__ import annotations

import regex

from pitchcoach.core.lexicon import MAX_USER_FILE_BYTES, TimedPattern, check_user_lexicons, load_lexicons
from pitchcoach.core.messages import get_catalog
from pitchcoach.core.paths import app_paths
from pitchcoach.core.scoring.engine import score

GOOD = (
    "Hi, I'm Dana. I help small bakeries cut food waste, so that they can save money every week. "
    "Last month one shop saved three hundred dollars. What are you working on at the moment? "
    "If you want to meet anyone in food, I'd be happy to introduce you."
)
# Runs for hours on Python's re over any transcript without a "!" (the issue's reproduction).
RUNAWAY_ON_RE = r"(\w+\s*)*!"
# Backtracks without end even on the regex engine: needs the time limit to stop it.
RUNAWAY_ON_REGEX = r"(?:\w+\s*){1,40}\d"


def test_the_issues_runaway_pattern_scores_a_take(timed) -> None:
    folder = app_paths().ensure().lexicons
    (folder / "benefit_patterns.txt").write_text(f"# mine\n{RUNAWAY_ON_RE}\n", encoding="utf-8")
    (folder / "question_patterns.txt").write_text(f"{RUNAWAY_ON_RE}\n", encoding="utf-8")
    lex = load_lexicons(folder)
    # pytest-timeout (300 s) is the guard: on Python's re this call never returns.
    result = score(timed(GOOD), lexicons=lex)
    assert result.scored
    assert any(isinstance(p, TimedPattern) for p in lex.benefit_patterns)


def test_a_pattern_too_slow_even_for_regex_is_skipped_with_file_and_line() -> None:
    folder = app_paths().ensure().lexicons
    path = folder / "proof_patterns.txt"
    path.write_text(f"\\bcustomers\\b\n# comment\n{RUNAWAY_ON_REGEX}\n", encoding="utf-8")
    lex = load_lexicons(folder)
    assert len(lex.warnings) == 1, lex.warnings
    assert f"{path} line 3:" in lex.warnings[0] and "too long to match" in lex.warnings[0]
    user = [p for p in lex.proof_patterns if isinstance(p, TimedPattern)]
    assert [p.pattern for p in user] == ["\\bcustomers\\b"]  # the good line still counts


def test_a_pattern_that_runs_out_of_time_while_scoring_is_switched_off_and_reported() -> None:
    # Built directly (not through the loader, whose probe would refuse it) to prove the backstop:
    # a pattern that only blows up on some real transcript.
    pat = TimedPattern(regex.compile(RUNAWAY_ON_REGEX), "/home/u/lexicons/proof_patterns.txt line 7", timeout=0.05)
    text = " ".join(["we help small teams save time every week"] * 20)
    assert list(pat.finditer(text)) == []
    assert pat.disabled
    assert pat.search("order 66") is None  # stays off: a take is scored without it, never hangs
    lex = load_lexicons(None)
    lex = type(lex)(
        **{
            **{f: getattr(lex, f) for f in lex.__dataclass_fields__ if lex.__dataclass_fields__[f].init},
            "proof_patterns": (*lex.proof_patterns, pat),
        }
    )
    [msg] = lex.timed_out_patterns()
    assert msg.startswith("/home/u/lexicons/proof_patterns.txt line 7:") and "switched off" in msg
    assert msg.endswith(
        " took too long to match and was switched off. Simplify it (avoid nested repeats like "
        "(\\w+\\s*)*) or write it as a plain phrase."
    )
    # Issue 25: `analyze` prints it in the interface language.
    [m] = lex.timed_out_pattern_msgs()
    assert get_catalog("zh_CN").render(m).startswith("/home/u/lexicons/proof_patterns.txt line 7：")
    assert "匹配耗时过长，已被停用。" in get_catalog("zh_CN").render(m)


def test_one_invalid_byte_costs_one_line_not_the_file() -> None:
    folder = app_paths().ensure().lexicons
    path = folder / "hedges.txt"
    path.write_bytes(b"\xef\xbb\xbfsort of maybe\nabout \xff\xfe right\npretty much certainly\n")
    lex = load_lexicons(folder)
    assert "sort of maybe" in lex.hedges and "pretty much certainly" in lex.hedges
    [w] = lex.warnings
    assert w.startswith(f"{path} line 2: byte 0xff at column 7 is not UTF-8 text")


def test_an_oversized_word_list_is_refused_with_a_message() -> None:
    folder = app_paths().ensure().lexicons
    path = folder / "buzzwords.tsv"
    line = b"synergistic omnichannel paradigm\tplain words\n"
    path.write_bytes(line * (MAX_USER_FILE_BYTES // len(line) + 1))
    lex = load_lexicons(folder)
    [w] = lex.warnings
    assert w.startswith(f"{path}:") and "over 64 KB" in w
    assert "synergistic omnichannel paradigm" not in lex.buzzwords
    assert lex.buzzwords["leverage"] == "use"  # the packaged list is untouched


def test_a_list_just_under_the_cap_is_read() -> None:
    folder = app_paths().ensure().lexicons
    line = b"zorblax\n"
    (folder / "hedges.txt").write_bytes(line * (MAX_USER_FILE_BYTES // len(line)))
    lex = load_lexicons(folder)
    assert lex.warnings == () and "zorblax" in lex.hedges


def test_check_user_lexicons_lists_every_problem() -> None:
    folder = app_paths().ensure().lexicons
    (folder / "question_patterns.txt").write_text("(unclosed\n", encoding="utf-8")
    (folder / "brag.txt").write_bytes(b"ok\n\xc3\n")
    problems = check_user_lexicons(folder)
    assert len(problems) == 2
    assert any("question_patterns.txt line 1:" in p for p in problems)
    assert any("brag.txt line 2:" in p for p in problems)


def test_a_pattern_nested_too_deeply_to_compile_is_skipped_with_file_and_line() -> None:
    # Issue 23 item 4: 499 "(" made regex.compile raise RecursionError, which stopped all scoring.
    folder = app_paths().ensure().lexicons
    path = folder / "question_patterns.txt"
    path.write_text("\\bwhat are you\\b\n" + "(" * 499 + "\n", encoding="utf-8")
    lex = load_lexicons(folder)
    [w] = lex.warnings
    assert w.startswith(f"{path} line 2:") and "nests too deeply" in w
    assert [p.pattern for p in lex.question_patterns if isinstance(p, TimedPattern)] == ["\\bwhat are you\\b"]
