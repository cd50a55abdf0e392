"""Word lists the scoring rules use, packaged with the app and extendable by the user.

The packaged lists live in ``pitchcoach/core/lexicons/<language>/`` (``en``, ``zh``: issue 24's
language seam, core/language.py). A user may drop a file with the same name into the same-named
subfolder of their lexicon folder (``AppPaths.lexicons``/``<language>``); its entries are added to
the packaged ones. A file right in the lexicon folder (where they went before there was more than
one language) still applies to English. One entry per line, ``#`` starts a comment. A line that
cannot be used (a bad regex, a missing tab, an unknown filler class, bytes that are not UTF-8)
is skipped with a warning that names the file and the line: a typo in a word list must never
stop the app from scoring, and one bad line must not cost the rest of the file.

A word list is data the user (or whoever hands them a file) controls, so it is read with limits:
files over ``MAX_USER_FILE_BYTES`` are refused (a 9.4 MB list once took 17 s and 1.2 GB to
compile), and the user's regular expressions run on the ``regex`` engine with a time limit,
because Python's ``re`` cannot be interrupted and ``(\\w+\\s*)*!`` backtracks for hours.

All regexes are compiled here, once per ``Lexicons`` object, so scoring a take compiles nothing.
"""

from __future__ import annotations

import logging
import re
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from pitchcoach.core.language import SUPPORTED_LANGUAGES, LanguageProfile, get_profile
from pitchcoach.core.messages import Catalog, Message, english, msg
from pitchcoach.core.transcript import normalize_phrase

log = logging.getLogger(__name__)

FILLER_CLASSES = frozenset({"filled_pause", "crutch", "vague", "tag", "phrase", "discourse", "like"})

# Word edges for phrase matching over the normalised text: a phrase must not be glued to a
# letter, digit, apostrophe or hyphen ("buy" must not fire inside "buy-in", "i" not in "i'm").
_EDGE_BEFORE = r"(?<![\w'#-])"
_EDGE_AFTER = r"(?![\w'-])"

# A user list over this size is refused with a message. 64 KB holds some 5,000 phrases, far more
# than anyone types; compiling that many already takes about half a second (benchmarked in
# docs/reliability.md), and the cost grows with the list.
MAX_USER_FILE_BYTES = 64 * 1024
MAX_PATTERN_CHARS = 500
# How long one user pattern may take over one text. A sane pattern takes microseconds on a
# transcript; the limit only ever trips on runaway backtracking, so it can be generous for a
# loaded machine and still stop a hang.
PATTERN_TIMEOUT_S = 0.25
# After this many too-slow patterns in one file, the rest of that file's patterns are skipped
# rather than each costing a probe timeout at start-up.
MAX_SLOW_PATTERNS_PER_FILE = 3
# Probed at load time: transcript-like text with no punctuation or digits, where a runaway
# pattern (one that can split a run of words many ways and then fails) shows itself at once.
_PROBE_TEXTS = (
    " ".join(["so we help small teams save time every week and they can focus on the work"] * 6),
    "a" * 300,
    " ".join(["a"] * 200),
)

PACKAGED_FILES = (
    "fillers.tsv",
    "buzzwords.tsv",
    "hedges.txt",
    "brag.txt",
    "cta.txt",
    "help_offers.txt",
    "role_nouns.txt",
    "acronym_allowlist.txt",
    "hallucinations.txt",
    "benefit_patterns.txt",
    "question_patterns.txt",
    "what_you_do_patterns.txt",
    "proof_patterns.txt",
    "hesitations.toml",
    "credentials.txt",
    "grammar.toml",
)


def phrase_regex(phrases: list[str] | tuple[str, ...], spaced: bool = True) -> re.Pattern[str] | None:
    """One alternation over all phrases, longest first so "take my card" wins over "my card".

    In a spaced language a phrase must start and end on a word edge (\\w edges). Unspaced text
    (Chinese) has no such edges: there the phrase is matched anywhere and NormText keeps only the
    matches that start and end on the segmenter's word boundaries (scoring/tokens.py)."""
    if not phrases:
        return None
    alts = sorted(set(phrases), key=lambda p: (-len(p), p))
    body = "(?:" + "|".join(re.escape(p) for p in alts) + ")"
    return re.compile(_EDGE_BEFORE + body + _EDGE_AFTER if spaced else body)


class TimedPattern:
    """A user's regular expression, run with a time limit.

    Quacks like the ``re.Pattern`` methods the scoring rules use (``finditer``, ``search``,
    ``pattern``). If a search ever runs out of time the pattern is switched off for the rest of
    the process, with one warning naming its file and line, so a take is scored (without it)
    instead of hanging.
    """

    def __init__(self, compiled: Any, source: str, timeout: float = PATTERN_TIMEOUT_S) -> None:
        self._compiled = compiled
        self.pattern: str = compiled.pattern
        self.source = source  # "<file> line <n>", for messages
        self.timeout = timeout
        self.disabled = False
        self._lock = threading.Lock()

    def finditer(self, text: str) -> Iterator[Any]:
        if self.disabled:
            return iter(())
        try:
            # Materialised so the time limit covers the whole scan, not just the first match.
            return iter(list(self._compiled.finditer(text, timeout=self.timeout)))
        except TimeoutError:
            self._switch_off()
            return iter(())

    def search(self, text: str) -> Any:
        return next(self.finditer(text), None)

    def match(self, text: str, pos: int = 0) -> Any:
        """A match starting exactly at ``pos`` (unspaced text is matched word start by word start)."""
        if self.disabled:
            return None
        try:
            return self._compiled.match(text, pos, timeout=self.timeout)
        except TimeoutError:
            self._switch_off()
            return None

    def _switch_off(self) -> None:
        """Off for the rest of the process; warned about once, however many threads ran out of time."""
        with self._lock:
            first = not self.disabled
            self.disabled = True
        if first:
            log.warning("%s: pattern %r ran out of time; switched off", self.source, self.pattern)

    def __repr__(self) -> str:
        return f"TimedPattern({self.pattern!r}, {self.source})"


Pattern = re.Pattern[str] | TimedPattern


def _shape(value: object) -> re.Pattern[str] | None:
    try:
        return re.compile(f"^(?:{value})$") if isinstance(value, str) and value else None
    except re.error:
        log.warning("hesitations.toml: filled_pauses.shape %r is not a valid pattern; ignored", value)
        return None


def _words(value: object) -> frozenset[str]:
    return frozenset(str(value).split()) if isinstance(value, str) else frozenset()


@dataclass(frozen=True)
class HesitationWords:
    """The context words of the hesitation rules (hesitations.toml): which neighbours make a
    marker an ordinary word, which repeats are stalls, what a false start looks like."""

    like_verb_before: frozenset[str] = frozenset()
    like_prep_before: frozenset[str] = frozenset()
    like_quotative_before: frozenset[str] = frozenset()
    number_words: frozenset[str] = frozenset()
    phrase_literal_before: frozenset[str] = frozenset()
    phrase_subjects: frozenset[str] = frozenset()
    interjections: frozenset[str] = frozenset()  # multi-word entries, normalised
    not_before: dict[str, frozenset[str]] = field(default_factory=dict)
    not_after: dict[str, frozenset[str]] = field(default_factory=dict)
    # Connectives that count when they open clause after clause (然后, rubric-zh §3), stall or not.
    chained: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    ordinary_repeats: frozenset[str] = frozenset()
    restart_subjects: frozenset[str] = frozenset()
    restart_auxiliaries: frozenset[str] = frozenset()
    filled_pause_shape: re.Pattern[str] | None = None  # elongated spellings: "ummm", "uhhh"

    @classmethod
    def from_toml(cls, data: dict) -> HesitationWords:
        def table(*keys: str) -> dict:
            d: object = data
            for k in keys:
                d = d.get(k, {}) if isinstance(d, dict) else {}
            return d if isinstance(d, dict) else {}

        like, phrases, rep, restart = table("like"), table("phrases"), table("repetition"), table("restart")
        inter = phrases.get("interjections", "")
        return cls(
            like_verb_before=_words(like.get("verb_before")),
            like_prep_before=_words(like.get("prep_before")),
            like_quotative_before=_words(like.get("quotative_before")),
            number_words=_words(table("numbers").get("words")),
            phrase_literal_before=_words(phrases.get("literal_before")),
            phrase_subjects=_words(phrases.get("subjects")),
            interjections=frozenset(
                normalize_phrase(p) for p in (inter.split("|") if isinstance(inter, str) else []) if p.strip()
            ),
            not_before={k: _words(v) for k, v in table("markers", "not_before").items()},
            not_after={k: _words(v) for k, v in table("markers", "not_after").items()},
            chained=_words(table("markers").get("chained")),
            function_words=_words(rep.get("function_words")),
            ordinary_repeats=_words(rep.get("ordinary")),
            restart_subjects=_words(restart.get("subjects")),
            restart_auxiliaries=_words(restart.get("auxiliaries")),
            filled_pause_shape=_shape(table("filled_pauses").get("shape")),
        )


class Grammar:
    """The words the rules themselves test against (``grammar.toml``: which words are the speaker's
    and the listener's, what opens a question, ...), one section per rule module. Each string value
    is a space-separated set of normalised words; a table of strings is a term -> text mapping.
    Packaged data, not user-extendable: it is rule logic written as data, so that each language
    carries its own."""

    def __init__(self, data: dict) -> None:
        self._sets: dict[tuple[str, str], frozenset[str]] = {}
        self._tables: dict[tuple[str, str], dict[str, str]] = {}
        for section, values in data.items():
            if not isinstance(values, dict):
                continue
            for key, value in values.items():
                if isinstance(value, str):
                    self._sets[(section, key)] = frozenset(value.split())
                elif isinstance(value, dict):
                    self._tables[(section, key)] = {str(k): str(v) for k, v in value.items()}
                elif isinstance(value, list):
                    self._sets[(section, key)] = frozenset(str(v) for v in value)

    def words(self, section: str, key: str) -> frozenset[str]:
        return self._sets.get((section, key), frozenset())

    def table(self, section: str, key: str) -> dict[str, str]:
        return self._tables.get((section, key), {})


@dataclass(frozen=True)
class Lexicons:
    fillers: dict[str, str]  # normalised term -> class (FILLER_CLASSES)
    buzzwords: dict[str, str]  # normalised term -> plain replacement
    hedges: tuple[str, ...]
    brag: tuple[str, ...]
    cta: tuple[str, ...]
    help_offers: tuple[str, ...]
    role_nouns: frozenset[str]
    acronym_allowlist: frozenset[str]  # upper case
    hallucinations: frozenset[str]  # normalised whole-transcript phrases
    benefit_patterns: tuple[Pattern, ...]
    question_patterns: tuple[Pattern, ...]
    what_you_do_patterns: tuple[Pattern, ...]
    proof_patterns: tuple[Pattern, ...]
    hesitation: HesitationWords = field(default_factory=HesitationWords)
    # Claims of status ("I've won", "years of experience", "award"), rubric §7.3 L5.
    credential_patterns: tuple[Pattern, ...] = ()
    # The context words of the rules themselves (grammar.toml): pronouns, question words, ...
    grammar: Grammar = field(default_factory=lambda: Grammar({}))
    warnings: tuple[str, ...] = ()  # in English, for the log and the CLI
    warning_msgs: tuple[Message, ...] = ()  # the same, to show in the interface language
    language: str = "en"
    # Where the user's lists were read from, so the other languages' lists come from the same place.
    user_dir: Path | None = None
    # Compiled alternations, built in __post_init__.
    filler_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    buzzword_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    hedge_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    brag_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    cta_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    help_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spaced = self.profile.spaced
        object.__setattr__(self, "filler_re", phrase_regex(tuple(self.fillers), spaced))
        object.__setattr__(self, "buzzword_re", phrase_regex(tuple(self.buzzwords), spaced))
        object.__setattr__(self, "hedge_re", phrase_regex(self.hedges, spaced))
        object.__setattr__(self, "brag_re", phrase_regex(self.brag, spaced))
        object.__setattr__(self, "cta_re", phrase_regex(self.cta, spaced))
        object.__setattr__(self, "help_re", phrase_regex(self.help_offers, spaced))
        object.__setattr__(self, "_others", {})
        object.__setattr__(self, "_others_lock", threading.Lock())

    @property
    def profile(self) -> LanguageProfile:
        return get_profile(self.language)

    def for_language(self, code: str) -> Lexicons:
        """The word lists of another language, read from the same places (packaged, and the same
        user folder) once and kept: the analyzer is built with English lists, and a Mandarin take
        scored with it reads the Mandarin ones."""
        code = get_profile(code).code
        if code == self.language:
            return self
        others: dict[str, Lexicons] = self._others  # type: ignore[attr-defined]
        with self._others_lock:  # type: ignore[attr-defined]
            if code not in others:
                others[code] = packaged_lexicons(code) if self.user_dir is None else load_lexicons(self.user_dir, code)
            return others[code]

    def timed_out_patterns(self) -> list[str]:
        """Messages for user patterns switched off because a search ran out of time (English, for the log)."""
        return [english().render(m) for m in self.timed_out_pattern_msgs()]

    def timed_out_pattern_msgs(self) -> list[Message]:
        """The same as catalog messages, to show in the interface language."""
        pats = (
            *self.benefit_patterns,
            *self.question_patterns,
            *self.what_you_do_patterns,
            *self.proof_patterns,
            *self.credential_patterns,
        )
        return [
            msg("lexicon_timeout.switched_off", source=p.source, pattern=repr(p.pattern))
            for p in pats
            if isinstance(p, TimedPattern) and p.disabled
        ]


class _Reader:
    """Reads the packaged file and the user's file of the same name, collecting warnings."""

    def __init__(self, user_dir: Path | None, language: str = "en") -> None:
        self.user_dir = user_dir
        self.language = language
        self.warnings: list[Message] = []

    def warn(self, warning_id: str, **args: Any) -> None:
        """One problem, as a catalog message (lexicon_warning.*): shown in the interface language."""
        m = msg(f"lexicon_warning.{warning_id}", **args)
        log.warning("%s", english().render(m))
        self.warnings.append(m)

    def lines(self, name: str) -> list[tuple[str, int, str]]:
        """(source label, line number, stripped line) for every non-comment line of both files."""
        out = [(f"bundled {self.language}/{name}", n, line) for n, line in self._bundled(name)]
        for path in self.user_files(name):
            out.extend((str(path), n, line) for n, line in self._user_lines(path))
        return out

    def user_files(self, name: str) -> list[Path]:
        """The user's files for this list: ``<folder>/<language>/<name>``, and for English also the
        ``<folder>/<name>`` of the days before languages (so an existing list keeps working)."""
        if self.user_dir is None:
            return []
        folder = Path(self.user_dir)
        legacy = [folder / name] if self.language == "en" else []
        return [*legacy, folder / self.language / name]

    def is_user(self, label: str) -> bool:
        return not label.startswith("bundled ")

    def _bundled(self, name: str) -> list[tuple[int, str]]:
        try:
            text = get_profile(self.language).lexicon_dir.joinpath(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.warn("bundled_unreadable", language=self.language, name=name, error=str(exc))
            return []
        return self._keep([(n, line) for n, line in enumerate(text.splitlines(), start=1)])

    def _user_lines(self, path: Path) -> list[tuple[int, str]]:
        if not path.is_file():
            return []
        try:
            with open(path, "rb") as f:
                # Read one byte past the cap rather than trusting stat(): the file may grow meanwhile.
                data = f.read(MAX_USER_FILE_BYTES + 1)
        except OSError as exc:
            self.warn("unreadable", path=str(path), reason=str(exc.strerror or exc))
            return []
        if len(data) > MAX_USER_FILE_BYTES:
            self.warn("too_big", path=str(path), kb=MAX_USER_FILE_BYTES // 1024)
            return []
        data = data.removeprefix(b"\xef\xbb\xbf")  # Notepad's UTF-8 BOM
        lines: list[tuple[int, str]] = []
        for n, raw in enumerate(data.splitlines(), start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.warn("not_utf8", path=str(path), n=n, byte=f"{raw[exc.start]:02x}", column=exc.start + 1)
                continue
            lines.append((n, line))
        return self._keep(lines)

    @staticmethod
    def _keep(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
        out = []
        for n, line in lines:
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                out.append((n, line.rstrip("\r\n")))
        return out

    def phrases(self, name: str) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for label, n, line in self.lines(name):
            p = normalize_phrase(line)
            if not p:
                self.warn("no_words", label=label, n=n, text=repr(line.strip()))
                continue
            seen[p] = None
        return tuple(seen)

    def table(self, name: str, allowed: frozenset[str] | None = None) -> dict[str, str]:
        out: dict[str, str] = {}
        for label, n, line in self.lines(name):
            cols = [c.strip() for c in line.split("\t")]
            if len(cols) != 2 or not cols[0] or not cols[1]:
                self.warn("expected_tab", label=label, n=n, text=repr(line.strip()))
                continue
            term = normalize_phrase(cols[0])
            value = cols[1]
            if not term:
                self.warn("no_words", label=label, n=n, text=repr(cols[0]))
                continue
            if allowed is not None:
                value = value.lower()
                if value not in allowed:
                    self.warn(
                        "unknown_class", label=label, n=n, value=repr(cols[1]), classes=", ".join(sorted(allowed))
                    )
                    continue
                if value == "like" and term != "like":
                    self.warn("like_only", label=label, n=n)
                    continue
            out[term] = value
        return out

    def patterns(self, name: str) -> tuple[Pattern, ...]:
        out: list[Pattern] = []
        slow: dict[str, int] = {}
        for label, n, line in self.lines(name):
            text = line.strip()
            user = self.is_user(label)
            if user and slow.get(label, 0) >= MAX_SLOW_PATTERNS_PER_FILE:
                self.warn("slow_limit", label=label, n=n, max=MAX_SLOW_PATTERNS_PER_FILE)
                continue
            if user and len(text) > MAX_PATTERN_CHARS:
                self.warn("pattern_long", label=label, n=n, max=MAX_PATTERN_CHARS)
                continue
            try:
                # The packaged patterns are reviewed and tested, and stay on the faster ``re``.
                pat: Pattern = TimedPattern(regex.compile(text), f"{label} line {n}") if user else re.compile(text)
            except (re.error, regex.error) as exc:
                self.warn("bad_pattern", label=label, n=n, text=repr(text), error=str(exc))
                continue
            except (RecursionError, OverflowError, MemoryError):
                # Hundreds of nested groups exhaust the regex parser's recursion before it can report them.
                self.warn("nested", label=label, n=n)
                continue
            if pat.search("") is not None:
                # A pattern that matches nothing at all would match every take.
                self.warn("empty_match", label=label, n=n, text=repr(text))
                continue
            if isinstance(pat, TimedPattern) and not _fast_enough(pat):
                slow[label] = slow.get(label, 0) + 1
                self.warn("slow", label=label, n=n, text=repr(text))
                continue
            out.append(pat)
        return tuple(out)

    def toml(self, name: str) -> dict:
        """A packaged TOML file (not user-extendable: it holds rule context, not word lists)."""
        try:
            text = get_profile(self.language).lexicon_dir.joinpath(name).read_text(encoding="utf-8")
            return tomllib.loads(text)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            self.warn("bundled_rules_unreadable", language=self.language, name=name, error=str(exc))
            return {}

    def acronyms(self, name: str) -> frozenset[str]:
        out = set()
        for label, n, line in self.lines(name):
            word = line.strip()
            if not word.replace("&", "").isalnum():
                self.warn("not_acronym", label=label, n=n, text=repr(word))
                continue
            out.add(word.upper())
        return frozenset(out)


def _fast_enough(pat: TimedPattern) -> bool:
    try:
        for text in _PROBE_TEXTS:
            for _ in pat._compiled.finditer(text, timeout=pat.timeout):
                pass
    except TimeoutError:
        return False
    return True


def load_lexicons(user_dir: Path | None = None, language: str = "en") -> Lexicons:
    """The packaged word lists of ``language``, plus the user's same-named files from ``user_dir``
    (its ``<language>`` subfolder; for English also the folder itself) if given."""
    code = get_profile(language).code
    r = _Reader(user_dir, code)
    return Lexicons(
        fillers=r.table("fillers.tsv", allowed=FILLER_CLASSES),
        buzzwords=r.table("buzzwords.tsv"),
        hedges=r.phrases("hedges.txt"),
        brag=r.phrases("brag.txt"),
        cta=r.phrases("cta.txt"),
        help_offers=r.phrases("help_offers.txt"),
        role_nouns=frozenset(r.phrases("role_nouns.txt")),
        acronym_allowlist=r.acronyms("acronym_allowlist.txt"),
        hallucinations=frozenset(r.phrases("hallucinations.txt")),
        benefit_patterns=r.patterns("benefit_patterns.txt"),
        question_patterns=r.patterns("question_patterns.txt"),
        what_you_do_patterns=r.patterns("what_you_do_patterns.txt"),
        proof_patterns=r.patterns("proof_patterns.txt"),
        hesitation=HesitationWords.from_toml(r.toml("hesitations.toml")),
        credential_patterns=r.patterns("credentials.txt"),
        grammar=Grammar(r.toml("grammar.toml")),
        warnings=tuple(english().render(w) for w in r.warnings),
        warning_msgs=tuple(r.warnings),
        language=code,
        user_dir=user_dir,
    )


@lru_cache(maxsize=4)
def packaged_lexicons(language: str = "en") -> Lexicons:
    """The packaged lists alone. Cached because they are read-only data and score() without
    lexicons (tests, the CLI on a bare install) should not re-read and re-compile them each time."""
    return load_lexicons(None, language)


def check_user_lexicons(user_dir: Path, catalog: Catalog | None = None) -> tuple[str, ...]:
    """Every problem found in the user's word lists, each naming its file and line, in ``catalog``'s
    language (English without one).

    For the lexicon view in Settings and the CLI: the same reading the analysis does, so what is
    reported is exactly what scoring will skip.
    """
    cat = catalog or english()
    return tuple(cat.render(w) for code in SUPPORTED_LANGUAGES for w in load_lexicons(user_dir, code).warning_msgs)
