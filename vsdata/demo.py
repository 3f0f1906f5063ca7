"""Deterministic demo data for the profile's city, grounded in public facts.

The city itself (places, schools, plan, campaign) comes from
:mod:`vsdata.demo_city`. Names, addresses and sourced figures are real (see
the ``reference`` of each indicator and the README's sources); coordinates,
enrolments, report volumes and spend are estimates, and every demo row carries
``is_demo``. The same seed, profile and ``today`` always give the same store.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from vsdata import db, tally
from vsdata.demo_city import (
    MAATWERK_THEMES,
    DemoCity,
    Hotspot,
    Moment,
    demo_city,
    plan_table,
    programme_table,
    supplier_names,
)
from vsdata.models import (
    AgeBand,
    BudgetLine,
    CampaignActivity,
    Category,
    DataKind,
    Expense,
    ExpenseStatus,
    FundingKind,
    Grant,
    ImportBatch,
    IndicatorValue,
    LocationType,
    PartnerMeeting,
    Programme,
    Report,
    School,
    SchoolSession,
    SchoolTarget,
    SchoolType,
    SessionStatus,
    SurveyPhase,
    SurveyResult,
    TargetGroup,
    derive_report_columns,
)
from vsdata.schools import school_year_of, school_year_start
from vsdata.settings import BUILT_IN_CITY, RHYTHMS, TIMEZONE, CityProfile, profile

DEFAULT_SEED = 2022
DEMO_SOURCE = "Stop Intimidatie app (demo)"

L = LocationType
CITY_WIDE = Hotspot(
    "verspreid over de stad",
    0.0,
    0.0,
    700,
    20,
    "wijk",
    {L.STRAAT: 0.55, L.PARK: 0.1, L.OV_HALTE: 0.1, L.WINKELGEBIED: 0.1, L.OPENBAAR_GEBOUW: 0.15},
)

# Hour-of-day and weekday (Mon..Sun) weights for each of settings.RHYTHMS: evenings and weekend nights heavier.
_HOURS = {
    "station": [1, 1, 1, 0, 0, 1, 3, 6, 6, 3, 2, 2, 3, 3, 3, 4, 6, 7, 6, 5, 5, 5, 4, 2],
    "avond": [3, 2, 1, 0, 0, 0, 1, 2, 2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 5],
    "uitgaan": [9, 8, 6, 3, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 8, 9, 10],
    "winkelen": [1, 0, 0, 0, 0, 0, 0, 1, 1, 2, 4, 6, 7, 7, 7, 7, 7, 6, 4, 3, 3, 3, 2, 1],
    "school": [0, 0, 0, 0, 0, 0, 0, 3, 6, 3, 3, 4, 8, 7, 6, 8, 7, 4, 2, 2, 1, 1, 0, 0],
    "wijk": [2, 1, 1, 0, 0, 0, 1, 2, 3, 3, 3, 3, 4, 4, 5, 6, 7, 7, 7, 7, 6, 5, 4, 3],
}
_WEEKDAYS = {
    "station": [1.0, 1.0, 1.0, 1.0, 1.2, 1.1, 0.8],
    "avond": [0.8, 0.8, 0.9, 1.0, 1.3, 1.4, 1.0],
    "uitgaan": [0.4, 0.4, 0.6, 1.0, 2.0, 2.6, 1.2],
    "winkelen": [0.8, 0.9, 0.9, 1.0, 1.2, 1.8, 0.9],
    "school": [1.2, 1.2, 1.2, 1.2, 1.1, 0.2, 0.1],
    "wijk": [0.9, 0.9, 0.9, 1.0, 1.2, 1.3, 1.1],
}

# The forms measured in Dordrecht's 2021 survey (Onderzoekcentrum Drechtsteden), as relative weights.
CATEGORY_WEIGHTS: dict[Category, float] = {
    Category.NASTAREN: 21,
    Category.BELEDIGEND_NAROEPEN: 16,
    Category.NAFLUITEN: 11,
    Category.NASISSEN: 9,
    Category.SEKSUELE_OPMERKINGEN: 8,
    Category.ACHTERVOLGEN: 7,
    Category.IN_HET_NAUW_DRIJVEN: 5,
    Category.BETASTEN: 3,
    Category.ANDERS: 4,
}
# About 73 % of reports from women and girls (Eindhoven: 125 of 170).
TARGET_WEIGHTS: dict[TargetGroup, float] = {
    TargetGroup.VROUW: 0.60,
    TargetGroup.MEISJE: 0.13,
    TargetGroup.LHBTI: 0.12,
    TargetGroup.ANDERS: 0.15,
}
_AGE_BANDS = list(AgeBand)
_AGE_WEIGHTS_ADULT = [0.04, 0.34, 0.26, 0.16, 0.08, 0.03, 0.09]
_AGE_WEIGHTS_GIRL = [0.88, 0.06, 0, 0, 0, 0, 0.06]


def _demo_today(today: date | None) -> date:
    return today or datetime.now(TIMEZONE).date()


# ---------------------------------------------------------------- reports


def report_intensity(days: pd.DatetimeIndex, moments: list[Moment]) -> np.ndarray:
    """Expected reports per day: seasons, campaign moments and the 2024 law, ~6 a month."""
    month = days.month.to_numpy()
    season = np.select(
        [np.isin(month, [6, 7, 8]), np.isin(month, [5, 9]), np.isin(month, [12, 1, 2])], [1.4, 1.15, 0.8], 1.0
    )
    years_running = (days - days[0]).days.to_numpy() / 365.25
    awareness = 1.0 + 0.06 * years_running
    boost = np.ones(len(days))
    for moment in moments:
        since = (days - pd.Timestamp(moment.day)).days.to_numpy()
        after = (since >= 0) & (since < 42)
        boost[after] += (moment.boost - 1.0) * np.exp(-since[after] / 14.0)
    return 0.18 * season * awareness * boost


def _nearest_wijk(place: DemoCity, latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    centres = np.array([(lat, lon) for _, lat, lon, _ in place.areas])
    scale = math.cos(math.radians(place.latitude))
    d_lat = latitude[:, None] - centres[None, :, 0]
    d_lon = (longitude[:, None] - centres[None, :, 1]) * scale
    names = np.array([name for name, *_ in place.areas], dtype=object)
    return names[np.argmin(d_lat**2 + d_lon**2, axis=1)]


def _pick(rng: np.random.Generator, options: list, weights, size: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=p / p.sum())]


def generate_reports(
    rng: np.random.Generator, city: CityProfile, today: date, n_reports: int | None = None
) -> pd.DataFrame:
    """Report rows from the programme's start until yesterday, with derived columns."""
    place = demo_city(city)
    days = pd.date_range(city.programme_start, today - timedelta(days=1), freq="D")
    intensity = report_intensity(days, [m for m in place.moments if m.day < today]) * place.volume
    if place.reports_per_month is not None and len(days):
        intensity *= place.reports_per_month / (intensity.sum() / (len(days) / 30.4375))
    total = n_reports if n_reports is not None else int(np.rint(intensity.sum()))
    spots = [*place.hotspots, CITY_WIDE]
    spot_index = rng.choice(len(spots), size=total, p=_normalise([s.weight for s in spots]))
    weekday = days.day_of_week.to_numpy()

    day_of = np.empty(total, dtype=np.int64)
    hour_of = np.empty(total, dtype=np.int64)
    for rhythm in RHYTHMS:
        members = np.flatnonzero(np.isin(spot_index, [i for i, s in enumerate(spots) if s.rhythm == rhythm]))
        if members.size == 0:
            continue
        day_weights = intensity * np.asarray(_WEEKDAYS[rhythm])[weekday]
        day_of[members] = rng.choice(len(days), size=members.size, p=_normalise(day_weights))
        hour_of[members] = rng.choice(24, size=members.size, p=_normalise(_HOURS[rhythm]))

    latitude = np.empty(total)
    longitude = np.empty(total)
    location_type = np.empty(total, dtype=object)
    wijk_weights = _normalise([area[3] for area in place.areas])
    for index, spot in enumerate(spots):
        members = np.flatnonzero(spot_index == index)
        if members.size == 0:
            continue
        if spot is CITY_WIDE:
            centre = np.array([(lat, lon) for _, lat, lon, _ in place.areas])[
                rng.choice(len(place.areas), members.size, p=wijk_weights)
            ]
            centre_lat, centre_lon = centre[:, 0], centre[:, 1]
        else:
            centre_lat, centre_lon = spot.latitude, spot.longitude
        metres_lat = rng.normal(0, spot.spread_m, members.size)
        metres_lon = rng.normal(0, spot.spread_m, members.size)
        latitude[members] = centre_lat + metres_lat / 111_320
        longitude[members] = centre_lon + metres_lon / (111_320 * math.cos(math.radians(place.latitude)))
        types = list(spot.location_types)
        location_type[members] = _pick(rng, types, [spot.location_types[t] for t in types], members.size)
    south, west, north, east = city.bounding_box
    latitude = np.clip(latitude, south + 1e-4, north - 1e-4).round(6)
    longitude = np.clip(longitude, west + 1e-4, east - 1e-4).round(6)
    wijk = _nearest_wijk(place, latitude, longitude)

    category = _pick(rng, list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()), total)
    target = _pick(rng, list(TARGET_WEIGHTS), list(TARGET_WEIGHTS.values()), total)
    near_school = location_type == L.SCHOOLOMGEVING
    girls = rng.random(total) < 0.45
    target[near_school & girls] = TargetGroup.MEISJE
    age = _pick(rng, _AGE_BANDS, _AGE_WEIGHTS_ADULT, total)
    is_girl = target == TargetGroup.MEISJE
    age[is_girl] = _pick(rng, _AGE_BANDS, _AGE_WEIGHTS_GIRL, int(is_girl.sum()))
    aftercare_asked = rng.random(total) < 0.22
    aftercare_given = aftercare_asked & (rng.random(total) < 0.85)

    local_start = (
        pd.DatetimeIndex(days[day_of])
        + pd.to_timedelta(hour_of, unit="h")
        + pd.to_timedelta(rng.integers(0, 60, total), unit="m")
    )
    occurred = local_start.tz_localize(TIMEZONE, ambiguous=True, nonexistent="shift_forward").tz_convert(UTC)
    lag_minutes = np.minimum(rng.lognormal(mean=3.4, sigma=1.6, size=total), 60 * 24 * 20)
    cut_off = pd.Timestamp(datetime.combine(today, time(0, 0)), tz=TIMEZONE).tz_convert(UTC)
    received = occurred + pd.to_timedelta(lag_minutes, unit="m")
    received = received.where(received < cut_off, cut_off - pd.Timedelta(minutes=1))
    received = received.where(received > occurred, occurred)
    frame = pd.DataFrame(
        {
            "occurred_at": occurred,
            "received_at": received,
            "latitude": latitude,
            "longitude": longitude,
            "wijk": wijk,
            "location_type": location_type,
            "category": category,
            "target_group": target,
            "age_band": age,
            "aftercare_asked": aftercare_asked,
            "aftercare_given": aftercare_given,
        }
    ).sort_values("occurred_at", kind="stable", ignore_index=True)
    frame.insert(0, "external_id", [f"DEMO-{number:07d}" for number in range(1, total + 1)])
    frame["source"] = DEMO_SOURCE
    frame["is_demo"] = True
    for name, values in derive_report_columns(frame["latitude"], frame["longitude"], frame["occurred_at"]).items():
        frame[name] = values
    for name in ("location_type", "category", "target_group", "age_band"):
        frame[name] = frame[name].map(str)
    return frame


def _normalise(weights) -> np.ndarray:
    values = np.asarray(weights, dtype=float)
    return values / values.sum()


# ---------------------------------------------------------------- schools


def _school_days(start: date, end: date) -> list[date]:
    """Weekdays outside the summer and Christmas holidays."""
    days = []
    day = start
    while day <= end:
        holiday = (day.month == 7 and day.day > 12) or day.month == 8 or (day.month == 12 and day.day > 20)
        holiday = holiday or (day.month == 1 and day.day < 5)
        if day.weekday() < 5 and not holiday:
            days.append(day)
        day += timedelta(days=1)
    return days


def generate_sessions(rng: np.random.Generator, today: date, place: DemoCity) -> tuple[list[dict], list[dict]]:
    """Sessions and targets per programme school from the grant's first school year to the current one.

    The first school year is a pilot that starts in February.
    """
    sessions: list[dict] = []
    targets: list[dict] = []
    current = school_year_of(today)
    years = [year for year in place.sessions_per_school_year if year <= current]
    mbo = {school["name"] for school in place.schools if school["school_type"] == SchoolType.MBO}
    for index, year in enumerate(years):
        start = school_year_start(year)
        first = date(start.year + 1, 2, 1) if index == 0 else start
        days = _school_days(first, date(start.year + 1, 7, 10))
        for school, programmes in place.school_programmes.items():
            planned = place.sessions_per_school_year[year] + int(rng.integers(-1, 2))
            targets.append(
                {"school": school, "school_year": year, "planned_sessions": planned, "planned_students": planned * 25}
            )
            if year == current and school == place.school_without_plans:
                continue
            count = planned - int(rng.integers(0, 2)) if year < current else planned
            picks = np.sort(rng.choice(len(days), size=count, replace=False))
            for order, day_index in enumerate(picks):
                day = days[day_index]
                programme = programmes[order % len(programmes)]
                theme = place.programmes[programme][1]
                if programme == "Maatwerk":
                    theme = MAATWERK_THEMES[int(rng.integers(0, len(MAATWERK_THEMES)))]
                year_group = int(rng.integers(1, 4 if school in mbo else 5))
                class_letter = "ABCDEF"[int(rng.integers(0, 6))]
                if day > today:
                    status = SessionStatus.GEPLAND
                elif rng.random() < 0.08:
                    status = SessionStatus.GEANNULEERD
                else:
                    status = SessionStatus.UITGEVOERD
                students = int(rng.integers(18, 29)) if status == SessionStatus.UITGEVOERD else 0
                sessions.append(
                    {
                        "school": school,
                        "programme": programme,
                        "session_date": day,
                        "school_year": year,
                        "year_group": year_group,
                        "classes": f"{year_group}{class_letter}",
                        "students_reached": students,
                        "theme": theme,
                        "partner": place.session_partners[int(rng.integers(0, len(place.session_partners)))],
                        "status": status,
                    }
                )
    # A few sessions in the coming two weeks, so the stand-up has something to plan for.
    soon = [day for day in _school_days(today + timedelta(days=1), today + timedelta(days=13))]
    for offset, school in enumerate(list(place.school_programmes)[:3]):
        if not soon:
            break
        day = soon[(offset * 3) % len(soon)]
        programme = place.school_programmes[school][0]
        sessions.append(
            {
                "school": school,
                "programme": programme,
                "session_date": day,
                "school_year": school_year_of(day),
                "year_group": 2,
                "classes": f"2{'XYZ'[offset]}",
                "students_reached": 0,
                "theme": place.programmes[programme][1],
                "partner": "Jongerenwerk",
                "status": SessionStatus.GEPLAND,
            }
        )
    return sessions, targets


# ---------------------------------------------------------------- budget

_SUPPLIERS = {
    "Ontwikkeling": ["Onderwijsadviesbureau (demo)", "Jongerenwerk Dordrecht (demo)"],
    "Uitvoering": [
        "Queenbees (demo)",
        "Beat the Macho (demo)",
        "Jongerenwerk Dordrecht (demo)",
        "Trainersbureau (demo)",
    ],
    "Evaluatie": ["Onderzoekcentrum Drechtsteden (demo)"],
    "Incidentele activiteiten": ["Conferentiecentrum (demo)", "Catering (demo)"],
    "Communicatie": ["Reclamebureau (demo)", "Drukkerij (demo)", "Bioscoop (demo)", "Influencerbureau (demo)"],
}
# Realised share of plan per (line, year): the plan with realistic deviations.
_REALISED_SHARE = {
    (0, 2023): 0.962,
    (1, 2024): 0.93,
    (1, 2025): 1.035,
    (1, 2026): 0.78,
    (2, 2024): 0.80,
    (2, 2025): 1.00,
    (2, 2026): 0.30,
    (3, 2023): 0.83,
    (3, 2024): 0.61,
    (3, 2025): 0.92,
    (3, 2026): 0.45,
    (4, 2023): 1.052,
    (4, 2024): 0.97,
    (4, 2025): 0.988,
    (4, 2026): 0.93,
}
_ANY_SUPPLIER = ["Leverancier (demo)"]
LEDGER_CLOSED_DAYS = 19
"""The demo ledger was last exported this many days before today (a stale source)."""


def _supplier_key(action: str, topic: str) -> str:
    for key in ("Ontwikkeling", "Uitvoering", "Evaluatie"):
        if action.startswith(key):
            return key
    return topic


def generate_expenses(rng: np.random.Generator, today: date, place: DemoCity, city: CityProfile) -> list[dict]:
    """Spend per budget line that follows the plan; this year partly paid, partly committed."""
    ledger_date = today - timedelta(days=LEDGER_CLOSED_DAYS)
    expenses: list[dict] = []
    counter = 0
    for line_index, (topic, action, plan) in enumerate(place.plan):
        for year, euros in plan.items():
            if year > today.year:
                continue
            share = _REALISED_SHARE.get((line_index, year), 1.0)
            if year == today.year:
                share *= min(1.0, (today - date(year, 1, 1)).days / 330)
            realised = round(euros * 100 * share)
            pieces = 2 + int(rng.integers(0, 4))
            shares = rng.dirichlet(np.ones(pieces) * 3)
            amounts = np.floor(shares * realised).astype(int)
            amounts[-1] += realised - amounts.sum()
            last_day = min(date(year, 12, 15), ledger_date)
            first_day = date(year, 1, 20)
            span = max((last_day - first_day).days, 1)
            offsets = np.sort(rng.integers(0, span + 1, size=pieces))
            suppliers = supplier_names(city, _SUPPLIERS.get(_supplier_key(action, topic), _ANY_SUPPLIER))
            for piece, (amount, offset) in enumerate(zip(amounts, offsets, strict=True)):
                counter += 1
                day = first_day + timedelta(days=int(offset))
                committed = year == today.year and piece >= pieces - 1 and (today - day).days < 90
                expenses.append(
                    {
                        "line": (year, topic, action),
                        "expense_date": day,
                        "amount_cents": int(amount),
                        "description": f"{action or topic} ({piece + 1}/{pieces})",
                        "supplier": suppliers[int(rng.integers(0, len(suppliers)))],
                        "reference": f"DEMO-{year}-{counter:04d}",
                        "status": ExpenseStatus.VERPLICHT if committed else ExpenseStatus.BETAALD,
                    }
                )
    if today.year in city.grant_year_range:
        expenses.append(
            {
                "line": None,
                "expense_date": ledger_date - timedelta(days=12),
                "amount_cents": 18_650,
                "description": "Catering overleg horeca (nog niet gecodeerd)",
                "supplier": "Catering (demo)",
                "reference": f"DEMO-{today.year}-ONGECODEERD",
                "status": ExpenseStatus.BETAALD,
            }
        )
    return expenses


# ---------------------------------------------------------------- indicators

_OCD_2021 = (
    "Onderzoekcentrum Drechtsteden, Straatintimidatie Dordrecht 2021: "
    "https://www.onderzoekcentrumdrechtsteden.nl/Publicaties/Fysiek/Publicaties_Leefbaarheid_en_veiligheid/"
    "Straatintimidatie_Dordrecht_2021"
)
_NU_2022 = "nu.nl 6229379 (okt 2022)"
_RTV_2021 = "RTV Dordrecht, aantal meldingen discriminatie in regio toegenomen (jul 2021)"
_CBS_VM = "CBS Veiligheidsmonitor (blikopnieuws 309010; veiligheidsbranche.nl; nieuws.nl 20240301)"
_CBS_2021 = "CBS Belevingen 2021 (programmaveiligesteden.nl kennisbank)"
_EST = "demowaarde (schatting)"

# (source, area, measure, unit, {year: value}, reference, is_estimate)
INDICATORS: list[tuple[str, str, str, str, dict[int, float], str, bool]] = [
    (
        "RADAR",
        "Dordrecht",
        "Meldingen discriminatie (totaal)",
        "aantal",
        {2016: 34, 2020: 41, 2021: 63},
        _NU_2022,
        False,
    ),
    ("RADAR", "Dordrecht", "Meldingen discriminatie (totaal)", "aantal", {2019: 14}, _RTV_2021, False),
    (
        "RADAR",
        "Dordrecht",
        "Meldingen discriminatie (totaal)",
        "aantal",
        {2022: 58, 2023: 66, 2024: 71, 2025: 69},
        _EST,
        True,
    ),
    (
        "RADAR",
        "Dordrecht",
        "Meldingen grond Geslacht",
        "aantal",
        {2021: 6, 2022: 5, 2023: 7, 2024: 8, 2025: 7},
        _EST,
        True,
    ),
    (
        "RADAR",
        "Dordrecht",
        "Meldingen grond Seksuele gerichtheid",
        "aantal",
        {2021: 5, 2022: 4, 2023: 5, 2024: 6, 2025: 5},
        _EST,
        True,
    ),
    ("Politie", "Dordrecht", "Discriminatie-incidenten", "aantal", {2019: 77, 2020: 59}, _RTV_2021, False),
    (
        "Veiligheidsmonitor",
        "Dordrecht",
        "Voelt zich weleens onveilig",
        "%",
        {2019: 34, 2021: 34, 2023: 36, 2025: 38},
        _EST,
        True,
    ),
    (
        "Veiligheidsmonitor",
        "Dordrecht",
        "Voelt zich weleens onveilig in eigen buurt",
        "%",
        {2012: 17, 2015: 20},
        "RTV Dordrecht, Dordtenaar is te bang",
        False,
    ),
    (
        "Veiligheidsmonitor",
        "Dordrecht",
        "Voelt zich weleens onveilig in eigen buurt",
        "%",
        {2019: 16, 2021: 16, 2023: 17, 2025: 18},
        _EST,
        True,
    ),
    (
        "Veiligheidsmonitor",
        "Dordrecht",
        "Rapportcijfer veiligheid buurt",
        "cijfer",
        {2013: 7.0, 2016: 7.0},
        "dordrecht.begroting-2018.nl/p844",
        False,
    ),
    (
        "Veiligheidsmonitor",
        "Dordrecht",
        "Rapportcijfer veiligheid buurt",
        "cijfer",
        {2019: 6.9, 2021: 7.0, 2023: 6.9, 2025: 6.9},
        _EST,
        True,
    ),
    (
        "Veiligheidsmonitor",
        "Dordrecht",
        "Slachtoffer traditionele criminaliteit",
        "%",
        {2019: 19, 2021: 16, 2023: 18, 2025: 18},
        _EST,
        True,
    ),
    (
        "Veiligheidsmonitor",
        "Nederland",
        "Voelt zich weleens onveilig",
        "%",
        {2019: 33, 2021: 33.0, 2023: 34.9, 2025: 37},
        _CBS_VM,
        False,
    ),
    (
        "Veiligheidsmonitor",
        "Nederland",
        "Voelt zich weleens onveilig in eigen buurt",
        "%",
        {2019: 13.9, 2021: 13.9, 2025: 17},
        _CBS_VM,
        False,
    ),
    (
        "Veiligheidsmonitor",
        "Nederland",
        "Slachtoffer traditionele criminaliteit",
        "%",
        {2019: 20.9, 2021: 17.1, 2023: 20},
        _CBS_VM,
        False,
    ),
    ("Veiligheidsmonitor", "Nederland", "Vrouwen 15-25 voelen zich weleens onveilig", "%", {2025: 60}, _CBS_VM, False),
    (
        "Enquête straatintimidatie",
        "Dordrecht",
        "Straatintimidatie meegemaakt, laatste 12 maanden",
        "%",
        {2021: 34},
        _OCD_2021,
        False,
    ),
    ("Enquête straatintimidatie", "Dordrecht", "Straatintimidatie ooit meegemaakt", "%", {2021: 51}, _OCD_2021, False),
    ("Enquête straatintimidatie", "Dordrecht", "Vrouwen, laatste 12 maanden", "%", {2021: 46}, _OCD_2021, False),
    ("Enquête straatintimidatie", "Dordrecht", "Mannen, laatste 12 maanden", "%", {2021: 21}, _OCD_2021, False),
    ("Enquête straatintimidatie", "Dordrecht", "65-plussers, laatste 12 maanden", "%", {2021: 17}, _OCD_2021, False),
    *[
        ("Enquête straatintimidatie", "Dordrecht", f"Vorm: {form}", "%", {2021: value}, _OCD_2021, False)
        for form, value in [
            ("nastaren", 21),
            ("beledigend naroepen", 16),
            ("nafluiten", 11),
            ("nasissen", 9),
            ("seksuele opmerkingen", 8),
            ("achtervolgen", 7),
            ("in het nauw drijven", 5),
        ]
    ],
    (
        "CBS Belevingen",
        "Nederland",
        "Vrouwen 12-25 op straat lastiggevallen, laatste 12 maanden",
        "%",
        {2021: 67},
        _CBS_2021,
        False,
    ),
    (
        "CBS Belevingen",
        "Nederland",
        "Mannen 12-25 op straat lastiggevallen, laatste 12 maanden",
        "%",
        {2021: 33},
        "nhnieuws.nl n68540",
        False,
    ),
]

SURVEY_MEASURES = ["Kennis over grenzen", "Houding tegenover straatintimidatie", "Intentie om in te grijpen"]


# ---------------------------------------------------------------- building the store


@dataclass
class DemoSummary:
    reports: int
    schools: int
    sessions: int
    expenses: int
    seconds: float


def report_export(city: CityProfile, today: date, rows: int, seed: int, prefix: str = "SI-") -> bytes:
    """Demo reports as the Stop Intimidatie app exports them (Dutch CSV), for trying and measuring the import."""
    frame = generate_reports(np.random.default_rng(seed), city, today, rows)
    local = {name: frame[name].dt.tz_convert(TIMEZONE) for name in ("received_at", "occurred_at")}
    export = pd.DataFrame(
        {
            "meldingsnummer": [f"{prefix}{number:07d}" for number in range(1, rows + 1)],
            "ontvangen op": local["received_at"].dt.strftime("%d-%m-%Y %H:%M"),
            "datum voorval": local["occurred_at"].dt.strftime("%d-%m-%Y %H:%M"),
            "breedtegraad": frame["latitude"].map(lambda value: f"{value:.6f}".replace(".", ",")),
            "lengtegraad": frame["longitude"].map(lambda value: f"{value:.6f}".replace(".", ",")),
            "wijk": frame["wijk"],
            "soort plek": frame["location_type"],
            "vorm": frame["category"],
            "doelgroep": frame["target_group"],
        }
    )
    return export.to_csv(index=False, sep=";").encode("utf-8-sig")


def build_demo_store(
    engine: Engine,
    *,
    n_reports: int | None = None,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    city: CityProfile | None = None,
) -> DemoSummary:
    """Replace everything in the store with demo data: the tables are made anew, then filled in one transaction."""
    import time as clock

    started = clock.perf_counter()
    city = city or profile()
    place = demo_city(city)
    today = _demo_today(today)
    # Separate streams, so the schools and the ledger are the same whatever the number of reports. Another
    # city's streams also follow its municipality code, so two cities' demos never share one ledger.
    entropy = seed if city.is_built_in else [seed, *city.municipality_code.encode()]
    report_rng, school_rng, budget_rng, survey_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence(entropy).spawn(4)
    )
    reports = generate_reports(report_rng, city, today, n_reports)
    sessions, targets = generate_sessions(school_rng, today, place)
    expenses = generate_expenses(budget_rng, today, place, city)

    # Keep the data version rising across rebuilds, so a running app's caches never match the new store.
    previous_version = db.data_version(engine) if db.has_schema(engine) else 0
    SQLModel.metadata.drop_all(engine)
    db.create_schema(engine)
    build_moment = datetime.combine(today, time(7, 0), TIMEZONE).astimezone(UTC)
    with db.write_session(engine) as session:
        batches = {
            kind: ImportBatch(
                kind=kind, file_name="demodata", imported_by="demo", imported_at=build_moment, is_demo=True
            )
            for kind in DataKind
        }
        batches[DataKind.UITGAVEN].imported_at = build_moment - timedelta(days=LEDGER_CLOSED_DAYS)
        batches[DataKind.INDICATOREN].imported_at = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
        session.add_all(batches.values())
        session.flush()

        reports["import_batch_id"] = batches[DataKind.MELDINGEN].id
        db.bulk_insert(session, Report.__table__, reports)
        _add_schools(session, survey_rng, batches, sessions, targets, place)
        _add_budget(session, batches, expenses, city, place)
        _add_indicators(session, batches, city)
        _add_campaign(session, batches, today, place)
        for kind, batch in batches.items():
            batch.rows_read = batch.rows_added = _row_counts(session, kind)
        tally.rebuild(session)
        db.set_meta(session, db.DEMO_BUILT_FOR, today.isoformat())
        db.set_meta(session, db.DEMO_SEED, str(seed))
        db.set_meta(session, db.DATA_VERSION, str(previous_version + 1))
        db.refresh_statistics(session)
    return DemoSummary(len(reports), len(place.schools), len(sessions), len(expenses), clock.perf_counter() - started)


def _row_counts(session: Session, kind: DataKind) -> int:
    from sqlalchemy import func, select

    table = {
        DataKind.MELDINGEN: Report,
        DataKind.SCHOLEN: School,
        DataKind.LESACTIVITEITEN: SchoolSession,
        DataKind.DOELEN: SchoolTarget,
        DataKind.UITGAVEN: Expense,
        DataKind.INDICATOREN: IndicatorValue,
        DataKind.ENQUETES: SurveyResult,
        DataKind.CAMPAGNE: CampaignActivity,
        DataKind.PARTNERS: PartnerMeeting,
        DataKind.BEGROTING: BudgetLine,
        DataKind.FINANCIERING: Grant,
        DataKind.INTERVENTIES: Programme,
    }[kind]
    return session.scalar(select(func.count()).select_from(table)) or 0


def _add_schools(session: Session, rng, batches, sessions: list[dict], targets: list[dict], place: DemoCity) -> None:
    schools = {}
    for spec in place.schools:
        school = School(
            **{"location_is_estimate": True, **spec}, is_demo=True, import_batch_id=batches[DataKind.SCHOLEN].id
        )
        session.add(school)
        schools[spec["name"]] = school
    programmes = _add_programme_rows(session, place.programmes, batches[DataKind.INTERVENTIES].id)
    for target in targets:
        session.add(
            SchoolTarget(
                school_id=schools[target["school"]].id,
                school_year=target["school_year"],
                planned_sessions=target["planned_sessions"],
                planned_students=target["planned_students"],
                is_demo=True,
                import_batch_id=batches[DataKind.DOELEN].id,
            )
        )
    for item in sessions:
        session.add(
            SchoolSession(
                school_id=schools[item["school"]].id,
                programme_id=programmes[item["programme"]].id,
                session_date=item["session_date"],
                school_year=item["school_year"],
                year_group=item["year_group"],
                classes=item["classes"],
                students_reached=item["students_reached"],
                theme=item["theme"],
                partner=item["partner"],
                status=item["status"],
                is_demo=True,
                import_batch_id=batches[DataKind.LESACTIVITEITEN].id,
            )
        )
    # Effect measurement in the second and third school years of the programme.
    for year in list(place.sessions_per_school_year)[1:3]:
        for school_name, school_programmes in place.school_programmes.items():
            programme = school_programmes[0]
            for measure_index, measure in enumerate(SURVEY_MEASURES):
                before = 3.0 + 0.1 * measure_index + float(rng.normal(0, 0.1))
                effect = float(rng.choice([0.0, 0.15, 0.3, 0.45]))
                n_before = int(rng.integers(45, 120))
                for phase, mean, n in (
                    (SurveyPhase.VOOR, before, n_before),
                    (SurveyPhase.NA, before + effect, n_before - int(rng.integers(0, 12))),
                ):
                    session.add(
                        SurveyResult(
                            school_id=schools[school_name].id,
                            programme_id=programmes[programme].id,
                            school_year=year,
                            measure=measure,
                            phase=phase,
                            n=n,
                            mean=round(mean, 2),
                            sd=round(0.75 + float(rng.random()) * 0.2, 2),
                            is_demo=True,
                            import_batch_id=batches[DataKind.ENQUETES].id,
                        )
                    )


def add_plan(session: Session, city: CityProfile) -> dict[tuple[int, str, str], BudgetLine]:
    """The programme's facts that are not demo: the profile's plan table and its grant per year.

    A city without a published plan or grant amount starts with none of them: they are imported.
    """
    return _add_plan_rows(session, city, plan_table(city), batch_id=None, with_estimates=False)


def _add_plan_rows(
    session: Session, city: CityProfile, plan, batch_id: int | None, with_estimates: bool, grant_batch_id=None
) -> dict[tuple[int, str, str], BudgetLine]:
    lines = {}
    for position, (topic, action, euros_by_year) in enumerate(plan):
        for year, euros in euros_by_year.items():
            line = BudgetLine(
                year=year,
                position=position,
                topic=topic,
                action=action,
                planned_cents=euros * 100,
                import_batch_id=batch_id,
            )
            session.add(line)
            lines[(year, topic, action)] = line
    if with_estimates or not city.grant_is_estimate:
        for year in city.grant_year_range:
            for source, kind, cents in (
                (city.grant_source, FundingKind.SUBSIDIE, city.grant_per_year_cents),
                (city.cofinancing_label, FundingKind.COFINANCIERING, city.cofinancing_per_year_cents),
            ):
                session.add(
                    Grant(year=year, source=source, kind=kind, amount_cents=cents, import_batch_id=grant_batch_id)
                )
    session.flush()
    return lines


def add_programmes(session: Session, city: CityProfile | None = None) -> dict[str, Programme]:
    """The interventions the profile's plan names (Dordrecht's by default)."""
    return _add_programme_rows(session, programme_table(city or profile()), batch_id=None)


def _add_programme_rows(session: Session, table: dict[str, tuple[str, str]], batch_id: int | None):
    programmes = {
        name: Programme(name=name, description=description, import_batch_id=batch_id)
        for name, (description, _) in table.items()
    }
    session.add_all(programmes.values())
    session.flush()
    return programmes


def _add_budget(session: Session, batches, expenses: list[dict], city: CityProfile, place: DemoCity) -> None:
    lines = _add_plan_rows(
        session,
        city,
        place.plan,
        batch_id=batches[DataKind.BEGROTING].id,
        with_estimates=True,
        grant_batch_id=batches[DataKind.FINANCIERING].id,
    )
    for item in expenses:
        line = lines.get(item.pop("line")) if item.get("line") else None
        item.pop("line", None)
        session.add(
            Expense(
                **item,
                budget_line_id=line.id if line else None,
                is_demo=True,
                import_batch_id=batches[DataKind.UITGAVEN].id,
            )
        )


def _indicator_values(with_estimates: bool, city: CityProfile):
    """Every figure of INDICATORS as a row, the estimates only when asked for; Dordrecht's own only for Dordrecht."""
    for source, area, measure, unit, values, reference, estimate in INDICATORS:
        if (estimate and not with_estimates) or (area == BUILT_IN_CITY and not city.is_built_in):
            continue
        for year, value in values.items():
            yield IndicatorValue(
                source=source,
                area=area,
                year=year,
                measure=measure,
                value=float(value),
                unit=unit,
                reference=reference,
                is_estimate=estimate,
            )


def add_public_indicators(session: Session, city: CityProfile | None = None) -> None:
    """The sourced public figures among the indicators (no estimates): a store of one's own starts with them."""
    session.add_all(_indicator_values(with_estimates=False, city=city or profile()))


def _add_indicators(session: Session, batches, city: CityProfile) -> None:
    for row in _indicator_values(with_estimates=True, city=city):
        row.is_demo = True
        row.import_batch_id = batches[DataKind.INDICATOREN].id
        session.add(row)


def _add_campaign(session: Session, batches, today: date, place: DemoCity) -> None:
    for moment in place.moments:
        if moment.day >= today:
            continue
        session.add(
            CampaignActivity(
                activity_date=moment.day,
                channel=moment.channel,
                title=moment.title,
                reach=moment.reach,
                is_demo=True,
                import_batch_id=batches[DataKind.CAMPAGNE].id,
            )
        )
    for day, partner, topic, follow_up in place.meetings:
        if day >= today:
            continue
        session.add(
            PartnerMeeting(
                meeting_date=day,
                partner=partner,
                topic=topic,
                follow_up=follow_up,
                is_demo=True,
                import_batch_id=batches[DataKind.PARTNERS].id,
            )
        )
