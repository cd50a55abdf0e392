"""Writing a report file: durable via ``core.fileio``, and every failure a message fit for the user."""

from __future__ import annotations

import errno
import logging
from pathlib import Path

from pitchcoach.core import fileio
from pitchcoach.core.report.model import ReportError

log = logging.getLogger(__name__)


def _write_error_message(err: OSError, path: Path) -> str:
    folder = path.parent
    if err.errno == errno.ENOSPC or err.errno == getattr(errno, "EDQUOT", -1):
        return (
            f"The disk is full: there was no room to save “{path.name}” in {folder}. "
            "Free some space or choose a folder on another drive. Nothing was written."
        )
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        # On Windows a file open in a PDF viewer also refuses to be replaced, with the same error.
        return (
            f"PitchCoach isn't allowed to write to {folder}. Choose a folder you own, such as your "
            f"Documents folder, and if “{path.name}” is open in another program, close it first."
        )
    if err.errno == errno.ENOENT:
        if _exists_as_folder(folder):
            # e.g. /proc or /sys: the folder is there, but files cannot be made in it.
            return (
                f"Files can't be created in {folder}: it is a special system folder, not one for documents. "
                "Choose a folder you own, such as your Documents folder."
            )
        return f"The folder {folder} doesn't exist. Choose an existing folder or create it first."
    if err.errno == errno.ENOTDIR:
        return f"{folder} is not a folder. Choose a folder to save the report in."
    if err.errno == errno.EISDIR:
        return f"{path} is a folder. Choose a file name for the report, e.g. “report.pdf”."
    if err.errno == errno.ENAMETOOLONG:
        name = path.name if len(path.name) <= 60 else path.name[:40] + "…" + path.name[-12:]
        return (
            f"The file name “{name}” is too long ({len(path.name)} characters; most systems allow 255, "
            "and fewer for a whole path). Choose a shorter name."
        )
    return f"Couldn't save the report to {path}: {err.strerror or err}. Choose another folder and try again."


def _exists_as_folder(folder: Path) -> bool:
    try:
        return folder.is_dir()
    except OSError:
        return False


def check_outside_data_folder(path: Path | str, data_folder: Path | None) -> None:
    """Refuse a report path inside the app's data folder (ReportError).

    A report written there could replace the history database or a take's recording (the user
    picks any name in a save dialog or on the command line), so nothing is exported into it at all.
    Symlinks are resolved first, so a link from elsewhere into the folder is caught too.
    """
    if data_folder is None:
        return
    try:
        target = Path(path).expanduser().resolve()
        root = Path(data_folder).expanduser().resolve()
    except (OSError, RuntimeError):
        return  # unresolvable (too long, a link loop): the write itself will fail with its own message
    if target == root or root in target.parents:
        raise ReportError(
            f"Reports can't be saved inside PitchCoach's data folder ({root}): a report there could overwrite "
            "your history or a recording. Choose another folder, such as your Documents folder."
        )


def write_report_bytes(path: Path | str, data: bytes, *, data_folder: Path | None = None) -> Path:
    """Write ``data`` to ``path`` so that the file is either complete or untouched.

    Raises ReportError naming the problem (full disk, no permission, missing folder, a path inside
    ``data_folder``...) and the fix.
    """
    check_outside_data_folder(path, data_folder)
    path = Path(path).expanduser()
    folder = path.parent
    try:
        # Checked up front so the user hears "is a folder" rather than whatever replace() fails with.
        if path.is_dir():
            raise ReportError(_write_error_message(OSError(errno.EISDIR, "Is a directory"), path))
        if not folder.exists():
            raise ReportError(_write_error_message(OSError(errno.ENOENT, "No such folder"), path))
        if not folder.is_dir():
            raise ReportError(_write_error_message(OSError(errno.ENOTDIR, "Not a directory"), path))
    except OSError as err:  # a name too long even to look up, a loop of links, no permission to look
        raise ReportError(_write_error_message(err, path)) from err
    try:
        return fileio.atomic_write_bytes(path, data)
    except OSError as err:
        # An expected fault (disk full, no permission): the ReportError carries it to the user and
        # to the log; a traceback here would only repeat it.
        log.info("Writing report to %s failed: %s", path, err)
        raise ReportError(_write_error_message(err, path)) from err
