"""The memory engine's SHACL validation: pySHACL over an rdflib graph, into the shared report model."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from jcgraph.backends.memory.patches import pyshacl_fixes
from jcgraph.backends.report import (
    ValidationReport,
    empty_report,
    result_from_report,
    unskolemize,
    unskolemize_graph,
)


def run(data: Graph, shapes: Graph, focus: set[URIRef] | None, inference: str, fail_on: str) -> ValidationReport:
    """Validate ``data`` against ``shapes`` with pySHACL (only ``focus`` when given) into a report."""
    import pyshacl

    if focus is not None and not focus:
        return ValidationReport([], empty_report(), fail_on, inference, frozenset())
    with pyshacl_fixes():
        _, report_graph, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=False,
            allow_warnings=True,
            focus_nodes=sorted(focus) if focus is not None else None,
        )
    report_graph = unskolemize_graph(report_graph)
    # only the report's own results: nested ones (sh:detail) explain them and are not repeated
    nodes = [
        n
        for report in report_graph.subjects(RDF.type, SH.ValidationReport)
        for n in report_graph.objects(report, SH.result)
    ]
    results = [result_from_report(report_graph, node, data, shapes) for node in nodes]
    return ValidationReport(
        results,
        report_graph,
        fail_on,
        inference,
        frozenset(unskolemize(n) for n in focus) if focus is not None else None,
    )
