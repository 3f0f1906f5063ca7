"""The report hexagons as a static Vega map, for the PDF and the presentation."""

from __future__ import annotations

import altair as alt
import pandas as pd

from vsdata import geometry, palette


def hexagon_map_chart(
    cells: pd.DataFrame,
    hotspots: pd.DataFrame,
    places: tuple[tuple[str, float, float], ...],
    *,
    lowest_count: int,
    suppressed_label: str,
    width: int = 620,
    height: int = 520,
) -> alt.LayerChart:
    """The report hexagons as a static map (no background tiles): count classes, hot spot outlines, place names.

    Drawn by Vega, so it renders without a browser (for the PDF) and in the app alike.
    """
    classes, items = geometry.count_legend(cells, lowest_count, suppressed_label)
    label_of = {colour: label for colour, label in items}
    features = geometry.hexagon_features(cells, classes)["features"]
    for feature in features:
        feature["properties"]["klasse"] = label_of[feature["properties"]["kleur"]]
    # GeoJSON rings run anticlockwise; Vega (d3-geo) reads that as "everything but the hexagon".
    features = [_clockwise(feature) for feature in features]
    colour = alt.Color(
        "properties.klasse:N",
        title="Meldingen per vak",
        scale=alt.Scale(domain=[label for _, label in items], range=[colour for colour, _ in items]),
        legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=0, symbolType="square"),
    )
    layers: list[alt.Chart] = [
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke="white", strokeWidth=0.6)
        .encode(
            color=colour,
            tooltip=[
                alt.Tooltip("properties.meldingen:N", title="Meldingen"),
                alt.Tooltip("properties.aandeel:N", title="Aandeel"),
            ],
        )
        .project(type="mercator")
    ]
    if len(hotspots):
        outlines = [_clockwise(feature) for feature in geometry.hotspot_features(hotspots)["features"]]
        levels = geometry.hotspot_levels(hotspots)
        dash = alt.StrokeDash(
            "properties.rand:N",
            title="Hot spots (rand)",
            scale=alt.Scale(
                domain=[geometry.hotspot_legend_label(level) for level in levels],
                range=[geometry.HOTSPOT_DASHES[level] or [1, 0] for level in levels],
            ),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0, symbolType="stroke"),
        )
        layers.append(
            alt.Chart(alt.Data(values=outlines))
            .mark_geoshape(filled=False, stroke=palette.OUTLINE, strokeWidth=2.5)
            .encode(strokeDash=dash, tooltip=[alt.Tooltip("properties.klasse:N", title="Hot spot")])
            .project(type="mercator")
        )
    spots = pd.DataFrame(places, columns=["naam", "latitude", "longitude"])
    layers.append(
        alt.Chart(spots)
        .mark_circle(size=22, color=palette.INK, stroke="white", strokeWidth=1, opacity=1)
        .encode(longitude="longitude:Q", latitude="latitude:Q")
        .project(type="mercator")
    )
    names = geometry.place_labels(places, cells["cel"], width, height)
    text = (
        alt.Chart(names).encode(longitude="longitude:Q", latitude="latitude:Q", text="naam:N").project(type="mercator")
    )
    layers.append(text.mark_text(fontSize=12, fontWeight="bold", stroke="white", strokeWidth=3))
    layers.append(text.mark_text(fontSize=12, fontWeight="bold", color=palette.INK))
    what = "Kaart van de meldingen per vak (zeshoek), met de namen van een aantal plekken: donkerder is meer meldingen"
    what += ", grijs is afgeschermd" if cells["onderdrukt"].any() else ""
    what += "; hot spots zijn omlijnd." if len(hotspots) else "."
    return alt.layer(*layers).properties(width=width, height=height, description=what)


def _clockwise(feature: dict) -> dict:
    rings = [list(reversed(ring)) for ring in feature["geometry"]["coordinates"]]
    return {**feature, "geometry": {**feature["geometry"], "coordinates": rings}}
