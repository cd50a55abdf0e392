"""The shared file format: what a member, a take, a tombstone and a comment file hold, and the checks a
file read from the team folder must pass before anything in it is used.

Everything in a team folder was written by another program on another machine (or by hand), so it is
untrusted input: each file is size-limited before it is parsed, must be one JSON object of a known kind,
every field is type- and range-checked, text is length-limited and ids must match ``ID_PATTERN`` (so an id
can never name a path outside its folder). A file of a *newer* major format is left alone with a reason,
never half-read.

The body of every file carries a ``digest``: the SHA-256 of its canonical JSON without the digest. A file
whose digest no longer matches was edited by hand after it was written; it is still shown (hiding data would
be worse) but flagged, and the log says so.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pitchcoach.core.messages import Message

FORMAT = 1  # the major version: a reader skips a file whose format is higher than this
KINDS = ("member", "take", "tombstone", "comment")
SHARE_LEVELS = ("none", "scores", "transcript", "audio")
SHARE_LEVEL_LABELS = {
    "none": "Nothing",
    "scores": "Scores and issues",
    "transcript": "Scores, issues and transcript",
    "audio": "Scores, issues, transcript and audio",
}

# Lower-case letters, digits and dashes, starting with a letter or digit: no dots, slashes or
# backslashes, so an id joined to a folder always stays inside that folder.
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
MAX_JSON_BYTES = {"member": 16_000, "take": 1_000_000, "tombstone": 4_000, "comment": 32_000}
MAX_AUDIO_BYTES = 5_000_000  # a 3-minute take in Opus at 32 kbit/s is ~0.7 MB
MAX_NAME_CHARS = 60
MAX_COMMENT_CHARS = 4_000
MAX_TEXT_CHARS = 20_000
MAX_WORDS = 5_000
MAX_ISSUES = 50
MAX_LABEL_CHARS = 40


class FormatError(ValueError):
    """A shared file that cannot be used; the message says which field and why (it goes to the log)."""


class NewerFormat(FormatError):
    """A file written by a newer PitchCoach: skipped, and the user is told to update."""


def valid_id(value: object) -> bool:
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest_of(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical({k: v for k, v in body.items() if k != "digest"})).hexdigest()


def sealed(body: dict[str, Any]) -> bytes:
    """The bytes written for ``body``: readable JSON with its digest added."""
    out = dict(body)
    out["format"] = FORMAT
    out["digest"] = digest_of(out)
    return json.dumps(out, sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8")


def iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(9999, 1, 1, tzinfo=UTC)


def parse_time(value: object, field: str) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise FormatError(f"{field} is not a time")
    try:
        ts = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise FormatError(f"{field} is not a time ({value[:40]!r})") from None
    if ts.tzinfo is None:
        raise FormatError(f"{field} has no time zone")
    try:
        ts = ts.astimezone(UTC)
    except OverflowError:  # 9999-12-31 at -10:00 is after the last time a datetime holds, in UTC
        ts = _EARLIEST - timedelta(days=1)
    # A day's margin inside what a datetime holds: every page shows these times in local time, and
    # 0001-01-01 UTC has no local time west of Greenwich (an OverflowError then, not a message).
    if not _EARLIEST <= ts <= _LATEST:
        raise FormatError(f"{field} is not a time ({value[:40]!r} is out of range)")
    return ts


def _text(d: dict[str, Any], key: str, limit: int, *, required: bool = True) -> str:
    value = d.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise FormatError(f"{key} is not text")
    if len(value) > limit:
        raise FormatError(f"{key} is longer than {limit} characters")
    return value


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # JSON allows an integer of hundreds of digits; no float holds it
        return False


def _number(d: dict[str, Any], key: str, lo: float, hi: float, *, required: bool = True) -> float | None:
    value = d.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not _finite(value):
        raise FormatError(f"{key} is not a number")
    if not lo <= value <= hi:
        raise FormatError(f"{key} is {value}, outside {lo:g}-{hi:g}")
    return float(value)


def _score(d: dict[str, Any], key: str) -> int | None:
    v = _number(d, key, 0, 100, required=False)
    return None if v is None else round(v)


def _id(d: dict[str, Any], key: str) -> str:
    value = d.get(key)
    if not valid_id(value):
        raise FormatError(f"{key} is not a valid id")
    return str(value)


def _display_name(d: dict[str, Any], key: str) -> str:
    name = _text(d, key, MAX_NAME_CHARS).strip()
    if not name or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in name):
        raise FormatError(f"{key} is empty or holds control characters")
    return name


@dataclass(frozen=True)
class Issue:
    rule: str
    points: float
    message: str = ""  # English, as every version wrote it
    tip: str = ""
    # The same as catalog messages (newer files): shown in the reader's interface language.
    msg: Message | None = None
    tip_msg: Message | None = None


# Slots, not frozen: the index builds 100,000 of these on a warm open of a large team, and a frozen
# dataclass's __init__ costs several times more (object.__setattr__ per field).
@dataclass(slots=True)
class SharedTake:
    member: str
    take: str
    level: str
    created_at: datetime
    shared_at: datetime
    language: str
    scenario: str
    overall: int | None
    clarity: int | None
    listener_focus: int | None
    audio_seconds: float
    issues: tuple[Issue, ...]
    transcript: str = ""
    words: tuple[tuple[str, float, float], ...] = ()
    audio_file: str = ""  # a bare file name beside the take file, never a path
    audio_sha256: str = ""
    edited: bool = False

    @property
    def top_issue(self) -> str | None:
        return self.issues[0].rule if self.issues else None


@dataclass(frozen=True)
class Member:
    member: str
    name: str
    joined_at: datetime
    edited: bool = False


@dataclass(frozen=True)
class Tombstone:
    member: str
    take: str
    removed_at: datetime


@dataclass(frozen=True)
class Comment:
    coach: str
    comment: str
    coach_name: str
    member: str
    take: str
    created_at: datetime
    text: str
    edited: bool = False


def decode(raw: bytes, kind: str) -> tuple[dict[str, Any], bool]:
    """Parse and check the envelope of one file of ``kind``: its size, JSON, format and kind. Returns the
    object and whether it was edited by hand (its digest does not match)."""
    if len(raw) > MAX_JSON_BYTES[kind]:
        raise FormatError(f"larger than the {MAX_JSON_BYTES[kind]:,} bytes a {kind} file may be")
    if not raw.strip():
        raise FormatError("empty (still being synced?)")
    try:
        d = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise FormatError(f"not complete JSON (half-synced or damaged: {str(exc)[:80]})") from None
    if not isinstance(d, dict):
        raise FormatError("not a JSON object")
    fmt = d.get("format")
    if isinstance(fmt, bool) or not isinstance(fmt, int):
        raise FormatError("format is missing")
    if fmt > FORMAT:
        raise NewerFormat(f"written by a newer PitchCoach (format {fmt}; this one reads {FORMAT}): update to see it")
    if d.get("kind") != kind:
        raise FormatError(f"kind is {str(d.get('kind'))[:20]!r}, expected {kind!r}")
    edited = d.get("digest") != digest_of(d)
    return d, edited


def read_member(raw: bytes) -> Member:
    d, edited = decode(raw, "member")
    return Member(_id(d, "member"), _display_name(d, "name"), parse_time(d.get("joined_at"), "joined_at"), edited)


def read_tombstone(raw: bytes) -> Tombstone:
    d, _ = decode(raw, "tombstone")
    return Tombstone(_id(d, "member"), _id(d, "take"), parse_time(d.get("removed_at"), "removed_at"))


def read_comment(raw: bytes) -> Comment:
    d, edited = decode(raw, "comment")
    text = _text(d, "text", MAX_COMMENT_CHARS).strip()
    if not text:
        raise FormatError("text is empty")
    return Comment(
        coach=_id(d, "coach"),
        comment=_id(d, "comment"),
        coach_name=_display_name(d, "coach_name"),
        member=_id(d, "member"),
        take=_id(d, "take"),
        created_at=parse_time(d.get("created_at"), "created_at"),
        text=text,
        edited=edited,
    )


# A shared message is another member's data: small and shallow, so rendering it cannot run away.
MAX_MESSAGE_CHARS = 4_000
# Nested objects and lists: the fillers message, the deepest core writes, has about a dozen.
MAX_MESSAGE_DEPTH = 24


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _message(item: dict[str, Any], key: str) -> Message | None:
    """An issue's text as a catalog message, or None (older files, or one that is not usable: the
    English text is shown then, so a bad message never costs the take)."""
    value = item.get(key)
    if value is None:
        return None
    try:
        size = len(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError):
        return None
    found = Message.from_dict(value)
    if found is None or size > MAX_MESSAGE_CHARS or _depth(value) > MAX_MESSAGE_DEPTH:
        return None
    return found if re.fullmatch(r"[a-z][a-z0-9_.]{0,99}", found.id) else None


def _issues(value: object, with_text: bool) -> tuple[Issue, ...]:
    if not isinstance(value, list) or len(value) > MAX_ISSUES:
        raise FormatError(f"issues is not a list of at most {MAX_ISSUES}")
    out = []
    for item in value:
        if not isinstance(item, dict):
            raise FormatError("an issue is not an object")
        rule = _text(item, "rule", MAX_LABEL_CHARS)
        if not re.fullmatch(r"[a-z][a-z0-9_]*", rule):
            raise FormatError("an issue's rule is not a rule id")
        points = _number(item, "points", 0, 100) or 0.0
        message = _text(item, "message", 2_000, required=False) if with_text else ""
        tip = _text(item, "tip", 2_000, required=False) if with_text else ""
        msgs = (_message(item, "msg"), _message(item, "tip_msg")) if with_text else (None, None)
        out.append(Issue(rule, points, message, tip, *msgs))
    return tuple(out)


def read_take(raw: bytes) -> SharedTake:
    d, edited = decode(raw, "take")
    level = d.get("level")
    if level not in SHARE_LEVELS[1:]:
        raise FormatError(f"level is {str(level)[:20]!r}, not one of {', '.join(SHARE_LEVELS[1:])}")
    with_text = level in ("transcript", "audio")
    scores = d.get("scores")
    if not isinstance(scores, dict):
        raise FormatError("scores is not an object")
    words: list[tuple[str, float, float]] = []
    transcript = ""
    if with_text:
        transcript = _text(d, "transcript", MAX_TEXT_CHARS)
        raw_words = d.get("words", [])
        if not isinstance(raw_words, list) or len(raw_words) > MAX_WORDS:
            raise FormatError(f"words is not a list of at most {MAX_WORDS}")
        for w in raw_words:
            if not (isinstance(w, list) and len(w) == 3 and isinstance(w[0], str) and len(w[0]) <= 100):
                raise FormatError("a word is not [text, start, end]")
            start = _number({"start": w[1]}, "start", 0, 36_000) or 0.0
            end = _number({"end": w[2]}, "end", 0, 36_000) or 0.0
            words.append((w[0], start, end))
    audio_file, audio_sha = "", ""
    if level == "audio":
        audio = d.get("audio")
        if not isinstance(audio, dict):
            raise FormatError("audio is missing")
        audio_file = _text(audio, "file", 80)
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}\.opus", audio_file):
            raise FormatError("audio.file is not a bare .opus file name")
        audio_sha = _text(audio, "sha256", 64)
    language = _text(d, "language", 8)
    if not re.fullmatch(r"[a-z]{2,3}", language):
        raise FormatError("language is not a language code")
    scenario = _text(d, "scenario", MAX_LABEL_CHARS, required=False) or "networking"
    return SharedTake(
        member=_id(d, "member"),
        take=_id(d, "take"),
        level=str(level),
        created_at=parse_time(d.get("created_at"), "created_at"),
        shared_at=parse_time(d.get("shared_at"), "shared_at"),
        language=language,
        scenario=scenario,
        overall=_score(scores, "overall"),
        clarity=_score(scores, "clarity"),
        listener_focus=_score(scores, "listener_focus"),
        audio_seconds=_number(d, "audio_seconds", 0, 36_000) or 0.0,
        issues=_issues(d.get("issues", []), with_text),
        transcript=transcript,
        words=tuple(words),
        audio_file=audio_file,
        audio_sha256=audio_sha,
        edited=edited,
    )
