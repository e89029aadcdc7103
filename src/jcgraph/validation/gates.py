"""Join the quality gates' findings (:mod:`jcgraph.validation.quality`) to a SHACL validation report."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from jcgraph.backends import engine_for
from jcgraph.backends.paths import render_path
from jcgraph.backends.report import ValidationReport, ValidationResult
from jcgraph.graph.loading import KnowledgeGraph, shape_files
from jcgraph.labels import LABEL_PROPERTIES, label
from jcgraph.namespaces import bind_prefixes
from jcgraph.validation import quality
from jcgraph.validation.shapes import shapes_graph


def gate_ontology(kg: KnowledgeGraph) -> Graph:
    """The ontology, concept schemes and shapes (what the gates check the data against)."""
    ontology = Graph()
    for loaded in kg.ontology_files():
        ontology += loaded.triples
    ontology += shapes_graph(kg.root)  # parsed once per process (validation has read them already)
    return ontology


def _gate_input(kg: KnowledgeGraph, delta: Graph | None, ontology: Graph) -> tuple[list, quality.Things, set | None]:
    """(triples to check, the graph's persons/places/institutions, focus nodes) from the graph's engine.

    On a delta only what the gates read is asked for (the delta's nodes' triples; the graph's things come
    from an index cached by the graph's content), so a graph held by the store is never copied into rdflib.
    """
    engine = engine_for(kg)
    if delta is None:
        return suspect_triples(engine, ontology), graph_things(kg, ontology), None
    focus = {s for s in delta.subjects() if isinstance(s, (URIRef, BNode))}
    own = list(engine.data_triples(subjects=focus))
    triples = list(delta) + own
    # the focus nodes' kinds from the graph first, in the order of the classes (as for the whole graph)
    order = {cls: i for i, cls in enumerate(quality.thing_classes(ontology))}
    typed = sorted((t for t in own if t[1] == RDF.type and t[2] in order), key=lambda t: order[t[2]])
    things = quality.Things({n: t for n, t in graph_things(kg, ontology).items() if n not in focus})
    things.update(quality.Things.from_triples([*typed, *triples], ontology))
    return triples, things, focus


def suspect_triples(engine, ontology: Graph) -> list:
    """The whole graph's triples that a triple-by-triple gate can find fault with (see quality.Suspects).

    The engine summarises the terms the data uses; only the triples naming a suspect term are read, so a
    million-triple graph is never copied into rdflib for gates that, on a sound graph, find nothing.
    """
    suspect = quality.suspects(engine.term_summary(), ontology)
    reads = []
    if suspect.bad_iris:
        reads += [engine.data_triples(subjects=suspect.bad_iris), engine.data_triples(objects=suspect.bad_iris)]
    if suspect.predicates:
        reads.append(engine.data_triples(predicates=suspect.predicates))
    if suspect.classes:
        reads.append(engine.data_triples(predicates=[RDF.type], objects=suspect.classes))
    seen: set = set()
    triples = []
    for read in reads:
        for triple in read:
            if triple not in seen:
                seen.add(triple)
                triples.append(triple)
    return triples


def graph_things(kg: KnowledgeGraph, ontology: Graph) -> quality.Things:
    """Every person, place and institution of the graph, as the duplicate gate reads them.

    Cached on disk by the graph's content and its shapes (a million-triple graph has thousands of
    things: reading and indexing their names takes about a second).
    """
    from jcgraph.graph.digest import cache_dir, content_key, file_digest, read_checked, write_checked

    directory = cache_dir()
    path = None
    if directory is not None:
        key = content_key("things", [kg.content_key, *(file_digest(p) for p in shape_files(kg.root))])
        path = directory / f"things-{key}.json"
        data = read_checked(path)
        if data:
            try:
                return quality.Things.from_json(data)
            except (ValueError, TypeError):  # whole but unreadable: recomputed, never trusted
                path.unlink(missing_ok=True)
    engine = engine_for(kg)
    typed = list(engine.data_triples(predicates=[RDF.type], objects=quality.thing_classes(ontology)))
    members = sorted({s for s, _, _ in typed}, key=str)
    named = engine.data_triples(subjects=members, predicates=sorted(quality.THING_PREDICATES)) if members else ()
    things = quality.Things.from_triples([*typed, *named], ontology)
    if path is not None:
        write_checked(path, things.to_json())
    return things


def with_quality_gates(report: ValidationReport, kg: KnowledgeGraph, delta: Graph | None) -> ValidationReport:
    """``report`` with the gates' results added (only on the delta's nodes when a delta is given)."""
    ontology = gate_ontology(kg)
    triples, things, focus = _gate_input(kg, delta, ontology)
    # a problem a shape already reports (same node and path, or same value) is not reported twice; a
    # result without a path or a value says nothing about those (else it would hide an IRI-scheme finding)
    said = {(r.focus, r.path) for r in report.results if r.path is not None}
    said |= {(r.focus, r.value) for r in report.results if r.value is not None}
    findings = [
        f
        for f in quality.check(triples, ontology, things, focus)
        if (f.focus, render_path(report.graph, f.path) if f.path is not None else None) not in said
        and (f.focus, f.value) not in said
    ]
    if not findings:
        return report
    labels = _Labels(things, triples)
    graph = report.graph
    reports = list(graph.subjects(predicate=None, object=SH.ValidationReport))
    results = list(report.results)
    for finding in findings:
        node = BNode()
        quality.to_report_triples(finding, graph, node)
        for parent in reports:
            graph.add((parent, SH.result, node))
            graph.set((parent, SH.conforms, _false()))
        results.append(
            ValidationResult(
                focus=finding.focus,
                focus_label=labels(finding.focus),
                path=render_path(graph, finding.path) if finding.path is not None else None,
                value=finding.value,
                message=finding.en,
                messages={"en": finding.en, "fr": finding.fr},
                severity=finding.severity,
                source_shape=quality.GATE,
                component=quality.SHAPES[f"QualityGate-{finding.gate}"],
            )
        )
    return ValidationReport(results, graph, report.fail_on, report.inference, report.focus_nodes)


class _Labels:
    """Labels of the findings' nodes, from the triples the gates read (no whole-graph copy)."""

    def __init__(self, things: quality.Things, triples: list):
        self.things, self.triples, self._own = things, triples, None
        self.graph = bind_prefixes(Graph())  # one graph, bound once: a node with no label shows as e.g. state:MAR

    def __call__(self, node) -> str:
        if node in self.things:
            said = self.things[node].labels
        else:
            if self._own is None:  # indexed once, on the first node that needs it
                self._own = {}
                for s, p, o in self.triples:
                    if p in LABEL_PROPERTIES:
                        self._own.setdefault(s, []).append((p, o))
            said = self._own.get(node, ())
        for p, o in said:
            self.graph.add((node, p, o))
        return label(self.graph, node)


def _false():
    from rdflib import Literal

    return Literal(False)
