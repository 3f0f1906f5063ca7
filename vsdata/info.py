"""A plain-text account of what a store holds, for `python -m vsdata info`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, func, select

from vsdata import db, models
from vsdata.formatting import format_date, format_number
from vsdata.overview import source_freshness
from vsdata.settings import profile

TABLES = [
    ("Meldingen", models.Report),
    ("Scholen", models.School),
    ("Programma's", models.Programme),
    ("Lesactiviteiten", models.SchoolSession),
    ("Doelen per school", models.SchoolTarget),
    ("Begrotingsregels", models.BudgetLine),
    ("Uitgaven", models.Expense),
    ("Subsidies en cofinanciering", models.Grant),
    ("Indicatorwaarden", models.IndicatorValue),
    ("Enquêteresultaten", models.SurveyResult),
    ("Campagne-activiteiten", models.CampaignActivity),
    ("Partneroverleggen", models.PartnerMeeting),
    ("Importen", models.ImportBatch),
]


def store_info(engine: Engine, url: str, today: date) -> str:
    lines = [f"Opslag: {url}", f"Gegevensversie: {db.data_version(engine)}"]
    with db.read_session(engine) as session:
        demo_for = db.get_meta(session, db.DEMO_BUILT_FOR)
        if db.holds_demo_data(session):
            seed = db.get_meta(session, db.DEMO_SEED)
            lines.append(
                f"Demodata: ja (gemaakt voor {format_date(date.fromisoformat(demo_for))}, seed {seed})"
                if demo_for
                else "Demodata: ja"
            )
        else:
            lines.append("Demodata: nee")
        lines.append("")
        width = max(len(label) for label, _ in TABLES)
        for label, table in TABLES:
            count = session.scalar(select(func.count()).select_from(table)) or 0
            lines.append(f"  {label:<{width}}  {format_number(count):>10}")
        first, last = session.execute(
            select(func.min(models.Report.local_date), func.max(models.Report.local_date))
        ).one()
        if first:
            lines.append(f"\nMeldingen van {format_date(first)} t/m {format_date(last)}")
        lines.append("\nLaatst bijgewerkt per bron:")
        for source in source_freshness(session, today, profile().stale_after_days):
            when = format_date(source.last_update) if source.last_update else "nog niet ingelezen"
            note = " (verouderd)" if source.stale else ""
            lines.append(f"  {source.label}: {when}{note}")
    return "\n".join(lines)
