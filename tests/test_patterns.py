"""Cases beyond the two relations (shared/MODELLING.md) take a few triples each, no new class.

The fixture is fictional; it is validated in the context of the shipped graph and queried.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jcgraph
from jcgraph import select
from jcgraph.backends.memory.infer import inconsistencies

FIXTURE = Path(__file__).parent / "fixtures" / "patterns" / "later-lifecycle-and-other-cases.ttl"
ID = "https://w3id.org/jcgraph/id/"


@pytest.fixture(scope="module")
def extended():
    return jcgraph.load(extra=[FIXTURE])


def local(term) -> str:
    return str(term).replace(ID, "")


def test_patterns_conform_in_the_context_of_the_graph(run_cli):
    code, out, err = run_cli("validate", FIXTURE)
    assert code == 0, out + err


def test_patterns_keep_the_graph_consistent(extended):
    assert inconsistencies(extended) == []


def test_lifecycle_in_date_order_with_the_approving_law(extended):
    rows = select(
        extended,
        """SELECT ?kind ?date ?agent ?law ?number WHERE {
        ?e jc:ofAgreement agr:example-mar-kaz-extradition-protocol ; a ?kind ; jc:date ?date .
        ?kind rdfs:subClassOf jc:LifecycleEvent .
        OPTIONAL { ?e jc:agent ?agent } OPTIONAL { ?e jc:approvingLaw ?law . ?law schema:legislationIdentifier ?number }
    }""",
    )
    rows.sort(key=lambda r: str(r["date"]))  # dates of mixed precision: a year sorts before its months
    assert [
        (str(r["kind"]).split("#")[1], str(r["date"]), local(r.get("agent", "")), str(r.get("number", "")))
        for r in rows
    ] == [
        ("Ratification", "2026", "institution/kaz-senate", ""),
        ("Signing", "2026-03-02", "", ""),
        ("Approval", "2026-04", "institution/example-mar-government", "00.26"),
        ("Publication", "2026-05-15", "", ""),
        ("EntryIntoForce", "2026-06-01", "", ""),
    ]


def test_amendment_and_multilateral_convention(extended):
    rows = select(
        extended,
        """SELECT ?amended ?multi (COUNT(DISTINCT ?party) AS ?parties) WHERE {
        agr:example-mar-kaz-extradition-protocol jc:amends ?amended ; jc:alsoGovernedBy ?multi .
        ?multi a jc:MultilateralAgreement ; jc:stateParty ?party } GROUP BY ?amended ?multi""",
    )
    assert [(local(r["amended"]), local(r["multi"]), int(r["parties"])) for r in rows] == [
        ("agreement/mar-kaz-2024-extradition", "agreement/example-multilateral-convention", 3)
    ]


def test_signed_during_a_visit_by_a_minister_who_is_not_of_justice(extended):
    rows = select(
        extended,
        """SELECT ?visit ?post ?institution WHERE {
        event:example-protocol-signing schema:superEvent ?visit ; jc:hasSignature/jc:inCapacityOf ?post .
        ?post org:postIn ?institution FILTER NOT EXISTS { ?institution a jc:MinistryOfJustice } }""",
    )
    assert [(local(r["visit"]), local(r["post"])) for r in rows] == [
        ("event/example-state-visit", "post/example-mar-minister-of-interior")
    ]


def test_binding_status_follows_the_form(extended):
    rows = select(extended, "SELECT ?a WHERE { ?a a jc:BindingAgreement }", inference="owlrl")
    assert "agreement/example-mar-kaz-extradition-protocol" in {local(r["a"]) for r in rows}
