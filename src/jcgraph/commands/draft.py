"""``jcgraph draft``: draft Turtle from an article, for review; it never merges."""

from __future__ import annotations

import sys

from jcgraph.errors import InputError
from jcgraph.graph.loading import load
from jcgraph.io.files import emit
from jcgraph.steward.draft import draft_page
from jcgraph.steward.drafting.dates import parse_published
from jcgraph.steward.drafting.page import read_page

HELP = "draft Turtle from a news article or official page (text or saved HTML), for a steward to review"
EPILOG = """\
The draft reuses the IRIs already in the graph (as `jcgraph find` finds them), proposes new ones per
the IRI scheme, keeps dates at the precision written (a weekday alone is no date; a date worked out
from it is a claim, not asserted) and marks what it is unsure of with jc:reviewNote. Nothing is merged:
edit the draft, then `jcgraph validate FILE` and `jcgraph add FILE`.

exit codes: 0 draft written; 2 input error (unreadable page, bad --published)."""


def add_arguments(parser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("article", metavar="ARTICLE", help="a text file (url:/title:/published: header) or HTML")
    parser.add_argument("--url", help="the page's URL (default: from the page)")
    parser.add_argument("--published", metavar="DATE", help="publication date: YYYY-MM-DD, YYYY-MM or YYYY")
    parser.add_argument("--lang", choices=("fr", "en"), help="the page's language (default: guessed)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the draft here (default: stdout)")


def run(args) -> int:
    if args.published and parse_published(args.published) is None:
        raise InputError(f"--published {args.published!r} is not a date; give YYYY-MM-DD, YYYY-MM or YYYY.")
    page = read_page(args.article, url=args.url, published=args.published, lang=args.lang)
    draft = draft_page(page, load(args.root).asserted)
    emit(draft.turtle(), args.output)
    if args.output:
        print(
            f"jcgraph draft: wrote {len(draft.graph)} triples to {args.output}; review it before adding.",
            file=sys.stderr,
        )
    return 0
