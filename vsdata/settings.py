"""Where the store lives, what "today" is, and the city profile.

The profile holds everything that makes the app Dordrecht's rather than
another municipality's: set ``VSDATA_PROFILE`` to a TOML file to override any
field without touching code.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, model_validator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_STORE = DATA_DIR / "vsdata.sqlite"
TIMEZONE = ZoneInfo("Europe/Amsterdam")


class CityProfile(BaseModel):
    """The municipality the dashboard serves."""

    name: str = "Dordrecht"
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
    stale_after_days: int = Field(default=14, ge=1)

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
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise RuntimeError(f"Profielbestand {file} (VSDATA_PROFILE) is ongeldig: {exc}") from exc


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
