"""The fast path gives the reference path's results: owlrl's entailments, pySHACL's validation results.

Compared fields for validation: focus node, result path, value, constraint component, severity and
source shape, as multisets. For inference: :func:`jcgraph.backends.oxigraph.infer.comparable` (instance-level
triples; owlrl's schema-level conclusions and typing of terms left out, see its docstring).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from jcgraph.backends.memory.infer import closure
from jcgraph.backends.oxigraph import infer as fastinfer
from jcgraph.backends.oxigraph import validate as fastvalidate
from jcgraph.backends.oxigraph.store import open_store
from jcgraph.graph.loading import load, rule_files
from jcgraph.tools.synth import generate
from jcgraph.validation.validate import read_delta, shapes_graph, validate, validate_shapes

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures" / "shapes"
FIXTURES = sorted(FIXTURES_DIR.glob("*/*.ttl"))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("fast") / "g"
    generate(root, 40, seed=11, violations=8)
    return root


def keys(results) -> Counter:
    return Counter(r.key() for r in results)


# -- inference ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["owlrl", "rdfs"])
def test_fast_inference_equals_owlrl_on_the_shipped_graph(repo_root, mode):
    kg = load(repo_root)
    reference = closure(kg.asserted, mode, rule_files(kg.root))
    fast = fastinfer.closure(open_store(repo_root, on_disk=False), mode)
    expected = fastinfer.comparable(reference)
    if mode == "rdfs":
        expected = fastinfer.without_literal_artifacts(expected, kg.asserted)
    assert fastinfer.comparable(fast) == expected


def test_fast_inference_equals_owlrl_on_a_synthetic_graph(synthetic):
    kg = load(synthetic)
    reference = closure(kg.asserted, "owlrl", rule_files(kg.root))
    fast = fastinfer.closure(open_store(synthetic, on_disk=False), "owlrl")
    assert fastinfer.comparable(fast) == fastinfer.comparable(reference)
    # the property chains are there (reasonable derives none of them)
    assert any(p.endswith("sharesAgreementWith") for _, p, _ in fast)


def test_fast_inference_is_kept_apart_and_queried_with_inference(repo_root):
    store = open_store(repo_root, on_disk=False)
    asserted = store.count()
    rows = store.select("SELECT ?b WHERE { state:MAR jc:cooperatesWith ?b }", "owlrl")
    assert {str(r["b"]).rsplit("/", 1)[1] for r in rows} == {"KAZ", "KEN"}
    assert store.count() == asserted
    assert store.select("SELECT ?b WHERE { state:MAR jc:cooperatesWith ?b }") == []


def test_unsupported_axioms_fall_back_to_owlrl(tmp_path, repo_root):
    import shutil

    root = tmp_path / "g"
    shutil.copytree(repo_root / "ontology", root / "ontology")
    shutil.copytree(repo_root / "data", root / "data")
    (root / "data" / "same.ttl").write_text(
        "<https://w3id.org/jcgraph/id/state/MAR> <http://www.w3.org/2002/07/owl#sameAs> "
        "<https://w3id.org/jcgraph/id/state/X> .\n",
        encoding="utf-8",
    )
    store = open_store(root, on_disk=False)
    with pytest.raises(fastinfer.Unsupported):
        fastinfer.materialise(store, "owlrl")
    # the store answers anyway, through owlrl
    types = {str(r["t"]) for r in store.select("SELECT ?t WHERE { state:X a ?t }", "owlrl")}
    assert "https://w3id.org/jcgraph/ontology#State" in types


# -- whole-graph validation ------------------------------------------------------------------------------


def test_compiled_validation_equals_pyshacl_on_all_fixtures_at_once(repo_root):
    # One graph holding the shipped data and every fixture: each constraint is broken somewhere in it
    # (one pySHACL run instead of one per fixture keeps the test fast).
    kg = load(repo_root, extra=FIXTURES)
    reference = fastvalidate.pyshacl_results(validate(kg))
    store = open_store(repo_root, extra=FIXTURES, on_disk=False)
    fast = fastvalidate.run_checks(store, fastvalidate.compile_shapes(shapes_graph(repo_root)))
    assert keys(fast) == keys(reference)
    components = {r.component.split("#")[1] for r in reference}
    assert len(components) >= 8, components


def test_compiled_validation_equals_pyshacl_on_a_synthetic_graph_with_planted_violations(synthetic):
    reference = validate_shapes(load(synthetic))  # the shapes alone: the quality gates are not compiled
    fast = fastvalidate.validate_store(open_store(synthetic, on_disk=False), shapes_graph(synthetic))
    assert reference.counts["violation"] >= 8
    assert keys(fastvalidate.pyshacl_results(fast)) == keys(fastvalidate.pyshacl_results(reference))
    # the report reads the same to a person: messages filled in both languages
    assert sorted(r.messages.keys() for r in fast.results) == sorted(r.messages.keys() for r in reference.results)
    assert [r.message for r in fast.results] == [r.message for r in reference.results]


def test_unsupported_constraints_fall_back_to_pyshacl(repo_root):
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import RDF, SH

    shapes = shapes_graph(repo_root)
    extended = type(shapes)()
    extended += shapes
    shape, prop = URIRef("https://w3id.org/jcgraph/shapes#Test"), BNode()
    extended.add((shape, RDF.type, SH.NodeShape))
    extended.add((shape, SH.targetClass, URIRef("https://w3id.org/jcgraph/ontology#State")))
    extended.add((shape, SH.property, prop))
    extended.add((prop, SH.path, URIRef("https://w3id.org/jcgraph/ontology#iso3166Alpha2")))
    extended.add((prop, SH.uniqueLang, Literal(True)))
    with pytest.raises(fastvalidate.Unsupported):
        fastvalidate.compile_shapes(extended)
    report = fastvalidate.validate_store(open_store(repo_root, on_disk=False), extended)
    assert report.counts["violation"] == 0  # pySHACL ran: the plain-string codes pass sh:uniqueLang


# -- delta validation -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_store(repo_root):
    return open_store(repo_root, on_disk=False)


DELTA_CASES = [(f, "sparql") for f in FIXTURES] + [(f, "pyshacl") for f in FIXTURES[::6]]


@pytest.mark.parametrize(
    ("fixture", "engine"), DELTA_CASES, ids=lambda v: v if isinstance(v, str) else f"{v.parent.name}/{v.stem}"
)
def test_delta_through_its_neighbourhood_equals_pyshacl_on_the_whole_graph(kg, shipped_store, fixture, engine):
    delta = read_delta([fixture])
    reference = validate(kg, delta)
    fast = fastvalidate.validate_delta(shipped_store, shapes_graph(kg.root), delta, engine=engine)
    assert keys(fastvalidate.pyshacl_results(fast)) == keys(fastvalidate.pyshacl_results(reference))
    assert fast.conforms == reference.conforms


def test_delta_neighbourhood_is_small_and_keeps_inverse_paths(shipped_store, repo_root):
    from rdflib import URIRef

    from jcgraph.backends.delta import skolemize as _skolemize

    delta = _skolemize(read_delta([FIXTURES_DIR / "valid" / "agreement.ttl"]))
    source = fastvalidate._Source(shipped_store, delta, "none")
    focus = fastvalidate.delta_focus(delta, source)
    hood = fastvalidate.neighbourhood(shipped_store, shapes_graph(repo_root), delta, focus)
    assert len(hood) < shipped_store.count()
    # a post in focus brings its holdings (the inverse step of ^jc:heldPost/jc:holder)
    post = next((n for n in focus if "/post/" in str(n)), None)
    if post is not None:
        held = URIRef("https://w3id.org/jcgraph/ontology#heldPost")
        assert list(hood.subjects(held, post))


# -- store -----------------------------------------------------------------------------------------------


def test_on_disk_store_is_reused_and_export_is_deterministic(tmp_path, monkeypatch, repo_root):
    monkeypatch.setenv("JCGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    first = open_store(repo_root, on_disk=True)
    assert first.path is not None and first.path.is_dir()
    count = first.count()
    del first
    second = open_store(repo_root, on_disk=True)
    assert second.count() == count
    second.export_turtle(tmp_path / "a.ttl")
    open_store(repo_root, on_disk=False).export_turtle(tmp_path / "b.ttl")
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()
    from rdflib import Graph

    assert len(Graph().parse(tmp_path / "a.ttl")) == count


def test_syntax_errors_name_the_file_line_and_column(tmp_path, repo_root):
    import shutil

    from jcgraph.errors import RDFSyntaxError

    root = tmp_path / "g"
    shutil.copytree(repo_root / "ontology", root / "ontology")
    (root / "data").mkdir()
    (root / "data" / "bad.ttl").write_text("@prefix jc: <https://w3id.org/jcgraph/ontology#> .\n\njc:a jc:b .\n")
    with pytest.raises(RDFSyntaxError) as error:
        open_store(root, on_disk=False)
    assert error.value.line == 3 and "bad.ttl" in str(error.value)


def test_knowledge_graph_has_a_store(kg):
    from jcgraph.backends.oxigraph.backend import OxigraphBackend

    assert OxigraphBackend(kg).store.count() == len(kg.asserted)
