"""The role/page rules and what each role may see elsewhere, and settings (store URL, city profile, today)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from vsdata import roles, settings
from vsdata.roles import Role
from vsdata.settings import CityProfile

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DORDRECHT = CityProfile()
OTHER_ROLES = [Role.VIOS, Role.RAAD]


# ---------------------------------------------------------------- roles


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_the_overview(role):
    keys = [spec.key for spec in roles.pages_for(role)]
    assert "overzicht" in keys
    assert roles.may_open(role, "overzicht")


@pytest.mark.parametrize("role", list(Role))
def test_pages_for_and_may_open_agree(role):
    allowed = {spec.key for spec in roles.pages_for(role)}
    for spec in roles.PAGES:
        assert roles.may_open(role, spec.key) == (spec.key in allowed)


@pytest.mark.parametrize("role", list(Role))
def test_may_open_refuses_an_unknown_page(role):
    assert roles.may_open(role, "bestaat-niet") is False


def test_page_keys_are_unique_and_pages_exist():
    keys = [spec.key for spec in roles.PAGES]
    assert len(keys) == len(set(keys))
    assert roles.page("overzicht").path == "pages/overzicht.py"
    assert (PROJECT_ROOT / roles.page("overzicht").path).is_file()


def test_pages_for_keeps_the_page_order():
    for role in Role:
        order = [spec.key for spec in roles.PAGES if spec.key in {s.key for s in roles.pages_for(role)}]
        assert [spec.key for spec in roles.pages_for(role)] == order


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("programmamanager", Role.PROGRAMMAMANAGER),
        ("vios", Role.VIOS),
        ("raad", Role.RAAD),
        (Role.RAAD, Role.RAAD),
        ("onbekend", Role.PROGRAMMAMANAGER),
        ("", Role.PROGRAMMAMANAGER),
        (None, Role.PROGRAMMAMANAGER),
        (42, Role.PROGRAMMAMANAGER),
    ],
)
def test_parse_role(value, expected):
    assert roles.parse_role(value) == expected


def test_default_role_and_labels():
    assert roles.DEFAULT_ROLE == Role.PROGRAMMAMANAGER
    assert Role.VIOS.label == "Schooldirectie (VIOS)"
    assert Role.RAAD.label == "Raadslid"
    assert Role.PROGRAMMAMANAGER.label == "Programmamanager"


# ---------------------------------------------------------------- settings: store URL


def test_database_url_for_an_absolute_path(tmp_path):
    path = tmp_path.resolve() / "winkel.sqlite"
    assert settings.database_url(str(path)) == f"sqlite:///{path}"
    assert settings.database_url(path) == f"sqlite:///{path}"


def test_database_url_for_a_relative_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert settings.database_url("data/x.sqlite") == f"sqlite:///{tmp_path.resolve()}/data/x.sqlite"


def test_database_url_passes_urls_through(monkeypatch):
    monkeypatch.setenv("VSDATA_DATABASE_URL", "sqlite:////elders.sqlite")
    assert settings.database_url("postgresql+psycopg://user@host/vs") == "postgresql+psycopg://user@host/vs"
    assert settings.database_url("sqlite:///:memory:") == "sqlite:///:memory:"


def test_database_url_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("VSDATA_DATABASE_URL", "postgresql://db.example/vs")
    assert settings.database_url() == "postgresql+psycopg://db.example/vs"  # the driver the app installs
    assert settings.database_url("postgres://u@db.example/vs") == "postgresql+psycopg://u@db.example/vs"
    assert settings.database_url("postgresql+psycopg://db.example/vs") == "postgresql+psycopg://db.example/vs"
    path = tmp_path.resolve() / "env.sqlite"
    monkeypatch.setenv("VSDATA_DATABASE_URL", str(path))
    assert settings.database_url() == f"sqlite:///{path}"
    explicit = tmp_path.resolve() / "explicit.sqlite"
    assert settings.database_url(str(explicit)) == f"sqlite:///{explicit}"


@pytest.mark.parametrize("unset", [None, ""])
def test_database_url_default(monkeypatch, unset):
    if unset is None:
        monkeypatch.delenv("VSDATA_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("VSDATA_DATABASE_URL", unset)
    assert settings.database_url() == f"sqlite:///{PROJECT_ROOT / 'data' / 'vsdata.sqlite'}"


# ---------------------------------------------------------------- settings: city profile


def test_default_profile_is_dordrecht(fresh_profile):
    city = settings.profile()
    assert city.name == "Dordrecht"
    assert city.privacy_k == 5
    assert city.grant_per_year_cents == 3_000_000
    assert list(city.grant_year_range) == [2023, 2024, 2025, 2026]
    assert city.contains(*city.map_center)


def test_profile_file_overrides_fields(tmp_path, monkeypatch, fresh_profile):
    file = tmp_path / "zwijndrecht.toml"
    file.write_text(
        'name = "Zwijndrecht"\n'
        "privacy_k = 10\n"
        "map_center = [51.82, 4.64]\n"
        "bounding_box = [51.79, 4.58, 51.84, 4.68]\n"
        "grant_years = [2024, 2027]\n"
        'municipality_code = "GM0642"\n'
        "population = 45000\n"
        "population_date = 2024-01-01\n"
        'population_source = "testwaarde"\n'
        "grant_per_year_cents = 2000000\n"
        "cofinancing_per_year_cents = 1000000\n"
        'cofinancing_label = "Gemeente"\n'
        "grant_is_estimate = true\n"
        "programme_start = 2024-01-01\n"
    )
    monkeypatch.setenv("VSDATA_PROFILE", str(file))
    city = settings.profile()
    assert city.name == "Zwijndrecht"
    assert city.privacy_k == 10
    assert city.map_center == (51.82, 4.64)
    assert city.bounding_box == (51.79, 4.58, 51.84, 4.68)
    assert list(city.grant_year_range) == [2024, 2025, 2026, 2027]
    assert (city.municipality_code, city.population, city.grant_per_year_cents) == ("GM0642", 45000, 2000000)
    assert city.places == (), "none of Dordrecht's places"
    assert city.contains(51.80, 4.60)
    assert not city.contains(51.80, 4.70)


def test_missing_profile_file(tmp_path, monkeypatch, fresh_profile):
    monkeypatch.setenv("VSDATA_PROFILE", str(tmp_path / "bestaat-niet.toml"))
    with pytest.raises(RuntimeError, match="bestaat niet"):
        settings.profile()


def test_profile_path_that_is_a_directory(tmp_path, monkeypatch, fresh_profile):
    monkeypatch.setenv("VSDATA_PROFILE", str(tmp_path))
    with pytest.raises(RuntimeError, match="Profielbestand"):
        settings.profile()


@pytest.mark.parametrize(
    "content",
    [
        "map_center = [52.0, 4.6]\n",
        "bounding_box = [51.84, 4.60, 51.76, 4.80]\n",
        "privacy_k = 1\n",
        "grant_per_year_cents = -5\n",
        "name = \n",
    ],
    ids=["center-outside-box", "box-upside-down", "k-too-small", "negative-grant", "not-toml"],
)
def test_invalid_profile_file(tmp_path, monkeypatch, fresh_profile, content):
    file = tmp_path / "profiel.toml"
    file.write_text(content)
    monkeypatch.setenv("VSDATA_PROFILE", str(file))
    with pytest.raises(RuntimeError, match="is ongeldig") as caught:
        settings.profile()
    assert "Profielbestand" in str(caught.value)


def test_profile_validation_messages_are_dutch():
    with pytest.raises(ValueError, match="map_center ligt buiten bounding_box"):
        CityProfile(map_center=(52.5, 4.6))


# ---------------------------------------------------------------- settings: today


def test_today_can_be_pinned(monkeypatch):
    monkeypatch.setenv("VSDATA_TODAY", "2026-11-27")
    assert settings.today() == date(2026, 11, 27)
    monkeypatch.setenv("VSDATA_TODAY", "2024-02-29")
    assert settings.today() == date(2024, 2, 29)


def test_today_defaults_to_amsterdam(monkeypatch):
    monkeypatch.delenv("VSDATA_TODAY", raising=False)
    zone = ZoneInfo("Europe/Amsterdam")
    before = datetime.now(zone).date()
    result = settings.today()
    after = datetime.now(zone).date()
    assert before <= result <= after


# ---------------------------------------------------------------- what each role may see elsewhere


def test_budget_content_goes_only_where_begroting_opens():
    for role in Role:
        assert roles.may_see(role, "begroting") == roles.may_open(role, "begroting")
        assert ("begroting" in roles.overview_tiles(role)) == roles.may_open(role, "begroting")
        assert ("begroting" in roles.briefing_topics(role)) == roles.may_open(role, "begroting")
    assert "begroting" not in roles.overview_tiles(Role.VIOS)


def test_indicators_go_only_where_onderzoek_opens():
    for role in Role:
        assert ("indicatoren" in roles.briefing_topics(role)) == roles.may_open(role, "onderzoek")


def test_the_briefing_pdf_is_only_for_a_role_that_sees_every_topic():
    assert roles.may_download_briefing(Role.PROGRAMMAMANAGER)
    assert not roles.may_download_briefing(Role.VIOS)


def test_only_the_programme_manager_sees_the_ledger():
    assert [role for role in Role if roles.may_see_ledger(role)] == [Role.PROGRAMMAMANAGER]


def test_the_briefing_topics_are_the_briefings_sections():
    from vsdata import briefing

    assert list(briefing.TOPICS) == list(roles.BRIEFING_TOPICS)


@pytest.mark.parametrize("role", list(Role))
def test_import_hint_tells_only_a_role_that_opens_gegevens_to_import(role):
    hint = roles.import_hint(role, "ze", "indicatoren")
    if roles.may_open(role, "gegevens"):
        assert hint == "Lees ze in op de pagina Gegevens (soort: indicatoren)."
    else:
        assert hint == "De programmamanager leest ze in op de pagina Gegevens (soort: indicatoren)."
    assert roles.import_hint(Role.RAAD, "een export van de app").endswith("op de pagina Gegevens.")
