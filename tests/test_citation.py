"""Citing and licensing: CITATION.cff is valid CFF 1.2.0, LICENSE says what each licence covers, releases cite."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

import jcgraph
from jcgraph.namespaces import JC
from jcgraph.publish import release as rel
from jcgraph.publish.citation import CODE_LICENCE_ID, DATA_LICENCE, DATA_LICENCE_ID, citation


@pytest.fixture(scope="module")
def released(tmp_path_factory, repo_root):
    out = tmp_path_factory.mktemp("release")
    rel.release(jcgraph.load(repo_root), out, "3.2.1", dt.date(2027, 1, 15), inference="none")
    return out


def test_citation_cff_is_valid_cff_1_2_0(checkout):
    create = pytest.importorskip("cffconvert.cli.create_citation", reason="cffconvert is in the test extras")
    cff = create.create_citation(str(checkout / "CITATION.cff"), None)
    cff.validate()  # raises on any schema error
    text = (checkout / "CITATION.cff").read_text(encoding="utf-8")
    assert "cff-version: 1.2.0" in text and f"license: {DATA_LICENCE_ID}" in text
    version = re.search(r'^version: "([^"]+)"', text, re.M)[1]
    pyproject = (checkout / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{version}"' in pyproject  # the citation names the version being released


def test_licence_files_say_what_covers_what(checkout):
    text = (checkout / "LICENSE").read_text(encoding="utf-8")
    code, data = text.index(CODE_LICENCE_ID), text.index(DATA_LICENCE_ID)
    assert "src/" in text[code:data] and all(folder in text[data:] for folder in ("ontology/", "data/", "queries/"))
    apache = (checkout / "LICENSES" / "Apache-2.0.txt").read_text(encoding="utf-8")
    assert "Apache License" in apache and "Version 2.0, January 2004" in apache and "END OF TERMS" in apache
    cc = (checkout / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert cc.startswith("Creative Commons Attribution 4.0 International") and "Section 8 – Interpretation." in cc
    readme = (checkout / "README.md").read_text(encoding="utf-8")
    assert "CC-BY-4.0" in readme and "Apache-2.0" in readme and "CITATION.cff" in readme


def test_void_cites_the_release_and_licenses_each_distribution(released):
    void = Graph().parse(released / "void.ttl", format="turtle")
    dataset = next(void.subjects(RDF.type, DCAT.Dataset))
    cited = [str(c) for c in void.objects(dataset, DCTERMS.bibliographicCitation)]
    assert cited == [citation("3.2.1", dt.date(2027, 1, 15))]
    assert (
        "(2027)" in cited[0] and "version 3.2.1" in cited[0] and "https://w3id.org/jcgraph/ontology/3.2.1" in cited[0]
    )
    distributions = list(void.objects(dataset, DCAT.distribution))
    assert len(distributions) > 5
    for distribution in distributions:
        assert (distribution, DCTERMS.license, URIRef(DATA_LICENCE)) in void, distribution
    html = (released / "index.html").read_text(encoding="utf-8")
    assert citation("3.2.1", dt.date(2027, 1, 15)) in html


def test_source_titles_carry_their_language_and_retrieval_dates_are_dates(kg):
    graph = kg.asserted
    sources = set(graph.subjects(RDF.type, JC.NewsArticle)) | set(graph.subjects(RDF.type, JC.OfficialPage))
    assert sources
    for source in sources:
        for title in graph.objects(source, DCTERMS.title):
            assert isinstance(title, Literal) and title.language, (source, title)
        for day in graph.objects(source, JC.retrievedOn):
            assert isinstance(day, Literal) and day.datatype == XSD.date, (source, day)
        assert graph.value(source, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) is not None  # our own
