"""Deterministic demo data for Dordrecht, grounded in public facts.

Names, addresses and sourced figures are real (see the ``reference`` of each
indicator and the README's sources); coordinates, enrolments, report volumes
and spend are estimates, and every demo row carries ``is_demo``. The same seed
and the same ``today`` always give the same store.
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
from vsdata.settings import TIMEZONE, CityProfile, profile

DEFAULT_SEED = 2022
DEMO_SOURCE = "Stop Intimidatie app (demo)"

# ---------------------------------------------------------------- the plan table

PLAN_TABLE: list[tuple[str, str, dict[int, int]]] = [
    ("Jeugd en Onderwijs", "Ontwikkeling onderwijsprogramma 'Veilige school' op maat", {2023: 20_000}),
    (
        "Jeugd en Onderwijs",
        "Uitvoering onderwijsprogramma 'Veilige school'",
        {2024: 14_000, 2025: 14_000, 2026: 12_000},
    ),
    ("Jeugd en Onderwijs", "Evaluatie onderwijsprogramma 'Veilige School'", {2024: 2_000, 2025: 2_000, 2026: 8_000}),
    ("Incidentele activiteiten", "", {2023: 2_000, 2024: 4_000, 2025: 4_000, 2026: 2_000}),
    (
        "Communicatie",
        "Campagne 'Stop Straatintimidatie' en inzet op bewustwording, preventie en signalering",
        {2023: 8_000, 2024: 10_000, 2025: 10_000, 2026: 8_000},
    ),
]
"""The programme's budget per line and year in whole euros, exactly as the plan."""

# ---------------------------------------------------------------- places

WIJKEN: list[tuple[str, float, float, int]] = [
    # name, approximate centre (lat, lon), approximate inhabitants (FACTS.md 1b; estimates)
    ("Binnenstad", 51.813, 4.664, 13_000),
    ("Noordflank", 51.819, 4.690, 5_000),
    ("Reeland", 51.808, 4.693, 6_000),
    ("Stadspolders", 51.812, 4.712, 15_000),
    ("Oud-Krispijn", 51.799, 4.660, 10_805),
    ("Nieuw-Krispijn", 51.803, 4.673, 8_500),
    ("Wielwijk", 51.796, 4.647, 6_000),
    ("Crabbehof", 51.790, 4.660, 6_500),
    ("Zuidhoven", 51.788, 4.673, 6_000),
    ("Sterrenburg", 51.786, 4.692, 22_000),
    ("Dubbeldam", 51.800, 4.700, 12_925),
    ("Leerpark/Amstelwijck", 51.798, 4.690, 4_000),
]


@dataclass(frozen=True)
class Hotspot:
    """A place where reports cluster in comparable cities, with its daily rhythm."""

    name: str
    latitude: float
    longitude: float
    spread_m: float
    weight: float
    rhythm: str
    location_types: dict[LocationType, float]


L = LocationType
HOTSPOTS: list[Hotspot] = [
    Hotspot(
        "Station Dordrecht", 51.808, 4.668, 110, 15, "station", {L.OV_HALTE: 0.6, L.STRAAT: 0.3, L.WINKELGEBIED: 0.1}
    ),
    Hotspot("Weizigtpark (looproute station)", 51.804, 4.667, 140, 7, "avond", {L.PARK: 0.7, L.STRAAT: 0.3}),
    Hotspot("Scheffersplein/Groenmarkt", 51.812, 4.6645, 80, 13, "uitgaan", {L.UITGAANSGEBIED: 0.8, L.STRAAT: 0.2}),
    Hotspot("Visstraat", 51.811, 4.667, 80, 8, "winkelen", {L.WINKELGEBIED: 0.6, L.STRAAT: 0.3, L.UITGAANSGEBIED: 0.1}),
    Hotspot("Voorstraat Noord", 51.816, 4.667, 110, 5, "uitgaan", {L.UITGAANSGEBIED: 0.6, L.STRAAT: 0.4}),
    Hotspot("Statenplein", 51.811, 4.669, 70, 4, "winkelen", {L.WINKELGEBIED: 0.6, L.STRAAT: 0.4}),
    Hotspot("Leerpark", 51.798, 4.690, 200, 8, "school", {L.SCHOOLOMGEVING: 0.7, L.STRAAT: 0.2, L.OV_HALTE: 0.1}),
    Hotspot("Wielwijk", 51.796, 4.647, 300, 4, "wijk", {L.STRAAT: 0.6, L.PARK: 0.2, L.WINKELGEBIED: 0.2}),
    Hotspot("Crabbehof (Colijnstraat)", 51.790, 4.660, 280, 3, "wijk", {L.STRAAT: 0.8, L.WINKELGEBIED: 0.2}),
    Hotspot("Station Dordrecht Zuid", 51.790, 4.672, 110, 4, "station", {L.OV_HALTE: 0.7, L.STRAAT: 0.3}),
    Hotspot("Station Stadspolders", 51.809, 4.711, 110, 2, "station", {L.OV_HALTE: 0.7, L.STRAAT: 0.3}),
    Hotspot("Sterrenburg (winkelcentrum)", 51.786, 4.692, 300, 3, "wijk", {L.WINKELGEBIED: 0.5, L.STRAAT: 0.5}),
]
CITY_WIDE = Hotspot(
    "verspreid over de stad",
    0.0,
    0.0,
    700,
    20,
    "wijk",
    {L.STRAAT: 0.55, L.PARK: 0.1, L.OV_HALTE: 0.1, L.WINKELGEBIED: 0.1, L.OPENBAAR_GEBOUW: 0.15},
)

# Hour-of-day and weekday (Mon..Sun) weights per rhythm: evenings and weekend nights heavier.
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

# The forms measured in Dordrecht's 2021 survey (FACTS.md 3c), as relative weights.
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

# ---------------------------------------------------------------- campaign moments


@dataclass(frozen=True)
class Moment:
    day: date
    channel: str
    title: str
    reach: int | None
    boost: float


CAMPAIGN_MOMENTS: list[Moment] = [
    Moment(date(2022, 6, 14), "campagne", "Lancering Stop Intimidatie app en publiekscampagne", 42_000, 2.2),
    Moment(date(2022, 11, 25), "sociale media", "Orange the World: oproep om te melden", 18_000, 1.4),
    Moment(date(2023, 3, 8), "sociale media", "Internationale Vrouwendag: 'Stop Straatintimidatie'", 21_000, 1.4),
    Moment(date(2023, 6, 19), "posters", "Zomercampagne posters binnenstad en station", 30_000, 1.5),
    Moment(date(2023, 10, 2), "supermarkt", "Film 'Gun je mij' op schermen in supermarkten", 55_000, 1.7),
    Moment(date(2023, 11, 16), "bioscoop", "Film 'Gun je mij' als voorfilm in de bioscoop", 14_000, 1.3),
    Moment(date(2024, 3, 8), "sociale media", "Vrouwendag: TikTok-reeks met Dordtse jongeren", 26_000, 1.3),
    Moment(date(2024, 6, 24), "campagne", "Straatintimidatie strafbaar per 1 juli 2024: voorlichting", 48_000, 1.9),
    Moment(date(2024, 9, 16), "influencer", "Influencer-campagne 'Gun je mij' (TikTok, Instagram)", 64_000, 1.5),
    Moment(date(2025, 3, 6), "evenement", "Conferentie Veilige School met VIOS-scholen", 180, 1.1),
    Moment(date(2025, 4, 1), "pers", "Start handhavingspilot boa's tegen straatintimidatie", 35_000, 1.5),
    Moment(date(2025, 10, 6), "supermarkt", "Film 'Gun je mij' opnieuw in supermarkten", 52_000, 1.5),
    Moment(date(2026, 5, 18), "influencer", "Zomercampagne met influencers", 58_000, 1.5),
    Moment(date(2026, 10, 26), "sociale media", "Najaarscampagne: 'Zie je het gebeuren? Meld het'", 33_000, 1.5),
]


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


def _nearest_wijk(latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    centres = np.array([(lat, lon) for _, lat, lon, _ in WIJKEN])
    scale = math.cos(math.radians(51.8))
    d_lat = latitude[:, None] - centres[None, :, 0]
    d_lon = (longitude[:, None] - centres[None, :, 1]) * scale
    names = np.array([name for name, *_ in WIJKEN], dtype=object)
    return names[np.argmin(d_lat**2 + d_lon**2, axis=1)]


def _pick(rng: np.random.Generator, options: list, weights, size: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=p / p.sum())]


def generate_reports(
    rng: np.random.Generator, city: CityProfile, today: date, n_reports: int | None = None
) -> pd.DataFrame:
    """Report rows from the programme's start until yesterday, with derived columns."""
    days = pd.date_range(city.programme_start, today - timedelta(days=1), freq="D")
    intensity = report_intensity(days, [m for m in CAMPAIGN_MOMENTS if m.day < today])
    total = n_reports if n_reports is not None else int(np.rint(intensity.sum()))
    spots = [*HOTSPOTS, CITY_WIDE]
    spot_index = rng.choice(len(spots), size=total, p=_normalise([s.weight for s in spots]))
    weekday = days.day_of_week.to_numpy()

    day_of = np.empty(total, dtype=np.int64)
    hour_of = np.empty(total, dtype=np.int64)
    for rhythm in _HOURS:
        members = np.flatnonzero(np.isin(spot_index, [i for i, s in enumerate(spots) if s.rhythm == rhythm]))
        if members.size == 0:
            continue
        day_weights = intensity * np.asarray(_WEEKDAYS[rhythm])[weekday]
        day_of[members] = rng.choice(len(days), size=members.size, p=_normalise(day_weights))
        hour_of[members] = rng.choice(24, size=members.size, p=_normalise(_HOURS[rhythm]))

    latitude = np.empty(total)
    longitude = np.empty(total)
    location_type = np.empty(total, dtype=object)
    wijk_weights = _normalise([w[3] for w in WIJKEN])
    for index, spot in enumerate(spots):
        members = np.flatnonzero(spot_index == index)
        if members.size == 0:
            continue
        if spot is CITY_WIDE:
            centre = np.array([(lat, lon) for _, lat, lon, _ in WIJKEN])[
                rng.choice(len(WIJKEN), members.size, p=wijk_weights)
            ]
            centre_lat, centre_lon = centre[:, 0], centre[:, 1]
        else:
            centre_lat, centre_lon = spot.latitude, spot.longitude
        metres_lat = rng.normal(0, spot.spread_m, members.size)
        metres_lon = rng.normal(0, spot.spread_m, members.size)
        latitude[members] = centre_lat + metres_lat / 111_320
        longitude[members] = centre_lon + metres_lon / (111_320 * math.cos(math.radians(51.8)))
        types = list(spot.location_types)
        location_type[members] = _pick(rng, types, [spot.location_types[t] for t in types], members.size)
    south, west, north, east = city.bounding_box
    latitude = np.clip(latitude, south + 1e-4, north - 1e-4).round(6)
    longitude = np.clip(longitude, west + 1e-4, east - 1e-4).round(6)
    wijk = _nearest_wijk(latitude, longitude)

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

SCHOOLS: list[dict] = [
    # Real names and addresses (FACTS.md 2); coordinates and most enrolments are estimates.
    dict(
        name="Yuverta Dordrecht",
        school_type=SchoolType.MBO,
        address="Groenezoom (campus), 3315 Dordrecht",
        latitude=51.806,
        longitude=4.711,
        students_enrolled=1215,
        enrolment_is_estimate=True,
        vios_member=True,
        in_programme=True,
    ),
    dict(
        name="Stedelijk Dalton Lyceum (mavo/havo)",
        school_type=SchoolType.HAVO_VWO,
        address="Kapteynweg 3, 3318 EC Dordrecht",
        latitude=51.788,
        longitude=4.689,
        students_enrolled=1050,
        enrolment_is_estimate=True,
        vios_member=True,
        in_programme=True,
    ),
    dict(
        name="Insula College vmbo (Leerpark)",
        school_type=SchoolType.VMBO,
        address="Leerparkpromenade 300, 3312 KW Dordrecht",
        latitude=51.7985,
        longitude=4.6885,
        students_enrolled=900,
        enrolment_is_estimate=True,
        vios_member=True,
        in_programme=True,
    ),
    dict(
        name="Wartburg College, locatie Marnix",
        school_type=SchoolType.VMBO,
        address="Professor Waterinklaan 41, 3312 KM Dordrecht",
        latitude=51.801,
        longitude=4.690,
        students_enrolled=810,
        enrolment_is_estimate=False,
        vios_member=True,
        in_programme=True,
    ),
    dict(
        name="Johan de Witt-gymnasium",
        school_type=SchoolType.HAVO_VWO,
        address="Oranjepark 11, 3311 Dordrecht",
        latitude=51.8094,
        longitude=4.6750,
        students_enrolled=800,
        enrolment_is_estimate=False,
        location_is_estimate=False,
        vios_member=True,
        in_programme=False,
    ),
    dict(
        name="Insula College havo/vwo",
        school_type=SchoolType.HAVO_VWO,
        address="Halmaheiraplein 5, 3312 GH Dordrecht",
        latitude=51.806,
        longitude=4.686,
        students_enrolled=1100,
        enrolment_is_estimate=True,
        vios_member=True,
        in_programme=False,
    ),
    dict(
        name="Stedelijk Dalton Lyceum (vwo)",
        school_type=SchoolType.HAVO_VWO,
        address="Overkampweg 125, 3318 AN Dordrecht",
        latitude=51.790,
        longitude=4.684,
        students_enrolled=950,
        enrolment_is_estimate=True,
        vios_member=True,
        in_programme=False,
    ),
    dict(
        name="Da Vinci College (Leerpark)",
        school_type=SchoolType.MBO,
        address="Leerparkpromenade, 3312 Dordrecht",
        latitude=51.798,
        longitude=4.692,
        students_enrolled=7000,
        enrolment_is_estimate=True,
        vios_member=True,
        in_programme=False,
    ),
]

PROGRAMMES: dict[str, tuple[str, str]] = {
    # name: (description, main theme)
    "Queenbees": ("Weerbaarheid en zelfbeeld van meiden", "weerbaarheid"),
    "Beat the Macho": ("Jongens over mannelijkheid, groepsdruk en respect", "macho gedrag"),
    "Ik ben van mij": ("Grenzen, relaties en seksuele gezondheid (voorheen We Can Young)", "grenzen en respect"),
    "Generatie 'Ja... En?'": ("Acceptatie van seksuele en genderdiversiteit", "seksuele diversiteit"),
    "Maatwerk": ("Op maat gemaakte les over straatcultuur en polarisatie", "straatcultuur"),
}
_SCHOOL_PROGRAMMES: dict[str, list[str]] = {
    "Yuverta Dordrecht": ["Ik ben van mij", "Beat the Macho", "Maatwerk"],
    "Stedelijk Dalton Lyceum (mavo/havo)": ["Queenbees", "Generatie 'Ja... En?'", "Beat the Macho"],
    "Insula College vmbo (Leerpark)": ["Beat the Macho", "Queenbees", "Maatwerk"],
    "Wartburg College, locatie Marnix": ["Ik ben van mij", "Maatwerk"],
}
_MAATWERK_THEMES = ["straatcultuur", "polarisatie", "macho gedrag"]
_PARTNERS = ["Jongerenwerk", "GGD Zuid-Holland Zuid", "Politie (wijkagent)", "Externe trainer"]
# Sessions per school year for the programme schools; the first year was a pilot.
_SESSIONS_PER_YEAR = {"2023/24": 4, "2024/25": 11, "2025/26": 12, "2026/27": 12}
SCHOOL_WITHOUT_PLANS = "Wartburg College, locatie Marnix"


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


def generate_sessions(rng: np.random.Generator, today: date) -> tuple[list[dict], list[dict]]:
    """Sessions and targets per programme school from 2023/24 to the current school year."""
    sessions: list[dict] = []
    targets: list[dict] = []
    current = school_year_of(today)
    years = [year for year in _SESSIONS_PER_YEAR if year <= current]
    for year in years:
        start = school_year_start(year)
        first = date(2024, 2, 1) if year == "2023/24" else start
        days = _school_days(first, date(start.year + 1, 7, 10))
        for school, programmes in _SCHOOL_PROGRAMMES.items():
            planned = _SESSIONS_PER_YEAR[year] + int(rng.integers(-1, 2))
            targets.append(
                {"school": school, "school_year": year, "planned_sessions": planned, "planned_students": planned * 25}
            )
            if year == current and school == SCHOOL_WITHOUT_PLANS:
                continue
            count = planned - int(rng.integers(0, 2)) if year < current else planned
            picks = np.sort(rng.choice(len(days), size=count, replace=False))
            for order, day_index in enumerate(picks):
                day = days[day_index]
                programme = programmes[order % len(programmes)]
                theme = PROGRAMMES[programme][1]
                if programme == "Maatwerk":
                    theme = _MAATWERK_THEMES[int(rng.integers(0, len(_MAATWERK_THEMES)))]
                year_group = int(rng.integers(1, 4 if school == "Yuverta Dordrecht" else 5))
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
                        "partner": _PARTNERS[int(rng.integers(0, len(_PARTNERS)))],
                        "status": status,
                    }
                )
    # A few sessions in the coming two weeks, so the stand-up has something to plan for.
    soon = [day for day in _school_days(today + timedelta(days=1), today + timedelta(days=13))]
    for offset, school in enumerate(list(_SCHOOL_PROGRAMMES)[:3]):
        if not soon:
            break
        day = soon[(offset * 3) % len(soon)]
        programme = _SCHOOL_PROGRAMMES[school][0]
        sessions.append(
            {
                "school": school,
                "programme": programme,
                "session_date": day,
                "school_year": school_year_of(day),
                "year_group": 2,
                "classes": f"2{'XYZ'[offset]}",
                "students_reached": 0,
                "theme": PROGRAMMES[programme][1],
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
LEDGER_CLOSED_DAYS = 19
"""The demo ledger was last exported this many days before today (a stale source)."""


def _supplier_key(action: str, topic: str) -> str:
    for key in ("Ontwikkeling", "Uitvoering", "Evaluatie"):
        if action.startswith(key):
            return key
    return topic


def generate_expenses(rng: np.random.Generator, today: date) -> list[dict]:
    """Spend per budget line that follows the plan; this year partly paid, partly committed."""
    ledger_date = today - timedelta(days=LEDGER_CLOSED_DAYS)
    expenses: list[dict] = []
    counter = 0
    for line_index, (topic, action, plan) in enumerate(PLAN_TABLE):
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
            suppliers = _SUPPLIERS[_supplier_key(action, topic)]
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
    if today.year in range(2023, 2027):
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

PARTNER_MEETINGS: list[tuple[date, str, str, str]] = [
    (
        date(2022, 9, 12),
        "Koninklijke Horeca Dordrecht",
        "Signaleren van straatintimidatie op terrassen",
        "Training personeel",
    ),
    (date(2023, 2, 6), "Qbuzz", "Meldposters in bussen en bij haltes", "Posters in lijn 3 en 5"),
    (date(2023, 5, 22), "POBD", "Ondernemers binnenstad en de campagne", "Raamposters winkels"),
    (date(2023, 9, 4), "DOV", "Winkelcentra en meldbereidheid", "Flyers bij infobalie"),
    (date(2024, 1, 15), "Nachtraad", "Uitgaansgebied en suswachten", "Gezamenlijke schouw Scheffersplein"),
    (date(2024, 5, 27), "Politie", "Voorbereiding strafbaarstelling 1 juli 2024", "Werkinstructie meldingen"),
    (date(2024, 10, 7), "Qbuzz", "Chauffeurs en straatintimidatie in het OV", "Instructiefilm chauffeurs"),
    (date(2025, 2, 10), "Koninklijke Horeca Dordrecht", "Evaluatie trainingen", "Tweede ronde trainingen"),
    (date(2025, 6, 16), "POBD", "Zomercampagne binnenstad", "Posters Visstraat"),
    (date(2025, 11, 3), "DOV", "Terugkoppeling meldingen winkelgebieden", "Volgend overleg voorjaar"),
    (date(2026, 3, 9), "Nachtraad", "Herinrichting Scheffersplein en veiligheid", "Advies verlichting"),
    (date(2026, 4, 20), "Politie", "Evaluatie boa-pilot", "Rapport zomer 2026"),
    (date(2026, 9, 21), "Koninklijke Horeca Dordrecht", "Najaarscampagne in de horeca", "Bierviltjes met QR-code"),
]


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
    today = _demo_today(today)
    # Separate streams, so the schools and the ledger are the same whatever the number of reports.
    report_rng, school_rng, budget_rng, survey_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(4)
    )
    reports = generate_reports(report_rng, city, today, n_reports)
    sessions, targets = generate_sessions(school_rng, today)
    expenses = generate_expenses(budget_rng, today)

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
        _add_schools(session, survey_rng, batches, sessions, targets)
        _add_budget(session, batches, expenses, city)
        _add_indicators(session, batches)
        _add_campaign(session, batches, today)
        for kind, batch in batches.items():
            batch.rows_read = batch.rows_added = _row_counts(session, kind)
        tally.rebuild(session)
        db.set_meta(session, db.DEMO_BUILT_FOR, today.isoformat())
        db.set_meta(session, db.DEMO_SEED, str(seed))
        db.set_meta(session, db.DATA_VERSION, str(previous_version + 1))
        db.refresh_statistics(session)
    return DemoSummary(len(reports), len(SCHOOLS), len(sessions), len(expenses), clock.perf_counter() - started)


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
    }[kind]
    return session.scalar(select(func.count()).select_from(table)) or 0


def _add_schools(session: Session, rng, batches, sessions: list[dict], targets: list[dict]) -> None:
    schools = {}
    for spec in SCHOOLS:
        school = School(
            **{"location_is_estimate": True, **spec}, is_demo=True, import_batch_id=batches[DataKind.SCHOLEN].id
        )
        session.add(school)
        schools[spec["name"]] = school
    programmes = add_programmes(session)
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
    for year in ("2024/25", "2025/26"):
        for school_name, school_programmes in _SCHOOL_PROGRAMMES.items():
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
    """The programme's facts that are not demo: the plan table's budget lines and the grant per year."""
    lines = {}
    for position, (topic, action, plan) in enumerate(PLAN_TABLE):
        for year, euros in plan.items():
            line = BudgetLine(year=year, position=position, topic=topic, action=action, planned_cents=euros * 100)
            session.add(line)
            lines[(year, topic, action)] = line
    for year in city.grant_year_range:
        session.add(
            Grant(
                year=year, source=city.grant_source, kind=FundingKind.SUBSIDIE, amount_cents=city.grant_per_year_cents
            )
        )
        session.add(
            Grant(
                year=year,
                source=city.cofinancing_label,
                kind=FundingKind.COFINANCIERING,
                amount_cents=city.cofinancing_per_year_cents,
            )
        )
    session.flush()
    return lines


def add_programmes(session: Session) -> dict[str, Programme]:
    """The interventions the plan names."""
    programmes = {name: Programme(name=name, description=desc) for name, (desc, _) in PROGRAMMES.items()}
    session.add_all(programmes.values())
    session.flush()
    return programmes


def _add_budget(session: Session, batches, expenses: list[dict], city: CityProfile) -> None:
    lines = add_plan(session, city)
    session.flush()
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


def _indicator_values(with_estimates: bool):
    """Every figure of INDICATORS as a row, the estimates only when asked for."""
    for source, area, measure, unit, values, reference, estimate in INDICATORS:
        if estimate and not with_estimates:
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


def add_public_indicators(session: Session) -> None:
    """The sourced public figures among the indicators (no estimates): a store of one's own starts with them."""
    session.add_all(_indicator_values(with_estimates=False))


def _add_indicators(session: Session, batches) -> None:
    for row in _indicator_values(with_estimates=True):
        row.is_demo = True
        row.import_batch_id = batches[DataKind.INDICATOREN].id
        session.add(row)


def _add_campaign(session: Session, batches, today: date) -> None:
    for moment in CAMPAIGN_MOMENTS:
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
    for day, partner, topic, follow_up in PARTNER_MEETINGS:
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
