"""The synthetic-graph generator: deterministic, proportional, conforming, and its planted violations found."""

from __future__ import annotations

import json

import pytest

from jcgraph.tools.synth import VIOLATION_KINDS, generate
from tests.conftest import tree_digest


def test_same_seed_gives_byte_identical_files(tmp_path):
    first = generate(tmp_path / "a", 60, seed=7, violations=3)
    second = generate(tmp_path / "b", 60, seed=7, violations=3)
    assert first.triples == second.triples
    assert tree_digest(tmp_path / "a" / "data") == tree_digest(tmp_path / "b" / "data")
    assert (tmp_path / "a" / "planted-violations.json").read_bytes() == (
        tmp_path / "b" / "planted-violations.json"
    ).read_bytes()
    generate(tmp_path / "c", 60, seed=8)
    assert tree_digest(tmp_path / "c" / "data") != tree_digest(tmp_path / "a" / "data")


def test_triple_count_grows_with_the_agreements(tmp_path):
    small = generate(tmp_path / "s", 400, seed=1).triples
    large = generate(tmp_path / "l", 1600, seed=1).triples
    per_agreement = large / 1600
    assert 35 <= per_agreement <= 60
    assert 3.0 <= large / small <= 5.0


def test_files_parse_and_the_counted_triples_are_there(tmp_path):
    from jcgraph.backends.oxigraph.store import open_store

    summary = generate(tmp_path / "g", 80, seed=2)
    store = open_store(tmp_path / "g", on_disk=False)
    ontology = open_store(tmp_path / "g", on_disk=False).count()  # same store: ontology + data
    assert ontology >= summary.triples
    data_only = sum(len(open_store_file(p)) for p in summary.files)
    assert data_only == summary.triples
    assert store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a jc:State }")[0]["n"].toPython() >= 8


def open_store_file(path):
    from rdflib import Graph

    return Graph().parse(path, format="turtle")


def test_cli_writes_a_root_that_jcgraph_can_use(tmp_path, run_cli):
    code, out, err = run_cli("synth", "--agreements", "30", "--seed", "4", "-o", tmp_path / "g")
    assert code == 0, err
    assert "triples" in out
    assert (tmp_path / "g" / "ontology" / "jcgraph.ttl").is_file()
    code, out, _ = run_cli("stats", "--root", tmp_path / "g")
    assert code == 0


@pytest.fixture(scope="module")
def conforming(tmp_path_factory):
    root = tmp_path_factory.mktemp("synth") / "g"
    generate(root, 80, seed=3)
    return root


def test_no_violation_when_none_is_planted(conforming):
    from jcgraph.graph.loading import load
    from jcgraph.validation.validate import validate

    report = validate(load(conforming))
    assert report.counts["violation"] == 0, report.to_text()[:2000]


def test_every_planted_violation_is_found(tmp_path):
    from jcgraph.backends.oxigraph import validate as fastvalidate
    from jcgraph.backends.oxigraph.store import open_store
    from jcgraph.validation.validate import shapes_graph

    root = tmp_path / "g"
    summary = generate(root, 120, seed=5, violations=len(VIOLATION_KINDS))
    planted = json.loads((root / "planted-violations.json").read_text())
    assert sorted(p["kind"] for p in planted) == sorted(VIOLATION_KINDS)
    assert planted == summary.planted
    report = fastvalidate.validate_store(open_store(root, on_disk=False), shapes_graph(root))
    violations = [r for r in report.results if r.severity == "violation"]
    for item in planted:
        assert any(str(r.focus) == item["focus"] for r in violations), item
    # and nothing else: every violation is on a planted node
    assert {str(r.focus) for r in violations} == {p["focus"] for p in planted}
