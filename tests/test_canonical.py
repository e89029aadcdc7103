"""Canonical blank-node labels: relabelling only the lines that hold blank nodes gives the whole graph's labels."""

from __future__ import annotations

from rdflib import Graph

from jcgraph.graph.canonical import canonical_lines, canonical_ntriples

TURTLE = """@prefix ex: <http://example.org/> .
ex:a ex:p [ ex:q "one" ; ex:r [ ex:s ex:b ] ] .
ex:b ex:label "looks like a blank node: _:x" .
ex:c ex:p ( 1 2 3 ) .
ex:d ex:p ex:e .
_:lonely ex:p _:lonely .
"""


def test_relabelling_the_blank_lines_alone_gives_the_whole_graphs_labels():
    graph = Graph().parse(data=TURTLE, format="turtle")
    data = graph.serialize(format="nt", encoding="utf-8")
    expected = canonical_ntriples(graph)
    assert sorted(canonical_lines(data)) == expected
    assert sorted(canonical_lines(data.rstrip(b"\n"))) == expected  # no newline after the last line


def test_a_graph_without_blank_nodes_keeps_its_lines():
    data = b'<http://e/a> <http://e/p> "x" .\n<http://e/b> <http://e/p> <http://e/c> .\n'
    assert canonical_lines(data) == data.rstrip(b"\n").split(b"\n")
