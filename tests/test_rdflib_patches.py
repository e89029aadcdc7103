"""The rdflib patches in jcgraph.backends.memory.patches: each still needed, and each working."""

from __future__ import annotations

import pytest
from rdflib import Graph

DATA = """@prefix ex: <http://example.org/> .
ex:a ex:p ex:x . ex:b ex:p ex:y . ex:s ex:of ex:a ; ex:t ex:T1 .
"""
GROUPED = """PREFIX ex: <http://example.org/>
SELECT ?a (GROUP_CONCAT(DISTINCT ?t; separator=",") AS ?ts) (SAMPLE(DISTINCT ?t) AS ?one)
WHERE { ?a ex:p ?o . OPTIONAL { ?s ex:of ?a ; ex:t ?t } } GROUP BY ?a ORDER BY ?a"""


def test_upstream_rdflib_still_fails_on_distinct_aggregates_over_unbound():
    """When this fails, rdflib has fixed RDFLib/rdflib#882: drop rdflib_distinct_aggregate_fix."""
    import subprocess
    import sys

    code = f"from rdflib import Graph\ng = Graph().parse(data={DATA!r}, format='turtle')\nlist(g.query({GROUPED!r}))\n"
    # a fresh interpreter: this process may already carry the patch
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "NotBoundError" in proc.stderr


def test_distinct_aggregates_skip_unbound_rows_with_the_fix():
    from jcgraph.backends.memory.patches import rdflib_distinct_aggregate_fix

    rdflib_distinct_aggregate_fix()
    rdflib_distinct_aggregate_fix()  # idempotent
    rows = [tuple(str(t) if t is not None else None for t in r) for r in Graph().parse(data=DATA).query(GROUPED)]
    assert rows == [
        ("http://example.org/a", "http://example.org/T1", "http://example.org/T1"),
        ("http://example.org/b", "", None),
    ]


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_the_issue_query_runs_on_both_engines(run_cli, tmp_path, monkeypatch, backend):
    monkeypatch.setenv("JCGRAPH_BACKEND", backend)
    rq = tmp_path / "steps.rq"
    rq.write_text(
        'SELECT ?a ?label (GROUP_CONCAT(DISTINCT ?stepType; separator=", ") AS ?steps) WHERE { '
        "?a a jc:Agreement ; rdfs:label ?label . OPTIONAL { ?x jc:ofAgreement ?a ; a ?stepType . "
        "FILTER(?stepType IN (jc:Approval, jc:Ratification)) } } GROUP BY ?a ?label\n"
    )
    code, out, err = run_cli("query", rq, "--inference", "rdfs", "-f", "csv")
    assert code == 0, err
    assert out.startswith("a,label,steps\r\n") and len(out.splitlines()) > 1


def test_a_query_rdflib_cannot_evaluate_is_an_input_error_not_a_crash(run_cli, tmp_path, monkeypatch):
    from rdflib.plugins.sparql import aggregates

    def broken(self, row, aggregator):
        raise TypeError("unsupported operand")

    monkeypatch.setenv("JCGRAPH_BACKEND", "rdflib")
    monkeypatch.setattr(aggregates.GroupConcat, "update", broken)
    rq = tmp_path / "agg.rq"
    rq.write_text("SELECT (GROUP_CONCAT(?o) AS ?all) WHERE { ?s rdfs:label ?o }\n")
    code, _, err = run_cli("query", rq)
    assert code == 2 and "rdflib could not evaluate this query" in err and "TypeError" in err
    assert "internal error" not in err
