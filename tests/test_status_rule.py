"""The status rule (ontology/rules/participation-status.rq) on a small fixture, on both backends."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "rules" / "status.ttl"
QUERY = """PREFIX jc: <https://w3id.org/jcgraph/ontology#>
SELECT ?subject ?status ?asOf WHERE {
  ?subject jc:status ?status .
  OPTIONAL { ?subject jc:statusAsOf ?asOf }
}"""
ST = "https://w3id.org/jcgraph/concept/agreement-status/"
ID = "https://w3id.org/jcgraph/id/"
EXPECTED = {
    # signed only in a table as of 2014-07-10: signed, not in force, as of that date
    ID + "participation/test-convention-DEU": ("signed-not-in-force", "2014-07-10"),
    ID + "participation/test-convention-MAR": ("in-force", "2014-01-27"),
    # a consent given by year only, in a table dated by month only
    ID + "participation/test-convention-KEN": ("in-force", "2014-01"),
    ID + "participation/test-convention-FRA": ("terminated", "2014-01-27"),
    # consented, but the convention was not yet in force at the table's date
    ID + "participation/test-convention-ESP": ("unknown", "2003-01-01"),
    # a bilateral agreement known only from a reported signing is unknown, not "not in force"
    ID + "agreement/test-signed-only": ("unknown", ""),
    ID + "agreement/test-in-force": ("in-force", ""),
    ID + "agreement/test-ended": ("terminated", ""),
}


@pytest.fixture(scope="module")
def root(tmp_path_factory, repo_root) -> Path:
    folder = tmp_path_factory.mktemp("status") / "graph"
    shutil.copytree(repo_root / "ontology", folder / "ontology")
    (folder / "data").mkdir()
    shutil.copy(FIXTURE, folder / "data" / "status.ttl")
    return folder


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("mode", ["rdfs", "owlrl"])
def test_status_of_participations_and_bilateral_agreements(run_cli, monkeypatch, root, tmp_path, backend, mode):
    monkeypatch.setenv("JCGRAPH_BACKEND", backend)
    query = tmp_path / "status.rq"
    query.write_text(QUERY, encoding="utf-8")
    code, out, err = run_cli("query", "--root", root, "--inference", mode, "--format", "csv", query)
    assert code == 0, err
    found = {
        row["subject"]: (row["status"].removeprefix(ST), row["asOf"])
        for row in csv.DictReader(io.StringIO(out))
        if "/test-" in row["subject"]
    }
    assert found == EXPECTED


def test_without_inference_no_status_is_derived(run_cli, root, tmp_path):
    query = tmp_path / "status.rq"
    query.write_text(QUERY, encoding="utf-8")
    code, out, _ = run_cli("query", "--root", root, "--inference", "none", "--format", "csv", query)
    assert code == 0 and len(out.strip().splitlines()) == 1
