"""The team feature as the app and the command line use it: joining, leaving, sharing, reading.

Built once (by the app object or a CLI command) with the settings store and the local cache folder, and
passed to whoever needs it. The membership lives in ``Settings.extra['team']``; the index cache in the
app's data folder (``<data>/team-cache``), never in the team folder.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from pitchcoach.core.messages import msg
from pitchcoach.core.settings import SettingsStore
from pitchcoach.core.storage.database import utc_now
from pitchcoach.core.storage.records import Take
from pitchcoach.core.team import schema
from pitchcoach.core.team.folder import (
    TeamConfig,
    TeamError,
    TeamFolder,
    TeamOffline,
    check_folder,
    new_member_id,
    valid_name,
)
from pitchcoach.core.team.index import TeamIndex, TeamView, read_shared_file
from pitchcoach.core.team.pending import PendingShares
from pitchcoach.core.team.share import share_take, take_uid

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenedTake:
    take: schema.SharedTake  # the full file: transcript and words when shared at that level
    audio: Path | None  # the Opus file, when shared and intact
    comments: list[schema.Comment]
    note: str = ""  # why the audio or the file is not shown, for the page


class SharePending(TeamOffline):
    """The team folder is offline: the take's sharing choice is queued and done when the folder is back."""


class TeamService:
    def __init__(self, settings: SettingsStore, cache_dir: Path, clock: Callable[[], datetime] = utc_now) -> None:
        self.settings = settings
        self.cache_dir = cache_dir
        self._clock = clock
        self._index: TeamIndex | None = None
        # The Team page asks for its figures and starts its scan on two workers at once: one index, made once.
        self._index_lock = threading.Lock()
        self.pending = PendingShares(cache_dir / "share-later.json")

    @property
    def config(self) -> TeamConfig | None:
        return TeamConfig.from_extra(self.settings.value.extra)

    def _save(self, cfg: TeamConfig | None) -> None:
        extra = dict(self.settings.value.extra)
        if cfg is None:
            extra.pop("team", None)
        else:
            extra["team"] = cfg.to_dict()
        self.settings.update(extra=extra)

    def _folder(self) -> TeamFolder:
        cfg = self.config
        if cfg is None:
            raise TeamError(msg=msg("team_error.not_joined"))
        return TeamFolder(cfg.folder, cfg.member_id)

    def join(self, folder: Path, name: str, share: str = "scores") -> TeamConfig:
        if share not in schema.SHARE_LEVELS:
            raise TeamError(msg=msg("team_error.bad_level", level=share, levels=", ".join(schema.SHARE_LEVELS)))
        folder = Path(folder).expanduser().absolute()
        check_folder(folder)
        name = valid_name(name)
        old = self.config
        # Joining the same folder again (a new name or level) keeps the member id, so earlier takes stay yours.
        member_id = old.member_id if old is not None and old.folder == folder else new_member_id()
        cfg = TeamConfig(folder, name, member_id, share)
        TeamFolder(folder, member_id).join(name, self._clock())
        self._save(cfg)
        self._close_index()
        return cfg

    def set_share_level(self, level: str) -> None:
        cfg = self.config
        if cfg is None or level not in schema.SHARE_LEVELS:
            return
        self._save(replace(cfg, share=level))

    def leave(self) -> int:
        """Remove our member folder's contents (the caller has confirmed), then forget the team."""
        removed = self._folder().leave()
        self._save(None)
        self.pending.clear()  # nothing queued may be shared into a team the user left
        self._close_index()
        return removed

    def share(self, take: Take, level: str | None = None) -> str | None:
        """Share ``take`` at ``level`` (default: the Settings default). Returns the shared id or None."""
        cfg = self.config
        if cfg is None:
            return None
        level = level or cfg.share
        try:
            uid = share_take(self._folder(), take, level, self._clock())
        except TeamOffline as exc:
            self.pending.put(take.id, level)
            log.info("team folder offline: take %s queued to share at %r when it is back", take.id, level)
            raise SharePending(
                msg=msg("team_error.share_pending", offline=exc.msg, level=msg(f"team_error.level.{level}"))
            ) from exc
        self.pending.drop(take.id)  # a choice made now replaces one queued earlier
        return uid

    def level_of(self, take: Take) -> str:
        """The take's level in the team folder, or "pending:<level>" while a choice waits for the folder."""
        cfg = self.config
        if cfg is None:
            return "none"
        queued = self.pending.load().get(take.id)
        if queued is not None:
            return f"pending:{queued}"
        return self._folder().shared_level(take_uid(take))

    def share_pending(self, get_take: Callable[[int], Take | None]) -> int:
        """Share what was queued while the folder was offline, if it is back. Returns how many were shared
        (0, quietly, while it is still offline). ``get_take`` reads a take from the local history (None
        when the user deleted it meanwhile: then it is dropped)."""
        cfg = self.config
        queue = self.pending.load()
        if cfg is None or not queue:
            return 0
        try:
            check_folder(cfg.folder)
        except TeamOffline:
            return 0
        done = 0
        for take_id, level in queue.items():
            take = get_take(take_id)
            try:
                if take is not None:
                    share_take(self._folder(), take, level, self._clock())
                    done += 1
            except TeamOffline:
                break  # gone again: the rest stays queued
            except TeamError as exc:
                log.warning("queued share of take %s dropped: %s", take_id, exc)
            self.pending.drop(take_id)
        if done:
            log.info("team folder back: %d queued take(s) shared", done)
        return done

    def comment(self, member: str, take: str, text: str) -> str:
        cfg = self.config
        if cfg is None:
            raise TeamError(msg=msg("team_error.comment_needs_join"))
        return self._folder().comment(cfg.name, member, take, text, self._clock())

    def index(self, folder: Path | None = None) -> TeamIndex:
        folder = folder or (self.config.folder if self.config else None)
        if folder is None:
            raise TeamError(msg=msg("team_error.no_folder"))
        with self._index_lock:
            if self._index is None or self._index.folder != folder:
                self._close_index()
                self._index = TeamIndex(folder, self.cache_dir)
            return self._index

    def refresh(self, folder: Path | None = None) -> TeamView:
        return self.index(folder).refresh()

    def open_take(self, member: str, take: str) -> OpenedTake:
        """The full shared take with its audio and comments; TeamError with the reason if it cannot be read."""
        index = self.index()
        path = index.take_file(member, take)
        try:
            shared = schema.read_take(read_shared_file(path, schema.MAX_JSON_BYTES["take"]))
        except FileNotFoundError:
            raise TeamError(msg=msg("team_error.take_gone")) from None
        except OSError as exc:
            raise TeamError(msg=msg("team_error.take_unreadable", reason=str(exc.strerror or exc))) from exc
        except schema.FormatError as exc:
            raise TeamError(msg=msg("team_error.take_unusable", reason=str(exc))) from exc
        audio, note = None, ""
        if shared.audio_file:
            audio, note = _checked_audio(path.parent / shared.audio_file, shared.audio_sha256)
        # The comments as of the last scan: opening a take must not wait for a rescan of the whole folder.
        comments = index.take_comments(member, take)
        return OpenedTake(shared, audio, comments, note)

    def _close_index(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    def close(self) -> None:
        self._close_index()


def _checked_audio(path: Path, sha256: str) -> tuple[Path | None, str]:
    try:
        data = read_shared_file(path, schema.MAX_AUDIO_BYTES)
        if len(data) > schema.MAX_AUDIO_BYTES:
            return None, "The shared recording is larger than a take's recording can be, so it is not played."
        digest = hashlib.sha256(data).hexdigest()
    except FileNotFoundError:
        return None, "The recording has not arrived yet (still syncing)."
    except OSError as exc:
        return None, f"The recording cannot be read ({exc.strerror or exc})."
    except schema.FormatError as exc:
        return None, f"The recording is not played: it is {exc}."
    if digest != sha256:
        return None, "The recording is incomplete or was changed after it was shared, so it is not played."
    return path, ""
