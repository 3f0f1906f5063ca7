"""Dutch formatting of numbers, money, dates and shares: one place for the whole app.

Money and percentages use a non-breaking space ("€\u00a030.000", "12,5\u00a0%"),
so a line never breaks between the sign and the number.
"""

from __future__ import annotations

from datetime import date, datetime

from vsdata.settings import TIMEZONE

NBSP = "\u00a0"
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def _group(digits: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return ".".join(parts)


def format_number(value: float, decimals: int = 0) -> str:
    """1234 -> '1.234'; 1234.5 with decimals=1 -> '1.234,5'."""
    sign = "-" if round(value, decimals) < 0 else ""
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    return sign + _group(whole) + ("," + fraction if fraction else "")


def format_count(count: int, singular: str, plural: str) -> str:
    """A count with the right Dutch noun form: '1 filter', '2 filters', never 'filter(s)'."""
    return f"{format_number(count)} {singular if count == 1 else plural}"


def format_list(items) -> str:
    """Dutch enumeration: 'a', 'a en b', 'a, b en c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def format_euro(cents: int, *, whole: bool | None = None) -> str:
    """Cents as money: 3_000_000 -> '€ 30.000', 123_456 -> '€ 1.234,56'.

    ``whole`` forces or forbids cents; by default cents show only when present.
    """
    show_cents = (cents % 100 != 0) if whole is None else not whole
    if show_cents:
        sign = "-" if cents < 0 else ""
        euros, rest = divmod(abs(cents), 100)
        return f"€{NBSP}{sign}{_group(str(euros))},{rest:02d}"
    euros = (abs(cents) + 50) // 100 * (-1 if cents < 0 else 1)  # half a euro rounds up, as on an invoice
    return f"€{NBSP}{format_number(euros)}"


def format_percent(share: float, decimals: int = 1) -> str:
    """A share as a percentage: 0.125 -> '12,5 %'."""
    return f"{format_number(share * 100, decimals)}{NBSP}%"


def format_date(day: date | datetime) -> str:
    """27 nov 2026; datetimes are shown in Amsterdam time."""
    if isinstance(day, datetime):
        day = day.astimezone(TIMEZONE).date() if day.tzinfo else day.date()
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_period(first: date, last: date) -> str:
    """Both days included: '1 sep 2026 t/m 27 nov 2026'."""
    return f"{format_date(first)} t/m {format_date(last)}"


def format_days_ago(days: int) -> str:
    if days <= 0:
        return "vandaag"
    if days == 1:
        return "gisteren"
    return f"{days} dagen geleden"


def format_datetime(moment: datetime) -> str:
    """27 nov 2026 21:15, in Amsterdam time."""
    local = moment.astimezone(TIMEZONE)
    return f"{format_date(local.date())} {local:%H:%M}"


def with_headers(table, headers: dict[str, str]):
    """A table with Dutch headers instead of its field names, as it is shown and downloaded."""
    return table.rename(columns=headers)
