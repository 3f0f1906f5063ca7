"""Queries over harassment reports, aggregated in the database on indexed columns."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from vsdata.models import Report


def count_between(session: Session, first: date, last: date) -> int:
    """Reports whose incident fell on a local date from ``first`` to ``last`` inclusive."""
    return int(
        session.scalar(
            select(func.count()).select_from(Report).where(Report.local_date >= first, Report.local_date <= last)
        )
        or 0
    )


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _counts_per_period(session: Session, column, periods) -> pd.DataFrame:
    """Reports per period start (a derived, indexed column), with empty periods as 0."""
    first, last = periods[0], periods[-1]
    rows = session.execute(select(column, func.count()).where(column >= first, column <= last).group_by(column)).all()
    counts = dict(rows)
    return pd.DataFrame({"periode": periods, "meldingen": [int(counts.get(period, 0)) for period in periods]})


def weekly_counts(session: Session, first_week: date, last_week: date) -> pd.DataFrame:
    """Reports per ISO week (Monday dates) from ``first_week`` to ``last_week``."""
    return _counts_per_period(session, Report.local_week, list(pd.date_range(first_week, last_week, freq="7D").date))


def monthly_counts(session: Session, first_month: date, last_month: date) -> pd.DataFrame:
    """Reports per calendar month (first-of-month dates) from ``first_month`` to ``last_month``."""
    return _counts_per_period(session, Report.local_month, list(pd.date_range(first_month, last_month, freq="MS").date))


def last_report_date(session: Session) -> date | None:
    return session.scalar(select(func.max(Report.local_date)))
