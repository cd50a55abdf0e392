"""The history database: opening it, checking it, migrating it and backing it up.

One SQLite file under ``AppPaths.root``, in WAL mode with a busy timeout so two
PitchCoach processes can share it, and ``synchronous = FULL`` so a saved take
survives a power cut. The schema moves forward through numbered, append-only
migrations (``PRAGMA user_version``); before each step on a file that already holds
user data, a backup goes to ``AppPaths.backups``.

Only real damage moves a database aside: a file that *is* an SQLite database (its header says
so) and fails ``PRAGMA quick_check``. Any other failure while opening (an I/O error, an
unreadable ``-wal``, a read-only folder, a file that is not a database at all) is reported to the
user and nothing is moved: a passing fault must never hide a healthy history behind an empty one.

Every PitchCoach process holds a shared lock on ``<database>.lock`` for as long as it has the
database open. Setting a damaged file aside first takes that lock exclusively, so it never
happens under another process that is still writing to the file (it would go on writing into
the moved-away copy and report success). As a second guard, every write checks inside its
transaction that the file at the database path is still the one it opened.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pitchcoach.core.errors import UserFacingError
from pitchcoach.core.messages import Message, msg
from pitchcoach.core.paths import AppPaths, open_private
from pitchcoach.core.storage.failures import db_failure, no_room, sentences

try:
    import fcntl
except ImportError:  # Windows: an open SQLite file cannot be renamed or deleted there anyway
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

# What a column of a row can hold, as sqlite3 returns it.
SqlValue = int | float | str | bytes | None

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
    # 4: a take saved from its instant (live) result because the whole-file pass could not run
    # (the app quit between the two passes) is marked, so the next start finishes it.
    """
    ALTER TABLE takes ADD COLUMN quick_result INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX takes_quick_result ON takes(quick_result) WHERE quick_result = 1;
    """,
    # 5: the language each take was spoken in (issue 24: "en" or "zh"). Every take saved before
    # was English (the app could score nothing else). The history's covering index gains the column,
    # so the list and its language filter still never read the JSON.
    """
    ALTER TABLE takes ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
    CREATE INDEX takes_history_by_language ON takes(
        created_at, id, audio_seconds, speech_seconds, target_seconds, overall, clarity,
        listener_focus, band, gate, title, note, tags_json, language
    );
    DROP INDEX takes_history;
    """,
    # 6: drill takes (issue 27): the skill drilled (NULL for a full pitch), whether it passed, and the
    # verdict's why and evidence. The history's covering index is rebuilt with the drill columns, so the
    # list, the chart (which leaves drills out) and the stats still read only the index, never the JSON.
    """
    ALTER TABLE takes ADD COLUMN drill_skill TEXT;
    ALTER TABLE takes ADD COLUMN drill_passed INTEGER;
    ALTER TABLE takes ADD COLUMN drill_json TEXT;
    CREATE INDEX takes_history_with_drills ON takes(
        created_at, id, audio_seconds, speech_seconds, target_seconds, overall, clarity,
        listener_focus, band, gate, title, note, tags_json, language, drill_skill, drill_passed
    );
    DROP INDEX takes_history_by_language;
    """,
    # 7: what the take was practised for (issue 26). Every take made before scenarios existed was a
    # networking introduction scored by the rubric alone, which is what "networking" means now. The
    # history's covering index gains the column, so the list filtered by scenario still reads no JSON.
    """
    ALTER TABLE takes ADD COLUMN scenario TEXT NOT NULL DEFAULT 'networking';
    CREATE INDEX takes_history_by_scenario ON takes(
        created_at, id, audio_seconds, speech_seconds, target_seconds, overall, clarity,
        listener_focus, band, gate, title, note, tags_json, language, drill_skill, drill_passed, scenario
    );
    DROP INDEX takes_history_with_drills;
    """,
    # 8: a rehearsal's coverage of the script's key points (issue 26; NULL for a take not rehearsed), so
    # History shows rehearsal progress from its covering index without reading the result JSON. Takes
    # rehearsed before it have their coverage in that JSON: it is copied out once.
    """
    ALTER TABLE takes ADD COLUMN rehearsal_coverage INTEGER;
    UPDATE takes SET rehearsal_coverage = json_extract(result_json, '$.rehearsal.coverage')
        WHERE json_type(result_json, '$.rehearsal.coverage') = 'integer';
    CREATE INDEX takes_history_with_rehearsal ON takes(
        created_at, id, audio_seconds, speech_seconds, target_seconds, overall, clarity, listener_focus,
        band, gate, title, note, tags_json, language, drill_skill, drill_passed, scenario, rehearsal_coverage
    );
    DROP INDEX takes_history_by_scenario;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StorageError(UserFacingError):
    """A problem with the history database, worded for the user: what went wrong and what to do."""


class TakeNotFound(StorageError):
    """A take that another window (or an earlier action) removed. Each front end adds its own way to see
    the takes there are, so the app does not say "run pitchcoach history" and the CLI not "refresh the list"."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_ts(dt: datetime) -> float:
    """Unix seconds for the database; naive datetimes are refused (their zone is a guess)."""
    if dt.tzinfo is None:
        raise ValueError("datetimes passed to the store must be timezone-aware")
    return dt.timestamp()


def from_ts(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


SQLITE_HEADER = b"SQLite format 3\x00"
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if there still is one, without hiding the error that got us here.

    SQLite rolls a transaction back by itself on some errors (a full disk, an I/O error): a plain
    ROLLBACK then fails with "cannot rollback - no transaction is active", and that second error
    would replace the real one ("database or disk is full") in what the user is told.
    """
    if not conn.in_transaction:
        return
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        log.warning("rollback failed", exc_info=True)


def _unchanged(exc: sqlite3.Error, folder: Path) -> Message:
    return sentences(db_failure(exc, "open_history", folder), msg("storage.more.nothing_changed"))


def split_sql(script: str) -> list[str]:
    """Split a migration into statements, so each runs inside our own transaction.

    sqlite3's executescript() would COMMIT first, which would break the
    all-or-nothing migration. Our migrations contain no semicolons inside strings.
    """
    lines = [ln.split("--", 1)[0] for ln in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


# The name the v1 test-database generator has always imported.
_split_sql = split_sql


@dataclass
class OpenedDatabase:
    """A ready connection, and what opening it had to do (the UI tells the user)."""

    conn: sqlite3.Connection
    # Set when the database failed its integrity check and was moved aside.
    recovered_from: Path | None = None
    migrated_from: int | None = None
    backups_made: list[Path] = field(default_factory=list)
    # Held (shared) for as long as ``conn`` is open; release it after closing the connection.
    lock: ProcessLock | None = None
    # (st_dev, st_ino) of the file ``conn`` has open: a write checks the path still names it.
    identity: tuple[int, int] | None = None


def file_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


class ProcessLock:
    """A shared lock on ``<database>.lock`` while a process has the database open; exclusive to set it aside.

    ``flock`` locks belong to the open file, so they vanish when the process dies (kill -9
    included) and no stale lock file can ever block the user.
    """

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self._fd: int | None = None
        if fcntl is None:
            return
        fd = open_private(path, os.O_RDWR | os.O_CREAT)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                # Someone is setting a damaged file aside right now: that takes a moment.
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise StorageError(msg=msg("storage.more.repairing")) from None
                time.sleep(0.05)
        self._fd = fd

    def try_exclusive(self) -> bool:
        """True when no other process has the database open (the lock is then held exclusively)."""
        if fcntl is None or self._fd is None:
            return True
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def to_shared(self) -> None:
        if fcntl is not None and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing drops the flock
            self._fd = None


def lock_path(paths: AppPaths) -> Path:
    return paths.database.with_name(paths.database.name + ".lock")


def is_sqlite_file(path: Path) -> bool:
    """Whether the file starts with SQLite's header, i.e. really is a database (damaged or not)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def open_database(
    paths: AppPaths, *, busy_timeout: float = 5.0, clock: Callable[[], datetime] = utc_now
) -> OpenedDatabase:
    """Open (creating, repairing or migrating as needed) the history database at ``paths.database``.

    Raises :class:`StorageError` with a message for the user when it cannot be opened.
    """
    return _Opener(paths, busy_timeout, clock).open()


class _Opener:
    def __init__(self, paths: AppPaths, busy_timeout: float, clock: Callable[[], datetime]) -> None:
        self.paths = paths
        self.busy_timeout = busy_timeout
        self._clock = clock
        self.recovered_from: Path | None = None
        self.migrated_from: int | None = None
        self.backups_made: list[Path] = []

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

    def open(self) -> OpenedDatabase:
        db = self.paths.database
        try:
            if not db.exists():
                # Made here, 0600, so SQLite's -wal and -shm (which copy its mode) are private too.
                os.close(open_private(db, os.O_RDWR | os.O_CREAT))
            lock = ProcessLock(lock_path(self.paths), self.busy_timeout)
        except OSError as exc:
            log.exception("cannot create %s", db)
            raise StorageError(
                f"Cannot open the history database at {db} ({exc.strerror or exc}). Nothing was changed. "
                "Check that the folder is writable, or set PITCHCOACH_HOME to another folder.",
                msg("storage.cannot_open", db=str(db), reason=str(exc.strerror or exc)),
            ) from exc
        try:
            conn = self._open_checked(lock)
        except BaseException:
            lock.release()
            raise
        return OpenedDatabase(conn, self.recovered_from, self.migrated_from, self.backups_made, lock, file_identity(db))

    def _open_checked(self, lock: ProcessLock) -> sqlite3.Connection:
        db = self.paths.database
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            log.exception("cannot open %s", db)
            if no_room(db.parent):
                raise StorageError(msg=_unchanged(exc, db.parent)) from exc
            raise StorageError(
                f"Cannot open the history database at {db} ({exc}). Nothing was changed. "
                "Check that the folder is writable, or set PITCHCOACH_HOME to another folder.",
                msg("storage.cannot_open", db=str(db), reason=str(exc)),
            ) from exc
        try:
            problem = self._check_integrity(conn)
        except BaseException:
            conn.close()
            raise
        if problem is not None:
            conn.close()
            if not lock.try_exclusive():
                log.error("history database %s is damaged (%s) but open in another process", db, problem)
                raise StorageError(
                    f"The history database at {db} is damaged, and another PitchCoach window is still using it. "
                    "Nothing was moved. Close every PitchCoach window, then start PitchCoach again.",
                    msg("storage.damaged_in_use", db=str(db)),
                )
            try:
                self.recovered_from = self._move_aside(problem)
            except OSError as exc:
                log.exception("could not set %s aside", db)
                raise StorageError(
                    f"The history database at {db} is damaged and could not be set aside ({exc.strerror or exc}). "
                    "Nothing was deleted. Free some disk space or check the folder's permissions, then start again.",
                    msg("storage.set_aside_failed", db=str(db), reason=str(exc.strerror or exc)),
                ) from exc
            finally:
                lock.to_shared()
            os.close(open_private(db, os.O_RDWR | os.O_CREAT))
            conn = self._connect()
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")  # a saved take survives a power cut
            self._migrate(conn)
        except sqlite3.Error as exc:
            conn.close()
            log.exception("cannot prepare %s", db)
            raise StorageError(msg=_unchanged(exc, db.parent)) from exc
        return conn

    def _check_integrity(self, conn: sqlite3.Connection) -> str | None:
        """None if the file is healthy (or new); a description of the damage if it really is damaged.

        Raises StorageError (and nothing is moved) for every failure that is not proven damage.
        """
        db = self.paths.database
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
            if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) and is_sqlite_file(db):
                return str(exc)
            log.exception("cannot check %s", db)
            if code == _SQLITE_NOTADB:
                raise StorageError(
                    f"The file {db} is not a PitchCoach history database (another program may have written over "
                    "it). PitchCoach left it untouched. Move or rename it and PitchCoach will start a new "
                    "history; your recordings are kept.",
                    msg("storage.not_a_database", db=str(db)),
                ) from exc
            raise StorageError(msg=_unchanged(exc, db.parent)) from exc
        result = "; ".join(str(r[0]) for r in rows)
        return None if result == "ok" else result

    def _move_aside(self, problem: str) -> Path:
        """Copy the damaged file (and its -wal/-shm) aside, then remove the originals. Never deletes data
        that was not copied first; the caller holds the exclusive lock."""
        db = self.paths.database
        stamp = self._clock().strftime("%Y%m%d-%H%M%S")
        aside = db.with_name(f"{db.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = db.with_name(f"{db.name}.corrupt-{stamp}-{n}")
        log.error("history database %s failed its integrity check (%s); moved to %s", db, problem, aside)
        shutil.copy2(db, aside)
        sides = [(db.with_name(db.name + sfx), aside.with_name(aside.name + sfx)) for sfx in ("-wal", "-shm")]
        for side, copy in sides:
            if side.exists():
                shutil.copy2(side, copy)
        for side, _ in sides:
            if side.exists():
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
                f"knows {SCHEMA_VERSION}). Update PitchCoach to open it.",
                msg("storage.newer_schema", version=version, known=SCHEMA_VERSION),
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
                    for statement in split_sql(MIGRATIONS[version]):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {version + 1}")
                    log.info("history database migrated to schema %d", version + 1)
                conn.execute("COMMIT")
            except BaseException:
                rollback(conn)
                raise
            version = conn.execute("PRAGMA user_version").fetchone()[0]

    def _backup(self, conn: sqlite3.Connection, version: int) -> Path:
        stamp = self._clock().strftime("%Y%m%d-%H%M%S")
        dest = self.paths.backups / f"pitchcoach-v{version}-{stamp}.sqlite3"
        n = 1
        while dest.exists():
            n += 1
            dest = self.paths.backups / f"pitchcoach-v{version}-{stamp}-{n}.sqlite3"
        os.close(open_private(dest, os.O_RDWR | os.O_CREAT | os.O_EXCL))  # private, like the database
        target = sqlite3.connect(dest)
        try:
            conn.backup(target)
        finally:
            target.close()
        log.info("backed up schema %d database to %s", version, dest)
        return dest
