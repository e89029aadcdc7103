"""Human documentation of the ontology: one self-contained, deterministic HTML page.

pyLODE 3.4.1 (the current release) fails at import when installed from its wheel (its ``version.py``
reads a ``pyproject.toml`` that the wheel does not ship), so jcgraph writes its own page: classes,
object and datatype properties, concept schemes, each with English and French labels and definitions,
examples taken from the data, each class's constraints from the SHACL shapes, the namespaces and how to
cite the release. Terms are sorted by their English label. No script, no remote stylesheet: the page
works offline.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from jcgraph.labels import short
from jcgraph.namespaces import CA, CD, JC, ONTOLOGY_IRI, PREFIXES
from jcgraph.publish.citation import CODE_LICENCE_ID, DATA_LICENCE_ID, bibtex, citation

LANGUAGES = ("en", "fr")
STYLE = """
body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#222}
h1{font-size:1.7rem}h2{border-bottom:2px solid #ccd;margin-top:2.5rem}h3{margin:0}
section.term{border:1px solid #dde;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
code{background:#f3f3f7;padding:0 .2rem}dl{display:grid;grid-template-columns:11rem 1fr;gap:.2rem .8rem}
dt{font-weight:600;color:#555}dd{margin:0}nav ul{columns:3}.fr{color:#555}table{border-collapse:collapse}
td,th{border:1px solid #dde;padding:.2rem .5rem;text-align:left;vertical-align:top}
table.constraints{font-size:.9em;margin:.2rem 0}table.constraints p{margin:.1rem 0}
pre.cite{background:#f3f3f7;padding:.6rem;white-space:pre-wrap}
""".strip()


def _texts(graph: Graph, node, prop) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for value in graph.objects(node, prop):
        if isinstance(value, Literal):
            found.setdefault(value.language or "", []).append(str(value))
    return {lang: sorted(values) for lang, values in found.items()}


def _label(graph: Graph, node, lang: str = "en") -> str:
    for prop in (RDFS.label, SKOS.prefLabel):
        texts = _texts(graph, node, prop)
        for choice in (lang, "en", ""):
            if texts.get(choice):
                return texts[choice][0]
    return short(node)


def _anchor(node) -> str:
    text = str(node)
    for namespace in (str(JC), str(CD), str(CA)):
        if text.startswith(namespace):
            return text[len(namespace) :] if namespace == str(JC) else short(node).replace(":", "-")
    return ""


def _scheme_anchor(scheme) -> str:
    return "scheme-" + str(scheme).rstrip("/#").rsplit("/", 1)[-1]


def _link(graph: Graph, node) -> str:
    if isinstance(node, BNode):
        members = _list_members(graph, node)
        if members is not None:
            return " ∘ ".join(_link(graph, m) for m in members)
        union = graph.value(node, OWL.unionOf)
        if union is not None:
            return " or ".join(_link(graph, m) for m in _list_members(graph, union) or [])
        return "(anonymous)"
    if isinstance(node, Literal):
        return escape(str(node))
    anchor = _anchor(node)
    text = escape(short(node))
    if anchor:
        return f'<a href="#{escape(anchor)}" title="{escape(_label(graph, node))}"><code>{text}</code></a>'
    return f'<a href="{escape(str(node))}"><code>{text}</code></a>'


def _list_members(graph: Graph, node) -> list | None:
    if (node, RDF.first, None) not in graph:
        return None
    return list(Collection(graph, node))


def _multilingual(graph: Graph, node, prop) -> str:
    texts = _texts(graph, node, prop)
    parts = []
    for lang in (*LANGUAGES, *sorted(set(texts) - set(LANGUAGES))):
        for value in texts.get(lang, []):
            parts.append(
                f'<p class="{escape(lang) or "none"}" lang="{escape(lang)}">{escape(value)}'
                f"{f' <small>({escape(lang)})</small>' if lang else ''}</p>"
            )
    return "".join(parts)


def _row(name: str, values: list[str]) -> str:
    values = [v for v in values if v]  # no empty rows: a term without examples or notes shows none
    return f"<dt>{escape(name)}</dt><dd>{', '.join(values)}</dd>" if values else ""


def _by_label(graph: Graph, nodes) -> list:
    """``nodes`` sorted by English label, case- and accent-blind enough for a reader, then by IRI."""
    return sorted(nodes, key=lambda n: (_label(graph, n).casefold(), str(n)))


def _constraints(shapes: Graph | None, node) -> str:
    """A table of the property shapes that target the class ``node``: path, counts, class or datatype, message."""
    if shapes is None:
        return ""
    rows = []
    for shape in sorted(shapes.subjects(SH.targetClass, node)):
        severity = short(shapes.value(shape, SH.severity) or SH.Violation).split(":")[-1]
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            if path is None:
                continue
            path_text = _link(shapes, path) if not isinstance(path, BNode) else _path_text(shapes, path)
            counts = [shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)]
            count = f"{counts[0] if counts[0] is not None else 0}..{counts[1] if counts[1] is not None else '*'}"
            kinds = [_link(shapes, c) for c in (shapes.value(prop, SH["class"]), shapes.value(prop, SH.datatype)) if c]
            kinds += [escape(short(k)) for k in shapes.objects(prop, SH.nodeKind)]
            prop_severity = shapes.value(prop, SH.severity)
            level = short(prop_severity).split(":")[-1] if prop_severity is not None else severity
            rows.append(
                (
                    str(path),
                    f"<tr><td>{path_text}</td><td>{escape(count)}</td><td>{' '.join(kinds)}</td>"
                    f"<td>{escape(level)}</td><td>{_multilingual(shapes, prop, SH.message)}</td></tr>",
                )
            )
    if not rows:
        return ""
    head = "<tr><th>path</th><th>count</th><th>class / datatype</th><th>severity</th><th>message</th></tr>"
    body = "".join(row for _, row in sorted(rows))
    return f'<table class="constraints">{head}{body}</table>'


def _path_text(shapes: Graph, path) -> str:
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _link(shapes, inverse)
    members = _list_members(shapes, path)
    if members is not None:
        return " / ".join(_link(shapes, m) if not isinstance(m, BNode) else _path_text(shapes, m) for m in members)
    for modifier, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = shapes.value(path, modifier)
        if inner is not None:
            return f"({_link(shapes, inner)}){mark}"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return " | ".join(_link(shapes, m) for m in _list_members(shapes, alternatives) or [])
    return "(complex path)"


def _term(graph: Graph, data: Graph, node, kind: str, shapes: Graph | None = None) -> str:
    labels = _texts(graph, node, RDFS.label) or _texts(graph, node, SKOS.prefLabel)
    title = " / ".join(escape(labels[lang][0]) for lang in LANGUAGES if labels.get(lang)) or escape(short(node))
    rows = [_row("IRI", [f"<code>{escape(str(node))}</code>"])]
    rows.append(
        _row("Definition", [_multilingual(graph, node, SKOS.definition) + _multilingual(graph, node, RDFS.comment)])
    )
    if kind == "class":
        rows.append(_row("Subclass of", [_link(graph, c) for c in sorted(graph.objects(node, RDFS.subClassOf))]))
        rows.append(_row("Superclass of", [_link(graph, c) for c in sorted(graph.subjects(RDFS.subClassOf, node))]))
        rows.append(_row("Disjoint with", [_link(graph, c) for c in sorted(graph.objects(node, OWL.disjointWith))]))
        rows.append(_row("In the domain of", [_link(graph, p) for p in sorted(graph.subjects(RDFS.domain, node))]))
        rows.append(_row("In the range of", [_link(graph, p) for p in sorted(graph.subjects(RDFS.range, node))]))
        examples = sorted(s for s in data.subjects(RDF.type, node) if isinstance(s, URIRef))[:3]
        rows.append(
            _row("Examples", [f"<code>{escape(short(s))}</code> ({escape(_label(data, s))})" for s in examples])
        )
        rows.append(_row("Constraints (shapes)", [_constraints(shapes, node)]))
    elif kind == "property":
        characteristics = sorted(
            short(t).split(":")[1]
            for t in graph.objects(node, RDF.type)
            if t not in (OWL.ObjectProperty, OWL.DatatypeProperty)
        )
        rows.append(_row("Characteristics", [escape(c) for c in characteristics]))
        rows.append(_row("Domain", [_link(graph, c) for c in sorted(graph.objects(node, RDFS.domain))]))
        rows.append(_row("Range", [_link(graph, c) for c in sorted(graph.objects(node, RDFS.range))]))
        rows.append(_row("Sub-property of", [_link(graph, c) for c in sorted(graph.objects(node, RDFS.subPropertyOf))]))
        rows.append(_row("Inverse of", [_link(graph, c) for c in sorted(graph.objects(node, OWL.inverseOf))]))
        rows.append(_row("Property chain", [_link(graph, c) for c in graph.objects(node, OWL.propertyChainAxiom)]))
        # blank nodes have no stable name to show: the page must be the same bytes on every run
        examples = sorted(
            (s, o) for s, o in data.subject_objects(node) if not isinstance(s, BNode) and not isinstance(o, BNode)
        )[:3]
        rows.append(
            _row(
                "Examples", [f"<code>{escape(short(s))}</code> → <code>{escape(short(o))}</code>" for s, o in examples]
            )
        )
    else:
        rows.append(_row("Notation", [escape(str(n)) for n in sorted(graph.objects(node, SKOS.notation))]))
        rows.append(_row("Broader", [_link(graph, c) for c in sorted(graph.objects(node, SKOS.broader))]))
        rows.append(
            _row(
                "Also called",
                [
                    escape(f"{v} ({v.language})" if v.language else str(v))
                    for v in sorted(graph.objects(node, SKOS.altLabel))
                ],
            )
        )
    rows.append(_row("Example", [_multilingual(graph, node, SKOS.example)]))
    rows.append(_row("Note", [_multilingual(graph, node, SKOS.scopeNote)]))
    return f'<section class="term" id="{escape(_anchor(node))}"><h3>{title}</h3><dl>{"".join(rows)}</dl></section>\n'


def ontology_html(
    ontology: Graph, data: Graph, version: str, shapes: Graph | None = None, date: dt.date | None = None
) -> str:
    """Render the ontology (and its concept schemes) as one HTML page.

    :param ontology: the ontology's triples (ontology/ with the concept schemes)
    :param data: the whole graph, for examples of each class and property
    :param version: the version shown in the header
    :param shapes: the SHACL shapes, for each class's constraints (None: no constraints shown)
    :param date: the release date, for the citation's year
    :returns: the HTML text
    """
    header = URIRef(ONTOLOGY_IRI)
    jc = str(JC)

    def declared(kind) -> list:
        found = {s for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(jc)}
        return _by_label(ontology, found)

    sections = [
        ("classes", "Classes", declared(OWL.Class), "class"),
        ("object-properties", "Object properties", declared(OWL.ObjectProperty), "property"),
        ("datatype-properties", "Datatype properties", declared(OWL.DatatypeProperty), "property"),
    ]
    schemes = _by_label(ontology, set(ontology.subjects(RDF.type, SKOS.ConceptScheme)))
    titles = _texts(ontology, header, DCTERMS.title)
    out = [
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">',
        f"<title>{escape((titles.get('en') or ['jcgraph ontology'])[0])}</title>",
        f"<style>{STYLE}</style></head>\n<body>",
    ]
    out.append(f"<h1>{escape((titles.get('en') or ['jcgraph ontology'])[0])}</h1>")
    if titles.get("fr"):
        out.append(f'<p class="fr" lang="fr"><strong>{escape(titles["fr"][0])}</strong></p>')
    meta = [
        _row("IRI", [f"<code>{escape(ONTOLOGY_IRI)}</code>"]),
        _row("Version", [escape(version)]),
        _row("Version IRI", [f"<code>{escape(str(v))}</code>" for v in ontology.objects(header, OWL.versionIRI)]),
        _row(
            "Prior versions",
            [f"<code>{escape(str(v))}</code>" for v in sorted(ontology.objects(header, OWL.priorVersion))],
        ),
        _row("Namespace", [f"<code>jc: {escape(jc)}</code>"]),
        _row(
            "Licence",
            [
                f'<a href="{escape(str(v))}">{escape(str(v))}</a>'
                for v in sorted(ontology.objects(header, DCTERMS.license))
            ],
        ),
        _row("Modified", [escape(str(v)) for v in ontology.objects(header, DCTERMS.modified)]),
        _row("Description", [_multilingual(ontology, header, DCTERMS.description)]),
    ]
    out.append(f"<dl>{''.join(meta)}</dl>")
    out.append("<nav><h2>Contents</h2>")
    for anchor, title, nodes, _ in sections:
        out.append(f'<h4><a href="#{anchor}">{title}</a> ({len(nodes)})</h4><ul>')
        out += [f'<li><a href="#{escape(_anchor(n))}">{escape(_label(ontology, n))}</a></li>' for n in nodes]
        out.append("</ul>")
    out.append('<h4><a href="#concept-schemes">Concept schemes</a></h4><ul>')
    out += [f'<li><a href="#{escape(_scheme_anchor(s))}">{escape(_label(ontology, s))}</a></li>' for s in schemes]
    out.append("</ul>")
    out.append('<h4><a href="#namespaces">Namespaces</a></h4><h4><a href="#cite">Cite as</a></h4></nav>')
    for anchor, title, nodes, kind in sections:
        out.append(f'<h2 id="{anchor}">{title}</h2>')
        out += [_term(ontology, data, n, kind, shapes) for n in nodes]
    out.append('<h2 id="concept-schemes">Concept schemes</h2>')
    for scheme in schemes:
        out.append(
            f'<h3 id="{escape(_scheme_anchor(scheme))}">{escape(_label(ontology, scheme))} / '
            f"{escape(_label(ontology, scheme, 'fr'))}</h3>"
        )
        out.append(_multilingual(ontology, scheme, SKOS.definition))
        concepts = _by_label(ontology, set(ontology.subjects(SKOS.inScheme, scheme)))
        out += [_term(ontology, data, c, "concept") for c in concepts]
    out.append('<h2 id="namespaces">Namespaces</h2><table><tr><th>prefix</th><th>namespace</th></tr>')
    out += [
        f"<tr><td><code>{escape(p)}:</code></td><td><code>{escape(ns)}</code></td></tr>" for p, ns in PREFIXES.items()
    ]
    out.append("</table>")
    out.append('<h2 id="cite">Cite as</h2>')
    out.append(f'<pre class="cite" id="citation">{escape(citation(version, date))}</pre>')
    out.append(f'<pre class="cite" id="bibtex">{escape(bibtex(version, date))}</pre>')
    out.append(
        f"<p>The ontology, the concept schemes, the shapes, the queries and the data are licensed under "
        f'<a href="https://creativecommons.org/licenses/by/4.0/">{DATA_LICENCE_ID}</a>; the jcgraph software '
        f'under <a href="https://www.apache.org/licenses/LICENSE-2.0">{CODE_LICENCE_ID}</a>.</p>'
    )
    out.append("</body>\n</html>\n")
    return "\n".join(out)
