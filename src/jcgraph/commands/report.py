"""``jcgraph report``: a readable overview of every bilateral relation."""

from __future__ import annotations

from jcgraph.graph.loading import load
from jcgraph.io.files import emit
from jcgraph.query.report import relations, render_json, render_text

HELP = "overview of every bilateral relation: parties, agreements, events, crime domains, sources"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text for people (default), json for tools"
    )
    parser.add_argument("--lang", choices=("en", "fr"), default="en", help="language of labels (default en)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def run(args) -> int:
    kg = load(args.root)
    rels = relations(kg, args.lang)
    emit(render_text(kg, rels, args.lang) if args.format == "text" else render_json(rels), args.output)
    return 0
