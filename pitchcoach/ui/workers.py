"""Background work for the UI: run one core call on a QThread and report back by signal.

Workers hold no logic. They call a function they were given and turn its
return value or exception into a signal, so everything they run can be
tested without Qt. Exceptions become a one-line user-facing message
(``core.errors.friendly_message``); the traceback goes to the log only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Container
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from pitchcoach.core.errors import friendly_message, log_failure
from pitchcoach.core.jobs import Cancelled, Job
from pitchcoach.ui.i18n import feedback_catalog

log = logging.getLogger(__name__)


class FunctionWorker(QObject):
    """Runs ``fn()`` once on its thread; emits ``finished(result)`` or ``failed(message)``."""

    finished = Signal(object)
    failed = Signal(str)
    done = Signal()  # after either, so the owner can tear the thread down

    def __init__(self, fn: Callable[[], Any], name: str = "task") -> None:
        super().__init__()
        self._fn = fn
        self.name = name

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn()
        except Cancelled:
            log.info("background task %r cancelled", self.name)
            self.failed.emit(QCoreApplication.translate("TaskRunner", "Cancelled."))
        except BaseException as e:  # noqa: BLE001 - a worker must never let an exception escape its thread
            log_failure(log, f"Background task {self.name!r} failed", e)
            self.failed.emit(friendly_message(e, feedback_catalog()))  # in the interface language
        else:
            self.finished.emit(result)
        finally:
            # Hand the object back to the GUI thread before this thread ends, so that it is
            # destroyed there. Destroying a Python-subclassed QObject on a worker thread makes
            # ~QObject call into Python (needs the GIL) while holding Qt's connection lock; a GUI
            # thread connecting a signal at that moment holds the GIL and waits for that lock:
            # a deadlock seen in the UI tests. moveToThread must run in the object's own thread.
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())
            self.done.emit()


class _Relay(QObject):
    def __init__(
        self,
        on_result: Callable[[Any], None] | None,
        on_error: Callable[[str], None] | None,
        on_done: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_result, self._on_error, self._on_done = on_result, on_error, on_done

    @Slot(object)
    def result(self, value: object) -> None:
        if self._on_result is not None:
            self._on_result(value)

    @Slot(str)
    def error(self, message: str) -> None:
        if self._on_error is not None:
            self._on_error(message)

    @Slot()
    def done(self) -> None:
        self._on_done()


class TaskRunner(QObject):
    """Owns the QThreads of running tasks so that they are neither garbage-collected nor leaked.

    One thread per task: tasks are few (model load, one analysis at a time) and long,
    so a pool would buy nothing. Give it a parent (the window): Qt then deletes its threads
    and relays in order, which Python's garbage collector does not guarantee.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._running: dict[FunctionWorker, tuple[QThread, _Relay]] = {}
        self._jobs: dict[FunctionWorker, Job] = {}

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def names(self) -> list[str]:
        return [w.name for w in self._running]

    def start(
        self,
        fn: Callable[[], Any],
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        name: str = "task",
        job: Job | None = None,
    ) -> FunctionWorker:
        """``job`` is the core's handle on a cancellable task: :meth:`shutdown` cancels it."""
        worker = FunctionWorker(fn, name)
        if job is not None:
            self._jobs[worker] = job
        # Parented to the runner, so Qt (not Python's garbage collector) decides when it goes:
        # a QThread deleted while running aborts the process.
        thread = QThread(self)
        thread.setObjectName(f"pitchcoach-{name}")
        worker.moveToThread(thread)
        # The relay lives in this (GUI) thread, so the worker's signals reach it queued and
        # the callbacks run on the GUI thread; a bare lambda would run on the worker thread.
        relay = _Relay(on_result, on_error, lambda: self._finished(worker), parent=self)
        thread.started.connect(worker.run)
        worker.finished.connect(relay.result)
        worker.failed.connect(relay.error)
        # Direct: the QThread object lives in the GUI thread, and a queued quit() would wait for a
        # GUI thread that may itself be blocked in wait_all().
        worker.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        # The worker has moved itself back to this thread by now (see FunctionWorker.run) and is
        # deleted here, in _finished, after its thread has ended.
        thread.finished.connect(relay.done)
        was_busy = self.busy
        self._running[worker] = (thread, relay)
        thread.start()
        if not was_busy:
            self.busy_changed.emit(True)
        return worker

    def _finished(self, worker: FunctionWorker) -> None:
        entry = self._running.pop(worker, None)
        self._jobs.pop(worker, None)
        if entry is not None:
            thread, relay = entry
            thread.wait()  # already past finished(): returns at once
            worker.deleteLater()
            thread.deleteLater()
            relay.deleteLater()
        if not self._running:
            self.busy_changed.emit(False)

    def running(self) -> list[str]:
        """The names of the tasks whose threads have not ended. Asks the threads themselves: after the event
        loop has stopped (at quit), a finished task is no longer tidied away and still counts as busy."""
        return [w.name for w, (thread, _relay) in self._running.items() if not thread.isFinished()]

    def finish(self, deadline: float, leave: Container[str] = ()) -> list[str]:
        """At quit: wait until ``deadline`` (a ``time.monotonic()`` time) for the running tasks not named in
        ``leave``; returns the names of those still running then."""
        for worker, (thread, _relay) in list(self._running.items()):
            if worker.name not in leave:
                thread.wait(max(0, int((deadline - time.monotonic()) * 1000)))
        return [name for name in self.running() if name not in leave]

    def wait_all(self, timeout_ms: int = 30000) -> None:
        """Called on quit: let running work finish rather than kill a thread mid-write."""
        for thread, _relay in list(self._running.values()):
            thread.quit()  # ends the thread's loop as soon as its task returns
            thread.wait(timeout_ms)

    def shutdown(self, must_finish: tuple[str, ...] = ("stop",), timeout_ms: int = 5000) -> list[str]:
        """Called on quit: cancel what can be cancelled, wait only for what must finish, leave the rest.

        A take being finalised (``must_finish``) and a job already saving are waited for (tens of ms).
        A model load or a decode nobody needs any more is not: its thread is handed to the application,
        which outlives the window, and the app exits without joining it (``ui.app.run_gui``). What such
        a decode was working on is on disk already, and start-up recovery offers it. Returns the names
        of the tasks left running.
        """
        for each in self._jobs.values():
            each.cancel()
        left = []
        app = QCoreApplication.instance()
        for worker, (thread, _relay) in list(self._running.items()):
            job = self._jobs.get(worker)
            if worker.name in must_finish or (job is not None and job.committing):
                thread.wait(timeout_ms)
            if not thread.isFinished():
                left.append(worker.name)
                thread.finished.connect(thread.deleteLater)
                if app is not None:
                    thread.setParent(app)  # a QThread deleted while running aborts the process
        if left:
            log.info("quitting without waiting for: %s", ", ".join(left))
        return left
