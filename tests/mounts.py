"""Faults that need a mount of their own (a full disk, a bind mount, a second disk), made for real in a
private mount namespace, so nothing the test mounts is seen by, or outlives, anything else."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path


def run_in_private_mounts(script: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run a ``sh`` script in a new mount namespace whose mounts propagate nowhere (needs root)."""
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def fill_disk(folder: Path) -> Path:
    """Take every free byte of the (small) file system ``folder`` is on; returns the file that holds them."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler
