"""Where the store lives, what "today" is, and the city profile.

The profile holds everything that makes the app Dordrecht's rather than
another municipality's: set ``VSDATA_PROFILE`` to a TOML file (``profiles/``
holds one per municipality) to override any field without touching code.
A profile that names another city must give its own facts (``CITY_FACTS``:
the defaults are Dordrecht's figures) and does not inherit Dordrecht's own
places, plan, programmes and demo city: what it leaves out of those is empty
(the plan and programmes are then imported) or, for the demo, derived from
its box and population.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_STORE = DATA_DIR / "vsdata.sqlite"
TIMEZONE = ZoneInfo("Europe/Amsterdam")


BUILT_IN_CITY = "Dordrecht"

CITY_FACTS = (
    "municipality_code",
    "map_center",
    "bounding_box",
    "population",
    "population_date",
    "population_source",
    "grant_years",
    "grant_per_year_cents",
    "cofinancing_per_year_cents",
    "cofinancing_label",
    "grant_is_estimate",
    "programme_start",
)
"""The keys whose defaults are Dordrecht's own figures: a profile of another city gives each itself."""


def names_built_in_city(name: str) -> bool:
    """Whether a profile's name is Dordrecht's, however it is capitalised or spaced."""
    return name.strip().casefold() == BUILT_IN_CITY.casefold()


class PlanLine(BaseModel):
    """A line of the plan table: its topic, action and whole euros per year."""

    model_config = ConfigDict(extra="forbid")

    topic: str = Field(min_length=1, max_length=80)
    action: str = Field(default="", max_length=200)
    euros: dict[int, int]

    @field_validator("euros")
    @classmethod
    def _no_negative_amounts(cls, euros: dict[int, int]) -> dict[int, int]:
        if any(amount < 0 for amount in euros.values()):
            raise ValueError("een bedrag in het plan mag niet negatief zijn")
        return euros


class ProgrammeSpec(BaseModel):
    """An intervention the plan names; ``theme`` is the usual subject of its lessons (for the demo)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    description: str = Field(default="", max_length=400)
    theme: str = Field(default="", max_length=60)


class DemoArea(BaseModel):
    """A wijk or stadsdeel of the demo city: its centre and about how many live there."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    latitude: float
    longitude: float
    inhabitants: int = Field(ge=0)


RHYTHMS = ("station", "avond", "uitgaan", "winkelen", "school", "wijk")
"""The daily rhythms a hot spot can have; the demo holds hour and weekday weights for each, in this order."""


class DemoHotspot(BaseModel):
    """A place where demo reports cluster, with its daily rhythm and its kinds of place."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    latitude: float
    longitude: float
    spread_m: float = Field(default=150, gt=0)
    weight: float = Field(default=5, gt=0)
    rhythm: str = "wijk"
    location_types: dict[str, float] = Field(default_factory=lambda: {"straat": 1.0})

    @field_validator("rhythm")
    @classmethod
    def _known_rhythm(cls, rhythm: str) -> str:
        if rhythm not in RHYTHMS:
            raise ValueError(f"onbekend ritme {rhythm!r} (toegestaan: {', '.join(RHYTHMS)})")
        return rhythm

    @field_validator("location_types")
    @classmethod
    def _known_location_types(cls, types: dict[str, float]) -> dict[str, float]:
        from vsdata.models import LocationType  # the models read this module's time zone

        known = {kind.value for kind in LocationType}
        unknown = sorted(set(types) - known)
        if unknown or not types:
            raise ValueError(f"onbekende soort plek {unknown} (toegestaan: {', '.join(sorted(known))})")
        return types


class DemoSchool(BaseModel):
    """A school of the demo city; ``programmes`` are the interventions it runs when in the programme."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    school_type: str
    address: str = Field(max_length=200)
    latitude: float
    longitude: float
    students_enrolled: int = Field(ge=0)
    enrolment_is_estimate: bool = True
    location_is_estimate: bool = True
    vios_member: bool = True
    in_programme: bool = False
    programmes: list[str] = Field(default_factory=list)

    @field_validator("school_type")
    @classmethod
    def _known_type(cls, school_type: str) -> str:
        from vsdata.models import SchoolType

        known = [kind.value for kind in SchoolType]
        if school_type not in known:
            raise ValueError(f"onbekend schooltype {school_type!r} (toegestaan: {', '.join(known)})")
        return school_type


class DemoCitySection(BaseModel):
    """What the demo draws on a map of the city; any part left out is derived from the box and population."""

    model_config = ConfigDict(extra="forbid")

    areas: list[DemoArea] = Field(default_factory=list)
    hotspots: list[DemoHotspot] = Field(default_factory=list)
    schools: list[DemoSchool] = Field(default_factory=list)
    reports_per_month: float | None = Field(default=None, gt=0)
    """The demo's mean reports a month; by default in proportion to the population."""


class CityProfile(BaseModel):
    """The municipality the dashboard serves."""

    model_config = ConfigDict(extra="forbid")

    name: str = BUILT_IN_CITY
    municipality_code: str = "GM0505"
    map_center: tuple[float, float] = (51.805, 4.675)
    map_zoom: int = 13
    # south, west, north, east: reports and schools must lie inside
    bounding_box: tuple[float, float, float, float] = (51.76, 4.60, 51.84, 4.80)
    population: int = 121_552
    population_date: date = date(2023, 1, 1)
    population_source: str = "AD 11-01-2023: 121.552 inwoners op 1-1-2023"
    grant_source: str = "OCW"
    grant_years: tuple[int, int] = (2023, 2026)
    grant_per_year_cents: int = Field(default=3_000_000, ge=0)
    cofinancing_per_year_cents: int = Field(default=3_000_000, ge=0)
    cofinancing_label: str = "Gemeente (ambtelijke inzet)"
    grant_is_estimate: bool = False
    """True when no published amount was found: the grant is then a demo estimate, not stored as a fact."""
    programme_start: date = date(2022, 6, 1)
    privacy_k: int = Field(default=5, ge=2)
    places: tuple[tuple[str, float, float], ...] = (
        ("Binnenstad", 51.813, 4.664),
        ("Stadspolders", 51.812, 4.712),
        ("Krispijn", 51.801, 4.666),
        ("Wielwijk", 51.796, 4.647),
        ("Sterrenburg", 51.786, 4.692),
        ("Dubbeldam", 51.800, 4.700),
        ("Station", 51.808, 4.668),
    )
    """Names and approximate centres that orient a map drawn without a background (wijken, the station)."""
    plan: tuple[PlanLine, ...] | None = None
    """The plan table; None: Dordrecht's for Dordrecht, none (to import) for another city."""
    programmes: tuple[ProgrammeSpec, ...] | None = None
    """The interventions the plan names; None: Dordrecht's for Dordrecht, none (to import) for another city."""
    demo: DemoCitySection | None = None
    """The demo city; None: Dordrecht's own for Dordrecht, derived from the box and population for another."""
    stale_after_days: int = Field(default=14, ge=1)

    @field_validator("name")
    @classmethod
    def _tidy_name(cls, name: str) -> str:
        """Dordrecht however written is the built-in city, and its pages spell it as the code does."""
        name = name.strip()
        return BUILT_IN_CITY if names_built_in_city(name) else name

    @model_validator(mode="before")
    @classmethod
    def _own_city_sections(cls, data):
        """Another city keeps nothing of Dordrecht's: its own facts it must give, its places start empty."""
        if not isinstance(data, dict):
            return data
        name = data.get("name", BUILT_IN_CITY)
        if not isinstance(name, str) or names_built_in_city(name):
            return data
        missing = [key for key in CITY_FACTS if key not in data]
        if missing:
            unknown = [key for key in data if key not in cls.model_fields]
            misspelt = f"; onbekende sleutel {', '.join(unknown)} (kijk de spelling na)" if unknown else ""
            raise ValueError(
                f"Een profiel voor {name.strip()} moet zelf opgeven: {', '.join(missing)} "
                f"(deze gegevens zouden anders die van {BUILT_IN_CITY} zijn){misspelt}"
            )
        return {"places": (), **data}

    @model_validator(mode="after")
    def _check_box(self) -> CityProfile:
        south, west, north, east = self.bounding_box
        if not (south < north and west < east):
            raise ValueError("bounding_box moet (zuid, west, noord, oost) zijn")
        lat, lon = self.map_center
        if not (south <= lat <= north and west <= lon <= east):
            raise ValueError("map_center ligt buiten bounding_box")
        return self

    @property
    def is_built_in(self) -> bool:
        """Dordrecht, whose plan, programmes and demo city ship with the code."""
        return names_built_in_city(self.name)

    @property
    def grant_year_range(self) -> range:
        return range(self.grant_years[0], self.grant_years[1] + 1)

    def contains(self, latitude: float, longitude: float) -> bool:
        south, west, north, east = self.bounding_box
        return south <= latitude <= north and west <= longitude <= east


@lru_cache(maxsize=8)
def _load_profile(path: str | None) -> CityProfile:
    if not path:
        return CityProfile()
    file = Path(path)
    try:
        with file.open("rb") as handle:
            return CityProfile(**tomllib.load(handle))
    except FileNotFoundError as exc:
        raise RuntimeError(f"Profielbestand {file} (VSDATA_PROFILE) bestaat niet.") from exc
    except OSError as exc:
        raise RuntimeError(f"Profielbestand {file} (VSDATA_PROFILE) kan niet worden gelezen: {exc.strerror}.") from exc
    except ValidationError as exc:
        raise RuntimeError(f"Profielbestand {file} (VSDATA_PROFILE) is ongeldig: {_problems(exc)}") from exc
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise RuntimeError(f"Profielbestand {file} (VSDATA_PROFILE) is ongeldig: {exc}") from exc


_DUTCH_PROBLEMS = {
    "missing": "ontbreekt",
    "extra_forbidden": "onbekende sleutel (kijk de spelling na)",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_parsing": "moet een getal zijn",
    "float_type": "moet een getal zijn",
    "bool_parsing": "moet true of false zijn",
    "bool_type": "moet true of false zijn",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_inexact": "moet een datum zijn (JJJJ-MM-DD, zonder tijd)",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "string_type": "moet tekst zijn (tussen aanhalingstekens)",
    "string_too_short": "moet minstens {min_length} teken(s) lang zijn",
    "string_too_long": "mag hoogstens {max_length} tekens lang zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than": "moet kleiner zijn dan {lt}",
    "less_than_equal": "mag hoogstens {le} zijn",
    "tuple_type": "moet een lijst zijn ([...])",
    "list_type": "moet een lijst zijn ([...])",
    "too_short": "heeft te weinig waarden (minstens {min_length})",
    "too_long": "heeft te veel waarden (hoogstens {max_length})",
    "dict_type": "moet een tabel zijn ({{ sleutel = waarde }})",
    "model_type": "moet een tabel zijn ({{ sleutel = waarde }})",
}
"""Pydantic's error types in Dutch, with its limits (``ctx``) filled in; any other keeps pydantic's message."""


def _plain_number(value):
    """A limit as the profile file would write it: 0 rather than pydantic's 0.0."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _problems(error: ValidationError) -> str:
    """Each wrong field of a profile by its place in the file: 'demo.hotspots.0.rhythm: onbekend ritme ...'."""
    problems = []
    for problem in error.errors():
        kind = problem["type"]
        limits = {key: _plain_number(value) for key, value in problem.get("ctx", {}).items()}
        try:
            message = _DUTCH_PROBLEMS[kind].format(**limits)
        except KeyError:
            message = problem["msg"].removeprefix("Value error, ")
        where = ".".join(str(part) for part in problem["loc"])
        if kind == "missing":  # its input is the whole table or list around it: no help
            if problem["loc"] and isinstance(problem["loc"][-1], int):
                message = "ontbreekt (de lijst heeft te weinig waarden)"
        elif where:
            message = f"{message} (gegeven: {problem.get('input')!r})"
        problems.append(f"{where}: {message}" if where else message)
    return "; ".join(problems)


def profile() -> CityProfile:
    """The active city profile: Dordrecht unless VSDATA_PROFILE names a TOML file."""
    return _load_profile(os.environ.get("VSDATA_PROFILE"))


def database_url(url_or_path: str | os.PathLike | None = None) -> str:
    """A SQLAlchemy URL from an explicit URL or path, VSDATA_DATABASE_URL, or the default file."""
    value = os.fspath(url_or_path) if url_or_path else os.environ.get("VSDATA_DATABASE_URL")
    if not value:
        return f"sqlite:///{DEFAULT_STORE}"
    if "://" in value:
        scheme, rest = value.split("://", 1)
        # psycopg 3 is the PostgreSQL driver this app installs; SQLAlchemy's default would be psycopg2.
        return f"postgresql+psycopg://{rest}" if scheme in ("postgresql", "postgres") else value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def today() -> date:
    """Today in Amsterdam; VSDATA_TODAY (YYYY-MM-DD) pins it for demos and tests."""
    pinned = os.environ.get("VSDATA_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return datetime.now(TIMEZONE).date()
