"""``jcgraph add`` files each node where the README's layout says (steward/placement.py)."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from jcgraph.namespaces import PREFIXES
from jcgraph.steward.placement import pair_name

HEADER = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
SOURCE = """
src:test-placement a jc:NewsArticle ;
    rdfs:label "Test source for placement"@en , "Source de test du classement"@fr ;
    schema:url <https://example.org/jcgraph-test/placement> ;
    dct:publisher pub:le-reporter ;
    dct:issued "2025-01"^^xsd:gYearMonth .
"""

CASES = {
    "state": (
        """state:SEN a jc:State ; rdfs:label "Senegal"@en , "Sénégal"@fr ;
           jc:iso3166Alpha2 "SN" ; jc:iso3166Alpha3 "SEN" .""",
        "state:SEN",
        "data/states.ttl",
    ),
    "person": (
        """person:test-person a foaf:Person ; foaf:name "Test Person" ;
           rdfs:label "Test Person"@en , "Test Person"@fr ; dct:source src:test-placement .""",
        "person:test-person",
        "data/people.ttl",
    ),
    "place": (
        """place:test-town a schema:City ; rdfs:label "Testtown"@en , "Villetest"@fr ;
           dct:source src:test-placement .""",
        "place:test-town",
        "data/places.ttl",
    ),
    "source": ("", "src:test-placement", "data/sources.ttl"),
    "alias of an existing person": (
        """person:abdellatif-ouahbi skos:altLabel "A. Ouahbi"@fr .""",
        "person:abdellatif-ouahbi",
        "data/people.ttl",
    ),
    "an existing node's new fact": (
        """agr:mar-ken-2023-prosecution-services-mou rdfs:comment "A test note."@en .""",
        "agr:mar-ken-2023-prosecution-services-mou",
        "data/relations/mar-ken.ttl",
    ),
    "event of an existing agreement": (
        """event:test-kaz-publication a jc:Publication ;
           rdfs:label "Test publication"@en , "Publication de test"@fr ;
           jc:ofAgreement agr:mar-kaz-2024-extradition ; jc:date "2025-01"^^xsd:gYearMonth ;
           dct:source src:test-placement .""",
        "event:test-kaz-publication",
        "data/relations/mar-kaz.ttl",
    ),
}


def expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_kind_of_node_goes_to_its_file(run_cli, graph_copy, tmp_path, case):
    body, subject, expected = CASES[case]
    delta = tmp_path / "delta.ttl"
    delta.write_text(HEADER + SOURCE + body, encoding="utf-8")
    code, out, err = run_cli("add", "--root", graph_copy, delta)
    assert code == 0, out + err
    assert (expand(subject), None, None) in Graph().parse(graph_copy / expected), err
    assert (expand("src:test-placement"), None, None) in Graph().parse(graph_copy / "data" / "sources.ttl")
    assert not (graph_copy / "data" / "agreements").exists() and not (graph_copy / "data" / "persons").exists()


def test_a_new_pair_gets_its_relation_file_and_states_go_to_states(run_cli, graph_copy, tmp_path):
    delta = tmp_path / "delta.ttl"
    delta.write_text(
        HEADER
        + SOURCE
        + """state:SEN a jc:State ; rdfs:label "Senegal"@en , "Sénégal"@fr ;
           jc:iso3166Alpha2 "SN" ; jc:iso3166Alpha3 "SEN" .
agr:test-mar-sen-2025-extradition a jc:Convention , jc:BilateralAgreement ;
    rdfs:label "Test extradition convention"@en , "Convention d'extradition de test"@fr ;
    jc:stateParty state:SEN , state:MAR ; jc:subject ca:extradition ; dct:source src:test-placement .
""",
        encoding="utf-8",
    )
    code, out, err = run_cli("add", "--root", graph_copy, delta)
    assert code == 0, out + err
    relation = Graph().parse(graph_copy / "data" / "relations" / "mar-sen.ttl")
    assert (expand("agr:test-mar-sen-2025-extradition"), None, None) in relation
    assert (expand("state:SEN"), None, None) not in relation
    assert (expand("state:SEN"), None, None) in Graph().parse(graph_copy / "data" / "states.ttl")


def test_pairs_put_morocco_then_kazakhstan_first():
    assert pair_name({"KAZ", "MAR"}) == "mar-kaz"
    assert pair_name({"KEN", "MAR"}) == "mar-ken"
    assert pair_name({"UZB", "KAZ"}) == "kaz-uzb"
    assert pair_name({"ESP", "BRA"}) == "bra-esp"


def test_dry_run_prints_a_diff_per_file_and_writes_nothing(run_cli, graph_copy, tmp_path):
    from tests.conftest import tree_digest

    before = tree_digest(graph_copy / "data")
    delta = tmp_path / "delta.ttl"
    delta.write_text(HEADER + SOURCE + CASES["person"][0], encoding="utf-8")
    code, out, err = run_cli("add", "--root", graph_copy, "--dry-run", delta)
    assert code == 0, err
    assert "--- a/data/people.ttl\n+++ b/data/people.ttl" in out and "--- a/data/sources.ttl" in out
    assert "+person:test-person" in out
    assert tree_digest(graph_copy / "data") == before


def test_comments_survive_an_add(run_cli, graph_copy, tmp_path):
    people = graph_copy / "data" / "people.ttl"
    comments = [line for line in people.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert comments
    delta = tmp_path / "delta.ttl"
    delta.write_text(HEADER + SOURCE + CASES["alias of an existing person"][0], encoding="utf-8")
    assert run_cli("add", "--root", graph_copy, delta)[0] == 0
    text = people.read_text(encoding="utf-8")
    assert all(line in text.splitlines() for line in comments)
