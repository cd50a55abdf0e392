"""The Team page's figures from SQLite (core/team/figures.py) against summary.py's rules over the same folder:
the same members, counts, this week, trend, latest score and issues, for every filter, with conflict copies,
unshared takes and a scan stopped halfway."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from pitchcoach.core.team import schema, summary
from pitchcoach.core.team.folder import TeamFolder
from pitchcoach.core.team.index import TeamIndex

NOW = datetime(2026, 12, 9, 15, 0, tzinfo=UTC)  # a Wednesday
RULES = ("fillers", "question", "hard_sell", "jargon", "pace")


def _team(folder: Path) -> list[str]:
    """Four members (one who shared nothing) and 60 takes over 40 days, written as the members' apps do."""
    rng = random.Random(7)
    ids = []
    for m, name in enumerate(("Zoe", "ann", "Bob", "Idle Ivan")):
        mid = f"{m + 1:016x}"
        ids.append(mid)
        tf = TeamFolder(folder, mid)
        tf.join(name, NOW - timedelta(days=60))
        for n in range(0 if name == "Idle Ivan" else 20):
            created = NOW - timedelta(days=40 * rng.random())
            overall = rng.choice([None, *range(30, 100)]) if n % 7 else None
            body = {
                "kind": "take", "member": mid, "take": f"{created:%Y%m%d-%H%M%S}-{n}", "level": "scores",
                "created_at": schema.iso(created), "shared_at": schema.iso(created + timedelta(minutes=1)),
                "language": rng.choice(("en", "zh")), "scenario": rng.choice(("networking", "sales_call")),
                "scores": {"overall": overall, "clarity": 50, "listener_focus": 50, "timing": 100},
                "audio_seconds": 20.0,
                "issues": [{"rule": r, "points": float(rng.randrange(0, 6))} for r in rng.sample(RULES, 2)],
            }  # fmt: skip
            tf.share(body["take"], body)
    return ids


def _python_rows(index: TeamIndex, filters: summary.Filters) -> tuple[list[dict[str, object]], object]:
    view = index.refresh()
    takes = summary.filtered(view, filters, UTC)
    return [r.to_dict() for r in summary.member_rows(view, takes, NOW, UTC)], summary.top_issues(takes, 5)


FILTERS = [
    summary.Filters(),
    summary.Filters(since=date(2026, 12, 7), until=date(2026, 12, 9)),
    summary.Filters(since=date(2026, 11, 10), until=date(2026, 12, 9), language="zh"),
    summary.Filters(scenario="sales_call"),
    summary.Filters(since=date(2030, 1, 1)),  # nothing in the period: every member with 0
]


@pytest.mark.parametrize("stop_halfway", [False, True])
def test_sql_figures_match_the_summary_rules(tmp_path, stop_halfway):
    team = tmp_path / "team"
    team.mkdir()
    ids = _team(team)
    takes_dir = team / "members" / ids[0] / "takes"
    first, second = sorted(takes_dir.glob("*.json"))[:2]
    # A conflict copy holding a later share at another level, and a take unshared by its member.
    copy = takes_dir / f"{first.stem}.sync-conflict-20261207-101010-ABCDEFG.json"
    shutil.copyfile(first, copy)
    TeamFolder(team, ids[0]).unshare(second.stem, NOW)
    index = TeamIndex(team, tmp_path / "cache")
    try:
        if stop_halfway:
            # The app quit during the first index, just after its last batch was committed and before the
            # takes' visibility was worked out: the next scan reads nothing new and must still finish it.
            class Stop(Exception):
                pass

            def stop(n: int) -> None:
                raise Stop

            import pitchcoach.core.team.index as index_module

            files = sum(1 for p in team.rglob("*.json") if not p.name.startswith("."))
            old, index_module.BATCH = index_module.BATCH, files
            try:
                with pytest.raises(Stop):
                    index.refresh(stop)
            finally:
                index_module.BATCH = old
            assert index.scan().files_read == 0
        for filters in FILTERS:
            rows, issues = _python_rows(index, filters)
            fig = index.figures(filters, NOW, UTC)
            assert [r.to_dict() for r in fig.rows] == rows, filters
            assert fig.issues == issues and fig.takes == sum(int(r["takes"]) for r in rows)  # type: ignore[call-overload]
        fig = index.figures(summary.Filters(), NOW, UTC)
        assert fig.takes == 59 and fig.members == 4  # 60 takes, one unshared, the conflict copy counted once
        # Ignored: the conflict copy (the unshared take's file is gone; its tombstone is no file to show).
        assert fig.ignored == 1 and (fig.scenarios, fig.languages) == (["networking", "sales_call"], ["en", "zh"])
        shown = index.member_takes(ids[0], summary.Filters(), UTC)
        assert len(shown) == 19 and second.stem not in {t.take for t in shown}
        assert [t.created_at for t in shown] == sorted((t.created_at for t in shown), reverse=True)
    finally:
        index.close()
