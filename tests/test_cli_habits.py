"""Habits users bring from pySHACL and Jena: --input-format for stdin, --fail-on info, media-type names."""

from __future__ import annotations

from tests.test_validate import AGREEMENT


def test_validate_reads_stdin_with_an_input_format(run_process, repo_root):
    data = AGREEMENT.read_bytes()
    proc = run_process("validate", "--root", repo_root, "--input-format", "text/turtle", "-", input=data)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert b"0 violations, 0 warnings" in proc.stdout


def test_an_unknown_input_format_is_refused(run_cli, repo_root):
    code, _, err = run_cli("validate", "--root", repo_root, "--input-format", "image/png", AGREEMENT)
    assert code == 2 and "unknown RDF format" in err and "text/turtle" in err


def test_fail_on_info_fails_on_any_result(run_cli, repo_root):
    code, out, _ = run_cli("validate", "--root", repo_root, "--fail-on", "info")
    assert code == 1 and "fail level info" in out


def test_add_takes_an_input_format(run_cli, repo_root):
    code, out, err = run_cli("add", "--root", repo_root, "--dry-run", "--input-format", "turtle", AGREEMENT)
    assert code == 0, out + err


def test_completion_prints_shell_code(run_cli):
    code, out, _ = run_cli("completion", "bash")
    assert code == 0 and "jcgraph" in out and "complete" in out


def test_completion_answers_the_shell():
    import os
    import subprocess
    import sys

    env = {**os.environ, "COMP_LINE": "jcgraph que", "COMP_POINT": "11", "_ARGCOMPLETE": "1", "_ARGCOMPLETE_IFS": " "}
    # argcomplete answers on file descriptor 8, as the shell code it prints sets up
    script = f"'{sys.executable}' -m jcgraph 8>&1 9>/dev/null 1>/dev/null 2>/dev/null"
    proc = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert set(proc.stdout.split()) == {"queries", "query"}


def test_validate_messages_in_french(run_cli, repo_root):
    code, out_fr, _ = run_cli("validate", "--root", repo_root, "--lang", "fr")
    _, out_en, _ = run_cli("validate", "--root", repo_root)
    assert code == 0 and out_fr != out_en and out_fr.count("WARNING") == out_en.count("WARNING")


EXTRA_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix jc: <https://w3id.org/jcgraph/ontology#> .
@prefix ex: <http://example.org/shapes#> .
ex:StateNeedsMotto a sh:NodeShape ; sh:targetClass jc:State ;
  sh:property [ sh:path jc:motto ; sh:minCount 1 ; sh:message "a state needs a motto"@en ] .
"""


def test_validate_shapes_adds_to_the_project_shapes(run_cli, repo_root, tmp_path, monkeypatch):
    extra = tmp_path / "extra.ttl"
    extra.write_text(EXTRA_SHAPES)
    counts = {}
    for backend in ("rdflib", "oxigraph"):
        monkeypatch.setenv("JCGRAPH_BACKEND", backend)
        code, out, err = run_cli("validate", "--root", repo_root, "--shapes", extra)
        assert code == 1, err
        assert "a state needs a motto" in out and "2 warnings" in out  # the project's shapes still run
        counts[backend] = out.splitlines()[-1]
    assert counts["rdflib"] == counts["oxigraph"]


def test_validate_shapes_with_a_syntax_error_names_the_file(run_cli, repo_root, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nthis is not turtle\n")
    code, _, err = run_cli("validate", "--root", repo_root, "--shapes", bad)
    assert code == 2 and "bad.ttl" in err
