"""A release of the graph: every format, the ontology alone, shapes, VoID/DCAT, HTML docs, CHANGELOG.

Everything in a release is deterministic except the dates, which are explicit (``date``, default today).
The version is written into the released ontology (``owl:versionIRI``, ``owl:versionInfo``,
``owl:priorVersion`` for the version it replaces); :func:`bump_source` writes it into
``ontology/jcgraph.ttl`` too, when asked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, VOID, XSD

from jcgraph.errors import InputError
from jcgraph.graph.loading import KnowledgeGraph, shape_files
from jcgraph.io.files import atomic_write
from jcgraph.io.rdf import parse_file
from jcgraph.namespaces import BASE, CA, CD, CONCEPT, JC, ONTOLOGY_IRI, PREFIXES
from jcgraph.publish import export as ex
from jcgraph.publish.citation import DATA_LICENCE, citation
from jcgraph.publish.docs import ontology_html

SPDX = "http://spdx.org/rdf/terms#"
IANA = "https://www.iana.org/assignments/media-types/"
DATASET_IRI = URIRef(BASE + "dataset")
PUBLISHER_IRI = URIRef(BASE)
VOID_PREFIXES = {**PREFIXES, "spdx": SPDX}
_VERSION = re.compile(r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$")
#: Classes whose first member (in IRI order) is given as void:exampleResource.
EXAMPLE_CLASSES = ("State", "Institution", "Agreement", "Signing", "Meeting", "PostHolding", "SourceDocument")


def check_version(version: str) -> str:
    """Return ``version`` if it is X.Y.Z (semantic versioning), else raise a clear error."""
    if not _VERSION.match(version):
        raise InputError(f"the version {version!r} is not of the form X.Y.Z (for example 0.2.0).")
    return version


def version_iri(version: str) -> URIRef:
    """The ``owl:versionIRI`` of a version: ``https://w3id.org/jcgraph/ontology/<version>``."""
    return URIRef(f"{ONTOLOGY_IRI}/{version}")


def current_version(graph: Graph) -> str | None:
    """The ``owl:versionInfo`` of the jcgraph ontology in ``graph``, if any."""
    value = graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    return str(value) if value is not None else None


def versioned(kg: KnowledgeGraph, version: str, date: dt.date) -> KnowledgeGraph:
    """A copy of ``kg`` whose ontology header carries ``version`` (the source files are not touched).

    The previous ``owl:versionIRI`` becomes an ``owl:priorVersion``; earlier prior versions are kept.
    """
    ontology = URIRef(ONTOLOGY_IRI)
    files = []
    for loaded in kg.files:
        if (ontology, RDF.type, OWL.Ontology) not in loaded.triples:
            files.append(loaded)
            continue
        triples = Graph()
        triples += loaded.triples
        old = triples.value(ontology, OWL.versionIRI)
        new = version_iri(version)
        if old is not None and old != new:
            triples.add((ontology, OWL.priorVersion, old))
        for predicate in (OWL.versionIRI, OWL.versionInfo, DCTERMS.modified):
            triples.remove((ontology, predicate, None))
        triples.add((ontology, OWL.versionIRI, new))
        triples.add((ontology, OWL.versionInfo, Literal(version)))
        triples.add((ontology, DCTERMS.modified, Literal(date.isoformat(), datatype=XSD.date)))
        files.append(loaded.with_triples(triples))
    return KnowledgeGraph(root=kg.root, files=files)


def bump_source(root: Path, version: str, date: dt.date) -> Path:
    """Write ``version`` into ``root/ontology/jcgraph.ttl`` in place, keeping its layout, atomically.

    :returns: the file changed
    :raises InputError: the file has no version lines to change
    """
    path = Path(root) / "ontology" / "jcgraph.ttl"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^(\s*)owl:versionIRI <([^>]*)> ;\n", text, re.M)
    if not match or not re.search(r'^\s*owl:versionInfo "[^"]*" ;', text, re.M):
        raise InputError('no `owl:versionIRI <...> ;` and `owl:versionInfo "..." ;` lines to update.', path=str(path))
    indent, old = match.group(1), match.group(2)
    new = str(version_iri(version))
    lines = f"{indent}owl:versionIRI <{new}> ;\n"
    if old != new and f"owl:priorVersion <{old}>" not in text:
        lines += f"{indent}owl:priorVersion <{old}> ;\n"
    text = text[: match.start()] + lines + text[match.end() :]
    text = re.sub(r'^(\s*owl:versionInfo )"[^"]*"', rf'\g<1>"{version}"', text, count=1, flags=re.M)
    text = re.sub(r'^(\s*dct:modified )"[^"]*"', rf'\g<1>"{date.isoformat()}"', text, count=1, flags=re.M)
    _check_turtle(text, path)  # never write a file that no longer parses
    atomic_write(path, text)
    return path


def _check_turtle(text: str, path: Path) -> None:
    from jcgraph.io.rdf import parse_bytes

    parse_bytes(text.encode("utf-8"), path, ".ttl", Graph(), limited=False)


# --------------------------------------------------------------------------------------------------
# VoID and DCAT
# --------------------------------------------------------------------------------------------------


def _namespace_of(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    return iri[:cut]


def dataset_counts(graph: Graph) -> dict[str, int]:
    """VoID's statistics of ``graph``: triples, entities (IRI subjects), classes, properties, subjects, objects."""
    return {
        "triples": len(graph),
        "entities": len({s for s in graph.subjects() if isinstance(s, URIRef)}),
        "classes": len(set(graph.objects(None, RDF.type))),
        "properties": len(set(graph.predicates())),
        "distinctSubjects": len(set(graph.subjects())),
        "distinctObjects": len(set(graph.objects())),
    }


def void_description(
    kg: KnowledgeGraph, version: str, date: dt.date, files: list[Path], folder: Path | None = None
) -> Graph:
    """A VoID + DCAT description of the release: metadata, statistics, partitions, distributions.

    :param kg: the (versioned) graph the release holds
    :param version: the release's version
    :param date: the release date
    :param files: the distribution files, with their final content on disk
    :param folder: the release folder, which distribution IRIs are relative to
    """
    graph = kg.asserted
    void = Graph(bind_namespaces="none")
    d = DATASET_IRI
    add = void.add
    ontology = URIRef(ONTOLOGY_IRI)
    add((d, RDF.type, VOID.Dataset))
    add((d, RDF.type, DCAT.Dataset))
    add((d, DCTERMS.title, Literal("jcgraph: international judicial cooperation in criminal matters", lang="en")))
    add((d, DCTERMS.title, Literal("jcgraph : coopération judiciaire internationale en matière pénale", lang="fr")))
    add(
        (
            d,
            DCTERMS.description,
            Literal(
                "A knowledge graph of the states, institutions, office holders, agreements and cooperation events of "
                "international judicial cooperation in criminal matters, each fact with its sources.",
                lang="en",
            ),
        )
    )
    add(
        (
            d,
            DCTERMS.description,
            Literal(
                "Graphe de connaissances des États, institutions, titulaires de postes, accords et événements de la "
                "coopération judiciaire internationale en matière pénale, chaque fait avec ses sources.",
                lang="fr",
            ),
        )
    )
    licences = sorted(set(graph.objects(ontology, DCTERMS.license))) or [URIRef(DATA_LICENCE)]
    for licence in licences:
        add((d, DCTERMS.license, licence))
    add((d, DCTERMS.bibliographicCitation, Literal(citation(version, date), lang="en")))
    add((d, URIRef(str(DCAT) + "version"), Literal(version)))  # DCAT 3, unknown to rdflib's DCAT
    add((d, OWL.versionInfo, Literal(version)))
    add((d, DCTERMS.issued, Literal(date.isoformat(), datatype=XSD.date)))
    add((d, DCTERMS.modified, Literal(date.isoformat(), datatype=XSD.date)))
    created = graph.value(ontology, DCTERMS.created)
    if created is not None:
        add((d, DCTERMS.created, created))
    add((d, DCTERMS.publisher, PUBLISHER_IRI))
    add((PUBLISHER_IRI, RDF.type, FOAF.Organization))
    add((PUBLISHER_IRI, FOAF.name, Literal("The jcgraph developers")))
    add((d, DCTERMS.conformsTo, ontology))
    add((d, VOID.uriSpace, Literal(BASE + "id/")))
    add((d, VOID.feature, URIRef("http://www.w3.org/ns/formats/Turtle")))
    add((d, VOID.rootResource, ontology))
    for name, value in dataset_counts(graph).items():
        add((d, VOID[name], Literal(value, datatype=XSD.integer)))
    vocabularies = {_namespace_of(str(p)) for p in graph.predicates()}
    vocabularies |= {_namespace_of(str(c)) for c in graph.objects(None, RDF.type) if isinstance(c, URIRef)}
    for namespace in sorted(vocabularies):
        add((d, VOID.vocabulary, URIRef(namespace)))
    for local in EXAMPLE_CLASSES:
        classes = set(graph.transitive_subjects(RDFS.subClassOf, JC[local]))
        members = sorted(s for c in classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef))
        if members:
            add((d, VOID.exampleResource, members[0]))
    _partitions(void, d, graph)
    for path in files:
        name = path.relative_to(folder).as_posix() if folder else path.name
        _distribution(void, d, path, version, name, licences)
    return void


def _partitions(void: Graph, d: URIRef, graph: Graph) -> None:
    """void:classPartition and void:propertyPartition, with IRIs derived from the class or property."""
    classes: dict[URIRef, set] = {}
    for s, c in graph.subject_objects(RDF.type):
        classes.setdefault(c, set()).add(s)
    for c, members in classes.items():
        part = URIRef(f"{d}/class-partition/{hashlib.sha256(str(c).encode()).hexdigest()[:16]}")
        void.add((d, VOID.classPartition, part))
        void.add((part, VOID["class"], c))
        void.add((part, VOID.entities, Literal(len(members), datatype=XSD.integer)))
    properties: dict[URIRef, int] = {}
    for p in graph.predicates():
        properties[p] = properties.get(p, 0) + 1
    for p, count in properties.items():
        part = URIRef(f"{d}/property-partition/{hashlib.sha256(str(p).encode()).hexdigest()[:16]}")
        void.add((d, VOID.propertyPartition, part))
        void.add((part, VOID.property, p))
        void.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))


def _media_type(path: Path) -> str:
    for ext, media in ex.FORMATS.values():
        if path.suffix == ext:
            return media
    return {".html": "text/html", ".md": "text/markdown"}.get(path.suffix, "application/octet-stream")


def _distribution(void: Graph, d: URIRef, path: Path, version: str, name: str, licences: list) -> None:
    """One dcat:Distribution: its download IRI, media type, size, SHA-256 and licence (the data's: CC-BY-4.0)."""
    data = path.read_bytes()
    iri = URIRef(f"{BASE}release/{version}/{name}")
    checksum = BNode()
    void.add((d, DCAT.distribution, iri))
    void.add((iri, RDF.type, DCAT.Distribution))
    void.add((iri, DCTERMS.title, Literal(name)))
    void.add((iri, DCAT.downloadURL, iri))
    void.add((iri, DCAT.mediaType, URIRef(IANA + _media_type(path))))
    void.add((iri, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
    for licence in licences:
        void.add((iri, DCTERMS.license, licence))
    void.add((iri, URIRef(SPDX + "checksum"), checksum))
    void.add((checksum, RDF.type, URIRef(SPDX + "Checksum")))
    void.add((checksum, URIRef(SPDX + "algorithm"), URIRef(SPDX + "checksumAlgorithm_sha256")))
    void.add(
        (checksum, URIRef(SPDX + "checksumValue"), Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary))
    )


def turtle(graph: Graph, prefixes: dict[str, str] = VOID_PREFIXES) -> bytes:
    """Deterministic Turtle of any rdflib graph (canonical blank nodes, sorted, used prefixes only)."""
    writer = ex.TurtleWriter(prefixes)
    body = writer.block(ex.triples_of(ex.quads_of(graph)))
    return (writer.header() + body).encode("utf-8")


# --------------------------------------------------------------------------------------------------
# CHANGELOG
# --------------------------------------------------------------------------------------------------


def terms(graph: Graph) -> dict[URIRef, frozenset]:
    """The vocabulary's terms (jc: classes and properties, concept schemes and concepts) with their triples."""
    spaces = (str(JC), str(CONCEPT), str(CD), str(CA))
    found = {}
    for s in set(graph.subjects(RDF.type, None)):
        if isinstance(s, URIRef) and str(s).startswith(spaces):
            found[s] = frozenset((p, o) for p, o in graph.predicate_objects(s) if not isinstance(o, BNode))
    return found


def load_previous(previous: Path) -> Graph:
    """The graph of a previous release: a release folder (its ``jcgraph.nt`` or ``jcgraph.ttl``) or an RDF file."""
    previous = Path(previous)
    if previous.is_dir():
        for name in ("jcgraph.nt", "jcgraph.ttl"):
            if (previous / name).is_file():
                return parse_file(previous / name)
        raise InputError(
            "this folder is not a jcgraph release (no jcgraph.nt or jcgraph.ttl in it).", path=str(previous)
        )
    return parse_file(previous)


def changelog(
    current: Graph, version: str, date: dt.date, previous: Graph | None = None, previous_text: str = ""
) -> str:
    """The CHANGELOG in Markdown: this release's entry (terms added, removed, changed; data counts) first."""
    from jcgraph.labels import label, short

    lines = ["# Changelog", "", f"## {version} ({date.isoformat()})", ""]
    if previous is None:
        lines += [
            "First release with a changelog; no previous release was given to compare with.",
            "",
            f"- {len(terms(current))} terms, {len(current)} triples.",
            "",
        ]
    else:
        old, new = terms(previous), terms(current)
        before = current_version(previous) or "the previous release"
        lines += [f"Compared with {before}.", ""]
        for title, chosen, graph in (
            ("Added terms", sorted(set(new) - set(old)), current),
            ("Removed terms", sorted(set(old) - set(new)), previous),
            ("Changed terms", sorted(t for t in set(new) & set(old) if new[t] != old[t]), current),
        ):
            lines.append(f"### {title}")
            lines.append("")
            lines += [f"- `{short(t)}`: {label(graph, t)}" for t in chosen] or ["- none"]
            lines.append("")
        added = len(current - previous)
        removed = len(previous - current)
        lines += [
            "### Data",
            "",
            f"- {len(current)} triples ({len(previous)} before): "
            f"{added} added, {removed} removed (blank-node triples count as changed).",
            "",
        ]
    text = "\n".join(lines)
    old_entries = previous_text.split("\n## ", 1)
    if len(old_entries) == 2:
        text += "\n## " + old_entries[1]
    return text.rstrip("\n") + "\n"


# --------------------------------------------------------------------------------------------------
# The release
# --------------------------------------------------------------------------------------------------


def release(
    kg: KnowledgeGraph,
    output: Path,
    version: str | None = None,
    date: dt.date | None = None,
    previous: Path | None = None,
    inference: str = "owlrl",
) -> list[Path]:
    """Write a release of ``kg`` into ``output``.

    :param kg: the loaded graph
    :param output: the release folder (created; files in it are replaced)
    :param version: X.Y.Z; default: the ontology's current ``owl:versionInfo``
    :param date: the release date; default today
    :param previous: a previous release folder or file, for the CHANGELOG and ``owl:priorVersion``
    :param inference: the inference for ``jcgraph-inferred.ttl`` (``none`` to skip it)
    :returns: every file written, relative to ``output``
    """
    date = date or dt.date.today()
    version = check_version(version or current_version(kg.asserted) or "0.1.0")
    output = Path(output)
    previous_graph = load_previous(previous) if previous else None
    kg = versioned(kg, version, date)
    if previous_graph is not None:  # the previous release's version IRI is a prior version too
        old = previous_graph.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
        for loaded in kg.files:
            if (
                old is not None
                and old != version_iri(version)
                and (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in loaded.triples
            ):
                loaded.triples.add((URIRef(ONTOLOGY_IRI), OWL.priorVersion, old))
    written = ex.export_to_directory(kg, output)
    written += ex.export_to_directory(kg, output, ("turtle", "xml", "jsonld"), graph="ontology")
    if inference != "none":
        written += ex.export_to_directory(kg, output, ("turtle",), what="inferred", inference=inference)
    context = output / "context.jsonld"
    atomic_write(context, ex.context_document(_ontology(kg)))
    written.append(context)
    for shape in shape_files(kg.root):
        target = output / "shapes" / shape.name
        atomic_write(target, shape.read_bytes())  # like every file of a release: old or new after a kill
        written.append(target)
    docs = output / "index.html"
    atomic_write(docs, ontology_html(_ontology(kg), kg.asserted, version, _shapes(kg), date))
    written.append(docs)
    previous_text = ""
    if previous and Path(previous).is_dir() and (Path(previous) / "CHANGELOG.md").is_file():
        previous_text = (Path(previous) / "CHANGELOG.md").read_text(encoding="utf-8")
    log = output / "CHANGELOG.md"
    atomic_write(log, changelog(kg.asserted, version, date, previous_graph, previous_text))
    written.append(log)
    void = output / "void.ttl"
    atomic_write(void, turtle(void_description(kg, version, date, written, output)))
    written.append(void)
    sums = "".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(output).as_posix()}\n" for p in sorted(written)
    )
    atomic_write(output / "SHA256SUMS", sums)
    written.append(output / "SHA256SUMS")
    return [p.relative_to(output) for p in written]


def _shapes(kg: KnowledgeGraph) -> Graph:
    graph = Graph()
    for path in shape_files(kg.root):
        graph.parse(path, format="turtle")
    return graph


def _ontology(kg: KnowledgeGraph) -> Graph:
    graph = Graph()
    for loaded in ex.select_files(kg, "ontology"):
        graph += loaded.triples
    return graph


__all__ = ["bump_source", "changelog", "dataset_counts", "release", "version_iri", "versioned", "void_description"]
