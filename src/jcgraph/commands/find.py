"""``jcgraph find``: existing nodes by any of their names, fuzzy, best first."""

from __future__ import annotations

import json

from jcgraph.errors import EXIT_FOUND, InputError
from jcgraph.graph.loading import load
from jcgraph.io.files import emit
from jcgraph.labels import short
from jcgraph.steward.find import KINDS, Matcher

HELP = "find existing states, persons, places, institutions, posts, agreements by any name (fuzzy)"
EPILOG = """\
Every rdfs:label, skos:prefLabel, skos:altLabel, foaf:name and ISO code counts, without regard to case
or accents; near spellings match too (score below 100). Reuse the IRI found instead of minting a new one.

exit codes: 0 something found; 1 nothing found; 2 input error."""


def add_arguments(parser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("text", metavar="TEXT", help="a name, part of a name, or an ISO code")
    parser.add_argument("--kind", choices=sorted(KINDS), help="only nodes of this kind")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--limit", type=int, default=10, help="at most this many results (default 10)")
    parser.add_argument("--cutoff", type=float, default=70.0, help="lowest score shown, 0-100 (default 70)")


def run(args) -> int:
    if not args.text.strip():
        raise InputError("TEXT is empty; give a name, e.g. jcgraph find 'Ouahbi'.")
    if args.limit < 1 or not 0 <= args.cutoff <= 100:
        raise InputError("--limit must be at least 1 and --cutoff between 0 and 100.")
    matches = Matcher(load(args.root).asserted).find(
        args.text, KINDS.get(args.kind) if args.kind else None, limit=args.limit, cutoff=args.cutoff
    )
    if args.format == "json":
        emit(json.dumps([m.as_dict() for m in matches], indent=2, ensure_ascii=False) + "\n")
    elif matches:
        rows = [(short(m.iri), m.kind, f"{m.score:.0f}", " | ".join(m.labels)) for m in matches]
        header = ("iri", "kind", "score", "labels")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True)) + "  " + row[3]
            for row in [header, *rows]
        ]
        emit("\n".join(lines) + "\n")
    else:
        emit(f"nothing found for {args.text!r}\n")
    return 0 if matches else EXIT_FOUND
