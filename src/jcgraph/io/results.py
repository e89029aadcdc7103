"""Query results and their formats: SPARQL 1.1 Query Results CSV, TSV, JSON and XML, a table, Turtle.

A :class:`QueryResult` is what :func:`jcgraph.query.engine.query` returns, locally or from an endpoint;
the same object renders in every format, so a remote answer prints exactly like a local one.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from jcgraph.errors import InputError
from jcgraph.labels import short
from jcgraph.namespaces import bind_prefixes

#: Formats for rows (SELECT, ASK) and for graphs (CONSTRUCT, DESCRIBE).
ROW_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "nt")
FORMATS = ROW_FORMATS + GRAPH_FORMATS
#: Output file extension to format, for ``-o FILE`` without ``--format``.
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".srj": "json",
    ".xml": "xml",
    ".srx": "xml",
    ".txt": "table",
    ".ttl": "turtle",
    ".nt": "nt",
}
#: Media types (as Jena and pySHACL users write them) to format names, for ``--format``.
MEDIA_TYPES = {
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "table",
}
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def format_name(value: str) -> str:
    """A ``--format`` value as a format name: a name of :data:`FORMATS` or a media type of :data:`MEDIA_TYPES`.

    :raises InputError: neither
    """
    name = value.strip().lower()
    if name in FORMATS:
        return name
    if name in MEDIA_TYPES:
        return MEDIA_TYPES[name]
    raise InputError(
        f"unknown format {value!r}; use one of {', '.join(FORMATS)} or a media type ({', '.join(MEDIA_TYPES)})."
    )


def format_for_file(path: str) -> str:
    """The format an output file's extension asks for.

    :raises InputError: the extension is not one of :data:`EXTENSIONS` (writing CSV into ``answer.xml``
        would mislead whoever opens it)
    """
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(
            f"cannot tell the format of {path} from its extension {suffix or '(none)'!r}; use one of "
            f"{' '.join(EXTENSIONS)}, or name the format with --format."
        )
    return EXTENSIONS[suffix]


TABLE_CELL_WIDTH = 80

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def normalise(term):
    """Drop the redundant ``xsd:string`` datatype, so local and remote literals compare equal."""
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


def nt_term(term) -> str:
    r"""A term in N-Triples form: ``<iri>``, ``"text"@lang``, ``"text"^^<datatype>``, ``_:id``.

    Only the SPARQL/N-Triples escapes for backslash, quotes and control characters are used, never
    ``\u`` escapes (SPARQL processes those before parsing, so they could close a string).

    >>> nt_term(Literal('say "hi"', lang="en"))
    '"say \\"hi\\""@en'
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = '"' + "".join(_ECHAR.get(ch, ch) for ch in str(term)) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and term.datatype not in (XSD.string, RDF.langString):
            return f"{text}^^<{term.datatype}>"
        return text
    raise TypeError(f"not an RDF term: {term!r}")


def json_term(term) -> dict:
    """A term as a SPARQL 1.1 Query Results JSON binding."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def term_from_json(binding: dict):
    """The rdflib term for one SPARQL 1.1 Query Results JSON binding.

    :raises ValueError: the binding is not a valid term
    """
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang")
        datatype = binding.get("datatype")
        if lang:
            return Literal(value, lang=lang)
        return normalise(Literal(value, datatype=URIRef(datatype) if datatype else None))
    raise ValueError(f"unknown term type {kind!r}")


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


@dataclass
class QueryResult:
    """The answer to a query: rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE).

    :ivar kind: ``select``, ``ask``, ``construct`` or ``describe``
    :ivar vars: the projected variable names, in order (without ``?``)
    :ivar rows: one tuple per solution, an rdflib term or None (unbound) per variable
    """

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def __len__(self) -> int:
        if self.graph is not None:
            return len(self.graph)
        return len(self.rows)

    def dicts(self) -> list[dict]:
        """Rows as dicts of variable name to term, leaving out unbound variables."""
        return [{v: t for v, t in zip(self.vars, row, strict=True) if t is not None} for row in self.rows]

    # ---- SPARQL 1.1 Query Results formats -------------------------------------------------

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV: plain values, CRLF line ends, quoted where needed."""
        self._need_rows("csv")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if self.kind == "ask":
            writer.writerow(["boolean"])
            writer.writerow(["true" if self.boolean else "false"])
            return out.getvalue()
        writer.writerow(self.vars)
        for row in self.rows:
            writer.writerow([_csv_value(t) for t in row])
        return out.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV: ``?var`` headers, terms in N-Triples form, LF line ends."""
        self._need_rows("tsv")
        if self.kind == "ask":
            return "?boolean\n" + ("true" if self.boolean else "false") + "\n"
        lines = ["\t".join(f"?{v}" for v in self.vars)]
        lines += ["\t".join("" if t is None else nt_term(t) for t in row) for row in self.rows]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        self._need_rows("json")
        if self.kind == "ask":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)}, indent=2) + "\n"
        bindings = [
            {v: json_term(t) for v, t in zip(self.vars, row, strict=True) if t is not None} for row in self.rows
        ]
        doc = {"head": {"vars": self.vars}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def to_xml(self) -> str:
        """SPARQL 1.1 Query Results XML Format (also for ASK)."""
        self._need_rows("xml")
        lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<sparql xmlns="{SPARQL_RESULTS_NS}">', "  <head>"]
        if self.kind == "ask":
            lines += ["  </head>", f"  <boolean>{'true' if self.boolean else 'false'}</boolean>", "</sparql>"]
            return "\n".join(lines) + "\n"
        lines += [f"    <variable name={quoteattr(v)}/>" for v in self.vars]
        lines += ["  </head>", "  <results>"]
        for row in self.rows:
            lines.append("    <result>")
            for var, term in zip(self.vars, row, strict=True):
                if term is not None:
                    lines.append(f"      <binding name={quoteattr(var)}>{_xml_term(term)}</binding>")
            lines.append("    </result>")
        lines += ["  </results>", "</sparql>"]
        return "\n".join(lines) + "\n"

    def to_table(self, width: int | None = None, hide_iris: bool = False) -> str:
        """An aligned text table for people: IRIs compacted with jcgraph's prefixes, row count last.

        :param width: fit the table in this many columns (a terminal's width), wrapping long cells (rich);
            None for one line per row, cells cut at :data:`TABLE_CELL_WIDTH`
        :param hide_iris: leave out the columns that hold only IRIs (when some other column remains)
        """
        self._need_rows("table")
        if self.kind == "ask":
            return ("yes" if self.boolean else "no") + "\n"
        keep = list(range(len(self.vars)))
        if hide_iris:
            texts = [i for i in keep if not all(isinstance(r[i], URIRef) or r[i] is None for r in self.rows)]
            keep = texts or keep
        names = [self.vars[i] for i in keep]
        cells = [[_table_cell(row[i]) for i in keep] for row in self.rows]
        count = len(self.rows)
        footer = f"({count} row{'' if count == 1 else 's'})"
        if width:
            return _rich_table(names, cells, width) + footer + "\n"
        widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(names)]
        lines = [
            "  ".join(v.ljust(w) for v, w in zip(names, widths, strict=True)).rstrip(),
            "  ".join("-" * w for w in widths),
        ]
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
        lines.append(footer)
        return "\n".join(lines) + "\n"

    def to_turtle(self) -> str:
        """The graph of a CONSTRUCT or DESCRIBE query, as Turtle with jcgraph's prefixes."""
        if self.graph is None:
            raise InputError(
                "only CONSTRUCT and DESCRIBE queries give a graph; use --format table, csv, tsv, json, xml."
            )
        return bind_prefixes(self.graph).serialize(format="turtle")

    def to_ntriples(self) -> str:
        """The graph of a CONSTRUCT or DESCRIBE query, as sorted N-Triples."""
        if self.graph is None:
            raise InputError(
                "only CONSTRUCT and DESCRIBE queries give a graph; use --format table, csv, tsv, json, xml."
            )
        lines = sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in self.graph)
        return "".join(line + "\n" for line in lines)

    def to_dataframe(self):
        """The rows as a pandas DataFrame with typed columns, one per variable in the query's order.

        A column whose bound values are all of one kind gets that kind's pandas dtype: ``xsd:date`` and
        ``xsd:dateTime`` give ``datetime64``, integers ``Int64``, decimals and doubles ``Float64``,
        booleans ``boolean`` (unbound is ``<NA>``/``NaT``). ``xsd:gYear`` and ``xsd:gYearMonth`` stay
        strings ("2024", "2023-09"): a month is a month, not its first day. IRIs, text and mixed
        columns are strings (``object``).

        :raises InputError: pandas is not installed (it is an optional extra)
        """
        self._need_rows("a DataFrame")
        try:
            import pandas
        except ImportError:
            raise InputError("pandas is not installed; install it with: pip install 'jcgraph[pandas]'.") from None
        if self.kind == "ask":
            return pandas.DataFrame({"boolean": [bool(self.boolean)]})
        columns = {}
        for i, var in enumerate(self.vars):
            columns[var] = _typed_column(pandas, [row[i] for row in self.rows])
        return pandas.DataFrame(columns, columns=self.vars)

    def render(self, fmt: str, width: int | None = None, hide_iris: bool = False) -> str:
        """The result in ``fmt``: one of :data:`FORMATS` (``width`` and ``hide_iris`` shape the table)."""
        if self.graph is not None:
            if fmt == "nt":
                return self.to_ntriples()
            if fmt in ("turtle", "table"):  # a graph reads best as Turtle, also on a terminal
                return self.to_turtle()
            raise InputError(f"a {self.kind.upper()} query gives a graph; use --format turtle or nt, not {fmt}.")
        renderers = {
            "table": lambda: self.to_table(width, hide_iris),
            "csv": self.to_csv,
            "tsv": self.to_tsv,
            "json": self.to_json,
            "xml": self.to_xml,
        }
        if fmt not in renderers:
            raise InputError(
                f"a {self.kind.upper()} query gives rows; use --format table, csv, tsv, json or xml, not {fmt}."
            )
        return renderers[fmt]()

    def _need_rows(self, what: str) -> None:
        if self.graph is not None:
            raise InputError(
                f"a {self.kind.upper()} query gives a graph, not rows; it has no {what} form: "
                "use --format turtle or nt."
            )


def _rich_table(names: list[str], cells: list[list[str]], width: int) -> str:
    """The table drawn by rich within ``width`` columns: long cells wrap inside their column."""
    import io as _io

    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
    for name in names:
        table.add_column(name, overflow="fold")
    for row in cells:
        table.add_row(*row)
    out = _io.StringIO()
    Console(file=out, width=width, color_system=None, highlight=False).print(table)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"


def _xml_term(term) -> str:
    """One term as the content of a SPARQL Results XML ``<binding>``."""
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    text = escape(str(term))
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{text}</literal>"
    if term.datatype and term.datatype != XSD.string:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{text}</literal>"
    return f"<literal>{text}</literal>"


def _table_cell(term) -> str:
    if term is None:
        return ""
    text = short(term) if isinstance(term, URIRef) else _csv_value(term)
    text = " ".join(text.split())  # one line per row
    return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"


#: Datatype to (kind, pandas dtype) for typed DataFrame columns; anything else is a string.
_KINDS = {
    XSD.date: "date",
    XSD.dateTime: "date",
    XSD.integer: "int",
    XSD.int: "int",
    XSD.long: "int",
    XSD.short: "int",
    XSD.nonNegativeInteger: "int",
    XSD.positiveInteger: "int",
    XSD.decimal: "float",
    XSD.double: "float",
    XSD.float: "float",
    XSD.boolean: "bool",
}


def _kind(term) -> str:
    if isinstance(term, Literal) and not term.language and term.datatype in _KINDS and term.ill_typed is not True:
        return _KINDS[term.datatype]
    return "str"


def _typed_column(pandas, terms: list):
    """One DataFrame column: the pandas dtype of its values' single kind, else strings."""
    kinds = {_kind(t) for t in terms if t is not None}
    if len(kinds) == 1:
        kind = kinds.pop()
        values = [None if t is None else t.toPython() for t in terms]
        if kind == "date":
            return pandas.to_datetime(pandas.Series(values, dtype=object), errors="coerce")
        if kind == "int":
            return pandas.array(values, dtype="Int64")
        if kind == "float":
            return pandas.array([None if v is None else float(v) for v in values], dtype="Float64")
        if kind == "bool":
            return pandas.array(values, dtype="boolean")
    return pandas.Series([None if t is None else _csv_value(t) for t in terms], dtype=object)
