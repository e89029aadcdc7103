"""The store's literal check: the file scan that spares the full SPARQL check never lets an ill-typed literal in.

Every way of writing an ill-typed literal that the scan cannot read plainly must still be refused, with
the memory engine's message; a comment or string that only looks like a typed literal must not be.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jcgraph.backends.oxigraph.literals import typed_literals
from jcgraph.backends.oxigraph.store import build
from jcgraph.errors import RDFSyntaxError
from jcgraph.io.rdf import parse_file

from ..conftest import FIXTURES

HEAD = "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n@prefix ex: <http://example.org/> .\n"

#: name -> (file name, text): each holds exactly one ill-typed literal
ILL_TYPED = {
    "prefixed": ("a.ttl", HEAD + 'ex:a ex:d "2014-13-45"^^xsd:date .'),
    "full IRI": ("a.nt", '<http://e/a> <http://e/d> "2014-13-45"^^<http://www.w3.org/2001/XMLSchema#date> .\n'),
    "single quotes": ("a.ttl", HEAD + "ex:a ex:n 'abc'^^xsd:integer ."),
    "long string": ("a.ttl", HEAD + 'ex:a ex:d """2014-13-45"""^^xsd:date .'),
    "escaped quote, valid tail": ("a.ttl", HEAD + 'ex:a ex:d "x\\"2014-01-01"^^xsd:date .'),
    "escape in the value": ("a.ttl", HEAD + 'ex:a ex:d "\\u0032014-13-45"^^xsd:date .'),
    "another prefix for XSD": (
        "a.ttl",
        '@prefix t: <http://www.w3.org/2001/XMLSchema#> .\n<http://e/a> <http://e/n> "abc"^^t:integer .',
    ),
    "escaped local name": (
        "a.ttl",
        '@prefix t: <http://www.w3.org/2001/> .\n<http://e/a> <http://e/n> "abc"^^t:XMLSchema\\#integer .',
    ),
    "relative datatype IRI": (
        "a.ttl",
        '@base <http://www.w3.org/2001/XMLSchema> .\n<http://e/a> <http://e/n> "abc"^^<#integer> .',
    ),
    "escape in the datatype IRI": (
        "a.ttl",
        '<http://e/a> <http://e/n> "abc"^^<http://www.w3.org/2001/XMLSchema\\u0023integer> .',
    ),
    "TriG": ("a.trig", HEAD + 'ex:g { ex:a ex:d "2014-13-45"^^xsd:date }'),
    "N-Quads": (
        "a.nq",
        '<http://e/a> <http://e/d> "2014-13-45"^^<http://www.w3.org/2001/XMLSchema#date> <http://e/g> .\n',
    ),
    "RDF/XML": (
        "a.rdf",
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://e/a"><ex:d rdf:datatype="http://www.w3.org/2001/XMLSchema#date">'
        "2014-13-45</ex:d></rdf:Description></rdf:RDF>",
    ),
    "after a comment that looks typed": (
        "a.ttl",
        HEAD + '# "2014-01-01"^^xsd:date\nex:a ex:d "2014-13-45"^^xsd:date .',
    ),
}


@pytest.mark.parametrize("name", ILL_TYPED)
def test_every_form_of_an_ill_typed_literal_is_refused_as_the_memory_engine_refuses_it(tmp_path: Path, name: str):
    file_name, text = ILL_TYPED[name]
    path = tmp_path / file_name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RDFSyntaxError) as memory:
        parse_file(path, limited=False)
    with pytest.raises(RDFSyntaxError) as store:
        build([path])
    assert str(store.value) == str(memory.value)


@pytest.mark.parametrize(
    "text",
    [
        HEAD + '# a comment: "not a date"^^xsd:date\nex:a ex:d "2014-12-01"^^xsd:date .',
        HEAD + 'ex:a ex:label "it reads ^^xsd:date in the text" ; ex:n 12, 1.5, 1e3, true .',
        HEAD + 'ex:a ex:d "2014-12"^^xsd:gYearMonth , "2014"^^xsd:gYear ; ex:s "13-45"^^xsd:string .',
    ],
)
def test_what_only_looks_like_an_ill_typed_literal_loads(tmp_path: Path, text: str):
    path = tmp_path / "a.ttl"
    path.write_text(text, encoding="utf-8")
    assert build([path]).count() > 0


def test_the_scan_clears_the_frozen_graph_without_the_full_check():
    # the scan's point: a graph written as jcgraph writes it needs no SPARQL pass over every literal
    candidates = typed_literals(sorted((FIXTURES / "multilateral" / "data").rglob("*.ttl")))
    assert candidates is not None and len(candidates) > 10
