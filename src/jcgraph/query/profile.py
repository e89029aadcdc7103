"""A state's treaty profile, and the legal-bases lines of the relation report.

The profile lists a state's bilateral partners by subject and its participation in multilateral
conventions (signature, consent with its kind, status as of the source's date); the legal-bases lines
say which instruments can serve between the two states of a relation.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from rdflib import URIRef

from jcgraph.labels import label
from jcgraph.query.legal_bases import LegalBasis, legal_bases

if TYPE_CHECKING:
    from jcgraph.graph.loading import KnowledgeGraph

_FRENCH = {
    "Legal bases": "Bases juridiques",
    "bilateral": "bilatéral",
    "multilateral": "multilatéral",
    "in-force": "en vigueur",
    "signed-not-in-force": "signé, pas en vigueur",
    "terminated": "terminé",
    "unknown": "inconnu",
    "signed only by": "seulement signé par",
    "article": "article",
    "as of": "au",
    "Bilateral partners by subject": "Partenaires bilatéraux par objet",
    "Multilateral participation": "Participation multilatérale",
    "signed": "signé",
    "no bilateral agreement": "aucun accord bilatéral",
    "no multilateral participation": "aucune participation multilatérale",
    "Treaty profile": "Profil conventionnel",
}


def _w(text: str, lang: str) -> str:
    return _FRENCH.get(text, text) if lang == "fr" else text


def _local(term) -> str:
    return str(term).rsplit("/", 1)[-1]


def _status(term, lang: str) -> str:
    return _w(_local(term), lang) if term is not None else "?"


def basis_text(kg: KnowledgeGraph, basis: LegalBasis, names: tuple[str, str], lang: str = "en") -> str:
    """One line: the instrument, its articles, each party's consent and status, the flag."""
    text = label(kg.asserted, basis.instrument, lang)
    if basis.articles:
        text += f" ({_w('article', lang)} {', '.join(basis.articles)})"
    if basis.kind == "bilateral":
        return f"{text} — {_w('bilateral', lang)}, {_status(basis.status[0], lang)}"
    parts = []
    for i in (0, 1):
        consent = basis.consent[i]
        kind = _local(basis.consent_kind[i]) if basis.consent_kind[i] is not None else ""
        when = f"{kind} {consent}".strip() if consent is not None else ""
        parts.append(f"{names[i]}: {_status(basis.status[i], lang)}" + (f" ({when})" if when else ""))
    text += " — " + "; ".join(parts)
    if basis.signed_only:
        who = {"state1": names[0], "state2": names[1], "both": " & ".join(names)}[basis.signed_only]
        text += f" [{_w('signed only by', lang)} {who}]"
    if basis.status_as_of is not None:
        text += f", {_w('as of', lang)} {basis.status_as_of}"
    return text


def relation_bases(
    kg: KnowledgeGraph, state1: URIRef, state2: URIRef, lang: str = "en", bases: list[LegalBasis] | None = None
) -> list[str]:
    """The legal-bases lines of a relation (every subject); ``bases`` if already known (else asked for)."""
    names = (label(kg.asserted, state1, lang), label(kg.asserted, state2, lang))
    if bases is None:
        bases = legal_bases(kg, state1, state2)
    return [basis_text(kg, b, names, lang) for b in bases]


@dataclass
class Profile:
    """A state's treaty profile."""

    state: str
    label: str
    partners_by_subject: dict[str, list[str]] = field(default_factory=dict)
    participation: list[dict] = field(default_factory=list)


_PARTNERS = """
SELECT DISTINCT ?subject ?partner WHERE {
  { ?agreement jc:stateParty ?state } UNION { ?agreement jc:institutionParty/jc:ofState ?state }
  { ?agreement jc:stateParty ?partner } UNION { ?agreement jc:institutionParty/jc:ofState ?partner }
  FILTER (?partner != ?state)
  FILTER NOT EXISTS { ?agreement a jc:MultilateralAgreement }
  OPTIONAL { ?agreement jc:subject ?subject }
}
"""

_PARTICIPATION = """
SELECT ?agreement ?signature ?consent ?kind ?asOf ?general WHERE {
  ?p a jc:Participation ; jc:participatingActor ?state ; jc:inAgreement ?agreement ; jc:asOf ?asOf .
  OPTIONAL { ?p jc:signatureDate ?signature }
  OPTIONAL { ?p jc:consentDate ?consent . OPTIONAL { ?p jc:consentKind ?kind } }
  OPTIONAL { ?p jc:denunciationDate ?denounced }
  OPTIONAL {
    ?eif a jc:EntryIntoForce ; jc:ofAgreement ?agreement ; jc:date ?general .
    FILTER NOT EXISTS { ?eif jc:forParty ?anyParty }
  }
}
"""


def participation_status(consent, signature, general, as_of) -> str:
    """The status rule of the vocabulary, as of the source's date (denunciations are not in the tables)."""
    if consent is not None and general is not None and str(consent) <= str(as_of) and str(general) <= str(as_of):
        return "in-force"
    if signature is not None and consent is None:
        return "signed-not-in-force"
    return "unknown"


def state_profile(kg: KnowledgeGraph, state: URIRef, lang: str = "en") -> Profile:
    """Bilateral partners by subject and multilateral participation of ``state``."""
    from jcgraph.query.engine import query

    g = kg.asserted
    profile = Profile(str(state), label(g, state, lang))
    partners = query(_prefixed(_PARTNERS), {"state": state}, kg=kg, inference="none").dicts()
    by_subject: dict[str, set[str]] = {}
    for row in partners:
        subject = label(g, row["subject"], lang) if "subject" in row else "—"
        by_subject.setdefault(subject, set()).add(label(g, row["partner"], lang))
    profile.partners_by_subject = {s: sorted(p) for s, p in sorted(by_subject.items())}
    rows = query(_prefixed(_PARTICIPATION), {"state": state}, kg=kg, inference="none").dicts()
    seen = set()
    for row in sorted(rows, key=lambda r: label(g, r["agreement"], lang)):
        if row["agreement"] in seen:
            continue
        seen.add(row["agreement"])
        status = participation_status(row.get("consent"), row.get("signature"), row.get("general"), row["asOf"])
        profile.participation.append(
            {
                "agreement": str(row["agreement"]),
                "label": label(g, row["agreement"], lang),
                "signature": str(row["signature"]) if "signature" in row else None,
                "consent": str(row["consent"]) if "consent" in row else None,
                "consent_kind": _local(row["kind"]) if "kind" in row else None,
                "status": status,
                "as_of": str(row["asOf"]),
            }
        )
    return profile


def _prefixed(text: str) -> str:
    from jcgraph.query.engine import with_prologue

    return with_prologue(text)


def render_profile_text(profile: Profile, lang: str = "en") -> str:
    """The profile as plain text."""
    title = f"{_w('Treaty profile', lang)}: {profile.label}"
    out = [title, "=" * len(title), _w("Bilateral partners by subject", lang)]
    if not profile.partners_by_subject:
        out.append(f"  ({_w('no bilateral agreement', lang)})")
    for subject, partners in profile.partners_by_subject.items():
        out.append(f"  {subject}: {', '.join(partners)}")
    out.append(f"{_w('Multilateral participation', lang)} ({len(profile.participation)})")
    if not profile.participation:
        out.append(f"  ({_w('no multilateral participation', lang)})")
    for p in profile.participation:
        steps = []
        if p["signature"]:
            steps.append(f"{_w('signed', lang)} {p['signature']}")
        if p["consent"]:
            steps.append(f"{p['consent_kind'] or ''} {p['consent']}".strip())
        out.append(f"  • {p['label']}")
        out.append(f"      {'; '.join(steps)} — {_w(p['status'], lang)}, {_w('as of', lang)} {p['as_of']}")
    return "\n".join(out) + "\n"


def render_profile_json(profile: Profile) -> str:
    """The profile as JSON."""
    return json.dumps(asdict(profile), ensure_ascii=False, indent=2) + "\n"
