"""A small Stop Intimidatie export as the app receives it: its header, three rows, and the file as CSV bytes."""

from __future__ import annotations

import csv
import io

HEADER = [
    "Meldingsnummer",
    "Ontvangen op",
    "Datum Voorval",
    "Breedtegraad",
    "Lengtegraad",
    "Wijk",
    "Soort plek",
    "Catégorie",
    "Doelgroep",
    "Leeftijd",
    "Nazorg",
    "Nazorg gegeven",
]

# Three valid reports, as a Dutch Excel user types them (decimal comma).
ROWS = [
    ["M-1001", "27-11-2026 21:15", "27-11-2026 21:05", "51,8121", "4,6901", "Binnenstad", "straat", "nafluiten",
     "vrouw", "18-24", "ja", "ja"],
    ["M-1002", "26-11-2026 08:00", "26-11-2026 00:30", "51,8000", "4,7000", "Crabbehof", "OV/halte", "nastaren",
     "meisje", "<18", "nee", "nee"],
    ["M-1003", "15-07-2026 23:30", "15-07-2026 23:10", "51,7950", "4,6600", "Dubbeldam-Café", "park",
     "achtervolgen", "LHBTI+", "", "", ""],
]  # fmt: skip

COLUMN = {name: index for index, name in enumerate(HEADER)}


def table_text(rows, header=HEADER, delimiter=";", decimal=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        cells = list(row)
        if decimal == ".":
            for name in ("Breedtegraad", "Lengtegraad"):
                if name in COLUMN and COLUMN[name] < len(cells):
                    cells[COLUMN[name]] = cells[COLUMN[name]].replace(",", ".")
        writer.writerow(cells)
    return out.getvalue()


def csv_bytes(rows=ROWS, header=HEADER, delimiter=";", decimal=",", encoding="utf-8") -> bytes:
    return table_text(rows, header, delimiter, decimal).encode(encoding)
