"""Human-readable labels for graph nodes, in a preferred language."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from jcgraph.namespaces import PREFIXES

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)


def label(graph: Graph, node, lang: str = "en") -> str:
    """The node's label in ``lang``, else in English, else any label, else its short name.

    >>> from rdflib import Graph, URIRef
    >>> label(Graph(), URIRef("https://w3id.org/jcgraph/id/state/MAR"))
    'state:MAR'
    """
    if isinstance(node, Literal):
        return str(node)
    found: dict[str, str] = {}
    for prop in LABEL_PROPERTIES:
        for value in graph.objects(node, prop):
            if isinstance(value, Literal):
                found.setdefault(value.language or "", str(value))
    for choice in (lang, "en", ""):
        if choice in found:
            return found[choice]
    if found:
        return found[sorted(found)[0]]
    return short(node)


def short(node) -> str:
    """Compact an IRI with jcgraph's prefixes (``state:MAR``); other nodes as text."""
    if isinstance(node, URIRef):
        text = str(node)
        best = max((ns for ns in PREFIXES.values() if text.startswith(ns)), key=len, default=None)
        if best is not None:
            prefix = next(p for p, ns in PREFIXES.items() if ns == best)
            return f"{prefix}:{text[len(best) :]}"
        return f"<{text}>"
    return str(node)
