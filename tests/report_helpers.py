"""Hand-made report stores for the Meldingen tests: a few reports with chosen moments and places."""

from __future__ import annotations

import math
from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from vsdata import db
from vsdata.models import Category, LocationType, Report, TargetGroup

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STATION = (51.808, 4.668)
"""Dordrecht's railway station: a point well inside the city."""
EARTH_RADIUS_M = 6_371_008.8

_ids = count(1)


def local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A moment on the wall clock in Dordrecht."""
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def report(occurred_at: datetime, **overrides) -> Report:
    """A report at the station unless told otherwise; the derived columns are filled in on insert."""
    values = dict(
        external_id=f"T-{next(_ids)}",
        received_at=occurred_at,
        occurred_at=occurred_at,
        latitude=STATION[0],
        longitude=STATION[1],
        wijk="Binnenstad",
        location_type=LocationType.STRAAT,
        category=Category.NASTAREN,
        target_group=TargetGroup.VROUW,
    )
    values.update(overrides)
    return Report(**values)


def store_with(location, reports: list[Report]):
    """A new store at ``location`` (a URL or a SQLite path) holding exactly these reports."""
    engine = db.get_engine(str(location))
    db.create_schema(engine)
    with db.write_session(engine) as session:
        session.add_all(reports)
    return engine


def sql(store, query: str, *params) -> list[tuple]:
    """Rows straight from the store's driver, without the code under test.

    ``store`` is an engine, a URL or a SQLite path; ``?`` marks the parameters on either engine.
    """
    engine = store if isinstance(store, Engine) else db.get_engine(str(store))
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        if engine.dialect.name != "sqlite":
            query = query.replace("%", "%%").replace("?", "%s")
        cursor.execute(query, params)
        rows = [tuple(row) for row in cursor.fetchall()] if cursor.description else []
        connection.commit()
        return rows
    finally:
        connection.close()


def offset(point: tuple[float, float], north_m: float, east_m: float) -> tuple[float, float]:
    """A point about ``north_m`` metres north and ``east_m`` metres east of ``point``."""
    latitude, longitude = point
    d_lat = math.degrees(north_m / EARTH_RADIUS_M)
    d_lon = math.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(latitude))))
    return latitude + d_lat, longitude + d_lon


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))
