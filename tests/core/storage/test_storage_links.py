"""Symlinked folders inside the data folder (issue 23, item 1): nothing behind a link is chmod-ed or deleted,
and a recordings folder linked to another disk works.

Every fault is real: real symlinks, and a real second filesystem (a tmpfs mounted in a private mount
namespace made with ``unshare -m``, so nothing outside the test sees it).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import time
from pathlib import Path

import pytest

from pitchcoach import cli
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import TakeStore
from tests.mounts import run_in_private_mounts

needs_root = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0 or shutil.which("unshare") is None,
    reason="mount namespaces need root and unshare(1)",
)


def _mode(p: Path) -> int:
    return stat.S_IMODE(os.lstat(p).st_mode)


def _a_folder_like_etc(where: Path) -> Path:
    etc = where / "etc-copy"
    (etc / "ssl").mkdir(parents=True)
    (etc / "passwd").write_text("root:x:0:0::/root:/bin/sh\n")
    (etc / "ssl" / "openssl.cnf").write_text("[ req ]\n")
    os.chmod(etc / "passwd", 0o644)
    os.chmod(etc / "ssl" / "openssl.cnf", 0o644)
    os.chmod(etc / "ssl", 0o755)
    os.chmod(etc, 0o755)
    return etc


def test_a_recordings_symlink_to_another_folder_has_none_of_its_modes_changed(tmp_path, capsys) -> None:
    paths = app_paths()
    etc = _a_folder_like_etc(tmp_path)
    paths.root.mkdir(parents=True, exist_ok=True)
    for name in ("recordings", "logs", "lexicons", "backups", "trash"):
        (paths.root / name).symlink_to(etc, target_is_directory=True)
    (paths.root / "loose.json").write_text("{}")  # not ours: left as it is too
    os.chmod(paths.root / "loose.json", 0o644)

    assert cli.main(["history"]) == 0

    assert _mode(etc) == 0o755 and _mode(etc / "ssl") == 0o755
    assert _mode(etc / "passwd") == 0o644 and _mode(etc / "ssl" / "openssl.cnf") == 0o644
    assert _mode(paths.root / "loose.json") == 0o644


def test_a_trash_symlink_to_another_folder_has_nothing_deleted_when_history_opens(qtbot, tmp_path) -> None:
    from pitchcoach.ui.history_page import HistoryPage

    paths = app_paths()
    elsewhere = tmp_path / "unrelated"
    elsewhere.mkdir()
    old = time.time() - 3 * 86400
    for i in range(3):
        f = elsewhere / f"file{i}.txt"
        f.write_text("keep me")
        os.utime(f, (old, old))
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.trash.symlink_to(elsewhere, target_is_directory=True)

    with TakeStore(paths) as store:
        page = HistoryPage(store)
        qtbot.addWidget(page)

    assert sorted(p.name for p in elsewhere.iterdir()) == ["file0.txt", "file1.txt", "file2.txt"]


def test_the_real_trash_is_still_emptied_of_old_files_only(qtbot) -> None:
    from pitchcoach.ui.history_page import HistoryPage

    paths = app_paths().ensure()
    paths.trash.mkdir()
    old, new = paths.trash / "take-old.wav", paths.trash / "take-new.wav"
    old.write_bytes(b"RIFF")
    new.write_bytes(b"RIFF")
    a_day_ago = time.time() - 2 * 86400
    os.utime(old, (a_day_ago, a_day_ago))
    outside = paths.root / "outside.wav"
    outside.write_bytes(b"RIFF")
    os.utime(outside, (a_day_ago, a_day_ago))
    (paths.trash / "link.wav").symlink_to(outside)

    with TakeStore(paths) as store:
        page = HistoryPage(store)
        qtbot.addWidget(page)

    assert not old.exists() and new.exists() and outside.exists()


@needs_root
def test_recordings_on_another_disk_through_a_symlink_save_list_delete_and_undo(tmp_path, fixtures_dir) -> None:
    home = Path(os.environ["PITCHCOACH_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    big = tmp_path / "bigdisk"
    big.mkdir()
    (home / "recordings").symlink_to(big, target_is_directory=True)
    files = [str(fixtures_dir / "great_pitch.wav"), str(fixtures_dir / "filler_heavy.wav")]
    delete_and_undo = (
        "from pitchcoach.core.paths import app_paths\n"
        "from pitchcoach.core.storage import TakeStore\n"
        "s = TakeStore(app_paths())\n"
        "t = s.list()[0]\n"
        "d = s.delete(t.id)\n"
        "print('trashed', d.trashed_audio, t.audio_path.exists())\n"
        "u = s.undo_delete(d)\n"
        "print('restored', u.audio_path.is_file())\n"
    )
    script = (
        'mount -t tmpfs -o size=64m none "$BIG" || exit 90\n'
        '"$PY" -m pitchcoach analyze --save "$F1" "$F2" >/dev/null || exit 91\n'
        '"$PY" -m pitchcoach history --json > "$OUT/history.jsonl" || exit 92\n'
        'ls -A "$BIG" > "$OUT/big.txt"\n'
        'stat -c %d "$BIG" "$OUT" > "$OUT/devs.txt"\n'
        '"$PY" -c "$SNIPPET" > "$OUT/undo.txt" || exit 93\n'
    )
    env = {**os.environ, "BIG": str(big), "PY": sys.executable, "F1": files[0], "F2": files[1], "OUT": str(tmp_path)}
    env["SNIPPET"] = delete_and_undo
    p = run_in_private_mounts(script, env, timeout=300)
    assert p.returncode == 0, p.stderr
    assert "unexpected problem" not in p.stderr
    dev_big, dev_home = (tmp_path / "devs.txt").read_text().split()
    assert dev_big != dev_home  # really another filesystem
    takes = [json.loads(line) for line in (tmp_path / "history.jsonl").read_text().splitlines()]
    assert len(takes) == 2
    names = sorted(Path(t["audio_path"]).name for t in takes)
    assert sorted((tmp_path / "big.txt").read_text().split()) == names  # two copies, nothing left behind
    assert all(Path(t["audio_path"]).parent == home / "recordings" for t in takes)
    trashed, restored = (tmp_path / "undo.txt").read_text().splitlines()
    assert trashed.startswith("trashed ") and trashed.endswith(" False")
    assert restored == "restored True"
    assert not any(big.iterdir())  # the tmpfs went with the namespace; nothing was written under it
