"""Two members and a coach share one team folder through real Syncthing (Debian package ``syncthing``).

Three Syncthing instances run on loopback, each with its own config folder, its own copy of the team
folder and no discovery, relays or NAT, so nothing leaves the machine; the test starts and stops them.
Each write is followed by a rescan request through Syncthing's REST API (its file watcher waits seconds
before it notices), and each check polls the receiving side's index until it sees the change: sync
takes the time it takes, and the timeout only bounds a failure.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pitchcoach.core.team.service import TeamService
from tests.core.team.helpers import make_service, make_store

pytestmark = pytest.mark.integration

FOLDER_ID = "pitchcoach-team"
SYNC_TIMEOUT = 40.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Peer:
    name: str
    home: Path  # Syncthing's config folder
    folder: Path  # this machine's copy of the team folder
    device_id: str
    listen: int
    gui: int
    apikey: str
    proc: subprocess.Popen[bytes] | None = None

    def api(self, method: str, path: str) -> bytes:
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.gui}{path}", method=method, headers={"X-API-Key": self.apikey}
        )
        with urllib.request.urlopen(req, timeout=5) as resp:
            return bytes(resp.read())

    def scan(self) -> None:
        self.api("POST", f"/rest/db/scan?folder={FOLDER_ID}")


def _config(me: Peer, peers: list[Peer]) -> str:
    folder_devices = "".join(f'<device id="{p.device_id}" introducedBy=""></device>' for p in peers)
    devices = "".join(
        f'<device id="{p.device_id}" name="{p.name}" compression="metadata" introducer="false">'
        f"<address>tcp://127.0.0.1:{p.listen}</address><autoAcceptFolders>false</autoAcceptFolders></device>"
        for p in peers
    )
    return f"""<configuration version="36">
    <folder id="{FOLDER_ID}" label="team" path="{me.folder}" type="sendreceive" rescanIntervalS="3600"
            fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>{folder_devices}
        <minDiskFree unit="%">0</minDiskFree>
    </folder>
    {devices}
    <gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:{me.gui}</address>
        <apikey>{me.apikey}</apikey>
        <theme>default</theme>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{me.listen}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <startBrowser>false</startBrowser>
        <minHomeDiskFree unit="%">0</minHomeDiskFree>
        <setLowPriority>false</setLowPriority>
    </options>
</configuration>
"""


@pytest.fixture
def syncthing(tmp_path: Path) -> Iterator[dict[str, Peer]]:
    exe = shutil.which("syncthing")
    assert exe, "Syncthing is not installed: run scripts/system-deps.sh test (it installs the Debian package)"
    env = {**os.environ, "HOME": str(tmp_path), "STNOUPGRADE": "1", "STNORESTART": "1"}
    peers = []
    for name in ("ann", "ben", "coach"):
        home, folder = tmp_path / f"st-{name}", tmp_path / f"team-{name}"
        folder.mkdir()
        (folder / ".stfolder").mkdir()  # Syncthing's marker: it refuses to sync a folder without it
        subprocess.run(
            [exe, "generate", f"--home={home}", "--no-default-folder"], env=env, check=True, capture_output=True
        )
        device = subprocess.run(
            [exe, f"--home={home}", "--device-id"], env=env, check=True, capture_output=True, text=True
        ).stdout.strip()
        peers.append(Peer(name, home, folder, device, _free_port(), _free_port(), secrets.token_hex(16)))
    for p in peers:
        (p.home / "config.xml").write_text(_config(p, peers))
        p.proc = subprocess.Popen(
            [exe, "serve", f"--home={p.home}", "--no-browser", "--no-restart", f"--logfile={p.home / 'log.txt'}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        for p in peers:
            _wait(lambda p=p: _up(p), f"Syncthing {p.name} did not start", watch=p)
        yield {p.name: p for p in peers}
    finally:
        for p in peers:
            if p.proc is not None:
                p.proc.terminate()
        for p in peers:
            if p.proc is not None:
                try:
                    p.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.proc.kill()
                    p.proc.wait()


def _up(p: Peer) -> bool:
    try:
        return b"myID" in p.api("GET", "/rest/system/status")
    except OSError:
        return False


def _wait(ready: Callable[[], bool], what: str, *, watch: Peer, timeout: float = SYNC_TIMEOUT) -> None:
    """Until ``ready()``. Between checks it blocks on what can change the answer instead of sleeping:
    Syncthing's event stream of ``watch`` (a long poll that returns as soon as the peer logs an event),
    or, before a peer serves its API, the peer's process (which fails the wait at once if it exits)."""
    deadline = time.monotonic() + timeout
    since = 0
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {timeout:g} s")
        if _up(watch):
            events = json.loads(watch.api("GET", f"/rest/events?since={since}&timeout=1&limit=50") or b"[]")
            since = max([since, *(int(e["id"]) for e in events)])
        elif watch.proc is not None:
            try:
                code = watch.proc.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                continue
            raise AssertionError(f"{what}: Syncthing {watch.name} exited with status {code}")


def _connected(p: Peer) -> int:
    conns = json.loads(p.api("GET", "/rest/system/connections"))["connections"]
    return sum(1 for c in conns.values() if c.get("connected"))


def test_two_members_and_a_coach_share_through_real_syncthing(syncthing, tmp_path, clock, team_analyses, fixtures_dir):
    peers = syncthing
    _wait(
        lambda: all(_connected(p) == 2 for p in peers.values()),
        "the three Syncthing peers did not connect",
        watch=peers["coach"],
    )
    services: dict[str, TeamService] = {}
    shared: dict[str, str] = {}
    takes = {}
    for name, clip, level in (("ann", "great_pitch", "audio"), ("ben", "filler_heavy", "transcript")):
        svc = make_service(tmp_path / f"home-{name}", clock)
        svc.join(peers[name].folder, name.title(), level)
        store = make_store(tmp_path / f"home-{name}", clock)
        takes[name] = store.save_take(team_analyses[clip], fixtures_dir / f"{clip}.wav")
        store.close()
        uid = svc.share(takes[name])
        assert uid is not None
        shared[name] = uid
        services[name] = svc
        peers[name].scan()
    coach = make_service(tmp_path / "home-coach", clock)
    coach.join(peers["coach"].folder, "Coach Carol", "none")
    peers["coach"].scan()
    try:
        # The coach sees both members' takes, with their names and Ann's audio.
        def coach_sees_both() -> bool:
            v = coach.refresh()
            return sorted(t.take for t in v.takes) == sorted(shared.values()) and {"Ann", "Ben"} <= {
                m.name for m in v.members.values()
            }

        _wait(coach_sees_both, "the coach did not receive both members' takes", watch=peers["coach"])
        view = coach.refresh()
        assert len(view.takes) == 2  # Syncthing's temporary files were never counted
        ann_id = services["ann"].config.member_id
        _wait(
            lambda: coach.open_take(ann_id, shared["ann"]).audio is not None,
            "Ann's audio did not arrive",
            watch=peers["coach"],
        )
        assert coach.open_take(ann_id, shared["ann"]).take.overall == takes["ann"].result.overall

        # A comment written in the coach's own folder reaches Ann, on her take.
        coach.comment(ann_id, shared["ann"], "Lead with who you help.")
        peers["coach"].scan()
        _wait(
            lambda: (
                [c.text for c in services["ann"].refresh().comments.get((ann_id, shared["ann"]), [])]
                == ["Lead with who you help."]
            ),
            "the coach's comment did not reach Ann",
            watch=peers["ann"],
        )

        # Ben unshares: the coach's view loses the take.
        clock.advance(minutes=1)
        services["ben"].share(takes["ben"], "none")
        peers["ben"].scan()
        _wait(
            lambda: [t.take for t in coach.refresh().takes] == [shared["ann"]],
            "Ben's unshare did not reach the coach",
            watch=peers["coach"],
        )
        ben_dir = peers["coach"].folder / "members" / services["ben"].config.member_id
        _wait(
            lambda: not (ben_dir / "takes" / f"{shared['ben']}.json").exists(),
            "the unshared file was not removed",
            watch=peers["coach"],
        )
    finally:
        coach.close()
        for svc in services.values():
            svc.close()
