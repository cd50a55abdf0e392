"""How the user is progressing: series, trend, streak, personal bests, the most frequent issue,
and, for reports over a period, every issue, the best take and the change from first to last.

Pure functions over what :class:`pitchcoach.core.storage.TakeStore` returns (rows,
days, deductions): no database, no files, no clock. The caller reads the data and
passes it in, so every figure here can be tested with plain values.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import numpy as np

from pitchcoach.core.messages import ENGLISH, Catalog
from pitchcoach.core.scoring.result import ScoreResult, is_problem, rule_label
from pitchcoach.core.storage import SERIES_COLUMNS, SUMMARY_COLUMNS, StorageError, StoredDeduction

# Metrics that have a personal best (speech seconds is a length, not a score).
BEST_METRICS = ("overall", "clarity", "listener_focus")
TREND_METRICS = ("overall", "clarity", "listener_focus", "speech_seconds")

# Above this many takes the chart shows time-bucket means: 10,000 points cannot be told
# apart on a 1,000-pixel axis, and stroking them all costs about a second per paint.
MAX_PLOT_POINTS = 600


@dataclass
class Best:
    value: float
    take_id: int
    created_at: datetime


@dataclass
class Streak:
    current: int  # days in a row up to today (or yesterday, if today has no take yet)
    longest: int
    last_day: date | None
    practised_today: bool


@dataclass
class Issue:
    rule: str
    label: str
    takes_with_issue: int
    takes_considered: int
    points_lost: float
    tip: str  # the most recent advice for this rule


@dataclass
class Series:
    """Columns of the history as numpy arrays, oldest first; NaN where a take was not scored."""

    ids: np.ndarray
    created_at: np.ndarray  # unix seconds
    overall: np.ndarray
    clarity: np.ndarray
    listener_focus: np.ndarray
    speech_seconds: np.ndarray
    target_seconds: np.ndarray

    def __len__(self) -> int:
        return int(self.ids.size)

    @classmethod
    def empty(cls) -> Series:
        empty = np.empty(0, dtype=float)
        return cls(np.empty(0, dtype=np.int64), empty, empty, empty, empty, empty, empty)

    @classmethod
    def from_rows(cls, rows: Sequence[tuple[float | None, ...]]) -> Series:
        """Build the arrays from ``TakeStore.series_rows()`` (SERIES_COLUMNS, oldest first)."""
        if not rows:
            return cls.empty()
        # None (unscored) becomes NaN, which the chart leaves as a gap.
        arr = np.array(rows, dtype=float)
        col = {name: arr[:, i] for i, name in enumerate(SERIES_COLUMNS)}
        return cls(
            ids=col["id"].astype(np.int64),
            created_at=col["created_at"],
            overall=col["overall"],
            clarity=col["clarity"],
            listener_focus=col["listener_focus"],
            speech_seconds=col["speech_seconds"],
            target_seconds=col["target_seconds"],
        )

    @classmethod
    def from_summaries(cls, rows: Sequence[tuple[object, ...]]) -> Series:
        """Build the chart arrays from ``TakeStore.summaries()`` rows (any order), saving a second query."""
        if not rows:
            return cls.empty()
        pos = {name: i for i, name in enumerate(SUMMARY_COLUMNS)}
        # Drills are not pitches: the trend and the bests are read from full pitches only (issue 27).
        rows = [r for r in rows if r[pos["drill_skill"]] is None]
        if not rows:
            return cls.empty()
        cols = list(zip(*rows, strict=True))

        def col(name: str) -> np.ndarray:
            return np.array(cols[pos[name]], dtype=float)  # None becomes NaN

        created = col("created_at")
        ids = np.array(cols[pos["id"]], dtype=np.int64)
        order = np.lexsort((ids, created))  # oldest first, id breaks ties, as series_rows() orders
        return cls(
            ids=ids[order],
            created_at=created[order],
            overall=col("overall")[order],
            clarity=col("clarity")[order],
            listener_focus=col("listener_focus")[order],
            speech_seconds=col("speech_seconds")[order],
            target_seconds=col("target_seconds")[order],
        )


def rolling_median(values: np.ndarray, window: int = 5) -> np.ndarray:
    """Median of the last ``window`` values at each point (fewer at the start), ignoring NaN.

    A median rather than a mean so one bad take does not drag the line around.
    """
    v = np.asarray(values, dtype=float)
    n = v.size
    if n == 0 or window < 1:
        return np.full(n, np.nan)
    # Pad the front with NaN so every point has a full window; nanmedian then uses
    # only the real values.
    padded = np.concatenate([np.full(window - 1, np.nan), v])
    windows = np.lib.stride_tricks.sliding_window_view(padded, window)
    out = np.full(n, np.nan)
    has_value = ~np.all(np.isnan(windows), axis=1)
    if has_value.any():
        out[has_value] = np.nanmedian(windows[has_value], axis=1)
    return out


def trend(series: Series, metric: str = "overall", *, window: int = 5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(times, values, rolling median) for one of overall, clarity, listener_focus, speech_seconds."""
    if metric not in TREND_METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    values: np.ndarray = getattr(series, metric)
    return series.created_at, values, rolling_median(values, window)


def personal_bests(series: Series) -> dict[str, Best]:
    """Highest overall, clarity and listener focus, each with the take that first reached it."""
    bests: dict[str, Best] = {}
    for metric in BEST_METRICS:
        values: np.ndarray = getattr(series, metric)
        scored = ~np.isnan(values)
        if not scored.any():
            continue
        top = float(np.max(values[scored]))
        # The series is oldest first (id breaks ties), so the first index is the first time reached.
        first = int(np.flatnonzero(values == top)[0])
        bests[metric] = Best(top, int(series.ids[first]), datetime.fromtimestamp(float(series.created_at[first]), UTC))
    return bests


@dataclass(frozen=True)
class BestTake:
    """The take with the highest overall score (the first to reach it), with its own two halves."""

    take_id: int
    created_at: datetime
    overall: float
    clarity: float
    listener_focus: float


def best_take(series: Series) -> BestTake | None:
    """One take's figures: the "Personal best" card showed the best overall beside other takes'
    best clarity and listener focus, a mix no single take ever scored."""
    scored = ~np.isnan(series.overall)
    if not scored.any():
        return None
    i = int(np.flatnonzero(series.overall == np.max(series.overall[scored]))[0])  # oldest first
    return BestTake(
        take_id=int(series.ids[i]),
        created_at=datetime.fromtimestamp(float(series.created_at[i]), UTC),
        overall=float(series.overall[i]),
        clarity=float(series.clarity[i]),
        listener_focus=float(series.listener_focus[i]),
    )


def streak(days: Iterable[date], today: date) -> Streak:
    """Days practised in a row, from the calendar days that have a take (in the user's zone).

    A streak that ended yesterday still counts as current: the user may simply not
    have practised *yet* today.
    """
    ordered = sorted(set(days))
    if not ordered:
        return Streak(0, 0, None, False)
    longest = run = 1
    for prev, cur in zip(ordered, ordered[1:], strict=False):
        run = run + 1 if cur - prev == timedelta(days=1) else 1
        longest = max(longest, run)
    day_set = set(ordered)
    practised_today = today in day_set
    start = today if practised_today else today - timedelta(days=1)
    current = 0
    while start - timedelta(days=current) in day_set:
        current += 1
    return Streak(current=current, longest=longest, last_day=ordered[-1], practised_today=practised_today)


def most_frequent_issue(take_ids: Sequence[int], deductions: Iterable[StoredDeduction]) -> Issue | None:
    """The deduction rule that fired in the most of the given scored takes.

    ``take_ids`` are the takes considered, newest first; ``deductions`` are theirs (as
    ``TakeStore.recent_deductions`` returns both). Ties go to the rule that cost more
    points in total, then to the rule name; the tip is the newest take's advice for it.
    """
    if not take_ids:
        return None
    rank = {take_id: i for i, take_id in enumerate(take_ids)}  # 0 = newest
    takes_by_rule: dict[str, set[int]] = {}
    points: dict[str, float] = {}
    tip: dict[str, tuple[int, str]] = {}
    for d in deductions:
        # Old takes stored sub-point deductions ("Hard to understand −0"): not a problem, not an issue.
        if d.take_id not in rank or not is_problem(d.points):
            continue
        takes_by_rule.setdefault(d.rule, set()).add(d.take_id)
        points[d.rule] = points.get(d.rule, 0.0) + d.points
        if d.rule not in tip or rank[d.take_id] < tip[d.rule][0]:
            tip[d.rule] = (rank[d.take_id], d.tip)
    if not takes_by_rule:
        return None
    rule = min(takes_by_rule, key=lambda r: (-len(takes_by_rule[r]), -points[r], r))
    return Issue(
        rule=rule,
        label=rule_label(rule),
        takes_with_issue=len(takes_by_rule[rule]),
        takes_considered=len(take_ids),
        points_lost=points[rule],
        tip=tip[rule][1],
    )


def issue_tip(store: Any, take_ids: Sequence[int], rule: str, catalog: Catalog) -> str | None:
    """The newest take's tip for ``rule`` in ``catalog``'s language, or None in English (the Issue's own tip
    is English already). The stored deduction rows keep only the English tip; the take keeps its message,
    so a Chinese interface reads the tip in Chinese for a take recorded in either interface language."""
    if catalog.language == ENGLISH:
        return None
    for take_id in take_ids:  # newest first
        try:
            d = next((d for d in store.get(take_id).result.deductions if d.rule == rule), None)
        except StorageError:
            continue
        if d is not None:
            return d.tip_text(catalog)
    return None


def bucket_means(
    x: np.ndarray, ys: list[np.ndarray], max_points: int = MAX_PLOT_POINTS
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Average x and each y over equal time buckets, ignoring NaN; buckets without data become NaN (a gap)."""
    n = x.size
    if n <= max_points:
        return x, ys
    span = float(x[-1] - x[0])
    if span <= 0:
        idx = np.zeros(n, dtype=np.intp)
        nb = 1
    else:
        nb = max_points
        idx = np.minimum(((x - x[0]) / span * nb).astype(np.intp), nb - 1)
    counts = np.bincount(idx, minlength=nb).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        xb = np.bincount(idx, weights=x, minlength=nb) / counts
        out = []
        for y in ys:
            ok = ~np.isnan(y)
            total = np.bincount(idx[ok], weights=y[ok], minlength=nb)
            k = np.bincount(idx[ok], minlength=nb).astype(float)
            out.append(np.where(k > 0, total / np.where(k > 0, k, 1.0), np.nan))
    keep = counts > 0  # empty buckets have no x; the NaN in y already breaks the line
    return xb[keep], [y[keep] for y in out]


@dataclass(frozen=True)
class DayStart:
    """The first take of a calendar day: where a take-order axis puts that day's date label."""

    index: int  # position in the series (0 = oldest take)
    day: date


def day_starts(created_at: Sequence[float] | np.ndarray, tz: tzinfo | None = None) -> list[DayStart]:
    """The first take of each calendar day in ``created_at`` (unix seconds, oldest first).

    ``tz`` is the zone the user's days are counted in (None = this machine's local zone).
    Plotting by take order gives every take the same width however the takes are spread
    in time; these marks say where each new day begins.
    """
    out: list[DayStart] = []
    last: date | None = None
    for i, ts in enumerate(np.asarray(created_at, dtype=float)):
        day = datetime.fromtimestamp(float(ts), UTC).astimezone(tz).date()
        if day != last:
            out.append(DayStart(i, day))
            last = day
    return out


def thin_day_starts(starts: Sequence[DayStart], min_gap: float) -> list[DayStart]:
    """Keep day marks at least ``min_gap`` takes apart (always the first), so labels never overlap."""
    kept: list[DayStart] = []
    for s in starts:
        if not kept or s.index - kept[-1].index >= min_gap:
            kept.append(s)
    return kept


# Tukey's "far out" fence: only a take far beyond the usual spread is clipped, so a merely
# long take still shows at its height; a 173 s ramble among 20 s takes is clipped.
OUTLIER_IQR_FACTOR = 3.0
OUTLIER_MIN_VALUES = 5


def outlier_limit(values: np.ndarray, floor: float = 0.0) -> float | None:
    """An axis top that keeps the usual values readable, or None when no value needs clipping.

    The limit is the upper quartile plus three interquartile ranges, but at least twice the
    median (takes that alike give a tiny spread, and a take twice the usual length does not
    flatten the rest) and at least ``floor`` (e.g. a little above the target, so its line
    stays in view). NaN is ignored. With fewer than five values there is no reliable spread,
    so nothing is clipped.
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size < OUTLIER_MIN_VALUES:
        return None
    q1, q3 = np.percentile(v, [25, 75])
    limit = max(float(q3 + OUTLIER_IQR_FACTOR * (q3 - q1)), 2.0 * float(np.median(v)), floor)
    return limit if float(v.max()) > limit else None


def other_targets(target_seconds: np.ndarray, current: float) -> list[tuple[float, int]]:
    """Targets that earlier takes were timed against, other than ``current``: (seconds, takes), most takes first."""
    t = np.asarray(target_seconds, dtype=float)
    t = t[np.isfinite(t) & (np.abs(t - current) > 1e-6)]
    values, counts = np.unique(t, return_counts=True)
    pairs = [(float(v), int(c)) for v, c in zip(values, counts, strict=True)]
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


# ----------------------------------------------------------------- over a period (reports)


@dataclass(frozen=True)
class IssueTally:
    """How one rule cost points over a period of takes."""

    rule: str
    label: str
    takes: int  # scored takes that lost points to this rule
    points_lost: float
    tip: str  # the advice given most often for this rule
    example: str  # the newest take's message for it


def issue_tallies(results: Iterable[ScoreResult], catalog: Catalog | None = None) -> list[IssueTally]:
    """Every rule that cost points in the scored ``results`` (oldest first), most frequent first.

    Ties go to the rule that cost more points, then to its label. Unlike
    :func:`most_frequent_issue` (one line of advice from the latest takes in the store),
    this covers every rule of a whole period, for a report. With a ``catalog`` the tips and
    messages are in its language; without one, as each take stored them (English).
    """
    counts: Counter[str] = Counter()
    points: defaultdict[str, float] = defaultdict(float)
    tips: dict[str, Counter[str]] = defaultdict(Counter)
    latest_message: dict[str, str] = {}
    for result in results:
        if not result.scored:
            continue
        for d in result.deductions:
            if not is_problem(d.points):
                continue
            counts[d.rule] += 1
            points[d.rule] += d.points
            tips[d.rule][d.tip if catalog is None else d.tip_text(catalog)] += 1
            latest_message[d.rule] = d.message if catalog is None else d.text(catalog)
    tallies = [
        IssueTally(
            rule=rule,
            label=rule_label(rule),
            takes=n,
            points_lost=points[rule],
            tip=tips[rule].most_common(1)[0][0],
            example=latest_message[rule],
        )
        for rule, n in counts.items()
    ]
    return sorted(tallies, key=lambda i: (-i.takes, -i.points_lost, i.label))


def costliest_issues(tallies: Iterable[IssueTally], count: int = 3) -> list[IssueTally]:
    """What to practise next: the rules that cost most points in total, then the most frequent.

    Weighing how often a rule fires by what it costs lets a rare but expensive miss (no
    question at all) outrank a frequent one-point nit.
    """
    return sorted(tallies, key=lambda i: (-i.points_lost, -i.takes, i.label))[:count]


def newest_best(scores: Sequence[float | None], times: Sequence[datetime]) -> int | None:
    """Index of the highest score (None = not scored); a tie goes to the most recent take.

    The most recent, because that is the one the speaker can still reproduce. (The
    history page's :func:`personal_bests` names the take that *first* reached a best.)
    """
    scored = [i for i, s in enumerate(scores) if s is not None]
    if not scored:
        return None
    return max(scored, key=lambda i: (scores[i] or 0.0, times[i]))


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def change_first_to_last(values: Sequence[float], most: int = 3) -> float | None:
    """Mean of the last few values minus the mean of the first few (oldest first).

    Up to ``most`` at each end, never overlapping: robust to one lucky take. None with
    fewer than two values.
    """
    if len(values) < 2:
        return None
    n = min(most, len(values) // 2)
    return sum(values[-n:]) / n - sum(values[:n]) / n
