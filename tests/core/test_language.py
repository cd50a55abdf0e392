"""The language seam (issue 24): one profile per language, picked by code."""

from __future__ import annotations

import pytest

from pitchcoach.core.errors import friendly_message
from pitchcoach.core.language import (
    SUPPORTED_LANGUAGES,
    LanguageError,
    get_profile,
    scoring_profile,
    segment_zh,
)
from pitchcoach.core.messages import get_catalog


def test_supported_languages_have_profiles_with_their_own_units() -> None:
    assert SUPPORTED_LANGUAGES == ("en", "zh")
    en, zh = get_profile("en"), get_profile("zh")
    assert (en.pace_unit, zh.pace_unit) == ("wpm", "cpm")
    assert zh.pace_label == "字/分钟"
    assert en.pace_band == (120.0, 170.0)
    assert zh.pace_band == (180.0, 260.0)
    # The packaged word lists of each language sit in lexicons/<code>/.
    assert en.lexicon_dir.joinpath("fillers.tsv").is_file()
    assert zh.lexicon_dir.joinpath("fillers.tsv").is_file()


def test_codes_are_normalised_and_unknown_ones_named() -> None:
    assert get_profile("zh-CN").code == "zh"
    assert get_profile("ZH_Hans").code == "zh"
    assert get_profile(None).code == "en"  # takes stored before languages were
    with pytest.raises(LanguageError, match=r"'fr'.*English \(en\).*Mandarin Chinese \(zh\)") as exc:
        get_profile("fr")
    assert str(exc.value).startswith("PitchCoach cannot score the language 'fr'. Supported: ")
    # Issue 25: in the interface language too.
    assert friendly_message(exc.value, get_catalog("zh_CN")).startswith("PitchCoach 无法为 'fr' 这种语言评分。")
    # A take in a language PitchCoach does not score is counted the English way, then gated.
    assert scoring_profile("fr").code == "en"


def test_english_counts_words_and_mandarin_counts_characters() -> None:
    assert get_profile("en").count_units("Hi, I'm Dana.  I help bakeries.") == 6
    # Han characters, plus each Latin or digit run as one word; punctuation is not counted.
    assert get_profile("zh").count_units("你好，我叫王丽。我们的App用了20天") == 12 + 2
    assert get_profile("en").tokenize("Hi, I'm Dana.") == ["hi", "i'm", "dana"]


def test_mandarin_segmenter_gives_words_and_keeps_offsets() -> None:
    text = "我是做餐饮软件的，你是做哪一行的？"
    pieces = segment_zh(text)
    assert "".join(pieces) == text  # offsets of the pieces are offsets in the text
    assert "餐饮" in pieces and "软件" in pieces
    assert get_profile("zh").tokenize(text)[:3] == ["我", "是", "做"]


def test_budget_follows_the_pace_band() -> None:
    assert get_profile("en").budget(20.0) == (40, 57)
    assert get_profile("zh").budget(20.0) == (60, 87)
