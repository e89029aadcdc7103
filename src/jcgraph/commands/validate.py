"""``jcgraph validate``: SHACL validation of the graph, or of new triples in its context."""

from __future__ import annotations

import textwrap

from jcgraph.backends.memory.infer import MODES
from jcgraph.graph.loading import load
from jcgraph.io.files import emit
from jcgraph.limits import help_text
from jcgraph.progress import step
from jcgraph.validation.validate import read_delta, validate

HELP = "check the graph, or new triples in the context of the graph, against the SHACL shapes"
EPILOG = """\
With no FILE, the whole graph is validated. With files, their triples are validated together with
the graph (they may refer to states, institutions and people already there) and only results on
the nodes they touch are reported.

exit codes: 0 conforms; 1 results at or above --fail-on; 2 input error (e.g. a syntax error, with
its file, line and column)."""


def add_arguments(parser) -> None:
    parser.epilog = EPILOG + "\n\n" + textwrap.fill(help_text(), 100)
    parser.add_argument("files", nargs="*", metavar="FILE", help="RDF files with new triples (- for stdin)")
    parser.add_argument(
        "--format",
        choices=("text", "json", "turtle"),
        default="text",
        help="text for people (default), json for tools, turtle for the SHACL report graph",
    )
    parser.add_argument(
        "--inference",
        choices=MODES,
        default="none",
        help="reasoning applied to the data before validation (default none: the shapes are written for asserted data)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("violation", "warning", "info"),
        default="violation",
        help="lowest severity that makes the command exit 1 (default violation); info fails on any result",
    )
    parser.add_argument(
        "--input-format",
        metavar="FORMAT",
        help="RDF format of the FILEs, needed for - (stdin): turtle, nt, nq, trig, n3, xml, jsonld or a media "
        "type (text/turtle, application/n-triples, application/ld+json ...); default: from each extension",
    )
    parser.add_argument(
        "--alone",
        action="store_true",
        help="validate the files with the ontology only, without data/ (shows what the context adds)",
    )
    parser.add_argument(
        "--shapes",
        action="append",
        default=[],
        metavar="FILE",
        help="extra SHACL shapes, checked in addition to ontology/shapes/ (repeatable)",
    )
    parser.add_argument(
        "--lang", choices=("en", "fr"), default="en", help="language of the messages (default en; json keeps both)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")


def read_shapes(files: list[str]):
    """The extra shapes files in one graph (parse errors name the file and line)."""
    from rdflib import Graph

    from jcgraph.io import rdf as rdfio

    shapes = Graph()
    for path in files:
        shapes += rdfio.parse_file(path)
    return shapes


def in_language(report, lang: str) -> None:
    """Each result's message in ``lang`` where its shape has one (every shape has en and fr)."""
    from dataclasses import replace

    report.results = [replace(r, message=r.messages.get(lang, r.message)) for r in report.results]


def run(args) -> int:
    delta = read_delta(args.files, args.input_format) if args.files else None
    kg = load(args.root, include_data=not args.alone)
    extra = read_shapes(args.shapes) if args.shapes else None
    with step("validate: parse, infer, check shapes"):
        report = validate(kg, delta, inference=args.inference, fail_on=args.fail_on, extra_shapes=extra)
    in_language(report, args.lang)
    emit(report.render(args.format), args.output)
    return 0 if report.conforms else 1
