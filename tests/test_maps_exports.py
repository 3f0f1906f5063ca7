"""The Meldingen map as sent to the browser (classes, tooltips, coordinates, assets, size) and the downloads."""

from __future__ import annotations

import dataclasses
import html as html_module
import io
import json
import math
import re
from itertools import pairwise

import h3
import openpyxl
import pandas as pd
import pytest

from tests.conftest import TODAY
from vsdata import db, exports, geometry, hotspots, maps, palette, report_views
from vsdata.privacy import PROTECTED_LABEL, policy_for
from vsdata.report_filter import from_query_params
from vsdata.roles import Role
from vsdata.settings import CityProfile

CITY = CityProfile()
K = CITY.privacy_k
BOM = b"\xef\xbb\xbf"
PAIR = re.compile(r"\[\s*(-?\d+\.\d+(?:e-?\d+)?)\s*,\s*(-?\d+\.\d+(?:e-?\d+)?)\s*\]")


# ---------------------------------------------------------------- colour classes


@pytest.mark.parametrize("lowest", [1, 2, 5, 10])
@pytest.mark.parametrize("max_count", [0, 1, 3, 4, 5, 6, 9, 10, 11, 49, 50, 51, 99, 100, 250, 999, 5_000, 123_456])
def test_count_classes_start_at_lowest_and_cover_the_maximum(lowest, max_count):
    classes = geometry.count_classes(max_count, lowest)
    assert 1 <= len(classes) <= len(palette.MAP_COUNT_SCALE)
    assert classes[0][0] == lowest
    assert all(start >= lowest for start, _ in classes)
    for (start, end), (next_start, _) in pairwise(classes):
        assert end is not None
        assert start <= end
        assert end + 1 == next_start  # no gaps, no overlaps
    last_start, last_end = classes[-1]
    assert last_end is None or last_end >= max(max_count, lowest)
    assert last_start <= max(max_count, lowest)


def test_count_classes_examples():
    assert geometry.count_classes(4, 5) == [(5, None)]
    assert geometry.count_classes(12, 5) == [(5, 9), (10, None)]
    assert geometry.count_classes(12, 1) == [(1, 1), (2, 2), (3, 4), (5, 9), (10, None)]


def test_hexagon_features_carry_only_the_tooltip_and_colour():
    cells = pd.DataFrame(
        {
            "cel": [h3.latlng_to_cell(51.81, 4.67, 8), h3.latlng_to_cell(51.80, 4.69, 8)],
            "meldingen": pd.array([12, pd.NA], dtype="Int64"),
            "label": ["12", "<5"],
            "onderdrukt": [False, True],
            "aandeel": pd.array([0.8, pd.NA], dtype="Float64"),
        }
    )
    document = geometry.hexagon_features(cells, geometry.count_classes(12, K))
    properties = [feature["properties"] for feature in document["features"]]
    assert [sorted(p) for p in properties] == [["aandeel", "kleur", "meldingen"]] * 2
    assert properties[1] == {"meldingen": "<5", "aandeel": "-", "kleur": palette.SUPPRESSED}
    assert properties[0]["meldingen"] == "12"
    assert properties[0]["kleur"] in palette.MAP_COUNT_SCALE
    ring = document["features"][0]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1]
    assert [(lat, lng) for lng, lat in ring[:-1]] == [tuple(v) for v in h3.cell_to_boundary(cells["cel"][0])]


def test_count_legend_writes_ranges_with_an_en_dash():
    cells = pd.DataFrame({"meldingen": pd.array([3, 12], dtype="Int64"), "onderdrukt": [False, False]})
    _, items = geometry.count_legend(cells, 1, "<5")
    assert [label for _, label in items] == ["1", "2", "3\u20134", "5\u20139", "10 of meer"]


def test_hot_spot_outlines_are_dark_and_differ_per_level_by_their_line_only():
    cells = [h3.latlng_to_cell(51.81, 4.67 + step / 100, 8) for step in range(3)]
    significant = pd.DataFrame({"cel": cells, "gi_bin": [3, 2, 1]})
    properties = [feature["properties"] for feature in geometry.hotspot_features(significant)["features"]]
    assert [p["streep"] for p in properties] == ["", "9 5", "2 5"]
    assert len({p["rand"] for p in properties}) == 3
    assert palette.OUTLINE not in palette.MAP_COUNT_SCALE
    fmap = maps.report_map(
        pd.DataFrame(columns=["cel", "meldingen", "label", "onderdrukt", "aandeel"]).astype({"onderdrukt": bool}),
        significant,
        pd.DataFrame(columns=["school", "latitude", "longitude"]),
        centre=CITY.map_center,
        zoom=13,
        lowest_count=1,
        suppressed_label="<5",
    )
    html = maps.map_html(fmap)
    for style in ("solid", "dashed", "dotted"):
        assert f"3px {style} {palette.OUTLINE}" in html, style


def test_place_names_do_not_overlap_on_the_static_map():
    cells = pd.Series(hotspots.study_area([], 8, CITY.bounding_box))
    labels = geometry.place_labels(CITY.places, cells, 620, 520)
    assert set(labels["naam"]) == {name for name, _, _ in CITY.places}, "every name has a free spot"
    xs = [math.radians(lng) for lng in labels["longitude"]]
    ys = [math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) for lat in labels["latitude"]]
    corners = [corner for cell in cells for corner in h3.cell_to_boundary(cell)]
    corner_xs = [math.radians(lng) for _, lng in corners]
    corner_ys = [math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) for lat, _ in corners]
    scale = min(620 / (max(corner_xs) - min(corner_xs)), 520 / (max(corner_ys) - min(corner_ys)))
    boxes = [
        (x * scale - len(name) * 3.7, -y * scale - 7.5, x * scale + len(name) * 3.7, -y * scale + 7.5)
        for name, x, y in zip(labels["naam"], xs, ys, strict=True)
    ]
    for index, one in enumerate(boxes):
        for other in boxes[index + 1 :]:
            assert not (one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3])


# ---------------------------------------------------------------- the rendered map


def _view(engine, role: Role, preset: str, resolution: int):
    report_filter = from_query_params({"periode": preset}, TODAY, CITY.programme_start)
    with db.read_session(engine) as session:
        return report_views.build_report_view(session, report_filter, policy_for(role, CITY), CITY, resolution)


def _html(view, role: Role) -> str:
    policy = policy_for(role, CITY)
    fmap = maps.report_map(
        view.cells,
        view.hotspots.significant,
        view.schools,
        centre=CITY.map_center,
        zoom=CITY.map_zoom,
        lowest_count=1 if policy.exact else policy.k,
        suppressed_label=policy.suppressed_label,
        heat=view.heat,
    )
    return maps.map_html(fmap)


@pytest.fixture(scope="module")
def rendered(demo_engine):
    """(view, html) per role, preset and requested resolution."""
    built = {}
    for role in (Role.RAAD, Role.VIOS, Role.PROGRAMMAMANAGER):
        for preset in ("alles", "3m"):
            for resolution in (7, 8, 9):
                view = _view(demo_engine, role, preset, resolution)
                built[role, preset, resolution] = (view, _html(view, role))
    return built


def geojson_documents(html: str) -> list[dict]:
    """Every GeoJSON FeatureCollection handed to Leaflet in the page."""
    decoder = json.JSONDecoder()
    documents = []
    for match in re.finditer(r"_add\(", html):
        try:
            document, _ = decoder.raw_decode(html, match.end())
        except json.JSONDecodeError:
            continue
        if isinstance(document, dict) and "features" in document:
            documents.append(document)
    return documents


def hexagon_layer(html: str) -> list[dict]:
    (layer,) = [d["features"] for d in geojson_documents(html) if "meldingen" in d["features"][0]["properties"]]
    return layer


def vertices(cells) -> set[tuple[float, float]]:
    """(lng, lat) corners of the cells, as GeoJSON writes them."""
    return {(lng, lat) for cell in cells for lat, lng in h3.cell_to_boundary(cell)}


def legend_labels(html: str) -> list[str]:
    match = re.search(r"div\.innerHTML = (\".*?\");\n", html)
    body = json.loads(match.group(1))
    return [html_module.unescape(label) for label in re.findall(r"</span>([^<]+)</div>", body)]


RAAD_KEYS = [(role, preset, res) for role in (Role.RAAD, Role.VIOS) for preset in ("alles", "3m") for res in (7, 8, 9)]


@pytest.mark.parametrize("key", RAAD_KEYS)
def test_map_for_other_roles_has_no_heat_layer(rendered, key):
    _, html = rendered[key]
    assert "HeatMap" not in html
    assert "heatLayer" not in html
    assert "leaflet_heat" not in html


@pytest.mark.parametrize("key", RAAD_KEYS)
def test_map_tooltips_show_no_count_below_k(rendered, key):
    view, html = rendered[key]
    features = hexagon_layer(html)
    assert len(features) == len(view.cells)
    for feature in features:
        shown = feature["properties"]["meldingen"]
        suppressed = shown in (f"<{K}", PROTECTED_LABEL)
        assert suppressed or (shown.replace(".", "").isdigit() and int(shown.replace(".", "")) >= K), shown
        if suppressed:
            assert feature["properties"]["aandeel"] == "-"
            assert feature["properties"]["kleur"] == palette.SUPPRESSED
    assert any(f["properties"]["meldingen"] == f"<{K}" for f in features)  # the demo store has small cells


@pytest.mark.parametrize("key", RAAD_KEYS)
def test_map_legend_for_other_roles_has_no_class_below_k(rendered, key):
    _, html = rendered[key]
    labels = legend_labels(html)
    assert f"<{K} of {PROTECTED_LABEL}" in labels
    for label in labels:
        numbers = [int(n) for n in re.findall(r"\d+", label)]
        if label.startswith(f"<{K}"):
            assert label == f"<{K} of {PROTECTED_LABEL}"
        elif numbers and "Hot spot" not in label and "Cold spot" not in label and "betrouwbaar" not in label:
            assert min(numbers) >= K, label


@pytest.mark.parametrize("key", RAAD_KEYS)
def test_every_coordinate_on_the_map_is_a_hexagon_corner_a_school_or_the_centre(rendered, key):
    view, html = rendered[key]
    assert view.resolution in (7, 8)
    corners = vertices(view.cells["cel"]) | vertices(view.hotspots.significant["cel"])
    schools = set(zip(view.schools["latitude"], view.schools["longitude"], strict=True))
    allowed = corners | schools | {tuple(CITY.map_center)}
    pairs = [(float(a), float(b)) for a, b in PAIR.findall(html)]
    assert len(pairs) > 6 * len(view.cells)
    strays = [pair for pair in pairs if pair not in allowed]
    assert strays == []
    # and the hexagon layer draws exactly the view's cells
    drawn = {tuple(map(tuple, f["geometry"]["coordinates"][0])) for f in hexagon_layer(html)}
    assert drawn == {tuple(tuple(p) for p in geometry.hexagon_ring(cell)) for cell in view.cells["cel"]}


@pytest.mark.parametrize("preset", ["alles", "3m"])
def test_map_for_the_programme_manager_has_the_heat_layer(rendered, preset):
    view, html = rendered[Role.PROGRAMMAMANAGER, preset, 9]
    assert "L.heatLayer" in html
    assert "app/static/vendor/leaflet_heat.min.js" in html
    assert view.resolution == 9


@pytest.mark.parametrize("key", list(RAAD_KEYS) + [(Role.PROGRAMMAMANAGER, "alles", r) for r in (7, 8, 9)])
def test_map_uses_no_third_party_cdn(rendered, key):
    _, html = rendered[key]
    for cdn in ("cdn.jsdelivr", "code.jquery", "cdnjs", "unpkg.com", "maxcdn", "bootstrapcdn"):
        assert cdn not in html
    assets = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert assets
    assert all("app/static/vendor" in url for url in assets), assets
    # only the background tiles come from outside
    outside = set(re.findall(r"https?://[^\s\"'<>]+", html))
    assert outside == {maps.PDOK_TILES, maps.OSM_TILES}


@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.RAAD])
@pytest.mark.parametrize("resolution", [7, 8, 9])
def test_map_html_stays_small_for_the_demo_store(rendered, role, resolution):
    _, html = rendered[role, "alles", resolution]
    assert len(html.encode("utf-8")) < 300_000


@pytest.mark.parametrize("role", [Role.RAAD, Role.PROGRAMMAMANAGER])
def test_map_of_an_empty_selection_renders(empty_engine, role):
    view = _view(empty_engine, role, "3m", 8)
    assert view.cells["meldingen"].sum() == 0 if role == Role.PROGRAMMAMANAGER else view.cells["onderdrukt"].all()
    html = _html(view, role)
    assert "L.map(" in html


# ---------------------------------------------------------------- downloads


def test_csv_has_a_bom_semicolons_and_decimal_commas():
    table = pd.DataFrame({"wijk": ["Binnenstad", "Reeland"], "meldingen": ["12", "<5"], "aandeel": [0.25, None]})
    data = exports.csv_bytes(table)
    assert data.startswith(BOM)
    lines = data[len(BOM) :].decode("utf-8").splitlines()
    assert lines == ["wijk;meldingen;aandeel", "Binnenstad;12;0,25", "Reeland;<5;"]


def test_csv_of_a_view_table_reads_back(rendered):
    view, _ = rendered[Role.RAAD, "3m", 8]
    table = view.tables()["Wijk"]
    data = exports.csv_bytes(table)
    assert data.startswith(BOM)
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"meldingen": str})
    assert list(back.columns) == list(table.columns)
    assert list(back["Wijk"]) == list(table["Wijk"])
    assert list(back["meldingen"]) == list(table["meldingen"])
    assert "<5" in list(back["meldingen"])


def test_csv_keeps_accents():
    data = exports.csv_bytes(pd.DataFrame({"naam": ["Enquête", "Café"]}))
    assert data[len(BOM) :].decode("utf-8").splitlines() == ["naam", "Enquête", "Café"]


@pytest.mark.parametrize("role", [Role.RAAD, Role.PROGRAMMAMANAGER])
def test_xlsx_has_a_sheet_per_table_with_its_header(rendered, role):
    view, _ = rendered[role, "3m", 8]
    tables = view.tables()
    workbook = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(tables)))
    assert workbook.sheetnames == list(tables)
    for name, table in tables.items():
        rows = list(workbook[name].iter_rows(values_only=True))
        assert list(rows[0]) == list(table.columns), name
        assert len(rows) == len(table) + 1, name


def test_xlsx_for_other_roles_holds_no_count_below_k(rendered):
    view, _ = rendered[Role.RAAD, "3m", 8]
    workbook = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(view.tables())))
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        for row in rows[1:]:
            for column, value in zip(header, row, strict=True):
                if column not in {"meldingen", "vorige_periode", "vorig_jaar"} or value is None:
                    continue
                if isinstance(value, str):
                    assert value in (f"<{K}", PROTECTED_LABEL) or int(value.replace(".", "")) >= K, (
                        sheet.title,
                        column,
                        value,
                    )
                else:
                    assert value >= K, (sheet.title, column, value)


def test_xlsx_cuts_long_sheet_names_and_keeps_values():
    long_name = "Meldingen per wijk en per maand in de periode"
    tables = {long_name: pd.DataFrame({"wijk": ["A"], "meldingen": [7]}), "Leeg": pd.DataFrame({"x": []})}
    workbook = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(tables)))
    assert workbook.sheetnames == [long_name[:31], "Leeg"]
    assert list(workbook[long_name[:31]].iter_rows(values_only=True)) == [("wijk", "meldingen"), ("A", 7)]
    assert list(workbook["Leeg"].iter_rows(values_only=True)) == [("x",)]


def test_slug():
    assert exports.slug("Dag en uur") == "dag-en-uur"
    assert exports.slug("Rond scholen (500 m)") == "rond-scholen-500-m"


@pytest.mark.parametrize("role", list(Role))
def test_the_map_in_words_counts_what_the_map_draws(demo_engine, role):
    view = _view(demo_engine, role, "12m", 8)
    policy = policy_for(role, CITY)
    text = view.map_in_words(policy)
    shown, hidden = int((~view.cells["onderdrukt"]).sum()), int(view.cells["onderdrukt"].sum())
    assert re.search(rf"kleurt {shown} (vak|vakken) naar hun aantal meldingen", text)
    grey = re.search(r"; (\d+) (vak is|vakken zijn) grijs: minder dan (\d+) meldingen, of afgeschermd", text)
    assert (grey is not None) == bool(hidden)
    if grey:
        assert (int(grey[1]), int(grey[3])) == (hidden, policy.k)
    outlined = re.search(r"\. (\d+) hot spots? (is|zijn) zwart omlijnd", text)
    assert (int(outlined[1]) if outlined else 0) == len(view.hotspots.areas)
    assert "'Wijk'" in text and "'Vakken'" in text


def test_the_map_in_words_tells_of_hot_spots_that_lie_in_grey_cells(demo_engine):
    view = _view(demo_engine, Role.RAAD, "12m", 8)
    hidden_hot_spot = dataclasses.replace(view.hotspots, area_count=len(view.hotspots.areas) + 1)
    text = dataclasses.replace(view, hotspots=hidden_hot_spot).map_in_words(policy_for(Role.RAAD, CITY))
    assert text.count("1 hot spot ligt in grijze vakken") == 1


def test_the_school_map_shows_each_status_by_a_shape_beside_its_colour():
    from vsdata.schools import STATUS_COLOURS, STATUS_SYMBOLS

    statuses = list(STATUS_COLOURS)
    coverage = pd.DataFrame(
        {
            "school": [f"School {index}" for index in range(len(statuses))],
            "status": statuses,
            "uitgevoerd": 1,
            "doel": 2,
            "tempo_doel": 1.0,
            "bereik": 0.1,
            "tempo_bereik": 0.2,
            "meldingen_500m": "<5",
        }
    )
    points = coverage[["school"]].assign(latitude=51.81, longitude=[4.66 + 0.01 * i for i in range(len(statuses))])
    page = maps.map_html(maps.school_map(coverage, points, centre=CITY.map_center, zoom=CITY.map_zoom))
    # folium writes the icons and the legend as JSON strings, with \uXXXX escapes.
    page = re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match.group(1), 16)), page)
    for school, status in zip(coverage["school"], statuses, strict=True):
        symbol = STATUS_SYMBOLS[status]
        assert f">{symbol}</div>" in page, status
        assert f'"title": "{school}: {status}"' in page, "the marker's title names school and status"
        assert f"</span>{symbol} {status}</div>" in page, "the legend pairs shape and word"
    assert len(set(STATUS_SYMBOLS.values())) == len(STATUS_SYMBOLS)
