"""Work around reference-count bugs in the PySide6 6.12 wheels on Python 3.11.

Measured here (PySide6-Essentials 6.12.0, CPython 3.11.7): every call of a Qt
method that returns void (``QLabel.setText``, ``QCoreApplication.processEvents``,
``QWidget.update``...) hands Python ``None`` without taking a new reference, so
``None``'s count drops by one per call. Some bool results do the same to
``True`` (about 18 per refresh of the history table, 1 per ``QWidget.grab``).
Both counts start at a few thousand, so after seconds to minutes of normal use
CPython aborts with "Fatal Python error: none_dealloc" (or ``bool_dealloc``).
From Python 3.12 on these objects are immortal (PEP 683) and the bug is
harmless, which is presumably why it went unnoticed.

The guard gives ``None``, ``True`` and ``False`` a count so large (2**40) that no
session can drain it, which is what 3.12 does by design. It must run before Qt
is used; importing ``pitchcoach.ui`` runs it.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_SINGLETONS = (None, True, False)


def keep_none_alive() -> bool:
    """Returns True when the guard was applied (CPython < 3.12), False when it is not needed."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    for obj in _SINGLETONS:
        # ob_refcnt is the first field of every CPython object (non-debug builds), at id(obj).
        refcnt = ctypes.c_ssize_t.from_address(id(obj))
        if refcnt.value < _BOOST:
            refcnt.value += _BOOST
    return True
