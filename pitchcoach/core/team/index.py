"""Reading a team folder: an incremental index, and what is shown or ignored, each with a reason.

A team folder can hold 100,000 take files, so it is read incrementally: a local SQLite cache (in the
app's own data folder, never in the synced folder: SQLite must not sit on a synced or network folder)
remembers each file's size and modification time with what was read from it, and a rescan only reads
files whose (path, size, mtime) changed. Deleted files drop out of the cache.

Sync engines leave things behind, and people edit files. None of it may crash the reader, count a take
twice or hide one; each is shown or ignored and the log says why:

- temporary files of sync engines (``.syncthing.*.tmp``, ``~*.tmp``) and our own ``.part`` files: ignored;
- half-synced files (empty, cut-off JSON): ignored until complete (their size or mtime changes, so the
  next scan reads them again);
- conflict copies (``*.sync-conflict-*``, "(conflicted copy)"): read like any file, then the newest copy of
  a take is shown once and the others are ignored as duplicates;
- files of a newer format: ignored, "update to see it";
- files edited by hand (their digest no longer matches): shown, flagged as edited;
- anything that fails the schema, is too big, is a symlink, or sits in the wrong member's folder: ignored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from pitchcoach.core.paths import make_private_dirs, open_private
from pitchcoach.core.team import figures as figs
from pitchcoach.core.team import schema, summary
from pitchcoach.core.team.folder import (
    COACHES,
    COMMENTS,
    MEMBER_FILE,
    MEMBERS,
    TAKES,
    TOMBSTONES,
    TeamOffline,
    check_folder,
)
from pitchcoach.core.team.view import Skipped, TeamView

log = logging.getLogger(__name__)

CACHE_VERSION = 2  # 2: the visible and conflict columns and the issues table (core/team/figures.py)
BATCH = 2000  # files read per transaction: an interrupted first index keeps what it read


def temp_reason(name: str) -> str | None:
    """Why a file name is a temporary or partial file, or None."""
    if name.startswith(".syncthing.") and name.endswith(".tmp"):
        return "Syncthing temporary file (still arriving)"
    if name.startswith("~") and name.endswith(".tmp"):
        return "sync engine temporary file (still arriving)"
    if name.endswith((".part", ".partial", ".!sync", ".crdownload", ".tmp")):
        return "partial file (still being written or synced)"
    if name.startswith("."):
        return "hidden file"
    return None


def is_conflict_copy(name: str) -> bool:
    return ".sync-conflict-" in name or "conflicted copy" in name.lower() or "(conflict" in name.lower()


def read_shared_file(path: Path, limit: int) -> bytes:
    """Up to ``limit`` + 1 bytes of a regular file in the team folder, never through a link.

    Opened with O_NOFOLLOW and O_NONBLOCK and checked with fstat: a link planted in the folder must not
    make the app read a file of the user's, and a named pipe must not make a scan wait forever."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if path.is_symlink():
            raise schema.FormatError("a symbolic link (never followed out of the team folder)") from exc
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise schema.FormatError("not a regular file (a named pipe, a device or a folder)")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def cache_path(cache_dir: Path, folder: Path) -> Path:
    key = hashlib.sha256(str(folder.expanduser().absolute()).encode("utf-8")).hexdigest()[:16]
    return cache_dir / f"team-{key}.sqlite3"


_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    kind TEXT NOT NULL, reason TEXT, member TEXT, item TEXT,
    created REAL, shared REAL, level TEXT, language TEXT, scenario TEXT,
    overall INTEGER, clarity INTEGER, listener_focus INTEGER, seconds REAL, issues TEXT, edited INTEGER,
    extra TEXT, conflict INTEGER NOT NULL DEFAULT 0, visible INTEGER
)
"""


def _ts(x: float) -> datetime:
    return datetime.fromtimestamp(x, UTC)


class TeamIndex:
    """The cached index of one team folder. The app's workers each run on a thread of their own, so the
    connection may be used from any thread, one call at a time (the lock)."""

    def __init__(self, folder: Path, cache_dir: Path) -> None:
        self.folder = Path(folder)
        # It holds teammates' names, scores and comments: private like the rest of the data folder
        # (0700 folder, 0600 file; SQLite gives its journal the database file's mode).
        make_private_dirs(cache_dir)
        self.db_path = cache_path(cache_dir, self.folder)
        self._lock = threading.RLock()
        self._last: tuple[tuple[Skipped, ...], TeamView] | None = None  # (scan-time skips, view built)
        self._conn = self._open()

    def _create_private(self) -> None:
        os.close(open_private(self.db_path, os.O_WRONLY | os.O_CREAT))

    def _open(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = None
        try:
            self._create_private()
            conn = sqlite3.connect(self.db_path, isolation_level=None, check_same_thread=False)
            if conn.execute("PRAGMA user_version").fetchone()[0] != CACHE_VERSION:
                conn.execute("DROP TABLE IF EXISTS files")
                conn.execute("DROP TABLE IF EXISTS issues")
                conn.execute(f"PRAGMA user_version = {CACHE_VERSION}")
            conn.execute(_SCHEMA)
            conn.executescript(figs.ISSUES_SCHEMA)
            return conn
        except sqlite3.DatabaseError:
            # Only a cache: a damaged one is rebuilt from the folder.
            log.warning("team index cache %s is damaged; rebuilding it", self.db_path, exc_info=True)
            # Closed before the file goes: Windows cannot delete an open file, and on Linux the connection
            # (in a reference cycle, freed only by a garbage collection) would hold the deleted file open.
            if conn is not None:
                conn.close()
            self.db_path.unlink(missing_ok=True)
            self._create_private()
            conn = sqlite3.connect(self.db_path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA user_version = {CACHE_VERSION}")
            conn.execute(_SCHEMA)
            conn.executescript(figs.ISSUES_SCHEMA)
            return conn

    def close(self) -> None:
        self._conn.close()

    # -- scanning ---------------------------------------------------------------------------------

    def _candidates(self, skipped: list[Skipped]) -> Iterator[tuple[str, str, str, os.stat_result]]:
        """(relative path, kind, owner id, stat) of every file the layout allows; the rest goes to ``skipped``."""
        layout: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
            (MEMBERS, ((MEMBER_FILE, "member"), (TAKES, "take"), (TOMBSTONES, "tombstone"))),
            (COACHES, ((COMMENTS, "comment"),)),
        )
        for top, parts in layout:
            if (self.folder / top).is_symlink():
                skipped.append(Skipped(top, "a symbolic link (never followed out of the team folder)"))
                continue
            for owner in _entries(self.folder / top):
                rel_owner = f"{top}/{owner.name}"
                if not owner.is_dir(follow_symlinks=False):
                    skipped.append(Skipped(rel_owner, _name_reason(owner.name, "not a folder")))
                    continue
                if not schema.valid_id(owner.name):
                    skipped.append(Skipped(rel_owner, _name_reason(owner.name, "folder name is not a member id")))
                    continue
                for part, kind in parts:
                    if Path(owner.path, part).is_symlink():
                        skipped.append(
                            Skipped(f"{rel_owner}/{part}", "a symbolic link (never followed out of the team folder)")
                        )
                        continue
                    if part == MEMBER_FILE:
                        p = Path(owner.path, MEMBER_FILE)
                        try:
                            st = p.lstat()
                        except OSError:
                            continue
                        yield f"{rel_owner}/{MEMBER_FILE}", kind, owner.name, st
                        continue
                    for entry in _entries(Path(owner.path, part)):
                        rel = f"{rel_owner}/{part}/{entry.name}"
                        reason = temp_reason(entry.name)
                        if reason is None and kind == "take" and entry.name.endswith(".opus"):
                            continue  # a take's audio: checked when the take is opened
                        if reason is None and not entry.name.endswith(".json"):
                            reason = "not a PitchCoach file"
                        if reason is None and entry.is_symlink():
                            reason = "a symbolic link (never followed out of the team folder)"
                        if reason:
                            skipped.append(Skipped(rel, reason))
                            continue
                        try:
                            yield rel, kind, owner.name, entry.stat(follow_symlinks=False)
                        except OSError as exc:
                            skipped.append(Skipped(rel, f"cannot read ({exc.strerror})"))

    def refresh(self, progress: Callable[[int], None] | None = None) -> TeamView:
        """``progress`` is told how many changed files were read so far (every BATCH files), from this thread."""
        with self._lock:
            return self._refresh(progress)

    def scan(self, progress: Callable[[int], None] | None = None) -> TeamView:
        """Bring the cache up to date without building the view: what the Team page does before it asks for
        its figures (a view of 100,000 takes costs seconds to build, and the page never needs it). The
        result holds only ``skipped`` (found by this scan), ``files_read`` and ``offline``."""
        with self._lock:
            return self._refresh(progress, build=False)

    def take_comments(self, member: str, take: str) -> list[schema.Comment]:
        with self._lock:
            return figs.take_comments(self._conn, member, take)

    def figures(self, filters: summary.Filters, now: datetime, tz: tzinfo | None = None) -> figs.Figures:
        """The Team page's figures as of the last scan, from the cache alone (the folder is not read)."""
        with self._lock:
            return figs.figures(self._conn, filters, now, tz)

    def member_takes(self, member: str, filters: summary.Filters, tz: tzinfo | None = None) -> list[figs.TakeRow]:
        with self._lock:
            return figs.member_takes(self._conn, member, filters, tz)

    def _refresh(self, progress: Callable[[int], None] | None = None, build: bool = True) -> TeamView:
        """Bring the cache up to date with the folder and return what it holds. An offline folder gives
        the cached view with ``offline`` set, never an exception."""
        view = TeamView(self.folder)
        try:
            check_folder(self.folder)
        except TeamOffline as exc:
            log.warning("team folder offline: %s", exc)
            view.offline, view.offline_msg = str(exc), exc.msg
            return self._build(view) if build else view
        known = {r[0]: (r[1], r[2]) for r in self._conn.execute("SELECT path, size, mtime_ns FROM files")}
        seen: set[str] = set()
        self._conn.execute("BEGIN")
        try:
            for rel, kind, owner, st in self._candidates(view.skipped):
                seen.add(rel)
                if known.get(rel) == (st.st_size, st.st_mtime_ns):
                    continue
                view.files_read += 1
                self._read_one(rel, kind, owner, st)
                if view.files_read % BATCH == 0:
                    # Committed as it goes: a first index of 100,000 files that is stopped (the app quits)
                    # resumes where it was; the visibility is brought up to date at the end.
                    self._conn.execute("COMMIT")
                    self._conn.execute("BEGIN")
                    if progress is not None:
                        progress(view.files_read)
            gone = [p for p in known if p not in seen]
            self._conn.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in gone])
            self._conn.executemany("DELETE FROM issues WHERE path = ?", [(p,) for p in gone])
            # A take read by a scan that was stopped before its end is still undecided (NULL).
            undecided = self._conn.execute("SELECT 1 FROM files WHERE kind = 'take' AND visible IS NULL LIMIT 1")
            if view.files_read or gone or undecided.fetchone() is not None:
                figs.update_visibility(self._conn)
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        for s in view.skipped:
            log.info("team folder: ignored %s: %s", s.path, s.reason)
        scan_skips = tuple(view.skipped)
        if not build:
            if view.files_read or gone:
                self._last = None
            return view
        last = self._last
        if last is not None and not view.files_read and not gone and last[0] == scan_skips:
            # Nothing changed since the last scan in this process: the view built then still holds (building
            # it is most of a warm open's cost for a large team; the stat pass above is the rest).
            return replace(last[1], files_read=0)
        built = self._build(view)
        self._last = (scan_skips, built)
        return built

    def _read_one(self, rel: str, kind: str, owner: str, st: os.stat_result) -> None:
        row: dict[str, object] = {"path": rel, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "kind": kind}
        try:
            raw = read_shared_file(self.folder / rel, schema.MAX_JSON_BYTES[kind])
            row.update(_parsed(raw, kind, owner))
        except (OSError, schema.FormatError) as exc:
            reason = str(exc) if isinstance(exc, schema.FormatError) else f"cannot read ({exc})"
            row["reason"] = reason
            log.info("team folder: ignored %s: %s", rel, reason)
        else:
            if row.get("edited"):
                log.info("team folder: %s was edited by hand after it was shared; shown, marked edited", rel)
        issues = [(rel, rule, points) for rule, points in row.pop("issue_rows", ())]  # type: ignore[attr-defined]
        row["conflict"] = int(_is_conflict(rel))
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self._conn.execute(f"INSERT OR REPLACE INTO files ({cols}) VALUES ({marks})", tuple(row.values()))
        self._conn.execute("DELETE FROM issues WHERE path = ?", (rel,))
        self._conn.executemany("INSERT INTO issues (path, rule, points) VALUES (?, ?, ?)", issues)

    # -- the view -------------------------------------------------------------------------------------

    def _build(self, view: TeamView) -> TeamView:
        tombstones: dict[tuple[str, str], datetime] = {}
        takes: dict[tuple[str, str], list[tuple[str, schema.SharedTake]]] = {}
        comments: dict[str, tuple[str, schema.Comment]] = {}
        for r in self._conn.execute(
            "SELECT path, kind, reason, member, item, created, shared, level, language, scenario, overall, "
            "clarity, listener_focus, seconds, issues, edited, extra FROM files"
        ):
            path, kind, reason = r[0], r[1], r[2]
            if reason is not None:
                view.skipped.append(Skipped(path, reason))
            elif kind == "take":
                t = schema.SharedTake(
                    member=r[3], take=r[4], level=r[7], created_at=_ts(r[5]), shared_at=_ts(r[6]), language=r[8],
                    scenario=r[9], overall=r[10], clarity=r[11], listener_focus=r[12], audio_seconds=r[13],
                    issues=_issues_from(r[14]), edited=bool(r[15]),
                )  # fmt: skip
                takes.setdefault((t.member, t.take), []).append((path, t))
            elif kind == "tombstone":
                key = (r[3], r[4])
                tombstones[key] = max(_ts(r[6]), tombstones.get(key, _ts(0)))
            elif kind == "member":
                m = json.loads(r[16])
                member = schema.Member(r[3], m["name"], _ts(r[5]), bool(r[15]))
                if _is_conflict(path) and r[3] in view.members:
                    view.skipped.append(Skipped(path, "conflict copy of a member file; the original is used"))
                else:
                    view.members[r[3]] = member
            elif kind == "comment":
                c = json.loads(r[16])
                comment = schema.Comment(
                    coach=r[3], comment=c["comment"], coach_name=c["coach_name"], member=c["member"], take=r[4],
                    created_at=_ts(r[5]), text=c["text"], edited=bool(r[15]),
                )  # fmt: skip
                if comment.comment in comments:
                    view.skipped.append(Skipped(path, f"a second copy of comment {comment.comment} (conflict copy)"))
                    continue
                comments[comment.comment] = (path, comment)
        for key, copies in takes.items():
            # Newest share first; on a tie the original name beats a conflict copy.
            copies.sort(key=lambda pc: (pc[1].shared_at, not _is_conflict(pc[0])), reverse=True)
            (path, best), rest = copies[0], copies[1:]
            for other, _ in rest:
                view.skipped.append(Skipped(other, f"another copy of take {key[1]} (conflict copy); {path} is shown"))
            removed = tombstones.get(key)
            if removed is not None and removed >= best.shared_at:
                view.skipped.append(Skipped(path, f"unshared by its member on {removed:%Y-%m-%d %H:%M} UTC"))
                continue
            view.takes.append(best)
        view.takes.sort(key=lambda t: t.created_at)
        for _, c in sorted(comments.values(), key=lambda pc: pc[1].created_at):
            view.comments.setdefault((c.member, c.take), []).append(c)
        return view

    def cached_view(self) -> TeamView:
        """What the cache holds, without looking at the folder."""
        with self._lock:
            return self._build(TeamView(self.folder))

    def take_file(self, member: str, take: str) -> Path:
        """Where a shared take's file is; ids are checked so they cannot walk out of the folder."""
        if not (schema.valid_id(member) and schema.valid_id(take)):
            raise ValueError("not a shared take id")
        with self._lock:
            row = self._conn.execute(
                "SELECT path, shared FROM files WHERE kind = 'take' AND member = ? AND item = ? AND reason IS NULL "
                "ORDER BY shared DESC LIMIT 1",
                (member, take),
            ).fetchone()
        rel = row[0] if row else f"{MEMBERS}/{member}/{TAKES}/{take}.json"
        return self.folder / rel


def _is_conflict(path: str) -> bool:
    return is_conflict_copy(path.rsplit("/", 1)[-1])


def _name_reason(name: str, default: str) -> str:
    if is_conflict_copy(name):
        return "conflict copy of a whole folder; its files are not read"
    return temp_reason(name) or default


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return list(it)
    except FileNotFoundError:
        return []
    except OSError:
        log.warning("team folder: cannot list %s", folder, exc_info=True)
        return []


_ISSUES: dict[str, schema.Issue] = {}  # "rule=points" -> one shared Issue: a team repeats a few hundred


def _issues_from(text: str | None) -> tuple[schema.Issue, ...]:
    if not text:
        return ()
    out = []
    for part in text.split(";"):
        issue = _ISSUES.get(part)
        if issue is None:
            rule, _, pts = part.partition("=")
            issue = _ISSUES.setdefault(part, schema.Issue(rule, float(pts or 0)))
        out.append(issue)
    return tuple(out)


def _parsed(raw: bytes, kind: str, owner: str) -> dict[str, object]:
    """The cache columns for one file, or FormatError. ``owner`` is the id of the folder it lies in: a
    member can only write their own folder, so a file that claims another owner is refused."""
    if kind == "take":
        t = schema.read_take(raw)
        if t.member != owner:
            raise schema.FormatError(f"claims to be member {t.member}'s take but lies in {owner}'s folder")
        return {
            "member": t.member, "item": t.take, "created": t.created_at.timestamp(),
            "shared": t.shared_at.timestamp(), "level": t.level, "language": t.language, "scenario": t.scenario,
            "overall": t.overall, "clarity": t.clarity, "listener_focus": t.listener_focus,
            "seconds": t.audio_seconds, "issues": ";".join(f"{i.rule}={i.points:g}" for i in t.issues),
            "edited": int(t.edited), "issue_rows": [(i.rule, i.points) for i in t.issues],
        }  # fmt: skip
    if kind == "tombstone":
        s = schema.read_tombstone(raw)
        if s.member != owner:
            raise schema.FormatError(f"a tombstone for member {s.member} in {owner}'s folder")
        return {"member": s.member, "item": s.take, "shared": s.removed_at.timestamp()}
    if kind == "member":
        m = schema.read_member(raw)
        if m.member != owner:
            raise schema.FormatError(f"says it is member {m.member} but lies in {owner}'s folder")
        return {
            "member": m.member, "created": m.joined_at.timestamp(), "edited": int(m.edited),
            "extra": json.dumps({"name": m.name}),
        }  # fmt: skip
    c = schema.read_comment(raw)
    if c.coach != owner:
        raise schema.FormatError(f"a comment by {c.coach} in {owner}'s folder")
    return {
        "member": c.coach, "item": c.take, "created": c.created_at.timestamp(), "edited": int(c.edited),
        "extra": json.dumps({"comment": c.comment, "coach_name": c.coach_name, "member": c.member, "text": c.text}),
    }  # fmt: skip
