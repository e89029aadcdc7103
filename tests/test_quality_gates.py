"""The quality gates of ``jcgraph validate`` (validation/quality.py), each with its message, on both backends."""

from __future__ import annotations

import json
import re

import pytest

from jcgraph.namespaces import PREFIXES
from jcgraph.validation.quality import normalise

HEADER = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())

SOURCE = """
src:test-gates a jc:NewsArticle ;
    rdfs:label "Test source for the gates"@en , "Source de test des contrôles"@fr ;
    schema:url <https://example.org/jcgraph-test/gates> ;
    dct:publisher pub:le-reporter ;
    dct:issued "2025-01"^^xsd:gYearMonth .
"""

SECOND_OUAHBI = """
person:abdellatif-ouahbi-2 a foaf:Person ;
    foaf:name "Abdellatif Ouahbi" ;
    rdfs:label "Abdellatif OUAHBI"@en , "Abdellatif Ouahbi"@fr ;
    dct:source src:test-gates .
"""

NEAR_OUAHBI = """
person:abdelatif-ouahbi a foaf:Person ;
    rdfs:label "Abdelatif Ouahbi"@en , "Abdelatif Ouahbi"@fr ;
    dct:source src:test-gates .
"""

TYPO = """
place:test-district a schema:Place ;
    rdfs:label "A test district of Rabat"@en , "Un quartier de test de Rabat"@fr ;
    schema:containedInPlce place:rabat ;
    dct:source src:test-gates .
"""

PROV_TYPO = """
src:test-gates prov:wasAssociatedWith pub:map .
"""

LAST_THURSDAY = """
holding:test-ouahbi-last-thursday a jc:PostHolding ;
    jc:holder person:abdellatif-ouahbi ;
    jc:heldPost post:mar-minister-of-justice ;
    jc:attestedOn "last Thursday" ;
    dct:source src:test-gates .
"""

WIKIDATA_STRING = """
place:test-casablanca a schema:City ;
    rdfs:label "Casablanca"@en , "Casablanca"@fr ;
    schema:sameAs "Q7903" ;
    dct:source src:test-gates .
"""

BAD_IRI = """
<https://w3id.org/jcgraph/id/people/someone> a foaf:Person ;
    rdfs:label "Someone Unknown"@en , "Someone Unknown"@fr ;
    dct:source src:test-gates .
"""

NOT_REPORTED = """
event:test-mar-kaz-2025-undated-signing a jc:Signing ;
    rdfs:label "Signing of a test convention, date not reported"@en ,
        "Signature d'une convention de test, date non rapportée"@fr ;
    jc:ofAgreement agr:mar-kaz-2024-extradition ;
    jc:notReported jc:date ;
    jc:place place:rabat ;
    jc:hasSignature sig:test-mar-kaz-2024-undated-mar ;
    dct:source src:test-gates .

sig:test-mar-kaz-2024-undated-mar a jc:Signature ;
    jc:signer person:abdellatif-ouahbi ;
    jc:onBehalfOf state:MAR ;
    jc:inCapacityOf post:mar-minister-of-justice ;
    dct:source src:test-gates .
"""


@pytest.fixture(params=["rdflib", "oxigraph"])
def backend(request, monkeypatch):
    monkeypatch.setenv("JCGRAPH_BACKEND", request.param)
    return request.param


def run_delta(run_cli, tmp_path, body: str, *args: str):
    delta = tmp_path / "delta.ttl"
    delta.write_text(HEADER + SOURCE + body, encoding="utf-8")
    code, out, err = run_cli("validate", delta, "--format", "json", *args)
    assert err == "" or code != 2, err
    return code, json.loads(out)


def results_of(report, gate: str) -> list[dict]:
    return [r for r in report["results"] if (r["sourceConstraintComponent"] or "").endswith(gate)]


def test_names_are_folded():
    assert normalise("Abdellatif  OUAHBI.") == normalise("abdellatif ouahbi") == "abdellatif ouahbi"
    assert normalise("Rinson Ng'onga") == "rinson ng onga"
    assert normalise("Ministère de la Justice") == "ministere de la justice"


def test_a_second_ouahbi_is_a_violation_naming_the_existing_iri(run_cli, tmp_path, backend):
    code, report = run_delta(run_cli, tmp_path, SECOND_OUAHBI)
    assert code == 1
    (result,) = results_of(report, "QualityGate-duplicate")
    assert result["severity"] == "violation"
    assert result["focusNode"].endswith("person/abdellatif-ouahbi-2")
    assert "https://w3id.org/jcgraph/id/person/abdellatif-ouahbi" in result["message"]
    assert set(result["messages"]) == {"en", "fr"}


def test_a_distinguishing_note_accepts_a_namesake(run_cli, tmp_path, backend):
    noted = SECOND_OUAHBI.replace(
        "dct:source src:test-gates .",
        'skos:scopeNote "A namesake: a Moroccan footballer, not the minister."@en ;\n    dct:source src:test-gates .',
    )
    code, report = run_delta(run_cli, tmp_path, noted)
    assert results_of(report, "QualityGate-duplicate") == [] and code == 0


def test_a_near_name_is_a_warning(run_cli, tmp_path, backend):
    code, report = run_delta(run_cli, tmp_path, NEAR_OUAHBI)
    (result,) = results_of(report, "QualityGate-near-duplicate")
    assert result["severity"] == "warning" and "person/abdellatif-ouahbi" in result["message"]
    assert code == 0
    assert run_delta(run_cli, tmp_path, NEAR_OUAHBI, "--fail-on", "warning")[0] == 1


def test_a_shared_wikidata_id_is_a_duplicate(run_cli, tmp_path, backend):
    body = """
place:test-rabat-again a schema:City ;
    rdfs:label "Rabat-Salé"@en , "Rabat-Salé"@fr ;
    schema:sameAs wd:Q3551 ;
    dct:source src:test-gates .
"""
    code, report = run_delta(run_cli, tmp_path, body)
    (result,) = results_of(report, "QualityGate-duplicate")
    assert "Q3551" in result["message"] and "place/rabat" in result["message"] and code == 1


@pytest.mark.parametrize(
    ("body", "term"),
    [(TYPO, "https://schema.org/containedInPlce"), (PROV_TYPO, "http://www.w3.org/ns/prov#wasAssociatedWith")],
)
def test_an_undeclared_term_is_reported(run_cli, tmp_path, backend, body, term):
    code, report = run_delta(run_cli, tmp_path, body)
    (result,) = results_of(report, "QualityGate-undeclared-term")
    assert result["value"] == f"<{term}>" and "declared neither in the ontology" in result["message"]
    assert code == 1


def test_last_thursday_is_not_a_date(run_cli, tmp_path, backend):
    code, report = run_delta(run_cli, tmp_path, LAST_THURSDAY)
    # the shape PostHolding-attestedOn-datatype reports it, so the gate's own result is dropped as a repeat
    found = [r for r in report["results"] if r["resultPath"] == "jc:attestedOn" and r["severity"] == "violation"]
    assert found and code == 1


def test_a_wikidata_id_as_a_plain_string_is_a_violation(run_cli, tmp_path, backend):
    code, report = run_delta(run_cli, tmp_path, WIKIDATA_STRING)
    (result,) = results_of(report, "QualityGate-literal-for-thing")
    assert result["resultPath"] == "schema:sameAs" and "wd:Q1028" in result["message"] and code == 1


def test_an_iri_outside_the_scheme_is_a_violation(run_cli, tmp_path, backend):
    code, report = run_delta(run_cli, tmp_path, BAD_IRI)
    (result,) = results_of(report, "QualityGate-iri-scheme")
    assert "id/people/someone" in result["message"] and "post-holding" in result["message"] and code == 1


def test_the_gates_are_in_the_turtle_report(run_cli, tmp_path):
    delta = tmp_path / "delta.ttl"
    delta.write_text(HEADER + SOURCE + TYPO, encoding="utf-8")
    code, out, _ = run_cli("validate", delta, "--format", "turtle")
    assert code == 1 and "QualityGate-undeclared-term" in out and "containedInPlce" in out


def test_a_signing_whose_date_is_not_reported_conforms(run_cli, tmp_path, backend):
    code, report = run_delta(run_cli, tmp_path, NOT_REPORTED)
    assert code == 0, report["results"]
    assert report["counts"]["violation"] == 0


def test_the_whole_frozen_graph_passes_the_gates(run_cli, backend):
    code, out, _ = run_cli("validate", "--format", "json")
    report = json.loads(out)
    assert code == 0 and not [r for r in report["results"] if "QualityGate" in (r["sourceShape"] or "")]


def test_the_readme_lists_exactly_the_iri_kinds(checkout):
    from jcgraph.namespaces import ID_KINDS

    readme = (checkout / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `(\w+):` \| `([\w-]+)` \|$", readme, flags=re.M))
    assert listed == ID_KINDS


NOTED_OUAHBI = SECOND_OUAHBI.replace(
    "dct:source src:test-gates .",
    'skos:scopeNote "A namesake: a Moroccan footballer, not the minister."@en ;\n    dct:source src:test-gates .',
)


def test_a_namesake_the_delta_gate_let_in_passes_on_the_whole_graph(run_cli, tmp_path, backend):
    """The note sits on the new node, whose IRI sorts after the existing one: the whole graph still passes."""
    from tests.conftest import assemble_root

    root = assemble_root(tmp_path / "graph")
    (root / "data" / "namesake.ttl").write_text(HEADER + SOURCE + NOTED_OUAHBI, encoding="utf-8")
    code, out, err = run_cli("validate", "--root", root, "--format", "json")
    assert results_of(json.loads(out), "QualityGate-duplicate") == [] and code == 0, err


def test_the_gates_never_copy_a_store_held_graph_into_rdflib(repo_root, monkeypatch, tmp_path):
    """On the store engine the gates ask the engine for what they read: no data file is parsed by rdflib."""
    import jcgraph
    from jcgraph.validation.validate import validate

    monkeypatch.setenv("JCGRAPH_BACKEND", "oxigraph")
    delta = tmp_path / "delta.ttl"
    delta.write_text(HEADER + SOURCE + SECOND_OUAHBI, encoding="utf-8")
    graph = jcgraph.load(repo_root)
    report = validate(graph, [delta])
    assert [r for r in report.results if str(r.component).endswith("QualityGate-duplicate")]
    assert all(f._triples is None for f in graph.data_files())


NEWCOMER = """
person:test-newcomer a foaf:Person ;
    rdfs:label "Zineb Testperson"@en , "Zineb Testperson"@fr ;
    dct:source src:test-gates .
"""


def test_the_things_index_follows_the_graphs_content(run_cli, graph_copy, tmp_path, backend):
    """The duplicate gate's index of the graph's things is cached by content: a person added later is seen."""
    namesake = NEWCOMER.replace("test-newcomer", "test-newcomer-2")
    delta = tmp_path / "delta.ttl"
    delta.write_text(HEADER + SOURCE + namesake, encoding="utf-8")
    code, out, _ = run_cli("validate", "--root", graph_copy, delta, "--format", "json")
    assert results_of(json.loads(out), "QualityGate-duplicate") == []  # the index is built and kept
    (graph_copy / "data" / "newcomer.ttl").write_text(HEADER + SOURCE + NEWCOMER, encoding="utf-8")
    code, out, _ = run_cli("validate", "--root", graph_copy, delta, "--format", "json")
    (result,) = results_of(json.loads(out), "QualityGate-duplicate")
    assert "person/test-newcomer" in result["message"] and code == 1


@pytest.mark.parametrize("damage", ["truncated", "whole but not an index"])
def test_a_damaged_things_index_never_changes_an_answer(run_cli, graph_copy, tmp_path, monkeypatch, backend, damage):
    from jcgraph.graph.digest import write_checked

    monkeypatch.setenv("JCGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    delta = tmp_path / "delta.ttl"
    delta.write_text(HEADER + SOURCE + SECOND_OUAHBI, encoding="utf-8")
    expected = run_cli("validate", "--root", graph_copy, delta, "--format", "json")[:2]
    entries = list((tmp_path / "cache").glob("things-*.json")) + list((tmp_path / "cache").glob("patterns-*.json"))
    assert any(e.name.startswith("things-") for e in entries)
    for entry in entries:
        if damage == "truncated":
            entry.write_bytes(entry.read_bytes()[:-40])
        else:
            write_checked(entry, b'{"not": "an index"}')
    assert run_cli("validate", "--root", graph_copy, delta, "--format", "json")[:2] == expected


PLANTED = """
<https://w3id.org/jcgraph/id/people/someone> a foaf:Person ;
    rdfs:label "Someone Unknown"@en , "Someone Unknown"@fr ;
    dct:source src:test-gates .
place:test-quarter a schema:Place ;
    rdfs:label "A test quarter"@en , "Un quartier de test"@fr ;
    schema:containedInPlce place:rabat ;
    jc:notATerm "x" ;
    dct:source src:test-gates , <https://w3id.org/jcgraph/id/source/Not_In_Scheme> .
place:test-square a schema:Plaza , schema:Place ;
    rdfs:label "A test square"@en , "Une place de test"@fr ;
    schema:sameAs "Q7903" ;
    schema:containedInPlace "Rabat" ;
    dct:source src:test-gates .
holding:test-ouahbi-thursday a jc:PostHolding ;
    jc:holder person:abdellatif-ouahbi ;
    jc:heldPost post:mar-minister-of-justice ;
    jc:attestedOn "last Thursday" , "2024"^^<https://example.org/year> ;
    dct:source src:test-gates .
"""


def test_the_whole_graph_gates_read_only_suspect_triples_and_find_all(tmp_path, monkeypatch, backend):
    """On the whole graph the triple gates read only the triples naming a suspect term; they find the same."""
    import jcgraph
    from jcgraph.backends import engine_for
    from jcgraph.validation import gates, quality
    from tests.conftest import assemble_root

    root = assemble_root(tmp_path / "graph")
    (root / "data" / "planted.ttl").write_text(HEADER + SOURCE + PLANTED, encoding="utf-8")
    kg = jcgraph.load(root)
    engine = engine_for(kg)
    ontology = gates.gate_ontology(kg)
    things = gates.graph_things(kg, ontology)
    everything = list(engine.data_triples())
    suspect = gates.suspect_triples(engine, ontology)

    def found(triples):
        return sorted(
            (str(f.focus), str(f.path), str(f.value), f.gate) for f in quality.check(triples, ontology, things)
        )

    assert len(suspect) < len(everything) / 10
    assert found(suspect) == found(everything)
    assert {gate for *_, gate in found(suspect)} >= {
        "iri-scheme",
        "undeclared-term",
        "literal-for-thing",
        "datatype-range",
    }
