"""A plain-text account of what a store holds, for `python -m vsdata info`."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from sqlalchemy import Engine, func, select

from vsdata import db, models
from vsdata.formatting import format_date, format_number, format_percent, format_period
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
            lines.append(f"\nMeldingen van {format_period(first, last)}")
        lines.append("\nLaatst bijgewerkt per bron:")
        for source in source_freshness(session, today, profile().stale_after_days):
            when = format_date(source.last_update) if source.last_update else "nog niet ingelezen"
            note = " (verouderd)" if source.stale else ""
            lines.append(f"  {source.label}: {when}{note}")
    return "\n".join(lines)


DATE_COLUMNS = {
    models.Report: models.Report.local_date,
    models.SchoolSession: models.SchoolSession.session_date,
    models.Expense: models.Expense.expense_date,
    models.CampaignActivity: models.CampaignActivity.activity_date,
    models.PartnerMeeting: models.PartnerMeeting.meeting_date,
    models.IndicatorValue: models.IndicatorValue.year,
}
_LEFT_OUT = {"id", "import_batch_id", "is_demo"}
TABLE_KINDS = {
    models.Report: models.DataKind.MELDINGEN,
    models.School: models.DataKind.SCHOLEN,
    models.SchoolSession: models.DataKind.LESACTIVITEITEN,
    models.SchoolTarget: models.DataKind.DOELEN,
    models.Expense: models.DataKind.UITGAVEN,
    models.IndicatorValue: models.DataKind.INDICATOREN,
    models.SurveyResult: models.DataKind.ENQUETES,
    models.CampaignActivity: models.DataKind.CAMPAGNE,
    models.PartnerMeeting: models.DataKind.PARTNERS,
    models.BudgetLine: models.DataKind.BEGROTING,
    models.Grant: models.DataKind.FINANCIERING,
    models.Programme: models.DataKind.INTERVENTIES,
}


def quality(session) -> pd.DataFrame:
    """Per table: rows, the period, empty values per column (counted in the database) and the last import."""
    last_imports = dict(
        session.execute(
            select(models.ImportBatch.kind, func.max(models.ImportBatch.imported_at))
            .where(models.ImportBatch.undone_at.is_(None))
            .group_by(models.ImportBatch.kind)
        ).all()
    )
    rows = []
    for label, table in TABLES:
        columns = [column for column in table.__table__.columns if column.name not in _LEFT_OUT and column.nullable]
        date_column = DATE_COLUMNS.get(table)
        selected = [func.count()] + [func.count(column) for column in columns]
        if date_column is not None:
            selected += [func.min(date_column), func.max(date_column)]
        result = session.execute(select(*selected).select_from(table)).one()
        total = int(result[0])
        empty = [
            f"{column.name} {format_percent(1 - int(filled) / total, 0)}"
            for column, filled in zip(columns, result[1 : 1 + len(columns)], strict=True)
            if total and int(filled) < total
        ]
        first, last = (result[-2], result[-1]) if date_column is not None else (None, None)
        rows.append(
            {
                "tabel": label,
                "rijen": total,
                "van": _period_label(first),
                "tot en met": _period_label(last),
                "lege waarden": ", ".join(empty) or "-",
                "laatste import": _period_label(last_imports.get(TABLE_KINDS.get(table))),
            }
        )
    return pd.DataFrame(rows)


def _period_label(value) -> str:
    if value is None:
        return ""
    return format_date(value) if isinstance(value, date | datetime) else str(value)
