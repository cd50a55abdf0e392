"""The Team page's figures, aggregated in SQLite from the index cache instead of in Python.

A team of 200 members x 500 takes is 100,000 rows. Building a SharedTake for each and counting in Python
cost the page seconds of CPU on every open and every filter change; the same figures as GROUP BY queries
over the cache cost a small fraction of that. The rules are summary.py's (one module defines what a
trend or a top issue is; tests/core/team/test_figures.py checks that both give the same rows):

- which copy of a take counts (the newest share, the original name over a conflict copy on a tie) and
  whether a tombstone hides it is decided once per scan that changed something, in ``update_visibility``,
  and kept in the ``visible`` column;
- each take's issues are rows of the ``issues`` table, so the frequent issues are a GROUP BY.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from pitchcoach.core.team import schema, summary

ISSUES_SCHEMA = """
CREATE TABLE IF NOT EXISTS issues (path TEXT NOT NULL, rule TEXT NOT NULL, points REAL NOT NULL);
CREATE INDEX IF NOT EXISTS issues_path ON issues (path, rule, points);
CREATE INDEX IF NOT EXISTS files_kind_member ON files (kind, member, item);
CREATE INDEX IF NOT EXISTS files_takes ON files (kind, visible, member, created, path, overall, scenario, language);
"""


def update_visibility(conn: sqlite3.Connection) -> None:
    """Mark the one copy of each take that is shown: valid, the newest share (the original name on a tie),
    and not withdrawn by a tombstone at least as new as that share."""
    conn.execute("UPDATE files SET visible = 0 WHERE kind = 'take' AND visible IS NOT 0")
    conn.execute(
        """
        UPDATE files SET visible = 1 WHERE path IN (
            SELECT b.path FROM (
                SELECT path, member, item, shared, ROW_NUMBER() OVER (
                    PARTITION BY member, item ORDER BY shared DESC, conflict ASC, path ASC
                ) AS rn
                FROM files WHERE kind = 'take' AND reason IS NULL
            ) AS b
            WHERE b.rn = 1 AND NOT EXISTS (
                SELECT 1 FROM files AS s
                WHERE s.kind = 'tombstone' AND s.reason IS NULL AND s.member = b.member AND s.item = b.item
                  AND s.shared >= b.shared
            )
        )
        """
    )


@dataclass
class Figures:
    """What the Team page shows for one set of filters: plain data, made on a worker."""

    rows: list[summary.MemberRow]
    issues: list[tuple[str, int]]
    takes: int
    members: int
    ignored: int  # files ignored or hidden (invalid, temporary, conflict copies, unshared)
    scenarios: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    offline: str | None = None
    files_read: int = 0


def _where(filters: summary.Filters, tz: tzinfo | None) -> tuple[str, list[object]]:
    lo, hi = filters.bounds(tz)
    terms = ["kind = 'take'", "visible = 1"]
    args: list[object] = []
    for column, value in (("scenario", filters.scenario), ("language", filters.language)):
        if value:
            terms.append(f"{column} = ?")
            args.append(value)
    if lo is not None:
        terms.append("created >= ?")
        args.append(lo.timestamp())
    if hi is not None:
        terms.append("created < ?")
        args.append(hi.timestamp())
    return " AND ".join(terms), args


def member_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Member id -> display name; an original member file wins over its conflict copies."""
    names: dict[str, str] = {}
    for member, extra in conn.execute(
        "SELECT member, extra FROM files WHERE kind = 'member' AND reason IS NULL ORDER BY conflict, path"
    ):
        if member not in names:
            names[member] = str(json.loads(extra)["name"])
    return names


def figures(conn: sqlite3.Connection, filters: summary.Filters, now: datetime, tz: tzinfo | None = None) -> Figures:
    where, args = _where(filters, tz)
    monday = summary.week_start(now, tz).timestamp()
    names = member_names(conn)
    # One ordered pass over the covering index (no table reads, no sort): counts, this week, the latest score
    # and the scored takes oldest first, whose trend summary.trend itself works out.
    counts: dict[str, tuple[int, int]] = {}
    latest: dict[str, int | None] = {}
    scores: dict[str, list[int]] = {}
    for member, created, overall in conn.execute(
        f"SELECT member, created, overall FROM files WHERE {where} ORDER BY member, created, path", args
    ):
        n, week = counts.get(member, (0, 0))
        counts[member] = (n + 1, week + (created >= monday))
        latest[member] = overall
        if overall is not None:
            scores.setdefault(member, []).append(overall)
    # summary.top_issues: per rule, the takes it cost points in, then its points in all, then the rule id.
    per_member: dict[str, list[tuple[str, int, float]]] = {}
    team: dict[str, list[float]] = {}
    for member, rule, n, points in conn.execute(
        f"SELECT f.member, i.rule, COUNT(*), SUM(i.points) FROM files AS f JOIN issues AS i ON i.path = f.path "
        f"WHERE {where} AND i.points > 0 GROUP BY f.member, i.rule",
        args,
    ):
        per_member.setdefault(member, []).append((rule, n, points))
        total = team.setdefault(rule, [0, 0.0])
        total[0] += n
        total[1] += points
    rows = []
    for mid in set(counts) | set(names):
        n, week = counts.get(mid, (0, 0))
        issues = sorted(per_member.get(mid, []), key=lambda r: (-r[1], -r[2], r[0]))
        rows.append(
            summary.MemberRow(
                member=mid,
                name=names.get(mid, f"Member {mid[:6]}"),
                takes=n,
                takes_this_week=week,
                latest_overall=latest.get(mid),
                top_issue=issues[0][0] if issues else None,
                trend=summary.trend(scores.get(mid, [])),
                scores=scores.get(mid, []),
            )
        )
    rows.sort(key=lambda r: (r.name.casefold(), r.member))
    top = sorted(team.items(), key=lambda rc: (-rc[1][0], -rc[1][1], rc[0]))[:5]
    ignored = conn.execute(
        "SELECT COUNT(*) FROM files WHERE reason IS NOT NULL OR (kind = 'take' AND visible = 0)"
    ).fetchone()[0]
    scenarios = [r[0] for r in conn.execute("SELECT DISTINCT scenario FROM files WHERE kind='take' AND visible=1")]
    languages = [r[0] for r in conn.execute("SELECT DISTINCT language FROM files WHERE kind='take' AND visible=1")]
    return Figures(
        rows=rows,
        issues=[(rule, int(v[0])) for rule, v in top],
        takes=sum(c[0] for c in counts.values()),
        members=len(names),
        ignored=int(ignored),
        scenarios=sorted(scenarios),
        languages=sorted(languages),
    )


@dataclass(frozen=True)
class TakeRow:
    """One line of a member's takes on the Team page."""

    member: str
    take: str
    created_at: datetime
    overall: int | None
    clarity: int | None
    listener_focus: int | None
    level: str
    comments: int


def member_takes(
    conn: sqlite3.Connection, member: str, filters: summary.Filters, tz: tzinfo | None = None
) -> list[TakeRow]:
    """A member's shown takes in the period, newest first, with their number of comments."""
    where, args = _where(filters, tz)
    seen: set[str] = set()  # a comment's conflict copy counts once
    comments: dict[str, int] = {}
    for item, extra in conn.execute("SELECT item, extra FROM files WHERE kind = 'comment' AND reason IS NULL"):
        c = json.loads(extra)
        if c.get("member") == member and c.get("comment") not in seen:
            seen.add(c.get("comment"))
            comments[item] = comments.get(item, 0) + 1
    return [
        TakeRow(m, item, datetime.fromtimestamp(created, UTC), o, c, lf, level, comments.get(item, 0))
        for m, item, created, o, c, lf, level in conn.execute(
            f"SELECT member, item, created, overall, clarity, listener_focus, level FROM files "
            f"WHERE {where} AND member = ? ORDER BY created DESC, path DESC",
            [*args, member],
        )
    ]


def take_comments(conn: sqlite3.Connection, member: str, take: str) -> list[schema.Comment]:
    """The comments on one take, oldest first, each once (a conflict copy of a comment is not shown twice)."""
    out: dict[str, schema.Comment] = {}
    for coach, created, edited, extra in conn.execute(
        "SELECT member, created, edited, extra FROM files WHERE kind = 'comment' AND reason IS NULL AND item = ? "
        "ORDER BY conflict, path",
        (take,),
    ):
        c = json.loads(extra)
        if c["member"] == member and c["comment"] not in out:
            out[c["comment"]] = schema.Comment(
                coach=coach, comment=c["comment"], coach_name=c["coach_name"], member=member, take=take,
                created_at=datetime.fromtimestamp(created, UTC), text=c["text"], edited=bool(edited),
            )  # fmt: skip
    return sorted(out.values(), key=lambda c: c.created_at)
