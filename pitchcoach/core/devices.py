"""The sound devices as the app sees them: which microphones there are, which one to use, and why none.

``sd`` is the sounddevice module, or a stand-in that tests inject at the device boundary;
None imports the real one. Nothing here raises: a broken audio stack reads as "no microphone",
with :func:`audio_unavailable_reason` saying why when the cause is a missing library.
"""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any

from pitchcoach.core.messages import Message
from pitchcoach.core.recorder import PORTAUDIO_MISSING, InputDevice, list_input_devices

log = logging.getLogger(__name__)

# The sounddevice module or a stand-in with the same functions (tests/fakes.py).
SoundDevice = ModuleType | Any


def input_devices(sd: SoundDevice | None = None, refresh: bool = False) -> list[InputDevice]:
    """The input devices; [] when there are none or the audio stack cannot be used."""
    try:
        return list_input_devices(sd, refresh=refresh)
    except Exception:  # e.g. ImportError from a broken install: same as "no microphone"
        log.warning("listing input devices failed", exc_info=True)
        return []


def audio_unavailable_reason(sd: SoundDevice | None = None) -> Message | None:
    """Why there can be no microphone at all (PortAudio missing), as opposed to none plugged in: a catalog
    message, shown in the interface language."""
    if sd is not None:
        return None
    try:
        import sounddevice  # noqa: F401 - raises OSError when the PortAudio library is missing
    except (OSError, ImportError):
        return PORTAUDIO_MISSING
    return None


def find_input_device(devices: list[InputDevice], name: str | None) -> int | None:
    """The index of the saved device if it still exists; None means the system default."""
    if not name:
        return None
    for d in devices:
        if d.name == name:
            return d.index
    log.info("saved input device %r is gone; using the default", name)
    return None
