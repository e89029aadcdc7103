"""Run SPARQL over a loaded graph with jcgraph's prefixes; the low-level step under ``query``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.query import Result

from jcgraph.errors import QueryError
from jcgraph.namespaces import PREFIXES

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph


def _prepare(text: str):
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
    return graph.query(_prepare(text))


def select(kg: KnowledgeGraph | Graph, text: str, inference: str = "none") -> list[dict]:
    """Run a SELECT query and return its rows as dicts of variable name to rdflib term.

    :param kg: a loaded graph (or a plain rdflib graph)
    :param text: the SPARQL text; jcgraph prefixes need no PREFIX lines
    :param inference: ``none``, ``rdfs`` or ``owlrl`` (ignored for a plain graph)
    """
    if not isinstance(kg, Graph):
        from jcgraph.backends import engine_for

        return engine_for(kg).select(text, inference)
    return select_graph(kg, text)


def select_graph(graph: Graph, text: str) -> list[dict]:
    """Run a SELECT query over an rdflib graph; rows as dicts of variable name to rdflib term."""
    result = run(graph, text)
    names = [str(v) for v in result.vars]
    return [{name: row[i] for i, name in enumerate(names) if row[i] is not None} for row in result]


__all__ = ["run", "select", "select_graph"]
