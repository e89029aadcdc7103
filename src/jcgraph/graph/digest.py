"""Content digests and the cache folder: one salt scheme and one layout for every cache jcgraph keeps.

Every cache entry is named ``<kind>-<digest>...`` under :func:`cache_dir`, where the digest is
:func:`content_key` of what the entry was computed from. The salt is the same for every kind (the
word ``jcgraph``, jcgraph's version and the kind's name), so bumping :data:`CACHE_FORMAT` or the
version invalidates them all at once. A graph held in memory (no file behind it) is keyed by
:func:`graph_digest`, the digest of its canonical N-Triples (RDFC-1.0 blank-node labels), never by
its size.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

#: Part of every cache entry's key: bump it when what a cache entry holds changes.
CACHE_FORMAT = "v3"


def cache_dir() -> Path | None:
    """Where caches live: ``$JCGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/jcgraph``; None if disabled (empty value)."""
    value = os.environ.get("JCGRAPH_CACHE_DIR")
    if value == "":
        return None
    if value:
        return Path(value)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jcgraph"


def content_key(kind: str, parts: Iterable[str | bytes]) -> str:
    """The SHA-256 key of a cache entry of ``kind`` computed from ``parts`` (digests, names, options), in order.

    :param kind: what is cached (``graph``, ``store``, ``schema``, ...): two kinds never share a key
    :param parts: the inputs' digests and any option that changes the result
    """
    from jcgraph.version import VERSION as __version__

    h = hashlib.sha256(b"jcgraph\0" + __version__.encode() + b"\0" + CACHE_FORMAT.encode() + b"\0" + kind.encode())
    for part in parts:
        h.update(b"\0" + (part if isinstance(part, bytes) else part.encode()))
    return h.hexdigest()


def bytes_digest(data: bytes) -> str:
    """SHA-256 of some bytes (a file's content)."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return bytes_digest(path.read_bytes())


def graph_digest(graph: Graph) -> str:
    """SHA-256 of a graph's content: its canonical N-Triples (RDFC-1.0 blank nodes), sorted.

    Two graphs get the same digest exactly when they hold the same triples (up to blank-node names).
    """
    from jcgraph.graph.canonical import canonical_ntriples

    h = hashlib.sha256()
    for line in canonical_ntriples(graph):
        h.update(line + b"\n")
    return h.hexdigest()
