"""SPARQL on rdflib graphs: text with jcgraph's prefixes, and catalogue queries with their bindings."""

from __future__ import annotations

from rdflib import Graph
from rdflib.query import Result

from jcgraph.backends.rows import check_rows
from jcgraph.errors import JcgraphError, QueryError
from jcgraph.io.results import QueryResult, normalise
from jcgraph.namespaces import PREFIXES


def prepare_text(text: str):
    """Parse SPARQL ``text`` with every jcgraph prefix predeclared.

    :raises QueryError: the query does not parse (line and column when the parser gives them)
    """
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(text, initNs=PREFIXES)
    except Exception as exc:  # pyparsing's ParseException and friends
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "col", None)
        where = f" at line {line}, column {column}" if line else ""
        raise QueryError(
            f"the SPARQL query does not parse{where}: {getattr(exc, 'msg', exc)}.", line=line, column=column
        ) from None


def run(graph: Graph, text: str) -> Result:
    """Run a SPARQL query over an rdflib graph, with every jcgraph prefix predeclared.

    :raises QueryError: the query does not parse
    """
    return graph.query(prepare_text(text))


def select_graph(graph: Graph, text: str) -> list[dict]:
    """Run a SELECT query over an rdflib graph; rows as dicts of variable name to rdflib term."""
    result = run(graph, text)
    names = [str(v) for v in result.vars]
    return [{name: row[i] for i, name in enumerate(names) if row[i] is not None} for row in result]


def run_local(prepared, graph: Graph, bindings: dict, kind: str, max_rows: int | None) -> QueryResult:
    """Evaluate a prepared query on an rdflib graph, parameters bound through ``initBindings``.

    rdflib evaluates lazily, so a failure inside its engine may come from any step below: each reaches
    the user as a :class:`QueryError` naming rdflib, never as an internal error.
    """
    from jcgraph.backends.memory.patches import rdflib_distinct_aggregate_fix

    rdflib_distinct_aggregate_fix()
    try:
        return _collect(graph.query(prepared, initBindings=bindings), kind, max_rows)
    except (JcgraphError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # rdflib's SPARQLError, NotBoundError, and its engine's own bugs
        raise QueryError(
            f"rdflib could not evaluate this query ({type(exc).__name__}: {exc}). The query is likely valid "
            "SPARQL that rdflib's engine does not handle; try JCGRAPH_BACKEND=oxigraph, rewrite the part "
            "named above, or run it on a store with --endpoint."
        ) from exc


def _collect(result, kind: str, max_rows: int | None) -> QueryResult:
    if kind == "ask":
        return QueryResult("ask", boolean=bool(result.askAnswer))
    if kind in ("construct", "describe"):
        out = Graph()
        for triple in result.graph if result.graph is not None else ():
            out.add(triple)
            check_rows(len(out), max_rows)
        return QueryResult(kind, graph=out)
    names = [str(v) for v in result.vars]
    rows = []
    for row in result:
        rows.append(tuple(normalise(t) if t is not None else None for t in row))
        check_rows(len(rows), max_rows)
    return QueryResult("select", vars=names, rows=rows)
