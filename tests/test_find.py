"""jcgraph find and the Matcher behind it: names, variants, accents, case, typos, ISO codes, kinds (on a fixture)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from jcgraph.cli import main
from jcgraph.steward.find import Matcher, normalise

REPO = Path(__file__).resolve().parents[1]
FIXTURE = """\
@prefix jc: <https://w3id.org/jcgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix person: <https://w3id.org/jcgraph/id/person/> .
@prefix place: <https://w3id.org/jcgraph/id/place/> .
@prefix state: <https://w3id.org/jcgraph/id/state/> .

person:mostapha-ramid a foaf:Person ; rdfs:label "Mostapha Ramid"@fr ; skos:altLabel "Mustapha Ramíd"@en .
person:renson-ingonga a foaf:Person ; foaf:name "Renson Mulele Ingonga" .
place:fes a <https://schema.org/City> ; rdfs:label "Fès"@fr , "Fez"@en .
state:MAR a jc:State ; rdfs:label "Morocco"@en , "Maroc"@fr ; jc:iso3166Alpha2 "MA" ; jc:iso3166Alpha3 "MAR" .
"""


@pytest.fixture()
def matcher() -> Matcher:
    return Matcher(Graph().parse(data=FIXTURE, format="turtle"))


def test_normalise_drops_accents_case_and_punctuation():
    assert normalise("  Fès, l’Ancienne ") == "fes l ancienne"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fes", "place/fes"),  # accent-insensitive
        ("FEZ", "place/fes"),  # case-insensitive, English variant
        ("Moustapha Ramid", "person/mostapha-ramid"),  # a near spelling
        ("Ramid", "person/mostapha-ramid"),  # one word of the name
        ("Mostapha", "person/mostapha-ramid"),
        ("Ingonga", "person/renson-ingonga"),  # foaf:name counts
        ("MA", "state/MAR"),  # ISO codes
        ("maroc", "state/MAR"),
    ],
)
def test_finds_by_any_name(matcher, text, expected):
    found = matcher.find(text)
    assert found and str(found[0].iri).endswith(expected)


def test_exact_name_scores_100_and_ranks_first(matcher):
    found = matcher.find("Mustapha Ramid")
    assert found[0].score == 100 and found[0].kind == "person"


def test_kind_filter_and_short_codes_do_not_match_loosely(matcher):
    assert matcher.find("Maroc", "person") == []
    assert matcher.find("MR") == []  # a two-letter code matches exactly or not at all


@pytest.fixture()
def root(tmp_path) -> Path:
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "fixture.ttl").write_text(FIXTURE, encoding="utf-8")
    return tmp_path


def test_cli_find_json(root, capsys):
    assert main(["find", "fez", "--root", str(root), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["short"] == "place:fes" and rows[0]["kind"] == "place" and "Fès@fr" in rows[0]["labels"]


def test_cli_find_nothing_exits_1_and_empty_text_exits_2(root, capsys):
    assert main(["find", "Zzyzx", "--root", str(root)]) == 1
    assert main(["find", "  ", "--root", str(root)]) == 2
    assert "TEXT is empty" in capsys.readouterr().err
