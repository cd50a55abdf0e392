"""Reports in the interface language (issue 25): every static word, date, duration and label of the HTML
and Markdown reports in Chinese when the interface is zh_CN, and the English report as it was."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from pitchcoach.core import report as R
from pitchcoach.core.messages import get_catalog, load_texts
from tests.core.report.helpers import T0
from tests.speech import TEXTS

HANZI = re.compile(r"[\u4e00-\u9fff]")
# The English words the templates used to hard-code, as they appear in the report's own text.
ENGLISH_HEADINGS = ["Timing", "What you said", "Fix first", "Score breakdown", "Try this:", "Coaching report"]
CHINESE_HEADINGS = ["时长", "你说的话", "优先改进", "得分明细", "试试：", "练习报告"]


def _visible(html: str) -> str:
    """The text a reader sees: no style sheet, no tags, no SVG markup."""
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def take(add):
    return add(TEXTS["filler_heavy"], T0, title="周一的开场白", note="my note", tags=["networking"])


def test_a_take_report_in_chinese_has_chinese_words_dates_and_lang(take) -> None:
    report = R.build_take_report(take, generated_at=T0 + timedelta(days=2), ui_language="zh_CN")
    html = R.render_html(report)
    text = _visible(html)

    assert '<html lang="zh-CN">' in html
    for heading in CHINESE_HEADINGS:
        assert heading in text, heading
    for heading in ENGLISH_HEADINGS:
        assert heading not in text, f"English {heading!r} left in the Chinese report"
    local = take.created_at.astimezone()
    assert f"{local.year}年{local.month}月{local.day}日" in text  # not "10 Nov 2026"
    assert re.search(r"你说了 [\d.]+ 秒", text), "the timing verdict is not in Chinese"
    assert re.search(r"语速：\d+ 词/分钟。", text), "an English pitch's pace, in the interface's words"
    assert "Nov" not in text
    # Core's labels (band, rules, highlights, structure) in the window's Chinese words.
    assert get_catalog("zh_CN").text(f"band.{take.result.band}") in text
    assert "填充词" in text and "你的名字" in text
    assert "标签：networking" in text
    # The feedback itself (rule messages, tips, what worked) from the take's stored ids, in Chinese.
    catalog = get_catalog("zh_CN")
    d = take.result.deductions[0]
    assert d.text(catalog) in text and d.tip_text(catalog) in text and d.message not in text
    assert take.result.positive_texts(catalog)[0] in text

    assert R.default_filename(report, "pdf") == f"PitchCoach 练习 {take.id} – {local:%Y-%m-%d}.pdf"
    md = R.render_markdown(report)
    assert md.startswith("# PitchCoach · 练习 ") and "周一的开场白" in md
    assert "## 优先改进" in md and "## Fix first" not in md


def test_a_progress_report_in_chinese(week) -> None:
    report = R.build_progress_report(week, generated_at=T0 + timedelta(days=7), ui_language="zh_CN")
    html = R.render_html(report)
    text = _visible(html)
    for heading in ("进度报告", "趋势", "接下来练什么", "最佳练习", "最常见的问题", "全部练习", "平均总分"):
        assert heading in text, heading
    for word in ("Progress report", "All takes", "Best take", "Most frequent issues", "Average overall"):
        assert word not in text, word
    # The trend chart's legend and axis dates too (inline SVG, read by the browser).
    assert "总分" in html.split("<svg", 1)[1] and "Listener focus" not in html
    first = week[0].created_at.astimezone()
    assert f"{first.month}月{first.day}日" in html

    md = R.render_markdown(report)
    assert "## 全部练习" in md and "| 练习 | 时间 |" in md
    # What to practise next: each issue's tip in Chinese too.
    tip = report.practise_next[0].tip
    assert tip in md and re.search(HANZI, tip)


def test_the_english_report_is_unchanged_by_the_catalog(take) -> None:
    report = R.build_take_report(take, generated_at=T0)
    assert report.ui_language == "en"
    html = R.render_html(report)
    text = _visible(html)
    assert '<html lang="en">' in html
    for heading in ENGLISH_HEADINGS:
        assert heading in text, heading
    # Only the user's own title is Chinese: not one word of the report's.
    assert set(HANZI.findall(text)) <= set("周一的开场白")
    local = take.created_at.astimezone()
    assert f"Recorded {local.day} {local:%b %Y, %H:%M}" in text


def test_every_report_text_has_a_chinese_translation_with_the_same_placeholders() -> None:
    from pitchcoach.core.messages import placeholders

    en = {k: v for k, v in load_texts("en").items() if k.startswith("report.")}
    zh = {k: v for k, v in load_texts("zh_CN").items() if k.startswith("report.")}
    assert sorted(set(en) - set(zh)) == []
    for msg_id, text in en.items():
        assert placeholders(zh[msg_id]) == placeholders(text), msg_id
