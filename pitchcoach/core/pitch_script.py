"""The user's written pitch ("My pitch", issue 26), kept as numbered versions in the data folder.

Each saved version is a UTF-8 text file, ``pitch/v0001.txt`` and on; saving text identical to the
latest version makes no new one. The latest version is the script takes are rehearsed against.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pitchcoach.core.fileio import atomic_write_text
from pitchcoach.core.messages import Catalog, english, msg
from pitchcoach.core.paths import PRIVATE_FILE_MODE, make_private_dirs
from pitchcoach.core.rehearsal import script_language

_VERSION_RE = re.compile(r"^v(\d{4,})\.txt$")

# What a pitch rests on, shown beside the editor (the rubric's structure, issue 26).
STRUCTURE_HINT = "Who you are · what you do and for whom · proof · a question or an offer"
REHEARSAL_MODES = ("off", "read_along", "from_memory")
MAX_SHOWN = 6  # rehearsal takes the progress line follows


class PitchVersions:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def numbers(self) -> list[int]:
        if not self.folder.is_dir():
            return []
        found = (_VERSION_RE.match(p.name) for p in self.folder.iterdir())
        return sorted(int(m.group(1)) for m in found if m)

    def path(self, number: int) -> Path:
        return self.folder / f"v{number:04d}.txt"

    def read(self, number: int) -> str:
        return self.path(number).read_text(encoding="utf-8")

    def latest(self) -> str:
        """The latest version's text, or "" when none was saved."""
        nums = self.numbers()
        return self.read(nums[-1]) if nums else ""

    def save(self, text: str) -> int | None:
        """Keep ``text`` as a new version; None when it is empty or the same as the latest."""
        text = text.strip()
        if not text or text == self.latest().strip():
            return None
        nums = self.numbers()
        number = (nums[-1] + 1) if nums else 1
        make_private_dirs(self.folder)
        atomic_write_text(self.path(number), text + "\n", mode=PRIVATE_FILE_MODE)
        return number


def recent_progress(store: Any, limit: int = 30) -> tuple[str, dict[str, float | None]]:
    """The rehearsal line and the measured pace per language over the newest ``limit`` takes of ``store``
    (a database read: run it off the GUI thread)."""
    takes = store.list(limit=limit)
    return rehearsal_progress(takes), {code: measured_pace(takes, code) for code in ("en", "zh")}


def rehearsal_progress(takes: Iterable[Any]) -> str:
    """Progress over rehearsal takes (stored Takes, any order): coverage take by take, and the time of
    the takes said from memory. "" when no take was rehearsed."""
    done = sorted((t for t in takes if t.result.rehearsal), key=lambda t: (t.created_at, t.id))[-MAX_SHOWN:]
    if not done:
        return ""
    coverage = " → ".join(f"{t.result.rehearsal['coverage']}%" for t in done)
    n = len(done)
    text = f"Coverage over your last {n} rehearsal{'s' if n != 1 else ''}: {coverage}."
    memory = [t for t in done if t.result.rehearsal.get("mode") == "from_memory"]
    if memory:
        last = memory[-1].speech_seconds
        best = (
            min(t.speech_seconds for t in memory if t.result.rehearsal["coverage"] == 100)
            if any(t.result.rehearsal["coverage"] == 100 for t in memory)
            else None
        )
        text += f" From memory: {last:.1f} s last time"
        text += f", {best:.1f} s at best with every key point." if best is not None else "."
    return text


# Fewer letters than this and a written pitch's language is not told apart (a name, "Hi").
MIN_LETTERS_TO_TELL = 4


def written_language(text: str, pitch_language: str) -> str:
    """The language a written pitch is checked and counted in: its own ("en" or "zh", as rehearsal aligns
    it) once there is enough of it to tell, else the pitch language (English for "auto")."""
    plain = text.replace("[", "").replace("]", "")
    if sum(1 for c in plain if c.isalpha()) >= MIN_LETTERS_TO_TELL:
        return script_language(plain)
    return pitch_language if pitch_language in ("en", "zh") else "en"


def script_mismatch(text: str, pitch_language: str) -> str | None:
    """The written pitch's language when a take would be heard in another one: a Chinese script while the
    pitch language is English, or the reverse (such a take cannot follow the script). None when they agree,
    when the language is detected per take ("auto"), or when the text is too short to tell."""
    if pitch_language not in ("en", "zh"):
        return None
    lang = written_language(text, pitch_language)
    return lang if lang != pitch_language else None


# The rules that judge words alone, so they apply to a written pitch before it is ever said (issue 26).
TEXT_RULES = ("question", "you_i_balance", "benefit", "offers_help", "hard_sell", "plain_language", "says_what_you_do")


def check_text(
    text: str, target_seconds: float, language: str = "en", scenario: Any = None, catalog: Catalog | None = None
) -> list[str]:
    """The written pitch checked by the rules that apply to text (listener focus, plain language, hard
    sell) and for length at the language's comfortable pace: one line per problem (none: an empty list),
    in ``catalog``'s language (English without one). Brackets marking key points are not part of the text."""
    from pitchcoach.core.language import scoring_profile
    from pitchcoach.core.scoring.engine import score
    from pitchcoach.core.scoring.timing import length_window
    from pitchcoach.core.transcript import Transcript

    plain = text.replace("[", "").replace("]", "").strip()
    if not plain:
        return []
    profile = scoring_profile(language)
    pace = sum(profile.pace_band) / 2  # units per minute
    units = max(1, profile.count_units(plain))
    tr = Transcript.from_text(plain, words_per_second=max(0.5, len(plain.split()) * pace / 60 / units))
    tr.language = profile.code
    result = score(tr, target_seconds=target_seconds, scenario=scenario)
    cat = catalog or english()
    if result.gate is not None:
        return [result.gate.text(cat)]
    sep = cat.sentence_separator
    lines = [f"{d.text(cat)}{sep}{d.tip_text(cat)}" for d in result.deductions if d.rule in TEXT_RULES]
    seconds = 60.0 * units / pace
    lo, hi = length_window(target_seconds)  # the range timing scores 100 in
    if seconds < lo or seconds > hi:
        low, high = profile.budget(target_seconds)
        lines.append(
            cat.text(
                "pitch_script.too_short" if seconds < lo else "pitch_script.too_long",
                seconds=f"{seconds:.0f}",
                target=f"{target_seconds:.0f}",
                low=low,
                high=high,
                units=msg(f"unit.{profile.unit_name}"),
            )
        )
    return lines


def measured_pace(takes: Iterable[Any], language: str, last: int = 10) -> float | None:
    """The user's own pace in the language's unit (words or characters per minute): the median of their
    last ``last`` scored takes in that language; None before there are any (the language's default applies)."""
    from statistics import median

    from pitchcoach.core.language import scoring_profile

    unit = scoring_profile(language).pace_unit
    paces = [
        float(getattr(t.result.metrics, unit))
        for t in sorted(takes, key=lambda t: (t.created_at, t.id))
        if t.result.scored and getattr(t, "language", "en") == language and getattr(t.result.metrics, unit, None)
    ][-last:]
    return median(paces) if paces else None
