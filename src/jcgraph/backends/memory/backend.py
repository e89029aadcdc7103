"""The memory engine: rdflib holds the graph, owlrl reasons, pySHACL validates (small graphs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph

from jcgraph.backends.delta import focus_nodes_for, skolemize
from jcgraph.backends.memory.infer import closure, inferred_triples
from jcgraph.backends.memory.validate import run
from jcgraph.namespaces import bind_prefixes

if TYPE_CHECKING:
    from jcgraph.backends.report import ValidationReport
    from jcgraph.graph.loading import KnowledgeGraph


class MemoryBackend:
    """:class:`jcgraph.backends.protocol.Backend` over rdflib graphs."""

    name = "rdflib"

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg

    def count(self, inference: str = "none") -> int:
        """Asserted triples, plus inferred ones unless ``inference`` is ``none``."""
        return len(self.kg.asserted) + (len(self.inferred(inference)) if inference != "none" else 0)

    def inferred(self, mode: str, demand=None) -> Graph:
        """The closure's new triples (the whole closure: rdflib gains nothing from a demand)."""
        return inferred_triples(self.kg, mode)

    def select(self, text: str, inference: str = "none") -> list[dict]:
        """Rows of a SELECT query over the asserted (and inferred) triples."""
        from jcgraph.backends.memory.sparql import select_graph

        return select_graph(self.kg.graph(inference), text)

    def query(self, plan, inference: str, max_rows: int | None):
        """A prepared query, its parameters bound by rdflib's ``initBindings``."""
        from jcgraph.backends.memory.sparql import run_local

        return run_local(plan.prepared, self.kg.graph(inference), plan.bindings, plan.kind, max_rows)

    def names(self, namespaces: list[str]) -> Graph:
        """Every asserted triple (a small graph: the binder finds the names itself)."""
        return self.kg.asserted

    def validate(self, shapes: Graph, delta: Graph | None, inference: str, fail_on: str) -> ValidationReport:
        """PySHACL over the graph; a delta is validated in a copy of the graph, focused on the nodes it touches."""
        if delta is None:
            return run(self.kg.graph(inference), shapes, None, inference, fail_on)
        from jcgraph.graph.loading import rule_files

        skolem = skolemize(delta)
        data = bind_prefixes(Graph())  # a copy: a read never changes the loaded graph
        data += self.kg.asserted
        data += skolem
        if inference != "none":
            data += closure(data, inference, rule_files(self.kg.root))
        return run(data, shapes, focus_nodes_for(skolem, data), inference, fail_on)

    def export(self, fmt: str, what: str, graph: str, inference: str) -> bytes | None:
        """Whole-graph Turtle and N-Triples by the store's writer (the same bytes as the oxigraph engine).

        None for everything else: the shared quad writer (jcgraph.publish.export) writes it.
        """
        from jcgraph.backends.oxigraph.backend import STORE_FORMATS, export_from_store
        from jcgraph.backends.oxigraph.store import store_for

        if graph != "all" or what not in ("asserted", "all") or fmt not in STORE_FORMATS:
            return None
        return export_from_store(store_for(self.kg, on_disk=False), fmt, what, graph, inference)

    def term_summary(self):
        """The distinct terms of the data files, read from their triples."""
        from rdflib import Literal, URIRef
        from rdflib.namespace import RDF, XSD

        from jcgraph.backends.protocol import TermSummary
        from jcgraph.namespaces import ID

        predicates, classes, literal_types, id_iris = set(), set(), set(), set()
        for s, p, o in self.data_triples():
            predicates.add(p)
            if p == RDF.type:
                classes.add(o)
            if isinstance(o, Literal):
                literal_types.add((p, o.datatype or (RDF.langString if o.language else XSD.string)))
            for term in (s, o):
                if isinstance(term, URIRef) and term.startswith(ID):
                    id_iris.add(term)
        return TermSummary(frozenset(predicates), frozenset(classes), frozenset(literal_types), frozenset(id_iris))

    def data_triples(self, subjects=None, predicates=None, objects=None):
        """The data files' triples (not the ontology's), filtered as asked."""
        for loaded in self.kg.data_files():
            graph = loaded.triples
            for s in subjects if subjects is not None else (None,):
                for p in predicates if predicates is not None else (None,):
                    for o in objects if objects is not None else (None,):
                        yield from graph.triples((s, p, o))
