"""What one scan of the team folder found: the members, their shared takes and comments, and what was skipped.

Its own module so that summary.py (which reads a view) and index.py (which builds one and calls summary's
filters) do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pitchcoach.core.messages import Message
from pitchcoach.core.team import schema


@dataclass(frozen=True)
class Skipped:
    path: str  # relative to the team folder
    reason: str


@dataclass
class TeamView:
    """Everything the Team page, the summary and the report read, as of one scan."""

    folder: Path
    members: dict[str, schema.Member] = field(default_factory=dict)
    takes: list[schema.SharedTake] = field(default_factory=list)  # summaries: no transcript or words
    comments: dict[tuple[str, str], list[schema.Comment]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    offline: str | None = None  # the message when the folder could not be read (cached data shown)
    offline_msg: Message | None = None  # the same, to show in the interface language
    files_read: int = 0  # files parsed by this scan (the rest came from the cache)

    def member_name(self, member: str) -> str:
        m = self.members.get(member)
        return m.name if m else f"Member {member[:6]}"
