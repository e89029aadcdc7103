"""The contract suite: every case runs on both engines (the ``engine`` fixture), and their answers are compared."""

from __future__ import annotations

import pytest

ENGINES = ("rdflib", "oxigraph")


@pytest.fixture(params=ENGINES)
def engine(request, monkeypatch) -> str:
    """The engine a case runs on (``JCGRAPH_BACKEND`` set for its length)."""
    monkeypatch.setenv("JCGRAPH_BACKEND", request.param)
    return request.param


@pytest.fixture
def on_both(run_cli, monkeypatch):
    """Run the same ``jcgraph`` command on each engine; returns {engine: (exit code, stdout, stderr)}."""

    def run(*args):
        outputs = {}
        for name in ENGINES:
            monkeypatch.setenv("JCGRAPH_BACKEND", name)
            outputs[name] = run_cli(*args)
        return outputs

    return run


@pytest.fixture(scope="session")
def loaded(_frozen_root):
    """The frozen graph loaded once per engine: {engine: KnowledgeGraph} (read-only; do not modify them).

    Library-level cases run on these, so each engine loads and reasons once, not once per case.
    """
    import os

    import jcgraph
    from jcgraph.backends import engine_for

    graphs = {}
    saved = os.environ.get("JCGRAPH_BACKEND")
    try:
        for name in ENGINES:
            os.environ["JCGRAPH_BACKEND"] = name
            graphs[name] = jcgraph.load(_frozen_root)
            assert engine_for(graphs[name]).name == name  # chosen now, kept with the graph
    finally:
        if saved is None:
            os.environ.pop("JCGRAPH_BACKEND", None)
        else:
            os.environ["JCGRAPH_BACKEND"] = saved
    return graphs
