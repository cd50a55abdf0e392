"""Shared by the team tests (core, CLI, UI, Syncthing): a team service on a test's own data folder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import SettingsStore
from pitchcoach.core.storage import TakeStore
from pitchcoach.core.team.service import TeamService
from tests.core.storage.helpers import Clock

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday


def make_service(home: Path, clock: Clock) -> TeamService:
    paths = app_paths(home).ensure()
    return TeamService(SettingsStore(paths.settings), paths.root / "team-cache", clock)


def make_store(home: Path, clock: Clock) -> TakeStore:
    return TakeStore(app_paths(home), clock=clock)
