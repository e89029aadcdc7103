"""Join the quality gates' findings (:mod:`jcgraph.validation.quality`) to a SHACL validation report."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH

from jcgraph.backends.paths import render_path
from jcgraph.backends.report import ValidationReport, ValidationResult
from jcgraph.graph.loading import KnowledgeGraph, shape_files
from jcgraph.labels import label
from jcgraph.namespaces import bind_prefixes
from jcgraph.validation import quality


def _split(kg: KnowledgeGraph) -> tuple[Graph, Graph]:
    """(data triples, ontology + shapes triples) of the loaded graph."""
    ontology_dir = (kg.root / "ontology").resolve()
    data, ontology = bind_prefixes(Graph()), Graph()
    for loaded in kg.files:
        path = Path(loaded.path)
        inside = path.is_absolute() and path.resolve().is_relative_to(ontology_dir)
        (ontology if inside else data).__iadd__(loaded.triples)
    for shape_file in shape_files(kg.root):
        ontology.parse(shape_file)
    return data, ontology


def with_quality_gates(report: ValidationReport, kg: KnowledgeGraph, delta: Graph | None) -> ValidationReport:
    """``report`` with the gates' results added (only on the delta's nodes when a delta is given)."""
    data, ontology = _split(kg)
    focus = None
    if delta is not None:
        data += delta
        focus = {s for s in delta.subjects() if isinstance(s, (URIRef, BNode))}
    # a problem a shape already reports (same node and path, or same value) is not reported twice; a
    # result without a path or a value says nothing about those (else it would hide an IRI-scheme finding)
    said = {(r.focus, r.path) for r in report.results if r.path is not None}
    said |= {(r.focus, r.value) for r in report.results if r.value is not None}
    findings = [
        f
        for f in quality.check(data, ontology, focus)
        if (f.focus, render_path(report.graph, f.path) if f.path is not None else None) not in said
        and (f.focus, f.value) not in said
    ]
    if not findings:
        return report
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
                focus_label=label(data, finding.focus),
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


def _false():
    from rdflib import Literal

    return Literal(False)
