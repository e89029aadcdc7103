"""The engines behind a loaded graph, and the one function that chooses between them (:func:`engine_for`)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from jcgraph.errors import InputError
from jcgraph.limits import STORE_FROM_BYTES

if TYPE_CHECKING:
    from jcgraph.backends.protocol import Backend
    from jcgraph.graph.loading import KnowledgeGraph

#: ``JCGRAPH_BACKEND``: ``rdflib``, ``oxigraph``, or ``auto`` (the default: the store from STORE_FROM_BYTES of input).
BACKENDS = ("auto", "rdflib", "oxigraph")


def choose(input_bytes: int) -> str:
    """The engine's name for a graph of ``input_bytes`` bytes of files: the ONE place an engine is chosen.

    ``$JCGRAPH_BACKEND`` forces one (``rdflib`` or ``oxigraph``); ``auto`` (the default) takes the store
    from :data:`jcgraph.limits.STORE_FROM_BYTES` on.

    :raises InputError: ``$JCGRAPH_BACKEND`` names no engine
    """
    choice = os.environ.get("JCGRAPH_BACKEND", "auto") or "auto"
    if choice not in BACKENDS:
        raise InputError(f"JCGRAPH_BACKEND must be one of {', '.join(BACKENDS)}, not {choice!r}.")
    if choice != "auto":
        return choice
    return "oxigraph" if input_bytes >= STORE_FROM_BYTES else "rdflib"


def engine_for(kg: KnowledgeGraph) -> Backend:
    """The engine that answers for ``kg`` (made once per loaded graph and kept with it)."""
    engine = kg.__dict__.get("_engine")
    if engine is None:
        size = sum(f.path.stat().st_size for f in kg.files if f.path.is_file())
        if choose(size) == "oxigraph":
            from jcgraph.backends.oxigraph.backend import OxigraphBackend

            engine = OxigraphBackend(kg)
        else:
            from jcgraph.backends.memory.backend import MemoryBackend

            engine = MemoryBackend(kg)
        kg.__dict__["_engine"] = engine
    return engine


__all__ = ["BACKENDS", "choose", "engine_for"]
