"""Errors the user may see, and the one place that turns any exception into words for them.

Every error class whose message is written for the user (what went wrong and the fix) derives
from :class:`UserFacingError`, so callers recognise them by type rather than by name. Anything
else is a bug or an unexpected environment problem: the user gets a generic message and the
details go to the log (callers log the traceback; this module only chooses the words).
"""

from __future__ import annotations

import logging

from pitchcoach.core.messages import Catalog, Message, english

GENERIC_MESSAGE = (
    "Something unexpected went wrong. Your recording is kept. Details are in the log file (Help ▸ Open log folder)."
)
OUT_OF_MEMORY_MESSAGE = "The computer ran out of memory while analysing. Close other programs and try again."


def portaudio_missing(feature: str) -> Message:
    """What the user reads when sounddevice cannot load PortAudio; ``feature`` is what needs it ("input" or
    "playback", device.feature.* in the catalog)."""
    return Message("device.portaudio_missing", {"feature": {"id": f"device.feature.{feature}", "args": {}}})


class UserFacingError(Exception):
    """Base of every error whose message is for the user: one or two sentences naming the problem and the fix."""

    def __init__(self, message: str = "", msg: Message | None = None) -> None:
        if not message and msg is not None:  # worded once, in the catalog: the English text is its English
            message = english().render(msg)
        super().__init__(message)
        self.message = message
        # The same words as a catalog message, for an interface in another language (issue 25); the
        # English text stays the exception's own, for the log and the CLI's English output.
        self.msg = msg


def friendly_message(exc: BaseException, catalog: Catalog | None = None) -> str:
    """What the user sees for an exception: never a traceback, never internals. With ``catalog``, in its
    language where the error carries a catalog message (English otherwise)."""
    if isinstance(exc, UserFacingError) and str(exc).strip():
        if catalog is not None and exc.msg is not None:
            return catalog.render(exc.msg, str(exc).strip())
        return str(exc).strip()
    if isinstance(exc, MemoryError):
        return catalog.text("errors.out_of_memory") if catalog is not None else OUT_OF_MEMORY_MESSAGE
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        if catalog is not None:
            return catalog.text("errors.file_access", where=where, reason=exc.strerror)
        return f"Could not access a file{where}: {exc.strerror}. Check that it exists and that you may read it."
    return catalog.text("errors.generic") if catalog is not None else GENERIC_MESSAGE


def log_failure(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """Log a failure by what it is: an expected user error (a file that isn't audio, a full disk, a
    bad export path) is an INFO line with its message and no traceback; anything else is a bug or an
    unexpected environment problem and is logged with the traceback."""
    if isinstance(exc, UserFacingError):
        logger.info("%s: %s", what, exc)
    else:
        logger.error("%s", what, exc_info=exc)
