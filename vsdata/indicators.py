"""The Onderzoek figures: indicators over the years, app reports per 1,000 inhabitants, the school programme's effect.

Effect is read from before/after survey summaries (n, mean, sd per phase).
The before and after groups are treated as independent samples, as the
summaries cannot be paired, and compared with Welch's interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import partial

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from vsdata import reports
from vsdata.formatting import format_period, with_headers
from vsdata.models import IndicatorValue, Programme, School, SurveyPhase, SurveyResult
from vsdata.privacy import PrivacyPolicy
from vsdata.roles import Role
from vsdata.settings import CityProfile

CONFIDENCE = 0.95
MIN_RESPONDENTS = 10  # per phase; below this a difference is not interpreted
APP_SOURCE_NOTE = (
    "Meer meldingen kan ook betekenen dat meer mensen de app kennen en durven te melden, niet per se dat er "
    "meer straatintimidatie is."
)
# Rows that serve as reference lines beside Dordrecht's own series.
REFERENCE_SOURCES = ("Enquête straatintimidatie", "CBS Belevingen")
YEARS_BETWEEN = {"Veiligheidsmonitor": 2}
"""Years from one measurement to the next per source (1 when not named): a longer gap is a missing year."""
COLUMN_LABELS = {
    "bron": "Bron",
    "gebied": "Gebied",
    "meting": "Meting",
    "jaar": "Jaar",
    "waarde": "Waarde",
    "eenheid": "Eenheid",
    "vindplaats": "Vindplaats",
    "schatting": "Schatting (demo)",
    "periode": "Periode",
    "meldingen": "Meldingen",
    "per_1000_inwoners": "Per 1.000 inwoners",
    "school": "School",
    "programma": "Programma",
    "lezing": "Lezing",
    "verschil": "Verschil (na − voor)",
    "ondergrens": "95 %-interval van",
    "bovengrens": "95 %-interval tot",
    "n_voor": "n voor",
    "gemiddelde_voor": "Gemiddelde voor",
    "n_na": "n na",
    "gemiddelde_na": "Gemiddelde na",
}
"""Dutch headers of the Onderzoek tables, on screen and in the downloads."""
labelled = partial(with_headers, headers=COLUMN_LABELS)


def year_segments(frame: pd.DataFrame, step: int = 1) -> pd.Series:
    """Per row, the stretch of consecutive measurements its series is in: a line is drawn within one, never across.

    A series ('reeks') starts a new stretch after a gap of more than ``step`` years, so a chart does not
    draw a straight line through years without a figure.
    """
    ordered = frame.sort_values(["reeks", "jaar"])
    gap = ordered.groupby("reeks")["jaar"].diff() > step
    stretch = gap.astype(int).groupby(ordered["reeks"]).cumsum()
    return (ordered["reeks"] + " · " + stretch.astype(str)).reindex(frame.index)


@dataclass(frozen=True)
class Interval:
    """A difference of two means (after - before) with its confidence interval and Welch's degrees of freedom."""

    difference: float
    low: float
    high: float
    df: float


def welch_interval(
    mean_before: float, sd_before: float, n_before: int, mean_after: float, sd_after: float, n_after: int
) -> Interval:
    """Welch's 95 % interval for mean_after - mean_before; needs n >= 2 in both groups."""
    from scipy import stats  # slow to import: loaded when first needed

    if n_before < 2 or n_after < 2:
        raise ValueError("Welch's interval needs at least 2 respondents per group")
    var_before, var_after = sd_before**2 / n_before, sd_after**2 / n_after
    difference = mean_after - mean_before
    se = math.sqrt(var_before + var_after)
    if se == 0:
        return Interval(difference, difference, difference, float(n_before + n_after - 2))
    df = (var_before + var_after) ** 2 / (var_before**2 / (n_before - 1) + var_after**2 / (n_after - 1))
    margin = stats.t.ppf(0.5 + CONFIDENCE / 2, df) * se
    return Interval(difference, difference - margin, difference + margin, df)


def reading(interval: Interval | None, n_before: int, n_after: int) -> str:
    """One plain-Dutch line; a higher score is better on every measure."""
    if interval is None or min(n_before, n_after) < MIN_RESPONDENTS:
        return f"te weinig respondenten (minder dan {MIN_RESPONDENTS} voor of na) voor een conclusie"
    if interval.low > 0:
        return "duidelijke verbetering"
    if interval.high < 0:
        return "duidelijke verslechtering"
    return "geen aantoonbaar verschil"


def survey_years(session: Session) -> list[str]:
    """School years with survey results, newest first."""
    years = session.scalars(select(SurveyResult.school_year).distinct())
    return sorted(years, reverse=True)


def survey_effects(session: Session, by_school: bool, school_year: str | None = None) -> pd.DataFrame:
    """Before/after per programme (or per school and programme) and measure, with Welch's interval and a reading.

    Groups are combined in the database: n, the sum of n*mean, and the sum of
    (n-1)*sd^2 + n*mean^2 give the combined mean and standard deviation exactly.
    """
    keys = [School.name.label("school"), Programme.name.label("programma")] if by_school else [Programme.name]
    key_names = ["school", "programma"] if by_school else ["programma"]
    query = (
        select(
            *keys,
            SurveyResult.measure,
            SurveyResult.phase,
            func.sum(SurveyResult.n),
            func.sum(SurveyResult.n * SurveyResult.mean),
            func.sum((SurveyResult.n - 1) * SurveyResult.sd * SurveyResult.sd + SurveyResult.n * SurveyResult.mean**2),
        )
        .join(Programme, Programme.id == SurveyResult.programme_id)
        .join(School, School.id == SurveyResult.school_id)
        .group_by(*keys, SurveyResult.measure, SurveyResult.phase)
    )
    if school_year:
        query = query.where(SurveyResult.school_year == school_year)
    columns = [*key_names, "meting", "fase", "n", "som", "kwadraten"]
    groups = pd.DataFrame(session.execute(query).all(), columns=columns)
    rows = []
    for key, group in groups.groupby([*key_names, "meting"], sort=True):
        phases = {row.fase: row for row in group.itertuples()}
        before, after = (_combined(phases.get(phase)) for phase in (SurveyPhase.VOOR, SurveyPhase.NA))
        interval = None
        if before[0] >= 2 and after[0] >= 2:
            interval = welch_interval(before[1], before[2], before[0], after[1], after[2], after[0])
        rows.append(
            {
                **dict(zip([*key_names, "meting"], key, strict=True)),
                "n_voor": before[0],
                "gemiddelde_voor": before[1],
                "n_na": after[0],
                "gemiddelde_na": after[1],
                "verschil": interval.difference if interval else None,
                "ondergrens": interval.low if interval else None,
                "bovengrens": interval.high if interval else None,
                "lezing": reading(interval, before[0], after[0]),
            }
        )
    columns = [*key_names, "meting", "n_voor", "gemiddelde_voor", "n_na", "gemiddelde_na"]
    return pd.DataFrame(rows, columns=[*columns, "verschil", "ondergrens", "bovengrens", "lezing"])


def _combined(row) -> tuple[int, float | None, float | None]:
    """(n, mean, sd) of a phase's combined groups; (0, None, None) when the phase is missing."""
    if row is None or not row.n:
        return 0, None, None
    n = int(row.n)
    mean = row.som / n
    variance = (row.kwadraten - n * mean**2) / (n - 1) if n > 1 else 0.0
    return n, mean, math.sqrt(max(variance, 0.0))


def indicator_values(session: Session) -> pd.DataFrame:
    """Every stored indicator figure with its source, for the charts and the table."""
    rows = session.execute(
        select(
            IndicatorValue.source,
            IndicatorValue.area,
            IndicatorValue.measure,
            IndicatorValue.year,
            IndicatorValue.value,
            IndicatorValue.unit,
            IndicatorValue.reference,
            IndicatorValue.is_estimate,
        ).order_by(IndicatorValue.source, IndicatorValue.measure, IndicatorValue.area, IndicatorValue.year)
    ).all()
    columns = ["bron", "gebied", "meting", "jaar", "waarde", "eenheid", "vindplaats", "schatting"]
    return pd.DataFrame(rows, columns=columns)


def reports_per_year(
    session: Session, policy: PrivacyPolicy, population: int, start: date, today: date
) -> pd.DataFrame:
    """App reports per calendar year and per 1,000 inhabitants, through the role's privacy policy.

    The first and the current year are partial; ``periode`` says which part.
    """
    months = reports.monthly_counts(session, start.replace(day=1), today.replace(day=1), since=start)
    columns = ["jaar", "periode", "meldingen", "per_1000_inwoners", "volledig_jaar"]
    if not months["meldingen"].sum():
        return pd.DataFrame(columns=columns)
    months["jaar"] = pd.to_datetime(months["periode"]).dt.year
    years = months.groupby("jaar", as_index=False)["meldingen"].sum()
    rows = []
    for year, count in zip(years["jaar"], years["meldingen"], strict=True):
        first, last = max(date(year, 1, 1), start), min(date(year, 12, 31), today)
        shown = policy.count(int(count))
        rows.append(
            {
                "jaar": int(year),
                "periode": format_period(first, last),
                "meldingen": shown.label,
                "per_1000_inwoners": None if shown.suppressed else round(int(count) / population * 1000, 2),
                "volledig_jaar": first == date(year, 1, 1) and last == date(year, 12, 31),
            }
        )
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class ResearchView:
    """Everything the Onderzoek page shows."""

    indicators: pd.DataFrame
    reports_per_year: pd.DataFrame
    role: Role
    city_name: str
    population: int
    population_source: str
    school_year: str | None
    effects_by_programme: pd.DataFrame
    effects_by_school: pd.DataFrame

    def series(self, source: str, area: str | None = None) -> pd.DataFrame:
        """One source's figures as chart series: 'measure', or 'measure (area)' when areas are compared or the
        only area is not the city (a national line alone must not read as the city's)."""
        rows = self.indicators[self.indicators["bron"] == source]
        if area is not None:
            rows = rows[rows["gebied"] == area]
        areas = set(rows["gebied"])
        compare = len(areas) > 1 or bool(areas - {self.city_name})
        names = rows["meting"] + (" (" + rows["gebied"] + ")" if compare else "")
        return rows.assign(reeks=names)

    def monitor_measures(self) -> list[str]:
        """Veiligheidsmonitor measures, those with a national line and the longest series first."""
        monitor = self.indicators[self.indicators["bron"] == "Veiligheidsmonitor"]
        spread = monitor.groupby("meting").agg(gebieden=("gebied", "nunique"), jaren=("jaar", "nunique"))
        return list(spread.sort_values(["gebieden", "jaren"], ascending=False).index)

    def monitor_caption(self, measure: str) -> str:
        """What the Veiligheidsmonitor chart of one measure compares, so a line of another area is not read as
        the city's."""
        rows = self.indicators[
            (self.indicators["bron"] == "Veiligheidsmonitor") & (self.indicators["meting"] == measure)
        ]
        others = " en ".join(sorted(set(rows["gebied"]) - {self.city_name}))
        if not others:
            return f"{self.city_name}; de monitor is tweejaarlijks."
        if self.city_name not in set(rows["gebied"]):
            return (
                f"Alleen {others}: van {self.city_name} is voor deze meting geen eigen cijfer opgeslagen. "
                "De monitor is tweejaarlijks."
            )
        return f"{self.city_name} naast {others}; de monitor is tweejaarlijks."

    def measured(self) -> pd.DataFrame:
        """The indicators of the charts (RADAR, the Veiligheidsmonitor), without the reference figures."""
        return self.indicators[~self.indicators["bron"].isin(REFERENCE_SOURCES)].reset_index(drop=True)

    def references(self) -> pd.DataFrame:
        """The survey figures that serve as reference lines: Dordrecht's 2021 survey and CBS's national ones."""
        rows = self.indicators[self.indicators["bron"].isin(REFERENCE_SOURCES)]
        return rows[["bron", "gebied", "jaar", "meting", "waarde", "eenheid", "vindplaats"]].reset_index(drop=True)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The page's tables as they are shown and offered for download, with Dutch headers."""
        measured = self.measured()
        tables = {
            "Indicatoren": measured.assign(schatting=measured["schatting"].map({True: "ja", False: "nee"})),
            "Referentiecijfers": self.references(),
            "Meldingen per jaar": self.reports_per_year.drop(columns="volledig_jaar"),
            "Effect per programma": self.effects_by_programme,
            "Effect per school": self.effects_by_school,
        }
        return {name: labelled(table) for name, table in tables.items()}


def build_research_view(
    session: Session, policy: PrivacyPolicy, city: CityProfile, today: date, school_year: str | None
) -> ResearchView:
    return ResearchView(
        indicators=indicator_values(session),
        reports_per_year=reports_per_year(session, policy, city.population, city.programme_start, today),
        role=policy.role,
        city_name=city.name,
        population=city.population,
        population_source=city.population_source,
        school_year=school_year,
        effects_by_programme=survey_effects(session, by_school=False, school_year=school_year),
        effects_by_school=survey_effects(session, by_school=True, school_year=school_year),
    )
