"""Privacy per role, in one place: suppression (incl. secondary), resolutions, trend grain, and every masked view."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tests.conftest import TODAY
from tests.report_helpers import local, offset, report, sql, store_with
from vsdata import db, report_views, settings
from vsdata.hotspots import HotspotArea, HotspotResult
from vsdata.privacy import PROTECTED_LABEL, PrivacyPolicy, policy_for
from vsdata.report_filter import ReportFilter, from_query_params
from vsdata.roles import Role
from vsdata.settings import CityProfile

CITY = CityProfile()
K = CITY.privacy_k
OTHER_ROLES = [Role.VIOS, Role.RAAD]
COUNT_COLUMNS = {"meldingen", "vorige_periode", "vorig_jaar"}


def policy(role: Role) -> PrivacyPolicy:
    return policy_for(role, CITY)


def counts(values: list[int], index=None) -> pd.DataFrame:
    return pd.DataFrame({"wijk": [f"W{i}" for i in range(len(values))], "meldingen": values}, index=index)


def hidden(frame: pd.DataFrame) -> list[bool]:
    return [bool(flag) for flag in frame["onderdrukt"]]


# ---------------------------------------------------------------- mask_counts


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_counts_below_k_are_masked(role):
    masked = policy(role).mask_counts(counts([10, 3, 7, 20, 0, 5]))
    assert hidden(masked) == [False, True, False, False, True, False]
    assert list(masked["label"]) == ["10", "<5", "7", "20", "<5", "5"]
    assert masked["meldingen"].isna().tolist() == hidden(masked)
    assert [int(v) for v in masked["meldingen"].dropna()] == [10, 7, 20, 5]
    assert list(masked["wijk"]) == ["W0", "W1", "W2", "W3", "W4", "W5"]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_one_suppressed_row_with_a_shown_total_takes_the_smallest_shown_row_with_it(role):
    masked = policy(role).mask_counts(counts([10, 3, 7, 20]), total_shown=True)
    assert hidden(masked) == [False, True, True, False]
    assert list(masked["label"]) == ["10", "<5", "afgeschermd", "20"]
    assert masked["meldingen"].isna().tolist() == [False, True, True, False]


@pytest.mark.parametrize(
    ("values", "want"),
    [
        ([10, 3, 2, 20], [False, True, True, False]),  # two hidden already: nothing more
        ([10, 6, 7, 20], [False, False, False, False]),  # none hidden: nothing to protect
        ([1, 2, 3], [True, True, True]),
        ([3, 8], [True, True]),  # the only shown row goes too
        ([4], [True]),
        ([0, 9, 8, 50], [True, False, False, False]),  # that a '<5' row is 0 may show: no one is in it
        ([0, 1, 9, 8, 50], [True, True, False, True, False]),  # 0 and 1 missing 1 would give the 1 away
        ([12, 1_234, 4, 5], [False, False, True, True]),
    ],
)
def test_secondary_suppression_cases(values, want):
    masked = policy(Role.RAAD).mask_counts(counts(values), total_shown=True)
    assert hidden(masked) == want
    assert list(masked["label"]) == [
        ("<5" if v < K else PROTECTED_LABEL) if h else f"{v:,}".replace(",", ".")
        for v, h in zip(values, want, strict=True)
    ]


def test_secondary_suppression_with_a_non_default_index():
    masked = policy(Role.VIOS).mask_counts(counts([10, 3, 7, 20], index=["a", "b", "c", "d"]), total_shown=True)
    assert masked["onderdrukt"].to_dict() == {"a": False, "b": True, "c": True, "d": False}


def test_secondary_suppression_with_a_tie_hides_exactly_one_more():
    masked = policy(Role.VIOS).mask_counts(counts([9, 6, 2, 6]), total_shown=True)
    flags = hidden(masked)
    assert sum(flags) == 2
    assert flags[0] is False
    assert flags[2] is True
    assert flags[1] != flags[3]  # one of the two sixes


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize("total_shown", [False, True])
def test_no_shown_count_is_below_k(role, total_shown):
    values = [0, 1, 2, 3, 4, 5, 6, 11, 4, 30]
    masked = policy(role).mask_counts(counts(values), total_shown=total_shown)
    shown = masked.loc[~masked["onderdrukt"], "meldingen"]
    assert (shown >= K).all()
    assert all(label == "<5" or int(label) >= K for label in masked["label"])


def test_the_programme_manager_sees_every_count():
    masked = policy(Role.PROGRAMMAMANAGER).mask_counts(counts([10, 3, 7, 0]), total_shown=True)
    assert not masked["onderdrukt"].any()
    assert list(masked["meldingen"]) == [10, 3, 7, 0]
    assert list(masked["label"]) == ["10", "3", "7", "0"]


def test_mask_counts_leaves_the_input_alone():
    frame = counts([10, 3, 7])
    policy(Role.RAAD).mask_counts(frame, total_shown=True)
    assert frame.to_dict("list") == {"wijk": ["W0", "W1", "W2"], "meldingen": [10, 3, 7]}


def test_mask_counts_on_another_column():
    frame = pd.DataFrame({"periode": [1, 2], "meldingen": [10, 10], "vorig_jaar": [2, 8]})
    masked = policy(Role.RAAD).mask_counts(frame, "vorig_jaar")
    assert masked["vorig_jaar"].isna().tolist() == [True, False]
    assert list(masked["label"]) == ["<5", "8"]


# ---------------------------------------------------------------- table


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_table_writes_small_counts_as_below_k(role):
    frame = pd.DataFrame({"school": ["A", "B", "C"], "meldingen": [0, 4, 1_234], "vorige_periode": [5, 3, 12]})
    table = policy(role).table(frame, ["meldingen", "vorige_periode"])
    assert table.to_dict("list") == {
        "school": ["A", "B", "C"],
        "meldingen": ["<5", "<5", "1.234"],
        "vorige_periode": ["5", "<5", "12"],
    }
    assert frame["meldingen"].tolist() == [0, 4, 1_234]  # a copy


def test_table_for_the_programme_manager_is_unchanged():
    frame = pd.DataFrame({"school": ["A"], "meldingen": [2], "vorige_periode": [1]})
    assert policy(Role.PROGRAMMAMANAGER).table(frame, ["meldingen", "vorige_periode"]).equals(frame)


# ---------------------------------------------------------------- resolutions


def test_resolutions_per_role():
    assert policy(Role.PROGRAMMAMANAGER).resolutions == (7, 8, 9)
    assert policy(Role.VIOS).resolutions == (7, 8)
    assert policy(Role.RAAD).resolutions == (7, 8)


@pytest.mark.parametrize(
    ("role", "requested", "given"),
    [
        (Role.PROGRAMMAMANAGER, 9, 9),
        (Role.PROGRAMMAMANAGER, 7, 7),
        (Role.PROGRAMMAMANAGER, None, 8),
        (Role.PROGRAMMAMANAGER, 10, 8),
        (Role.RAAD, 9, 8),
        (Role.RAAD, 7, 7),
        (Role.RAAD, None, 8),
        (Role.VIOS, 9, 8),
        (Role.VIOS, 6, 8),
    ],
)
def test_resolution_falls_back_to_8(role, requested, given):
    assert policy(role).resolution(requested) == given


def test_only_the_programme_manager_gets_a_heatmap():
    assert policy(Role.PROGRAMMAMANAGER).heatmap
    assert not policy(Role.VIOS).heatmap
    assert not policy(Role.RAAD).heatmap


# ---------------------------------------------------------------- the report view on the demo store


def is_small_number(value) -> bool:
    """Whether a table value shows a count below k (strings like '1.234' are counts too)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return False
    if isinstance(value, str):
        if value in (f"<{K}", PROTECTED_LABEL):
            return False
        return int(value.replace(".", "")) < K
    return value < K


def _preset(name: str) -> ReportFilter:
    return from_query_params({"periode": name}, TODAY, CITY.programme_start)


@pytest.fixture(scope="module")
def views(demo_engine):
    built = {}
    with db.read_session(demo_engine) as session:
        for role in Role:
            for preset in ("alles", "3m", "4w"):
                for resolution in (8, 9):
                    built[role, preset, resolution] = report_views.build_report_view(
                        session, _preset(preset), policy(role), CITY, resolution
                    )
    return built


VIEW_KEYS = [(role, preset, res) for role in OTHER_ROLES for preset in ("alles", "3m", "4w") for res in (8, 9)]


@pytest.mark.parametrize("key", VIEW_KEYS)
def test_no_count_below_k_in_any_downloadable_table(views, key):
    view = views[key]
    for name, table in view.tables().items():
        for column in COUNT_COLUMNS & set(table.columns):
            small = [value for value in table[column] if is_small_number(value)]
            assert small == [], f"{name}.{column}"


@pytest.mark.parametrize("key", VIEW_KEYS)
def test_no_count_below_k_in_cells_trend_grid_or_totals(views, key):
    view = views[key]
    for frame, column in (
        (view.cells, "meldingen"),
        (view.trend, "meldingen"),
        (view.trend, "vorig_jaar"),
        (view.grid, "meldingen"),
    ):
        assert not any(is_small_number(value) for value in frame[column])
        if "label" in frame and column == "meldingen":
            assert frame.loc[frame["onderdrukt"], "label"].isin(["<5", PROTECTED_LABEL]).all()
            assert frame.loc[frame["label"].eq(PROTECTED_LABEL), "onderdrukt"].all()
            assert frame.loc[frame["onderdrukt"], column].isna().all()
    for count in (view.total, view.previous_total, *view.aftercare):
        assert count.value is None or count.value >= K
    assert view.cells.loc[view.cells["onderdrukt"], "aandeel"].isna().all()


@pytest.mark.parametrize("key", VIEW_KEYS)
def test_other_roles_get_no_heat_and_no_fine_hexagons(views, key):
    view = views[key]
    assert view.heat is None
    assert view.resolution == 8
    assert view.trend_grain == "month"


@pytest.mark.parametrize("key", VIEW_KEYS)
def test_rows_adding_up_to_the_shown_total_never_hide_exactly_one(views, key):
    """A lone hidden row of a table whose rows add up to the shown total could be worked out by subtraction."""
    view = views[key]
    if view.total.suppressed:
        return
    for table in (view.cells, view.grid, *view.breakdowns.values()):
        flags = table["onderdrukt"] if "onderdrukt" in table else table["meldingen"].isin([f"<{K}", PROTECTED_LABEL])
        assert int(flags.sum()) != 1


@pytest.mark.parametrize("preset", ["alles", "3m", "4w"])
def test_programme_manager_view_is_exact(views, demo_engine, preset):
    f = _preset(preset)
    view = views[Role.PROGRAMMAMANAGER, preset, 9]
    ((want,),) = sql(
        demo_engine,
        "SELECT COUNT(*) FROM report WHERE local_date BETWEEN ? AND ?",
        f.start.isoformat(),
        f.end.isoformat(),
    )
    assert view.total.value == want
    assert not view.cells["onderdrukt"].any()
    assert int(view.cells["meldingen"].sum()) == want
    assert view.resolution == 9
    assert view.heat is not None
    assert len(view.heat) == len(view.cells)
    assert int(view.heat["meldingen"].sum()) == want
    assert int(view.trend["meldingen"].sum()) == want
    assert int(view.grid["meldingen"].sum()) == want


def test_programme_manager_gets_weekly_trend_for_short_periods(views):
    assert views[Role.PROGRAMMAMANAGER, "3m", 8].trend_grain == "week"
    assert views[Role.PROGRAMMAMANAGER, "alles", 8].trend_grain == "month"


def test_since_the_start_cannot_be_compared(views):
    view = views[Role.RAAD, "alles", 8]
    assert not view.comparison_possible
    assert view.emerging_wijken.empty
    assert views[Role.RAAD, "3m", 8].comparison_possible


# ---------------------------------------------------------------- leaks on a hand-made store

HOTSPOT = (51.8135, 4.6660)


@pytest.fixture(scope="module")
def leaky_store(tmp_path_factory):
    rows = []
    # Emerging: Reeland 12 reports in June 2026 against 2 in the four weeks before; Crabbehof steady at 6 and 6.
    rows += [
        report(local(2026, 6, 2 + day, 20), wijk="Reeland", latitude=HOTSPOT[0], longitude=HOTSPOT[1])
        for day in range(12)
    ]
    rows += [
        report(local(2026, 5, 10 + day, 20), wijk="Reeland", latitude=HOTSPOT[0], longitude=HOTSPOT[1])
        for day in range(2)
    ]
    far = offset(HOTSPOT, -3000, 2000)
    rows += [
        report(local(2026, 6, 3 + day, 9), wijk="Crabbehof", latitude=far[0], longitude=far[1]) for day in range(6)
    ]
    rows += [
        report(local(2026, 5, 5 + day, 9), wijk="Crabbehof", latitude=far[0], longitude=far[1]) for day in range(6)
    ]
    # Trend: 6 in September, 2 in October, 7 in November 2026.
    for month, n in ((9, 6), (10, 2), (11, 7)):
        rows += [report(local(2026, month, 3 + day, 15)) for day in range(n)]
    return store_with(tmp_path_factory.mktemp("leaks") / "leaky.sqlite", rows)


def test_the_emerging_table_names_the_rising_wijk(leaky_store):
    with db.read_session(leaky_store) as session:
        view = report_views.build_report_view(
            session, ReportFilter(date(2026, 6, 1), date(2026, 6, 28)), policy(Role.RAAD), CITY
        )
    table = view.tables()["Opkomende wijken"]
    assert list(table["wijk"]) == ["Reeland"]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_see_only_which_places_rose(leaky_store, role):
    """A significant rise next to one shown count would bound the other, so no counts or statistics are listed."""
    with db.read_session(leaky_store) as session:
        view = report_views.build_report_view(
            session, ReportFilter(date(2026, 6, 1), date(2026, 6, 28)), policy(role), CITY
        )
    assert list(view.tables()["Opkomende wijken"].columns) == ["wijk"]
    assert list(view.emerging_cells.columns) == ["cel"]
    assert len(view.emerging_cells)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_a_lone_suppressed_month_cannot_be_worked_out_from_the_total(leaky_store, role):
    with db.read_session(leaky_store) as session:
        view = report_views.build_report_view(
            session, ReportFilter(date(2026, 9, 1), date(2026, 11, 27)), policy(role), CITY
        )
    assert int(view.trend["onderdrukt"].sum()) != 1


def test_the_trend_rows_add_up_to_the_shown_total(leaky_store):
    with db.read_session(leaky_store) as session:
        view = report_views.build_report_view(
            session, ReportFilter(date(2026, 9, 1), date(2026, 11, 27)), policy(Role.RAAD), CITY
        )
    assert view.total.label == "15"
    assert list(view.trend["periode"]) == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    assert int(view.trend["meldingen"].fillna(0).sum()) <= 15


def test_the_trend_says_which_bars_cover_only_part_of_their_month(demo_engine):
    """Three months from 28 August: the August bar holds four days, the November bar runs to today."""
    with db.read_session(demo_engine) as session:
        view = report_views.build_report_view(
            session, ReportFilter(date(2026, 8, 28), date(2026, 11, 27)), policy(Role.RAAD), CITY
        )
        whole = report_views.build_report_view(
            session, ReportFilter(date(2026, 1, 1), date(2026, 3, 31)), policy(Role.RAAD), CITY
        )
    assert view.partial_periods() == (
        "Let op: de eerste maand telt vanaf 28 aug 2026 en de laatste maand tot en met 27 nov 2026."
    )
    assert whole.partial_periods() == ""


# ---------------------------------------------------------------- privacy


@pytest.mark.parametrize("value", [0, 1, 2, 3, 4, 5, 17, 1234])
def test_programme_manager_sees_exact_counts(value):
    policy = policy_for(Role.PROGRAMMAMANAGER, CITY)
    count = policy.count(value)
    assert count.value == value
    assert not count.suppressed
    assert count.label == {1234: "1.234"}.get(value, str(value))


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize("value", [0, 1, 2, 3, 4])
def test_small_counts_are_suppressed_for_other_roles(role, value):
    count = policy_for(role, CITY).count(value)
    assert count.value is None
    assert count.suppressed
    assert count.label == "<5"


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize(("value", "label"), [(5, "5"), (6, "6"), (99, "99"), (1234, "1.234")])
def test_counts_from_k_are_shown_to_other_roles(role, value, label):
    count = policy_for(role, CITY).count(value)
    assert (count.value, count.label, count.suppressed) == (value, label, False)


def test_threshold_follows_the_profile():
    policy = policy_for(Role.RAAD, CityProfile(privacy_k=10))
    assert policy.count(9).label == "<10"
    assert policy.count(10).value == 10
    assert policy.suppressed_label == "<10"


def test_location_and_trend_detail_per_role():
    manager = policy_for(Role.PROGRAMMAMANAGER, CITY)
    assert manager.finest_h3_resolution == 9
    assert (manager.trend_grain(182), manager.trend_grain(365)) == ("week", "month")
    for role in OTHER_ROLES:
        policy = policy_for(role, CITY)
        assert policy.finest_h3_resolution < 9
        assert (policy.trend_grain(28), policy.trend_grain(365)) == ("month", "month")


COUNTS = pd.DataFrame({"wijk": ["A", "B", "C", "D", "E", "F", "G"], "meldingen": [0, 1, 4, 5, 12, 3, 1234]})


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_mask_counts_hides_every_count_below_k(role):
    masked = policy_for(role, CITY).mask_counts(COUNTS)
    shown = masked["meldingen"].dropna()
    assert (shown >= 5).all()
    assert sorted(int(value) for value in shown) == [5, 12, 1234]
    assert masked["meldingen"].isna().tolist() == [True, True, True, False, False, True, False]
    assert masked["onderdrukt"].tolist() == [True, True, True, False, False, True, False]
    assert masked["label"].tolist() == ["<5", "<5", "<5", "5", "12", "<5", "1.234"]
    assert masked["wijk"].tolist() == COUNTS["wijk"].tolist()


def test_mask_counts_leaves_a_table_alone():
    before = COUNTS.copy()
    policy_for(Role.VIOS, CITY).mask_counts(COUNTS)
    pd.testing.assert_frame_equal(COUNTS, before)


def test_mask_counts_for_the_programme_manager_hides_nothing():
    masked = policy_for(Role.PROGRAMMAMANAGER, CITY).mask_counts(COUNTS)
    assert masked["meldingen"].tolist() == [0, 1, 4, 5, 12, 3, 1234]
    assert not masked["onderdrukt"].any()
    assert masked["label"].tolist() == ["0", "1", "4", "5", "12", "3", "1.234"]


def test_mask_counts_with_another_column_name():
    frame = pd.DataFrame({"week": [1, 2], "aantal": [2, 8]})
    masked = policy_for(Role.RAAD, CITY).mask_counts(frame, column="aantal")
    assert masked["aantal"].isna().tolist() == [True, False]
    assert masked["label"].tolist() == ["<5", "8"]


def test_comparable():
    manager = policy_for(Role.PROGRAMMAMANAGER, CITY)
    assert manager.comparable(0, 1)
    for role in OTHER_ROLES:
        policy = policy_for(role, CITY)
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
    policy = policy_for(Role.VIOS)
    assert policy.k == 7
    assert policy.count(6).label == "<7"


def test_secondary_suppression_hides_rows_until_the_hidden_ones_hold_k():
    """Two hidden rows of 1 and 2 add up to 3: with the total shown, more rows must be hidden."""
    policy = policy_for(Role.RAAD, CityProfile())
    frame = pd.DataFrame({"waarde": ["a", "b", "c", "d"], "meldingen": [1, 2, 6, 9]})
    masked = policy.mask_counts(frame, total_shown=True)
    hidden = frame["meldingen"][masked["onderdrukt"]]
    assert hidden.sum() >= 5
    assert list(masked["onderdrukt"]) == [True, True, True, False]


# ---------------------------------------------------------------- one rule per kind of figure


def bars(values: list[int]) -> pd.DataFrame:
    months = [date(2026, month, 1) for month in range(1, len(values) + 1)]
    ends = [date(2026, month + 1, 1) - pd.Timedelta(days=1).to_pytimedelta() for month in range(1, len(values) + 1)]
    return pd.DataFrame({"van": months, "tot": ends, "meldingen": values})


def test_period_bars_all_hidden_become_one_bar_for_the_period():
    shown = policy(Role.RAAD).period_bars(bars([1, 2, 1]))
    assert len(shown) == 1
    assert (shown["van"].iloc[0], shown["tot"].iloc[0]) == (date(2026, 1, 1), date(2026, 3, 31))
    assert shown["label"].iloc[0] == "<5" and bool(shown["onderdrukt"].iloc[0])


def test_period_bars_keep_every_bar_when_some_are_shown():
    shown = policy(Role.RAAD).period_bars(bars([12, 2, 9, 20]))
    assert len(shown) == 4
    assert shown["onderdrukt"].sum() >= 2  # the <5 one and enough beside it to keep it from the total


def test_period_bars_hide_nothing_from_the_programme_manager():
    shown = policy(Role.PROGRAMMAMANAGER).period_bars(bars([1, 2, 1]))
    assert list(shown["meldingen"]) == [1, 2, 1] and not shown["onderdrukt"].any()


def test_categories_list_every_value_for_other_roles_with_the_hidden_last():
    frame = pd.DataFrame({"vorm": ["b", "d", "e", "a"], "meldingen": [30, 20, 9, 3]})
    values = ["a", "b", "c", "d", "e"]
    shown = policy(Role.VIOS).categories(frame, "vorm", values)
    assert list(shown["vorm"])[:2] == ["b", "d"]
    assert set(shown["vorm"]) == set(values)
    assert list(shown["onderdrukt"]) == sorted(shown["onderdrukt"])
    exact = policy(Role.PROGRAMMAMANAGER).categories(frame, "vorm", values)
    assert list(exact["vorm"]) == ["b", "d", "e", "a"]


def test_test_results_leave_out_the_figures_for_other_roles():
    frame = pd.DataFrame({"wijk": ["A"], "meldingen": [9], "p": [0.01]})
    assert list(policy(Role.RAAD).test_results(frame, ["meldingen", "p"]).columns) == ["wijk"]
    assert list(policy(Role.PROGRAMMAMANAGER).test_results(frame, ["meldingen", "p"]).columns) == list(frame.columns)


def test_a_hidden_period_is_drawn_as_a_labelled_bar_not_a_gap():
    from vsdata import charts

    trend = (
        policy(Role.RAAD)
        .period_bars(bars([12, 2, 9, 20]))
        .assign(periode=lambda frame: frame["van"], reeks="Deze periode")
    )
    spec = charts.trend_chart(trend, "month").to_dict()
    hidden_layers = [layer for layer in spec["layer"] if {"filter": "datum.onderdrukt"} in layer.get("transform", [])]
    marks = {layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in hidden_layers}
    assert marks == {"bar", "text"}
    text = next(layer for layer in hidden_layers if layer["mark"]["type"] == "text")
    assert text["encoding"]["y"]["field"] == "midden_hoogte", "the label sits inside the bar, not on the axis"
    assert "Afgeschermd (te weinig om te tonen)" in spec["layer"][0]["encoding"]["color"]["scale"]["domain"]


def test_the_average_line_breaks_at_a_hidden_period_instead_of_bridging_it():
    from vsdata import charts

    trend = (
        policy(Role.RAAD)
        .period_bars(bars([12, 2, 9, 20]))
        .assign(periode=lambda frame: frame["van"], reeks="Deze periode", gemiddelde=[10.0, None, None, 12.0])
    )
    spec = charts.trend_chart(trend, "month").to_dict()
    [line] = [layer for layer in spec["layer"] if "gemiddelde_getoond" in str(layer["encoding"].get("y"))]
    assert line["encoding"]["detail"]["field"] == "gemiddelde_deel"
    rows = next(iter(spec["datasets"].values()))
    parts = {row["gemiddelde_deel"] for row in rows if row["gemiddelde_getoond"] is not None}
    assert len(parts) == 2, "the known averages before and after the hidden months are separate lines"


def hot_result() -> HotspotResult:
    cells = pd.DataFrame(
        {
            "cel": ["a", "b", "c", "d"],
            "meldingen": [9, 2, 0, 7],
            "z": [3.1, 2.2, 0.1, 0.4],
            "p": [0.001, 0.02, 0.5, 0.4],
            "gi_bin": [3, 2, 0, 1],
            "klasse": ["", "", "", ""],
        }
    )
    areas = (HotspotArea("Binnenstad", ("a", "b"), 3), HotspotArea("Wielwijk", ("d",), 1))
    return HotspotResult("ok", "2 hot spots.", cells, areas)


def test_hot_spots_for_the_programme_manager_are_unchanged():
    result = hot_result()
    assert policy_for(Role.PROGRAMMAMANAGER).hot_spots(result, set()) is result


@pytest.mark.parametrize("role", [Role.VIOS, Role.RAAD])
def test_hot_spots_keep_their_number_but_outline_and_name_only_shown_cells(role):
    policy = policy_for(role)
    one_grey = policy.hot_spots(hot_result(), {"a", "c"})
    assert list(one_grey.cells.columns) == ["cel", "gi_bin", "klasse"], "no counts, z or p of any cell"
    assert list(one_grey.cells["cel"]) == ["a", "c"]
    assert list(one_grey.significant["cel"]) == ["a"]
    assert (one_grey.status, one_grey.hot, [area.name for area in one_grey.areas]) == ("ok", 2, ["Binnenstad"])
    assert one_grey.message == (
        "2 hot spots, waarvan 1 op de kaart: Binnenstad. De andere ligt in vakken met minder dan 5 meldingen "
        "en is daarom niet omlijnd."
    )
    all_grey = policy.hot_spots(hot_result(), {"c"})
    assert all_grey.significant.empty and all_grey.hot == 2 and all_grey.areas == ()
    assert all_grey.message.startswith("2 hot spots, waarvan 0 op de kaart. De andere liggen")
    all_shown = policy.hot_spots(hot_result(), {"a", "b", "d"})
    assert all_shown.message == "2 hot spots." and all_shown.hot == 2
    too_few = HotspotResult("te_weinig", "te weinig", hot_result().cells.iloc[0:0])
    assert policy.hot_spots(too_few, set()).hot == 0
