"""Roles, which pages each may open, and what of the other screens they may see: the one place that decides.

Figures that belong to a page (the budget to Begroting, the indicators to
Onderzoek) appear elsewhere (Overzicht tiles, attention points, briefing
slides, the PDF) only for a role that may open that page.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    PROGRAMMAMANAGER = "programmamanager"
    VIOS = "vios"
    RAAD = "raad"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.PROGRAMMAMANAGER: "Programmamanager",
    Role.VIOS: "Schooldirectie (VIOS)",
    Role.RAAD: "Raadslid",
}
DEFAULT_ROLE = Role.PROGRAMMAMANAGER


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    path: str
    icon: str
    roles: frozenset[Role]


PAGES: list[PageSpec] = [
    PageSpec("overzicht", "Overzicht", "pages/overzicht.py", ":material/dashboard:", frozenset(Role)),
    PageSpec("meldingen", "Meldingen", "pages/meldingen.py", ":material/map:", frozenset(Role)),
    PageSpec("scholen", "Scholen", "pages/scholen.py", ":material/school:", frozenset(Role)),
    PageSpec(
        "onderzoek",
        "Onderzoek",
        "pages/onderzoek.py",
        ":material/query_stats:",
        frozenset({Role.PROGRAMMAMANAGER, Role.RAAD}),
    ),
    PageSpec(
        "communicatie",
        "Communicatie",
        "pages/communicatie.py",
        ":material/campaign:",
        frozenset({Role.PROGRAMMAMANAGER}),
    ),
    PageSpec(
        "begroting", "Begroting", "pages/begroting.py", ":material/euro:", frozenset({Role.PROGRAMMAMANAGER, Role.RAAD})
    ),
    PageSpec("gegevens", "Gegevens", "pages/gegevens.py", ":material/database:", frozenset({Role.PROGRAMMAMANAGER})),
]


def page(key: str) -> PageSpec | None:
    return next((spec for spec in PAGES if spec.key == key), None)


def pages_for(role: Role) -> list[PageSpec]:
    return [spec for spec in PAGES if role in spec.roles]


def may_open(role: Role, key: str) -> bool:
    spec = page(key)
    return spec is not None and role in spec.roles


def import_hint(role: Role, what: str, kind: str | None = None) -> str:
    """How an empty part gets filled, told to whoever looks: only a role that opens Gegevens can import."""
    where = f"op de pagina Gegevens (soort: {kind})" if kind else "op de pagina Gegevens"
    if may_open(role, "gegevens"):
        return f"Lees {what} in {where}."
    return f"De programmamanager leest {what} in {where}."


def parse_role(value: object) -> Role:
    """A role from session state or settings; anything unknown falls back to the default."""
    try:
        return Role(str(value))
    except ValueError:
        return DEFAULT_ROLE


def may_see_ledger(role: Role) -> bool:
    """The spend ledger names suppliers and invoices: only the programme manager works with it."""
    return role == Role.PROGRAMMAMANAGER


CONTENT_PAGE = {"begroting": "begroting", "indicatoren": "onderzoek"}
"""Content that only a role allowed on the page it comes from may see."""
OVERVIEW_TILES = ("meldingen", "scholen", "gepland", "begroting")
BRIEFING_TOPICS = ("kerncijfers", "meldingen", "kaart", "scholen", "begroting", "indicatoren")


def may_see(role: Role, content: str) -> bool:
    """Whether a tile, attention point, slide, PDF section or download about ``content`` is for the role."""
    source = CONTENT_PAGE.get(content)
    return source is None or may_open(role, source)


def overview_tiles(role: Role) -> list[str]:
    return [tile for tile in OVERVIEW_TILES if may_see(role, tile)]


def briefing_topics(role: Role) -> list[str]:
    return [topic for topic in BRIEFING_TOPICS if may_see(role, topic)]


def may_download_briefing(role: Role) -> bool:
    """The PDF holds every topic, so only a role that may see all of them downloads it."""
    return briefing_topics(role) == list(BRIEFING_TOPICS)
