"""Reading exports safely: CSV and XLSX as Dutch Excel saves them, row-level validation, one transaction.

A file is first read and checked without touching the store (:func:`preview`):
every row is new, already present (same natural key) or rejected with the
file, row, column, value and a Dutch reason. Only :func:`commit` writes, in
one transaction together with its :class:`ImportBatch`, after a backup of the
SQLite store; :func:`undo` removes a batch's rows again in one transaction.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from sqlalchemy import Engine, delete, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from vsdata import copying, db, demo, tally
from vsdata.formatting import format_datetime, format_euro, format_list
from vsdata.import_kinds import (
    KINDS,
    Column,
    FieldProblem,
    Lookups,
    ValueProblem,
    choice,
    existing_keys,
    existing_values,
    key_of,
    latitude,
    longitude,
    normalise,
    stored_by_key,
    text,
    yes_no,
)
from vsdata.models import (
    AgeBand,
    Category,
    DataKind,
    ImportBatch,
    LocationType,
    Report,
    StoreMeta,
    TargetGroup,
    derive_report_columns,
    utc_now,
)
from vsdata.settings import DATA_DIR, TIMEZONE, CityProfile

MAX_FILE_BYTES = 60 * 1024 * 1024
BACKUPS_KEPT = 10


class FileProblem(Exception):
    """The file as a whole cannot be used; the message says why, in Dutch."""


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    """Row number as the user sees it in the file (the header is row 1)."""
    column: str
    value: str
    reason: str


@dataclass
class Preview:
    kind: DataKind
    file_name: str
    checksum: str
    rows_read: int
    new: pd.DataFrame
    existing: int
    rejected: list[RowError] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({error.row for error in self.rejected})

    def rejection_reasons(self, limit: int = 5) -> list[str]:
        """Each distinct reason once, with its column and rows: the table cuts long reasons off at its edge."""
        rows: dict[tuple[str, str], list[int]] = {}
        for error in self.rejected:
            rows.setdefault((error.column, error.reason), []).append(error.row)
        lines = []
        for (column, reason), numbers in list(rows.items())[:limit]:
            shown = [str(number) for number in numbers[:5]]
            if len(numbers) > 5:
                shown.append(f"nog {len(numbers) - 5}")
            where = f"{'rij' if len(numbers) == 1 else 'rijen'} {format_list(shown)}"
            sentence = reason.rstrip(".") + "."
            lines.append(f"{where}, kolom {column}: {sentence}" if column else f"{where}: {sentence}")
        if len(rows) > limit:
            lines.append(f"En nog {len(rows) - limit} andere redenen; alle staan in de CSV met afgekeurde rijen.")
        return lines

    def rejected_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(e.file, e.row, e.column, e.value, e.reason) for e in self.rejected],
            columns=["bestand", "rij", "kolom", "waarde", "reden"],
        )


# ---------------------------------------------------------------- reading files


def _decode(data: bytes, file_name: str) -> str:
    if b"\x00" in data[:4096]:
        raise FileProblem(f"{file_name}: dit is geen tekstbestand (CSV) en geen Excel-bestand (XLSX).")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(f"{file_name}: de tekens zijn niet te lezen; sla het bestand op als CSV (UTF-8).")


def read_table(data: bytes, file_name: str, sheet: str | None = None) -> pd.DataFrame:
    """The file's rows as text, with normalised column names; XLSX (first or named sheet) or CSV (, or ;)."""
    if not data.strip():
        raise FileProblem(f"{file_name}: het bestand is leeg.")
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(f"{file_name}: het bestand is groter dan {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    is_xlsx = data[:2] == b"PK"
    frame = _read_xlsx(data, file_name, sheet) if is_xlsx else _read_csv(_decode(data, file_name), file_name)
    # Columns without a name (Excel's empty ones at the right) each get their own, so they never clash.
    names = [normalise(column) or f"(kolom {index + 1} zonder naam)" for index, column in enumerate(frame.columns)]
    headers = {name: str(column) for name, column in zip(names, frame.columns, strict=True)}
    if len(headers) < len(frame.columns):
        twice = sorted(
            {str(column) for column, name in zip(frame.columns, names, strict=True) if names.count(name) > 1}
        )
        raise FileProblem(
            f"{file_name}: de kolommen {', '.join(repr(column) for column in twice)} hebben dezelfde naam; "
            "geef elke kolom een eigen naam."
        )
    frame.columns = list(headers)
    frame.attrs["headers"] = headers
    if frame.empty:
        raise FileProblem(f"{file_name}: het bestand heeft kolomnamen maar geen rijen.")
    return frame


def _read_xlsx(data: bytes, file_name: str, sheet: str | None) -> pd.DataFrame:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(f"{file_name}: het Excel-bestand is beschadigd of onvolledig ({exc}).") from exc
    if sheet is not None and sheet not in workbook.sheetnames:
        raise FileProblem(f"{file_name}: het werkblad '{sheet}' bestaat niet (wel: {', '.join(workbook.sheetnames)}).")
    rows = list((workbook[sheet] if sheet else workbook.worksheets[0]).iter_rows(values_only=True))
    workbook.close()
    if not rows:
        raise FileProblem(f"{file_name}: het werkblad is leeg.")
    header = ["" if cell is None else str(cell) for cell in rows[0]]
    body = [
        ["" if cell is None else _cell_text(cell) for cell in row]
        for row in rows[1:]
        if any(c is not None for c in row)
    ]
    return pd.DataFrame(body, columns=header, dtype=object)


def _cell_text(cell: object) -> str:
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _read_csv(text: str, file_name: str) -> pd.DataFrame:
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise FileProblem(f"{file_name}: de CSV is niet goed opgebouwd ({exc}).") from exc
    if not rows:
        raise FileProblem(f"{file_name}: het bestand is leeg.")
    if len(rows[0]) < 2:
        raise FileProblem(
            f"{file_name}: er is maar één kolom gevonden; gebruik een komma of puntkomma tussen de kolommen."
        )
    width = len(rows[0])
    body = [(row + [""] * width)[:width] for row in rows[1:]]
    return pd.DataFrame(body, columns=rows[0], dtype=object)


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- parsing values


_DATE_FORMATS = ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y")


def parse_moment(text: str, today: date, fold: int = 0) -> datetime:
    """A moment as '27-11-2026 21:15', '27-11-2026' or ISO; without a zone it is Amsterdam time. Not in the future.

    ``fold=1`` reads a wall-clock time in the hour that repeats when summer time ends as its second occurrence.
    """
    value = text.strip()
    if not value:
        raise ValueProblem("leeg")
    moment = None
    for pattern in _DATE_FORMATS:
        try:
            moment = datetime.strptime(value, pattern)
            break
        except ValueError:
            continue
    if moment is None:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueProblem("geen geldige datum (gebruik 27-11-2026 of 27-11-2026 21:15)") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TIMEZONE, fold=fold)
    if moment.astimezone(TIMEZONE).date() > today:
        raise ValueProblem("datum ligt in de toekomst")
    return moment.astimezone(UTC)


def _moment(text: str, _city: CityProfile, today: date) -> datetime:
    return parse_moment(text, today)


REPORT_COLUMNS = [
    Column("external_id", ("id", "melding_id", "meldingsnummer", "kenmerk"), text(64),
           description="uniek kenmerk uit de app"),
    Column("ontvangen", ("ontvangen_op", "datum_melding", "gemeld_op", "received_at"), _moment,
           description="moment van melden"),
    Column("voorval", ("datum_voorval", "tijdstip", "moment", "occurred_at"), _moment,
           description="moment van het incident"),
    Column("latitude", ("lat", "breedtegraad"), latitude, description="WGS84, binnen de stad"),
    Column("longitude", ("lon", "lng", "lengtegraad"), longitude, description="WGS84, binnen de stad"),
    Column("wijk", ("buurt_wijk", "wijknaam"), text(80)),
    Column("locatietype", ("soort_plek", "locatie_type", "location_type"), choice(LocationType)),
    Column("categorie", ("vorm", "soort", "category"), choice(Category)),
    Column("doelgroep", ("wie", "target_group"), choice(TargetGroup)),
    Column("leeftijd", ("leeftijdsgroep", "age_band"), choice(AgeBand), required=False),
    Column("nazorg_gevraagd", ("nazorg",), yes_no, required=False),
    Column("nazorg_gegeven", (), yes_no, required=False),
]  # fmt: skip


def _parse_row(
    spec: list[Column], columns, record, city, today, header, file_name: str, row_number: int
) -> tuple[dict[str, object], list[RowError]]:
    """One file row's values by column, parsed; and a RowError for every value that does not fit."""
    parsed: dict[str, object] = {}
    errors = []
    for column in spec:
        source = columns.get(column.name)
        raw = "" if source is None else str(record.get(source, "") or "")
        if source is None or (not raw.strip() and not column.required):
            continue
        try:
            parsed[column.name] = column.parse(raw, city, today)
        except ValueProblem as problem:
            errors.append(RowError(file_name, row_number, header(source), raw[:200], str(problem)))
    return parsed, errors


def _header_of(frame: pd.DataFrame) -> Callable[[str], str]:
    """The column name as the file wrote it, for messages."""
    headers = frame.attrs.get("headers", {})
    return lambda name: headers.get(name, name)


def _match_columns(frame: pd.DataFrame, columns: list[Column], file_name: str) -> dict[str, str]:
    """Which file column feeds each field; a missing required column makes the file unusable."""
    found: dict[str, str] = {}
    for column in columns:
        for candidate in (column.name, *column.aliases):
            if candidate in frame.columns:
                found[column.name] = candidate
                break
    missing = [column.name for column in columns if column.required and column.name not in found]
    if missing:
        raise FileProblem(
            f"{file_name}: de kolom(men) {', '.join(missing)} ontbreken. Gevonden: {', '.join(frame.columns)}. "
            "Gebruik de sjabloon van deze soort gegevens."
        )
    return found


# ---------------------------------------------------------------- reports


Progress = Callable[[float], None]
PROGRESS_EVERY = 2_000


def preview_reports(
    session,
    data: bytes,
    file_name: str,
    today: date,
    city: CityProfile,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> Preview:
    """Read and check a Stop Intimidatie export without writing anything."""
    frame = read_table(data, file_name, sheet)
    columns = _match_columns(frame, REPORT_COLUMNS, file_name)
    header = _header_of(frame)
    rows, errors, seen = [], [], {}
    records = frame.to_dict("records")
    for index, record in enumerate(records):
        if progress and index % PROGRESS_EVERY == 0:
            progress(index / len(records))
        row_number = index + 2
        row, row_errors = _parse_row(REPORT_COLUMNS, columns, record, city, today, header, file_name, row_number)
        if not row_errors and row["voorval"] > row["ontvangen"]:
            # Written without a zone, the report may fall in the second run of the repeated autumn hour.
            row["ontvangen"] = parse_moment(str(record[columns["ontvangen"]]), today, fold=1)
        if not row_errors and row["voorval"] > row["ontvangen"]:
            row_errors.append(
                RowError(
                    file_name,
                    row_number,
                    header(columns["voorval"]),
                    str(record[columns["voorval"]]),
                    "incident ligt na het moment van melden",
                )
            )
        if not row_errors and row.get("nazorg_gegeven") and not row.get("nazorg_gevraagd"):
            row_errors.append(
                RowError(
                    file_name,
                    row_number,
                    header(columns["nazorg_gegeven"]),
                    "ja",
                    "nazorg gegeven zonder dat die gevraagd is",
                )
            )
        if not row_errors and row["external_id"] in seen:
            row_errors.append(
                RowError(
                    file_name,
                    row_number,
                    header(columns["external_id"]),
                    str(row["external_id"]),
                    f"kenmerk staat al in rij {seen[row['external_id']]} van dit bestand",
                )
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        seen[row["external_id"]] = row_number
        rows.append(row)
    existing_ids = _existing_report_ids(session, [row["external_id"] for row in rows])
    new_rows = [row for row in rows if row["external_id"] not in existing_ids]
    return Preview(
        kind=DataKind.MELDINGEN,
        file_name=file_name,
        checksum=checksum(data),
        rows_read=len(frame),
        new=_report_frame(new_rows),
        existing=len(rows) - len(new_rows),
        rejected=errors,
    )


def preview(
    session,
    kind: DataKind,
    data: bytes,
    file_name: str,
    today: date,
    city: CityProfile,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> Preview:
    """Read and check a file of any kind without writing anything."""
    if kind == DataKind.MELDINGEN:
        return preview_reports(session, data, file_name, today, city, sheet, progress)
    spec = KINDS[kind]
    frame = read_table(data, file_name, sheet)
    columns = _match_columns(frame, spec.columns, file_name)
    header = _header_of(frame)
    lookups = Lookups(session, today, city.name)
    existing = existing_keys(session, spec)
    stored = stored_by_key(session, spec)
    origins = _origins(session, spec)
    taken = {name: existing_values(session, spec, name) for name in spec.unique}
    rows, errors, seen, already = [], [], {}, 0
    for index, record in enumerate(frame.to_dict("records")):
        row_number = index + 2
        parsed, row_errors = _parse_row(spec.columns, columns, record, city, today, header, file_name, row_number)
        fields: dict = {}
        if not row_errors:
            try:
                fields = spec.build(parsed, lookups)
            except FieldProblem as problem:
                source = columns.get(problem.column, problem.column)
                value = str(record.get(source, "") or "")[:200]
                row_errors.append(RowError(file_name, row_number, header(source), value, str(problem)))
        if not row_errors:
            key = key_of(fields[name] for name in spec.key)
            if key in seen:
                source = columns[spec.key_column]
                row_errors.append(
                    RowError(
                        file_name,
                        row_number,
                        header(source),
                        str(record.get(source, ""))[:200],
                        f"deze rij staat al in rij {seen[key]} van dit bestand",
                    )
                )
            row_errors += _unique_clashes(
                spec, fields, key in existing, taken, columns, header, record, file_name, row_number
            )
            row_errors += _changed_values(
                spec, fields, stored.get(key), origins.get(key), columns, header, record, file_name, row_number
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        seen[key] = row_number
        if key in existing:
            already += 1
        else:
            rows.append(fields)
            for name in spec.unique:
                if fields.get(name) is not None:
                    taken[name].add(key_of([fields[name]])[0])
    return Preview(
        kind=kind,
        file_name=file_name,
        checksum=checksum(data),
        rows_read=len(frame),
        new=pd.DataFrame(rows),
        existing=already,
        rejected=errors,
    )


def _unique_clashes(spec, fields, is_existing, taken, columns, header, record, file_name, row_number) -> list[RowError]:
    """A new row whose unique field (such as a BRIN) is already used, in the store or earlier in the file."""
    clashes = []
    for name in spec.unique:
        value = fields.get(name)
        if is_existing or value is None or key_of([value])[0] not in taken[name]:
            continue
        source = next((columns[column.name] for column in spec.columns if column.name == name), name)
        clashes.append(RowError(file_name, row_number, header(source), str(value), f"{name} is al in gebruik"))
    return clashes


def _changed_values(spec, fields, stored, origin, columns, header, record, file_name, row_number) -> list[RowError]:
    """A row already in the store whose amount (or kind) differs: refused, since an import never overwrites."""
    if stored is None:
        return []
    problems = []
    for field_name, column in (spec.must_match or {}).items():
        if fields[field_name] == stored[field_name]:
            continue
        source = columns[column]
        was = format_euro(stored[field_name]) if field_name.endswith("_cents") else str(stored[field_name])
        problems.append(
            RowError(
                file_name,
                row_number,
                header(source),
                str(record.get(source, ""))[:200],
                f"deze regel staat al in de opslag met {was}; een import overschrijft niets. {_how_to_change(origin)}",
            )
        )
    return problems


def _origins(session, spec) -> dict[tuple, ImportBatch | None]:
    """The import each stored row came from, by natural key, for the kinds whose stored rows an import refuses to
    change: what the user can do about such a row depends on it."""
    if not spec.must_match:
        return {}
    columns = [getattr(spec.model, name) for name in spec.key]
    rows = session.execute(
        select(*columns, ImportBatch).outerjoin(ImportBatch, ImportBatch.id == spec.model.import_batch_id)
    )
    return {key_of(row[:-1]): row[-1] for row in rows}


def _how_to_change(batch: ImportBatch | None) -> str:
    """Only an import of one's own can be undone on the Gegevens page; the plan a store began with and the demo
    data have no import to undo, and the app has no screen to edit them."""
    if batch is None:
        return (
            "Deze regel komt niet uit een import: hij hoort bij het plan waarmee de opslag begon. Een import kan "
            "hem niet wijzigen en het dashboard heeft er geen scherm voor; vraag de beheerder van de opslag om hem "
            "rechtstreeks in de opslag te corrigeren"
        )
    if batch.is_demo:
        return (
            "Deze regel hoort bij de demodata, die geen import is om ongedaan te maken. Kies op de pagina Gegevens "
            "'Start met eigen gegevens' om de demodata te verwijderen, en lees dit bestand daarna opnieuw in"
        )
    return (
        f"Maak import {batch.id} ({batch.file_name}, ingelezen op {format_datetime(batch.imported_at)}) ongedaan "
        "op de pagina Gegevens en lees dit bestand daarna opnieuw in"
    )


def _existing_report_ids(session, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        found |= set(session.scalars(select(Report.external_id).where(Report.external_id.in_(chunk))))
    return found


def _report_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "external_id": [row["external_id"] for row in rows],
            "received_at": pd.to_datetime([row["ontvangen"] for row in rows], utc=True),
            "occurred_at": pd.to_datetime([row["voorval"] for row in rows], utc=True),
            "latitude": [row["latitude"] for row in rows],
            "longitude": [row["longitude"] for row in rows],
            "wijk": [row["wijk"] for row in rows],
            "location_type": [row["locatietype"] for row in rows],
            "category": [row["categorie"] for row in rows],
            "target_group": [row["doelgroep"] for row in rows],
            "age_band": [row.get("leeftijd", AgeBand.ONBEKEND.value) for row in rows],
            "aftercare_asked": [bool(row.get("nazorg_gevraagd", False)) for row in rows],
            "aftercare_given": [bool(row.get("nazorg_gegeven", False)) for row in rows],
        }
    )
    frame["source"] = "Stop Intimidatie app"
    frame["is_demo"] = False
    if rows:
        for name, values in derive_report_columns(frame["latitude"], frame["longitude"], frame["occurred_at"]).items():
            frame[name] = values
    return frame


# ---------------------------------------------------------------- writing, undo, backup


def backup(url: str, directory: Path | None = None) -> Path | None:
    """A copy of a SQLite store made with SQLite's backup API, in ``backups/`` beside it; the last ten are kept."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or not Path(parsed.database).exists():
        return None
    directory = directory or Path(parsed.database).parent / "backups"
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{Path(parsed.database).stem}-{datetime.now(TIMEZONE):%Y%m%d-%H%M%S-%f}.sqlite"
    with sqlite3.connect(parsed.database) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    own = re.compile(re.escape(Path(parsed.database).stem) + r"-\d{8}-\d{6}-\d{6}\.sqlite")
    for old in sorted(path for path in directory.iterdir() if own.fullmatch(path.name))[:-BACKUPS_KEPT]:
        old.unlink()
    return target


def commit(engine: Engine, preview: Preview, imported_by: str = "") -> ImportBatch:
    """Write the preview's new rows and their batch in one transaction (all or nothing)."""
    with db.write_session(engine) as session:
        batch = ImportBatch(
            kind=preview.kind,
            file_name=preview.file_name[:255],
            checksum=preview.checksum,
            imported_by=imported_by[:120],
            imported_at=utc_now(),
            rows_read=preview.rows_read,
            rows_added=len(preview.new),
            rows_skipped=preview.existing,
            rows_rejected=preview.rejected_rows,
        )
        session.add(batch)
        session.flush()
        if len(preview.new) and preview.kind == DataKind.MELDINGEN:
            db.bulk_insert(session, Report.__table__, preview.new.assign(import_batch_id=batch.id))
            tally.add_batch(session, batch.id)
        elif len(preview.new):
            model = KINDS[preview.kind].model
            session.add_all(model(**row, import_batch_id=batch.id) for row in preview.new.to_dict("records"))
            if preview.kind == DataKind.SCHOLEN:
                session.flush()
                tally.recount_schools(session)
        tally.ensure(session)
        session.expunge(batch)
    return batch


def undo(engine: Engine, batch_id: int) -> int:
    """Remove the rows a batch added, in one transaction; the batch stays, marked as undone."""
    with db.write_session(engine) as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            raise FileProblem(f"Import {batch_id} bestaat niet.")
        if batch.undone_at is not None:
            raise FileProblem(f"Import {batch_id} is al ongedaan gemaakt.")
        model = Report if batch.kind == DataKind.MELDINGEN else KINDS[DataKind(batch.kind)].model
        if batch.kind == DataKind.MELDINGEN:
            tally.remove_batch(session, batch_id)
        try:
            removed = session.execute(delete(model).where(model.import_batch_id == batch_id)).rowcount
            session.flush()
            if batch.kind == DataKind.SCHOLEN:
                tally.recount_schools(session)
            tally.ensure(session)
        except IntegrityError as exc:
            raise FileProblem(
                f"Import {batch_id} kan niet ongedaan worden gemaakt: andere gegevens verwijzen ernaar "
                "(bijvoorbeeld lesactiviteiten naar deze scholen). Maak eerst die import ongedaan."
            ) from exc
        batch.undone_at = utc_now()
    return int(removed or 0)


# ---------------------------------------------------------------- templates, batches, a fresh store


_TEMPLATE_EXAMPLE = {
    "external_id": "SI-2026-000123",
    "ontvangen": "27-11-2026 08:12",
    "voorval": "26-11-2026 22:40",
    "latitude": "51,8121",
    "longitude": "4,6648",
    "wijk": "Binnenstad",
    "locatietype": "uitgaansgebied/horeca",
    "categorie": "nafluiten",
    "doelgroep": "vrouw",
    "leeftijd": "18-24",
    "nazorg_gevraagd": "nee",
    "nazorg_gegeven": "nee",
}


def template_csv(kind: DataKind) -> bytes:
    """A template for the kind: its columns and one example row, as Dutch Excel opens it."""
    columns = REPORT_COLUMNS if kind == DataKind.MELDINGEN else KINDS[kind].columns
    example = _TEMPLATE_EXAMPLE if kind == DataKind.MELDINGEN else KINDS[kind].example
    header = [column.name for column in columns]
    lines = [";".join(header), ";".join(example.get(name, "") for name in header)]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def batches(session) -> pd.DataFrame:
    """Every import, newest first."""
    rows = session.execute(
        select(ImportBatch).order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc())
    ).scalars()
    return pd.DataFrame(
        [
            {
                "id": batch.id,
                "soort": str(batch.kind),
                "bestand": batch.file_name,
                "ingelezen": batch.imported_at,
                "door": batch.imported_by,
                "gelezen": batch.rows_read,
                "toegevoegd": batch.rows_added,
                "al aanwezig": batch.rows_skipped,
                "afgekeurd": batch.rows_rejected,
                "demo": batch.is_demo,
                "ongedaan": batch.undone_at,
            }
            for batch in rows
        ],
        columns=["id", "soort", "bestand", "ingelezen", "door", "gelezen", "toegevoegd", "al aanwezig", "afgekeurd",
                 "demo", "ongedaan"],
    )  # fmt: skip


def own_store_contents(city: CityProfile) -> str:
    """What a store of one's own starts with for this profile, and what is then imported, in a Dutch sentence."""
    from vsdata.demo_city import plan_table, programme_table

    kept = [
        name
        for name, present in (
            ("de begrotingstabel", plan_table(city)),
            ("de subsidies", not city.grant_is_estimate),
            ("de programma's van het plan", programme_table(city)),
        )
        if present
    ]
    missing = [
        kind.value
        for kind, present in (
            (DataKind.BEGROTING, plan_table(city)),
            (DataKind.FINANCIERING, not city.grant_is_estimate),
            (DataKind.INTERVENTIES, programme_table(city)),
        )
        if not present
    ]
    sources = "RADAR, Veiligheidsmonitor, de enquête van 2021, CBS" if city.is_built_in else "Veiligheidsmonitor, CBS"
    sentence = f"met alleen {format_list([*kept, f'de openbare indicatoren met hun bron ({sources})'])}"
    if missing:
        sentence += f"; lees daarna zelf in: {format_list(missing)} (pagina Gegevens)"
    return sentence + "."


def start_own_store(url: str, city: CityProfile) -> Path:
    """Keep the demo store as a copy and begin an empty one in its place; returns where the demo went.

    A SQLite store file is moved aside; a PostgreSQL store is first copied to a SQLite file in the data
    folder and then emptied in one transaction, so other app servers on it see the change at their next rerun.
    The new store holds only the plan's facts (its budget lines, the grants and the named programmes) and
    the public, sourced indicator figures that serve as reference lines.
    """
    engine = db.get_engine(url)
    with db.read_session(engine) as session:
        if db.holds_real_data(session):
            raise FileProblem("De opslag bevat al eigen gegevens; er wordt niets verplaatst.")
    stamp = f"{datetime.now(TIMEZONE):%Y%m%d-%H%M%S}"
    if db.is_file_store(url):
        aside = _move_file_store_aside(url, stamp)
    else:
        aside = DATA_DIR / f"{make_url(url).database}-demo-{stamp}.sqlite"
        aside.parent.mkdir(parents=True, exist_ok=True)
        copying.copy_store(engine, db.get_engine(f"sqlite:///{aside}"))
        db.get_engine(f"sqlite:///{aside}").dispose()
    with db.write_session(engine) as session:
        for table in reversed(SQLModel.metadata.sorted_tables):
            if table.name != StoreMeta.__tablename__:
                session.execute(table.delete())
        session.execute(delete(StoreMeta).where(StoreMeta.key != db.DATA_VERSION))
        demo.add_plan(session, city)
        demo.add_programmes(session, city)
        demo.add_public_indicators(session, city)
        tally.rebuild(session)
    return aside


def _move_file_store_aside(url: str, stamp: str) -> Path:
    """Copy a SQLite store file to a dated name beside it and begin a new file with the schema and the version."""
    store = Path(make_url(url).database)
    engine = db.get_engine(url)
    previous = db.data_version(engine)
    engine.dispose()
    aside = store.with_name(f"{store.stem}-demo-{stamp}{store.suffix}")
    with sqlite3.connect(store) as source, sqlite3.connect(aside) as copy:
        source.backup(copy)
    for path in (store, store.with_name(store.name + "-wal"), store.with_name(store.name + "-shm")):
        path.unlink(missing_ok=True)
    db.create_schema(engine)
    with db.write_session(engine) as session:
        db.set_meta(session, db.DATA_VERSION, str(previous))
    return aside
