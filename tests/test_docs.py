"""The ontology page (release index.html): sorted by label, no empty rows, contents, namespaces, shapes, citation."""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Graph

from jcgraph.publish.docs import ontology_html

ONTOLOGY = """
@prefix jc: <https://w3id.org/jcgraph/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://w3id.org/jcgraph/ontology> a owl:Ontology ; dct:title "Test ontology"@en ;
    dct:license <https://creativecommons.org/licenses/by/4.0/> .
jc:Zebra a owl:Class ; rdfs:label "aardvark"@en, "oryctérope"@fr ; skos:definition "First by label."@en .
jc:Alpha a owl:Class ; rdfs:label "zebu"@en, "zébu"@fr ; skos:definition "Last by label."@en ;
    skos:example "An example."@en .
jc:middle a owl:ObjectProperty ; rdfs:label "Middle"@en ; rdfs:domain jc:Zebra ; rdfs:range jc:Alpha .
"""
SHAPES = """
@prefix jc: <https://w3id.org/jcgraph/ontology#> . @prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
jc:ZebraShape a sh:NodeShape ; sh:targetClass jc:Zebra ;
    sh:property [ sh:path jc:middle ; sh:minCount 1 ; sh:maxCount 2 ; sh:class jc:Alpha ;
                  sh:message "needs a middle"@en, "il faut un milieu"@fr ] ;
    sh:property [ sh:path ( jc:middle jc:middle ) ; sh:datatype xsd:date ; sh:message "x"@en ] .
"""


def render() -> str:
    ontology = Graph().parse(data=ONTOLOGY, format="turtle")
    shapes = Graph().parse(data=SHAPES, format="turtle")
    return ontology_html(ontology, Graph(), "9.8.7", shapes, dt.date(2026, 12, 1))


def test_no_empty_rows_and_terms_sorted_by_label():
    html = render()
    assert "<dd></dd>" not in html
    assert html.count("<dt>Example</dt>") == 1  # only jc:Alpha has one
    assert "<dt>Note</dt>" not in html
    classes = html[html.index('<h2 id="classes">') : html.index('<h2 id="object-properties">')]
    assert re.findall(r"<h3>([^<]*)</h3>", classes) == ["aardvark / oryctérope", "zebu / zébu"]


def test_contents_namespaces_and_citation():
    html = render()
    for anchor in ("classes", "object-properties", "concept-schemes", "namespaces", "cite"):
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html
    assert "<td><code>jc:</code></td><td><code>https://w3id.org/jcgraph/ontology#</code></td>" in html
    cite = re.search(r'<pre class="cite" id="citation">([^<]*)</pre>', html)[1]
    assert cite.startswith("The jcgraph developers (2026).") and "version 9.8.7" in cite
    assert "https://w3id.org/jcgraph/ontology/9.8.7" in cite and "CC-BY-4.0" in cite
    assert "@misc{jcgraph-9.8.7" in html and "Apache-2.0" in html


def test_each_class_shows_the_constraints_of_its_shapes():
    html = render()
    zebra = html[html.index('id="Zebra"') : html.index('id="Alpha"')]
    assert 'class="constraints"' in zebra
    assert "1..2" in zebra and "needs a middle" in zebra and "il faut un milieu" in zebra
    assert "<code>jc:Alpha</code>" in zebra and "xsd:date" in zebra
    assert "jc:middle</code></a> / <a" in zebra  # a sequence path
    alpha = html[html.index('id="Alpha"') : html.index('<h2 id="object-properties">')]
    assert "constraints" not in alpha
