"""One Chinese term for each score category (issue 25): the core catalogs and the Qt translations name
"Clarity" and "Listener focus" alike, so that the Results page, History, the CLI and the reports agree."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pitchcoach.core.messages import load_texts

TS = Path(__file__).resolve().parents[2] / "pitchcoach" / "ui" / "i18n" / "pitchcoach_zh_CN.ts"

# The category in English (as the source texts write it) and its one Chinese name.
CATEGORIES = {"clarity": "清晰度", "listener focus": "听众导向"}


def _pairs() -> list[tuple[str, str, str]]:
    """(where, English, Chinese) for every core catalog id and every finished .ts entry."""
    en, zh = load_texts("en"), load_texts("zh_CN")
    pairs = [(f"catalog {k}", en[k], zh[k]) for k in en if k in zh]
    for m in ET.parse(TS).getroot().iter("message"):
        source, translation = m.findtext("source") or "", m.findtext("translation") or ""
        if translation:
            pairs.append((f".ts {source!r}", source, translation))
    return pairs


@pytest.mark.parametrize("english", sorted(CATEGORIES))
def test_each_score_category_has_one_chinese_name(english: str) -> None:
    term = CATEGORIES[english]
    # "Clarity 80" names the category; "clarity of individual words" is the plain word, not the score.
    word = re.compile(rf"\b{english}\b(?! of)", re.IGNORECASE)
    named = [(where, zh) for where, en, zh in _pairs() if word.search(en)]
    assert len(named) >= 3, f"too few texts name {english!r}: the test reads the wrong files"
    wrong = [(where, zh) for where, zh in named if term not in zh]
    assert wrong == [], f"these name {english!r} without {term}: {wrong}"
