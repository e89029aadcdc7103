"""A delta may add facts, never change the vocabulary: the ontology, the concept schemes or the shapes.

``jc:State rdfs:subClassOf owl:Nothing`` in a steward's file would make every state inconsistent;
``jc:stateParty owl:inverseOf rdf:type`` or a long ``owl:sameAs`` chain between the graph's own
things would make reasoning explode. Such triples are refused before anything is validated or
written: vocabulary changes go through ``ontology/`` and review.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from jcgraph.errors import InputError
from jcgraph.labels import short
from jcgraph.namespaces import ID, PREFIXES

#: Predicates that state axioms about classes and properties (RDFS and OWL 2).
AXIOM_PREDICATES = frozenset(
    {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}
    | {
        OWL[name]
        for name in (
            "equivalentClass equivalentProperty inverseOf disjointWith propertyDisjointWith disjointUnionOf "
            "propertyChainAxiom onProperty onClass unionOf intersectionOf complementOf oneOf hasKey "
            "someValuesFrom allValuesFrom hasValue hasSelf cardinality minCardinality maxCardinality "
            "qualifiedCardinality minQualifiedCardinality maxQualifiedCardinality members distinctMembers "
            "imports"
        ).split()
    }
)

#: Classes whose members are vocabulary, not facts.
VOCABULARY_CLASSES = frozenset(
    {RDFS.Class, RDF.Property, RDFS.Datatype, SH.NodeShape, SH.PropertyShape, SKOS.Concept, SKOS.ConceptScheme}
    | {
        OWL[name]
        for name in (
            "Class Restriction Ontology ObjectProperty DatatypeProperty AnnotationProperty FunctionalProperty "
            "InverseFunctionalProperty TransitiveProperty SymmetricProperty AsymmetricProperty ReflexiveProperty "
            "IrreflexiveProperty AllDisjointClasses AllDisjointProperties AllDifferent"
        ).split()
    }
)

#: Namespaces of vocabulary terms: every namespace jcgraph knows except its own things under id/.
VOCABULARY_NAMESPACES = tuple(sorted(ns for ns in set(PREFIXES.values()) if not ns.startswith(str(ID))))


def _reason(triple) -> str | None:
    subject, predicate, obj = triple
    if isinstance(subject, URIRef) and str(subject).startswith(VOCABULARY_NAMESPACES):
        return "it says something about a vocabulary term"
    if predicate in AXIOM_PREDICATES:
        return "it states an OWL or RDFS axiom"
    if predicate == RDF.type and obj in VOCABULARY_CLASSES:
        return "it declares a class, property, concept or shape"
    if predicate == OWL.sameAs and all(isinstance(t, URIRef) and str(t).startswith(str(ID)) for t in (subject, obj)):
        return "it merges two of the graph's own things (owl:sameAs); one thing has one IRI"
    if predicate in (SH.targetClass, SH.targetNode, SH.path, SH.property):
        return "it defines a shape"
    return None


def refuse_vocabulary_changes(delta: Graph, name: str) -> None:
    """Raise if ``delta`` (the triples of file ``name``) would change the vocabulary.

    :raises InputError: naming the file, the first offending triple, why, and how many there are
    """
    offending = sorted(((t, why) for t in delta if (why := _reason(t))), key=lambda item: tuple(map(str, item[0])))
    if not offending:
        return
    (s, p, o), why = offending[0]
    more = f" (and {len(offending) - 1} more such triple(s))" if len(offending) > 1 else ""
    raise InputError(
        f"refused: the triple {short(s)} {short(p)} {short(o)} changes the vocabulary: {why}{more}. A delta may "
        "add facts but not change the ontology, the concept schemes or the shapes; vocabulary changes go "
        "through ontology/ and review. Nothing was validated or written.",
        path=name,
    )
