"""`jcgraph validate` and the library API: the shipped graph, deltas in context, formats, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from jcgraph.validation.validate import read_delta, validate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
AGREEMENT = FIXTURES / "valid" / "agreement.ttl"
AGR = "https://w3id.org/jcgraph/id/agreement/test-mar-kaz-2025-police-cooperation"


def test_shipped_graph_conforms_with_only_the_two_known_warnings(run_cli, repo_root):
    code, out, err = run_cli("validate", "--root", repo_root)
    assert code == 0, out + err
    assert "0 violations, 2 warnings" in out
    assert "South Sudan" in out and "South Africa" in out


def test_shipped_graph_fails_on_warning_when_asked(run_cli, repo_root):
    code, out, _ = run_cli("validate", "--root", repo_root, "--fail-on", "warning")
    assert code == 1
    assert "does not conform at fail level warning" in out


def test_library_report_object(kg):
    report = validate(kg)
    assert report.conforms and not report.delta
    assert report.counts == {"violation": 0, "warning": 2, "info": 0}
    assert {str(r.focus) for r in report.results} == {
        "https://w3id.org/jcgraph/id/state/SSD",
        "https://w3id.org/jcgraph/id/state/ZAF",
    }


def test_a_plain_rdflib_graph_is_validated_with_the_ontology():
    graph = Graph().parse(FIXTURES / "invalid" / "State-alpha3-in.ttl")
    report = validate(graph)
    assert [(str(r.focus), r.path) for r in report.results] == [
        ("https://w3id.org/jcgraph/id/state/FRA", "jc:iso3166Alpha3")
    ]


def test_new_agreement_referencing_existing_states_is_accepted(run_cli, repo_root):
    code, out, _ = run_cli("validate", "--root", repo_root, AGREEMENT)
    assert code == 0, out
    assert "0 violations, 0 warnings" in out and "new triples in the context" in out


def test_the_same_file_alone_fails_which_shows_the_context_is_used(run_cli, repo_root):
    code, out, _ = run_cli("validate", "--root", repo_root, "--alone", "--format", "json", AGREEMENT)
    assert code == 1
    document = json.loads(out)
    # without data/ the referenced states, persons and posts are unknown: their classes cannot be checked
    paths = {r["resultPath"] for r in document["results"]}
    assert "jc:stateParty" in paths and "jc:signer" in paths


def test_a_delta_with_one_bad_triple_reports_exactly_that_node(kg, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        AGREEMENT.read_text(encoding="utf-8").replace(
            "jc:crimeDomain cd:terrorism ;", "jc:crimeDomain cd:terrorism , cd:not-a-domain ;"
        ),
        encoding="utf-8",
    )
    report = validate(kg, [bad])
    assert [(str(r.focus), r.path, str(r.value)) for r in report.results] == [
        (AGR, "jc:crimeDomain", "https://w3id.org/jcgraph/concept/crime-domain/not-a-domain")
    ]


def test_validating_a_delta_leaves_the_loaded_graph_unchanged(kg):
    before = len(kg.asserted)
    validate(kg, read_delta([FIXTURES / "invalid" / "Agreement-form.ttl"]))
    assert len(kg.asserted) == before


def test_blank_nodes_in_a_delta_are_focus_nodes(kg, tmp_path):
    delta = tmp_path / "bnode.ttl"
    delta.write_text(
        "@prefix jc: <https://w3id.org/jcgraph/ontology#> .\n"
        "@prefix state: <https://w3id.org/jcgraph/id/state/> .\n"
        "[] a jc:Institution ; jc:ofState state:MAR , state:KAZ .\n",
        encoding="utf-8",
    )
    report = validate(kg, [delta])
    assert [(r.path, r.severity) for r in report.results] == [("jc:ofState", "violation")]


def test_json_format_is_stable_and_complete(run_cli, repo_root):
    fixture = FIXTURES / "invalid" / "Event-date-after-source.ttl"
    code, out, _ = run_cli("validate", "--root", repo_root, "--format", "json", fixture)
    assert code == 1
    document = json.loads(out)
    assert document["conforms"] is False and document["scope"] == "delta"
    assert document["counts"] == {"violation": 1, "warning": 0, "info": 0}
    (result,) = document["results"]
    assert result["focusNode"] == "https://w3id.org/jcgraph/id/event/test-mar-kaz-2025-police-signing"
    assert result["resultPath"] == "jc:date"
    assert result["sourceConstraintComponent"] == str(SH.SPARQLConstraintComponent)
    assert result["severity"] == "violation"
    assert set(result["messages"]) == {"en", "fr"}
    assert run_cli("validate", "--root", repo_root, "--format", "json", fixture)[1] == out


def test_text_format_groups_by_node_with_label_iri_path_value_message(run_cli, repo_root):
    code, out, _ = run_cli("validate", "--root", repo_root, FIXTURES / "invalid" / "State-iso-pair.ttl")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "France  <https://w3id.org/jcgraph/id/state/FRA>"
    assert lines[1].split() == ["VIOLATION", "jc:iso3166Alpha3"]
    assert "not the one of the same country" in lines[2]
    assert lines[3].strip() == 'value: "DEU"'


def test_turtle_format_is_the_shacl_report_graph(run_cli, repo_root, tmp_path):
    out_file = tmp_path / "report.ttl"
    code, _, _ = run_cli(
        "validate",
        "--root",
        repo_root,
        "--format",
        "turtle",
        "-o",
        out_file,
        FIXTURES / "invalid" / "Event-source-min.ttl",
    )
    assert code == 1
    graph = Graph().parse(out_file)
    (report,) = graph.subjects(None, SH.ValidationReport)
    (result,) = graph.objects(report, SH.result)
    assert graph.value(result, SH.focusNode) == URIRef(
        "https://w3id.org/jcgraph/id/event/test-mar-kaz-2025-police-signing"
    )
    assert graph.value(result, SH.sourceConstraintComponent) == SH.MinCountConstraintComponent


def test_inference_modes_apply_to_the_data_graph(run_cli, repo_root):
    for mode in ("rdfs", "owlrl"):
        code, out, _ = run_cli("validate", "--root", repo_root, "--inference", mode, "--format", "json", AGREEMENT)
        document = json.loads(out)
        assert document["inference"] == mode
        # the new agreement itself conforms whatever the reasoning adds elsewhere
        assert code in (0, 1)
        assert AGR not in {r["focusNode"] for r in document["results"]}


def test_syntax_error_exits_2_with_the_line(run_cli, repo_root, tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix jc: <https://w3id.org/jcgraph/ontology#> .\n\njc:x jc:y .\n", encoding="utf-8")
    code, out, err = run_cli("validate", "--root", repo_root, bad)
    assert code == 2 and out == ""
    assert "broken.ttl, line 3" in err and "Traceback" not in err


def test_missing_file_exits_2(run_cli, repo_root, tmp_path):
    code, _, err = run_cli("validate", "--root", repo_root, tmp_path / "nope.ttl")
    assert code == 2 and "no such file" in err
