"""``jcgraph serve``: a real read-only SPARQL endpoint, same rows as a local query, updates refused."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

import jcgraph
from tests.support.servers import free_port

pytestmark = pytest.mark.server
QUERY = """
PREFIX jc: <https://w3id.org/jcgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?state ?label WHERE { ?state a jc:State ; rdfs:label ?label . FILTER(lang(?label) = "en") }
ORDER BY ?state
"""


def start(repo_root, tmp_path, *extra):
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path), "JCGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "jcgraph", "serve", "--root", str(repo_root), "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    line = process.stderr.readline().decode()  # the URL line, once the server answers
    assert "SPARQL endpoint" in line, line + process.stderr.read().decode()
    url = line.rsplit(" ", 1)[1].strip()
    assert url == f"http://127.0.0.1:{port}/query"
    assert process.stderr.readline().decode().strip() == f"Query page: http://127.0.0.1:{port}/"
    return process, url


def stop(process, sig=signal.SIGINT) -> int:
    process.send_signal(sig)
    try:
        return process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def sparql_rows(url: str, query: str) -> list[tuple[str, ...]]:
    client = SPARQLWrapper(url, agent="jcgraph-tests")
    client.setTimeout(30)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    result = client.query().convert()
    names = result["head"]["vars"]
    return [tuple(row[n]["value"] for n in names) for row in result["results"]["bindings"]]


def test_serve_answers_like_a_local_query_and_refuses_updates(repo_root, tmp_path):
    process, url = start(repo_root, tmp_path, "--what", "asserted")
    try:
        remote = sparql_rows(url, QUERY)
        local = [(str(r["state"]), str(r["label"])) for r in jcgraph.select(jcgraph.load(repo_root), QUERY)]
        assert remote == local and len(remote) >= 3
        count = sparql_rows(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(count[0][0]) == len(jcgraph.load(repo_root).asserted)
        update = url.rsplit("/", 1)[0] + "/update"
        body = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(urllib.request.Request(update, data=body), timeout=10)
        assert refused.value.code in (403, 404, 405)
        assert int(sparql_rows(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0]) == int(count[0][0])
    finally:
        code = stop(process)
    assert code == 0
    assert not list(tmp_path.glob("jcgraph-serve-*"))  # the temporary store is gone


def test_serve_includes_inferred_by_default_and_stops_on_sigterm(repo_root, tmp_path):
    process, url = start(repo_root, tmp_path)
    try:
        kg = jcgraph.load(repo_root)
        count = int(sparql_rows(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0])
        assert count == len(kg.asserted) + len(kg.inferred("owlrl"))
        graphs = sparql_rows(url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert ("https://w3id.org/jcgraph/graph/inferred/owlrl",) in graphs
        cq12 = jcgraph.query("cq-12", endpoint=url, root=repo_root)  # needs the closure: any client gets it
        local = jcgraph.query("cq-12", root=repo_root)
        assert sorted(map(str, cq12.rows)) == sorted(map(str, local.rows)) and cq12.rows
    finally:
        code = stop(process, signal.SIGTERM)
    assert code == 0
    assert not list(tmp_path.glob("jcgraph-serve-*"))


def test_serve_without_oxigraph_says_how_to_install(run_cli, monkeypatch, repo_root):
    import jcgraph.publish.serve as serve

    monkeypatch.setattr(serve.sys, "executable", "/nonexistent/bin/python")
    monkeypatch.setenv("PATH", "/nonexistent")
    code, _, err = run_cli("serve", "--root", repo_root, "--port", str(free_port()))
    assert code == 2 and "pip install oxigraph" in err


def test_serve_refuses_non_loopback_by_default():
    from jcgraph.errors import InputError
    from jcgraph.publish.serve import check_bind

    assert check_bind("127.0.0.1", explicit=False) == "127.0.0.1"
    with pytest.raises(InputError):
        check_bind("0.0.0.0", explicit=False)
    assert check_bind("0.0.0.0", explicit=True) == "0.0.0.0"


def test_port_in_use_is_a_clear_error(repo_root, tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "jcgraph", "serve", "--root", str(repo_root), "--port", str(port)],
            capture_output=True,
            timeout=120,
            env={**os.environ, "TMPDIR": str(tmp_path)},
        )
    assert done.returncode == 2, done.stderr
    assert b"port" in done.stderr and b"Traceback" not in done.stderr


def test_serve_gives_the_same_rows_as_jcgraph_query(repo_root, tmp_path, run_cli):
    pytest.importorskip("jcgraph.commands.query")
    query_file = tmp_path / "states.rq"
    query_file.write_text(QUERY, encoding="utf-8")
    code, local, err = run_cli("query", "--root", repo_root, query_file, "-f", "json", "--inference", "none")
    assert code == 0, err
    process, url = start(repo_root, tmp_path)
    try:
        code, remote, err = run_cli("query", query_file, "-f", "json", "--endpoint", url)
        assert code == 0, err
    finally:
        stop(process)

    def rows(text: str) -> list:
        import json

        bindings = json.loads(text)["results"]["bindings"]
        return [tuple(sorted((k, v["value"]) for k, v in row.items())) for row in bindings]

    assert rows(remote) == rows(local) and len(rows(local)) >= 3


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_query_page_catalogue_and_safe_parameters(repo_root, tmp_path):
    process, url = start(repo_root, tmp_path)
    base = url.rsplit("/", 1)[0]
    try:
        status, page = get(base + "/")
        assert status == 200 and b"jcgraph" in page and b"yasgui" not in page.lower()
        status, body = get(base + "/catalogue.json")
        listing = json.loads(body)
        assert listing["prefixes"]["jc"] == "https://w3id.org/jcgraph/ontology#"
        first = listing["queries"][0]
        assert first["id"].startswith("cq-01") and first["question"]["fr"].startswith("Quels accords")
        assert [(p["name"], p["default"]) for p in first["params"]] == [("state1", "MAR"), ("state2", "KAZ")]
        status, body = get(base + "/prepare?query=cq-01&state2=Kenya")
        text = json.loads(body)["text"]
        assert status == 200 and "<https://w3id.org/jcgraph/id/state/KEN>" in text and "/state/MAR>" in text
        hostile = urllib.parse.quote("MAR> } } DELETE WHERE { ?s ?p ?o } #")
        status, body = get(f"{base}/prepare?query=cq-01&state1={hostile}")
        assert status == 400 and "error" in json.loads(body)
        status, body = get(base + "/prepare?query=cq-01&nope=1")
        assert status == 400 and "nope" in json.loads(body)["error"]
        status, _ = get(base + "/store")
        assert status == 404
    finally:
        assert stop(process) == 0
