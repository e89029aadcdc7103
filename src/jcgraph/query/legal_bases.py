"""The legal bases two states can cooperate on: the catalogue query ``legal-bases`` as a library call.

Every instrument that can serve: the bilateral agreements between the two with their status, the
multilateral conventions both take part in (each party's consent date and kind, the article on the
subject where a provision gives it), and those one of them has only signed (``signed_only`` says who).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from jcgraph.graph.loading import KnowledgeGraph

QUERY = "legal-bases"


@dataclass(frozen=True)
class LegalBasis:
    """One instrument that can serve between two states."""

    kind: str  # "bilateral" or "multilateral"
    instrument: URIRef
    label: str
    articles: tuple[str, ...] = ()
    status: tuple[URIRef | None, URIRef | None] = (None, None)  # for state1, for state2
    consent: tuple[Literal | None, Literal | None] = (None, None)
    consent_kind: tuple[URIRef | None, URIRef | None] = (None, None)
    signed_only: str | None = None  # "state1", "state2" or "both": flagged
    status_as_of: Literal | None = None
    extra: dict = field(default_factory=dict, compare=False)


def legal_bases(kg: KnowledgeGraph, state1, state2, subject=None, on=None) -> list[LegalBasis]:
    """Every instrument that can serve as a legal basis between ``state1`` and ``state2``.

    :param kg: the loaded graph
    :param state1: a state: IRI, ISO code or English/French name (as ``-p state1=`` takes)
    :param state2: the other state
    :param subject: a cooperation area (``extradition``, ``mutual-legal-assistance``,
        ``transfer-of-sentenced-persons`` or its IRI); None for every instrument
    :param on: the date of the status (``YYYY-MM-DD``); None: the date each source's data is as of
    :returns: one entry per instrument (its articles on the subject gathered), bilateral first
    """
    from jcgraph.query.engine import find, query

    params = {"state1": state1, "state2": state2, **_options(subject, on)}
    result = query(find(QUERY, kg.root), params, kg=kg)
    return _merged(result.dicts())


def legal_bases_of_pairs(kg: KnowledgeGraph, pairs, subject=None, on=None) -> dict[tuple, list[LegalBasis]]:
    """:func:`legal_bases` of many pairs of states (IRIs), a few pairs a query instead of one.

    The catalogue query with the pairs as rows of a ``VALUES`` block and the two states added to its
    answer, split by pair (``jcgraph report`` asks for every relation of the shipped graph: 35 queries
    on the store took 7 s, five 1.5 s).

    :param pairs: ``(state1, state2)`` IRIs
    :returns: each pair's legal bases, as :func:`legal_bases` gives them
    """
    from jcgraph.query.engine import find, query

    pairs = [(URIRef(a), URIRef(b)) for a, b in pairs]
    distinct = sorted(set(pairs))
    answers: dict[tuple, list[dict]] = {pair: [] for pair in distinct}
    entry = find(QUERY, kg.root)
    params = _options(subject, on)
    # a few pairs a query: each stays well within the default time limit on the rdflib engine too
    for start in range(0, len(distinct), PAIRS_PER_QUERY):
        for row in query(_batch(entry, distinct[start : start + PAIRS_PER_QUERY]), params, kg=kg).dicts():
            answers.setdefault((row.pop("state1"), row.pop("state2")), []).append(row)
    return {pair: _merged(answers[pair]) for pair in pairs}


def _options(subject, on) -> dict:
    """The query's ``subject`` and ``on`` parameters, when given."""
    params = {}
    if subject is not None:
        params["subject"] = subject if isinstance(subject, (URIRef, Literal)) else str(subject)
    if on is not None:
        params["on"] = str(on)
    return params


#: Pairs of states asked for in one query by :func:`legal_bases_of_pairs`.
PAIRS_PER_QUERY = 8


def _batch(entry, pairs: list[tuple]):
    """The legal-bases query with ``pairs`` as rows of a VALUES block and the two states in its answer."""
    from dataclasses import replace

    from jcgraph.io.results import nt_term

    text = entry.text.replace("SELECT DISTINCT ?kind ", "SELECT DISTINCT ?state1 ?state2 ?kind ", 1)
    if "?state1 ?state2 ?kind" not in text:
        raise RuntimeError("the legal-bases query changed shape: update jcgraph.query.legal_bases._batch")
    where = text.index("WHERE {", text.index("SELECT DISTINCT ?state1")) + len("WHERE {")
    rows = " ".join(f"({nt_term(a)} {nt_term(b)})" for a, b in pairs)
    text = text[:where] + f" VALUES (?state1 ?state2) {{ {rows} }}" + text[where:]
    return replace(entry, text=text, params=[p for p in entry.params if p.name not in ("state1", "state2")])


def _merged(rows) -> list[LegalBasis]:
    """One :class:`LegalBasis` per instrument of the query's rows (their articles gathered), bilateral first."""
    merged: dict[URIRef, LegalBasis] = {}
    for row in rows:
        instrument = row["instrument"]
        article = row.get("article")
        known = merged.get(instrument)
        if known is not None:
            if article is not None and str(article) not in known.articles:
                articles = tuple(sorted({*known.articles, str(article)}, key=_article_key))
                merged[instrument] = _replace(known, articles)
            continue
        merged[instrument] = LegalBasis(
            kind=str(row["kind"]),
            instrument=instrument,
            label=str(row.get("label", instrument)),
            articles=(str(article),) if article is not None else (),
            status=(row.get("status1"), row.get("status2")),
            consent=(row.get("consentDate1"), row.get("consentDate2")),
            consent_kind=(row.get("consentKind1"), row.get("consentKind2")),
            signed_only=str(row["signedOnly"]) if "signedOnly" in row else None,
            status_as_of=row.get("statusAsOf"),
        )
    return sorted(merged.values(), key=lambda b: (b.kind != "bilateral", b.label, str(b.instrument)))


def _article_key(text: str) -> tuple:
    return (int(text), "") if text.isdigit() else (10**9, text)


def _replace(basis: LegalBasis, articles: tuple[str, ...]) -> LegalBasis:
    from dataclasses import replace

    return replace(basis, articles=articles)
