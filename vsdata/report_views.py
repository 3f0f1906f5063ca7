"""Everything the Meldingen page shows for one filter and role, through the privacy policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import h3
import pandas as pd
from sqlmodel import Session

from vsdata import campaign, hotspots, reports, schools, tally, trend
from vsdata.formatting import format_count
from vsdata.privacy import PrivacyPolicy, SafeCount
from vsdata.report_filter import ReportFilter
from vsdata.settings import CityProfile

if TYPE_CHECKING:
    import folium

SCHOOL_RADIUS_M = tally.SCHOOL_RADIUS_M
BREAKDOWN_LABELS = {"categorie": "Vorm", "locatietype": "Soort plek", "doelgroep": "Doelgroep", "wijk": "Wijk"}


@dataclass
class ReportView:
    report_filter: ReportFilter
    resolution: int
    total: SafeCount
    previous_total: SafeCount
    cells: pd.DataFrame
    """cel, meldingen (masked), label, onderdrukt, aandeel."""
    hotspots: hotspots.HotspotResult
    heat: pd.DataFrame | None
    """latitude, longitude, meldingen of resolution-9 cell centres; programme manager only."""
    trend: pd.DataFrame
    trend_grain: str
    campaign: pd.DataFrame
    grid: pd.DataFrame
    breakdowns: dict[str, pd.DataFrame]
    aftercare: tuple[SafeCount, SafeCount]
    schools: pd.DataFrame
    school_table: pd.DataFrame
    emerging_cells: pd.DataFrame
    emerging_wijken: pd.DataFrame
    comparison_possible: bool
    """False when the previous period lies (partly) before the programme started."""

    def partial_periods(self) -> str:
        """In words, which bars of the trend cover only part of their week or month."""
        return trend.partial_note(self.trend, self.trend_grain)

    def trend_table(self) -> pd.DataFrame:
        """The trend as downloaded: each bar's days and count as the role may see them."""
        return trend.trend_table(self.trend)

    def map_in_words(self, policy: PrivacyPolicy) -> str:
        """The map's text alternative: what it draws, and where its numbers stand in tables."""
        shown = int((~self.cells["onderdrukt"]).sum())
        hidden = len(self.cells) - shown
        cells = format_count(shown, "vak", "vakken")
        text = f"De kaart kleurt {cells} naar hun aantal meldingen: hoe donkerder, hoe meer (zie de legenda)"
        if hidden:
            grey = format_count(hidden, "vak is", "vakken zijn")
            text += f"; {grey} grijs: minder dan {policy.k} meldingen, of afgeschermd zodat een klein aantal ernaast "
            text += "niet is af te leiden"
        outlined, hot = len(self.hotspots.areas), self.hotspots.hot
        if outlined:
            text += f". {format_count(outlined, 'hot spot is', 'hot spots zijn')} zwart omlijnd"
        if hot > outlined:
            text += f"; {format_count(hot - outlined, 'hot spot ligt', 'hot spots liggen')} in grijze vakken"
        return (
            f"{text}. Blauwe stippen zijn scholen, met een gestippelde cirkel van {SCHOOL_RADIUS_M} m. "
            "De aantallen staan per wijk in de tabel 'Wijk' onder 'Wat en wie', rond de scholen onder "
            "'Rond scholen', en per vak in de download 'Vakken'."
        )

    def folium_map(self, policy: PrivacyPolicy, city: CityProfile) -> folium.Map:
        """The Meldingen map of this view, with the colour classes the role may see."""
        from vsdata import maps  # folium is slow to import: loaded by the pages that draw a map

        return maps.report_map(
            self.cells,
            self.hotspots.significant,
            self.schools,
            centre=city.map_center,
            zoom=city.map_zoom,
            lowest_count=1 if policy.exact else policy.k,
            suppressed_label=policy.suppressed_label,
            heat=self.heat,
            school_radius_m=SCHOOL_RADIUS_M,
        )

    def tables(self) -> dict[str, pd.DataFrame]:
        """The aggregated tables of this view, as offered for download."""
        return {
            **{BREAKDOWN_LABELS[name]: frame for name, frame in self.breakdowns.items()},
            "Vakken": self.cells[["cel", "label", "aandeel"]].rename(columns={"label": "meldingen"}),
            "Dag en uur": self.grid[["dag", "uur", "label"]].rename(columns={"label": "meldingen"}),
            "Trend": self.trend_table(),
            "Rond scholen": self.school_table,
            "Opkomende wijken": self.emerging_wijken,
        }


def _share(masked: pd.DataFrame, total: int) -> pd.Series | object:
    return (masked["meldingen"].astype("Float64") / total).round(4) if total else pd.NA


def _with_share(frame: pd.DataFrame, total: int, policy: PrivacyPolicy) -> pd.DataFrame:
    masked = policy.parts(frame)
    masked["aandeel"] = _share(masked, total)
    return masked


def build_report_view(
    session: Session,
    report_filter: ReportFilter,
    policy: PrivacyPolicy,
    city: CityProfile,
    requested_resolution: int | None = None,
) -> ReportView:
    """Query, test and mask everything for the page in one go (all counts by GROUP BY in the database)."""
    resolution = policy.resolution(requested_resolution)
    comparable = report_filter.previous().start >= city.programme_start
    total = reports.total(session, report_filter)
    previous = reports.total(session, report_filter.previous())
    grain = policy.trend_grain(report_filter.days)
    bars = trend.report_trend(session, report_filter, policy, grain=grain, average=True, last_year=True)

    breakdowns = {name: breakdown(session, report_filter, name, total, policy) for name in BREAKDOWN_LABELS}
    asked, given = reports.aftercare(session, report_filter)

    school_frame = schools.school_points(session)
    names = list(school_frame["school"])
    now = reports.near_schools(session, report_filter, names)
    before = reports.near_schools(session, report_filter.previous(), names)
    school_table = policy.table(
        pd.DataFrame({"school": school_frame["school"], "meldingen": now, "vorige_periode": before}),
        ["meldingen", "vorige_periode"],
    )

    heat = None
    if policy.heatmap:
        fine = reports.cell_counts(session, report_filter, 9)
        centres = [h3.cell_to_latlng(cell) for cell in fine["cel"]]
        heat = pd.DataFrame(
            {"latitude": [c[0] for c in centres], "longitude": [c[1] for c in centres], "meldingen": fine["meldingen"]}
        )

    masked_cells, hotspot_result = map_layers(session, report_filter, policy, city, resolution, total)
    return ReportView(
        report_filter=report_filter,
        resolution=resolution,
        total=policy.count(total),
        previous_total=policy.count(previous),
        cells=masked_cells,
        hotspots=hotspot_result,
        heat=heat,
        trend=bars,
        trend_grain=grain,
        campaign=campaign.activities_between(session, report_filter.start, report_filter.end),
        grid=policy.parts(reports.weekday_hour(session, report_filter)),
        breakdowns=breakdowns,
        aftercare=(policy.count(asked), policy.count(given)),
        schools=school_frame,
        school_table=school_table,
        emerging_cells=_emerging(session, report_filter, "cel", resolution, policy, comparable),
        emerging_wijken=_emerging(session, report_filter, "wijk", resolution, policy, comparable),
        comparison_possible=comparable,
    )


def map_layers(
    session: Session, report_filter: ReportFilter, policy: PrivacyPolicy, city: CityProfile, resolution: int, total: int
) -> tuple[pd.DataFrame, hotspots.HotspotResult]:
    """The hexagons (masked, with their share of ``total``) and the Gi* hot spots, as the role may see them."""
    raw_cells = reports.cell_counts(session, report_filter, resolution)
    if not policy.exact:
        # Empty cells are drawn too, so a grey "<5" hexagon does not tell that something happened there.
        raw_cells = _with_empty_cells(raw_cells, resolution, city)
    masked_cells = _with_share(raw_cells, total, policy)
    result = hotspots.getis_ord(raw_cells, resolution, city.bounding_box, policy.count(total).label, city.places)
    return masked_cells, policy.hot_spots(result, set(masked_cells.loc[~masked_cells["onderdrukt"], "cel"]))


def breakdown(
    session: Session, report_filter: ReportFilter, name: str, total: int, policy: PrivacyPolicy
) -> pd.DataFrame:
    """Reports per value of a dimension with their share, largest first.

    Other roles get every value and the hidden rows last (see :meth:`PrivacyPolicy.categories`).
    """
    frame = reports.breakdown(session, report_filter, name)
    masked = policy.categories(frame, name, reports.dimension_values(session, name))
    masked["aandeel"] = _share(masked, total)
    return masked[[name, "label", "aandeel"]].rename(columns={name: BREAKDOWN_LABELS[name], "label": "meldingen"})


def _with_empty_cells(cells: pd.DataFrame, resolution: int, city: CityProfile) -> pd.DataFrame:
    area = hotspots.study_area(list(cells["cel"]), resolution, city.bounding_box)
    counts = dict(zip(cells["cel"], cells["meldingen"], strict=True))
    return pd.DataFrame({"cel": area, "meldingen": [int(counts.get(cell, 0)) for cell in area]})


def _emerging(
    session: Session, report_filter: ReportFilter, key: str, resolution: int, policy: PrivacyPolicy, comparable: bool
) -> pd.DataFrame:
    if not comparable:
        return pd.DataFrame(columns=[key, "meldingen", "vorige_periode", "sterkte", "p"])
    tested = hotspots.emerging(reports.compare_periods(session, report_filter, key, resolution))
    columns = [key, "meldingen", "vorige_periode", "sterkte", "p"]
    rising = tested[tested["opkomend"]].reset_index(drop=True)
    return policy.test_results(rising[columns], ["meldingen", "vorige_periode", "sterkte", "p"])
