"""Reasoning cannot be turned against jcgraph: owl:sameAs cliques and reasoning time are limited, a looping
rdf:List is an input error, and the store engine's --max-rows error comes alone (issue 15)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("rdflib", "oxigraph")


def _chain(path: Path, links: int) -> Path:
    lines = ["@prefix owl: <http://www.w3.org/2002/07/owl#> ."]
    lines += [f"<https://example.org/x{i}> owl:sameAs <https://example.org/x{i + 1}> ." for i in range(links)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def ontology_root(tmp_path) -> Path:
    root = tmp_path / "graph"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    (root / "data").mkdir()
    return root


def test_an_owl_sameas_clique_over_the_limit_is_refused(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("JCGRAPH_MAX_SAMEAS_CLIQUE", "10")
    code, _, err = run_cli("validate", "--inference", "owlrl", _chain(tmp_path / "chain.ttl", 10))
    assert code == 2, err
    assert "chain.ttl" in err and "JCGRAPH_MAX_SAMEAS_CLIQUE" in err and "Traceback" not in err


def test_an_owl_sameas_clique_under_the_limit_passes(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("JCGRAPH_MAX_SAMEAS_CLIQUE", "10")
    code, _, err = run_cli("validate", _chain(tmp_path / "chain.ttl", 8))
    assert "JCGRAPH_MAX_SAMEAS_CLIQUE" not in err


@pytest.mark.parametrize("engine", ENGINES)
def test_reasoning_over_its_time_stops_with_exit_2(engine, tmp_path, run_process):
    env = {"JCGRAPH_BACKEND": engine, "JCGRAPH_MAX_SAMEAS_CLIQUE": "1000", "JCGRAPH_MAX_REASONING_SECONDS": "1"}
    done = run_process("validate", "--inference", "owlrl", _chain(tmp_path / "chain.ttl", 600), env=env)
    assert done.returncode == 2, done.stderr.decode()
    assert "JCGRAPH_MAX_REASONING_SECONDS" in done.stderr.decode() and "Traceback" not in done.stderr.decode()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_looping_rdf_list_in_a_data_file_is_an_input_error(engine, ontology_root, run_cli, monkeypatch):
    (ontology_root / "data" / "loop.ttl").write_text(
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "<https://example.org/C> <https://example.org/members> _:l .\n"
        "_:l rdf:first <https://example.org/A> ; rdf:rest _:l .\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("JCGRAPH_BACKEND", engine)
    code, _, err = run_cli("validate", "--root", ontology_root, "--inference", "owlrl")
    assert code == 2, err
    assert "loop.ttl" in err and "loops back on itself" in err and "Traceback" not in err


def test_the_store_engines_row_limit_error_comes_alone(run_process):
    done = run_process("query", "--max-rows", "2", "SELECT * WHERE { ?s ?p ?o }", env={"JCGRAPH_BACKEND": "oxigraph"})
    assert done.returncode == 2
    assert "more than 2 rows" in done.stderr.decode()
    assert "unsendable" not in done.stderr.decode() and "RuntimeError" not in done.stderr.decode()
