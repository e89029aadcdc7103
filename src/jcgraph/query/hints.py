"""Hints for an empty answer: the query's classes and properties that only inference populates.

``SELECT ?a WHERE { ?a a jc:Agreement }`` finds nothing without inference, since agreements are
asserted as their subclasses; saying so on stderr saves the reader a silent wrong conclusion.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF

from jcgraph.backends import engine_for
from jcgraph.backends.oxigraph.demand import of_query
from jcgraph.labels import short

#: The mode the hint suggests: the cheapest that derives class memberships and super-properties.
HINT_MODE = "rdfs"


def _count(kg, mode: str, predicate: URIRef, obj: URIRef | None) -> int:
    """Triples with ``predicate`` (and object ``obj`` when given) under inference ``mode``.

    One COUNT query through the engine: the store's query-driven inference derives only what it reads.
    """
    pattern = f"?s <{predicate}> " + (f"<{obj}>" if obj is not None else "?o")
    rows = engine_for(kg).select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", mode)
    return int(rows[0]["n"]) if rows else 0


def inference_hints(kg, text: str) -> list[str]:
    """One line per class or property of query ``text`` with no asserted members but some under rdfs.

    Counts are a single pattern each, asked only when the query answered nothing without inference.
    """
    demand = of_query(text)
    if demand is None:
        return []
    wanted = [(RDF.type, URIRef(c)) for c in sorted(demand.classes or ())]
    wanted += [(URIRef(p), None) for p in sorted(demand.predicates)]
    hints = []
    for predicate, obj in wanted:
        if _count(kg, "none", predicate, obj):
            continue
        inferred = _count(kg, HINT_MODE, predicate, obj)
        if inferred:
            name = short(obj if obj is not None else predicate)
            what = "members" if obj is not None else "triples"
            hints.append(f"{name} has no asserted {what}; {inferred} under --inference {HINT_MODE}")
    return hints
