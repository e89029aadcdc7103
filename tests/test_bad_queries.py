"""A corpus of bad SPARQL queries and hostile ``--param`` values, each file one case named for what it breaks.

Query files (``*.rq``) run through ``jcgraph query FILE`` and through the library; parameter cases
(``inject-*.json``: a catalogue query, its parameters, and what must happen) run through
``jcgraph query NAME --param ...``. Every case expects a specific exit code and a one-line message
naming the file (and the line for syntax errors); none prints a traceback, none changes ``data/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jcgraph.errors import JcgraphError
from jcgraph.query.engine import query
from tests.conftest import tree_digest

CORPUS = Path(__file__).parent / "fixtures" / "bad-queries"
UPDATE = "this is a SPARQL UPDATE"
PARSE = "does not parse"

#: file -> (exit code, a fragment of the message, the line (and column) the message must name, extra options)
EXPECTED: dict[str, tuple[int, str, str | None, tuple[str, ...]]] = {
    "update-insert-data.rq": (2, UPDATE, None, ()),
    "update-delete-where.rq": (2, UPDATE, None, ()),
    "update-drop-all.rq": (2, UPDATE, None, ()),
    "update-load-file.rq": (2, UPDATE, None, ()),
    "update-delete-insert.rq": (2, UPDATE, None, ()),
    "update-after-select.rq": (2, PARSE, "line 3, column 1", ()),
    "syntax-missing-object.rq": (2, PARSE, "line 4, column 3", ()),
    "syntax-missing-operand.rq": (2, PARSE, "line 4, column 3", ()),
    "syntax-unclosed-brace.rq": (2, PARSE, "line 3", ()),
    "syntax-undeclared-prefix.rq": (2, "nope: is not declared", "line 4, column 6", ()),
    "syntax-iri-with-space.rq": (2, PARSE, "line 2", ()),
    "syntax-truncated.rq": (2, PARSE, "line 2, column 1", ()),
    "syntax-trailing-garbage.rq": (2, PARSE, "line 2, column 36", ()),
    "empty.rq": (2, "the query is empty", None, ()),
    "only-comments.rq": (2, "the query is empty", None, ()),
    "not-utf8.rq": (2, "not valid UTF-8", "line 2", ()),
    "service-clause.rq": (2, "SERVICE is not allowed", None, ()),
    "from-local-file.rq": (2, "FROM and FROM NAMED are not supported", None, ()),
    "from-named-remote.rq": (2, "FROM and FROM NAMED are not supported", None, ()),
    "header-unknown-inference.rq": (2, "use none, rdfs or owlrl", "line 2", ()),
    "header-bad-param-type.rq": (2, "a param line reads", "line 2", ()),
    "deeply-nested-groups.rq": (2, "too deeply", None, ()),
    "deeply-nested-expression.rq": (2, "too deeply", None, ()),
    "huge-result-cross-product.rq": (2, "more than 1000 rows", None, ("--max-rows", "1000")),
    # cut by the timeout: run in a child process, since rdflib's evaluator cannot be stopped in-process
    "never-ends-cross-product.rq": (2, "took longer than 1 s", None, ("--timeout", "1")),
    # harmless: an IRI is only a name, nothing is fetched or read
    "file-iri-is-only-a-name.rq": (0, "", None, ()),
    "describe-outside-iri.rq": (0, "", None, ()),
}
IN_A_PROCESS = {"never-ends-cross-product.rq"}
INJECTIONS = sorted(p.name for p in CORPUS.glob("inject-*.json"))


def test_corpus_is_complete():
    files = {p.name for p in CORPUS.glob("*.rq")}
    assert files == set(EXPECTED), files ^ set(EXPECTED)
    assert len(EXPECTED) + len(INJECTIONS) >= 40


def check_message(err: str, name: str, fragment: str, where: str | None) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert name in err and fragment in err, err
    if where:
        assert f"{name}, {where}" in err, err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_file_through_the_cli(name, run_cli, run_process, graph_copy):
    code_expected, fragment, where, options = EXPECTED[name]
    path = CORPUS / name
    before = tree_digest(graph_copy / "data")
    if name in IN_A_PROCESS:
        done = run_process("query", "--root", graph_copy, path, *options, timeout=120)
        code, out, err = done.returncode, done.stdout.decode(), done.stderr.decode()
    else:
        code, out, err = run_cli("query", "--root", graph_copy, path, *options)
    assert code == code_expected, err
    if code:
        assert out == ""
        check_message(err, name, fragment, where)
    else:
        assert "Traceback" not in err and out.count("\n") <= 1  # a header line, no rows
    assert tree_digest(graph_copy / "data") == before


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - IN_A_PROCESS))
def test_query_file_through_the_api(name, kg):
    code_expected, fragment, where, options = EXPECTED[name]
    limits = {"max_rows": int(options[1])} if options[:1] == ("--max-rows",) else {}
    if code_expected == 0:
        result = query(str(CORPUS / name), kg=kg, **limits)
        assert not result.rows and (result.graph is None or len(result.graph) == 0)
        return
    with pytest.raises(JcgraphError) as raised:
        query(str(CORPUS / name), kg=kg, **limits)
    assert raised.value.exit_code == code_expected
    message = str(raised.value)
    assert name in message and fragment in message, message
    if where:
        assert f"{name}, {where}" in message


@pytest.mark.parametrize("name", INJECTIONS)
def test_hostile_parameter_values(name, run_cli, kg):
    case = json.loads((CORPUS / name).read_text(encoding="utf-8"))
    options = [arg for key, value in case["params"].items() for arg in ("--param", f"{key}={value}")]
    code, out, err = run_cli("query", case["query"], *options, "--format", "json")
    expect = case["expect"]
    assert code == expect["exit"], err
    assert "Traceback" not in err
    if code:
        assert out == "" and len(err.strip().splitlines()) == 1 and expect["message"] in err, err
    else:
        rows = json.loads(out)["results"]["bindings"]
        assert len(rows) == expect["rows"]
