"""Both engines through the command line: hostile input, export bytes, catalogue queries, validation reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jcgraph.query.engine import catalogue

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "bad-input"
SHAPE_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "shapes" / "invalid").glob("*.ttl"))
FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "xml")


@pytest.fixture(scope="module")
def ontology_only(tmp_path_factory) -> Path:
    """A graph root holding the ontology and an empty data/ (the bad file is put into data/ by each case)."""
    root = tmp_path_factory.mktemp("contract") / "graph"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    (root / "data").mkdir()
    return root


def _same(outputs: dict) -> tuple:
    rdflib, oxigraph = outputs["rdflib"], outputs["oxigraph"]
    assert rdflib == oxigraph, f"rdflib: {rdflib}\noxigraph: {oxigraph}"
    return rdflib


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_hostile_input_as_a_delta(name, on_both, repo_root):
    code, _, err = _same(on_both("validate", "--root", repo_root, CORPUS / name))
    assert "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir() if p.suffix == ".ttl"))
def test_hostile_input_as_a_data_file(name, on_both, ontology_only, tmp_path):
    root = tmp_path / "graph"
    shutil.copytree(ontology_only, root)
    shutil.copy(CORPUS / name, root / "data" / name)
    code, _, err = _same(on_both("validate", "--root", root))
    assert "Traceback" not in err and code in (0, 1, 2)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_byte_identical(fmt, on_both, repo_root):
    code, out, _ = _same(on_both("export", "--root", repo_root, "-f", fmt))
    assert code == 0 and out


@pytest.mark.slow
@pytest.mark.parametrize("what", ("inferred", "all"))
@pytest.mark.parametrize("fmt", ("turtle", "nquads"))
def test_export_with_inference_is_byte_identical(fmt, what, on_both, repo_root):
    code, out, _ = _same(on_both("export", "--root", repo_root, "-f", fmt, "--what", what))
    assert code == 0


BLANK_STATEMENT = """
@prefix jc: <https://w3id.org/jcgraph/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/jcgraph/id/participation/test-untoc-MAR> jc:hasTreatyStatement [
    jc:date "2002-09-19"^^xsd:date ;
    dct:source <https://w3id.org/jcgraph/id/source/lematin-2025-02-26-mar-kaz-extradition>
] .
"""


@pytest.mark.parametrize("fmt", ("trig", "jsonld", "turtle"))
def test_inferred_facts_of_a_blank_node_are_about_that_node(fmt, on_both, repo_root, tmp_path):
    """A blank node's inferred type (a treaty statement is an event) is about the node the file wrote,
    on both engines, twice in a row (the second answer from the caches)."""
    root = tmp_path / "graph"
    shutil.copytree(repo_root, root)
    (root / "data" / "statement.ttl").write_text(BLANK_STATEMENT, encoding="utf-8")
    for _ in range(2):
        code, out, _ = _same(on_both("export", "--root", root, "-f", fmt, "--what", "all", "--graph", "data"))
        assert code == 0
    from rdflib import BNode, Dataset
    from rdflib.namespace import DCTERMS, RDF

    parsed = Dataset()
    parsed.parse(data=out, format={"trig": "trig", "jsonld": "json-ld", "turtle": "turtle"}[fmt])
    (node,) = {s for s, _, _, _ in parsed.quads((None, DCTERMS.date, None, None)) if isinstance(s, BNode)}
    types = {o for _, _, o, _ in parsed.quads((node, RDF.type, None, None))}
    assert "https://w3id.org/jcgraph/ontology#Event" in {str(t) for t in types}


@pytest.mark.parametrize("inference", ("none", "owlrl"))
@pytest.mark.parametrize("entry", catalogue() + catalogue(checks=True), ids=lambda q: q.ident)
def test_catalogue_query_rows_in_the_same_order(entry, inference, loaded):
    from jcgraph.query.engine import query

    rows = {name: query(entry, kg=kg, inference=inference, timeout=0).to_csv() for name, kg in loaded.items()}
    _same(rows)


@pytest.mark.parametrize("entry", catalogue()[:2], ids=lambda q: q.ident)
def test_catalogue_query_through_the_command_line(entry, on_both, repo_root):
    code, out, _ = _same(on_both("query", "--root", repo_root, entry.ident, "--format", "csv"))
    assert code == 0 and out.count("\n") > 1


HOSTILE_VALUES = ('MAR" } ; DROP ALL ; #', "<http://x> } UNION { ?s ?p ?o", "\u0000", "x" * 2000, "'; --")


@pytest.mark.slow
@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
@pytest.mark.parametrize("entry", [q for q in catalogue() if q.params][:3], ids=lambda q: q.ident)
def test_hostile_parameters_are_answered_alike(entry, value, on_both, repo_root):
    param = entry.params[0].name
    code, _, err = _same(on_both("query", "--root", repo_root, entry.ident, "--param", f"{param}={value}"))
    assert "Traceback" not in err


def test_whole_graph_report_is_identical(on_both, repo_root):
    code, out, _ = _same(on_both("validate", "--root", repo_root, "--format", "json"))
    assert code == 0


@pytest.mark.parametrize("fixture", SHAPE_FIXTURES, ids=lambda p: p.stem)
def test_every_fixture_delta_report_is_identical(fixture, loaded):
    from jcgraph.validation.validate import read_delta, validate

    delta = read_delta([fixture])
    reports = {name: validate(kg, delta).render("json") for name, kg in loaded.items()}
    report = _same(reports)
    # a fixture that breaks a warning-level rule conforms at the default fail level
    warning_only = "expect severity: sh:Warning" in fixture.read_text(encoding="utf-8")
    assert ('"conforms": true' in report) == warning_only


@pytest.mark.parametrize("fixture", SHAPE_FIXTURES[:1], ids=lambda p: p.stem)
def test_a_fixture_delta_through_the_command_line(fixture, on_both, repo_root):
    code, _, _ = _same(on_both("validate", "--root", repo_root, "--format", "json", fixture))
    assert code == 1


@pytest.mark.slow
@pytest.mark.parametrize("inference", ("none", "owlrl"))
def test_synthetic_graph_with_planted_violations(inference, on_both, run_cli, tmp_path):
    root = tmp_path / "synthetic"
    assert run_cli("synth", "--agreements", "30", "--violations", "6", "--seed", "11", "-o", root)[0] == 0
    code, out, _ = _same(on_both("validate", "--root", root, "--format", "json", "--inference", inference))
    assert code == 1
