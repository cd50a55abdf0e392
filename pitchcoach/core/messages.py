"""The words of the feedback in the interface language (issue 25): a message catalog, Qt-free.

Core says *what* to tell the user as an id and plain arguments (``Message("fillers.message",
{"count": 4})``); the text is made when it is shown, in the language the user reads: the Settings'
interface language in the window, the same or the locale in the CLI. So a take scored once shows in
English or Chinese alike, and stored takes keep the id and arguments, not one language's sentence.

The texts are data: ``core/data/messages/<ui_language>.toml`` (English is the source), plus any
``core/data/messages/<ui_language>/*.toml`` (one file per area, e.g. reports, so that helpers adding
texts do not all edit one file). TOML tables give the ids: ``[fillers] message = "..."`` is
``fillers.message``. Texts are ``str.format`` templates with named placeholders and three extra
format specs, so that a template, not the code, decides how a language writes them:

- ``{n:plural:word:words}`` picks the singular when n == 1 (Chinese templates simply write 个字);
- ``{items:list}`` joins a list with the language's separator (", " / "、");
- ``{items:quoted}`` quotes a value, or each item of a list, in the language's quotes (“ ” / 「」);
- ``{x:msg}`` renders an argument that is itself a message (``{"id": ..., "args": {...}}``), and
  ``{x:lower}`` the same in lower case;
- ``{parts:join}`` renders a list of messages as consecutive sentences (" " / no space), and
  ``{parts:semi}`` as parts of one sentence ("; " / "；");
- ``{n:times}`` says how often ("once", "3 times" / "3 次");
- ``{x:lang}`` picks from words a data file gives per interface language (``{"": own words, "zh_CN": ...}``),
  e.g. a scenario's title, so that a note scored once reads in either language.

An id missing from a translation falls back to English (logged once per id); an id missing from
English too shows as the id itself (logged), never as a traceback in front of the user.
"""

from __future__ import annotations

import locale
import logging
import os
import string
import threading
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)

ENGLISH = "en"
CHINESE = "zh_CN"
UI_LANGUAGES: tuple[str, ...] = (ENGLISH, CHINESE)
# Each language by its own name (a user who cannot read the current one must still find theirs).
UI_LANGUAGE_NAMES: dict[str, str] = {ENGLISH: "English", CHINESE: "简体中文"}


def normalize_ui_language(code: str | None) -> str | None:
    """ "zh", "zh-CN", "zh_Hans", "zh_CN.UTF-8", "zh_TW" -> "zh_CN"; "en_GB" -> "en"; anything else None.

    Any Chinese locale reads Simplified Chinese (closer than English for zh_TW/zh_HK users too)."""
    if not code:
        return None
    c = code.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if c.startswith("zh"):
        return CHINESE
    if c == "en" or c.startswith("en_"):
        return ENGLISH
    return None


def system_ui_language(env: Mapping[str, str] | None = None) -> str:
    """The interface language of the system locale, read as POSIX orders it: LC_ALL, LC_MESSAGES, LANG
    (then LANGUAGE's first entry and, with no variable set, the locale module). English when the locale
    names neither language (C, POSIX, fr_FR, ...)."""
    env = os.environ if env is None else env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:  # the first one set decides, even if it is C (POSIX: it overrides the later ones)
            return normalize_ui_language(value) or ENGLISH
    first = env.get("LANGUAGE", "").split(":")[0]
    if first:
        return normalize_ui_language(first) or ENGLISH
    if env is os.environ:
        try:
            name = locale.getlocale()[0]
        except ValueError:
            name = None
        return normalize_ui_language(name) or ENGLISH
    return ENGLISH


def resolve_ui_language(setting: str | None, override: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The interface language in force: a one-run override, else the Settings value, else the locale."""
    for choice in (override, setting):
        if choice in UI_LANGUAGES:
            return str(choice)
    return system_ui_language(env)


@dataclass(frozen=True)
class Message:
    """A text to show, not yet in any language: an id in the catalog and its arguments (plain JSON
    values: str, int, float, bool, None, lists of them, or a nested message as {"id", "args"})."""

    id: str
    args: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "args": _plain(self.args)}

    @classmethod
    def from_dict(cls, d: Any) -> Message | None:
        """A stored message, or None for anything that is not one (older records, damaged files)."""
        if not isinstance(d, dict) or not isinstance(d.get("id"), str) or not d["id"]:
            return None
        args = d.get("args")
        return cls(d["id"], dict(args) if isinstance(args, dict) else {})


def _plain(value: Any) -> Any:
    """An argument as plain JSON: nested messages as {"id", "args"}, tuples as lists."""
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def msg(msg_id: str, **args: Any) -> Message:
    """A message whose arguments are plain JSON values (a nested message is kept as its dict), so that
    it is stored and compared as it is."""
    return Message(msg_id, {k: _plain(v) for k, v in args.items()})


def quoted_list(items: Sequence[str], limit: int = 3) -> Message:
    """Up to ``limit`` items, each quoted, and how many more there were: "'a', 'b' and 2 more"."""
    items = list(items)
    if len(items) > limit:
        return msg("text.quoted_list_more", items=items[:limit], more=len(items) - limit)
    return msg("text.quoted_list", items=items)


def unique(messages: Iterable[Message]) -> list[Message]:
    """Messages without repeats, first come first kept (two rules' identical tips said once)."""
    seen: list[Message] = []
    for m in messages:
        if m not in seen:
            seen.append(m)
    return seen


# How each language writes the pieces the format specs add.
_LIST_SEPARATOR = {ENGLISH: ", ", CHINESE: "、"}
# English quotes a word back in single quotes, as the rules always did ("'um' ×2"); Chinese in 「」.
_QUOTES = {ENGLISH: ("'", "'"), CHINESE: ("「", "」")}


class _Formatter(string.Formatter):
    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def format_field(self, value: Any, format_spec: str) -> str:
        cat = self.catalog
        if format_spec.startswith("plural:"):
            _, one, other = (format_spec.split(":") + ["", ""])[:3]
            return one if value == 1 else other
        if format_spec == "list":
            items = value if isinstance(value, list | tuple) else [value]
            return cat.list_separator.join(cat.plain(v) for v in items)
        if format_spec == "quoted":
            items = value if isinstance(value, list | tuple) else [value]
            return cat.list_separator.join(cat.quote(cat.plain(v)) for v in items)
        if format_spec == "msg":
            return cat.plain(value)
        if format_spec == "lang":  # data words given per interface language ({"": own, "zh_CN": ...})
            if isinstance(value, dict):
                return cat.plain(value.get(cat.language, value.get("", next(iter(value.values()), ""))))
            return cat.plain(value)  # stored before the words were kept per language: as they were said
        if format_spec == "lower":
            return cat.plain(value).lower()
        if format_spec == "semi":  # parts of one sentence: "; " / "；"
            items = value if isinstance(value, list | tuple) else [value]
            return ("；" if cat.language == CHINESE else "; ").join(cat.plain(v) for v in items)
        if format_spec == "times":  # how often: "once", "3 times" / "3 次"
            if cat.language == CHINESE:
                return f"{value} 次"
            return "once" if value == 1 else f"{value} times"
        if format_spec == "join":  # sentences one after another: a space in English, nothing in Chinese
            items = value if isinstance(value, list | tuple) else [value]
            return cat.sentence_separator.join(cat.plain(v) for v in items)
        return super().format_field(value, format_spec)


def placeholders(template: str, plural_only: bool = True) -> set[str]:
    """The argument names a template uses ("{n:plural:a:b}" and "{n}" both name n). With
    ``plural_only`` False, names used only to pick a plural form are left out: Chinese has no plural,
    so its text may leave them unused."""
    names: set[str] = set()
    for _, name, spec, _ in string.Formatter().parse(template):
        if name and (plural_only or not (spec or "").startswith("plural:")):
            names.add(name.split(".")[0].split("[")[0])
    return names


class Catalog:
    """The texts of one interface language, with English underneath for ids it lacks."""

    def __init__(self, language: str, texts: dict[str, str], fallback: Catalog | None = None) -> None:
        self.language = language
        self.texts = texts
        self.fallback = fallback
        self.list_separator = _LIST_SEPARATOR.get(language, ", ")
        self.sentence_separator = "" if language == CHINESE else " "
        self.quotes = _QUOTES.get(language, _QUOTES[ENGLISH])
        self._warned: set[str] = set()
        self._lock = threading.Lock()

    def __contains__(self, msg_id: object) -> bool:
        return msg_id in self.texts

    def ids(self) -> set[str]:
        return set(self.texts)

    def quote(self, text: str) -> str:
        left, right = self.quotes
        return f"{left}{text}{right}"

    def _warn_once(self, msg_id: str, what: str) -> None:
        with self._lock:
            if msg_id in self._warned:
                return
            self._warned.add(msg_id)
        log.warning("message %r %s", msg_id, what)

    def template(self, msg_id: str) -> tuple[Catalog, str] | None:
        if msg_id in self.texts:
            return self, self.texts[msg_id]
        if self.fallback is not None:
            found = self.fallback.template(msg_id)
            if found is not None:
                self._warn_once(msg_id, f"has no {self.language} text; showing {self.fallback.language}")
                return found
        return None

    def text(self, msg_id: str, **args: Any) -> str:
        """The text of ``msg_id`` in this language with ``args`` filled in."""
        found = self.template(msg_id)
        if found is None:
            self._warn_once(msg_id, "is in no catalog")
            return msg_id
        cat, template = found
        try:
            # The fallback's own formatter: English separators and quotes around English text.
            return _Formatter(cat).vformat(template, (), args)
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            log.warning("message %r could not be filled in (%s: %s); args %r", msg_id, type(exc).__name__, exc, args)
            return template

    def render(self, message: Message | None, fallback: str = "") -> str:
        """A message in this language; ``fallback`` (e.g. a record's stored English) when there is none."""
        if message is None:
            return fallback
        return self.text(message.id, **message.args)

    def plain(self, value: Any) -> str:
        """An argument as text: a nested message rendered, anything else as str()."""
        if isinstance(value, Message):
            return self.render(value)
        if isinstance(value, dict):
            nested = Message.from_dict(value)
            if nested is not None:
                return self.render(nested)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)


def _flatten(prefix: str, table: Mapping[str, Any], out: dict[str, str], source: str) -> None:
    for key, value in table.items():
        msg_id = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(msg_id, value, out, source)
        elif isinstance(value, str):
            if msg_id in out:
                raise ValueError(f"{source}: message {msg_id!r} is defined twice")
            out[msg_id] = value
        else:
            raise ValueError(f"{source}: message {msg_id!r} is not a string")


def _sources(language: str) -> Iterable[tuple[str, str]]:
    root = resources.files("pitchcoach").joinpath("core", "data", "messages")
    main = root.joinpath(f"{language}.toml")
    if main.is_file():
        yield f"messages/{language}.toml", main.read_text(encoding="utf-8")
    folder = root.joinpath(language)
    if folder.is_dir():
        for part in sorted(folder.iterdir(), key=lambda p: p.name):
            if part.name.endswith(".toml"):
                yield f"messages/{language}/{part.name}", part.read_text(encoding="utf-8")


def load_texts(language: str) -> dict[str, str]:
    """Every id -> template of one language, from its packaged files. A broken file is a bug in the
    package (tests read every file), so it raises rather than shows half the texts."""
    out: dict[str, str] = {}
    for source, text in _sources(language):
        _flatten("", tomllib.loads(text), out, source)
    return out


_cache: dict[str, Catalog] = {}
_cache_lock = threading.Lock()


def get_catalog(ui_language: str | None) -> Catalog:
    """The catalog of an interface language ("en", "zh_CN"; "zh", "zh-CN" and the like too).
    An unknown language gets English. Loaded once per process and shared (read-only)."""
    code = normalize_ui_language(ui_language) or ENGLISH
    with _cache_lock:
        cat = _cache.get(code)
        if cat is None:
            english = _cache.get(ENGLISH) or Catalog(ENGLISH, load_texts(ENGLISH))
            _cache[ENGLISH] = english
            cat = english if code == ENGLISH else Catalog(code, load_texts(code), fallback=english)
            _cache[code] = cat
        return cat


def english() -> Catalog:
    return get_catalog(ENGLISH)
