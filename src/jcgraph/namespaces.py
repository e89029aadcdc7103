"""Every namespace and prefix jcgraph uses, in one place, bound on every graph we write."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, VANN, VOID, XSD

BASE = "https://w3id.org/jcgraph/"
JC = Namespace(BASE + "ontology#")
ONTOLOGY_IRI = BASE + "ontology"
ID = Namespace(BASE + "id/")
CONCEPT = Namespace(BASE + "concept/")
CD = Namespace(BASE + "concept/crime-domain/")
CA = Namespace(BASE + "concept/cooperation-area/")
CK = Namespace(BASE + "concept/consent-kind/")
ST = Namespace(BASE + "concept/agreement-status/")
M49 = Namespace(BASE + "concept/region/")
SHAPES = Namespace(BASE + "shapes#")
GRAPH = Namespace(BASE + "graph/")

ELI = Namespace("http://data.europa.eu/eli/ontology#")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = SDO
DCT = DCTERMS

#: Kinds of things under ``id/``, prefix -> kind: ``https://w3id.org/jcgraph/id/<kind>/<local name>``.
#: The one list of IRI kinds: the code, the README and the tests (tests/test_data.py) all read it.
ID_KINDS = {
    "state": "state",
    "inst": "institution",
    "person": "person",
    "post": "post",
    "holding": "post-holding",
    "agr": "agreement",
    "event": "event",
    "sig": "signature",
    "decl": "declaration",
    "claim": "claim",
    "src": "source",
    "pub": "publisher",
    "place": "place",
    "law": "law",
    "io": "organisation",
    "part": "participation",
    "prv": "provision",
}

#: The prefix map, sorted by prefix; the one source of truth for writing and for queries.
PREFIXES: dict[str, str] = dict(
    sorted(
        {
            "jc": str(JC),
            "cd": str(CD),
            "ca": str(CA),
            "ck": str(CK),
            "st": str(ST),
            "m49": str(M49),
            "sh": str(SH),
            "shapes": str(SHAPES),
            "dct": str(DCTERMS),
            "dcat": str(DCAT),
            "eli": str(ELI),
            "foaf": str(FOAF),
            "org": str(ORG),
            "owl": str(OWL),
            "prov": str(PROV),
            "rdf": str(RDF),
            "rdfs": str(RDFS),
            "schema": str(SDO),
            "skos": str(SKOS),
            "time": str(TIME),
            "vann": str(VANN),
            "void": str(VOID),
            "wd": str(WD),
            "xsd": str(XSD),
            **{prefix: f"{ID}{kind}/" for prefix, kind in ID_KINDS.items()},
        }.items()
    )
)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind jcgraph's prefixes on ``graph`` (replacing rdflib's defaults) and return it.

    :param graph: any rdflib graph or dataset
    :returns: the same graph
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def inferred_graph_iri(mode: str) -> URIRef:
    """The named graph of the triples inference ``mode`` adds: ``…/graph/inferred/<mode>`` (one scheme everywhere)."""
    return URIRef(f"{GRAPH}inferred/{mode}")
