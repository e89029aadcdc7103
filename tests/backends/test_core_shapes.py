"""Core SHACL cases (written for jcgraph in the style of the W3C data-shapes core tests), on both engines.

Each case is a shapes graph, a data graph and the expected report, written as RDF; the engines' reports
are compared with it as sets of (focus node, path, value, constraint component, severity).
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from jcgraph.backends.memory.validate import run
from jcgraph.backends.oxigraph import validate as compiled
from jcgraph.backends.oxigraph.store import ASSERTED, GraphStore
from jcgraph.backends.paths import render_path
from jcgraph.io.rdf import from_rdflib
from jcgraph.labels import short

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
"""

#: name -> (shapes, data, expected results); every shape targets ex:Thing.
CASES = {
    "datatype-ill-formed": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:n ; sh:datatype xsd:integer ] .",
        'ex:a a ex:Thing ; ex:n 1 . ex:b a ex:Thing ; ex:n "abc"^^xsd:integer . ex:c a ex:Thing ; ex:n "2" .',
        '[] sh:focusNode ex:b ; sh:resultPath ex:n ; sh:value "abc"^^xsd:integer ;'
        " sh:sourceConstraintComponent sh:DatatypeConstraintComponent ; sh:resultSeverity sh:Violation ."
        ' [] sh:focusNode ex:c ; sh:resultPath ex:n ; sh:value "2" ;'
        " sh:sourceConstraintComponent sh:DatatypeConstraintComponent ; sh:resultSeverity sh:Violation .",
    ),
    "datatype-date-ill-formed": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:d ; sh:datatype xsd:date ] .",
        'ex:a a ex:Thing ; ex:d "2014-12-01"^^xsd:date . ex:b a ex:Thing ; ex:d "2014-13-45"^^xsd:date .',
        '[] sh:focusNode ex:b ; sh:resultPath ex:d ; sh:value "2014-13-45"^^xsd:date ;'
        " sh:sourceConstraintComponent sh:DatatypeConstraintComponent ; sh:resultSeverity sh:Violation .",
    ),
    "class-with-subclass": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:class ex:Place ] .",
        "ex:City rdfs:subClassOf ex:Place . ex:x a ex:City . ex:y a ex:Other ."
        " ex:a a ex:Thing ; ex:p ex:x . ex:b a ex:Thing ; ex:p ex:y .",
        "[] sh:focusNode ex:b ; sh:resultPath ex:p ; sh:value ex:y ;"
        " sh:sourceConstraintComponent sh:ClassConstraintComponent ; sh:resultSeverity sh:Violation .",
    ),
    "min-and-max-count": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;"
        " sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:maxCount 1 ; sh:severity sh:Warning ] .",
        "ex:a a ex:Thing ; ex:p 1 . ex:b a ex:Thing . ex:c a ex:Thing ; ex:p 1, 2 .",
        "[] sh:focusNode ex:b ; sh:resultPath ex:p ;"
        " sh:sourceConstraintComponent sh:MinCountConstraintComponent ; sh:resultSeverity sh:Warning ."
        " [] sh:focusNode ex:c ; sh:resultPath ex:p ;"
        " sh:sourceConstraintComponent sh:MaxCountConstraintComponent ; sh:resultSeverity sh:Warning .",
    ),
    "in": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:in ( ex:one ex:two ) ] .",
        "ex:a a ex:Thing ; ex:p ex:one . ex:b a ex:Thing ; ex:p ex:three .",
        "[] sh:focusNode ex:b ; sh:resultPath ex:p ; sh:value ex:three ;"
        " sh:sourceConstraintComponent sh:InConstraintComponent ; sh:resultSeverity sh:Violation .",
    ),
    "pattern": (
        'ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:code ; sh:pattern "^[A-Z]{3}$" ] .',
        'ex:a a ex:Thing ; ex:code "MAR" . ex:b a ex:Thing ; ex:code "ma" .',
        '[] sh:focusNode ex:b ; sh:resultPath ex:code ; sh:value "ma" ;'
        " sh:sourceConstraintComponent sh:PatternConstraintComponent ; sh:resultSeverity sh:Violation .",
    ),
    "node": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:node ex:Named ] ."
        " ex:Named a sh:NodeShape ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .",
        'ex:x rdfs:label "x" . ex:a a ex:Thing ; ex:p ex:x . ex:b a ex:Thing ; ex:p ex:y .',
        "[] sh:focusNode ex:b ; sh:resultPath ex:p ; sh:value ex:y ;"
        " sh:sourceConstraintComponent sh:NodeConstraintComponent ; sh:resultSeverity sh:Violation .",
    ),
    "or-with-datatypes": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:d ;"
        " sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYear ] ) ] .",
        'ex:a a ex:Thing ; ex:d "2024"^^xsd:gYear . ex:b a ex:Thing ; ex:d "2024-12" .',
        '[] sh:focusNode ex:b ; sh:resultPath ex:d ; sh:value "2024-12" ;'
        " sh:sourceConstraintComponent sh:OrConstraintComponent ; sh:resultSeverity sh:Violation .",
    ),
    "and-not": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;"
        " sh:and ( [ sh:property [ sh:path ex:p ; sh:minCount 1 ] ] ) ;"
        " sh:not [ sh:property [ sh:path ex:q ; sh:minCount 1 ] ] .",
        "ex:a a ex:Thing ; ex:p 1 . ex:b a ex:Thing . ex:c a ex:Thing ; ex:p 1 ; ex:q 2 .",
        "[] sh:focusNode ex:b ; sh:value ex:b ;"
        " sh:sourceConstraintComponent sh:AndConstraintComponent ; sh:resultSeverity sh:Violation ."
        " [] sh:focusNode ex:c ; sh:value ex:c ;"
        " sh:sourceConstraintComponent sh:NotConstraintComponent ; sh:resultSeverity sh:Violation .",
    ),
    "qualified-value-shape": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:party ;"
        " sh:qualifiedValueShape [ sh:class ex:State ] ; sh:qualifiedMinCount 2 ] .",
        "ex:s1 a ex:State . ex:s2 a ex:State . ex:i a ex:Institution ."
        " ex:a a ex:Thing ; ex:party ex:s1, ex:s2 . ex:b a ex:Thing ; ex:party ex:s1, ex:i .",
        "[] sh:focusNode ex:b ; sh:resultPath ex:party ;"
        " sh:sourceConstraintComponent sh:QualifiedMinCountConstraintComponent ; sh:resultSeverity sh:Violation .",
    ),
    "sparql-constraint": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ a sh:SPARQLConstraint ;"
        ' sh:message "self reference" ;'
        ' sh:select "SELECT $this ?value WHERE { $this <http://example.org/p> ?value FILTER(?value = $this) }" ] .',
        "ex:a a ex:Thing ; ex:p ex:b . ex:b a ex:Thing ; ex:p ex:b .",
        "[] sh:focusNode ex:b ; sh:value ex:b ;"
        " sh:sourceConstraintComponent sh:SPARQLConstraintComponent ; sh:resultSeverity sh:Violation .",
    ),
}


def _graph(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def expected_results(text: str) -> set[tuple]:
    """The expected report (RDF) as comparable tuples."""
    g = _graph(text)
    return {
        (
            g.value(r, SH.focusNode),
            g.value(r, SH.resultPath),
            g.value(r, SH.value),
            g.value(r, SH.sourceConstraintComponent),
            g.value(r, SH.resultSeverity),
        )
        for r in set(g.subjects(SH.focusNode, None))
    }


def _store(data: Graph) -> GraphStore:
    """A store holding ``data`` as it is (no loader checks: the validator must see ill-typed literals too)."""
    store = ox.Store()
    store.extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), ASSERTED) for s, p, o in data)
    return GraphStore(store, key="core-test")


def report_of(engine: str, shapes: Graph, data: Graph):
    if engine == "rdflib":
        return run(data, shapes, None, "none", "info")
    return compiled.validate_store(_store(data), shapes, "none", "info")


@pytest.mark.parametrize("name", sorted(CASES))
def test_core_case(name, engine):
    shapes_text, data_text, expected = CASES[name]
    shapes, data = _graph(shapes_text), _graph(data_text)
    report = report_of(engine, shapes, data)
    by_name = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
    got = {(r.focus, r.path, r.value, r.component, by_name[r.severity]) for r in report.results}
    g = _graph(expected)
    want = {(f, None if p is None else render_path(g, p), v, c, s) for f, p, v, c, s in expected_results(expected)}
    assert got == want


def test_every_component_the_shapes_use_has_a_case(repo_root):
    from jcgraph.validation.validate import shapes_graph

    shapes = shapes_graph(repo_root)
    used = {p for p in shapes.predicates() if str(p).startswith(str(SH))}
    components = {
        SH.datatype: "datatype-ill-formed",
        SH["class"]: "class-with-subclass",
        SH.node: "node",
        SH.minCount: "min-and-max-count",
        SH.maxCount: "min-and-max-count",
        SH["in"]: "in",
        SH.pattern: "pattern",
        SH["or"]: "or-with-datatypes",
        SH["and"]: "and-not",
        SH["not"]: "and-not",
        SH.qualifiedValueShape: "qualified-value-shape",
        SH.sparql: "sparql-constraint",
    }
    uncovered = {short(p) for p in used if p in components and components[p] not in CASES}
    assert not uncovered
    assert used & set(components), "the shipped shapes use none of these components?"


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_store_compiles_the_case_itself(name):
    """No case falls back to pySHACL on the store path, so the comparison above compares two engines."""
    compiled.compile_shapes(_graph(CASES[name][0]))
