"""Deterministic export: byte-identical output, round trips in every format, an independent parser."""

from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

import jcgraph
from jcgraph.publish import export as ex

RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "xml": "xml",
}


def parse_export(data: bytes, fmt: str) -> Graph:
    """Parse an export back with rdflib, merging named graphs."""
    if fmt in ex.QUAD_FORMATS:
        dataset = Dataset()
        dataset.parse(data=data, format=RDFLIB_FORMATS[fmt])
        graph = Graph()
        for s, p, o, _ in dataset.quads():
            graph.add((s, p, o))
        return graph
    return Graph().parse(data=data, format=RDFLIB_FORMATS[fmt])


def shuffle_copy(root, seed: int = 7) -> None:
    """Rewrite every graph file under ``root`` as N-Triples lines (valid Turtle) in a random order,
    with blank nodes renamed, so that only the triples stay the same."""
    rng = random.Random(seed)
    for path in jcgraph.graph.loading.graph_files(root):
        lines = Graph().parse(path, format="turtle").serialize(format="nt").splitlines()
        lines = [line.replace("_:", "_:shuffled") for line in lines if line.strip()]
        rng.shuffle(lines)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("fmt", list(ex.FORMATS))
def test_two_exports_are_byte_identical(kg, fmt):
    assert ex.export(kg, fmt) == ex.export(kg, fmt)


@pytest.mark.parametrize("fmt", list(ex.FORMATS))
def test_round_trip_is_isomorphic(kg, fmt):
    data = ex.export(kg, fmt)
    assert isomorphic(parse_export(data, fmt), kg.asserted)


@pytest.mark.parametrize("fmt", list(ex.FORMATS))
def test_round_trip_through_jcgraph_parser_gives_same_bytes(kg, fmt, tmp_path):
    """Export, parse the export, export again: the second export equals the first."""
    data = ex.export(kg, fmt)
    if fmt in ex.QUAD_FORMATS:  # keep the named graphs
        parsed = Dataset()
        parsed.parse(data=data, format=RDFLIB_FORMATS[fmt])
    else:
        parsed = parse_export(data, fmt)
    again = ex.serialize_graph(parsed, fmt, ex.load_context(kg.root))
    assert again == data


def test_export_after_shuffling_is_byte_identical(kg, graph_copy, run_cli, tmp_path):
    shuffle_copy(graph_copy)
    before = tmp_path / "before"
    after = tmp_path / "after"
    assert run_cli("export", "--root", kg.root, "--what", "all", "-o", f"{before}/")[0] == 0
    assert run_cli("export", "--root", graph_copy, "--what", "all", "-o", f"{after}/")[0] == 0
    names = sorted(p.name for p in before.iterdir())
    assert names == sorted(p.name for p in after.iterdir()) and len(names) == len(ex.FORMATS)
    for name in names:
        assert (before / name).read_bytes() == (after / name).read_bytes(), name


def test_turtle_parses_with_pyoxigraph(kg):
    data = ex.export(kg, "turtle", what="all")
    triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(kg.asserted) + len(kg.inferred("owlrl"))
    trig = list(ox.parse(ex.export(kg, "trig"), format=ox.RdfFormat.TRIG))
    assert len(trig) == sum(len(f.triples) for f in kg.files)


def test_turtle_declares_only_used_prefixes_in_order(kg):
    text = ex.export(kg, "turtle", graph="ontology").decode()
    declared = [line.split()[1].rstrip(":") for line in text.splitlines() if line.startswith("@prefix")]
    assert declared == sorted(declared)
    body = text.split("\n\n", 1)[1]
    for prefix in declared:
        assert f"{prefix}:" in body
    assert "state:" not in declared  # no data in the ontology export


def test_nquads_keep_one_graph_per_file_and_inferred_apart(kg):
    lines = ex.export(kg, "nquads", what="all").decode().splitlines()
    graphs = {line.rsplit(" ", 2)[-2] for line in lines}
    expected = {f"<{f.graph_iri}>" for f in kg.files} | {f"<{ex.inferred_graph_iri('owlrl')}>"}
    assert graphs == expected
    assert lines == sorted(lines)


def test_inferred_is_closure_minus_asserted(kg):
    inferred = parse_export(ex.export(kg, "ntriples", what="inferred"), "ntriples")
    assert len(inferred) == len(kg.inferred("owlrl")) > 0
    assert not any(t in kg.asserted for t in inferred if not any(isinstance(x, BNode) for x in t))


def test_graph_selection_by_folder(kg):
    ontology = parse_export(ex.export(kg, "ntriples", graph="ontology"), "ntriples")
    data = parse_export(ex.export(kg, "ntriples", graph="data"), "ntriples")
    assert len(ontology) + len(data) >= len(kg.asserted)
    assert (URIRef("https://w3id.org/jcgraph/ontology#State"), None, None) not in data
    assert any("concept/crime-domain" in str(s) for s in ontology.subjects())


def test_jsonld_reads_as_plain_json(kg):
    document = json.loads(ex.export(kg, "jsonld"))
    assert isinstance(document["@context"], dict)  # embedded, never a URL to fetch
    nodes = {node["id"]: node for node in document["@graph"]}
    morocco = nodes["state:MAR"]
    assert morocco["type"] == "State"
    assert morocco["label"] == {"en": "Morocco", "fr": "Maroc"}
    assert morocco["iso3166Alpha3"] == "MAR"


def test_shipped_context_is_up_to_date(kg, repo_root):
    ontology = Graph()
    for loaded in ex.select_files(kg, "ontology"):
        ontology += loaded.triples
    shipped = (repo_root / "ontology" / "context.jsonld").read_bytes()
    assert shipped == ex.context_document(ontology), "run `jcgraph export --write-context` after changing the ontology"


def test_cli_format_from_extension_and_errors(kg, run_cli, tmp_path):
    out = tmp_path / "g.nt"
    assert run_cli("export", "--root", kg.root, "-o", out)[0] == 0
    assert out.read_bytes() == ex.export(kg, "ntriples")
    code, _, err = run_cli("export", "--root", kg.root, "-o", tmp_path / "g.unknown")
    assert code == 2 and "--format" in err and "Traceback" not in err
    code, out_text, _ = run_cli("export", "--root", kg.root, "--graph", "data", "--format", "ttl")
    assert code == 0 and out_text.startswith("@prefix")
