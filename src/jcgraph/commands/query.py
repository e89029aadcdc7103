"""``jcgraph query``: run a catalogue query, a query file or stdin, locally or on an endpoint."""

from __future__ import annotations

import shutil
import sys

from jcgraph.backends.memory.infer import MODES
from jcgraph.errors import EXIT_FOUND, QueryError
from jcgraph.io.files import emit
from jcgraph.io.results import format_for_file, format_name
from jcgraph.progress import step
from jcgraph.query.engine import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, find, query, resolve_inference

HELP = "run a catalogue query (see `jcgraph queries`), a .rq file or - (stdin)"

EPILOG = f"""\
parameters: --param NAME=VALUE, repeatable. VALUE is an IRI (<https://...> or https://...), a prefixed
  name (state:MAR), a literal ("text", "texte"@fr, "2024"^^xsd:gYear), a number, or for things in the
  graph a name: an ISO code or English/French name for states (MAR, Morocco, Maroc), a local name or
  label for places, agreements, posts... Unset parameters take the example in the query's header.
inference: default is the mode the query's header declares (# inference: ...), else none.
format: default is table on a terminal, csv otherwise; with -o FILE, the file's extension
  (.csv .tsv .json .srj .xml .srx .txt .ttl .nt; any other is refused). CONSTRUCT and DESCRIBE give
  Turtle (or nt). --format also takes media types (text/csv, application/sparql-results+json,
  application/sparql-results+xml, text/turtle, application/n-triples ...).
limits: --timeout {DEFAULT_TIMEOUT:g} s and --max-rows {DEFAULT_MAX_ROWS} by default (0 for none).
remote: --endpoint URL runs the same query on a SPARQL 1.1 endpoint; credentials come from
  $JCGRAPH_ENDPOINT_USER / $JCGRAPH_ENDPOINT_PASSWORD or ~/.netrc, never from the command line. The
  answer is read up to $JCGRAPH_MAX_RESPONSE_BYTES (256 MB); only 307/308 redirects to the same host
  and port are followed (five at most), never one to another host.
checks: a query file named *-violation.rq exits 1 when it finds rows."""


def add_arguments(parser) -> None:
    parser.epilog = EPILOG
    parser.add_argument(
        "query",
        metavar="NAME|FILE|-",
        help="catalogue name (cq-01, agreements-between-states), a .rq file, or - for stdin",
    )
    parser.add_argument(
        "-p", "--param", action="append", default=[], metavar="NAME=VALUE", help="bind a query parameter (repeatable)"
    )
    parser.add_argument(
        "-f",
        "--format",
        type=_format_arg,
        metavar="FORMAT",
        help="table, csv, tsv, json, xml (SPARQL 1.1 Results) or a media type; turtle or nt for CONSTRUCT/DESCRIBE",
    )
    parser.add_argument("--inference", choices=MODES, help="none, rdfs or owlrl (default: the query header's)")
    parser.add_argument("--endpoint", metavar="URL", help="run on this SPARQL 1.1 query endpoint")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up after this many seconds (default {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        default=DEFAULT_MAX_ROWS,
        metavar="N",
        help=f"refuse results larger than N rows (default {DEFAULT_MAX_ROWS}; 0: no limit)",
    )
    parser.add_argument(
        "--lang",
        choices=("en", "fr"),
        help="labels in this language, falling back to the other (default: as the query is written, English)",
    )
    parser.add_argument(
        "--no-iris", action="store_true", help="table: leave out the columns that hold only IRIs (keep the labels)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def _format_arg(value: str) -> str:
    """Parse --format: a format name or a media type (argparse turns the error into exit 2)."""
    import argparse

    from jcgraph.errors import InputError

    try:
        return format_name(value)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["a=1", "b=x"]`` to ``{"a": "1", "b": "x"}``.

    :raises QueryError: a pair has no ``=``
    """
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param needs NAME=VALUE; got {pair!r}.")
        params[name.strip().lstrip("?$")] = value
    return params


def output_format(requested: str | None, output: str | None) -> str:
    """The format to write: as asked, else from the output file's extension, else by terminal."""
    if requested:
        return requested
    if output and output != "-":
        return format_for_file(output)
    return "table" if sys.stdout.isatty() else "csv"


def _is_empty(result) -> bool:
    """No rows, a false ASK, or an empty graph."""
    if result.kind == "ask":
        return not result.boolean
    return len(result) == 0


def run(args) -> int:
    fmt = output_format(args.format, args.output)  # an unknown extension is refused before any work
    entry = find(args.query, args.root)
    with step(f"query {entry.ident}: parse, infer, evaluate"):
        result = query(
            entry,
            parse_params(args.param),
            inference=args.inference,
            endpoint=args.endpoint,
            root=args.root,
            timeout=args.timeout or None,
            max_rows=args.max_rows or None,
            lang=args.lang,
        )
    if result.graph is not None and fmt in ("csv", "tsv", "json", "xml") and not args.format:
        fmt = "turtle"
    width = shutil.get_terminal_size().columns if fmt == "table" and not args.output and sys.stdout.isatty() else None
    emit(result.render(fmt, width=width, hide_iris=args.no_iris), args.output)
    mode = resolve_inference(entry, args.inference)
    if args.endpoint and mode != "none" and not result.rows and result.graph is None:
        print(
            f"jcgraph query: note: {entry.ident} needs {mode} inference, which an endpoint does not compute; "
            "it answers from the triples it holds (load them with `jcgraph push --what all`).",
            file=sys.stderr,
        )
    if not args.endpoint and mode == "none" and _is_empty(result):
        from jcgraph.graph.loading import load
        from jcgraph.query.engine import with_prologue
        from jcgraph.query.hints import inference_hints

        for hint in inference_hints(load(args.root), with_prologue(entry.text)):
            print(f"jcgraph query: hint: {hint}.", file=sys.stderr)
    if entry.is_check and len(result.rows):
        print(f"jcgraph query: {entry.ident} found {len(result.rows)} violation(s).", file=sys.stderr)
        return EXIT_FOUND
    return 0
