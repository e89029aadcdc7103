"""A real Virtuoso (Debian's virtuoso-opensource) on 127.0.0.1: push with Digest credentials in both
protocols, batches that adapt to its SQL-text limit, a replace that readers never see half done, and
the catalogue answering as it does locally.

Virtuoso is started by a module fixture on free loopback ports, with its database in a temporary
folder, and stopped at the end. ``.ci/run`` installs the package; elsewhere these tests are skipped.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
import urllib.request

import pytest

import jcgraph
from jcgraph.publish import export as ex
from jcgraph.query.engine import catalogue, query
from tests.support.servers import virtuoso_binary, virtuoso_server

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(virtuoso_binary() is None, reason="virtuoso-opensource is not installed (.ci/run installs it)"),
]
GRAPH = "https://w3id.org/jcgraph/graph/test"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso"), anonymous_updates=True) as server:
        yield server


@pytest.fixture
def dba(monkeypatch, virtuoso):
    monkeypatch.setenv("JCGRAPH_STORE_USER", virtuoso.user)
    monkeypatch.setenv("JCGRAPH_STORE_PASSWORD", virtuoso.password)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A synthetic graph of about 100,000 triples (seeded, conforming)."""
    from jcgraph.tools.synth import generate

    root = tmp_path_factory.mktemp("big")
    generate(root, agreements=2200)
    kg = jcgraph.load(root)
    return kg, len(ex.export(kg, "ntriples").splitlines())


def count(server, graph: str | None = GRAPH) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    url = server.query_url + "?" + urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def drop(server, graph: str = GRAPH) -> None:
    server.sql(f"SPARQL CLEAR GRAPH <{graph}>;")


@pytest.mark.slow
def test_graph_store_push_with_digest_is_verified_and_idempotent(virtuoso, dba, big, run_cli):
    kg, total = big
    drop(virtuoso)
    for _ in range(2):
        code, _, err = run_cli(
            "push", "--root", kg.root, "--store", virtuoso.store_url, "--graph", GRAPH, "--endpoint", virtuoso.query_url
        )
        assert code == 0, err
        assert f"holds {total:,} triples (expected {total:,})" in err
    assert count(virtuoso) == total


@pytest.mark.slow
def test_update_push_with_digest_adapts_its_batches(virtuoso, dba, big, run_cli):
    """10,000 triples in one INSERT DATA exceed Virtuoso's SQL-text limit (SP031): halved until they fit."""
    kg, total = big
    drop(virtuoso)
    code, _, err = run_cli(
        "push",
        "--root",
        kg.root,
        "--update",
        virtuoso.auth_url,
        "--graph",
        GRAPH,
        "--batch-size",
        "10000",
        "--replace",
        "--endpoint",
        virtuoso.query_url,
    )
    assert code == 0, err
    batches = int(err.split(" batch(es)")[0].rsplit(" in ", 1)[1])
    assert batches > total // 10_000
    assert count(virtuoso) == total


@pytest.mark.slow
def test_a_reader_never_sees_a_half_replaced_graph(virtuoso, dba, big, run_cli):
    kg, total = big
    drop(virtuoso)
    assert run_cli("push", "--root", kg.root, "--store", virtuoso.store_url, "--graph", GRAPH)[0] == 0
    seen: list[int] = []
    done = threading.Event()

    def reader():
        while not done.is_set():
            seen.append(count(virtuoso))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        code, _, err = run_cli(
            "push",
            "--root",
            kg.root,
            "--store",
            virtuoso.store_url,
            "--update",
            virtuoso.auth_url,
            "--graph",
            GRAPH,
            "--replace",
            "--batch-size",
            "5000",
        )
    finally:
        done.set()
        thread.join(60)
    assert code == 0, err
    assert len(seen) >= 3
    assert set(seen) == {total}, sorted(set(seen))


def test_wrong_password_names_the_digest_scheme(virtuoso, kg, monkeypatch, run_cli):
    monkeypatch.setenv("JCGRAPH_STORE_USER", "dba")
    monkeypatch.setenv("JCGRAPH_STORE_PASSWORD", "wrong")
    code, _, err = run_cli("push", "--root", kg.root, "--store", virtuoso.store_url, "--graph", GRAPH)
    assert code == 2
    assert "refused the credentials (Digest authentication)" in err and "Traceback" not in err


def test_no_credentials_names_the_scheme_asked_for(virtuoso, kg, monkeypatch, run_cli, tmp_path):
    monkeypatch.delenv("JCGRAPH_STORE_USER", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "none"))
    code, _, err = run_cli("push", "--root", kg.root, "--store", virtuoso.store_url, "--graph", GRAPH)
    assert code == 2
    assert "asks for credentials (Digest authentication)" in err


def test_the_default_graph_gets_a_hint(virtuoso, dba, kg, run_cli):
    code, _, err = run_cli("push", "--root", kg.root, "--store", virtuoso.store_url)
    assert code == 2
    assert "--graph IRI" in err and "Traceback" not in err


# --------------------------------------------------------------------------------------------------
# The catalogue on Virtuoso
# --------------------------------------------------------------------------------------------------

ENTRIES = catalogue() + catalogue(checks=True)
CATALOGUE_GRAPH = "https://w3id.org/jcgraph/graph/catalogue"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, kg):
    """A Virtuoso of its own holding the graph and its OWL RL closure in one named graph.

    (Virtuoso's endpoint answers over all its graphs, so the push tests' graphs must not be there.)
    """
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso-catalogue")) as server:
        data = kg.graph("owlrl").serialize(format="nt", encoding="utf-8")
        load = f"DB.DBA.TTLP(file_to_string_output('{server.location}/graph.nt'), '', '{CATALOGUE_GRAPH}', 512);"
        (server.location / "graph.nt").write_bytes(data)
        server.sql(load)
        yield server.query_url


#: Queries written after the portability pass of this test, which Virtuoso still answers differently
#: (left to make portable: the issue's closing note lists them).
NOT_YET_PORTABLE = {"persons-by-post", "signed-not-in-force", "crime-domains-by-partner-region", "legal-bases"}


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.ident)
def test_same_rows_on_virtuoso_as_locally(kg, loaded, entry):
    if entry.name == "status-asserted":
        pytest.skip("reads asserted triples only; the endpoint holds the closure, whose rules derive jc:status")
    if entry.name in NOT_YET_PORTABLE:
        pytest.xfail(f"{entry.ident}: Virtuoso answers this form differently; not yet rewritten portably")
    local = query(entry, kg=kg)
    remote = query(entry, kg=kg, endpoint=loaded)
    assert remote.vars == local.vars
    assert remote.rows == local.rows
