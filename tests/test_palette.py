"""The palettes stay apart with every common colour-vision deficiency, and text keeps WCAG AA contrast."""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path

import numpy as np
import pytest
from colorspacious import cspace_convert

from vsdata import palette
from vsdata.briefing_pdf import BRAND, INK, MUTED_INK
from vsdata.schools import STATUS_COLOURS

DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")
VISIONS = ("normal", *DEFICIENCIES)
SMALLEST_DIFFERENCE = 10.0
"""CAM02-UCS distance two categories keep at the least: well above the ~2 of a just-noticeable difference."""
THEME = tomllib.loads((Path(__file__).parents[1] / ".streamlit" / "config.toml").read_text())["theme"]


def seen(colour: str, vision: str) -> np.ndarray:
    """The colour as someone with ``vision`` sees it (Machado et al. 2009, at full severity), in sRGB."""
    rgb = np.array(palette.rgb(colour)) / 255
    if vision == "normal":
        return rgb
    simulated = cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}, "sRGB1")
    return np.clip(simulated, 0, 1)


def difference(first: str, second: str, vision: str) -> float:
    ucs = [cspace_convert(seen(colour, vision), "sRGB1", "CAM02-UCS") for colour in (first, second)]
    return float(np.linalg.norm(ucs[0] - ucs[1]))


def lightness(colour: str, vision: str) -> float:
    return float(cspace_convert(seen(colour, vision), "sRGB1", "CAM02-UCS")[0])


def closest_pair(colours: list[str], vision: str) -> tuple[float, str, str]:
    return min((difference(a, b, vision), a, b) for a, b in itertools.combinations(dict.fromkeys(colours), 2))


def test_contrast_ratio_follows_wcag():
    assert palette.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert palette.contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21)
    assert palette.contrast_ratio("#0B4F8A", "#0B4F8A") == pytest.approx(1)
    # WCAG's own example of a grey just below AA on white.
    assert palette.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_a_deficiency_makes_red_and_green_closer():
    """The simulation is live: the classic red-green pair is far apart normally, close with deuteranomaly."""
    assert difference("#D62728", "#2CA02C", "normal") > 2 * difference("#D62728", "#2CA02C", "deuteranomaly")


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize(
    "name, colours",
    [
        ("categorieën", palette.CATEGORICAL),
        ("schoolstatus", list(STATUS_COLOURS.values())),
        ("trend", [palette.OKABE_ITO["hemelsblauw"], palette.BRAND, palette.ACCENT, palette.SECONDARY_INK]),
        ("begroting", [palette.BRAND, palette.ACCENT, palette.NEUTRAL]),
        ("effect", [palette.OKABE_ITO["blauwgroen"], palette.NEUTRAL, palette.ACCENT]),
        ("plan en realisatie", [palette.NEUTRAL, palette.BRAND]),
    ],
)
def test_categories_stay_apart(name, colours, vision):
    distance, first, second = closest_pair(colours, vision)
    assert distance >= SMALLEST_DIFFERENCE, f"{name}: {first} en {second} lijken op elkaar bij {vision}"


def blues_from(share: float) -> list[str]:
    """The stops of Vega's Blues from ``share`` of the way on (0 to 1)."""
    return palette.BLUES[round(share * (len(palette.BLUES) - 1)) :]


@pytest.mark.parametrize("vision", VISIONS)
def test_hidden_grey_differs_from_every_shown_colour(vision):
    grid = blues_from(palette.HIDDEN_GRID_EXTENT[0])
    shown = [*palette.MAP_COUNT_SCALE, *palette.CATEGORICAL, palette.BRAND, *grid]
    for colour in shown:
        assert difference(palette.SUPPRESSED, colour, vision) >= SMALLEST_DIFFERENCE, (colour, vision)


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("scale", [palette.MAP_COUNT_SCALE, palette.BLUES])
def test_count_scales_keep_their_order_in_lightness(scale, vision):
    """More is darker for everyone, so the order of the classes reads without telling hues apart."""
    values = [lightness(colour, vision) for colour in scale]
    assert values == sorted(values, reverse=True)
    assert min(a - b for a, b in itertools.pairwise(values)) > 3


@pytest.mark.parametrize("background", ["#FFFFFF", THEME["backgroundColor"], THEME["secondaryBackgroundColor"]])
@pytest.mark.parametrize("ink", [palette.INK, palette.SECONDARY_INK, palette.BRAND, THEME["textColor"]])
def test_text_colours_reach_aa_on_the_app_backgrounds(ink, background):
    assert palette.contrast_ratio(ink, background) >= 4.5


@pytest.mark.parametrize("ink", [INK, MUTED_INK, BRAND])
def test_pdf_text_colours_reach_aa_on_white(ink):
    assert palette.contrast_ratio("#{:02X}{:02X}{:02X}".format(*ink), "#FFFFFF") >= 4.5


@pytest.mark.parametrize("fill", [*STATUS_COLOURS.values(), *palette.CATEGORICAL, palette.SUPPRESSED])
def test_text_on_a_coloured_fill_reaches_aa(fill):
    assert palette.contrast_ratio(palette.readable_ink(fill), fill) >= 4.5


def test_ink_labels_read_on_the_part_of_blues_they_sit_on():
    """Blues is interpolated between its stops; every stop up to the one past the used extent keeps 4.5:1."""
    last_stop = int(np.ceil(palette.LABELLED_GRID_EXTENT[1] * (len(palette.BLUES) - 1) - 1e-9))
    for colour in palette.BLUES[: last_stop + 1]:
        assert palette.contrast_ratio(palette.INK, colour) >= 4.5, colour
