"""The kinds of data the store holds, in a module of their own so that the command line can name them
without importing the store's modules."""

from __future__ import annotations

import enum


class DataKind(enum.StrEnum):
    """The kinds of data the store holds, one import source each."""

    MELDINGEN = "meldingen"
    SCHOLEN = "scholen"
    LESACTIVITEITEN = "lesactiviteiten"
    DOELEN = "doelen"
    UITGAVEN = "uitgaven"
    INDICATOREN = "indicatoren"
    ENQUETES = "enquêteresultaten"
    CAMPAGNE = "campagne"
    PARTNERS = "partners"
    BEGROTING = "begroting"
    FINANCIERING = "financiering"
    INTERVENTIES = "interventies"

    @property
    def label(self) -> str:
        return DATA_KIND_LABELS[self]


DATA_KIND_LABELS = {
    DataKind.MELDINGEN: "Meldingen (Stop Intimidatie app)",
    DataKind.SCHOLEN: "Scholen",
    DataKind.LESACTIVITEITEN: "Lesactiviteiten",
    DataKind.DOELEN: "Doelen per school",
    DataKind.UITGAVEN: "Uitgaven",
    DataKind.INDICATOREN: "Indicatoren (RADAR, Veiligheidsmonitor, ...)",
    DataKind.ENQUETES: "Enquêteresultaten (voor- en nameting)",
    DataKind.CAMPAGNE: "Campagne-activiteiten",
    DataKind.PARTNERS: "Partneroverleg",
    DataKind.BEGROTING: "Begroting (plan per regel en jaar)",
    DataKind.FINANCIERING: "Subsidie en cofinanciering per jaar",
    DataKind.INTERVENTIES: "Programma's (interventies)",
}
