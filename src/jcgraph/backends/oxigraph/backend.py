"""The oxigraph engine: the pyoxigraph store holds the graph, rules and compiled shapes answer (large graphs)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from rdflib import BNode, Graph

from jcgraph.backends.oxigraph.store import store_for

if TYPE_CHECKING:
    from jcgraph.backends.oxigraph.store import GraphStore
    from jcgraph.backends.report import ValidationReport
    from jcgraph.graph.loading import KnowledgeGraph

#: Formats the store writes itself (sorted, deterministic); the shared writer does the others.
STORE_FORMATS = ("turtle", "ntriples")


class OxigraphBackend:
    """:class:`jcgraph.backends.protocol.Backend` over a pyoxigraph store of the loaded graph's files."""

    name = "oxigraph"

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self._inferred: dict[str, Graph] = {}

    @cached_property
    def store(self) -> GraphStore:
        """The store over the graph's files: on disk under the cache folder when large, keyed by content."""
        from jcgraph.graph.digest import cache_dir

        if "scan_store" in self.__dict__ and cache_dir() is None:  # it would be built in memory again
            return self.scan_store
        return store_for(self.kg)

    @cached_property
    def scan_store(self) -> GraphStore:
        """An in-memory store for whole-graph scans (reading all of the on-disk one is several times slower)."""
        if "store" in self.__dict__ and self.store.path is None:
            return self.store
        return store_for(self.kg, on_disk=False)

    def store_for_inference(self, mode: str) -> GraphStore:
        """The on-disk store without inference, else the in-memory one (closures are never written to disk)."""
        return self.store if mode == "none" else self.scan_store

    def count(self, inference: str = "none") -> int:
        """Asserted triples, plus inferred ones unless ``inference`` is ``none``."""
        return self.store_for_inference(inference).count(inference)

    def inferred(self, mode: str, demand=None) -> Graph:
        """The closure's new triples, as rdflib, about the same blank nodes as the graph's parsed triples."""
        if mode not in self._inferred:
            inferred = self.store_for_inference(mode).inferred_rdflib(mode)
            if any(isinstance(t, BNode) for triple in inferred for t in (triple[0], triple[2])):
                # the store named the files' blank nodes afresh when it read them: reason again over the
                # parsed triples themselves, so an inferred type of a blank node is about that very node
                inferred = self._store_over_parsed_triples().inferred_rdflib(mode)
            self._inferred[mode] = inferred
        return self._inferred[mode]

    def _store_over_parsed_triples(self) -> GraphStore:
        """An in-memory store holding ``kg.asserted`` with its own blank-node labels (never cached)."""
        import pyoxigraph as ox

        from jcgraph.backends.oxigraph.store import ASSERTED, GraphStore, from_rdflib

        store = ox.Store()
        store.extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), ASSERTED) for s, p, o in self.kg.asserted)
        files = [f.path for f in self.kg.files]
        return GraphStore(store, key=self.store.key + "-parsed", files=files, root=self.kg.root)

    def select(self, text: str, inference: str = "none") -> list[dict]:
        """Rows of a SELECT query answered by the store."""
        return self.store_for_inference(inference).select(text, inference)

    def query(self, plan, inference: str, max_rows: int | None):
        """A prepared query, its parameters bound as a ``VALUES`` row."""
        from jcgraph.backends.oxigraph.run import run_store

        return run_store(self.store_for_inference(inference), plan.text, plan.kind, inference, max_rows)

    def names(self, namespaces: list[str]) -> Graph:
        """Only the naming triples of the entities in ``namespaces``, cached by the graph's content."""
        from jcgraph.backends.oxigraph.run import names_graph

        return names_graph(self.kg, self.store, namespaces)

    def validate(self, shapes: Graph, delta: Graph | None, inference: str, fail_on: str) -> ValidationReport:
        """Shapes compiled to SPARQL over the store (pySHACL for what does not compile), same results."""
        from jcgraph.backends.oxigraph import validate as compiled

        if delta is None:
            return compiled.validate_store(self.scan_store, shapes, inference, fail_on)
        warming = compiled.warm_patterns(shapes)  # parsed while the store loads (its load releases the GIL)
        store = self.store_for_inference(inference)
        warming.join()
        return compiled.validate_delta(store, shapes, delta, inference, fail_on)

    def export(self, fmt: str, what: str, graph: str, inference: str) -> bytes | None:
        """Turtle or N-Triples of the whole graph straight from the store; None for anything else."""
        return export_from_store(self.scan_store, fmt, what, graph, inference)

    def term_summary(self):
        """The distinct terms of the store's asserted graph, by four SPARQL scans (the ontology's included)."""
        from jcgraph.backends.oxigraph.store import ASSERTED, to_rdflib
        from jcgraph.backends.protocol import TermSummary
        from jcgraph.namespaces import ID

        store = self.scan_store.store
        graph = f"<{ASSERTED.value}>"

        def column(text: str, *names: str) -> frozenset:
            rows = store.query(text)
            return frozenset(
                tuple(to_rdflib(row[n]) for n in names) if len(names) > 1 else to_rdflib(row[names[0]]) for row in rows
            )

        return TermSummary(
            predicates=column(f"SELECT DISTINCT ?p WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}", "p"),
            classes=column(f"SELECT DISTINCT ?c WHERE {{ GRAPH {graph} {{ ?s a ?c }} }}", "c"),
            literal_types=column(
                f"SELECT DISTINCT ?p ?d WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} FILTER(isLiteral(?o)) "
                "BIND(DATATYPE(?o) AS ?d) }",
                "p",
                "d",
            ),
            id_iris=column(
                f"SELECT DISTINCT ?t WHERE {{ {{ GRAPH {graph} {{ ?t ?p ?o }} }} "
                f"UNION {{ GRAPH {graph} {{ ?s ?p ?t }} }} "
                f'FILTER(isIRI(?t) && STRSTARTS(STR(?t), "{ID}")) }}',
                "t",
            ),
        )

    def data_triples(self, subjects=None, predicates=None, objects=None):
        """The store's asserted triples less the ontology files' (the store keeps all of them in one graph).

        The ontology's blank nodes (lists, restrictions) got new names in the store, so they are found by
        what holds them: the ontology's own subjects and predicates.
        """
        from jcgraph.backends.oxigraph.store import ASSERTED, from_rdflib, to_rdflib

        # a whole-graph read scans like validation does; a few subjects are looked up where deltas are
        whole = subjects is None and predicates is None and objects is None
        # a whole graph validated has its in-memory store already: never build the on-disk one beside it
        graph_store = self.scan_store if whole or "scan_store" in self.__dict__ else self.store
        ontology = self._ontology_triples(graph_store)
        store = graph_store.store
        for s in subjects if subjects is not None else (None,):
            for p in predicates if predicates is not None else (None,):
                for o in objects if objects is not None else (None,):
                    pattern = [from_rdflib(t) if t is not None else None for t in (s, p, o)]
                    for quad in store.quads_for_pattern(*pattern, ASSERTED):
                        triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
                        if triple not in ontology:
                            yield triple

    def _ontology_triples(self, graph_store: GraphStore) -> _OntologyTriples:
        """What tells the ontology's triples apart in ``graph_store`` (worked out once per store)."""
        cache = self.__dict__.setdefault("_ontology_by_store", {})
        if id(graph_store.store) not in cache:
            cache.clear()  # one store at a time: a rebuilt store names its blank nodes afresh
            cache[id(graph_store.store)] = (graph_store.store, _OntologyTriples(self.kg, graph_store))
        return cache[id(graph_store.store)][1]


class _OntologyTriples:
    """Tells whether a triple read from the store came from an ontology file."""

    def __init__(self, kg: KnowledgeGraph, store: GraphStore):
        from rdflib import BNode, URIRef

        self.exact, self.holders = set(), set()
        for loaded in kg.ontology_files():
            for s, p, o in loaded.triples:
                if isinstance(s, BNode) or isinstance(o, BNode):
                    if isinstance(s, URIRef):
                        self.holders.add((s, p))
                else:
                    self.exact.add((s, p, o))
        self.owned = self._owned_blank_nodes(store) if self.holders else set()

    def _owned_blank_nodes(self, store: GraphStore) -> set:
        from jcgraph.backends.oxigraph.store import to_rdflib

        rows = " ".join(f"(<{s}> <{p}>)" for s, p in sorted(self.holders))
        text = (
            "SELECT DISTINCT ?b WHERE { VALUES (?s ?p) { " + rows + " } ?s ?p ?x . "
            "?x (<urn:jcgraph:any>|!<urn:jcgraph:any>)* ?b . FILTER isBlank(?b) }"
        )
        return {to_rdflib(row["b"]) for row in store.store.query(text, default_graph=store.default_graph("none"))}

    def __contains__(self, triple) -> bool:
        from rdflib import BNode

        s, p, o = triple
        if isinstance(s, BNode):
            return s in self.owned
        if isinstance(o, BNode):
            return (s, p) in self.holders and o in self.owned
        return triple in self.exact


def export_from_store(store: GraphStore, fmt: str, what: str, graph: str, inference: str) -> bytes | None:
    """The one writer of whole-graph Turtle and N-Triples (both engines use it, so their bytes are the same).

    :returns: the document, or None when ``fmt``/``what``/``graph`` is for the shared quad writer
    """
    import io

    if graph != "all" or what not in ("asserted", "all") or fmt not in STORE_FORMATS:
        return None
    mode = "none" if what == "asserted" else inference
    buffer = io.BytesIO()
    if fmt == "turtle":
        store.export_turtle(buffer, mode)
    else:
        store.export_ntriples(buffer, mode)
    return buffer.getvalue()
