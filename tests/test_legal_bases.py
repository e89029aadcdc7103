"""Legal bases between two states, on a small fixture graph (tests/fixtures/legal-bases), not on data/."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

import jcgraph
from jcgraph.namespaces import CK, ID, ST
from jcgraph.query.legal_bases import legal_bases

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
UNTOC, UNCAC = ID["agreement/untoc"], ID["agreement/uncac"]
BILATERAL = ID["agreement/mar-kaz-2024-extradition"]


def table(name: str) -> dict[str, list[str]]:
    with open(FIXTURES / "untc" / name, encoding="utf-8") as f:
        return {row[0]: row for row in list(csv.reader(f))[1:]}


def iso(cell: str) -> str:
    day, month, year = cell.split()[:3]
    return f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("legal-bases")
    shutil.copytree(REPO / "ontology", root / "ontology")
    shutil.copytree(REPO / "queries", root / "queries")
    shutil.copytree(FIXTURES / "legal-bases" / "data", root / "data")
    return root


@pytest.fixture(scope="module")
def kg(root):
    return jcgraph.load(root)


def by_instrument(bases):
    return {b.instrument: b for b in bases}


def test_morocco_kenya_extradition(kg):
    bases = by_instrument(legal_bases(kg, "Morocco", "Kenya", subject="extradition"))
    assert set(bases) == {UNTOC, UNCAC}  # no bilateral agreement
    untoc, uncac = table("18-12.csv"), table("18-14.csv")
    assert bases[UNTOC].articles == ("16",) and bases[UNCAC].articles == ("44",)
    assert [str(d) for d in bases[UNTOC].consent] == [iso(untoc["Morocco"][2]), iso(untoc["Kenya"][2])]
    assert bases[UNTOC].consent_kind == (CK.ratification, CK.accession)
    assert [str(d) for d in bases[UNCAC].consent] == [iso(uncac["Morocco"][2]), iso(uncac["Kenya"][2])]
    assert bases[UNTOC].status == (ST["in-force"], ST["in-force"])
    assert all(b.kind == "multilateral" and b.signed_only is None for b in bases.values())


def test_morocco_kazakhstan_adds_the_bilateral_convention(kg):
    bases = by_instrument(legal_bases(kg, "MAR", "Kazakhstan", subject="extradition"))
    assert set(bases) == {UNTOC, UNCAC, BILATERAL}
    bilateral = bases[BILATERAL]
    assert bilateral.kind == "bilateral" and bilateral.status == (ST.unknown, ST.unknown)  # signed, no entry into force
    assert str(bases[UNCAC].consent[1]) == iso(table("18-14.csv")["Kazakhstan"][2])
    assert bases[UNCAC].consent_kind[1] == CK.accession


def test_signed_only_is_flagged(kg):
    bases = by_instrument(legal_bases(kg, "Morocco", "Germany"))
    uncac = bases[UNCAC]
    assert table("18-14.csv")["Germany"][2] == ""
    assert uncac.signed_only == "state2" and uncac.status[1] == ST["signed-not-in-force"]
    assert str(uncac.status_as_of) == "2014-07-10"


def test_on_a_date(kg):
    bases = by_instrument(legal_bases(kg, "Morocco", "Kazakhstan", on="2008-01-01"))
    assert bases[UNCAC].status == (ST["in-force"], ST.unknown)  # Kazakhstan acceded later, never signed
    assert bases[UNTOC].status == (ST["in-force"], ST["signed-not-in-force"])
    assert bases[UNTOC].signed_only == "state2"


def test_subject_filters_articles(kg):
    bases = by_instrument(legal_bases(kg, "Morocco", "Kenya", subject="mutual-legal-assistance"))
    assert set(bases) == {UNCAC} and bases[UNCAC].articles == ("46",)


def test_command_line(run_cli, root):
    code, out, err = run_cli(
        "query",
        "legal-bases",
        "-p",
        "state1=Morocco",
        "-p",
        "state2=Kenya",
        "-p",
        "subject=extradition",
        "-f",
        "csv",
        "--root",
        root,
    )
    assert code == 0, err
    assert "untoc" in out and "uncac" in out and "2002-09-19" in out and "2004-06-16" in out
    assert "bilateral" not in out


def test_both_engines_agree(root, monkeypatch):
    answers = []
    for backend in ("rdflib", "oxigraph"):
        monkeypatch.setenv("JCGRAPH_BACKEND", backend)
        kg = jcgraph.load(root)
        assert kg.engine.name == backend
        answers.append(
            [
                legal_bases(kg, "Morocco", other, subject=s)
                for other in ("KAZ", "KEN", "DEU")
                for s in (None, "extradition")
            ]
        )
    assert answers[0] == answers[1]
    assert [b.instrument for b in answers[0][1]] == [BILATERAL, UNCAC, UNTOC]


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_many_pairs_at_once_answer_as_each_pair_alone(root, monkeypatch, backend):
    """legal_bases_of_pairs (what jcgraph report asks) gives each pair what legal_bases gives it alone."""
    from jcgraph.query import legal_bases as module

    monkeypatch.setenv("JCGRAPH_BACKEND", backend)
    monkeypatch.setattr(module, "PAIRS_PER_QUERY", 2)  # several batches, one of them short
    kg = jcgraph.load(root)
    mar = ID["state/MAR"]
    pairs = [(mar, ID[f"state/{code}"]) for code in ("KAZ", "KEN", "DEU")] + [(ID["state/KAZ"], ID["state/KEN"])]
    for subject, on in ((None, None), ("extradition", None), (None, "2003-01-01")):
        together = module.legal_bases_of_pairs(kg, pairs, subject=subject, on=on)
        assert together == {pair: legal_bases(kg, *pair, subject=subject, on=on) for pair in pairs}
    assert any(together.values())
