"""Shared fixtures: the repository's graph, a private copy of it, the CLI, a real SPARQL server."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jcgraph.cli import main as cli_main
from tests.support.servers import oxigraph_server

REPO = Path(__file__).resolve().parents[1]
#: The frozen data the tests run on (see tests/fixtures/graph/README.md).
FIXTURES = REPO / "tests" / "fixtures"
FROZEN_DATA = FIXTURES / "graph" / "data"


def assemble_root(target: Path, data: Path = FROZEN_DATA) -> Path:
    """A graph root at ``target``: the repository's ontology/ and queries/ (code) with ``data``."""
    shutil.copytree(REPO / "ontology", target / "ontology")
    shutil.copytree(REPO / "queries", target / "queries")
    shutil.copytree(data, target / "data")
    return target


@pytest.fixture(scope="session")
def _frozen_root(tmp_path_factory) -> Path:
    return assemble_root(tmp_path_factory.mktemp("frozen") / "graph")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch, _frozen_root):
    """Each test session caches closures in its own folder; every command reads the frozen graph."""
    monkeypatch.setenv("JCGRAPH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("JCGRAPH_ROOT", str(_frozen_root))


@pytest.fixture(scope="session")
def repo_root(_frozen_root) -> Path:
    """The graph the tests run on: the repository's ontology/ and queries/ with the frozen data/."""
    return _frozen_root


@pytest.fixture(scope="session")
def checkout() -> Path:
    """The repository checkout itself (pyproject, src/, the live data/)."""
    return REPO


@pytest.fixture(scope="session")
def kg_multilateral(tmp_path_factory):
    """The frozen multilateral graph (tests/fixtures/multilateral): the questions from cq-15 on need the
    UNTC participations the frozen bilateral graph predates. Read-only."""
    import jcgraph

    root = assemble_root(tmp_path_factory.mktemp("multilateral") / "graph", FIXTURES / "multilateral" / "data")
    return jcgraph.load(root)


@pytest.fixture(scope="session")
def kg(_frozen_root):
    """The frozen test graph, loaded once per session (read-only: do not modify it)."""
    import jcgraph

    return jcgraph.load(_frozen_root)


@pytest.fixture
def graph_copy(tmp_path, _frozen_root) -> Path:
    """A private, writable copy of the frozen test graph for tests that change it."""
    root = tmp_path / "graph"
    shutil.copytree(_frozen_root, root)
    return root


def tree_digest(folder: Path) -> str:
    """A digest of every file's path and bytes under ``folder``, to prove nothing changed."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


@pytest.fixture
def run_cli(capsys):
    """Run ``jcgraph ARGS`` in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str):
        try:
            code = cli_main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def run_process():
    """Run ``jcgraph ARGS`` as a separate process, as a user would; returns CompletedProcess."""

    def run(
        *args: str, cwd: Path | None = None, env: dict | None = None, input: bytes | None = None, timeout: float = 120
    ):
        full_env = {**os.environ, **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "jcgraph", *map(str, args)],
            cwd=cwd,
            env=full_env,
            input=input,
            capture_output=True,
            timeout=timeout,
        )

    return run


@pytest.fixture
def sparql_server(tmp_path):
    """A real, empty, writable oxigraph SPARQL server on 127.0.0.1 (stopped after the test)."""
    with oxigraph_server(tmp_path / "oxigraph") as server:
        yield server


#: Modules left out of the everyday subset (``pytest -m "not slow"``): real servers and browsers, kill -9
#: and concurrency, generated inputs, wheels, the live-data invariants and the engine comparisons. The
#: whole suite runs them all; a case inside any module may also be marked ``slow`` by itself.
SLOW_MODULES = {
    "test_virtuoso",
    "test_query_page_browser",
    "test_remote",
    "test_push",
    "test_hostile_servers",
    "test_endpoint_faults",
    "test_serve",
    "test_crash_safety",
    "test_crash_publish",
    "test_properties",
    "test_cli_core",
    "test_synth",
    "test_data",
    "test_untc",
    "test_fastpath",
    "test_backends",
    "test_contract_cli",
    "test_hostile_files",
    "test_hostile_reasoning",
    "test_cache_integrity",
    "test_cache_collision",
    "test_release",
    "test_draw",
}


def pytest_collection_modifyitems(config, items):
    slow = pytest.mark.slow
    for item in items:
        if item.module is not None and item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(slow)
