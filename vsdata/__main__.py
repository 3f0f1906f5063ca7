"""Command line: python -m vsdata serve|demo|info|import|briefing|migrate|copy|bench|hash-password."""

from __future__ import annotations

import argparse
import getpass
import json
import re
import sys
from datetime import date
from pathlib import Path

from vsdata import settings
from vsdata.formatting import format_date, format_number
from vsdata.kinds import DataKind
from vsdata.roles import Role


def _cmd_demo(args: argparse.Namespace) -> int:
    from vsdata import db, demo

    url = settings.database_url(args.db)
    engine = db.get_engine(url)
    if db.store_exists(url) and not args.force:
        with db.read_session(engine) as session:
            has_real = db.holds_real_data(session)
        if has_real:
            print(
                f"De opslag {url} bevat eigen (niet-demo) gegevens; gebruik --force om ze te vervangen door demodata."
            )
            return 1
    today = date.fromisoformat(args.today) if args.today else settings.today()
    seed = demo.DEFAULT_SEED if args.seed is None else args.seed
    summary = demo.build_demo_store(engine, n_reports=args.reports, seed=seed, today=today)
    print(
        f"Demo-opslag gemaakt in {url}: {format_number(summary.reports)} meldingen, {summary.schools} scholen, "
        f"{summary.sessions} lesactiviteiten, {summary.expenses} uitgaven (t/m {format_date(today)}, "
        f"seed {seed}) in {format_number(summary.seconds, 1)} s."
    )
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    from vsdata import db, migrations
    from vsdata.info import store_info

    url = settings.database_url(args.db)
    if not db.store_exists(url):
        print(f"Geen opslag gevonden op {db.shown_url(url)}. Maak er een met: python -m vsdata demo")
        return 1
    migrations.check(db.get_engine(url), db.shown_url(url))
    print(store_info(db.get_engine(url), url, settings.today()))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from vsdata import db, importing, migrations

    url = settings.database_url(args.db)
    engine = db.get_engine(url)
    if not db.store_exists(url):
        db.create_schema(engine)
    migrations.check(engine, db.shown_url(url))
    path = Path(args.file)
    try:
        data = path.read_bytes()
        with db.read_session(engine) as session:
            preview = importing.preview(
                session, DataKind(args.kind), data, path.name, settings.today(), settings.profile()
            )
    except (OSError, importing.FileProblem) as problem:
        print(f"Fout: {problem}", file=sys.stderr)
        return 1
    print(
        f"{path.name}: {format_number(preview.rows_read)} rijen gelezen, {format_number(len(preview.new))} nieuw, "
        f"{format_number(preview.existing)} al aanwezig, {format_number(preview.rejected_rows)} afgekeurd."
    )
    if preview.rejected:
        rejected = path.with_name(f"{path.stem}-afgekeurd.csv")
        preview.rejected_frame().to_csv(rejected, index=False, sep=";", encoding="utf-8-sig")
        print(f"Afgekeurde rijen met de reden staan in {rejected}.")
    if args.dry_run or (args.strict and preview.rejected):
        print("Niets ingelezen" + (" (--dry-run)." if args.dry_run else " (--strict en er zijn afgekeurde rijen)."))
    else:
        importing.backup(url)
        batch = importing.commit(engine, preview, imported_by="opdrachtregel")
        print(f"Ingelezen als import {batch.id}: {format_number(batch.rows_added)} rijen toegevoegd.")
    return 2 if preview.rejected else 0


def _cmd_briefing(args: argparse.Namespace) -> int:
    from vsdata import briefing, briefing_pdf, db, migrations

    url = settings.database_url(args.db)
    if not db.store_exists(url):
        print(
            f"Fout: geen opslag gevonden op {db.shown_url(url)}. Maak er een met: python -m vsdata demo",
            file=sys.stderr,
        )
        return 1
    migrations.check(db.get_engine(url), db.shown_url(url))
    try:
        start, end = (_iso_date(value, name) for value, name in ((args.start, "--from"), (args.end, "--to")))
        with db.read_session(db.get_engine(url)) as session:
            made = briefing.build_briefing(session, start, end, settings.today(), settings.profile())
    except briefing.BriefingError as problem:
        print(f"Fout: {problem}", file=sys.stderr)
        return 1
    out = Path(args.out)
    try:
        out.write_bytes(briefing_pdf.render_pdf(made))
    except OSError:
        reason = "de map bestaat niet" if not out.parent.is_dir() else "geen schrijfrechten of het bestand is open"
        print(f"Fout: kan {out} niet schrijven ({reason}).", file=sys.stderr)
        return 1
    print(f"Raadsbriefing over {made.period} geschreven naar {out}.")
    return 0


def _iso_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        from vsdata.briefing import BriefingError

        raise BriefingError(f"{option} '{text}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-09-01.") from None


def _cmd_migrate(args: argparse.Namespace) -> int:
    from vsdata import db, migrations

    url = settings.database_url(args.db)
    before, after = migrations.upgrade(db.get_engine(url))
    if before == after:
        print(f"De opslag {db.shown_url(url)} heeft al de nieuwste schemaversie ({after}).")
    else:
        print(f"De opslag {db.shown_url(url)} is bijgewerkt van schemaversie {before or 'geen'} naar {after}.")
    return 0


def _cmd_copy(args: argparse.Namespace) -> int:
    from vsdata import copying, db

    source_url, target_url = settings.database_url(args.source), settings.database_url(args.target)
    if not db.store_exists(source_url):
        print(f"Fout: geen opslag gevonden op {db.shown_url(source_url)}.", file=sys.stderr)
        return 1
    if source_url == target_url:
        print("Fout: --from en --to zijn dezelfde opslag.", file=sys.stderr)
        return 1

    def show(table: str, done: int, total: int) -> None:
        share = done / total if total else 1.0
        bar = "#" * round(share * 30)
        end = "\n" if done == total else ""
        print(f"\r  {table:<24} [{bar:<30}] {format_number(done)} van {format_number(total)}", end=end, flush=True)

    print(f"Kopiëren van {db.shown_url(source_url)} naar {db.shown_url(target_url)} ...")
    copied = copying.copy_store(
        db.get_engine(source_url), db.get_engine(target_url), replace=args.force, progress=None if args.quiet else show
    )
    rows = sum(table.rows for table in copied)
    print(f"Klaar: {len(copied)} tabellen, {format_number(rows)} rijen; het aantal rijen per tabel is nagekeken.")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from vsdata import bench

    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    pages = [key.strip() for key in args.pages.split(",") if key.strip()] if args.pages else None
    try:
        bench.page_indexes(pages)
    except ValueError as problem:
        print(f"Fout: {problem}.", file=sys.stderr)
        return 2
    return bench.run(
        sizes,
        rebuild=args.rebuild,
        directory=args.dir,
        import_rows=args.import_rows,
        runs=args.runs,
        server_url=args.db,
        pages=pages,
    )


def _read_new_password() -> str | None:
    """Asked twice on a terminal; one line from standard input otherwise (for scripts)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Nieuw wachtwoord: ")
    if getpass.getpass("Nog een keer: ") != first:
        print("Fout: de twee wachtwoorden verschillen.", file=sys.stderr)
        return None
    return first


def _cmd_serve(args: argparse.Namespace) -> int:
    from vsdata.ui import serve

    return serve.serve(args.streamlit_options)


def _cmd_hash_password(args: argparse.Namespace) -> int:
    from vsdata import access

    password = _read_new_password()
    if password is None:
        return 1
    if len(password) < args.min_length:
        print(f"Fout: het wachtwoord moet minstens {args.min_length} tekens hebben.", file=sys.stderr)
        return 1
    password_hash = access.hash_password(password)
    username = args.gebruiker or "gebruikersnaam"
    key = username if re.fullmatch(r"[A-Za-z0-9_-]+", username) else _toml_string(username)
    print(f"Zet dit in .streamlit/secrets.toml:\n\n[toegang.gebruikers.{key}]")
    print(f"naam = {_toml_string(args.naam or username)}\nrol = {_toml_string(args.rol)}")
    print(f"wachtwoord_hash = {_toml_string(password_hash)}")
    return 0


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's too."""
    return json.dumps(text, ensure_ascii=False)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m vsdata", description="Veilige Steden dashboard: opslag en metingen"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo_cmd = commands.add_parser("demo", help="maak een demo-opslag (vervangt de huidige demodata)")
    demo_cmd.add_argument(
        "--reports", type=int, default=None, help="aantal meldingen (standaard: realistisch, ~6 per maand)"
    )
    demo_cmd.add_argument(
        "--seed", type=int, default=None, help="startgetal voor het toeval (standaard dat van de vaste demo)"
    )
    demo_cmd.add_argument(
        "--db", default=None, help="URL of pad van de opslag (standaard VSDATA_DATABASE_URL of data/)"
    )
    demo_cmd.add_argument("--today", default=None, help="doe alsof het vandaag deze datum is (JJJJ-MM-DD)")
    demo_cmd.add_argument("--force", action="store_true", help="vervang ook een opslag met eigen gegevens")
    demo_cmd.set_defaults(handler=_cmd_demo)

    info_cmd = commands.add_parser("info", help="laat zien wat de opslag bevat")
    info_cmd.add_argument("--db", default=None, help="URL of pad van de opslag")
    info_cmd.set_defaults(handler=_cmd_info)

    import_cmd = commands.add_parser("import", help="lees een export in (CSV of XLSX)")
    import_cmd.add_argument("kind", choices=[kind.value for kind in DataKind], help="soort gegevens")
    import_cmd.add_argument("file", help="het bestand")
    import_cmd.add_argument(
        "--db", default=None, help="URL of pad van de opslag (wordt leeg aangemaakt als die ontbreekt)"
    )
    import_cmd.add_argument("--dry-run", action="store_true", help="alleen controleren, niets inlezen")
    import_cmd.add_argument("--strict", action="store_true", help="niets inlezen als er een rij is afgekeurd")
    import_cmd.set_defaults(handler=_cmd_import)

    briefing_cmd = commands.add_parser("briefing", help="maak de raadsbriefing (PDF) over een periode")
    briefing_cmd.add_argument("--from", dest="start", required=True, help="eerste dag (JJJJ-MM-DD)")
    briefing_cmd.add_argument("--to", dest="end", required=True, help="laatste dag (JJJJ-MM-DD), uiterlijk vandaag")
    briefing_cmd.add_argument("--db", default=None, help="URL of pad van de opslag")
    briefing_cmd.add_argument("--out", required=True, help="het PDF-bestand om te schrijven")
    briefing_cmd.set_defaults(handler=_cmd_briefing)

    migrate_cmd = commands.add_parser(
        "migrate", help="werk het schema van de opslag bij naar deze versie (of maak het aan in een lege database)"
    )
    migrate_cmd.add_argument("--db", default=None, help="URL of pad van de opslag")
    migrate_cmd.set_defaults(handler=_cmd_migrate)

    copy_cmd = commands.add_parser(
        "copy", help="kopieer een hele opslag naar een andere database (bijvoorbeeld SQLite naar PostgreSQL)"
    )
    copy_cmd.add_argument("--from", dest="source", required=True, help="URL of pad van de opslag om te kopiëren")
    copy_cmd.add_argument("--to", dest="target", required=True, help="URL of pad van de (lege) doelopslag")
    copy_cmd.add_argument("--force", action="store_true", help="vervang de inhoud van een doelopslag met gegevens")
    copy_cmd.add_argument("--quiet", action="store_true", help="geen voortgangsbalk")
    copy_cmd.set_defaults(handler=_cmd_copy)

    bench_cmd = commands.add_parser("bench", help="meet de snelheid per opslaggrootte")
    bench_cmd.add_argument("--sizes", default="10000,100000,1000000", help="aantallen meldingen, komma-gescheiden")
    bench_cmd.add_argument("--rebuild", action="store_true", help="bouw de bench-opslagen opnieuw")
    bench_cmd.add_argument("--dir", type=Path, default=None, help="map voor de bench-opslagen (standaard data/bench)")
    bench_cmd.add_argument(
        "--import-rows", type=int, default=100_000, help="aantal meldingen voor de meting van het inlezen"
    )
    bench_cmd.add_argument("--runs", type=int, default=5, help="aantal metingen per pagina, elk in een nieuw proces")
    bench_cmd.add_argument(
        "--db",
        default=None,
        help="een PostgreSQL-server (postgresql://gebruiker@host:poort/database) om de opslagen op te bouwen, "
        "in plaats van SQLite-bestanden in --dir",
    )
    bench_cmd.add_argument(
        "--pages",
        default=None,
        help="alleen deze pagina's meten, komma-gescheiden, bijvoorbeeld overzicht,meldingen-alles "
        "(standaard alle; een onbekende naam toont de lijst)",
    )
    bench_cmd.set_defaults(handler=_cmd_bench)

    serve_cmd = commands.add_parser(
        "serve",
        help="start het dashboard: opslag klaarzetten (of een demo bouwen), dan streamlit run dashboard.py",
        description="Zet de opslag klaar (een ontbrekende SQLite-opslag wordt een demo-opslag) en start dan "
        "Streamlit. Opties van Streamlit mogen volgen, bijvoorbeeld --server.port 8600.",
    )
    serve_cmd.set_defaults(handler=_cmd_serve)

    hash_cmd = commands.add_parser(
        "hash-password", help="maak een wachtwoord-hash (argon2) voor aanmelden zonder identiteitsplatform"
    )
    hash_cmd.add_argument("--gebruiker", default=None, help="gebruikersnaam voor het voorbeeld in secrets.toml")
    hash_cmd.add_argument("--naam", default=None, help="naam zoals het dashboard die toont")
    hash_cmd.add_argument("--rol", choices=[role.value for role in Role], default=Role.PROGRAMMAMANAGER.value)
    hash_cmd.add_argument("--min-length", type=int, default=12, help="minimale lengte van het wachtwoord")
    hash_cmd.set_defaults(handler=_cmd_hash_password)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if getattr(args, "handler", None) is _cmd_serve:
        # Before the store's modules are imported: the server starts first and imports them beside it.
        args.streamlit_options = extra
        try:
            return _cmd_serve(args)
        except RuntimeError as exc:  # a missing package of the map, for one
            print(f"Fout: {exc}", file=sys.stderr)
            return 1
    if extra:
        parser.error(f"onbekende opties: {' '.join(extra)}")
    from sqlalchemy.exc import OperationalError

    from vsdata import db

    try:
        return args.handler(args)
    except OperationalError as error:
        print(f"Fout: {db.connection_problem(error, getattr(args, 'db', None))}", file=sys.stderr)
        return 1
    except (RuntimeError, db.StoreProblem) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
