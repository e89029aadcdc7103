"""jcgraph draft: dates at their precision, weekdays and derived claims, pages that parse, draft → add."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from jcgraph.cli import main
from jcgraph.namespaces import CA, JC, TIME, bind_prefixes
from jcgraph.steward.draft import draft_page, site_name
from jcgraph.steward.drafting.dates import find_dates, parse_published, weekday_before
from jcgraph.steward.drafting.page import Page, published_from_url, read_page

REPO = Path(__file__).resolve().parents[1]
# CI has ../shared beside the checkout; JCGRAPH_ARTICLES points elsewhere (e.g. from a git worktree)
ARTICLES = Path(os.environ.get("JCGRAPH_ARTICLES") or REPO.parent / "shared" / "sources" / "articles")
PAGES = sorted(ARTICLES.glob("*.txt")) if ARTICLES.is_dir() else []
needs_pages = pytest.mark.skipif(not PAGES, reason=f"the development pages are not at {ARTICLES}")


@pytest.mark.parametrize(
    ("text", "value", "datatype"),
    [
        ("signée le 12 décembre 2024 à Rabat", "2024-12-12", "date"),
        ("signed on October 23, 2024, in Astana", "2024-10-23", "date"),
        ("signée le 1er mars 2010", "2010-03-01", "date"),
        ("en décembre 2024", "2024-12", "gYearMonth"),
        ("in May 2022", "2022-05", "gYearMonth"),
        ("signé le 13 juin dernier", "--06-13", "gMonthDay"),
        ("adopted in 2018", "2018", "gYear"),
    ],
)
def test_dates_keep_their_precision(text, value, datatype):
    (found,) = find_dates(text)
    assert (found.value, found.datatype) == (value, datatype)


def test_a_weekday_alone_is_no_date_and_a_weekday_before_a_date_is_kept():
    assert find_dates("signé jeudi à Rabat") == []
    (found,) = find_dates("le lundi 12 mai 2025")
    assert found.weekday == "Monday"


def test_weekday_before_publication_and_published_forms():
    assert weekday_before("Thursday", "2025-08-09") == "2025-08-07"
    assert weekday_before("Thursday", "2025-08") is None  # a month gives no day to count back from
    assert parse_published("2018-11") == ("2018-11", "gYearMonth")
    assert published_from_url("https://kun.uz/en/news/2023/01/18/x") == "2023-01-18"
    assert site_name("data.legilux.public.lu") == "legilux" and site_name("www.kt.kz") == "kt-kz"


def _draft(text: str, published: str = "2025-08-09", lang: str = "fr") -> Graph:
    page = Page(path="t.txt", url="https://news.example/a", published=published, text=text, lang=lang)
    return Graph().parse(data=draft_page(page, Graph()).turtle(), format="turtle")


def test_weekday_gives_a_derived_claim_not_an_asserted_date():
    g = _draft("Le Maroc et le Kenya ont signé jeudi à Nairobi une convention d'extradition.")
    (signing,) = g.subjects(RDF.type, JC.Signing)
    assert g.value(signing, JC.date) is None
    assert (signing, JC.notReported, JC.date) in g and (signing, JC.reportedWeekday, TIME.Thursday) in g
    (claim,) = g.subjects(RDF.type, JC.Claim)
    assert g.value(claim, RDF.object) == Literal("2025-08-07", datatype=XSD.date)
    assert g.value(claim, JC.derived) == Literal(True) and g.value(claim, JC.asserted) == Literal(False)
    assert g.value(claim, JC.derivationMethod) is not None


def test_full_date_form_subject_parties_and_sources():
    g = _draft("Morocco and Kazakhstan signed on 12 December 2024 a treaty on mutual legal assistance.", lang="en")
    (agreement,) = g.subjects(JC.subject, CA["mutual-legal-assistance"])
    assert (agreement, RDF.type, JC.Convention) in g and (agreement, RDF.type, JC.BilateralAgreement) in g
    assert str(agreement).endswith("agreement/mar-kaz-2024-mutual-legal-assistance")
    (signing,) = g.subjects(RDF.type, JC.Signing)
    assert g.value(signing, JC.date) == Literal("2024-12-12", datatype=XSD.date)
    assert g.value(agreement, JC.date) is None


def test_month_only_is_a_year_month():
    g = _draft("Le Maroc et l'Espagne ont signé en juin 2009 une convention d'extradition.", published="2009-07")
    (signing,) = g.subjects(RDF.type, JC.Signing)
    assert g.value(signing, JC.date) == Literal("2009-06", datatype=XSD.gYearMonth)


def test_unreadable_article_is_an_input_error(tmp_path, capsys):
    assert main(["draft", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read the article" in capsys.readouterr().err
    (tmp_path / "a.txt").write_text("url: https://x.example/\n\ntext", encoding="utf-8")
    assert main(["draft", str(tmp_path / "a.txt"), "--published", "last Thursday"]) == 2


def test_html_page_is_read(tmp_path):
    html = tmp_path / "a.html"
    html.write_text(
        '<html lang="en"><head><title>T</title><link rel="canonical" href="https://x.example/2024/12/12/a">'
        "</head><body><script>x()</script><p>Morocco signed.</p></body></html>",
        encoding="utf-8",
    )
    page = read_page(html)
    assert (page.url, page.title, page.published, page.lang, page.text) == (
        "https://x.example/2024/12/12/a", "T", "2024-12-12", "en", "Morocco signed."
    )  # fmt: skip


@needs_pages
@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_development_page_drafts_turtle_that_parses(page, tmp_path, repo_root):
    out = tmp_path / "draft.ttl"
    assert main(["draft", str(page), "-o", str(out), "--root", str(repo_root)]) == 0
    g = Graph().parse(out, format="turtle")
    (source,) = set(g.subjects(RDF.type, JC.NewsArticle)) | set(g.subjects(RDF.type, JC.OfficialPage))
    drafted = {s for kind in (JC.Claim, JC.Signing, JC.Signature) for s in g.subjects(RDF.type, kind)}
    drafted |= set(g.subjects(JC.subject, None))
    for node in drafted:  # every drafted fact points to the page
        assert (node, DCTERMS.source, source) in g


@needs_pages
def test_draft_edit_validate_add(tmp_path):
    """A steward's walk on one page: draft, edit (scripted), validate, add into a copy of the graph."""
    for folder in ("ontology", "queries"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / "data").mkdir()
    # the core files (states, places, institutions, people, sources) of a frozen copy, never the live data/
    for path in (REPO / "tests" / "fixtures" / "multilateral" / "data").glob("*.ttl"):
        shutil.copy(path, tmp_path / "data" / path.name)
    page = ARTICLES / "06-mar-bra-extradition.txt"
    draft, edited = tmp_path / "draft.ttl", tmp_path / "edited.ttl"
    assert main(["draft", str(page), "-o", str(draft), "--root", str(tmp_path)]) == 0
    # the steward's edit: review notes answered, events whose signatories need a second source set aside
    g = Graph().parse(draft)
    for prop in (JC.reviewNote, JC.notReported, JC.reportedWeekday):
        g.remove((None, prop, None))
    for node in set(g.subjects(JC.ofAgreement, None)) | set(g.subjects(RDF.type, JC.Claim)):
        g.remove((node, None, None))
    # and what this checkout's ontology cannot say yet (e.g. jc:Law before it is declared) is kept for later
    ontology = Graph().parse(tmp_path / "ontology" / "jcgraph.ttl")
    declared = set(ontology.subjects(RDF.type, None))
    for s, p, o in list(g):
        if (str(p).startswith(str(JC)) and p not in declared) or (
            p == RDF.type and str(o).startswith(str(JC)) and o not in declared
        ):
            g.remove((s, None, None))
    for s, p, o in list(g):
        if isinstance(o, URIRef) and "/id/" in str(o) and (o, None, None) not in g and "/law/" in str(o):
            g.remove((s, p, o))
    bind_prefixes(g).serialize(edited, format="turtle")
    assert main(["validate", str(edited), "--root", str(tmp_path)]) == 0
    assert main(["add", str(edited), "--root", str(tmp_path)]) == 0
    merged = Graph()
    for path in (tmp_path / "data").rglob("*.ttl"):
        merged.parse(path)
    assert (None, JC.subject, CA.extradition) in merged


def test_drafted_iris_follow_the_scheme_whatever_the_names():
    """A long title or a name in another script still gives ASCII local names within the limit."""
    from jcgraph.namespaces import iri_scheme_problem
    from jcgraph.steward.draft import mint

    for path in ("event/" + "signing-" * 40, "person/محمد-بنعبد", "place/Zürich--", "state/MAR"):
        assert iri_scheme_problem(mint(path)) is None, path
    assert mint("event/" + "a" * 300) != mint("event/" + "a" * 299)  # cut names stay apart
