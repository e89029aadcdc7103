"""``jcgraph push``: load the graph into a triple store (Graph Store protocol or SPARQL Update)."""

from __future__ import annotations

import sys
import textwrap

from jcgraph.graph.loading import load
from jcgraph.limits import DEFAULT_REQUEST_TIMEOUT
from jcgraph.progress import step
from jcgraph.publish.export import GRAPHS, WHAT
from jcgraph.publish.push import DEFAULT_BATCH, push

HELP = "load the graph into a SPARQL store in batches, then verify the triple count"
EPILOG = (
    "credentials: JCGRAPH_STORE_USER and JCGRAPH_STORE_PASSWORD, or a ~/.netrc entry (or $NETRC) for the "
    "store's host; never on the command line. They are sent in the scheme the store asks for: Digest (Virtuoso's "
    "-auth endpoints) or Basic.",
    "failures: connection errors, timeouts, a cut answer and HTTP 429/502/503/504 are retried with exponential "
    "backoff (--retries). When a batch still fails, the message says how many triples were loaded and how many "
    "were not; run the same command again to finish (skolemised blank nodes are never duplicated).",
    "redirects: only 307/308 to the same scheme, host and port are followed, five at most; a redirect to another "
    "host is refused (credentials and data never go there): give the URL it names instead.",
    "exit codes: 0 pushed (and verified, with --endpoint); 1 pushed, but --endpoint counts fewer triples (or "
    "other than pushed, after --replace); 2 the store or endpoint failed (unreachable, HTTP error, refused "
    "credentials, too slow, a cut, oversized or invalid answer, a redirect not followed) or a bad option.",
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--store",
        metavar="URL",
        help="a SPARQL 1.1 Graph Store endpoint (oxigraph /store, Fuseki /ds/data, Virtuoso /sparql-graph-crud-auth)",
    )
    parser.add_argument(
        "--update",
        metavar="URL",
        help="a SPARQL 1.1 Update endpoint: INSERT DATA in batches, or with --store where --replace sends its MOVE",
    )
    parser.add_argument("--graph", metavar="IRI", help="the target named graph (default: the default graph)")
    parser.add_argument(
        "--replace",
        action="store_true",
        help="replace the graph's content; readers never see it half done (staging graph + MOVE with --update, "
        "else one PUT)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help=f"triples per request (default {DEFAULT_BATCH['store']:,} for --store, {DEFAULT_BATCH['update']:,} "
        "for --update); halved by itself when the store says a request is too large",
    )
    parser.add_argument("--endpoint", metavar="URL", help="the store's SPARQL query URL, to verify the count")
    parser.add_argument("--what", choices=WHAT, default="asserted", help="asserted, inferred or all triples")
    parser.add_argument(
        "--select", dest="selection", choices=GRAPHS, default="all", help="which files: ontology, data or all"
    )
    parser.add_argument("--inference", choices=("rdfs", "owlrl"), default="owlrl")
    parser.add_argument(
        "--keep-bnodes",
        action="store_true",
        help="send blank nodes as they are (default: skolem IRIs, so a repeated push adds nothing)",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=4,
        metavar="N",
        help="retries of a transient failure, with exponential backoff (default 4)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_REQUEST_TIMEOUT,
        metavar="SECONDS",
        help=f"wait this long for each answer of the store (default {DEFAULT_REQUEST_TIMEOUT:g})",
    )
    parser.epilog = "\n\n".join(textwrap.fill(paragraph, 100) for paragraph in EPILOG)


def run(args) -> int:
    kg = load(args.root)
    with step("push") as bar:

        def show(done: int, total: int, triples: int) -> None:
            bar.update(done, total, f"batches, {triples:,} triples")

        result = push(
            kg,
            store=args.store,
            update=args.update,
            graph=args.graph,
            replace=args.replace,
            batch_size=args.batch_size,
            endpoint=args.endpoint,
            what=args.what,
            selection=args.selection,
            inference=args.inference,
            keep_bnodes=args.keep_bnodes,
            retries=args.retries,
            progress=show,
            timeout=args.timeout,
        )
    print(result.summary(), file=sys.stderr)
    return 0
