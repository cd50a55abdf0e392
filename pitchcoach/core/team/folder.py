"""Writing into a team folder: the only place the app creates, replaces or removes shared files.

The app writes only inside its own folders, ``<team>/members/<member-id>/`` and
``<team>/coaches/<member-id>/`` (a comment is the commenter's file, never an edit of the member's), so
a sync engine never sees two machines write one file. Every file is written whole to a temporary
``.<name>.<random>.part`` beside it and renamed into place (``fileio.atomic_write_bytes``), so a peer
syncs either nothing or the complete file; the index ignores the ``.part`` names. A take file is never
edited: sharing again replaces it whole, and unsharing writes a tombstone first and then removes it, so a
peer that still has the old file (or gets it back from a third machine) knows it was withdrawn.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pitchcoach.core.errors import UserFacingError
from pitchcoach.core.fileio import atomic_write_bytes
from pitchcoach.core.messages import Message, msg
from pitchcoach.core.team import schema

log = logging.getLogger(__name__)

MEMBERS = "members"
COACHES = "coaches"
TAKES = "takes"
TOMBSTONES = "tombstones"
COMMENTS = "comments"
MEMBER_FILE = "member.json"


class TeamError(UserFacingError):
    """A team action that cannot be done; the message names the problem and the fix."""


class TeamOffline(TeamError):
    """The team folder is not there (a network share not mounted, a removed disk, a renamed folder)."""


def offline_message(folder: Path, why: str | Message) -> Message:
    """``why``: the system's reason (its own words), or a catalog message."""
    return msg("team_error.offline", folder=str(folder), why=why)


def check_folder(folder: Path) -> Path:
    """``folder`` if it is a readable folder now; TeamOffline (with the reason) if not."""
    try:
        if not folder.is_dir():
            why = msg("team_error.offline_missing" if not folder.exists() else "team_error.offline_not_folder")
            raise TeamOffline(msg=offline_message(folder, why))
        os.listdir(folder)
    except OSError as exc:
        raise TeamOffline(msg=offline_message(folder, exc.strerror or str(exc))) from exc
    return folder


def new_member_id() -> str:
    # Random, not derived from the name or the machine: ids are in file names every peer sees.
    return secrets.token_hex(8)


def valid_name(name: str) -> str:
    """The display name as it will be shared, or TeamError saying what is wrong with it."""
    name = " ".join(name.split())
    if not name:
        raise TeamError(msg=msg("team_error.name_empty"))
    if len(name) > schema.MAX_NAME_CHARS:
        raise TeamError(msg=msg("team_error.name_too_long", max=schema.MAX_NAME_CHARS))
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in name):
        raise TeamError(msg=msg("team_error.name_control"))
    return name


@dataclass(frozen=True)
class TeamConfig:
    """The user's team membership, kept in ``Settings.extra['team']``."""

    folder: Path
    name: str
    member_id: str
    share: str = "scores"

    def to_dict(self) -> dict[str, str]:
        return {"folder": str(self.folder), "name": self.name, "member_id": self.member_id, "share": self.share}

    @classmethod
    def from_extra(cls, extra: dict[str, Any]) -> TeamConfig | None:
        d = extra.get("team")
        if not isinstance(d, dict):
            return None
        folder, name, mid, share = d.get("folder"), d.get("name"), d.get("member_id"), d.get("share", "scores")
        if not (isinstance(folder, str) and folder and isinstance(name, str) and schema.valid_id(mid)):
            return None
        if share not in schema.SHARE_LEVELS:
            share = "scores"
        return cls(Path(folder), name, str(mid), str(share))


class TeamFolder:
    """One user's writes into a team folder."""

    def __init__(self, root: Path, member_id: str) -> None:
        if not schema.valid_id(member_id):
            raise TeamError(msg=msg("team_error.bad_member", member=member_id))
        self.root = Path(root)
        self.member_id = member_id

    @property
    def member_dir(self) -> Path:
        return self.root / MEMBERS / self.member_id

    @property
    def coach_dir(self) -> Path:
        return self.root / COACHES / self.member_id

    def take_file(self, take: str) -> Path:
        if not schema.valid_id(take):
            raise TeamError(msg=msg("team_error.bad_take", take=take))
        return self.member_dir / TAKES / f"{take}.json"

    def _no_links(self, path: Path) -> Path:
        """``path`` if no folder between the team folder and it is a symbolic link, else TeamError.

        Sync engines copy links as links (Syncthing does on Linux and macOS), so anyone in the team can
        plant ``members/<your id>/takes`` as a link to a folder of yours; following it would write and
        delete files outside the team folder. The team folder itself may be a link (the user chose it)."""
        folder = self.root
        for part in path.relative_to(self.root).parts[:-1]:
            folder = folder / part
            if folder.is_symlink():
                raise TeamError(msg=msg("team_error.link", folder=str(folder)))
        return path

    def _write(self, path: Path, data: bytes) -> None:
        check_folder(self.root)
        self._no_links(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, data)
        except OSError as exc:
            log.warning("writing %s failed", path, exc_info=True)
            raise TeamError(
                msg=msg("team_error.write_failed", folder=str(self.root), reason=str(exc.strerror or exc))
            ) from exc

    def join(self, name: str, now: datetime) -> None:
        body = {"kind": "member", "member": self.member_id, "name": valid_name(name), "joined_at": schema.iso(now)}
        self._write(self.member_dir / MEMBER_FILE, schema.sealed(body))

    def share(self, take: str, body: dict[str, Any], audio: bytes | None = None) -> Path:
        """Write one take's shared file (and its audio first, so the take never names a missing file)."""
        path = self.take_file(take)
        tombstone = self._no_links(self.member_dir / TOMBSTONES / f"{take}.json")
        self._no_links(path)  # checked before anything is written, so a refusal changes nothing
        if audio is not None:
            self._write(path.with_suffix(".opus"), audio)
        else:
            self._remove(path.with_suffix(".opus"))
        self._write(path, schema.sealed(body))
        # A take shared again after an unshare: its old tombstone must not hide it.
        self._remove(tombstone)
        return path

    def unshare(self, take: str, now: datetime) -> None:
        path = self._no_links(self.take_file(take))
        body = {"kind": "tombstone", "member": self.member_id, "take": take, "removed_at": schema.iso(now)}
        self._write(self.member_dir / TOMBSTONES / f"{take}.json", schema.sealed(body))
        self._remove(path)
        self._remove(path.with_suffix(".opus"))

    def shared_level(self, take: str) -> str:
        """The level this take is shared at now (read back from our own file), or "none"."""
        try:
            return schema.read_take(self.take_file(take).read_bytes()).level
        except (OSError, schema.FormatError):
            return "none"

    def comment(self, coach_name: str, member: str, take: str, text: str, now: datetime) -> str:
        text = text.strip()
        if not text:
            raise TeamError(msg=msg("team_error.comment_empty"))
        if len(text) > schema.MAX_COMMENT_CHARS:
            raise TeamError(msg=msg("team_error.comment_too_long", max=schema.MAX_COMMENT_CHARS))
        if not (schema.valid_id(member) and schema.valid_id(take)):
            raise TeamError(msg=msg("team_error.not_shared"))
        cid = f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"
        body = {
            "kind": "comment",
            "comment": cid,
            "coach": self.member_id,
            "coach_name": valid_name(coach_name),
            "member": member,
            "take": take,
            "created_at": schema.iso(now),
            "text": text,
        }
        self._write(self.coach_dir / COMMENTS / f"{cid}.json", schema.sealed(body))
        return cid

    def leave(self) -> int:
        """Remove everything in our member folder; returns how many files went. Comments we wrote as a
        coach stay: they are part of other members' takes."""
        check_folder(self.root)
        self._no_links(self.member_dir / MEMBER_FILE)
        if not self.member_dir.is_dir():
            return 0
        count = sum(len(files) for _, _, files in os.walk(self.member_dir))
        try:
            shutil.rmtree(self.member_dir)
        except OSError as exc:
            raise TeamError(
                msg=msg("team_error.leave_failed", folder=str(self.member_dir), reason=str(exc.strerror or exc))
            ) from exc
        return count

    def _remove(self, path: Path) -> None:
        self._no_links(path)
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise TeamError(
                msg=msg("team_error.remove_failed", name=path.name, reason=str(exc.strerror or exc))
            ) from exc
