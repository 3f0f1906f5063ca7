"""The profiles under profiles/: each loads, and another city's demo, pages, briefing and imports are its own."""

from __future__ import annotations

import io
import math
import re
import tomllib
from pathlib import Path
from typing import Literal

import pytest
from pydantic import TypeAdapter, ValidationError
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT_ROOT, TODAY
from tests.report_helpers import sql
from vsdata import db, demo, importing, settings
from vsdata.briefing import build_briefing, default_period
from vsdata.briefing_pdf import render_pdf
from vsdata.demo_city import HOTSPOTS, WIJKEN, demo_city
from vsdata.models import DataKind
from vsdata.roles import PAGES
from vsdata.settings import CityProfile

PROFILES = PROJECT_ROOT / "profiles"
EINDHOVEN_FILE = PROFILES / "eindhoven.toml"


def load(path) -> CityProfile:
    with path.open("rb") as handle:
        return CityProfile(**tomllib.load(handle))


EINDHOVEN = load(EINDHOVEN_FILE)

OTHER_CITY_TOML = """
name = "Zwolle"
municipality_code = "GM0193"
map_center = [52.51, 6.09]
bounding_box = [52.47, 6.03, 52.56, 6.17]
population = 130001
population_date = 2024-01-01
population_source = "testwaarde"
grant_years = [2024, 2027]
grant_per_year_cents = 2500000
cofinancing_per_year_cents = 1000000
cofinancing_label = "Gemeente (budget)"
grant_is_estimate = true
programme_start = 2024-03-01
"""
"""A profile of another city with every fact a city must give itself (test values, not Zwolle's figures)."""
OTHER_CITY = tomllib.loads(OTHER_CITY_TOML)


def test_every_shipped_profile_loads_and_dordrechts_file_is_the_default():
    files = sorted(PROFILES.glob("*.toml"))
    assert [file.stem for file in files] == ["dordrecht", "eindhoven"]
    assert load(PROFILES / "dordrecht.toml") == CityProfile()
    assert EINDHOVEN.name == "Eindhoven" and not EINDHOVEN.is_built_in


def test_another_city_takes_none_of_dordrechts_places_plan_or_programmes():
    city = CityProfile(**OTHER_CITY)
    assert city.places == () and city.plan is None and city.programmes is None
    place = demo_city(city)
    assert len(place.areas) == 9
    assert all(city.contains(lat, lon) for _, lat, lon, _ in place.areas)
    assert all(city.contains(school["latitude"], school["longitude"]) for school in place.schools)
    assert "Maatwerk" not in place.programmes


@pytest.mark.parametrize(
    "places",
    [(), (("Centrum", 52.51, 6.09), ("Station", 52.505, 6.09), ("Zuid", 52.49, 6.10))],
    ids=["box-in-nine", "own-places"],
)
def test_the_derived_areas_share_the_citys_own_population_evenly(places):
    city = CityProfile(**OTHER_CITY, places=places)
    areas = demo_city(city).areas
    inhabitants = [count for *_, count in areas]
    assert len(set(inhabitants)) == 1
    assert city.population - len(areas) < sum(inhabitants) <= city.population


def test_a_profile_with_a_wrong_demo_section_names_the_field(tmp_path, monkeypatch, fresh_profile):
    file = tmp_path / "stad.toml"
    file.write_text(
        OTHER_CITY_TOML + '[[demo.hotspots]]\nname = "Plein"\nlatitude = 52.51\nlongitude = 6.09\nrhythm = "altijd"\n'
    )
    monkeypatch.setenv("VSDATA_PROFILE", str(file))
    with pytest.raises(RuntimeError, match=r"is ongeldig: demo\.hotspots\.0\.rhythm: onbekend ritme 'altijd'"):
        settings.profile()


# ---------------------------------------------------------------- what a profile must give, and its messages

FACTS_OF_ANOTHER_CITY = (
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
"""Dordrecht's own figures by default, so a profile of another city must give each itself."""


def _profile_error(tmp_path, monkeypatch, content: str) -> str:
    file = tmp_path / "profiel.toml"
    file.write_text(content, encoding="utf-8")
    monkeypatch.setenv("VSDATA_PROFILE", str(file))
    with pytest.raises(RuntimeError, match="is ongeldig") as caught:
        settings.profile()
    return str(caught.value)


@pytest.mark.parametrize("key", FACTS_OF_ANOTHER_CITY)
def test_another_city_that_leaves_out_one_of_its_own_facts_is_refused(key):
    without = {name: value for name, value in OTHER_CITY.items() if name != key}
    expected = f"Een profiel voor Zwolle moet zelf opgeven: {key} (deze gegevens zouden anders die van Dordrecht zijn)"
    with pytest.raises(ValueError, match=re.escape(expected)):
        CityProfile(**without)


def test_a_profile_file_of_another_city_names_every_fact_it_leaves_out(tmp_path, monkeypatch, fresh_profile):
    message = _profile_error(
        tmp_path,
        monkeypatch,
        'name = "Eindhoven"\nmap_center = [51.44, 5.47]\nbounding_box = [51.39, 5.37, 51.50, 5.56]\nprivacy_k = 7\n',
    )
    given = {"map_center", "bounding_box"}
    missing = ", ".join(key for key in FACTS_OF_ANOTHER_CITY if key not in given)
    assert message.endswith(
        f"is ongeldig: Een profiel voor Eindhoven moet zelf opgeven: {missing} "
        "(deze gegevens zouden anders die van Dordrecht zijn)"
    )


def test_a_refused_profile_of_another_city_also_names_its_misspelt_keys(tmp_path, monkeypatch, fresh_profile):
    """Both faults in one message, so the file is put right in one go."""
    message = _profile_error(tmp_path, monkeypatch, 'name = "Zwolle"\npopulaton = 130000\nmap_centre = [52.5, 6.1]\n')
    assert "Een profiel voor Zwolle moet zelf opgeven: municipality_code, map_center, " in message
    assert message.endswith("; onbekende sleutel populaton, map_centre (kijk de spelling na)")


@pytest.mark.parametrize("name", ["Dordrecht", "dordrecht", "  DORDRECHT "])
def test_dordrecht_however_written_keeps_its_own_facts_and_places(name):
    city = CityProfile(name=name)
    assert city == CityProfile() and city.is_built_in
    assert CityProfile.model_construct(name=name).is_built_in
    assert demo_city(CityProfile.model_construct(name=name)).areas == WIJKEN
    assert not CityProfile(**OTHER_CITY).is_built_in


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("populatoin = 5\n", "populatoin"),
        ("[demo]\nreports_per_mnth = 5\n", "demo.reports_per_mnth"),
        (
            '[[demo.areas]]\nname = "A"\nlatitude = 51.8\nlongitude = 4.67\ninhabitants = 5\ninwoners = 5\n',
            "demo.areas.0.inwoners",
        ),
        ('[[demo.hotspots]]\nname = "P"\nlatitude = 51.8\nlongitude = 4.67\nspred_m = 90\n', "demo.hotspots.0.spred_m"),
        (
            '[[demo.schools]]\nname = "S"\nschool_type = "MBO"\naddress = "Straat 1"\nlatitude = 51.8\n'
            "longitude = 4.67\nstudents_enrolled = 500\nvios_lid = true\n",
            "demo.schools.0.vios_lid",
        ),
        ('[[plan]]\ntopic = "T"\neuros = { 2024 = 5 }\nactie = "x"\n', "plan.0.actie"),
        ('[[programmes]]\nname = "P"\nthema = "x"\n', "programmes.0.thema"),
    ],
    ids=["profile", "demo", "area", "hotspot", "school", "plan-line", "programme"],
)
def test_a_misspelt_key_is_refused_by_its_place_in_the_file(tmp_path, monkeypatch, fresh_profile, content, where):
    message = _profile_error(tmp_path, monkeypatch, content)
    assert f"is ongeldig: {where}: onbekende sleutel (kijk de spelling na)" in message


LONG_TOPIC = "x" * 81


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('population = "veel"\n', "population: moet een geheel getal zijn (gegeven: 'veel')"),
        ("population = 1.5\n", "population: moet een geheel getal zijn (gegeven: 1.5)"),
        ('population_date = "gisteren"\n', "population_date: moet een datum zijn (JJJJ-MM-DD) (gegeven: 'gisteren')"),
        ('grant_is_estimate = "ja"\n', "grant_is_estimate: moet true of false zijn (gegeven: 'ja')"),
        ("grant_per_year_cents = -5\n", "grant_per_year_cents: moet minstens 0 zijn (gegeven: -5)"),
        ("privacy_k = 1\n", "privacy_k: moet minstens 2 zijn (gegeven: 1)"),
        ("map_center = [51.8]\n", "map_center.1: ontbreekt (de lijst heeft te weinig waarden)"),
        ("map_center = 51.8\n", "map_center: moet een lijst zijn ([...]) (gegeven: 51.8)"),
        ("bounding_box = [51.76, 4.60, 51.84, 4.80, 5.0]\n", "bounding_box: heeft te veel waarden (hoogstens 4)"),
        ("name = 5\n", "name: moet tekst zijn (tussen aanhalingstekens) (gegeven: 5)"),
        ("demo = 5\n", "demo: moet een tabel zijn ({ sleutel = waarde }) (gegeven: 5)"),
        ("[demo]\nreports_per_month = 0\n", "demo.reports_per_month: moet groter zijn dan 0 (gegeven: 0)"),
        ("[demo]\nareas = 5\n", "demo.areas: moet een lijst zijn ([...]) (gegeven: 5)"),
        (
            '[[demo.areas]]\nname = "A"\nlatitude = "noord"\nlongitude = 4.67\ninhabitants = 5\n',
            "demo.areas.0.latitude: moet een getal zijn (gegeven: 'noord')",
        ),
        ('[[demo.areas]]\nname = "A"\nlongitude = 4.67\ninhabitants = 5\n', "demo.areas.0.latitude: ontbreekt"),
        ('[[plan]]\ntopic = ""\neuros = {}\n', "plan.0.topic: moet minstens 1 teken(s) lang zijn (gegeven: '')"),
        (f'[[plan]]\ntopic = "{LONG_TOPIC}"\neuros = {{}}\n', "plan.0.topic: mag hoogstens 80 tekens lang zijn"),
        ('[[plan]]\ntopic = "T"\neuros = 5\n', "plan.0.euros: moet een tabel zijn ({ sleutel = waarde }) (gegeven: 5)"),
        ('[[plan]]\ntopic = "T"\neuros = { 2024 = -5 }\n', "plan.0.euros: een bedrag in het plan mag niet negatief"),
    ],
    ids=[
        "int_parsing",
        "int_from_float",
        "date_parsing",
        "bool_parsing",
        "greater_than_equal-0",
        "greater_than_equal-2",
        "tuple-too-short",
        "tuple_type",
        "too_long",
        "string_type",
        "model_type",
        "greater_than",
        "list_type",
        "float_parsing",
        "missing",
        "string_too_short",
        "string_too_long",
        "dict_type",
        "value_error",
    ],
)
def test_a_wrong_value_in_a_profile_is_told_in_dutch(tmp_path, monkeypatch, fresh_profile, content, problem):
    message = _profile_error(tmp_path, monkeypatch, content)
    assert f"is ongeldig: {problem}" in message
    english = ("Input should", "Field required", "Extra inputs", "should have", "Value error")
    assert not [word for word in english if word in message], message


def test_an_error_without_a_dutch_text_keeps_pydantics_own():
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Literal["stad"]).validate_python("dorp")
    assert settings._problems(caught.value) == "Input should be 'stad'"


def test_the_demo_has_hour_and_weekday_weights_for_every_rhythm_a_profile_may_name():
    assert tuple(demo._HOURS) == tuple(demo._WEEKDAYS) == settings.RHYTHMS
    assert all(len(hours) == 24 for hours in demo._HOURS.values())
    assert all(len(days) == 7 for days in demo._WEEKDAYS.values())
    assert {spot.rhythm for spot in [*HOTSPOTS, demo.CITY_WIDE]} <= set(settings.RHYTHMS)


def test_the_demo_cites_public_sources_not_a_notes_file_the_repository_lacks():
    for path in (Path(demo.__file__), Path(demo.__file__).with_name("demo_city.py")):
        assert "FACTS" not in path.read_text(encoding="utf-8"), path.name


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


def test_the_eindhoven_demo_ledger_is_its_own_not_dordrechts(eindhoven_store, demo_store):
    """The same grant and seed, yet another city's demo spends on its own days and amounts."""
    ledger = "SELECT expense_date, amount_cents FROM expense ORDER BY expense_date, amount_cents"
    assert sql(eindhoven_store, ledger) != sql(demo_store, ledger)


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
