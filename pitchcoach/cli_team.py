"""`pitchcoach team`: join or leave a team folder, and a per-member summary for scripts and spreadsheets.

``team summary --json`` prints JSON Lines (one object per member) on stdout and every human message on
stderr, like the other commands. See docs/team.md.
"""

from __future__ import annotations

import argparse
import logging
import sys
import unicodedata
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from pitchcoach.cli_language import add_ui_language_argument, arg_error, error_line, reason, ui_language, warning_line
from pitchcoach.core.messages import ENGLISH, Catalog, get_catalog, msg
from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import SettingsStore
from pitchcoach.core.storage import Take
from pitchcoach.core.team import schema, summary
from pitchcoach.core.team.folder import TeamError
from pitchcoach.core.team.service import SharePending, TeamService
from pitchcoach.terminal import EXIT_FAILED, EXIT_OK, json_line, shown_name

log = logging.getLogger(__name__)


def _date(value: str, lang: str = ENGLISH) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise arg_error(lang, "not_date", value=value, example="2026-12-01") from None


def add_team_parser(subparsers: Any, lang: str = ENGLISH) -> argparse.ArgumentParser:
    t = subparsers.add_parser("team", help=get_catalog(lang).text("cli_help.team.help"))
    sub = t.add_subparsers(dest="team_command", metavar="ACTION")
    j = sub.add_parser("join", help=t.help_text("team.join"))
    j.add_argument("--folder", required=True, metavar="DIR", help=t.help_text("team.folder"))
    j.add_argument("--name", required=True, metavar="NAME", help=t.help_text("team.name"))
    j.add_argument(
        "--share",
        choices=schema.SHARE_LEVELS,
        default="scores",
        help=t.help_text("team.share"),
    )
    lv = sub.add_parser("leave", help=t.help_text("team.leave"))
    lv.add_argument("--yes", action="store_true", help=t.help_text("team.yes"))
    s = sub.add_parser("summary", help=t.help_text("team.summary"))
    s.add_argument("--json", action="store_true", help=t.help_text("team.json"))
    s.add_argument(
        "--from", dest="since", type=partial(_date, lang=lang), metavar="DATE", help=t.help_text("team.from")
    )
    s.add_argument("--to", dest="until", type=partial(_date, lang=lang), metavar="DATE", help=t.help_text("team.to"))
    s.add_argument("--folder", metavar="DIR", help=t.help_text("team.read_folder"))
    for p in (j, lv, s):
        add_ui_language_argument(p, "team.ui_language")
    return t


def team_service() -> TeamService:
    paths = app_paths().ensure()
    return TeamService(SettingsStore(paths.settings), paths.team_cache)


def run_team(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    lang = ui_language(args)
    cat = get_catalog(lang)
    if args.team_command is None:
        print(cat.text("team_cli.usage"), file=err)
        return EXIT_FAILED
    svc = team_service()
    try:
        if args.team_command == "join":
            cfg = svc.join(Path(args.folder), args.name, args.share)
            level = msg(f"team_error.level.{cfg.share}")
            print(
                cat.text("team_cli.joined", folder=shown_name(cfg.folder), name=shown_name(cfg.name), level=level),
                file=out,
            )
            return EXIT_OK
        if args.team_command == "leave":
            return _leave(svc, args.yes, out, err, cat)
        return _summary(svc, args, out, err, cat)
    except TeamError as exc:
        print(error_line(exc, lang), file=err)
        return EXIT_FAILED
    finally:
        svc.close()


def _leave(svc: TeamService, yes: bool, out: TextIO, err: TextIO, cat: Catalog) -> int:
    cfg = svc.config
    if cfg is None:
        print(cat.text("team_cli.not_joined"), file=err)
        return EXIT_OK
    if not yes:
        if not sys.stdin.isatty():
            print(cat.text("team_cli.confirm_needed"), file=err)
            return EXIT_FAILED
        try:
            answer = input(cat.text("team_cli.confirm", folder=cfg.folder))
        except EOFError:  # Ctrl-D at the question is a no, not an "unexpected problem"
            print(file=err)
            answer = ""
        # The prompt says [y/N] in every language; a Chinese reader may answer 是 too.
        if answer.strip().lower() not in ("y", "yes", "是"):
            print(cat.text("team_cli.kept"), file=err)
            return EXIT_OK
    removed = svc.leave()
    print(cat.text("team_cli.left", removed=removed), file=out)
    return EXIT_OK


def _cols(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns: a Chinese character takes two, so str.ljust would
    misalign the Chinese table's columns."""
    fill = " " * max(0, width - _cols(text))
    return fill + text if right else text + fill


def _summary(svc: TeamService, args: argparse.Namespace, out: TextIO, err: TextIO, cat: Catalog) -> int:
    if args.since and args.until and args.since > args.until:
        print(cat.text("team_cli.from_after_to"), file=err)
        return EXIT_FAILED
    folder = Path(args.folder).expanduser().absolute() if args.folder else None
    # The figures the Team page shows, counted by SQLite in the index (core/team/figures.py): a large team's
    # summary does not build a view of every take.
    index = svc.index(folder)
    view = index.scan()
    filters = summary.Filters(since=args.since, until=args.until)
    fig = index.figures(filters, datetime.now().astimezone())
    if view.offline:
        offline = cat.render(view.offline_msg, view.offline)
        print(cat.text("cli_line.warning", text=cat.text("team_cli.offline", offline=offline)), file=err)
    ignored = len(view.skipped) + fig.ignored
    if ignored:
        print(cat.text("cli_line.note", text=cat.text("team_cli.ignored", count=ignored)), file=err)
    rows = fig.rows
    if args.json:
        for r in rows:
            out.write(json_line({k: v for k, v in r.to_dict().items() if k != "takes_this_week"}) + "\n")
    else:
        # Columns as wide as their heading at least (Chinese headings are wider than the English ones).
        takes_h, latest_h = cat.text("team_cli.col_takes"), cat.text("team_cli.col_latest")
        w_takes, w_latest = max(5, _cols(takes_h)), max(6, _cols(latest_h))
        head = (
            f"{_pad(cat.text('team_cli.col_name'), 30)} {_pad(takes_h, w_takes, True)} {_pad(latest_h, w_latest, True)}"
        )
        out.write(f"{head}  {cat.text('team_cli.col_issue')}\n")
        for r in rows:
            latest = "-" if r.latest_overall is None else str(r.latest_overall)
            issue = schema_label(r.top_issue, cat)
            name = _pad(shown_name(r.name)[:30], 30)
            out.write(f"{name} {_pad(str(r.takes), w_takes, True)} {_pad(latest, w_latest, True)}  {issue}\n")
        if not rows:
            out.write(cat.text("team_cli.no_members") + "\n")
    return EXIT_FAILED if view.offline else EXIT_OK


def schema_label(rule: str | None, cat: Catalog | None = None) -> str:
    """A member's most frequent issue by its name (the catalog's rule.* names, the same words as RULE_LABELS)."""
    from pitchcoach.core.scoring.result import rule_label

    if rule is None:
        return "-"
    if f"rule.{rule}" not in get_catalog(ENGLISH):  # a rule of a newer version: its id, readable
        return rule_label(rule)
    return (cat or get_catalog(ENGLISH)).text(f"rule.{rule}")


def share_saved(take: Take, err: TextIO, lang: str = ENGLISH) -> str | None:
    """Share a take just saved by `analyze --save` at the default level, if the user joined a team.
    Returns the level shared at, or None; a failure is a warning (the take is saved either way)."""
    svc = team_service()
    try:
        cfg = svc.config
        if cfg is None or cfg.share == "none":
            return None
        svc.share(take)
        return cfg.share
    except SharePending as exc:
        cat = get_catalog(lang)
        print(
            cat.text("cli_line.note", text=cat.text("team_cli.share_pending", take=take.id, why=reason(exc, lang))),
            file=err,
        )
        return None
    except TeamError as exc:
        line = get_catalog(lang).text("team_cli.not_shared", take=take.id, why=reason(exc, lang))
        print(warning_line(line, lang), file=err)
        return None
    except Exception:  # sharing is extra: logged, and the saved take is kept
        log.exception("sharing take %s failed", take.id)
        print(warning_line(get_catalog(lang).text("team_cli.not_shared_log", take=take.id), lang), file=err)
        return None
    finally:
        svc.close()
