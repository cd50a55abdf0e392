"""Goals (issue 27): the weekly practice goal and its forgiving streak, each skill's drill state,
the next drill to suggest, and the focus skill's first, best and latest.

Pure functions over what the store returns (days, drill results, deductions, takes), like
:mod:`pitchcoach.core.progress`: no database and no clock, so every rule is tested with plain values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pitchcoach.core.drills import SKILL_RULES, SKILLS, skill_for_rule
from pitchcoach.core.scoring.result import is_problem, rule_label
from pitchcoach.core.storage import StoredDeduction, Take, TakeStore

DEFAULT_WEEKLY_GOAL = 5  # takes or drills a week
MASTERY_RUN = 3  # passes in a row that master a skill
RECENT_TRIES = 5  # tries the Drills page shows for a skill being practised
SUGGESTION_WINDOW = 10  # full takes the suggestion reads

NOT_STARTED = "not_started"
PRACTISING = "practising"
MASTERED = "mastered"
STATE_LABELS = {NOT_STARTED: "Not started", PRACTISING: "Practising", MASTERED: "Mastered"}


@dataclass(frozen=True)
class DrillResult:
    """One stored drill take, as the goals read it."""

    take_id: int
    created_at: datetime
    skill: str
    passed: bool


@dataclass
class WeeklyGoal:
    goal: int
    done: int  # takes and drills since Monday
    week_start: date

    @property
    def reached(self) -> bool:
        return self.done >= self.goal


@dataclass
class GoalStreak:
    current: int  # days practised in the streak (a forgiven day is not counted)
    forgiven: int  # missed days forgiven inside the current streak
    practised_today: bool


@dataclass
class SkillState:
    skill: str
    state: str  # NOT_STARTED | PRACTISING | MASTERED
    recent: list[bool]  # the last RECENT_TRIES tries, oldest first
    run: int  # passes in a row up to the latest try

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class Suggestion:
    skill: str
    rule: str
    label: str
    points_lost: float
    takes_considered: int


@dataclass
class FocusPoint:
    take_id: int
    created_at: datetime
    points_lost: float  # on the skill's rules in a full pitch: lower is better


@dataclass
class FocusProgress:
    skill: str
    points: list[FocusPoint]  # oldest first

    @property
    def first(self) -> FocusPoint | None:
        return self.points[0] if self.points else None

    @property
    def latest(self) -> FocusPoint | None:
        return self.points[-1] if self.points else None

    @property
    def best(self) -> FocusPoint | None:
        # The fewest points lost; the earliest take that reached it.
        return min(self.points, key=lambda p: (p.points_lost, p.created_at)) if self.points else None


def week_start(today: date) -> date:
    return today - timedelta(days=today.weekday())  # Monday


def weekly_goal(take_days: Iterable[date], today: date, goal: int = DEFAULT_WEEKLY_GOAL) -> WeeklyGoal:
    """``take_days``: the local date of every take and drill (one entry per take)."""
    start = week_start(today)
    done = sum(1 for d in take_days if start <= d <= today)
    return WeeklyGoal(goal=max(1, int(goal)), done=done, week_start=start)


def forgiving_streak(days: Iterable[date], today: date) -> GoalStreak:
    """Days practised in a row, where one missed day between two practice days is forgiven (as a
    streak freeze is); two missed days in a row end it. Today not practised yet ends nothing."""
    day_set = set(days)
    practised_today = today in day_set
    cursor = today if practised_today else today - timedelta(days=1)
    current = forgiven = 0
    while True:
        if cursor in day_set:
            current += 1
        elif cursor - timedelta(days=1) in day_set:
            forgiven += 1  # one missed day with practice the day before: bridged, not counted
        else:
            break
        cursor -= timedelta(days=1)
    return GoalStreak(current=current, forgiven=forgiven if current else 0, practised_today=practised_today)


def skill_states(results: Sequence[DrillResult]) -> dict[str, SkillState]:
    """Every skill's state from the drill results (any order): mastered after MASTERY_RUN passes in a
    row, practising once tried, not started before. A failed try breaks the run."""
    ordered = sorted(results, key=lambda r: (r.created_at, r.take_id))
    states = {}
    for skill in SKILLS:
        tries = [r.passed for r in ordered if r.skill == skill]
        run = 0
        for passed in reversed(tries):
            if not passed:
                break
            run += 1
        state = NOT_STARTED if not tries else MASTERED if run >= MASTERY_RUN else PRACTISING
        states[skill] = SkillState(skill, state, tries[-RECENT_TRIES:], run)
    return states


def newly_mastered(before: dict[str, SkillState], after: dict[str, SkillState]) -> list[str]:
    """Skills mastered by the latest try: what the app says once, as an in-app message."""
    return [s for s in SKILLS if after[s].state == MASTERED and before[s].state != MASTERED]


def suggest(take_ids: Sequence[int], deductions: Iterable[StoredDeduction]) -> Suggestion | None:
    """The drill for the rule that cost the most points over the given full takes (the last
    SUGGESTION_WINDOW, as ``TakeStore.recent_deductions`` returns them). Ties go to rubric order."""
    if not take_ids:
        return None
    considered = set(take_ids)
    lost: dict[str, float] = {}
    for d in deductions:
        if d.take_id in considered and is_problem(d.points) and skill_for_rule(d.rule) is not None:
            lost[d.rule] = lost.get(d.rule, 0.0) + d.points
    if not lost:
        return None
    order = [r for rules in SKILL_RULES.values() for r in rules]
    rule = max(lost, key=lambda r: (lost[r], -order.index(r)))
    skill = skill_for_rule(rule)
    assert skill is not None
    return Suggestion(skill, rule, rule_label(rule), round(lost[rule], 1), len(take_ids))


def focus_progress(skill: str, takes: Iterable[Take]) -> FocusProgress:
    """Points lost on the skill's rules in each scored full pitch (drills are judged on their own)."""
    rules = set(SKILL_RULES[skill])
    points = [
        FocusPoint(t.id, t.created_at, round(sum(s.lost for s in t.result.subscores if s.rule in rules), 1))
        for t in takes
        if t.result.scored and t.drill is None and any(s.rule in rules and not s.skipped for s in t.result.subscores)
    ]
    points.sort(key=lambda p: (p.created_at, p.take_id))
    return FocusProgress(skill, points)


def drill_results(rows: Iterable[tuple[int, datetime, str, bool]]) -> list[DrillResult]:
    """``TakeStore.drill_rows()`` as DrillResults."""
    return [DrillResult(*r) for r in rows]


@dataclass(frozen=True)
class DrillOverview:
    """What the Drills page shows, read in one go on a worker: plain data, no store handle.

    ``week_days`` are the dates counted by the weekly goal, so a changed goal is shown without reading
    the history again."""

    today: date
    week_days: tuple[date, ...]
    streak: GoalStreak
    states: dict[str, SkillState]
    suggestion: Suggestion | None
    focus: dict[str, FocusProgress]

    def week(self, goal: int) -> WeeklyGoal:
        return weekly_goal(self.week_days, self.today, goal)


def read_overview(store: TakeStore, recent_takes: int = 200) -> DrillOverview:
    """The Drills page's figures from ``store`` (database reads: run it off the GUI thread)."""
    today = store.today()
    takes = store.list(limit=recent_takes)
    return DrillOverview(
        today=today,
        week_days=tuple(store.take_dates(store.now() - timedelta(days=7))),
        streak=forgiving_streak(store.practice_days(), today),
        states=skill_states(drill_results(store.drill_rows())),
        suggestion=suggest(*store.recent_deductions(SUGGESTION_WINDOW)),
        focus={skill: focus_progress(skill, takes) for skill in SKILLS},
    )


@dataclass(frozen=True)
class DrillNote:
    """What one drill take reached, for the in-app note after it (no nagging: nothing when it reached nothing)."""

    mastered: bool  # this take made its skill mastered (three passes in a row)
    week: WeeklyGoal  # the weekly goal as it stands with this take

    @property
    def goal_reached_now(self) -> bool:
        """The goal is met exactly: said once, on the take that reached it."""
        return self.week.done == self.week.goal


def read_drill_note(store: TakeStore, take_id: int, goal: int = DEFAULT_WEEKLY_GOAL) -> DrillNote:
    """The note's facts for the saved drill take ``take_id`` (database reads: run it off the GUI thread)."""
    rows = store.drill_rows()
    week = weekly_goal(store.take_dates(store.now() - timedelta(days=7)), store.today(), goal)
    after = skill_states(drill_results(rows))
    before = skill_states(drill_results(r for r in rows if r[0] != take_id))
    return DrillNote(mastered=bool(newly_mastered(before, after)), week=week)
