"""The one interface between the jobs (validation, query, publish, steward) and the engines.

Two implementations: :class:`jcgraph.backends.memory.backend.MemoryBackend` (rdflib, pySHACL, owlrl)
and :class:`jcgraph.backends.oxigraph.backend.OxigraphBackend` (the pyoxigraph store, compiled shapes,
rules). :func:`jcgraph.backends.engine_for` chooses one, in one place; the contract suite in
``tests/backends/`` proves they give the same answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rdflib import Graph

    from jcgraph.backends.report import ValidationReport
    from jcgraph.io.results import QueryResult


@dataclass(frozen=True)
class QueryPlan:
    """A query ready to run, in both of the forms the engines take (made once by the query job)."""

    #: rdflib's parsed and translated query (the memory engine binds ``bindings`` with ``initBindings``)
    prepared: object
    #: the SPARQL text with the parameters bound as one ``VALUES`` row (the store and remote endpoints)
    text: str
    bindings: dict
    #: ``select``, ``ask``, ``construct`` or ``describe``
    kind: str


@dataclass(frozen=True)
class TermSummary:
    """The distinct terms a graph's data uses, for gates that only look closer where one may fail.

    May hold more than the data's own terms (the store's summary includes the ontology's): a consumer
    treats it as the candidates to look at, never as what the data says.
    """

    #: every predicate
    predicates: frozenset
    #: every object of ``rdf:type``
    classes: frozenset
    #: every (predicate, datatype) of a literal value; plain strings as xsd:string, tagged ones as rdf:langString
    literal_types: frozenset
    #: every IRI under ``https://w3id.org/jcgraph/id/`` as a subject or an object
    id_iris: frozenset


class Backend(Protocol):
    """What an engine answers about one loaded graph (:class:`jcgraph.graph.loading.KnowledgeGraph`)."""

    #: ``rdflib`` or ``oxigraph``: for messages and benchmarks only, never to branch on outside backends/
    name: str

    def count(self, inference: str = "none") -> int:
        """The number of triples, asserted plus (unless ``none``) inferred under ``inference``."""

    def inferred(self, mode: str, demand=None) -> Graph:
        """The triples inference ``mode`` adds to the asserted ones (never the asserted ones themselves)."""

    def select(self, text: str, inference: str = "none") -> list[dict]:
        """Rows of a SELECT query (jcgraph prefixes predeclared) as dicts of variable name to rdflib term."""

    def query(self, plan: QueryPlan, inference: str, max_rows: int | None) -> QueryResult:
        """Run a prepared query into a :class:`jcgraph.io.results.QueryResult` (at most ``max_rows`` rows)."""

    def names(self, namespaces: list[str]) -> Graph:
        """The naming triples (labels, codes) the parameter binder reads, for entities in ``namespaces``."""

    def validate(self, shapes: Graph, delta: Graph | None, inference: str, fail_on: str) -> ValidationReport:
        """SHACL-validate the graph (or ``delta`` in its context) against ``shapes``."""

    def export(self, fmt: str, what: str, graph: str, inference: str) -> bytes | None:
        """The graph written by the engine itself, or None when the shared writer should write it."""

    def term_summary(self) -> TermSummary:
        """The distinct terms of the data (see :class:`TermSummary`), read without copying the graph."""

    def data_triples(self, subjects=None, predicates=None, objects=None) -> Iterator[tuple]:
        """The asserted data triples as rdflib terms (the ontology's, concept schemes' and shapes' left out).

        :param subjects: only triples about these nodes (None: every subject)
        :param predicates: only triples with these predicates (None: every predicate)
        :param objects: only triples with these objects (None: every object)
        """
