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

import os
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, URIRef

from jcgraph.backends import engine_for
from jcgraph.backends.delta import focus_nodes_for
from jcgraph.backends.memory.infer import check_mode
from jcgraph.backends.report import FAIL_LEVELS, SEVERITIES, ValidationReport, ValidationResult
from jcgraph.errors import InputError
from jcgraph.graph.loading import KnowledgeGraph, load
from jcgraph.io import rdf as rdfio
from jcgraph.namespaces import bind_prefixes
from jcgraph.validation.shapes import shapes_for, shapes_graph
from jcgraph.validation.vocabulary_guard import refuse_vocabulary_changes

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
        refuse_vocabulary_changes(triples, str(path))
        delta += triples
    return delta


# ---------------------------------------------------------------------------------------------
# Validation


def validate(
    kg: KnowledgeGraph | Graph | None = None,
    delta: Graph | Iterable[str | os.PathLike] | None = None,
    inference: str = "none",
    fail_on: str = "violation",
    extra_shapes: Graph | None = None,
) -> ValidationReport:
    """Validate the graph, or new triples in the context of the graph: the shapes, then the quality gates.

    The gates (duplicates, IRI scheme, declared terms, datatypes: :mod:`jcgraph.validation.quality`) add
    their results to the shapes' report. Parameters as :func:`validate_shapes`.
    """
    if kg is None:
        kg = load()
    elif isinstance(kg, Graph):
        kg = _with_ontology(kg)
    if delta is not None and not isinstance(delta, Graph):
        delta = read_delta(delta)
    report = validate_shapes(kg, delta, inference, fail_on, extra_shapes)
    from jcgraph.validation.gates import with_quality_gates  # the hook: gates live in their own modules

    return with_quality_gates(report, kg, delta)


def validate_shapes(
    kg: KnowledgeGraph | Graph | None = None,
    delta: Graph | Iterable[str | os.PathLike] | None = None,
    inference: str = "none",
    fail_on: str = "violation",
    extra_shapes: Graph | None = None,
) -> ValidationReport:
    """Validate the graph, or new triples in the context of the graph.

    :param kg: the loaded graph; an rdflib ``Graph`` is validated with the ontology added; None loads the default graph
    :param delta: new triples (a ``Graph`` or RDF file paths); None validates the whole graph
    :param inference: ``none`` (default: the asserted triples only), ``rdfs`` or ``owlrl``, applied to the data
        graph before validation
    :param fail_on: the lowest severity that makes the report fail: ``violation``, ``warning`` or ``info``
    :param extra_shapes: shapes checked in addition to the project's (``validate --shapes FILE``)
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
    shapes = shapes_for(shapes_graph(kg.root), inference)
    if extra_shapes is not None:  # a copy: the cached project shapes stay as they are
        shapes = bind_prefixes(Graph()) + shapes + extra_shapes
    return engine_for(kg).validate(shapes, delta, inference, fail_on)


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


__all__ = [
    "FAIL_LEVELS",
    "SEVERITIES",
    "ValidationReport",
    "ValidationResult",
    "focus_nodes_for",
    "read_delta",
    "shapes_graph",
    "validate",
]
