"""The demo store: deterministic, grounded in the plan and the facts, and flagged as demo."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from vsdata import db, demo, settings
from vsdata.__main__ import main as command_line

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = date(2026, 11, 27)
PROGRAMME_START = date(2022, 6, 1)

PLAN = [
    # topic, action, {year: euros}: the plan table of DESIGN.md
    ("Jeugd en Onderwijs", "Ontwikkeling onderwijsprogramma 'Veilige school' op maat", {2023: 20_000}),
    (
        "Jeugd en Onderwijs",
        "Uitvoering onderwijsprogramma 'Veilige school'",
        {2024: 14_000, 2025: 14_000, 2026: 12_000},
    ),
    ("Jeugd en Onderwijs", "Evaluatie onderwijsprogramma 'Veilige School'", {2024: 2_000, 2025: 2_000, 2026: 8_000}),
    ("Incidentele activiteiten", "", {2023: 2_000, 2024: 4_000, 2025: 4_000, 2026: 2_000}),
    (
        "Communicatie",
        "Campagne 'Stop Straatintimidatie' en inzet op bewustwording, preventie en signalering",
        {2023: 8_000, 2024: 10_000, 2025: 10_000, 2026: 8_000},
    ),
]


def query(path: Path, sql: str, *params) -> list[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql, params).fetchall()


def scalar(path: Path, sql: str, *params):
    return query(path, sql, *params)[0][0]


def columns_of(path: Path, table: str) -> list[str]:
    return [row[1] for row in query(path, f'PRAGMA table_info("{table}")')]


def table_names(path: Path) -> list[str]:
    return [name for (name,) in query(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]


def report_digest(path: Path) -> str:
    names = ", ".join(f'"{name}"' for name in columns_of(path, "report") if name != "id")
    rows = query(path, f"SELECT {names} FROM report ORDER BY external_id")
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def table_rows(path: Path, table: str) -> list[tuple]:
    return query(path, f'SELECT * FROM "{table}" ORDER BY 1')


def build(directory: Path, name: str, **options) -> Path:
    path = directory / f"{name}.sqlite"
    demo.build_demo_store(db.get_engine(str(path)), today=options.pop("today", TODAY), **options)
    return path


@pytest.fixture(scope="module")
def extra_stores(tmp_path_factory) -> dict[str, Path]:
    """A second default build, one with another seed, and `demo --reports 2000` from the command line."""
    directory = tmp_path_factory.mktemp("demo-extra")
    return {
        "same": build(directory, "same", seed=demo.DEFAULT_SEED),
        "other_seed": build(directory, "other-seed", seed=demo.DEFAULT_SEED + 1),
        "n2000": build_from_command_line(directory / "n2000.sqlite", "--reports", "2000"),
    }


def build_from_command_line(path: Path, *options: str) -> Path:
    assert command_line(["demo", "--db", str(path), "--today", TODAY.isoformat(), *options]) == 0
    return path


def local_moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone(AMSTERDAM)


# ---------------------------------------------------------------- determinism


def test_same_seed_and_today_give_identical_reports(demo_store_path, extra_stores):
    assert scalar(demo_store_path, "SELECT COUNT(*) FROM report") > 0
    assert report_digest(demo_store_path) == report_digest(extra_stores["same"])


def test_same_seed_gives_identical_other_tables(demo_store_path, extra_stores):
    for table in (
        "school",
        "school_session",
        "school_target",
        "budget_line",
        "expense",
        "grant",
        "indicator_value",
        "survey_result",
        "campaign_activity",
        "partner_meeting",
    ):
        assert table_rows(demo_store_path, table) == table_rows(extra_stores["same"], table), table


def test_another_seed_gives_other_reports(demo_store_path, extra_stores):
    assert report_digest(demo_store_path) != report_digest(extra_stores["other_seed"])


def test_report_count_option_gives_exactly_that_many(extra_stores):
    assert scalar(extra_stores["n2000"], "SELECT COUNT(*) FROM report") == 2000
    assert scalar(extra_stores["n2000"], "SELECT COUNT(DISTINCT external_id) FROM report") == 2000


@pytest.mark.parametrize(
    "table", ["school", "programme", "school_session", "school_target", "budget_line", "expense", "grant"]
)
def test_report_count_leaves_schools_and_budget_alone(demo_store_path, extra_stores, table):
    assert table_rows(extra_stores["n2000"], table) == table_rows(demo_store_path, table)


def test_build_records_its_seed_and_today(demo_store_path):
    meta = dict(query(demo_store_path, "SELECT key, value FROM store_meta"))
    assert meta[db.DEMO_BUILT_FOR] == "2026-11-27"
    assert meta[db.DEMO_SEED] == str(demo.DEFAULT_SEED)
    assert int(meta[db.DATA_VERSION]) >= 1


# ---------------------------------------------------------------- budget


def test_budget_lines_equal_the_plan_table(demo_store_path):
    expected = sorted(
        (topic, action, year, euros * 100) for topic, action, plan in PLAN for year, euros in plan.items()
    )
    stored = query(
        demo_store_path, "SELECT topic, action, year, planned_cents FROM budget_line ORDER BY topic, action, year"
    )
    assert sorted(stored) == expected
    assert len(stored) == 15


def test_budget_lines_keep_the_plan_order(demo_store_path):
    rows = query(demo_store_path, "SELECT DISTINCT position, topic, action FROM budget_line ORDER BY position")
    assert [(topic, action) for _, topic, action in rows] == [(topic, action) for topic, action, _ in PLAN]


def test_plan_totals_30000_euro_each_year(demo_store_path):
    totals = dict(query(demo_store_path, "SELECT year, SUM(planned_cents) FROM budget_line GROUP BY year"))
    assert totals == {2023: 3_000_000, 2024: 3_000_000, 2025: 3_000_000, 2026: 3_000_000}
    assert scalar(demo_store_path, "SELECT SUM(planned_cents) FROM budget_line") == 12_000_000


def test_grant_and_cofinancing_per_year(demo_store_path):
    rows = query(demo_store_path, 'SELECT year, source, kind, amount_cents FROM "grant" ORDER BY year, kind')
    expected = []
    for year in range(2023, 2027):
        expected.append((year, "Gemeente (ambtelijke inzet)", "cofinanciering", 3_000_000))
        expected.append((year, "OCW", "subsidie", 3_000_000))
    assert rows == expected


def test_expenses_are_not_negative_and_mostly_linked(demo_store_path):
    assert scalar(demo_store_path, "SELECT COUNT(*) FROM expense WHERE amount_cents < 0") == 0
    assert scalar(demo_store_path, "SELECT COUNT(*) FROM expense WHERE budget_line_id IS NOT NULL") > 20
    assert scalar(demo_store_path, "SELECT COUNT(*) FROM expense WHERE expense_date >= ?", TODAY.isoformat()) == 0


# ---------------------------------------------------------------- reports


def test_reports_lie_inside_the_bounding_box(demo_store_path):
    south, west, north, east = settings.profile().bounding_box
    outside = scalar(
        demo_store_path,
        "SELECT COUNT(*) FROM report WHERE latitude < ? OR latitude > ? OR longitude < ? OR longitude > ?",
        south,
        north,
        west,
        east,
    )
    assert outside == 0


def test_report_moments_fall_in_the_programme_period(demo_store_path):
    rows = query(demo_store_path, "SELECT occurred_at, received_at FROM report")
    occurred = [local_moment(o) for o, _ in rows]
    received = [local_moment(r) for _, r in rows]
    assert min(moment.date() for moment in occurred) >= PROGRAMME_START
    assert max(moment.date() for moment in occurred) < TODAY
    assert all(r >= o for o, r in zip(occurred, received, strict=True))
    assert max(moment.date() for moment in received) < TODAY


def test_local_date_matches_occurred_at(demo_store_path):
    rows = query(demo_store_path, "SELECT occurred_at, local_date, local_hour FROM report")
    for occurred_at, local_date, local_hour in rows:
        moment = local_moment(occurred_at)
        assert (moment.date().isoformat(), moment.hour) == (local_date, local_hour)


def test_average_volume_per_month(demo_store_path):
    total = scalar(demo_store_path, "SELECT COUNT(*) FROM report")
    months = (TODAY - PROGRAMME_START).days / (365.25 / 12)
    assert 3 <= total / months <= 10


def test_most_reports_come_from_women_and_girls(demo_store_path):
    counts = dict(query(demo_store_path, "SELECT target_group, COUNT(*) FROM report GROUP BY target_group"))
    share = (counts.get("vrouw", 0) + counts.get("meisje", 0)) / sum(counts.values())
    assert 0.65 <= share <= 0.80


def test_staring_is_the_most_frequent_category(demo_store_path):
    counts = Counter(dict(query(demo_store_path, "SELECT category, COUNT(*) FROM report GROUP BY category")))
    assert counts.most_common(1)[0][0] == "nastaren"


def test_reports_have_unique_external_ids_and_aftercare_is_consistent(demo_store_path):
    assert scalar(demo_store_path, "SELECT COUNT(*) - COUNT(DISTINCT external_id) FROM report") == 0
    assert scalar(demo_store_path, "SELECT COUNT(*) FROM report WHERE aftercare_given AND NOT aftercare_asked") == 0


# ---------------------------------------------------------------- schools


@pytest.mark.parametrize("pattern", ["Yuverta%", "Stedelijk Dalton Lyceum%", "Insula%vmbo%", "Wartburg%"])
def test_named_programme_schools_are_in_the_programme(demo_store_path, pattern):
    rows = query(demo_store_path, "SELECT name FROM school WHERE name LIKE ? AND in_programme = 1", pattern)
    assert len(rows) >= 1


def test_other_vios_schools(demo_store_path):
    others = scalar(demo_store_path, "SELECT COUNT(*) FROM school WHERE vios_member = 1 AND in_programme = 0")
    assert others >= 3


def test_schools_lie_inside_the_bounding_box(demo_store_path):
    south, west, north, east = settings.profile().bounding_box
    for name, latitude, longitude in query(demo_store_path, "SELECT name, latitude, longitude FROM school"):
        assert south <= latitude <= north and west <= longitude <= east, name


def test_sessions_cover_the_school_years(demo_store_path):
    years = {year for (year,) in query(demo_store_path, "SELECT DISTINCT school_year FROM school_session")}
    assert {"2023/24", "2024/25", "2025/26", "2026/27"} <= years


def test_session_school_year_matches_its_date(demo_store_path):
    for day, year in query(demo_store_path, "SELECT session_date, school_year FROM school_session"):
        day = date.fromisoformat(day)
        first = day.year if day.month >= 8 else day.year - 1
        assert year == f"{first}/{str(first + 1)[-2:]}"


def test_session_status_agrees_with_today(demo_store_path):
    late = scalar(
        demo_store_path,
        "SELECT COUNT(*) FROM school_session WHERE session_date > ? AND status = 'uitgevoerd'",
        TODAY.isoformat(),
    )
    overdue = scalar(
        demo_store_path,
        "SELECT COUNT(*) FROM school_session WHERE session_date < ? AND status = 'gepland'",
        TODAY.isoformat(),
    )
    assert (late, overdue) == (0, 0)
    assert scalar(demo_store_path, "SELECT COUNT(*) FROM school_session WHERE status = 'uitgevoerd'") > 0
    assert scalar(demo_store_path, "SELECT COUNT(*) FROM school_session WHERE status = 'gepland'") > 0


def test_sessions_only_at_programme_schools(demo_store_path):
    stray = scalar(
        demo_store_path,
        "SELECT COUNT(*) FROM school_session s JOIN school c ON c.id = s.school_id WHERE NOT c.in_programme",
    )
    assert stray == 0


# ---------------------------------------------------------------- demo flags and sources


def test_every_row_is_flagged_as_demo(demo_store_path):
    flagged = [table for table in table_names(demo_store_path) if "is_demo" in columns_of(demo_store_path, table)]
    assert {"report", "school", "school_session", "expense", "import_batch", "indicator_value"} <= set(flagged)
    for table in flagged:
        assert scalar(demo_store_path, f'SELECT COUNT(*) FROM "{table}" WHERE is_demo IS NOT 1') == 0, table
    assert scalar(demo_store_path, "SELECT COUNT(*) FROM report") > 0


def test_sourced_indicators_carry_a_reference(demo_store_path):
    assert scalar(demo_store_path, "SELECT COUNT(*) FROM indicator_value WHERE NOT is_estimate") > 0
    missing = scalar(
        demo_store_path,
        "SELECT COUNT(*) FROM indicator_value WHERE NOT is_estimate AND (reference IS NULL OR TRIM(reference) = '')",
    )
    assert missing == 0


def test_2021_survey_forms_are_in_the_indicators(demo_store_path):
    rows = dict(
        query(
            demo_store_path,
            "SELECT measure, value FROM indicator_value WHERE year = 2021 AND measure LIKE 'Vorm: %'",
        )
    )
    assert rows["Vorm: nastaren"] == 21
    assert rows["Vorm: in het nauw drijven"] == 5


def test_rebuilding_keeps_the_data_version_rising(tmp_path):
    engine = db.get_engine(str(tmp_path / "rebuild.sqlite"))
    demo.build_demo_store(engine, n_reports=50, today=TODAY)
    first = db.data_version(engine)
    demo.build_demo_store(engine, n_reports=60, today=TODAY)
    assert db.data_version(engine) > first
