"""Python's cyclic garbage collector, run on the GUI thread only.

CPython starts a collection on whichever thread happens to allocate when a generation's count crosses its
threshold: a worker decoding audio, the thread loading the model, or PortAudio's callback thread. When the
cycles it frees hold Qt objects (a dialog the user closed, a page rebuilt after a language change, a window a
test closed), their C++ destructors then run on that thread, which Qt does not allow: the test suite crashed
with a segmentation fault in the GUI thread while a worker sat in a collection. So while the window lives,
automatic collection is off and a timer on the GUI thread runs the same generational collections, with the
same thresholds, a few times a second. Reference counting still frees everything that is not in a cycle at
once, on the thread that drops it; only cycles wait for the next tick.

A full collection walks every tracked object: once the app has started that is ~100,000 of them (modules,
the window, the scoring rules), and each full collection stalled the GUI thread for 60-150 ms, every few
seconds while a take was analysed (benchmarks/gui.py). CPython's own trigger skips most full collections
(it waits until a quarter of the long-lived objects are new); the timer cannot see that count, so instead
what exists once start-up is over is frozen (:func:`freeze_long_lived`): those objects live as long as the
app, and later collections only walk what came after them.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


def collect_due() -> int | None:
    """Run the collection CPython would have run by now, if any; returns its generation (None: none due)."""
    t0, t1, t2 = gc.get_threshold()
    c0, c1, c2 = gc.get_count()
    if t0 == 0 or c0 <= t0:
        return None
    generation = 2 if c1 > t1 and c2 > t2 else 1 if c1 > t1 else 0
    gc.collect(generation)
    return generation


def freeze_long_lived() -> int:
    """Move every object alive now out of the collector's sight (gc.freeze); returns how many are frozen.

    For the end of start-up, when what exists is what the app keeps until it exits: modules, the window and
    its pages, the model and the rules. Reference counting still frees any of them that is dropped; only a
    cycle among them that becomes garbage later is never collected, which costs less than a 60-150 ms
    stall every few seconds. No collection runs first: start-up leaves little cyclic garbage, and a full
    collection here would itself stall the window that has just painted.
    """
    gc.freeze()
    return gc.get_freeze_count()


def collect_on_gui_thread(owner: QObject, interval_ms: int = INTERVAL_MS) -> QTimer:
    """Turn automatic collection off for as long as ``owner`` lives; a timer on its thread collects instead.

    ``owner`` must live on the GUI thread (the main window). When it is destroyed, automatic collection
    comes back if it was on before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    timer = QTimer(owner)
    timer.setObjectName("gc-collector")
    timer.setInterval(interval_ms)
    timer.timeout.connect(collect_due)
    timer.start()
    if was_enabled:
        owner.destroyed.connect(lambda *_: gc.enable())
    return timer
