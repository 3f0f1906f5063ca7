"""Tested hot spots (Getis-Ord Gi*) and emerging places: statistics on aggregated counts.

Gi* is computed with PySAL (esda, libpysal) over H3 cells: each cell's
neighbours are the six cells around it, and the cell itself counts (the
"star"). As in ArcGIS's Hot Spot Analysis, cells are classed as hot spots at
90, 95 and 99 % confidence, corrected for multiple testing with the False
Discovery Rate.

Two deliberate differences. ArcGIS reads p-values from the normal
approximation of the z-score, which at a few reports per cell flags chance
clusters far more often than the confidence level promises (about one run in
four on uniform noise, measured). Here the p-value is exact: Gi* of a cell is
its neighbourhood's share of all reports, and under complete spatial
randomness that count is binomial (n = all reports, p = the neighbourhood's
share of the study area's cells). And only hot spots are tested: reports
follow where people are, so "cold spots" would mostly mark fields and water.
"""

from __future__ import annotations

from dataclasses import dataclass

import h3
import numpy as np
import pandas as pd

from vsdata.formatting import format_count

MIN_REPORTS_FOR_HOTSPOTS = 30
CONFIDENCE_LEVELS = ((3, 0.99), (2, 0.95), (1, 0.90))
BIN_LABELS = {
    3: "Hot spot, 99 % betrouwbaar",
    2: "Hot spot, 95 % betrouwbaar",
    1: "Hot spot, 90 % betrouwbaar",
    0: "Niet significant",
}
EMERGING_FDR = 0.05
METHOD_TEXT = (
    "De kaart is verdeeld in zeshoekige vakken. Voor elk vak tellen we de meldingen in het vak en in de zes vakken "
    "eromheen, en vergelijken dat met wat je zou verwachten als de meldingen willekeurig over de stad verspreid "
    "waren (de Getis-Ord-toets, met een exacte kans in plaats van een benadering). Omdat alle vakken tegelijk "
    "worden bekeken, wordt de drempel strenger gemaakt zodat hooguit 10, 5 of 1 % van de aangewezen vakken toeval "
    "is (correctie voor veelvoudig toetsen). Vakken die zo opvallen, die zelf meldingen hebben en die aan elkaar "
    "grenzen, vormen samen één hot spot, genoemd naar de dichtstbijzijnde plek. De rand toont hoe zeker het is: "
    "doorgetrokken 99 %, gestreept 95 %, gestippeld 90 %. Er zijn minstens "
    f"{MIN_REPORTS_FOR_HOTSPOTS} meldingen nodig. Meer meldingen kan ook betekenen dat meer mensen daar de app "
    "kennen of er vaker komen."
)


@dataclass(frozen=True)
class HotspotArea:
    """Neighbouring significant cells that hold reports: one hot spot, named by the nearest place."""

    name: str
    cells: tuple[str, ...]
    level: int
    """The highest confidence level among its cells (see ``BIN_LABELS``)."""


@dataclass(frozen=True)
class HotspotResult:
    status: str
    """'ok', 'te_weinig' (fewer than 30 reports) or 'geen' (nothing significant)."""
    message: str
    cells: pd.DataFrame
    """cel, meldingen, z, p, gi_bin, klasse for every cell of the study area (cel, gi_bin, klasse only when masked)."""
    areas: tuple[HotspotArea, ...] = ()
    """The hot spots as the reader may see them (for other roles only their shown cells)."""
    area_count: int | None = None
    """How many hot spots there are, counted before masking left some out."""

    @property
    def significant(self) -> pd.DataFrame:
        """The cells that are outlined: those of a hot spot, each with its own confidence level."""
        outlined = {cell for area in self.areas for cell in area.cells}
        return self.cells[self.cells["cel"].isin(outlined)]

    @property
    def hot(self) -> int:
        """The number of hot spots (areas, not cells)."""
        return self.area_count if self.area_count is not None else len(self.areas)


def load_statistics() -> None:
    """Import PySAL ahead of the first analysis (it takes seconds, once per process)."""
    import esda.getisord  # noqa: F401
    import libpysal.weights  # noqa: F401


def study_area(observed: list[str], resolution: int, bounding_box: tuple[float, float, float, float]) -> list[str]:
    """All cells of the city's bounding box at the resolution, plus any observed cell outside it."""
    south, west, north, east = bounding_box
    box = h3.LatLngPoly([(south, west), (south, east), (north, east), (north, west)])
    return sorted(set(h3.h3shape_to_cells(box, resolution)) | set(observed))


def getis_ord(
    counts: pd.DataFrame,
    resolution: int,
    bounding_box: tuple[float, float, float, float],
    total_label: str | None = None,
    places: tuple[tuple[str, float, float], ...] = (),
) -> HotspotResult:
    """Gi* hot spots over the cells' report counts (columns cel, meldingen), joined into named areas.

    ``total_label`` is how the number of reports may be shown in the message
    (for example "<5"); by default the number itself. ``places`` (name,
    latitude, longitude) name the areas.
    """
    total = int(counts["meldingen"].sum()) if len(counts) else 0
    empty = pd.DataFrame(columns=["cel", "meldingen", "z", "p", "gi_bin", "klasse"])
    if total < MIN_REPORTS_FOR_HOTSPOTS:
        return HotspotResult(
            "te_weinig",
            "Te weinig meldingen voor een betrouwbare hot-spotanalyse: "
            f"{total_label or total} in deze selectie, "
            f"er zijn er minstens {MIN_REPORTS_FOR_HOTSPOTS} nodig. Kies een langere periode of minder filters.",
            empty,
        )
    from esda.getisord import G_Local
    from libpysal.weights import W

    cells = study_area(list(counts["cel"]), resolution, bounding_box)
    known = set(cells)
    neighbours = {cell: [other for other in h3.grid_ring(cell, 1) if other in known] for cell in cells}
    weights = W(neighbours, silence_warnings=True)
    weights.transform = "B"
    observed = dict(zip(counts["cel"], counts["meldingen"], strict=True))
    y = np.array([float(observed.get(cell, 0)) for cell in weights.id_order])
    gi = G_Local(y, weights, transform="B", star=True, permutations=0)
    z = np.nan_to_num(np.asarray(gi.Zs, dtype=float))
    p = _exact_p(np.asarray(gi.Gs, dtype=float), y.sum(), np.asarray(weights.sparse.sum(axis=1)).ravel() + 1)
    gi_bin = np.zeros(len(z), dtype=int)
    for level, confidence in reversed(CONFIDENCE_LEVELS):
        cutoff = fdr_cutoff(p, 1 - confidence)
        gi_bin = np.where(p <= cutoff, level, gi_bin)
    frame = pd.DataFrame({"cel": weights.id_order, "meldingen": y.astype(int), "z": z, "p": p, "gi_bin": gi_bin})
    frame["klasse"] = frame["gi_bin"].map(BIN_LABELS)
    areas = join_areas(frame[(frame["gi_bin"] > 0) & (frame["meldingen"] > 0)], places)
    if not areas:
        return HotspotResult(
            "geen",
            "Geen significante hot spots in deze selectie: de meldingen liggen niet duidelijker geclusterd "
            "dan bij toeval te verwachten is.",
            frame,
        )
    return HotspotResult("ok", areas_message(areas), frame, areas)


def areas_message(areas: tuple[HotspotArea, ...] | list[HotspotArea]) -> str:
    """'2 hot spots, gebieden met duidelijk meer meldingen dan hun omgeving: Binnenstad en Wielwijk.'"""
    count = len(areas)
    what = "een gebied" if count == 1 else "gebieden"
    return (
        f"{format_count(count, 'hot spot', 'hot spots')}, {what} met duidelijk meer meldingen dan hun omgeving: "
        f"{name_list(areas)}."
    )


def name_list(areas) -> str:
    names = [area.name for area in areas]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def join_areas(hot: pd.DataFrame, places: tuple[tuple[str, float, float], ...]) -> tuple[HotspotArea, ...]:
    """Connected groups of hot cells (H3 neighbours), strongest and largest first, each named by its nearest place.

    The place is the one nearest the area's centre of reports (cells weighted by their counts), so a large
    area is named after where its reports are, not after its geometric middle.

    A second area nearest the same place gets "(2)" after the name, so every hot spot has its own name.
    """
    level_of = dict(zip(hot["cel"], hot["gi_bin"].astype(int), strict=True))
    count_of = dict(zip(hot["cel"], hot["meldingen"].astype(float), strict=True))
    unvisited = set(level_of)
    groups: list[list[str]] = []
    while unvisited:
        stack = [min(unvisited)]
        unvisited.discard(stack[0])
        group = []
        while stack:
            cell = stack.pop()
            group.append(cell)
            for other in h3.grid_ring(cell, 1):
                if other in unvisited:
                    unvisited.discard(other)
                    stack.append(other)
        groups.append(sorted(group))
    groups.sort(key=lambda group: (-max(level_of[cell] for cell in group), -len(group), group[0]))
    areas, seen = [], {}
    for group in groups:
        place = _nearest_place(group, [count_of[cell] for cell in group], places)
        seen[place] = seen.get(place, 0) + 1
        name = place if seen[place] == 1 else f"{place} ({seen[place]})"
        areas.append(HotspotArea(name, tuple(group), max(level_of[cell] for cell in group)))
    return tuple(areas)


def _nearest_place(cells: list[str], weights: list[float], places: tuple[tuple[str, float, float], ...]) -> str:
    centres = np.array([h3.cell_to_latlng(cell) for cell in cells])
    latitude, longitude = np.average(centres, axis=0, weights=weights)
    if not places:
        return f"{latitude:.3f}° N, {longitude:.3f}° O".replace(".", ",")
    # Degrees of longitude are shorter than of latitude this far north.
    scale = np.cos(np.radians(latitude))
    return min(places, key=lambda place: (place[1] - latitude) ** 2 + ((place[2] - longitude) * scale) ** 2)[0]


def _exact_p(shares: np.ndarray, total: float, neighbourhood_cells: np.ndarray) -> np.ndarray:
    """One-sided p-value of each neighbourhood count (this many or more) under complete spatial randomness."""
    from scipy import stats  # slow to import: loaded when first needed

    counts = np.rint(shares * total)
    return stats.binom.sf(counts - 1, total, neighbourhood_cells / len(neighbourhood_cells))


def fdr_cutoff(p: np.ndarray, alpha: float) -> float:
    """Benjamini-Hochberg: the largest p-value still significant at false discovery rate alpha (or -1)."""
    ordered = np.sort(p)
    ranks = np.arange(1, len(ordered) + 1)
    passing = ordered <= ranks * alpha / len(ordered)
    return float(ordered[passing].max()) if passing.any() else -1.0


def emerging(comparison: pd.DataFrame) -> pd.DataFrame:
    """Places whose count rose significantly against the previous period of equal length.

    Given both counts, under "no change" the current count is Binomial(now +
    before, 1/2): the exact conditional test of two Poisson rates, honest at
    the small counts of one city. p-values are corrected over all places with
    the False Discovery Rate; ``sterkte`` is 2(sqrt(now) - sqrt(before)).
    """
    from scipy import stats  # slow to import: loaded when first needed

    frame = comparison.copy()
    now = frame["meldingen"].to_numpy()
    before = frame["vorige_periode"].to_numpy()
    frame["sterkte"] = 2 * (np.sqrt(now) - np.sqrt(before))
    frame["p"] = stats.binom.sf(now - 1, now + before, 0.5)
    frame.loc[now <= before, "p"] = 1.0
    cutoff = fdr_cutoff(frame["p"].to_numpy(), EMERGING_FDR) if len(frame) else -1.0
    frame["opkomend"] = frame["p"] <= cutoff
    return frame.sort_values(["opkomend", "sterkte"], ascending=False, ignore_index=True)
