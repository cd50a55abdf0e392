"""Drills (issue 27): short exercises that train one skill, judged pass or fail on that skill alone.

A drill is data: one TOML file per skill and language under ``core/data/drills/<lang>/`` holding the
skill, a title, the prompts and the pass rule. :func:`judge` turns an analysed take into a verdict
from the same figures the full score uses (metrics, highlights, the voice analysis), so a drill and
the Results page never disagree about what was said.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from pitchcoach.core.analysis import Analysis
from pitchcoach.core.errors import UserFacingError
from pitchcoach.core.language import get_profile, scoring_profile, segment_zh
from pitchcoach.core.messages import UI_LANGUAGES, Catalog, Message, english, msg
from pitchcoach.core.scoring.result import Deduction, Evidence, Highlight
from pitchcoach.core.scoring.tokens import tokenize
from pitchcoach.core.transcript import Transcript
from pitchcoach.core.words import join_words

log = logging.getLogger(__name__)

# Rule ids: the same in every language (common contract), in the order the Drills page lists them.
SKILLS: tuple[str, ...] = (
    "fillers",
    "question",
    "timing",
    "pace",
    "lead_with_listener",
    "plain_language",
    "lively_voice",
    "strong_finish",
)
# The scoring rules each skill trains: the suggestion ("the rule that cost you most") and "Practise this"
# on a Results page map a deduction to its drill through this.
SKILL_RULES: dict[str, tuple[str, ...]] = {
    "fillers": ("fillers", "pauses"),
    "question": ("question",),
    "timing": ("timing", "length"),
    "pace": ("pace",),
    "lead_with_listener": ("you_i_balance", "benefit", "offers_help", "hard_sell"),
    "plain_language": ("plain_language", "says_what_you_do", "intelligibility"),
    "lively_voice": ("monotone", "quiet"),
    "strong_finish": ("trailing_off", "rushed_ending"),
}
DEFAULT_LANGUAGE = "en"
# A first sentence this short about nobody ("Hi.", "Good evening.") is a greeting, not the lead;
# "Hi, I'm Sam." is about you.
GREETING_MAX_WORDS = 3


class DrillError(UserFacingError):
    """A drill that does not exist or a drill file that cannot be read, worded for the user."""


@dataclass(frozen=True)
class Drill:
    skill: str
    language: str
    title: str
    goal: str  # the pass rule in plain words, shown before the take
    prompts: tuple[str, ...]
    target_seconds: float
    rule: dict[str, Any] = field(default_factory=dict)  # the pass rule's parameters
    # The drill's words in other interface languages ([display.<ui_language>] in its file): an English
    # pitch practised with the Chinese interface reads its title, goal and prompts in Chinese.
    display: dict[str, dict[str, Any]] = field(default_factory=dict)

    def title_in(self, ui_language: str) -> str:
        return str(self.display.get(ui_language, {}).get("title", self.title))

    def goal_in(self, ui_language: str) -> str:
        return str(self.display.get(ui_language, {}).get("goal", self.goal))

    def prompts_in(self, ui_language: str) -> tuple[str, ...]:
        return tuple(self.display.get(ui_language, {}).get("prompts", self.prompts))


@dataclass
class DrillVerdict:
    skill: str
    passed: bool
    why: str  # English, for JSON readers and for records stored before `msg` existed
    evidence: list[Evidence] = field(default_factory=list)
    msg: Message | None = None  # `why` as a catalog id: shown in the interface language

    def to_dict(self) -> dict[str, Any]:
        return {
            "skill": self.skill,
            "passed": self.passed,
            "why": self.why,
            "evidence": [e.to_dict() for e in self.evidence],
            "msg": self.msg.to_dict() if self.msg is not None else None,
        }


# Evidence that is not the speaker's words but a stretch of the take, named in English in the stored
# verdict (older records too); shown through the catalog so it reads in the interface language.
_SPAN_LABELS = {
    "from the first word to the last": "drill.evidence.first_to_last",
    "the whole take": "drill.evidence.whole_take",
    "the last seconds": "drill.evidence.last_seconds",
}


def evidence_text(e: Evidence, catalog: Catalog) -> str:
    """An evidence item's words as shown: the speaker's own words as said, a named stretch translated."""
    label = _SPAN_LABELS.get(e.text)
    return catalog.text(label) if label is not None else e.text


def _verdict(skill: str, passed: bool, message: Message, evidence: list[Evidence] | None = None) -> DrillVerdict:
    """A verdict whose English `why` is the catalog's English text of its message, so the two never drift."""
    return DrillVerdict(skill, passed, english().render(message), list(evidence or []), message)


def skill_for_rule(rule: str) -> str | None:
    """The drill that trains a scoring rule ("monotone" -> "lively_voice"), or None."""
    for skill, rules in SKILL_RULES.items():
        if rule in rules:
            return skill
    return None


def _drill_dir(language: str) -> Any:
    return resources.files("pitchcoach").joinpath("core", "data", "drills", language)


def costliest_skill(deductions: Iterable[Deduction]) -> str | None:
    """The drill for the costliest deduction that has one (deductions come largest first): what a
    Results page's "Practise this" starts."""
    return next((skill for d in deductions if (skill := skill_for_rule(d.rule)) is not None), None)


def load_drill(skill: str, language: str = DEFAULT_LANGUAGE) -> Drill:
    if skill not in SKILLS:
        raise DrillError(msg=msg("drill_error.unknown", skill=skill, skills=", ".join(SKILLS)))
    folder = _drill_dir(language)
    if not folder.is_dir():
        language = DEFAULT_LANGUAGE  # a language with no drills yet practises with the English prompts
        folder = _drill_dir(language)
    src = folder.joinpath(f"{skill}.toml")
    try:
        data = tomllib.loads(src.read_text(encoding="utf-8"))
        return Drill(
            skill=str(data["skill"]),
            language=language,
            title=str(data["title"]),
            goal=str(data["goal"]),
            prompts=tuple(str(p) for p in data["prompts"]),
            target_seconds=float(data.get("target_seconds", 15.0)),
            rule=dict(data.get("pass", {})),
            display=_display(data.get("display", {})),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        log.exception("drill file %s unreadable", src)
        raise DrillError(msg=msg("drill_error.unreadable", skill=skill, reason=str(exc))) from exc


def _display(raw: Any) -> dict[str, dict[str, Any]]:
    """A drill file's [display.<ui_language>] tables, checked like the rest of the file (a bad one is a bug)."""
    if not isinstance(raw, dict):
        raise TypeError("'display' must be a table of interface languages")
    out: dict[str, dict[str, Any]] = {}
    for ui, table in raw.items():
        if ui not in UI_LANGUAGES or not isinstance(table, dict):
            raise ValueError(f"[display.{ui}] names no interface language ({', '.join(UI_LANGUAGES)})")
        out[ui] = {"title": str(table["title"]), "goal": str(table["goal"])}
        if "prompts" in table:
            out[ui]["prompts"] = tuple(str(p) for p in table["prompts"])
    return out


def load_drills(language: str = DEFAULT_LANGUAGE) -> list[Drill]:
    return [load_drill(s, language) for s in SKILLS]


# --------------------------------------------------------------------------- judging


def _words(t: Transcript, first: int, last: int) -> Evidence:
    first, last = _whole_segmenter_words(t, first, last)
    ws = t.words[first : last + 1]
    return Evidence(join_words(w.text for w in ws), ws[0].start, ws[-1].end)  # unspaced in Chinese


def _whole_segmenter_words(t: Transcript, first: int, last: int) -> tuple[int, int]:
    """Widen a span of Whisper words to whole segmenter words in unspaced Mandarin. Whisper base often gives
    one character per word there, and a fade found on the last syllable alone would be quoted as 「绍。」,
    half of 介绍."""
    if scoring_profile(t.language).spaced:
        return first, last
    owner: list[int] = []  # character -> index of the Whisper word it is in
    for i, w in enumerate(t.words):
        owner += [i] * len(w.text.strip())
    pos = 0
    for piece in segment_zh("".join(w.text.strip() for w in t.words)):
        inside = owner[pos : pos + len(piece)]
        pos += len(piece)
        if inside and inside[0] < first <= inside[-1]:
            first = inside[0]
        if inside and inside[0] <= last < inside[-1]:
            last = inside[-1]
    return first, last


def _sentences(t: Transcript) -> list[tuple[int, int]]:
    """Each sentence as (first word, last word), indices into Transcript.words."""
    doc = tokenize(t)
    return [(doc.tokens[s.first].index, doc.tokens[s.last].index) for s in doc.sentences]


def _inside(h: Highlight, span: tuple[int, int]) -> bool:
    return h.first_word <= span[1] and h.last_word >= span[0]


def judge(drill: Drill, analysis: Analysis) -> DrillVerdict:
    """Pass or fail on the drill's skill alone, with why and the evidence (the words and their times)."""
    r = analysis.result
    if r.gate is not None:
        gate = r.gate.msg.to_dict() if r.gate.msg is not None else r.gate.message
        return _verdict(drill.skill, False, msg("drill.not_scored", gate=gate))
    return _JUDGES[drill.skill](drill, analysis)


def _fillers(drill: Drill, a: Analysis) -> DrillVerdict:
    limit = int(drill.rule.get("max_fillers", 0))
    m = a.result.metrics
    items = [h for d in a.result.deductions if d.rule == "fillers" for h in d.evidence]
    if not items:  # within the full score's allowance: no deduction, but the drill allows none
        items = [
            Evidence(str(h.get("text", "")), float(h.get("start", 0.0)), float(h.get("end", 0.0)))
            for kind, hs in m.hesitations.items()
            if kind != "prolongations"
            for h in hs
        ]
    n = m.filler_count if m.filler_count is not None else len(items)
    if n <= limit:
        return _verdict(drill.skill, True, msg("drill.fillers.pass"))
    terms = [msg("drill.fillers.term", text=e.text, start=round(float(e.start), 1)) for e in items[:3]]
    return _verdict(drill.skill, False, msg("drill.fillers.fail", n=n, terms=terms, limit=limit), items)


def _question(drill: Drill, a: Analysis) -> DrillVerdict:
    t = a.transcript
    sentences = _sentences(t)
    qs = [h for h in a.result.highlights if h.kind == "question"]
    last = sentences[-1]
    last_ev = _words(t, *last)
    if any(_inside(h, last) and h.label == "question to them" for h in qs):
        return _verdict(drill.skill, True, msg("drill.question.pass"), [last_ev])
    if any(_inside(h, last) for h in qs):
        return _verdict(drill.skill, False, msg("drill.question.about_topic"), [last_ev])
    to_them = [h for h in qs if h.label == "question to them"]
    if to_them:
        ev = [_words(t, to_them[-1].first_word, to_them[-1].last_word)]
        return _verdict(drill.skill, False, msg("drill.question.not_last"), ev)
    return _verdict(drill.skill, False, msg("drill.question.none"), [last_ev])


def _timing(drill: Drill, a: Analysis) -> DrillVerdict:
    tolerance = float(drill.rule.get("tolerance", 0.10))
    target = drill.target_seconds  # the drill's own length, whatever target the take was scored against
    spoken = a.transcript.speech_seconds
    off = spoken / target - 1.0
    words = a.transcript.words
    ev = [Evidence("from the first word to the last", words[0].start, words[-1].end)] if words else []
    lo, hi = target * (1 - tolerance), target * (1 + tolerance)
    args = {"spoken": round(float(spoken), 1), "target": target, "tolerance": tolerance}
    if abs(off) <= tolerance:
        return _verdict(drill.skill, True, msg("drill.timing.pass", **args), ev)
    how = "too_long" if off > 0 else "too_short"
    return _verdict(drill.skill, False, msg(f"drill.timing.{how}", off=float(off), lo=lo, hi=hi, **args), ev)


def _pace(drill: Drill, a: Analysis) -> DrillVerdict:
    # The band is the language's own (words a minute in English, characters in Mandarin) unless the
    # drill file narrows it.
    profile = get_profile(a.transcript.language)
    lo = float(drill.rule.get("min", profile.pace_band[0]))
    hi = float(drill.rule.get("max", profile.pace_band[1]))
    m = a.result.metrics
    pace = m.cpm if profile.pace_unit == "cpm" else m.wpm
    unit = msg(f"pace_label.{profile.pace_unit}")
    words = a.transcript.words
    ev = [Evidence("the whole take", words[0].start, words[-1].end)] if words else []
    if pace is None:
        return _verdict(drill.skill, False, msg("drill.pace.unmeasured"), ev)
    args = {"pace": int(round(float(pace))), "unit": unit, "lo": lo, "hi": hi}
    if lo <= pace <= hi:
        return _verdict(drill.skill, True, msg("drill.pace.pass", **args), ev)
    how = "too_fast" if pace > hi else "too_slow"
    return _verdict(drill.skill, False, msg(f"drill.pace.{how}", **args), ev)


def _lead_with_listener(drill: Drill, a: Analysis) -> DrillVerdict:
    t = a.transcript
    sentences = _sentences(t)
    hs = a.result.highlights
    lead = sentences[0]
    person = any(h.kind in ("you_word", "self_word") for h in hs if _inside(h, lead))
    if len(sentences) > 1 and not person and lead[1] - lead[0] + 1 <= GREETING_MAX_WORDS:
        lead = sentences[1]  # "Hi." is a greeting: the next sentence is the lead
    you = sum(1 for h in hs if h.kind == "you_word" and _inside(h, lead))
    me = sum(1 for h in hs if h.kind == "self_word" and _inside(h, lead))
    asks = any(h.kind == "question" and h.label == "question to them" and _inside(h, lead) for h in hs)
    ev = [_words(t, *lead)]
    if (you and you >= me) or asks:
        return _verdict(drill.skill, True, msg("drill.lead_with_listener.pass"), ev)
    why = "about_you" if me else "not_them"
    return _verdict(drill.skill, False, msg(f"drill.lead_with_listener.{why}"), ev)


def _plain_language(drill: Drill, a: Analysis) -> DrillVerdict:
    limit = int(drill.rule.get("max_jargon", 0))
    t = a.transcript
    jargon = [h for h in a.result.highlights if h.kind == "jargon"]
    if len(jargon) <= limit:
        return _verdict(drill.skill, True, msg("drill.plain_language.pass"))
    ev = [_words(t, h.first_word, h.last_word) for h in jargon]
    terms = [e.text.strip(",.?!，。？！") for e in ev[:4]]
    return _verdict(drill.skill, False, msg("drill.plain_language.fail", n=len(jargon), terms=terms), ev)


def _lively_voice(drill: Drill, a: Analysis) -> DrillVerdict:
    # The take's language's monotone line unless the drill file sets one: Mandarin's tones widen the
    # spread, so English's 1.5 st passed a Mandarin take the full score calls monotone.
    need = float(drill.rule.get("min_spread_semitones", scoring_profile(a.transcript.language).monotone_st))
    va = a.transcript.voice
    if va is None or va.f0_spread_semitones is None:
        return _verdict(drill.skill, False, msg("drill.lively_voice.unmeasured"))
    spread = va.f0_spread_semitones
    flat = [va.sentences[i] for i in va.flat_sentences]
    ev = [_words(a.transcript, s.first_word, s.last_word) for s in flat]
    args = {"spread": round(float(spread), 1), "need": need}
    if spread > need:
        return _verdict(drill.skill, True, msg("drill.lively_voice.pass", **args))
    return _verdict(drill.skill, False, msg("drill.lively_voice.fail", **args), ev)


def _strong_finish(drill: Drill, a: Analysis) -> DrillVerdict:
    va = a.transcript.voice
    if va is None or va.level_dbfs is None:
        return _verdict(drill.skill, False, msg("drill.strong_finish.unmeasured"))
    words = a.transcript.words
    last_sentence = _sentences(a.transcript)[-1]
    fading = [x for x in va.trailing_off if x.words and x.words[-1] >= last_sentence[0]]
    args: dict[str, Any] = {}
    ev: list[Evidence] = []
    if fading:
        x = fading[-1]
        ev.append(_words(a.transcript, x.words[0], x.words[-1]))
        args["words"] = ev[-1].text.strip(",.?!，。？！")
    if va.rushed_ending and va.wpm_windows:
        last = va.wpm_windows[-1]
        ev.append(Evidence("the last seconds", last.start, last.end))
        args["wpm"] = int(round(float(last.wpm)))
    if not args:
        end = [_words(a.transcript, *last_sentence)] if words else []
        return _verdict(drill.skill, True, msg("drill.strong_finish.pass"), end)
    which = "faded_and_rushed" if len(args) == 2 else ("faded" if "words" in args else "rushed")
    return _verdict(drill.skill, False, msg(f"drill.strong_finish.{which}", **args), ev)


_JUDGES = {
    "fillers": _fillers,
    "question": _question,
    "timing": _timing,
    "pace": _pace,
    "lead_with_listener": _lead_with_listener,
    "plain_language": _plain_language,
    "lively_voice": _lively_voice,
    "strong_finish": _strong_finish,
}
