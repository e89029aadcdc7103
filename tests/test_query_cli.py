"""`jcgraph query` and `jcgraph queries`: formats, parameters, errors, limits, the inference cache."""

from __future__ import annotations

import csv
import io
import json

import pytest

import jcgraph
from jcgraph.query.engine import query

MOROCCO_PARTNERS = {"https://w3id.org/jcgraph/id/state/KAZ", "https://w3id.org/jcgraph/id/state/KEN"}


def test_queries_lists_the_catalogue(run_cli):
    code, out, _ = run_cli("queries")
    assert code == 0
    assert "cq-01-agreements-between-states" in out and "Which agreements bind two given states" in out
    code, out, _ = run_cli("queries", "--lang", "fr", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and len(doc) >= 14
    first = doc[0]
    assert first["question"].startswith("Quels accords") and first["parameters"][0]["name"] == "state1"
    code, out, _ = run_cli("queries", "--checks")
    assert code == 0 and "fact-without-source-violation" in out


def test_csv_is_the_default_in_a_pipe_and_follows_sparql_csv(run_cli):
    code, out, err = run_cli("query", "cq-12")
    assert code == 0, err
    assert out.startswith("partner,partnerLabel\r\n")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["partner"] for r in rows} == MOROCCO_PARTNERS
    assert {r["partnerLabel"] for r in rows} == {"Kazakhstan", "Kenya"}


def test_tsv_uses_ntriples_terms(run_cli):
    code, out, _ = run_cli("query", "cq-12", "--format", "tsv")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "?partner\t?partnerLabel"
    assert '<https://w3id.org/jcgraph/id/state/KAZ>\t"Kazakhstan"@en' in lines


def test_json_is_sparql_results_json(run_cli):
    code, out, _ = run_cli("query", "cq-10", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["head"]["vars"] == ["person", "personLabel", "start", "firstAttested", "lastAttested"]
    haji, ingonga = doc["results"]["bindings"]
    assert "start" not in haji  # unbound is left out
    assert ingonga["start"] == {
        "type": "literal",
        "value": "2023-09",
        "datatype": "http://www.w3.org/2001/XMLSchema#gYearMonth",
    }
    assert ingonga["personLabel"] == {"type": "literal", "value": "Renson Mulele Ingonga", "xml:lang": "en"}
    assert ingonga["person"]["type"] == "uri"


def test_table_and_output_file_by_extension(run_cli, tmp_path):
    code, out, _ = run_cli("query", "cq-12", "--format", "table")
    assert code == 0 and "state:KAZ" in out and "(2 rows)" in out
    target = tmp_path / "partners.json"
    code, out, _ = run_cli("query", "cq-12", "-o", target)
    assert code == 0 and out == ""
    assert len(json.loads(target.read_text())["results"]["bindings"]) == 2


@pytest.mark.parametrize(
    "value",
    [
        "MA",
        "MAR",
        "morocco",
        "Maroc",
        "Royaume du Maroc",
        "state:MAR",
        "<https://w3id.org/jcgraph/id/state/MAR>",
        "https://w3id.org/jcgraph/id/state/MAR",
    ],
)
def test_state_parameter_by_code_name_or_iri(run_cli, value):
    code, out, err = run_cli("query", "cq-12", "--param", f"state={value}", "--format", "tsv")
    assert code == 0, err
    assert "<https://w3id.org/jcgraph/id/state/KAZ>" in out and "<https://w3id.org/jcgraph/id/state/KEN>" in out


def test_unknown_state_lists_the_known_ones(run_cli):
    code, out, err = run_cli("query", "cq-12", "--param", "state=Atlantis")
    assert code == 2 and out == ""
    assert "Atlantis" in err and "MAR (Morocco)" in err and "KEN (Kenya)" in err
    assert "Traceback" not in err


def test_unknown_parameter_lists_the_query_parameters(run_cli):
    code, _, err = run_cli("query", "cq-01", "--param", "country=MAR")
    assert code == 2 and "country" in err and "state1, state2" in err


def test_param_without_equals_sign(run_cli):
    code, _, err = run_cli("query", "cq-01", "--param", "state1")
    assert code == 2 and "NAME=VALUE" in err


def test_unknown_catalogue_name(run_cli):
    code, _, err = run_cli("query", "no-such-question")
    assert code == 2 and "cq-01-agreements-between-states" in err


def test_syntax_error_gives_line_and_column(run_cli, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# a broken query\nSELECT ?s\nWHERE {\n  ?s ?p \n}\nORDER BY ?s\n", encoding="utf-8")
    code, out, err = run_cli("query", bad)
    assert code == 2 and out == ""
    assert f"{bad}, line 4, column 3" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_update_is_refused(run_cli, tmp_path):
    update = tmp_path / "update.rq"
    update.write_text("PREFIX jc: <https://w3id.org/jcgraph/ontology#>\nINSERT DATA { jc:a jc:b jc:c }\n")
    code, _, err = run_cli("query", update)
    assert code == 2 and "UPDATE" in err
    code, _, err = run_cli("query", "DROP ALL")
    assert code == 2 and "UPDATE" in err


def test_service_and_from_are_refused_locally(run_cli):
    code, _, err = run_cli("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert code == 2 and "SERVICE" in err
    code, _, err = run_cli("query", "SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }")
    assert code == 2 and "FROM" in err


def test_query_from_stdin(run_process):
    done = run_process(
        "query",
        "-",
        "--format",
        "csv",
        input=b"SELECT ?code WHERE { state:MAR jc:iso3166Alpha2 ?code } ORDER BY ?code\n",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == "code\r\nMA\r\n"


def test_adhoc_query_parameters_are_its_variables(run_cli):
    text = "SELECT ?code WHERE { ?state jc:iso3166Alpha3 ?code } ORDER BY ?code"
    code, out, _ = run_cli("query", text, "--param", "state=state:KEN")
    assert code == 0 and out == "code\r\nKEN\r\n"
    code, _, err = run_cli("query", text, "--param", "nope=1")
    assert code == 2 and "code, state" in err


def test_construct_prints_turtle(run_cli):
    code, out, err = run_cli(
        "query",
        "CONSTRUCT { ?s jc:cooperatesWith ?o } WHERE { ?s jc:cooperatesWith ?o } ORDER BY ?s",
        "--inference",
        "owlrl",
    )
    assert code == 0, err
    assert "@prefix state:" in out and "jc:cooperatesWith" in out
    code, _, err = run_cli("query", "CONSTRUCT WHERE { ?s a jc:State }", "--format", "csv")
    assert code == 2 and "turtle" in err


def test_ask(run_cli):
    code, out, _ = run_cli("query", "ASK { state:MAR a jc:State }", "--format", "json")
    assert code == 0 and json.loads(out) == {"head": {}, "boolean": True}


def test_inference_option_overrides_the_header(run_cli):
    code, out, _ = run_cli("query", "cq-12", "--inference", "none")
    assert code == 0 and out == "partner,partnerLabel\r\n"


def test_max_rows(run_cli):
    code, out, err = run_cli("query", "cq-05", "--max-rows", "3")
    assert code == 2 and out == "" and "more than 3 rows" in err
    code, out, _ = run_cli("query", "cq-05", "--max-rows", "0")
    assert code == 0 and len(out.splitlines()) == 9


def test_timeout_stops_a_runaway_query(run_process):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    done = run_process("query", slow, "--timeout", "1", timeout=60)
    err = done.stderr.decode()
    assert done.returncode == 2 and "longer than 1 s" in err and "Traceback" not in err


def test_check_with_rows_exits_1(run_cli, tmp_path):
    check = tmp_path / "every-state-violation.rq"
    check.write_text("SELECT ?s WHERE { ?s a jc:State } ORDER BY ?s\n")
    code, out, err = run_cli("query", check)
    assert code == 1 and "violation" in err and "state/MAR" in out


def test_library_api_and_dataframe(kg):
    result = jcgraph.query("cq-12", {"state": "KEN"}, kg=kg)
    assert result.vars == ["partner", "partnerLabel"]
    assert [str(d["partner"]) for d in result.dicts()] == ["https://w3id.org/jcgraph/id/state/MAR"]
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(jcgraph.InputError, match="pandas"):
            result.to_dataframe()
    else:
        frame = result.to_dataframe()
        assert list(frame.columns) == ["partner", "partnerLabel"] and frame.iloc[0]["partnerLabel"] == "Morocco"


def test_dataframe_without_pandas_is_a_clear_error(kg, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(jcgraph.InputError, match="pip install"):
        query("cq-12", kg=kg).to_dataframe()


def test_second_query_reuses_the_cached_closure(run_cli, tmp_path, monkeypatch, repo_root):
    cache = tmp_path / "cache"
    monkeypatch.setenv("JCGRAPH_CACHE_DIR", str(cache))
    code, first, _ = run_cli("query", "cq-12", "--root", repo_root)
    assert code == 0
    entries = list(cache.glob("closure-*-owlrl-*.nt"))
    assert len(entries) == 1
    stamp = entries[0].stat().st_mtime_ns

    def no_reasoning(*args, **kwargs):
        raise AssertionError("the closure was computed again")

    monkeypatch.setattr("jcgraph.backends.memory.infer.closure", no_reasoning)
    code, second, err = run_cli("query", "cq-12", "--root", repo_root)
    assert code == 0, err
    assert second == first
    assert entries[0].stat().st_mtime_ns == stamp


SRX = "{http://www.w3.org/2005/sparql-results#}"


def test_xml_is_sparql_results_xml(run_cli, tmp_path):
    import xml.etree.ElementTree as ET

    code, out, err = run_cli("query", "cq-12", "-f", "xml")
    assert code == 0, err
    root = ET.fromstring(out)
    assert [v.get("name") for v in root.iter(f"{SRX}variable")] == ["partner", "partnerLabel"]
    uris = {b.find(f"{SRX}uri").text for b in root.iter(f"{SRX}binding") if b.get("name") == "partner"}
    assert uris == MOROCCO_PARTNERS
    label = next(b.find(f"{SRX}literal") for b in root.iter(f"{SRX}binding") if b.get("name") == "partnerLabel")
    assert label.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    target = tmp_path / "answer.srx"
    code, _, _ = run_cli("query", "cq-12", "-o", target)
    assert code == 0 and ET.parse(target).getroot().tag == f"{SRX}sparql"


def test_xml_for_ask(run_cli, tmp_path):
    import xml.etree.ElementTree as ET

    rq = tmp_path / "ask.rq"
    rq.write_text("ASK { ?s ?p ?o }\n")
    code, out, err = run_cli("query", rq, "-f", "application/sparql-results+xml")
    assert code == 0, err
    assert ET.fromstring(out).find(f"{SRX}boolean").text == "true"


@pytest.mark.parametrize("media_type", ["application/sparql-results+json", "application/json"])
def test_media_type_format_names(run_cli, media_type):
    code, out, _ = run_cli("query", "cq-12", "-f", media_type)
    assert code == 0 and len(json.loads(out)["results"]["bindings"]) == 2


def test_unknown_format_or_extension_is_refused(run_cli, tmp_path):
    target = tmp_path / "answer.docx"
    code, _, err = run_cli("query", "cq-12", "-o", target)
    assert code == 2 and "answer.docx" in err and ".srx" in err and "--format" in err
    assert not target.exists()
    code, _, err = run_cli("query", "cq-12", "-f", "image/png")
    assert code == 2 and "unknown format" in err


def test_dataframe_columns_are_typed():
    pandas = pytest.importorskip("pandas")
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from jcgraph.query.results import QueryResult

    rows = [
        (
            URIRef("http://x/a"),
            Literal("2024-03-05", datatype=XSD.date),
            Literal(3),
            Literal(True),
            Literal("2023-09", datatype=XSD.gYearMonth),
            Literal("1.5", datatype=XSD.decimal),
        ),
        (URIRef("http://x/b"), None, None, None, Literal("2024", datatype=XSD.gYear), None),
    ]
    frame = QueryResult("select", vars=["a", "d", "n", "b", "m", "x"], rows=rows).to_dataframe()
    assert str(frame["d"].dtype).startswith("datetime64") and frame["d"].iloc[0] == pandas.Timestamp("2024-03-05")
    assert pandas.isna(frame["d"].iloc[1])
    assert str(frame["n"].dtype) == "Int64" and frame["n"].iloc[0] == 3 and pandas.isna(frame["n"].iloc[1])
    assert str(frame["b"].dtype) == "boolean" and bool(frame["b"].iloc[0]) is True
    assert str(frame["x"].dtype) == "Float64" and frame["x"].iloc[0] == 1.5
    assert list(frame["m"]) == ["2023-09", "2024"] and list(frame["a"]) == ["http://x/a", "http://x/b"]


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_select_star_keeps_the_query_order(run_cli, tmp_path, monkeypatch, backend):
    monkeypatch.setenv("JCGRAPH_BACKEND", backend)
    rq = tmp_path / "star.rq"
    rq.write_text("SELECT * WHERE { ?s rdfs:label ?o . ?s a ?c } LIMIT 1\n")
    code, out, err = run_cli("query", rq, "-f", "csv")
    assert code == 0, err
    assert out.startswith("s,o,c\r\n")
    rq.write_text("SELECT ?c ?s WHERE { ?s rdfs:label ?o . ?s a ?c } LIMIT 1\n")
    code, out, _ = run_cli("query", rq, "-f", "csv")
    assert out.startswith("c,s\r\n")


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_hint_when_only_inference_gives_members(run_cli, tmp_path, monkeypatch, backend):
    monkeypatch.setenv("JCGRAPH_BACKEND", backend)
    rq = tmp_path / "agreements.rq"
    rq.write_text("SELECT ?a WHERE { ?a a jc:Agreement }\n")
    code, out, err = run_cli("query", rq, "-f", "csv")
    assert code == 0 and out.strip() == "a"
    assert "hint: jc:Agreement has no asserted members;" in err and "under --inference rdfs" in err
    code, out, err = run_cli("query", rq, "-f", "csv", "--inference", "rdfs")
    assert code == 0 and len(out.splitlines()) > 1 and "hint" not in err


def test_table_fits_a_width_and_hides_iri_columns(run_cli):
    from rdflib import Literal, URIRef

    from jcgraph.query.results import QueryResult

    long = "a label long enough to need several lines in a narrow terminal " * 3
    result = QueryResult("select", vars=["x", "label"], rows=[(URIRef("http://x/a"), Literal(long))])
    table = result.to_table(width=40)
    assert all(len(line) <= 40 for line in table.splitlines()) and table.rstrip().endswith("(1 row)")
    assert "x" in table.splitlines()[0] and "http://x/a" in table
    hidden = result.to_table(width=40, hide_iris=True)
    assert "http://x/a" not in hidden and hidden.splitlines()[0].strip() == "label"
    code, out, _ = run_cli("query", "cq-12", "-f", "table", "--no-iris")
    assert code == 0 and "state:KAZ" not in out and "Kazakhstan" in out and "(2 rows)" in out


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_lang_asks_labels_in_french_with_an_english_fallback(run_cli, monkeypatch, backend):
    monkeypatch.setenv("JCGRAPH_BACKEND", backend)
    code, out, err = run_cli("query", "cq-05", "--lang", "fr", "-f", "json")
    assert code == 0, err
    langs = {b["postLabel"]["xml:lang"] for b in json.loads(out)["results"]["bindings"] if "postLabel" in b}
    assert langs == {"fr"}
    code, out, _ = run_cli("query", "cq-05", "--lang", "en", "-f", "json")
    langs = {b["postLabel"]["xml:lang"] for b in json.loads(out)["results"]["bindings"] if "postLabel" in b}
    assert langs == {"en"}


def test_lang_rewrite_falls_back_once_per_label():
    from rdflib import Graph

    from jcgraph.query.language import with_language

    data = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <http://example.org/> .
    ex:a a ex:T ; rdfs:label "A"@en , "Ä"@fr . ex:b a ex:T ; rdfs:label "B"@en ."""
    text = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX ex: <http://example.org/>\n"
        'SELECT ?s ?l WHERE { ?s a ex:T OPTIONAL { ?s rdfs:label ?l FILTER (LANGMATCHES(LANG(?l), "en")) } }'
    )
    rows = sorted((str(s), str(label)) for s, label in Graph().parse(data=data).query(with_language(text, "fr")))
    assert rows == [("http://example.org/a", "Ä"), ("http://example.org/b", "B")]
