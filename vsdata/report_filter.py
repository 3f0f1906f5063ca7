"""The filter every figure on the Meldingen page obeys, and its form in the URL.

A filter is a plain value: it builds the SQL conditions, its previous period
and the same period last year, and it round-trips through query parameters so
a view can be bookmarked and shared.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, and_, or_

from vsdata.models import Category, LocationType, Report, TargetGroup


class DayKind(enum.StrEnum):
    ALLE = "alle"
    WERKDAG = "werkdag"
    WEEKEND = "weekend"


PARTS_OF_DAY: dict[str, tuple[int, int]] = {
    "ochtend": (6, 12),
    "middag": (12, 18),
    "avond": (18, 24),
    "nacht": (0, 6),
}
"""Part of the day by local hour: [from, to)."""

PERIOD_PRESETS: dict[str, str] = {
    "4w": "Laatste 4 weken",
    "3m": "Laatste 3 maanden",
    "jaar": "Dit jaar",
    "alles": "Sinds de start",
    "eigen": "Eigen periode",
}
DEFAULT_PRESET = "3m"


def preset_range(preset: str, today: date, programme_start: date) -> tuple[date, date]:
    """The dates a period preset stands for, both inclusive."""
    if preset == "4w":
        return today - timedelta(days=27), today
    if preset == "3m":
        return (pd.Timestamp(today) - pd.DateOffset(months=3)).date() + timedelta(days=1), today
    if preset == "jaar":
        return date(today.year, 1, 1), today
    return programme_start, today


@dataclass(frozen=True)
class ReportFilter:
    start: date
    end: date
    categories: tuple[Category, ...] = ()
    location_types: tuple[LocationType, ...] = ()
    target_groups: tuple[TargetGroup, ...] = ()
    parts_of_day: tuple[str, ...] = ()
    day_kind: DayKind = DayKind.ALLE
    wijken: tuple[str, ...] = ()
    preset: str = "eigen"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def period_only(self) -> bool:
        """Whether the filter narrows nothing but the period (then its counts can come from the tally)."""
        return not (
            self.categories
            or self.location_types
            or self.target_groups
            or self.wijken
            or self.day_kind != DayKind.ALLE
            or (self.parts_of_day and set(self.parts_of_day) != set(PARTS_OF_DAY))
        )

    def conditions(self) -> list[ColumnElement[bool]]:
        """SQL conditions on the report table, all on plain or indexed columns."""
        where: list[ColumnElement[bool]] = [Report.local_date >= self.start, Report.local_date <= self.end]
        if self.categories:
            where.append(Report.category.in_(self.categories))
        if self.location_types:
            where.append(Report.location_type.in_(self.location_types))
        if self.target_groups:
            where.append(Report.target_group.in_(self.target_groups))
        if self.parts_of_day and set(self.parts_of_day) != set(PARTS_OF_DAY):
            where.append(
                or_(
                    *(
                        and_(Report.local_hour >= PARTS_OF_DAY[part][0], Report.local_hour < PARTS_OF_DAY[part][1])
                        for part in self.parts_of_day
                    )
                )
            )
        if self.day_kind == DayKind.WERKDAG:
            where.append(Report.local_weekday < 5)
        elif self.day_kind == DayKind.WEEKEND:
            where.append(Report.local_weekday >= 5)
        if self.wijken:
            where.append(Report.wijk.in_(self.wijken))
        return where

    def previous(self) -> ReportFilter:
        """The same filter over the period of equal length just before this one."""
        return replace(self, start=self.start - timedelta(days=self.days), end=self.start - timedelta(days=1))

    def last_year(self) -> ReportFilter:
        """The same filter one year earlier (29 February falls back to the 28th)."""
        return replace(self, start=_year_earlier(self.start), end=_year_earlier(self.end))

    def shifted(self, back: timedelta) -> ReportFilter:
        """The same filter moved ``back`` in time."""
        return replace(self, start=self.start - back, end=self.end - back)

    def with_period(self, start: date, end: date) -> ReportFilter:
        return replace(self, start=start, end=end)

    def to_query_params(self) -> dict[str, str]:
        """The filter as URL query parameters; defaults are left out to keep links short."""
        params: dict[str, str] = {}
        if self.preset in PERIOD_PRESETS and self.preset != "eigen":
            if self.preset != DEFAULT_PRESET:
                params["periode"] = self.preset
        else:
            params["van"] = self.start.isoformat()
            params["tot"] = self.end.isoformat()
        for key, values in (
            ("categorie", self.categories),
            ("locatie", self.location_types),
            ("doelgroep", self.target_groups),
            ("dagdeel", self.parts_of_day),
            ("wijk", self.wijken),
        ):
            if values:
                params[key] = ",".join(str(value) for value in values)
        if self.day_kind != DayKind.ALLE:
            params["dagen"] = self.day_kind.value
        return params


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _choices(raw: str | None, allowed) -> tuple:
    if not raw:
        return ()
    known = {str(option): option for option in allowed}
    picked = []
    for part in raw.split(","):
        value = known.get(part.strip())
        if value is not None and value not in picked:
            picked.append(value)
    return tuple(picked)


QUERY_LABELS = {
    "categorie": "vorm",
    "locatie": "soort plek",
    "doelgroep": "doelgroep",
    "dagdeel": "dagdeel",
    "wijk": "wijk",
}


def ignored_query_values(
    params: Mapping[str, str], today: date, programme_start: date, wijken: list[str] | None = None
) -> list[str]:
    """What :func:`from_query_params` leaves out of a link, in Dutch words ("vorm 'fietsen'"), in URL order."""
    allowed = {
        "categorie": [str(value) for value in Category],
        "locatie": [str(value) for value in LocationType],
        "doelgroep": [str(value) for value in TargetGroup],
        "dagdeel": list(PARTS_OF_DAY),
        "wijk": wijken,
    }
    ignored: list[str] = []
    for key, raw in params.items():
        if key in allowed and allowed[key] is not None:
            ignored += [
                f"{QUERY_LABELS[key]} '{part.strip()}'"
                for part in raw.split(",")
                if part.strip() and part.strip() not in allowed[key]
            ]
        elif key == "periode" and (raw not in PERIOD_PRESETS or raw == "eigen"):
            ignored.append(f"periode '{raw}'")
        elif key == "dagen" and raw not in DayKind._value2member_map_:
            ignored.append(f"dagen '{raw}'")
    start, end = iso_date(params.get("van")), iso_date(params.get("tot"))
    if ("van" in params or "tot" in params) and not (
        start and end and start <= end and end >= programme_start and start <= today
    ):
        ignored.append(f"periode van '{params.get('van', '')}' tot '{params.get('tot', '')}'")
    return ignored


def iso_date(raw: str | None) -> date | None:
    """A YYYY-MM-DD date from a URL, or None when it is missing or not a date."""
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def from_query_params(
    params: Mapping[str, str], today: date, programme_start: date, wijken: list[str] | None = None
) -> ReportFilter:
    """A filter from URL query parameters; anything unknown or malformed falls back to the default."""
    preset = params.get("periode", DEFAULT_PRESET)
    start, end = iso_date(params.get("van")), iso_date(params.get("tot"))
    if start and end and start <= end and end >= programme_start and start <= today:
        preset = "eigen"
        end = min(end, today)
        start = max(start, programme_start)
    else:
        if preset not in PERIOD_PRESETS or preset == "eigen":
            preset = DEFAULT_PRESET
        start, end = preset_range(preset, today, programme_start)
    day_kind = params.get("dagen", DayKind.ALLE.value)
    return ReportFilter(
        start=start,
        end=end,
        categories=_choices(params.get("categorie"), Category),
        location_types=_choices(params.get("locatie"), LocationType),
        target_groups=_choices(params.get("doelgroep"), TargetGroup),
        parts_of_day=_choices(params.get("dagdeel"), PARTS_OF_DAY),
        day_kind=DayKind(day_kind) if day_kind in DayKind._value2member_map_ else DayKind.ALLE,
        wijken=_choices(params.get("wijk"), wijken)
        if wijken is not None
        else tuple(part for part in (params.get("wijk") or "").split(",") if part),
        preset=preset,
    )
