"""A real Virtuoso (Debian's virtuoso-opensource) on 127.0.0.1: push with Digest credentials in both
protocols, batches that adapt to its SQL-text limit, a replace that readers never see half done, and
the catalogue answering as it does locally.

Virtuoso is started by a module fixture on free loopback ports, with its database in a temporary
folder, and stopped at the end. ``.ci/run`` installs the package; elsewhere these tests are skipped.
"""

from __future__ import annotations

import contextlib
import json
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import jcgraph
from jcgraph.backends import engine_for
from jcgraph.namespaces import PREFIXES
from jcgraph.publish import export as ex
from jcgraph.query.engine import catalogue, query
from tests.conftest import assemble_root
from tests.support.servers import virtuoso_binary, virtuoso_server

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(virtuoso_binary() is None, reason="virtuoso-opensource is not installed (.ci/run installs it)"),
]
GRAPH = "https://w3id.org/jcgraph/graph/test"
FIXTURES = Path(__file__).parent / "fixtures"


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
            "--timeout",
            "300",  # a reader counts all the while: on a busy machine one MOVE may take over a minute
        )
    finally:
        done.set()
        thread.join(60)
    assert code == 0, err
    assert len(seen) >= 3
    assert set(seen) == {total}, sorted(set(seen))


def test_a_replace_too_big_for_the_transaction_log_names_the_setting(kg, tmp_path, monkeypatch, run_cli):
    """A Virtuoso whose transaction log takes 30 KB (TransactionAfterImageLimit; SR325 past it): batches are
    halved until they fit; the one MOVE of a --replace cannot be, so the error names the setting, and the
    graph already there is left whole."""
    with virtuoso_server(tmp_path / "small-log", parameters={"TransactionAfterImageLimit": "30000"}) as server:
        monkeypatch.setenv("JCGRAPH_STORE_USER", server.user)
        monkeypatch.setenv("JCGRAPH_STORE_PASSWORD", server.password)
        code, _, err = run_cli("push", "--root", kg.root, "--store", server.store_url, "--graph", GRAPH)
        assert code == 0, err
        assert int(err.split(" batch(es)")[0].rsplit(" in ", 1)[1]) > 1  # one batch of 10,000 did not fit
        before = count(server)
        assert before > 0
        code, _, err = run_cli(
            "push",
            "--root",
            kg.root,
            "--store",
            server.store_url,
            "--update",
            server.auth_url,
            "--graph",
            GRAPH,
            "--replace",
        )
        assert code == 2, err
        assert "SR325" in err and "TransactionAfterImageLimit" in err and "Traceback" not in err
        assert "The graph was not changed" in err
        assert count(server) == before


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


@contextlib.contextmanager
def serving(kg, folder):
    """A Virtuoso of its own holding ``kg`` and its OWL RL closure in one named graph.

    (Virtuoso's endpoint answers over all its graphs, so the push tests' graphs must not be there.)
    """
    with virtuoso_server(folder) as server:
        data = kg.graph("owlrl").serialize(format="nt", encoding="utf-8")
        load = f"DB.DBA.TTLP(file_to_string_output('{server.location}/graph.nt'), '', '{CATALOGUE_GRAPH}', 512);"
        (server.location / "graph.nt").write_bytes(data)
        server.sql(load)
        yield server.query_url


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, kg_multilateral):
    with serving(kg_multilateral, tmp_path_factory.mktemp("virtuoso-catalogue")) as url:
        yield url


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.ident)
def test_same_rows_on_virtuoso_as_locally(kg_multilateral, loaded, entry):
    """Every query and check on the frozen multilateral graph (so cq-15 to cq-20 have rows to compare)."""
    if entry.name == "status-asserted":
        pytest.skip("reads asserted triples only; the endpoint holds the closure, whose rules derive jc:status")
    kg = kg_multilateral
    local = query(entry, kg=kg)
    remote = query(entry, kg=kg, endpoint=loaded)
    assert remote.vars == local.vars
    assert remote.rows == local.rows
    if entry.ident[:5] in NEEDS_ROWS:
        assert local.rows, f"{entry.ident} has no rows on the multilateral graph: the comparison would prove nothing"


#: Queries whose default parameters must give rows on the multilateral graph.
NEEDS_ROWS = {"cq-15", "cq-16", "cq-17", "cq-19", "cq-20"}


# The frozen graph predates the multilateral data: legal-bases (cq-20) is also compared on the small
# fixture of tests/test_legal_bases.py, grown with what its status rules read (terminations and entries
# into force at mixed precision, a party through its institution, a denunciation, a participation with
# no as-of date), for every kind of parameter.
LEGAL_BASES_EXTRA = """
agr:mar-ken-1990-extradition a jc:Convention , jc:BilateralAgreement ;
    rdfs:label "Morocco–Kenya extradition convention (1990)"@en ;
    jc:stateParty state:KEN , state:MAR ; jc:subject ca:extradition .
event:test-mar-ken-eif a jc:EntryIntoForce ; jc:ofAgreement agr:mar-ken-1990-extradition ;
    jc:date "1992-05"^^xsd:gYearMonth .
event:test-mar-ken-end-1 a jc:Termination ; jc:ofAgreement agr:mar-ken-1990-extradition ;
    jc:date "2010-03-01"^^xsd:date .
event:test-mar-ken-end-2 a jc:Termination ; jc:ofAgreement agr:mar-ken-1990-extradition ; jc:date "2012"^^xsd:gYear .
prv:test-mar-ken-art3 a jc:Provision ; jc:provisionOf agr:mar-ken-1990-extradition ; jc:articleNumber "3" ;
    jc:onArea ca:extradition .
agr:mar-kaz-2000-memorandum a jc:MemorandumOfUnderstanding ;
    rdfs:label "Morocco–Kazakhstan prosecutors' memorandum (2000)"@en ;
    jc:institutionParty inst:test-mar-prosecution ; jc:stateParty state:KAZ ; jc:subject ca:mutual-legal-assistance .
inst:test-mar-prosecution jc:ofState state:MAR ; rdfs:label "Moroccan prosecution"@en .
event:test-mar-kaz-eif a jc:EntryIntoForce ; jc:ofAgreement agr:mar-kaz-2000-memorandum ;
    jc:date "2001-01-01"^^xsd:date .
agr:mar-ken-2005-protocol a jc:AdditionalProtocol ;
    jc:stateParty state:KEN ; jc:institutionParty inst:test-mar-prosecution .
part:untoc-DEU a jc:Participation ; jc:participatingActor state:DEU ; jc:inAgreement agr:untoc ;
    jc:signatureDate "2000-12-12"^^xsd:date ; jc:consentDate "2006-06-14"^^xsd:date ; jc:consentKind ck:ratification ;
    jc:denunciationDate "2012-01-01"^^xsd:date ; jc:asOf "2014-01-27"^^xsd:date .
agr:test-convention a jc:MultilateralAgreement , jc:Convention ; rdfs:label "A test convention"@en .
part:test-convention-MAR a jc:Participation ; jc:participatingActor state:MAR ; jc:inAgreement agr:test-convention ;
    jc:signatureDate "2001-02-03"^^xsd:date ; jc:asOf "2013-01-01"^^xsd:date .
part:test-convention-KEN a jc:Participation ; jc:participatingActor state:KEN ; jc:inAgreement agr:test-convention ;
    jc:signatureDate "2001-02-03"^^xsd:date ; jc:consentDate "2004"^^xsd:gYear ; jc:consentKind ck:accession .
prv:test-convention-art1 a jc:Provision ; jc:provisionOf agr:test-convention ; jc:articleNumber "1" ;
    jc:onArea ca:mutual-legal-assistance .
"""
PAIRS = [("MAR", "KEN"), ("KEN", "MAR"), ("MAR", "KAZ"), ("MAR", "DEU"), ("KEN", "DEU")]


@pytest.fixture(scope="module")
def legal_bases_kg(tmp_path_factory):
    root = assemble_root(tmp_path_factory.mktemp("legal-bases") / "graph", FIXTURES / "legal-bases" / "data")
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    (root / "data" / "test-extra.ttl").write_text(header + LEGAL_BASES_EXTRA, encoding="utf-8")
    kg = jcgraph.load(root)
    # the local side on the store engine (the contract suite proves both engines give these rows): the
    # 100 comparisons below would spend most of their time in rdflib otherwise
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JCGRAPH_BACKEND", "oxigraph")
        engine_for(kg)
    return kg


@pytest.fixture(scope="module")
def legal_bases_endpoint(tmp_path_factory, legal_bases_kg):
    with serving(legal_bases_kg, tmp_path_factory.mktemp("virtuoso-legal-bases")) as url:
        yield url


# every date and every kind of subject once (Virtuoso takes about a second per legal-bases query)
@pytest.mark.parametrize(
    ("subject", "on"),
    [
        ("all", "as-of"),
        ("extradition", "2001-06-01"),
        ("mutual-legal-assistance", "2005-01-01"),
        ("ca:extradition", "2011-01-01"),
        ("all", "2030-01-01"),
        ("extradition", "as-of"),
    ],
)
def test_legal_bases_on_virtuoso_as_locally(legal_bases_kg, legal_bases_endpoint, subject, on):
    for state1, state2 in PAIRS:
        params = {"state1": state1, "state2": state2, "subject": subject, "on": on}
        local = query("legal-bases", params, kg=legal_bases_kg)
        remote = query("legal-bases", params, kg=legal_bases_kg, endpoint=legal_bases_endpoint)
        assert (remote.vars, remote.rows) == (local.vars, local.rows), params
