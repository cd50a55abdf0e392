"""`pitchcoach drill --skill SKILL FILE...`: score recordings as drills (issue 27).

Like `analyze`: with --json, stdout carries one JSON object per file and nothing else. A failed drill
is a result, not an error (exit 0); a file that cannot be read is an error as in `analyze` (exit 2).
"""

from __future__ import annotations

import argparse
import logging
from typing import Any, TextIO

from pitchcoach.cli_language import (
    add_language_argument,
    add_ui_language_argument,
    error_line,
    pitch_language,
    reason,
    ui_language,
    warning_line,
)
from pitchcoach.core.analysis import Analysis, build_analyzer
from pitchcoach.core.audio import AudioError
from pitchcoach.core.drills import SKILLS, DrillError, DrillVerdict, evidence_text, judge, load_drill
from pitchcoach.core.messages import ENGLISH, get_catalog
from pitchcoach.core.model import ModelError
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import StorageError, TakeStore
from pitchcoach.terminal import EXIT_FAILED, EXIT_OK, json_line, shown_name

log = logging.getLogger(__name__)

EXIT_UNREADABLE = 2


def add_drill_parser(subparsers: Any, lang: str = ENGLISH) -> argparse.ArgumentParser:
    cat = get_catalog(lang)
    d = subparsers.add_parser("drill", help=cat.text("cli_help.drill.help"))
    # The skill names are ids (same in every language), listed as they are typed.
    d.add_argument(
        "--skill",
        required=True,
        choices=SKILLS,
        metavar="SKILL",
        help=d.help_text("drill.skill", skills=list(SKILLS)),
    )
    d.add_argument("files", nargs="+", metavar="FILE", help=d.help_text("audio_files"))
    d.add_argument("--json", action="store_true", help=d.help_text("drill.json"))
    add_language_argument(d)
    add_ui_language_argument(d, "drill.ui_language")
    d.add_argument("--save", action="store_true", help=d.help_text("drill.save"))
    return d


def drill_record(file: str, skill: str, verdict: DrillVerdict | None, error: str | None = None) -> dict[str, Any]:
    if verdict is None:
        return {"file": file, "skill": skill, "passed": False, "why": error, "evidence": [], "error": error}
    return {"file": file, **verdict.to_dict(), "error": None}


def format_verdict(file: str, title: str, verdict: DrillVerdict, ui_language: str = ENGLISH) -> str:
    cat = get_catalog(ui_language)
    outcome = cat.text("drill.outcome.passed" if verdict.passed else "drill.outcome.not_yet")
    head = cat.text("cli_line.drill_outcome", title=title, outcome=outcome)
    lines = [shown_name(file), f"  {head}", f"  {cat.render(verdict.msg, verdict.why)}"]
    for e in verdict.evidence[:6]:
        span = cat.text("drill.evidence_span", start=float(e.start), end=float(e.end))
        lines.append(f"   · {span}  {shown_name(evidence_text(e, cat))}")
    return "\n".join(lines) + "\n\n"


def run_drill(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    files: list[str] = list(args.files)
    language = pitch_language(args)
    lang = ui_language(args)
    try:
        load_drill(args.skill)  # a damaged install is reported before the model loads
        analyzer = build_analyzer(app_paths(), None)
    except (ModelError, DrillError) as exc:
        print(error_line(exc, lang), file=err)
        if args.json:
            for f in files:
                out.write(json_line(drill_record(f, args.skill, None, str(exc))) + "\n")
        return EXIT_UNREADABLE
    store = _open_store(err, lang) if args.save else None
    all_read, save_failed = True, args.save and store is None
    try:
        target = load_drill(args.skill).target_seconds
        for f, analysis in analyzer.analyze_files(files, target_seconds=target, language=language):
            if isinstance(analysis, AudioError):
                all_read = False
                if args.json:
                    out.write(json_line(drill_record(f, args.skill, None, str(analysis))) + "\n")
                else:
                    print(f"{shown_name(f)}\n  {shown_name(error_line(analysis, lang))}\n", file=out)
                continue
            drill = load_drill(args.skill, analysis.language)  # "auto": the language heard
            verdict = judge(drill, analysis)
            if store is not None and analysis.result.scored:
                save_failed = not _save(store, analysis, f, verdict, err, lang) or save_failed
            if args.json:
                out.write(json_line(drill_record(f, args.skill, verdict)) + "\n")
            else:
                out.write(format_verdict(f, drill.title_in(lang), verdict, lang))
            out.flush()
    finally:
        if store is not None:
            store.close()
    if save_failed:
        print(get_catalog(lang).text("cli_line.drill_takes_not_saved"), file=err)
        return EXIT_FAILED
    return EXIT_OK if all_read else EXIT_UNREADABLE


def _open_store(err: TextIO, lang: str) -> TakeStore | None:
    try:
        return TakeStore(app_paths())
    except StorageError as exc:
        line = get_catalog(lang).text("cli_line.history_unavailable", why=reason(exc, lang))
        print(warning_line(line, lang), file=err)
        return None


def _save(store: TakeStore, analysis: Analysis, file: str, verdict: DrillVerdict, err: TextIO, lang: str) -> bool:
    from pathlib import Path

    try:
        store.save_take(analysis, Path(file), drill=verdict)
    except StorageError as exc:
        line = get_catalog(lang).text("cli_line.drill_not_saved", file=shown_name(file), why=reason(exc, lang))
        print(warning_line(line, lang), file=err)
        return False
    return True
