"""Invariants of the live data/ (never its content): they hold for today's graph and for any valid addition.

Each test runs on two roots: the checkout's live graph, and a temporary copy of it grown by a valid
new agreement through ``jcgraph add``. Tests of particular facts run on the frozen graph
(tests/test_frozen_graph.py), so a steward who grows data/ never has to edit a test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import XSD

import jcgraph
from jcgraph import select
from jcgraph.cli import main as cli_main
from jcgraph.namespaces import ID, ID_KINDS
from tests.conftest import REPO

GROW = REPO / "tests" / "fixtures" / "grow" / "new-agreement.ttl"

FACT_BEARING = (
    "jc:Agreement",
    "jc:Event",
    "jc:PostHolding",
    "jc:Signature",
    "jc:Declaration",
    "jc:Claim",
    "jc:Post",
    "jc:Institution",
    "foaf:Person",
)


def live_copy(target: Path) -> Path:
    """A copy of the checkout's live graph (ontology/, data/, queries/) at ``target``."""
    for name in ("ontology", "data", "queries"):
        shutil.copytree(REPO / name, target / name)
    return target


@pytest.fixture(scope="module", params=["live", "grown"])
def data_root(request, tmp_path_factory) -> Path:
    """The live graph, or a copy of it to which ``jcgraph add`` merged a valid new agreement."""
    if request.param == "live":
        return REPO
    root = live_copy(tmp_path_factory.mktemp("grown") / "graph")
    assert cli_main(["add", "--root", str(root), str(GROW)]) == 0
    return root


@pytest.fixture(scope="module")
def live(data_root):
    return jcgraph.load(data_root)


def test_the_grown_copy_really_grew(data_root, live):
    if data_root != REPO:
        assert select(live, "SELECT ?x WHERE { ?x a jc:Convention FILTER(?x = agr:test-kaz-ken-2026-extradition) }")


def test_the_graph_conforms(run_cli, data_root):
    code, out, err = run_cli("validate", "--root", data_root)
    assert code == 0, out + err


def test_every_fact_bearing_node_has_a_source(live):
    for cls in FACT_BEARING:
        rows = select(
            live,
            f"""SELECT ?x WHERE {{ ?x a/rdfs:subClassOf* {cls}
                               FILTER NOT EXISTS {{ ?x dct:source ?s }} }}""",
        )
        assert rows == [], f"{cls} without dct:source: {[str(r['x']) for r in rows]}"


def test_every_source_is_a_described_document(live):
    rows = select(
        live,
        """SELECT DISTINCT ?s WHERE { ?x dct:source ?s
        FILTER (isBlank(?x) || STRSTARTS(STR(?x), "https://w3id.org/jcgraph/id/"))  # the data's, not the ontology's
        FILTER NOT EXISTS { ?s a/rdfs:subClassOf* jc:SourceDocument ; schema:url ?u ; dct:publisher ?p } }""",
    )
    assert rows == []


def test_dates_are_at_a_known_precision(live):
    allowed = {XSD.date, XSD.gYearMonth, XSD.gYear}
    rows = select(live, "SELECT ?d WHERE { ?x jc:date|jc:attestedOn|dct:issued|schema:startDate ?d }")
    assert {r["d"].datatype for r in rows} <= allowed


def test_a_wikidata_link_only_with_a_source(live):
    rows = select(
        live,
        """SELECT ?x WHERE { ?x schema:sameAs ?w FILTER STRSTARTS(STR(?w), STR(wd:))
                             FILTER NOT EXISTS { ?x dct:source ?s } }""",
    )
    assert rows == [], [str(r["x"]) for r in rows]


def test_labels_have_english_and_french(live):
    rows = select(
        live,
        """SELECT ?x WHERE { ?x rdfs:label ?l
        FILTER (STRSTARTS(STR(?x), "https://w3id.org/jcgraph/id/"))
        FILTER NOT EXISTS { ?x rdfs:label ?en FILTER(LANG(?en) = "en") }
        FILTER NOT EXISTS { ?x rdfs:label ?fr FILTER(LANG(?fr) = "fr") } }""",
    )
    assert rows == []
    untagged = select(
        live, "SELECT ?x ?l WHERE { ?x rdfs:label|skos:prefLabel|skos:altLabel ?l FILTER(LANG(?l) = '') }"
    )
    assert untagged == []


def test_iris_follow_the_scheme(live):
    """Every id/ IRI is id/<kind>/<local name>, the kind one of namespaces.ID_KINDS."""
    kinds = set(ID_KINDS.values())
    for term in {t for triple in live.asserted for t in triple}:
        if isinstance(term, URIRef) and str(term).startswith(str(ID)):
            kind, _, local = str(term)[len(str(ID)) :].partition("/")
            assert kind in kinds and local and "/" not in local, term


def test_every_concept_used_is_declared_in_its_scheme(live):
    rows = select(
        live,
        """SELECT DISTINCT ?c WHERE { ?x ?p ?c
            FILTER (STRSTARTS(STR(?c), "https://w3id.org/jcgraph/concept/"))
            FILTER NOT EXISTS { ?c a skos:Concept ; skos:inScheme ?scheme }
            FILTER NOT EXISTS { ?c a skos:ConceptScheme } }""",
    )
    assert rows == []


def test_no_dangling_iri(live):
    """Every id/ IRI used as an object has a type in the graph."""
    rows = select(
        live,
        """SELECT DISTINCT ?o WHERE { ?s ?p ?o
            FILTER (isIRI(?o) && STRSTARTS(STR(?o), "https://w3id.org/jcgraph/id/"))
            FILTER NOT EXISTS { ?o a ?type } }""",
    )
    assert rows == []
