"""Word lists the scoring rules use, packaged with the app and extendable by the user.

The packaged lists live in ``pitchcoach/core/lexicons/``. A user may drop a file with the same
name into their lexicon folder (``AppPaths.lexicons``); its entries are added to the packaged
ones. One entry per line, ``#`` starts a comment. A line that cannot be used (a bad regex, a
missing tab, an unknown filler class) is skipped and logged: a typo in a word list must never
stop the app from scoring.

All regexes are compiled here, once per ``Lexicons`` object, so scoring a take compiles nothing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pitchcoach.core.scoring.tokens import normalize_phrase

log = logging.getLogger(__name__)

FILLER_CLASSES = frozenset({"filled_pause", "crutch", "vague", "tag", "phrase", "discourse", "like"})

# Word edges for phrase matching over the normalised text: a phrase must not be glued to a
# letter, digit, apostrophe or hyphen ("buy" must not fire inside "buy-in", "i" not in "i'm").
_EDGE_BEFORE = r"(?<![\w'#-])"
_EDGE_AFTER = r"(?![\w'-])"

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
)


def phrase_regex(phrases: list[str] | tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation over all phrases, longest first so "take my card" wins over "my card"."""
    if not phrases:
        return None
    alts = sorted(set(phrases), key=lambda p: (-len(p), p))
    return re.compile(_EDGE_BEFORE + "(?:" + "|".join(re.escape(p) for p in alts) + ")" + _EDGE_AFTER)


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
    benefit_patterns: tuple[re.Pattern[str], ...]
    question_patterns: tuple[re.Pattern[str], ...]
    what_you_do_patterns: tuple[re.Pattern[str], ...]
    proof_patterns: tuple[re.Pattern[str], ...]
    warnings: tuple[str, ...] = ()
    # Compiled alternations, built in __post_init__.
    filler_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    buzzword_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    hedge_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    brag_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    cta_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    help_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "filler_re", phrase_regex(tuple(self.fillers)))
        object.__setattr__(self, "buzzword_re", phrase_regex(tuple(self.buzzwords)))
        object.__setattr__(self, "hedge_re", phrase_regex(self.hedges))
        object.__setattr__(self, "brag_re", phrase_regex(self.brag))
        object.__setattr__(self, "cta_re", phrase_regex(self.cta))
        object.__setattr__(self, "help_re", phrase_regex(self.help_offers))


class _Reader:
    """Reads the packaged file and the user's file of the same name, collecting warnings."""

    def __init__(self, user_dir: Path | None) -> None:
        self.user_dir = user_dir
        self.warnings: list[str] = []

    def warn(self, msg: str) -> None:
        log.warning(msg)
        self.warnings.append(msg)

    def lines(self, name: str) -> list[tuple[str, int, str]]:
        """(source label, line number, stripped line) for every non-comment line of both files."""
        out: list[tuple[str, int, str]] = []
        try:
            text = resources.files("pitchcoach.core.lexicons").joinpath(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.warn(f"Bundled word list {name} could not be read ({exc}); scoring without it.")
            text = ""
        out.extend(self._split(f"bundled {name}", text))
        if self.user_dir is not None:
            path = Path(self.user_dir) / name
            if path.is_file():
                try:
                    user_text = path.read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError) as exc:
                    self.warn(f"Your word list {path} could not be read ({exc}); save it as UTF-8 text.")
                    user_text = ""
                out.extend(self._split(str(path), user_text))
        return out

    @staticmethod
    def _split(label: str, text: str) -> list[tuple[str, int, str]]:
        out = []
        for n, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                out.append((label, n, line.rstrip("\r\n")))
        return out

    def phrases(self, name: str) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for label, n, line in self.lines(name):
            p = normalize_phrase(line)
            if not p:
                self.warn(f"{label} line {n}: {line.strip()!r} has no words in it; skipped.")
                continue
            seen[p] = None
        return tuple(seen)

    def table(self, name: str, allowed: frozenset[str] | None = None) -> dict[str, str]:
        out: dict[str, str] = {}
        for label, n, line in self.lines(name):
            cols = [c.strip() for c in line.split("\t")]
            if len(cols) != 2 or not cols[0] or not cols[1]:
                self.warn(f"{label} line {n}: expected 'term<TAB>value', got {line.strip()!r}; skipped.")
                continue
            term = normalize_phrase(cols[0])
            value = cols[1]
            if not term:
                self.warn(f"{label} line {n}: {cols[0]!r} has no words in it; skipped.")
                continue
            if allowed is not None:
                value = value.lower()
                if value not in allowed:
                    self.warn(
                        f"{label} line {n}: unknown class {cols[1]!r} "
                        f"(use one of {', '.join(sorted(allowed))}); skipped."
                    )
                    continue
                if value == "like" and term != "like":
                    self.warn(f"{label} line {n}: class 'like' is only for the word 'like'; skipped.")
                    continue
            out[term] = value
        return out

    def patterns(self, name: str) -> tuple[re.Pattern[str], ...]:
        out: list[re.Pattern[str]] = []
        for label, n, line in self.lines(name):
            try:
                pat = re.compile(line.strip())
            except re.error as exc:
                self.warn(f"{label} line {n}: {line.strip()!r} is not a valid pattern ({exc}); skipped.")
                continue
            if pat.search("") is not None:
                # A pattern that matches nothing at all would match every take.
                self.warn(f"{label} line {n}: {line.strip()!r} matches empty text; skipped.")
                continue
            out.append(pat)
        return tuple(out)

    def acronyms(self, name: str) -> frozenset[str]:
        out = set()
        for label, n, line in self.lines(name):
            word = line.strip()
            if not word.replace("&", "").isalnum():
                self.warn(f"{label} line {n}: {word!r} is not an acronym (letters and digits only); skipped.")
                continue
            out.add(word.upper())
        return frozenset(out)


def load_lexicons(user_dir: Path | None = None) -> Lexicons:
    """The packaged word lists, plus the user's same-named files from ``user_dir`` if given."""
    r = _Reader(user_dir)
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
        warnings=tuple(r.warnings),
    )


@lru_cache(maxsize=1)
def packaged_lexicons() -> Lexicons:
    """The packaged lists alone. Cached because they are read-only data and score() without
    lexicons (tests, the CLI on a bare install) should not re-read and re-compile them each time."""
    return load_lexicons(None)
