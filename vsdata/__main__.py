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
from vsdata.dutch_argparse import DutchArgumentParser
from vsdata.formatting import format_count, format_date, format_number
from vsdata.kinds import DataKind
from vsdata.roles import Role

DB_HELP = "URL of pad van de opslag (standaard VSDATA_DATABASE_URL, anders data/vsdata.sqlite)"
KIND_HELP = "soort gegevens: " + ", ".join(kind.value for kind in DataKind)


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
        if args.dry_run:  # check against an empty store in memory: nothing is created for a dry run
            engine = db.get_engine("sqlite://")
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
        f"{path.name}: {format_count(preview.rows_read, 'rij', 'rijen')} gelezen, {format_number(len(preview.new))} "
        f"nieuw, {format_number(preview.existing)} al aanwezig, {format_number(preview.rejected_rows)} afgekeurd."
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
        print(f"Ingelezen als import {batch.id}: {format_count(batch.rows_added, 'rij', 'rijen')} toegevoegd.")
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
    print(
        f"Klaar: {format_count(len(copied), 'tabel', 'tabellen')}, {format_count(rows, 'rij', 'rijen')}; "
        "het aantal rijen per tabel is nagekeken."
    )
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from vsdata import bench

    if args.sizes is None:
        print(
            f"Let op: zonder --sizes meet bench {BENCH_SIZES.replace(',', ', ')} meldingen; dat duurt zo'n 15 tot "
            "20 minuten (de eerste keer langer: dan worden de opslagen gebouwd). Korter: --sizes 10000 --runs 1.",
            file=sys.stderr,
            flush=True,
        )
    sizes = [int(size.replace("_", "")) for size in (args.sizes or BENCH_SIZES).split(",") if size.strip()]
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


BENCH_SIZES = "10000,100000,1000000"


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="python -m vsdata",
        description="Veilige Steden dashboard: starten, de opslag beheren, gegevens inlezen en meten. "
        "Elke opdracht heeft een eigen hulp: python -m vsdata OPDRACHT --help.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="OPDRACHT", title="opdrachten")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=description)

    serve_cmd = command(
        "serve",
        "start het dashboard (een ontbrekende opslag wordt een demo-opslag)",
        "Start Streamlit met dashboard.py en zet de opslag ernaast klaar: een ontbrekende SQLite-opslag wordt "
        "een demo-opslag, een bestaande wordt nagekeken. Opties van Streamlit mogen volgen, bijvoorbeeld "
        "--server.port 8600 of --server.address 127.0.0.1.",
    )
    serve_cmd.set_defaults(handler=_cmd_serve)

    demo_cmd = command(
        "demo",
        "maak een demo-opslag (vervangt de huidige demodata)",
        "Bouw een opslag met demodata voor de gemeente van het profiel: meldingen, scholen, lesactiviteiten, "
        "uitgaven en indicatoren. Een opslag met eigen gegevens blijft staan, tenzij --force.",
    )
    demo_cmd.add_argument(
        "--reports",
        metavar="AANTAL",
        type=int,
        default=None,
        help="aantal meldingen (standaard: realistisch, ~6 per maand)",
    )
    demo_cmd.add_argument(
        "--seed",
        metavar="GETAL",
        type=int,
        default=None,
        help="startgetal voor het toeval (standaard dat van de vaste demo)",
    )
    demo_cmd.add_argument("--db", metavar="URL", default=None, help=DB_HELP)
    demo_cmd.add_argument(
        "--today", metavar="DATUM", default=None, help="doe alsof het vandaag deze datum is (JJJJ-MM-DD)"
    )
    demo_cmd.add_argument("--force", action="store_true", help="vervang ook een opslag met eigen gegevens")
    demo_cmd.set_defaults(handler=_cmd_demo)

    info_cmd = command(
        "info",
        "laat zien wat de opslag bevat",
        "Toon per soort gegevens hoeveel rijen de opslag heeft, over welke periode, en de laatste imports.",
    )
    info_cmd.add_argument("--db", metavar="URL", default=None, help=DB_HELP)
    info_cmd.set_defaults(handler=_cmd_info)

    import_cmd = command(
        "import",
        "lees een export in (CSV of XLSX)",
        "Controleer een bestand en lees de nieuwe rijen in, in één transactie. Rijen die al in de opslag staan "
        "worden overgeslagen; afgekeurde rijen komen met hun reden in BESTAND-afgekeurd.csv. "
        "De sjablonen staan in data/templates/.",
    )
    import_cmd.add_argument("kind", choices=[kind.value for kind in DataKind], metavar="SOORT", help=KIND_HELP)
    import_cmd.add_argument("file", metavar="BESTAND", help="het bestand (CSV of XLSX)")
    import_cmd.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help=DB_HELP + "; een ontbrekende wordt leeg aangemaakt (niet bij --dry-run)",
    )
    import_cmd.add_argument("--dry-run", action="store_true", help="alleen controleren, niets inlezen of aanmaken")
    import_cmd.add_argument("--strict", action="store_true", help="niets inlezen als er een rij is afgekeurd")
    import_cmd.set_defaults(handler=_cmd_import)

    briefing_cmd = command(
        "briefing",
        "maak de raadsbriefing (PDF) over een periode",
        "Schrijf de Raadsbriefing over een periode als PDF, met de cijfers zoals een raadslid ze ziet "
        "(kleine aantallen afgeschermd).",
    )
    briefing_cmd.add_argument("--from", dest="start", metavar="DATUM", required=True, help="eerste dag (JJJJ-MM-DD)")
    briefing_cmd.add_argument(
        "--to", dest="end", metavar="DATUM", required=True, help="laatste dag (JJJJ-MM-DD), uiterlijk vandaag"
    )
    briefing_cmd.add_argument("--db", metavar="URL", default=None, help=DB_HELP)
    briefing_cmd.add_argument("--out", metavar="PDF", required=True, help="het PDF-bestand om te schrijven")
    briefing_cmd.set_defaults(handler=_cmd_briefing)

    migrate_cmd = command(
        "migrate",
        "werk het schema van de opslag bij naar deze versie",
        "Werk het schema van de opslag bij naar deze versie van het dashboard, of maak het aan in een lege "
        "database. Gegevens blijven staan.",
    )
    migrate_cmd.add_argument("--db", metavar="URL", default=None, help=DB_HELP)
    migrate_cmd.set_defaults(handler=_cmd_migrate)

    copy_cmd = command(
        "copy",
        "kopieer een hele opslag naar een andere database",
        "Kopieer een hele opslag naar een andere database, bijvoorbeeld van SQLite naar PostgreSQL, in één "
        "transactie; daarna wordt het aantal rijen per tabel nagekeken.",
    )
    copy_cmd.add_argument(
        "--from", dest="source", metavar="URL", required=True, help="URL of pad van de opslag om te kopiëren"
    )
    copy_cmd.add_argument(
        "--to", dest="target", metavar="URL", required=True, help="URL of pad van de (lege) doelopslag"
    )
    copy_cmd.add_argument("--force", action="store_true", help="vervang de inhoud van een doelopslag met gegevens")
    copy_cmd.add_argument("--quiet", action="store_true", help="geen voortgangsbalk")
    copy_cmd.set_defaults(handler=_cmd_copy)

    bench_cmd = command(
        "bench",
        "meet de snelheid per opslaggrootte (duurt lang)",
        "Bouw demo-opslagen van de gegeven groottes (eenmalig, daarna hergebruikt) en meet elke pagina in nieuwe "
        "processen, de start van de server tot de eerste pagina in Chromium, het inlezen en de PDF. "
        f"Met de standaardgroottes ({BENCH_SIZES}) duurt dat zo'n 15 tot 20 minuten per opslagsoort; "
        "een korte meting: --sizes 10000 --runs 1.",
    )
    bench_cmd.add_argument(
        "--sizes",
        metavar="AANTALLEN",
        default=None,
        help=f"aantallen meldingen, komma-gescheiden (standaard {BENCH_SIZES})",
    )
    bench_cmd.add_argument("--rebuild", action="store_true", help="bouw de bench-opslagen opnieuw")
    bench_cmd.add_argument(
        "--dir", metavar="MAP", type=Path, default=None, help="map voor de bench-opslagen (standaard data/bench)"
    )
    bench_cmd.add_argument(
        "--import-rows",
        metavar="AANTAL",
        type=int,
        default=100_000,
        help="aantal meldingen voor de meting van het inlezen",
    )
    bench_cmd.add_argument(
        "--runs", metavar="AANTAL", type=int, default=5, help="aantal metingen per pagina, elk in een nieuw proces"
    )
    bench_cmd.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="een PostgreSQL-server (postgresql://gebruiker@host:poort/database) om de opslagen op te bouwen, "
        "in plaats van SQLite-bestanden in --dir",
    )
    bench_cmd.add_argument(
        "--pages",
        metavar="PAGINAS",
        default=None,
        help="alleen deze pagina's meten, komma-gescheiden, bijvoorbeeld overzicht,meldingen-alles "
        "(standaard alle; een onbekende naam toont de lijst)",
    )
    bench_cmd.set_defaults(handler=_cmd_bench)

    hash_cmd = command(
        "hash-password",
        "maak een wachtwoord-hash (argon2) voor aanmelden zonder identiteitsplatform",
        "Vraag een nieuw wachtwoord (twee keer) en toon de regels voor .streamlit/secrets.toml met de "
        "argon2-hash ervan. Het wachtwoord zelf wordt nergens bewaard.",
    )
    hash_cmd.add_argument(
        "--gebruiker", metavar="NAAM", default=None, help="gebruikersnaam voor het voorbeeld in secrets.toml"
    )
    hash_cmd.add_argument("--naam", metavar="NAAM", default=None, help="naam zoals het dashboard die toont")
    hash_cmd.add_argument(
        "--rol",
        metavar="ROL",
        choices=[role.value for role in Role],
        default=Role.PROGRAMMAMANAGER.value,
        help="de rol: " + ", ".join(role.value for role in Role),
    )
    hash_cmd.add_argument(
        "--min-length", metavar="AANTAL", type=int, default=12, help="minimale lengte van het wachtwoord"
    )
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
