"""Queries over harassment reports, aggregated in the database.

A filter that narrows only the period reads the tally (:mod:`vsdata.tally`);
any other filter counts the report rows on their indexed columns. Both give the
same figures; :func:`counting_rows` forces the second, to compare them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from vsdata import schools, tally
from vsdata.models import Report
from vsdata.report_filter import ReportFilter

_rows_only: ContextVar[bool] = ContextVar("rows_only", default=False)


@contextmanager
def counting_rows() -> Iterator[None]:
    """Count over the report rows, never the tally, within this block."""
    token = _rows_only.set(True)
    try:
        yield
    finally:
        _rows_only.reset(token)


def _from_tally(session: Session, report_filter: ReportFilter | None = None) -> bool:
    if _rows_only.get() or (report_filter is not None and not report_filter.period_only):
        return False
    if "tally_current" not in session.info:
        session.info["tally_current"] = tally.is_current(session)
    return session.info["tally_current"]


def count_between(session: Session, first: date, last: date) -> int:
    """Reports whose incident fell on a local date from ``first`` to ``last`` inclusive."""
    if _from_tally(session):
        return tally.total(session, first, last)
    return int(
        session.scalar(
            select(func.count()).select_from(Report).where(Report.local_date >= first, Report.local_date <= last)
        )
        or 0
    )


def per_day(session: Session, first: date, last: date) -> dict[date, int]:
    """Reports per local date from ``first`` to ``last`` inclusive (days without reports left out)."""
    if _from_tally(session):
        return tally.per_day(session, first, last)
    rows = session.execute(
        select(Report.local_date, func.count())
        .where(Report.local_date >= first, Report.local_date <= last)
        .group_by(Report.local_date)
    )
    return {day: int(count) for day, count in rows}


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _counts_per_period(
    session: Session, column, periods, since: date | None = None, until: date | None = None
) -> pd.DataFrame:
    """Reports per period start (a derived, indexed column), with empty periods as 0; within ``since``-``until``."""
    first, last = periods[0], periods[-1]
    if column is Report.local_month and _from_tally(session):
        counts = tally.per_month(session, max(first, since or first), min(_month_end(last), until or _month_end(last)))
        return pd.DataFrame({"periode": periods, "meldingen": [counts.get(period, 0) for period in periods]})
    conditions = [column >= first, column <= last]
    conditions += ([Report.local_date >= since] if since else []) + ([Report.local_date <= until] if until else [])
    rows = session.execute(select(column, func.count()).where(*conditions).group_by(column)).all()
    counts = dict(rows)
    return pd.DataFrame({"periode": periods, "meldingen": [int(counts.get(period, 0)) for period in periods]})


def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def weekly_counts(session: Session, first_week: date, last_week: date) -> pd.DataFrame:
    """Reports per ISO week (Monday dates) from ``first_week`` to ``last_week``."""
    return _counts_per_period(session, Report.local_week, list(pd.date_range(first_week, last_week, freq="7D").date))


def monthly_counts(
    session: Session, first_month: date, last_month: date, since: date | None = None, until: date | None = None
) -> pd.DataFrame:
    """Reports per calendar month (first-of-month dates) from ``first_month`` to ``last_month``.

    ``since`` leaves out the days of the first month before it (a start in the middle of a month),
    ``until`` the days of the last month after it.
    """
    months = list(pd.date_range(first_month, last_month, freq="MS").date)
    return _counts_per_period(session, Report.local_month, months, since, until)


# ---------------------------------------------------------------- the Meldingen page

H3_COLUMNS = {7: Report.h3_r7, 8: Report.h3_r8, 9: Report.h3_r9}
DIMENSIONS = {
    "categorie": Report.category,
    "locatietype": Report.location_type,
    "doelgroep": Report.target_group,
    "wijk": Report.wijk,
}
WEEKDAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]


def _counted(select_columns, report_filter: ReportFilter, *group_by):
    statement = select(*select_columns, func.count().label("meldingen")).where(*report_filter.conditions())
    return statement.group_by(*group_by) if group_by else statement


def total(session: Session, report_filter: ReportFilter) -> int:
    if _from_tally(session, report_filter):
        return tally.total(session, report_filter.start, report_filter.end)
    return int(session.scalar(select(func.count()).select_from(Report).where(*report_filter.conditions())) or 0)


def _grouped(session: Session, report_filter: ReportFilter, grouping: str, column) -> dict:
    """Reports per value of one grouping under the filter: from the tally, or counted over the rows."""
    if _from_tally(session, report_filter):
        return tally.counts(session, grouping, report_filter.start, report_filter.end)
    return {value: int(count) for value, count in session.execute(_counted([column], report_filter, column))}


def cell_counts(session: Session, report_filter: ReportFilter, resolution: int) -> pd.DataFrame:
    """Reports per H3 cell at the resolution, from the stored cell ids."""
    rows = _grouped(session, report_filter, f"h3_r{resolution}", H3_COLUMNS[resolution]).items()
    return pd.DataFrame(rows, columns=["cel", "meldingen"]).sort_values("meldingen", ascending=False, ignore_index=True)


def period_trend(session: Session, report_filter: ReportFilter, grain: str, last_year: bool = False) -> pd.DataFrame:
    """Reports per week or month over the filter's period (empty periods 0); with ``last_year`` its count beside."""
    column = Report.local_week if grain == "week" else Report.local_month
    first = week_start(report_filter.start) if grain == "week" else report_filter.start.replace(day=1)
    freq = "7D" if grain == "week" else "MS"
    periods = list(pd.date_range(first, report_filter.end, freq=freq).date)
    now = _per_period(session, report_filter, column)
    frame = pd.DataFrame({"periode": periods, "meldingen": [int(now.get(period, 0)) for period in periods]})
    if last_year:
        # Weeks compare with the same weekdays 52 weeks earlier; months with the same calendar month.
        earlier_filter = report_filter.shifted(timedelta(weeks=52)) if grain == "week" else report_filter.last_year()
        earlier = _per_period(session, earlier_filter, column)
        frame["vorig_jaar"] = [int(earlier.get(_same_period_last_year(period, grain), 0)) for period in periods]
    return frame


def _per_period(session: Session, report_filter: ReportFilter, column) -> dict[date, int]:
    """Reports per week or month start under the filter."""
    if not _from_tally(session, report_filter):
        return dict(session.execute(_counted([column], report_filter, column)).all())
    if column is Report.local_month:
        return tally.per_month(session, report_filter.start, report_filter.end)
    weeks: dict[date, int] = {}
    for day, count in tally.per_day(session, report_filter.start, report_filter.end).items():
        weeks[week_start(day)] = weeks.get(week_start(day), 0) + count
    return weeks


def _same_period_last_year(period: date, grain: str) -> date:
    if grain == "week":
        return period - timedelta(weeks=52)
    return period.replace(year=period.year - 1)


def weekday_hour(session: Session, report_filter: ReportFilter) -> pd.DataFrame:
    """Reports per local weekday and hour: all 7 x 24 cells, empty ones 0."""
    if _from_tally(session, report_filter):
        counts = {
            divmod(int(value), 24): count
            for value, count in tally.counts(session, "uur", report_filter.start, report_filter.end).items()
        }
    else:
        rows = session.execute(
            _counted([Report.local_weekday, Report.local_hour], report_filter, Report.local_weekday, Report.local_hour)
        ).all()
        counts = {(weekday, hour): count for weekday, hour, count in rows}
    return pd.DataFrame(
        [
            {
                "dag": WEEKDAYS[weekday],
                "dagnummer": weekday,
                "uur": hour,
                "meldingen": int(counts.get((weekday, hour), 0)),
            }
            for weekday in range(7)
            for hour in range(24)
        ]
    )


def breakdown(session: Session, report_filter: ReportFilter, dimension: str) -> pd.DataFrame:
    """Reports per value of a dimension (categorie, locatietype, doelgroep, wijk), largest first."""
    rows = _grouped(session, report_filter, dimension, DIMENSIONS[dimension]).items()
    frame = pd.DataFrame([(str(value), int(count)) for value, count in rows], columns=[dimension, "meldingen"])
    return frame.sort_values(["meldingen", dimension], ascending=[False, True], ignore_index=True)


def dimension_values(session: Session, dimension: str) -> list[str]:
    """Every value a dimension can take: the enum's for forms, places and groups, the stored ones for wijken."""
    if dimension == "wijk":
        return wijken(session)
    return [str(value) for value in DIMENSIONS[dimension].type.enum_class]


def aftercare(session: Session, report_filter: ReportFilter) -> tuple[int, int]:
    """Reports in which aftercare was asked, and those in which it was given."""
    if _from_tally(session, report_filter):
        counts = tally.counts(session, "nazorg", report_filter.start, report_filter.end)
        return counts.get("10", 0) + counts.get("11", 0), counts.get("11", 0)
    rows = session.execute(
        _counted(
            [Report.aftercare_asked, Report.aftercare_given],
            report_filter,
            Report.aftercare_asked,
            Report.aftercare_given,
        )
    ).all()
    asked = sum(count for was_asked, _, count in rows if was_asked)
    given = sum(count for _, was_given, count in rows if was_given)
    return int(asked), int(given)


def near_points(session: Session, report_filter: ReportFilter, points: pd.DataFrame, radius_m: float) -> list[int]:
    """Reports within ``radius_m`` of each point (columns latitude, longitude), in one database pass."""
    if points.empty:
        return []
    statement = tally.near_counts_select(
        zip(points["latitude"], points["longitude"], strict=True), radius_m, *report_filter.conditions()
    )
    return [int(value) for value in session.execute(statement).one()]


def near_schools(session: Session, report_filter: ReportFilter, names: list[str]) -> list[int]:
    """Reports within the school radius of each named school, in the order given."""
    if not names:
        return []
    if _from_tally(session, report_filter):
        counts = tally.counts(session, tally.SCHOOLS, report_filter.start, report_filter.end)
        return [counts.get(name, 0) for name in names]
    points = schools.school_points(session).set_index("school").loc[names]
    return near_points(session, report_filter, points, tally.SCHOOL_RADIUS_M)


def compare_periods(session: Session, report_filter: ReportFilter, key: str, resolution: int = 8) -> pd.DataFrame:
    """Counts per cell (``key='cel'``) or wijk (``key='wijk'``) now and in the previous period of equal length."""
    grouping, column = (f"h3_r{resolution}", H3_COLUMNS[resolution]) if key == "cel" else ("wijk", Report.wijk)
    now = _grouped(session, report_filter, grouping, column)
    before = _grouped(session, report_filter.previous(), grouping, column)
    keys = sorted(set(now) | set(before))
    return pd.DataFrame(
        {
            key: keys,
            "meldingen": [int(now.get(item, 0)) for item in keys],
            "vorige_periode": [int(before.get(item, 0)) for item in keys],
        }
    )


def wijken(session: Session) -> list[str]:
    """The wijken reports were made in, for the filter."""
    if _from_tally(session):
        return tally.values(session, "wijk")
    return sorted(session.scalars(select(Report.wijk).distinct()))
