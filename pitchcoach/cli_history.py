"""`pitchcoach history`: the progress history on the command line.

A readable table by default; with --json, JSON Lines on stdout (one take per
line, newest first) and every human message on stderr, like `analyze --json`.
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from pitchcoach.cli_language import add_ui_language_argument, arg_error, error_line, reason, ui_language, warning_line
from pitchcoach.core import progress
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.drills import load_drill
from pitchcoach.core.messages import (
    ENGLISH,
    Message,
    english,
    get_catalog,
    msg,
)
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import StorageError, Take, TakeNotFound, TakeStore
from pitchcoach.terminal import EXIT_FAILED, EXIT_OK, json_line, shown_name

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 20


def _limit(value: str, lang: str = ENGLISH) -> int:
    try:
        n = int(value)
    except ValueError:
        raise arg_error(lang, "not_whole", value=value) from None
    if n < 0:
        raise arg_error(lang, "negative_limit")
    return n


def add_history_parser(subparsers: Any, lang: str = ENGLISH) -> argparse.ArgumentParser:
    h = subparsers.add_parser("history", help=get_catalog(lang).text("cli_help.history.help"))
    h.add_argument("--json", action="store_true", help=h.help_text("history.json"))
    h.add_argument(
        "--limit",
        type=partial(_limit, lang=lang),
        default=DEFAULT_LIMIT,
        metavar="N",
        help=h.help_text("history.limit", default=DEFAULT_LIMIT),
    )
    h.add_argument("--scenario", metavar="NAME", default=None, help=h.help_text("history.scenario"))
    h.add_argument(
        "--reanalyse",
        "--reanalyze",
        dest="reanalyse",
        type=partial(take_id_arg, lang=lang),
        metavar="ID",
        help=h.help_text("history.reanalyse"),
    )
    add_ui_language_argument(h, "history.ui_language")
    return h


def take_id_arg(value: str, lang: str = ENGLISH) -> int:
    try:
        n = int(value)
    except ValueError:
        raise arg_error(lang, "not_take", value=value) from None
    if n < 1:
        raise arg_error(lang, "take_from_one")
    return n


def take_record(take: Take) -> dict[str, Any]:
    """One take as `history --json` prints it: a local listing, so the audio keeps its full path (a script
    needs it to find the file); the report exports, which are made to be shared, name it relatively."""
    r = take.result
    return {
        "id": take.id,
        "created_at": take.created_at.isoformat(),
        "title": take.title,
        "tags": list(take.tags),
        "note": take.note,
        "status": "damaged" if take.damaged else "scored" if r.scored else "gated",
        "gate": r.gate.id if r.gate else None,
        "audio_path": str(take.audio_path) if take.audio_path else None,
        "audio_seconds": round(take.audio_seconds, 3),
        "speech_seconds": round(take.speech_seconds, 3),
        "target_seconds": take.target_seconds,
        "scenario": take.scenario,
        "rehearsal": r.rehearsal,
        "scores": r.scores,
        "band": r.band,
        "fix_first": [d.rule for d in r.fix_first],
        "transcript": take.transcript.text,
        "model": take.model,
        "language": take.language,
        "app_version": take.app_version,
        # A drill take (issue 27): its skill and verdict; null for a full pitch.
        "drill": take.drill.to_dict() if take.drill is not None else None,
    }


_COLUMNS = ("id", "date", "speech", "overall", "clarity", "listener", "band", "note")


def _width(text: str) -> int:
    """Columns a terminal gives the text: a CJK character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _cell(v: int | None) -> str:
    return "—" if v is None else str(v)


def _gate_reason(gate_id: str) -> Message | str:
    """A gate's short name ("no speech" / "没有说话声"); a gate with none yet reads as its id."""
    known = f"history.gate.{gate_id}" in english()
    return msg(f"history.gate.{gate_id}") if known else gate_id.replace("_", " ")


@functools.cache
def _drill_title(skill: str, language: str | None, ui_language: str) -> str:
    """The drill's title in the interface language ("控制时长"), or its id when its file cannot be read."""
    try:
        return load_drill(skill, "zh" if language == "zh" else "en").title_in(ui_language)
    except Exception:  # the row still says which drill; the reason is in the log
        log.warning("drill %s could not be read for the history table", skill, exc_info=True)
        return skill


def format_table(takes: list[Take], ui_language: str = ENGLISH) -> str:
    cat = get_catalog(ui_language)
    header = tuple(cat.text(f"history.col.{c}") for c in _COLUMNS)
    rows = []
    for t in takes:
        when = t.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        label = shown_name(" · ".join(x for x in (t.title, t.note) if x))
        gate = t.result.gate
        band = cat.text(f"band.{t.band}") if t.band else "—"
        if not t.band and gate is not None:
            band = cat.text("history.not_scored", reason=_gate_reason(gate.id))
        if t.damaged:
            band = cat.text("history.damaged")
        elif t.drill is not None:
            title = _drill_title(t.drill.skill, t.language, ui_language)
            band = cat.text("history.drill_passed" if t.drill.passed else "history.drill_not_yet", skill=title)
        rows.append(
            (
                str(t.id),
                when,
                cat.text("history.seconds", seconds=t.speech_seconds),
                _cell(t.overall),
                _cell(t.clarity),
                _cell(t.listener_focus),
                band,
                label[:40] + ("…" if len(label) > 40 else ""),
            )
        )
    widths = [max(_width(h), *(_width(r[i]) for r in rows)) for i, h in enumerate(header)]
    numeric = {0, 2, 3, 4, 5}

    def line(cells: tuple[str, ...]) -> str:
        out = [_pad(c, w, right=i in numeric) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(out).rstrip()

    return "\n".join([line(header), line(tuple("-" * w for w in widths)), *(line(r) for r in rows)]) + "\n"


def format_summary(store: TakeStore, ui_language: str = ENGLISH) -> str:
    cat = get_catalog(ui_language)
    lines = []
    streak = progress.streak(store.practice_days(), store.today())
    if streak.current:
        lines.append(cat.text("history.streak", days=streak.current, best=streak.longest))
    best = progress.personal_bests(progress.Series.from_rows(store.series_rows())).get("overall")
    if best is not None:
        when = f"{best.created_at.astimezone():%Y-%m-%d}"
        lines.append(cat.text("history.best", value=f"{best.value:.0f}", take=best.take_id, date=when))
    take_ids, deductions = store.recent_deductions(10)
    issue = progress.most_frequent_issue(take_ids, deductions)
    if issue is not None:
        tip = progress.issue_tip(store, take_ids, issue.rule, cat) or issue.tip
        label = msg(f"rule.{issue.rule}") if f"rule.{issue.rule}" in english() else issue.label
        lines.append(
            cat.text("history.issue", label=label, k=issue.takes_with_issue, n=issue.takes_considered, tip=tip)
        )
    return "\n".join(lines) + ("\n" if lines else "")


def run_history(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        store = TakeStore(app_paths())
    except StorageError as exc:
        print(error_line(exc, ui_language(args)), file=err)
        return EXIT_FAILED
    try:
        if store.recovered_from is not None:
            recovered = get_catalog(ui_language(args)).text("history_cli.recovered", path=store.recovered_from)
            print(warning_line(recovered, ui_language(args)), file=err)
        if getattr(args, "reanalyse", None) is not None:
            return reanalyse(store, args.reanalyse, out, err, ui_language(args))
        lang = ui_language(args)
        cat = get_catalog(lang)
        limit = args.limit or None
        scenario = getattr(args, "scenario", None)
        takes = store.list(limit=limit, scenario=scenario)
        for t in takes:
            if t.damaged and t.result.gate is not None:
                print(warning_line(t.result.gate.text(cat), lang), file=err)
        if args.json:
            for t in takes:
                out.write(json_line(take_record(t)) + "\n")
            return EXIT_OK
        if not takes and scenario is not None:
            out.write(cat.text("history.none_for_scenario", scenario=scenario) + "\n")
            return EXIT_OK
        if not takes:
            out.write(cat.text("history.none") + "\n")
            return EXIT_OK
        out.write(format_table(takes, lang))
        total = store.count(scenario)
        if total > len(takes):
            out.write("\n" + cat.text("history.newest", shown=len(takes), total=total) + "\n")
        summary = format_summary(store, lang)
        if summary:
            out.write("\n" + summary)
        return EXIT_OK
    except StorageError as exc:
        hint = get_catalog(ui_language(args)).text("cli_line.list_takes_hint") if isinstance(exc, TakeNotFound) else ""
        print(error_line(exc, ui_language(args)) + hint, file=err)
        return EXIT_FAILED
    finally:
        store.close()


def reanalyse(store: TakeStore, take_id: int, out: TextIO, err: TextIO, ui_language: str = ENGLISH) -> int:
    """Analyse a take again from its kept recording and put the new result in its place (title, note, date stay)."""
    from pitchcoach.core.analysis import build_analyzer
    from pitchcoach.core.audio import AudioError
    from pitchcoach.core.model import ModelError

    take = store.get(take_id)
    if take.audio_path is None or not take.audio_path.is_file():
        print(get_catalog(ui_language).text("history_cli.no_recording", take=take_id), file=err)
        return 1
    try:
        analyzer = build_analyzer(app_paths(), None)
        # Heard again in the language it is stored under ("en" for takes from before languages).
        analysis = analyzer.analyze_file(
            take.audio_path, target_seconds=take.target_seconds, language=take.language, scenario=take.scenario
        )
    except (ModelError, AudioError) as exc:
        why = reason(exc, ui_language)
        print(get_catalog(ui_language).text("history_cli.reanalyse_failed", take=take_id, why=why), file=err)
        return 1
    stored = store.replace_analysis(take_id, analysis)
    r = stored.result
    cat = get_catalog(ui_language)
    if r.scored:
        line = cat.text("history.reanalysed", take=take_id, overall=r.overall, band=msg(f"band.{r.band}"))
    else:
        line = cat.text("history.reanalysed_unscored", take=take_id, gate=r.gate.text(cat) if r.gate else "")
    out.write(line + "\n")
    return 0


@dataclass
class SaveOutcome:
    file: str
    take: Take | None
    error: str | None
    # The failure itself, so that the CLI says it in the interface language (``error`` is its English).
    failure: StorageError | None = None


def save_analyses(store: TakeStore, items: Iterable[tuple[Analysis, str | Path]]) -> list[SaveOutcome]:
    """Save each (analysis, audio file) as a take, for `analyze --save`; one failure does not stop the rest."""
    results = []
    for analysis, file in items:
        try:
            take = store.save_take(analysis, Path(file))
        except StorageError as exc:
            log.warning("saving %s failed: %s", file, exc)
            results.append(SaveOutcome(str(file), None, str(exc), exc))
        else:
            results.append(SaveOutcome(str(file), take, None))
    return results
