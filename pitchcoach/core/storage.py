"""Progress history: every take, its audio and its score, in one SQLite file.

The database lives beside the recordings under ``AppPaths.root`` so the whole
folder can be backed up or moved as a unit; audio paths are therefore stored
relative to that root.

Durability order matters more than anything else here: the audio file is
written and fsynced *before* the row that points at it is inserted, so a crash
can leave an audio file without a row (found again by :meth:`TakeStore.orphan_recordings`)
but never a row without its audio.
"""

from __future__ import annotations

import builtins
import json
import logging
import os
import shutil
import sqlite3
import threading
import uuid
import wave
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import numpy as np

from pitchcoach import __version__
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.errors import UserFacingError
from pitchcoach.core.paths import AppPaths
from pitchcoach.core.scoring.result import ScoreResult, rule_label
from pitchcoach.core.transcript import Transcript

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
AUDIO_EXTENSIONS = (".wav", ".flac", ".ogg", ".mp3", ".m4a")


# --------------------------------------------------------------------------- schema

# Append-only: never edit a shipped step, add a new one. Index i holds the step
# that takes the database from user_version i to i + 1.
MIGRATIONS: tuple[str, ...] = (
    # 1: the first shipped schema.
    """
    CREATE TABLE takes (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at      REAL    NOT NULL,   -- unix seconds, UTC
        audio_path      TEXT,               -- relative to the data folder; NULL = no audio kept
        audio_seconds   REAL    NOT NULL,
        speech_seconds  REAL    NOT NULL,
        target_seconds  REAL    NOT NULL,
        overall         INTEGER,            -- NULL when a gate stopped scoring
        clarity         INTEGER,
        listener_focus  INTEGER,
        band            TEXT,
        gate            TEXT,
        transcript_json TEXT    NOT NULL,
        result_json     TEXT    NOT NULL,
        deductions_json TEXT    NOT NULL,
        metrics_json    TEXT    NOT NULL,
        model           TEXT    NOT NULL,
        app_version     TEXT    NOT NULL
    );
    """,
    # 2: user labels, a date index for the history page, and one row per deduction
    # so "most frequent issue" needs no JSON parsing.
    """
    ALTER TABLE takes ADD COLUMN title TEXT NOT NULL DEFAULT '';
    ALTER TABLE takes ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE takes ADD COLUMN note TEXT NOT NULL DEFAULT '';
    CREATE INDEX takes_created_at ON takes(created_at);
    CREATE TABLE take_deductions (
        take_id   INTEGER NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        rule      TEXT    NOT NULL,
        category  TEXT    NOT NULL,
        points    REAL    NOT NULL,
        message   TEXT    NOT NULL,
        tip       TEXT    NOT NULL,
        PRIMARY KEY (take_id, position)
    );
    CREATE INDEX take_deductions_rule ON take_deductions(rule);
    INSERT INTO take_deductions (take_id, position, rule, category, points, message, tip)
        SELECT t.id, CAST(d.key AS INTEGER),
               json_extract(d.value, '$.rule'), json_extract(d.value, '$.category'),
               json_extract(d.value, '$.points'), json_extract(d.value, '$.message'),
               json_extract(d.value, '$.tip')
        FROM takes AS t, json_each(t.deductions_json) AS d;
    """,
    # 3: a covering index for the history list, chart and stats. The title/note
    # columns added in 2 sit after the large JSON columns in each row, so without
    # it every list read walks the JSON overflow pages (60 ms at 10,000 takes).
    """
    CREATE INDEX takes_history ON takes(
        created_at, id, audio_seconds, speech_seconds, target_seconds, overall, clarity,
        listener_focus, band, gate, title, note, tags_json
    );
    DROP INDEX takes_created_at;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

_TAKE_COLUMNS = (
    "id, created_at, audio_path, audio_seconds, speech_seconds, target_seconds, "
    "transcript_json, result_json, model, app_version, title, tags_json, note"
)
# What the history table shows: no JSON blobs, so 10,000 rows load in milliseconds.
SUMMARY_COLUMNS = (
    "id",
    "created_at",
    "audio_seconds",
    "speech_seconds",
    "target_seconds",
    "overall",
    "clarity",
    "listener_focus",
    "band",
    "gate",
    "title",
    "note",
    "tags_json",
)


class StorageError(UserFacingError):
    """A problem with the history database, worded for the user: what went wrong and what to do."""


# --------------------------------------------------------------------------- data


@dataclass
class Take:
    id: int
    created_at: datetime  # UTC, timezone-aware
    audio_path: Path | None
    audio_seconds: float
    speech_seconds: float
    target_seconds: float
    transcript: Transcript
    result: ScoreResult
    model: str
    app_version: str
    title: str = ""
    tags: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def overall(self) -> int | None:
        return self.result.overall

    @property
    def clarity(self) -> int | None:
        return self.result.clarity

    @property
    def listener_focus(self) -> int | None:
        return self.result.listener_focus

    @property
    def band(self) -> str | None:
        return self.result.band

    @property
    def analysis(self) -> Analysis:
        return Analysis(
            transcript=self.transcript,
            result=self.result,
            model=self.model,
            file=str(self.audio_path) if self.audio_path else None,
        )


@dataclass
class DeletedTake:
    """Everything needed to put a deleted take back exactly as it was (same id)."""

    take: Take
    row: dict[str, Any]
    deductions: list[tuple[Any, ...]]
    trashed_audio: Path | None  # where the audio waits in the trash, if it had any


@dataclass
class Best:
    value: float
    take_id: int
    created_at: datetime


@dataclass
class Streak:
    current: int  # days in a row up to today (or yesterday, if today has no take yet)
    longest: int
    last_day: date | None
    practised_today: bool


@dataclass
class Issue:
    rule: str
    label: str
    takes_with_issue: int
    takes_considered: int
    points_lost: float
    tip: str  # the most recent advice for this rule


@dataclass
class Series:
    """Columns of the history as numpy arrays, oldest first; NaN where a take was not scored."""

    ids: np.ndarray
    created_at: np.ndarray  # unix seconds
    overall: np.ndarray
    clarity: np.ndarray
    listener_focus: np.ndarray
    speech_seconds: np.ndarray
    target_seconds: np.ndarray

    def __len__(self) -> int:
        return int(self.ids.size)

    @classmethod
    def from_summaries(cls, rows: Sequence[tuple[Any, ...]]) -> Series:
        """Build the chart arrays from ``TakeStore.summaries()`` rows (any order), saving a second query."""
        if not rows:
            empty = np.empty(0, dtype=float)
            return cls(np.empty(0, dtype=np.int64), empty, empty, empty, empty, empty, empty)
        cols = list(zip(*rows, strict=True))
        pos = {name: i for i, name in enumerate(SUMMARY_COLUMNS)}

        def col(name: str) -> np.ndarray:
            return np.array(cols[pos[name]], dtype=float)  # None becomes NaN

        created = col("created_at")
        ids = np.array(cols[pos["id"]], dtype=np.int64)
        order = np.lexsort((ids, created))  # oldest first, id breaks ties, as series() orders
        return cls(
            ids=ids[order],
            created_at=created[order],
            overall=col("overall")[order],
            clarity=col("clarity")[order],
            listener_focus=col("listener_focus")[order],
            speech_seconds=col("speech_seconds")[order],
            target_seconds=col("target_seconds")[order],
        )


def rolling_median(values: np.ndarray, window: int = 5) -> np.ndarray:
    """Median of the last ``window`` values at each point (fewer at the start), ignoring NaN.

    A median rather than a mean so one bad take does not drag the line around.
    """
    v = np.asarray(values, dtype=float)
    n = v.size
    if n == 0 or window < 1:
        return np.full(n, np.nan)
    # Pad the front with NaN so every point has a full window; nanmedian then uses
    # only the real values.
    padded = np.concatenate([np.full(window - 1, np.nan), v])
    windows = np.lib.stride_tricks.sliding_window_view(padded, window)
    out = np.full(n, np.nan)
    has_value = ~np.all(np.isnan(windows), axis=1)
    if has_value.any():
        out[has_value] = np.nanmedian(windows[has_value], axis=1)
    return out


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _to_ts(dt: datetime) -> float:
    if dt.tzinfo is None:
        raise ValueError("datetimes passed to the store must be timezone-aware")
    return dt.timestamp()


def _from_ts(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def _fsync_dir(folder: Path) -> None:
    # Makes the new directory entry itself durable; not possible on Windows, where
    # the file fsync is what counts.
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_wav(path: Path, samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> None:
    """Write float samples in [-1, 1] as 16-bit mono PCM, then fsync file and folder."""
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    pcm = (np.clip(np.nan_to_num(x), -1.0, 1.0) * 32767.0).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        with wave.open(fh, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(sample_rate)
            w.writeframes(pcm.tobytes())
        fh.flush()
        os.fsync(fh.fileno())
    _fsync_dir(path.parent)


def _copy_durably(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    with open(dst, "rb+") as fh:
        os.fsync(fh.fileno())
    _fsync_dir(dst.parent)


def _user_message(exc: sqlite3.Error, doing: str) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return (
            f"Could not {doing}: the history database is busy (another PitchCoach window may be writing). "
            "Wait a moment and try again."
        )
    if "full" in text or "disk i/o" in text:
        return f"Could not {doing}: the disk is full or failing. Free some space and try again."
    if "readonly" in text or "read-only" in text:
        return f"Could not {doing}: the data folder is read-only. Check its permissions."
    return f"Could not {doing} because of a database error ({exc}). Details are in the log file."


# --------------------------------------------------------------------------- store


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
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        try:
            self.paths = paths.ensure()
        except OSError as exc:
            log.exception("cannot create the data folders under %s", paths.root)
            raise StorageError(
                f"Cannot create PitchCoach's data folder {paths.root} ({exc.strerror or exc}). "
                "Check that the path is a writable folder, or set PITCHCOACH_HOME to another folder."
            ) from exc
        self.trash = paths.root / "trash"
        self.busy_timeout = busy_timeout
        self._clock = clock
        self._lock = threading.RLock()
        # Set when the database failed its integrity check and was moved aside;
        # the UI tells the user where the old file is.
        self.recovered_from: Path | None = None
        self.migrated_from: int | None = None
        self.backups_made: list[Path] = []
        self._conn = self._open()

    # ----------------------------------------------------------------- opening

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.paths.database,
            timeout=self.busy_timeout,
            isolation_level=None,  # explicit BEGIN/COMMIT: migrations need DDL inside transactions
            check_same_thread=False,
        )
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        return conn

    def _open(self) -> sqlite3.Connection:
        db = self.paths.database
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            log.exception("cannot open %s", db)
            raise StorageError(
                f"Cannot open the history database at {db} ({exc}). "
                "Check that the folder is writable, or set PITCHCOACH_HOME to another folder."
            ) from exc
        problem = self._check_integrity(conn)
        if problem is not None:
            conn.close()
            self.recovered_from = self._move_aside(problem)
            conn = self._connect()
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")  # a saved take survives a power cut
            self._migrate(conn)
        except sqlite3.Error as exc:
            conn.close()
            log.exception("cannot prepare %s", db)
            raise StorageError(_user_message(exc, "open the history database")) from exc
        return conn

    @staticmethod
    def _check_integrity(conn: sqlite3.Connection) -> str | None:
        """None if the file is healthy (or new); otherwise a description of the damage."""
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            if "locked" in str(exc).lower():
                raise StorageError(_user_message(exc, "open the history database")) from exc
            return str(exc)
        result = "; ".join(str(r[0]) for r in rows)
        return None if result == "ok" else result

    def _move_aside(self, problem: str) -> Path:
        db = self.paths.database
        stamp = self._clock().strftime("%Y%m%d-%H%M%S")
        aside = db.with_name(f"{db.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = db.with_name(f"{db.name}.corrupt-{stamp}-{n}")
        log.error("history database %s failed its integrity check (%s); moved to %s", db, problem, aside)
        shutil.copy2(db, aside)
        for suffix in ("-wal", "-shm"):
            side = db.with_name(db.name + suffix)
            if side.exists():
                shutil.copy2(side, aside.with_name(aside.name + suffix))
                side.unlink()
        db.unlink()
        return aside

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"The history database was made by a newer PitchCoach (schema {version}, this version "
                f"knows {SCHEMA_VERSION}). Update PitchCoach to open it."
            )
        if version > 0:
            self.migrated_from = version
        # One step per transaction, each preceded by a backup of what is on disk.
        # A file created fresh in this run holds no user data at any step: nothing to back up.
        opened_at = version
        while version < SCHEMA_VERSION:
            if opened_at > 0:
                # Outside the transaction: sqlite's backup API cannot read through our own write lock.
                self.backups_made.append(self._backup(conn, version))
            # IMMEDIATE takes the write lock first, so two instances starting together
            # cannot both run the same step; re-read the version once we hold it.
            conn.execute("BEGIN IMMEDIATE")
            try:
                if conn.execute("PRAGMA user_version").fetchone()[0] == version:
                    for statement in _split_sql(MIGRATIONS[version]):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {version + 1}")
                    log.info("history database migrated to schema %d", version + 1)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            version = conn.execute("PRAGMA user_version").fetchone()[0]

    def _backup(self, conn: sqlite3.Connection, version: int) -> Path:
        stamp = self._clock().strftime("%Y%m%d-%H%M%S")
        dest = self.paths.backups / f"pitchcoach-v{version}-{stamp}.sqlite3"
        n = 1
        while dest.exists():
            n += 1
            dest = self.paths.backups / f"pitchcoach-v{version}-{stamp}-{n}.sqlite3"
        target = sqlite3.connect(dest)
        try:
            conn.backup(target)
        finally:
            target.close()
        log.info("backed up schema %d database to %s", version, dest)
        return dest

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> TakeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- saving

    def _new_recording_path(self, suffix: str = ".wav") -> Path:
        stamp = self._clock().astimezone(UTC).strftime("%Y%m%d-%H%M%S")
        return self.paths.recordings / f"take-{stamp}-{uuid.uuid4().hex[:8]}{suffix}"

    def _relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.paths.root.resolve()).as_posix()

    def _in_recordings(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.paths.recordings.resolve())
        except ValueError:
            return False
        return True

    def store_audio(self, audio: Path | np.ndarray | None) -> Path | None:
        """Put the take's audio under recordings/ durably and return where it is."""
        if audio is None:
            return None
        if isinstance(audio, np.ndarray):
            dest = self._new_recording_path()
            try:
                write_wav(dest, audio)
            except OSError as exc:
                log.exception("cannot write %s", dest)
                raise StorageError(
                    f"Could not save the recording to {dest.parent} ({exc.strerror or exc}). "
                    "Free some disk space or check the folder's permissions, then save again."
                ) from exc
            return dest
        src = Path(audio)
        if not src.is_file():
            raise StorageError(f"The audio file {src} does not exist. Choose an existing file.")
        if self._in_recordings(src) and not self._query(
            "SELECT 1 FROM takes WHERE audio_path = ? LIMIT 1", (self._relative(src),)
        ):
            # Already ours and not yet a take's (the recorder writes here, or a crash left it):
            # adopt it in place; just make sure it is on disk.
            with open(src, "rb+") as fh:
                os.fsync(fh.fileno())
            return src
        dest = self._new_recording_path(src.suffix.lower() or ".wav")
        try:
            _copy_durably(src, dest)
        except OSError as exc:
            log.exception("cannot copy %s to %s", src, dest)
            raise StorageError(
                f"Could not copy {src.name} into {dest.parent} ({exc.strerror or exc}). "
                "Free some disk space or check the folder's permissions, then try again."
            ) from exc
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
    ) -> Take:
        """Store the audio (written and fsynced first), then insert the row in one transaction.

        If the insert fails the audio stays in recordings/, where start-up recovery finds it.
        """
        audio_path = self.store_audio(audio)
        when = created_at or self._clock()
        tr, res = analysis.transcript, analysis.result
        res_dict = res.to_dict()
        tag_list = [t.strip() for t in tags if t.strip()]
        row = {
            "created_at": _to_ts(when),
            "audio_path": self._relative(audio_path) if audio_path else None,
            "audio_seconds": float(tr.audio_seconds),
            "speech_seconds": float(tr.speech_seconds),
            "target_seconds": float(res.target_seconds),
            "overall": res.overall,
            "clarity": res.clarity,
            "listener_focus": res.listener_focus,
            "band": res.band,
            "gate": res.gate.id if res.gate else None,
            "transcript_json": json.dumps(tr.to_dict()),
            "result_json": json.dumps(res_dict),
            "deductions_json": json.dumps(res_dict["deductions"]),
            "metrics_json": json.dumps(res_dict["metrics"]),
            "model": analysis.model,
            "app_version": __version__,
            "title": title.strip(),
            "tags_json": json.dumps(tag_list),
            "note": note.strip(),
        }
        deductions = [(i, d.rule, d.category, float(d.points), d.message, d.tip) for i, d in enumerate(res.deductions)]
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    take_id = self._insert(row, deductions)
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                log.exception("saving take failed; audio kept at %s", audio_path)
                kept = f" The recording is kept at {audio_path} and will be offered again." if audio_path else ""
                raise StorageError(_user_message(exc, "save the take") + kept) from exc
        return Take(
            id=take_id,
            created_at=_from_ts(row["created_at"]),
            audio_path=audio_path,
            audio_seconds=row["audio_seconds"],
            speech_seconds=row["speech_seconds"],
            target_seconds=row["target_seconds"],
            transcript=tr,
            result=res,
            model=analysis.model,
            app_version=__version__,
            title=row["title"],
            tags=tag_list,
            note=row["note"],
        )

    def _insert(self, row: dict[str, Any], deductions: Sequence[tuple[Any, ...]]) -> int:
        cols = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        cur = self._conn.execute(f"INSERT INTO takes ({cols}) VALUES ({marks})", row)
        take_id = int(cur.lastrowid or 0)
        self._conn.executemany(
            "INSERT INTO take_deductions (take_id, position, rule, category, points, message, tip) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(take_id, *d) for d in deductions],
        )
        return take_id

    # ----------------------------------------------------------------- reading

    def _take_from_row(self, r: sqlite3.Row) -> Take:
        rel = r["audio_path"]
        return Take(
            id=int(r["id"]),
            created_at=_from_ts(r["created_at"]),
            audio_path=(self.paths.root / rel) if rel else None,
            audio_seconds=float(r["audio_seconds"]),
            speech_seconds=float(r["speech_seconds"]),
            target_seconds=float(r["target_seconds"]),
            transcript=Transcript.from_dict(json.loads(r["transcript_json"])),
            result=ScoreResult.from_dict(json.loads(r["result_json"])),
            model=r["model"],
            app_version=r["app_version"],
            title=r["title"],
            tags=list(json.loads(r["tags_json"])),
            note=r["note"],
        )

    def _query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                log.exception("query failed: %s", sql)
                raise StorageError(_user_message(exc, "read the history")) from exc

    def get(self, take_id: int) -> Take:
        rows = self._query(f"SELECT {_TAKE_COLUMNS} FROM takes WHERE id = ?", (int(take_id),))
        if not rows:
            raise StorageError(f"Take {take_id} is not in the history (it may have been deleted). Refresh the list.")
        return self._take_from_row(rows[0])

    @staticmethod
    def _range_sql(since: datetime | None, until: datetime | None) -> tuple[str, list[Any]]:
        where, params = [], []
        if since is not None:
            where.append("created_at >= ?")
            params.append(_to_ts(since))
        if until is not None:
            where.append("created_at < ?")
            params.append(_to_ts(until))
        return (" WHERE " + " AND ".join(where)) if where else "", params

    def list(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        newest_first: bool = True,
    ) -> list[Take]:
        where, params = self._range_sql(since, until)
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT {_TAKE_COLUMNS} FROM takes{where} ORDER BY created_at {order}, id {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [self._take_from_row(r) for r in self._query(sql, params)]

    def summaries(self, *, newest_first: bool = True, limit: int | None = None) -> builtins.list[tuple[Any, ...]]:
        """Rows of SUMMARY_COLUMNS only (no JSON), for the history table."""
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM takes ORDER BY created_at {order}, id {order}"
        params: list[Any] = []
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
                raise StorageError(_user_message(exc, "read the history")) from exc

    def count(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM takes")[0][0])

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
                    cur = self._conn.execute(
                        f"UPDATE takes SET {assignments} WHERE id = :id", {**sets, "id": int(take_id)}
                    )
                except sqlite3.Error as exc:
                    log.exception("update of take %s failed", take_id)
                    raise StorageError(_user_message(exc, "save your changes")) from exc
            if cur.rowcount == 0:
                raise StorageError(f"Take {take_id} is not in the history (it may have been deleted).")
        return self.get(take_id)

    # ----------------------------------------------------------------- delete / undo

    def delete(self, take_id: int) -> DeletedTake:
        """Remove the row and move its audio to the trash, so :meth:`undo_delete` can restore both."""
        with self._lock:
            rows = self._query("SELECT * FROM takes WHERE id = ?", (int(take_id),))
            if not rows:
                raise StorageError(f"Take {take_id} is not in the history (it may already be deleted).")
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
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    self._conn.execute("DELETE FROM take_deductions WHERE take_id = ?", (int(take_id),))
                    self._conn.execute("DELETE FROM takes WHERE id = ?", (int(take_id),))
                    if take.audio_path is not None and take.audio_path.exists():
                        self.trash.mkdir(parents=True, exist_ok=True)
                        trashed = self.trash / take.audio_path.name
                        os.replace(take.audio_path, trashed)
                        # The file keeps its recording time; stamp the deletion time so that
                        # purge_trash(older_than=...) measures how long it has been in the trash.
                        os.utime(trashed)
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    if trashed is not None and trashed.exists():
                        os.replace(trashed, take.audio_path)  # type: ignore[arg-type]
                    raise
            except (sqlite3.Error, OSError) as exc:
                log.exception("deleting take %s failed", take_id)
                if isinstance(exc, sqlite3.Error):
                    raise StorageError(_user_message(exc, "delete the take")) from exc
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
                    take.audio_path.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(deleted.trashed_audio, take.audio_path)
                    restored_audio = True
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    cols = ", ".join(deleted.row)
                    marks = ", ".join(f":{k}" for k in deleted.row)
                    self._conn.execute(f"INSERT INTO takes ({cols}) VALUES ({marks})", deleted.row)
                    self._conn.executemany(
                        "INSERT INTO take_deductions (take_id, position, rule, category, points, message, tip) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        deleted.deductions,
                    )
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
            except (sqlite3.Error, OSError) as exc:
                if restored_audio:
                    os.replace(take.audio_path, deleted.trashed_audio)  # type: ignore[arg-type]
                log.exception("undoing delete of take %s failed", take.id)
                if isinstance(exc, sqlite3.Error):
                    raise StorageError(_user_message(exc, "restore the take")) from exc
                raise StorageError(f"Could not restore the take's audio ({exc}).") from exc
        return self.get(take.id)

    def purge_trash(self, older_than: timedelta | None = None) -> int:
        """Delete trashed audio for good (its undo is then impossible). Returns files removed.

        ``older_than`` keeps recent deletions, e.g. another open PitchCoach window may still offer Undo.
        """
        if not self.trash.is_dir():
            return 0
        cutoff = None if older_than is None else self._clock().timestamp() - older_than.total_seconds()
        removed = 0
        for f in self.trash.iterdir():
            if f.is_file():
                if cutoff is not None and f.stat().st_mtime > cutoff:
                    continue
                try:
                    f.unlink()
                    removed += 1
                except OSError:
                    log.warning("could not remove %s from the trash", f, exc_info=True)
        return removed

    # ----------------------------------------------------------------- recovery

    def referenced_audio(self) -> set[Path]:
        rows = self._query("SELECT audio_path FROM takes WHERE audio_path IS NOT NULL")
        return {(self.paths.root / r[0]).resolve() for r in rows}

    def orphan_recordings(self) -> builtins.list[Path]:
        """Audio files in recordings/ that no take points at: what a crash leaves behind. Oldest first."""
        folder = self.paths.recordings
        if not folder.is_dir():
            return []
        known = self.referenced_audio()
        found = [
            p
            for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() in AUDIO_EXTENSIONS and p.resolve() not in known
        ]
        return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))

    # ----------------------------------------------------------------- stats

    def series(self, *, since: datetime | None = None, until: datetime | None = None) -> Series:
        """The chart's data, oldest first, as numpy arrays (one query, no JSON)."""
        where, params = self._range_sql(since, until)
        sql = (
            "SELECT id, created_at, overall, clarity, listener_focus, speech_seconds, target_seconds "
            f"FROM takes{where} ORDER BY created_at, id"
        )
        with self._lock:
            try:
                cur = self._conn.cursor()
                cur.row_factory = None
                rows = cur.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                log.exception("series query failed")
                raise StorageError(_user_message(exc, "read the history")) from exc
        # None (unscored) becomes NaN, which the chart leaves as a gap.
        arr = np.array(rows, dtype=float) if rows else np.empty((0, 7), dtype=float)
        return Series(
            ids=arr[:, 0].astype(np.int64),
            created_at=arr[:, 1],
            overall=arr[:, 2],
            clarity=arr[:, 3],
            listener_focus=arr[:, 4],
            speech_seconds=arr[:, 5],
            target_seconds=arr[:, 6],
        )

    def trend(self, metric: str = "overall", *, window: int = 5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(times, values, rolling median) for one of overall, clarity, listener_focus, speech_seconds."""
        s = self.series()
        if metric not in ("overall", "clarity", "listener_focus", "speech_seconds"):
            raise ValueError(f"unknown metric {metric!r}")
        values = getattr(s, metric)
        return s.created_at, values, rolling_median(values, window)

    def personal_bests(self) -> dict[str, Best]:
        """Highest overall, clarity and listener focus, each with the take that first reached it."""
        bests: dict[str, Best] = {}
        for metric in ("overall", "clarity", "listener_focus"):
            rows = self._query(
                f"SELECT {metric}, id, created_at FROM takes WHERE {metric} IS NOT NULL "
                f"ORDER BY {metric} DESC, created_at ASC, id ASC LIMIT 1"
            )
            if rows:
                bests[metric] = Best(float(rows[0][0]), int(rows[0][1]), _from_ts(rows[0][2]))
        return bests

    def streak(self, *, today: date | None = None, tz: tzinfo | None = None) -> Streak:
        """Days practised in a row, by the user's local calendar.

        A streak that ended yesterday still counts as current: the user may simply
        not have practised *yet* today.
        """
        now = self._clock()
        if tz is None:
            today = today or now.astimezone().date()
            # SQLite's 'localtime' is the same system zone Python's astimezone() uses; doing it
            # in SQL keeps 10,000 timestamps out of Python.
            rows = self._query("SELECT DISTINCT date(created_at, 'unixepoch', 'localtime') FROM takes")
            days = sorted(date.fromisoformat(r[0]) for r in rows)
        else:
            today = today or now.astimezone(tz).date()
            rows = self._query("SELECT created_at FROM takes")
            days = sorted({_from_ts(r[0]).astimezone(tz).date() for r in rows})
        if not days:
            return Streak(0, 0, None, False)
        longest = run = 1
        for prev, cur in zip(days, days[1:], strict=False):
            run = run + 1 if cur - prev == timedelta(days=1) else 1
            longest = max(longest, run)
        day_set = set(days)
        practised_today = today in day_set
        start = today if practised_today else today - timedelta(days=1)
        current = 0
        while start - timedelta(days=current) in day_set:
            current += 1
        return Streak(current=current, longest=longest, last_day=days[-1], practised_today=practised_today)

    def most_frequent_issue(self, last_n: int = 10) -> Issue | None:
        """The deduction rule that fired in the most of the last ``last_n`` scored takes.

        Ties go to the rule that cost more points in total.
        """
        recent = self._query(
            "SELECT id FROM takes WHERE gate IS NULL ORDER BY created_at DESC, id DESC LIMIT ?", (int(last_n),)
        )
        ids = [int(r[0]) for r in recent]
        if not ids:
            return None
        marks = ", ".join("?" * len(ids))
        rows = self._query(
            f"SELECT rule, COUNT(DISTINCT take_id) AS n, SUM(points) AS pts FROM take_deductions "
            f"WHERE take_id IN ({marks}) GROUP BY rule ORDER BY n DESC, pts DESC, rule LIMIT 1",
            ids,
        )
        if not rows:
            return None
        rule = rows[0]["rule"]
        tip_rows = self._query(
            f"SELECT d.tip FROM take_deductions AS d JOIN takes AS t ON t.id = d.take_id "
            f"WHERE d.rule = ? AND d.take_id IN ({marks}) ORDER BY t.created_at DESC LIMIT 1",
            [rule, *ids],
        )
        return Issue(
            rule=rule,
            label=rule_label(rule),
            takes_with_issue=int(rows[0]["n"]),
            takes_considered=len(ids),
            points_lost=float(rows[0]["pts"]),
            tip=tip_rows[0][0] if tip_rows else "",
        )


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, so each runs inside our own transaction.

    sqlite3's executescript() would COMMIT first, which would break the
    all-or-nothing migration. Our migrations contain no semicolons inside strings.
    """
    lines = [ln.split("--", 1)[0] for ln in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
