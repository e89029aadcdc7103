"""`jcgraph add`: merge only what conforms, deterministically, atomically, under a lock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

from jcgraph.steward.merge import render_block
from jcgraph.validation.validate import read_delta
from tests.conftest import tree_digest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
AGREEMENT = FIXTURES / "valid" / "agreement.ttl"
STATE = FIXTURES / "valid" / "state.ttl"
INSTITUTION = FIXTURES / "valid" / "institution.ttl"


def test_accepted_file_is_filed_where_the_layout_says(run_cli, graph_copy):
    before = (graph_copy / "data" / "relations" / "mar-kaz.ttl").read_text(encoding="utf-8")
    code, _, err = run_cli("add", "--root", graph_copy, AGREEMENT)
    assert code == 0, err
    relation = graph_copy / "data" / "relations" / "mar-kaz.ttl"
    sources = graph_copy / "data" / "sources.ttl"
    assert "data/relations/mar-kaz.ttl" in err and "data/sources.ttl" in err
    after = relation.read_text(encoding="utf-8")
    assert after.startswith(before), "existing bytes, comments included, are kept"
    assert "# The seed dispatch gives the month and a weekday" in after
    added = Graph().parse(relation) + Graph().parse(sources)
    assert isomorphic(added & Graph().parse(AGREEMENT), Graph().parse(AGREEMENT))
    assert not (graph_copy / "data" / "agreements").exists()
    code, out, _ = run_cli("validate", "--root", graph_copy)
    assert code == 0 and "0 violations, 2 warnings" in out


def test_into_an_existing_file_keeps_its_bytes_and_appends_one_block(run_cli, graph_copy):
    target = graph_copy / "data" / "states.ttl"
    before = target.read_bytes()
    code, _, err = run_cli("add", "--root", graph_copy, "--into", "data/states.ttl", STATE)
    assert code == 0, err
    after = target.read_bytes()
    assert after.startswith(before)
    merged = Graph().parse(data=before.decode(), format="turtle") + Graph().parse(STATE)
    assert isomorphic(Graph().parse(target), merged)
    assert after[len(before) :].decode() == "\n" + render_block(read_delta([STATE]))


def test_block_is_deterministic():
    assert render_block(read_delta([AGREEMENT])) == render_block(read_delta([AGREEMENT]))


def test_rejected_file_leaves_data_byte_identical(run_cli, graph_copy):
    before = tree_digest(graph_copy / "data")
    code, out, err = run_cli("add", "--root", graph_copy, FIXTURES / "invalid" / "Agreement-party-min.ttl")
    assert code == 1
    assert "shapes:Agreement-party-min" in out and "rejected" in err
    assert tree_digest(graph_copy / "data") == before


def test_warning_rejects_only_with_fail_on_warning(run_cli, graph_copy):
    fixture = FIXTURES / "invalid" / "State-wikidata.ttl"
    before = tree_digest(graph_copy / "data")
    assert run_cli("add", "--root", graph_copy, "--fail-on", "warning", fixture)[0] == 1
    assert tree_digest(graph_copy / "data") == before
    assert run_cli("add", "--root", graph_copy, fixture)[0] == 0
    assert "state:FRA" in (graph_copy / "data" / "states.ttl").read_text(encoding="utf-8")


def test_syntax_error_exits_2_with_the_line_and_changes_nothing(run_cli, graph_copy, tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix jc: <https://w3id.org/jcgraph/ontology#> .\njc:a jc:b jc:c ;\n  jc:d .\n", encoding="utf-8")
    before = tree_digest(graph_copy / "data")
    code, _, err = run_cli("add", "--root", graph_copy, bad)
    assert code == 2
    assert "broken.ttl, line 3" in err
    assert tree_digest(graph_copy / "data") == before


def test_into_outside_data_is_refused(run_cli, graph_copy):
    before = tree_digest(graph_copy)
    code, _, err = run_cli("add", "--root", graph_copy, "--into", "ontology/x.ttl", STATE)
    assert code == 2 and "data/" in err
    assert tree_digest(graph_copy) == before


def test_dry_run_writes_nothing_and_shows_the_block(run_cli, graph_copy):
    before = tree_digest(graph_copy / "data")
    code, out, err = run_cli("add", "--root", graph_copy, "--dry-run", STATE)
    assert code == 0
    assert "would append 8 triples" in err and "data/states.ttl" in err
    assert "state:FRA" in out
    assert tree_digest(graph_copy / "data") == before


def test_two_concurrent_adds_both_land(graph_copy):
    target = graph_copy / "data" / "relations" / "test-concurrent.ttl"
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "jcgraph", "add", "--root", str(graph_copy), "--into", str(target), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for path in (AGREEMENT, INSTITUTION)
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    merged = Graph().parse(target)
    expected = Graph().parse(AGREEMENT) + Graph().parse(INSTITUTION)
    assert isomorphic(merged, expected)
    assert not list(target.parent.glob(".*.tmp"))
