"""What the team's practice adds up to: per member and for the whole team, for a period and filters.

One module for the Team page, ``pitchcoach team summary`` and the team report, so the three always agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from pitchcoach.core.team.schema import SharedTake

if TYPE_CHECKING:
    from pitchcoach.core.team.view import TeamView


@dataclass(frozen=True)
class Filters:
    scenario: str | None = None
    language: str | None = None
    since: date | None = None  # inclusive, in the viewer's local time zone
    until: date | None = None  # inclusive

    def bounds(self, tz: tzinfo | None) -> tuple[datetime | None, datetime | None]:
        """The period as times: from ``since`` 00:00 up to (not including) the day after ``until``, in ``tz``."""

        def start(d: date) -> datetime:
            return datetime.combine(d, time(0), tz) if tz is not None else datetime.combine(d, time(0)).astimezone()

        return (
            start(self.since) if self.since else None,
            start(self.until + timedelta(days=1)) if self.until else None,
        )

    def keeps(self, t: SharedTake, lo: datetime | None, hi: datetime | None) -> bool:
        if self.scenario and t.scenario != self.scenario:
            return False
        if self.language and t.language != self.language:
            return False
        # Aware datetimes compare as instants: no conversion per take (a warm open reads 100,000).
        return not ((lo is not None and t.created_at < lo) or (hi is not None and t.created_at >= hi))


@dataclass
class MemberRow:
    member: str
    name: str
    takes: int
    takes_this_week: int
    latest_overall: int | None
    top_issue: str | None
    trend: int | None  # later half's mean overall less the earlier half's; None under two scored takes
    scores: list[int] = field(default_factory=list)  # overall scores, oldest first (the sparkline)
    latest: SharedTake | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "member": self.member,
            "name": self.name,
            "takes": self.takes,
            "takes_this_week": self.takes_this_week,
            "latest_overall": self.latest_overall,
            "top_issue": self.top_issue,
            "trend": self.trend,
        }


def week_start(now: datetime, tz: tzinfo | None) -> datetime:
    """Monday 00:00 of ``now``'s week, in the viewer's time zone."""
    local = now.astimezone(tz)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, time(0), local.tzinfo)


def filtered(view: TeamView, filters: Filters, tz: tzinfo | None = None) -> list[SharedTake]:
    lo, hi = filters.bounds(tz)
    return [t for t in view.takes if filters.keeps(t, lo, hi)]


def top_issues(takes: Iterable[SharedTake], n: int = 5) -> list[tuple[str, int]]:
    """The rules that cost points most often: (rule, takes it cost points in), most frequent first; a tie
    goes to the rule that cost more points in all, then to the rule id, so the order is stable."""
    counts: Counter[str] = Counter()
    points: dict[str, float] = {}
    for t in takes:
        for i in t.issues:
            if i.points > 0:
                counts[i.rule] += 1
                points[i.rule] = points.get(i.rule, 0.0) + i.points
    return sorted(counts.items(), key=lambda rc: (-rc[1], -points[rc[0]], rc[0]))[:n]


def trend(scores: list[int]) -> int | None:
    if len(scores) < 2:
        return None
    half = len(scores) // 2
    early, late = scores[:half], scores[len(scores) - half :]
    return round(sum(late) / len(late) - sum(early) / len(early))


def member_rows(
    view: TeamView, takes: list[SharedTake], now: datetime, tz: tzinfo | None = None, *, all_members: bool = True
) -> list[MemberRow]:
    """One row per member, by name, from ``takes`` oldest first (as ``filtered`` returns them). Members with
    no takes in the period are listed too (with 0 takes) when ``all_members``: a coach wants to see who
    did not practise."""
    by_member: dict[str, list[SharedTake]] = {}
    for t in takes:
        by_member.setdefault(t.member, []).append(t)
    ids = set(by_member) | (set(view.members) if all_members else set())
    monday = week_start(now, tz)
    rows = []
    for mid in ids:
        mine = by_member.get(mid, [])  # oldest first, as the view and filtered() keep them
        scores = [t.overall for t in mine if t.overall is not None]
        issues = top_issues(mine, 1)
        latest = mine[-1] if mine else None
        rows.append(
            MemberRow(
                member=mid,
                name=view.member_name(mid),
                takes=len(mine),
                takes_this_week=sum(1 for t in mine if t.created_at >= monday),
                latest_overall=latest.overall if latest else None,
                top_issue=issues[0][0] if issues else None,
                trend=trend(scores),
                scores=scores,
                latest=latest,
            )
        )
    rows.sort(key=lambda r: (r.name.casefold(), r.member))
    return rows


def choices(view: TeamView) -> tuple[list[str], list[str]]:
    """The scenarios and languages present, for the filter menus."""
    return sorted({t.scenario for t in view.takes}), sorted({t.language for t in view.takes})
