"""Time `jcgraph report`, `validate` and `query legal-bases` on the shipped graph, on both engines.

The shipped graph passes 512 KB with the UNTC participation nodes, so `auto` picks the pyoxigraph store;
JCGRAPH_BACKEND=rdflib forces the in-memory path. Each command runs as a whole process (best of N), and
the two engines' outputs are compared. Usage: python bench/shipped.py [--root DIR] [--repeat 3] [-o FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = {
    "report": ["report"],
    "report --state MAR": ["report", "--state", "MAR"],
    "validate": ["validate", "--format", "json"],
    "legal-bases MAR-KEN extradition": [
        "query",
        "legal-bases",
        "-p",
        "state1=Morocco",
        "-p",
        "state2=Kenya",
        "-p",
        "subject=extradition",
        "-f",
        "csv",
    ],
    "legal-bases MAR-KAZ": ["query", "legal-bases", "-p", "state1=Morocco", "-p", "state2=Kazakhstan", "-f", "csv"],
}


def run(args: list[str], root: Path, backend: str) -> tuple[float, bytes, int]:
    env = {**os.environ, "JCGRAPH_BACKEND": backend}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "jcgraph", *args, "--root", str(root)], env=env, capture_output=True, timeout=600
    )
    return time.perf_counter() - start, done.stdout, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("-o", "--output", default=str(Path(__file__).with_name("results-shipped.md")))
    args = parser.parse_args()
    root = Path(args.root)
    size = sum(p.stat().st_size for p in (root / "data").rglob("*.ttl"))
    lines = [
        "# The shipped graph on both engines",
        "",
        f"data/ holds {size / 1024:,.0f} KB of Turtle. Whole process, best of {args.repeat}; "
        "`same` compares the two engines' outputs byte for byte.",
        "",
        "| command | oxigraph store (s) | rdflib (s) | exit | same |",
        "|---|---|---|---|---|",
    ]
    for name, command in COMMANDS.items():
        results = {}
        for backend in ("oxigraph", "rdflib"):
            runs = [run(command, root, backend) for _ in range(args.repeat)]
            results[backend] = (min(r[0] for r in runs), runs[0][1], runs[0][2])
        same = hashlib.sha256(results["oxigraph"][1]).digest() == hashlib.sha256(results["rdflib"][1]).digest()
        codes = f"{results['oxigraph'][2]}/{results['rdflib'][2]}"
        lines.append(f"| `{name}` | {results['oxigraph'][0]:.2f} | {results['rdflib'][0]:.2f} | {codes} | {same} |")
        print(lines[-1], flush=True)
    Path(args.output).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
