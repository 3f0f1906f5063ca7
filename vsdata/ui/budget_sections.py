"""The Begroting page's sections."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from vsdata import budget, charts, exports
from vsdata.formatting import format_count, format_date, format_euro, format_percent
from vsdata.models import ExpenseStatus
from vsdata.roles import Role, import_hint
from vsdata.ui.chart_tables import chart_with_table
from vsdata.ui.downloads import XLSX_MIME

TEXT = st.column_config.TextColumn
LEDGER_ORDER = ["datum", "onderwerp", "omschrijving", "leverancier", "bedrag", "status", "referentie", "actiepunt"]


def _euros(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Amounts in whole euros: cents are for the ledger and the verantwoording only."""
    result = frame.copy()
    for column in columns:
        result[column] = result[column].map(lambda cents: format_euro(int(cents), whole=True))
    return result


def plan_missing(view, role: Role) -> bool:
    """Say which of the plan and the grant the store lacks; True when both are missing (nothing to measure)."""
    missing = [
        name
        for name, absent in (
            ("de begroting (soort: begroting)", view.lines.empty),
            ("de subsidie (soort: financiering)", not view.grant_cents),
        )
        if absent
    ]
    if missing:
        verb = "ontbreken" if len(missing) == 2 else "ontbreekt"
        st.info(
            f"Voor {view.period.label} {verb} nog {' en '.join(missing)} in de opslag. {import_hint(role, 'die')} "
            "De sjablonen staan daar en in data/templates/.",
            icon=":material/upload_file:",
        )
    return len(missing) == 2


def key_figures(view) -> None:
    grant, cofinancing = view.grant_cents, view.cofinancing_cents
    table = view.lines
    paid, committed = int(table["betaald"].sum()), int(table["verplicht"].sum())
    columns = st.columns(4)
    columns[0].metric(f"Subsidie OCW {view.period.label}", format_euro(grant, whole=True), border=True)
    columns[1].metric(
        "Betaald",
        format_euro(paid, whole=True),
        border=True,
        help="Uitgaven met status betaald, op de begrotingsregels van de periode.",
    )
    columns[2].metric(
        "Verplicht",
        format_euro(committed, whole=True),
        border=True,
        help="Aangegaan maar nog niet betaald (bijvoorbeeld een opdracht of een ontvangen factuur).",
    )
    remaining = grant - paid - committed
    columns[3].metric(
        "Nog te besteden",
        format_euro(remaining, whole=True),
        delta=f"{format_percent(remaining / grant, 0)} van de subsidie" if grant else None,
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
    if cofinancing:
        st.caption(
            f"Naast de subsidie is er {format_euro(cofinancing, whole=True)} cofinanciering over "
            f"{view.period.label}: {', '.join(view.cofinancing_sources)}."
        )
    else:
        st.caption(f"Voor {view.period.label} is geen cofinanciering vastgelegd.")


def burn_down_section(view, today) -> None:
    chart_with_table(
        charts.burn_down_chart(view.burn_down, view.forecast, today, view.grant_cents),
        "resterende subsidie per maand",
        budget.burn_down_table(view.burn_down),
    )
    if view.forecast is not None:
        forecast = view.forecast
        band = f"{format_euro(forecast.low_cents, whole=True)} – {format_euro(forecast.high_cents, whole=True)}"
        st.caption(
            f"Verwachting op {format_date(view.period.last)}: {format_euro(forecast.end_cents, whole=True)} besteed "
            f"(90 %-band {band}): "
            "wat nu betaald en verplicht is, plus het gemiddelde van de laatste 6 maanden "
            f"({format_euro(forecast.run_rate_cents_per_month, whole=True)} per maand) "
            "voor de resterende maanden."
        )


def lines_section(view) -> None:
    lines = view.lines
    labels = [
        budget.short_label(topic, action) for topic, action in zip(lines["onderwerp"], lines["actiepunt"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "regel": labels,
            "status": lines["status"],
            "gebruikt": lines["gebruikt"].map(lambda share: format_percent(share, 0)),
            "plan": lines["plan"],
            "betaald": lines["betaald"],
            "verplicht": lines["verplicht"],
            "resterend": lines["resterend"],
        }
    )
    st.dataframe(
        _euros(table, ["plan", "betaald", "verplicht", "resterend"]),
        hide_index=True,
        width="stretch",
        column_config={
            "regel": "Begrotingsregel",
            "plan": "Plan",
            "betaald": "Betaald",
            "verplicht": "Verplicht",
            "resterend": "Resterend",
            "gebruikt": "Gebruikt",
            "status": "Status",
        },
    )


MATRIX_HEADER = "Begrotingsregel"


def matrix_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """The four-year plan table as shown: a short line name, then plan and realisation per year in whole euros."""
    money = [column for column in matrix.columns if column not in ("onderwerp", "actiepunt")]
    labels = [budget.short_label(t, a) for t, a in zip(matrix["onderwerp"], matrix["actiepunt"], strict=True)]
    shown = _euros(matrix[money], money)
    shown.columns = [" ".join(reversed(column.split(" ", 1))).capitalize() for column in money]
    shown.insert(0, MATRIX_HEADER, labels)
    return shown


def matrix_section(view) -> None:
    # A static table: it wraps to the page's width, where a data grid would scroll its last years out of view.
    table = matrix_table(view.matrix)
    money = [column for column in table.columns if column != MATRIX_HEADER]
    styled = table.style.set_properties(subset=money, **{"text-align": "right", "white-space": "nowrap"}).apply(
        lambda row: ["font-weight: 600" if row[MATRIX_HEADER] == "Totaal" else ""] * len(row), axis=1
    )
    st.table(styled, hide_index=True)
    st.caption("Opgezet als de begrotingstabel van het plan; realisatie = betaald + verplicht.")


def alerts_section(view) -> None:
    if not view.alerts:
        st.success("Geen signalen: de verwachting blijft binnen 10 % van de subsidie en alle uitgaven zijn gekoppeld.")
    for alert in view.alerts:
        st.warning(alert.text, icon=":material/priority_high:")


def expenses_section(view, load_expenses) -> None:
    search_column, topic_column, status_column = st.columns([2, 1, 1])
    search = search_column.text_input("Zoeken", help="Zoekt in omschrijving, leverancier en referentie.")
    topics = sorted(set(view.lines["onderwerp"]))
    topic = topic_column.selectbox("Onderwerp", [None, *topics], format_func=lambda value: value or "Alle")
    status = status_column.selectbox(
        "Status", [None, *ExpenseStatus], format_func=lambda value: "Alle" if value is None else str(value)
    )
    ledger = load_expenses(search, topic, status)
    if ledger.empty:
        st.info("Geen uitgaven gevonden met deze zoekterm of filters.")
        return
    shown = ledger.assign(
        datum=ledger["datum"].map(format_date),
        actiepunt=ledger["actiepunt"].fillna(""),
        leverancier=ledger["leverancier"].fillna(""),
        bedrag=ledger["bedrag"].map(lambda cents: format_euro(int(cents), whole=False)),
    )
    # Column widths that fit the page: a long description is cut off in its cell and shown whole on hover.
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_order=LEDGER_ORDER,
        column_config={
            "datum": TEXT("Datum", width="small"),
            "onderwerp": TEXT("Onderwerp", width="small"),
            "actiepunt": TEXT("Actiepunt", width="medium"),
            "omschrijving": TEXT("Omschrijving", width="medium"),
            "leverancier": TEXT("Leverancier", width="small"),
            "bedrag": TEXT("Bedrag", width="small"),
            "status": TEXT("Status", width="small"),
            "referentie": TEXT("Referentie", width="small"),
        },
    )
    total = format_euro(int(ledger["bedrag"].sum()), whole=False)
    st.caption(f"{format_count(len(ledger), 'uitgave', 'uitgaven')}, samen {total}.")


def export_section(view, xlsx: bytes | None) -> None:
    if xlsx is None:
        st.info("Kies één jaar om de verantwoording voor dat jaar te downloaden.")
        return
    year = view.period.years[0]
    st.download_button(
        f"Verantwoording {year} (XLSX)",
        xlsx,
        file_name=f"verantwoording-veilige-steden-{year}.xlsx",
        mime=XLSX_MIME,
        icon=":material/download:",
    )
    table = view.accountability.assign(
        **{column: view.accountability[column] / 100 for column in ("plan", "realisatie", "verschil")}
    ).rename(columns=budget.ACCOUNTABILITY_HEADERS)
    st.download_button(
        f"Verantwoording {year} (CSV)",
        exports.csv_bytes(table),
        file_name=f"verantwoording-veilige-steden-{year}.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    st.caption(
        "Per begrotingsregel plan, realisatie (betaald + verplicht) en verschil, met totalen, subsidie en "
        "cofinanciering; om mee te sturen met de verantwoording aan OCW."
    )
