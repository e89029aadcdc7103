"""The data: provenance on every fact-bearing node, dates at their precision, certain identifiers only."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import XSD

from jcgraph import select

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


def test_every_fact_bearing_node_has_a_source(kg):
    for cls in FACT_BEARING:
        rows = select(
            kg,
            f"""SELECT ?x WHERE {{ ?x a/rdfs:subClassOf* {cls}
                               FILTER NOT EXISTS {{ ?x dct:source ?s }} }}""",
        )
        assert rows == [], f"{cls} without dct:source: {[str(r['x']) for r in rows]}"


def test_every_source_is_a_described_document(kg):
    rows = select(
        kg,
        """SELECT DISTINCT ?s WHERE { ?x dct:source ?s
        FILTER NOT EXISTS { ?s a/rdfs:subClassOf* jc:SourceDocument ; schema:url ?u ; dct:publisher ?p } }""",
    )
    assert rows == []


def test_dates_are_at_a_known_precision(kg):
    allowed = {XSD.date, XSD.gYearMonth, XSD.gYear}
    rows = select(kg, "SELECT ?d WHERE { ?x jc:date|jc:attestedOn|dct:issued|schema:startDate ?d }")
    assert rows
    assert {r["d"].datatype for r in rows} <= allowed


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


def test_labels_have_english_and_french(kg):
    rows = select(
        kg,
        """SELECT ?x WHERE { ?x rdfs:label ?l
        FILTER (STRSTARTS(STR(?x), "https://w3id.org/jcgraph/id/"))
        FILTER NOT EXISTS { ?x rdfs:label ?en FILTER(LANG(?en) = "en") }
        FILTER NOT EXISTS { ?x rdfs:label ?fr FILTER(LANG(?fr) = "fr") } }""",
    )
    assert rows == []
    untagged = select(kg, "SELECT ?x ?l WHERE { ?x rdfs:label|skos:prefLabel|skos:altLabel ?l FILTER(LANG(?l) = '') }")
    assert untagged == []


def test_iris_follow_the_scheme(kg):
    from jcgraph.namespaces import ID_KINDS

    kinds = set(ID_KINDS.values())  # one kind per id prefix, including organisation, participation, provision
    for s in set(kg.asserted.subjects()):
        if isinstance(s, URIRef) and str(s).startswith("https://w3id.org/jcgraph/id/"):
            assert str(s).split("/")[5] in kinds, s


def test_every_concept_used_is_declared_in_its_scheme(kg):
    rows = select(
        kg,
        """SELECT DISTINCT ?c WHERE { ?x ?p ?c
            FILTER (STRSTARTS(STR(?c), "https://w3id.org/jcgraph/concept/"))
            FILTER NOT EXISTS { ?c a skos:Concept ; skos:inScheme ?scheme }
            FILTER NOT EXISTS { ?c a skos:ConceptScheme } }""",
    )
    assert rows == []


def test_every_thing_referred_to_is_described(kg):
    """No dangling reference: every id/ IRI used as an object has a type in the graph."""
    rows = select(
        kg,
        """SELECT DISTINCT ?o WHERE { ?s ?p ?o
            FILTER (isIRI(?o) && STRSTARTS(STR(?o), "https://w3id.org/jcgraph/id/"))
            FILTER NOT EXISTS { ?o a ?type } }""",
    )
    assert rows == []
