"""Issue 23: files no recording should be, made for real: far too long, no length in the header, a
10 GB sparse WAV, a FIFO, a device, a loop of links. Each is refused with a message that says what it
is (and, for length, what the limit is), before anything large is decoded."""

from __future__ import annotations

import os
import resource
import struct
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from pitchcoach.core.audio import MAX_FILE_SECONDS, SAMPLE_RATE, AudioError, decode_audio

REPO = Path(__file__).resolve().parents[2]
LIMIT_TEXT = "up to 3 minutes"


def _silent_flac(path: Path, seconds: float) -> Path:
    """A real FLAC of digital silence (3 hours is ~0.5 MB), written a minute at a time."""
    minute = np.zeros(SAMPLE_RATE * 60, np.int16)
    with sf.SoundFile(str(path), "w", samplerate=SAMPLE_RATE, channels=1, subtype="PCM_16", format="FLAC") as f:
        left = int(seconds * SAMPLE_RATE)
        while left > 0:
            f.write(minute[: min(left, minute.size)])
            left -= minute.size
    return path


def _tone_flac(path: Path, seconds: float, *, hide_length: bool = False) -> Path:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    sf.write(str(path), (0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), SAMPLE_RATE, subtype="PCM_16")
    if hide_length:
        # STREAMINFO's 36-bit total-samples field set to 0, which the FLAC format allows ("unknown"):
        # neither the stream nor the container then says how long the file is.
        data = bytearray(path.read_bytes())
        assert data[:4] == b"fLaC"
        (packed,) = struct.unpack(">Q", bytes(data[18:26]))
        data[18:26] = struct.pack(">Q", packed & ~((1 << 36) - 1))
        path.write_bytes(bytes(data))
    return path


def _sparse_wav(path: Path, size: int) -> Path:
    """A WAV header (16 kHz mono 16-bit, sizes 'unknown' as a streaming writer leaves them) on a
    sparse file of ``size`` bytes: no disk space used, but every byte reads as silence."""
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, SAMPLE_RATE, SAMPLE_RATE * 2, 2, 16)
    header = b"RIFF" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE" + b"fmt " + fmt + b"data" + struct.pack("<I", 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(header)
    os.truncate(path, size)
    return path


def test_a_file_over_the_limit_is_refused_and_one_at_it_is_read(tmp_path):
    assert MAX_FILE_SECONDS == 180.0  # the messages below say "3 minutes"
    ok = decode_audio(_tone_flac(tmp_path / "three_minutes.flac", 180.0))
    assert ok.size == 180 * SAMPLE_RATE
    with pytest.raises(AudioError) as e:
        decode_audio(_tone_flac(tmp_path / "four_minutes.flac", 240.0))
    assert "four_minutes.flac is 4 min 0 s long" in str(e.value) and LIMIT_TEXT in str(e.value)


def test_a_file_whose_header_hides_its_length_stops_decoding_at_the_limit(tmp_path):
    path = _tone_flac(tmp_path / "no_length.flac", 200.0, hide_length=True)
    with pytest.raises(AudioError) as e:
        decode_audio(path)
    assert "no_length.flac is longer than 3 minutes" in str(e.value) and LIMIT_TEXT in str(e.value)


def _cli_peak(path: Path, home: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `pitchcoach analyze path` in a child; its output and its peak resident memory in MB.

    The child may not map more than 3 GB (the whole-file path maps ~1.2 GB for a 3-minute take), so a
    regression fails with a MemoryError here instead of taking the shared machine's memory.
    """

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over exec from the forked parent, so it
    # reported the test process's own size (679 MB in an xdist worker that had loaded models).
    script = "import sys\nfrom pitchcoach.cli import main\ncode = main(sys.argv[1:])\n"
    script += "hwm = [ln.split()[1] for ln in open('/proc/self/status') if ln.startswith('VmHWM:')][0]\n"
    script += "print('peak_kb', hwm, file=sys.stderr)\nsys.exit(code)\n"
    env = {**os.environ, "PITCHCOACH_HOME": str(home), "PYTHONPATH": str(REPO)}
    p = subprocess.run(
        [sys.executable, "-c", script, "analyze", str(path)],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=cap,
        timeout=600,
    )
    peak = [line for line in p.stderr.splitlines() if line.startswith("peak_kb ")]
    assert peak, p.stderr[-2000:]
    return p, int(peak[0].split()[1]) / 1024


@pytest.mark.slow
def test_a_three_hour_flac_and_a_10_gb_sparse_wav_are_refused_in_bounded_memory(tmp_path, pitchcoach_home):
    flac = _silent_flac(tmp_path / "three_hours.flac", 3 * 3600)
    wav = _sparse_wav(tmp_path / "ten_gb.wav", 10 << 30)
    for path, length in ((flac, "3 h 0 min"), (wav, "93 h 12 min")):
        p, peak_mb = _cli_peak(path, pitchcoach_home)
        assert p.returncode == 2, p.stderr[-2000:]  # unreadable input, not a crash
        assert f"{path.name} is {length} long" in p.stdout and LIMIT_TEXT in p.stdout
        assert "unexpected problem" not in p.stderr and "MemoryError" not in p.stdout + p.stderr
        assert peak_mb <= 600, f"{path.name}: peak {peak_mb:.0f} MB"


# ---- not a file at all --------------------------------------------------------------------------


def _fifo(tmp_path: Path) -> Path:
    p = tmp_path / "take.wav"
    os.mkfifo(p)
    return p


def _loop(tmp_path: Path) -> Path:
    a, b = tmp_path / "a.wav", tmp_path / "b.wav"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


def _dangling(tmp_path: Path) -> Path:
    p = tmp_path / "moved.wav"
    p.symlink_to(tmp_path / "gone.wav")
    return p


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_fifo, "take.wav is a named pipe (FIFO), not a file"),
        (lambda tmp: Path("/dev/zero"), "/dev/zero is a device, not a recording"),
        (_loop, "a.wav is a symbolic link that leads round in a loop"),
        (_dangling, "moved.wav is a link to "),
    ],
    ids=["fifo", "dev-zero", "link-loop", "dangling-link"],
)
def test_special_files_are_named_for_what_they_are(tmp_path, make, expected):
    path = make(tmp_path)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            decode_audio(path)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)
        else:
            outcome.append(None)

    # A thread, so that a decode stuck opening the FIFO (waiting for a writer) fails the test
    # instead of hanging the run.
    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive() and path.is_fifo():
        with open(path, "wb"):  # free the stuck reader before failing
            pass
    assert outcome, f"decoding {path} hung"
    assert isinstance(outcome[0], AudioError), outcome[0]
    assert expected in str(outcome[0])
    assert "empty (0 bytes)" not in str(outcome[0]) and "File not found" not in str(outcome[0])
