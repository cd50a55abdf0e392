"""`pitchcoach report`: export a coaching report for one take or a period, from the command line.

    pitchcoach report (--take ID | --last | --from DATE [--to DATE]) [--format pdf|html|md|csv|json] --out PATH

Dates are calendar days in local time, both ends included. The format defaults
to the extension of --out; --out may also be an existing folder, in which case
the file gets the same default name the app's export dialog suggests.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from pitchcoach.cli_history import take_id_arg
from pitchcoach.cli_language import add_ui_language_argument, arg_error, error_line, ui_language
from pitchcoach.core.messages import ENGLISH, get_catalog, msg
from pitchcoach.core.paths import app_paths
from pitchcoach.core.report import (
    FORMATS,
    Report,
    ReportError,
    build_progress_report,
    build_take_report,
    default_filename,
    export_report,
    format_from_path,
)
from pitchcoach.terminal import EXIT_FAILED, EXIT_OK

log = logging.getLogger(__name__)

EXIT_USAGE = 2


def _day(value: str, lang: str = ENGLISH) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise arg_error(lang, "not_date", value=value, example="2026-11-27") from None


def add_report_parser(subparsers: Any, lang: str = ENGLISH) -> argparse.ArgumentParser:
    cat = get_catalog(lang)
    p = subparsers.add_parser(
        "report", help=cat.text("cli_help.report.help"), description=cat.text("cli_help.report.description")
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--take", type=partial(take_id_arg, lang=lang), metavar="ID", help=p.help_text("report.take"))
    which.add_argument("--last", action="store_true", help=p.help_text("report.last"))
    which.add_argument(
        "--from",
        dest="date_from",
        type=partial(_day, lang=lang),
        metavar="DATE",
        help=p.help_text("report.from"),
    )
    p.add_argument("--to", dest="date_to", type=partial(_day, lang=lang), metavar="DATE", help=p.help_text("report.to"))
    p.add_argument("--format", choices=FORMATS, default=None, help=p.help_text("report.format"))
    p.add_argument("--out", type=Path, required=True, metavar="PATH", help=p.help_text("report.out"))
    add_ui_language_argument(p, "report.ui_language")
    return p


def _local_midnight(d: date) -> datetime:
    return datetime.combine(d, time.min).astimezone()


# Takes carry clock timestamps, so none lie outside these days; clamping the query to them keeps
# "--from 0001-01-01" (local midnight of year 1 is year 0 in UTC) and "--to 9999-12-31" (the day
# after does not exist) meaning what the user meant: everything from, or until, then.
_FIRST_QUERY_DAY = date(1970, 1, 2)
_LAST_QUERY_DAY = date(9998, 12, 30)


def _query_bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    def clamp(d: date) -> date:
        return min(max(d, _FIRST_QUERY_DAY), _LAST_QUERY_DAY)

    return _local_midnight(clamp(first_day)), _local_midnight(clamp(last_day) + timedelta(days=1))


def _is_dir(p: Path) -> bool:
    """Path.is_dir, except that a name too long to look up is "not a folder" (the write then says why)."""
    try:
        return p.is_dir()
    except OSError:
        return False


def _pdf_renderer() -> Callable[[Report], bytes]:
    try:
        from pitchcoach.ui.pdf import render_pdf
    except ImportError as exc:  # a broken Qt install: the other formats still work
        log.exception("PDF support unavailable")
        raise ReportError(msg=msg("report_cli.pdf_needs_qt")) from exc
    return render_pdf


def run_report(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    paths = app_paths()
    lang = ui_language(args, paths.settings)
    cat = get_catalog(lang)
    if args.date_to is not None and args.date_from is None:
        print(cat.text("report_cli.to_needs_from"), file=err)
        return EXIT_USAGE
    if args.date_from is not None:
        last_day = args.date_to or date.today()
        if args.date_to is None and last_day < args.date_from:
            print(cat.text("report_cli.from_in_future", first=args.date_from, today=last_day), file=err)
            return EXIT_USAGE
        if last_day < args.date_from:
            print(cat.text("report_cli.to_before_from", last=last_day, first=args.date_from), file=err)
            return EXIT_USAGE

    out_path = Path(args.out).expanduser()
    fmt = args.format or (None if _is_dir(out_path) else format_from_path(out_path))
    if fmt is None:
        print(cat.text("report_cli.unknown_format", name=out_path.name, formats="|".join(FORMATS)), file=err)
        return EXIT_USAGE

    try:
        from pitchcoach.core.storage import StorageError, TakeNotFound, TakeStore
    except ImportError:
        log.exception("storage unavailable")
        print(cat.text("report_cli.no_history_build"), file=err)
        return EXIT_FAILED

    try:
        store = TakeStore(paths)
    except StorageError as exc:
        print(error_line(exc, lang), file=err)
        return EXIT_FAILED
    try:
        report: Report
        if args.take is not None:
            report = build_take_report(store.get(args.take), recordings_dir=paths.recordings, ui_language=lang)
        elif args.last:
            latest = store.list(limit=1, newest_first=True)
            if not latest:
                print(cat.text("report_cli.history_empty"), file=err)
                return EXIT_FAILED
            report = build_take_report(latest[0], recordings_dir=paths.recordings, ui_language=lang)
        else:
            first_day, last_day = args.date_from, args.date_to or date.today()
            since, until = _query_bounds(first_day, last_day)
            takes = store.list(since=since, until=until, newest_first=False)
            if not takes:
                print(cat.text("report_cli.no_takes_between", first=first_day, last=last_day), file=err)
                return EXIT_FAILED
            report = build_progress_report(
                takes, start=first_day, end=last_day, recordings_dir=paths.recordings, ui_language=lang
            )

        if _is_dir(out_path):
            out_path = out_path / default_filename(report, fmt)
        written = export_report(
            report, fmt, out_path, pdf_renderer=_pdf_renderer() if fmt == "pdf" else None, data_folder=paths.root
        )
    except (ReportError, StorageError) as exc:
        hint = cat.text("cli_line.list_takes_hint") if isinstance(exc, TakeNotFound) else ""
        print(error_line(exc, lang) + hint, file=err)
        return EXIT_FAILED
    finally:
        store.close()

    for notice in getattr(report, "notices", []):
        print(cat.text("cli_line.note", text=notice), file=err)
    print(cat.text("cli.report_saved", format=fmt.upper(), path=written), file=out)
    return EXIT_OK
