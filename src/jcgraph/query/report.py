"""The main job: a readable overview of every bilateral relation in the graph.

Each relation lists its parties, its agreements (form, subjects, parties, signing with date, place
and signatories, later steps), its events in date order, the crime domains it covers, and for every
line the sources that state it, as numbered references.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from jcgraph.labels import label
from jcgraph.query.legal_bases import legal_bases_of_pairs
from jcgraph.query.profile import relation_bases
from jcgraph.query.sparql import select

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph

#: The report's own words in French (English is the key itself).
_FRENCH = {
    "purpose": "finalité",
    "central authorities": "autorités centrales",
    "amends": "modifie",
    "date not reported": "date non rapportée",
    "at": "à",
    "by": "par",
    "signed by": "signé par",
    "for": "pour",
    "participants": "participants",
    "implements": "met en œuvre",
    "topics": "sujets",
    "within": "relève de",
    "undated": "sans date",
}


def _w(text: str, lang: str) -> str:
    """``text`` in the report's language."""
    return _FRENCH.get(text, text) if lang == "fr" else text


FORM_CLASSES = ("jc:Convention", "jc:AdditionalProtocol", "jc:MemorandumOfUnderstanding")


@dataclass
class Line:
    """One reported statement with the IRIs of the sources that support it."""

    text: str
    sources: list[str] = field(default_factory=list)
    iri: str = ""


@dataclass
class AgreementView:
    iri: str
    label: str
    form: str
    binding: str
    subjects: list[str]
    parties: list[str]
    details: list[Line]
    sources: list[str]


@dataclass
class EventView:
    iri: str
    date: str
    kind: str
    label: str
    place: str
    details: list[Line]
    sources: list[str]


@dataclass
class Relation:
    """A bilateral relation: two states and everything the graph says between them."""

    states: list[str]
    state_labels: list[str]
    agreements: list[AgreementView] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)
    crime_domains: list[Line] = field(default_factory=list)
    legal_bases: list[str] = field(default_factory=list)


def _values(kg, node: URIRef, prop: str) -> list:
    rows = select(kg, f"SELECT ?v WHERE {{ <{node}> {prop} ?v }} ORDER BY ?v")
    return [r["v"] for r in rows]


def _sources(kg, node: URIRef) -> list[str]:
    return sorted(str(s) for s in _values(kg, node, "dct:source"))


def _place_text(kg, place, lang: str) -> str:
    if place is None:
        return ""
    parts = [label(kg.asserted, place, lang)]
    for container in _values(kg, place, "schema:containedInPlace"):
        container_label = label(kg.asserted, container, lang)
        if container_label not in parts[0]:
            parts.append(container_label)
    return ", ".join(parts)


def _kind(kg, node, lang: str) -> str:
    rows = select(
        kg,
        f"""SELECT ?c WHERE {{ <{node}> a ?c . ?c rdfs:subClassOf* jc:Event .
        FILTER NOT EXISTS {{ <{node}> a ?d . ?d rdfs:subClassOf+ ?c . FILTER(?d != ?c) }} }}""",
    )
    return label(kg.asserted, rows[0]["c"], lang) if rows else "event"


def _agreement_states(kg) -> dict[URIRef, set[URIRef]]:
    rows = select(kg, "SELECT ?a ?s WHERE { ?a (jc:stateParty|jc:institutionParty/jc:ofState) ?s }")
    found: dict[URIRef, set[URIRef]] = {}
    for row in rows:
        found.setdefault(row["a"], set()).add(row["s"])
    return found


def _agreement_view(kg, agreement: URIRef, lang: str) -> AgreementView:
    g = kg.asserted
    form_rows = select(kg, f"SELECT ?f WHERE {{ <{agreement}> a ?f VALUES ?f {{ {' '.join(FORM_CLASSES)} }} }}")
    form = label(g, form_rows[0]["f"], lang) if form_rows else "agreement"
    binding_rows = select(
        kg,
        f"""SELECT ?b WHERE {{ <{agreement}> a/rdfs:subClassOf* ?b
        VALUES ?b {{ jc:BindingAgreement jc:NonBindingAgreement }} }}""",
    )
    binding = label(g, binding_rows[0]["b"], lang) if binding_rows else ""
    subjects = sorted(label(g, s, lang) for s in _values(kg, agreement, "jc:subject"))
    parties = sorted(label(g, p, lang) for p in _values(kg, agreement, "jc:party|jc:stateParty|jc:institutionParty"))
    details: list[Line] = []
    for purpose in _values(kg, agreement, "jc:statedPurpose"):
        if isinstance(purpose, Literal) and purpose.language == lang:
            details.append(Line(f"{_w('purpose', lang)}: {purpose}", _sources(kg, agreement)))
    for event in _values(kg, agreement, "^jc:ofAgreement"):
        details.extend(_lifecycle_lines(kg, event, lang))
    authorities = sorted(label(g, a, lang) for a in _values(kg, agreement, "jc:centralAuthority"))
    if authorities:
        details.append(Line(f"{_w('central authorities', lang)}: " + "; ".join(authorities), _sources(kg, agreement)))
    for other in _values(kg, agreement, "jc:amends"):
        details.append(Line(f"{_w('amends', lang)}: {label(g, other, lang)}", _sources(kg, agreement)))
    return AgreementView(
        str(agreement), label(g, agreement, lang), form, binding, subjects, parties, details, _sources(kg, agreement)
    )


def _lifecycle_lines(kg, event: URIRef, lang: str) -> list[Line]:
    g = kg.asserted
    dates = _values(kg, event, "jc:date")
    places = _values(kg, event, "jc:place")
    kind = _kind(kg, event, lang)
    when = f" {dates[0]}" if dates else f" ({_w('date not reported', lang)})"
    where = f" {_w('at', lang)} {_place_text(kg, places[0], lang)}" if places else ""
    agents = [label(g, a, lang) for a in _values(kg, event, "jc:agent")]
    by_agent = f" {_w('by', lang)} {', '.join(agents)}" if agents else ""
    lines = [Line(f"{kind}{when}{where}{by_agent}", _sources(kg, event), str(event))]
    for signature in _values(kg, event, "jc:hasSignature"):
        signer = [label(g, s, lang) for s in _values(kg, signature, "jc:signer")]
        post = [label(g, p, lang) for p in _values(kg, signature, "jc:inCapacityOf")]
        behalf = [label(g, b, lang) for b in _values(kg, signature, "jc:onBehalfOf")]
        text = f"  {_w('signed by', lang)} " + ", ".join(signer)
        if post:
            text += f" ({', '.join(post)})"
        if behalf:
            text += f" {_w('for', lang)} {', '.join(behalf)}"
        lines.append(Line(text, _sources(kg, signature), str(signature)))
    return lines


def _event_view(kg, event: URIRef, lang: str) -> EventView:
    g = kg.asserted
    dates = _values(kg, event, "jc:date")
    places = _values(kg, event, "jc:place")
    details: list[Line] = []
    sources = _sources(kg, event)
    people = sorted(label(g, p, lang) for p in _values(kg, event, "jc:participant|jc:hasSignature/jc:signer"))
    if people:
        details.append(Line(f"{_w('participants', lang)}: " + "; ".join(people), sources))
    for agreement in _values(kg, event, "jc:implements"):
        details.append(Line(f"{_w('implements', lang)}: {label(g, agreement, lang)}", sources))
    topics = sorted(label(g, t, lang) for t in _values(kg, event, "jc:topic"))
    if topics:
        details.append(Line(f"{_w('topics', lang)}: " + "; ".join(topics), sources))
    for declaration in _values(kg, event, "^jc:madeDuring"):
        details.append(
            Line(
                f"{_kind_declaration(kg, declaration, lang)}: {label(g, declaration, lang)}",
                _sources(kg, declaration),
                str(declaration),
            )
        )
    return EventView(
        str(event),
        str(dates[0]) if dates else "",
        _kind(kg, event, lang),
        label(g, event, lang),
        _place_text(kg, places[0], lang) if places else "",
        details,
        sources,
    )


def _kind_declaration(kg, node, lang: str) -> str:
    for cls in _values(kg, node, "a"):
        if str(cls).endswith(("#Request", "#Commitment")):
            return label(kg.asserted, cls, lang)
    return "declaration"


def _sort_date(text: str) -> str:
    return text or "9999"  # undated events last


def relations(kg: KnowledgeGraph, lang: str = "en") -> list[Relation]:
    """Every bilateral relation in the graph, each with its agreements, events and crime domains.

    :param kg: the loaded graph
    :param lang: the preferred language of labels (``en`` or ``fr``)
    """
    g = kg.asserted
    by_pair: dict[tuple[URIRef, URIRef], list[URIRef]] = {}
    for agreement, states in _agreement_states(kg).items():
        if len(states) == 2:
            by_pair.setdefault(tuple(sorted(states)), []).append(agreement)
    result = []
    bases = legal_bases_of_pairs(kg, sorted(by_pair))  # one query for every relation
    for pair, agreements in sorted(by_pair.items()):
        relation = Relation([str(s) for s in pair], [label(g, s, lang) for s in pair])
        views = [_agreement_view(kg, a, lang) for a in agreements]
        relation.agreements = sorted(views, key=lambda v: (v.subjects, v.label))
        events: set[URIRef] = set()
        for agreement in agreements:
            events.update(_values(kg, agreement, "^jc:ofAgreement|^jc:implements"))
        relation.events = sorted(
            (_event_view(kg, e, lang) for e in events), key=lambda v: (_sort_date(v.date), v.label)
        )
        domains: dict[URIRef, set[str]] = {}
        for node in [*agreements, *events]:
            for holder in [node, *_values(kg, node, "^jc:madeDuring")]:
                for domain in _values(kg, holder, "jc:crimeDomain"):
                    domains.setdefault(domain, set()).update(_sources(kg, holder))
        relation.crime_domains = [
            Line(_domain_text(kg, d, lang), sorted(srcs), str(d))
            for d, srcs in sorted(domains.items(), key=lambda kv: label(g, kv[0], lang))
        ]
        relation.legal_bases = relation_bases(kg, pair[0], pair[1], lang, bases[pair])
        result.append(relation)
    return result


def _domain_text(kg, domain, lang: str) -> str:
    broader = [label(kg.asserted, b, lang) for b in _values(kg, domain, "skos:broader")]
    text = label(kg.asserted, domain, lang)
    return f"{text} ({_w('within', lang)} {', '.join(broader)})" if broader else text


class _References:
    """Numbers sources in order of first use."""

    def __init__(self, kg, lang: str):
        self.kg, self.lang, self.order = kg, lang, []

    def __call__(self, sources: list[str]) -> str:
        numbers = []
        for source in sources:
            if source not in self.order:
                self.order.append(source)
            numbers.append(self.order.index(source) + 1)
        return "".join(f"[{n}]" for n in sorted(numbers))

    def lines(self) -> list[str]:
        out = []
        for n, source in enumerate(self.order, 1):
            node = URIRef(source)
            urls = _values(self.kg, node, "schema:url")
            issued = _values(self.kg, node, "dct:issued")
            text = f"  [{n}] {label(self.kg.asserted, node, self.lang)}"
            if issued:
                text += f" ({issued[0]})"
            if urls:
                text += f"\n      {urls[0]}"
            out.append(text)
        return out


def render_text(kg: KnowledgeGraph, rels: list[Relation], lang: str = "en") -> str:
    """Render relations as plain text for people, with numbered source references."""
    refs = _References(kg, lang)
    out: list[str] = []
    heading = {
        "en": ("Agreements", "Events", "Crime domains", "Sources", "subjects", "parties"),
        "fr": ("Accords", "Événements", "Domaines criminels", "Sources", "objets", "parties"),
    }
    h_agr, h_evt, h_dom, h_src, w_subj, w_part = heading.get(lang, heading["en"])
    if not rels:
        return "No bilateral relation in the graph.\n"
    for rel in rels:
        title = " – ".join(rel.state_labels)
        out += [title, "=" * len(title), f"{h_agr} ({len(rel.agreements)})"]
        for a in rel.agreements:
            out.append(f"  • {a.label}  {refs(a.sources)}")
            out.append(f"      {a.form}" + (f", {a.binding}" if a.binding else ""))
            out.append(f"      {w_subj}: {'; '.join(a.subjects)}")
            out.append(f"      {w_part}: {'; '.join(a.parties)}")
            for line in a.details:
                out.append(f"      {line.text}  {refs(line.sources)}")
        out.append(f"{h_evt} ({len(rel.events)})")
        for e in rel.events:
            date = e.date or f"({_w('undated', lang)})"
            place = f" — {e.place}" if e.place else ""
            out.append(f"  {date:<11} {e.kind}: {e.label}{place}  {refs(e.sources)}")
            for line in e.details:
                out.append(f"              {line.text}  {refs(line.sources)}")
        out.append(h_dom)
        for line in rel.crime_domains:
            out.append(f"  {line.text}  {refs(line.sources)}")
        out.append(f"{'Bases juridiques' if lang == 'fr' else 'Legal bases'} ({len(rel.legal_bases)})")
        out += [f"  • {text}" for text in rel.legal_bases]
        out.append("")
    out.append(h_src)
    out += refs.lines()
    return "\n".join(out) + "\n"


def render_json(rels: list[Relation]) -> str:
    """Render relations as JSON for tools."""
    return json.dumps([asdict(r) for r in rels], ensure_ascii=False, indent=2) + "\n"
