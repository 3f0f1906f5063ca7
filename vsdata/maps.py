"""Folium map builders: DataFrames in, a ``folium.Map`` out, no Streamlit.

Leaflet and its heat plugin are served by the app itself (see
``vsdata/assets.py``), so the map needs no third-party CDN; only the
background tiles come from outside, and without them the data layers still
draw.
"""

from __future__ import annotations

import html

import folium
import h3
import pandas as pd
from branca.element import MacroElement
from folium.plugins import HeatMap
from jinja2 import Template

from vsdata import assets
from vsdata.formatting import format_percent
from vsdata.hotspots import BIN_LABELS
from vsdata.privacy import PROTECTED_LABEL
from vsdata.schools import STATUS_COLOURS

PDOK_TILES = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
PDOK_ATTRIBUTION = "Kaart: BRT-Achtergrondkaart, Kadaster (PDOK)"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "Kaart: OpenStreetMap-bijdragers"

COUNT_COLOURS = ["#FFF3B0", "#FED976", "#FEB24C", "#FD8D3C", "#F03B20", "#BD0026", "#800026"]
SUPPRESSED_COLOUR = "#CBD2D9"
HOTSPOT_COLOURS = {3: "#B2182B", 2: "#D6604D", 1: "#F4A582"}
CLASS_EDGES = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000]


def count_classes(max_count: int, lowest: int) -> list[tuple[int, int | None]]:
    """Colour classes (from, to inclusive; None = and more) for counts from ``lowest`` up to ``max_count``.

    For roles that see no count below k, ``lowest`` is k, so no class tells
    apart the counts hidden as "<k".
    """
    edges = [lowest] + [edge for edge in CLASS_EDGES if lowest < edge <= max_count]
    edges = edges[-len(COUNT_COLOURS) :] if len(edges) > len(COUNT_COLOURS) else edges
    edges[0] = lowest
    return [(start, edges[index + 1] - 1 if index + 1 < len(edges) else None) for index, start in enumerate(edges)]


def count_legend(
    cells: pd.DataFrame, lowest_count: int, suppressed_label: str
) -> tuple[list[tuple[int, int | None]], list[tuple[str, str]]]:
    """The colour classes for the cells' shown counts, and the legend's (colour, label) items."""
    shown = cells[~cells["onderdrukt"]]
    max_count = int(shown["meldingen"].max()) if len(shown) else lowest_count
    classes = count_classes(max_count, lowest_count)
    colours = COUNT_COLOURS[-len(classes) :] if len(classes) < len(COUNT_COLOURS) else COUNT_COLOURS
    items = [(colour, _class_label(start, end)) for (start, end), colour in zip(classes, colours, strict=False)]
    if cells["onderdrukt"].any():
        items.insert(0, (SUPPRESSED_COLOUR, f"{suppressed_label} of {PROTECTED_LABEL}"))
    return classes, items


def _class_colour(count: float, classes: list[tuple[int, int | None]]) -> str:
    colours = COUNT_COLOURS[-len(classes) :] if len(classes) < len(COUNT_COLOURS) else COUNT_COLOURS
    for (start, end), colour in zip(classes, colours, strict=False):
        if count >= start and (end is None or count <= end):
            return colour
    return colours[-1]


def _class_label(start: int, end: int | None) -> str:
    if end is None:
        return f"{start} of meer"
    return str(start) if start == end else f"{start} - {end}"


def _hexagon(cell: str) -> list[list[float]]:
    ring = [[lng, lat] for lat, lng in h3.cell_to_boundary(cell)]
    return [*ring, ring[0]]


def hexagon_features(cells: pd.DataFrame, classes) -> dict:
    """GeoJSON of the cells; a feature carries only what its tooltip shows (label, share)."""
    features = []
    for row in cells.itertuples(index=False):
        suppressed = bool(row.onderdrukt)
        share = "" if suppressed or pd.isna(row.aandeel) else format_percent(float(row.aandeel))
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [_hexagon(row.cel)]},
                "properties": {
                    "meldingen": row.label,
                    "aandeel": share or "-",
                    "kleur": SUPPRESSED_COLOUR if suppressed else _class_colour(float(row.meldingen), classes),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def hotspot_features(significant: pd.DataFrame) -> dict:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [_hexagon(row.cel)]},
            "properties": {"klasse": BIN_LABELS[int(row.gi_bin)], "kleur": HOTSPOT_COLOURS[int(row.gi_bin)]},
        }
        for row in significant.itertuples(index=False)
    ]
    return {"type": "FeatureCollection", "features": features}


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres only."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class Legend(MacroElement):
    """A legend as a Leaflet control, so it renders inside the map (also in the app's iframe)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var legend_{{ this.get_name() }} = L.control({position: "bottomright"});
        legend_{{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", "vs-legend");
            div.style.cssText = "background:#fff;padding:6px 8px;border-radius:4px;font:12px/1.4 sans-serif;"
                + "box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:220px";
            div.innerHTML = {{ this.body|tojson }};
            return div;
        };
        legend_{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]):
        super().__init__()
        self._name = "Legend"
        parts = []
        for title, items in sections:
            parts.append(f"<b>{html.escape(title)}</b>")
            parts.extend(
                f'<div><span style="display:inline-block;width:12px;height:12px;background:{colour};'
                f'margin-right:6px;border:1px solid #666"></span>{html.escape(label)}</div>'
                for colour, label in items
            )
        self.body = "".join(parts)


def _count_layer(features: dict) -> folium.GeoJson:
    return folium.GeoJson(
        features,
        name="Meldingen per hexagon",
        style_function=lambda feature: {
            "fillColor": feature["properties"]["kleur"],
            "color": "#555555",
            "weight": 0.6,
            "fillOpacity": 0.65,
        },
        highlight_function=lambda feature: {"weight": 2, "color": "#1A1A1A"},
        tooltip=folium.GeoJsonTooltip(fields=["meldingen", "aandeel"], aliases=["Meldingen", "Aandeel in periode"]),
    )


def base_map(centre: tuple[float, float], zoom: int) -> folium.Map:
    """A map on the app's own Leaflet: the government basemap, OpenStreetMap as an option, a metric scale."""
    assets.use_local_leaflet()
    fmap = folium.Map(location=list(centre), zoom_start=zoom, tiles=None, control_scale=False)
    MetricScale().add_to(fmap)
    folium.TileLayer(PDOK_TILES, attr=PDOK_ATTRIBUTION, name="BRT-Achtergrondkaart (PDOK)", max_zoom=19).add_to(fmap)
    folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap", max_zoom=19, show=False).add_to(fmap)
    return fmap


def report_map(
    cells: pd.DataFrame,
    hotspots: pd.DataFrame,
    schools: pd.DataFrame,
    *,
    centre: tuple[float, float],
    zoom: int,
    lowest_count: int,
    suppressed_label: str,
    heat: pd.DataFrame | None = None,
    school_radius_m: int = 500,
) -> folium.Map:
    """The Meldingen map: hexagon counts, tested hot spots, optional heatmap, schools; two basemaps."""
    fmap = base_map(centre, zoom)

    classes, count_items = count_legend(cells, lowest_count, suppressed_label)
    features = hexagon_features(cells, classes)
    if features["features"]:
        _count_layer(features).add_to(fmap)

    if len(hotspots):
        folium.GeoJson(
            hotspot_features(hotspots),
            name="Hot spots (Gi*, FDR)",
            style_function=lambda feature: {
                "color": feature["properties"]["kleur"],
                "weight": 4,
                "fill": False,
            },
            tooltip=folium.GeoJsonTooltip(fields=["klasse"], aliases=["Gi*"]),
        ).add_to(fmap)

    if heat is not None and len(heat):
        HeatMap(
            heat[["latitude", "longitude", "meldingen"]].values.tolist(),
            name="Heatmap",
            radius=18,
            blur=15,
            min_opacity=0.3,
            show=False,
        ).add_to(fmap)

    school_layer = folium.FeatureGroup(name=f"Scholen ({school_radius_m} m)")
    for school in schools.itertuples(index=False):
        location = [school.latitude, school.longitude]
        folium.Circle(location, radius=school_radius_m, color="#0B4F8A", weight=1, fill=False, dash_array="4 4").add_to(
            school_layer
        )
        folium.CircleMarker(
            location,
            radius=6,
            color="#FFFFFF",
            weight=2,
            fill=True,
            fill_color="#0B4F8A",
            fill_opacity=1,
            tooltip=html.escape(school.school),
        ).add_to(school_layer)
    school_layer.add_to(fmap)

    sections = [("Meldingen per hexagon", count_items)]
    if len(hotspots):
        present = sorted(set(hotspots["gi_bin"].astype(int)), reverse=True)
        sections.append(("Hot spots (Gi*, rand)", [(HOTSPOT_COLOURS[level], BIN_LABELS[level]) for level in present]))
    Legend(sections).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap


def map_html(fmap: folium.Map) -> str:
    """The map's full HTML, as it is sent to the browser (for size checks and tests)."""
    return fmap.get_root().render()


def school_map(coverage: pd.DataFrame, points: pd.DataFrame, *, centre: tuple[float, float], zoom: int) -> folium.Map:
    """Schools sized by reach and coloured by status, with reports within 500 m (as the role may see them)."""
    fmap = base_map(centre, zoom)
    located = coverage.merge(points[["school", "latitude", "longitude"]], on="school")
    for row in located.itertuples(index=False):
        colour = STATUS_COLOURS.get(row.status, "#52606D")
        tooltip = (
            f"<b>{html.escape(row.school)}</b><br>Status: {html.escape(row.status)}<br>"
            f"Bereik: {format_percent(row.bereik, 0)}<br>Lesactiviteiten: {row.uitgevoerd} van {row.doel}<br>"
            f"Meldingen binnen 500 m: {html.escape(row.meldingen_500m)}"
        )
        folium.CircleMarker(
            [row.latitude, row.longitude],
            radius=7 + 30 * float(row.bereik),
            color="#FFFFFF",
            weight=2,
            fill=True,
            fill_color=colour,
            fill_opacity=0.85,
            tooltip=tooltip,
        ).add_to(fmap)
    Legend([("Status", [(colour, label) for label, colour in STATUS_COLOURS.items()])]).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap
