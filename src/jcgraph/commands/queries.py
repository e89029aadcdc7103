"""``jcgraph queries``: list the query catalogue (name and question) and the data-quality checks."""

from __future__ import annotations

import json

from jcgraph.io.files import emit
from jcgraph.query.engine import catalogue

HELP = "list the query catalogue: name, question, parameters, inference"


def add_arguments(parser) -> None:
    parser.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the questions (default en)")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="table for people, json for tools")
    parser.add_argument("--checks", action="store_true", help="list the data-quality checks instead")


def run(args) -> int:
    entries = catalogue(args.root, checks=args.checks)
    if args.format == "json":
        doc = [
            {
                "name": e.ident,
                "file": f"queries/{'checks/' if args.checks else ''}{e.path.name}",
                "question": e.question.get(args.lang, e.question.get("en", "")),
                "parameters": [
                    {"name": p.name, "type": p.type, "example": p.example, "description": p.description}
                    for p in e.params
                ],
                "columns": e.columns,
                "inference": e.inference or "none",
            }
            for e in entries
        ]
        emit(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return 0
    width = max((len(e.ident) for e in entries), default=0)
    lines = []
    for e in entries:
        lines.append(f"{e.ident:<{width}}  {e.question.get(args.lang, e.question.get('en', ''))}")
        details = [f"{p.name}={p.example} ({p.type})" for p in e.params]
        if e.inference and e.inference != "none":
            details.append(f"inference: {e.inference}")
        if details:
            lines.append(f"{'':<{width}}    " + "; ".join(details))
    emit("\n".join(lines) + ("\n" if lines else ""))
    return 0
