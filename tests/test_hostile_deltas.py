"""Hostile deltas (issue 15): nothing redefined, nothing hidden, nothing hangs, nothing explodes.

Each case: the expected exit code and message, and ``data/`` byte-identical after a refused add.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PREFIXES = """\
@prefix jc: <https://w3id.org/jcgraph/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix state: <https://w3id.org/jcgraph/id/state/> .
@prefix agr: <https://w3id.org/jcgraph/id/agreement/> .
@prefix cd: <https://w3id.org/jcgraph/concept/crime-domain/> .
@prefix shapes: <https://w3id.org/jcgraph/shapes#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
"""


@pytest.fixture
def root(tmp_path):
    """A private copy of the graph, so that a wrong write could not touch the repository."""
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


VOCABULARY_CHANGES = {
    "subclass-of-nothing": "jc:State rdfs:subClassOf owl:Nothing .",
    "disjoint-with-itself": "jc:State owl:disjointWith jc:State .",
    "functional-label": "rdfs:label a owl:FunctionalProperty .",
    "inverse-of-type": "jc:stateParty owl:inverseOf rdf:type .",
    "new-class": "jc:Tribunal a owl:Class .",
    "redefine-concept": 'cd:terrorism rdfs:label "something else"@en .',
    "new-shape": "shapes:Evil a sh:NodeShape ; sh:targetClass jc:State .",
    "axiom-on-a-thing": "state:MAR rdfs:subClassOf jc:State .",
    "same-as-own-things": "state:MAR owl:sameAs state:KEN .",
}


@pytest.mark.parametrize("name", sorted(VOCABULARY_CHANGES))
@pytest.mark.parametrize("command", ["add", "validate"])
def test_a_delta_may_not_change_the_vocabulary(root, tmp_path, run_cli, name, command):
    delta = tmp_path / f"{name}.ttl"
    delta.write_text(PREFIXES + VOCABULARY_CHANGES[name] + "\n")
    before = digest(root / "data")
    code, _, err = run_cli(command, "--root", root, delta)
    assert code == 2, err
    assert "changes the vocabulary" in err and "through ontology/ and review" in err and str(delta) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert digest(root / "data") == before


def test_the_vocabulary_guard_still_lets_facts_through(root, tmp_path, run_cli):
    delta = tmp_path / "facts.ttl"
    delta.write_text(PREFIXES + 'state:MAR rdfs:comment "A fact about Morocco, not a vocabulary change."@en .\n')
    code, _, err = run_cli("validate", "--root", root, delta)
    assert code in (0, 1), err
    assert "changes the vocabulary" not in err


def test_a_disjointness_clash_under_inference_is_a_violation(root, tmp_path, run_cli):
    delta = tmp_path / "clash.ttl"
    delta.write_text(PREFIXES + "agr:mar-kaz-2024-extradition a jc:MemorandumOfUnderstanding .\n")
    code, out, err = run_cli("validate", "--root", root, delta, "--inference", "owlrl")
    assert code == 1, err
    assert "two disjoint classes" in out and "BindingAgreement" in out


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_a_member_of_nothing_is_a_violation_on_both_engines(root, tmp_path, run_cli, monkeypatch, backend):
    monkeypatch.setenv("JCGRAPH_BACKEND", backend)
    delta = tmp_path / "nothing.ttl"
    delta.write_text(PREFIXES + "agr:mar-kaz-2024-extradition a owl:Nothing .\n")
    code, out, err = run_cli("validate", "--root", root, delta)
    assert code == 1, err
    assert "member of owl:Nothing" in out


def run_jcgraph(*args, timeout=60, env=None):
    """Run jcgraph in a process of its own (for what could block or exhaust memory)."""
    return subprocess.run(
        [sys.executable, "-m", "jcgraph", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_data_is_refused_without_blocking(root):
    os.mkfifo(root / "data" / "fifo.ttl")
    done = run_jcgraph("validate", "--root", root, timeout=60)
    assert done.returncode == 2
    assert "fifo.ttl" in done.stderr and "FIFO" in done.stderr and "regular file" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_delta_is_refused_and_add_never_waits_on_it(root, tmp_path):
    fifo = tmp_path / "delta.ttl"
    os.mkfifo(fifo)
    before = digest(root / "data")
    done = run_jcgraph("add", "--root", root, fifo, timeout=60)
    assert done.returncode == 2 and "FIFO" in done.stderr
    assert digest(root / "data") == before
    assert not (root / ".jcgraph-add.lock").exists() or (root / ".jcgraph-add.lock").stat().st_size == 0


def test_a_huge_decimal_costs_nothing(tmp_path):
    delta = tmp_path / "decimal.ttl"
    delta.write_text(PREFIXES + 'state:MAR jc:note "1e999999999"^^xsd:decimal .\n')
    done = run_jcgraph("validate", "--alone", delta, timeout=30)
    assert done.returncode == 2
    assert "not a valid xsd:decimal" in done.stderr and "line 11" in done.stderr


def test_a_number_longer_than_the_limit_is_refused(tmp_path):
    delta = tmp_path / "integer.ttl"
    delta.write_text(PREFIXES + f'state:MAR jc:note "{"9" * 200}"^^xsd:integer .\n')
    done = run_jcgraph("validate", "--alone", delta, timeout=30)
    assert done.returncode == 2 and "JCGRAPH_MAX_NUMBER_CHARS" in done.stderr
    done = run_jcgraph("validate", "--alone", delta, timeout=30, env={"JCGRAPH_MAX_NUMBER_CHARS": "500"})
    assert "JCGRAPH_MAX_NUMBER_CHARS" not in done.stderr


def test_deeply_nested_json_ld_is_refused(tmp_path):
    delta = tmp_path / "deep.jsonld"
    delta.write_text('{"@id": "http://example.org/a", "http://example.org/p": ' * 5000 + "1" + "}" * 5000)
    done = run_jcgraph("validate", "--alone", delta, timeout=60)
    assert done.returncode == 2 and "nests" in done.stderr and "Traceback" not in done.stderr


def test_json_ld_nesting_limit_is_configurable(tmp_path):
    delta = tmp_path / "nested.jsonld"
    delta.write_text('{"@id": "http://example.org/a", "http://example.org/p": ' * 20 + "1" + "}" * 20)
    done = run_jcgraph("validate", "--alone", delta, env={"JCGRAPH_MAX_JSONLD_DEPTH": "10"})
    assert done.returncode == 2 and "JCGRAPH_MAX_JSONLD_DEPTH" in done.stderr


def test_too_many_values_of_one_property(tmp_path):
    delta = tmp_path / "labels.ttl"
    lines = [f'state:MAR rdfs:label "name {i}"@en .' for i in range(30)]
    delta.write_text(PREFIXES + "\n".join(lines) + "\n")
    done = run_jcgraph("validate", delta, env={"JCGRAPH_MAX_VALUES_PER_PROPERTY": "20"})
    assert done.returncode == 2 and "JCGRAPH_MAX_VALUES_PER_PROPERTY" in done.stderr


def test_too_many_triples_in_one_delta(tmp_path):
    delta = tmp_path / "many.ttl"
    lines = [f'<https://w3id.org/jcgraph/id/source/s{i}> rdfs:comment "c"@en .' for i in range(50)]
    delta.write_text(PREFIXES + "\n".join(lines) + "\n")
    done = run_jcgraph("validate", "--alone", delta, env={"JCGRAPH_MAX_INPUT_TRIPLES": "40"})
    assert done.returncode == 2 and "JCGRAPH_MAX_INPUT_TRIPLES" in done.stderr


def test_rdf_xml_parse_type_literal_is_accepted(tmp_path):
    delta = tmp_path / "xml.rdf"
    delta.write_text(
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
        '  <rdf:Description rdf:about="http://example.org/a">\n'
        '    <ex:p rdf:parseType="Literal"><b xmlns="http://www.w3.org/1999/xhtml">bold</b> text</ex:p>\n'
        "  </rdf:Description>\n</rdf:RDF>\n"
    )
    done = run_jcgraph("validate", "--alone", delta)
    assert done.returncode in (0, 1), done.stderr  # parsed (the gates may flag the made-up ex:p)
    assert "XMLLiteral" not in done.stderr


def chain_query(terms: int) -> str:
    return "SELECT ?s WHERE { ?s ?p ?o FILTER(" + " || ".join(f'?o = "v{i}"' for i in range(terms)) + ") }"


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_timeout_covers_parsing_on_both_engines(tmp_path, backend):
    query = tmp_path / "chain.rq"
    query.write_text(chain_query(2500))
    done = run_jcgraph("query", query, "--timeout", "1", env={"JCGRAPH_BACKEND": backend}, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "longer than 1 s" in done.stderr and "Traceback" not in done.stderr


def test_an_oversized_query_is_refused_before_parsing(tmp_path):
    query = tmp_path / "big.rq"
    query.write_text(chain_query(10_000))
    done = run_jcgraph("query", query, env={"JCGRAPH_BACKEND": "oxigraph"}, timeout=30)
    assert done.returncode == 2 and "JCGRAPH_MAX_QUERY_BYTES" in done.stderr
