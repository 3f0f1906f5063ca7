"""Small-count suppression (incl. secondary suppression), resolutions per role, and the masked report view."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tests.conftest import TODAY
from tests.report_helpers import local, offset, report, sql, store_with
from vsdata import db, report_views
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
