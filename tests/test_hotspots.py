"""Gi* hot spots on planted and random patterns, the FDR cut-off, and emerging places."""

from __future__ import annotations

import h3
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from vsdata import hotspots
from vsdata.settings import CityProfile

BOX = CityProfile().bounding_box
RESOLUTION = 8


@pytest.fixture(scope="module")
def grid() -> list[str]:
    """The res-8 cells of Dordrecht's bounding box, found independently of the code under test."""
    south, west, north, east = BOX
    shape = h3.LatLngPoly([(south, west), (south, east), (north, east), (north, west)])
    cells = sorted(h3.h3shape_to_cells(shape, RESOLUTION))
    assert 150 < len(cells) < 250
    return cells


def centre_cell() -> str:
    south, west, north, east = BOX
    return h3.latlng_to_cell((south + north) / 2, (west + east) / 2, RESOLUTION)


def counts_frame(counts: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"cel": list(counts), "meldingen": list(counts.values())})


def by_cell(result: hotspots.HotspotResult) -> pd.DataFrame:
    return result.cells.set_index("cel")


# ---------------------------------------------------------------- areas


def hot_frame(levels: dict[str, int], counts: dict[str, int] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {"cel": list(levels), "gi_bin": list(levels.values()), "meldingen": [(counts or {}).get(c, 3) for c in levels]}
    )


def test_neighbouring_hot_cells_form_one_area_named_by_the_nearest_place():
    centre = centre_cell()
    far = h3.latlng_to_cell(51.79, 4.62, RESOLUTION)
    levels = {centre: 3, **dict.fromkeys(list(h3.grid_ring(centre, 1))[:2], 1), far: 2}
    lat, lng = h3.cell_to_latlng(centre)
    places = (("Midden", lat, lng), ("West", 51.79, 4.62), ("Nergens", 51.84, 4.80))
    areas = hotspots.join_areas(hot_frame(levels), places)
    assert [(area.name, len(area.cells), area.level) for area in areas] == [("Midden", 3, 3), ("West", 1, 2)]
    assert set(areas[0].cells) == set(levels) - {far}


def test_an_area_is_named_where_its_reports_are_and_a_second_one_by_the_same_place_is_numbered():
    centre = centre_cell()
    ring = list(h3.grid_ring(centre, 1))
    apart = h3.grid_ring(centre, 4)[0]
    lat, lng = h3.cell_to_latlng(ring[0])
    places = (("Druk", lat, lng), ("Ver weg", 52.5, 5.5))
    levels = {centre: 2, ring[0]: 2, apart: 1}
    areas = hotspots.join_areas(hot_frame(levels, {centre: 1, ring[0]: 40, apart: 2}), places)
    assert [area.name for area in areas] == ["Druk", "Druk (2)"]


def test_hot_spots_are_the_areas_and_empty_significant_cells_are_not_outlined(grid):
    counts = dict.fromkeys(grid, 0)
    centre = centre_cell()
    counts[centre] = 40  # its neighbours are significant through it, but hold no reports
    result = hotspots.getis_ord(counts_frame(counts), RESOLUTION, BOX, places=(("Plein", 51.8, 4.7),))
    assert (result.cells["gi_bin"] > 0).sum() > 1
    assert list(result.significant["cel"]) == [centre]
    assert result.hot == 1
    assert result.message == "1 hot spot, een gebied met duidelijk meer meldingen dan hun omgeving: Plein."


# ---------------------------------------------------------------- study area


def test_study_area_is_the_box_plus_observed_cells_outside_it(grid):
    outside = h3.latlng_to_cell(52.37, 4.90, RESOLUTION)  # Amsterdam
    area = hotspots.study_area([grid[0], outside], RESOLUTION, BOX)
    assert area == sorted([*grid, outside])
    assert hotspots.study_area([], RESOLUTION, BOX) == grid


# ---------------------------------------------------------------- planted cluster


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_planted_cluster_is_a_hot_spot_at_99_percent(grid, seed):
    rng = np.random.default_rng(seed)
    counts = dict(zip(grid, (int(v) for v in rng.poisson(0.3, len(grid))), strict=True))
    centre = centre_cell()
    ring = h3.grid_ring(centre, 1)
    counts[centre] += 16
    for cell in ring:
        counts[cell] += 4  # 16 + 6 x 4 = 40 planted reports
    result = hotspots.getis_ord(counts_frame(counts), RESOLUTION, BOX)
    cells = by_cell(result)
    assert result.status == "ok"
    assert cells.loc[centre, "gi_bin"] == 3
    assert cells.loc[centre, "klasse"] == "Hot spot, 99 % betrouwbaar"
    assert cells.loc[centre, "z"] > 2.576
    assert cells.loc[centre, "meldingen"] == counts[centre]
    # The hot spots are the cluster, not cells far from it.
    hot = set(cells.index[cells["gi_bin"] > 0])
    assert hot <= set(h3.grid_disk(centre, 2))
    assert (cells["gi_bin"] < 0).sum() == 0
    outlined = (result.cells["gi_bin"] > 0) & (result.cells["meldingen"] > 0)
    assert set(result.significant.index) == set(result.cells.index[outlined]), "hot cells that hold reports"
    assert result.hot == 1 and result.message.startswith("1 hot spot, een gebied"), "the cluster is one area"


def test_result_covers_the_whole_study_area(grid):
    counts = {centre_cell(): 40}
    result = hotspots.getis_ord(counts_frame(counts), RESOLUTION, BOX)
    assert sorted(result.cells["cel"]) == grid
    assert list(result.cells.columns) == ["cel", "meldingen", "z", "p", "gi_bin", "klasse"]
    assert result.cells["meldingen"].sum() == 40
    assert by_cell(result).loc[centre_cell(), "gi_bin"] == 3


def test_p_values_are_the_exact_binomial_of_each_neighbourhood(grid):
    """Under complete spatial randomness a neighbourhood's count is Binomial(all reports, its share of cells)."""
    rng = np.random.default_rng(7)
    counts = dict(zip(grid, (int(v) for v in rng.poisson(1.0, len(grid))), strict=True))
    result = hotspots.getis_ord(counts_frame(counts), RESOLUTION, BOX)
    total = sum(counts.values())
    area = set(grid)
    for cell, p in zip(result.cells["cel"], result.cells["p"], strict=True):
        neighbourhood = [cell, *(other for other in h3.grid_ring(cell, 1) if other in area)]
        local = sum(counts[other] for other in neighbourhood)
        share = len(neighbourhood) / len(grid)
        assert p == pytest.approx(stats.binom.sf(local - 1, total, share))
    assert set(result.cells["gi_bin"]) <= set(hotspots.BIN_LABELS)
    assert (result.cells["klasse"] == result.cells["gi_bin"].map(hotspots.BIN_LABELS)).all()


def test_uniform_noise_flags_no_more_runs_than_the_fdr_level(grid):
    """Over many runs of pure noise, runs with any hot spot at 90 % stay within the 10 % FDR allows."""
    runs_with_a_flag = 0
    for seed in range(60):
        rng = np.random.default_rng(seed)
        counts = dict(zip(grid, (int(v) for v in rng.poisson(0.5, len(grid))), strict=True))
        result = hotspots.getis_ord(counts_frame(counts), RESOLUTION, BOX)
        runs_with_a_flag += bool((result.cells["gi_bin"] != 0).any())
    assert runs_with_a_flag <= 6


# ---------------------------------------------------------------- random patterns


@pytest.mark.parametrize("rate", [0.3, 1.0])
def test_uniform_noise_rarely_yields_hot_spots(grid, rate):
    """Under complete spatial randomness the FDR keeps false discoveries few."""
    flagged = []
    for seed in range(20):
        values = np.random.default_rng(1000 + seed).poisson(rate, len(grid))
        result = hotspots.getis_ord(counts_frame(dict(zip(grid, values, strict=True))), RESOLUTION, BOX)
        assert result.status in {"ok", "geen"}
        flagged.append(int((result.cells["gi_bin"] != 0).sum()))
    shares = np.array(flagged) / len(grid)
    assert shares.mean() < 0.05
    assert sum(f == 0 for f in flagged) >= 10  # in most seeds nothing at all
    assert max(flagged) <= 10


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_an_even_spread_has_no_significant_cells(grid):
    result = hotspots.getis_ord(counts_frame(dict.fromkeys(grid, 2)), RESOLUTION, BOX)
    assert result.status == "geen"
    assert result.significant.empty
    assert "Geen significante hot spots" in result.message
    assert len(result.cells) == len(grid)


def test_a_quiet_random_pattern_has_status_geen(grid):
    # Seed 1000 at rate 1.0 flags nothing (checked in the noise test above).
    values = np.random.default_rng(1000).poisson(1.0, len(grid))
    result = hotspots.getis_ord(counts_frame(dict(zip(grid, values, strict=True))), RESOLUTION, BOX)
    assert result.status == "geen"
    assert (result.cells["gi_bin"] == 0).all()
    assert (result.cells["klasse"] == "Niet significant").all()


# ---------------------------------------------------------------- too few


@pytest.mark.parametrize("total", [0, 1, 29])
def test_fewer_than_30_reports_are_too_few(total):
    counts = counts_frame({centre_cell(): total}) if total else pd.DataFrame(columns=["cel", "meldingen"])
    result = hotspots.getis_ord(counts, RESOLUTION, BOX)
    assert result.status == "te_weinig"
    assert result.cells.empty
    assert result.significant.empty
    assert f"{total} in deze selectie" in result.message
    assert "minstens 30" in result.message
    assert result.message.startswith("Te weinig meldingen")


def test_thirty_reports_are_enough_to_test():
    result = hotspots.getis_ord(counts_frame({centre_cell(): 30}), RESOLUTION, BOX)
    assert result.status in {"ok", "geen"}
    assert not result.cells.empty


# ---------------------------------------------------------------- FDR


def benjamini_hochberg(p: list[float], alpha: float) -> float:
    """The BH step-up cut-off written out: the largest p(k) with p(k) <= k alpha / m, or -1."""
    ordered = sorted(p)
    m = len(ordered)
    cutoff = -1.0
    for k, value in enumerate(ordered, start=1):
        if value <= k * alpha / m:
            cutoff = value
    return cutoff


@pytest.mark.parametrize(
    ("p", "alpha", "want"),
    [
        # thresholds 0.0125, 0.025, 0.0375, 0.05: 0.03 fails its own step but the step-up keeps it
        ([0.6, 0.032, 0.001, 0.03], 0.05, 0.032),
        # thresholds 0.00833, 0.01667, 0.025, ...: only the first two pass
        ([0.001, 0.008, 0.039, 0.041, 0.042, 0.6], 0.05, 0.008),
        ([0.2, 0.3, 0.9], 0.05, -1.0),
        ([0.01, 0.02, 0.03], 0.05, 0.03),
        ([0.04], 0.05, 0.04),
        ([0.06], 0.05, -1.0),
        ([0.009, 0.5, 0.5, 0.5, 0.5], 0.05, 0.009),
        ([0.011, 0.5, 0.5, 0.5, 0.5], 0.05, -1.0),
    ],
)
def testfdr_cutoff_is_benjamini_hochberg(p, alpha, want):
    assert benjamini_hochberg(p, alpha) == want
    assert hotspots.fdr_cutoff(np.array(p), alpha) == want


def testfdr_cutoff_on_random_p_values():
    rng = np.random.default_rng(3)
    for _ in range(50):
        p = np.concatenate([rng.uniform(0, 1, 40), rng.uniform(0, 0.01, rng.integers(0, 10))])
        for alpha in (0.01, 0.05, 0.10):
            assert hotspots.fdr_cutoff(p, alpha) == benjamini_hochberg(list(p), alpha)


def testfdr_cutoff_of_nothing():
    assert hotspots.fdr_cutoff(np.array([]), 0.05) == -1.0


# ---------------------------------------------------------------- emerging places


def comparison(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["wijk", "meldingen", "vorige_periode"]).astype(
        {"meldingen": int, "vorige_periode": int}
    )


def test_emerging_known_cases():
    frame = hotspots.emerging(comparison([("A", 12, 2), ("B", 3, 0), ("C", 4, 4), ("D", 1, 6)])).set_index("wijk")
    # P(X >= 12 | X ~ Bin(14, 1/2)) = (91 + 14 + 1) / 2^14
    assert frame.loc["A", "p"] == pytest.approx(106 / 16384)
    assert frame.loc["B", "p"] == pytest.approx(0.125)
    assert frame.loc["C", "p"] == 1.0
    assert frame.loc["D", "p"] == 1.0
    # FDR over four places: 0.00647 <= 0.05 / 4, 0.125 > 0.10
    assert frame["opkomend"].to_dict() == {"A": True, "B": False, "C": False, "D": False}
    assert frame.loc["A", "sterkte"] == pytest.approx(2 * (12**0.5 - 2**0.5))
    assert frame.loc["D", "sterkte"] == pytest.approx(2 * (1 - 6**0.5))


def test_three_against_none_is_not_significant_alone():
    frame = hotspots.emerging(comparison([("B", 3, 0)]))
    assert frame.loc[0, "p"] == pytest.approx(0.125)
    assert not frame.loc[0, "opkomend"]


def test_five_against_none_is_significant_alone():
    frame = hotspots.emerging(comparison([("E", 5, 0)]))
    assert frame.loc[0, "p"] == pytest.approx(1 / 32)
    assert frame.loc[0, "opkomend"]


@pytest.mark.parametrize(
    ("now", "before"), [(12, 2), (3, 0), (5, 0), (7, 3), (20, 9), (40, 25), (1, 0), (0, 0), (2, 2), (3, 9)]
)
def test_emerging_p_is_the_exact_one_sided_binomial_test(now, before):
    frame = hotspots.emerging(comparison([("X", now, before)]))
    want = 1.0 if now <= before else stats.binomtest(now, now + before, 0.5, alternative="greater").pvalue
    assert frame.loc[0, "p"] == pytest.approx(want)


def test_emerging_corrects_for_many_places():
    # 7 vs 1: p = 9/256 = 0.035 is significant on its own, but not among 20 places that did not change.
    alone = hotspots.emerging(comparison([("A", 7, 1)]))
    assert alone.loc[0, "p"] == pytest.approx(9 / 256)
    assert alone.loc[0, "opkomend"]
    many = hotspots.emerging(comparison([("A", 7, 1)] + [(f"W{i}", 3, 3) for i in range(19)]))
    assert not many["opkomend"].any()


def test_emerging_lists_rising_places_first_strongest_first():
    frame = hotspots.emerging(comparison([("C", 2, 2), ("A", 12, 2), ("B", 30, 5), ("D", 0, 4)]))
    assert list(frame["wijk"][:2]) == ["B", "A"]
    assert list(frame["opkomend"]) == [True, True, False, False]
    assert list(frame["wijk"][2:]) == ["C", "D"]


def test_emerging_on_no_places():
    frame = hotspots.emerging(comparison([]))
    assert frame.empty
    assert {"sterkte", "p", "opkomend"} <= set(frame.columns)
