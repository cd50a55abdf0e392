"""The team progress report for a period, as HTML (jinja2 with autoescape: every name, comment and rule
read from the team folder is untrusted and is escaped). The PDF is this HTML laid out by Qt (ui/team_report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

import jinja2

from pitchcoach import __version__
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


def build_team_report(view: TeamView, filters: summary.Filters, now: datetime, tz: tzinfo | None = None) -> TeamReport:
    takes = summary.filtered(view, filters, tz)
    since = filters.since.isoformat() if filters.since else "From the first take"
    until = filters.until.isoformat() if filters.until else now.astimezone(tz).date().isoformat()
    extra = ", ".join(x for x in (filters.scenario, filters.language) if x)
    return TeamReport(
        title="Team progress report",
        period=f"{since} to {until}" + (f" ({extra})" if extra else ""),
        generated=f"{now.astimezone(tz):%Y-%m-%d %H:%M} · PitchCoach {__version__}",
        members=summary.member_rows(view, takes, now, tz),
        issues=[(rule_label(r), n) for r, n in summary.top_issues(takes, 5)],
        takes=len(takes),
        skipped=len(view.skipped),
        offline=view.offline,
    )


def render_team_html(report: TeamReport) -> str:
    return _environment().get_template("team.html.j2").render(r=report, rule_label=rule_label)


def period_dates(key: str, today: date) -> tuple[date | None, date | None]:
    """The Team page's period menu: (since, until), inclusive; None means open-ended."""
    days = {"week": today.weekday(), "30": 29, "90": 89}.get(key)
    return (today - timedelta(days=days), today) if days is not None else (None, None)
