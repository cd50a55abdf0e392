"""The PySide6 desktop app. Only this package imports Qt; it calls into pitchcoach.core."""

from pitchcoach.ui.qtfix import keep_none_alive

# Before any Qt call: see qtfix for the PySide6 6.12 / Python 3.11 refcount bug this guards against.
keep_none_alive()
