"""The UNTC importer: expected answers read from the status tables themselves, not from the importer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from jcgraph.errors import InputError
from jcgraph.namespaces import CK, ID, JC
from jcgraph.steward.untc import TABLES, import_table, table_for

TABLES_DIR = Path(__file__).parent / "fixtures" / "untc"
REPO = Path(__file__).resolve().parents[1]
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def csv_rows(name: str) -> dict[str, list[str]]:
    with open(TABLES_DIR / name, encoding="utf-8") as f:
        return {row[0]: row for row in list(csv.reader(f))[1:]}


def iso(cell: str) -> str:
    """'19 Sep 2002 a' -> '2002-09-19' (the test's own reading of the table's dates)."""
    day, month, year = cell.split()[:3]
    return f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"


def file_for(number: str) -> str:
    return number.replace("XVIII", "18").replace("VI", "6") + ".csv"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("untc")
    graphs = {}
    for number in TABLES:
        target = out / f"{number}.ttl"
        import_table(TABLES_DIR / file_for(number), number, target)
        graphs[number] = Graph().parse(target)
    return graphs


def participation(g: Graph, agreement: str, actor: str) -> URIRef:
    return URIRef(f"{ID}participation/{agreement}-{actor}")


def test_morocco_ratified_and_kenya_acceded_to_untoc(imported):
    rows, g = csv_rows("18-12.csv"), imported["XVIII-12"]
    assert rows["Morocco"][2].split()[-1].isdigit()  # no suffix: a ratification
    assert rows["Kenya"][2].endswith(" a")
    mar, ken = participation(g, "untoc", "MAR"), participation(g, "untoc", "KEN")
    assert (mar, JC.consentDate, Literal(iso(rows["Morocco"][2]), datatype=XSD.date)) in g
    assert iso(rows["Morocco"][2]) == "2002-09-19"
    assert (mar, JC.consentKind, CK.ratification) in g
    assert (ken, JC.consentDate, Literal(iso(rows["Kenya"][2]), datatype=XSD.date)) in g
    assert iso(rows["Kenya"][2]) == "2004-06-16"
    assert (ken, JC.consentKind, CK.accession) in g


def test_kazakhstan_acceded_to_uncac(imported):
    row, g = csv_rows("18-14.csv")["Kazakhstan"], imported["XVIII-14"]
    node = participation(g, "uncac", "KAZ")
    assert row[2].endswith(" a") and iso(row[2]) == "2008-06-18"
    assert (node, JC.consentDate, Literal("2008-06-18", datatype=XSD.date)) in g
    assert (node, JC.consentKind, CK.accession) in g


def test_germany_only_signed_uncac_as_of_the_table_date(imported):
    row, g = csv_rows("18-14.csv")["Germany"], imported["XVIII-14"]
    node = participation(g, "uncac", "DEU")
    assert row[2] == "" and iso(row[1]) == "2003-12-09"
    assert (node, JC.signatureDate, Literal("2003-12-09", datatype=XSD.date)) in g
    assert (node, JC.consentDate, None) not in g
    assert (node, JC.asOf, Literal("2014-07-10", datatype=XSD.date)) in g


def test_european_union_approval_is_an_organisations(imported):
    row, g = csv_rows("18-14.csv")["European Union"], imported["XVIII-14"]
    node = participation(g, "uncac", "european-union")
    assert row[2].endswith(" AA")
    assert (node, JC.participatingActor, URIRef(f"{ID}organisation/european-union")) in g
    assert (node, JC.consentKind, CK.approval) in g
    states = {str(o) for o in g.objects(None, JC.participatingActor) if "/state/" in str(o)}
    assert all(len(s.rsplit("/", 1)[1]) == 3 for s in states)


@pytest.mark.parametrize("number", list(TABLES))
def test_one_participation_per_row(imported, number):
    rows = csv_rows(file_for(number))
    g = imported[number]
    nodes = set(g.subjects(RDF.type, JC.Participation))
    assert len(nodes) == len(rows)
    assert len(set(g.objects(None, JC.participatingActor))) == len(rows)


@pytest.mark.parametrize("number", list(TABLES))
def test_shipped_files_have_one_node_per_row(number):
    shipped = REPO / "data" / "multilateral" / "untc" / f"{number.lower()}.ttl"
    g = Graph().parse(shipped)
    assert len(set(g.subjects(RDF.type, JC.Participation))) == len(csv_rows(file_for(number)))


def test_source_node(imported):
    g = imported["XVIII-12"]
    source = URIRef(f"{ID}source/untc-xviii-12-status-2014-01-27")
    assert (source, RDF.type, JC.OfficialPage) in g
    assert (source, JC.asOf, Literal("2014-01-27", datatype=XSD.date)) in g
    with open(TABLES_DIR / "index.csv", encoding="utf-8") as f:
        urls = {row["url"] for row in csv.DictReader(f)}
    assert {str(u) for u in g.objects(source, URIRef("https://schema.org/url"))} <= urls


def test_twice_gives_the_same_bytes(tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    import_table(TABLES_DIR / "18-14.csv", "XVIII-14", a)
    import_table(TABLES_DIR / "18-14.csv", "XVIII-14", b)
    assert a.read_bytes() == b.read_bytes()


def test_number_spellings():
    assert table_for("18-12-a") is table_for("XVIII-12-a") is table_for("xviii-12-A")


BAD = {
    "bad-date.csv": ("Morocco,13 Dex 2000,19 Sep 2002", 3, "not a date"),
    "bad-suffix.csv": ("Morocco,13 Dec 2000,19 Sep 2002 z", 3, "unknown suffix"),
    "columns.csv": ("Morocco,13 Dec 2000", 3, "expected 3 columns"),
    "unknown.csv": ("Atlantis,13 Dec 2000,19 Sep 2002", 3, "'Atlantis'"),
    "not-a-day.csv": ("Morocco,31 Feb 2000,19 Sep 2002", 3, "not a real date"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_rows_are_refused_and_nothing_is_written(tmp_path, name, run_cli, graph_copy):
    row, line, words = BAD[name]
    table = tmp_path / name
    table.write_text("Participant,Signature,Ratification\nKenya,,16 Jun 2004 a\n" + row + "\n", encoding="utf-8")
    out = tmp_path / "out.ttl"
    with pytest.raises(InputError) as caught:
        import_table(table, "XVIII-12", out)
    assert caught.value.line == line and caught.value.path == str(table)
    assert words in str(caught.value)
    assert not out.exists()
    out.write_bytes(b"old")
    code, _, err = run_cli("import", "untc", table, "--convention", "XVIII-12", "-o", out, "--root", graph_copy)
    assert code == 2 and f"{table}, line {line}" in err and "Traceback" not in err
    assert out.read_bytes() == b"old"


def test_state_generator_keeps_hand_nodes_and_is_deterministic(tmp_path, run_cli):
    import shutil

    from jcgraph.steward.states import MARKER
    from tests.conftest import REPO

    graph_copy = tmp_path / "graph"  # the live graph: the states its UNTC participations refer to
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(REPO / folder, graph_copy / folder)

    states = graph_copy / "data" / "states.ttl"
    hand_nodes = states.read_text(encoding="utf-8").partition(MARKER)[0].split("\nstate:", 1)[1]
    assert run_cli("import", "states", "--root", graph_copy)[0] == 0
    first = states.read_bytes()
    assert run_cli("import", "states", "--root", graph_copy)[0] == 0
    assert states.read_bytes() == first
    text = first.decode("utf-8")
    assert text.partition(MARKER)[0].split("\nstate:", 1)[1].rstrip("\n") == hand_nodes.rstrip("\n")
    g = Graph().parse(data=text, format="turtle")
    assert (URIRef(f"{ID}state/VAT"), RDF.type, JC.NonMemberObserverState) in g
    assert (URIRef(f"{ID}state/NIU"), RDF.type, JC.AssociatedState) in g
    assert (URIRef(f"{ID}state/MAR"), JC.inRegion, URIRef("https://w3id.org/jcgraph/concept/region/015")) in g
    names = {row[0] for name in map(file_for, TABLES) for row in csv_rows(name).values()} - {"European Union"}
    typed = {s for s in g.subjects(RDF.type, None) if "/state/" in str(s)}
    assert len(typed) >= len(names)  # every state participant has a node (one per name; no name shares one)
