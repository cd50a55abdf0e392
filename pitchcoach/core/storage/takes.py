"""Takes: saving, reading, editing and deleting them, and the data the progress view reads.

This is data access only; the statistics built from it (trend, streak, bests, the most
frequent issue) live in :mod:`pitchcoach.core.progress`. Audio paths are stored
relative to ``AppPaths.root`` so the whole folder can be backed up or moved as a unit.
"""

from __future__ import annotations

import builtins
import errno
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import numpy as np

from pitchcoach import __version__
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.drills import DrillVerdict
from pitchcoach.core.fileio import fsync_file
from pitchcoach.core.paths import AppPaths
from pitchcoach.core.storage import audio as audio_files
from pitchcoach.core.storage.database import (
    SqlValue,
    StorageError,
    TakeNotFound,
    file_identity,
    from_ts,
    open_database,
    rollback,
    to_ts,
    user_message,
    utc_now,
)
from pitchcoach.core.storage.records import (
    _TAKE_COLUMNS,
    SERIES_COLUMNS,
    SUMMARY_COLUMNS,
    DeletedTake,
    StoredDeduction,
    Take,
    analysis_columns,
    drill_columns,
    kept_transcript,
    take_from_row,
)

log = logging.getLogger(__name__)


def _file_error(exc: OSError, doing: str, where: Path) -> str:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return (
            f"Could not {doing}: the disk is full (no room left in {where}). Nothing was left half-written. "
            "Free some disk space, then save again."
        )
    return (
        f"Could not {doing} in {where} ({exc.strerror or exc}). Nothing was left half-written. "
        "Free some disk space or check the folder's permissions, then save again."
    )


def _not_found(take_id: int) -> TakeNotFound:
    """One wording for a take that another window (or an earlier action) removed."""
    return TakeNotFound(f"Take {take_id} is not in the history (it may have been deleted).")


class TakeStore:
    """All reads and writes of the progress history.

    One connection shared by the threads of one process (guarded by a lock), and
    WAL plus a busy timeout so a second PitchCoach process can use the same file.
    """

    def __init__(
        self,
        paths: AppPaths,
        *,
        busy_timeout: float = 5.0,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        try:
            self.paths = paths.ensure()
        except OSError as exc:
            log.exception("cannot create the data folders under %s", paths.root)
            raise StorageError(
                f"Cannot create PitchCoach's data folder {paths.root} ({exc.strerror or exc}). "
                "Check that the path is a writable folder, or set PITCHCOACH_HOME to another folder."
            ) from exc
        self.trash = self.paths.trash
        self.busy_timeout = busy_timeout
        self._clock = clock
        self._lock = threading.RLock()
        opened = open_database(self.paths, busy_timeout=busy_timeout, clock=clock)
        self._conn = opened.conn
        self._process_lock = opened.lock
        self._identity = opened.identity
        # Set when the database failed its integrity check and was moved aside;
        # the UI tells the user where the old file is.
        self.recovered_from: Path | None = opened.recovered_from
        self.migrated_from: int | None = opened.migrated_from
        self.backups_made: list[Path] = opened.backups_made

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            if self._process_lock is not None:
                self._process_lock.release()
                self._process_lock = None

    def _begin_write(self) -> None:
        """BEGIN IMMEDIATE, then make sure the database file is still the one this store opened.

        If another process set the file aside and started a new one, writing on would put the take
        into the moved-away copy and report success: the user would never see it again.
        """
        self._conn.execute("BEGIN IMMEDIATE")
        if self._identity is not None and file_identity(self.paths.database) != self._identity:
            rollback(self._conn)
            log.error("the database file at %s is no longer the one this store opened", self.paths.database)
            raise StorageError(
                "The history database was replaced while PitchCoach was running (another PitchCoach window "
                "found it damaged and set it aside). Nothing was written to the old file. Close this window and "
                "start PitchCoach again; this take's recording is kept and will be offered again."
            )

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction: checked BEGIN IMMEDIATE, then COMMIT, or ROLLBACK on anything raised.

        Callers hold ``self._lock`` and turn ``sqlite3.Error`` into their own message.
        """
        self._begin_write()
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException:
            rollback(self._conn)
            raise

    def _insert_deductions(self, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(
            "INSERT INTO take_deductions (take_id, position, rule, category, points, message, tip) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def __enter__(self) -> TakeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- saving

    def _new_recording_path(self, suffix: str = ".wav") -> Path:
        return audio_files.new_recording_path(self.paths.recordings, self._clock(), suffix)

    def _relative(self, path: Path) -> str:
        """The audio's name as stored: ``recordings/<file>``, also when recordings/ is a symlink to a folder
        on another disk (resolving both sides would put the file outside the data folder: issue 23)."""
        resolved = path.resolve()
        if self.paths.holds_recording(path):
            return f"{self.paths.recordings.name}/{resolved.name}"
        try:
            return resolved.relative_to(self.paths.root.resolve()).as_posix()
        except ValueError:
            raise StorageError(
                f"{path} is outside PitchCoach's data folder {self.paths.root}, so it cannot be a take's audio."
            ) from None

    def store_audio(self, audio: Path | np.ndarray | None) -> Path | None:
        """Put the take's audio under recordings/ durably and return where it is."""
        if audio is None:
            return None
        if isinstance(audio, np.ndarray):
            dest = self._new_recording_path()
            try:
                audio_files.write_wav(dest, audio)
            except OSError as exc:
                log.exception("cannot write %s", dest)
                raise StorageError(_file_error(exc, "save the recording", dest.parent)) from exc
            return dest
        src = Path(audio)
        if not src.is_file():
            raise StorageError(f"The audio file {src} does not exist. Choose an existing file.")
        if self.paths.holds_recording(src):
            # Already ours (the recorder writes here, or a crash left it): adopt it in place; just make sure
            # it is on disk. If it is already a take's, save_take finds that take inside its transaction and
            # returns it rather than copying the file into a second take (issue 23).
            fsync_file(src)
            return src
        dest = self._new_recording_path(src.suffix.lower() or ".wav")
        try:
            audio_files.copy_durably(src, dest)
        except OSError as exc:
            log.exception("cannot copy %s to %s", src, dest)
            raise StorageError(_file_error(exc, f"copy {src.name} into your recordings", dest.parent)) from exc
        return dest

    def save_take(
        self,
        analysis: Analysis,
        audio: Path | np.ndarray | None,
        *,
        title: str = "",
        tags: Iterable[str] = (),
        note: str = "",
        created_at: datetime | None = None,
        quick: bool = False,
        drill: DrillVerdict | None = None,
    ) -> Take:
        """Store the audio (written and fsynced first), then insert the row in one transaction.

        If the insert fails the audio stays in recordings/, where start-up recovery finds it.
        ``quick`` marks a take saved from its instant result; :meth:`replace_analysis` finishes it.
        """
        audio_path = self.store_audio(audio)
        when = created_at or self._clock()
        res = analysis.result
        tr = kept_transcript(analysis.transcript, res)
        tag_list = [t.strip() for t in tags if t.strip()]
        created_ts = to_ts(when)
        clean_title, clean_note = title.strip(), note.strip()
        columns, deductions = analysis_columns(analysis)
        row: dict[str, object] = {
            "created_at": created_ts,
            "audio_path": self._relative(audio_path) if audio_path else None,
            **columns,
            "app_version": __version__,
            "title": clean_title,
            "tags_json": json.dumps(tag_list),
            "note": clean_note,
            "quick_result": int(quick),
            **drill_columns(drill),
        }
        with self._lock:
            try:
                with self._write():
                    # The recording's place in the data folder is its identity: checked inside the write
                    # transaction, so two windows saving the same recovered recording at once make one
                    # take, not two rows sharing (and later trashing) one file (issue 23).
                    earlier = self._conn.execute(
                        "SELECT id FROM takes WHERE audio_path = ? LIMIT 1", (row["audio_path"],)
                    ).fetchone()
                    take_id = int(earlier[0]) if earlier and row["audio_path"] else self._insert(row, deductions)
            except sqlite3.Error as exc:
                log.exception("saving take failed; audio kept at %s", audio_path)
                kept = f" The recording is kept at {audio_path} and will be offered again." if audio_path else ""
                raise StorageError(user_message(exc, "save the take", self.paths.root) + kept) from exc
        if earlier and row["audio_path"]:
            log.info("%s is already take %s; not saved twice", audio_path, take_id)
            return self.get(take_id)
        return Take(
            id=take_id,
            created_at=from_ts(created_ts),
            audio_path=audio_path,
            audio_seconds=float(tr.audio_seconds),
            speech_seconds=float(analysis.transcript.speech_seconds),
            target_seconds=float(res.target_seconds),
            transcript=tr,
            result=res,
            model=analysis.model,
            app_version=__version__,
            title=clean_title,
            tags=tag_list,
            note=clean_note,
            quick=quick,
            language=str(row["language"]),
            drill=drill,
            scenario=res.scenario,
        )

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

    def replace_analysis(self, take_id: int, analysis: Analysis) -> Take:
        """Put the whole-file pass's analysis in place of a take's quick one, in one transaction.

        Title, tags, note, date and audio stay; the quick mark goes.
        """
        columns, deductions = analysis_columns(analysis)
        assignments = ", ".join(f"{k} = :{k}" for k in columns)
        with self._lock:
            try:
                with self._write():
                    cur = self._conn.execute(
                        f"UPDATE takes SET {assignments}, quick_result = 0 WHERE id = :id",
                        {**columns, "id": int(take_id)},
                    )
                    if cur.rowcount:
                        self._conn.execute("DELETE FROM take_deductions WHERE take_id = ?", (int(take_id),))
                        self._insert_deductions([(int(take_id), *d) for d in deductions])
            except sqlite3.Error as exc:
                log.exception("replacing the analysis of take %s failed", take_id)
                raise StorageError(user_message(exc, "save the refined result", self.paths.root)) from exc
        if cur.rowcount == 0:
            raise _not_found(take_id)
        return self.get(take_id)

    def _insert(self, row: dict[str, object], deductions: Sequence[tuple[Any, ...]]) -> int:
        cols = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        cur = self._conn.execute(f"INSERT INTO takes ({cols}) VALUES ({marks})", row)
        take_id = int(cur.lastrowid or 0)
        self._insert_deductions([(take_id, *d) for d in deductions])
        return take_id

    # ----------------------------------------------------------------- reading

    def _take_from_row(self, r: sqlite3.Row) -> Take:
        return take_from_row(r, self.paths.root)

    def _query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                log.exception("query failed: %s", sql)
                raise StorageError(user_message(exc, "read the history", self.paths.root)) from exc

    def get(self, take_id: int) -> Take:
        rows = self._query(f"SELECT {_TAKE_COLUMNS} FROM takes WHERE id = ?", (int(take_id),))
        if not rows:
            raise _not_found(take_id)
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
        with self._lock:
            try:
                cur = self._conn.cursor()
                cur.row_factory = None  # plain tuples: several times faster than Row for 10k rows
                return cur.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                log.exception("summary query failed")
                raise StorageError(user_message(exc, "read the history", self.paths.root)) from exc

    def count(self, scenario: str | None = None) -> int:
        where, params = self._range_sql(None, None, scenario)
        return int(self._query(f"SELECT COUNT(*) FROM takes{where}", params)[0][0])

    def update(
        self,
        take_id: int,
        *,
        title: str | None = None,
        tags: Iterable[str] | None = None,
        note: str | None = None,
    ) -> Take:
        sets: dict[str, Any] = {}
        if title is not None:
            sets["title"] = title.strip()
        if tags is not None:
            sets["tags_json"] = json.dumps([t.strip() for t in tags if t.strip()])
        if note is not None:
            sets["note"] = note.strip()
        if sets:
            assignments = ", ".join(f"{k} = :{k}" for k in sets)
            with self._lock:
                try:
                    with self._write():
                        cur = self._conn.execute(
                            f"UPDATE takes SET {assignments} WHERE id = :id", {**sets, "id": int(take_id)}
                        )
                except sqlite3.Error as exc:
                    log.exception("update of take %s failed", take_id)
                    raise StorageError(user_message(exc, "save your changes", self.paths.root)) from exc
            if cur.rowcount == 0:
                raise _not_found(take_id)
        return self.get(take_id)

    # ----------------------------------------------------------------- delete / undo

    def delete(self, take_id: int) -> DeletedTake:
        """Remove the row and move its audio to the trash, so :meth:`undo_delete` can restore both."""
        with self._lock:
            rows = self._query("SELECT * FROM takes WHERE id = ?", (int(take_id),))
            if not rows:
                raise _not_found(take_id)
            take = self._take_from_row(rows[0])
            row = dict(rows[0])
            deductions = [
                tuple(r)
                for r in self._query(
                    "SELECT take_id, position, rule, category, points, message, tip "
                    "FROM take_deductions WHERE take_id = ?",
                    (int(take_id),),
                )
            ]
            trashed: Path | None = None
            try:
                try:
                    with self._write():
                        self._conn.execute("DELETE FROM take_deductions WHERE take_id = ?", (int(take_id),))
                        self._conn.execute("DELETE FROM takes WHERE id = ?", (int(take_id),))
                        shared = self._conn.execute(  # two rows on one file (saved twice before issue 23)
                            "SELECT 1 FROM takes WHERE audio_path = ? LIMIT 1", (row["audio_path"],)
                        ).fetchone()
                        if take.audio_path is not None and take.audio_path.exists() and not shared:
                            trashed = audio_files.move_to_trash(take.audio_path, self.trash)
                except BaseException:
                    # The rows are back (rolled back); put the audio back beside them.
                    if trashed is not None and take.audio_path is not None and trashed.exists():
                        audio_files.restore_from_trash(trashed, take.audio_path)
                    raise
            except (sqlite3.Error, OSError) as exc:
                log.exception("deleting take %s failed", take_id)
                if isinstance(exc, sqlite3.Error):
                    raise StorageError(user_message(exc, "delete the take", self.paths.root)) from exc
                raise StorageError(
                    f"Could not move the take's audio to the trash ({exc}). Nothing was deleted."
                ) from exc
        return DeletedTake(take=take, row=row, deductions=deductions, trashed_audio=trashed)

    def undo_delete(self, deleted: DeletedTake) -> Take:
        take = deleted.take
        with self._lock:
            restored_audio = False
            try:
                if deleted.trashed_audio is not None and take.audio_path is not None:
                    if not deleted.trashed_audio.exists():
                        raise StorageError(
                            "The deleted take's audio is no longer in the trash (the trash was emptied), "
                            "so the take cannot be restored."
                        )
                    audio_files.restore_from_trash(deleted.trashed_audio, take.audio_path)
                    restored_audio = True
                with self._write():
                    cols = ", ".join(deleted.row)
                    marks = ", ".join(f":{k}" for k in deleted.row)
                    self._conn.execute(f"INSERT INTO takes ({cols}) VALUES ({marks})", deleted.row)
                    self._insert_deductions(deleted.deductions)
            except (sqlite3.Error, OSError) as exc:
                if restored_audio and take.audio_path is not None and deleted.trashed_audio is not None:
                    os.replace(take.audio_path, deleted.trashed_audio)
                log.exception("undoing delete of take %s failed", take.id)
                if isinstance(exc, sqlite3.Error):
                    raise StorageError(user_message(exc, "restore the take", self.paths.root)) from exc
                raise StorageError(f"Could not restore the take's audio ({exc}).") from exc
        return self.get(take.id)

    def purge_trash(self, older_than: timedelta | None = None) -> int:
        """Delete trashed audio for good (its undo is then impossible). Returns files removed.

        ``older_than`` keeps recent deletions, e.g. another open PitchCoach window may still offer Undo.
        """
        cutoff = None if older_than is None else self._clock().timestamp() - older_than.total_seconds()
        return audio_files.purge_trash(self.trash, cutoff)

    # ----------------------------------------------------------------- recovery

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

    # ----------------------------------------------------------------- what progress reads

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
        with self._lock:
            try:
                cur = self._conn.cursor()
                cur.row_factory = None
                rows: builtins.list[tuple[float | None, ...]] = cur.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                log.exception("series query failed")
                raise StorageError(user_message(exc, "read the history", self.paths.root)) from exc
        return rows

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
