"""Privacy per role, the role/page rules, and settings (store URL, city profile, today)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from vsdata import privacy, roles, settings
from vsdata.roles import Role
from vsdata.settings import CityProfile

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DORDRECHT = CityProfile()
OTHER_ROLES = [Role.VIOS, Role.RAAD]


@pytest.fixture
def fresh_profile(monkeypatch):
    """No VSDATA_PROFILE, and a profile cache that is cleared before and after the test."""
    monkeypatch.delenv("VSDATA_PROFILE", raising=False)
    settings._load_profile.cache_clear()
    yield
    settings._load_profile.cache_clear()


# ---------------------------------------------------------------- privacy


@pytest.mark.parametrize("value", [0, 1, 2, 3, 4, 5, 17, 1234])
def test_programme_manager_sees_exact_counts(value):
    policy = privacy.policy_for(Role.PROGRAMMAMANAGER, DORDRECHT)
    count = policy.count(value)
    assert count.value == value
    assert not count.suppressed
    assert count.label == {1234: "1.234"}.get(value, str(value))


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize("value", [0, 1, 2, 3, 4])
def test_small_counts_are_suppressed_for_other_roles(role, value):
    count = privacy.policy_for(role, DORDRECHT).count(value)
    assert count.value is None
    assert count.suppressed
    assert count.label == "<5"


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize(("value", "label"), [(5, "5"), (6, "6"), (99, "99"), (1234, "1.234")])
def test_counts_from_k_are_shown_to_other_roles(role, value, label):
    count = privacy.policy_for(role, DORDRECHT).count(value)
    assert (count.value, count.label, count.suppressed) == (value, label, False)


def test_threshold_follows_the_profile():
    policy = privacy.policy_for(Role.RAAD, CityProfile(privacy_k=10))
    assert policy.count(9).label == "<10"
    assert policy.count(10).value == 10
    assert policy.suppressed_label == "<10"


def test_location_and_trend_detail_per_role():
    manager = privacy.policy_for(Role.PROGRAMMAMANAGER, DORDRECHT)
    assert (manager.finest_h3_resolution, manager.trend_grain) == (9, "week")
    for role in OTHER_ROLES:
        policy = privacy.policy_for(role, DORDRECHT)
        assert policy.finest_h3_resolution < 9
        assert policy.trend_grain == "month"


COUNTS = pd.DataFrame({"wijk": ["A", "B", "C", "D", "E", "F", "G"], "meldingen": [0, 1, 4, 5, 12, 3, 1234]})


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_mask_counts_hides_every_count_below_k(role):
    masked = privacy.policy_for(role, DORDRECHT).mask_counts(COUNTS)
    shown = masked["meldingen"].dropna()
    assert (shown >= 5).all()
    assert sorted(int(value) for value in shown) == [5, 12, 1234]
    assert masked["meldingen"].isna().tolist() == [True, True, True, False, False, True, False]
    assert masked["onderdrukt"].tolist() == [True, True, True, False, False, True, False]
    assert masked["label"].tolist() == ["<5", "<5", "<5", "5", "12", "<5", "1.234"]
    assert masked["wijk"].tolist() == COUNTS["wijk"].tolist()


def test_mask_counts_leaves_the_input_alone():
    before = COUNTS.copy()
    privacy.policy_for(Role.VIOS, DORDRECHT).mask_counts(COUNTS)
    pd.testing.assert_frame_equal(COUNTS, before)


def test_mask_counts_for_the_programme_manager_hides_nothing():
    masked = privacy.policy_for(Role.PROGRAMMAMANAGER, DORDRECHT).mask_counts(COUNTS)
    assert masked["meldingen"].tolist() == [0, 1, 4, 5, 12, 3, 1234]
    assert not masked["onderdrukt"].any()
    assert masked["label"].tolist() == ["0", "1", "4", "5", "12", "3", "1.234"]


def test_mask_counts_with_another_column_name():
    frame = pd.DataFrame({"week": [1, 2], "aantal": [2, 8]})
    masked = privacy.policy_for(Role.RAAD, DORDRECHT).mask_counts(frame, column="aantal")
    assert masked["aantal"].isna().tolist() == [True, False]
    assert masked["label"].tolist() == ["<5", "8"]


def test_comparable():
    manager = privacy.policy_for(Role.PROGRAMMAMANAGER, DORDRECHT)
    assert manager.comparable(0, 1)
    for role in OTHER_ROLES:
        policy = privacy.policy_for(role, DORDRECHT)
        assert policy.comparable(5, 7)
        assert policy.comparable(5, 5, 100)
        assert not policy.comparable(4, 7)
        assert not policy.comparable(7, 4)
        assert not policy.comparable(0, 0)
        assert not policy.comparable(10, 20, 3)


def test_policy_uses_the_active_profile(tmp_path, monkeypatch, fresh_profile):
    file = tmp_path / "profiel.toml"
    file.write_text("privacy_k = 7\n")
    monkeypatch.setenv("VSDATA_PROFILE", str(file))
    settings._load_profile.cache_clear()
    policy = privacy.policy_for(Role.VIOS)
    assert policy.k == 7
    assert policy.count(6).label == "<7"


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
    assert settings.database_url() == "postgresql://db.example/vs"
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
    )
    monkeypatch.setenv("VSDATA_PROFILE", str(file))
    city = settings.profile()
    assert city.name == "Zwijndrecht"
    assert city.privacy_k == 10
    assert city.map_center == (51.82, 4.64)
    assert city.bounding_box == (51.79, 4.58, 51.84, 4.68)
    assert list(city.grant_year_range) == [2024, 2025, 2026, 2027]
    assert city.municipality_code == "GM0505"
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


def test_secondary_suppression_hides_rows_until_the_hidden_ones_hold_k():
    """Two hidden rows of 1 and 2 add up to 3: with the total shown, more rows must be hidden."""
    policy = privacy.policy_for(Role.RAAD, settings.CityProfile())
    frame = pd.DataFrame({"waarde": ["a", "b", "c", "d"], "meldingen": [1, 2, 6, 9]})
    masked = policy.mask_counts(frame, total_shown=True)
    hidden = frame["meldingen"][masked["onderdrukt"]]
    assert hidden.sum() >= 5
    assert list(masked["onderdrukt"]) == [True, True, True, False]
