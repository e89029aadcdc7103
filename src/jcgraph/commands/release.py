"""``jcgraph release``: a versioned release folder with every format, VoID/DCAT, HTML docs, CHANGELOG."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from jcgraph.errors import InputError
from jcgraph.graph.loading import load
from jcgraph.publish.release import bump_source, check_version, release

HELP = "write a release: every RDF format, the ontology, shapes, VoID/DCAT, HTML documentation, CHANGELOG"


def add_arguments(parser) -> None:
    parser.add_argument("-o", "--output", metavar="DIR", required=True, help="the release folder")
    parser.add_argument(
        "--version",
        dest="release_version",
        metavar="X.Y.Z",
        help="the release version (default: the ontology's owl:versionInfo)",
    )
    parser.add_argument(
        "--previous",
        metavar="DIR|FILE",
        help="the previous release (folder or RDF file), for the CHANGELOG and owl:priorVersion",
    )
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the release date (default: today)")
    parser.add_argument(
        "--bump",
        action="store_true",
        help="also write the version into ontology/jcgraph.ttl (keeps the old one as owl:priorVersion)",
    )
    parser.add_argument(
        "--inference",
        choices=("none", "rdfs", "owlrl"),
        default="owlrl",
        help="inference behind jcgraph-inferred.ttl (none: leave it out)",
    )


def run(args) -> int:
    try:
        date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        raise InputError(f"--date {args.date!r} is not a date of the form YYYY-MM-DD.") from None
    if args.bump and not args.release_version:
        raise InputError("--bump needs --version X.Y.Z (the version to write into ontology/jcgraph.ttl).")
    if args.release_version:
        check_version(args.release_version)
    kg = load(args.root)
    files = release(kg, Path(args.output), args.release_version, date, args.previous, args.inference)
    if args.bump:
        bump_source(kg.root, args.release_version, date)
    print(f"wrote {len(files)} files to {args.output}", file=sys.stderr)
    return 0
