"""A one-agreement delta (about 45 triples) that references states, posts and people already in a graph."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """\
@prefix agr:    <https://w3id.org/jcgraph/id/agreement/> .
@prefix ca:     <https://w3id.org/jcgraph/concept/cooperation-area/> .
@prefix cd:     <https://w3id.org/jcgraph/concept/crime-domain/> .
@prefix dct:    <http://purl.org/dc/terms/> .
@prefix event:  <https://w3id.org/jcgraph/id/event/> .
@prefix jc:     <https://w3id.org/jcgraph/ontology#> .
@prefix pub:    <https://w3id.org/jcgraph/id/publisher/> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix sig:    <https://w3id.org/jcgraph/id/signature/> .
@prefix src:    <https://w3id.org/jcgraph/id/source/> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .

src:bench-delta-article
    a jc:NewsArticle ;
    rdfs:label "Bench: two states sign an extradition convention"@en , "Bench : deux États signent une convention"@fr ;
    schema:url <https://bench.example/articles/1> ;
    dct:publisher {publisher} ;
    dct:issued "2025-03-14"^^xsd:date ;
    dct:language "en" .

agr:bench-delta-extradition
    a jc:Convention , jc:BilateralAgreement ;
    rdfs:label "Bench extradition convention (2025)"@en , "Convention d'extradition de test (2025)"@fr ;
    jc:stateParty {state_a} , {state_b} ;
    jc:subject ca:extradition , ca:information-exchange ;
    jc:crimeDomain cd:organised-crime , cd:terrorism ;
    jc:statedPurpose "Handing over offenders between the two states."@en ,
        "Remise des délinquants entre les deux États."@fr ;
    dct:source src:bench-delta-article .

event:bench-delta-signing
    a jc:Signing ;
    rdfs:label "Signing of the bench extradition convention"@en , "Signature de la convention de test"@fr ;
    jc:ofAgreement agr:bench-delta-extradition ;
    jc:date "2025-03-12"^^xsd:date ;
    jc:place {place} ;
    jc:hasSignature sig:bench-delta-a , sig:bench-delta-b ;
    dct:source src:bench-delta-article .

sig:bench-delta-a
    a jc:Signature ;
    jc:signer {person_a} ;
    jc:onBehalfOf {state_a} ;
    jc:inCapacityOf {post_a} ;
    dct:source src:bench-delta-article .

sig:bench-delta-b
    a jc:Signature ;
    jc:signer {person_b} ;
    jc:onBehalfOf {state_b} ;
    jc:inCapacityOf {post_b} ;
    dct:source src:bench-delta-article .
"""


def write_delta(store, path: Path) -> Path:
    """Write the delta to ``path``, filling it with IRIs found in ``store`` (a jcgraph GraphStore)."""
    rows = store.select("""
        SELECT ?state ?post ?person WHERE {
            ?holding jc:holder ?person ; jc:heldPost ?post .
            ?post org:postIn/jc:ofState ?state .
        } ORDER BY ?holding LIMIT 400""")
    extra = store.select(
        "SELECT ?place ?publisher WHERE { { SELECT ?place { ?place a schema:Place } ORDER BY ?place "
        "LIMIT 1 } { SELECT ?publisher { ?publisher a jc:Publisher } ORDER BY ?publisher LIMIT 1 } }"
    )[0]
    by_state = {}
    for row in rows:
        by_state.setdefault(row["state"], row)
    (a, b) = list(by_state.values())[:2]

    def n3(term):
        return f"<{term}>"

    path.write_text(
        TEMPLATE.format(
            state_a=n3(a["state"]),
            state_b=n3(b["state"]),
            post_a=n3(a["post"]),
            post_b=n3(b["post"]),
            person_a=n3(a["person"]),
            person_b=n3(b["person"]),
            place=n3(extra["place"]),
            publisher=n3(extra["publisher"]),
        ),
        encoding="utf-8",
    )
    return path
