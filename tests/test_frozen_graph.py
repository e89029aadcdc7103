"""Particular facts of the frozen test graph (tests/fixtures/graph): precision, identifiers, one IRI per person."""

from __future__ import annotations

from rdflib.namespace import XSD

from jcgraph import select


def test_seed_article_dates_keep_their_precision(kg):
    """The seed dispatch gives a month, not a day: that claim is kept as a month."""
    rows = select(
        kg,
        """SELECT ?d WHERE { ?c a jc:Claim ; rdf:subject event:mar-kaz-2024-signing ;
                          rdf:object ?d ; dct:source src:lereporter-2024-12-mar-kaz-conventions }""",
    )
    assert [(str(r["d"]), r["d"].datatype) for r in rows] == [("2024-12", XSD.gYearMonth)]
    undated = select(kg, "SELECT ?d WHERE { event:kaz-senate-approval-mar-kaz-2024-extradition jc:date ?d }")
    assert undated == [], "an unknown date must be absent, not invented"


def test_wikidata_links_only_the_certain_ones(kg):
    rows = select(kg, "SELECT ?x ?w WHERE { ?x schema:sameAs ?w FILTER STRSTARTS(STR(?w), STR(wd:)) }")
    found = {(str(r["x"]).rsplit("/", 1)[1], str(r["w"]).rsplit("/", 1)[1]) for r in rows}
    assert found == {("MAR", "Q1028"), ("KAZ", "Q232"), ("KEN", "Q114"), ("rabat", "Q3551"), ("nairobi", "Q3870")}


def test_one_person_one_iri(kg):
    rows = select(kg, "SELECT ?p WHERE { ?p a foaf:Person ; rdfs:label ?l FILTER CONTAINS(LCASE(?l), 'ingonga') }")
    assert {str(r["p"]) for r in rows} == {"https://w3id.org/jcgraph/id/person/renson-mulele-ingonga"}
