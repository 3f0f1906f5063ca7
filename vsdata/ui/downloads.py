"""CSV and XLSX download buttons for one table, side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from vsdata import exports

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_downloads(table: pd.DataFrame, name: str) -> None:
    """Two buttons under a table: the CSV for Dutch Excel and a one-sheet workbook, named after ``name``."""
    stem = exports.slug(name)
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(
        "Tabel als CSV",
        exports.csv_bytes(table),
        file_name=f"{stem}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"csv-{stem}",
    )
    right.download_button(
        "Tabel als XLSX",
        exports.xlsx_bytes({name: table}),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        icon=":material/download:",
        key=f"xlsx-{stem}",
    )
