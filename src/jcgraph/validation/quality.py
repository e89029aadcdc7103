"""Data-quality gates beyond the SHACL shapes, reported like SHACL results.

Run by :func:`jcgraph.validation.validate.validate` on the whole graph or on a delta in its context:

- **duplicates**: a person, place or institution whose normalised name (accents, case and punctuation
  folded) or Wikidata id equals another node's is a violation, unless it carries a distinguishing
  note (``skos:scopeNote``); a near name (rapidfuzz) is a warning. The message names the other IRI.
- **IRI scheme**: every ``id/`` IRI is ``id/<kind>/<local name>``, the kind one of ``ID_KINDS``.
- **declared terms**: every predicate, class and datatype is declared in the ontology (``ontology/``,
  shapes included) or listed in :data:`EXTERNAL_TERMS`, so a typo such as ``schema:containedInPlce`` is caught.
- **datatypes**: a literal's datatype must fit its property's declared ``rdfs:range`` (inherited along
  ``rdfs:subPropertyOf``; date properties accept the three date precisions), its lexical form must be
  valid, and a property whose values are things (an object property, ``schema:sameAs``) takes no literal.

Plain Python over triples, so it gives the same results on both backends.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from jcgraph.io.rdf import CHECKED_DATATYPES
from jcgraph.namespaces import ID, ID_KINDS, JC, MAX_LOCAL_NAME_CHARS, SCHEMA, SHAPES, iri_scheme_problem

#: External terms data/ may use directly: the ontology aligns to them without declaring them itself.
#: (An external term named in the ontology only as an alignment target, e.g. prov:wasAssociatedWith
#: as the super-property of jc:agent, is not for direct use: use the jc: term.)
#: Datatypes whose lexical form jcgraph.io.rdf checks itself on input: rdflib's own flag for them
#: depends on which converters other libraries have registered in the process.
LEXICAL_CHECKED_ON_INPUT = frozenset({XSD.gMonthDay, XSD.gYearMonth, XSD.gYear})

EXTERNAL_TERMS = frozenset(
    {
        DCTERMS.issued,
        DCTERMS.publisher,
        DCTERMS.source,
        ORG.postIn,
        ORG.Membership,
        ORG.member,
        ORG.organization,
        PROV.wasAttributedTo,
        FOAF.Person,
        SCHEMA.Legislation,
        SCHEMA.legislationIdentifier,
        SCHEMA.legislationDate,
        SCHEMA.superEvent,
        DCTERMS.bibliographicCitation,
        SCHEMA.SoftwareSourceCode,
        SCHEMA.version,
        SKOS.notation,
        SKOS.inScheme,
        SKOS.broader,
        RDF.type,
        RDF.subject,
        RDF.predicate,
        RDF.object,
        RDF.langString,
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        SKOS.prefLabel,
        SKOS.altLabel,
        SKOS.note,
        SKOS.scopeNote,
        SKOS.definition,
        DCTERMS.language,
        DCTERMS.title,
        SCHEMA.City,
        SCHEMA.Place,
        SCHEMA.containedInPlace,
        SCHEMA.startDate,
        SCHEMA.endDate,
        SCHEMA.sameAs,
        SCHEMA.url,
        FOAF.name,
        XSD.string,
        XSD.date,
        XSD.gYearMonth,
        XSD.gYear,
        XSD.gMonthDay,
        XSD.boolean,
        XSD.integer,
        XSD.anyURI,
    }
)

#: Properties whose values are things (IRIs), never literals, though the ontology may not say so.
THING_VALUED = frozenset({SCHEMA.sameAs, SCHEMA.url, DCTERMS.source, DCTERMS.publisher, SCHEMA.containedInPlace})
DATE_TYPES = frozenset({XSD.date, XSD.gYearMonth, XSD.gYear})
DATE_PROPERTIES = frozenset({DCTERMS.date, DCTERMS.issued, SCHEMA.startDate, SCHEMA.endDate})
NAME_PROPERTIES = (RDFS.label, FOAF.name, SKOS.prefLabel, SKOS.altLabel)
#: rdf:type -> kind of thing checked for duplicates.
DUPLICATE_KINDS = {
    FOAF.Person: "person",
    SCHEMA.Place: "place",
    SCHEMA.City: "place",
    JC.Institution: "institution",
}
NEAR_MATCH = 92  # rapidfuzz ratio (0-100) from which two normalised names are "near"
GATE = SHAPES.QualityGate


@dataclass(frozen=True)
class Finding:
    """One gate result, before it becomes a :class:`~jcgraph.validation.validate.ValidationResult`."""

    focus: URIRef | BNode
    path: URIRef | None
    value: object
    severity: str  # "violation" | "warning"
    gate: str  # local name of the gate, e.g. "duplicate-name"
    en: str
    fr: str


@lru_cache(maxsize=65536)  # a node's English and French labels are often the same text
def normalise(name: str) -> str:
    """Fold accents, case and punctuation: ``"Abdellatif  OUAHBI."`` -> ``"abdellatif ouahbi"``."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w\s]", " ", text)  # apostrophes, hyphens, dots
    return " ".join(text.split())


def ontology_terms(ontology: Graph) -> set[URIRef]:
    """Every IRI the ontology, its concept schemes and its shapes declare (give a type to)."""
    return {t for t in ontology.subjects(RDF.type, None) if isinstance(t, URIRef)}


def check(triples: Iterable[tuple], ontology: Graph, things: Things, focus: Iterable | None = None) -> list[Finding]:
    """Run every gate.

    :param triples: the data triples to check one by one: the whole graph's (no ontology), or the delta's
        with the graph's triples about the delta's nodes
    :param ontology: the ontology, concept schemes and shapes
    :param things: the graph's (and the delta's) persons, places and institutions, for the duplicate gate
    :param focus: the delta's nodes (only findings on them are reported), or None for the whole graph
    :returns: the findings, in no particular order
    """
    focus_set = set(focus) if focus is not None else None
    triples = [t for t in triples if focus_set is None or t[0] in focus_set]
    findings: list[Finding] = []
    findings += _iri_scheme(triples)
    findings += _declared_terms(triples, ontology)
    findings += _datatypes(triples, ontology)
    findings += _duplicates(things, focus_set)
    return findings


@dataclass(frozen=True)
class Suspects:
    """What a whole graph's triple-by-triple gates need to see: the triples that can give a finding.

    Worked out from the distinct terms the data uses (:class:`jcgraph.backends.protocol.TermSummary`):
    every triple that gives a finding names one of these, so :func:`check` on their triples finds
    exactly what it finds on every triple, on a graph of any size.
    """

    bad_iris: list  # IRIs outside the scheme (their triples, as subject or object)
    predicates: list  # undeclared predicates, and those with a literal value a gate may refuse
    classes: list  # undeclared classes (their rdf:type triples)


def suspects(summary, ontology: Graph) -> Suspects:
    """The terms whose triples the triple gates must read, from ``summary`` (a superset is harmless)."""
    declared = ontology_terms(ontology) | EXTERNAL_TERMS
    trusted = {XSD.string, RDF.langString, *LEXICAL_CHECKED_ON_INPUT} | {XSD[name] for name in CHECKED_DATATYPES}
    bad_iris = [t for t in summary.id_iris if isinstance(t, URIRef) and iri_scheme_problem(t) is not None]
    predicates = {p for p in summary.predicates if p not in declared}
    for p, datatype in summary.literal_types:
        if p in predicates:
            continue
        expected = _expected_datatypes(p, ontology)
        if (
            _is_thing_valued(p, ontology)  # a literal where a thing belongs
            or (datatype not in (XSD.string, RDF.langString) and datatype not in declared)  # undeclared datatype
            or datatype not in trusted  # a value rdflib may find ill-typed
            or (expected is not None and datatype not in expected)  # outside the declared range
        ):
            predicates.add(p)
    classes = [c for c in summary.classes if isinstance(c, URIRef) and c not in declared]
    return Suspects(sorted(bad_iris, key=str), sorted(predicates, key=str), sorted(classes, key=str))


#: The predicates the duplicate gate reads (besides rdf:type).
THING_PREDICATES = frozenset({*NAME_PROPERTIES, SCHEMA.sameAs, SKOS.scopeNote})


def thing_classes(ontology: Graph) -> list[URIRef]:
    """The classes whose members the duplicate gate compares (institutions with their subclasses)."""
    institutions = set(ontology.transitive_subjects(RDFS.subClassOf, JC.Institution))
    return sorted(set(DUPLICATE_KINDS) | institutions, key=str)


@dataclass
class Thing:
    """What the duplicate gate knows of one node: its kind, normalised names, Wikidata items, a note."""

    kind: str
    names: set[str]
    wikidata: set[str]
    noted: bool
    labels: list[tuple] = field(default_factory=list)  # (predicate, literal): for the report's labels


class Things(dict):
    """The persons, places and institutions of a graph (node -> :class:`Thing`), built from its triples.

    The engines give the triples (``rdf:type`` and :data:`THING_PREDICATES` ones), so the gate needs no
    rdflib copy of a graph that the store holds.
    """

    @classmethod
    def from_triples(cls, triples: Iterable[tuple], ontology: Graph) -> Things:
        institutions = set(thing_classes(ontology)) - set(DUPLICATE_KINDS)
        # terms looked up once: a million-triple graph has thousands of things, each with several names
        rdf_type, same_as, scope_note = RDF.type, SCHEMA.sameAs, SKOS.scopeNote
        kinds: dict = {}
        facts: dict = {}
        for s, p, o in triples:
            if not isinstance(s, URIRef):
                continue
            if p == rdf_type:
                kind = DUPLICATE_KINDS.get(o) or ("institution" if o in institutions else None)
                if kind and s not in kinds:
                    kinds[s] = kind
            elif p in THING_PREDICATES:
                facts.setdefault(s, set()).add((p, o))
        things = cls()
        for node, kind in kinds.items():
            said = facts.get(node, ())
            named = [(p, o) for p, o in said if p in NAME_PROPERTIES]
            names = {normalise(str(o)) for _, o in named if isinstance(o, Literal)} - {""}
            wikidata = {str(o) for p, o in said if p == same_as and "wikidata.org" in str(o)}
            noted = any(p == scope_note for p, _ in said)
            labels = sorted(named)
            things[node] = Thing(kind, names, wikidata, noted, labels)
        return things

    def to_json(self) -> bytes:
        """The index as JSON (for an on-disk cache keyed by the graph's content)."""
        import json

        def literal(o) -> list:
            return [str(o), o.language, str(o.datatype) if o.datatype else None]

        rows = [
            [
                str(node),
                t.kind,
                sorted(t.names),
                sorted(t.wikidata),
                t.noted,
                [[str(p), *literal(o)] for p, o in t.labels],
            ]
            for node, t in sorted(self.items(), key=lambda item: str(item[0]))
        ]
        return json.dumps(rows, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Things:
        """The index :meth:`to_json` wrote (:raises ValueError: not such a document)."""
        import json

        things = cls()
        for node, kind, names, wikidata, noted, labels in json.loads(data):
            things[URIRef(node)] = Thing(kind, set(names), set(wikidata), bool(noted), _StoredLabels(labels))
        return things


class _StoredLabels(list):
    """Labels read back from the cache, made rdflib terms only when a report shows them (most never are)."""

    def __iter__(self):
        for p, text, lang, datatype in super().__iter__():
            yield URIRef(p), Literal(text, lang=lang, datatype=URIRef(datatype) if datatype else None)


def _iri_scheme(triples) -> Iterable[Finding]:
    """One finding per IRI outside the scheme.

    On the IRI itself when it is a subject, else on the first subject (by IRI) that names it: the same
    focus whatever order an engine gives the triples in.
    """
    kinds = set(ID_KINDS.values())
    where: dict = {}  # bad IRI -> the subjects of the triples that name it
    checked: dict = {}
    for s, _, o in triples:
        for term in (s, o):
            if not isinstance(term, URIRef) or not str(term).startswith(str(ID)):
                continue
            if term not in checked:
                checked[term] = iri_scheme_problem(term)
            if checked[term] is not None:
                where.setdefault(term, set()).add(s)
    for term in sorted(where, key=str):
        subjects = where[term]
        focus = term if term in subjects else min(subjects, key=str)
        known = ", ".join(sorted(kinds))
        yield Finding(
            focus,
            None,
            term,
            "violation",
            "iri-scheme",
            f"IRI {term} does not follow the scheme id/<kind>/<local-name>: {checked[term]} (kinds: {known}; "
            f"local names of letters, digits and hyphens, at most {MAX_LOCAL_NAME_CHARS}).",
            f"L'IRI {term} ne suit pas le schéma id/<type>/<nom-local> (types : {known} ; "
            f"noms locaux en lettres, chiffres et traits d'union, {MAX_LOCAL_NAME_CHARS} au plus).",
        )


def _declared_terms(triples, ontology: Graph) -> Iterable[Finding]:
    declared = ontology_terms(ontology) | EXTERNAL_TERMS
    for s, p, o in triples:
        used = [("property", p, p)]
        if p == RDF.type and isinstance(o, URIRef):
            used.append(("class", o, RDF.type))
        if isinstance(o, Literal) and o.datatype is not None:
            used.append(("datatype", o.datatype, p))
        for use, term, path in used:
            if term not in declared:
                fr_use = {"property": "propriété", "class": "classe", "datatype": "type de données"}[use]
                yield Finding(
                    s,
                    path,
                    term,
                    "violation",
                    "undeclared-term",
                    f"{use} {term} is declared neither in the ontology nor among the external terms it "
                    "aligns to: a typo, or a term to declare first.",
                    f"{fr_use} {term} : déclarée ni dans l'ontologie ni parmi les termes externes auxquels "
                    "elle s'aligne (faute de frappe, ou terme à déclarer d'abord).",
                )


def _expected_datatypes(prop: URIRef, ontology: Graph, depth: int = 0) -> set[URIRef] | None:
    """The datatypes ``prop``'s values may have (None: no datatype range known)."""
    if prop in DATE_PROPERTIES:
        return set(DATE_TYPES)
    for rng in ontology.objects(prop, RDFS.range):
        types = _datatype_members(rng, ontology)
        if types is not None:
            return types
    if depth < 8:
        for parent in ontology.objects(prop, RDFS.subPropertyOf):
            found = _expected_datatypes(parent, ontology, depth + 1)
            if found is not None:
                return found
    return None


def _datatype_members(rng, ontology: Graph) -> set[URIRef] | None:
    if isinstance(rng, URIRef) and (str(rng).startswith(str(XSD)) or rng == RDF.langString):
        return {rng}
    union = ontology.value(rng, OWL.unionOf)
    if union is not None:
        members = set()
        for member in ontology.items(union):
            found = _datatype_members(member, ontology)
            if found is None:
                return None
            members |= found
        return members
    if (rng, RDF.type, RDFS.Datatype) in ontology and isinstance(rng, URIRef):
        return {rng}
    return None


def _is_thing_valued(prop: URIRef, ontology: Graph) -> bool:
    if prop in THING_VALUED or (prop, RDF.type, OWL.ObjectProperty) in ontology:
        return True
    return any(
        (rng, RDF.type, OWL.Class) in ontology or str(rng).startswith(str(JC))
        for rng in ontology.objects(prop, RDFS.range)
        if _datatype_members(rng, ontology) is None
    )


def _datatypes(triples, ontology: Graph) -> Iterable[Finding]:
    thing_valued: dict = {}  # what the ontology says of each predicate, asked once per predicate
    ranges: dict = {}
    for s, p, o in triples:
        if not isinstance(o, Literal):
            continue
        if p not in thing_valued:
            thing_valued[p] = _is_thing_valued(p, ontology)
            ranges[p] = _expected_datatypes(p, ontology)
        if thing_valued[p]:
            yield Finding(
                s,
                p,
                o,
                "violation",
                "literal-for-thing",
                f"{p} takes a thing (an IRI such as wd:Q1028 or a node of the graph), not the literal {o.n3()}.",
                f"{p} prend une chose (une IRI comme wd:Q1028 ou un nœud du graphe), pas le littéral {o.n3()}.",
            )
            continue
        actual = o.datatype or (RDF.langString if o.language else XSD.string)
        if getattr(o, "ill_typed", False) and o.datatype not in LEXICAL_CHECKED_ON_INPUT:
            yield Finding(
                s,
                p,
                o,
                "violation",
                "ill-typed-literal",
                f"{o.n3()} is not a valid {actual}.",
                f"{o.n3()} n'est pas un {actual} valide.",
            )
            continue
        expected = ranges[p]
        if expected is not None and actual not in expected:
            wanted = ", ".join(sorted(str(t).replace(str(XSD), "xsd:") for t in expected))
            yield Finding(
                s,
                p,
                o,
                "violation",
                "datatype-range",
                f"{p} takes a value of type {wanted} (its declared range); {o.n3()} is a {actual}. "
                'Write a date as "2024-12"^^xsd:gYearMonth at the precision the source gives, or leave it out.',
                f"{p} prend une valeur de type {wanted} (sa portée déclarée) ; {o.n3()} est un {actual}. "
                'Écrire une date comme "2024-12"^^xsd:gYearMonth à la précision de la source, ou l\'omettre.',
            )


#: Rows of names compared at once by the near-duplicate gate (bounds the score matrix's memory).
_FUZZY_CHUNK = 512


def _duplicates(things: Things, focus: set | None) -> Iterable[Finding]:
    """Same Wikidata item or normalised name: a violation; a near name: a warning.

    A shared name is allowed when the node reported carries a ``skos:scopeNote`` saying how the two
    differ; on the whole graph (no delta) a note on either of the two is enough, so whatever a delta's
    gate let in never fails the whole graph later.
    """
    by_kind: dict[str, list] = {}
    for node, thing in things.items():
        by_kind.setdefault(thing.kind, []).append(node)
    for kind, members in sorted(by_kind.items()):
        members.sort(key=str)
        reported = [m for m in members if focus is None or m in focus]
        near = _near_pairs(members, reported, things)
        by_name: dict[str, list] = {}
        by_item: dict[str, list] = {}
        for member in members:
            for name in things[member].names:
                by_name.setdefault(name, []).append(member)
            for item in things[member].wikidata:
                by_item.setdefault(item, []).append(member)
        for node in reported:
            mine = things[node]
            candidates = {o for n in mine.names for o in by_name[n]} | {o for i in mine.wikidata for o in by_item[i]}
            candidates |= near.get(node, {}).keys()
            for other in sorted(candidates, key=str):
                if other == node or (focus is not None and other in focus and str(other) < str(node)):
                    continue  # two new nodes: report the pair once
                if focus is None and str(other) < str(node):
                    continue
                theirs = things[other]
                shared_wd = mine.wikidata & theirs.wikidata
                exact = mine.names & theirs.names
                noted = mine.noted or (focus is None and theirs.noted)
                if shared_wd or (exact and not noted):
                    why = f"the Wikidata item {min(shared_wd)}" if shared_wd else f"the name “{min(exact)}”"
                    why_fr = f"l'élément Wikidata {min(shared_wd)}" if shared_wd else f"le nom « {min(exact)} »"
                    yield Finding(
                        node,
                        None,
                        other,
                        "violation",
                        "duplicate",
                        f"this {kind} shares {why} with the existing {other}: one thing, one IRI (reuse {other} "
                        "and add the variant as skos:altLabel), or say how they differ in a skos:scopeNote.",
                        f"ce nœud partage {why_fr} avec {other}, qui existe : une chose, une IRI (réutiliser "
                        f"{other} et ajouter la variante en skos:altLabel), ou dire ce qui les distingue dans "
                        "une skos:scopeNote.",
                    )
                    continue
                if exact:
                    continue  # distinguished by a note
                score = near.get(node, {}).get(other)
                if score is not None:
                    yield Finding(
                        node,
                        None,
                        other,
                        "warning",
                        "near-duplicate",
                        f"this {kind}'s name is close to that of the existing {other} ({score:.0f}/100): "
                        "is it the same? If so reuse that IRI.",
                        f"le nom de ce nœud est proche de celui de {other}, qui existe ({score:.0f}/100) : "
                        "est-ce le même ? Si oui, réutiliser cette IRI.",
                    )


def _near_pairs(members: list, reported: list, things: Things) -> dict:
    """Reported node -> {other node: best rapidfuzz ratio of their names}, for ratios from :data:`NEAR_MATCH`.

    rapidfuzz's ``cdist`` scores every name of ``reported`` against every name of ``members`` in C++, a
    chunk of rows at a time: the gate stays quick on a graph of thousands of persons.
    """
    from rapidfuzz import fuzz, process

    choices = [(m, n) for m in members for n in sorted(things[m].names)]
    queries = [(m, n) for m in reported for n in sorted(things[m].names)]
    if not choices or not queries:
        return {}
    choice_names = [n for _, n in choices]
    best: dict = {}
    for start in range(0, len(queries), _FUZZY_CHUNK):
        chunk = queries[start : start + _FUZZY_CHUNK]
        scores = process.cdist(
            [n for _, n in chunk], choice_names, scorer=fuzz.ratio, score_cutoff=NEAR_MATCH, workers=-1
        )
        for row, column in zip(*scores.nonzero(), strict=True):
            node, other = chunk[row][0], choices[column][0]
            if node != other:
                score = float(scores[row, column])
                mine = best.setdefault(node, {})
                if score > mine.get(other, 0.0):
                    mine[other] = score
    return best


def to_report_triples(finding: Finding, report: Graph, node: BNode) -> None:
    """Add ``finding`` to a SHACL report graph as an ``sh:ValidationResult`` (for --format turtle)."""
    report.add((node, RDF.type, SH.ValidationResult))
    report.add((node, SH.focusNode, finding.focus))
    report.add((node, SH.resultSeverity, SH.Violation if finding.severity == "violation" else SH.Warning))
    report.add((node, SH.sourceShape, GATE))
    report.add((node, SH.sourceConstraintComponent, SHAPES[f"QualityGate-{finding.gate}"]))
    report.add((node, SH.resultMessage, Literal(finding.en, lang="en")))
    report.add((node, SH.resultMessage, Literal(finding.fr, lang="fr")))
    if finding.path is not None:
        report.add((node, SH.resultPath, finding.path))
    if finding.value is not None:
        report.add((node, SH.value, finding.value))
