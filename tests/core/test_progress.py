"""Progress statistics: pure functions on plain values, and on what a real TakeStore returns."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from pitchcoach.core import progress
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.paths import app_paths
from pitchcoach.core.progress import Series, bucket_means, rolling_median
from pitchcoach.core.scoring.result import CLARITY, Deduction, Gate, ScoreResult
from pitchcoach.core.storage import StoredDeduction, TakeStore
from tests.core.storage.helpers import Clock


@pytest.fixture(scope="module")
def analyses(analyzer, fixtures_dir) -> dict[str, Analysis]:
    names = ("great_pitch", "filler_heavy", "hard_sell", "silence")
    return {n: analyzer.analyze_file(fixtures_dir / f"{n}.wav") for n in names}


def streak_of(store: TakeStore, *, today: date | None = None, tz=None) -> progress.Streak:
    return progress.streak(store.practice_days(tz), today or store.today(tz))


def test_streak_counts_local_days_in_a_row(analyses) -> None:
    clock = Clock(datetime(2026, 5, 1, 20, 0, tzinfo=UTC))
    store = TakeStore(app_paths(), clock=clock)
    assert streak_of(store, tz=UTC).current == 0
    a = analyses["great_pitch"]
    for day in (1, 2, 3, 5, 6):  # a gap on the 4th
        clock.now = datetime(2026, 5, day, 20, 0, tzinfo=UTC)
        store.save_take(a, None)
        store.save_take(a, None)  # two takes on one day count once
    s = streak_of(store, today=date(2026, 5, 6), tz=UTC)
    assert (s.current, s.longest, s.practised_today, s.last_day) == (2, 3, True, date(2026, 5, 6))
    # Not practised yet today: yesterday's streak is still alive...
    assert streak_of(store, today=date(2026, 5, 7), tz=UTC).current == 2
    # ...but a missed day ends it.
    assert streak_of(store, today=date(2026, 5, 8), tz=UTC).current == 0
    # Local dates: 20:00 UTC is already the next day at UTC+5.
    from datetime import timezone

    plus5 = timezone(timedelta(hours=5))
    s5 = streak_of(store, today=date(2026, 5, 7), tz=plus5)
    assert s5.last_day == date(2026, 5, 7) and s5.current == 2 and s5.longest == 3
    # Without tz the system zone is used (computed in SQL); it must agree with Python's view of it.
    local = datetime.now().astimezone().tzinfo
    assert streak_of(store, today=date(2026, 5, 7)) == streak_of(store, today=date(2026, 5, 7), tz=local)


def test_personal_bests_most_frequent_issue_and_series(analyses) -> None:
    clock = Clock(datetime(2026, 6, 1, 12, 0, tzinfo=UTC))
    store = TakeStore(app_paths(), clock=clock)
    order = ["hard_sell", "filler_heavy", "silence", "great_pitch", "filler_heavy", "hard_sell"]
    ids = []
    for name in order:
        ids.append(store.save_take(analyses[name], None).id)
        clock.advance(hours=3)

    s = Series.from_rows(store.series_rows())
    bests = progress.personal_bests(s)
    scored = [(analyses[n].result.overall, i) for n, i in zip(order, ids, strict=True) if n != "silence"]
    top = max(v for v, _ in scored)
    assert bests["overall"].value == top
    assert bests["overall"].take_id == min(i for v, i in scored if v == top)  # first time reached

    # The last 4 *scored* takes: the gated one in between is skipped, not counted.
    last4 = [analyses[n].result for n in order if n != "silence"][-4:]
    counts = Counter(rule for r in last4 for rule in {d.rule for d in r.deductions})
    issue = progress.most_frequent_issue(*store.recent_deductions(last_n=4))
    assert issue is not None and issue.takes_considered == 4
    assert issue.takes_with_issue == max(counts.values()) and counts[issue.rule] == max(counts.values())
    assert issue.tip and issue.label

    assert list(s.ids) == ids
    expected = [np.nan if analyses[n].result.overall is None else analyses[n].result.overall for n in order]
    np.testing.assert_array_equal(s.overall, np.array(expected, dtype=float))
    assert np.isnan(s.clarity[2]) and s.speech_seconds[3] == pytest.approx(
        analyses["great_pitch"].transcript.speech_seconds
    )
    from_rows = Series.from_summaries(store.summaries())
    for name in ("ids", "created_at", "overall", "clarity", "listener_focus", "speech_seconds", "target_seconds"):
        np.testing.assert_array_equal(getattr(from_rows, name), getattr(s, name))
    times, values, median = progress.trend(s, "overall", window=3)
    assert np.all(np.diff(times) > 0)
    np.testing.assert_array_equal(values, s.overall)
    assert median[-1] == statistics.median([x for x in expected[-3:] if not np.isnan(x)])


def test_rolling_median_ignores_gaps() -> None:
    v = np.array([50, np.nan, 70, 90, 10, 60], dtype=float)
    got = rolling_median(v, window=3)
    want = [50, 50, 60, 80, 70, 60]
    np.testing.assert_allclose(got, want)
    assert rolling_median(np.array([]), 5).size == 0
    assert np.isnan(rolling_median(np.array([np.nan, np.nan]), 2)).all()


def test_bucket_means_for_long_histories() -> None:
    rng = np.random.default_rng(3)
    x = np.sort(rng.uniform(0, 1000, 5000))
    y = rng.uniform(0, 100, 5000)
    y[::7] = np.nan
    xb, (yb,) = bucket_means(x, [y], max_points=50)
    assert xb.size <= 50 and np.all(np.diff(xb) > 0)
    edges = np.linspace(x[0], x[-1], 51)
    for i in range(5):  # spot-check against a plain loop over the first buckets
        inside = (x >= edges[i]) & ((x < edges[i + 1]) | (i == 49))
        assert xb[i] == pytest.approx(x[inside].mean())
        assert yb[i] == pytest.approx(np.nanmean(y[inside]))
    small_x, (small_y,) = bucket_means(x[:10], [y[:10]], max_points=50)
    np.testing.assert_array_equal(small_x, x[:10])  # short histories are drawn point by point
    np.testing.assert_array_equal(small_y, y[:10])


def test_streak_from_plain_days() -> None:
    d = date(2026, 1, 10)
    assert progress.streak([], d) == progress.Streak(0, 0, None, False)
    days = [d - timedelta(days=k) for k in (0, 1, 2, 5, 6, 7, 8)] + [d]  # duplicates and any order
    s = progress.streak(days, d)
    assert (s.current, s.longest, s.last_day, s.practised_today) == (3, 4, d, True)
    assert progress.streak(days, d + timedelta(days=1)).current == 3  # not yet today: still alive
    assert progress.streak(days, d + timedelta(days=2)).current == 0


def _deduction(take_id: int, rule: str, points: float, tip: str = "") -> StoredDeduction:
    return StoredDeduction(take_id=take_id, rule=rule, points=points, tip=tip or f"{rule} tip {take_id}")


def test_most_frequent_issue_counts_takes_then_points_then_name() -> None:
    assert progress.most_frequent_issue([], []) is None
    assert progress.most_frequent_issue([3, 2], []) is None  # scored takes without deductions
    # Takes newest first. "pace" fires twice in take 3 but counts once per take.
    deductions = [
        _deduction(3, "pace", 2.0),
        _deduction(3, "pace", 1.0),
        _deduction(3, "filler", 4.0),
        _deduction(2, "filler", 1.0),
        _deduction(1, "pace", 0.5),
        _deduction(9, "jargon", 50.0),  # not among the takes considered
    ]
    issue = progress.most_frequent_issue([3, 2, 1], deductions)
    assert issue is not None
    # Both rules hit 2 of 3 takes; filler lost 5 points, pace 3.5.
    assert (issue.rule, issue.takes_with_issue, issue.takes_considered) == ("filler", 2, 3)
    assert issue.points_lost == pytest.approx(5.0)
    assert issue.tip == "filler tip 3"  # the newest take's advice
    assert issue.label
    tied = progress.most_frequent_issue([2, 1], [_deduction(1, "pace", 1.0), _deduction(2, "filler", 1.0)])
    assert tied is not None and tied.rule == "filler"  # equal count and points: by name


def test_personal_bests_skip_unscored_and_keep_the_first_time_reached() -> None:
    nan = np.nan
    s = Series(
        ids=np.array([4, 7, 9, 12], dtype=np.int64),
        created_at=np.array([100.0, 200.0, 300.0, 400.0]),
        overall=np.array([60.0, nan, 80.0, 80.0]),
        clarity=np.array([nan, nan, nan, nan]),
        listener_focus=np.array([70.0, nan, 65.0, 71.0]),
        speech_seconds=np.array([18.0, 0.0, 21.0, 20.0]),
        target_seconds=np.full(4, 20.0),
    )
    bests = progress.personal_bests(s)
    assert set(bests) == {"overall", "listener_focus"}  # no clarity scored yet
    assert (bests["overall"].value, bests["overall"].take_id) == (80.0, 9)
    assert bests["overall"].created_at == datetime.fromtimestamp(300.0, UTC)
    assert (bests["listener_focus"].value, bests["listener_focus"].take_id) == (71.0, 12)
    assert progress.personal_bests(Series.empty()) == {}
    with pytest.raises(ValueError, match="unknown metric"):
        progress.trend(s, "band")
    # The card's figures are one take's: take 9's listener focus (65), not take 12's best (71).
    best = progress.best_take(s)
    assert best is not None and (best.take_id, best.overall, best.listener_focus) == (9, 80.0, 65.0)
    assert best.created_at == datetime.fromtimestamp(300.0, UTC)
    assert progress.best_take(Series.empty()) is None


def test_series_from_rows_and_from_summaries_agree_on_order() -> None:
    rows = [(5, 100.0, 70, 60, 80, 19.5, 20.0), (3, 100.0, None, None, None, 0.0, 20.0), (8, 50.0, 90, 85, 95, 21, 20)]
    # from_rows trusts the store's order; from_summaries sorts (oldest first, id breaks ties).
    ordered = sorted(rows, key=lambda r: (r[1], r[0]))
    s = Series.from_rows(ordered)
    assert list(s.ids) == [8, 3, 5] and np.isnan(s.overall[1]) and len(s) == 3
    assert len(Series.from_rows([])) == 0


# ----------------------------------------------------------------- over a period (reports)


def _result(*deductions: tuple[str, float, str, str], gated: bool = False) -> ScoreResult:
    """A scored result losing points to (rule, points, tip, message) deductions; or a gated one."""
    if gated:
        return ScoreResult(gate=Gate("too_short", "Too short to score."), target_seconds=20.0)
    return ScoreResult(
        gate=None,
        target_seconds=20.0,
        overall=70,
        deductions=[Deduction(rule, CLARITY, pts, msg, tip) for rule, pts, tip, msg in deductions],
    )


def test_issue_tallies_count_takes_and_points_and_pick_the_most_given_tip() -> None:
    results = [
        _result(("fillers", 4.0, "Pause instead", "5 fillers"), ("pace", 2.0, "Slow down", "fast")),
        _result(("fillers", 6.0, "Pause instead", "7 fillers"), ("question", 10.0, "Ask them", "no question")),
        _result(("fillers", 1.0, "Breathe", "2 fillers"), ("pace", 0.0, "Slow down", "ok pace")),  # 0 points: no issue
        _result(("fillers", 9.0, "Never counted", "gated"), gated=True),
    ]
    tallies = progress.issue_tallies(results)
    assert [(t.rule, t.takes, t.points_lost) for t in tallies] == [
        ("fillers", 3, 11.0),
        ("question", 1, 10.0),  # one take each: more points lost ranks first
        ("pace", 1, 2.0),
    ]
    fillers = tallies[0]
    assert (fillers.tip, fillers.example, fillers.label) == ("Pause instead", "2 fillers", "Fillers and hesitations")
    # Practise next: a rare but costly miss outranks a frequent cheap one.
    assert [t.rule for t in progress.costliest_issues(tallies, 2)] == ["fillers", "question"]
    assert [t.rule for t in progress.costliest_issues(progress.issue_tallies(results[1:2]), 3)] == [
        "question",
        "fillers",
    ]
    assert progress.issue_tallies([]) == [] and progress.issue_tallies(results[3:]) == []


def test_newest_best_breaks_ties_towards_the_latest_take() -> None:
    t = [datetime(2026, 5, d, tzinfo=UTC) for d in (1, 2, 3, 4)]
    assert progress.newest_best([70, 85, None, 85], t) == 3
    assert progress.newest_best([90, 85, None, 85], t) == 0
    assert progress.newest_best([None, None], t[:2]) is None
    assert progress.newest_best([], []) is None


def test_change_first_to_last_uses_up_to_three_takes_at_each_end() -> None:
    assert progress.change_first_to_last([50.0]) is None
    assert progress.change_first_to_last([50.0, 60.0]) == 10.0
    assert progress.change_first_to_last([50.0, 99.0, 60.0]) == 10.0  # one each end; the middle is ignored
    assert progress.change_first_to_last([40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0]) == pytest.approx(40.0)  # 90 - 50
    assert progress.mean([60.0, 70.0, 80.0]) == 70.0 and progress.mean([]) is None


# ---- take-order axis, outliers and targets (issue 15, items 3 and 6)


def test_day_starts_marks_the_first_take_of_each_local_day() -> None:
    from datetime import timezone

    zone = timezone(timedelta(hours=-5))
    base = datetime(2026, 11, 26, 23, 0, tzinfo=UTC)  # 18:00 on the 26th in that zone
    times = [base + timedelta(minutes=m) for m in (0, 10, 20)] + [base + timedelta(hours=6), base + timedelta(days=2)]
    starts = progress.day_starts([t.timestamp() for t in times], tz=zone)
    # Six hours on is 05:00 UTC, which is midnight on the 27th in that zone: a new day.
    days = [(0, date(2026, 11, 26)), (3, date(2026, 11, 27)), (4, date(2026, 11, 28))]
    assert [(s.index, s.day) for s in starts] == days
    assert progress.day_starts([]) == []
    assert [s.index for s in progress.thin_day_starts(starts, 2)] == [0, 3]
    assert [s.index for s in progress.thin_day_starts(starts, 1)] == [0, 3, 4]


def test_outlier_limit_clips_only_a_take_far_beyond_the_usual_spread() -> None:
    usual = [18.0, 20.5, 21.0, 19.5, 22.0, 20.0, 13.1]
    assert progress.outlier_limit(np.array(usual), floor=25) is None  # nothing to clip
    limit = progress.outlier_limit(np.array([*usual, np.nan, 173.0]), floor=25)
    assert limit is not None and max(usual) < limit < 60
    # A merely long take (35 s, under twice the median) is still drawn at its height.
    assert progress.outlier_limit(np.array([*usual, 35.0]), floor=25) is None
    assert progress.outlier_limit(np.array([*usual, 45.0]), floor=25) == pytest.approx(2 * 20.25)
    # The floor keeps the target line in view even when every take is much shorter.
    assert progress.outlier_limit(np.array([5.0, 5.0, 5.0, 5.0, 5.0, 60.0]), floor=37.5) == 37.5
    # Too few takes for a spread: never clipped.
    assert progress.outlier_limit(np.array([20.0, 21.0, 173.0]), floor=25) is None


def test_other_targets_counts_takes_timed_against_another_target() -> None:
    t = np.array([20.0, 20.0, 20.0, 30.0, 25.0, 25.0])
    assert progress.other_targets(t, 25.0) == [(20.0, 3), (30.0, 1)]
    assert progress.other_targets(t[:3], 20.0) == []


def test_a_deduction_under_one_point_is_never_an_issue() -> None:
    # Takes stored before issue 13 kept sub-point deductions ("Hard to understand −0 points").
    from pitchcoach.core.progress import issue_tallies, most_frequent_issue
    from pitchcoach.core.scoring.result import Deduction, ScoreResult
    from pitchcoach.core.storage import StoredDeduction

    tiny = [StoredDeduction(take_id=i, rule="intelligibility", points=0.5, tip="Say it crisply") for i in (1, 2, 3)]
    real = [StoredDeduction(take_id=1, rule="pace", points=3.0, tip="Slow down")]
    issue = most_frequent_issue([3, 2, 1], tiny + real)
    assert issue is not None and issue.rule == "pace"
    assert most_frequent_issue([3, 2, 1], tiny) is None

    def result(points: float) -> ScoreResult:
        d = Deduction("intelligibility", "clarity", points, "m", "t")
        return ScoreResult(gate=None, target_seconds=20.0, overall=99, clarity=99, listener_focus=100, deductions=[d])

    assert issue_tallies([result(0.5), result(0.99)]) == []
    assert [t.rule for t in issue_tallies([result(0.5), result(1.0)])] == ["intelligibility"]
