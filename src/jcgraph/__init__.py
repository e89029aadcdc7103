"""jcgraph: a knowledge graph of international judicial cooperation in criminal matters.

>>> import jcgraph
>>> kg = jcgraph.load()
>>> rows = jcgraph.select(kg, "SELECT ?s WHERE { ?s a jc:State }")
>>> len(rows) >= 3
True
"""

from __future__ import annotations

from jcgraph.errors import EndpointError, InputError, JcgraphError, QueryError, RDFSyntaxError
from jcgraph.graph.loading import KnowledgeGraph, find_root, load
from jcgraph.query.engine import query
from jcgraph.query.results import QueryResult
from jcgraph.query.sparql import select
from jcgraph.version import VERSION as __version__  # noqa: E402

__all__ = [
    "EndpointError",
    "InputError",
    "JcgraphError",
    "KnowledgeGraph",
    "QueryError",
    "QueryResult",
    "RDFSyntaxError",
    "__version__",
    "find_root",
    "load",
    "query",
    "select",
]
