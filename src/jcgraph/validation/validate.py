"""SHACL validation of the whole graph, or of new triples (a delta) in the context of the graph.

pySHACL is wrapped here, once. The data graph always holds the ontology, so ``sh:targetClass`` and
``sh:class`` see ``rdfs:subClassOf``. A delta is validated together with everything already in the
graph, but only the nodes it touches are focus nodes (pySHACL's ``focus_nodes``), so the report
holds only results caused by, or touching, the new triples.

>>> report = validate()
>>> report.conforms, report.counts["violation"]
(True, 0)
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from jcgraph.backends.memory.infer import check_mode, closure
from jcgraph.errors import InputError
from jcgraph.graph.loading import KnowledgeGraph, load, rule_files, shape_files
from jcgraph.io import rdf as rdfio
from jcgraph.labels import label, short
from jcgraph.namespaces import BASE, bind_prefixes

#: Severity names, most severe first; ``fail_on`` takes one of them.
SEVERITIES = ("violation", "warning", "info")
FAIL_LEVELS = SEVERITIES
_SEVERITY_NAMES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
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


# ---------------------------------------------------------------------------------------------
# Shapes


_SHAPES_CACHE: dict[str, Graph] = {}


def shapes_graph(root: Path) -> Graph:
    """The SHACL shapes under ``root/ontology/shapes``, parsed once per content.

    :param root: a graph root (see :func:`jcgraph.graph.loading.find_root`)
    :returns: the shapes graph (do not modify it)
    :raises InputError: there are no shape files, or one does not parse
    """
    files = shape_files(root)
    if not files:
        raise InputError("no SHACL shapes found; ontology/shapes/*.ttl is missing.", path=str(root))
    digest = hashlib.sha256()
    contents = []
    for path in files:
        data = rdfio.read_bytes(path, limited=False)  # the graph's own files are never limited
        contents.append((path, data))
        digest.update(hashlib.sha256(data).digest())
    key = digest.hexdigest()
    if key not in _SHAPES_CACHE:
        graph = bind_prefixes(Graph())
        for path, data in contents:
            rdfio.parse_bytes(data, path, ".ttl", graph, limited=False)
        _SHAPES_CACHE[key] = graph
    return _SHAPES_CACHE[key]


# ---------------------------------------------------------------------------------------------
# Deltas


def read_delta(files: Iterable[str | os.PathLike], fmt: str | None = None) -> Graph:
    """Parse the given RDF files into one graph of new triples.

    :param files: paths (``-`` for stdin)
    :param fmt: a format name overriding the file extensions
    :returns: the union of their triples
    :raises InputError: a file is missing, unreadable or not valid RDF (with line and column)
    """
    delta = bind_prefixes(Graph())
    for path in files:
        triples = rdfio.parse_file(path, fmt)
        if len(triples) == 0:
            raise InputError("the file holds no triples; nothing to validate or add.", path=str(path))
        delta += triples
    return delta


def _skolemize(delta: Graph) -> Graph:
    """Replace the delta's blank nodes with IRIs, so that pySHACL can focus on them."""

    def iri(term):
        return URIRef(SKOLEM + str(term)) if isinstance(term, BNode) else term

    out = Graph()
    for s, p, o in delta:
        out.add((iri(s), p, iri(o)))
    return out


def _unskolemize(term):
    if isinstance(term, URIRef) and str(term).startswith(SKOLEM):
        return BNode(str(term)[len(SKOLEM) :])
    return term


def focus_nodes_for(delta: Graph, data: Graph) -> set[URIRef]:
    """The nodes a delta touches: its subjects, the IRIs it points to, and the nodes pointing to its subjects.

    Objects of ``rdf:type`` (classes) are left out. One hop each way covers the shapes' inverse
    paths (a new post holding makes its post a focus node) and the checks that read a neighbour
    (a new ``dct:issued`` on a source re-checks the events citing it).

    :param delta: the new triples (blank nodes already skolemised)
    :param data: the graph holding the delta and its context
    :returns: IRIs to pass to pySHACL as ``focus_nodes``
    """
    subjects = {s for s in delta.subjects() if isinstance(s, URIRef)}
    objects = {o for p, o in delta.predicate_objects() if isinstance(o, URIRef) and p != RDF.type}
    inbound = {s for node in subjects for s in data.subjects(None, node) if isinstance(s, URIRef)}
    return subjects | objects | inbound


# ---------------------------------------------------------------------------------------------
# Validation


def validate(
    kg: KnowledgeGraph | Graph | None = None,
    delta: Graph | Iterable[str | os.PathLike] | None = None,
    inference: str = "none",
    fail_on: str = "violation",
) -> ValidationReport:
    """Validate the graph, or new triples in the context of the graph.

    :param kg: the loaded graph; an rdflib ``Graph`` is validated with the ontology added; None loads the default graph
    :param delta: new triples (a ``Graph`` or RDF file paths); None validates the whole graph
    :param inference: ``none`` (default: the asserted triples only), ``rdfs`` or ``owlrl``, applied to the data
        graph before validation
    :param fail_on: the lowest severity that makes the report fail: ``violation``, ``warning`` or ``info``
    :returns: the report
    :raises InputError: a delta file cannot be read, or an option is not known
    """
    check_mode(inference)
    if fail_on not in FAIL_LEVELS:
        raise InputError(f"unknown fail level {fail_on!r}; use one of: {', '.join(FAIL_LEVELS)}.")
    if kg is None:
        kg = load()
    elif isinstance(kg, Graph):
        kg = _with_ontology(kg)
    if delta is not None and not isinstance(delta, Graph):
        delta = read_delta(delta)
    shapes = shapes_graph(kg.root)
    if kg.backend == "oxigraph":  # large graphs: shapes compiled to SPARQL over the store, same results
        from jcgraph.backends.oxigraph import validate as fastvalidate

        if delta is None:
            return fastvalidate.validate_store(kg.scan_store, shapes, inference, fail_on)
        return fastvalidate.validate_delta(kg.store_for_inference(inference), shapes, delta, inference, fail_on)
    if delta is None:
        data = kg.graph(inference)
        return _run(data, shapes, None, inference, fail_on)
    skolem = _skolemize(delta)
    if inference == "none":
        # Add the delta to the loaded graph for the run, then take it out again: no copy of a large graph.
        data = kg.asserted
        added = [t for t in skolem if t not in data]
        for triple in added:
            data.add(triple)
        try:
            return _run(data, shapes, focus_nodes_for(skolem, data), inference, fail_on)
        finally:
            for triple in added:
                data.remove(triple)
    data = bind_prefixes(Graph())
    data += kg.asserted
    data += skolem
    data += closure(data, inference, rule_files(kg.root))
    return _run(data, shapes, focus_nodes_for(skolem, data), inference, fail_on)


def _with_ontology(graph: Graph) -> KnowledgeGraph:
    """A knowledge graph of the ontology plus ``graph`` (for callers holding a plain rdflib Graph)."""
    from jcgraph.graph.digest import graph_digest
    from jcgraph.graph.loading import LoadedFile
    from jcgraph.namespaces import GRAPH

    kg = load(include_data=False)
    kg.files.append(
        LoadedFile(
            path=Path("<graph>"),
            graph_iri=URIRef(str(GRAPH) + "extra/graph"),
            triples=graph,
            digest=graph_digest(graph),  # by content: two graphs of one size must not share a cached closure
        )
    )
    return kg


def _run(data: Graph, shapes: Graph, focus: set[URIRef] | None, inference: str, fail_on: str) -> ValidationReport:
    import pyshacl

    if focus is not None and not focus:
        return ValidationReport([], _empty_report(), fail_on, inference, frozenset())
    with _pyshacl_fixes():
        _, report_graph, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=False,
            allow_warnings=True,
            focus_nodes=sorted(focus) if focus is not None else None,
        )
    report_graph = _unskolemize_graph(report_graph)
    # only the report's own results: nested ones (sh:detail) explain them and are not repeated
    nodes = [
        n
        for report in report_graph.subjects(RDF.type, SH.ValidationReport)
        for n in report_graph.objects(report, SH.result)
    ]
    results = [_result(report_graph, node, data, shapes) for node in nodes]
    return ValidationReport(
        results,
        report_graph,
        fail_on,
        inference,
        frozenset(_unskolemize(n) for n in focus) if focus is not None else None,
    )


@contextmanager
def _pyshacl_fixes() -> Iterator[None]:
    """Work around two pySHACL behaviours for the length of one run (restored afterwards).

    - ``focus_nodes`` is meant to pick the focus nodes of the *top-level* shapes, but pySHACL also
      filters the value nodes handed to nested shapes (``sh:or``, ``sh:node``, qualified value
      shapes) by it, and drops every literal: a wrong datatype inside ``sh:or`` would then pass.
      Nested evaluations (those given their focus explicitly) run here without that filter.
    - pySHACL hands rdflib a SPARQL constraint's text for every focus node and rdflib parses it
      each time (most of the run time); here a parsed query is kept and re-evaluated with the new
      bindings, as rdflib's prepared queries are meant to be.

    Not thread-safe: the patched methods are class attributes.
    """
    from pyshacl.shape import Shape
    from rdflib.plugins.sparql import processor

    original_query = processor.SPARQLProcessor.query
    original_validate = Shape.validate
    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in cache:
                cache[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = cache[key]
        return original_query(self, strOrQuery, initBindings, initNs, base, DEBUG)

    def validate_shape(self, executor, target_graph, focus=None, *args, **kwargs):
        if focus is None or not executor.focus_nodes:
            return original_validate(self, executor, target_graph, focus, *args, **kwargs)
        saved, executor.focus_nodes = executor.focus_nodes, None
        try:
            return original_validate(self, executor, target_graph, focus, *args, **kwargs)
        finally:
            executor.focus_nodes = saved

    processor.SPARQLProcessor.query = query
    Shape.validate = validate_shape
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original_query
        Shape.validate = original_validate


def _empty_report() -> Graph:
    graph = bind_prefixes(Graph())
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(True)))
    return graph


def _unskolemize_graph(graph: Graph) -> Graph:
    out = bind_prefixes(Graph())
    for s, p, o in graph:
        out.add((_unskolemize(s), p, _unskolemize(o)))
    return out


def _result(report: Graph, node, data: Graph, shapes: Graph) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    shape = report.value(node, SH.sourceShape)
    messages: dict[str, str] = {}
    for message in report.objects(node, SH.resultMessage):
        lang = getattr(message, "language", None) or _language_of(shapes, shape, str(message))
        messages.setdefault(lang, str(message))
    message = messages.get("en") or messages.get("") or (next(iter(messages.values())) if messages else "")
    severity = _SEVERITY_NAMES.get(report.value(node, SH.resultSeverity), "violation")
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
    import re

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


def render_path(graph: Graph, path) -> str:
    """A SHACL property path in SPARQL syntax with jcgraph's prefixes (``^jc:heldPost/jc:holder``).

    >>> render_path(Graph(), URIRef("https://w3id.org/jcgraph/ontology#subject"))
    'jc:subject'
    """
    if isinstance(path, URIRef):
        return short(path)
    if graph.value(path, RDF.first) is not None:
        return "/".join(_grouped(graph, step) for step in Collection(graph, path))
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return _grouped(graph, inner) + suffix
    inner = graph.value(path, SH.inversePath)
    if inner is not None:
        return "^" + _grouped(graph, inner)
    inner = graph.value(path, SH.alternativePath)
    if inner is not None:
        return "|".join(_grouped(graph, step) for step in Collection(graph, inner))
    return str(path)


def _grouped(graph: Graph, path) -> str:
    text = render_path(graph, path)
    return f"({text})" if ("|" in text or "/" in text) and not isinstance(path, URIRef) else text


def _term_text(term) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _term_display(term) -> str:
    return f"_:{term}" if isinstance(term, BNode) else f"<{term}>"


def _value_display(value) -> str:
    if isinstance(value, URIRef):
        return short(value)
    return value.n3()
