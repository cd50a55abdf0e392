"""`pitchcoach history`: the progress history on the command line.

A readable table by default; with --json, JSON Lines on stdout (one take per
line, newest first) and every human message on stderr, like `analyze --json`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pitchcoach.core import progress
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import StorageError, Take, TakeNotFound, TakeStore
from pitchcoach.terminal import EXIT_FAILED, EXIT_OK, json_line, shown_name

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 20


def _limit(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError("the limit cannot be negative (use 0 for every take)")
    return n


def add_history_parser(subparsers: Any) -> argparse.ArgumentParser:
    h = subparsers.add_parser("history", help="list your saved takes, newest first")
    h.add_argument("--json", action="store_true", help="print JSON Lines, one object per take")
    h.add_argument(
        "--limit",
        type=_limit,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"show the N newest takes (default {DEFAULT_LIMIT}; 0 shows all)",
    )
    h.add_argument(
        "--scenario", metavar="NAME", default=None, help="only takes practised for this scenario (e.g. investor)"
    )
    h.add_argument(
        "--reanalyse",
        "--reanalyze",
        dest="reanalyse",
        type=take_id_arg,
        metavar="ID",
        help="analyse take ID again from its recording (e.g. one whose saved result is damaged)",
    )
    return h


def take_id_arg(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a take number (see `pitchcoach history`)") from None
    if n < 1:
        raise argparse.ArgumentTypeError("take numbers start at 1")
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


def _cell(v: int | None) -> str:
    return "—" if v is None else str(v)


def format_table(takes: list[Take]) -> str:
    header = ("ID", "Date", "Speech", "Overall", "Clarity", "Listener", "Band", "Note")
    rows = []
    for t in takes:
        when = t.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        label = shown_name(" · ".join(x for x in (t.title, t.note) if x))
        band = t.band or (f"not scored ({t.result.gate.id.replace('_', ' ')})" if t.result.gate else "—")
        if t.damaged:
            band = "damaged: --reanalyse"
        elif t.drill is not None:
            band = f"drill {t.drill.skill}: {'passed' if t.drill.passed else 'not yet'}"
        rows.append(
            (
                str(t.id),
                when,
                f"{t.speech_seconds:.1f} s",
                _cell(t.overall),
                _cell(t.clarity),
                _cell(t.listener_focus),
                band,
                label[:40] + ("…" if len(label) > 40 else ""),
            )
        )
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    numeric = {0, 2, 3, 4, 5}

    def line(cells: tuple[str, ...]) -> str:
        out = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(out).rstrip()

    return "\n".join([line(header), line(tuple("-" * w for w in widths)), *(line(r) for r in rows)]) + "\n"


def format_summary(store: TakeStore) -> str:
    lines = []
    streak = progress.streak(store.practice_days(), store.today())
    if streak.current:
        lines.append(
            f"Streak: {streak.current} day{'s' if streak.current != 1 else ''} in a row (best {streak.longest})."
        )
    best = progress.personal_bests(progress.Series.from_rows(store.series_rows())).get("overall")
    if best is not None:
        lines.append(f"Personal best: {best.value:.0f} (take {best.take_id}, {best.created_at.astimezone():%Y-%m-%d}).")
    issue = progress.most_frequent_issue(*store.recent_deductions(10))
    if issue is not None:
        lines.append(
            f"Most frequent issue: {issue.label} in {issue.takes_with_issue} of your last "
            f"{issue.takes_considered} scored takes. Tip: {issue.tip}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


def run_history(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        store = TakeStore(app_paths())
    except StorageError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_FAILED
    try:
        if store.recovered_from is not None:
            print(
                f"warning: your history database was damaged and has been set aside as {store.recovered_from}; "
                "a new, empty history was started. Your recordings are kept and the app offers them for analysis.",
                file=err,
            )
        if getattr(args, "reanalyse", None) is not None:
            return reanalyse(store, args.reanalyse, out, err)
        limit = args.limit or None
        scenario = getattr(args, "scenario", None)
        takes = store.list(limit=limit, scenario=scenario)
        for t in takes:
            if t.damaged and t.result.gate is not None:
                print(f"warning: {t.result.gate.message}", file=err)
        if args.json:
            for t in takes:
                out.write(json_line(take_record(t)) + "\n")
            return EXIT_OK
        if not takes and scenario is not None:
            out.write(
                f"No takes saved for the scenario '{scenario}'. "
                f"Run: pitchcoach analyze --scenario {scenario} --save FILE\n"
            )
            return EXIT_OK
        if not takes:
            out.write("No takes saved yet. Record one in the app, or run: pitchcoach analyze --save FILE\n")
            return EXIT_OK
        out.write(format_table(takes))
        total = store.count(scenario)
        if total > len(takes):
            out.write(f"\nShowing the {len(takes)} newest of {total} takes (--limit 0 shows all).\n")
        summary = format_summary(store)
        if summary:
            out.write("\n" + summary)
        return EXIT_OK
    except StorageError as exc:
        hint = " `pitchcoach history` lists the takes you have." if isinstance(exc, TakeNotFound) else ""
        print(f"error: {exc}{hint}", file=err)
        return EXIT_FAILED
    finally:
        store.close()


def reanalyse(store: TakeStore, take_id: int, out: TextIO, err: TextIO) -> int:
    """Analyse a take again from its kept recording and put the new result in its place (title, note, date stay)."""
    from pitchcoach.core.analysis import build_analyzer
    from pitchcoach.core.audio import AudioError
    from pitchcoach.core.model import ModelError

    take = store.get(take_id)
    if take.audio_path is None or not take.audio_path.is_file():
        print(
            f"error: take {take_id} has no recording kept (it was saved without one, or the file was removed), "
            "so it can't be analysed again. Delete the take in the app if you no longer want it.",
            file=err,
        )
        return 1
    try:
        analyzer = build_analyzer(app_paths(), None)
        # Heard again in the language it is stored under ("en" for takes from before languages).
        analysis = analyzer.analyze_file(
            take.audio_path, target_seconds=take.target_seconds, language=take.language, scenario=take.scenario
        )
    except (ModelError, AudioError) as exc:
        print(f"error: take {take_id} could not be analysed again: {exc}", file=err)
        return 1
    stored = store.replace_analysis(take_id, analysis)
    r = stored.result
    score = f"overall {r.overall}/100 ({r.band})" if r.scored else f"not scored ({r.gate.message if r.gate else ''})"
    out.write(f"Take {take_id} was analysed again from its recording: {score}.\n")
    return 0


@dataclass
class SaveOutcome:
    file: str
    take: Take | None
    error: str | None


def save_analyses(store: TakeStore, items: Iterable[tuple[Analysis, str | Path]]) -> list[SaveOutcome]:
    """Save each (analysis, audio file) as a take, for `analyze --save`; one failure does not stop the rest."""
    results = []
    for analysis, file in items:
        try:
            take = store.save_take(analysis, Path(file))
        except StorageError as exc:
            log.warning("saving %s failed: %s", file, exc)
            results.append(SaveOutcome(str(file), None, str(exc)))
        else:
            results.append(SaveOutcome(str(file), take, None))
    return results
