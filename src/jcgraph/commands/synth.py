"""``jcgraph synth``: write a synthetic graph of the shipped data's shape, for benchmarks and scale tests."""

from __future__ import annotations

import sys

from jcgraph.tools.synth import generate

HELP = "write a seeded synthetic graph (about 45 triples per agreement), optionally with planted violations"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--agreements",
        type=int,
        required=True,
        metavar="N",
        help="number of agreements (22,000 gives about a million triples)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives identical files")
    parser.add_argument(
        "--violations",
        type=int,
        default=0,
        metavar="K",
        help="plant K known violations, listed in DIR/planted-violations.json",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR",
        help="folder to write (data/ is replaced; ontology/ is copied so --root DIR works)",
    )


def run(args) -> int:
    summary = generate(
        args.output, args.agreements, seed=args.seed, violations=args.violations, ontology_from=args.root
    )
    print(
        f"{summary.triples:,} triples in {len(summary.files)} files under {summary.directory / 'data'}"
        + (f"; {len(summary.planted)} planted violations" if summary.planted else ""),
        file=sys.stdout,
    )
    return 0
