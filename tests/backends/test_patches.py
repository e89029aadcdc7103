"""One regression test per library patch (jcgraph.backends.memory.patches): each fails when upstream changes.

When one of these fails, pySHACL has changed the behaviour the patch works around: check whether the patch
is still needed, and drop it (with its test) if not.
"""

from __future__ import annotations

import pyshacl
from rdflib import Graph, URIRef

from jcgraph.backends.memory.patches import pyshacl_fixes

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:d ; sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYear ] ) ] ."""
DATA = """@prefix ex: <http://example.org/> . ex:b a ex:Thing ; ex:d "not a date" ."""


def _conforms(patched: bool) -> bool:
    data, shapes = Graph().parse(data=DATA, format="turtle"), Graph().parse(data=SHAPES, format="turtle")
    args = dict(shacl_graph=shapes, inference="none", focus_nodes=[URIRef("http://example.org/b")])
    if patched:
        with pyshacl_fixes():
            return pyshacl.validate(data, **args)[0]
    return pyshacl.validate(data, **args)[0]


def test_upstream_focus_nodes_still_filters_nested_value_nodes():
    """pySHACL 0.40 drops literal value nodes of nested shapes under focus_nodes, so a bad sh:or passes."""
    assert _conforms(patched=False) is True, "pySHACL fixed focus_nodes for nested shapes: drop the patch"


def test_the_patch_reports_the_bad_value():
    assert _conforms(patched=False) is True and _conforms(patched=True) is False


def test_pyshacl_is_the_tested_release():
    assert pyshacl.__version__.startswith("0.40."), "pyproject pins pyshacl==0.40.*: re-run tests/backends first"


def test_the_patches_leave_the_classes_as_they_were():
    from pyshacl.shape import Shape
    from rdflib.plugins.sparql import processor

    before = (Shape.validate, processor.SPARQLProcessor.query)
    with pyshacl_fixes():
        pass
    assert (Shape.validate, processor.SPARQLProcessor.query) == before
