"""What the Team page, `team summary` and the team report add up: members, this week, trend, latest
score, frequent issues and the filters, on takes shared through the real folder code."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pitchcoach.core.scenarios import load_scenarios
from pitchcoach.core.team import summary
from pitchcoach.core.team.index import TeamView
from pitchcoach.core.team.report import build_team_report, period_dates, render_team_html
from pitchcoach.core.team.schema import Issue, Member, SharedTake

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday


def take(member: str, n: int, days_ago: float, overall: int, rules: tuple[str, ...], **kw: str) -> SharedTake:
    when = T0 - timedelta(days=days_ago)
    return SharedTake(
        member=member,
        take=f"t{n}",
        level="scores",
        created_at=when,
        shared_at=when,
        language=kw.get("language", "en"),
        scenario=kw.get("scenario", "networking"),
        overall=overall,
        clarity=overall,
        listener_focus=overall,
        audio_seconds=20.0,
        issues=tuple(Issue(r, 5.0) for r in rules),
    )


def view() -> TeamView:
    v = TeamView(folder=Path("/team"))
    v.members = {m: Member(m, name, T0) for m, name in (("a", "Zoe"), ("b", "<Ann>"), ("c", "Idle Ivan"))}
    v.takes = sorted(
        [
            take("a", 1, 20, 50, ("fillers", "question")),
            take("a", 2, 10, 60, ("fillers",)),
            take("a", 3, 2, 70, ("fillers", "hard_sell")),
            take("a", 4, 0.25, 80, ("hard_sell",), language="zh"),
            take("b", 5, 1, 90, ("question",), scenario="sales_call"),
        ],
        key=lambda t: t.created_at,
    )
    return v


def test_member_rows_count_trend_latest_and_top_issue():
    v = view()
    rows = {r.name: r for r in summary.member_rows(v, summary.filtered(v, summary.Filters(), UTC), T0, UTC)}
    assert list(rows) == ["<Ann>", "Idle Ivan", "Zoe"]  # by name; the idle member is listed with 0
    zoe = rows["Zoe"]
    assert (zoe.takes, zoe.takes_this_week, zoe.latest_overall, zoe.top_issue) == (4, 1, 80, "fillers")
    assert zoe.trend == 20 and zoe.scores == [50, 60, 70, 80]  # (70+80)/2 - (50+60)/2
    assert rows["Idle Ivan"].takes == 0 and rows["Idle Ivan"].trend is None
    assert rows["<Ann>"].trend is None  # one take is no trend
    takes = summary.filtered(v, summary.Filters(), UTC)
    assert summary.top_issues(takes, 2) == [("fillers", 3), ("hard_sell", 2)]


def test_filters_by_period_language_and_scenario():
    v = view()
    last_week = summary.Filters(since=date(2026, 11, 30), until=date(2026, 12, 6))
    assert [t.take for t in summary.filtered(v, last_week, UTC)] == ["t3", "t5"]
    assert [t.take for t in summary.filtered(v, summary.Filters(language="zh"), UTC)] == ["t4"]
    assert [t.take for t in summary.filtered(v, summary.Filters(scenario="sales_call"), UTC)] == ["t5"]
    assert period_dates("week", date(2026, 12, 9)) == (date(2026, 12, 7), date(2026, 12, 9))
    assert period_dates("all", date(2026, 12, 9)) == (None, None)


def test_the_report_escapes_names_from_the_folder():
    v = view()
    html = render_team_html(build_team_report(v, summary.Filters(), T0, UTC))
    assert "&lt;Ann&gt;" in html and "<Ann>" not in html
    assert "Fillers" in html or "fillers" in html


def test_the_team_report_in_chinese():
    """Issue 25: the team report in the interface language: headings, period, dates and rule names."""
    v = view()
    filters = summary.Filters(since=date(2026, 11, 30), until=date(2026, 12, 6))
    html = render_team_html(build_team_report(v, filters, T0, UTC, ui_language="zh_CN"))
    assert '<html lang="zh-CN">' in html
    for words in ("团队进度报告", "2026年11月30日 至 2026年12月6日", "成员", "团队最常见的问题", "姓名", "本周"):
        assert words in html, words
    for english in ("Team progress report", "Members", "Most frequent issue", " to 2026"):
        assert english not in html, english
    assert "填充词与迟疑" in html and "Fillers" not in html
    # English as before: ISO dates, core's rule names.
    english_html = render_team_html(build_team_report(v, filters, T0, UTC))
    assert "2026-11-30 to 2026-12-06" in english_html and "Team progress report" in english_html


def test_the_team_reports_scenario_filter_is_named_in_the_reports_language():
    """Issue 25: a report of the investor takes says 投资人介绍 in Chinese and Investor intro in English."""
    scenarios, investor = load_scenarios(), summary.Filters(scenario="investor")
    zh = build_team_report(view(), investor, T0, UTC, ui_language="zh_CN", scenarios=scenarios)
    en = build_team_report(view(), investor, T0, UTC, scenarios=scenarios)
    assert "投资人介绍" in zh.period and "investor" not in zh.period
    assert "Investor intro" in en.period
