"""Every shape rule has a conforming and a violating fixture; the violating one gives exactly one result.

Fixtures are validated as deltas in the context of the shipped graph (they reference its states,
persons and posts). Each invalid fixture states the expected result in its header, as the W3C SHACL
test suite does: focus node, path, constraint component, severity and source shape.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib.namespace import SH

from jcgraph.labels import short
from jcgraph.validation.validate import shapes_graph, validate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
SEVERITY = {"sh:Violation": "violation", "sh:Warning": "warning", "sh:Info": "info"}


def expectation(path: Path) -> dict[str, str]:
    """The ``# expect KEY: VALUE`` and ``# valid twin:`` lines of a fixture's header."""
    text = path.read_text(encoding="utf-8")
    found = dict(re.findall(r"^# expect (\w+): (.+)$", text, flags=re.M))
    twin = re.search(r"^# valid twin: (.+)$", text, flags=re.M)
    found["twin"] = twin.group(1) if twin else ""
    return found


@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms_without_any_result(kg, fixture):
    report = validate(kg, [fixture])
    assert report.conforms
    assert report.results == [], report.to_text()


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_gives_exactly_the_expected_result(kg, fixture):
    expected = expectation(fixture)
    assert (FIXTURES / expected["twin"]).is_file(), "every rule needs a conforming twin"
    report = validate(kg, [fixture])
    assert len(report.results) == 1, report.to_text()
    (result,) = report.results
    assert str(result.focus) == expected["focus"]
    assert result.path == expected["path"]
    assert short(result.component) == expected["component"]
    assert result.severity == SEVERITY[expected["severity"]]
    assert short(result.source_shape) == expected["shape"]
    assert result.message and "en" in result.messages and "fr" in result.messages


def test_a_signing_whose_date_is_not_reported_conforms_with_a_warning(kg):
    """The steward pattern: ``jc:notReported jc:date`` stands in for the date; only a warning remains."""
    report = validate(kg, [FIXTURES / "invalid" / "Signing-not-reported.ttl"])
    assert report.conforms
    assert [r.severity for r in report.results] == ["warning"]


def test_a_status_is_only_refused_when_validating_asserted_data(kg):
    """jc:status is derived by a rule: refused in asserted data, not reported once inference adds it."""
    fixture = FIXTURES / "invalid" / "StatusUse-asserted.ttl"
    assert not validate(kg, [fixture]).conforms
    with_inference = validate(kg, [fixture], inference="rdfs")
    assert not [r for r in with_inference.results if short(r.source_shape) == "shapes:StatusUse-asserted"]


def shipped_shapes():
    from jcgraph.graph.loading import find_root

    return shapes_graph(find_root(Path(__file__).resolve().parents[1]))


def test_every_rule_has_an_invalid_fixture():
    graph = shipped_shapes()
    rules = {short(s) for s in graph.objects(None, SH.property)} | {
        short(s)
        for s in graph.subjects(SH.sparql, None)
        if (s, SH.targetClass, None) in graph or (s, SH.targetSubjectsOf, None) in graph
    }
    rules = {r for r in rules if r.startswith("shapes:")}
    covered = {expectation(p)["shape"] for p in INVALID}
    assert sorted(rules - covered) == []
    assert rules  # every rule, however many, is covered


def test_every_constraint_shape_has_messages_in_english_and_french_and_a_severity():
    graph = shipped_shapes()
    for shape in set(graph.objects(None, SH.property)) | set(graph.objects(None, SH.sparql)):
        if short(shape).startswith("shapes:"):
            langs = {m.language for m in graph.objects(shape, SH.message)}
            assert {"en", "fr"} <= langs, short(shape)
    for shape in graph.objects(None, SH.property):
        if short(shape).startswith("shapes:"):
            assert graph.value(shape, SH.severity) is not None, short(shape)
            assert graph.value(shape, SH.name) is not None, short(shape)
