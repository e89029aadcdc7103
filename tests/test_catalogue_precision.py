"""cq-10 compares attestation dates of mixed precision; cq-13 finds a person by any part of a name."""

from __future__ import annotations

import json

import pytest

from jcgraph.namespaces import PREFIXES

HEADER = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
EXTRA = """
holding:test-ouahbi-2023 a jc:PostHolding ;
    jc:holder person:abdellatif-ouahbi ;
    jc:heldPost post:mar-minister-of-justice ;
    jc:attestedOn "2023-08"^^xsd:gYearMonth ;
    dct:source src:belpresse-2024-12-mar-kaz-conventions .

person:test-mostapha-ramid a foaf:Person ;
    foaf:name "Mostapha Ramid" ;
    rdfs:label "Mostapha Ramid"@en , "Mostapha Ramid"@fr ;
    skos:altLabel "Mustapha Ramid"@fr , "Moustapha Ramîd"@fr ;
    dct:source src:belpresse-2024-12-mar-kaz-conventions .
"""


@pytest.fixture(params=["rdflib", "oxigraph"])
def grown(request, graph_copy, monkeypatch):
    monkeypatch.setenv("JCGRAPH_BACKEND", request.param)
    (graph_copy / "data" / "test-extra.ttl").write_text(HEADER + EXTRA, encoding="utf-8")
    return graph_copy


def rows(run_cli, root, *args):
    code, out, err = run_cli("query", "--root", root, *args, "-f", "json")
    assert code == 0, err
    return json.loads(out)["results"]["bindings"]


def test_cq10_first_and_last_attested_across_precisions(run_cli, grown):
    (row,) = rows(run_cli, grown, "cq-10", "-p", "post=post:mar-minister-of-justice")
    assert row["firstAttested"]["value"] == "2023-08"
    assert row["firstAttested"]["datatype"].endswith("#gYearMonth")
    assert row["lastAttested"]["value"] == "2024-12-12"
    assert row["lastAttested"]["datatype"].endswith("#date")


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Mostapha", "test-mostapha-ramid"),
        ("ramid", "test-mostapha-ramid"),
        ("RAMID", "test-mostapha-ramid"),
        ("Mostapha Ramid", "test-mostapha-ramid"),
        ("Moustapha Ramid", "test-mostapha-ramid"),  # the variant with an accent, asked without
        ("Ingonga", "renson-mulele-ingonga"),
        ("ÉNGONGA", "renson-mulele-ingonga"),
        ("Ng'onga", "renson-mulele-ingonga"),
    ],
)
def test_cq13_finds_a_person_by_any_name_part(run_cli, grown, name, person):
    found = {r["person"]["value"].rsplit("/", 1)[1] for r in rows(run_cli, grown, "cq-13", "-p", f"name={name}")}
    assert found == {person}


def test_cq13_does_not_match_inside_a_word(run_cli, grown):
    assert rows(run_cli, grown, "cq-13", "-p", "name=Mule") == []
