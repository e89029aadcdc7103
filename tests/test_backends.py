"""The store backend (large graphs) and the rdflib backend (small ones) give the same answers.

``JCGRAPH_BACKEND`` forces one; by default the store is used from a few MB of input on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "shapes" / "invalid").glob("*.ttl"))


@pytest.fixture
def both(run_cli, monkeypatch):
    """Run the same command under each backend; return the two outputs."""

    def run(*args):
        outputs = []
        for backend in ("rdflib", "oxigraph"):
            monkeypatch.setenv("JCGRAPH_BACKEND", backend)
            code, out, err = run_cli(*args)
            outputs.append((code, out, err))
        return outputs

    return run


# Whole-graph and delta reports, synthetic graphs and every catalogue query are compared on both
# engines by the contract suite (tests/backends/); this file keeps what is particular to the store.


@pytest.mark.parametrize("mode", ["rdfs", "owlrl"])
def test_inferred_triples_are_the_same(both, mode):
    rdflib, oxigraph = both("export", "--what", "inferred", "--inference", mode, "-f", "nt")
    assert rdflib == oxigraph and rdflib[0] == 0 and rdflib[1]


def test_stats_are_the_same(both):
    rdflib, oxigraph = both("stats", "--inference", "owlrl", "--format", "json")
    assert rdflib == oxigraph


def test_an_unknown_backend_is_an_input_error(run_cli, monkeypatch):
    monkeypatch.setenv("JCGRAPH_BACKEND", "virtuoso")
    code, _, err = run_cli("stats")
    assert code == 2 and "JCGRAPH_BACKEND" in err


def test_names_for_parameters_are_cached_by_content_on_the_store_backend(run_cli, monkeypatch, tmp_path):
    """A large graph's names (for ``--param state=Morocco``) are read once, then from a cache file."""
    monkeypatch.setenv("JCGRAPH_BACKEND", "oxigraph")
    monkeypatch.setenv("JCGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    args = ("query", "cq-01", "--param", "state1=Morocco", "--param", "state2=kenya", "--format", "csv")
    first = run_cli(*args)
    assert first[0] == 0 and "mar-ken" in first[1]
    (cached,) = (tmp_path / "cache").glob("names-*-state.nt")
    assert run_cli(*args) == first
    cached.write_text("this is not N-Triples", encoding="utf-8")  # a damaged entry is rebuilt
    assert run_cli(*args) == first
    assert "MAR" in cached.read_text(encoding="utf-8")
    code, _, err = run_cli("query", "cq-01", "--param", "state1=Atlantis")
    assert code == 2 and "Atlantis" in err and "Morocco" in err


@pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
@pytest.mark.parametrize("what", ["asserted", "all"])
def test_export_from_the_store_holds_the_same_triples_and_is_deterministic(both, run_cli, monkeypatch, fmt, what):
    """Large graphs export Turtle and N-Triples straight from the store (seconds, not a minute, at 1M).

    The layout differs from the small-graph writer, the triples do not, and the bytes are stable.
    """
    from rdflib import Graph
    from rdflib.compare import isomorphic

    args = ("export", "--format", fmt, "--what", what)
    (code_a, small, _), (code_b, large, _) = both(*args)
    assert code_a == code_b == 0
    parse = "nt" if fmt == "ntriples" else "turtle"
    assert isomorphic(Graph().parse(data=small, format=parse), Graph().parse(data=large, format=parse))
    monkeypatch.setenv("JCGRAPH_BACKEND", "oxigraph")
    assert run_cli(*args)[1] == large
