"""A picture of the cooperation network: SVG (PNG through cairosvg), or its graph as DOT or GraphML.

States and their institutions are nodes; agreements are edges between their parties (states, or
institutions for inter-agency memoranda), meetings that implement an agreement are dashed edges between
the participants' institutions. The layout is Graphviz's ``dot`` when it is installed, else jcgraph's own
(states on a circle); in both, edge labels never overlap each other or a node
(:mod:`jcgraph.publish.draw_layout`). Edges are coloured by the agreement's most distinctive subject; a
subject keeps its colour in every language and every ``--state`` view, because colours follow the
concepts' IRIs, not their labels. The same graph always gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from rdflib import URIRef

from jcgraph.errors import InputError
from jcgraph.labels import label
from jcgraph.publish import draw_layout as lay
from jcgraph.query.sparql import select

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph

#: Colour-blind-safe palette: Okabe–Ito, then Paul Tol's muted scheme; a concept's colour is its rank by IRI.
PALETTE = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#117733",
    "#332288", "#999933", "#44AA99", "#AA4499",
)  # fmt: skip
TITLES = {"en": "Judicial cooperation network", "fr": "Réseau de coopération judiciaire"}
LEGEND = {
    "en": ("Agreement subject", "meeting implementing an agreement", "institution of a state"),
    "fr": ("Objet de l'accord", "réunion mettant en œuvre un accord", "institution d'un État"),
}
LAYOUTS = ("auto", "dot", "builtin")
MARGIN, TITLE_HEIGHT, LEGEND_WIDTH = 24.0, 56.0, 240.0


@dataclass
class Edge:
    """One agreement or event drawn between two nodes."""

    a: URIRef
    b: URIRef
    text: str
    subject: URIRef | None
    dashed: bool = False


@dataclass
class Network:
    """What the picture shows: nodes, their states, and labelled edges."""

    states: list[URIRef] = field(default_factory=list)
    institutions: dict[URIRef, URIRef] = field(default_factory=dict)  # institution -> its state
    edges: list[Edge] = field(default_factory=list)
    subjects: list[URIRef] = field(default_factory=list)
    #: every subject of every drawable agreement, by IRI: the colour order, the same in every view
    all_subjects: list[URIRef] = field(default_factory=list)

    def colours(self) -> dict[URIRef, str]:
        """Subject -> colour, by the subject's rank among all the graph's subjects (never by label)."""
        return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(self.all_subjects)}


def network(kg: KnowledgeGraph, state: URIRef | None = None, lang: str = "en") -> Network:
    """Collect the agreements (and the meetings implementing them), optionally only those of ``state``."""
    g = kg.asserted
    parties: dict[URIRef, list[URIRef]] = {}
    for row in select(kg, "SELECT ?a ?p WHERE { ?a jc:stateParty|jc:institutionParty ?p } ORDER BY ?a ?p"):
        parties.setdefault(row["a"], []).append(row["p"])
    state_of = {r["i"]: r["s"] for r in select(kg, "SELECT ?i ?s WHERE { ?i jc:ofState ?s } ORDER BY ?i")}
    drawable = sorted(a for a, ps in parties.items() if len(ps) >= 2)
    every_subject = {
        r["s"] for r in select(kg, "SELECT DISTINCT ?a ?s WHERE { ?a jc:subject ?s }") if r["a"] in parties
    }
    agreements = [a for a in drawable if state is None or state in {state_of.get(p, p) for p in parties[a]}]
    subject_use: dict[URIRef, int] = {}
    subjects_of: dict[URIRef, list[URIRef]] = {}
    for agreement in agreements:
        rows = select(kg, f"SELECT ?s WHERE {{ <{agreement}> jc:subject ?s }} ORDER BY ?s")
        subjects_of[agreement] = [r["s"] for r in rows]
        for s in subjects_of[agreement]:
            subject_use[s] = subject_use.get(s, 0) + 1
    net = Network(all_subjects=sorted(every_subject, key=str))
    for agreement in agreements:
        # the rarest subject says most about the agreement (shared ones like information exchange say least);
        # ties go by IRI, so the choice (and the colour) is the same in every language
        main = min(subjects_of[agreement], key=lambda s: (subject_use[s], str(s)), default=None)  # never by label
        date = select(
            kg,
            f"""SELECT ?d WHERE {{ ?e a jc:Signing ; jc:ofAgreement <{agreement}> ; jc:date ?d }}
                              ORDER BY ?d LIMIT 1""",
        )
        text = label(g, agreement, lang) + (f" · {date[0]['d']}" if date else "")
        ps = parties[agreement]
        for i, a in enumerate(ps):
            for b in ps[i + 1 :]:
                net.edges.append(Edge(a, b, text, main))
        for meeting in select(
            kg,
            f"""SELECT ?m ?d WHERE {{ ?m jc:implements <{agreement}> .
                                      OPTIONAL {{ ?m jc:date ?d }} }} ORDER BY ?m""",
        ):
            ends = _meeting_ends(kg, meeting["m"]) or ps[:2]
            if len(ends) >= 2:
                text = label(g, meeting["m"], lang).split(",")[0] + (f" · {meeting['d']}" if "d" in meeting else "")
                net.edges.append(Edge(ends[0], ends[1], text, main, dashed=True))
    nodes = {n for e in net.edges for n in (e.a, e.b)}
    net.institutions = {n: state_of[n] for n in sorted(nodes) if n in state_of}
    net.states = sorted({state_of.get(n, n) for n in nodes})
    net.subjects = sorted({e.subject for e in net.edges if e.subject is not None}, key=lambda s: label(g, s, lang))
    return net


def _meeting_ends(kg, meeting: URIRef) -> list[URIRef]:
    """The institutions where a meeting's participants held their posts (two of them at most)."""
    rows = select(
        kg,
        f"""SELECT DISTINCT ?i WHERE {{ <{meeting}> jc:participant ?p .
        ?h jc:holder ?p ; jc:heldPost/org:postIn ?i }} ORDER BY ?i""",
    )
    return [r["i"] for r in rows][:2]


def layout(kg: KnowledgeGraph, net: Network, lang: str = "en", engine: str = "auto") -> lay.Layout:
    """Lay ``net`` out with ``dot`` (``auto`` when installed, or ``dot``) or with our own layout (``builtin``).

    :raises InputError: ``dot`` was asked for and is not installed
    """
    g = kg.asserted
    nodes = [*net.states, *net.institutions]
    kinds = {n: ("state" if n in net.states else "institution") for n in nodes}
    sizes = {n: lay.node_size(kinds[n], label(g, n, lang)) for n in nodes}
    edges = [(e.a, e.b) for e in net.edges]
    label_sizes = [lay.text_box(lay.wrap(e.text, lay.EDGE_WRAP), lay.EDGE_FONT) for e in net.edges]
    links = list(net.institutions.items())
    if engine == "dot" and not lay.dot_available():
        raise InputError(
            "--layout dot needs Graphviz's dot program (apt-get install graphviz); or use --layout builtin."
        )
    if engine in ("auto", "dot") and lay.dot_available() and nodes:
        try:
            return lay.layout_dot(nodes, kinds, sizes, edges, links, label_sizes)
        except RuntimeError:
            if engine == "dot":
                raise
    return lay.layout_builtin(net.states, net.institutions, sizes, edges, links, label_sizes)


def render_svg(
    kg: KnowledgeGraph, net: Network, lang: str = "en", size: tuple[int, int] | None = None, engine: str = "auto"
) -> str:
    """Lay the network out and write it as a standalone SVG document.

    :param size: the picture's width and height in pixels (the drawing is scaled to fit); default: natural
    """
    g = kg.asserted
    geometry = layout(kg, net, lang, engine)
    colours = net.colours()
    title = TITLES.get(lang, TITLES["en"])
    legend_rows = len(net.subjects) + 3
    legend_texts = [label(g, s, lang) for s in net.subjects] + list(LEGEND.get(lang, LEGEND["en"]))
    legend_width = max(LEGEND_WIDTH, max(len(t) for t in legend_texts) * 12 * lay.CHAR_WIDTH + 60)
    width = geometry.width + 2 * MARGIN + legend_width
    height = max(geometry.height, legend_rows * 22 + 20) + 2 * MARGIN + TITLE_HEIGHT
    shown_w, shown_h = size or (round(width), round(height))
    ox, oy = MARGIN, MARGIN + TITLE_HEIGHT  # where the layout's (0, 0) goes
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{shown_w}" height="{shown_h}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="Helvetica, Arial, sans-serif" '
        f'data-layout="{geometry.engine}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 22}" font-size="22" font-weight="bold">{escape(title)}</text>',
        f'<g transform="translate({ox:.1f} {oy:.1f})">',
    ]
    for d in geometry.links:
        out.append(f'<path class="link" d="{d}" fill="none" stroke="#bbbbbb" stroke-width="1.5"/>')
    for edge, d in zip(net.edges, geometry.paths, strict=True):
        dash = ' stroke-dasharray="7 5"' if edge.dashed else ""
        colour = colours.get(edge.subject, "#777777")
        out.append(f'<path class="edge" d="{d}" fill="none" stroke="{colour}" stroke-width="3"{dash}/>')
    for state in net.states:
        (x, y), (w, _) = geometry.centres[state], geometry.sizes[state]
        out.append(
            f'<g class="state"><circle cx="{x:.1f}" cy="{y:.1f}" r="{w / 2:.1f}" fill="#f2f2f2" stroke="#333333" '
            f'stroke-width="2"/><text x="{x:.1f}" y="{y + 5:.1f}" font-size="{lay.STATE_FONT:g}" font-weight="bold" '
            f'text-anchor="middle">{escape(label(g, state, lang))}</text></g>'
        )
    for institution in net.institutions:
        out += _box_svg(geometry.node_box(institution), label(g, institution, lang))
    for edge, box in zip(net.edges, geometry.labels, strict=True):
        out += _label_svg(box, edge.text, colours.get(edge.subject, "#777777"))
    out.append("</g>")
    out += _legend_svg(g, net, colours, lang, ox + geometry.width + MARGIN, oy)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _label_svg(box: lay.Box, text: str, colour: str) -> list[str]:
    lines = lay.wrap(text, lay.EDGE_WRAP)
    step = lay.EDGE_FONT * 1.2
    out = [
        f'<g class="edge-label" data-box="{box.x - box.w / 2:.1f} {box.y - box.h / 2:.1f} {box.w:.1f} {box.h:.1f}">'
        f'<rect x="{box.x - box.w / 2:.1f}" y="{box.y - box.h / 2:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" '
        'rx="3" fill="#ffffff" fill-opacity="0.85"/>'
    ]
    for k, part in enumerate(lines):
        y = box.y + (k - (len(lines) - 1) / 2) * step + lay.EDGE_FONT * 0.35
        out.append(
            f'<text x="{box.x:.1f}" y="{y:.1f}" font-size="{lay.EDGE_FONT:g}" text-anchor="middle" '
            f'fill="{colour}">{escape(part)}</text>'
        )
    out.append("</g>")
    return out


def _box_svg(box: lay.Box, text: str) -> list[str]:
    lines = lay.wrap(text, lay.BOX_WRAP)
    step = lay.BOX_FONT * 1.2
    out = [
        f'<g class="institution"><rect x="{box.x - box.w / 2:.1f}" y="{box.y - box.h / 2:.1f}" width="{box.w:.1f}" '
        f'height="{box.h:.1f}" rx="6" fill="#fffdf5" stroke="#666666"/>'
    ]
    for k, part in enumerate(lines):
        y = box.y + (k - (len(lines) - 1) / 2) * step + lay.BOX_FONT * 0.35
        out.append(
            f'<text x="{box.x:.1f}" y="{y:.1f}" font-size="{lay.BOX_FONT:g}" text-anchor="middle">{escape(part)}</text>'
        )
    out.append("</g>")
    return out


def _legend_svg(g, net: Network, colours: dict, lang: str, x: float, y: float) -> list[str]:
    heading, meeting, institution = LEGEND.get(lang, LEGEND["en"])
    y += 14
    out = [
        f'<g class="legend"><text x="{x:.1f}" y="{y:.1f}" font-size="14" font-weight="bold">{escape(heading)}</text>'
    ]
    rows = [(colours[s], "", label(g, s, lang)) for s in net.subjects]
    rows += [("#555555", ' stroke-dasharray="7 5"', meeting), ("#bbbbbb", "", institution)]
    for k, (colour, dash, text) in enumerate(rows):
        yy = y + 24 + k * 22 + (12 if k >= len(net.subjects) else 0)
        width = "1.5" if colour == "#bbbbbb" else "3"
        out.append(
            f'<line x1="{x:.1f}" y1="{yy - 4:.1f}" x2="{x + 30:.1f}" y2="{yy - 4:.1f}" stroke="{colour}" '
            f'stroke-width="{width}"{dash}/>'
        )
        out.append(f'<text x="{x + 40:.1f}" y="{yy:.1f}" font-size="12">{escape(text)}</text>')
    out.append("</g>")
    return out


def parse_size(text: str) -> tuple[int, int]:
    """``"1200x800"`` -> (1200, 800).

    :raises InputError: not two positive whole numbers of at most 20,000 joined by ``x``
    """
    match = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text or "")
    if not match or not all(0 < int(v) <= 20000 for v in match.groups()):
        raise InputError(f"--size {text!r} is not WIDTHxHEIGHT in pixels (e.g. 1200x800, each 1 to 20000).")
    return int(match[1]), int(match[2])


def draw(
    kg: KnowledgeGraph,
    state: str | None = None,
    lang: str = "en",
    size: tuple[int, int] | None = None,
    engine: str = "auto",
    fmt: str = "svg",
) -> str:
    """The cooperation network as an SVG document, or its graph as DOT or GraphML text.

    :param kg: the loaded graph
    :param state: only agreements involving this state (ISO code, name or IRI); None for all
    :param lang: ``en`` or ``fr`` labels
    :param size: the SVG's width and height in pixels (the drawing is scaled to fit)
    :param engine: ``auto`` (Graphviz's dot when installed), ``dot`` or ``builtin``
    :param fmt: ``svg``, ``dot`` or ``graphml``
    :raises QueryError: the state is unknown (the message lists the known ones)
    """
    from jcgraph.query.engine import parse_value

    iri = parse_value(state, "state", kg.asserted, "--state") if state else None
    net = network(kg, iri, lang)
    if fmt == "dot":
        from jcgraph.publish.draw_formats import to_dot

        return to_dot(kg.asserted, net, lang)
    if fmt == "graphml":
        from jcgraph.publish.draw_formats import to_graphml

        return to_graphml(kg.asserted, net, lang)
    return render_svg(kg, net, lang, size, engine)


def to_png(svg: str) -> bytes:
    """Convert SVG to PNG with the optional ``cairosvg`` package.

    :raises InputError: cairosvg is not installed
    """
    try:
        import cairosvg
    except ImportError:
        raise InputError(
            "PNG output needs the cairosvg package (pip install cairosvg, which also needs the "
            "Cairo library); or write .svg."
        ) from None
    except OSError as exc:  # cairosvg installed but the Cairo library is missing
        raise InputError(f"PNG output needs the Cairo library: {exc}; or write .svg.") from None
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"))
