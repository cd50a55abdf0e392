"""Reading the history: the queries behind the history table, the progress view, drills and recovery.

``TakeReads`` is the read half of :class:`pitchcoach.core.storage.takes.TakeStore` (which saves, edits and
deletes): every query holds the store's lock and turns a SQLite error into a StorageError the user can act on.
"""

from __future__ import annotations

import builtins
import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from pitchcoach.core.messages import msg
from pitchcoach.core.paths import AppPaths
from pitchcoach.core.storage import audio as audio_files
from pitchcoach.core.storage.database import SqlValue, StorageError, TakeNotFound, from_ts, to_ts
from pitchcoach.core.storage.failures import db_failure
from pitchcoach.core.storage.records import (
    _TAKE_COLUMNS,
    SERIES_COLUMNS,
    SUMMARY_COLUMNS,
    StoredDeduction,
    Take,
    take_from_row,
)

log = logging.getLogger(__name__)


def not_found(take_id: int) -> TakeNotFound:
    """One wording for a take that another window (or an earlier action) removed."""
    return TakeNotFound(msg=msg("storage.more.not_found", take=int(take_id)))


class TakeReads:
    """The store's queries; ``TakeStore`` opens the connection and sets these attributes."""

    paths: AppPaths
    _conn: sqlite3.Connection
    _lock: threading.RLock
    _clock: Callable[[], datetime]

    def quick_takes(self) -> builtins.list[Take]:
        """Takes saved from their instant result whose whole-file pass has still to run, oldest first."""
        rows = self._query(f"SELECT {_TAKE_COLUMNS} FROM takes WHERE quick_result = 1 ORDER BY created_at, id")
        return [self._take_from_row(r) for r in rows]

    def damaged_takes(self) -> builtins.list[Take]:
        """Takes whose stored transcript or result is not readable JSON and whose audio is kept, oldest first:
        analysed again from their audio (``replace_analysis``) like quick results."""
        rows = self._query(
            f"SELECT {_TAKE_COLUMNS} FROM takes WHERE audio_path IS NOT NULL AND "
            "(NOT json_valid(result_json) OR NOT json_valid(transcript_json)) ORDER BY created_at, id"
        )
        return [t for t in map(self._take_from_row, rows) if t.damaged]

    def _take_from_row(self, r: sqlite3.Row) -> Take:
        return take_from_row(r, self.paths.root)

    def _query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                log.exception("query failed: %s", sql)
                raise StorageError(msg=db_failure(exc, "read_history", self.paths.root)) from exc

    def _tuples(self, sql: str, params: Sequence[Any], what: str) -> builtins.list[tuple[Any, ...]]:
        """Rows as plain tuples: several times faster than Row for 10k rows (the table, the chart)."""
        with self._lock:
            try:
                cur = self._conn.cursor()
                cur.row_factory = None
                rows: builtins.list[tuple[Any, ...]] = cur.execute(sql, params).fetchall()
                return rows
            except sqlite3.Error as exc:
                log.exception("%s query failed", what)
                raise StorageError(msg=db_failure(exc, "read_history", self.paths.root)) from exc

    def get(self, take_id: int) -> Take:
        rows = self._query(f"SELECT {_TAKE_COLUMNS} FROM takes WHERE id = ?", (int(take_id),))
        if not rows:
            raise not_found(take_id)
        return self._take_from_row(rows[0])

    @staticmethod
    def _range_sql(
        since: datetime | None, until: datetime | None, scenario: str | None = None
    ) -> tuple[str, list[Any]]:
        """The WHERE clause for a date range and, when given, one scenario's takes."""
        terms = [
            (t, v)
            for t, v in (("scenario = ?", scenario), ("created_at >= ?", since), ("created_at < ?", until))
            if v is not None
        ]
        params: list[Any] = [to_ts(v) if isinstance(v, datetime) else v for _, v in terms]
        return (" WHERE " + " AND ".join(t for t, _ in terms)) if terms else "", params

    def list(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        newest_first: bool = True,
        scenario: str | None = None,
    ) -> list[Take]:
        """Takes in a date range, of one scenario when ``scenario`` is given."""
        where, params = self._range_sql(since, until, scenario)
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT {_TAKE_COLUMNS} FROM takes{where} ORDER BY created_at {order}, id {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [self._take_from_row(r) for r in self._query(sql, params)]

    def summaries(
        self, *, newest_first: bool = True, limit: int | None = None, scenario: str | None = None
    ) -> builtins.list[tuple[SqlValue, ...]]:
        """Rows of SUMMARY_COLUMNS only (no JSON), for the history table; one scenario's when given."""
        order = "DESC" if newest_first else "ASC"
        where, params = self._range_sql(None, None, scenario)
        sql = f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM takes{where} ORDER BY created_at {order}, id {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return self._tuples(sql, params, "summary")

    def count(self, scenario: str | None = None) -> int:
        where, params = self._range_sql(None, None, scenario)
        return int(self._query(f"SELECT COUNT(*) FROM takes{where}", params)[0][0])

    def referenced_audio(self) -> set[Path]:
        rows = self._query("SELECT audio_path FROM takes WHERE audio_path IS NOT NULL")
        return {(self.paths.root / r[0]).resolve() for r in rows}

    def orphan_recordings(self) -> builtins.list[Path]:
        """Audio files in recordings/ that no take points at: what a crash leaves behind. Oldest first."""
        found = audio_files.audio_files(self.paths.recordings)
        if not found:
            return []
        known = self.referenced_audio()
        return sorted((p for p in found if p.resolve() not in known), key=lambda p: (p.stat().st_mtime, p.name))

    def now(self) -> datetime:
        """The store's clock (the system clock, unless a test moves it)."""
        return self._clock()

    def today(self, tz: tzinfo | None = None) -> date:
        """Today's date by the store's clock, in ``tz`` (the system zone when None)."""
        now = self._clock()
        return now.astimezone(tz).date() if tz is not None else now.astimezone().date()

    def series_rows(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> builtins.list[tuple[float | None, ...]]:
        """The chart's columns (SERIES_COLUMNS), oldest first: one query, no JSON."""
        where, params = self._range_sql(since, until)
        # Drills are short one-skill exercises, not pitches: they stay out of the trend and the bests.
        where = f"{where} AND drill_skill IS NULL" if where else " WHERE drill_skill IS NULL"
        sql = f"SELECT {', '.join(SERIES_COLUMNS)} FROM takes{where} ORDER BY created_at, id"
        return self._tuples(sql, params, "series")

    def practice_days(self, tz: tzinfo | None = None) -> builtins.list[date]:
        """The distinct calendar days with at least one take, oldest first, in ``tz`` (system zone if None)."""
        if tz is None:
            # SQLite's 'localtime' is the same system zone Python's astimezone() uses; doing it
            # in SQL keeps 10,000 timestamps out of Python.
            rows = self._query("SELECT DISTINCT date(created_at, 'unixepoch', 'localtime') FROM takes")
            return sorted(date.fromisoformat(r[0]) for r in rows)
        rows = self._query("SELECT created_at FROM takes")
        return sorted({from_ts(r[0]).astimezone(tz).date() for r in rows})

    def drill_rows(self) -> builtins.list[tuple[int, datetime, str, bool]]:
        """Every drill take as (id, created_at, skill, passed), oldest first (index only, no JSON)."""
        rows = self._query(
            "SELECT id, created_at, drill_skill, drill_passed FROM takes WHERE drill_skill IS NOT NULL "
            "ORDER BY created_at, id"
        )
        return [(int(r[0]), from_ts(r[1]), str(r[2]), bool(r[3])) for r in rows]

    def take_dates(self, since: datetime, tz: tzinfo | None = None) -> builtins.list[date]:
        """The local date of every take and drill since ``since`` (one per take): the weekly goal's count."""
        rows = self._query("SELECT created_at FROM takes WHERE created_at >= ?", (to_ts(since),))
        return [from_ts(r[0]).astimezone(tz).date() for r in rows]

    def recent_deductions(self, last_n: int = 10) -> tuple[builtins.list[int], builtins.list[StoredDeduction]]:
        """The ids of the last ``last_n`` scored (not gated) takes, newest first, and their deductions.

        Deductions come newest take first, in each take's own order.
        """
        recent = self._query(
            "SELECT id FROM takes WHERE gate IS NULL AND drill_skill IS NULL ORDER BY created_at DESC, id DESC LIMIT ?",
            (int(last_n),),
        )
        ids = [int(r[0]) for r in recent]
        if not ids:
            return [], []
        marks = ", ".join("?" * len(ids))
        rows = self._query(
            f"SELECT take_id, rule, points, tip FROM take_deductions WHERE take_id IN ({marks}) "
            "ORDER BY take_id, position",
            ids,
        )
        by_take: dict[int, builtins.list[StoredDeduction]] = {}
        for r in rows:
            by_take.setdefault(int(r[0]), []).append(StoredDeduction(int(r[0]), str(r[1]), float(r[2]), str(r[3])))
        return ids, [d for take_id in ids for d in by_take.get(take_id, [])]
