"""``jcgraph draw``: a picture of the cooperation network (SVG, PNG with cairosvg), or its graph as DOT or GraphML."""

from __future__ import annotations

from pathlib import Path

from jcgraph.errors import InputError
from jcgraph.graph.loading import load
from jcgraph.io.files import emit
from jcgraph.publish.draw import LAYOUTS, draw, parse_size, to_png

HELP = "draw the cooperation network (states, institutions, agreements, meetings) as SVG or PNG, or export DOT/GraphML"
FORMATS = ("svg", "png", "dot", "graphml")
EXTENSIONS = {".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot", ".graphml": "graphml"}


def add_arguments(parser) -> None:
    parser.add_argument("--state", metavar="ISO", help="only the agreements of this state (ISO code, name or IRI)")
    parser.add_argument("--lang", choices=("en", "fr"), default="en", help="language of labels (default en)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        required=True,
        help="FILE.svg, .png (needs cairosvg), .dot/.gv or .graphml; - writes to stdout (SVG unless -f says)",
    )
    parser.add_argument(
        "-f", "--format", choices=FORMATS, help="svg, png, dot or graphml (default: from the file's extension)"
    )
    parser.add_argument("--size", metavar="WxH", help="the picture's size in pixels, e.g. 1600x1000 (scaled to fit)")
    parser.add_argument(
        "--layout",
        choices=LAYOUTS,
        default="auto",
        help="auto: Graphviz's dot when installed, else builtin (default); dot; builtin: jcgraph's own",
    )


def run(args) -> int:
    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower() if args.output != "-" else ".svg"
        fmt = EXTENSIONS.get(suffix)
        if fmt is None:
            raise InputError(
                f"cannot tell the format from {args.output!r}; name the file .svg, .png, .dot, .gv or .graphml, "
                "or pass -f svg|png|dot|graphml."
            )
    size = parse_size(args.size) if args.size else None
    text = draw(load(args.root), args.state, args.lang, size, args.layout, "svg" if fmt == "png" else fmt)
    emit(to_png(text) if fmt == "png" else text, args.output)
    return 0
