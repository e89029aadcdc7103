"""``jcgraph export``: the graph in an RDF format, byte-for-byte reproducible."""

from __future__ import annotations

from pathlib import Path

from jcgraph.graph.loading import load
from jcgraph.io.files import atomic_write, emit
from jcgraph.progress import step
from jcgraph.publish.export import (
    FORMATS,
    GRAPHS,
    WHAT,
    context_document,
    export,
    export_to_directory,
    format_name,
    select_files,
)

HELP = "write the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML, deterministically"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--format", "-f", help=f"one of {', '.join(FORMATS)} (default: from the -o extension, else turtle)"
    )
    parser.add_argument(
        "--what",
        choices=WHAT,
        default="asserted",
        help="asserted triples, inferred ones (the closure minus the asserted), or all",
    )
    parser.add_argument(
        "--graph", choices=GRAPHS, default="all", help="ontology (ontology/ with concept schemes), data (data/), or all"
    )
    parser.add_argument(
        "--inference",
        choices=("rdfs", "owlrl"),
        default="owlrl",
        help="the inference behind --what inferred|all (default owlrl)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE|DIR", help="a file, or a directory to write every format into (default: stdout)"
    )
    parser.add_argument(
        "--write-context",
        action="store_true",
        help="regenerate ontology/context.jsonld (the JSON-LD @context) from the ontology and stop",
    )


def run(args) -> int:
    kg = load(args.root)
    if args.write_context:
        from rdflib import Graph

        ontology = Graph()
        for loaded in select_files(kg, "ontology"):
            ontology += loaded.triples
        atomic_write(kg.root / "ontology" / "context.jsonld", context_document(ontology))
        return 0
    output = args.output
    if output not in (None, "-") and (Path(output).is_dir() or output.endswith(("/", "\\"))):
        formats = [format_name(args.format)] if args.format else list(FORMATS)
        with step("export"):
            export_to_directory(kg, Path(output), formats, args.what, args.graph, args.inference)
        return 0
    fmt = format_name(args.format, output)
    with step(f"export {fmt}"):
        text = export(kg, fmt, args.what, args.graph, args.inference)
    emit(text, output)
    return 0
