"""The validation report model both engines fill: results, messages, severities, rendering.

Written once, below both engines: pySHACL's report graph (memory engine) and the compiled shapes'
results (oxigraph engine) both become the same :class:`ValidationReport`, rendered the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from jcgraph.backends.paths import render_path
from jcgraph.errors import InputError
from jcgraph.labels import label, short
from jcgraph.namespaces import BASE, bind_prefixes

#: Severity names, most severe first; ``fail_on`` takes one of them.
SEVERITIES = ("violation", "warning", "info")
FAIL_LEVELS = SEVERITIES
SEVERITY_NAMES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
#: Blank nodes of a delta become these IRIs while it is validated (pySHACL focuses IRIs only).
SKOLEM = BASE + ".well-known/genid/"


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL validation result, with what a person needs to act on it."""

    focus: Node
    focus_label: str
    path: str | None
    value: Node | None
    message: str
    messages: dict[str, str]
    severity: str
    source_shape: Node | None
    component: Node | None

    def sort_key(self) -> tuple:
        """Most severe first, then by node, path, shape and value: a stable order."""
        return (
            SEVERITIES.index(self.severity),
            self.focus_label.casefold(),
            str(self.focus),
            self.path or "",
            str(self.source_shape or ""),
            str(self.component or ""),
            str(self.value or ""),
            self.message,  # one constraint can report one value twice (e.g. against two sources)
        )

    def to_dict(self) -> dict:
        """The result as plain JSON values (IRIs in full, values in N-Triples syntax)."""
        return {
            "focusNode": _term_text(self.focus),
            "focusLabel": self.focus_label,
            "resultPath": self.path,
            "value": self.value.n3() if self.value is not None else None,
            "message": self.message,
            "messages": self.messages,
            "severity": self.severity,
            "sourceShape": _term_text(self.source_shape) if self.source_shape is not None else None,
            "sourceConstraintComponent": str(self.component) if self.component is not None else None,
        }


@dataclass
class ValidationReport:
    """The outcome of a validation: results, their counts, and whether they pass at the fail level."""

    results: list[ValidationResult]
    graph: Graph
    fail_on: str = "violation"
    inference: str = "none"
    focus_nodes: frozenset | None = None
    counts: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.results = sorted(self.results, key=ValidationResult.sort_key)
        self.counts = {name: sum(r.severity == name for r in self.results) for name in SEVERITIES}

    @property
    def delta(self) -> bool:
        """True when a delta was validated in the graph's context (only its nodes are reported)."""
        return self.focus_nodes is not None

    @property
    def failing(self) -> list[ValidationResult]:
        """The results at or above the fail level."""
        limit = SEVERITIES.index(self.fail_on)
        return [r for r in self.results if SEVERITIES.index(r.severity) <= limit]

    @property
    def conforms(self) -> bool:
        """True when no result is at or above the fail level."""
        return not self.failing

    def render(self, fmt: str = "text") -> str:
        """Render as ``text`` (for people), ``json`` (for tools) or ``turtle`` (the SHACL report graph)."""
        renderers = {"text": self.to_text, "json": self.to_json, "turtle": self.to_turtle}
        if fmt not in renderers:
            raise InputError(f"unknown report format {fmt!r}; use one of: {', '.join(renderers)}.")
        return renderers[fmt]()

    def summary(self) -> str:
        """One line: counts and the verdict at the fail level."""
        parts = [f"{self.counts[name]} {name}{'' if self.counts[name] == 1 else 's'}" for name in SEVERITIES]
        verdict = "conforms" if self.conforms else "does not conform"
        scope = "new triples in the context of the graph" if self.delta else "whole graph"
        return f"{', '.join(parts)} ({scope}); {verdict} at fail level {self.fail_on}."

    def to_text(self) -> str:
        """One block per result, grouped by focus node (its label and IRI first)."""
        lines: list[str] = []
        current = None
        for result in self.results:
            if result.focus != current:
                current = result.focus
                if lines:
                    lines.append("")
                lines.append(f"{result.focus_label}  {_term_display(result.focus)}")
            lines.append(f"  {result.severity.upper()}  {result.path or '(the node itself)'}")
            lines.append(f"    {result.message}")
            if result.value is not None:
                lines.append(f"    value: {_value_display(result.value)}")
            shape = short(result.source_shape) if result.source_shape is not None else "?"
            component = short(result.component) if result.component is not None else "?"
            lines.append(f"    shape: {shape} ({component})")
        if lines:
            lines.append("")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """A stable JSON document: verdict, counts and results in a fixed order."""
        document = {
            "conforms": self.conforms,
            "failOn": self.fail_on,
            "inference": self.inference,
            "scope": "delta" if self.delta else "graph",
            "counts": self.counts,
            "results": [r.to_dict() for r in self.results],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def to_turtle(self) -> str:
        """The standard SHACL validation report graph, in Turtle."""
        return bind_prefixes(self.graph).serialize(format="turtle")


def empty_report() -> Graph:
    """A SHACL report graph that conforms and holds no result."""
    graph = bind_prefixes(Graph())
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(True)))
    return graph


def unskolemize_graph(graph: Graph) -> Graph:
    """The report graph with the delta's blank nodes back in place of their skolem IRIs."""
    out = bind_prefixes(Graph())
    for s, p, o in graph:
        out.add((unskolemize(s), p, unskolemize(o)))
    return out


def result_from_report(report: Graph, node, data: Graph, shapes: Graph) -> ValidationResult:
    """One ``sh:result`` of a SHACL report graph as a :class:`ValidationResult` (labels read from ``data``)."""
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    shape = report.value(node, SH.sourceShape)
    messages: dict[str, str] = {}
    for message in report.objects(node, SH.resultMessage):
        lang = getattr(message, "language", None) or _language_of(shapes, shape, str(message))
        messages.setdefault(lang, str(message))
    message = messages.get("en") or messages.get("") or (next(iter(messages.values())) if messages else "")
    severity = SEVERITY_NAMES.get(report.value(node, SH.resultSeverity), "violation")
    lookup = focus if not isinstance(focus, BNode) else URIRef(SKOLEM + str(focus))
    return ValidationResult(
        focus=focus,
        focus_label=label(data, lookup) if not isinstance(focus, Literal) else str(focus),
        path=render_path(report, path) if path is not None else None,
        value=report.value(node, SH.value),
        message=message,
        messages=dict(sorted(messages.items())),
        severity=severity,
        source_shape=shape,
        component=report.value(node, SH.sourceConstraintComponent),
    )


def _language_of(shapes: Graph, shape, message: str) -> str:
    """The language of a message whose tag pySHACL dropped while filling in ``{?var}`` placeholders.

    The message is matched against the shape's own (tagged) templates; "" when none matches.
    """
    templates = list(shapes.objects(shape, SH.message))
    for constraint in shapes.objects(shape, SH.sparql):
        templates += list(shapes.objects(constraint, SH.message))
    if shapes.value(shape, RDF.type) == SH.SPARQLConstraint:
        templates += list(shapes.objects(shape, SH.message))
    for template in templates:
        lang = getattr(template, "language", None)
        pattern = "".join(
            ".*?" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[?$]\w+\})", str(template))
        )
        if lang and re.fullmatch(pattern, message, flags=re.S):
            return lang
    return ""


def _term_text(term) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _term_display(term) -> str:
    return f"_:{term}" if isinstance(term, BNode) else f"<{term}>"


def _value_display(value) -> str:
    if isinstance(value, URIRef):
        return short(value)
    return value.n3()


def unskolemize(term):
    """A delta's blank node back from its skolem IRI (see :func:`jcgraph.backends.delta.skolemize`)."""
    if isinstance(term, URIRef) and str(term).startswith(SKOLEM):
        return BNode(str(term)[len(SKOLEM) :])
    return term
