"""The graph's command line: report, stats, where the graph is read from, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest


def test_report_prints_both_relations(run_cli):
    code, out, err = run_cli("report")
    assert code == 0, err
    for expected in (
        "Kazakhstan – Morocco",
        "Kenya – Morocco",
        "extradition",
        "2024-12-12",
        "Headquarters of Morocco's Ministry of Justice, Rabat",
        "Abdellatif Ouahbi",
        "Berik Asylov",
        "Memorandum of understanding between the public prosecution services of Morocco and Kenya",
        "2023-02-21",
        "2025-08-07",
        "cybercrime",
        "Renson Mulele Ingonga",
        "https://pmp.ma/?p=7555",
    ):
        assert expected in out, expected


def test_report_in_french_and_json(run_cli):
    code, out, _ = run_cli("report", "--lang", "fr")
    assert code == 0 and "Kazakhstan – Maroc" in out and "Domaines criminels" in out
    code, out, _ = run_cli("report", "--format", "json")
    relations = json.loads(out)
    assert [r["states"] for r in relations] == [
        ["https://w3id.org/jcgraph/id/state/KAZ", "https://w3id.org/jcgraph/id/state/MAR"],
        ["https://w3id.org/jcgraph/id/state/KEN", "https://w3id.org/jcgraph/id/state/MAR"],
    ]
    assert len(relations[0]["agreements"]) == 3 and len(relations[1]["agreements"]) == 1
    every_line = [line for r in relations for a in r["agreements"] for line in a["details"]]
    assert every_line and all(line["sources"] for line in every_line)


def test_stats_counts(run_cli):
    code, out, _ = run_cli("stats", "--format", "json")
    counts = json.loads(out)
    assert code == 0
    # lower bounds: the graph grows (the UNTC tables add ~190 states and their sources)
    assert counts["states"] >= 5 and counts["agreements"] >= 4 and counts["persons"] >= 6
    assert counts["institutions"] >= 6 and counts["events"] >= 4 and counts["sources"] >= 10
    assert counts["triples"] > 1000


def test_root_option_must_point_to_a_graph(run_cli, tmp_path):
    code, _, err = run_cli("stats", "--root", str(tmp_path))
    assert code == 2
    assert "ontology/ and data/" in err and "Traceback" not in err


def test_root_from_environment_and_current_directory(run_process, graph_copy, tmp_path):
    (graph_copy / "data" / "relations" / "mar-ken.ttl").unlink()
    by_env = run_process("stats", "--format", "json", cwd=tmp_path, env={"JCGRAPH_ROOT": str(graph_copy)})
    assert by_env.returncode == 0 and json.loads(by_env.stdout)["agreements"] == 3
    by_cwd = run_process("stats", "--format", "json", cwd=graph_copy, env={"JCGRAPH_ROOT": ""})
    assert by_cwd.returncode == 0 and json.loads(by_cwd.stdout)["agreements"] == 3


def test_syntax_error_in_data_names_file_and_line(run_cli, graph_copy):
    bad = graph_copy / "data" / "broken.ttl"
    bad.write_text("@prefix jc: <https://w3id.org/jcgraph/ontology#> .\n\njc:a jc:b jc:c ;\n  jc:d .\n")
    code, _, err = run_cli("report", "--root", str(graph_copy))
    assert code == 2
    assert "broken.ttl, line 4, column" in err and "Traceback" not in err


def test_unknown_option_is_a_usage_error(run_cli):
    code, _, _ = run_cli("report", "--no-such-option")
    assert code == 2


@pytest.mark.slow
def test_wheel_ships_the_graph_and_runs_from_anywhere(checkout, tmp_path):
    """A plain (non-editable) install carries ontology/, data/ and queries/ inside the package."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(checkout)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("jcgraph-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "jcgraph/_shipped/ontology/jcgraph.ttl" in names
    assert "jcgraph/_shipped/data/relations/mar-kaz.ttl" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); "
            "from jcgraph.cli import main; raise SystemExit(main(['report']))",
            str(site),
        ],
        cwd=empty,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    assert "Kenya – Morocco" in run.stdout
