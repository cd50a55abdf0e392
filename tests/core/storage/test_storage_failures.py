"""A failed read or write of the history reads in the interface language (issue 25): every message is a
catalog message whose English is the text the store always gave, and whose Chinese has no English in it."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from pitchcoach.core.errors import friendly_message
from pitchcoach.core.messages import get_catalog
from pitchcoach.core.storage import StorageError
from pitchcoach.core.storage.failures import DOINGS, db_failure, doing_msg, file_failure

# The English the store gave before its texts moved into the catalog: it must not change.
ENGLISH = {
    "database or disk is full": "Could not save the take: the disk is full. Free some space and try again.",
    "database is locked": (
        "Could not save the take: the history database is busy (another PitchCoach window may be writing). "
        "Wait a moment and try again."
    ),
    "disk I/O error": (
        "Could not save the take: the history database could not be read or written (an input/output error). "
        "Check that the disk is connected and has space, then try again."
    ),
    "attempt to write a readonly database": (
        "Could not save the take: the data folder is read-only. Check its permissions."
    ),
    "no such table: takes": (
        "Could not save the take because of a database error (no such table: takes). Details are in the log file."
    ),
}
# The brand stays as it is in Chinese; any other Latin word is untranslated English.
LATIN = re.compile(r"(?!PitchCoach\b)\b[A-Za-z]{2,}")


@pytest.mark.parametrize("error", sorted(ENGLISH))
def test_a_database_failure_reads_the_same_in_english_and_fully_in_chinese(error: str) -> None:
    exc = StorageError(msg=db_failure(sqlite3.OperationalError(error), "save_take"))
    assert str(exc) == ENGLISH[error]
    chinese = friendly_message(exc, get_catalog("zh_CN"))
    assert "无法保存这次练习" in chinese, chinese
    # Only SQLite's own words quoted back for the log (the last case) may stay English.
    assert LATIN.findall(chinese.replace(error, "")) == [], chinese


def test_every_action_has_its_own_words_in_both_languages() -> None:
    en, zh = get_catalog("en"), get_catalog("zh_CN")
    for doing in sorted(DOINGS):
        m = doing_msg(doing, name="a.wav") if doing == "copy_recording" else doing_msg(doing)
        assert m.id in en and m.id in zh, doing
        assert LATIN.findall(zh.render(m).replace("a.wav", "")) == [], doing
    with pytest.raises(ValueError):
        doing_msg("save the take")  # an English phrase is not an action


def test_a_full_disk_while_writing_names_the_folder_in_either_language(tmp_path: Path) -> None:
    full = OSError(28, "No space left on device")
    exc = StorageError(msg=file_failure(full, doing_msg("save_recording"), tmp_path))
    assert str(exc) == (
        f"Could not save the recording: the disk is full (no room left in {tmp_path}). Nothing was left "
        "half-written. Free some disk space, then save again."
    )
    chinese = friendly_message(exc, get_catalog("zh_CN"))
    assert chinese.startswith("无法保存录音：磁盘已满") and str(tmp_path) in chinese, chinese
