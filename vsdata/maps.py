"""Folium map builders: DataFrames in, a ``folium.Map`` out, no Streamlit.

Leaflet and its heat plugin are served by the app itself (see
``vsdata/assets.py``), so the map needs no third-party CDN; only the
background tiles come from outside, and without them the data layers still
draw.
"""

from __future__ import annotations

import html

import folium
import pandas as pd
from branca.element import MacroElement
from folium.plugins import HeatMap
from jinja2 import Template

from vsdata import assets, palette
from vsdata.formatting import format_number, format_percent
from vsdata.geometry import (
    HOTSPOT_LINE_NAMES,
    count_legend,
    hexagon_features,
    hotspot_features,
    hotspot_legend_label,
    hotspot_levels,
)
from vsdata.schools import STATUS_COLOURS, STATUS_NOT_IN_PROGRAMME, STATUS_SYMBOLS

PDOK_TILES = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
PDOK_ATTRIBUTION = "Kaart: BRT-Achtergrondkaart, Kadaster (PDOK)"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "Kaart: OpenStreetMap-bijdragers"


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres only."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class ControlsFirst(MacroElement):
    """The map's controls (zoom, layers, legend) before its shapes in the keyboard's order.

    Leaflet makes every shape with a tooltip a tab stop (its tooltip opens on
    focus); without this, the layer switches come after hundreds of them.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            map.getContainer().insertBefore(map._controlContainer, map.getPane("mapPane"));
        })({{ this._parent.get_name() }});
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
        """Sections of (swatch, label) items; a swatch is a fill colour ("#RRGGBB") or an outline's CSS border."""
        super().__init__()
        self._name = "Legend"
        parts = []
        for title, items in sections:
            parts.append(f"<b>{html.escape(title)}</b>")
            parts.extend(
                f'<div><span style="display:inline-block;width:12px;height:12px;margin-right:6px;'
                f'{_swatch_style(swatch)}"></span>{html.escape(label)}</div>'
                for swatch, label in items
            )
        self.body = "".join(parts)


def _swatch_style(swatch: str) -> str:
    return f"background:{swatch};border:1px solid #666" if swatch.startswith("#") else f"border:{swatch}"


SYMBOL_STYLE = "font:bold 13px/16px sans-serif;text-align:center;width:16px;height:16px"
CSS_LINE_STYLES = {"doorgetrokken": "solid", "gestreept": "dashed", "gestippeld": "dotted"}


def _count_layer(features: dict) -> folium.GeoJson:
    return folium.GeoJson(
        features,
        name="Meldingen per vak",
        style_function=lambda feature: {
            "fillColor": feature["properties"]["kleur"],
            "color": "#555555",
            "weight": 0.6,
            "fillOpacity": 0.65,
        },
        highlight_function=lambda feature: {"weight": 2, "color": palette.OUTLINE},
        tooltip=folium.GeoJsonTooltip(fields=["meldingen", "aandeel"], aliases=["Meldingen", "Aandeel in periode"]),
    )


def base_map(centre: tuple[float, float], zoom: int) -> folium.Map:
    """A map on the app's own Leaflet: the government basemap, OpenStreetMap as an option, a metric scale."""
    assets.use_local_leaflet()
    fmap = folium.Map(location=list(centre), zoom_start=zoom, tiles=None, control_scale=False)
    MetricScale().add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(palette.FOCUS_STYLE))
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
            name="Hot spots",
            style_function=lambda feature: {
                "color": palette.OUTLINE,
                "weight": 3,
                "dashArray": feature["properties"]["streep"] or None,
                "fill": False,
            },
            tooltip=folium.GeoJsonTooltip(fields=["klasse"], aliases=["Hot spot"]),
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
        circle = folium.Circle(
            location, radius=school_radius_m, color=palette.BRAND, weight=1, fill=False, dash_array="4 4"
        )
        circle.add_to(school_layer)
        folium.CircleMarker(
            location,
            radius=6,
            color="#FFFFFF",
            weight=2,
            fill=True,
            fill_color=palette.BRAND,
            fill_opacity=1,
            tooltip=html.escape(school.school),
        ).add_to(school_layer)
    school_layer.add_to(fmap)

    sections = [("Meldingen per vak", count_items)]
    if len(hotspots):
        outlines = [
            (f"3px {CSS_LINE_STYLES[HOTSPOT_LINE_NAMES[level]]} {palette.OUTLINE}", hotspot_legend_label(level))
            for level in hotspot_levels(hotspots)
        ]
        sections.append(("Hot spots (rand)", outlines))
    Legend(sections).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    ControlsFirst().add_to(fmap)
    return fmap


def map_html(fmap: folium.Map) -> str:
    """The map's full HTML, as it is sent to the browser (for size checks and tests)."""
    return fmap.get_root().render()


def school_map(coverage: pd.DataFrame, points: pd.DataFrame, *, centre: tuple[float, float], zoom: int) -> folium.Map:
    """Schools sized by reach and coloured by status, with reports within 500 m (as the role may see them)."""
    fmap = base_map(centre, zoom)
    located = coverage.merge(points[["school", "latitude", "longitude"]], on="school")
    for row in located.itertuples(index=False):
        colour = STATUS_COLOURS.get(row.status, palette.NEUTRAL)
        figures = (
            ""
            if row.status == STATUS_NOT_IN_PROGRAMME
            else f"Lesactiviteiten: {row.uitgevoerd} van {row.doel} (tempo {format_number(row.tempo_doel, 1)})<br>"
            f"Bereik: {format_percent(row.bereik, 0)} (tempo {format_percent(row.tempo_bereik, 0)})<br>"
        )
        tooltip = (
            f"<b>{html.escape(row.school)}</b><br>Status: {html.escape(row.status)}<br>{figures}"
            f"Meldingen binnen 500 m: {html.escape(row.meldingen_500m)}"
        )
        folium.CircleMarker(
            [row.latitude, row.longitude],
            radius=7 + 30 * float(row.bereik),
            color=palette.OUTLINE,
            weight=1.5,
            fill=True,
            fill_color=colour,
            fill_opacity=0.85,
            tooltip=tooltip,
        ).add_to(fmap)
        # The status's shape on the circle, so it does not rest on colour; a tab stop that opens the tooltip.
        symbol = html.escape(STATUS_SYMBOLS.get(row.status, ""))
        folium.Marker(
            [row.latitude, row.longitude],
            icon=folium.DivIcon(
                html=f'<div style="color:{palette.readable_ink(colour)};{SYMBOL_STYLE}">{symbol}</div>',
                icon_size=(16, 16),
                icon_anchor=(8, 8),
                class_name="vs-status",
            ),
            title=f"{row.school}: {row.status}",
            tooltip=tooltip,
        ).add_to(fmap)
    items = [(colour, f"{STATUS_SYMBOLS[label]} {label}") for label, colour in STATUS_COLOURS.items()]
    Legend([("Status", items)]).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    ControlsFirst().add_to(fmap)
    return fmap
