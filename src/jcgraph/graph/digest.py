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


def labelled_digest(graph: Graph) -> str:
    """SHA-256 of a graph's triples with its blank nodes as they are named: a key for an in-process cache.

    Different triples always give different digests; the same triples with other blank-node names
    give another digest too (a cache miss, never a wrong hit). A third of :func:`graph_digest`'s cost.
    """
    h = hashlib.sha256()
    for line in sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in graph):
        h.update(line.encode("utf-8") + b"\n")
    return h.hexdigest()


#: The last line of every cache file: its content's digest (an N-Triples comment, so parsers skip it).
_TRAILER = b"# jcgraph-sha256 "


def write_checked(path: Path, data: bytes) -> bool:
    """Write cache entry ``path`` atomically, ending in a line with its content's digest.

    A cache that cannot be written (read-only or full folder) is skipped: the caller carries on
    without it. :returns: True when the entry was written
    """
    import tempfile

    if data and not data.endswith(b"\n"):
        data += b"\n"
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:40]}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data + _TRAILER + bytes_digest(data).encode() + b"\n")
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False


def read_checked(path: Path) -> bytes | None:
    """The content of cache entry ``path`` if it is there and whole, else None.

    An entry whose digest line is missing or does not match (truncated, edited, emptied) is deleted,
    so the caller recomputes it: a damaged cache never gives an answer.
    """
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    body, _, last = raw.rstrip(b"\n").rpartition(b"\n")
    body = body + b"\n" if body else b""
    if not last.startswith(_TRAILER) or last[len(_TRAILER) :].decode("ascii", "replace") != bytes_digest(body):
        if not (raw.startswith(_TRAILER) and bytes_digest(b"").encode() in raw):  # an empty entry is whole
            path.unlink(missing_ok=True)
            return None
        return b""
    return body
