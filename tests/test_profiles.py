"""The profiles under profiles/: each loads, and another city's demo, pages, briefing and imports are its own."""

from __future__ import annotations

import io
import math
import tomllib

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT_ROOT, TODAY
from tests.report_helpers import sql
from vsdata import db, demo, importing, settings
from vsdata.briefing import build_briefing, default_period
from vsdata.briefing_pdf import render_pdf
from vsdata.demo_city import demo_city
from vsdata.models import DataKind
from vsdata.roles import PAGES
from vsdata.settings import CityProfile

PROFILES = PROJECT_ROOT / "profiles"
EINDHOVEN_FILE = PROFILES / "eindhoven.toml"


def load(path) -> CityProfile:
    with path.open("rb") as handle:
        return CityProfile(**tomllib.load(handle))


EINDHOVEN = load(EINDHOVEN_FILE)


def test_every_shipped_profile_loads_and_dordrechts_file_is_the_default():
    files = sorted(PROFILES.glob("*.toml"))
    assert [file.stem for file in files] == ["dordrecht", "eindhoven"]
    assert load(PROFILES / "dordrecht.toml") == CityProfile()
    assert EINDHOVEN.name == "Eindhoven" and not EINDHOVEN.is_built_in


def test_another_city_takes_none_of_dordrechts_places_plan_or_programmes():
    city = CityProfile(name="Zwolle", map_center=(52.51, 6.09), bounding_box=(52.47, 6.03, 52.56, 6.17))
    assert city.places == () and city.plan is None and city.programmes is None
    place = demo_city(city)
    assert len(place.areas) == 9
    assert all(city.contains(lat, lon) for _, lat, lon, _ in place.areas)
    assert all(city.contains(school["latitude"], school["longitude"]) for school in place.schools)
    assert sum(inhabitants for *_, inhabitants in place.areas) <= city.population
    assert "Maatwerk" not in place.programmes


def test_a_profile_with_a_wrong_demo_section_names_the_field(tmp_path, monkeypatch, fresh_profile):
    file = tmp_path / "stad.toml"
    file.write_text(
        'name = "Stad"\nmap_center = [52.0, 5.0]\nbounding_box = [51.9, 4.9, 52.1, 5.1]\n'
        '[[demo.hotspots]]\nname = "Plein"\nlatitude = 52.0\nlongitude = 5.0\nrhythm = "altijd"\n'
    )
    monkeypatch.setenv("VSDATA_PROFILE", str(file))
    with pytest.raises(RuntimeError, match=r"is ongeldig: demo\.hotspots\.0\.rhythm: onbekend ritme 'altijd'"):
        settings.profile()


@pytest.fixture(scope="module")
def eindhoven_store(stores) -> str:
    url = stores.new()
    demo.build_demo_store(db.get_engine(url), today=TODAY, city=EINDHOVEN)
    return url


def test_the_eindhoven_demo_lies_in_eindhoven_with_its_own_names(eindhoven_store):
    south, west, north, east = EINDHOVEN.bounding_box
    (inside, total) = sql(
        eindhoven_store,
        "SELECT SUM(CASE WHEN latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ? THEN 1 ELSE 0 END), COUNT(*) "
        "FROM report",
        south, north, west, east,
    )[0]  # fmt: skip
    assert total > 0 and inside == total
    areas = {name for name, *_ in demo_city(EINDHOVEN).areas}
    assert {wijk for (wijk,) in sql(eindhoven_store, "SELECT DISTINCT wijk FROM report")} <= areas
    assert (
        str(sql(eindhoven_store, "SELECT MIN(local_date) FROM report")[0][0]) >= EINDHOVEN.programme_start.isoformat()
    )
    texts = sql(
        eindhoven_store,
        "SELECT name || ' ' || address FROM school UNION ALL SELECT title FROM campaign_activity "
        "UNION ALL SELECT partner || ' ' || topic FROM partner_meeting UNION ALL SELECT area FROM indicator_value "
        "UNION ALL SELECT supplier FROM expense UNION ALL SELECT partner FROM school_session",
    )
    assert texts and not [text for (text,) in texts if "Dordrecht" in text or "Dordt" in text]


def test_the_eindhoven_demo_has_its_monthly_volume_and_clusters_at_its_hot_spots(eindhoven_store):
    (reports,) = sql(eindhoven_store, "SELECT COUNT(*) FROM report")[0]
    months = ((TODAY - EINDHOVEN.programme_start).days) / 30.4375
    assert reports / months == pytest.approx(EINDHOVEN.demo.reports_per_month, rel=0.05)
    station = next(spot for spot in EINDHOVEN.demo.hotspots if spot.rhythm == "station")
    scale = math.cos(math.radians(station.latitude))
    near = sql(
        eindhoven_store,
        "SELECT COUNT(*) FROM report WHERE ((latitude - ?) * 111320) * ((latitude - ?) * 111320) "
        "+ ((longitude - ?) * 111320 * ?) * ((longitude - ?) * 111320 * ?) < 90000",
        station.latitude, station.latitude, station.longitude, scale, station.longitude, scale,
    )[0][0]  # fmt: skip
    share = station.weight / (sum(spot.weight for spot in EINDHOVEN.demo.hotspots) + demo.CITY_WIDE.weight)
    assert near / reports > share * 0.7


def test_the_eindhoven_demo_has_a_plan_grant_schools_and_sessions_to_show(eindhoven_store):
    years = ", ".join(str(year) for year in EINDHOVEN.grant_year_range)
    assert sql(eindhoven_store, f"SELECT COUNT(DISTINCT year) FROM budget_line WHERE year IN ({years})")[0][0] == 4
    assert sql(eindhoven_store, 'SELECT SUM(amount_cents) FROM "grant" WHERE kind = ?', "subsidie")[0][0] == (
        EINDHOVEN.grant_per_year_cents * len(EINDHOVEN.grant_year_range)
    )
    assert sql(eindhoven_store, "SELECT COUNT(*) FROM school WHERE in_programme")[0][0] >= 1
    assert sql(eindhoven_store, "SELECT COUNT(*) FROM school_session WHERE status = 'uitgevoerd'")[0][0] > 0
    assert sql(eindhoven_store, "SELECT COUNT(*) FROM expense")[0][0] > 0


def _open(role: str, path: str) -> AppTest:
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    app.session_state["role"] = role
    app.run()
    if path != "dashboard.py":
        app.switch_page(path).run()
    return app


@pytest.fixture
def eindhoven_app(monkeypatch, eindhoven_store, fresh_profile):
    monkeypatch.setenv("VSDATA_PROFILE", str(EINDHOVEN_FILE))
    monkeypatch.setenv("VSDATA_DATABASE_URL", eindhoven_store)
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    settings._load_profile.cache_clear()
    return eindhoven_store


@pytest.mark.parametrize(("role", "path"), [(role.value, spec.path) for spec in PAGES for role in sorted(spec.roles)])
def test_every_page_for_every_role_runs_on_the_eindhoven_demo(eindhoven_app, role, path):
    app = _open(role, path)
    assert not app.exception, [item.value for item in app.exception]
    assert not app.error, [item.value for item in app.error]
    shown = " ".join(str(item.value) for kind in (app.title, app.caption, app.markdown) for item in kind)
    assert "Dordrecht" not in shown, [item.value for item in app.caption if "Dordrecht" in str(item.value)]


def test_the_overview_names_eindhoven_and_says_which_names_are_made_up(eindhoven_app):
    app = _open("programmamanager", "dashboard.py")
    assert not app.exception
    (notice,) = [item.value for item in app.warning if "Demodata" in item.value]
    assert "openbare feiten over Eindhoven" in notice and "'Demoschool ...') zijn verzonnen" in notice


def test_the_eindhoven_briefing_pdf_names_eindhoven_and_its_places(eindhoven_store):
    with db.read_session(db.get_engine(eindhoven_store)) as session:
        briefing = build_briefing(session, *default_period(TODAY), TODAY, EINDHOVEN)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(briefing))).pages)
    assert "Gemeente Eindhoven" in text and "Dordrecht" not in text


def test_an_eindhoven_import_takes_its_own_coordinates_and_refuses_dordrechts(stores):
    engine = db.get_engine(stores.new(schema=True))
    header = "meldingsnummer;ontvangen op;datum voorval;breedtegraad;lengtegraad;wijk;soort plek;vorm;doelgroep\n"
    rows = (
        "E-1;20-11-2026 22:10;20-11-2026 21:40;51,4365;5,4830;Centrum;uitgaansgebied/horeca;nafluiten;vrouw\n"
        "E-2;21-11-2026 08:00;20-11-2026 23:00;51,8120;4,6650;Binnenstad;straat;nastaren;vrouw\n"
    )
    with db.read_session(engine) as session:
        result = importing.preview(
            session, DataKind.MELDINGEN, (header + rows).encode(), "export.csv", TODAY, EINDHOVEN
        )
    assert len(result.new) == 1
    (error,) = [error for error in result.rejected if error.column == "breedtegraad"]
    assert error.row == 3 and "buiten Eindhoven" in error.reason
    importing.commit(engine, result)
    assert sql(engine, "SELECT external_id FROM report") == [("E-1",)]


def test_an_indicator_without_an_area_belongs_to_the_profiles_city(stores):
    engine = db.get_engine(stores.new(schema=True))
    data = "bron;jaar;maatstaf;waarde;eenheid\nVeiligheidsmonitor;2025;Voelt zich weleens onveilig;35;%\n"
    with db.read_session(engine) as session:
        result = importing.preview(session, DataKind.INDICATOREN, data.encode(), "monitor.csv", TODAY, EINDHOVEN)
    assert not result.rejected, result.rejected
    importing.commit(engine, result)
    assert sql(engine, "SELECT area FROM indicator_value") == [("Eindhoven",)]
