"""``jcgraph import``: turn a source table into graph files (``untc`` status tables, ``states`` nodes)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from jcgraph.errors import InputError
from jcgraph.graph.loading import load

HELP = "import a source table into data/: a UN Treaty Collection status table (untc), or state nodes (states)"


def add_arguments(parser) -> None:
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    untc = kinds.add_parser(
        "untc",
        help="a UNTC status table (CSV) -> data/multilateral/untc/<number>.ttl",
        description="Write one jc:Participation per row of a UN Treaty Collection status table. Nothing is "
        "written if a row is malformed or names a participant that cannot be mapped to one IRI.",
    )
    untc.add_argument("file", metavar="FILE.csv", help="the status table")
    untc.add_argument("--convention", required=True, metavar="NUMBER", help="its UNTC number, e.g. XVIII-12")
    untc.add_argument("-o", "--output", metavar="FILE", help="default: data/multilateral/untc/<number>.ttl")
    untc.add_argument("--as-of", metavar="DATE", help="the table's as-of date (default: the one recorded for it)")
    states = kinds.add_parser(
        "states",
        help="(re)generate the state nodes of every state participant in data/states.ttl",
        description="Add a node state:<ISO alpha-3> for every state that takes part in an agreement and has "
        "none; existing hand-written nodes are kept byte for byte.",
    )
    states.add_argument("-o", "--output", metavar="FILE", help="default: data/states.ttl")
    for sub in (untc, states):  # also after the kind: `jcgraph import untc FILE --root DIR`
        sub.add_argument("--root", metavar="DIR", default=argparse.SUPPRESS, help="where the graph is")
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show a traceback")


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--as-of {text!r} is not a date like 2014-07-10.") from None


def run(args) -> int:
    kg = load(args.root)
    if args.kind == "untc":
        from jcgraph.steward.untc import default_output, import_table, table_for

        output = Path(args.output) if args.output else default_output(kg.root, table_for(args.convention))
        count = import_table(args.file, args.convention, output, kg.asserted, _as_of(args.as_of))
        print(f"jcgraph import untc: {count} participation nodes written to {output}.", file=sys.stderr)
        return 0
    from jcgraph.steward.states import write_states

    output = Path(args.output) if args.output else kg.root / "data" / "states.ttl"
    added = write_states(kg.asserted, output)
    print(f"jcgraph import states: {added} generated state nodes in {output}.", file=sys.stderr)
    return 0
