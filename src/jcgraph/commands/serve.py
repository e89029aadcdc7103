"""``jcgraph serve``: a local, read-only SPARQL endpoint over the graph, with jcgraph's query page at ``/``."""

from __future__ import annotations

from jcgraph.graph.loading import load
from jcgraph.publish.serve import LOOPBACK, serve

HELP = "serve the graph as a local read-only SPARQL endpoint (oxigraph) and a query page, until Ctrl-C"


def add_arguments(parser) -> None:
    parser.add_argument("--port", type=int, default=7878, help="TCP port (default 7878)")
    parser.add_argument(
        "--what",
        choices=("asserted", "all"),
        default="all",
        help="all: asserted and inferred triples, so queries that need inference (cq-12) answer any client "
        "(default); asserted: the asserted triples only",
    )
    parser.add_argument(
        "--inference", choices=("rdfs", "owlrl"), default="owlrl", help="the inference behind --what all"
    )
    parser.add_argument(
        "--bind",
        metavar="ADDRESS",
        help=f"address to listen on (default {LOOPBACK}; a non-loopback address exposes the graph to the network)",
    )


def run(args) -> int:
    kg = load(args.root)
    return serve(kg, args.port, args.what, args.bind or LOOPBACK, args.inference, explicit_bind=bool(args.bind))
