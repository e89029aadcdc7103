"""Competency questions of the graph issue, each with its expected answer written out."""

from __future__ import annotations

import pytest
from rdflib import Literal

from jcgraph import select

ID = "https://w3id.org/jcgraph/id/"


def local(term) -> str:
    return str(term).replace(ID, "")


def test_the_three_morocco_kazakhstan_agreements(kg):
    rows = select(
        kg,
        """
        SELECT ?agreement ?subject ?date ?city WHERE {
          ?agreement jc:stateParty state:MAR , state:KAZ ; jc:subject ?subject .
          FILTER (?subject != ca:information-exchange)
          ?signing jc:ofAgreement ?agreement ; a jc:Signing ; jc:date ?date ;
                   jc:place/schema:containedInPlace* ?city . ?city a schema:City .
        }""",
    )
    assert {
        (local(r["agreement"]), str(r["subject"]).rsplit("/", 1)[1], str(r["date"]), local(r["city"])) for r in rows
    } == {
        ("agreement/mar-kaz-2024-extradition", "extradition", "2024-12-12", "place/rabat"),
        ("agreement/mar-kaz-2024-mutual-legal-assistance", "mutual-legal-assistance", "2024-12-12", "place/rabat"),
        (
            "agreement/mar-kaz-2024-transfer-of-sentenced-persons",
            "transfer-of-sentenced-persons",
            "2024-12-12",
            "place/rabat",
        ),
    }


def test_who_signed_each_for_whom_in_which_post(kg):
    rows = select(
        kg,
        """
        SELECT ?agreement ?signer ?behalf ?post WHERE {
          ?signing jc:ofAgreement ?agreement ; jc:hasSignature ?sig .
          ?sig jc:signer ?signer ; jc:onBehalfOf ?behalf ; jc:inCapacityOf ?post .
        }""",
    )
    got = {(local(r["agreement"]), local(r["signer"]), local(r["behalf"]), local(r["post"])) for r in rows}
    expected = set()
    for a in ("extradition", "mutual-legal-assistance", "transfer-of-sentenced-persons"):
        expected.add(
            (f"agreement/mar-kaz-2024-{a}", "person/abdellatif-ouahbi", "state/MAR", "post/mar-minister-of-justice")
        )
        expected.add((f"agreement/mar-kaz-2024-{a}", "person/berik-asylov", "state/KAZ", "post/kaz-prosecutor-general"))
    expected.add(
        (
            "agreement/mar-ken-2023-prosecution-services-mou",
            "person/noordin-mohamed-haji",
            "institution/ken-odpp",
            "post/ken-director-of-public-prosecutions",
        )
    )
    expected.add(
        (
            "agreement/mar-ken-2023-prosecution-services-mou",
            "person/el-hassan-daki",
            "institution/mar-public-prosecution-service",
            "post/mar-head-of-public-prosecution",
        )
    )
    assert got == expected


def test_memorandum_parties_are_the_prosecution_services_and_their_states(kg):
    rows = select(
        kg,
        """SELECT ?party ?state WHERE {
        agr:mar-ken-2023-prosecution-services-mou jc:institutionParty ?party . ?party jc:ofState ?state }""",
    )
    assert {(local(r["party"]), local(r["state"])) for r in rows} == {
        ("institution/ken-odpp", "state/KEN"),
        ("institution/mar-public-prosecution-service", "state/MAR"),
    }
    kinds = select(
        kg,
        """SELECT ?party WHERE { agr:mar-ken-2023-prosecution-services-mou jc:institutionParty ?party .
        ?party a jc:PublicProsecutionService }""",
    )
    assert len(kinds) == 2
    assert select(kg, "SELECT ?s WHERE { agr:mar-ken-2023-prosecution-services-mou jc:stateParty ?s }") == []


def test_memorandum_is_non_binding_and_conventions_binding(kg):
    rows = select(
        kg,
        """SELECT ?a ?kind WHERE { ?a a/rdfs:subClassOf* ?kind
        VALUES ?kind { jc:BindingAgreement jc:NonBindingAgreement } }""",
    )
    assert {(local(r["a"]), str(r["kind"]).split("#")[1]) for r in rows} == {
        ("agreement/mar-kaz-2024-extradition", "BindingAgreement"),
        ("agreement/mar-kaz-2024-mutual-legal-assistance", "BindingAgreement"),
        ("agreement/mar-kaz-2024-transfer-of-sentenced-persons", "BindingAgreement"),
        ("agreement/mar-ken-2023-prosecution-services-mou", "NonBindingAgreement"),
    }


def test_crime_domains_of_the_morocco_kenya_cooperation(kg):
    rows = select(
        kg,
        """SELECT DISTINCT ?domain WHERE {
        { agr:mar-ken-2023-prosecution-services-mou jc:crimeDomain ?domain }
        UNION { ?e jc:implements agr:mar-ken-2023-prosecution-services-mou ; jc:crimeDomain ?domain }
        UNION { ?d jc:madeDuring/jc:implements agr:mar-ken-2023-prosecution-services-mou ;
                   jc:crimeDomain ?domain } }""",
    )
    assert {str(r["domain"]).rsplit("/", 1)[1] for r in rows} == {
        "terrorism",
        "cybercrime",
        "corruption",
        "economic-and-financial-crime",
        "money-laundering",
        "drug-trafficking",
        "trafficking-in-persons",
        "transnational-organised-crime",
    }


@pytest.mark.parametrize("mode", ["owlrl", "rdfs"])
def test_states_morocco_cooperates_with_after_inference(kg, mode):
    rows = select(kg, "SELECT ?partner WHERE { state:MAR jc:cooperatesWith ?partner }", inference=mode)
    assert {local(r["partner"]) for r in rows} == {"state/KAZ", "state/KEN"}


def test_cooperation_needs_inference(kg):
    assert select(kg, "SELECT ?p WHERE { state:MAR jc:cooperatesWith ?p }", inference="none") == []


def test_sharing_an_agreement_follows_the_owl_property_chain(kg):
    """Through institutions (the memorandum) as well as directly (the conventions)."""
    rows = select(kg, "SELECT ?p WHERE { state:KEN jc:sharesAgreementWith ?p }", inference="owlrl")
    assert {local(r["p"]) for r in rows} == {"state/MAR", "state/KEN"}


def test_sources_of_a_given_fact(kg):
    """Which sources give the date of the Morocco–Kazakhstan signing, and at what precision."""
    rows = select(
        kg,
        """SELECT ?source ?date ?asserted WHERE { ?c a jc:Claim ; rdf:subject event:mar-kaz-2024-signing ;
        rdf:predicate jc:date ; rdf:object ?date ; jc:asserted ?asserted ; dct:source ?source }""",
    )
    assert {(local(r["source"]), str(r["date"]), r["asserted"].toPython()) for r in rows} == {
        ("source/belpresse-2024-12-mar-kaz-conventions", "2024-12-12", True),
        ("source/barlamane-kaz-extradition-senate", "2024-12-12", True),
        ("source/lereporter-2024-12-mar-kaz-conventions", "2024-12", False),
    }


def test_conflicting_claims_are_kept_side_by_side(kg):
    rows = select(
        kg,
        """SELECT ?state ?asserted ?source WHERE { ?c a jc:Claim ;
        rdf:subject post:mar-ambassador-to-kenya ; rdf:predicate jc:accreditedTo ; rdf:object ?state ;
        jc:asserted ?asserted ; dct:source ?source }""",
    )
    assert {(local(r["state"]), r["asserted"].toPython(), local(r["source"])) for r in rows} == {
        ("state/SSD", True, "source/m24press-2025-08-ken-mar-cybercrime"),
        ("state/ZAF", False, "source/expresstv-ken-mar-talks"),
    }
    accredited = select(kg, "SELECT ?s WHERE { post:mar-ambassador-to-kenya jc:accreditedTo ?s }")
    assert {local(r["s"]) for r in accredited} == {"state/KEN", "state/SSD"}


@pytest.mark.parametrize(
    "variant",
    ["Renson Mulele Ingonga", "Renson Ngonga", "Engonga", "Rinson Ng'onga", "ng'onga", "Benson Ngoya", "NGONGA"],
)
def test_kenyan_dpp_found_by_any_name_variant(kg, variant):
    rows = select(
        kg,
        f"""SELECT DISTINCT ?person ?post WHERE {{
        ?person rdfs:label|skos:altLabel ?name FILTER (LCASE(STR(?name)) = LCASE({Literal(variant).n3()}))
        ?holding jc:holder ?person ; jc:heldPost ?post }}""",
    )
    assert [(local(r["person"]), local(r["post"])) for r in rows] == [
        ("person/renson-mulele-ingonga", "post/ken-director-of-public-prosecutions")
    ]


def test_the_talks_implement_the_memorandum_and_follow_a_change_of_dpp(kg):
    rows = select(
        kg,
        """SELECT ?talks ?date WHERE { ?talks a jc:Meeting ; jc:date ?date ;
        jc:implements agr:mar-ken-2023-prosecution-services-mou }""",
    )
    assert [(local(r["talks"]), str(r["date"])) for r in rows] == [("event/mar-ken-2025-nairobi-talks", "2025-08-07")]
    # the memorandum's Kenyan signatory (2023) and the DPP at the talks (2025) are two holders of one post
    holders = select(kg, "SELECT ?h WHERE { ?x jc:heldPost post:ken-director-of-public-prosecutions ; jc:holder ?h }")
    assert {local(r["h"]) for r in holders} == {"person/noordin-mohamed-haji", "person/renson-mulele-ingonga"}


def test_kenya_request_and_morocco_commitment(kg):
    rows = select(
        kg,
        """SELECT ?kind ?by ?for ?to WHERE { ?d a ?kind ; jc:madeDuring event:mar-ken-2025-nairobi-talks ;
        jc:onBehalfOf ?for ; jc:addressedTo ?to ; jc:declaredBy ?by VALUES ?kind { jc:Request jc:Commitment } }""",
    )
    got = {(str(r["kind"]).split("#")[1], local(r["by"]), local(r["for"]), local(r["to"])) for r in rows}
    assert ("Request", "person/renson-mulele-ingonga", "state/KEN", "state/MAR") in got
    assert ("Commitment", "person/abderrazzak-laassel", "state/MAR", "state/KEN") in got
    cyber = select(kg, """SELECT ?d WHERE { ?d a jc:Request ; jc:crimeDomain cd:cybercrime }""")
    assert [local(r["d"]) for r in cyber] == ["declaration/ken-2025-request-cybercrime-expertise"]


def test_ambassador_post_is_accredited_to_two_states(kg):
    rows = select(kg, "SELECT ?s WHERE { ?post org:postIn/jc:ofState state:MAR ; jc:accreditedTo ?s }")
    assert {local(r["s"]) for r in rows} == {"state/KEN", "state/SSD"}
