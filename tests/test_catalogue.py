"""One test per catalogue query, with the expected rows written out, on the shipped graph."""

from __future__ import annotations

import re

import pytest

from jcgraph.backends.memory.infer import MODES
from jcgraph.labels import short
from jcgraph.query.engine import PARAM_TYPES, catalogue, prepare, query

ENTRIES = catalogue()
CHECKS = catalogue(checks=True)


def cells(result, *columns: str) -> list[tuple]:
    """Rows as tuples of compact text: IRIs as prefix:name, literals as text, unbound as ''."""
    index = [result.vars.index(c) for c in columns]
    return [tuple("" if row[i] is None else short(row[i]) for i in index) for row in result.rows]


def answer(kg, query_name: str, *columns: str, **params) -> list[tuple]:
    result = query(query_name, params, kg=kg)
    assert result.rows, f"{query_name} returned no rows"
    return cells(result, *columns)


# ---- headers -------------------------------------------------------------------------------------


def test_catalogue_has_the_questions():
    assert len(ENTRIES) >= 14
    assert len(CHECKS) >= 8


@pytest.mark.parametrize("entry", ENTRIES + CHECKS, ids=lambda e: e.ident)
def test_header_is_complete(entry):
    stem = entry.path.stem
    if entry.is_check:
        assert entry.path.parent.name == "checks"
        assert stem == entry.name + "-violation"
        assert entry.expected == "no rows"
    else:
        assert re.fullmatch(r"cq-\d\d-[a-z0-9-]+", stem)
        assert stem.split("-", 2)[2] == entry.name
        assert entry.expected
    assert entry.question.get("en") and entry.question.get("fr")
    assert entry.inference in MODES
    prepared = prepare(entry)
    assert entry.columns == [str(v) for v in prepared.algebra["PV"]], "columns must list the projection in order"
    for param in entry.params:
        assert param.type in PARAM_TYPES and param.example and param.description
        assert f"?{param.name}" in entry.text
    body = re.sub(r"#[^\n]*", "", entry.text)
    assert re.search(r"ORDER BY[^\n]*\s*$", body.strip()), "every query ends with ORDER BY"


@pytest.mark.parametrize("entry", CHECKS, ids=lambda e: e.ident)
def test_check_finds_nothing_on_the_shipped_graph(kg, entry):
    result = query(entry, kg=kg)
    assert result.rows == []


# ---- one test per competency question -------------------------------------------------------------


def test_cq01_agreements_between_states(kg):
    assert answer(kg, "cq-01", "agreement", "form", "party1", "party2") == [
        ("agr:mar-kaz-2024-mutual-legal-assistance", "jc:Convention", "state:MAR", "state:KAZ"),
        ("agr:mar-kaz-2024-transfer-of-sentenced-persons", "jc:Convention", "state:MAR", "state:KAZ"),
        ("agr:mar-kaz-2024-extradition", "jc:Convention", "state:MAR", "state:KAZ"),
    ]
    # institution level: the 2023 memorandum binds the two prosecution services
    assert answer(kg, "cq-01", "agreement", "form", "party1", "party2", state1="Kenya", state2="Maroc") == [
        (
            "agr:mar-ken-2023-prosecution-services-mou",
            "jc:MemorandumOfUnderstanding",
            "inst:ken-odpp",
            "inst:mar-public-prosecution-service",
        ),
    ]


def test_cq02_partners_by_subject(kg):
    assert answer(kg, "cq-02", "subject", "partner", "agreements") == [
        ("ca:capacity-building", "state:KEN", "1"),
        ("ca:information-exchange", "state:KAZ", "3"),
        ("ca:information-exchange", "state:KEN", "1"),
        ("ca:extradition", "state:KAZ", "1"),
        ("ca:justice-reform", "state:KEN", "1"),
        ("ca:mutual-legal-assistance", "state:KAZ", "1"),
        ("ca:transfer-of-sentenced-persons", "state:KAZ", "1"),
    ]


def test_cq03_agreements_by_subject(kg):
    assert set(answer(kg, "cq-03", "agreement", "party", "date", "place")) == {
        ("agr:mar-kaz-2024-extradition", "state:KAZ", "2024-12-12", "place:mar-ministry-of-justice-headquarters"),
        ("agr:mar-kaz-2024-extradition", "state:MAR", "2024-12-12", "place:mar-ministry-of-justice-headquarters"),
    }
    assert set(answer(kg, "cq-03", "agreement", "party", "date", "place", subject="capacity-building")) == {
        ("agr:mar-ken-2023-prosecution-services-mou", "inst:ken-odpp", "2023-02-21", "place:nairobi"),
        (
            "agr:mar-ken-2023-prosecution-services-mou",
            "inst:mar-public-prosecution-service",
            "2023-02-21",
            "place:nairobi",
        ),
    }


def test_cq04_crime_domains_rolled_up(kg):
    assert set(answer(kg, "cq-04", "rolledUp", "domain")) == {
        ("cd:cybercrime", "cd:cybercrime"),
        ("cd:economic-and-financial-crime", "cd:corruption"),
        ("cd:economic-and-financial-crime", "cd:economic-and-financial-crime"),
        ("cd:economic-and-financial-crime", "cd:money-laundering"),
        ("cd:organised-crime", "cd:drug-trafficking"),
        ("cd:organised-crime", "cd:trafficking-in-persons"),
        ("cd:organised-crime", "cd:transnational-organised-crime"),
        ("cd:terrorism", "cd:terrorism"),
    }
    assert set(answer(kg, "cq-04", "rolledUp", "domain", state2="KAZ")) == {
        ("cd:organised-crime", "cd:organised-crime"),
        ("cd:organised-crime", "cd:transnational-organised-crime"),
        ("cd:terrorism", "cd:terrorism"),
    }


def test_cq05_signatories(kg):
    mar_kaz = [
        ("state:MAR", "person:abdellatif-ouahbi", "post:mar-minister-of-justice"),
        ("state:KAZ", "person:berik-asylov", "post:kaz-prosecutor-general"),
    ]
    expected = {
        (
            "agr:mar-ken-2023-prosecution-services-mou",
            "inst:mar-public-prosecution-service",
            "person:el-hassan-daki",
            "post:mar-head-of-public-prosecution",
            "2023-02-21",
        ),
        (
            "agr:mar-ken-2023-prosecution-services-mou",
            "inst:ken-odpp",
            "person:noordin-mohamed-haji",
            "post:ken-director-of-public-prosecutions",
            "2023-02-21",
        ),
    }
    for agreement in ("extradition", "mutual-legal-assistance", "transfer-of-sentenced-persons"):
        for state, person, post in mar_kaz:
            expected.add((f"agr:mar-kaz-2024-{agreement}", state, person, post, "2024-12-12"))
    assert set(answer(kg, "cq-05", "agreement", "onBehalfOf", "signer", "post", "date")) == expected


def test_cq06_events_in_place_include_contained_places(kg):
    assert answer(kg, "cq-06", "event", "date", "at") == [
        ("event:mar-ken-2023-mou-signing", "2023-02-21", "place:nairobi"),
        ("event:mar-ken-2025-nairobi-talks", "2025-08-07", "place:ken-odpp-headquarters"),
    ]
    assert answer(kg, "cq-06", "event", "at", place="Rabat") == [
        ("event:mar-kaz-2024-signing", "place:mar-ministry-of-justice-headquarters"),
    ]


def test_cq07_events_in_period_at_any_precision(kg):
    assert answer(kg, "cq-07", "event", "kind", "date", "precision") == [
        ("event:mar-kaz-2024-signing", "jc:Signing", "2024-12-12", "date"),
        ("event:mar-ken-2025-nairobi-talks", "jc:Meeting", "2025-08-07", "date"),
    ]
    assert answer(kg, "cq-07", "event", **{"from": "2023-02", "to": "2023-02"}) == [("event:mar-ken-2023-mou-signing",)]
    assert answer(kg, "cq-07", "event", **{"from": "2025-08-07", "to": "2025-08-07"}) == [
        ("event:mar-ken-2025-nairobi-talks",)
    ]
    assert query("cq-07", {"from": "2024-01", "to": "2024-11"}, kg=kg).rows == []


def test_cq08_sources_of_agreement_with_claims(kg):
    lereporter, belpresse, barlamane = (
        "src:lereporter-2024-12-mar-kaz-conventions",
        "src:belpresse-2024-12-mar-kaz-conventions",
        "src:barlamane-kaz-extradition-senate",
    )
    signing = "event:mar-kaz-2024-signing"
    assert set(answer(kg, "cq-08", "about", "claim", "source")) == {
        ("agr:mar-kaz-2024-extradition", "", lereporter),
        ("agr:mar-kaz-2024-extradition", "", belpresse),
        ("agr:mar-kaz-2024-extradition", "", barlamane),
        ("event:kaz-senate-approval-mar-kaz-2024-extradition", "", barlamane),
        (signing, "", lereporter),
        (signing, "", belpresse),
        (signing, "", barlamane),
        (signing, "claim:mar-kaz-2024-signing-date-lereporter", lereporter),
        (signing, "claim:mar-kaz-2024-signing-date-belpresse", belpresse),
        (signing, "claim:mar-kaz-2024-signing-date-barlamane", barlamane),
        ("sig:mar-kaz-2024-signing-kaz", "", lereporter),
        ("sig:mar-kaz-2024-signing-kaz", "", belpresse),
        ("sig:mar-kaz-2024-signing-mar", "", lereporter),
    }


def test_cq09_timeline_is_ordered_with_undated_last(kg):
    assert answer(kg, "cq-09", "date", "kind", "event", "agreement") == [
        ("2024-12-12", "jc:Signing", "event:mar-kaz-2024-signing", "agr:mar-kaz-2024-extradition"),
        ("2024-12-12", "jc:Signing", "event:mar-kaz-2024-signing", "agr:mar-kaz-2024-mutual-legal-assistance"),
        ("2024-12-12", "jc:Signing", "event:mar-kaz-2024-signing", "agr:mar-kaz-2024-transfer-of-sentenced-persons"),
        ("", "jc:Approval", "event:kaz-senate-approval-mar-kaz-2024-extradition", "agr:mar-kaz-2024-extradition"),
    ]
    assert answer(kg, "cq-09", "date", "precision", "event", state2="KEN") == [
        ("2023-02-21", "date", "event:mar-ken-2023-mou-signing"),
        ("2025-08-07", "date", "event:mar-ken-2025-nairobi-talks"),
    ]


def test_cq10_persons_by_post(kg):
    assert answer(kg, "cq-10", "person", "start", "firstAttested", "lastAttested") == [
        ("person:noordin-mohamed-haji", "", "2023-02-21", "2023-02-21"),
        ("person:renson-mulele-ingonga", "2023-09", "2025-08-07", "2025-08-07"),
    ]


def test_cq11_agreements_implemented_by_event(kg):
    assert answer(kg, "cq-11", "agreement", "form") == [
        ("agr:mar-ken-2023-prosecution-services-mou", "jc:MemorandumOfUnderstanding"),
    ]


def test_cq12_cooperation_partners_need_inference(kg):
    assert answer(kg, "cq-12", "partner") == [("state:KAZ",), ("state:KEN",)]
    assert answer(kg, "cq-12", "partner", state="Kenya") == [("state:MAR",)]
    assert query("cq-12", inference="none", kg=kg).rows == []  # never asserted, only derived


@pytest.mark.parametrize("name", ["Engonga", "ngonga", "RINSON NG'ONGA", "Renson Mulele Ingonga", "benson ngoya"])
def test_cq13_kenyan_dpp_by_any_name_variant(kg, name):
    assert answer(kg, "cq-13", "person", "post", name=name) == [
        ("person:renson-mulele-ingonga", "post:ken-director-of-public-prosecutions")
    ]


def test_cq14_parties_of_the_2023_memorandum_and_their_states(kg):
    assert answer(kg, "cq-14", "party", "level", "state") == [
        ("inst:ken-odpp", "institution", "state:KEN"),
        ("inst:mar-public-prosecution-service", "institution", "state:MAR"),
    ]
    assert set(answer(kg, "cq-14", "party", "level", agreement="agr:mar-kaz-2024-extradition")) == {
        ("state:KAZ", "state"),
        ("state:MAR", "state"),
    }


def test_cq15_signed_not_in_force_keeps_unknown_apart(kg_multilateral):
    kg = kg_multilateral
    rows = answer(kg, "cq-15", "status", "agreement", "party")
    assert ("st:signed-not-in-force", "agr:uncac", "state:DEU") in rows  # signed only, as of the table
    assert ("st:unknown", "agr:mar-kaz-2024-extradition", "") in rows  # signed, no entry into force recorded


def test_cq16_days_from_signature_to_consent(kg_multilateral):
    kg = kg_multilateral
    rows = answer(kg, "cq-16", "agreement", "party", "days")
    # Morocco signed UNTOC on 2000-12-13 and ratified it on 2002-09-19: 645 days
    assert ("agr:untoc", "state:MAR", "645") in rows


def test_cq17_multilateral_participation(kg_multilateral):
    kg = kg_multilateral
    rows = answer(kg, "cq-17", "agreement", "consent", "consentKind", state="KEN")
    assert ("agr:untoc", "2004-06-16", "ck:accession") in rows


def test_cq18_reservations_by_convention(kg_multilateral):
    kg = kg_multilateral
    result = query("cq-18", kg=kg)
    assert result.vars[:4] == ["agreement", "label", "party", "statementKind"]  # none recorded yet


def test_cq19_crime_domains_by_partner_region(kg_multilateral):
    kg = kg_multilateral
    rows = answer(kg, "cq-19", "region", "domain", state="MAR")
    assert ("m49:014", "cd:cybercrime") in rows and ("m49:002", "cd:cybercrime") in rows  # Kenya: Eastern Africa


def test_cq20_legal_bases(kg_multilateral):
    kg = kg_multilateral
    rows = answer(kg, "cq-20", "kind", "instrument", "consentDate1", "consentDate2", state1="MAR", state2="KEN")
    assert ("multilateral", "agr:untoc", "2002-09-19", "2004-06-16") in rows


def test_every_catalogue_query_has_a_test():
    tested = {int(m) for m in re.findall(r"def test_cq(\d\d)_", open(__file__, encoding="utf-8").read())}
    assert tested == {int(e.ident[3:5]) for e in ENTRIES}


# ---- every check finds what it is for ---------------------------------------------------------------

VIOLATIONS = {
    "fact-without-source": "agr:bad a jc:Convention .",
    "event-after-source": 'event:bad a jc:Meeting ; jc:date "2026-01-02"^^xsd:date ; '
    "dct:source src:lessentiel-2025-08-08-ken-mar-talks .",
    "person-without-label": 'person:bad a foaf:Person ; rdfs:label "Nobody"@en .',
    "undeclared-term": "state:MAR jc:notDeclared state:KEN .",
    "status-asserted": "agr:mar-kaz-2024-extradition jc:status "
    "<https://w3id.org/jcgraph/concept/agreement-status/in-force> .",
    "bilateral-without-two-states": "agr:bad a jc:BilateralAgreement ; jc:stateParty state:MAR .",
    "shared-person-name": 'person:bad a foaf:Person ; skos:altLabel "NGONGA"@fr .',
    "signer-without-post-holding": "sig:bad jc:signer person:berik-asylov ; "
    "jc:inCapacityOf post:mar-minister-of-justice .",
    "date-precision": 'event:mar-kaz-2024-signing jc:date "12 December 2024" .',
    "incomplete-claim": "claim:bad a jc:Claim ; rdf:subject state:MAR .",
    "claim-mismatch": "claim:bad a jc:Claim ; rdf:subject state:MAR ; rdf:predicate jc:iso3166Alpha2 ; "
    'rdf:object "XX" ; jc:asserted true .',
}


def test_every_check_has_a_violating_fixture():
    assert set(VIOLATIONS) == {e.name for e in CHECKS}


@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_check_finds_its_violation(repo_root, tmp_path, name):
    import jcgraph
    from jcgraph.namespaces import PREFIXES

    fixture = tmp_path / "bad.ttl"
    prologue = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    fixture.write_text(prologue + VIOLATIONS[name] + "\n", encoding="utf-8")
    kg = jcgraph.load(repo_root, extra=[fixture])
    assert query(f"{name}-violation", kg=kg).rows, f"{name} found nothing in its violating fixture"
