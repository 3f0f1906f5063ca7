"""Report counts kept per day and per month for each grouping, so a period reads tally rows, not reports.

Every write that adds or removes reports or schools updates the tally in the same
transaction (:func:`add_batch`, :func:`remove_batch`, :func:`recount_schools`,
:func:`rebuild`); a read over a period takes the whole months inside it from the
monthly rows and the days at its edges from the daily rows. The figures equal a
plain count over the reports: the test suite compares the two on random stores.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from sqlalchemy import Date, String, and_, case, cast, delete, func, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from vsdata import db, schools
from vsdata.models import Report, ReportTally

VERSION = "2"
VERSION_KEY = "tally_version"
DAY, MONTH = "d", "m"
METRES_PER_DEGREE = 111_320
SCHOOL_RADIUS_M = 500
"""Reports within this distance of a school count as near it."""

TOTAL = "totaal"
SCHOOLS = "school"
GROUPINGS = {
    TOTAL: (literal("", String), ()),
    "categorie": (Report.category, (Report.category,)),
    "locatietype": (Report.location_type, (Report.location_type,)),
    "doelgroep": (Report.target_group, (Report.target_group,)),
    "wijk": (Report.wijk, (Report.wijk,)),
    "uur": (cast(Report.local_weekday * 24 + Report.local_hour, String), (Report.local_weekday, Report.local_hour)),
    "nazorg": (
        case((and_(Report.aftercare_asked, Report.aftercare_given), "11"), (Report.aftercare_asked, "10"), else_="00"),
        (Report.aftercare_asked, Report.aftercare_given),
    ),
    "h3_r7": (Report.h3_r7, (Report.h3_r7,)),
    "h3_r8": (Report.h3_r8, (Report.h3_r8,)),
    "h3_r9": (Report.h3_r9, (Report.h3_r9,)),
}
"""Each grouping's value per report, and the indexed columns it is counted by (they lead an index with the date)."""


def within_radius(latitude: float, longitude: float, radius_m: float):
    """The SQL condition "the report lies within ``radius_m`` of the point", and the box around it.

    Distance on a local flat projection (error well under 1 % at 500 m); the box
    lets a query keep to nearby rows.
    """
    d_lat = radius_m / METRES_PER_DEGREE
    scale = math.cos(math.radians(latitude))
    d_lon = d_lat / scale
    box = (latitude - d_lat, latitude + d_lat, longitude - d_lon, longitude + d_lon)
    condition = and_(
        Report.latitude.between(box[0], box[1]),
        Report.longitude.between(box[2], box[3]),
        (Report.latitude - latitude) * (Report.latitude - latitude)
        + (Report.longitude - longitude) * scale * (Report.longitude - longitude) * scale
        <= d_lat * d_lat,
    )
    return condition, box


def near_counts_select(points, radius_m: float, *where, group_by=()):
    """One pass counting the reports near each point (pairs of latitude, longitude)."""
    sums, boxes = [], []
    for latitude, longitude in points:
        condition, box = within_radius(latitude, longitude, radius_m)
        sums.append(func.coalesce(func.sum(case((condition, 1), else_=0)), 0))
        boxes.append(box)
    south, north = min(box[0] for box in boxes), max(box[1] for box in boxes)
    west, east = min(box[2] for box in boxes), max(box[3] for box in boxes)
    statement = select(*group_by, *sums).where(
        *where, Report.latitude.between(south, north), Report.longitude.between(west, east)
    )
    return statement.group_by(*group_by) if group_by else statement


# ---------------------------------------------------------------- keeping the tally


def _insert(session: Session):
    return (sqlite if session.connection().dialect.name == "sqlite" else postgresql).insert(ReportTally)


def _merge_select(session: Session, statement) -> None:
    """Add the selected (dimension, grain, period, value, month, meldingen) rows to the tally."""
    insert = _insert(session).from_select(["dimension", "grain", "period", "value", "month", "meldingen"], statement)
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["dimension", "grain", "period", "value"],
            set_={"meldingen": ReportTally.meldingen + insert.excluded.meldingen},
        )
    )


def _merge_rows(session: Session, rows: list[dict]) -> None:
    if not rows:
        return
    insert = _insert(session)
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["dimension", "grain", "period", "value"],
            set_={"meldingen": ReportTally.meldingen + insert.excluded.meldingen},
        ),
        rows,
    )


def _month_of(session: Session, day):
    if session.connection().dialect.name == "sqlite":
        return func.date(day, "start of month")
    return cast(func.date_trunc("month", day), Date)


def _count_days(session: Session, sign: int, *where) -> None:
    """Add each grouping's daily counts of the selected reports (``sign`` -1 takes them away)."""
    month = _month_of(session, Report.local_date)
    for name, (value, columns) in GROUPINGS.items():
        _merge_select(
            session,
            select(literal(name), literal(DAY), Report.local_date, value, month, func.count() * sign)
            .where(*where)
            .group_by(*columns, Report.local_date),
        )


def _roll_up_months(session: Session, months: list[date] | None = None, dimension: str | None = None) -> None:
    """Monthly rows anew from the daily ones, for the months given (all when None)."""
    chosen = [ReportTally.dimension == dimension] if dimension else []
    if months is not None:
        chosen.append(ReportTally.month.in_(months))
    session.execute(delete(ReportTally).where(ReportTally.grain == MONTH, *chosen))
    total = func.sum(ReportTally.meldingen)
    session.execute(
        _insert(session).from_select(
            ["dimension", "grain", "period", "value", "month", "meldingen"],
            select(
                ReportTally.dimension, literal(MONTH), ReportTally.month, ReportTally.value, ReportTally.month, total
            )
            .where(ReportTally.grain == DAY, *chosen)
            .group_by(ReportTally.dimension, ReportTally.month, ReportTally.value)
            .having(total != 0),
        )
    )


def _count_schools(session: Session, sign: int, *where) -> None:
    """Add the daily counts of the selected reports near each school."""
    points = schools.school_points(session)
    if points.empty:
        return
    statement = near_counts_select(
        zip(points["latitude"], points["longitude"], strict=True),
        SCHOOL_RADIUS_M,
        *where,
        group_by=(Report.local_date, Report.local_month),
    )
    rows = [
        _row(SCHOOLS, DAY, day, name, month, count * sign)
        for day, month, *counts in session.execute(statement)
        for name, count in zip(points["school"], counts, strict=True)
        if count
    ]
    _merge_rows(session, rows)


def _row(dimension: str, grain: str, period: date, value: str, month: date, meldingen: int) -> dict:
    return {
        "dimension": dimension,
        "grain": grain,
        "period": period,
        "value": value,
        "month": month,
        "meldingen": meldingen,
    }


def _months_of_batch(session: Session, batch_id: int) -> list[date]:
    return list(session.scalars(select(Report.local_month).where(Report.import_batch_id == batch_id).distinct()))


def add_batch(session: Session, batch_id: int) -> None:
    """Count an import's reports into the tally (after they are written); a tally not yet current is rebuilt."""
    if not is_current(session):
        rebuild(session)
        return
    in_batch = Report.import_batch_id == batch_id
    _count_days(session, 1, in_batch)
    _count_schools(session, 1, in_batch)
    _roll_up_months(session, _months_of_batch(session, batch_id))


def remove_batch(session: Session, batch_id: int) -> None:
    """Take an import's reports out of the tally (before they are deleted).

    A tally not yet current is left alone here; :func:`ensure` rebuilds it after the delete.
    """
    if not is_current(session):
        return
    in_batch = Report.import_batch_id == batch_id
    _count_days(session, -1, in_batch)
    _count_schools(session, -1, in_batch)
    session.execute(delete(ReportTally).where(ReportTally.meldingen == 0))
    _roll_up_months(session, _months_of_batch(session, batch_id))


def recount_schools(session: Session) -> None:
    """Count the reports near each school anew, after the schools changed."""
    if not is_current(session):
        rebuild(session)
        return
    session.execute(delete(ReportTally).where(ReportTally.dimension == SCHOOLS))
    _count_schools(session, 1)
    _roll_up_months(session, dimension=SCHOOLS)


def ensure(session: Session) -> None:
    """Rebuild the tally when it is not current, inside the caller's transaction."""
    if not is_current(session):
        rebuild(session)


def rebuild(session: Session) -> None:
    """Count the whole tally anew from the reports, and mark it current."""
    session.execute(delete(ReportTally))
    _count_days(session, 1)
    _count_schools(session, 1)
    _roll_up_months(session)
    db.set_meta(session, VERSION_KEY, VERSION)


def is_current(session: Session) -> bool:
    """Whether the tally was built by this version of the code (older stores are rebuilt at start)."""
    return db.get_meta(session, VERSION_KEY) == VERSION


def bring_up_to_date(engine) -> bool:
    """Count the tally anew when it was made by an older version of the code; True when it did."""
    with db.read_session(engine) as session:
        if is_current(session):
            return False
    with db.write_session(engine) as session:
        ensure(session)
    return True


# ---------------------------------------------------------------- reading the tally


def _month_after(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _ranges(first: date, last: date) -> list:
    """The period as ranges of tally rows: whole months from the monthly rows, edge days from the daily ones.

    Each range is its own key-order scan; one OR over them would read every row of the grouping.
    """
    first_month = first if first.day == 1 else _month_after(first)
    end_month = _month_after(last) if _month_after(last) - timedelta(days=1) == last else last.replace(day=1)
    if first_month >= end_month:
        return [(DAY, first, last)]
    ranges = [(MONTH, first_month, end_month - timedelta(days=1))]
    if first < first_month:
        ranges.append((DAY, first, first_month - timedelta(days=1)))
    if end_month <= last:
        ranges.append((DAY, end_month, last))
    return ranges


def _sum_by(session: Session, dimension: str, first: date, last: date, key) -> dict:
    """Reports per ``key`` (the value or the month) of the grouping over the period."""
    parts = [
        select(key.label("key"), ReportTally.meldingen).where(
            ReportTally.dimension == dimension, ReportTally.grain == grain, ReportTally.period.between(start, end)
        )
        for grain, start, end in _ranges(first, last)
    ]
    rows = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    summed = session.execute(select(rows.c.key, func.sum(rows.c.meldingen)).group_by(rows.c.key)).all()
    return {key: int(count) for key, count in summed if count}


def counts(session: Session, dimension: str, first: date, last: date) -> dict[str, int]:
    """Reports per value of the grouping from ``first`` to ``last`` inclusive (values without reports left out)."""
    return _sum_by(session, dimension, first, last, ReportTally.value)


def total(session: Session, first: date, last: date) -> int:
    return counts(session, TOTAL, first, last).get("", 0)


def per_month(session: Session, first: date, last: date) -> dict[date, int]:
    """Reports per calendar month (first-of-month dates) from ``first`` to ``last`` inclusive."""
    return _sum_by(session, TOTAL, first, last, ReportTally.month)


def per_day(session: Session, first: date, last: date) -> dict[date, int]:
    """Reports per local date from ``first`` to ``last`` inclusive (days without reports left out)."""
    rows = session.execute(
        select(ReportTally.period, ReportTally.meldingen).where(
            ReportTally.dimension == TOTAL, ReportTally.grain == DAY, ReportTally.period.between(first, last)
        )
    ).all()
    return {day: int(count) for day, count in rows}


def values(session: Session, dimension: str) -> list[str]:
    """Every value the grouping has taken, from the monthly rows."""
    return sorted(
        session.scalars(
            select(ReportTally.value).where(ReportTally.dimension == dimension, ReportTally.grain == MONTH).distinct()
        )
    )
