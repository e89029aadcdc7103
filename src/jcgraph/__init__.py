"""jcgraph: a knowledge graph of international judicial cooperation in criminal matters.

>>> import jcgraph
>>> kg = jcgraph.load()
>>> rows = jcgraph.select(kg, "SELECT ?s WHERE { ?s a jc:State }")
>>> len(rows) >= 3
True
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import EndpointError, InputError, JcgraphError, QueryError, RDFSyntaxError
from .graph import KnowledgeGraph, find_root, load
from .query import query
from .results import QueryResult
from .sparql import select

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
