"""The Meldingen page under AppTest: the map per role, filters against the store, privacy, the URL."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from tests import store_builders as builders
from tests.app_helpers import ENTRY, chart_values, metric, sql
from tests.conftest import TODAY
from tests.report_helpers import local, report
from vsdata import db
from vsdata.changes import change
from vsdata.formatting import format_number
from vsdata.models import Category
from vsdata.privacy import PROTECTED_LABEL
from vsdata.report_filter import DEFAULT_PRESET, DayKind, preset_range
from vsdata.roles import Role
from vsdata.settings import profile

PAGE = "pages/meldingen.py"
K = 5
COUNT_METRICS = ("Meldingen in periode", "Nazorg gevraagd", "Nazorg gegeven")
COUNT_COLUMNS = ("meldingen", "vorige_periode")
CHART_COUNT_FIELDS = ("meldingen", "getoond", "vorig_jaar", "vorig_jaar_getoond", "gemiddelde")
GEOJSON_CALL = re.compile(r"geo_json_\w+_add\(")
TABS = ["Trend", "Wanneer", "Wat en wie", "Rond scholen", "Opkomend", "Downloads"]
HEAT_MARKERS = ("heatLayer", "leaflet_heat", "HeatMap")


def open_meldingen(role: Role, params: dict[str, str] | None = None) -> AppTest:
    """The Meldingen page as `role`, with `params` in the URL before the first run."""
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.session_state["role"] = role.value
    app.query_params.update(params or {})
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    app.switch_page(PAGE).run()
    assert not app.exception, [item.value for item in app.exception]
    assert [title.value for title in app.title] == ["Meldingen"]
    return app


def map_args(app: AppTest) -> dict:
    """The arguments st_folium sends to its component (script, html, js/css links, ...)."""
    components = [item for item in app.get("component_instance") if item.proto.component_name.endswith("st_folium")]
    assert len(components) == 1, [item.proto.component_name for item in app.get("component_instance")]
    return json.loads(components[0].proto.json_args)


def geojson_layers(script: str) -> list[dict]:
    """Every GeoJSON document the map's script adds to a layer."""
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(script, match.end())[0] for match in GEOJSON_CALL.finditer(script)]


def count_of(label: str) -> int | None:
    """A shown count as an int; None for a suppressed one ('<k', or 'afgeschermd' when hidden to protect another)."""
    if label in (f"<{K}", PROTECTED_LABEL):
        return None
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", label), label
    return int(label.replace(".", ""))


def store_count(store, start: date, end: date, extra: str = "") -> int:
    """An independent COUNT on the store file: the period (inclusive) plus `extra` SQL conditions."""
    query = f"SELECT count(*) FROM report WHERE local_date BETWEEN ? AND ? {extra}"
    return sql(store, query, start.isoformat(), end.isoformat())


def widget(app: AppTest, kind: str, key: str):
    return getattr(app, kind)(key=key)


def hexagon_labels(app: AppTest) -> list[str]:
    """The count label of every hexagon on the map (its tooltip text)."""
    features = [feature for layer in geojson_layers(map_args(app)["script"]) for feature in layer["features"]]
    return [feature["properties"]["meldingen"] for feature in features if "meldingen" in feature["properties"]]


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_the_page_with_a_hexagon_map(app_env, role):
    app = open_meldingen(role, {"periode": "alles"})

    assert [item.label for item in app.metric] == [*COUNT_METRICS, "Hot spots"]
    assert [tab.label for tab in app.tabs] == TABS
    assert any(note.body.startswith("**Hot spots:**") for note in [*app.info, *app.warning])

    args = map_args(app)
    assert args["height"] == 560
    hexagons = [
        feature
        for layer in geojson_layers(args["script"])
        for feature in layer["features"]
        if "meldingen" in feature["properties"]
    ]
    assert len(hexagons) > 10
    assert all(feature["geometry"]["type"] == "Polygon" for feature in hexagons)
    assert all(len(feature["geometry"]["coordinates"][0]) == 7 for feature in hexagons), "6 corners, closed ring"
    # Leaflet comes from the app itself, never from a CDN.
    for link in [*args["js_links"], *args["css_links"]]:
        assert not link.startswith(("http:", "https:", "//")), link

    heat_in_script = any(marker in args["script"] for marker in HEAT_MARKERS)
    heat_js = any("heat" in link for link in args["js_links"])
    if role == Role.PROGRAMMAMANAGER:
        assert heat_in_script and heat_js, "the programme manager gets a heatmap layer"
    else:
        assert not heat_in_script and not heat_js, "a heatmap draws near-point locations"


def test_filters_change_the_figures_to_the_store_counts(app_env, served_runs):
    store = app_env
    start = profile().programme_start
    app = open_meldingen(Role.PROGRAMMAMANAGER)
    three_months = store_count(store, *preset_range(DEFAULT_PRESET, TODAY, start))
    assert metric(app, "Meldingen in periode").value == format_number(three_months)
    first, last = preset_range(DEFAULT_PRESET, TODAY, start)
    before = store_count(store, first - (last - first) - timedelta(days=1), first - timedelta(days=1))
    assert metric(app, "Meldingen in periode").delta == f"{change(three_months, before).text} t.o.v. vorige periode"
    assert app.query_params == {}

    widget(app, "selectbox", "mf_periode").set_value("alles").run()
    assert not app.exception
    everything = store_count(store, start, TODAY)
    assert everything > three_months
    assert metric(app, "Meldingen in periode").value == format_number(everything)
    assert app.query_params == {"periode": "alles"}

    widget(app, "multiselect", "mf_categorie").set_value([Category.NASTAREN]).run()
    assert not app.exception
    stared = store_count(store, start, TODAY, "AND category = 'nastaren'")
    asked = store_count(store, start, TODAY, "AND category = 'nastaren' AND aftercare_asked")
    assert 0 < stared < everything
    assert metric(app, "Meldingen in periode").value == format_number(stared)
    assert metric(app, "Nazorg gevraagd").value == format_number(asked)
    assert app.query_params == {"periode": "alles", "categorie": "nastaren"}

    widget(app, "radio", "mf_dagen").set_value(DayKind.WEEKEND).run()
    assert not app.exception
    weekend = store_count(store, start, TODAY, "AND category = 'nastaren' AND local_weekday >= 5")
    assert metric(app, "Meldingen in periode").value == format_number(weekend)
    assert app.query_params == {"periode": "alles", "categorie": "nastaren", "dagen": "weekend"}

    clear = app.button[0]
    assert clear.label == "Filters wissen"
    clear.click().run()
    assert not app.exception
    assert widget(app, "selectbox", "mf_periode").value == DEFAULT_PRESET
    assert widget(app, "multiselect", "mf_categorie").value == []
    assert widget(app, "radio", "mf_dagen").value == DayKind.ALLE
    assert metric(app, "Meldingen in periode").value == format_number(three_months)
    assert app.query_params == {}


def test_query_params_given_up_front_set_the_widgets_and_stay_in_the_url(app_env):
    # Without `served_runs`: the page runs first and goes through the entry script, as on a fresh server.
    store = app_env
    params = {"periode": "alles", "dagen": "weekend", "categorie": "nastaren,nafluiten", "resolutie": "9"}
    app = open_meldingen(Role.PROGRAMMAMANAGER, params)

    assert widget(app, "selectbox", "mf_periode").value == "alles"
    assert widget(app, "radio", "mf_dagen").value == DayKind.WEEKEND
    assert widget(app, "multiselect", "mf_categorie").value == [Category.NASTAREN, Category.NAFLUITEN]
    assert widget(app, "radio", "mf_resolutie").value == 9
    assert app.query_params == params
    expected = store_count(
        store, profile().programme_start, TODAY, "AND category IN ('nastaren', 'nafluiten') AND local_weekday >= 5"
    )
    assert metric(app, "Meldingen in periode").value == format_number(expected)
    assert "2 filters actief" in app.caption[0].value


def test_a_council_member_cannot_ask_for_fine_hexagons_or_bad_params(app_env):
    app = open_meldingen(Role.RAAD, {"resolutie": "9", "periode": "bestaat-niet", "dagen": "weekend"})

    resolution = widget(app, "radio", "mf_resolutie")
    assert resolution.options == ["Grof", "Standaard"]
    assert resolution.value == 8
    assert widget(app, "selectbox", "mf_periode").value == "3m"
    assert widget(app, "radio", "mf_dagen").value == DayKind.WEEKEND
    assert app.query_params == {"dagen": "weekend"}
    [dropped] = [warning.value for warning in app.warning if "gedeelde link" in warning.value]
    assert "periode 'bestaat-niet'" in dropped and "vakgrootte '9'" in dropped


def test_a_shared_link_says_which_filter_values_it_dropped_until_the_filter_changes(app_env):
    app = open_meldingen(Role.PROGRAMMAMANAGER, {"categorie": "nafluiten,fietsen", "wijk": "Atlantis"})

    [dropped] = [warning.value for warning in app.warning if "gedeelde link" in warning.value]
    assert "'fietsen'" in dropped and "'Atlantis'" in dropped
    assert "nafluiten" not in dropped

    widget(app, "radio", "mf_dagen").set_value(DayKind.WEEKEND).run()
    assert not [warning for warning in app.warning if "gedeelde link" in warning.value]


def test_returning_to_the_page_keeps_the_default_filters(app_env, served_runs):
    app = open_meldingen(Role.PROGRAMMAMANAGER)
    assert widget(app, "selectbox", "mf_periode").value == "3m"
    app.switch_page("pages/overzicht.py").run()
    assert [title.value for title in app.title] == ["Overzicht"]

    app.switch_page(PAGE).run()
    assert not app.exception
    assert app.query_params == {}
    assert widget(app, "selectbox", "mf_periode").value == "3m"
    assert widget(app, "radio", "mf_resolutie").value == 8


def test_what_and_who_charts_plot_their_own_columns(app_env):
    app = open_meldingen(Role.RAAD, {"periode": "alles"})
    tab = next(tab for tab in app.tabs if tab.label == "Wat en wie")

    assert sorted(item.value for item in tab.markdown) == ["**Doelgroep**", "**Soort plek**", "**Vorm**", "**Wijk**"]
    charts = tab.get("vega_lite_chart")
    assert len(charts) == 4
    for chart in charts:
        encoding = json.loads(chart.proto.spec)["encoding"]
        columns = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_all().column_names
        assert encoding["y"]["field"] in columns, (encoding["y"], columns)


@pytest.mark.parametrize("role", [Role.RAAD, Role.VIOS])
def test_other_roles_see_no_report_count_below_k(app_env, role):
    # A short, narrow selection, so many figures are small.
    app = open_meldingen(role, {"periode": "4w", "dagen": "weekend"})

    for label in COUNT_METRICS:
        value = count_of(metric(app, label).value)
        assert value is None or value >= K, (label, value)
        assert not metric(app, label).delta

    suppressed = 0
    for table in app.dataframe:
        frame = table.value
        for column in COUNT_COLUMNS:
            if column not in frame:
                continue
            for cell in frame[column]:
                value = count_of(str(cell))
                suppressed += value is None
                assert value is None or value >= K, (list(frame.columns), column, cell)
    assert suppressed, "this selection should suppress some counts"

    labels = hexagon_labels(app)
    assert labels
    assert all(count_of(label) is None or count_of(label) >= K for label in labels), labels

    for row in chart_values(app):
        for field in CHART_COUNT_FIELDS:
            value = row.get(field)
            if value is None or value != value:  # missing or NaN
                continue
            if isinstance(value, str):
                value = count_of(value)
                if value is None:
                    continue
            assert value >= K, (field, row)
        if row.get("onderdrukt"):
            assert row["label"] in (f"<{K}", PROTECTED_LABEL)


def test_a_weekday_hour_grid_with_every_cell_hidden_says_so_instead_of_an_empty_chart(empty_engine, monkeypatch):
    """Four reports on one weekend evening: fewer than k in every cell, so the council sees no grid at all."""
    with db.write_session(empty_engine) as session:
        builders.batches(session, builders.utc(2026, 11, 26, 7))
        session.add_all(report(local(2026, 11, 21, 23, minute), is_demo=True) for minute in (0, 10, 20, 30))
    monkeypatch.setenv("VSDATA_DATABASE_URL", empty_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())

    app = open_meldingen(Role.RAAD, {"periode": "4w", "dagen": "weekend"})
    when = next(tab for tab in app.tabs if tab.label == "Wanneer")
    assert len(when.get("vega_lite_chart")) == 0
    assert any("afgeschermd" in item.value for item in when.info)

    app = open_meldingen(Role.PROGRAMMAMANAGER, {"periode": "4w", "dagen": "weekend"})
    when = next(tab for tab in app.tabs if tab.label == "Wanneer")
    spec = json.loads(when.get("vega_lite_chart")[0].proto.spec)
    assert "dag van de week" in spec["description"], "the chart says in words what it shows"
