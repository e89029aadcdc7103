"""The drawing's graph for other tools: Graphviz DOT and GraphML (yEd, Gephi, Cytoscape, networkx).

Nodes are named by their IRIs; every node and edge carries its label in the chosen language, its kind,
and for edges the agreement's subject (IRI and label) and the colour the SVG gives it. Output is
deterministic.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rdflib import Graph

from jcgraph.labels import label
from jcgraph.publish.draw import TITLES, Network

GRAPHML = "http://graphml.graphdrawing.org/xmlns"


def _quoted(text: str) -> str:
    r"""A DOT double-quoted string (backslashes and quotes escaped, line breaks as \\n)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(g: Graph, net: Network, lang: str = "en") -> str:
    """The network as an undirected Graphviz graph, ready for ``dot -Tsvg`` or any DOT reader."""
    colours = net.colours()
    lines = [
        "graph jcgraph {",
        f"  graph [label={_quoted(TITLES.get(lang, TITLES['en']))}, labelloc=t, fontname=Helvetica, rankdir=LR];",
        "  node [fontname=Helvetica]; edge [fontname=Helvetica, fontsize=10];",
    ]
    for state in net.states:
        lines.append(
            f"  {_quoted(str(state))} [label={_quoted(label(g, state, lang))}, shape=circle, style=filled, "
            'fillcolor="#f2f2f2", jc_kind=state];'
        )
    for institution, state in net.institutions.items():
        lines.append(
            f"  {_quoted(str(institution))} [label={_quoted(label(g, institution, lang))}, shape=box, "
            f'style="rounded,filled", fillcolor="#fffdf5", jc_kind=institution, jc_state={_quoted(str(state))}];'
        )
    for institution, state in net.institutions.items():
        lines.append(f'  {_quoted(str(institution))} -- {_quoted(str(state))} [color="#bbbbbb", jc_kind=institution];')
    for edge in net.edges:
        attributes = [
            f"label={_quoted(edge.text)}",
            f"color={_quoted(colours.get(edge.subject, '#777777'))}",
            f"fontcolor={_quoted(colours.get(edge.subject, '#777777'))}",
            "penwidth=2",
            f"jc_kind={'meeting' if edge.dashed else 'agreement'}",
        ]
        if edge.dashed:
            attributes.append("style=dashed")
        if edge.subject is not None:
            attributes.append(f"jc_subject={_quoted(str(edge.subject))}")
        lines.append(f"  {_quoted(str(edge.a))} -- {_quoted(str(edge.b))} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_graphml(g: Graph, net: Network, lang: str = "en") -> str:
    """The network as a GraphML document (undirected), with labels, kinds, subjects and colours as data."""
    ET.register_namespace("", GRAPHML)
    root = ET.Element(f"{{{GRAPHML}}}graphml")
    keys = [
        ("label", "node", "label"),
        ("kind", "node", "kind"),
        ("state", "node", "state"),
        ("elabel", "edge", "label"),
        ("ekind", "edge", "kind"),
        ("subject", "edge", "subject"),
        ("subjectLabel", "edge", "subjectLabel"),
        ("colour", "edge", "colour"),
    ]
    for ident, scope, name in keys:
        ET.SubElement(root, f"{{{GRAPHML}}}key", {"id": ident, "for": scope, "attr.name": name, "attr.type": "string"})
    graph = ET.SubElement(root, f"{{{GRAPHML}}}graph", {"id": "jcgraph", "edgedefault": "undirected"})

    def data(parent, key: str, value: str) -> None:
        ET.SubElement(parent, f"{{{GRAPHML}}}data", {"key": key}).text = value

    for state in net.states:
        node = ET.SubElement(graph, f"{{{GRAPHML}}}node", {"id": str(state)})
        data(node, "label", label(g, state, lang))
        data(node, "kind", "state")
    for institution, state in net.institutions.items():
        node = ET.SubElement(graph, f"{{{GRAPHML}}}node", {"id": str(institution)})
        data(node, "label", label(g, institution, lang))
        data(node, "kind", "institution")
        data(node, "state", str(state))
    colours = net.colours()
    count = 0
    for institution, state in net.institutions.items():
        edge = ET.SubElement(
            graph, f"{{{GRAPHML}}}edge", {"id": f"e{count}", "source": str(institution), "target": str(state)}
        )
        data(edge, "ekind", "institution")
        count += 1
    for item in net.edges:
        edge = ET.SubElement(
            graph, f"{{{GRAPHML}}}edge", {"id": f"e{count}", "source": str(item.a), "target": str(item.b)}
        )
        data(edge, "elabel", item.text)
        data(edge, "ekind", "meeting" if item.dashed else "agreement")
        if item.subject is not None:
            data(edge, "subject", str(item.subject))
            data(edge, "subjectLabel", label(g, item.subject, lang))
        data(edge, "colour", colours.get(item.subject, "#777777"))
        count += 1
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
