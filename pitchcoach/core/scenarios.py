"""Scenarios: what the user is practising for (issue 26), as data files.

A scenario is one TOML file: a name (the file's stem), a target length, a short description of the
room, and the rubric emphasis (rules that count more or less, and what the pitch must contain).
The built-in ones live in ``pitchcoach/core/data/scenarios/<lang>/``; a user adds or replaces one
by dropping a file into ``<data folder>/scenarios/<lang>/``. Scenario names are the same in every
language, so ``--scenario investor`` means the investor intro whatever language the take is in.
What is *shown* follows the interface language instead: a file's ``[display.<ui_language>]`` table gives
its title and description in that interface language (an English pitch in the Chinese interface lists
投资人介绍), and a file without one shows its own words. Stored takes keep the name only.

A user's file is data the user (or whoever hands them a file) controls: a file that cannot be used
is skipped with a warning that names the file and the line, and the built-ins still load. A broken
built-in file is a bug in the app and raises.
"""

from __future__ import annotations

import logging
import re
import stat
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pitchcoach.core.errors import UserFacingError
from pitchcoach.core.messages import UI_LANGUAGES, Message, english, msg
from pitchcoach.core.scoring.result import CLARITY_RULES, DELIVERY_RULES, LISTENER_RULES
from pitchcoach.core.scoring.targets import DEFAULT_TARGET_SECONDS, TARGET_MAX_SECONDS, TARGET_MIN_SECONDS

log = logging.getLogger(__name__)

DEFAULT_SCENARIO = "networking"
CUSTOM_SCENARIO = "custom"
DEFAULT_LANGUAGE = "en"
# Built-ins, in the order a picker lists them; user scenarios follow, by name.
BUILTIN_ORDER = ("networking", "recruiter", "investor", "sales_call", "custom")

# The rules a scenario may weight (the timing verdict is the target itself, not a weight).
WEIGHTED_RULES = frozenset(CLARITY_RULES + DELIVERY_RULES + LISTENER_RULES)
# [design choice] a rule counts at most 3x and at least 0x its rubric weight: past 3x one rule would
# decide the whole category, which no room's advice supports.
MAX_EMPHASIS = 3.0
# A user file over this size is refused (a scenario is a few hundred bytes).
MAX_USER_FILE_BYTES = 32 * 1024
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_TOP_KEYS = frozenset({"title", "description", "target_seconds", "emphasis", "required_rules", "required", "display"})
_REQUIRED_KEYS = frozenset(
    {"id", "label", "phrases", "within_first", "in_question", "after", "message", "tip", "display"}
)


class ScenarioError(UserFacingError):
    """A scenario file that cannot be used, or a name that matches no scenario."""


@dataclass(frozen=True)
class Requirement:
    """Something the pitch must contain in this room (the investor's ask, the caller's permission)."""

    id: str
    label: str
    phrases: tuple[str, ...]  # normalised phrases; any one of them meets the requirement
    message: str  # what the user is told when it is missing
    tip: str
    within_first: float = 1.0  # share of the take it must start within (1 = anywhere)
    in_question: bool = False  # it must be said inside a question
    after: str = ""  # another requirement's id: this one must be met in a later sentence than that one
    # Interface language -> its label, message and tip ([required.display.<ui_language>]).
    display: dict[str, dict[str, str]] = field(default_factory=dict)

    def label_in(self, ui_language: str) -> str:
        return self.display.get(ui_language, {}).get("label", self.label)

    def words(self, key: str) -> dict[str, str]:
        """The label, message or tip in every language the file gives, for a stored note (``{x:lang}``):
        "" is the file's own words."""
        own = {"label": self.label, "message": self.message, "tip": self.tip}[key]
        return {"": own, **{ui: t[key] for ui, t in self.display.items() if key in t}}


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    description: str
    # None: the user's own target (the custom scenario); otherwise the scenario's length.
    target_seconds: float | None
    language: str = DEFAULT_LANGUAGE
    emphasis: dict[str, float] = field(default_factory=dict)  # rule id -> multiplier of its weight
    required_rules: tuple[str, ...] = ()  # rule ids that must lose no points
    required: tuple[Requirement, ...] = ()
    source: str = ""  # the file it came from, for messages
    # The title and description in other interface languages ([display.<ui_language>] in the file): an
    # English pitch's scenarios read in Chinese in the Chinese interface. A file without one shows its own.
    display: dict[str, tuple[str, str]] = field(default_factory=dict)

    def title_in(self, ui_language: str) -> str:
        return self.display[ui_language][0] if ui_language in self.display else self.title

    def title_words(self) -> dict[str, str]:
        """The title in every language the file gives ("" its own), for a stored note (``{title:lang}``)."""
        return {"": self.title, **{ui: t for ui, (t, _d) in self.display.items()}}

    def description_in(self, ui_language: str) -> str:
        shown = self.display.get(ui_language)
        return shown[1] if shown is not None and shown[1] else self.description

    @property
    def plain(self) -> bool:
        """No emphasis and nothing required: scored exactly as the rubric alone scores."""
        return not self.emphasis and not self.required_rules and not self.required

    def target_or(self, fallback: float = DEFAULT_TARGET_SECONDS) -> float:
        return self.target_seconds if self.target_seconds is not None else fallback


@dataclass
class ScenarioCatalog:
    """Every scenario that loaded, per language, and the warnings about user files that did not."""

    by_language: dict[str, dict[str, Scenario]]
    # The same warnings as catalog messages, for output in the interface language (issue 25);
    # ``warnings`` keeps their English for the log.
    warning_msgs: list[Message] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [english().render(w) for w in self.warning_msgs]

    def names(self, language: str = DEFAULT_LANGUAGE) -> list[str]:
        found = self.by_language.get(language) or self.by_language.get(DEFAULT_LANGUAGE, {})
        builtin = [n for n in BUILTIN_ORDER if n in found]
        return builtin + sorted(n for n in found if n not in BUILTIN_ORDER)

    def find(self, name: str, language: str | None = None) -> Scenario | None:
        """The named scenario in the take's language, else in English (names are the same in both)."""
        for lang in (language or DEFAULT_LANGUAGE, DEFAULT_LANGUAGE):
            s = self.by_language.get(lang, {}).get(name)
            if s is not None:
                return s
        return None

    def get(self, name: str, language: str | None = None) -> Scenario:
        """Like :meth:`find`, but an unknown name raises ScenarioError with the names there are."""
        s = self.find(name, language)
        if s is None:
            known = ", ".join(self.names(language or DEFAULT_LANGUAGE))
            raise ScenarioError(msg=msg("scenario_error.unknown", name=name, known=known))
        return s

    @property
    def default(self) -> Scenario:
        return self.get(DEFAULT_SCENARIO)


def _line_of(text: str, key: str) -> int | None:
    """The first line that sets ``key`` (for messages about a value that parsed but is not usable)."""
    m = re.search(rf"^[ \t]*\[*[ \t]*{re.escape(key)}[ \t]*[=\].]", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _where(source: str, text: str, key: str) -> Message | str:
    line = _line_of(text, key)
    return msg("scenario_file.where_line", source=source, line=line) if line else source


def _number(v: Any) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def parse_scenario(text: str, name: str, source: str, language: str = DEFAULT_LANGUAGE) -> Scenario:
    """One scenario from its file's text. Raises ScenarioError naming the file, the line and the fix."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = msg("scenario_file.where_line", source=source, line=int(m.group(1))) if m else source
        # TOML's own reason stays as tomllib words it (it is not ours to translate).
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ScenarioError(msg=msg("scenario_file.not_toml", where=where, reason=reason)) from None

    def fail(at: str, problem: str, **args: Any) -> ScenarioError:
        """``problem``: the scenario_file.* message saying what is wrong with the setting ``at``, and its fix."""
        where = _where(source, text, at)
        return ScenarioError(msg=msg("scenario_file.at", where=where, problem=msg(f"scenario_file.{problem}", **args)))

    if not NAME_RE.match(name):
        raise ScenarioError(msg=msg("scenario_file.bad_name", source=source, name=name))
    for key in data:
        if key not in _TOP_KEYS:
            raise fail(key, "unknown_key", name=key, allowed=", ".join(sorted(_TOP_KEYS)))
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise fail("title", "no_title")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise fail("description", "description_text")

    target: float | None = None
    if "target_seconds" in data:
        target = _number(data["target_seconds"])
        if target is None or not TARGET_MIN_SECONDS <= target <= TARGET_MAX_SECONDS:
            raise fail("target_seconds", "target_range", lo=f"{TARGET_MIN_SECONDS:g}", hi=f"{TARGET_MAX_SECONDS:g}")
    elif name != CUSTOM_SCENARIO:
        raise fail("title", "no_target")

    emphasis: dict[str, float] = {}
    raw_emphasis = data.get("emphasis", {})
    if not isinstance(raw_emphasis, dict):
        raise fail("emphasis", "emphasis_table")
    rules = ", ".join(sorted(WEIGHTED_RULES))
    for rule, value in raw_emphasis.items():
        if rule not in WEIGHTED_RULES:
            raise fail(rule, "not_a_rule", rule=rule, rules=rules)
        factor = _number(value)
        if factor is None or not 0.0 <= factor <= MAX_EMPHASIS:
            raise fail(rule, "emphasis_range", rule=rule, max=f"{MAX_EMPHASIS:g}")
        if factor != 1.0:
            emphasis[rule] = factor

    required_rules = data.get("required_rules", [])
    if not isinstance(required_rules, list) or not all(isinstance(r, str) for r in required_rules):
        raise fail("required_rules", "required_rules_list")
    for rule in required_rules:
        if rule not in WEIGHTED_RULES:
            raise fail("required_rules", "not_a_rule", rule=rule, rules=rules)

    raw_required = data.get("required", [])
    if not isinstance(raw_required, list) or not all(isinstance(r, dict) for r in raw_required):
        raise fail("required", "required_tables")
    required = tuple(_requirement(r, fail) for r in raw_required)
    display = _display(data.get("display", {}), fail)
    ids = [r.id for r in required]
    for r in required:
        if r.after and r.after not in ids[: ids.index(r.id)]:
            raise fail("after", "after_above", after=r.after)
    return Scenario(
        name=name,
        title=title.strip(),
        description=description.strip(),
        target_seconds=target,
        language=language,
        emphasis=emphasis,
        required_rules=tuple(dict.fromkeys(required_rules)),
        required=required,
        source=source,
        display=display,
    )


def _display(raw: Any, fail: Any) -> dict[str, tuple[str, str]]:
    """[display.zh_CN] title = "...", description = "...": the scenario's words in that interface language."""
    if not isinstance(raw, dict):
        raise fail("display", "display_tables")
    out: dict[str, tuple[str, str]] = {}
    for ui, table in raw.items():
        if ui not in UI_LANGUAGES:
            raise fail("display", "display_language", ui=ui)
        title = table.get("title") if isinstance(table, dict) else None
        description = table.get("description", "") if isinstance(table, dict) else None
        if not isinstance(title, str) or not title.strip() or not isinstance(description, str):
            raise fail("display", "display_title", ui=ui)
        out[ui] = (title.strip(), description.strip())
    return out


def _requirement(r: dict[str, Any], fail: Any) -> Requirement:
    for key in r:
        if key not in _REQUIRED_KEYS:
            raise fail(key, "required_unknown_key", name=key, allowed=", ".join(sorted(_REQUIRED_KEYS)))
    for key in ("id", "label", "message", "tip"):
        if not isinstance(r.get(key), str) or not r[key].strip():
            raise fail("required", "required_needs", name=key)
    phrases = r.get("phrases")
    if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise fail("phrases", "phrases_list")
    from pitchcoach.core.words import normalize_phrase

    within = _number(r.get("within_first", 1.0))
    if within is None or not 0.0 < within <= 1.0:
        raise fail("within_first", "within_first")
    in_question = r.get("in_question", False)
    if not isinstance(in_question, bool):
        raise fail("in_question", "in_question")
    after = r.get("after", "")
    if not isinstance(after, str):
        raise fail("after", "after_text")
    shown = r.get("display", {})
    if not isinstance(shown, dict) or not all(
        ui in UI_LANGUAGES
        and isinstance(t, dict)
        and t
        and all(k in ("label", "message", "tip") and isinstance(v, str) and v.strip() for k, v in t.items())
        for ui, t in shown.items()
    ):
        raise fail("required", "required_display")
    return Requirement(
        id=r["id"].strip(),
        label=r["label"].strip(),
        phrases=tuple(p for p in (normalize_phrase(x) for x in phrases) if p),
        message=r["message"].strip(),
        tip=r["tip"].strip(),
        within_first=within,
        in_question=in_question,
        after=after.strip(),
        display={ui: {k: v.strip() for k, v in t.items()} for ui, t in shown.items()},
    )


def _builtin_root() -> Path:
    return Path(str(resources.files("pitchcoach").joinpath("core", "data", "scenarios")))


def _files(folder: Path) -> Iterable[tuple[str, Path]]:
    """(language, file) for every .toml in ``folder/<lang>/``, in a stable order."""
    if not folder.is_dir():
        return []
    return [(lang.name, f) for lang in sorted(folder.iterdir()) if lang.is_dir() for f in sorted(lang.glob("*.toml"))]


def load_scenarios(user_dir: Path | None = None) -> ScenarioCatalog:
    """The built-in scenarios plus the user's. A user file that cannot be used is skipped with a
    warning naming the file and line; a user file named like a built-in one replaces it."""
    catalog = ScenarioCatalog(by_language={})
    for lang, f in _files(_builtin_root()):
        s = parse_scenario(f.read_text(encoding="utf-8"), f.stem, f"built-in scenario {lang}/{f.name}", lang)
        catalog.by_language.setdefault(lang, {})[s.name] = s
    if user_dir is None:
        return catalog
    for lang, f in _files(Path(user_dir)):
        try:
            st = f.stat()
            if not stat.S_ISREG(st.st_mode):
                # Only stat-ed: opening a named pipe would wait for a writer, and this runs at start-up.
                raise ScenarioError(msg=msg("scenario_file.not_regular", path=str(f)))
            if st.st_size > MAX_USER_FILE_BYTES:
                raise ScenarioError(msg=msg("scenario_file.too_big", path=str(f), kb=MAX_USER_FILE_BYTES // 1024))
            try:
                text = f.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise ScenarioError(msg=msg("scenario_file.not_utf8", path=str(f))) from None
            s = parse_scenario(text, f.stem, str(f), lang)
        except ScenarioError as exc:
            why = exc.msg if exc.msg is not None else str(exc)
            catalog.warning_msgs.append(msg("scenario_file.skipped", why=why))
            continue
        except OSError as exc:
            log.warning("cannot read scenario %s", f, exc_info=True)
            catalog.warning_msgs.append(msg("scenario_file.unreadable", path=str(f), reason=exc.strerror or str(exc)))
            continue
        catalog.by_language.setdefault(lang, {})[s.name] = s
    for w in catalog.warnings:
        log.warning("%s", w)
    return catalog
