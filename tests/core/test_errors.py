"""Errors written for the user are recognised by type, not by class name; everything else gets a generic message."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import pitchcoach.core
from pitchcoach.core.audio import AudioError
from pitchcoach.core.errors import GENERIC_MESSAGE, UserFacingError, friendly_message
from pitchcoach.core.model import ModelError
from pitchcoach.core.playback import PlaybackError
from pitchcoach.core.recorder import RecorderError
from pitchcoach.core.report import ReportError
from pitchcoach.core.storage import StorageError

CORE_ERRORS = [ModelError, AudioError, RecorderError, StorageError, ReportError, PlaybackError]


@pytest.mark.parametrize("cls", CORE_ERRORS)
def test_every_core_error_is_user_facing_and_shown_as_written(cls):
    exc = cls(f"{cls.__name__} happened. Do this to fix it.")
    assert isinstance(exc, UserFacingError)
    assert friendly_message(exc) == f"{cls.__name__} happened. Do this to fix it."


def test_every_exception_class_defined_in_core_is_user_facing():
    """A new error class in core must opt into the base, or its message would never reach the user."""
    found = []
    for info in pkgutil.walk_packages(pitchcoach.core.__path__, "pitchcoach.core."):
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__ == module.__name__:
                found.append(obj)
    assert set(CORE_ERRORS) <= set(found)
    # Control flow inside one module, never raised past it: the model wrapper ends a decode with it
    # and catches it in the same class (test_transcribe.py decodes through that path).
    from pitchcoach.core.model import _RemainderSkipped
    from pitchcoach.core.team.schema import FormatError, NewerFormat

    # A team-folder file that cannot be used is skipped with its reason in the log, never shown as an
    # error: the index and the service catch these where they read the folder.
    internal = {_RemainderSkipped, FormatError, NewerFormat}
    assert [c for c in found if not issubclass(c, UserFacingError) and c not in internal] == []


def test_subclasses_are_recognised_by_type_not_by_name():
    class DatabaseLocked(StorageError):
        pass

    assert friendly_message(DatabaseLocked("The history is locked by another PitchCoach. Close it.")) == (
        "The history is locked by another PitchCoach. Close it."
    )


def test_a_foreign_class_with_a_core_name_is_not_trusted():
    # The old mapping matched class-name strings, so any library's "ModelError" leaked its text.
    foreign = type("ModelError", (Exception,), {})
    msg = friendly_message(foreign("tensor shape (1, 80, 3000) mismatch in layer 3"))
    assert msg == GENERIC_MESSAGE and "tensor" not in msg


def test_unknown_and_empty_errors_get_the_generic_message():
    assert friendly_message(KeyError("transcript_json")) == GENERIC_MESSAGE
    assert friendly_message(ValueError("secret internals")) == GENERIC_MESSAGE
    assert friendly_message(StorageError("   ")) == GENERIC_MESSAGE


def test_memory_and_file_access_errors_get_their_own_words():
    assert "memory" in friendly_message(MemoryError()).lower()
    msg = friendly_message(PermissionError(13, "Permission denied", "/data/x.wav"))
    assert "Permission denied" in msg and "/data/x.wav" in msg


def test_log_failure_keeps_tracebacks_for_bugs_only(caplog):
    import logging

    from pitchcoach.core.audio import AudioError
    from pitchcoach.core.errors import log_failure

    logger = logging.getLogger("pitchcoach.test")
    with caplog.at_level(logging.INFO, logger="pitchcoach.test"):
        log_failure(logger, "opening notes.wav", AudioError("notes.wav is a text file, not a recording."))
        try:
            raise KeyError("bug")
        except KeyError as e:
            log_failure(logger, "analysis", e)
    user, bug = caplog.records
    assert (user.levelno, user.exc_info) == (logging.INFO, None)
    assert "not a recording" in user.getMessage()
    assert bug.levelno == logging.ERROR and bug.exc_info is not None
