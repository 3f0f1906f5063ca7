"""The city the demo draws: Dordrecht's own, or any municipality's from its profile.

Dordrecht's wijken, hot spots, schools, plan, campaign and partners are
written out here (names and addresses real, from public sources; coordinates
and volumes estimates). For another city the demo takes what its profile's
``demo`` section gives and derives the rest from the box, the places and the
population, so a new municipality sees its own map from the first start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vsdata.models import LocationType, SchoolType
from vsdata.settings import CityProfile

# ---------------------------------------------------------------- Dordrecht's plan table

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

# ---------------------------------------------------------------- Dordrecht's places

WIJKEN: list[tuple[str, float, float, int]] = [
    # name, approximate centre (lat, lon), approximate inhabitants (estimates from public figures)
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


# ---------------------------------------------------------------- Dordrecht's campaign


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


# ---------------------------------------------------------------- Dordrecht's schools

SCHOOLS: list[dict] = [
    # Real names and addresses from public sources; coordinates and most enrolments are estimates.
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
SCHOOL_PROGRAMMES: dict[str, list[str]] = {
    "Yuverta Dordrecht": ["Ik ben van mij", "Beat the Macho", "Maatwerk"],
    "Stedelijk Dalton Lyceum (mavo/havo)": ["Queenbees", "Generatie 'Ja... En?'", "Beat the Macho"],
    "Insula College vmbo (Leerpark)": ["Beat the Macho", "Queenbees", "Maatwerk"],
    "Wartburg College, locatie Marnix": ["Ik ben van mij", "Maatwerk"],
}
MAATWERK_THEMES = ["straatcultuur", "polarisatie", "macho gedrag"]
SESSION_PARTNERS = ["Jongerenwerk", "GGD Zuid-Holland Zuid", "Politie (wijkagent)", "Externe trainer"]
# Sessions per school year for the programme schools, from the grant's first year; the first was a pilot.
SESSIONS_BY_YEAR = (4, 11, 12)

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


# ---------------------------------------------------------------- any city

NATIONAL_PROGRAMMES = {name: PROGRAMMES[name] for name in ("Queenbees", "Beat the Macho", "Ik ben van mij")}
"""Interventions offered across the country: the demo's programmes for a city whose profile names none."""
GENERIC_SESSION_PARTNERS = ["Jongerenwerk", "GGD", "Politie (wijkagent)", "Externe trainer"]
GENERIC_PARTNERS = ["Horeca", "Politie", "Openbaar vervoer", "Ondernemers binnenstad"]
DORDRECHT_POPULATION = 121_552
"""The population Dordrecht's demo volume was made for: another city's volume follows its own population."""


@dataclass(frozen=True)
class DemoCity:
    """Everything the demo builder draws from for one city."""

    areas: list[tuple[str, float, float, int]]
    """Wijken or stadsdelen: name, centre and inhabitants; each report is given the nearest."""
    hotspots: list[Hotspot]
    schools: list[dict]
    school_programmes: dict[str, list[str]]
    """The interventions of each programme school, in the order the demo plans them."""
    programmes: dict[str, tuple[str, str]]
    plan: list[tuple[str, str, dict[int, int]]]
    moments: list[Moment]
    meetings: list[tuple[date, str, str, str]]
    session_partners: list[str]
    sessions_per_school_year: dict[str, int]
    volume: float
    """Reports relative to Dordrecht's demo; exactly 1 for Dordrecht."""
    latitude: float
    """Where a metre east is measured in degrees of longitude."""
    reports_per_month: float | None = None
    """When set, the volume is scaled so the demo's mean month holds this many reports."""

    @property
    def school_without_plans(self) -> str:
        """The programme school that has no sessions planned this year: an attention point for the stand-up."""
        return list(self.school_programmes)[-1]


def _school_years(city: CityProfile) -> dict[str, int]:
    first, last = city.grant_years
    return {
        f"{year}/{(year + 1) % 100:02d}": SESSIONS_BY_YEAR[min(index, len(SESSIONS_BY_YEAR) - 1)]
        for index, year in enumerate(range(first, last + 1))
    }


def demo_city(city: CityProfile) -> DemoCity:
    """The demo city of a profile: Dordrecht's own, or the profile's demo section with the rest derived."""
    if city.is_built_in and city.demo is None:
        return DemoCity(
            areas=WIJKEN,
            hotspots=HOTSPOTS,
            schools=SCHOOLS,
            school_programmes=SCHOOL_PROGRAMMES,
            programmes=PROGRAMMES,
            plan=plan_table(city) or PLAN_TABLE,
            moments=CAMPAIGN_MOMENTS,
            meetings=PARTNER_MEETINGS,
            session_partners=SESSION_PARTNERS,
            sessions_per_school_year=_school_years(city),
            volume=1.0,
            latitude=51.8,
        )
    section = city.demo
    programmes = programme_table(city) or NATIONAL_PROGRAMMES
    areas = [(a.name, a.latitude, a.longitude, a.inhabitants) for a in section.areas] if section else []
    areas = areas or _derived_areas(city)
    hotspots = [_hotspot(spot) for spot in section.hotspots] if section else []
    schools = [_school(school) for school in section.schools] if section else []
    schools = schools or _derived_schools(city, areas)
    return DemoCity(
        areas=areas,
        hotspots=hotspots or _derived_hotspots(city, areas),
        schools=[{key: value for key, value in school.items() if key != "programmes"} for school in schools],
        school_programmes=_school_programmes(schools, list(programmes)),
        programmes=programmes,
        plan=plan_table(city) or _derived_plan(city),
        moments=_national_moments(city),
        meetings=_generic_meetings(city),
        session_partners=GENERIC_SESSION_PARTNERS,
        sessions_per_school_year=_school_years(city),
        volume=city.population / DORDRECHT_POPULATION,
        latitude=city.map_center[0],
        reports_per_month=section.reports_per_month if section else None,
    )


def what_is_real(city: CityProfile) -> str:
    """The demo notice: which of the demo's names are real and which are made up, in Dutch."""
    opening = f"dit dashboard toont verzonnen gegevens op basis van openbare feiten over {city.name}."
    if city.is_built_in and city.demo is None:
        return f"{opening} Namen, adressen en bronnen zijn echt; aantallen, locaties en bedragen zijn schattingen."
    given = city.demo.schools if city.demo else []
    schools = "" if given else " De scholen ('Demoschool ...') zijn verzonnen."
    return (
        f"{opening} De plaatsen en bronnen uit het profiel zijn echt; aantallen, locaties, bedragen en de "
        f"begroting zijn schattingen.{schools}"
    )


def supplier_names(city: CityProfile, names: list[str]) -> list[str]:
    """Dordrecht's demo suppliers as another city's: its own youth work, a research firm."""
    if city.is_built_in:
        return names
    return [
        name.replace("Jongerenwerk Dordrecht", f"Jongerenwerk {city.name}").replace(
            "Onderzoekcentrum Drechtsteden", "Onderzoeksbureau"
        )
        for name in names
    ]


def plan_table(city: CityProfile) -> list[tuple[str, str, dict[int, int]]]:
    """The profile's plan as facts: Dordrecht's for Dordrecht, else what the profile gives (maybe nothing)."""
    if city.plan is None:
        return PLAN_TABLE if city.is_built_in else []
    return [(line.topic, line.action, dict(line.euros)) for line in city.plan]


def programme_table(city: CityProfile) -> dict[str, tuple[str, str]]:
    """The profile's programmes as facts: name to (description, main theme)."""
    if city.programmes is None:
        return PROGRAMMES if city.is_built_in else {}
    return {spec.name: (spec.description, spec.theme or "weerbaarheid") for spec in city.programmes}


def _hotspot(spot) -> Hotspot:
    types = {LocationType(name): weight for name, weight in spot.location_types.items()}
    return Hotspot(spot.name, spot.latitude, spot.longitude, spot.spread_m, spot.weight, spot.rhythm, types)


def _school(school) -> dict:
    values = school.model_dump()
    values["school_type"] = SchoolType(values["school_type"])
    return values


def _derived_areas(city: CityProfile) -> list[tuple[str, float, float, int]]:
    """The profile's places as areas, or else the box in nine parts, the population shared evenly."""
    if city.places:
        share = city.population // len(city.places)
        return [(name, lat, lon, share) for name, lat, lon in city.places]
    south, west, north, east = city.bounding_box
    rows = ("Noord", "", "Zuid")
    columns = ("west", "", "oost")
    areas = []
    for row, name_row in enumerate(rows):
        for column, name_column in enumerate(columns):
            name = (
                name_row + ("-" + name_column if name_row and name_column else name_column.capitalize())
            ) or "Centrum"
            latitude = north - (row + 0.5) * (north - south) / 3
            longitude = west + (column + 0.5) * (east - west) / 3
            areas.append((f"{name} (demo)", round(latitude, 4), round(longitude, 4), city.population // 9))
    return areas


def _derived_hotspots(city: CityProfile, areas) -> list[Hotspot]:
    """A night-life and shopping centre in the first area, a station where a place is named so, the rest as wijken."""
    L = LocationType
    name, latitude, longitude, _ = areas[0]
    spots = [
        Hotspot(f"{name}: uitgaan", latitude, longitude, 120, 12, "uitgaan", {L.UITGAANSGEBIED: 0.8, L.STRAAT: 0.2}),
        Hotspot(f"{name}: winkelen", latitude, longitude, 180, 8, "winkelen", {L.WINKELGEBIED: 0.6, L.STRAAT: 0.4}),
    ]
    for name, latitude, longitude, _ in areas[1:]:
        if "station" in name.casefold():
            spots.append(Hotspot(name, latitude, longitude, 110, 12, "station", {L.OV_HALTE: 0.6, L.STRAAT: 0.4}))
        else:
            spots.append(Hotspot(name, latitude, longitude, 300, 3, "wijk", {L.STRAAT: 0.7, L.WINKELGEBIED: 0.3}))
    return spots


_DERIVED_SCHOOL_TYPES = (SchoolType.VMBO, SchoolType.HAVO_VWO, SchoolType.MBO, SchoolType.VMBO)


def _derived_schools(city: CityProfile, areas) -> list[dict]:
    """Four made-up schools near the first areas that are not a station, three of them in the programme."""
    places = [area for area in areas if "station" not in area[0].casefold()] or areas
    schools = []
    for index, school_type in enumerate(_DERIVED_SCHOOL_TYPES):
        name, latitude, longitude, _ = places[index % len(places)]
        offset = 0.002 * (index // len(places) + 1)
        schools.append(
            {
                "name": f"Demoschool {school_type.value} {name.removesuffix(' (demo)')} ({index + 1})",
                "school_type": school_type,
                "address": f"{name.removesuffix(' (demo)')}, {city.name} (demo)",
                "latitude": round(latitude + offset, 5),
                "longitude": round(longitude - offset, 5),
                "students_enrolled": 900 if school_type != SchoolType.MBO else 4000,
                "enrolment_is_estimate": True,
                "location_is_estimate": True,
                "vios_member": True,
                "in_programme": index < 3,
                "programmes": [],
            }
        )
    return schools


def _school_programmes(schools: list[dict], programmes: list[str]) -> dict[str, list[str]]:
    """Each programme school's interventions: its own, or three of the programmes, each school starting elsewhere."""
    chosen = {}
    for index, school in enumerate(item for item in schools if item["in_programme"]):
        own = [name for name in school.get("programmes", []) if name in programmes]
        rotated = programmes[index % len(programmes) :] + programmes[: index % len(programmes)]
        chosen[school["name"]] = own or rotated[:3]
    return chosen


def _derived_plan(city: CityProfile) -> list[tuple[str, str, dict[int, int]]]:
    """Dordrecht's plan lines over the city's grant years, scaled to its grant: a demo plan where none is given."""
    per_year = city.grant_per_year_cents / 100 or 30_000
    years = list(city.grant_year_range)
    plan = []
    for topic, action, euros in PLAN_TABLE:
        by_offset = {year - 2023: amount for year, amount in euros.items()}
        amounts = {
            year: round(by_offset[min(index, 3)] * per_year / 30_000)
            for index, year in enumerate(years)
            if min(index, 3) in by_offset
        }
        if amounts:
            plan.append((topic, action, amounts))
    return plan


def _national_moments(city: CityProfile) -> list[Moment]:
    """The launch and the national days a city's campaign follows: a demo campaign where none is known."""
    moments = [
        Moment(city.programme_start, "campagne", f"Lancering meldpunt straatintimidatie {city.name}", 30_000, 2.0)
    ]
    for year in range(city.programme_start.year, city.grant_years[1] + 1):
        moments.append(
            Moment(date(year, 3, 8), "sociale media", "Internationale Vrouwendag: oproep om te melden", 15_000, 1.3)
        )
        moments.append(
            Moment(date(year, 11, 25), "sociale media", "Orange the World: oproep om te melden", 15_000, 1.3)
        )
    moments.append(
        Moment(date(2024, 6, 24), "campagne", "Straatintimidatie strafbaar per 1 juli 2024: voorlichting", 40_000, 1.8)
    )
    return sorted((m for m in moments if m.day >= city.programme_start), key=lambda m: m.day)


def _generic_meetings(city: CityProfile) -> list[tuple[date, str, str, str]]:
    """A partner meeting every four months from the start, the partners in turn."""
    topics = ("Signaleren van straatintimidatie", "Meldbereidheid en de app", "Evaluatie en vervolg")
    meetings = []
    year, month = city.programme_start.year, city.programme_start.month
    for index in range(3 * (city.grant_years[1] - year + 1)):
        month_index = month - 1 + 4 * index
        meetings.append(
            (
                date(year + month_index // 12, month_index % 12 + 1, 15),
                GENERIC_PARTNERS[index % len(GENERIC_PARTNERS)],
                topics[index % len(topics)],
                "Afspraken vastgelegd (demo)",
            )
        )
    return meetings
