"""A chart with its numbers: every chart's text alternative points to the table directly under it."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

TABLE_BELOW = "De cijfers staan in de tabel onder de grafiek."
EXPANDER_PREFIX = "Tabel bij de grafiek: "


def chart_with_table(
    chart: alt.TopLevelMixin, title: str, table: pd.DataFrame | None = None, headers: dict[str, str] | None = None
) -> None:
    """Draw ``chart``; with ``table``, its numbers follow in an expander named ``title``.

    Without ``table`` the caller shows the chart's table itself, directly
    after it. ``headers`` picks and names the table's columns.
    """
    described = chart.properties(description=f"{chart.description} {TABLE_BELOW}")
    st.altair_chart(described, width="stretch")
    if table is None:
        return
    shown = table if headers is None else table[list(headers)].rename(columns=headers)
    with st.expander(f"{EXPANDER_PREFIX}{title}"):
        st.dataframe(shown, hide_index=True, width="stretch")
