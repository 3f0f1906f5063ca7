"""Map geometry without a map library: H3 hexagons as GeoJSON, count classes and their legend.

Shared by the folium map in the app and the Vega map in the PDF and the presentation.
"""

from __future__ import annotations

import h3
import pandas as pd

from vsdata.formatting import format_percent
from vsdata.hotspots import BIN_LABELS
from vsdata.privacy import PROTECTED_LABEL

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


def hexagon_ring(cell: str) -> list[list[float]]:
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
                "geometry": {"type": "Polygon", "coordinates": [hexagon_ring(row.cel)]},
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
            "geometry": {"type": "Polygon", "coordinates": [hexagon_ring(row.cel)]},
            "properties": {"klasse": BIN_LABELS[int(row.gi_bin)], "kleur": HOTSPOT_COLOURS[int(row.gi_bin)]},
        }
        for row in significant.itertuples(index=False)
    ]
    return {"type": "FeatureCollection", "features": features}
