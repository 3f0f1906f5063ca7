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
from scipy import stats

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


@dataclass(frozen=True)
class HotspotResult:
    status: str
    """'ok', 'te_weinig' (fewer than 30 reports) or 'geen' (nothing significant)."""
    message: str
    cells: pd.DataFrame
    """cel, meldingen, z, p, gi_bin, klasse for every cell of the study area (cel, gi_bin, klasse only when masked)."""
    hot_cells: int | None = None
    """Hexagons with a significant concentration, counted before masking left some out."""

    @property
    def significant(self) -> pd.DataFrame:
        return self.cells[self.cells["gi_bin"] != 0]

    @property
    def hot(self) -> int:
        if self.hot_cells is not None:
            return self.hot_cells
        return int((self.cells["gi_bin"] > 0).sum()) if self.status == "ok" else 0

    def outlined_where_shown(self, shown: set[str]) -> HotspotResult:
        """For a role that sees no count below k: outlines only on hexagons whose count it sees, no raw figures.

        A hot spot outlined on a grey hexagon would point to where the few hidden reports lie.
        """
        kept = self.cells[self.cells["cel"].isin(shown)][["cel", "gi_bin", "klasse"]].reset_index(drop=True)
        left_out = self.hot - int((kept["gi_bin"] > 0).sum())
        note = (
            f" {left_out} daarvan {'ligt' if left_out == 1 else 'liggen'} in grijze vakken en "
            f"{'is' if left_out == 1 else 'zijn'} daarom niet omlijnd."
            if left_out
            else ""
        )
        return HotspotResult(self.status, self.message + note, kept, hot_cells=self.hot)


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
) -> HotspotResult:
    """Gi* hot spots over the cells' report counts (columns cel, meldingen).

    ``total_label`` is how the number of reports may be shown in the message
    (for example "<5"); by default the number itself.
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
    if not (frame["gi_bin"] != 0).any():
        return HotspotResult(
            "geen",
            "Geen significante hot spots in deze selectie: de meldingen liggen niet duidelijker geclusterd "
            "dan bij toeval te verwachten is.",
            frame,
        )
    hot = int((frame["gi_bin"] > 0).sum())
    return HotspotResult(
        "ok", f"{format_count(hot, 'vak', 'vakken')} met duidelijk meer meldingen dan de omgeving.", frame
    )


def _exact_p(shares: np.ndarray, total: float, neighbourhood_cells: np.ndarray) -> np.ndarray:
    """One-sided p-value of each neighbourhood count (this many or more) under complete spatial randomness."""
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
    frame = comparison.copy()
    now = frame["meldingen"].to_numpy()
    before = frame["vorige_periode"].to_numpy()
    frame["sterkte"] = 2 * (np.sqrt(now) - np.sqrt(before))
    frame["p"] = stats.binom.sf(now - 1, now + before, 0.5)
    frame.loc[now <= before, "p"] = 1.0
    cutoff = fdr_cutoff(frame["p"].to_numpy(), EMERGING_FDR) if len(frame) else -1.0
    frame["opkomend"] = frame["p"] <= cutoff
    return frame.sort_values(["opkomend", "sterkte"], ascending=False, ignore_index=True)
