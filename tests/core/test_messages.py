"""The message catalog (issue 25): every English text has a Chinese one, filled in the same way."""

from __future__ import annotations

import logging
import string

import pytest

from pitchcoach.core import messages
from pitchcoach.core.messages import (
    CHINESE,
    ENGLISH,
    Catalog,
    Message,
    get_catalog,
    load_texts,
    placeholders,
    resolve_ui_language,
    system_ui_language,
)


def test_every_english_id_has_chinese_text_with_the_same_placeholders() -> None:
    en, zh = load_texts(ENGLISH), load_texts(CHINESE)
    assert en, "no English messages packaged"
    assert sorted(set(en) - set(zh)) == []
    assert sorted(set(zh) - set(en)) == []  # a Chinese text for an id English no longer has is dead
    # The same arguments, except one that only picks an English plural ("{n:plural:word:words}"):
    # Chinese has no plural, so its text may leave that one out.
    wrong = {
        i: (placeholders(en[i]), placeholders(zh[i]))
        for i in en
        if not placeholders(en[i], plural_only=False) <= placeholders(zh[i]) <= placeholders(en[i])
    }
    assert wrong == {}


def _strip_fields(template: str) -> str:
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(template))


def test_chinese_texts_are_chinese() -> None:
    """A text copied over untranslated would pass the id check; Chinese texts hold Han characters."""
    zh = load_texts(CHINESE)
    untranslated = [i for i, t in zh.items() if not any("\u4e00" <= c <= "\u9fff" for c in t)]
    # Pure layout (placeholders and punctuation, no words of its own) needs no Han character.
    wordless = {i for i, t in load_texts(ENGLISH).items() if not any(c.isalpha() for c in _strip_fields(t))}
    assert sorted(set(untranslated) - wordless) == []


def test_chinese_texts_cite_no_internal_document() -> None:
    """A note told Chinese users '（rubric-zh §5）': a section of our own design notes, which they cannot
    read. The reason is said in words instead."""
    zh = load_texts(CHINESE)
    assert sorted(i for i, t in zh.items() if "§" in t or "rubric" in t.lower()) == []


def test_every_template_fills_in() -> None:
    """Every template formats with sample arguments in both languages (no stray brace, no bad spec)."""
    for code in messages.UI_LANGUAGES:
        cat = get_catalog(code)
        for msg_id, template in cat.texts.items():
            args = {name: 2 for name in placeholders(template)}
            # A nested message argument ({x:msg}) takes a message; every other spec takes a number.
            nested = {"id": "band.Good", "args": {}}
            args.update({n: nested for n in placeholders(template) if f"{{{n}:msg}}" in template})
            text = cat.text(msg_id, **args)
            assert "{" not in text and "}" not in text, (code, msg_id, text)


def test_specs_plural_list_quote_and_nested_message() -> None:
    en = Catalog(ENGLISH, {"a": "{n} {n:plural:word:words}: {w:quoted}; {x:list}; {m:msg}", "b": "B {v}"})
    zh = Catalog(CHINESE, {"a": "{n} 个字：{w:quoted}；{x:list}；{m:msg}"}, fallback=en)
    assert en.text("a", n=1, w=["um", "uh"], x=[1, 2.0], m={"id": "b", "args": {"v": 3}}) == (
        "1 word: 'um', 'uh'; 1, 2; B 3"
    )
    assert en.text("a", n=3, w="so", x=[], m={"id": "b", "args": {"v": 0}}).startswith("3 words: 'so'")
    assert zh.text("a", n=3, w=["嗯", "呃"], x=["甲", "乙"], m={"id": "b", "args": {"v": 1}}) == (
        "3 个字：「嗯」、「呃」；甲、乙；B 1"
    )


def test_a_missing_chinese_text_falls_back_to_english_and_logs_once(caplog: pytest.LogCaptureFixture) -> None:
    en = Catalog(ENGLISH, {"only.en": "Hello {name}"})
    zh = Catalog(CHINESE, {}, fallback=en)
    with caplog.at_level(logging.WARNING, logger="pitchcoach.core.messages"):
        assert zh.text("only.en", name="Li") == "Hello Li"
        assert zh.text("only.en", name="Li") == "Hello Li"
    assert [r.getMessage() for r in caplog.records].count("message 'only.en' has no zh_CN text; showing en") == 1


def test_an_unknown_id_or_bad_args_show_words_not_a_traceback(caplog: pytest.LogCaptureFixture) -> None:
    cat = Catalog(ENGLISH, {"x": "Needs {n}"})
    with caplog.at_level(logging.WARNING, logger="pitchcoach.core.messages"):
        assert cat.text("nope") == "nope"
        assert cat.text("x") == "Needs {n}"  # the argument was not given
    assert len(caplog.records) == 2


def test_message_round_trips_and_rejects_junk() -> None:
    m = Message("gate.too_short", {"n": 3})
    assert Message.from_dict(m.to_dict()) == m
    assert Message.from_dict(None) is None
    assert Message.from_dict({"id": 3}) is None
    assert Message.from_dict("gate.too_short") is None
    assert get_catalog("zh").render(None, "stored English") == "stored English"


def test_catalog_names_and_fallbacks() -> None:
    assert get_catalog("zh-CN") is get_catalog(CHINESE)
    assert get_catalog("fr") is get_catalog(ENGLISH)
    assert get_catalog(None).language == ENGLISH
    assert get_catalog(CHINESE).text("gate.too_short_zh", n=12).startswith("这次只说了 12 个字")
    assert get_catalog(ENGLISH).text("gate.too_short", n=1).startswith("That was only 1 word.")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, CHINESE),
        ({"LC_ALL": "", "LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, CHINESE),
        ({"LANG": "zh_SG.UTF-8"}, CHINESE),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, ENGLISH),  # POSIX: the first one set wins
        ({"LANG": "fr_FR.UTF-8"}, ENGLISH),
        ({"LANGUAGE": "zh_CN:en"}, CHINESE),
        ({}, ENGLISH),
    ],
)
def test_system_ui_language_reads_the_posix_variables_in_order(env: dict[str, str], expected: str) -> None:
    assert system_ui_language(env) == expected


def test_resolve_order_override_then_setting_then_locale() -> None:
    env = {"LANG": "zh_CN.UTF-8"}
    assert resolve_ui_language(None, None, env) == CHINESE
    assert resolve_ui_language("en", None, env) == ENGLISH
    assert resolve_ui_language("en", "zh_CN", env) == CHINESE
    assert resolve_ui_language("bogus", None, {"LANG": "en_GB"}) == ENGLISH
