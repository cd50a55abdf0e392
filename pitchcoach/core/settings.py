"""User settings: a small typed record saved as JSON at ``AppPaths.settings``.

The file is written atomically (temp file + fsync + rename) so a crash mid-save
never leaves half a file. Reading is tolerant: a missing, corrupt or partly
wrong file falls back to defaults field by field, and a corrupt file is kept
aside as ``settings.json.corrupt`` rather than silently overwritten, so the
user can still recover it.
"""

from __future__ import annotations

import contextlib
import json
import locale
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from pitchcoach.core.fileio import atomic_write_text
from pitchcoach.core.language import SUPPORTED_LANGUAGES, get_profile
from pitchcoach.core.scenarios import CUSTOM_SCENARIO, DEFAULT_SCENARIO
from pitchcoach.core.scoring.targets import DEFAULT_TARGET_SECONDS, clamp_target

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1
THEMES = ("system", "light", "dark")
# The pitch language: what the recogniser is told to expect. "auto" lets the model detect it per take.
PITCH_LANGUAGES = (*SUPPORTED_LANGUAGES, "auto")
PITCH_LANGUAGE_NAMES = {
    **{code: get_profile(code).display_name for code in SUPPORTED_LANGUAGES},
    "auto": "Detect automatically",
}


def language_name(code: str | None) -> str:
    """How a take's language is shown (History, Results, reports): "English", "中文（普通话）"; an unknown
    code as itself, and a take stored before languages were ("" or None) as English."""
    return PITCH_LANGUAGE_NAMES.get(code or "en", code or "en")


def system_pitch_language(locale_name: str | None = None) -> str:
    """The pitch language a first run starts with: "zh" under a Chinese system locale (zh_CN, zh_TW,
    zh_SG, ...), else "en". ``locale_name`` None reads the user's environment (LC_ALL, LC_MESSAGES,
    LANG, LANGUAGE, as POSIX orders them; Windows and macOS through the locale module)."""
    if locale_name is None:
        names = [os.environ.get(v, "") for v in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")]
        with contextlib.suppress(ValueError):  # an unparsable locale is no reason to fail the first run
            names.append(locale.getlocale()[0] or "")
        locale_name = next((n for n in names if n and n not in ("C", "POSIX")), "")
    return "zh" if locale_name.replace("-", "_").lower().startswith("zh") else "en"


# Interface languages (Qt locale names). None in Settings means "follow the system locale".
UI_LANGUAGE_CODES = ("en", "zh_CN")


@dataclass
class Settings:
    # Device *name* rather than index: PortAudio indices shift when devices come and go.
    # None means "the system default input".
    input_device: str | None = None
    # None means the bundled tiny.en model; otherwise a local CTranslate2 model folder.
    model_path: str | None = None
    target_seconds: float = DEFAULT_TARGET_SECONDS
    theme: str = "system"
    # Opaque window state from Qt (hex), kept here so that all user data stays under the app folder.
    window_geometry: str | None = None
    seen_intro: bool = False
    # One of PITCH_LANGUAGES. A settings file written before the choice existed, and a first run,
    # get the system locale's language (load_settings), not this default.
    pitch_language: str = "en"
    ui_language: str | None = None
    # What the user practises for (core/scenarios.py): the Practice page's picker. Its target is copied
    # into target_seconds when picked, so the timer, the budget and the scoring follow it.
    scenario: str = DEFAULT_SCENARIO
    # Rehearsing against the written pitch: "off", "read_along" (shown while recording) or "from_memory".
    rehearsal_mode: str = "off"
    extra: dict[str, Any] = field(default_factory=dict)  # room for teammates' keys without a schema change
    version: int = SETTINGS_VERSION

    def normalised(self) -> Settings:
        """A copy with every field forced into its valid range."""
        s = Settings(**asdict(self))
        s.target_seconds = clamp_target(s.target_seconds)
        if s.theme not in THEMES:
            s.theme = "system"
        if s.input_device is not None and not isinstance(s.input_device, str):
            s.input_device = None
        if s.model_path is not None and (not isinstance(s.model_path, str) or not s.model_path.strip()):
            s.model_path = None
        if s.window_geometry is not None and not isinstance(s.window_geometry, str):
            s.window_geometry = None
        s.seen_intro = bool(s.seen_intro)
        if s.pitch_language not in PITCH_LANGUAGES:
            s.pitch_language = "en"
        if s.ui_language not in UI_LANGUAGE_CODES:
            s.ui_language = None
        if not isinstance(s.scenario, str) or not s.scenario.strip():
            s.scenario = DEFAULT_SCENARIO
        if s.rehearsal_mode not in ("off", "read_along", "from_memory"):
            s.rehearsal_mode = "off"
        if not isinstance(s.extra, dict):
            s.extra = {}
        s.version = SETTINGS_VERSION
        return s

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Settings:
        known = {f.name for f in fields(cls)}
        s = cls(**{k: v for k, v in d.items() if k in known})
        if "scenario" not in d and clamp_target(s.target_seconds) != DEFAULT_TARGET_SECONDS:
            # Written before scenarios: a target of the user's own is the Custom scenario now, so it
            # stays what their takes are timed against (networking is 20 s).
            s.scenario = CUSTOM_SCENARIO
        return s.normalised()


# A settings file is a few hundred bytes; anything this big is not ours (or is damage).
MAX_SETTINGS_BYTES = 1_000_000
# Real settings nest two levels ("extra" holds small dicts). Much deeper JSON is damage or an
# attack on the parser: json.loads raises RecursionError near 1,000 levels, and a file just under
# that would fail later when saved from a deeper call stack.
MAX_SETTINGS_DEPTH = 32


def _depth(value: object) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list):
            stack.extend((x, d + 1) for x in v)
    return deepest


def load_settings(path: Path, locale_name: str | None = None) -> Settings:
    """Read settings; never raises for a bad file (defaults are used and the reason logged).

    A file that cannot be used (not UTF-8, not JSON, nested absurdly deep, huge) is kept aside as
    ``settings.json.corrupt`` for the user to recover, never silently overwritten. The pitch language
    not yet chosen (first run, or a file from before the choice existed) follows the system locale
    (``locale_name`` overrides it; see system_pitch_language).
    """
    first = Settings(pitch_language=system_pitch_language(locale_name))
    try:
        with open(path, "rb") as f:
            raw_bytes = f.read(MAX_SETTINGS_BYTES + 1)
    except FileNotFoundError:
        return first
    except OSError as e:
        log.warning("Could not read settings %s: %s; using defaults", path, e)
        return first
    try:
        if len(raw_bytes) > MAX_SETTINGS_BYTES:
            raise ValueError(f"over {MAX_SETTINGS_BYTES} bytes")
        # utf-8-sig: Notepad starts a UTF-8 file with a byte-order mark, which plain "utf-8" keeps as
        # U+FEFF and json then rejects (issue 23: every setting was reset).
        data = json.loads(raw_bytes.decode("utf-8-sig"))
        if not isinstance(data, dict):
            raise ValueError("top level is not an object")
        if _depth(data) > MAX_SETTINGS_DEPTH:
            raise ValueError(f"nested more than {MAX_SETTINGS_DEPTH} levels deep")
        return Settings.from_dict({"pitch_language": first.pitch_language, **data})
    except (ValueError, TypeError, RecursionError) as e:  # UnicodeDecodeError is a ValueError
        log.warning("Settings file %s is corrupt (%s); keeping a copy and using defaults", path, e)
        _set_aside(path)
        return first


def _set_aside(path: Path) -> None:
    aside = path.with_name(path.name + ".corrupt")
    n = 1
    while aside.exists():  # an earlier bad copy is the user's too: keep both
        aside = path.with_name(f"{path.name}.corrupt-{n}")
        n += 1
    try:
        path.replace(aside)
    except OSError:
        log.exception("Could not move the corrupt settings file aside")


def save_settings(path: Path, settings: Settings) -> None:
    """Atomically replace the settings file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(settings.normalised().to_dict(), indent=2, sort_keys=True)
    # 0600 as before: the file is the user's own, nothing in it is meant to be shared.
    atomic_write_text(path, data, mode=0o600)


class SettingsStore:
    """The one live Settings object of a running app, saved on every change.

    Built once by the app and passed to whoever needs it, so there is no global config.
    """

    def __init__(self, path: Path, locale_name: str | None = None) -> None:
        self.path = path
        self.value = load_settings(path, locale_name)

    def update(self, **changes: object) -> Settings:
        data = self.value.to_dict()
        unknown = set(changes) - set(data)
        if unknown:
            raise KeyError(f"unknown settings: {sorted(unknown)}")
        data.update(changes)
        self.value = Settings.from_dict(data)
        try:
            save_settings(self.path, self.value)
        except OSError:
            # A full disk must not take the app down; the change still applies for this session.
            log.exception("Could not save settings to %s", self.path)
        return self.value
