"""The team folder as sync engines and people leave it: every artefact made for real, on real shared takes.

Each case checks three things: nothing crashes, nothing is counted twice or hidden, and the log or the
view's ``skipped`` list says why a file was ignored.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from pathlib import Path

import pytest

from pitchcoach.core.team import schema
from pitchcoach.core.team.folder import TeamFolder
from pitchcoach.core.team.index import TeamIndex, cache_path
from tests.core.team.helpers import make_service, make_store


@pytest.fixture
def shared(tmp_path, clock, team_dir, team_analyses, fixtures_dir):
    """A member with two shared takes (transcript level); returns (service, member folder, [take ids])."""
    home = tmp_path / "member-home"
    svc = make_service(home, clock)
    svc.join(team_dir, "Dana Member", "transcript")
    store = make_store(home, clock)
    uids = []
    for name in ("great_pitch", "filler_heavy"):
        take = store.save_take(team_analyses[name], fixtures_dir / f"{name}.wav")
        uids.append(svc.share(take))
        clock.advance(minutes=5)
    store.close()
    yield svc, team_dir / "members" / svc.config.member_id, uids
    svc.close()


@pytest.fixture
def coach(tmp_path, clock, team_dir):
    svc = make_service(tmp_path / "coach-home", clock)
    svc.join(team_dir, "Coach Carol", "none")
    yield svc
    svc.close()


def _reasons(view) -> dict[str, str]:
    return {s.path.rsplit("/", 1)[-1]: s.reason for s in view.skipped}


def test_a_clean_folder_reads_every_take_once_and_rescans_incrementally(shared, coach):
    svc, mdir, uids = shared
    view = coach.refresh()
    assert sorted(t.take for t in view.takes) == sorted(uids) and view.skipped == []
    assert view.member_name(svc.config.member_id) == "Dana Member"
    assert view.files_read == 4  # two members' files and two takes
    again = coach.refresh()
    assert again.files_read == 0 and len(again.takes) == 2
    # One file changed (shared again at another level) and one removed: only the changed one is read.
    (mdir / "takes" / f"{uids[0]}.json").unlink()
    take_file = mdir / "takes" / f"{uids[1]}.json"
    body = json.loads(take_file.read_bytes())
    body["level"] = "scores"
    take_file.write_bytes(schema.sealed(body))
    third = coach.refresh()
    assert third.files_read == 1 and [t.take for t in third.takes] == [uids[1]]
    assert third.takes[0].level == "scores"


def test_sync_engine_temp_files_and_our_part_files_are_ignored(shared, coach):
    _, mdir, uids = shared
    src = (mdir / "takes" / f"{uids[0]}.json").read_bytes()
    (mdir / "takes" / f".syncthing.{uids[0]}.json.tmp").write_bytes(src[:100])
    (mdir / "takes" / "~a1b2.tmp").write_bytes(src)
    (mdir / "takes" / f".{uids[0]}.json.x8f2k.part").write_bytes(src)
    (mdir / "takes" / "notes.txt").write_text("hello")
    view = coach.refresh()
    assert len(view.takes) == 2
    reasons = _reasons(view)
    assert "Syncthing temporary" in reasons[f".syncthing.{uids[0]}.json.tmp"]
    assert "temporary" in reasons["~a1b2.tmp"]
    assert "partial" in reasons[f".{uids[0]}.json.x8f2k.part"]
    assert "not a PitchCoach file" in reasons["notes.txt"]


def test_a_half_synced_file_is_ignored_until_it_is_complete(shared, coach, caplog):
    _, mdir, uids = shared
    path = mdir / "takes" / f"{uids[1]}.json"
    full = path.read_bytes()
    path.write_bytes(full[: len(full) // 2])
    with caplog.at_level(logging.INFO, logger="pitchcoach.core.team.index"):
        view = coach.refresh()
    assert [t.take for t in view.takes] == [uids[0]]
    assert "half-synced" in _reasons(view)[path.name]
    assert any("half-synced" in r.getMessage() for r in caplog.records)
    path.write_bytes(b"")  # a sync engine that creates the file before filling it
    assert "empty" in _reasons(coach.refresh())[path.name]
    path.write_bytes(full)
    assert sorted(t.take for t in coach.refresh().takes) == sorted(uids)


@pytest.mark.parametrize(
    "copy_name",
    [
        "{uid}.sync-conflict-20261207-101010-ABCDEFG.json",  # Syncthing
        "{uid} (Dana's conflicted copy 2026-12-07).json",  # Dropbox
        "{uid} (conflicted copy 2026-12-07 101010).json",  # Nextcloud-style
    ],
)
def test_a_conflict_copy_is_counted_once_and_the_newest_copy_shown(shared, coach, copy_name):
    _, mdir, uids = shared
    original = mdir / "takes" / f"{uids[0]}.json"
    copy = mdir / "takes" / copy_name.format(uid=uids[0])
    shutil.copyfile(original, copy)
    view = coach.refresh()
    assert sorted(t.take for t in view.takes) == sorted(uids)  # not three
    assert "conflict copy" in _reasons(view)[copy.name]
    # The copy holds a later share (the other machine shared it again at another level): it wins.
    body = json.loads(copy.read_bytes())
    body["shared_at"] = "2026-12-07T12:00:00Z"
    body["level"] = "scores"
    copy.write_bytes(schema.sealed(body))
    view = coach.refresh()
    assert len(view.takes) == 2 and {t.level for t in view.takes if t.take == uids[0]} == {"scores"}
    assert "conflict copy" in _reasons(view)[original.name]


def test_a_conflict_copy_of_a_whole_member_folder_is_not_read_twice(shared, coach):
    _, mdir, _ = shared
    shutil.copytree(mdir, mdir.with_name(mdir.name + ".sync-conflict-20261207-101010-ABCDEFG"))
    view = coach.refresh()
    assert len(view.takes) == 2 and any("conflict copy of a whole folder" in s.reason for s in view.skipped)


def test_a_file_of_a_newer_format_is_left_alone_with_a_reason(shared, coach):
    _, mdir, uids = shared
    path = mdir / "takes" / f"{uids[0]}.json"
    body = json.loads(path.read_bytes())
    body["format"] = schema.FORMAT + 1
    body["hologram"] = {"what": "a field this version does not know"}
    path.write_text(json.dumps(body))
    view = coach.refresh()
    assert [t.take for t in view.takes] == [uids[1]]
    assert "newer PitchCoach" in _reasons(view)[path.name] and "update" in _reasons(view)[path.name]


def test_a_hand_edit_is_shown_and_flagged(shared, coach, caplog):
    _, mdir, uids = shared
    path = mdir / "takes" / f"{uids[0]}.json"
    text = path.read_text()
    body = json.loads(text)
    body["scores"]["overall"] = 42
    path.write_text(json.dumps(body, indent=4))  # what an editor leaves: valid, but not what was shared
    with caplog.at_level(logging.INFO, logger="pitchcoach.core.team.index"):
        view = coach.refresh()
    edited = {t.take: t for t in view.takes}[uids[0]]
    assert edited.edited and edited.overall == 42
    assert not {t.take: t for t in view.takes}[uids[1]].edited
    assert any("edited by hand" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda b: b["scores"].update(overall=150), "overall is 150"),
        (lambda b: b["scores"].update(overall="ninety"), "overall is not a number"),
        (lambda b: b["scores"].update(overall=10**400), "overall is not a number"),  # OverflowError stopped the scan
        (lambda b: b.update(member="../../etc"), "member is not a valid id"),
        (lambda b: b.update(take="../x"), "take is not a valid id"),
        (lambda b: b.update(level="everything"), "level is"),
        (lambda b: b.update(kind="comment"), "kind is"),
        (lambda b: b.pop("format"), "format is missing"),
        (lambda b: b.update(created_at="yesterday"), "created_at is not a time"),
        # Valid ISO text whose UTC time is outside what a datetime holds: it stopped every scan.
        (lambda b: b.update(shared_at="9999-12-31T23:59:59-10:00"), "shared_at is not a time"),
        (lambda b: b.update(created_at="0001-01-01T00:30:00+01:00"), "created_at is not a time"),
        (lambda b: b.update(created_at="0001-01-01T00:00:00Z"), "created_at is not a time"),  # no local time
        (lambda b: b.update(transcript="x" * (schema.MAX_TEXT_CHARS + 1)), "transcript is longer"),
        (lambda b: b.update(issues=[{"rule": "<script>", "points": 1}]), "rule id"),
        (lambda b: b.update(audio={"file": "../../../home/x.opus", "sha256": "0"}, level="audio"), "audio.file"),
    ],
)
def test_hand_edits_that_break_the_schema_are_ignored_with_the_field_named(shared, coach, edit, reason):
    _, mdir, uids = shared
    path = mdir / "takes" / f"{uids[0]}.json"
    body = json.loads(path.read_bytes())
    edit(body)
    path.write_text(json.dumps(body))
    view = coach.refresh()
    assert [t.take for t in view.takes] == [uids[1]]
    assert reason in _reasons(view)[path.name]


def test_oversized_misplaced_and_linked_files_are_refused(shared, coach, team_dir, tmp_path):
    svc, mdir, uids = shared
    big = mdir / "takes" / "20990101-000000-9.json"
    big.write_bytes(b" " * (schema.MAX_JSON_BYTES["take"] + 10))
    # A take copied into another member's folder must not count for them.
    other = team_dir / "members" / "0123456789abcdef" / "takes"
    other.mkdir(parents=True)
    shutil.copyfile(mdir / "takes" / f"{uids[0]}.json", other / f"{uids[0]}.json")
    secret = tmp_path / "secret.json"
    secret.write_text("{}")
    os.symlink(secret, mdir / "takes" / "20990101-000000-8.json")
    (team_dir / "members" / "..hidden").mkdir()
    view = coach.refresh()
    assert sorted(t.take for t in view.takes) == sorted(uids)
    reasons = _reasons(view)
    assert "larger than" in reasons[big.name]
    assert "lies in 0123456789abcdef's folder" in reasons[f"{uids[0]}.json"]
    assert "symbolic link" in reasons["20990101-000000-8.json"]
    assert "..hidden" in reasons


def test_a_tombstone_that_arrives_before_the_deletion_hides_the_take(shared, coach, clock):
    svc, mdir, uids = shared
    path = mdir / "takes" / f"{uids[0]}.json"
    kept = path.read_bytes()
    clock.advance(minutes=1)
    TeamFolder(svc.config.folder, svc.config.member_id).unshare(uids[0], clock())
    path.write_bytes(kept)  # the deletion has not synced yet (or a third machine sent the file back)
    view = coach.refresh()
    assert [t.take for t in view.takes] == [uids[1]]
    assert "unshared by its member" in _reasons(view)[path.name]


def test_comments_reach_the_member_once(shared, coach):
    svc, mdir, uids = shared
    cid = coach.comment(svc.config.member_id, uids[0], "Open with the problem you solve.")
    cdir = coach.config.folder / "coaches" / coach.config.member_id / "comments"
    shutil.copyfile(cdir / f"{cid}.json", cdir / f"{cid}.sync-conflict-20261207-101010-ABCDEFG.json")
    view = svc.refresh()
    assert [c.text for c in view.comments[(svc.config.member_id, uids[0])]] == ["Open with the problem you solve."]
    assert any("second copy of comment" in s.reason for s in view.skipped)


def test_a_damaged_cache_is_rebuilt_from_the_folder(shared, coach):
    coach.refresh()
    db = cache_path(coach.cache_dir, coach.config.folder)
    coach.close()
    db.write_bytes(b"this is not a database" * 100)
    index = TeamIndex(coach.config.folder, coach.cache_dir)
    try:
        assert len(index.refresh().takes) == 2
    finally:
        index.close()


def _handles(path: Path) -> list[str]:
    """What this process holds open on ``path``, from /proc/self/fd: the file, or a deleted one by its name."""
    real = os.path.realpath(path)
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the listing's own descriptor, closed by now
            continue
        if target in (real, f"{real} (deleted)"):
            found.append(target)
    return found


def test_a_damaged_cache_is_closed_before_it_is_deleted_and_none_is_left_open(shared, coach):
    """Windows cannot delete an open file; on Linux a connection left open on the deleted copy showed as
    ``... (deleted)`` in /proc/self/fd until a garbage collection freed it."""
    coach.refresh()
    db = cache_path(coach.cache_dir, coach.config.folder)
    coach.close()
    assert _handles(db) == []
    db.write_bytes(b"this is not a database" * 100)
    assert len(coach.refresh().takes) == 2  # the service opens the index again: rebuilt from the folder
    assert _handles(db) == [os.path.realpath(db)]  # the rebuilt cache's one connection, nothing on the old file
    coach.close()
    assert _handles(db) == []
    db.unlink()  # nothing holds it


def test_the_cache_lives_in_the_local_data_folder_not_the_team_folder(shared, coach, team_dir):
    coach.refresh()
    assert not [p for p in team_dir.rglob("*") if p.suffix in (".sqlite3", ".db", ".sqlite")]
    assert Path(cache_path(coach.cache_dir, team_dir)).exists()


def test_the_cache_of_teammates_names_and_scores_is_private_whatever_the_umask(shared, tmp_path, team_dir):
    cache_dir = tmp_path / "new-home" / "team-cache"
    old = os.umask(0o022)
    try:
        index = TeamIndex(team_dir, cache_dir)
        try:
            assert len(index.refresh().takes) == 2
        finally:
            index.close()
    finally:
        os.umask(old)
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    assert index.db_path.stat().st_mode & 0o777 == 0o600


def test_links_to_folders_and_files_outside_are_not_read_and_a_pipe_does_not_stop_the_scan(shared, coach, tmp_path):
    svc, mdir, uids = shared
    # The member's takes folder and member file, moved out and linked back in (a peer can sync links).
    outside = tmp_path / "outside"
    outside.mkdir()
    (mdir / "takes").rename(outside / "takes")
    (mdir / "takes").symlink_to(outside / "takes")
    (mdir / "member.json").rename(outside / "member.json")
    (mdir / "member.json").symlink_to(outside / "member.json")
    # And a named pipe where a take file would be, in another member's real folder.
    pipe_dir = mdir.parent / "0123456789abcdef" / "takes"
    pipe_dir.mkdir(parents=True)
    pipe = pipe_dir / "20990101-000000-7.json"
    os.mkfifo(pipe)
    result: list[object] = []
    scan = threading.Thread(target=lambda: result.append(coach.refresh()), daemon=True)
    scan.start()
    scan.join(60)  # a bound on a hang, not a timing: the scan never opens the pipe for reading
    if scan.is_alive():
        os.close(os.open(pipe, os.O_RDWR | os.O_NONBLOCK))  # let the stuck reader go before failing
        scan.join()
        pytest.fail("the scan waited on a named pipe")
    view = result[0]
    assert view.takes == [] and svc.config.member_id not in view.members
    reasons = {s.path: s.reason for s in view.skipped}
    assert "symbolic link" in reasons[f"members/{svc.config.member_id}/takes"]
    assert "symbolic link" in reasons[f"members/{svc.config.member_id}/member.json"]
    assert "not a regular file" in reasons[f"members/0123456789abcdef/takes/{pipe.name}"]
