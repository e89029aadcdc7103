"""``jcgraph stats``: counts of triples and of things of each kind."""

from __future__ import annotations

import json

from ..fsutil import emit
from ..graph import load
from ..infer import MODES
from ..stats import stats

HELP = "count triples, states, institutions, persons, agreements, events, sources"


def add_arguments(parser) -> None:
    parser.add_argument("--inference", choices=MODES, default="none", help="also count inferred triples")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args) -> int:
    counts = stats(load(args.root), args.inference)
    if args.format == "json":
        emit(json.dumps(counts, indent=2) + "\n")
    else:
        width = max(map(len, counts))
        emit("".join(f"{name:<{width}}  {value:>8,}\n" for name, value in counts.items()))
    return 0
