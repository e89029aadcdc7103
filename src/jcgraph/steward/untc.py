"""Import a UN Treaty Collection status table into participation nodes (``data/multilateral/untc/<number>.ttl``).

A table (``shared/sources/untc/*.csv``) has one row per participant: ``Participant,Signature,<consent>``;
a date is ``D Mon YYYY``, the consent date carries a suffix for its kind (none = ratification, ``a``
accession, ``A`` acceptance, ``AA`` approval, ``d`` succession, ``c`` formal confirmation). Each row becomes
one ``jc:Participation``, sourced to the convention's UNTC status page as of the table's date. The output
is deterministic (canonical, sorted Turtle) and written atomically, only if every row is understood.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from jcgraph.errors import InputError
from jcgraph.io.files import atomic_write
from jcgraph.namespaces import CK, ID, JC, SCHEMA, bind_prefixes
from jcgraph.steward.participants import ORGANISATION, STATE, ParticipantResolver

AGREEMENT = ID["agreement/"]
PARTICIPATION = ID["participation/"]
SOURCE = ID["source/"]
#: The UN Treaty Collection as publisher (the node is in data/multilateral/sources.ttl).
PUBLISHER = ID["publisher/untc"]


@dataclass(frozen=True)
class StatusTable:
    """What the project knows about one UNTC status table: its convention, as-of date and page."""

    number: str  # UNTC number, e.g. "XVIII-12"
    agreement: str  # local name under agr:
    as_of: date  # the table's date (its last refresh in the copied dataset)
    url: str  # the convention's UNTC status page (shared/sources/untc/index.csv)


#: As-of dates from shared/sources/untc/README.md; URLs copied from shared/sources/untc/index.csv;
#: agreement names from the vocabulary of this round.
TABLES: dict[str, StatusTable] = {
    t.number: t
    for t in (
        StatusTable(
            "XVIII-12",
            "untoc",
            date(2014, 1, 27),
            "http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12&chapter=18&lang=en",
        ),
        StatusTable(
            "XVIII-12-a",
            "untoc-trafficking-protocol",
            date(2014, 1, 27),
            "http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12-a&chapter=18&lang=en",
        ),
        StatusTable(
            "XVIII-12-b",
            "untoc-smuggling-protocol",
            date(2014, 7, 10),
            "http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12-b&chapter=18&lang=en",
        ),
        StatusTable(
            "XVIII-12-c",
            "untoc-firearms-protocol",
            date(2014, 7, 10),
            "http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12-c&chapter=18&lang=en",
        ),
        StatusTable(
            "XVIII-14",
            "uncac",
            date(2014, 7, 10),
            "http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-14&chapter=18&lang=en",
        ),
        StatusTable(
            "VI-19",
            "drugs-convention-1988",
            date(2014, 7, 10),
            "http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=VI-19&chapter=6&lang=en",
        ),
        StatusTable(
            "XVIII-9",
            "terrorist-bombings-convention-1997",
            date(2014, 3, 19),
            "http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-9&chapter=18&lang=en",
        ),
        StatusTable(
            "XVIII-11",
            "terrorism-financing-convention-1999",
            date(2014, 7, 10),
            "http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-11&chapter=18&lang=en",
        ),
        StatusTable(
            "XVIII-15",
            "nuclear-terrorism-convention-2005",
            date(2014, 7, 10),
            "http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-15&chapter=18&lang=en",
        ),
        StatusTable(
            "XVIII-5",
            "hostages-convention-1979",
            date(2014, 3, 19),
            "http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-5&chapter=18&lang=en",
        ),
        StatusTable(
            "XVIII-7",
            "protected-persons-convention-1973",
            date(2014, 1, 27),
            "http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-7&chapter=18&lang=en",
        ),
        StatusTable(
            "XVIII-10",
            "rome-statute-1998",
            date(2014, 1, 27),
            "http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-10&chapter=18&lang=en",
        ),
    )
}

#: Consent-kind suffixes of the consent column.
CONSENT_KINDS = {
    "": "ratification",
    "a": "accession",
    "A": "acceptance",
    "AA": "approval",
    "d": "succession",
    "c": "formal-confirmation",
}
MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}
_DATE = re.compile(r"^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})(?: ([A-Za-z]{1,2}))?$")


@dataclass(frozen=True)
class Row:
    """One understood row of a status table."""

    line: int
    name: str
    actor: URIRef
    signature: date | None
    signature_by_succession: bool
    consent: date | None
    consent_kind: str | None


def table_for(convention: str) -> StatusTable:
    """The table entry for a UNTC number ("XVIII-12", "xviii-12" or "18-12")."""
    head, _, rest = convention.strip().partition("-")
    head = {"18": "XVIII", "6": "VI"}.get(head, head)
    wanted = f"{head}-{rest}".casefold()
    key = next((number for number in TABLES if number.casefold() == wanted), None)
    if key is None:
        raise InputError(
            f"unknown convention {convention!r}; the importer knows these UNTC numbers: {', '.join(TABLES)}. "
            "Add the table's as-of date and page to jcgraph.steward.untc.TABLES first."
        )
    return TABLES[key]


def _date(cell: str, path: Path, line: int, column: str, suffixes: set[str]) -> tuple[date | None, str]:
    cell = cell.strip()
    if not cell:
        return None, ""
    match = _DATE.match(cell)
    if not match or match.group(2) not in MONTHS:
        raise InputError(
            f"the {column} cell {cell!r} is not a date like '19 Sep 2002' (optionally followed by a kind "
            "suffix); correct the row.",
            path=str(path),
            line=line,
        )
    day, month, year, suffix = match.groups()
    suffix = suffix or ""
    if suffix not in suffixes:
        allowed = ", ".join(repr(s) for s in sorted(suffixes) if s) or "none"
        raise InputError(
            f"unknown suffix {suffix!r} in the {column} cell {cell!r}; allowed here: {allowed}.",
            path=str(path),
            line=line,
        )
    try:
        return date(int(year), MONTHS[month], int(day)), suffix
    except ValueError:
        raise InputError(f"the {column} cell {cell!r} is not a real date.", path=str(path), line=line) from None


def read_table(path: Path | str, resolver: ParticipantResolver) -> list[Row]:
    """Parse and check every row of a status table; the first problem is an InputError with file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the status table: {exc}.", path=str(path)) from None
    records = list(csv.reader(text.splitlines()))
    if not records or len(records[0]) != 3 or records[0][0].strip() != "Participant":
        raise InputError(
            "the first line must be the header 'Participant,Signature,<consent column>'.", path=str(path), line=1
        )
    # Only the signature column of some tables (e.g. XVIII-15) admits a succession to signature.
    signature_suffixes = {"", "d"} if "succession" in records[0][1].casefold() else {""}
    rows, seen = [], {}
    for line, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != 3:
            raise InputError(
                f"expected 3 columns (participant, signature, consent), found {len(record)}.",
                path=str(path),
                line=line,
            )
        name = record[0].strip()
        actor = resolver.resolve(name)
        if actor is None:
            raise InputError(
                f"no IRI for the participant {name!r}: neither the graph's labels nor the country-name library "
                "know it. Add the name as a skos:altLabel of the right state or organisation, then re-run.",
                path=str(path),
                line=line,
            )
        if actor in seen:
            raise InputError(
                f"the participant {name!r} is the same as {seen[actor][0]!r} of line {seen[actor][1]}: one "
                "actor has one row.",
                path=str(path),
                line=line,
            )
        seen[actor] = (name, line)
        signature, sig_suffix = _date(record[1], path, line, "signature", signature_suffixes)
        consent, suffix = _date(record[2], path, line, "consent", set(CONSENT_KINDS))
        if signature is None and consent is None:
            raise InputError(
                f"the row of {name!r} has neither a signature nor a consent date.", path=str(path), line=line
            )
        rows.append(
            Row(line, name, actor, signature, sig_suffix == "d", consent, CONSENT_KINDS[suffix] if consent else None)
        )
    if not rows:
        raise InputError("the status table has no rows.", path=str(path))
    return rows


def source_iri(table: StatusTable) -> URIRef:
    """The source node of a table: the convention's status page as of the table's date."""
    return URIRef(f"{SOURCE}untc-{table.number.lower()}-status-{table.as_of.isoformat()}")


def participation_iri(table: StatusTable, actor: URIRef) -> URIRef:
    """``part:<agreement>-<ISO alpha-3>`` for a state, ``part:<agreement>-<name>`` for an organisation."""
    local = str(actor).removeprefix(str(STATE)).removeprefix(str(ORGANISATION))
    return URIRef(f"{PARTICIPATION}{table.agreement}-{local}")


def _day(d: date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


def build_graph(table: StatusTable, rows: list[Row]) -> Graph:
    """The participation nodes and their source node."""
    g = bind_prefixes(Graph(bind_namespaces="none"))
    source, as_of = source_iri(table), _day(table.as_of)
    long_date = f"{table.as_of.day} {table.as_of.strftime('%B')} {table.as_of.year}"
    g.add((source, RDF.type, JC.OfficialPage))
    g.add(
        (source, RDFS.label, Literal(f"UN Treaty Collection: status of {table.number}, as of {long_date}", lang="en"))
    )
    g.add(
        (
            source,
            RDFS.label,
            Literal(
                f"Collection des traités des Nations Unies : état de {table.number} au {table.as_of.isoformat()}",
                lang="fr",
            ),
        )
    )
    g.add((source, SCHEMA.url, URIRef(table.url)))
    g.add((source, DCTERMS.publisher, PUBLISHER))
    g.add((source, JC.asOf, as_of))
    g.add(
        (
            source,
            RDFS.comment,
            Literal(
                "Read from the copy of the status table in the zmjones/untreaties dataset (state of 2015-03-14).",
                lang="en",
            ),
        )
    )
    g.add(
        (
            source,
            RDFS.comment,
            Literal(
                "Lu dans la copie du tableau d'état du jeu de données zmjones/untreaties (état du 2015-03-14).",
                lang="fr",
            ),
        )
    )
    agreement = URIRef(f"{AGREEMENT}{table.agreement}")
    for row in rows:
        node = participation_iri(table, row.actor)
        g.add((node, RDF.type, JC.Participation))
        g.add((node, JC.participatingActor, row.actor))
        g.add((node, JC.inAgreement, agreement))
        if row.signature:
            g.add((node, JC.signatureDate, _day(row.signature)))
        if row.signature_by_succession:
            g.add(
                (node, RDFS.comment, Literal("Signature by succession to a predecessor state's signature.", lang="en"))
            )
            g.add((node, RDFS.comment, Literal("Signature par succession à celle d'un État prédécesseur.", lang="fr")))
        if row.consent:
            g.add((node, JC.consentDate, _day(row.consent)))
            g.add((node, JC.consentKind, CK[row.consent_kind]))
        g.add((node, JC.asOf, as_of))
        g.add((node, DCTERMS.source, source))
    return g


def to_turtle(graph: Graph, table: StatusTable) -> bytes:
    """Canonical Turtle through the project's writer, with a comment saying where the file comes from."""
    from jcgraph.publish.export import quads_of, serialize

    body = serialize(quads_of(graph), "turtle")
    head = (
        f"# Participation in {table.number} (agr:{table.agreement}) as of {table.as_of.isoformat()},\n"
        f"# from the UN Treaty Collection status table.\n"
        "# Generated by `jcgraph import untc`; re-run it rather than edit this file.\n\n"
    )
    return head.encode("utf-8") + body


def default_output(root: Path, table: StatusTable) -> Path:
    """``data/multilateral/untc/<number>.ttl`` under the graph root."""
    return root / "data" / "multilateral" / "untc" / f"{table.number.lower()}.ttl"


def import_table(
    path: Path | str, convention: str, output: Path | str, graph: Graph | None = None, as_of: date | None = None
) -> int:
    """Import one status table and write ``output`` atomically; returns the number of participation nodes.

    :param path: the CSV file
    :param convention: its UNTC number, e.g. ``"XVIII-12"``
    :param output: the Turtle file to write (nothing is written if any row is refused)
    :param graph: the graph whose state and organisation labels name participants (optional)
    :param as_of: overrides the table's as-of date (for a newer copy of the table)
    """
    table = table_for(convention)
    if as_of is not None:
        table = StatusTable(table.number, table.agreement, as_of, table.url)
    rows = read_table(path, ParticipantResolver(graph))
    atomic_write(output, to_turtle(build_graph(table, rows), table))
    return len(rows)
