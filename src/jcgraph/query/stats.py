"""Counts of what the graph holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jcgraph.query.sparql import select

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph

#: What ``jcgraph stats`` counts: name -> class (subclasses included).
COUNTED_CLASSES = {
    "states": "jc:State",
    "institutions": "jc:Institution",
    "persons": "foaf:Person",
    "posts": "jc:Post",
    "post holdings": "jc:PostHolding",
    "agreements": "jc:Agreement",
    "events": "jc:Event",
    "declarations": "jc:Declaration",
    "claims": "jc:Claim",
    "sources": "jc:SourceDocument",
    "concepts": "skos:Concept",
}


def stats(kg: KnowledgeGraph, inference: str = "none") -> dict[str, int]:
    """Count triples and things of each kind.

    :param kg: the loaded graph
    :param inference: also count inferred triples under this mode
    :returns: an ordered mapping of name to count
    """
    from jcgraph.backends import engine_for

    engine = engine_for(kg)
    result = {"triples": engine.count(), "files": len(kg.files)}
    if inference != "none":
        result["inferred triples"] = engine.count(inference) - result["triples"]
    for name, cls in COUNTED_CLASSES.items():
        rows = select(kg, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a/rdfs:subClassOf* {cls} }}")
        result[name] = int(rows[0]["n"])
    return result
