"""The ontology and concept schemes: declared terms, bilingual labels and definitions, OWL 2 RL."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN

from jcgraph.backends.memory.infer import inconsistencies
from jcgraph.namespaces import CA, CD, CK, JC, M49, ONTOLOGY_IRI, ST

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype)


@pytest.fixture(scope="module")
def ontology(repo_root) -> Graph:
    return Graph().parse(repo_root / "ontology" / "jcgraph.ttl")


def declared_terms(ontology: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in ontology.subjects(RDF.type, t) if str(s).startswith(str(JC))}


def used_jc_terms(graph: Graph) -> set[URIRef]:
    used = set()
    for s, p, o in graph:
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(str(JC)):
                used.add(term)
        if isinstance(o, Literal) and o.datatype and str(o.datatype).startswith(str(JC)):
            used.add(o.datatype)
    return used


def test_every_jc_term_used_anywhere_is_declared(kg, ontology):
    undeclared = used_jc_terms(kg.asserted) - declared_terms(ontology)
    assert not undeclared, f"used but not declared in ontology/jcgraph.ttl: {sorted(undeclared)}"


def test_every_term_has_english_and_french_label_and_definition(ontology):
    missing = []
    for term in sorted(declared_terms(ontology)):
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            for lang in ("en", "fr"):
                if lang not in langs:
                    missing.append(f"{term} {prop} @{lang}")
        if (term, RDFS.isDefinedBy, URIRef(ONTOLOGY_IRI)) not in ontology:
            missing.append(f"{term} rdfs:isDefinedBy")
    assert not missing, "\n".join(missing)


def test_definitions_are_sentences(ontology):
    bad = [f"{s} {o!r}" for s, o in ontology.subject_objects(SKOS.definition) if not str(o).endswith(".")]
    assert not bad, bad


def test_ontology_header(ontology):
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert str(ontology.value(header, OWL.versionIRI)).startswith(ONTOLOGY_IRI + "/")
    assert ontology.value(header, OWL.versionInfo) is not None
    assert {t.language for t in ontology.objects(header, DCTERMS.title)} >= {"en", "fr"}
    assert ontology.value(header, DCTERMS.license) is not None
    assert ontology.value(header, DCTERMS.creator) is not None
    assert str(ontology.value(header, VANN.preferredNamespacePrefix)) == "jc"


def test_ontology_aligns_to_reused_vocabularies(ontology):
    """Alignment axioms to ORG, FOAF/schema.org, PROV, Dublin Core and SKOS are present."""
    text = {str(o) for o in ontology.objects(None, RDFS.subClassOf)} | {
        str(o) for o in ontology.objects(None, RDFS.subPropertyOf)
    }
    for namespace in (
        "http://www.w3.org/ns/org#",
        "https://schema.org/",
        "http://www.w3.org/ns/prov#",
        "http://purl.org/dc/terms/",
        "http://data.europa.eu/eli/ontology#",
    ):
        assert any(t.startswith(namespace) for t in text), namespace


def test_owl_rl_closure_is_consistent(kg):
    assert inconsistencies(kg) == []


def test_closure_keeps_asserted_and_inferred_apart(kg):
    inferred = kg.inferred("owlrl")
    assert len(inferred) > 0
    assert not any(t in kg.asserted for t in inferred)
    assert not any(isinstance(s, Literal) for s, _, _ in inferred)


@pytest.mark.parametrize(
    "scheme, namespace",
    [
        ("crime-domains", CD),
        ("cooperation-areas", CA),
        ("consent-kinds", CK),
        ("agreement-status", ST),
        ("regions", M49),
    ],
)
def test_concepts_have_bilingual_labels_and_definitions(repo_root, scheme, namespace):
    g = Graph().parse(repo_root / "ontology" / "concepts" / f"{scheme}.ttl")
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in concepts:
        assert str(concept).startswith(str(namespace))
        for prop in (SKOS.prefLabel, SKOS.definition):
            assert {o.language for o in g.objects(concept, prop)} >= {"en", "fr"}, (concept, prop)
        assert g.value(concept, SKOS.inScheme) is not None


def test_crime_domain_hierarchy(kg):
    g = kg.asserted
    assert (CD["transnational-organised-crime"], SKOS.broader, CD["organised-crime"]) in g
    assert (CD["money-laundering"], SKOS.broader, CD["economic-and-financial-crime"]) in g
    assert (CD["corruption"], SKOS.broader, CD["economic-and-financial-crime"]) in g
    required = {
        "terrorism",
        "organised-crime",
        "transnational-organised-crime",
        "cybercrime",
        "corruption",
        "economic-and-financial-crime",
        "money-laundering",
        "drug-trafficking",
        "trafficking-in-persons",
    }
    assert {str(c).rsplit("/", 1)[1] for c in g.subjects(SKOS.inScheme, URIRef(str(CD)[:-1]))} >= required


def test_iccs_notations_only_where_certain(kg):
    """ICCS codes from shared/MODELLING.md; the unconfirmed ones carry no notation."""
    notations = {
        str(s).rsplit("/", 1)[1]: str(o)
        for s, o in kg.asserted.subject_objects(SKOS.notation)
        if str(s).startswith(str(CD))
    }
    assert notations == {
        "terrorism": "0906",
        "organised-crime": "0905",
        "trafficking-in-persons": "0204",
        "money-laundering": "0704",
    }


def test_regions_follow_the_m49_hierarchy(kg):
    """Sub-regions sit under their region, intermediate groupings included; notations are the codes."""
    g = kg.asserted
    for child, parent in (
        ("015", "002"),
        ("014", "202"),
        ("202", "002"),
        ("143", "142"),
        ("029", "419"),
        ("002", "001"),
    ):
        assert (M49[child], SKOS.broader, M49[parent]) in g
    for concept in g.subjects(SKOS.inScheme, URIRef(str(M49)[:-1])):
        assert str(g.value(concept, SKOS.notation)) == str(concept).rsplit("/", 1)[1]
