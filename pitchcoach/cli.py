"""Command line: analyse files, show history, export reports, self-test.

Output rules: with --json, stdout carries only JSON Lines (one object per input,
in input order) so it can be piped; human messages go to stderr. A bad file never
stops the run: it gets status "error" with a one-line reason.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from pitchcoach import __version__, cli_drill, cli_history, cli_report, cli_team
from pitchcoach.cli_language import (
    add_language_argument,
    add_ui_language_argument,
    arg_error,
    argv_ui_language,
    error_line,
    pitch_language,
    reason,
    ui_language,
    warning_line,
)
from pitchcoach.cli_parser import CliParser
from pitchcoach.core.analysis import Analysis, build_analyzer, error_record
from pitchcoach.core.audio import AudioError
from pitchcoach.core.errors import friendly_message
from pitchcoach.core.logs import setup_logging
from pitchcoach.core.messages import ENGLISH, Catalog, get_catalog, msg
from pitchcoach.core.model import ModelError
from pitchcoach.core.paths import app_paths
from pitchcoach.core.rehearsal import ScriptError, load_script, rehearse
from pitchcoach.core.scenarios import DEFAULT_SCENARIO, ScenarioError, load_scenarios
from pitchcoach.core.scoring.result import fmt_points
from pitchcoach.core.scoring.targets import DEFAULT_TARGET_SECONDS, TARGET_MAX_SECONDS, TARGET_MIN_SECONDS
from pitchcoach.core.scoring.timing import length_window
from pitchcoach.core.storage import Take, TakeStore
from pitchcoach.core.transcript import normalize_word
from pitchcoach.terminal import EXIT_FAILED, EXIT_OK, SafeStream, json_line, shown_name

log = logging.getLogger(__name__)

EXIT_UNREADABLE = 2
EXIT_USAGE = 2  # what argparse itself returns for a bad option value


def _target(value: str, lang: str = ENGLISH) -> float:
    try:
        t = float(value)
    except ValueError:
        raise arg_error(lang, "not_seconds", value=value) from None
    if not TARGET_MIN_SECONDS <= t <= TARGET_MAX_SECONDS:
        raise arg_error(lang, "target_range", lo=f"{TARGET_MIN_SECONDS:g}", hi=f"{TARGET_MAX_SECONDS:g}")
    return t


def build_parser(lang: str = ENGLISH) -> argparse.ArgumentParser:
    """The command line in ``lang``: its help, argparse's own words and its refusals of option values
    (pitchcoach/cli_parser.py; the texts are cli_help.* and argparse.* in the catalog)."""
    p = CliParser(prog="pitchcoach", lang=lang)
    p.description = p.help_text("description")
    p.add_argument(
        "--version", action="version", version=f"PitchCoach {__version__}", help=p.cat.text("argparse.version")
    )
    p.add_argument("--self-test", action="store_true", help=p.help_text("self_test"))
    add_ui_language_argument(p, "ui_language_top", command=False)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser("analyze", help=p.help_text("analyze.help"), aliases=["analyse"])
    a.add_argument("files", nargs="+", metavar="FILE", help=p.help_text("audio_files"))
    a.add_argument("--json", action="store_true", help=p.help_text("analyze.json"))
    a.add_argument(
        "--target",
        type=partial(_target, lang=lang),
        default=None,
        metavar="SECONDS",
        help=p.help_text(
            "analyze.target",
            lo=f"{TARGET_MIN_SECONDS:g}",
            hi=f"{TARGET_MAX_SECONDS:g}",
            default=f"{DEFAULT_TARGET_SECONDS:g}",
        ),
    )
    a.add_argument("--scenario", default=DEFAULT_SCENARIO, metavar="NAME", help=p.help_text("analyze.scenario"))
    add_language_argument(a)
    add_ui_language_argument(a, "analyze.ui_language")
    a.add_argument("--script", default=None, metavar="FILE", help=p.help_text("analyze.script"))
    a.add_argument("--model", default=None, metavar="M", help=p.help_text("analyze.model"))
    a.add_argument("--save", action="store_true", help=p.help_text("analyze.save"))

    cli_drill.add_drill_parser(sub, lang)
    cli_history.add_history_parser(sub, lang)
    cli_report.add_report_parser(sub, lang)
    cli_team.add_team_parser(sub, lang)
    return p


def main(argv: list[str] | None = None) -> int:
    # Names of files and takes are printed all over the CLI; a name holding escape codes must not
    # drive the user's terminal (issue 14). Restored afterwards for callers such as tests.
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(real_out), SafeStream(real_err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = real_out, real_err


def _main(argv: list[str] | None) -> int:
    paths = app_paths()
    setup_logging(paths.logs)
    parser = build_parser(argv_ui_language(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    try:
        if args.self_test:
            return self_test(sys.stdout)
        if args.command in ("analyze", "analyse"):
            return run_analyze(args, sys.stdout, sys.stderr)
        if args.command == "drill":
            return cli_drill.run_drill(args, sys.stdout, sys.stderr)
        if args.command == "history":
            return cli_history.run_history(args)
        if args.command == "report":
            return cli_report.run_report(args)
        if args.command == "team":
            return cli_team.run_team(args)
        parser.print_help()
        return EXIT_OK
    except KeyboardInterrupt:
        print(get_catalog(_safe_ui_language(args)).text("cli_line.stopped"), file=sys.stderr)
        return 130
    except Exception as exc:  # last line of defence: a message, never a traceback
        log.exception("unexpected error")
        cat = get_catalog(_safe_ui_language(args))
        print(cat.text("cli_line.unexpected", kind=type(exc).__name__, path=paths.log_file), file=sys.stderr)
        return EXIT_FAILED


def _safe_ui_language(args: argparse.Namespace) -> str:
    """The output's language for the last line of defence: reading Settings must not fail it too."""
    try:
        return ui_language(args)
    except Exception:
        log.exception("interface language unknown; English")
        return ENGLISH


def run_analyze(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    files: list[str] = list(args.files)
    lang = ui_language(args)
    scenarios = load_scenarios(app_paths().scenarios)
    cat = get_catalog(lang)
    for warning in scenarios.warning_msgs:  # a user's scenario file that was skipped, and why
        print(cat.text("cli_line.warning", text=cat.render(warning)), file=err)
    try:
        scenario = scenarios.get(getattr(args, "scenario", None) or DEFAULT_SCENARIO)
    except ScenarioError as exc:
        print(error_line(exc, lang), file=err)
        return EXIT_USAGE
    script = None
    if getattr(args, "script", None):
        try:
            script = load_script(args.script)
        except ScriptError as exc:
            print(error_line(exc, lang), file=err)
            return EXIT_USAGE
    # The scenario's own length unless the user gave one (custom has none: the default then).
    args.target = args.target if args.target is not None else scenario.target_or(DEFAULT_TARGET_SECONDS)
    language = pitch_language(args)
    asked = None if language == "auto" else language  # what an unreadable file's record says
    try:
        analyzer = build_analyzer(app_paths(), args.model, scenarios)
    except ModelError as exc:
        print(error_line(exc, lang), file=err)
        if args.json:
            for f in files:
                _emit(
                    out,
                    error_record(
                        f, str(exc), args.target, args.model or "tiny.en (bundled)", asked, scenario=scenario.name
                    ),
                )
        return EXIT_UNREADABLE
    lexicons = getattr(analyzer, "lexicons", None)
    for warning in getattr(lexicons, "warning_msgs", ()):
        print(cat.text("cli_line.warning", text=cat.render(warning)), file=err)

    store = None
    save_failed = False
    if args.save:
        store = _open_store(err, lang)
        save_failed = store is None  # nothing asked to be saved can be: the run must not look successful
    all_read = True
    for f, analysis in analyzer.analyze_files(
        files, target_seconds=args.target, language=language, scenario=scenario.name
    ):
        if isinstance(analysis, AudioError):
            all_read = False
            if args.json:
                _emit(
                    out, error_record(f, str(analysis), args.target, analyzer.model_name, asked, scenario=scenario.name)
                )
            else:
                why = shown_name(friendly_message(analysis, get_catalog(lang)))  # in the interface language
                print(f"{shown_name(f)}\n  {get_catalog(lang).text('errors.cli_line', why=why)}\n", file=out)
            continue
        if script is not None:
            analysis.result.rehearsal = rehearse(script, analysis.transcript).to_dict()
        # Only a scored take goes into the history: an unscored one was not understood (another language,
        # noise, too few words), so its transcript may be the recognizer's invention.
        saved = None
        shared = None
        if store is not None and analysis.result.scored:
            saved = _save(store, analysis, f, err, lang)
            save_failed = save_failed or saved is None
            # Once the user joined a team, a saved take is shared at their default level.
            shared = cli_team.share_saved(saved, err, lang) if saved is not None else None
        saved_id = saved.id if saved is not None else None
        if args.json:
            rec = analysis.to_record()
            if args.save:
                rec["take_id"] = saved_id
                rec["shared"] = shared
            _emit(out, rec)
        else:
            out.write(format_report_card(analysis, lang, scenario.title_in(lang)))
            if saved_id is not None:
                out.write("  " + get_catalog(lang).text("cli.saved_take", take=saved_id) + "\n\n")
            if shared is not None:
                out.write("  " + cat.text("cli_line.shared", level=msg(f"team_error.level.{shared}")) + "\n\n")
            elif args.save and not analysis.result.scored:
                out.write("  " + get_catalog(lang).text("cli.not_saved_unscored") + "\n\n")
        if args.json and args.save and not analysis.result.scored:
            print(f"{shown_name(f)}: {get_catalog(lang).text('cli.not_saved_unscored')}", file=err)
        out.flush()
    for problem in getattr(lexicons, "timed_out_pattern_msgs", list)():
        print(warning_line(cat.render(problem), lang), file=err)
    if store is not None:
        store.close()
    if save_failed:
        # A take the user asked to keep was not kept: scripts must see that, even if every file was read.
        print(get_catalog(lang).text("cli_line.takes_not_saved"), file=err)
        return EXIT_FAILED
    return EXIT_OK if all_read else EXIT_UNREADABLE


def _open_store(err: TextIO, lang: str = ENGLISH) -> TakeStore | None:
    try:
        return TakeStore(app_paths())
    except Exception as exc:
        log.exception("opening history failed")
        line = get_catalog(lang).text("cli_line.history_unavailable", why=reason(exc, lang))
        print(warning_line(line, lang), file=err)
        return None


def _save(store: TakeStore, analysis: Analysis, file: str, err: TextIO, lang: str = ENGLISH) -> Take | None:
    [outcome] = cli_history.save_analyses(store, [(analysis, file)])
    if outcome.take is None:
        why = reason(outcome.failure, lang) if outcome.failure is not None else outcome.error
        line = get_catalog(lang).text("cli_line.not_saved", file=shown_name(file), why=why)
        print(warning_line(line, lang), file=err)
        return None
    return outcome.take


def _emit(out: TextIO, record: dict[str, Any]) -> None:
    out.write(json_line(record) + "\n")
    out.flush()


def format_report_card(a: Analysis, ui_language: str = ENGLISH, scenario_title: str | None = None) -> str:
    """The human-readable result for one file, in the interface language (the scores are the same in any).
    ``scenario_title``: the scenario as the interface language names it (its id when not given)."""
    cat = get_catalog(ui_language)
    r = a.result
    t = a.transcript
    lines = [shown_name(a.file or "take"), ""]
    if r.gate is not None:
        lines += ["  " + cat.text("cli.no_score", text=r.gate.text(cat)), ""]
        return "\n".join(lines) + "\n"
    m = r.metrics
    verdicts = cat.text("cli.verdicts", clarity=r.clarity, listener=r.listener_focus)
    if r.timing is not None:
        verdicts += cat.text("cli.timing_verdict", timing=r.timing)
        if m.timing_verdict:
            verdicts += cat.text("cli.timing_label", label=msg(f"timing_verdict.{m.timing_verdict}"))
    overall = cat.text("cli.overall", overall=r.overall, band=msg(f"band.{r.band}"))
    lines.append(f"  {overall}    {verdicts}")
    if r.scenario != DEFAULT_SCENARIO:
        lines.append("  " + cat.text("cli.scenario", name=scenario_title or r.scenario))
    lo, hi = length_window(r.target_seconds)  # on target = the range timing scores 100, as in the app
    timing = cat.text(
        "cli.speech", seconds=f"{t.speech_seconds:.1f}", target=f"{r.target_seconds:g}", lo=f"{lo:.0f}", hi=f"{hi:.0f}"
    )
    if t.speech_seconds > hi:
        timing += cat.text("cli.over", seconds=f"{t.speech_seconds - hi:.1f}")
    elif t.speech_seconds < lo:
        timing += cat.text("cli.short", seconds=f"{lo - t.speech_seconds:.1f}")
    if a.language == "zh":  # paced and counted in characters (字), as the Mandarin rubric is
        pace = cat.text("cli.pace_zh", pace=f"{m.cpm or 0:.0f}", count=m.word_count)
    else:
        pace = cat.text("cli.pace_en", pace=f"{m.wpm or 0:.0f}", count=m.word_count)
    lines.append(f"  {timing} · {pace}")
    if r.fix_first:
        lines += ["", "  " + cat.text("cli.fix_first")]
        for i, d in enumerate(r.fix_first, 1):
            lines.append(f"   {i}. {d.text(cat)}  (−{fmt_points(d.points)})")
            lines.append("      " + cat.text("cli.tip", text=d.tip_text(cat)))
    rest = r.deductions[3:]
    if rest:
        lines += ["", "  " + cat.text("cli.more_detail")]
        for d in rest:
            lines.append(f"   · {d.text(cat)}  (−{fmt_points(d.points)})")
            lines.append("     " + cat.text("cli.tip", text=d.tip_text(cat)))
    if r.positives:
        lines += ["", "  " + cat.text("cli.going_well")]
        lines += [f"   + {p}" for p in r.positive_texts(cat)]
    if r.notes:
        lines += ["", "  " + cat.text("cli.notes")]
        lines += [f"   i {n}" for n in r.note_texts(cat)]
    lines += _rehearsal_lines(r.rehearsal, cat)
    lines += ["", "  " + cat.text("cli.transcript"), "   " + t.text, ""]
    return "\n".join(lines) + "\n"


def _rehearsal_lines(rehearsal: dict[str, Any] | None, cat: Catalog) -> list[str]:
    """The rehearsal's part of the report card: coverage, then each missed, moved and added point quoted,
    and each point counted as said in other words."""
    if rehearsal is None:
        return []
    n = len(rehearsal["key_points"])
    covered = n - len(rehearsal["missed"])
    lines = ["", "  " + cat.text("cli_line.rehearsal", coverage=rehearsal["coverage"], said=covered, total=n)]
    lines += ["   " + cat.text("cli_line.rehearsal_missed", text=m) for m in rehearsal["missed"]]
    lines += ["   " + cat.text("cli_line.rehearsal_out_of_order", text=m) for m in rehearsal["out_of_order"]]
    lines += ["   " + cat.text("cli_line.rehearsal_added", text=m) for m in rehearsal["added"]]
    # The stored notes are English sentences; the pairs they were made from say the same in any language.
    lines += ["   " + cat.text("cli_line.rehearsal_paraphrased", **p) for p in rehearsal.get("paraphrased", [])]
    return lines


def sample_pitch_path() -> Path:
    return Path(str(resources.files("pitchcoach").joinpath("assets", "sample_pitch.wav")))


def self_test(out: TextIO) -> int:
    """Prove the installed (or frozen) app can load its model and score a pitch, headless."""
    t0 = time.perf_counter()
    try:
        # The same construction as `analyze` and the GUI: the bundled model, checked, plus user lexicons.
        analyzer = build_analyzer(app_paths(), None)
    except ModelError as exc:
        print(f"SELF-TEST FAILED: {exc}", file=out)
        return EXIT_FAILED
    t_load = time.perf_counter() - t0
    sample = sample_pitch_path()
    t1 = time.perf_counter()
    try:
        analysis = analyzer.analyze_file(sample)
    except AudioError as exc:
        print(f"SELF-TEST FAILED: the bundled sample could not be read: {exc}", file=out)
        return EXIT_FAILED
    t_an = time.perf_counter() - t1
    out.write(format_report_card(analysis))
    missing = missing_content_words(sample_pitch_words(), [w.text for w in analysis.transcript.words])
    ok = analysis.result.scored and len(analysis.transcript.words) >= 8 and not missing
    ok = _multilingual_parts_present(out) and ok
    if missing:
        # A sample the model mishears ("I'm a Fizzle Therapist") is the first thing a user sees.
        out.write(f"self-test: the model misheard the sample: {', '.join(repr(w) for w in missing)} missing\n")
    out.write(
        f"self-test: model {analyzer.model_name} loaded in {t_load:.2f} s; sample analysed in {t_an:.2f} s; "
        f"{'OK' if ok else 'FAILED'}\n"
    )
    return EXIT_OK if ok else EXIT_FAILED


def _multilingual_parts_present(out: TextIO) -> bool:
    """The Mandarin model's two halves are installed (joining them, 139 MiB, waits for a Mandarin take)."""
    from pitchcoach.core.multilingual import part_files

    try:
        size = sum(p.stat().st_size for p in part_files())
    except ModelError as exc:
        out.write(f"self-test: {exc}\n")
        return False
    out.write(f"self-test: multilingual model parts present ({size / (1 << 20):.0f} MiB)\n")
    return True


def sample_pitch_words() -> list[str]:
    """The content words the bundled sample says (assets/sample_pitch.json)."""
    meta = resources.files("pitchcoach").joinpath("assets", "sample_pitch.json").read_text(encoding="utf-8")
    return list(json.loads(meta)["content_words"])


def missing_content_words(expected: list[str], heard: list[str]) -> list[str]:
    """The expected words the transcript lacks, each as often as it is expected. A compound heard as
    one word counts for its parts ("workday" for "work day")."""
    compounds = {a + b: (a, b) for a, b in zip(expected, expected[1:], strict=False)}
    pool: Counter[str] = Counter()
    for w in (normalize_word(x) for x in heard):
        pool.update(compounds[w] if w in compounds and w not in expected else [w])
    missing = []
    for w in expected:
        if pool[w] > 0:
            pool[w] -= 1
        else:
            missing.append(w)
    return missing
