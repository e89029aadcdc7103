"""Release: VoID counts by SPARQL, HTML docs with every label, checksums, CHANGELOG, version bump."""

from __future__ import annotations

import hashlib
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, OWL, RDF, RDFS, VOID

import jcgraph
from jcgraph.namespaces import JC, ONTOLOGY_IRI
from jcgraph.publish import release as rel

SPDX = "http://spdx.org/rdf/terms#"
DATE = "2026-12-01"


@pytest.fixture(scope="module")
def released(tmp_path_factory, repo_root):
    out = tmp_path_factory.mktemp("release") / "0.2.0"
    kg = jcgraph.load(repo_root)
    rel.release(kg, out, "0.2.0", rel.dt.date.fromisoformat(DATE), inference="none")
    return out


def sparql_count(graph: Graph, expression: str, pattern: str = "?s ?p ?o") -> int:
    rows = list(graph.query(f"SELECT ({expression} AS ?n) WHERE {{ {pattern} }}"))
    return int(rows[0][0])


def test_void_counts_equal_sparql_counts(released):
    void = Graph().parse(released / "void.ttl")
    data = Graph().parse(released / "jcgraph.nt")
    d = rel.DATASET_IRI
    expected = {
        "triples": sparql_count(data, "COUNT(*)"),
        "entities": sparql_count(data, "COUNT(DISTINCT ?s)", "?s ?p ?o FILTER(isIRI(?s))"),
        "classes": sparql_count(data, "COUNT(DISTINCT ?c)", "?x a ?c"),
        "properties": sparql_count(data, "COUNT(DISTINCT ?p)"),
        "distinctSubjects": sparql_count(data, "COUNT(DISTINCT ?s)"),
        "distinctObjects": sparql_count(data, "COUNT(DISTINCT ?o)"),
    }
    for name, value in expected.items():
        assert void.value(d, VOID[name]).toPython() == value, name
    for part in void.objects(d, VOID.classPartition):
        cls = void.value(part, VOID["class"])
        n = sparql_count(data, "COUNT(DISTINCT ?x)", f"?x a <{cls}>")
        assert void.value(part, VOID.entities).toPython() == n
    assert (d, VOID.exampleResource, URIRef("https://w3id.org/jcgraph/id/state/KAZ")) in void
    assert (d, VOID.vocabulary, URIRef(str(JC))) in void
    assert void.value(d, URIRef(str(DCAT) + "version")) == Literal("0.2.0")


def test_distribution_checksums_and_sizes_match_files(released):
    void = Graph().parse(released / "void.ttl")
    distributions = list(void.objects(rel.DATASET_IRI, DCAT.distribution))
    assert len(distributions) >= 10
    for dist in distributions:
        name = str(void.value(dist, URIRef("http://purl.org/dc/terms/title")))
        data = (released / name).read_bytes()
        assert void.value(dist, DCAT.byteSize).toPython() == len(data)
        checksum = void.value(dist, URIRef(SPDX + "checksum"))
        assert void.value(checksum, URIRef(SPDX + "algorithm")) == URIRef(SPDX + "checksumAlgorithm_sha256")
        assert str(void.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(data).hexdigest()
        assert str(void.value(dist, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
    for line in (released / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((released / name).read_bytes()).hexdigest() == digest


def test_release_holds_every_format_ontology_and_shapes(released, repo_root):
    for name in (
        "jcgraph.ttl",
        "jcgraph.nt",
        "jcgraph.nq",
        "jcgraph.trig",
        "jcgraph.jsonld",
        "jcgraph.rdf",
        "jcgraph-ontology.ttl",
        "context.jsonld",
        "index.html",
        "CHANGELOG.md",
        "void.ttl",
    ):
        assert (released / name).is_file(), name
    for shape in jcgraph.graph.loading.shape_files(repo_root):
        assert (released / "shapes" / shape.name).read_bytes() == shape.read_bytes()
    ontology = Graph().parse(released / "jcgraph-ontology.ttl")
    assert not any("/id/" in str(s) for s in ontology.subjects())


def test_html_documentation_has_every_class_and_property_label(released, kg):
    html = (released / "index.html").read_text(encoding="utf-8")
    from html import escape

    terms = [
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in kg.asserted.subjects(RDF.type, kind)
        if str(s).startswith(str(JC))
    ]
    assert len(terms) > 30
    for term in terms:
        for lang in ("en", "fr"):
            labels = [str(v) for v in kg.asserted.objects(term, RDFS.label) if v.language == lang]
            assert labels, (term, lang)
            assert any(escape(label) in html for label in labels), (term, lang)
        assert f'id="{str(term)[len(str(JC)) :]}"' in html
    assert "https://" not in re.sub(r"(href|>)[^<]*", "", html.split("<body>")[0])  # no remote assets


def test_released_ontology_carries_the_version(released, kg):
    ontology = Graph().parse(released / "jcgraph-ontology.ttl")
    header = URIRef(ONTOLOGY_IRI)
    assert ontology.value(header, OWL.versionIRI) == URIRef(ONTOLOGY_IRI + "/0.2.0")
    assert str(ontology.value(header, OWL.versionInfo)) == "0.2.0"
    old = kg.asserted.value(header, OWL.versionIRI)
    assert (header, OWL.priorVersion, old) in ontology


def test_release_is_deterministic(released, repo_root, tmp_path):
    kg = jcgraph.load(repo_root)
    again = tmp_path / "again"
    rel.release(kg, again, "0.2.0", rel.dt.date.fromisoformat(DATE), inference="none")
    for path in sorted(p for p in released.rglob("*") if p.is_file()):
        assert (again / path.relative_to(released)).read_bytes() == path.read_bytes(), path.name


def test_changelog_against_previous_release(released, graph_copy, run_cli, tmp_path):
    onto = graph_copy / "ontology" / "jcgraph.ttl"
    text = onto.read_text(encoding="utf-8")
    text += (
        '\njc:Extradition a owl:Class ;\n    rdfs:label "extradition"@en , "extradition"@fr ;\n'
        "    rdfs:subClassOf jc:Agreement .\n"
    )
    text = re.sub(r"\njc:Legislature\n(.*?\n)*?\n", "\n", text, count=1)  # remove one class block
    onto.write_text(text, encoding="utf-8")
    out = tmp_path / "0.3.0"
    code, _, err = run_cli(
        "release",
        "--root",
        graph_copy,
        "-o",
        out,
        "--version",
        "0.3.0",
        "--date",
        DATE,
        "--previous",
        released,
        "--inference",
        "none",
    )
    assert code == 0, err
    log = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.startswith("# Changelog\n\n## 0.3.0 (2026-12-01)")
    added = log.split("### Added terms")[1].split("###")[0]
    removed = log.split("### Removed terms")[1].split("###")[0]
    assert "`jc:Extradition`" in added
    assert "`jc:Legislature`" in removed
    assert "## 0.2.0 (2026-12-01)" in log  # the previous release's entries follow
    ontology = Graph().parse(out / "jcgraph-ontology.ttl")
    priors = set(ontology.objects(URIRef(ONTOLOGY_IRI), OWL.priorVersion))
    assert URIRef(ONTOLOGY_IRI + "/0.2.0") in priors


def test_bump_writes_version_into_source(graph_copy, run_cli, tmp_path):
    source = graph_copy / "ontology" / "jcgraph.ttl"
    old = Graph().parse(source).value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
    code, _, err = run_cli(
        "release",
        "--root",
        graph_copy,
        "-o",
        tmp_path / "r",
        "--version",
        "1.0.0",
        "--bump",
        "--date",
        DATE,
        "--inference",
        "none",
    )
    assert code == 0, err
    bumped = Graph().parse(source)
    header = URIRef(ONTOLOGY_IRI)
    assert bumped.value(header, OWL.versionIRI) == URIRef(ONTOLOGY_IRI + "/1.0.0")
    assert str(bumped.value(header, OWL.versionInfo)) == "1.0.0"
    assert (header, OWL.priorVersion, old) in bumped


def test_bad_version_is_an_input_error(graph_copy, run_cli, tmp_path):
    from tests.conftest import tree_digest

    before = tree_digest(graph_copy)
    code, _, err = run_cli("release", "--root", graph_copy, "-o", tmp_path / "r", "--version", "v2", "--bump")
    assert code == 2 and "X.Y.Z" in err
    assert tree_digest(graph_copy) == before
