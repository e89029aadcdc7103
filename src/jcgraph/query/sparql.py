"""Run SPARQL over a loaded graph with jcgraph's prefixes; the low-level step under ``query``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph

from jcgraph.backends.memory.sparql import run, select_graph

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph


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


__all__ = ["run", "select", "select_graph"]
