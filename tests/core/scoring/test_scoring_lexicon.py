"""Packaged word lists load cleanly; the user's folder adds to them; bad lines never crash."""

from __future__ import annotations

import logging
from pathlib import Path

from pitchcoach.core.lexicon import PACKAGED_FILES, load_lexicons
from pitchcoach.core.paths import app_paths
from pitchcoach.core.scoring.engine import score

GOOD = (
    "Hi, I'm Dana. I help small bakeries cut food waste, so that they can save money every week. "
    "Last month one shop saved three hundred dollars. What are you working on at the moment? "
    "If you want to meet anyone in food, I'd be happy to introduce you."
)


def test_packaged_lists_load_without_warnings() -> None:
    lex = load_lexicons(None)
    assert lex.warnings == ()
    assert lex.buzzwords["leverage"] == "use"
    assert lex.fillers["you know"] == "phrase"
    assert "AI" in lex.acronym_allowlist
    assert "kind of" in lex.hedges and "take my card" in lex.cta
    assert lex.benefit_patterns and lex.question_patterns and lex.what_you_do_patterns


def test_packaged_files_ship_inside_the_package() -> None:
    from importlib import resources

    folder = resources.files("pitchcoach.core.lexicons").joinpath("en")
    for name in PACKAGED_FILES:
        assert folder.joinpath(name).is_file(), name


def test_user_folder_adds_a_buzzword(timed) -> None:
    folder = app_paths().ensure().lexicons  # PITCHCOACH_HOME is a tmp dir (tests/conftest.py)
    text = GOOD.replace("cut food waste", "cut food waste with omnipresence")
    assert next(s for s in score(timed(text)).subscores if s.rule == "plain_language").lost == 0
    (folder / "buzzwords.tsv").write_text("# my own\nomnipresence\tbeing everywhere\n", encoding="utf-8")
    lex = load_lexicons(folder)
    r = score(timed(text), lexicons=lex)
    d = next(d for d in r.deductions if d.rule == "plain_language")
    assert "'omnipresence' is business jargon" in d.message
    assert "being everywhere" in d.tip
    assert lex.buzzwords["leverage"] == "use"  # packaged entries are kept


def test_user_lines_that_cannot_be_used_are_skipped_with_a_warning(tmp_path: Path, caplog, timed) -> None:
    (tmp_path / "buzzwords.tsv").write_text("no tab here\n\tno term\ngood one\tfine\n", encoding="utf-8")
    (tmp_path / "fillers.tsv").write_text("innit\tslang\ninnit\ttag\n", encoding="utf-8")
    (tmp_path / "question_patterns.txt").write_text("(unclosed\n.*\n\\bfancy that\\b\n", encoding="utf-8")
    (tmp_path / "hedges.txt").write_text("...\nish\n", encoding="utf-8")
    (tmp_path / "brag.txt").write_bytes(b"\xff\xfe\x00bad")
    (tmp_path / "acronym_allowlist.txt").write_text("SEO\nnot an acronym!\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="pitchcoach.core.lexicon"):
        lex = load_lexicons(tmp_path)
    assert len(lex.warnings) == 8, lex.warnings
    assert len(caplog.records) == 8
    assert any("expected 'term<TAB>value'" in w for w in lex.warnings)
    assert any("unknown class 'slang'" in w for w in lex.warnings)
    assert any("not a valid pattern" in w for w in lex.warnings)
    assert any("matches empty text" in w for w in lex.warnings)
    assert any("brag.txt line 1: byte 0xff" in w and "UTF-8" in w for w in lex.warnings)
    # The good lines still count.
    assert lex.buzzwords["good one"] == "fine"
    assert lex.fillers["innit"] == "tag"
    assert "ish" in lex.hedges
    assert "SEO" in lex.acronym_allowlist
    # A user's tag is a marker like the packaged ones: it counts when the speaker stalls on it.
    n = len(GOOD.split())
    assert score(timed(GOOD + " Innit, we bake."), lexicons=lex).metrics.fillers == {}
    assert score(timed(GOOD + " Innit, we bake.", gaps={n + 1: 0.5}), lexicons=lex).metrics.fillers == {"innit": 1}


def test_missing_user_folder_is_fine(tmp_path: Path) -> None:
    assert load_lexicons(tmp_path / "does-not-exist").warnings == ()


def test_user_lists_are_per_language_and_an_old_flat_file_still_applies_to_english(tmp_path: Path) -> None:
    # Before languages, the user's lists sat right in the lexicon folder: they still apply to English.
    (tmp_path / "buzzwords.tsv").write_text("omnipresence\tbeing everywhere\n", encoding="utf-8")
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "buzzwords.tsv").write_text("synergize\twork together\n", encoding="utf-8")
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "buzzwords.tsv").write_text("抓手\t办法\n拉通\t连起来\n", encoding="utf-8")
    en = load_lexicons(tmp_path)
    assert en.language == "en" and en.warnings == ()
    assert en.buzzwords["omnipresence"] == "being everywhere"
    assert en.buzzwords["synergize"] == "work together"
    assert "拉通" not in en.buzzwords
    zh = load_lexicons(tmp_path, "zh")
    assert zh.buzzwords["拉通"] == "连起来"
    assert zh.buzzwords["赋能"]  # the packaged Mandarin list is kept
    assert "omnipresence" not in zh.buzzwords and "synergize" not in zh.buzzwords
    # The analyzer holds the English lists; a Mandarin take reads the Mandarin ones from the same folder.
    assert en.for_language("zh").buzzwords["拉通"] == "连起来"
    assert en.for_language("zh") is en.for_language("zh-CN")
    assert en.for_language("en") is en


def test_a_bad_line_in_a_language_subfolder_is_named_with_its_path(tmp_path: Path) -> None:
    from pitchcoach.core.lexicon import check_user_lexicons

    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "buzzwords.tsv").write_text("没有制表符\n", encoding="utf-8")
    problems = check_user_lexicons(tmp_path)
    assert len(problems) == 1
    assert str(tmp_path / "zh" / "buzzwords.tsv") in problems[0] and "expected 'term<TAB>value'" in problems[0]
