"""Privacy rules per role: the only place that decides what report figures may show.

Every figure derived from reports that leaves the core for a role other than
the programme manager passes through a :class:`PrivacyPolicy`: counts below
the profile's threshold k are suppressed (shown as "<k", never as a number),
and locations are never finer than the role allows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from vsdata.formatting import format_count, format_number
from vsdata.hotspots import HotspotResult, name_list
from vsdata.roles import Role
from vsdata.settings import CityProfile, profile

DEFAULT_H3_RESOLUTION = 8
WEEKLY_TREND_MAX_DAYS = 190
# A count of k or more hidden only so that a small one beside it cannot be worked out: not "<k", which it is not.
PROTECTED_LABEL = "afgeschermd"


@dataclass(frozen=True)
class SafeCount:
    """A count as a role may see it: the number, or only that it is below k."""

    value: int | None
    label: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class PrivacyPolicy:
    role: Role
    k: int
    exact: bool
    """Whether small counts may be shown as they are (programme manager only)."""
    finest_h3_resolution: int
    weekly_trend: bool
    """Whether trends may count per week; otherwise per month, so fewer periods fall below k."""

    @property
    def suppressed_label(self) -> str:
        return f"<{self.k}"

    def count(self, value: int) -> SafeCount:
        if self.exact or value >= self.k:
            return SafeCount(int(value), _thousands(int(value)))
        return SafeCount(None, self.suppressed_label)

    @property
    def resolutions(self) -> tuple[int, ...]:
        """H3 resolutions the role may see (coarser is always allowed)."""
        return tuple(resolution for resolution in (7, 8, 9) if resolution <= self.finest_h3_resolution)

    def resolution(self, requested: int | None) -> int:
        return requested if requested in self.resolutions else DEFAULT_H3_RESOLUTION

    @property
    def heatmap(self) -> bool:
        """A heatmap draws near-point locations, so only the programme manager gets one."""
        return self.exact

    def mask_counts(self, frame: pd.DataFrame, column: str = "meldingen", *, total_shown: bool = False) -> pd.DataFrame:
        """A copy where counts below k are missing, with a 'label' column and a 'onderdrukt' flag.

        With ``total_shown`` (the rows add up to a total the reader sees), the
        hidden rows could be worked out together by subtraction, so the smallest
        shown rows are hidden too until the hidden rows add up to at least k and
        the total pins no ``<k`` row to one value (see :func:`pins_a_small_row`).
        """
        result = frame.copy()
        counts = result[column].astype("Int64")
        small = pd.Series(False, index=result.index) if self.exact else (counts < self.k).fillna(False)
        hidden = small.copy()
        while total_shown and hidden.any() and (~hidden).any() and pins_a_small_row(counts, hidden, small, self.k):
            hidden[counts.where(~hidden).idxmin()] = True
        result["onderdrukt"] = hidden.astype(bool)
        result[column] = counts.mask(hidden)
        result["label"] = [
            (self.suppressed_label if is_small else PROTECTED_LABEL) if is_hidden else _thousands(int(value))
            for is_hidden, is_small, value in zip(hidden, small, counts, strict=True)
        ]
        return result

    def table(self, frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        """A table for display or download: for other roles each count column as text, '<5' below k."""
        if self.exact:
            return frame.copy()
        result = frame.copy()
        for column in columns:
            result[column] = [
                self.suppressed_label if value < self.k else _thousands(int(value)) for value in result[column]
            ]
        return result

    def comparable(self, *values: int) -> bool:
        """Whether a change between counts may be shown without revealing a suppressed one."""
        return self.exact or all(value >= self.k for value in values)

    def trend_grain(self, days: int) -> str:
        """'week' for a trend over up to about half a year where weekly counts may be shown, else 'month'."""
        return "week" if self.weekly_trend and days <= WEEKLY_TREND_MAX_DAYS else "month"

    def parts(self, frame: pd.DataFrame, column: str = "meldingen") -> pd.DataFrame:
        """Counts that add up to a total the reader sees (a breakdown, a grid, a trend): see :meth:`mask_counts`."""
        return self.mask_counts(frame, column, total_shown=True)

    def categories(self, frame: pd.DataFrame, column: str, values: list[str]) -> pd.DataFrame:
        """Counts per category, largest first; for other roles every known value and the hidden rows last.

        Which values are listed, and in what order, would otherwise tell what a '<k' hides.
        """
        if not self.exact:
            counts = dict(zip(frame[column], frame["meldingen"], strict=True))
            frame = pd.DataFrame({column: values, "meldingen": [int(counts.get(value, 0)) for value in values]})
        masked = self.parts(frame)
        shown = masked[~masked["onderdrukt"]].sort_values(["meldingen", column], ascending=[False, True])
        return pd.concat([shown, masked[masked["onderdrukt"]]], ignore_index=True)

    def period_bars(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A trend's bars (van, tot, meldingen) as parts of the period's total; all hidden, one bar for the period.

        Hidden bars beside a shown total can still give each other away when
        every bar is hidden, so the period is then shown as a single bar.
        """
        masked = self.parts(frame)
        if len(masked) > 1 and masked["onderdrukt"].all():
            total = self.count(int(frame["meldingen"].sum()))
            return pd.DataFrame(
                {
                    "van": [frame["van"].iloc[0]],
                    "tot": [frame["tot"].iloc[-1]],
                    "meldingen": pd.array([total.value], dtype="Int64"),
                    "label": [total.label],
                    "onderdrukt": [total.suppressed],
                }
            )
        return masked

    def hot_spots(self, result: HotspotResult, shown_cells: set[str]) -> HotspotResult:
        """Hot spots as the role may see them: outlines only on cells whose count it sees, no cell's figures.

        The number of hot spots stays; an outline on a grey cell would point to
        where the few hidden reports lie, so those cells are not outlined and a
        hot spot that lies wholly in grey cells is counted but not named.
        """
        if self.exact:
            return result
        cells = result.cells[result.cells["cel"].isin(shown_cells)][["cel", "gi_bin", "klasse"]].reset_index(drop=True)
        areas = tuple(
            replace(area, cells=kept)
            for area in result.areas
            if (kept := tuple(cell for cell in area.cells if cell in shown_cells))
        )
        message = result.message
        if len(areas) < result.hot:
            on_map = f"waarvan {len(areas)} op de kaart" + (f": {name_list(areas)}" if areas else "")
            message = (
                f"{format_count(result.hot, 'hot spot', 'hot spots')}, {on_map}. "
                f"{'De andere liggen' if result.hot - len(areas) > 1 else 'De andere ligt'} in vakken met minder dan "
                f"{self.k} meldingen en {'zijn' if result.hot - len(areas) > 1 else 'is'} daarom niet omlijnd."
            )
        return replace(result, message=message, cells=cells, areas=areas, area_count=result.hot)

    def test_results(self, frame: pd.DataFrame, figures: list[str]) -> pd.DataFrame:
        """A statistical test's rows; for other roles without the ``figures`` columns (counts, p-values).

        A test result printed beside one shown count bounds the other, hidden one.
        """
        return frame if self.exact else frame.drop(columns=figures)


def pins_a_small_row(counts: pd.Series, hidden: pd.Series, small: pd.Series, k: int) -> bool:
    """Whether the hidden rows of a shown total give a count below k away from their labels.

    The reader knows what is missing from the total and, per hidden row, a
    range: 0 to k-1 for a ``<k`` row; k up to the smallest row still shown for
    a protected one (this rule hides the smallest shown rows first). A ``<k``
    row whose range the total narrows to one value of 1 to k-1 is given away,
    and so is every hidden row when together they hold 1 to k-1. (That they
    hold none at all may show: nobody can be recognised in a zero.)
    """
    missing = int(counts[hidden].sum())
    if 0 < missing < k:
        return True
    shown = counts[~hidden]
    is_small = small[hidden].to_numpy(dtype=bool)
    lows = np.where(is_small, 0, k)
    highs = np.where(is_small, k - 1, int(shown.min()) if len(shown) else missing)
    lowest = np.maximum(lows, missing - (highs.sum() - highs))
    highest = np.minimum(highs, missing - (lows.sum() - lows))
    return bool((is_small & (lowest == highest) & (lowest > 0) & (lowest < k)).any())


def _thousands(value: int) -> str:
    return format_number(value)


def policy_for(role: Role, city: CityProfile | None = None) -> PrivacyPolicy:
    city = city or profile()
    if role == Role.PROGRAMMAMANAGER:
        return PrivacyPolicy(role, city.privacy_k, exact=True, finest_h3_resolution=9, weekly_trend=True)
    return PrivacyPolicy(role, city.privacy_k, exact=False, finest_h3_resolution=8, weekly_trend=False)
