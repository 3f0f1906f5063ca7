"""A chart with its numbers: every chart's text alternative points to the table directly under it."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

TABLE_BELOW = "De cijfers staan in de tabel onder de grafiek."
EXPANDER_PREFIX = "Tabel bij de grafiek: "
DUTCH_DATE = st.column_config.DateColumn(format="DD-MM-YYYY")


def chart_over_table(chart: alt.TopLevelMixin) -> None:
    """Draw ``chart`` whose numbers the caller shows in a table right after it."""
    st.altair_chart(chart.properties(description=f"{chart.description} {TABLE_BELOW}"), width="stretch")


def chart_with_table(
    chart: alt.TopLevelMixin, title: str, table: pd.DataFrame, headers: dict[str, str] | None = None
) -> None:
    """Draw ``chart`` and its numbers under it, in an expander named ``title``; ``headers`` picks and names columns."""
    chart_over_table(chart)
    shown = table if headers is None else table[list(headers)].rename(columns=headers)
    dates = {column: DUTCH_DATE for column in shown.columns if _holds_dates(shown[column])}
    with st.expander(f"{EXPANDER_PREFIX}{title}"):
        st.dataframe(shown, hide_index=True, width="stretch", column_config=dates)


def _holds_dates(column: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(column):
        return True
    first = column.dropna().head(1)
    return len(first) == 1 and isinstance(first.iat[0], date)
