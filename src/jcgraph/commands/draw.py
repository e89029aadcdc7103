"""``jcgraph draw``: a picture of the cooperation network, as SVG (or PNG with cairosvg)."""

from __future__ import annotations

from pathlib import Path

from jcgraph.errors import InputError
from jcgraph.graph.loading import load
from jcgraph.io.files import emit
from jcgraph.publish.draw import draw, to_png

HELP = "draw the cooperation network (states, institutions, agreements, meetings) as SVG or PNG"


def add_arguments(parser) -> None:
    parser.add_argument("--state", metavar="ISO", help="only the agreements of this state (ISO code, name or IRI)")
    parser.add_argument("--lang", choices=("en", "fr"), default="en", help="language of labels (default en)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        required=True,
        help="FILE.svg or FILE.png (PNG needs cairosvg); - writes SVG to stdout",
    )


def run(args) -> int:
    suffix = Path(args.output).suffix.lower() if args.output != "-" else ".svg"
    if suffix not in (".svg", ".png"):
        raise InputError(f"cannot tell the picture format from {args.output!r}; name the file .svg or .png.")
    svg = draw(load(args.root), args.state, args.lang)
    emit(to_png(svg) if suffix == ".png" else svg, args.output)
    return 0
