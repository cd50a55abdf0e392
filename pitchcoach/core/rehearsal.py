"""Rehearsal against a written pitch (issue 26): which key points a take covered, missed, added or moved.

The script is plain text; each sentence is one key point. A take's transcript is matched against it
word by word for English and character by character for Mandarin (the recogniser's word boundaries
in Chinese are its own guess, characters are not).

How a key point is found: its content units (words without the little ones, lightly stemmed, so
"bakeries" meets "bakery") are looked for in every run of one to three sentences of the take, and
the run that holds most of them wins. That finds a point wherever it was said, so a moved point is
still covered (and reported as out of order) rather than missed, and a sentence the recogniser split
in two still counts as one. Most of a point's content said (``EXACT_SHARE``) is covered; over half
of it (``PARAPHRASE_SHARE``) is covered as a close paraphrase, with a note quoting what was said, so
the user sees what was accepted. Anything less is missed, and quoted from the script.

Pure Python and fast: a 60-s take against a 150-word script aligns in about a millisecond
(benchmarks/rehearsal.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pitchcoach.core.errors import UserFacingError
from pitchcoach.core.language import is_han
from pitchcoach.core.messages import msg
from pitchcoach.core.scoring.tokens import wordset
from pitchcoach.core.transcript import Transcript
from pitchcoach.core.words import normalize_word

# [design choice] shares of a key point's content units. 0.8: a point said with a word or two
# changed or misheard is said; 0.5: half its substance in another wording is a paraphrase. Below
# that, a different pitch that happens to share a word or two ("help", "small") does not count.
EXACT_SHARE = 0.8
PARAPHRASE_SHARE = 0.5
# A sentence of the take is "added" when under this share of its content is accounted for by the script.
ADDED_MAX_SHARE = 0.34
ADDED_MIN_UNITS = 2  # "So." or "Right." alone is not an ad-lib worth reporting
MAX_WINDOW_SENTENCES = 3
# A silence this long ends a sentence of the take even where the recogniser wrote no full stop.
SENTENCE_GAP_S = 1.2
MAX_SCRIPT_BYTES = 64 * 1024

_SENTENCE_END_RE = re.compile(r"(?<=[.!?。！？；;])[\"'”’)\]]*\s*|\n\s*\n|\n(?=\s*[-*•]\s)")
_BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_SENTENCE_END_CHARS = ".!?。！？；;"
# Filled pauses are not words of the take (the scoring's own list is in lexicons/fillers.tsv).
_FILLERS = wordset("um uh uhm umm er erm ah hmm mm mhm 嗯 呃 啊 额")
# Little words that carry no point of their own: left out of what must be said.
_EN_STOP = wordset(
    """a an the and or but so to of in on at for with as by from into about than then that this these those
    is are was were be been being am do does did have has had will would can could should may might
    i i'm i've i'd i'll me my mine we we're we've our us you you're your yours it it's its they them their
    he she his her there here what who how which when where why if just also very really too not no
    hi hello hey well oh okay ok yes yeah"""
)
_ZH_STOP = frozenset("的了是我你他她它们在和就也都很吗呢吧啊这那有个一不")


class ScriptError(UserFacingError):
    """A script file that cannot be used: missing, not UTF-8 text, too big, or with nothing to say."""


def script_language(text: str) -> str:
    """'zh' when the script is mostly Chinese characters, else 'en'."""
    letters = [c for c in text if c.isalpha()]
    han = sum(1 for c in letters if is_han(c))
    return "zh" if letters and han / len(letters) > 0.5 else "en"


def _stem(word: str) -> str:
    """A light English stem: enough to meet "bakeries"/"bakery", "helps"/"help", "cut"/"cuts"."""
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(_ONES)} | {w: str(20 + 10 * i) for i, w in enumerate(_TENS)}


def _number(word: str) -> str:
    """A number word as the recogniser writes it ("forty" -> "40", "forty-two" -> "42"), so a script in
    words meets a transcript in digits."""
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    tens, _, one = word.partition("-")
    if tens in _TENS and one in _ONES[1:10]:
        return str(int(_NUMBER_WORDS[tens]) + int(_NUMBER_WORDS[one]))
    return word


def units(text: str, language: str) -> list[str]:
    """The units a text is aligned in: normalised words for English, characters for Chinese."""
    if language == "zh":
        return [c for c in text if c.isalnum()]
    return [_number(w) for w in (normalize_word(p) for p in text.split()) if w]


def content(units_: list[str], language: str) -> list[str]:
    """The units a key point must be heard saying: no little words, no fillers, stemmed (English)."""
    if language == "zh":
        kept = [u for u in units_ if u not in _ZH_STOP and u not in _FILLERS]
    else:
        kept = [_stem(u) for u in units_ if u not in _EN_STOP and u not in _FILLERS]
    return kept


@dataclass(frozen=True)
class KeyPoint:
    index: int
    text: str  # as written in the script
    content: tuple[str, ...]


@dataclass(frozen=True)
class Script:
    text: str
    language: str
    key_points: tuple[KeyPoint, ...]


def split_key_points(text: str) -> list[str]:
    """Each sentence is a key point; a bullet or a blank line ends one too."""
    parts = []
    for raw in _SENTENCE_END_RE.split(text.replace("\r\n", "\n")):
        s = " ".join(_BULLET_RE.sub("", line) for line in raw.split("\n")).strip()
        if s:
            parts.append(s)
    return parts


_MARKED_RE = re.compile(r"\[([^\[\]]+)\]")


def marked_phrases(text: str) -> list[str]:
    """Phrases the user marked as key points, written [like this]; none when nothing is marked."""
    return [m.group(1).strip() for m in _MARKED_RE.finditer(text) if m.group(1).strip()]


def parse_script(text: str, language: str | None = None) -> Script:
    """Each sentence is a key point, unless the user marked phrases [in brackets]: then those are."""
    lang = language or script_language(text)
    points: list[KeyPoint] = []
    for s in marked_phrases(text) or split_key_points(text.replace("[", "").replace("]", "")):
        u = units(s, lang)
        c = content(u, lang) or [_stem(x) if lang == "en" else x for x in u]  # "Thank you." is all little words
        if c:
            points.append(KeyPoint(index=len(points), text=s, content=tuple(c)))
    return Script(text=text, language=lang, key_points=tuple(points))


def load_script(path: str | Path) -> Script:
    """A script file, checked: every problem is a ScriptError naming the file and the fix."""
    p = Path(path)
    try:
        # Read with a cap, not by the size stat gives: a pipe (``--script <(...)``) or a device says 0 bytes.
        with p.open("rb") as f:
            raw = f.read(MAX_SCRIPT_BYTES + 1)
        if len(raw) > MAX_SCRIPT_BYTES:
            raise ScriptError(msg=msg("script_error.too_big", path=str(p), kb=MAX_SCRIPT_BYTES // 1024))
    except FileNotFoundError:
        raise ScriptError(msg=msg("script_error.not_found", path=str(p))) from None
    except IsADirectoryError:
        raise ScriptError(msg=msg("script_error.folder", path=str(p))) from None
    except OSError as exc:
        raise ScriptError(msg=msg("script_error.unreadable", path=str(p), reason=str(exc.strerror or exc))) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScriptError(msg=msg("script_error.not_utf8", path=str(p))) from None
    script = parse_script(text)
    if not script.key_points:
        raise ScriptError(msg=msg("script_error.empty", path=str(p)))
    return script


@dataclass
class _Said:
    """One sentence of the take: its units, and where they came from (for quoting)."""

    text: str
    content: list[str]
    first_unit: int  # position of its first content unit in the whole take


def _take_sentences(transcript: Transcript, language: str) -> list[_Said]:
    """The take cut into sentences: at the recogniser's sentence ends, or at a long gap when it gave none."""
    out: list[_Said] = []
    words: list[str] = []
    cont: list[str] = []
    joiner = "" if language == "zh" else " "

    def flush() -> None:
        if words:
            out.append(_Said(text=joiner.join(words).strip(), content=list(cont), first_unit=0))
            words.clear()
            cont.clear()

    prev_end: float | None = None
    for w in transcript.words:
        raw = w.text.strip()
        if not raw:
            continue
        if prev_end is not None and w.start - prev_end >= SENTENCE_GAP_S:
            flush()
        words.append(raw)
        cont.extend(content(units(raw, language), language))
        prev_end = w.end
        if raw[-1] in _SENTENCE_END_CHARS:
            flush()
    flush()
    running = 0  # each sentence's first content unit, counted over the whole take
    for s in out:
        s.first_unit = running
        running += len(s.content)
    return out


@dataclass
class PointResult:
    index: int
    text: str
    share: float  # of its content units heard in the best run of the take
    covered: bool
    paraphrase: bool
    said: str = ""  # the take's words where it was found
    position: float = -1.0  # where in the take (content-unit index), for the order check

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "text": self.text,
            "covered": self.covered,
            "paraphrase": self.paraphrase,
            "share": round(self.share, 3),
            "said": self.said,
        }


@dataclass
class Rehearsal:
    coverage: int  # percentage of key points covered, 0-100
    missed: list[str]
    added: list[str]
    out_of_order: list[str]
    paraphrased: list[dict[str, str]] = field(default_factory=list)  # {"script": ..., "said": ...}
    notes: list[str] = field(default_factory=list)
    points: list[PointResult] = field(default_factory=list)
    language: str = "en"

    def to_dict(self) -> dict[str, Any]:
        return {
            "coverage": self.coverage,
            "missed": list(self.missed),
            "added": list(self.added),
            "out_of_order": list(self.out_of_order),
            "paraphrased": [dict(p) for p in self.paraphrased],
            "notes": list(self.notes),
            "key_points": [p.to_dict() for p in self.points],
            "language": self.language,
        }


def _best_run(point: KeyPoint, said: list[_Said]) -> tuple[float, int, int, list[int]]:
    """The run of sentences holding most of the point: (share, first, last, matched unit positions)."""
    need = Counter(point.content)
    total = sum(need.values())
    best: tuple[float, int, int, list[int]] = (0.0, -1, -1, [])
    for first in range(len(said)):
        left = Counter(need)
        hits: list[int] = []
        for last in range(first, min(len(said), first + MAX_WINDOW_SENTENCES)):
            s = said[last]
            for k, u in enumerate(s.content):
                if left[u] > 0:
                    left[u] -= 1
                    hits.append(s.first_unit + k)
            share = len(hits) / total
            # A longer run must find more to win: the tightest run that says the point is where it was said.
            if share > best[0] + 1e-9 or (
                share > 0 and abs(share - best[0]) < 1e-9 and last - first < best[2] - best[1]
            ):
                best = (share, first, last, list(hits))
    return best


def _longest_ordered(positions: list[float]) -> set[int]:
    """Indexes (into ``positions``) of a longest non-decreasing subsequence: the points said in order."""
    n = len(positions)
    length = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if positions[j] <= positions[i] and length[j] + 1 > length[i]:
                length[i], prev[i] = length[j] + 1, j
    if not n:
        return set()
    i = max(range(n), key=lambda k: (length[k], -k))
    keep = set()
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return keep


def attach_rehearsal(analysis: Any, script: Script | None, mode: str | None = None) -> None:
    """Hold an analysed take against its script, keeping the rehearsal with its result (and so with the
    saved take). Nothing when there is no script or no key point in it. ``mode``: how it was said
    ("read_along" or "from_memory"), kept so progress can follow the takes said from memory."""
    if script is not None and script.key_points:
        d = rehearse(script, analysis.transcript).to_dict()
        if mode is not None:
            d["mode"] = mode
        analysis.result.rehearsal = d


def rehearse(script: Script, transcript: Transcript) -> Rehearsal:
    """Hold a take against its script. Never raises on an unrelated take: it just covers little."""
    lang = script.language
    said = _take_sentences(transcript, lang)
    results: list[PointResult] = []
    used: set[int] = set()
    for kp in script.key_points:
        share, first, last, hits = _best_run(kp, said)
        found = share >= PARAPHRASE_SHARE
        r = PointResult(
            index=kp.index, text=kp.text, share=share, covered=found, paraphrase=found and share < EXACT_SHARE
        )
        if found:
            r.said = ("" if lang == "zh" else " ").join(s.text for s in said[first : last + 1])
            r.position = sum(hits) / len(hits)
            used.update(hits)
        results.append(r)

    covered = [r for r in results if r.covered]
    in_order = _longest_ordered([r.position for r in covered])
    out_of_order = [r.text for i, r in enumerate(covered) if i not in in_order]

    added = []
    for s in said:
        n = len(s.content)
        if n < ADDED_MIN_UNITS:
            continue
        mine = sum(1 for k in range(n) if s.first_unit + k in used)
        if mine / n < ADDED_MAX_SHARE:
            added.append(s.text)

    paraphrased = [{"script": r.text, "said": r.said} for r in results if r.paraphrase]
    notes = [f'Counted as covered, in other words: you said "{p["said"]}" for "{p["script"]}".' for p in paraphrased]
    n = len(results)
    return Rehearsal(
        coverage=round(100 * len(covered) / n) if n else 0,
        missed=[r.text for r in results if not r.covered],
        added=added,
        out_of_order=out_of_order,
        paraphrased=paraphrased,
        notes=notes,
        points=results,
        language=lang,
    )
