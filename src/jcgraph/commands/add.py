"""``jcgraph add``: validate new triples in the context of the graph and merge them into data/."""

from __future__ import annotations

import sys
import textwrap

from jcgraph.backends.memory.infer import MODES
from jcgraph.io.files import emit
from jcgraph.limits import help_text
from jcgraph.steward.merge import add

HELP = "validate new triples in the context of the graph and, if they conform, merge them into data/"
EPILOG = """\
The triples go to --into FILE (relative to the graph root, under data/), else where the README's
layout says: states to data/states.ttl, persons and post holdings to people.ttl, institutions and
posts to institutions.ttl, places to places.ttl, sources to sources.ttl, a pair's agreements and
events to data/relations/<pair>.ttl, multilateral ones to data/multilateral/; triples about an
existing node go to the file that describes it. Existing content (comments too) is kept: the new
triples are appended as one sorted Turtle block per file; --dry-run shows a unified diff. Each write
is atomic and runs under a lock, so concurrent adds lose nothing; a rejected add changes nothing.

exit codes: 0 merged (or would be, with --dry-run); 1 rejected: results at or above --fail-on;
2 input error (e.g. a syntax error, with its file, line and column; an id/ IRI outside the scheme;
--into a hidden file, which loading would never read)."""


def add_arguments(parser) -> None:
    parser.epilog = EPILOG + "\n\n" + textwrap.fill(help_text(), 100)
    parser.add_argument("files", nargs="+", metavar="FILE", help="RDF files with the new triples")
    parser.add_argument("--into", metavar="PATH", help="the data file to add to (e.g. data/relations/mar-kaz.ttl)")
    parser.add_argument("--dry-run", action="store_true", help="validate and show what would be written; write nothing")
    parser.add_argument(
        "--format",
        choices=("text", "json", "turtle"),
        default="text",
        help="format of the validation report (default text)",
    )
    parser.add_argument(
        "--inference",
        choices=MODES,
        default="none",
        help="reasoning applied to the data before validation (default none)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("violation", "warning", "info"),
        default="violation",
        help="lowest severity that rejects the add (default violation); info fails on any result",
    )
    parser.add_argument(
        "--input-format",
        metavar="FORMAT",
        help="RDF format of the FILEs, needed for - (stdin): turtle, nt, nq, trig, n3, xml, jsonld or a media "
        "type (text/turtle, application/n-triples, application/ld+json ...); default: from each extension",
    )


def run(args) -> int:
    outcome = add(
        args.files,
        root=args.root,
        into=args.into,
        dry_run=args.dry_run,
        inference=args.inference,
        fail_on=args.fail_on,
        input_format=args.input_format,
    )
    if not outcome.accepted:
        emit(outcome.report.render(args.format))
        print("jcgraph add: rejected; nothing was written. Fix the results above and run it again.", file=sys.stderr)
        return 1
    if outcome.report.results or args.format != "text":
        emit(outcome.report.render(args.format))
    where = outcome.target
    if args.dry_run:
        if outcome.added:
            files = ", ".join(outcome.changes) or str(where)
            print(f"jcgraph add: dry run: would append {outcome.added} triples to {files}:", file=sys.stderr)
            if args.format == "text":
                emit(outcome.diff)
        else:
            print("jcgraph add: dry run: every triple is already in the graph; nothing to write.", file=sys.stderr)
    elif outcome.written:
        files = ", ".join(outcome.changes) or str(where)
        print(f"jcgraph add: added {outcome.added} triples to {files}.", file=sys.stderr)
    else:
        print("jcgraph add: every triple is already in the graph; nothing written.", file=sys.stderr)
    return 0
