"""Writing a report file: durable via ``core.fileio``, and every failure a message fit for the user."""

from __future__ import annotations

import errno
import logging
import os
import stat
from pathlib import Path

from pitchcoach.core import fileio
from pitchcoach.core.messages import Message, msg
from pitchcoach.core.report.model import ReportError

log = logging.getLogger(__name__)


def _write_error_message(err: OSError, path: Path) -> Message:
    folder = str(path.parent)
    if err.errno == errno.ENOSPC or err.errno == getattr(errno, "EDQUOT", -1):
        return msg("export_error.disk_full", name=path.name, folder=folder)
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        # On Windows a file open in a PDF viewer also refuses to be replaced, with the same error.
        return msg("export_error.no_permission", name=path.name, folder=folder)
    if err.errno == errno.ENOENT:
        if _exists_as_folder(path.parent):
            # e.g. /proc or /sys: the folder is there, but files cannot be made in it.
            return msg("export_error.system_folder", folder=folder)
        return msg("export_error.no_folder", folder=folder)
    if err.errno == errno.ENOTDIR:
        return msg("export_error.not_a_folder", folder=folder)
    if err.errno == errno.EISDIR:
        return msg("export_error.is_a_folder", path=str(path))
    if err.errno == errno.ENAMETOOLONG:
        name = path.name if len(path.name) <= 60 else path.name[:40] + "…" + path.name[-12:]
        return msg("export_error.name_too_long", name=name, length=len(path.name))
    return msg("export_error.other", path=str(path), reason=str(err.strerror or err))


def _exists_as_folder(folder: Path) -> bool:
    try:
        return folder.is_dir()
    except OSError:
        return False


_DATA_SUBFOLDERS = ("recordings", "logs", "backups", "trash", "lexicons")


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _stat(path: Path | str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _data_folders(root: Path) -> list[Path]:
    return [root, *(root / name for name in _DATA_SUBFOLDERS)]


def _owned_file_identities(root: Path) -> set[tuple[int, int]]:
    """(device, inode) of every file the app keeps: the database and its -wal/-shm, settings, stamps,
    set-aside copies, recordings (wherever recordings/ links to), logs, backups, trash, word lists."""
    found: set[tuple[int, int]] = set()
    for folder in _data_folders(root):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                found.add(_identity(entry.stat()))
            except OSError:
                continue
    return found


def _data_folder_refusal(root: Path) -> ReportError:
    return ReportError(msg=msg("export_error.data_folder", root=str(root)))


def check_outside_data_folder(path: Path | str, data_folder: Path | None) -> None:
    """Refuse a report path inside the app's data folder, or onto any file the app owns (ReportError).

    A report written there could replace the history database or a take's recording (the user
    picks any name in a save dialog or on the command line), so nothing is exported into it at all.
    Paths are compared by what they are, not how they are spelled: the target folder and the target
    file are compared by (device, inode) with the data folder, its folders and every file in them, so a
    symlink, a bind mount (``mount --bind``), a hard link or another letter case on a case-insensitive
    disk all lead to the same refusal (issue 23).
    """
    if data_folder is None:
        return
    target = Path(path).expanduser()
    root = Path(data_folder).expanduser()
    try:
        resolved, root_resolved = target.resolve(), root.resolve()
    except (OSError, RuntimeError):
        resolved, root_resolved = None, root  # a link loop or a name too long: the write says why
    if resolved is not None and (resolved == root_resolved or root_resolved in resolved.parents):
        raise _data_folder_refusal(root_resolved)
    parent = _stat(target.parent)
    if parent is not None:
        folders = {_identity(st) for st in map(_stat, _data_folders(root)) if st is not None}
        if _identity(parent) in folders:
            raise _data_folder_refusal(root_resolved)
    existing = _stat(target)
    if existing is not None and _identity(existing) in _owned_file_identities(root):
        raise _data_folder_refusal(root_resolved)


def _special_file_message(path: Path, st: os.stat_result) -> Message | None:
    """Why ``path`` must not be replaced by a report: it exists and is not an ordinary file."""
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return None
    kind = (
        "device"
        if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
        else "fifo"
        if stat.S_ISFIFO(st.st_mode)
        else "socket"
        if stat.S_ISSOCK(st.st_mode)
        else "special"
    )
    return msg("export_error.special_file", path=str(path), kind=msg(f"export_error.kind.{kind}"))


def write_report_bytes(path: Path | str, data: bytes, *, data_folder: Path | None = None) -> Path:
    """Write ``data`` to ``path`` so that the file is either complete or untouched.

    Raises ReportError naming the problem (full disk, no permission, missing folder, a path inside
    ``data_folder``...) and the fix.
    """
    check_outside_data_folder(path, data_folder)
    path = Path(path).expanduser()
    folder = path.parent
    existing = _stat(path)
    special = _special_file_message(path, existing) if existing is not None else None
    if special is not None:  # e.g. /dev/null or /dev/full as root: the rename would replace the device node
        raise ReportError(msg=special)
    try:
        # Checked up front so the user hears "is a folder" rather than whatever replace() fails with.
        if path.is_dir():
            raise ReportError(msg=_write_error_message(OSError(errno.EISDIR, "Is a directory"), path))
        if not folder.exists():
            raise ReportError(msg=_write_error_message(OSError(errno.ENOENT, "No such folder"), path))
        if not folder.is_dir():
            raise ReportError(msg=_write_error_message(OSError(errno.ENOTDIR, "Not a directory"), path))
    except OSError as err:  # a name too long even to look up, a loop of links, no permission to look
        raise ReportError(msg=_write_error_message(err, path)) from err
    try:
        return fileio.atomic_write_bytes(path, data)
    except OSError as err:
        # An expected fault (disk full, no permission): the ReportError carries it to the user and
        # to the log; a traceback here would only repeat it.
        log.info("Writing report to %s failed: %s", path, err)
        raise ReportError(msg=_write_error_message(err, path)) from err
