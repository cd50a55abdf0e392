"""Joining, sharing at each level, unsharing, commenting and leaving, on real analysed takes."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import av
import pytest

from pitchcoach.core.drills import judge, load_drill
from pitchcoach.core.team import schema
from pitchcoach.core.team.folder import TeamError, TeamFolder, TeamOffline
from pitchcoach.core.team.service import SharePending
from tests.core.team.helpers import make_service, make_store


@pytest.fixture
def member(tmp_path, clock, team_dir, team_analyses, fixtures_dir):
    """A member who joined ``team_dir`` and saved the filler-heavy pitch (with its recording) to their history."""
    home = tmp_path / "alice-home"
    svc = make_service(home, clock)
    svc.join(team_dir, "Alice Example", "scores")
    store = make_store(home, clock)
    take = store.save_take(team_analyses["filler_heavy"], fixtures_dir / "filler_heavy.wav")
    yield svc, store, take
    store.close()
    svc.close()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_join_writes_only_the_members_own_folder(member, team_dir):
    svc, _, _ = member
    cfg = svc.config
    assert cfg is not None and cfg.name == "Alice Example" and schema.valid_id(cfg.member_id)
    assert _files(team_dir) == [team_dir / "members" / cfg.member_id / "member.json"]
    m = schema.read_member((team_dir / "members" / cfg.member_id / "member.json").read_bytes())
    assert (m.name, m.edited) == ("Alice Example", False)


@pytest.mark.parametrize("level", ["scores", "transcript", "audio"])
def test_each_level_shares_what_it_says_and_nothing_private(member, team_dir, level, tmp_path):
    svc, _, take = member
    uid = svc.share(take, level)
    folder = team_dir / "members" / svc.config.member_id / "takes"
    raw = (folder / f"{uid}.json").read_bytes()
    shared = schema.read_take(raw)
    assert (shared.level, shared.overall, shared.edited) == (level, take.result.overall, False)
    assert (shared.scenario, shared.language) == (take.scenario, take.transcript.language)
    assert [i.rule for i in shared.issues] == [d.rule for d in take.result.deductions] and shared.issues
    body = json.loads(raw)
    text = raw.decode("utf-8")
    if level == "scores":
        # The messages quote the speaker's words, so they travel with the transcript only.
        assert "transcript" not in body and "words" not in body
        assert all(set(i) == {"rule", "points"} for i in body["issues"])
        longest = max((w.text.strip(" ,.?!") for w in take.transcript.words), key=len)
        assert len(longest) > 6 and longest not in text
    else:
        assert shared.transcript == take.transcript.text and len(shared.words) == len(take.transcript.words)
        assert shared.issues[0].message == take.result.deductions[0].message
        # ... and as catalog messages, so that a Chinese-reading coach reads them in Chinese (issue 25).
        assert [i.msg for i in shared.issues] == [d.msg for d in take.result.deductions]
        assert shared.issues[0].msg is not None and shared.issues[0].tip_msg == take.result.deductions[0].tip_msg
    opus = folder / f"{uid}.opus"
    assert opus.exists() == (level == "audio")
    if level == "audio":
        with av.open(str(opus)) as c:
            stream = c.streams.audio[0]
            assert stream.codec_context.name == "opus"
            seconds = float(stream.duration * stream.time_base) if stream.duration else 0
        assert abs(seconds - take.audio_seconds) < 0.2
        assert opus.stat().st_size < (Path(take.audio_path).stat().st_size) / 5
    # No absolute path, user name or machine name in any shared file.
    for f in _files(team_dir):
        data = f.read_bytes()
        for private in (str(tmp_path), str(Path.home()), str(take.audio_path), "recordings/"):
            assert private.encode() not in data, (f, private)
        if f.suffix == ".json":
            assert socket.gethostname().encode() not in data
    assert not [f for f in _files(team_dir) if f.name.endswith(".part")]


def test_unshare_leaves_a_tombstone_and_the_index_hides_the_take(member, team_dir, clock):
    svc, _, take = member
    uid = svc.share(take, "audio")
    assert [t.take for t in svc.refresh().takes] == [uid]
    clock.advance(minutes=1)
    assert svc.share(take, "none") is None
    mdir = team_dir / "members" / svc.config.member_id
    assert not (mdir / "takes" / f"{uid}.json").exists() and not (mdir / "takes" / f"{uid}.opus").exists()
    assert schema.read_tombstone((mdir / "tombstones" / f"{uid}.json").read_bytes()).take == uid
    assert svc.refresh().takes == []
    assert svc.level_of(take) == "none"
    # Shared again later: the tombstone goes and the take is back, once.
    clock.advance(minutes=1)
    svc.share(take, "scores")
    assert not (mdir / "tombstones" / f"{uid}.json").exists()
    assert [t.take for t in svc.refresh().takes] == [uid] and svc.level_of(take) == "scores"


def test_a_comment_is_the_coachs_file_and_reaches_the_take(member, tmp_path, clock, team_dir):
    svc, _, take = member
    uid = svc.share(take, "transcript")
    coach = make_service(tmp_path / "coach-home", clock)
    coach.join(team_dir, "Coach Carol", "none")
    coach.comment(svc.config.member_id, uid, "Great opening - now ask them a question.")
    comment_files = list((team_dir / "coaches" / coach.config.member_id / "comments").glob("*.json"))
    assert len(comment_files) == 1
    svc.refresh()
    opened = svc.open_take(svc.config.member_id, uid)
    assert [(c.coach_name, c.text) for c in opened.comments] == [
        ("Coach Carol", "Great opening - now ask them a question.")
    ]
    assert opened.take.transcript == take.transcript.text
    with pytest.raises(TeamError, match="empty"):
        coach.comment(svc.config.member_id, uid, "   ")


def test_open_take_checks_the_audio(member):
    svc, _, take = member
    uid = svc.share(take, "audio")
    svc.refresh()
    opened = svc.open_take(svc.config.member_id, uid)
    assert opened.audio is not None and opened.note == ""
    # A recording cut short by a sync that has not finished is not played; the page says why.
    data = opened.audio.read_bytes()
    opened.audio.write_bytes(data[: len(data) // 2])
    again = svc.open_take(svc.config.member_id, uid)
    assert again.audio is None and "incomplete" in again.note


def test_ids_cannot_walk_out_of_the_folder(member, team_dir):
    svc, _, _ = member
    for bad in ("../evil", "..", "a/b", "A", "x.json", "", "a" * 65, "a\\b"):
        with pytest.raises(TeamError):
            TeamFolder(team_dir, bad)
        with pytest.raises(TeamError):
            TeamFolder(team_dir, svc.config.member_id).take_file(bad)
        with pytest.raises(TeamError):
            svc.comment(bad, "20261207-090000-1", "hello")
        with pytest.raises(ValueError):
            svc.index().take_file(bad, "x")


def test_leave_removes_the_members_files_only(member, team_dir, tmp_path, clock):
    svc, _, take = member
    uid = svc.share(take, "audio")
    coach = make_service(tmp_path / "coach-home", clock)
    coach.join(team_dir, "Coach Carol", "none")
    coach.comment(svc.config.member_id, uid, "Nice.")
    mid = svc.config.member_id
    assert svc.leave() == 3  # member.json, the take and its audio
    assert svc.config is None
    assert not (team_dir / "members" / mid).exists()
    assert len(list((team_dir / "coaches").rglob("*.json"))) == 1
    with pytest.raises(TeamError, match="Join the team"):
        svc.comment(mid, uid, "x")


def test_an_offline_folder_says_so_and_shows_what_was_cached(member, team_dir):
    svc, _, take = member
    svc.share(take, "scores")
    assert len(svc.refresh().takes) == 1
    moved = team_dir.with_name("unmounted")
    team_dir.rename(moved)
    view = svc.refresh()
    assert view.offline is not None and str(team_dir) in view.offline and "not mounted" in view.offline
    assert len(view.takes) == 1  # the last scan's data is still there to read
    with pytest.raises(TeamOffline, match="Your own practice"):
        svc.share(take, "transcript")
    with pytest.raises(TeamOffline):
        make_service(team_dir.parent / "bob", svc._clock).join(team_dir, "Bob", "scores")


def test_a_take_saved_while_the_folder_is_unmounted_is_shared_when_it_is_back(member, team_dir, clock, tmp_path):
    svc, store, take = member
    takes_dir = team_dir / "members" / svc.config.member_id / "takes"
    moved = team_dir.with_name("unmounted")
    team_dir.rename(moved)  # the share is not mounted
    old_umask = os.umask(0o022)
    try:
        with pytest.raises(SharePending, match="will be shared .*transcript.* when it is back"):
            svc.share(take, "transcript")
    finally:
        os.umask(old_umask)
    assert svc.level_of(take) == "pending:transcript"
    # The queue names the user's takes and what they share: private like the rest of the data folder.
    queue = svc.pending.path
    assert (queue.stat().st_mode & 0o777, queue.parent.stat().st_mode & 0o777) == (0o600, 0o700)
    # The queue outlives the app: a new service (the next start) still has it, and waits while offline.
    later = make_service(tmp_path / "alice-home", clock)
    assert later.share_pending(store.get) == 0 and later.level_of(take) == "pending:transcript"
    moved.rename(team_dir)  # mounted again
    assert later.share_pending(store.get) == 1
    [shared] = list(takes_dir.glob("*.json"))
    assert schema.read_take(shared.read_bytes()).level == "transcript"
    assert later.level_of(take) == "transcript" and later.share_pending(store.get) == 0
    # Unsharing while offline is queued too: the file goes when the folder is back.
    team_dir.rename(moved)
    with pytest.raises(SharePending):
        later.share(take, "none")
    moved.rename(team_dir)
    assert later.share_pending(store.get) == 1 and not list(takes_dir.glob("*.json"))
    later.close()


def test_bad_names_and_levels_are_refused_with_a_reason(tmp_path, clock, team_dir):
    svc = make_service(tmp_path / "h", clock)
    with pytest.raises(TeamError, match="empty"):
        svc.join(team_dir, "   ")
    with pytest.raises(TeamError, match="longer than"):
        svc.join(team_dir, "x" * 61)
    with pytest.raises(TeamError, match="control"):
        svc.join(team_dir, "bad\x1b[31mname")
    with pytest.raises(TeamError, match="sharing level"):
        svc.join(team_dir, "Ann", "everything")
    assert svc.config is None and not (team_dir / "members").exists()


def test_a_link_planted_in_the_team_folder_is_never_written_or_deleted_through(member, team_dir, tmp_path, clock):
    # Syncthing copies symbolic links as links, so a peer can point our own folders at a folder of ours.
    svc, _, take = member
    uid = svc.share(take, "scores")
    mdir = team_dir / "members" / svc.config.member_id
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    (elsewhere / f"{uid}.json").write_text("the user's own file")
    (mdir / "takes" / f"{uid}.json").unlink()
    (mdir / "takes").rmdir()
    (mdir / "takes").symlink_to(elsewhere)
    folder = TeamFolder(team_dir, svc.config.member_id)
    for action in (lambda: svc.share(take, "transcript"), lambda: folder.unshare(uid, clock())):
        with pytest.raises(TeamError, match="symbolic link.*nothing was changed"):
            action()
    assert [p.name for p in elsewhere.iterdir()] == [f"{uid}.json"]
    assert (elsewhere / f"{uid}.json").read_text() == "the user's own file"
    assert not (mdir / "tombstones").exists()
    # A coach's comments folder, and the members folder itself when leaving.
    coach = make_service(tmp_path / "coach-home", clock)
    coach.join(team_dir, "Coach Carol", "none")
    (team_dir / "coaches").symlink_to(elsewhere)
    with pytest.raises(TeamError, match="symbolic link"):
        coach.comment(svc.config.member_id, uid, "Nice.")
    (elsewhere / svc.config.member_id).mkdir()
    (elsewhere / svc.config.member_id / "keep.txt").write_text("keep")
    (team_dir / "members").rename(tmp_path / "members-moved")
    (team_dir / "members").symlink_to(elsewhere)
    with pytest.raises(TeamError, match="symbolic link"):
        svc.leave()
    assert (elsewhere / svc.config.member_id / "keep.txt").read_text() == "keep"


def test_a_drill_take_is_not_shared_as_a_pitch(member, team_dir, team_analyses, fixtures_dir):
    # The coach's figures would count a 15 s one-skill drill as a pitch: its latest score, its issues.
    svc, store, _ = member
    verdict = judge(load_drill("fillers"), team_analyses["filler_heavy"])
    drill = store.save_take(team_analyses["filler_heavy"], fixtures_dir / "filler_heavy.wav", drill=verdict)
    with pytest.raises(TeamError, match="Drill takes .* not shared"):
        svc.share(drill, "scores")
    assert not (team_dir / "members" / svc.config.member_id / "takes").exists()
    assert svc.share(drill, "none") is None and svc.refresh().takes == []


def test_a_shared_message_that_cannot_be_used_falls_back_to_the_english_text(member, team_dir):
    """Another member's file is data: a message nested too deep or too big is dropped (the English text
    shows), and the take still reads."""
    svc, _, take = member
    uid = svc.share(take, "transcript")
    path = team_dir / "members" / svc.config.member_id / "takes" / f"{uid}.json"
    body = json.loads(path.read_bytes())
    deep: dict = {"id": "fillers.message", "args": {}}
    for _ in range(20):
        deep = {"id": "text.quoted_list", "args": {"items": [deep]}}
    body["issues"][0]["msg"] = deep
    body["issues"][0]["tip_msg"] = {"id": "fillers.tip", "args": {"x": "a" * 5000}}
    shared = schema.read_take(json.dumps(body).encode("utf-8"))
    first = shared.issues[0]
    assert (first.msg, first.tip_msg) == (None, None) and first.message == take.result.deductions[0].message
    assert shared.issues[1].msg == take.result.deductions[1].msg
