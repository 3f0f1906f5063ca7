"""Tables as files: CSV for Dutch Excel and XLSX workbooks."""

from __future__ import annotations

import io
import re

import pandas as pd


def csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV that Dutch Excel opens correctly: semicolons, decimal commas, UTF-8 with BOM."""
    return table.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def xlsx_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    """One workbook, a sheet per table (sheet names cut to Excel's 31 characters)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
