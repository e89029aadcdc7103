"""The project's SHACL shapes: parsed once per content, and the set that runs under each inference mode."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import SH

from jcgraph.errors import InputError
from jcgraph.graph.loading import shape_files
from jcgraph.io import rdf as rdfio
from jcgraph.namespaces import SHAPES, bind_prefixes

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
