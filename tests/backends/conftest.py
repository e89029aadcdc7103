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
