"""``jcgraph stats``: counts of triples and of things of each kind."""

from __future__ import annotations

import json

from jcgraph.backends.memory.infer import MODES
from jcgraph.graph.loading import load
from jcgraph.io.files import emit
from jcgraph.query.stats import stats

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
