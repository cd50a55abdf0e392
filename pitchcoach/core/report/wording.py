"""The words of a report in its interface language: what the templates call to say things.

Every report template reads its static text through ``t(msg_id, **args)`` (core/messages.py) and
formats dates, durations and core's English labels through the helpers here, bound to the
report's ``ui_language``. English output is what it was before the catalog existed.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from markupsafe import Markup

from pitchcoach import APP_NAME
from pitchcoach.core.messages import CHINESE, ENGLISH, get_catalog
from pitchcoach.core.report.drills import GoalView
from pitchcoach.core.report.model import (
    CATEGORY_LABELS,
    PACE_LABELS,
    Report,
    Span,
    TakeReport,
    TakeRow,
    _label,
    fmt_date,
    fmt_datetime,
    fmt_seconds,
    language_text,
    timing_label_text,
)
from pitchcoach.core.scoring.result import HIGHLIGHT_LABELS

_CATEGORY_KEYS = {label: key for key, label in CATEGORY_LABELS.items()}

# Punctuation between the pieces of a line: Chinese writes full-width marks with no space before them.
PUNCTUATION: dict[str, dict[str, str]] = {
    ENGLISH: {
        "colon": ": ",
        "comma": ", ",
        "lparen": "(",
        "rparen": ")",
        "space": " ",
        "sep": " · ",
        "md_sep": "; ",
        "end": ".",
    },
    CHINESE: {
        "colon": "：",
        "comma": "，",
        "lparen": "（",
        "rparen": "）",
        "space": "",
        "sep": " · ",
        "md_sep": "；",
        "end": "。",
    },
}


def html_lang(ui_language: str) -> str:
    """The BCP 47 tag for <html lang>: browsers pick the Chinese glyph forms and line breaking from it."""
    return "zh-CN" if ui_language == CHINESE else "en"


def template_helpers(report: Report) -> dict[str, Any]:
    lang = getattr(report, "ui_language", ENGLISH) or ENGLISH
    catalog = get_catalog(lang)
    t = catalog.text
    punct = {**PUNCTUATION.get(lang, PUNCTUATION[ENGLISH]), "list": catalog.list_separator}

    def band(name: str | None) -> str:
        return _label("band", name, name or "", lang)

    def rule(rule_id: str | None, english: str) -> str:
        return _label("rule", rule_id, english, lang)

    def subscore(rule_id: str, english: str) -> str:
        # A part named as its rule ("Pace", "Timing") has no subscore name of its own.
        return _label("subscore", rule_id, _label("rule", rule_id, english, lang), lang)

    def structure(part: str, english: str) -> str:
        return _label("structure", part, english, lang)

    def highlight(kind: str) -> str:
        return _label("highlight", kind, HIGHLIGHT_LABELS.get(kind, kind), lang)

    def category(english: str) -> str:
        # The report's own words for the three scores (its headings say them too), not category.*.
        return _label("report", _CATEGORY_KEYS.get(english), english, lang)

    def span_tooltip(span: Span) -> str:
        parts = [highlight(k) for k in span.kinds] + [lab for lab in span.labels if lab]
        return " · ".join(dict.fromkeys(parts))

    def pace_label(row: TakeRow) -> str:
        english = PACE_LABELS.get(row.pace_unit, row.pace_unit)
        return _label("pace_label", row.pace_unit, english, lang)

    def display_title(row: TakeRow) -> str:
        return row.title or t("report.take_title", id=row.id)

    def take_footer(r: TakeReport, md: bool = False) -> str:
        row = r.row
        text = t(
            "report.footer_take",
            id=row.id,
            language=language_text(row.language, lang),
            recorded=fmt_seconds(row.audio_seconds, lang),
            target=fmt_seconds(row.target_seconds, lang),
        )
        if r.model:
            text += t("report.footer_model", model=r.model)
        if md:
            return f"{text} · {APP_NAME}"
        return f"{text} · {APP_NAME} {r.app_version}" if r.app_version else text

    def md_legend(r: TakeReport) -> str:
        marked = [highlight(k) for k in r.highlight_kinds if k not in ("self_word", "you_word", "over_time")]
        text = t("report.md_legend_bold", labels=punct["list"].join(marked).lower()) if marked else ""
        if "over_time" in r.highlight_kinds:
            text += t("report.md_legend_italic")
        return text

    def goal_line(g: GoalView, html: bool) -> str:
        def strong(x: str) -> str:
            return str(Markup("<b>{}</b>").format(x)) if html else f"**{x}**"

        done = strong(t("report.goal.done_of", done=g.done, goal=g.goal))
        text = t("report.goal.this_week", done_b=done)
        if g.reached:
            text += t("report.goal.reached")
        text += punct["sep"] if html else punct["md_sep"]
        text += t("report.goal.streak_one" if g.streak == 1 else "report.goal.streak", n_b=strong(str(g.streak)))
        if g.forgiven:
            text += t("report.goal.forgiven", n=g.forgiven)
        if not html:
            return text + punct["end"]
        # Every part above is our own text or a number; the Markup keeps the <b> as markup.
        return Markup(text)

    return {
        "t": t,
        "p": punct,
        # English reports keep the curly quotes they always had around what was heard.
        "quote": (lambda text: f"\u201c{text}\u201d") if lang == ENGLISH else catalog.quote,
        "lang": html_lang(lang),
        "zh": lang == CHINESE,
        "fmt_seconds": partial(fmt_seconds, lang=lang),
        "fmt_datetime": partial(fmt_datetime, lang=lang),
        "fmt_date": partial(fmt_date, lang=lang),
        "band": band,
        "rule": rule,
        "subscore": subscore,
        "structure": structure,
        "highlight": highlight,
        "category": category,
        "span_tooltip": span_tooltip,
        "pace_label": pace_label,
        "display_title": display_title,
        "take_footer": take_footer,
        "md_legend": md_legend,
        "goal_line": goal_line,
        "timing_label": lambda label: timing_label_text(label, lang),
    }
