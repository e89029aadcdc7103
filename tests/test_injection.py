"""Hostile --param values: a value is one RDF term, or a clear error; never a different query."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from jcgraph.errors import QueryError
from jcgraph.query.engine import bind, find, inject_values, prepare, query

HOSTILE = [
    "}",
    ">",
    "<",
    '"',
    "'",
    "#",
    "x } UNION { ?person ?p ?o }",
    'x" } UNION { ?person ?p ?o } #',
    "x'\n} UNION { ?person ?p ?o }",
    "Engonga\n# comment",
    'Engonga" ) || true || ("',
    "\\",
    '\\" } #',
    "\\u0022 } UNION { ?person ?p ?o } #",
    "DROP ALL",
    '"; DROP GRAPH <urn:x> ; "',
    " UNION ",
    '"x"^^<http://a> } UNION {',
    "<http://evil.example/> } UNION { ?s ?p ?o",
    "state:MAR } UNION {",
]


@pytest.fixture(scope="module")
def honest(kg):
    return set(query("cq-13", {"name": "Engonga"}, kg=kg).rows)


@pytest.mark.parametrize("value", HOSTILE)
def test_string_parameter_stays_a_literal(kg, honest, value):
    try:
        result = query("cq-13", {"name": value}, kg=kg)
    except QueryError as exc:
        assert exc.exit_code == 2
        return
    assert result.rows == []  # no name variant is spelt like this
    assert set(result.rows) <= honest


@pytest.mark.parametrize("value", HOSTILE + ["KAZ> } UNION { ?agreement ?p ?o }", "KAZ #", "Kazakhstan UNION"])
def test_state_parameter_is_a_known_state_or_an_error(kg, value):
    honest = set(query("cq-01", kg=kg).rows)
    try:
        result = query("cq-01", {"state2": value}, kg=kg)
    except QueryError as exc:
        assert exc.exit_code == 2
        return
    assert set(result.rows) <= honest


@pytest.mark.parametrize(
    "value",
    [
        "<https://w3id.org/jcgraph/id/agreement/x> } UNION { ?s ?p ?o }",
        "<https://w3id.org/a b>",
        '<https://w3id.org/a"b>',
        "<urn:x>{}",
        "agr:a>b",
    ],
)
def test_iri_values_with_breaking_characters_are_refused(kg, value):
    with pytest.raises(QueryError, match="not a valid IRI|no agreement"):
        query("cq-08", {"agreement": value}, kg=kg)


@pytest.mark.parametrize("value", ["2024} UNION {", "2024-13", "x", "2024-12-12T00:00:00"])
def test_date_parameter_is_validated(kg, value):
    with pytest.raises(QueryError, match="YYYY"):
        query("cq-07", {"from": value}, kg=kg)


def test_parameter_names_cannot_inject(kg):
    with pytest.raises(QueryError, match="no parameter"):
        query("cq-13", {"name} UNION {": "x"}, kg=kg)


@pytest.mark.parametrize("value", HOSTILE)
def test_remote_text_keeps_the_query_structure(kg, value):
    """The text sent to an endpoint is the query plus one VALUES row, and it parses to the same projection."""
    from jcgraph.query.results import nt_term

    entry = find("cq-13")
    try:
        bindings = bind(entry, {"name": value}, kg.asserted)
    except QueryError:
        return  # refused before anything is sent
    text = inject_values(entry, bindings)
    block = f" VALUES (?name) {{ ({nt_term(bindings['name'])}) }} "
    start = text.index(" VALUES (?name) { (")
    assert text[start : start + len(block)] == block
    assert text[:start] + text[start + len(block) :] == inject_values(entry, {})
    reparsed = prepare(type(entry)(text=text))
    assert [str(v) for v in reparsed.algebra["PV"]] == entry.columns


def test_literal_forms(kg):
    entry = find("cq-13")
    assert bind(entry, {"name": '"Ngonga"@fr'})["name"] == Literal("Ngonga", lang="fr")
    assert bind(entry, {"name": "'x'^^xsd:string"})["name"] == Literal("x")
    assert bind(entry, {"name": "plain text"})["name"] == Literal("plain text")
    with pytest.raises(QueryError, match="needs a literal"):
        bind(entry, {"name": "<https://example.org/x>"})
    assert bind(find("cq-08"), {"agreement": "agr:mar-kaz-2024-extradition"})["agreement"] == URIRef(
        "https://w3id.org/jcgraph/id/agreement/mar-kaz-2024-extradition"
    )
