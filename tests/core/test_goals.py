"""Goals (issue 27): weekly goal, the streak that forgives one missed day, mastery, the suggestion and
the focus skill, over plain values and over a real history moved by a test clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from pitchcoach.core import goals
from pitchcoach.core.drills import judge, load_drill
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import StoredDeduction, TakeStore
from tests.core.storage.helpers import Clock, tone

MON = date(2026, 11, 30)  # a Monday


def _days(*offsets: int) -> list[date]:
    return [MON + timedelta(days=o) for o in offsets]


def test_weekly_goal_counts_takes_since_monday() -> None:
    sunday_before = MON - timedelta(days=1)
    g = goals.weekly_goal([sunday_before, *_days(0, 0, 2, 3)], today=MON + timedelta(days=3), goal=4)
    assert (g.done, g.goal, g.week_start, g.reached) == (4, 4, MON, True)
    g = goals.weekly_goal([sunday_before, *_days(0, 2)], today=MON + timedelta(days=3), goal=4)
    assert (g.done, g.reached) == (2, False)


@pytest.mark.parametrize(
    ("practised", "today", "current", "forgiven"),
    [
        ((0, 1, 2), 2, 3, 0),  # three days in a row
        ((0, 2, 3), 3, 3, 1),  # Tuesday missed: forgiven
        ((0, 1, 4), 4, 1, 0),  # two days missed: the streak starts again
        ((0, 1, 2), 3, 3, 0),  # not practised yet today: still on
        ((0, 1, 2), 4, 3, 1),  # yesterday missed, today still open: forgiven
        ((0, 1, 2), 5, 0, 0),  # two days missed before today: over
        ((), 2, 0, 0),
    ],
)
def test_streak_forgives_one_missed_day(practised, today, current, forgiven) -> None:
    s = goals.forgiving_streak(_days(*practised), MON + timedelta(days=today))
    assert (s.current, s.forgiven) == (current, forgiven)


def _result(i: int, skill: str, passed: bool) -> goals.DrillResult:
    return goals.DrillResult(i, datetime(2026, 12, 1, tzinfo=UTC) + timedelta(minutes=i), skill, passed)


def test_three_passes_in_a_row_master_a_skill_and_a_fail_breaks_the_run() -> None:
    results = [_result(1, "pace", False), *(_result(i, "pace", True) for i in (2, 3, 4)), _result(5, "fillers", True)]
    states = goals.skill_states(results)
    assert states["pace"].state == goals.MASTERED and states["pace"].run == 3
    assert states["fillers"].state == goals.PRACTISING and states["fillers"].recent == [True]
    assert states["question"].state == goals.NOT_STARTED
    broken = goals.skill_states([*results, _result(6, "pace", False)])
    assert broken["pace"].state == goals.PRACTISING and broken["pace"].recent == [False, True, True, True, False]
    assert goals.newly_mastered(broken, states) == ["pace"] and goals.newly_mastered(states, states) == []


def test_suggestion_is_the_rule_that_cost_most_points() -> None:
    ds = [
        StoredDeduction(1, "fillers", 6.0, ""),
        StoredDeduction(2, "fillers", 5.0, ""),
        StoredDeduction(2, "monotone", 9.0, ""),
        StoredDeduction(3, "pace", 0.5, ""),  # not a problem: costs nothing
    ]
    s = goals.suggest([3, 2, 1], ds)
    assert s is not None and (s.rule, s.skill, s.points_lost, s.takes_considered) == ("fillers", "fillers", 11.0, 3)
    s = goals.suggest([2], ds)  # only take 2 considered
    assert s is not None and (s.rule, s.skill) == ("monotone", "lively_voice")
    assert goals.suggest([], ds) is None


def test_a_real_history_by_the_store_clock(fixtures_dir, analyzer) -> None:
    clock = Clock(datetime(2026, 11, 30, 9, tzinfo=UTC))  # Monday
    great = analyzer.analyze_file(fixtures_dir / "great_pitch.wav")
    fillers = analyzer.analyze_file(fixtures_dir / "filler_heavy.wav")
    with TakeStore(app_paths(), clock=clock) as store:
        store.save_take(great, tone(0.5))
        clock.advance(days=1)
        for _ in range(2):
            store.save_take(fillers, tone(0.5))
        clock.advance(days=2)  # Wednesday missed
        drill = load_drill("plain_language")
        notes = []
        for _ in range(3):
            take = store.save_take(great, tone(0.5), drill=judge(drill, great))
            notes.append(goals.read_drill_note(store, take.id, goal=5))  # the note after each drill take
        today = store.today(UTC)
        # Mastered on the third pass in a row; the goal of 5 met by the second drill (the week's fifth take).
        assert [(n.mastered, n.goal_reached_now, n.week.done) for n in notes] == [
            (False, False, 4),
            (False, True, 5),
            (True, False, 6),
        ]

        streak = goals.forgiving_streak(store.practice_days(UTC), today)
        assert (streak.current, streak.forgiven, streak.practised_today) == (3, 1, True)
        week = goals.weekly_goal(store.take_dates(datetime(2026, 11, 30, tzinfo=UTC), UTC), today, goal=6)
        assert (week.done, week.reached) == (6, True)
        states = goals.skill_states(goals.drill_results(store.drill_rows()))
        assert states["plain_language"].state == goals.MASTERED

        suggestion = goals.suggest(*store.recent_deductions(goals.SUGGESTION_WINDOW))
        # 25 points for fillers in each filler-heavy take: the costliest rule of the full pitches (drills not read)
        assert suggestion is not None and (suggestion.rule, suggestion.skill) == ("fillers", "fillers")
        focus = goals.focus_progress("plain_language", store.list())
        assert [p.take_id for p in focus.points] == [1, 2, 3]  # full pitches only
        assert focus.first is not None and focus.first.points_lost == 0
        assert focus.best == focus.first and focus.latest is not None and focus.latest.points_lost > 0

        # The Drills page's figures in one read (on its worker): the same as each rule above.
        overview = goals.read_overview(store)
        assert overview.states == states and overview.suggestion == suggestion
        assert overview.focus["plain_language"] == focus
        assert overview.streak == goals.forgiving_streak(store.practice_days(), store.today())
        assert overview.week(6) == goals.weekly_goal(
            store.take_dates(clock() - timedelta(days=7)), store.today(), goal=6
        )
        assert overview.week(6).reached and not overview.week(7).reached  # a changed goal: no new read
