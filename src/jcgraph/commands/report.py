"""``jcgraph report``: a readable overview of every bilateral relation."""

from __future__ import annotations

from jcgraph.graph.loading import load
from jcgraph.io.files import emit
from jcgraph.query.report import relations, render_json, render_text

HELP = (
    "overview of every bilateral relation: parties, agreements, events, crime domains, legal bases, sources; "
    "or a state's treaty profile (--state)"
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text for people (default), json for tools"
    )
    parser.add_argument("--lang", choices=("en", "fr"), default="en", help="language of labels (default en)")
    parser.add_argument(
        "--state", metavar="STATE", help="a state's treaty profile instead (ISO code, English or French name, or IRI)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def run(args) -> int:
    kg = load(args.root)
    if args.state:
        from jcgraph.query.engine import parse_value
        from jcgraph.query.profile import render_profile_json, render_profile_text, state_profile

        state = parse_value(args.state, "state", kg.asserted, "--state")
        profile = state_profile(kg, state, args.lang)
        text = render_profile_text(profile, args.lang) if args.format == "text" else render_profile_json(profile)
        emit(text, args.output)
        return 0
    rels = relations(kg, args.lang)
    emit(render_text(kg, rels, args.lang) if args.format == "text" else render_json(rels), args.output)
    return 0
