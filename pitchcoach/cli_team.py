"""`pitchcoach team`: join or leave a team folder, and a per-member summary for scripts and spreadsheets.

``team summary --json`` prints JSON Lines (one object per member) on stdout and every human message on
stderr, like the other commands. See docs/team.md.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import SettingsStore
from pitchcoach.core.storage import Take
from pitchcoach.core.team import schema, summary
from pitchcoach.core.team.folder import TeamError
from pitchcoach.core.team.service import SharePending, TeamService
from pitchcoach.terminal import EXIT_FAILED, EXIT_OK, json_line, shown_name

log = logging.getLogger(__name__)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01") from None


def add_team_parser(subparsers: Any) -> argparse.ArgumentParser:
    t = subparsers.add_parser("team", help="share takes with your team through a synced folder")
    sub = t.add_subparsers(dest="team_command", metavar="ACTION")
    j = sub.add_parser("join", help="join a team folder (Syncthing, Nextcloud, a network share...)")
    j.add_argument("--folder", required=True, metavar="DIR", help="the team folder, synced by your team")
    j.add_argument("--name", required=True, metavar="NAME", help="the name your team sees")
    j.add_argument(
        "--share",
        choices=schema.SHARE_LEVELS,
        default="scores",
        help="what `analyze --save` and the app share of each take by default (default: scores)",
    )
    lv = sub.add_parser("leave", help="remove your shared takes from the team folder and leave")
    lv.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    s = sub.add_parser("summary", help="one row per member: takes, latest overall score, most frequent issue")
    s.add_argument("--json", action="store_true", help="print JSON Lines, one object per member")
    s.add_argument("--from", dest="since", type=_date, metavar="DATE", help="first day (YYYY-MM-DD), inclusive")
    s.add_argument("--to", dest="until", type=_date, metavar="DATE", help="last day (YYYY-MM-DD), inclusive")
    s.add_argument("--folder", metavar="DIR", help="a team folder to read without joining it")
    return t


def team_service() -> TeamService:
    paths = app_paths().ensure()
    return TeamService(SettingsStore(paths.settings), paths.team_cache)


def run_team(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.team_command is None:
        print("usage: pitchcoach team join|leave|summary (see pitchcoach team --help)", file=err)
        return EXIT_FAILED
    svc = team_service()
    try:
        if args.team_command == "join":
            cfg = svc.join(Path(args.folder), args.name, args.share)
            print(
                f"Joined the team in {shown_name(cfg.folder)} as {shown_name(cfg.name)}. "
                f"Takes you save are shared by default as: {schema.SHARE_LEVEL_LABELS[cfg.share].lower()}.",
                file=out,
            )
            return EXIT_OK
        if args.team_command == "leave":
            return _leave(svc, args.yes, out, err)
        return _summary(svc, args, out, err)
    except TeamError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_FAILED
    finally:
        svc.close()


def _leave(svc: TeamService, yes: bool, out: TextIO, err: TextIO) -> int:
    cfg = svc.config
    if cfg is None:
        print("You have not joined a team, so there is nothing to leave.", file=err)
        return EXIT_OK
    if not yes:
        if not sys.stdin.isatty():
            print("error: leaving removes your shared takes from the team folder; add --yes to confirm.", file=err)
            return EXIT_FAILED
        try:
            answer = input(f"Remove everything you shared from {cfg.folder} and leave the team? [y/N] ")
        except EOFError:  # Ctrl-D at the question is a no, not an "unexpected problem"
            print(file=err)
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Still in the team; nothing was removed.", file=err)
            return EXIT_OK
    removed = svc.leave()
    print(f"Left the team. {removed} shared file{'s' if removed != 1 else ''} removed from the team folder.", file=out)
    return EXIT_OK


def _summary(svc: TeamService, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.since and args.until and args.since > args.until:
        print("error: --from is after --to; give the earlier date first.", file=err)
        return EXIT_FAILED
    folder = Path(args.folder).expanduser().absolute() if args.folder else None
    # The figures the Team page shows, counted by SQLite in the index (core/team/figures.py): a large team's
    # summary does not build a view of every take.
    index = svc.index(folder)
    view = index.scan()
    filters = summary.Filters(since=args.since, until=args.until)
    fig = index.figures(filters, datetime.now().astimezone())
    if view.offline:
        print(f"warning: {view.offline} The figures below are from the last time it was read.", file=err)
    ignored = len(view.skipped) + fig.ignored
    if ignored:
        print(f"note: {ignored} file(s) in the team folder were ignored; the log says why.", file=err)
    rows = fig.rows
    if args.json:
        for r in rows:
            out.write(json_line({k: v for k, v in r.to_dict().items() if k != "takes_this_week"}) + "\n")
    else:
        out.write(f"{'Name':<30} {'Takes':>5} {'Latest':>6}  Top issue\n")
        for r in rows:
            latest = "-" if r.latest_overall is None else str(r.latest_overall)
            issue = schema_label(r.top_issue)
            out.write(f"{shown_name(r.name)[:30]:<30} {r.takes:>5} {latest:>6}  {issue}\n")
        if not rows:
            out.write("No members have shared anything yet.\n")
    return EXIT_FAILED if view.offline else EXIT_OK


def schema_label(rule: str | None) -> str:
    from pitchcoach.core.scoring.result import rule_label

    return "-" if rule is None else rule_label(rule)


def share_saved(take: Take, err: TextIO) -> str | None:
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
        print(f"note: take {take.id} was saved; {exc}", file=err)
        return None
    except TeamError as exc:
        print(f"warning: take {take.id} was saved but not shared with your team: {exc}", file=err)
        return None
    except Exception:  # sharing is extra: logged, and the saved take is kept
        log.exception("sharing take %s failed", take.id)
        print(f"warning: take {take.id} was saved but not shared with your team (details in the log).", file=err)
        return None
    finally:
        svc.close()
