"""A picture of the cooperation network, written as SVG from Python (no system dependency).

States sit on a circle, each state's institutions just outside it; agreements are curved edges
between their parties (states, or institutions for inter-agency memoranda), meetings that implement
an agreement are dashed edges between the participants' institutions. Edges are coloured by the
agreement's most distinctive subject, with a legend. The layout is computed, so the same graph
always gives the same bytes. PNG goes through the optional ``cairosvg`` package.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from rdflib import URIRef

from jcgraph.errors import InputError
from jcgraph.labels import label
from jcgraph.query.sparql import select

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph

WIDTH, HEIGHT = 1280, 900
CENTRE = (520.0, 460.0)
STATE_RING = 240.0
INSTITUTION_DISTANCE = 150.0
#: Colour-blind-safe palette (Okabe–Ito), assigned to subjects in label order.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
TITLES = {"en": "Judicial cooperation network", "fr": "Réseau de coopération judiciaire"}
LEGEND = {
    "en": ("Agreement subject", "meeting implementing an agreement", "institution of a state"),
    "fr": ("Objet de l'accord", "réunion mettant en œuvre un accord", "institution d'un État"),
}


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


def network(kg: KnowledgeGraph, state: URIRef | None = None, lang: str = "en") -> Network:
    """Collect the agreements (and the meetings implementing them), optionally only those of ``state``."""
    g = kg.asserted
    parties: dict[URIRef, list[URIRef]] = {}
    for row in select(kg, "SELECT ?a ?p WHERE { ?a jc:stateParty|jc:institutionParty ?p } ORDER BY ?a ?p"):
        parties.setdefault(row["a"], []).append(row["p"])
    state_of = {r["i"]: r["s"] for r in select(kg, "SELECT ?i ?s WHERE { ?i jc:ofState ?s } ORDER BY ?i")}
    agreements = sorted(
        a for a, ps in parties.items() if len(ps) >= 2 and (state is None or state in {state_of.get(p, p) for p in ps})
    )
    subject_use: dict[URIRef, int] = {}
    subjects_of: dict[URIRef, list[URIRef]] = {}
    for agreement in agreements:
        rows = select(kg, f"SELECT ?s WHERE {{ <{agreement}> jc:subject ?s }} ORDER BY ?s")
        subjects_of[agreement] = [r["s"] for r in rows]
        for s in subjects_of[agreement]:
            subject_use[s] = subject_use.get(s, 0) + 1
    net = Network()
    for agreement in agreements:
        # the rarest subject says most about the agreement (shared ones like information exchange say least)
        main = min(subjects_of[agreement], key=lambda s: (subject_use[s], label(g, s, lang)), default=None)
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


def render_svg(kg: KnowledgeGraph, net: Network, lang: str = "en") -> str:
    """Lay the network out and write it as a standalone SVG document."""
    g = kg.asserted
    pos = _layout(net)
    colours = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(net.subjects)}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Helvetica, Arial, sans-serif">',
        f"<title>{escape(TITLES.get(lang, TITLES['en']))}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="24" y="36" font-size="22" font-weight="bold">{escape(TITLES.get(lang, TITLES["en"]))}</text>',
    ]
    for institution, state in net.institutions.items():
        (x1, y1), (x2, y2) = pos[institution], pos[state]
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#bbbbbb" stroke-width="1.5"/>'
        )
    for (a, b), edges in _grouped(net.edges).items():
        for k, edge in enumerate(edges):
            out += _edge_svg(pos[a], pos[b], (k - (len(edges) - 1) / 2) * 100, edge, colours.get(edge.subject, "#777"))
    for state in net.states:
        x, y = pos[state]
        out.append(
            f'<g class="state"><circle cx="{x:.1f}" cy="{y:.1f}" r="48" fill="#f2f2f2" stroke="#333333" '
            f'stroke-width="2"/><text x="{x:.1f}" y="{y + 5:.1f}" font-size="15" font-weight="bold" '
            f'text-anchor="middle">{escape(label(g, state, lang))}</text></g>'
        )
    for institution in net.institutions:
        out += _box_svg(pos[institution], label(g, institution, lang))
    out += _legend_svg(g, net, colours, lang)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _grouped(edges: list[Edge]) -> dict[tuple[URIRef, URIRef], list[Edge]]:
    groups: dict[tuple[URIRef, URIRef], list[Edge]] = {}
    for edge in edges:
        a, b = sorted((edge.a, edge.b))
        groups.setdefault((a, b), []).append(Edge(a, b, edge.text, edge.subject, edge.dashed))
    return groups


def _layout(net: Network) -> dict[URIRef, tuple[float, float]]:
    cx, cy = CENTRE
    pos: dict[URIRef, tuple[float, float]] = {}
    n = max(len(net.states), 1)
    ring = STATE_RING if n > 1 else 0.0
    for i, state in enumerate(net.states):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        pos[state] = (cx + ring * math.cos(angle), cy + ring * math.sin(angle))
    for state in net.states:
        members = [i for i, s in net.institutions.items() if s == state]
        sx, sy = pos[state]
        base = math.atan2(sy - cy, sx - cx) if ring else math.pi / 2
        for j, institution in enumerate(members):
            angle = base + (j - (len(members) - 1) / 2) * math.radians(38)
            pos[institution] = (
                sx + INSTITUTION_DISTANCE * math.cos(angle),
                sy + INSTITUTION_DISTANCE * math.sin(angle),
            )
    return pos


def _edge_svg(p0, p2, offset: float, edge: Edge, colour: str) -> list[str]:
    (x0, y0), (x2, y2) = p0, p2
    mx, my = (x0 + x2) / 2, (y0 + y2) / 2
    length = math.hypot(x2 - x0, y2 - y0) or 1.0
    nx, ny = -(y2 - y0) / length, (x2 - x0) / length  # unit normal
    cx, cy = mx + 2 * offset * nx, my + 2 * offset * ny  # control point; the curve peaks at half of it
    lx, ly = 0.25 * x0 + 0.5 * cx + 0.25 * x2, 0.25 * y0 + 0.5 * cy + 0.25 * y2
    dash = ' stroke-dasharray="7 5"' if edge.dashed else ""
    lines = [
        f'<g class="edge"><path d="M {x0:.1f} {y0:.1f} Q {cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}" fill="none" '
        f'stroke="{colour}" stroke-width="3"{dash}/>'
    ]
    wrapped = textwrap.wrap(edge.text, 30) or [""]
    for k, part in enumerate(wrapped):
        y = ly + (k - (len(wrapped) - 1) / 2) * 12 + 4
        # a white halo first, then the text: readable over lines in every renderer
        for paint in ('fill="#ffffff" stroke="#ffffff" stroke-width="3"', f'fill="{colour}"'):
            lines.append(
                f'<text x="{lx:.1f}" y="{y:.1f}" font-size="10.5" text-anchor="middle" {paint}>{escape(part)}</text>'
            )
    lines.append("</g>")
    return lines


def _box_svg(centre, text: str) -> list[str]:
    x, y = centre
    wrapped = textwrap.wrap(text, 26) or [""]
    width = max(len(line) for line in wrapped) * 6.4 + 16
    height = len(wrapped) * 13 + 10
    out = [
        f'<g class="institution"><rect x="{x - width / 2:.1f}" y="{y - height / 2:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}" rx="6" fill="#fffdf5" stroke="#666666"/>'
    ]
    for k, part in enumerate(wrapped):
        ty = y - height / 2 + 17 + k * 13
        out.append(f'<text x="{x:.1f}" y="{ty:.1f}" font-size="11" text-anchor="middle">{escape(part)}</text>')
    out.append("</g>")
    return out


def _legend_svg(g, net: Network, colours: dict, lang: str) -> list[str]:
    heading, meeting, institution = LEGEND.get(lang, LEGEND["en"])
    x, y = WIDTH - 340, 80
    out = [f'<g class="legend"><text x="{x}" y="{y}" font-size="14" font-weight="bold">{escape(heading)}</text>']
    for k, subject in enumerate(net.subjects):
        yy = y + 24 + k * 22
        out.append(
            f'<line x1="{x}" y1="{yy - 4}" x2="{x + 30}" y2="{yy - 4}" stroke="{colours[subject]}" stroke-width="3"/>'
        )
        out.append(f'<text x="{x + 40}" y="{yy}" font-size="12">{escape(label(g, subject, lang))}</text>')
    yy = y + 24 + len(net.subjects) * 22 + 12
    out.append(
        f'<line x1="{x}" y1="{yy - 4}" x2="{x + 30}" y2="{yy - 4}" stroke="#555555" stroke-width="3" '
        'stroke-dasharray="7 5"/>'
    )
    out.append(f'<text x="{x + 40}" y="{yy}" font-size="12">{escape(meeting)}</text>')
    yy += 22
    out.append(f'<line x1="{x}" y1="{yy - 4}" x2="{x + 30}" y2="{yy - 4}" stroke="#bbbbbb" stroke-width="1.5"/>')
    out.append(f'<text x="{x + 40}" y="{yy}" font-size="12">{escape(institution)}</text></g>')
    return out


def draw(kg: KnowledgeGraph, state: str | None = None, lang: str = "en") -> str:
    """The cooperation network as an SVG document.

    :param kg: the loaded graph
    :param state: only agreements involving this state (ISO code, name or IRI); None for all
    :param lang: ``en`` or ``fr`` labels
    :raises QueryError: the state is unknown (the message lists the known ones)
    """
    from jcgraph.query.engine import parse_value

    iri = parse_value(state, "state", kg.asserted, "--state") if state else None
    return render_svg(kg, network(kg, iri, lang), lang)


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
