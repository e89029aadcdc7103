"""A corpus of bad inputs, each file one case named for what it breaks, run through the API and the CLI.

Every case expects a specific exit code and a message naming the file (and, for syntax errors, the
line); none prints a traceback and none changes a byte of data/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jcgraph
from jcgraph.errors import JcgraphError
from tests.conftest import tree_digest

CORPUS = Path(__file__).parent / "fixtures" / "bad-input"

#: case -> (exit code, a fragment of the message, the line the message must name or None)
SYNTAX = 2
EXPECTED: dict[str, tuple[int, str, int | None]] = {
    "actually-html.ttl": (SYNTAX, "looks like an HTML page", 1),
    "actually-json.ttl": (SYNTAX, "looks like JSON", 1),
    "blank-node-as-predicate.ttl": (SYNTAX, "not a valid predicate", 7),
    "bom-then-syntax-error.ttl": (SYNTAX, "dot is expected", 9),
    "empty.ttl": (SYNTAX, "empty", None),
    "invalid-escape.ttl": (SYNTAX, "escape", 7),
    "invalid-language-tag.ttl": (SYNTAX, "syntax error", 7),
    "invalid-utf8.ttl": (SYNTAX, "not valid UTF-8", 7),
    "iri-with-angle-brackets.ttl": (SYNTAX, "Invalid IRI", 7),
    "iri-with-space.ttl": (SYNTAX, "Invalid IRI", 7),
    "jsonld-context-import.jsonld": (SYNTAX, "never fetches", None),
    "jsonld-file-context.jsonld": (SYNTAX, "never fetches", None),
    "jsonld-invalid-json.jsonld": (SYNTAX, "not valid JSON", 5),
    "jsonld-nested-remote-context.jsonld": (SYNTAX, "never fetches", None),
    "jsonld-remote-context-in-list.jsonld": (SYNTAX, "never fetches", None),
    "jsonld-remote-context.jsonld": (SYNTAX, "never fetches", None),
    "language-tag-starting-with-digit.ttl": (SYNTAX, "language code", 7),
    "literal-as-graph-name.nq": (SYNTAX, "syntax error", 1),
    "literal-as-subject.ttl": (SYNTAX, "not a valid subject", 7),
    "malformed-rdfxml.rdf": (SYNTAX, "ill-formed", None),
    "missing-dot-between-triples.ttl": (SYNTAX, "dot is expected", 8),
    "missing-final-dot.ttl": (SYNTAX, "Unexpected end", 9),
    "only-comments.ttl": (SYNTAX, "holds no triples", None),
    "only-prefixes.ttl": (SYNTAX, "holds no triples", None),
    "prefix-without-colon.ttl": (SYNTAX, "prefix", 1),
    "rdf-star-quoted-triple.ttl": (SYNTAX, "RDF-star", 7),
    "relative-iri.nt": (SYNTAX, "IRI", 2),
    "trig-block-in-turtle.ttl": (SYNTAX, "GRAPH", 7),
    "truncated.ttl": (SYNTAX, "Unexpected end", 10),
    "undefined-prefix.ttl": (SYNTAX, "dct: has not been declared", 8),
    "unknown-extension.yaml": (SYNTAX, "cannot tell the RDF format", None),
    "unterminated-long-string.ttl": (SYNTAX, "end of file", 7),
    "unterminated-string.ttl": (SYNTAX, "end of file", 7),
    "wrong-datatype-date.ttl": (SYNTAX, "not a valid xsd:date", 7),
    "wrong-datatype-gyearmonth.ttl": (SYNTAX, "not a valid xsd:gYearMonth", 7),
    "wrong-datatype-integer.ttl": (SYNTAX, "not a valid xsd:integer", 7),
    "xml-billion-laughs.rdf": (SYNTAX, "declares XML entities", 2),
    "xml-external-entity.rdf": (SYNTAX, "declares XML entities", 2),
    # valid RDF that validation must judge: a @base that turns a relative IRI into a misspelt jc: class
    "base-trick-misspelt-class.ttl": (1, "Agreemnt", None),
    # valid RDF: a relative IRI resolved against file:///etc/ is only a name, never read
    "base-trick-file-iri.ttl": (0, "", None),
    # a NUL character is legal inside a Turtle string: accepted, not a crash
    "nul-byte.ttl": (0, "", None),
    # a UTF-8 byte-order mark before valid Turtle is dropped, not an error
    "bom-valid.ttl": (0, "", None),
    # a DOCTYPE naming an external DTD (no entity declared): the DTD is never fetched
    "xml-external-dtd.rdf": (0, "", None),
    # an N3 rule is not RDF data
    "n3-rule-with-variables.n3": (SYNTAX, "variables are not allowed", None),
}


def generated_cases(folder: Path) -> dict[str, tuple[Path, tuple[int, str, int | None], dict]]:
    """Cases made at test time: a missing file, a directory, huge and deeply nested input."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a-directory.ttl").mkdir(exist_ok=True)
    prefix = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    literal = folder / "fifty-megabyte-literal.ttl"
    with literal.open("w") as out:
        out.write(prefix + '<https://w3id.org/jcgraph/id/state/MAR> rdfs:comment "')
        out.write("x" * (50 * 1024 * 1024))
        out.write('"@en .\n')
    oversize = folder / "over-the-size-limit.ttl"
    oversize.write_text(prefix + '<https://w3id.org/jcgraph/id/state/MAR> rdfs:comment "fine"@en .\n' * 50)
    nested = folder / "deeply-nested-collection.ttl"
    depth = 5000
    nested.write_text(
        prefix + "<https://w3id.org/jcgraph/id/state/MAR> rdfs:seeAlso " + "(" * depth + ")" * depth + " .\n"
    )
    return {
        "missing-file.ttl": (folder / "missing-file.ttl", (SYNTAX, "no such file", None), {}),
        "a-directory.ttl": (folder / "a-directory.ttl", (SYNTAX, "is a directory", None), {}),
        "fifty-megabyte-literal.ttl": (literal, (SYNTAX, "1,000,000-character limit", 2), {}),
        "over-the-size-limit.ttl": (oversize, (SYNTAX, "input limit", None), {"JCGRAPH_MAX_INPUT_BYTES": "1000"}),
        "deeply-nested-collection.ttl": (nested, (-1, "", None), {}),  # -1: 0 or 1, never a crash
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return generated_cases(tmp_path_factory.mktemp("generated-bad-input"))


def all_cases():
    return sorted(EXPECTED) + [
        "missing-file.ttl",
        "a-directory.ttl",
        "fifty-megabyte-literal.ttl",
        "over-the-size-limit.ttl",
        "deeply-nested-collection.ttl",
    ]


def case(name: str, generated) -> tuple[Path, tuple[int, str, int | None], dict]:
    if name in EXPECTED:
        return CORPUS / name, EXPECTED[name], {}
    return generated[name]


def test_corpus_is_complete():
    files = {p.name for p in CORPUS.iterdir()}
    assert files == set(EXPECTED), files ^ set(EXPECTED)
    assert len(all_cases()) >= 40


def check_message(message: str, path: Path, expected: tuple[int, str, int | None]) -> None:
    _, fragment, line = expected
    assert "Traceback" not in message
    assert path.name in message, message
    assert fragment in message, message
    if line is not None:
        assert f"line {line}" in message, message


@pytest.mark.parametrize("name", all_cases())
def test_through_the_api(name, generated, monkeypatch):
    path, expected, env = case(name, generated)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code = expected[0]
    if code == SYNTAX:
        with pytest.raises(JcgraphError) as raised:
            jcgraph.load(extra=[path])
        assert raised.value.exit_code == SYNTAX
        check_message(str(raised.value), path, expected)
    else:
        jcgraph.load(extra=[path])  # parses; validation judges it (see the CLI test)


@pytest.mark.parametrize("name", all_cases())
def test_through_validate_and_add(name, generated, run_cli, graph_copy, monkeypatch):
    path, expected, env = case(name, generated)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    before = tree_digest(graph_copy / "data")
    code, out, err = run_cli("validate", "--root", graph_copy, path)
    if expected[0] == -1:
        assert code in (0, 1), err
    else:
        assert code == expected[0], (out, err)
    if code == SYNTAX:
        check_message(err, path, expected)
    elif expected[1]:
        assert expected[1] in out
    assert "Traceback" not in err
    if expected[0] in (SYNTAX, 1):
        code, out, err = run_cli("add", "--root", graph_copy, path)
        assert code == expected[0], (out, err)
        assert "Traceback" not in err
    assert tree_digest(graph_copy / "data") == before or expected[0] in (0, -1)
