"""Regression: the closure cache of a plain rdflib Graph is keyed by its content, not by its size (issue 11)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from jcgraph.graph.digest import graph_digest
from jcgraph.validation.validate import validate
from tests.test_validate import FIXTURES


def _same_size(a: Graph, b: Graph) -> tuple[Graph, Graph]:
    """Pad the smaller graph with harmless comments until both hold as many triples."""
    small = a if len(a) < len(b) else b
    for i in range(abs(len(a) - len(b))):
        small.add((URIRef(f"https://example.org/pad/{i}"), RDFS.comment, Literal(f"pad {i}")))
    return a, b


def _counts(graph: Graph) -> dict:
    return validate(graph, inference="owlrl").counts


def test_two_graphs_of_one_size_never_share_a_cached_closure(tmp_path, monkeypatch):
    valid = Graph().parse(FIXTURES / "valid" / "agreement.ttl")
    # another agreement: its inferred types (jc:Agreement, prov:Entity, ...) are of other nodes than valid's
    other = Graph().parse(
        data=(FIXTURES / "valid" / "agreement.ttl").read_text().replace("police-cooperation", "other"), format="turtle"
    )
    valid, other = _same_size(valid, other)
    assert len(valid) == len(other) and graph_digest(valid) != graph_digest(other)

    for first, second, name in ((valid, other, "a"), (other, valid, "b")):
        monkeypatch.setenv("JCGRAPH_CACHE_DIR", str(tmp_path / name / "alone"))
        alone = _counts(second)
        monkeypatch.setenv("JCGRAPH_CACHE_DIR", str(tmp_path / name / "shared"))
        _counts(first)
        assert _counts(second) == alone
