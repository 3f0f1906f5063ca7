"""Raadsbriefing: one period's figures as the council may see them, with a text written from those figures.

Every report-derived figure passes through the privacy policy of the ``raad``
role (counts below k suppressed, the map at H3 resolution 8), whoever builds
the briefing: it is made to be handed out. The same :class:`Briefing` feeds the
PDF (``vsdata/briefing_pdf.py``) and the app's presentation mode.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import altair as alt
import pandas as pd
from sqlmodel import Session

from vsdata import budget, changes, charts, db, indicators, report_views, reports, roles, schools, trend
from vsdata.formatting import format_date, format_euro, format_number, format_percent, format_period
from vsdata.hotspots import MIN_REPORTS_FOR_HOTSPOTS, HotspotResult, name_list
from vsdata.privacy import PrivacyPolicy, SafeCount, policy_for
from vsdata.report_filter import ReportFilter
from vsdata.roles import Role
from vsdata.settings import CityProfile

BRIEFING_ROLE = Role.RAAD
MAP_RESOLUTION = 8

TOPICS: dict[str, str] = {
    "kerncijfers": "Kerncijfers",
    "meldingen": "Meldingen",
    "kaart": "Kaart van de meldingen",
    "scholen": "Schoolprogramma",
    "begroting": "Begroting",
    "indicatoren": "Indicatoren",
}
"""The briefing's topics in order: the PDF's sections and the presentation's screens."""


def per_topic(*handlers):
    """Pair one handler with each topic in order, so no renderer can leave a topic out."""
    if len(handlers) != len(TOPICS):
        raise ValueError(f"{len(TOPICS)} onderwerpen, maar {len(handlers)} functies")
    return dict(zip(TOPICS, handlers, strict=True))


class BriefingError(ValueError):
    """A period that cannot be briefed on, with the reason in Dutch."""


def topics_for(role: Role) -> list[str]:
    return roles.briefing_topics(role)


def default_period(today: date, not_before: date | None = None) -> tuple[date, date]:
    """The current calendar month and the two before it, up to today; from ``not_before`` (the programme start)."""
    first = (pd.Timestamp(today.replace(day=1)) - pd.DateOffset(months=2)).date()
    return (max(first, not_before) if not_before else first), today


def end_label(briefing: Briefing) -> str:
    """How a chart marks the period's end: today, or the date it ended."""
    return "vandaag" if briefing.end == briefing.made_on else f"einde periode ({format_date(briefing.end)})"


@dataclass(frozen=True)
class KeyFigure:
    topic: str
    label: str
    value: str
    previous: str
    """The same figure in the previous period, as the council may see it; empty where it has none."""
    change: str
    """The change in words or a signed percentage; why not, where it cannot be compared."""


@dataclass
class Briefing:
    city: str
    start: date
    end: date
    made_on: date
    previous_start: date
    previous_end: date
    is_demo: bool
    policy: PrivacyPolicy
    places: tuple[tuple[str, float, float], ...]
    """Names that orient the map."""
    key_figures: list[KeyFigure]
    reports_total: SafeCount
    trend: pd.DataFrame
    """van, tot, meldingen (masked), label, onderdrukt, in_periode: months of the period and the one before."""
    forms: pd.DataFrame
    """Vorm, meldingen (label), aandeel."""
    cells: pd.DataFrame
    """cel, meldingen (masked), label, onderdrukt, aandeel: every cell of the study area at resolution 8."""
    hotspots: HotspotResult
    school_year: str
    coverage: pd.DataFrame
    school_status: dict[str, int]
    school_standing: schools.Standing
    """The programme as a whole on the last day, by the rule each school is judged by."""
    budget_year: int
    spend: budget.YearSpend
    burn_down: pd.DataFrame
    forecast: budget.Forecast | None
    lines: pd.DataFrame
    indicators: pd.DataFrame
    """bron, gebied, meting, eenheid, jaar, waarde, vorig_jaar, vorige_waarde, schatting."""
    summary: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=lambda: list(TOPICS))
    """The topics the reader may see (all of them until :meth:`for_role`)."""

    @property
    def has_budget(self) -> bool:
        return bool(self.spend.grant_cents or len(self.lines))

    @property
    def period(self) -> str:
        return format_period(self.start, self.end)

    @property
    def previous_period(self) -> str:
        return format_period(self.previous_start, self.previous_end)

    def map_chart(self, width: int = 620, height: int = 520) -> alt.LayerChart:
        """The static hexagon map, with the council's colour classes (place names laid out for this size)."""
        return charts.hexagon_map_chart(
            self.cells,
            self.hotspots.significant,
            self.places,
            lowest_count=self.policy.k,
            suppressed_label=self.policy.suppressed_label,
            width=width,
            height=height,
        )

    @property
    def map_note(self) -> str | None:
        """Why there is no map (every cell grey or empty), in one line; None when the map shows something."""
        if (~self.cells["onderdrukt"].astype(bool)).any():
            return None
        return (
            f"Geen kaart: in deze periode telt geen enkel vak {self.policy.k} of meer meldingen, "
            "dus zou de kaart alleen grijze vakken tonen."
        )

    def indicator_table(self, limit: int | None = None) -> pd.DataFrame:
        """The latest indicator figures as written: value with its year, the one before, source or estimate.

        With ``limit``, only that many: the city's own newest figures first (a screen holds a short table).
        """
        frame = self.indicators
        if limit is not None:
            own_first = frame.assign(elders=frame["gebied"] != self.city)
            frame = own_first.sort_values(["elders", "jaar"], ascending=[True, False], kind="stable").head(limit)
        return pd.DataFrame(
            {
                "Bron": frame["bron"],
                "Indicator": frame["meting"],
                "Gebied": frame["gebied"],
                "Laatste": [
                    f"{indicator_value(value, unit)} ({year})"
                    for value, unit, year in zip(frame["waarde"], frame["eenheid"], frame["jaar"], strict=True)
                ],
                "Ervoor": [
                    "" if pd.isna(year) else f"{indicator_value(value, unit)} ({year})"
                    for value, unit, year in zip(
                        frame["vorige_waarde"], frame["eenheid"], frame["vorig_jaar"], strict=True
                    )
                ],
                "Soort": ["schatting (demo)" if estimate else "bron" for estimate in frame["schatting"]],
            }
        )

    def for_role(self, role: Role) -> Briefing:
        """The briefing without the topics the role may not see (its key figures and sentences too)."""
        allowed = set(topics_for(role))
        kept = [figure for figure in self.key_figures if figure.topic in allowed]
        topics = [topic for topic in self.topics if topic in allowed]
        shown = Briefing(**{**self.__dict__, "key_figures": kept, "topics": topics})
        shown.summary = summary_sentences(shown, allowed)
        return shown


def _change(now: SafeCount, before: SafeCount, policy: PrivacyPolicy, comparable_period: bool) -> str:
    if not comparable_period:
        return "niet te vergelijken: de vorige periode valt (deels) vóór de start van het programma"
    if not policy.comparable(now.value or 0, before.value or 0) or now.suppressed or before.suppressed:
        return f"niet te vergelijken: minder dan {policy.k} meldingen"
    return changes.change(now.value, before.value).badge


def _whole_euros(cents: int) -> str:
    return format_euro(cents, whole=True)


def _latest_indicators(session: Session, last_year: int) -> pd.DataFrame:
    """The latest figure up to ``last_year`` per source, measure and area, with the one before it."""
    values = indicators.indicator_values(session)
    values = values[values["jaar"] <= last_year].sort_values("jaar", kind="stable")
    columns = ["bron", "gebied", "meting", "eenheid", "jaar", "waarde", "vorig_jaar", "vorige_waarde", "schatting"]
    rows = []
    for (source, area, measure), series in values.groupby(["bron", "gebied", "meting"], sort=True):
        last = series.iloc[-1]
        before = series.iloc[-2] if len(series) > 1 else None
        rows.append(
            [
                source,
                area,
                measure,
                last["eenheid"],
                int(last["jaar"]),
                float(last["waarde"]),
                int(before["jaar"]) if before is not None else None,
                float(before["waarde"]) if before is not None else None,
                bool(last["schatting"]),
            ]
        )
    frame = pd.DataFrame(rows, columns=columns)
    frame["vorig_jaar"] = frame["vorig_jaar"].astype("Int64")
    return frame


def build_briefing(session: Session, start: date, end: date, today: date, city: CityProfile) -> Briefing:
    """Every figure of the briefing for the period, through the council's privacy policy."""
    if start > end:
        raise BriefingError(f"De periode begint ({format_date(start)}) na het einde ({format_date(end)}).")
    if end > today:
        raise BriefingError(f"Het einde van de periode ({format_date(end)}) ligt na vandaag ({format_date(today)}).")
    if end < city.programme_start:
        raise BriefingError(
            f"De periode eindigt vóór de start van het programma ({format_date(city.programme_start)})."
        )
    if start < city.programme_start:
        raise BriefingError(
            f"De periode begint ({format_date(start)}) vóór de start van het programma "
            f"({format_date(city.programme_start)}); kies een begin op of na die dag."
        )
    policy = policy_for(BRIEFING_ROLE, city)
    report_filter = ReportFilter(start, end)
    previous = report_filter.previous()
    total = reports.total(session, report_filter)
    total_shown = policy.count(total)
    previous_shown = policy.count(reports.total(session, previous))
    cells, hotspot_result = report_views.map_layers(session, report_filter, policy, city, MAP_RESOLUTION, total)

    delivered = schools.delivered_between(session, start, end)
    delivered_before = schools.delivered_between(session, previous.start, previous.end)
    spent = budget.spent_between(session, start, end)
    spent_before = budget.spent_between(session, previous.start, previous.end)
    year = end.year
    spend = budget.year_spend(session, year, end, until=end)
    burn, forecast = budget.burn_down(session, budget.period_for(year, range(year, year + 1)), end)
    school_year = schools.school_year_of(end)
    every_school = schools.coverage(session, school_year, end, until=end)
    school_standing = schools.programme_standing(every_school, schools.elapsed_share(school_year, end))
    coverage = schools.programme_rows(every_school)

    figures = [
        KeyFigure(
            "meldingen",
            "Meldingen in de app",
            total_shown.label,
            previous_shown.label,
            _change(total_shown, previous_shown, policy, previous.start >= city.programme_start),
        ),
        KeyFigure(
            "scholen",
            "Lesactiviteiten gegeven",
            format_number(delivered.sessions),
            format_number(delivered_before.sessions),
            changes.change(delivered.sessions, delivered_before.sessions, changes.Better.UP).badge,
        ),
        KeyFigure(
            "scholen",
            "Leerlingen bereikt",
            format_number(delivered.students),
            format_number(delivered_before.students),
            changes.change(delivered.students, delivered_before.students, changes.Better.UP).badge,
        ),
        KeyFigure(
            "scholen",
            "Scholen met een les",
            format_number(delivered.schools),
            format_number(delivered_before.schools),
            changes.change(delivered.schools, delivered_before.schools, changes.Better.UP).badge,
        ),
        KeyFigure(
            "begroting",
            "Uitgegeven (betaald en verplicht)",
            format_euro(spent, whole=True),
            format_euro(spent_before, whole=True),
            changes.change(spent, spent_before, describe=_whole_euros).badge,
        ),
        KeyFigure(
            "begroting",
            f"OCW-subsidie {year} gebruikt",
            format_percent(spend.used_share, 0) if spend.grant_cents else "-",
            "",
            f"bij {format_percent(budget.year_elapsed(year, end), 0)} van het jaar"
            if spend.grant_cents
            else "geen subsidie vastgelegd",
        ),
    ]
    briefing = Briefing(
        city=city.name,
        start=start,
        end=end,
        made_on=today,
        previous_start=previous.start,
        previous_end=previous.end,
        is_demo=db.holds_demo_data(session),
        policy=policy,
        places=city.places,
        key_figures=figures,
        reports_total=total_shown,
        trend=trend.with_period_before(session, report_filter, policy, city.programme_start),
        forms=report_views.breakdown(session, report_filter, "categorie", total, policy),
        cells=cells,
        hotspots=hotspot_result,
        school_year=school_year,
        coverage=coverage,
        school_status=coverage["status"].value_counts().to_dict(),
        school_standing=school_standing,
        budget_year=year,
        spend=spend,
        burn_down=burn,
        forecast=forecast,
        lines=budget.line_table(session, (year,), until=end),
        indicators=_latest_indicators(session, end.year),
    )
    briefing.summary = summary_sentences(briefing, set(TOPICS))
    return briefing


def summary_sentences(briefing: Briefing, topics: set[str]) -> list[str]:
    """What changed, in sentences made only from the briefing's own (privacy-safe) figures."""
    figures = {figure.label: figure for figure in briefing.key_figures}
    sentences: list[str] = []
    if "meldingen" in topics:
        sentences += _report_sentences(briefing, figures["Meldingen in de app"])
    if "kaart" in topics:
        sentences += _map_sentences(briefing)
    if "scholen" in topics:
        sentences += _school_sentences(briefing, figures)
    if "begroting" in topics:
        sentences += _budget_sentences(briefing)
    if "indicatoren" in topics:
        sentences += _indicator_sentences(briefing)
    return sentences


@dataclass(frozen=True)
class Headline:
    """A topic's one sentence: the slide's headline and a line of the PDF's 'Wat veranderde'."""

    topic: str
    text: str
    attention: bool
    """Whether it asks for action (a programme behind its pace, a grant at risk): such lines come first."""


WHAT_CHANGED_LIMIT = 5


def what_changed(briefing: Briefing, limit: int = WHAT_CHANGED_LIMIT) -> list[str]:
    """One sentence per topic the reader may see, what needs attention first, at most ``limit``."""
    lines = [headline(briefing, topic) for topic in briefing.topics if topic != "kerncijfers"]
    return [line.text for line in sorted(lines, key=lambda line: not line.attention)[:limit]]


def headline(briefing: Briefing, topic: str) -> Headline:
    """The topic's figures in one sentence, made only from the briefing's own (privacy-safe) figures."""
    return _HEADLINES[topic](briefing)


def _reports_amount(briefing: Briefing) -> str:
    total = briefing.reports_total
    return f"minder dan {briefing.policy.k}" if total.suppressed else total.label


def _key_figures_headline(briefing: Briefing) -> Headline:
    figures = {figure.label: figure for figure in briefing.key_figures}
    parts = [f"{_reports_amount(briefing)} meldingen"]
    if "Lesactiviteiten gegeven" in figures:
        sessions = figures["Lesactiviteiten gegeven"].value
        parts.append(f"{sessions} {_plural(int(sessions.replace('.', '')), 'lesactiviteit', 'lesactiviteiten')}")
    if "begroting" in briefing.topics and briefing.spend.grant_cents:
        parts.append(
            f"{format_percent(briefing.spend.used_share, 0)} van de OCW-subsidie {briefing.budget_year} besteed"
        )
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} en {parts[-1]}"
    return Headline("kerncijfers", f"{briefing.period}: {listed}.", False)


def _reports_headline(briefing: Briefing) -> Headline:
    figure = next(figure for figure in briefing.key_figures if figure.label == "Meldingen in de app")
    text = f"{_reports_amount(briefing)} meldingen in de app"
    if figure.change in ("gelijk", "vrijwel gelijk"):
        text += f", {'evenveel' if figure.change == 'gelijk' else 'vrijwel evenveel'} als in de periode ervoor"
    elif not figure.change.startswith("niet te vergelijken"):
        text += f" ({figure.change} tegenover de periode ervoor)"
    return Headline("meldingen", text[0].upper() + text[1:] + ".", False)


def _map_headline(briefing: Briefing) -> Headline:
    result = briefing.hotspots
    if result.status == "te_weinig":
        return Headline("kaart", "Te weinig meldingen voor een hot-spotanalyse.", False)
    if not result.hot:
        return Headline("kaart", "Geen hot spots: nergens duidelijk meer meldingen dan in de omgeving.", False)
    count = f"{result.hot} {_plural(result.hot, 'hot spot', 'hot spots')}"
    if len(result.areas) == result.hot:
        return Headline("kaart", f"{count}: {name_list(result.areas)}.", False)
    return Headline("kaart", f"{count}, waarvan {len(result.areas)} op de kaart.", False)


def _schools_headline(briefing: Briefing) -> Headline:
    standing = briefing.school_standing
    if briefing.coverage.empty or not standing.target:
        return Headline(
            "scholen", f"Voor schooljaar {briefing.school_year} zijn geen programmadoelen vastgelegd.", False
        )
    return Headline(
        "scholen",
        f"Schoolprogramma {briefing.school_year} {standing.summary}.",
        standing.status == schools.STATUS_BEHIND,
    )


def _budget_headline(briefing: Briefing) -> Headline:
    spend = briefing.spend
    if not spend.grant_cents:
        return Headline("begroting", f"Voor {briefing.budget_year} is geen OCW-subsidie vastgelegd.", False)
    outlook = budget.outlook(briefing.forecast, spend.grant_cents)
    text = (
        f"OCW-subsidie {briefing.budget_year}: {format_percent(spend.used_share, 0)} besteed bij "
        f"{format_percent(budget.year_elapsed(briefing.budget_year, briefing.end), 0)} van het jaar; {outlook.text}."
    )
    return Headline("begroting", text, outlook.at_risk)


def _indicators_headline(briefing: Briefing) -> Headline:
    sentences = _indicator_sentences(briefing)
    if sentences:
        return Headline("indicatoren", sentences[0], False)
    if briefing.indicators.empty:
        return Headline("indicatoren", "Er zijn nog geen indicatoren ingelezen.", False)
    return Headline(
        "indicatoren", f"{len(briefing.indicators)} indicatoren, zonder eerdere meting om mee te vergelijken.", False
    )


_HEADLINES = per_topic(
    _key_figures_headline, _reports_headline, _map_headline, _schools_headline, _budget_headline, _indicators_headline
)


def _report_sentences(briefing: Briefing, reports_figure: KeyFigure) -> list[str]:
    total = briefing.reports_total
    amount = f"minder dan {briefing.policy.k}" if total.suppressed else total.label
    sentences = [f"Van {briefing.period} kwamen er {amount} meldingen binnen in de app."]
    if reports_figure.change.startswith("niet te vergelijken"):
        sentences.append(f"Met de periode ervoor is dat {reports_figure.change}.")
    elif reports_figure.change == "gelijk":
        same = "evenveel" if reports_figure.value == reports_figure.previous else "vrijwel evenveel"
        sentences.append(f"Dat is {same} als in de periode ervoor ({reports_figure.previous}).")
    else:
        sentences.append(
            f"In de periode ervoor ({briefing.previous_period}) waren dat er {reports_figure.previous} "
            f"({reports_figure.change})."
        )
    shown = briefing.forms.dropna(subset=["aandeel"])
    shown = shown[shown["meldingen"] != briefing.policy.suppressed_label]
    if not shown.empty:
        counts = pd.Series([int(label.replace(".", "")) for label in shown["meldingen"]], index=shown.index)
        top = shown[counts == counts.max()]
        quoted = [f"'{name}'" for name in top["Vorm"]]
        names = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} en {quoted[-1]}"
        count, share = top["meldingen"].iloc[0], format_percent(float(top["aandeel"].iloc[0]), 0)
        if len(top) == 1:
            sentences.append(f"De vaakst gemelde vorm was {names}: {count} meldingen ({share}).")
        else:
            sentences.append(f"De vaakst gemelde vormen waren {names}: elk {count} meldingen ({share}).")
    if reports_figure.change.startswith("+") or reports_figure.change == "nieuw":
        sentences.append("Meer meldingen kan ook betekenen dat meer mensen de app kennen en gebruiken.")
    return sentences


def _map_sentences(briefing: Briefing) -> list[str]:
    result = briefing.hotspots
    if result.status == "te_weinig":
        return [
            f"Voor een hot-spotanalyse zijn er te weinig meldingen in deze periode "
            f"(er zijn er minstens {MIN_REPORTS_FOR_HOTSPOTS} nodig)."
        ]
    hot = result.hot
    if not hot:
        return ["Op de kaart valt geen gebied op met significant meer meldingen dan de omgeving."]
    sentences = [
        f"Op de kaart {'valt' if hot == 1 else 'vallen'} {hot} {_plural(hot, 'gebied', 'gebieden')} op met "
        "duidelijk meer meldingen dan de omgeving (getoetst met correctie voor het bekijken van veel vakken tegelijk)"
        + (f": {name_list(result.areas)}." if len(result.areas) == hot else ".")
    ]
    hidden = hot - len(result.areas)
    if hidden:
        sentences.append(
            f"Daarvan {'ligt' if hidden == 1 else 'liggen'} er {hidden} in grijze vakken (minder dan "
            f"{briefing.policy.k} meldingen); die zijn niet omlijnd, zodat de kaart niet verraadt waar die liggen."
            + (f" Omlijnd: {name_list(result.areas)}." if result.areas else "")
        )
    return sentences


def _plural(count: int, one: str, more: str) -> str:
    return one if count == 1 else more


def _school_sentences(briefing: Briefing, figures: dict[str, KeyFigure]) -> list[str]:
    sessions = figures["Lesactiviteiten gegeven"]
    students = figures["Leerlingen bereikt"]
    school_count = figures["Scholen met een les"]
    if sessions.value == "0":
        sentences = [f"In deze periode zijn geen lesactiviteiten gegeven (de periode ervoor: {sessions.previous})."]
    else:
        sentences = [
            f"Er {'is' if sessions.value == '1' else 'zijn'} {sessions.value} "
            f"{_plural(int(sessions.value.replace('.', '')), 'lesactiviteit', 'lesactiviteiten')} gegeven op "
            f"{school_count.value} {_plural(int(school_count.value), 'school', 'scholen')}, aan {students.value} "
            f"{_plural(int(students.value.replace('.', '')), 'leerling', 'leerlingen')} "
            f"(de periode ervoor: {sessions.previous})."
        ]
    on_track = briefing.school_status.get(schools.STATUS_ON_TRACK, 0)
    behind = briefing.school_status.get(schools.STATUS_BEHIND, 0)
    nothing = briefing.school_status.get(schools.STATUS_NOTHING, 0)
    total = len(briefing.coverage)
    if briefing.school_standing.target:
        sentences.append(f"Het programma als geheel: {briefing.school_standing.summary}.")
    if total:
        count = "geen" if on_track == 0 else str(on_track)
        verb = "liggen" if on_track > 1 else "ligt"
        sentence = f"In schooljaar {briefing.school_year} {verb} {count} van de {total} programmascholen op koers"
        extra = ([f"{behind} achter"] if behind else []) + ([f"bij {nothing} is niets gepland"] if nothing else [])
        sentences.append(sentence + (f"; {' en '.join(extra)}." if extra else "."))
    return sentences


def _budget_sentences(briefing: Briefing) -> list[str]:
    spend = briefing.spend
    if not spend.grant_cents:
        return [f"Voor {briefing.budget_year} is geen OCW-subsidie vastgelegd."]
    sentences = [
        f"Van de OCW-subsidie {briefing.budget_year} ({format_euro(spend.grant_cents, whole=True)}) is "
        f"{format_euro(spend.spent_cents, whole=True)} betaald of verplicht: {format_percent(spend.used_share, 0)}, "
        f"bij {format_percent(budget.year_elapsed(briefing.budget_year, briefing.end), 0)} van het jaar."
    ]
    if briefing.forecast is not None and briefing.forecast.from_run_rate:
        expected = briefing.forecast.end_cents
        left = spend.grant_cents - expected
        side = "onder" if left >= 0 else "boven"
        outcome = f"{format_euro(expected, whole=True)}, {format_euro(abs(left), whole=True)} {side} de subsidie"
        if briefing.end == briefing.made_on:
            sentences.append(f"In het tempo van de laatste maanden komt het jaar uit op {outcome}.")
        else:
            sentences.append(
                f"In het tempo van de maanden ervoor kwam het jaar op {format_date(briefing.end)} uit op {outcome}."
            )
    over = briefing.lines[briefing.lines["gebruikt"] > budget.LINE_WARNING_SHARE]
    for line in over.itertuples(index=False):
        sentences.append(
            f"{budget.short_label(line.onderwerp, line.actiepunt)} is voor {format_percent(line.gebruikt, 0)} gebruikt."
        )
    return sentences


def _indicator_sentences(briefing: Briefing) -> list[str]:
    frame = briefing.indicators
    compared = frame.dropna(subset=["vorige_waarde"])
    compared = compared[compared["gebied"] == briefing.city].sort_values("jaar", ascending=False, kind="stable")
    sentences = []
    for row in compared.head(3).itertuples(index=False):
        now, before = (indicator_value(value, row.eenheid) for value in (row.waarde, row.vorige_waarde))
        estimate = " (schatting, demo)" if row.schatting else ""
        sentences.append(
            f"{row.bron}, {row.meting}: {now} in {row.jaar}{estimate}, tegen {before} in {row.vorig_jaar}."
        )
    return sentences


def indicator_value(value: float, unit: str) -> str:
    """A survey figure as written: '17,1 %', '69' for a count, '6,9' for a mark."""
    decimals = 0 if float(value).is_integer() and unit == "aantal" else 1
    return format_percent(value / 100, decimals) if unit == "%" else format_number(value, decimals)
