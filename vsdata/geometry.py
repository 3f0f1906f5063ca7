"""Map geometry without a map library: H3 hexagons as GeoJSON, count classes and their legend.

Shared by the folium map in the app and the Vega map in the PDF and the presentation.
"""

from __future__ import annotations

import math

import h3
import pandas as pd

from vsdata import palette
from vsdata.formatting import format_percent
from vsdata.hotspots import BIN_LABELS
from vsdata.privacy import PROTECTED_LABEL

# Hot spots are outlined in one dark colour, the confidence level told by the line's pattern, so no
# outline can be mistaken for a class of the fill scale.
HOTSPOT_DASHES: dict[int, list[int]] = {3: [], 2: [9, 5], 1: [2, 5]}
HOTSPOT_LINE_NAMES = {3: "doorgetrokken", 2: "gestreept", 1: "gestippeld"}
CLASS_EDGES = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000]


def count_classes(max_count: int, lowest: int) -> list[tuple[int, int | None]]:
    """Colour classes (from, to inclusive; None = and more) for counts from ``lowest`` up to ``max_count``.

    For roles that see no count below k, ``lowest`` is k, so no class tells
    apart the counts hidden as "<k".
    """
    edges = [lowest] + [edge for edge in CLASS_EDGES if lowest < edge <= max_count]
    edges = edges[-len(palette.MAP_COUNT_SCALE) :] if len(edges) > len(palette.MAP_COUNT_SCALE) else edges
    edges[0] = lowest
    return [(start, edges[index + 1] - 1 if index + 1 < len(edges) else None) for index, start in enumerate(edges)]


def count_legend(
    cells: pd.DataFrame, lowest_count: int, suppressed_label: str
) -> tuple[list[tuple[int, int | None]], list[tuple[str, str]]]:
    """The colour classes for the cells' shown counts, and the legend's (colour, label) items."""
    shown = cells[~cells["onderdrukt"]]
    max_count = int(shown["meldingen"].max()) if len(shown) else lowest_count
    classes = count_classes(max_count, lowest_count)
    colours = _class_colours(classes)
    items = [(colour, _class_label(start, end)) for (start, end), colour in zip(classes, colours, strict=False)]
    if cells["onderdrukt"].any():
        items.insert(0, (palette.SUPPRESSED, f"{suppressed_label} of {PROTECTED_LABEL}"))
    return classes, items


def _class_colours(classes: list[tuple[int, int | None]]) -> list[str]:
    """The darkest end of the scale, one colour per class: few classes still reach the dark red."""
    return palette.MAP_COUNT_SCALE[-len(classes) :]


def _class_colour(count: float, classes: list[tuple[int, int | None]]) -> str:
    colours = _class_colours(classes)
    for (start, end), colour in zip(classes, colours, strict=False):
        if count >= start and (end is None or count <= end):
            return colour
    return colours[-1]


def _class_label(start: int, end: int | None) -> str:
    if end is None:
        return f"{start} of meer"
    return str(start) if start == end else f"{start}\u2013{end}"


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
                    "kleur": palette.SUPPRESSED if suppressed else _class_colour(float(row.meldingen), classes),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def hotspot_features(significant: pd.DataFrame) -> dict:
    """The outlined cells; each carries its confidence label and the dash pattern of its level."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [hexagon_ring(row.cel)]},
            "properties": {
                "klasse": BIN_LABELS[int(row.gi_bin)],
                "rand": hotspot_legend_label(int(row.gi_bin)),
                "streep": " ".join(map(str, HOTSPOT_DASHES[int(row.gi_bin)])),
            },
        }
        for row in significant.itertuples(index=False)
    ]
    return {"type": "FeatureCollection", "features": features}


def hotspot_levels(significant: pd.DataFrame) -> list[int]:
    """The confidence levels present among the outlined cells, strongest first (for a legend)."""
    return sorted(set(significant["gi_bin"].astype(int)), reverse=True)


def hotspot_legend_label(level: int) -> str:
    return f"{BIN_LABELS[level]} ({HOTSPOT_LINE_NAMES[level]})"


LABEL_CHAR_PX = 7.4
LABEL_HEIGHT_PX = 15
# Where a name may sit around its place, in pixels (right, down), tried in this order.
LABEL_OFFSETS = ((0, -11), (0, 11), (1, 0), (-1, 0), (1, -11), (-1, -11), (1, 11), (-1, 11), (0, -24), (0, 24))


def place_labels(
    places: tuple[tuple[str, float, float], ...], cells: pd.Series, width_px: int, height_px: int
) -> pd.DataFrame:
    """Where to write each place name on a map of ``cells`` so that no two names overlap (naam, latitude, longitude).

    The map is fitted to the cells as Vega fits a Mercator projection; a name
    moves above, below or beside its place, the first spot that is free of the
    names already placed. A name with no free spot is left out.
    """
    corners = [corner for cell in cells for corner in h3.cell_to_boundary(cell)]
    if not corners:
        return pd.DataFrame(columns=["naam", "latitude", "longitude"])
    xs = [math.radians(lng) for _, lng in corners]
    ys = [_mercator_y(lat) for lat, _ in corners]
    scale = min(width_px / (max(xs) - min(xs)), height_px / (max(ys) - min(ys)))
    placed: list[tuple[float, float, float, float]] = []
    rows = []
    for name, latitude, longitude in places:
        x, y = math.radians(longitude) * scale, -_mercator_y(latitude) * scale
        half_width, half_height = len(name) * LABEL_CHAR_PX / 2, LABEL_HEIGHT_PX / 2
        for side, down in LABEL_OFFSETS:
            centre_x = x + side * (half_width + 6)
            box = (centre_x - half_width, y + down - half_height, centre_x + half_width, y + down + half_height)
            if not any(_overlap(box, other) for other in placed):
                placed.append(box)
                rows.append((name, _mercator_latitude(-(y + down) / scale), math.degrees(centre_x / scale)))
                break
    return pd.DataFrame(rows, columns=["naam", "latitude", "longitude"])


def _mercator_y(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def _mercator_latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _overlap(one: tuple[float, float, float, float], other: tuple[float, float, float, float]) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]
