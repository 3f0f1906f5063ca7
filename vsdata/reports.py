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


def weekly_counts(session: Session, first_week: date, last_week: date) -> pd.DataFrame:
    """Reports per ISO week (Monday dates) from ``first_week`` to ``last_week``, empty weeks as 0."""
    rows = session.execute(
        select(Report.local_week, func.count())
        .where(Report.local_week >= first_week, Report.local_week <= last_week)
        .group_by(Report.local_week)
    ).all()
    weeks = pd.date_range(first_week, last_week, freq="7D").date
    counts = dict(rows)
    return pd.DataFrame({"periode": weeks, "meldingen": [int(counts.get(week, 0)) for week in weeks]})


def monthly_counts(session: Session, first_month: date, last_month: date) -> pd.DataFrame:
    """Reports per calendar month (first-of-month dates), empty months as 0."""
    rows = session.execute(
        select(Report.local_month, func.count())
        .where(Report.local_month >= first_month, Report.local_month <= last_month)
        .group_by(Report.local_month)
    ).all()
    months = pd.date_range(first_month, last_month, freq="MS").date
    counts = dict(rows)
    return pd.DataFrame({"periode": months, "meldingen": [int(counts.get(month, 0)) for month in months]})


def last_report_date(session: Session) -> date | None:
    return session.scalar(select(func.max(Report.local_date)))
