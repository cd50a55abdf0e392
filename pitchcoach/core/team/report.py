"""The team progress report for a period, as HTML (jinja2 with autoescape: every name, comment and rule
read from the team folder is untrusted and is escaped). The PDF is this HTML laid out by Qt (ui/team_report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

import jinja2

from pitchcoach import __version__
from pitchcoach.core.messages import CHINESE, ENGLISH, get_catalog, normalize_ui_language
from pitchcoach.core.report.model import fmt_date, fmt_datetime
from pitchcoach.core.report.wording import html_lang
from pitchcoach.core.scenarios import ScenarioCatalog
from pitchcoach.core.scoring.result import rule_label
from pitchcoach.core.team import summary
from pitchcoach.core.team.index import TeamView

_env: jinja2.Environment | None = None


def _environment() -> jinja2.Environment:
    global _env  # one template cache per process, like core.report.render
    if _env is None:
        _env = jinja2.Environment(
            loader=jinja2.PackageLoader("pitchcoach.core", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
    return _env


@dataclass(frozen=True)
class TeamReport:
    title: str
    period: str
    generated: str
    members: list[summary.MemberRow]
    issues: list[tuple[str, int]]
    takes: int
    skipped: int
    offline: str | None
    ui_language: str = ENGLISH  # the language the report is written in ("en" | "zh_CN")


def build_team_report(
    view: TeamView,
    filters: summary.Filters,
    now: datetime,
    tz: tzinfo | None = None,
    ui_language: str = ENGLISH,
    scenarios: ScenarioCatalog | None = None,
) -> TeamReport:
    """``scenarios``: the app's catalog, to name a scenario filter as the interface does (its name without)."""
    lang = normalize_ui_language(ui_language) or ENGLISH
    text = get_catalog(lang).text
    takes = summary.filtered(view, filters, tz)
    if lang == CHINESE:
        since = fmt_date(filters.since, lang) if filters.since else text("report.team.from_first_take")
        until = fmt_date(filters.until or now.astimezone(tz).date(), lang)
        generated = fmt_datetime(now.astimezone(tz), lang)
    else:  # as before: ISO dates
        since = filters.since.isoformat() if filters.since else text("report.team.from_first_take")
        until = filters.until.isoformat() if filters.until else now.astimezone(tz).date().isoformat()
        generated = f"{now.astimezone(tz):%Y-%m-%d %H:%M}"
    found = scenarios.find(filters.scenario) if scenarios is not None and filters.scenario else None
    scenario = found.title_in(lang) if found is not None else filters.scenario
    extra = get_catalog(lang).list_separator.join(x for x in (scenario, filters.language) if x)
    period = text("report.team.period", since=since, until=until)
    return TeamReport(
        title=text("report.team.title"),
        period=period + (text("report.team.period_extra", extra=extra) if extra else ""),
        generated=f"{generated} · PitchCoach {__version__}",
        members=summary.member_rows(view, takes, now, tz),
        issues=[(r, n) for r, n in summary.top_issues(takes, 5)],
        takes=len(takes),
        skipped=len(view.skipped),
        offline=view.offline,
        ui_language=lang,
    )


def render_team_html(report: TeamReport) -> str:
    catalog = get_catalog(report.ui_language)

    def label(rule: str) -> str:
        # Core's English rule name, or its Chinese (rule.<id>) in a Chinese report.
        if report.ui_language != ENGLISH and f"rule.{rule}" in catalog:
            return catalog.text(f"rule.{rule}")
        return rule_label(rule)

    return (
        _environment()
        .get_template("team.html.j2")
        .render(r=report, rule_label=label, t=catalog.text, lang=html_lang(report.ui_language))
    )


def period_dates(key: str, today: date) -> tuple[date | None, date | None]:
    """The Team page's period menu: (since, until), inclusive; None means open-ended."""
    days = {"week": today.weekday(), "30": 29, "90": 89}.get(key)
    return (today - timedelta(days=days), today) if days is not None else (None, None)
