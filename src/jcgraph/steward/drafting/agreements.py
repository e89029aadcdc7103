"""Agreement forms, subjects and crime domains from French and English wording."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jcgraph.steward.find import normalise

#: Cooperation areas (ca:) and the normalised phrases that name them, most specific first.
SUBJECTS = {
    "transfer-of-sentenced-persons": (
        "transferement des personnes condamnees", "transfert des personnes condamnees", "transferement des detenus",
        "transfer of sentenced persons", "transfer of convicted persons", "transfer of convicts",
        "transfer of prisoners", "prisoner exchange", "exchange of prisoners", "transferring convicts",
        "transfer of persons sentenced", "transfer of the convicted", "transferement",
    ),
    "mutual-legal-assistance": (
        "entraide judiciaire", "assistance juridique", "mutual legal assistance", "legal assistance in criminal",
        "mutual assistance in criminal", "legal aid in criminal",
    ),
    "extradition": ("extradition",),
    "alternatives-to-imprisonment": ("peines alternatives", "alternative sentences", "alternatives to imprisonment"),
    "execution-of-judgments": ("execution des jugements", "enforcement of judgments", "execution of judgments"),
}  # fmt: skip
#: Subjects an instrument covers besides its main one, named in the sentences about it (or just after).
SECONDARY_SUBJECTS = {
    "information-exchange": ("echange d informations", "echange des informations", "echanges d informations",
                             "information sharing", "exchange of information", "information exchange",
                             "sharing of information", "echange d expertises", "echange des expertises"),
    "capacity-building": ("formation", "renforcement des capacites", "capacity building", "training",
                          "echange d expertises", "echange des expertises", "exchange of expertise"),
}  # fmt: skip
#: Agreement forms: class local name and the normalised words that announce it.
FORMS = (
    ("MemorandumOfUnderstanding", ("memorandum d entente", "memorandum of understanding", "protocole d accord",
                                   "memorandum", "memorandum of cooperation")),
    ("AdditionalProtocol", ("protocole additionnel", "additional protocol", "deuxieme protocole", "second protocol")),
    ("Convention", ("convention", "treaty", "traite")),
    ("Agreement", ("accord", "agreement")),
)  # fmt: skip
CRIME_DOMAINS = {
    "terrorism": ("terrorisme", "terrorism", "terroriste", "terrorist"),
    "trafficking-in-persons": ("traite des etres humains", "trafficking in persons", "human trafficking",
                               "traite des personnes"),
    "drug-trafficking": ("trafic de drogue", "trafic de stupefiants", "drug trafficking", "narcotics"),
    "money-laundering": ("blanchiment", "money laundering"),
    "cybercrime": ("cybercriminalite", "cybercrime", "cybercrimes"),
    "corruption": ("corruption",),
    "transnational-organised-crime": ("criminalite transnationale", "transnational organised crime",
                                      "transnational organized crime", "crime transnational"),
    "organised-crime": ("criminalite organisee", "crime organise", "organised crime", "organized crime"),
    "economic-and-financial-crime": ("criminalite economique", "criminalite financiere", "economic crime",
                                     "financial crime", "crimes economiques"),
}  # fmt: skip
FORM_LABELS = {
    "Convention": ("Convention", "Convention"),
    "MemorandumOfUnderstanding": ("Memorandum of understanding", "Mémorandum d'entente"),
    "AdditionalProtocol": ("Additional protocol", "Protocole additionnel"),
    "Agreement": ("Agreement", "Accord"),
}
SUBJECT_LABELS = {
    "transfer-of-sentenced-persons": (
        "on the transfer of sentenced persons",
        "sur le transfèrement des personnes condamnées",
    ),
    "mutual-legal-assistance": (
        "on mutual legal assistance in criminal matters",
        "d'entraide judiciaire en matière pénale",
    ),
    "extradition": ("on extradition", "d'extradition"),
    "alternatives-to-imprisonment": ("on alternatives to imprisonment", "sur les peines alternatives"),
    "execution-of-judgments": ("on the execution of judgments", "sur l'exécution des jugements"),
    "information-exchange": ("on cooperation", "de coopération"),
}  # fmt: skip
_WORD_LIMIT = 12  # a form word this many words before a subject phrase governs it


@dataclass
class AgreementMention:
    """An instrument the page names: its subject (a ca: local name), its form, and where it is written."""

    subject: str
    form: str
    sentences: list[str] = field(default_factory=list)
    form_guessed: bool = False
    extra: list[str] = field(default_factory=list)  # further subjects (information exchange, training)


def sentences(text: str) -> list[str]:
    """The text cut into sentences (and list lines)."""
    return [s.strip() for s in re.split(r"(?<=[.!?;])\s+|\n+", text) if s.strip()]


def _form_before(words: list[str], index: int) -> str | None:
    window = " ".join(words[max(0, index - _WORD_LIMIT) : index])
    best = None
    best_pos = -1
    for form, phrases in FORMS:
        for phrase in phrases:
            pos = f" {window} ".rfind(f" {phrase} ")
            if pos > best_pos:
                best, best_pos = form, pos
    return best


def find_agreements(text: str) -> list[AgreementMention]:
    """One mention per subject the page names, with the form nearest before it (else the page's main form)."""
    found: dict[str, AgreementMention] = {}
    for sentence in sentences(text):
        words = normalise(sentence).split()
        plain = " ".join(words)
        for subject, phrases in SUBJECTS.items():
            for phrase in phrases:
                pos = f" {plain} ".find(f" {phrase} ")
                if pos < 0:
                    continue
                index = len(f" {plain} "[:pos].split())
                form = _form_before(words, index)
                mention = found.get(subject)
                if mention is None:
                    mention = found[subject] = AgreementMention(subject, form or "", [sentence], form is None)
                else:
                    mention.sentences.append(sentence)
                    if form and (mention.form_guessed or _rank(form) < _rank(mention.form)):
                        mention.form, mention.form_guessed = form, False
                break
    if not found:
        for sentence in sentences(text):
            plain = normalise(sentence)
            form = next((f for f, phrases in FORMS for p in phrases if f" {p} " in f" {plain} "), None)
            if form in ("MemorandumOfUnderstanding", "Agreement") and any(
                w in plain for w in ("sign", "paraph", "coop", "conclu")
            ):
                found["information-exchange"] = AgreementMention("information-exchange", form, [sentence])
                break
    all_sentences = sentences(text)
    for mention in found.values():
        window = set(mention.sentences)
        for i, sentence in enumerate(all_sentences):
            if sentence in mention.sentences and i + 1 < len(all_sentences):
                window.add(all_sentences[i + 1])
        if len(found) == 1:
            window = set(all_sentences)
        plain = " ".join(f" {normalise(s)} " for s in window)
        mention.extra = [
            subject
            for subject, phrases in SECONDARY_SUBJECTS.items()
            if subject != mention.subject and any(f" {p} " in plain for p in phrases)
        ]
    main_form = next((m.form for m in found.values() if not m.form_guessed), "Agreement")
    for mention in found.values():
        if mention.form_guessed:
            mention.form = main_form
    return list(found.values())


def _rank(form: str) -> int:
    order = [f for f, _ in FORMS]
    return order.index(form) if form in order else len(order)


def crime_domains(text: str) -> list[str]:
    """cd: local names of the crime domains the text names."""
    plain = f" {normalise(text)} "
    return [domain for domain, phrases in CRIME_DOMAINS.items() if any(f" {p}" in plain for p in phrases)]
