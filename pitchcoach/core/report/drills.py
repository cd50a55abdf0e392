"""The progress report's drills and goals (issue 27): each drilled skill's tries, passes and state, and
the weekly goal with its forgiving streak as of the report's date. Drill takes are not pitches: the
report's trend, table and bests are built from full pitches only (build.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pitchcoach.core import goals
from pitchcoach.core.drills import SKILLS, DrillError, DrillVerdict, load_drill
from pitchcoach.core.messages import ENGLISH, get_catalog


def _state_text(state: str, english: str, ui_language: str) -> str:
    catalog = get_catalog(ui_language)
    msg_id = f"report.drill_state.{state}"
    return catalog.text(msg_id) if ui_language != ENGLISH and msg_id in catalog else english


@dataclass
class DrillStat:
    skill: str
    title: str
    tries: int
    passes: int
    state: str  # goals.STATE_LABELS value
    recent: str  # the last tries, oldest first: "✓ ✓ ✗"
    last_why: str
    state_text: str = ""  # the state as the report says it, in its language ("state" stays the JSON's)


@dataclass
class GoalView:
    goal: int
    done: int  # takes and drills in the report date's week
    week_start: date
    streak: int
    forgiven: int

    @property
    def reached(self) -> bool:
        return self.done >= self.goal


def drill_of(take: Any) -> DrillVerdict | None:
    d = getattr(take, "drill", None)
    return d if isinstance(d, DrillVerdict) else None


def _title(skill: str, ui_language: str = ENGLISH) -> str:
    # The report's language names the drill, whatever language it was practised in.
    try:
        return load_drill(skill).title_in(ui_language)
    except DrillError:
        return skill.replace("_", " ").capitalize()


def drill_stats(drill_takes: Sequence[Any], ui_language: str = ENGLISH) -> list[DrillStat]:
    """One row per drilled skill, in the Drills page's order (``drill_takes`` oldest first)."""
    results = [goals.DrillResult(t.id, t.created_at, v.skill, v.passed) for t in drill_takes if (v := drill_of(t))]
    states = goals.skill_states(results)
    out = []
    for skill in SKILLS:
        mine = [(t, v) for t in drill_takes if (v := drill_of(t)) is not None and v.skill == skill]
        if not mine:
            continue
        st = states[skill]
        out.append(
            DrillStat(
                skill=skill,
                title=_title(skill, ui_language),
                tries=len(mine),
                passes=sum(v.passed for _, v in mine),
                state=st.label,
                recent=" ".join("✓" if p else "✗" for p in st.recent),
                last_why=mine[-1][1].why,
                state_text=_state_text(st.state, st.label, ui_language),
            )
        )
    return out


def goal_view(take_days: Sequence[date], today: date, weekly_goal: int = goals.DEFAULT_WEEKLY_GOAL) -> GoalView:
    week = goals.weekly_goal(take_days, today, weekly_goal)
    streak = goals.forgiving_streak(take_days, today)
    return GoalView(week.goal, week.done, week.week_start, streak.current, streak.forgiven)


def drills_data(stats: Sequence[DrillStat], view: GoalView | None) -> dict[str, Any]:
    """The JSON export's "drills" and "goals"."""
    return {
        "drills": [
            {"skill": s.skill, "tries": s.tries, "passes": s.passes, "state": s.state, "last_why": s.last_why}
            for s in stats
        ],
        "goals": None
        if view is None
        else {
            "weekly_goal": view.goal,
            "done_this_week": view.done,
            "week_start": view.week_start.isoformat(),
            "reached": view.reached,
            "streak_days": view.streak,
            "forgiven_days": view.forgiven,
        },
    }
