"""Shared test setup. Every test gets its own PITCHCOACH_HOME so nothing touches a real profile.

The whole run also gets a fake, empty HOME (and XDG folders, TMPDIR and runtime dir) before anything is
imported: a test that forgets PITCHCOACH_HOME, or a library that writes beside it (onnxruntime's telemetry
did), then shows up as a file in that HOME and fails the test, instead of passing only on machines where the
app ran before and quietly reading or changing a real user's data.
"""

from __future__ import annotations

import atexit
import faulthandler
import gc
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _isolate_user_folders() -> Path:
    root = Path(tempfile.mkdtemp(prefix="pc-tests-"))
    for name in ("home", "tmp", "run"):
        (root / name).mkdir(mode=0o700)
    # Others may pass through (not list) to TMPDIR, as through /tmp: the permission tests try to read
    # files there as another user, which a private parent would forbid whatever the files' own bits say.
    root.chmod(0o711)
    (root / "tmp").chmod(0o711)
    os.environ["HOME"] = str(root / "home")
    for var, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        os.environ[var] = str(root / "home" / sub)
    os.environ["XDG_RUNTIME_DIR"] = str(root / "run")
    os.environ["TMPDIR"] = str(root / "tmp")
    tempfile.tempdir = None  # re-read TMPDIR
    # Under pytest-xdist every worker is a process of its own running this file, so each gets its own
    # fake HOME above. The virtual microphone's PulseAudio daemon lives in VIRTUAL_MIC_DIR: one folder
    # shared by two workers would have each stop the other's daemon. tests/virtual_mic.py makes a
    # private one when none is set; a folder given from outside gets one subfolder per worker.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and os.environ.get("VIRTUAL_MIC_DIR"):
        mic_dir = Path(os.environ["VIRTUAL_MIC_DIR"]) / worker
        mic_dir.mkdir(parents=True, exist_ok=True)
        os.environ["VIRTUAL_MIC_DIR"] = str(mic_dir)
    return root


_ROOT = _isolate_user_folders()
# As in the app (pitchcoach/ui/gc_policy.py): no collection may start on a worker, PortAudio or decode
# thread, where freeing a closed widget's cycles runs Qt destructors off the GUI thread and crashes the
# process. Collections run on the main thread: the window's timer while a test's event loop turns, and
# _collect_garbage_on_the_main_thread after every test.
gc.disable()
FAKE_HOME = _ROOT / "home"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent


def _home_contents() -> set[str]:
    return {str(p.relative_to(FAKE_HOME)) for p in FAKE_HOME.rglob("*")}


@pytest.fixture(autouse=True)
def pitchcoach_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("pchome")
    monkeypatch.setenv("PITCHCOACH_HOME", str(home))
    before = _home_contents()
    yield home
    escaped = sorted(_home_contents() - before)
    if escaped:
        for name in escaped:  # one escape must not fail every later test too
            shutil.rmtree(FAKE_HOME / name, ignore_errors=True)
            (FAKE_HOME / name).unlink(missing_ok=True)
        pytest.fail(f"the test wrote outside PITCHCOACH_HOME, in the user's home folder: {escaped[:10]}")


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    yield
    from pitchcoach.ui.gc_policy import collect_due

    gc.disable()  # a test that turned automatic collection back on (or a window that did, closing)
    collect_due()


@pytest.fixture(autouse=True)
def _english_system_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pitch language of a first run follows the system locale (issue 24): the suite must not turn
    Mandarin on a machine set to zh_CN. A test about the locale sets its own."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(name, "C.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)


@pytest.fixture(autouse=True)
def _no_leftover_log_handlers() -> Iterator[None]:
    """A handler a test adds to the root logger (the app's log file set-up) must not outlive it: one left
    over from the impossible-data-folder test once wrote the rest of the suite's logs to /tmp."""
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    yield
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


# pytest-timeout (300 s, thread method) did not end a test hung in a C call inside a pytest-xdist worker: CI
# once sat for ever in PortAudio's Pa_Terminate, with no timeout thread left in the worker. faulthandler's
# watchdog is a C thread that needs no Python lock: past this it prints every thread's stack and exits the
# worker, and the run ends there (--max-worker-restart=0), naming the test. Longer than pytest-timeout's
# limit, so that one still reports first wherever it works.
WATCHDOG_SECONDS = float(os.environ.get("PITCHCOACH_TEST_WATCHDOG_SECONDS", "420"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True, file=sys.__stderr__)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


# What each pytest-xdist worker found in its own fake HOME at its end, gathered by the controlling process.
_workers_left: list[str] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """A worker finished (pytest-xdist): its fake HOME's leftovers fail the run, as this process's do."""
    _workers_left.extend(getattr(node, "workeroutput", {}).get("pc_home_left", []))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    left = sorted(_home_contents())
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a worker: its exit status is not the run's, so tell the controller
        workeroutput["pc_home_left"] = left[:20]
    left += _workers_left
    if left:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nFAILED: files were written to the (fake) home folder during the run: {left[:20]}")
    else:
        atexit.register(shutil.rmtree, _ROOT, True)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    from tests.speech import FIXTURES  # not at the top: nothing of the app is imported before HOME is isolated

    return FIXTURES


@pytest.fixture(scope="session")
def loaded_model():
    """The real bundled model, loaded once for the whole run (about 1-2 s)."""
    from pitchcoach.core.model import load_model

    return load_model(None)


@pytest.fixture(scope="session")
def transcriber(loaded_model):
    from pitchcoach.core.transcribe import Transcriber

    return Transcriber(loaded_model)


@pytest.fixture(scope="session")
def analyzer(transcriber):
    from pitchcoach.core.analysis import Analyzer
    from pitchcoach.core.lexicon import load_lexicons

    return Analyzer(transcriber, load_lexicons(None))


_transcripts: dict[str, object] = {}


@pytest.fixture(scope="session")
def fixture_transcript(transcriber, fixtures_dir):
    """Transcribe a committed fixture once per run and share the result between tests."""
    from pitchcoach.core.audio import decode_audio

    def get(name: str):
        if name not in _transcripts:
            _transcripts[name] = transcriber.transcribe(decode_audio(fixtures_dir / name))
        return _transcripts[name]

    return get


@pytest.fixture
def store(pitchcoach_home):
    """A real history in the test's own data folder, closed after the test."""
    from pitchcoach.core.paths import app_paths
    from pitchcoach.core.storage import TakeStore

    s = TakeStore(app_paths(pitchcoach_home))
    yield s
    s.close()


@pytest.fixture(scope="session")
def multilingual(tmp_path_factory: pytest.TempPathFactory):
    """Whisper base (Mandarin takes) as the app holds it: a LazyModel joined into a private models folder
    and loaded in the background on first need, once for the whole run."""
    from pitchcoach.core.multilingual import MODEL_NAME, load_multilingual
    from pitchcoach.core.speech import LazyModel

    root = tmp_path_factory.mktemp("models")
    return LazyModel(lambda: load_multilingual(root), f"{MODEL_NAME} (multilingual, bundled)")


@pytest.fixture(scope="session")
def zh_analyzer(transcriber, multilingual):
    """The analyzer the app builds: tiny.en for English, base for Mandarin and "auto" takes."""
    from pitchcoach.core.analysis import Analyzer
    from pitchcoach.core.lexicon import load_lexicons

    return Analyzer(transcriber, load_lexicons(None), multilingual)


_zh_analyses: dict[str, object] = {}


@pytest.fixture(scope="session")
def zh_fixture_analysis(zh_analyzer, fixtures_dir):
    """A committed Mandarin fixture (tests/fixtures/zh/<name>.wav) analysed through the app's Mandarin path
    (language="zh") once per run and shared between tests: each clip costs seconds of Whisper base."""

    def get(name: str):
        if name not in _zh_analyses:
            _zh_analyses[name] = zh_analyzer.analyze_file(fixtures_dir / "zh" / f"{name}.wav", language="zh")
        return _zh_analyses[name]

    return get
