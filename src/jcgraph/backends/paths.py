"""SHACL property paths, rendered in SPARQL syntax: one walker for reports, messages and compiled shapes."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from jcgraph.labels import short


def render_path(graph: Graph, path) -> str:
    """A SHACL property path in SPARQL syntax with jcgraph's prefixes (``^jc:heldPost/jc:holder``).

    >>> render_path(Graph(), URIRef("https://w3id.org/jcgraph/ontology#subject"))
    'jc:subject'
    """
    if isinstance(path, URIRef):
        return short(path)
    if graph.value(path, RDF.first) is not None:
        return "/".join(_grouped(graph, step) for step in Collection(graph, path))
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return _grouped(graph, inner) + suffix
    inner = graph.value(path, SH.inversePath)
    if inner is not None:
        return "^" + _grouped(graph, inner)
    inner = graph.value(path, SH.alternativePath)
    if inner is not None:
        return "|".join(_grouped(graph, step) for step in Collection(graph, inner))
    return str(path)


def _grouped(graph: Graph, path) -> str:
    text = render_path(graph, path)
    return f"({text})" if ("|" in text or "/" in text) and not isinstance(path, URIRef) else text
