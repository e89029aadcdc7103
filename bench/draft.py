"""Precision and recall of ``jcgraph draft`` against the gold readings in tests/gold/, per fact kind.

Drafted and gold nodes are matched by content, never by IRI: an agreement by its form, subjects and
parties; a date by value and datatype; a place by any label; a signatory by any normalised name and
whom they signed for; a post by IRI or label; a source by its URL, publisher, dates and language.

    python bench/draft.py [--articles ../shared/sources/articles] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SDO, SKOS, XSD

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from jcgraph.graph.loading import load  # noqa: E402
from jcgraph.namespaces import JC  # noqa: E402
from jcgraph.steward.draft import draft_page  # noqa: E402
from jcgraph.steward.drafting.page import read_page  # noqa: E402
from jcgraph.steward.find import normalise  # noqa: E402

KINDS = ("states", "agreements", "dates", "places", "signatories", "posts", "sources")
DATE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear, XSD.gMonthDay, XSD.dateTime}
SOURCE_DATE_PROPERTIES = {DCTERMS.issued, JC.retrievedOn, JC.asOf, JC.statusAsOf}
FORMS = (JC.AdditionalProtocol, JC.MemorandumOfUnderstanding, JC.Convention)


def names(graph: Graph, node) -> frozenset[str]:
    """The normalised labels of a node, and its local name, as alternative keys."""
    keys = {normalise(str(v)) for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel) for v in graph.objects(node, p)}
    keys.add(normalise(str(node).rsplit("/", 1)[-1]))
    return frozenset(k for k in keys if k)


def state_of(graph: Graph, actor) -> URIRef:
    """A state for itself; an institution for its state (``jc:ofState``), so both sides compare alike."""
    return next(iter(graph.objects(actor, JC.ofState)), actor)


def facts(graph: Graph) -> dict[str, list[frozenset]]:
    """Every fact of every kind, each as a set of alternative keys (a fact matches if one key is shared)."""
    out: dict[str, list[frozenset]] = defaultdict(list)
    agreements = {a for a in graph.subjects(JC.subject, None)} | set(graph.subjects(JC.stateParty, None))
    agreements |= set(graph.subjects(JC.institutionParty, None))
    states = set()
    for agreement in agreements:
        parties = frozenset(
            state_of(graph, p) for prop in (JC.stateParty, JC.institutionParty) for p in graph.objects(agreement, prop)
        )
        states |= parties
        types = set(graph.objects(agreement, RDF.type))
        form = next((f for f in FORMS if f in types), JC.Agreement)
        subjects = frozenset(graph.objects(agreement, JC.subject))
        out["agreements"].append(frozenset({(form, subjects, parties)}))
    for actor in graph.objects(None, JC.participatingActor):
        states.add(actor)
    out["states"] = [frozenset({s}) for s in states]
    dates = {
        (str(o), o.datatype)
        for s, p, o in graph
        if isinstance(o, Literal) and o.datatype in DATE_TYPES and p not in SOURCE_DATE_PROPERTIES
    }
    out["dates"] = [frozenset({d}) for d in dates]
    out["places"] = [names(graph, p) for p in set(graph.objects(None, JC.place))]
    for signature in set(graph.subjects(RDF.type, JC.Signature)):
        behalf = frozenset(state_of(graph, b) for b in graph.objects(signature, JC.onBehalfOf))
        for signer in graph.objects(signature, JC.signer):
            out["signatories"].append(frozenset((n, behalf) for n in names(graph, signer)))
        for post in graph.objects(signature, JC.inCapacityOf):
            out["posts"].append(names(graph, post) | {post})
    for source in set(graph.subjects(SDO.url, None)):
        for prop in (SDO.url, DCTERMS.publisher, DCTERMS.issued, JC.retrievedOn, DCTERMS.language):
            for value in graph.objects(source, prop):
                # a publisher by its name without spaces: a slug made from a domain cannot know word breaks
                key = (
                    normalise(str(value).rsplit("/", 1)[-1]).replace(" ", "")
                    if prop == DCTERMS.publisher
                    else str(value)
                )
                out["sources"].append(frozenset({(prop, key)}))
    return out


def score(drafted: list[frozenset], gold: list[frozenset]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives), matching each gold fact at most once."""
    unused = list(gold)
    tp = 0
    for fact in drafted:
        hit = next((g for g in unused if fact & g), None)
        if hit is not None:
            unused.remove(hit)
            tp += 1
    return tp, len(drafted) - tp, len(unused)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default=str(REPO.parent / "shared" / "sources" / "articles"))
    parser.add_argument("--gold", default=str(REPO / "tests" / "gold"))
    parser.add_argument("--verbose", action="store_true", help="print the misses of every page")
    args = parser.parse_args(argv)
    articles = Path(args.articles)
    if not articles.is_dir() and Path("/work/shared/sources/articles").is_dir():
        articles = Path("/work/shared/sources/articles")
    context = load(REPO).asserted
    totals = {kind: [0, 0, 0] for kind in KINDS}
    golds = sorted(Path(args.gold).glob("*.ttl"))
    for gold_path in golds:
        page_path = articles / f"{gold_path.stem}.txt"
        if not page_path.exists():
            continue
        gold = Graph().parse(gold_path)
        drafted = Graph().parse(data=draft_page(read_page(page_path), context).turtle(), format="turtle")
        gold_facts, drafted_facts = (
            facts(gold + context_for(context, gold)),
            facts(drafted + context_for(context, drafted)),
        )
        for kind in KINDS:
            tp, fp, fn = score(drafted_facts[kind], gold_facts[kind])
            for i, n in enumerate((tp, fp, fn)):
                totals[kind][i] += n
            if args.verbose and (fp or fn):
                print(f"{gold_path.stem} {kind}: tp {tp} fp {fp} fn {fn}")
                print("   drafted:", sorted(map(_show, drafted_facts[kind])))
                print("   gold:   ", sorted(map(_show, gold_facts[kind])))
    print(f"{len(golds)} gold pages\n")
    print(f"| {'kind':<12} | {'tp':>4} | {'fp':>4} | {'fn':>4} | precision | recall |")
    print(f"|{'-' * 14}|{'-' * 6}|{'-' * 6}|{'-' * 6}|-----------|--------|")
    for kind, (tp, fp, fn) in totals.items():
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        print(f"| {kind:<12} | {tp:>4} | {fp:>4} | {fn:>4} | {precision:>9.2f} | {recall:>6.2f} |")
    return 0


def context_for(context: Graph, graph: Graph) -> Graph:
    """The labels and ``jc:ofState`` of the existing nodes ``graph`` points to, so keys can be computed."""
    extra = Graph()
    for node in set(graph.objects()) | set(graph.subjects()):
        if isinstance(node, URIRef):
            for prop in (RDFS.label, SKOS.altLabel, JC.ofState):
                for value in context.objects(node, prop):
                    extra.add((node, prop, value))
    return extra


def _show(fact: frozenset) -> str:
    return min(str(k) for k in fact)[:110]


if __name__ == "__main__":
    raise SystemExit(main())
