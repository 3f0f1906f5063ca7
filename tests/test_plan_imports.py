"""The plan, the funding and the programmes as imports: what the Begroting and Scholen pages then read."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest
from sqlalchemy import select

from tests import store_builders
from tests.conftest import PROJECT_ROOT, TODAY
from vsdata import budget, db, importing
from vsdata.formatting import format_datetime
from vsdata.importing import FileProblem
from vsdata.models import BudgetLine, DataKind, FundingKind
from vsdata.settings import CityProfile

CITY = CityProfile()
PLAN = (
    "onderwerp;actiepunt;jaar;bedrag\n"
    "Onderwijs;Lessen op scholen;2027;12.000\n"
    "Communicatie;Campagne;2027;8.000,50\n"
    "Onderwijs;Lessen op scholen;2028;14.000\n"
)


def _preview(engine, kind: DataKind, text: str, name: str = "plan.csv") -> importing.Preview:
    with db.read_session(engine) as session:
        return importing.preview(session, kind, text.encode(), name, TODAY, CITY)


def _import(engine, kind: DataKind, text: str, name: str = "plan.csv"):
    result = _preview(engine, kind, text, name)
    assert result.rejected == [], result.rejected_frame()
    return importing.commit(engine, result, imported_by="test")


def test_an_imported_plan_is_the_plan_the_budget_reads_in_the_files_order(empty_engine):
    batch = _import(empty_engine, DataKind.BEGROTING, PLAN)
    assert batch.rows_added == 3
    with db.read_session(empty_engine) as session:
        lines = budget.line_table(session, (2027,))
        both = budget.line_table(session, (2027, 2028))
    assert list(zip(lines["onderwerp"], lines["plan"], strict=True)) == [
        ("Onderwijs", 1_200_000),
        ("Communicatie", 800_050),
    ]
    assert list(both["plan"]) == [2_600_000, 800_050]


def test_a_plan_line_of_a_later_year_takes_the_place_of_its_earlier_years(empty_engine):
    _import(empty_engine, DataKind.BEGROTING, PLAN)
    later = "onderwerp;actiepunt;jaar;bedrag\nNieuw onderwerp;;2029;1.000\nCommunicatie;Campagne;2029;9.000\n"
    _import(empty_engine, DataKind.BEGROTING, later, "later.csv")
    with db.read_session(empty_engine) as session:
        lines = budget.line_table(session, (2027, 2028, 2029))
    assert list(lines["onderwerp"]) == ["Onderwijs", "Communicatie", "Nieuw onderwerp"]


def test_the_same_plan_twice_adds_nothing_and_a_changed_amount_is_refused_naming_row_and_column(empty_engine):
    batch = _import(empty_engine, DataKind.BEGROTING, PLAN)
    again = _preview(empty_engine, DataKind.BEGROTING, PLAN)
    assert again.new.empty and again.existing == 3 and again.rejected == []

    changed = PLAN.replace("8.000,50", "9.500")
    result = _preview(empty_engine, DataKind.BEGROTING, changed, "gewijzigd.csv")
    assert result.existing == 2 and result.new.empty
    (error,) = result.rejected
    assert (error.file, error.row, error.column, error.value) == ("gewijzigd.csv", 3, "bedrag", "9.500")
    assert "€\u00a08.000,50" in error.reason
    assert f"Maak import {batch.id} (plan.csv, ingelezen op {format_datetime(batch.imported_at)}) ongedaan" in (
        error.reason
    )


def test_a_changed_amount_of_a_row_without_an_import_is_refused_without_an_import_to_undo(empty_engine):
    """Rows the store began with (the profile's plan, or a store from before plan imports) have no import."""
    with db.write_session(empty_engine) as session:
        store_builders.budget_line(session, 2027, "Onderwijs", "Lessen op scholen", 12_000)
        store_builders.grants(session, (2027,))
    plan = _preview(empty_engine, DataKind.BEGROTING, PLAN.replace("12.000", "13.000"), "gewijzigd.csv")
    funding = _preview(empty_engine, DataKind.FINANCIERING, "jaar;bron;soort;bedrag\n2027;OCW;subsidie;31.000\n")
    for result, was in ((plan, "€\u00a012.000"), (funding, "€\u00a030.000")):
        (error,) = result.rejected
        assert (error.row, error.column) == (2, "bedrag")
        assert f"deze regel staat al in de opslag met {was}; een import overschrijft niets." in error.reason
        assert "hoort bij het plan waarmee de opslag begon" in error.reason and "beheerder" in error.reason
        assert "ongedaan" not in error.reason


def test_a_changed_amount_of_demo_data_is_refused_without_an_import_to_undo(demo_engine):
    with db.read_session(demo_engine) as session:
        line = session.scalars(select(BudgetLine).order_by(BudgetLine.year, BudgetLine.position)).first()
    changed = (
        f"onderwerp;actiepunt;jaar;bedrag\n{line.topic};{line.action};{line.year};{line.planned_cents // 100 + 1}\n"
    )
    result = _preview(demo_engine, DataKind.BEGROTING, changed)
    (error,) = result.rejected
    assert "hoort bij de demodata, die geen import is om ongedaan te maken" in error.reason
    assert "'Start met eigen gegevens'" in error.reason


def test_a_volgorde_that_differs_from_the_lines_other_years_is_refused(empty_engine):
    """The tables over several years group a line by its position: two positions would show it twice."""
    _import(empty_engine, DataKind.BEGROTING, PLAN)
    header = "onderwerp;actiepunt;jaar;bedrag;positie\n"
    result = _preview(empty_engine, DataKind.BEGROTING, header + "Onderwijs;Lessen op scholen;2029;5.000;4\n", "v.csv")
    (error,) = result.rejected
    assert (error.file, error.row, error.column, error.value) == ("v.csv", 2, "positie", "4")
    assert error.reason.startswith("deze regel staat in 2027 en 2028 op volgorde 0 (in de opslag); ")

    same_year = _preview(empty_engine, DataKind.BEGROTING, header + "Communicatie;Campagne;2027;8.000,50;0\n")
    (error,) = same_year.rejected
    assert error.reason.startswith("deze regel staat in 2027 op volgorde 1 (in de opslag); ")

    in_file = (
        "Nieuw;;2027;1.000;7\n"
        "Nieuw;;2028;1.000;\n"
        "Nieuw;;2029;1.000;6\n"
        "Onderwijs;Lessen op scholen;2029;5.000;0\n"
        "Ander;;2029;1.000;7\n"
    )
    result = _preview(empty_engine, DataKind.BEGROTING, header + in_file, "v.csv")
    (error,) = result.rejected
    assert (error.row, error.column, error.value) == (4, "positie", "6")
    assert error.reason.startswith("deze regel staat in 2027 en 2028 op volgorde 7 (eerder in dit bestand); ")
    importing.commit(empty_engine, result)
    with db.read_session(empty_engine) as session:
        table = budget.line_table(session, (2027, 2028, 2029))
    assert list(table["onderwerp"][:2]) == ["Onderwijs", "Communicatie"]
    assert sorted(zip(table["onderwerp"], table["plan"], strict=True)) == [
        ("Ander", 100_000),
        ("Communicatie", 800_050),
        ("Nieuw", 200_000),
        ("Onderwijs", 3_100_000),
    ]


def test_a_line_written_in_other_capitals_joins_the_line_as_first_written(empty_engine):
    """'onderwijs' in 2029 is the stored 'Onderwijs': one line over the years, not a second at the same place."""
    _import(empty_engine, DataKind.BEGROTING, PLAN)
    later = (
        "onderwerp;actiepunt;jaar;bedrag\n"
        "onderwijs;LESSEN OP SCHOLEN;2029;5.000\n"
        "Nieuwe regel;;2029;1.000\n"
        "NIEUWE REGEL;;2030;1.000\n"
    )
    importing.commit(empty_engine, _preview(empty_engine, DataKind.BEGROTING, later))
    with db.read_session(empty_engine) as session:
        table = budget.line_table(session, (2027, 2028, 2029, 2030))
        spelled = session.execute(select(BudgetLine.year, BudgetLine.topic, BudgetLine.action)).all()
    assert {(topic, action) for _, topic, action in spelled} == {
        ("Onderwijs", "Lessen op scholen"),
        ("Communicatie", "Campagne"),
        ("Nieuwe regel", ""),
    }
    assert list(zip(table["onderwerp"], table["plan"], strict=True)) == [
        ("Onderwijs", 3_100_000),
        ("Communicatie", 800_050),
        ("Nieuwe regel", 200_000),
    ]


def test_a_plan_with_broken_rows_names_them_and_commits_only_the_others_which_undo_removes(empty_engine):
    broken = PLAN + "Onderwijs;Evaluatie;twintig;1.000\nOnderwijs;Evaluatie;2027;-5\n"
    result = _preview(empty_engine, DataKind.BEGROTING, broken, "kapot.csv")
    assert [(error.row, error.column) for error in result.rejected] == [(5, "jaar"), (6, "bedrag")]
    assert len(result.new) == 3
    with db.read_session(empty_engine) as session:
        assert budget.line_table(session, (2027,)).empty

    batch = importing.commit(empty_engine, result, imported_by="test")
    assert (batch.rows_read, batch.rows_added, batch.rows_rejected) == (5, 3, 2)
    with db.read_session(empty_engine) as session:
        stored = session.execute(
            select(BudgetLine.year, BudgetLine.position, BudgetLine.topic, BudgetLine.action, BudgetLine.planned_cents)
            .where(BudgetLine.import_batch_id == batch.id)
            .order_by(BudgetLine.year, BudgetLine.position)
        ).all()
    assert [tuple(row) for row in stored] == [
        (2027, 0, "Onderwijs", "Lessen op scholen", 1_200_000),
        (2027, 1, "Communicatie", "Campagne", 800_050),
        (2028, 0, "Onderwijs", "Lessen op scholen", 1_400_000),
    ]
    assert importing.undo(empty_engine, batch.id) == 3
    with db.read_session(empty_engine) as session:
        assert session.scalars(select(BudgetLine)).all() == []


def test_undoing_a_plan_that_spend_refers_to_is_refused_and_leaves_the_plan(empty_engine):
    batch = _import(empty_engine, DataKind.BEGROTING, PLAN)
    spend = (
        "datum;jaar;onderwerp;actiepunt;bedrag;omschrijving;referentie;status\n"
        "01-02-2026;2027;Communicatie;Campagne;500;Posters;F-1;verplicht\n"
    )
    spend_batch = _import(empty_engine, DataKind.UITGAVEN, spend, "uitgaven.csv")
    with pytest.raises(FileProblem, match="verwijzen ernaar"):
        importing.undo(empty_engine, batch.id)
    with db.read_session(empty_engine) as session:
        assert len(budget.line_table(session, (2027,))) == 2
    importing.undo(empty_engine, spend_batch.id)
    assert importing.undo(empty_engine, batch.id) == 3
    with db.read_session(empty_engine) as session:
        assert budget.line_table(session, (2027, 2028)).empty


def test_imported_funding_is_the_grant_and_cofinancing_of_its_years(empty_engine):
    funding = (
        "jaar;bron;soort;bedrag\n2027;OCW;subsidie;30.000\n2028;OCW;subsidie;25.000\n"
        "2027;Gemeente (ambtelijke inzet);cofinanciering;10.000\n"
    )
    batch = _import(empty_engine, DataKind.FINANCIERING, funding, "financiering.csv")
    with db.read_session(empty_engine) as session:
        assert budget.grant_for(session, 2027) == 3_000_000
        assert budget.grant_total(session, (2027, 2028)) == 5_500_000
        assert budget.grant_total(session, (2027,), FundingKind.COFINANCIERING) == 1_000_000
    result = _preview(empty_engine, DataKind.FINANCIERING, funding.replace("25.000", "26.000"))
    assert [(error.row, error.column) for error in result.rejected] == [(3, "bedrag")]
    assert importing.undo(empty_engine, batch.id) == 3
    with db.read_session(empty_engine) as session:
        assert budget.grant_for(session, 2027) == 0


def test_an_unknown_funding_kind_is_named_with_the_allowed_ones(empty_engine):
    result = _preview(empty_engine, DataKind.FINANCIERING, "jaar;bron;soort;bedrag\n2027;OCW;lening;5\n")
    (error,) = result.rejected
    assert error.column == "soort" and "subsidie, cofinanciering" in error.reason


def test_imported_programmes_are_what_lesson_imports_refer_to(empty_engine):
    _import(empty_engine, DataKind.INTERVENTIES, "naam;omschrijving\nRots en Water;Weerbaarheid\n", "p.csv")
    school = "naam;type;adres;latitude;longitude;leerlingen\nDe School;VMBO;Straat 1;51,80;4,67;500\n"
    _import(empty_engine, DataKind.SCHOLEN, school, "scholen.csv")
    lesson = (
        "school;programma;datum;leerjaar;klas;thema;status\n"
        "De School;rots en water;03-12-2026;2;2B;weerbaarheid;gepland\n"
        "De School;Onbekend;03-12-2026;2;2C;weerbaarheid;gepland\n"
    )
    result = _preview(empty_engine, DataKind.LESACTIVITEITEN, lesson, "lessen.csv")
    assert len(result.new) == 1
    (error,) = result.rejected
    assert error.column == "programma" and "rots en water" in error.reason


def test_a_fresh_store_of_another_city_holds_no_plan_of_dordrecht(stores, tmp_path, monkeypatch):
    """Starting one's own store keeps the profile's facts only: another city's plan is imported, not Dordrecht's."""
    monkeypatch.setattr(importing, "DATA_DIR", tmp_path)
    url = stores.new(schema=True)
    eindhoven = CityProfile(**tomllib.loads((PROJECT_ROOT / "profiles" / "eindhoven.toml").read_text()))
    assert eindhoven.grant_is_estimate and eindhoven.plan is None
    importing.start_own_store(url, eindhoven)
    engine = db.get_engine(url)
    with db.read_session(engine) as session:
        assert budget.line_table(session, tuple(range(2023, 2027))).empty
        assert budget.grant_total(session, tuple(range(2023, 2027))) == 0
        assert importing.Lookups(session, date(2026, 11, 27), "Eindhoven").programmes == {}
