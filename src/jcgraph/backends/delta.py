"""A delta's focus nodes and blank nodes: what both engines validate when new triples arrive."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from jcgraph.backends.report import SKOLEM


def skolemize(delta: Graph) -> Graph:
    """Replace the delta's blank nodes with IRIs, so that pySHACL can focus on them."""

    def iri(term):
        return URIRef(SKOLEM + str(term)) if isinstance(term, BNode) else term

    out = Graph()
    for s, p, o in delta:
        out.add((iri(s), p, iri(o)))
    return out


def focus_nodes_for(delta: Graph, data: Graph) -> set[URIRef]:
    """The nodes a delta touches: its subjects, the IRIs it points to, and the nodes pointing to its subjects.

    Objects of ``rdf:type`` (classes) are left out. One hop each way covers the shapes' inverse
    paths (a new post holding makes its post a focus node) and the checks that read a neighbour
    (a new ``dct:issued`` on a source re-checks the events citing it).

    :param delta: the new triples (blank nodes already skolemised)
    :param data: the graph holding the delta and its context
    :returns: IRIs to pass to pySHACL as ``focus_nodes``
    """
    subjects = {s for s in delta.subjects() if isinstance(s, URIRef)}
    objects = {o for p, o in delta.predicate_objects() if isinstance(o, URIRef) and p != RDF.type}
    inbound = {s for node in subjects for s in data.subjects(None, node) if isinstance(s, URIRef)}
    return subjects | objects | inbound
