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
import os
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from jcgraph.backends import engine_for
from jcgraph.backends.delta import focus_nodes_for
from jcgraph.backends.memory.infer import check_mode
from jcgraph.backends.report import FAIL_LEVELS, SEVERITIES, ValidationReport, ValidationResult
from jcgraph.errors import InputError
from jcgraph.graph.loading import KnowledgeGraph, load, shape_files
from jcgraph.io import rdf as rdfio
from jcgraph.namespaces import SHAPES, bind_prefixes
from jcgraph.validation.vocabulary_guard import refuse_vocabulary_changes

# ---------------------------------------------------------------------------------------------
# Shapes


#: Parsed shapes by the digest of their files' content; the few most recent only (a long-lived process
#: validating against many shape sets would otherwise keep them all).
_SHAPES_CACHE: OrderedDict[str, Graph] = OrderedDict()
_SHAPES_CACHE_MAX = 4


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
        while len(_SHAPES_CACHE) > _SHAPES_CACHE_MAX:
            _SHAPES_CACHE.popitem(last=False)
    _SHAPES_CACHE.move_to_end(key)
    return _SHAPES_CACHE[key]


def shapes_for(shapes: Graph, inference: str) -> Graph:
    """The shapes to run under ``inference``: with reasoning, those marked ``shapes:derivedOnly`` are off.

    Such a shape forbids asserting what a rule derives (jc:status); with inference the rule's own
    conclusions are in the data graph, so the shape would report them.
    """
    marked = list(shapes.subjects(SHAPES.derivedOnly, Literal(True)))
    if inference == "none" or not marked:
        return shapes
    copy = bind_prefixes(Graph())
    copy += shapes
    for shape in marked:
        copy.add((shape, SH.deactivated, Literal(True)))
    return copy


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
