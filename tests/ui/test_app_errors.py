"""Errors never reach the user as a traceback: workers and the global hook turn them into messages."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QWidget

from pitchcoach.core.audio import AudioError
from pitchcoach.core.errors import friendly_message
from pitchcoach.core.model import ModelError
from pitchcoach.core.recorder import RecorderError
from pitchcoach.ui.workers import TaskRunner


@pytest.mark.parametrize(
    "exc",
    [
        ModelError("Model folder not found: /x. Choose a folder that contains model.bin."),
        AudioError("broken.wav is not an audio file we can read."),
        RecorderError("No microphone was found. Plug one in."),
    ],
)
def test_core_errors_are_shown_as_written(exc):
    assert friendly_message(exc) == str(exc)


def test_unexpected_errors_get_a_generic_message_without_internals():
    msg = friendly_message(KeyError("transcript_json"))
    assert "transcript_json" not in msg and "log" in msg.lower()
    assert "Permission denied" in friendly_message(PermissionError(13, "Permission denied", "/data/x.wav"))


def test_task_runner_reports_results_and_failures_on_the_gui_thread(qtbot, caplog):
    import threading

    owner = QWidget()  # in the app the runner is the main window's child
    qtbot.addWidget(owner)
    runner = TaskRunner(owner)
    seen: list[tuple[str, object, bool]] = []
    main = threading.get_ident()

    def ok() -> int:
        return 41 + 1

    def bad() -> None:
        raise ValueError("secret internals")

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda b: b is False, timeout=10000):
        runner.start(ok, lambda r: seen.append(("ok", r, threading.get_ident() == main)), name="ok")
    with (
        caplog.at_level(logging.ERROR),
        qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda b: b is False, timeout=10000),
    ):
        runner.start(bad, on_error=lambda m: seen.append(("err", m, threading.get_ident() == main)), name="bad")
    assert seen[0] == ("ok", 42, True)
    assert seen[1][0] == "err" and "secret internals" not in seen[1][1] and seen[1][2]
    assert "secret internals" in caplog.text  # the details go to the log
    assert not runner.busy


def test_uncaught_exception_is_logged_and_shown_kindly(qtbot, make_app, mic_factory, monkeypatch):
    from pitchcoach.core.logs import setup_logging
    from pitchcoach.ui.app import install_excepthook

    pc = make_app(mic_factory(), start=False)
    log_path = setup_logging(pc.services.paths.logs)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    shown = install_excepthook(lambda: pc.window)
    try:
        raise RuntimeError("deep internal detail")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert len(shown) == 1
    box = shown[0]
    assert box.isVisible()
    assert "deep internal detail" not in box.text() and "Traceback" not in box.text()
    for h in logging.getLogger().handlers:
        h.flush()
    text = log_path.read_text()
    assert "Traceback" in text and "deep internal detail" in text
    box.close()
