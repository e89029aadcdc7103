"""Where the drawing's nodes, edges and edge labels go: Graphviz ``dot`` when installed, else our own layout.

Both layouts work in one coordinate system (points, y downwards) and return a :class:`Layout`: node
centres and sizes, one SVG path per edge, and the centre of each edge label. Labels never overlap each
other or a node: ``dot`` reserves a box of the label's size for each (the size is given to it exactly,
as a fixed-size table, so its font metrics do not matter), and our own layout places each label at the
first free spot along its curve. Text sizes are estimated generously (:func:`text_box`) so that the
rendered glyphs stay inside the boxes.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field

#: Approximate advance of one character, as a fraction of the font size (Helvetica/Arial average, rounded up).
CHAR_WIDTH = 0.6
EDGE_FONT, BOX_FONT, STATE_FONT = 10.5, 11.0, 15.0
EDGE_WRAP, BOX_WRAP = 30, 26
STATE_RING, INSTITUTION_DISTANCE = 250.0, 160.0


@dataclass
class Box:
    """An axis-aligned rectangle by its centre and size."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box, pad: float = 2.0) -> bool:
        """Whether the two boxes (each grown by ``pad``) intersect."""
        return abs(self.x - other.x) * 2 < self.w + other.w + 2 * pad and abs(self.y - other.y) * 2 < (
            self.h + other.h + 2 * pad
        )


@dataclass
class Layout:
    """The geometry of a drawing; ``width`` and ``height`` bound everything, from (0, 0)."""

    width: float
    height: float
    engine: str
    centres: dict = field(default_factory=dict)  # node -> (x, y)
    sizes: dict = field(default_factory=dict)  # node -> (w, h)
    paths: list[str] = field(default_factory=list)  # one SVG path per labelled edge, in order
    labels: list[Box] = field(default_factory=list)  # one label box per labelled edge
    links: list[str] = field(default_factory=list)  # one SVG path per (institution, state) link

    def node_box(self, node) -> Box:
        """The box a node occupies."""
        (x, y), (w, h) = self.centres[node], self.sizes[node]
        return Box(x, y, w, h)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters (one empty line for empty text)."""
    return textwrap.wrap(text, width) or [""]


def text_box(lines: list[str], size: float, padding: float = 4.0) -> tuple[float, float]:
    """The width and height that ``lines`` at font ``size`` need, with ``padding`` around."""
    return (
        max(len(line) for line in lines) * size * CHAR_WIDTH + 2 * padding,
        len(lines) * size * 1.2 + 2 * padding,
    )


def node_size(kind: str, text: str) -> tuple[float, float]:
    """A state's circle (as its bounding square) or an institution's box."""
    if kind == "state":
        w, _ = text_box([text], STATE_FONT, 10)
        diameter = max(96.0, w)
        return diameter, diameter
    return text_box(wrap(text, BOX_WRAP), BOX_FONT, 8)


def dot_available() -> bool:
    """Whether Graphviz's ``dot`` program is on PATH."""
    return shutil.which("dot") is not None


# ---- Graphviz --------------------------------------------------------------------------------------


def layout_dot(nodes: list, kinds: dict, sizes: dict, edges: list, links: list, label_sizes: list) -> Layout:
    """Lay out with ``dot -Tjson``: nodes and label boxes of the given sizes, undirected, left to right.

    :param nodes: node keys, in a stable order
    :param kinds: node -> ``state`` or ``institution``
    :param sizes: node -> (w, h) in points
    :param edges: (a, b) per labelled edge
    :param links: (institution, state) pairs, unlabelled
    :param label_sizes: (w, h) per labelled edge
    :raises RuntimeError: dot failed (the caller falls back to our own layout)
    """
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}
    lines = ["graph G {", "  graph [rankdir=LR, nodesep=0.35, ranksep=0.8, pad=0.3, splines=true];"]
    for node in nodes:
        w, h = sizes[node]
        shape = "circle" if kinds[node] == "state" else "box"
        lines.append(
            f'  {ids[node]} [shape={shape}, fixedsize=true, width={w / 72:.4f}, height={h / 72:.4f}, label=""];'
        )
    for k, ((a, b), (w, h)) in enumerate(zip(edges, label_sizes, strict=True)):
        table = (
            f'<<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR><TD FIXEDSIZE="TRUE" WIDTH="{w:.0f}" '
            f'HEIGHT="{h:.0f}"> </TD></TR></TABLE>>'
        )
        lines.append(f'  {ids[a]} -- {ids[b]} [id="e{k}", label={table}];')
    for k, (a, b) in enumerate(links):
        lines.append(f'  {ids[a]} -- {ids[b]} [id="l{k}", weight=4, len=0.5];')
    lines.append("}")
    try:
        done = subprocess.run(
            ["dot", "-Tjson"], input="\n".join(lines), capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RuntimeError(f"dot did not run: {exc}") from None
    if done.returncode != 0:
        raise RuntimeError(f"dot failed: {done.stderr.strip()[:300]}")
    result = json.loads(done.stdout)
    _, _, width, height = (float(v) for v in result["bb"].split(","))
    flip = lambda x, y: (float(x), height - float(y))  # noqa: E731 - Graphviz's y grows upwards
    layout = Layout(width, height, "dot")
    by_name = {ids[n]: n for n in nodes}
    for obj in result.get("objects", []):
        node = by_name.get(obj.get("name"))
        if node is not None:
            layout.centres[node] = flip(*obj["pos"].split(","))
            layout.sizes[node] = sizes[node]
    paths, labels, link_paths = {}, {}, {}
    for edge in result.get("edges", []):
        ident = edge.get("id", "")
        points = [flip(*p.split(",")) for p in edge["pos"].split() if not p.startswith(("e,", "s,"))]
        d = f"M {points[0][0]:.1f} {points[0][1]:.1f} " + " ".join(
            "C " + " ".join(f"{x:.1f} {y:.1f}" for x, y in points[i : i + 3]) for i in range(1, len(points) - 2, 3)
        )
        if ident.startswith("e"):
            k = int(ident[1:])
            paths[k] = d
            lx, ly = flip(*edge["lp"].split(","))
            labels[k] = Box(lx, ly, *label_sizes[k])
        elif ident.startswith("l"):
            link_paths[int(ident[1:])] = d
    layout.paths = [paths[k] for k in range(len(edges))]
    layout.labels = [labels[k] for k in range(len(edges))]
    layout.links = [link_paths[k] for k in range(len(links))]
    return layout


# ---- our own ---------------------------------------------------------------------------------------


def layout_builtin(
    states: list, institutions: dict, sizes: dict, edges: list, links: list, label_sizes: list
) -> Layout:
    """States on a circle, institutions outside their state, curved edges, labels placed where they fit.

    :param states: the states, in a stable order
    :param institutions: institution -> its state
    """
    centres: dict = {}
    n = max(len(states), 1)
    ring = STATE_RING if n > 1 else 0.0
    for i, state in enumerate(states):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        centres[state] = (ring * math.cos(angle), ring * math.sin(angle))
    for state in states:
        members = [i for i, s in institutions.items() if s == state]
        sx, sy = centres[state]
        base = math.atan2(sy, sx) if ring else math.pi / 2
        for j, institution in enumerate(members):
            angle = base + (j - (len(members) - 1) / 2) * math.radians(40)
            centres[institution] = (
                sx + INSTITUTION_DISTANCE * math.cos(angle),
                sy + INSTITUTION_DISTANCE * math.sin(angle),
            )
    curves = _curves(edges, centres)
    obstacles = [Box(*centres[node], *sizes[node]) for node in centres]
    labels = []
    for (p0, c, p2), (w, h) in zip(curves, label_sizes, strict=True):
        box = _free_spot(p0, c, p2, w, h, obstacles)
        labels.append(box)
        obstacles.append(box)
    # shift everything so that the drawing starts at (margin, margin)
    boxes = obstacles
    margin = 20.0
    left = min(b.x - b.w / 2 for b in boxes) - margin
    top = min(b.y - b.h / 2 for b in boxes) - margin
    right = max(b.x + b.w / 2 for b in boxes) + margin
    bottom = max(b.y + b.h / 2 for b in boxes) + margin
    moved = lambda x, y: (x - left, y - top)  # noqa: E731
    layout = Layout(right - left, bottom - top, "jcgraph")
    layout.centres = {node: moved(*xy) for node, xy in centres.items()}
    layout.sizes = {node: sizes[node] for node in centres}
    layout.paths = [_quadratic(moved(*p0), moved(*c), moved(*p2)) for p0, c, p2 in curves]
    layout.labels = [Box(*moved(b.x, b.y), b.w, b.h) for b in labels]
    layout.links = [_quadratic(moved(*centres[a]), moved(*centres[a]), moved(*centres[b])) for a, b in links]
    return layout


def _curves(edges: list, centres: dict) -> list[tuple]:
    """A quadratic Bézier (start, control, end) per edge; parallel edges bend apart."""
    groups: dict[tuple, list[int]] = {}
    for k, (a, b) in enumerate(edges):
        groups.setdefault(tuple(sorted((str(a), str(b)))), []).append(k)
    curves: list = [None] * len(edges)
    for members in groups.values():
        for rank, k in enumerate(members):
            a, b = sorted(edges[k], key=str)
            (x0, y0), (x2, y2) = centres[a], centres[b]
            offset = (rank - (len(members) - 1) / 2) * 200
            length = math.hypot(x2 - x0, y2 - y0) or 1.0
            nx, ny = -(y2 - y0) / length, (x2 - x0) / length
            curves[k] = ((x0, y0), ((x0 + x2) / 2 + offset * nx, (y0 + y2) / 2 + offset * ny), (x2, y2))
    return curves


def _point(p0, c, p2, t: float) -> tuple[float, float]:
    u = 1 - t
    return (u * u * p0[0] + 2 * u * t * c[0] + t * t * p2[0], u * u * p0[1] + 2 * u * t * c[1] + t * t * p2[1])


def _free_spot(p0, c, p2, w: float, h: float, obstacles: list[Box]) -> Box:
    """The first spot along the curve, then beside it, where a ``w`` × ``h`` label overlaps nothing."""
    for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74):
        x, y = _point(p0, c, p2, t)
        for shift in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6):
            candidate = Box(x, y + shift * (h / 2 + 4), w, h)
            if not any(candidate.overlaps(o) for o in obstacles):
                return candidate
    # nowhere free near the curve: below everything placed so far, so it still overlaps nothing
    bottom = max((o.y + o.h / 2 for o in obstacles), default=0.0)
    return Box(_point(p0, c, p2, 0.5)[0], bottom + h / 2 + 6, w, h)


def _quadratic(p0, c, p2) -> str:
    return f"M {p0[0]:.1f} {p0[1]:.1f} Q {c[0]:.1f} {c[1]:.1f} {p2[0]:.1f} {p2[1]:.1f}"
