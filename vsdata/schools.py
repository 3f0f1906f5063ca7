"""Programme coverage per school: school years, sessions, targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from vsdata.models import Programme, School, SchoolSession, SchoolTarget, SessionStatus


def school_year_of(day: date) -> str:
    """The school year (1 August - 31 July) a day falls in, as '2026/27'."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def school_year_start(school_year: str) -> date:
    return date(int(school_year[:4]), 8, 1)


def school_year_end(school_year: str) -> date:
    return date(int(school_year[:4]) + 1, 7, 31)


@dataclass(frozen=True)
class SessionSummary:
    school_year: str
    delivered: int
    target: int
    planned_soon: int
    pace_target: float
    """Sessions the target asks for by today, at an even pace through the school year."""


def session_summary(session: Session, today: date, soon_days: int = 14) -> SessionSummary:
    """Sessions delivered this school year against the target, and those coming up soon."""
    year = school_year_of(today)
    delivered = session.scalar(
        select(func.count())
        .select_from(SchoolSession)
        .where(SchoolSession.school_year == year, SchoolSession.status == SessionStatus.UITGEVOERD)
    )
    target = session.scalar(
        select(func.coalesce(func.sum(SchoolTarget.planned_sessions), 0)).where(SchoolTarget.school_year == year)
    )
    planned_soon = session.scalar(
        select(func.count())
        .select_from(SchoolSession)
        .where(
            SchoolSession.status == SessionStatus.GEPLAND,
            SchoolSession.session_date >= today,
            SchoolSession.session_date < today + timedelta(days=soon_days),
        )
    )
    start, end = school_year_start(year), school_year_end(year)
    elapsed = ((today - start).days + 1) / ((end - start).days + 1)
    return SessionSummary(year, int(delivered or 0), int(target or 0), int(planned_soon or 0), target * elapsed)


def programme_schools_without_sessions(session: Session, school_year: str) -> list[str]:
    """Programme schools with nothing planned or delivered in the school year."""
    has_sessions = (
        select(SchoolSession.school_id)
        .where(SchoolSession.school_year == school_year, SchoolSession.status != SessionStatus.GEANNULEERD)
        .distinct()
    )
    rows = session.scalars(
        select(School.name).where(School.in_programme, School.id.not_in(has_sessions)).order_by(School.name)
    )
    return list(rows)


def upcoming_sessions(session: Session, today: date, days: int = 14) -> pd.DataFrame:
    """Planned sessions from today through the next ``days`` days, soonest first."""
    rows = session.execute(
        select(SchoolSession.session_date, School.name, Programme.name, SchoolSession.classes, SchoolSession.partner)
        .join(School, School.id == SchoolSession.school_id)
        .join(Programme, Programme.id == SchoolSession.programme_id)
        .where(
            SchoolSession.status == SessionStatus.GEPLAND,
            SchoolSession.session_date >= today,
            SchoolSession.session_date < today + timedelta(days=days),
        )
        .order_by(SchoolSession.session_date, School.name)
    ).all()
    return pd.DataFrame(rows, columns=["datum", "school", "programma", "klas", "partner"])


def school_points(session: Session) -> pd.DataFrame:
    """Every school with its location, for maps and counts around schools."""
    rows = session.execute(
        select(School.name, School.latitude, School.longitude, School.vios_member, School.in_programme).order_by(
            School.name
        )
    ).all()
    return pd.DataFrame(rows, columns=["school", "latitude", "longitude", "vios", "in_programma"])
