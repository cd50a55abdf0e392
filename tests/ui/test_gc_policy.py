"""Garbage collection runs on the GUI thread while the window lives (pitchcoach/ui/gc_policy.py).

A collection started on a worker thread frees whatever cyclic garbage exists, Qt objects included, on that
thread; the suite crashed with a segmentation fault in the GUI thread that way. The test process itself keeps
automatic collection off (tests/conftest.py); this test turns it on, as a fresh interpreter has it.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

from PySide6.QtWidgets import QLabel


def drop_a_cyclic_widget() -> list[int]:
    """Cyclic garbage that holds a widget, as a closed dialog or a rebuilt page leaves behind; the list gets
    the thread the widget was destroyed on."""
    freed_on: list[int] = []
    label = QLabel("closed dialog")
    label.destroyed.connect(lambda *_: freed_on.append(threading.get_ident()))
    cycle: dict[str, Any] = {"label": label}
    cycle["self"] = cycle
    return freed_on


def allocate_cycles(thresholds: int) -> None:
    """Cycles, so that reference counting frees none of them and the count crosses the threshold."""
    for _ in range(thresholds * gc.get_threshold()[0]):
        junk: list[object] = []
        junk.append(junk)


def test_with_the_window_open_a_busy_worker_starts_no_collection(make_app: Any, mic_factory: Any, qtbot: Any) -> None:
    gc.enable()
    started_on: list[int] = []

    def watch(phase: str, info: dict) -> None:
        if phase == "start":
            started_on.append(threading.get_ident())

    gc.callbacks.append(watch)
    try:
        make_app(mic_factory(), start=False)
        freed_on = drop_a_cyclic_widget()
        worker = threading.Thread(target=allocate_cycles, args=(20,))
        worker.start()
        worker.join(30)
        qtbot.waitUntil(lambda: bool(freed_on), timeout=20000)
    finally:
        gc.callbacks.remove(watch)
    gui = threading.main_thread().ident
    assert freed_on == [gui]
    assert started_on and set(started_on) == {gui}


def test_after_start_up_is_frozen_full_collections_walk_only_newer_objects_and_still_free_them(
    make_app: Any, mic_factory: Any, qtbot: Any
) -> None:
    from pitchcoach.ui.gc_policy import collect_due, freeze_long_lived

    make_app(mic_factory())  # started: the start-up work is done
    walked_before = len(gc.get_objects())
    try:
        freeze_long_lived()
        assert len(gc.get_objects()) < walked_before / 10
        freed_on = drop_a_cyclic_widget()
        allocate_cycles(200)  # enough for a full collection to come due
        collect_due()
        qtbot.waitUntil(lambda: bool(freed_on), timeout=20000)
    finally:
        gc.unfreeze()
    assert freed_on == [threading.main_thread().ident]
