"""Every colour the app, its charts, maps and the PDF draw with, taken from palettes tested for colour blindness.

- Categories (series, programmes, channels, school statuses): Okabe & Ito's
  "Color Universal Design" palette (2008), made to stay apart for people
  with any of the common colour-vision deficiencies.
- Counts on a scale: ColorBrewer's YlOrRd (the map) and Blues (grids),
  sequential schemes ColorBrewer rates colour-blind safe: they order by
  lightness, which every kind of colour vision sees.
- Text: ink colours with a contrast of at least 4.5:1 on white (WCAG 2.1,
  success criterion 1.4.3); :func:`readable_ink` picks the ink for text on
  a coloured fill.

``tests/test_palette.py`` checks each of these with simulated deuteranomaly,
protanomaly and tritanomaly and the WCAG contrast formula.
"""

from __future__ import annotations

OKABE_ITO = {
    "blauw": "#0072B2",
    "vermiljoen": "#D55E00",
    "blauwgroen": "#009E73",
    "roodpaars": "#CC79A7",
    "oranje": "#E69F00",
    "hemelsblauw": "#56B4E9",
}
"""Okabe & Ito's palette without its yellow and black (too light on white, and the colour of text)."""
CATEGORICAL = list(OKABE_ITO.values())
"""Colours for up to six categories in one chart, in this order."""

WHITE = "#FFFFFF"
INK = "#1A1A1A"
"""Text: the theme's text colour."""
SECONDARY_INK = "#52606D"
"""Secondary text, axis labels, notes: 6.5:1 on white."""
BRAND = "#0B4F8A"
"""The municipality's blue: a single series, headings, links (8.4:1 on white)."""
ACCENT = OKABE_ITO["vermiljoen"]
"""A second series or a marker beside the brand blue (campaign moments, averages, forecasts): marks only, not text."""
NEUTRAL = "#9AA5B1"
"""A reference beside a coloured series: plan against realised, the pace of a target."""
SUPPRESSED = "#CBD2D9"
"""A hidden count: a bar, a grid cell or a hexagon whose number the role may not see."""
OUTLINE = INK
"""Hot spot outlines, ticks and rules: dark, and told apart by their line pattern, never by colour."""
FOCUS_STYLE = (
    f"<style>:focus-visible {{ outline: 3px solid {BRAND} !important; outline-offset: 2px !important; }}</style>"
)
"""A visible focus on everything the keyboard reaches, in the app and inside the map's frame."""

MAP_COUNT_SCALE = ["#FFF3B0", "#FED976", "#FEB24C", "#FD8D3C", "#F03B20", "#BD0026", "#800026"]
"""ColorBrewer YlOrRd in seven classes, light to dark, lightest class lightened so a count of one still shows."""
GRID_SCHEME = "blues"
"""Vega's name of ColorBrewer Blues, for counts in a grid."""
BLUES = [
    "#CFE1F2", "#BED8EC", "#A8CEE5", "#8FC1DE", "#74B2D7", "#5BA3CF",
    "#4592C6", "#3181BD", "#206FB2", "#125CA4", "#0A4A90",
]  # fmt: skip
"""Vega's Blues: the eleven stops it interpolates between, evenly spaced from 0 to 1."""
HIDDEN_GRID_EXTENT = (0.3, 1.0)
"""The part of Blues for a grid with hidden cells: from 0.3 on, no shown cell looks like the hidden grey."""
LABELLED_GRID_EXTENT = (0.0, 0.6)
"""The part of Blues used under labels in ink: up to 0.6 the ink keeps 4.5:1 on every cell."""
SERIES_GRID_EXTENT = (0.3, 1.0)
"""The part of Blues for bars per year (drawn with a dark edge): light to dark, oldest to newest."""


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a "#RRGGBB" colour."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4 for value in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_ink(fill: str) -> str:
    """Ink or white, whichever reads better on ``fill``."""
    return INK if contrast_ratio(fill, INK) >= contrast_ratio(fill, WHITE) else WHITE


def rgb(colour: str) -> tuple[int, int, int]:
    """A "#RRGGBB" colour as a red, green, blue triple (for the PDF)."""
    return tuple(int(colour[index : index + 2], 16) for index in (1, 3, 5))
