"""The command line: ``python -m landkort init|import|demo|summary|export|users|backup|serve``.

Each sub-command parses its arguments here and hands them to the module that does
the work; modules are imported lazily so ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m landkort",
        description="Digitalt Landkort: KOMHEN-tælleugernes resultater.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("init", help="opret eller opdater databasen (kan køres flere gange)")

    p = sub.add_parser("import", help="indlæs filer i udvekslingsformatet (CSV eller XLSX)")
    p.add_argument("files", nargs="+", metavar="FIL")
    p.add_argument(
        "--replace", action="store_true", help="fjern først hver (kommune, runde) som filen rører"
    )
    p.add_argument("--dry-run", action="store_true", help="kontroller kun; skriv intet")

    p = sub.add_parser("demo", help="fyld databasen med simulerede demodata")
    p.add_argument("--size", choices=("small", "medium", "large"), default="small")
    p.add_argument("--seed", type=int, default=2011)

    p = sub.add_parser("summary", help="nøgletal for en runde (Hele landet eller en kommune)")
    p.add_argument("--runde", required=True)
    p.add_argument("--kommune")
    p.add_argument("--opgave")
    p.add_argument("--json", action="store_true", help="skriv ét JSON-objekt")

    p = sub.add_parser("export", help="skriv data i udvekslingsformatet (lang form)")
    p.add_argument("file", metavar="FIL")
    p.add_argument("--runde")
    p.add_argument("--kommune")

    p = sub.add_parser("boundaries", help="kommunegrænser til kortet (hent eller indlæs)")
    bsub = p.add_subparsers(dest="action", required=True)
    b = bsub.add_parser("fetch", help="hent kommunegrænser fra DAWA (Danmarks Adressers Web API)")
    b.add_argument("--url", help="adresse på et GeoJSON med kommunerne (standard: DAWA)")
    b = bsub.add_parser("import", help="indlæs kommunegrænser fra en fil geopandas kan læse")
    b.add_argument("path", metavar="STI")
    b.add_argument(
        "--output",
        metavar="FIL",
        help="skriv de forenklede grænser hertil, ikke i cachen (sådan er de medfølgende lavet)",
    )
    bsub.add_parser("status", help="vis hvilke kommunegrænser kortet bruger")

    p = sub.add_parser("users", help="brugere der kan logge ind (opret, vis, skift kode, fjern)")
    usub = p.add_subparsers(dest="action", required=True)
    u = usub.add_parser("add", help="opret en bruger; adgangskoden læses fra terminalen/stdin")
    u.add_argument("navn", metavar="NAVN")
    u.add_argument("--rolle", required=True, choices=("læser", "kommune", "kl"))
    u.add_argument(
        "--kommune", action="append", default=[], metavar="KODE",
        help="kommunekode eller navn (kan gentages); kun for rollen kommune",
    )  # fmt: skip
    usub.add_parser("list", help="vis brugerne og deres roller")
    u = usub.add_parser("passwd", help="ny adgangskode (læses fra terminalen/stdin)")
    u.add_argument("navn", metavar="NAVN")
    u = usub.add_parser("remove", help="fjern en bruger")
    u.add_argument("navn", metavar="NAVN")

    p = sub.add_parser("backup", help="tag en sikkerhedskopi af SQLite-databasen, mens appen kører")
    p.add_argument("file", metavar="FIL")

    p = sub.add_parser("serve", help="start dashboardet")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    p.add_argument(
        "--debug", action="store_true", help="Flasks udviklingsserver i stedet for gunicorn"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; a database that cannot be used gives a Danish message and status 3."""
    args = _parser().parse_args(argv)
    from sqlalchemy.exc import InterfaceError, OperationalError

    from landkort.database import EXIT_DATABASE, database_message

    try:
        return _run(args)
    except (OperationalError, InterfaceError) as err:
        print(database_message(err), file=sys.stderr)
        return EXIT_DATABASE


def _run(args: argparse.Namespace) -> int:
    if args.command == "init":
        from landkort.database import database_url, open_database

        open_database()
        print(f"Databasen er klar: {database_url()}")
        return 0
    if args.command == "import":
        from landkort.importer import cli_import

        return cli_import(args.files, replace=args.replace, dry_run=args.dry_run)
    if args.command == "demo":
        from landkort.demo import cli_demo

        return cli_demo(size=args.size, seed=args.seed)
    if args.command == "summary":
        from landkort.summary import cli_summary

        return cli_summary(
            runde=args.runde, kommune=args.kommune, opgave=args.opgave, as_json=args.json
        )
    if args.command == "export":
        from landkort.export.database import cli_export

        return cli_export(args.file, runde=args.runde, kommune=args.kommune)
    if args.command == "boundaries":
        from landkort.geography.cli import cli_boundaries

        return cli_boundaries(
            args.action,
            path=getattr(args, "path", None),
            url=getattr(args, "url", None),
            output=getattr(args, "output", None),
        )
    if args.command == "users":
        from landkort.users_cli import cli_users

        return cli_users(
            args.action,
            navn=getattr(args, "navn", None),
            rolle=getattr(args, "rolle", None),
            kommuner=getattr(args, "kommune", ()),
        )
    if args.command == "backup":
        from landkort.backup import cli_backup

        return cli_backup(args.file)
    if args.command == "serve":
        from app import serve

        return serve(host=args.host, port=args.port, debug=args.debug)
    return 2


if __name__ == "__main__":
    sys.exit(main())
