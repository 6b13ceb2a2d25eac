"""Saved SPARQL queries (``queries/*.rq``), their parameters, and running SPARQL locally or remotely.

A saved query is a file whose leading comment gives its title, description and parameters; the
file name is the query's name (docs/queries.md). A parameter NAME is declared in the query text as
``VALUES ?NAME { default }`` (``UNDEF`` for "no filter"), so the file runs as it is on any SPARQL
1.1 engine. ``--param NAME=VALUE`` parses VALUE to the declared type and puts that RDF term, as
pyoxigraph serializes it, in place of the default inside the VALUES block; the rewritten query is
lexed again to check that nothing but that one term changed (a value can never add syntax).

The same bound text runs on the embedded store (pyoxigraph) and on a SPARQL 1.1 endpoint over HTTP,
so both give the same rows. pyoxigraph's own ``substitutions`` argument cannot do this: it joins
with a VALUES default instead of replacing it, and does not reach into sub-queries.

Two steps around the engine (docs/queries.md, "Paging" and "Lists"): ``--limit``/``--offset`` add
LIMIT/OFFSET to the query's own solution modifiers (page_query), and the cells a query's
``# list:`` header lines name, which GROUP_CONCAT joins in no defined order, are sorted after the
engine answers (sort_list_cells), for every engine alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence, Union
from xml.sax.saxutils import escape as xml_escape, quoteattr

import pyoxigraph

from kg import resources
from kg.errors import EndpointError, QueryError
from kg.formats import FORMATS
from kg.namespaces import PREFIXES

Term = Union[pyoxigraph.NamedNode, pyoxigraph.BlankNode, pyoxigraph.Literal, pyoxigraph.Triple]

XSD = "http://www.w3.org/2001/XMLSchema#"
_HEADER = re.compile(r"^#\s*(title|description|param|list)\s*:\s*(.*)$", re.IGNORECASE)
# "# list: actors "; " suffixes " (claimed)" " (blamed)"" — a column whose cells join several values
_LIST = re.compile(r'^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+"(?P<separator>[^"]+)"'
                   r'(?:\s+suffixes(?P<suffixes>(?:\s+"[^"]+")+))?\s*$')
# "# param: after (xsd:date, default 2021-06-28) — events on or after this date"
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?P<type>[^,)]+?)\s*,\s*default\s+"
                    r"(?P<default>[^)]*?)\s*\)\s*(?:[-—–:]+\s*(?P<text>.*))?$")
UNDEF = "UNDEF"

# Parameter types: the names a header may use, mapped to the one name each type goes by.
PARAMETER_TYPES = {
    "xsd:date": "xsd:date", "date": "xsd:date",
    "xsd:integer": "xsd:integer", "integer": "xsd:integer",
    "iri": "iri", "uri": "iri",
    "string": "string", "xsd:string": "string",
}

_PLACEHOLDER = {"xsd:date": "YYYY-MM-DD", "xsd:integer": "N", "iri": "IRI", "string": "TEXT"}

# Output formats of SELECT/ASK results; CONSTRUCT/DESCRIBE write one of kg.formats.FORMATS.
RESULT_FORMATS = ("table", "csv", "tsv", "json", "srj", "srx")
OUTPUT_FORMATS = RESULT_FORMATS + tuple(sorted(FORMATS))

# Table cells longer than this are cut, so a row still fits a wide terminal.
TABLE_CELL_WIDTH = 60


@dataclass(frozen=True)
class QueryParameter:
    """One parameter of a saved query. ``default`` is its lexical value, or ``UNDEF``."""

    name: str
    type: str
    default: str
    description: str = ""


@dataclass(frozen=True)
class ListColumn:
    """A result column whose cells join several values with ``separator`` (GROUP_CONCAT).

    kg sorts the values of such a cell after the engine answers: SPARQL leaves the order of
    GROUP_CONCAT open. Values ending with one of ``suffixes`` come after the others, in the order
    of the suffixes (``" (claimed)"`` after a plain group name); values of one kind sort by text.
    """

    name: str
    separator: str
    suffixes: tuple[str, ...] = ()

    def sort_cell(self, value: str) -> str:
        """The cell's values, sorted, joined again with the separator."""
        if self.separator not in value:
            return value
        return self.separator.join(sorted(value.split(self.separator), key=self._key))

    def _key(self, item: str) -> tuple[int, str]:
        rank = next((n for n, suffix in enumerate(self.suffixes, 1) if item.endswith(suffix)), 0)
        return rank, item


@dataclass(frozen=True)
class SavedQuery:
    """A query and its header. ``source`` says where it came from, for messages: the file path,
    ``queries/NAME.rq`` for a packaged query, ``-e`` for text given on the command line."""

    name: str
    title: str
    description: str
    text: str
    parameters: tuple[QueryParameter, ...] = ()
    source: str = ""
    lists: tuple[ListColumn, ...] = ()

    @property
    def where(self) -> str:
        return self.source or self.name

    def parameter(self, name: str) -> QueryParameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        allowed = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; its parameters: {allowed}")


@dataclass(frozen=True)
class QueryResult:
    """What a query returned.

    SELECT: ``columns`` and ``rows`` as plain strings (IRI, literal lexical form, ``_:label``;
    None for unbound), ``terms`` the same cells as RDF terms. ASK: ``boolean``. CONSTRUCT and
    DESCRIBE: ``triples``.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...] = field(default_factory=tuple)
    terms: tuple[tuple[Term | None, ...], ...] = field(default_factory=tuple)
    boolean: bool | None = None
    triples: tuple[pyoxigraph.Triple, ...] | None = None

    @property
    def kind(self) -> str:
        """``select``, ``ask`` or ``graph`` (CONSTRUCT and DESCRIBE)."""
        if self.triples is not None:
            return "graph"
        return "ask" if self.boolean is not None else "select"

    @classmethod
    def from_terms(cls, columns: Sequence[str], term_rows: Iterable[Sequence[Term | None]]) -> QueryResult:
        terms = tuple(tuple(row) for row in term_rows)
        rows = tuple(tuple(term_text(term) for term in row) for row in terms)
        return cls(tuple(columns), rows, terms)

    def as_dicts(self) -> list[dict[str, str]]:
        return [{c: (v if v is not None else "") for c, v in zip(self.columns, row)} for row in self.rows]


# Saved queries ---------------------------------------------------------------------------------

def parse_saved_query(name: str, text: str, source: str = "") -> SavedQuery:
    """Read the header comment of a saved query (the comment lines before the first SPARQL line)."""
    title, description, params, lists = name, "", [], []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description = value
        elif key == "list":
            lists.append(_parse_list_line(source or f"{name}.rq", number, value))
        else:
            params.append(_parse_param_line(source or f"{name}.rq", number, value))
    return SavedQuery(name, title, description, text, tuple(params), source, tuple(lists))


def _parse_param_line(where: str, line_number: int, value: str) -> QueryParameter:
    match = _PARAM.match(value)
    if not match:
        raise QueryError(f"{where}:{line_number}: cannot read the parameter line {value!r}; "
                         "write it as `# param: NAME (TYPE, default VALUE) — description`")
    declared = match.group("type").strip().lower()
    if declared not in PARAMETER_TYPES:
        raise QueryError(f"{where}:{line_number}: parameter {match.group('name')!r} has the "
                         f"unknown type {match.group('type')!r}; use one of xsd:date, xsd:integer, iri, string")
    return QueryParameter(match.group("name"), PARAMETER_TYPES[declared], match.group("default").strip(),
                          (match.group("text") or "").strip())


def _parse_list_line(where: str, line_number: int, value: str) -> ListColumn:
    match = _LIST.match(value)
    if not match:
        raise QueryError(f"{where}:{line_number}: cannot read the list line {value!r}; write it as "
                         '`# list: COLUMN "SEPARATOR"`, optionally followed by `suffixes "S1" "S2"`')
    suffixes = tuple(re.findall(r'"([^"]+)"', match.group("suffixes") or ""))
    return ListColumn(match.group("name"), match.group("separator"), suffixes)


def sort_list_cells(saved: SavedQuery, result: QueryResult) -> QueryResult:
    """The result with the values inside each list cell sorted (the query's ``# list:`` lines).

    A value that itself contains the separator is sorted as the pieces the separator cuts it into.
    """
    positions = [(result.columns.index(column.name), column) for column in saved.lists
                 if column.name in result.columns]
    if result.kind != "select" or not positions:
        return result
    rows, terms = list(result.rows), list(result.terms)
    for n, row in enumerate(rows):
        for position, column in positions:
            text = row[position]
            if text is None or column.separator not in text:
                continue
            value = column.sort_cell(text)
            term = terms[n][position]
            if value != text and isinstance(term, pyoxigraph.Literal):
                term = (pyoxigraph.Literal(value, language=term.language) if term.language
                        else pyoxigraph.Literal(value, datatype=term.datatype))
                terms[n] = terms[n][:position] + (term,) + terms[n][position + 1:]
                rows[n] = row = row[:position] + (value,) + row[position + 1:]
    return QueryResult(result.columns, tuple(rows), tuple(terms))


def sort_list_values(saved: SavedQuery, row: Mapping[str, str | None]) -> dict[str, str | None]:
    """One row as a dict of plain values (as another engine's CSV gives them), list cells sorted
    as sort_list_cells sorts them."""
    lists = {column.name: column for column in saved.lists}
    return {name: (lists[name].sort_cell(value) if name in lists and value else value)
            for name, value in row.items()}


def list_saved_queries() -> list[SavedQuery]:
    """Every saved query shipped with the package, by name."""
    return [parse_saved_query(f.name[:-3], f.read_text(encoding="utf-8"), f"queries/{f.name}")
            for f in resources.resource_files("queries", ".rq")]


def load_saved_query(name_or_path: str) -> SavedQuery:
    """A saved query by name, or a ``.rq`` file by path."""
    path = Path(name_or_path)
    if name_or_path.endswith(".rq"):
        if not path.is_file():
            raise QueryError(f"{name_or_path}: no such query file")
        return parse_saved_query(path.stem, path.read_text(encoding="utf-8"), name_or_path)
    candidate = resources.resource_dir("queries") / f"{name_or_path}.rq"
    if candidate.is_file():
        return parse_saved_query(name_or_path, candidate.read_text(encoding="utf-8"), f"queries/{name_or_path}.rq")
    known = ", ".join(q.name for q in list_saved_queries())
    raise QueryError(f"no saved query named {name_or_path!r}; saved queries are: {known} "
                     "(or give a path to a .rq file, or SPARQL with -e)")


def describe_saved_queries(queries: Sequence[SavedQuery] | None = None) -> str:
    """The text of ``kg query --list``: each saved query, its description and parameters."""
    lines = []
    for saved in queries if queries is not None else list_saved_queries():
        lines.append(f"{saved.name} — {saved.title}")
        if saved.description:
            lines.append(f"    {saved.description}")
        for p in saved.parameters:
            default = "unset" if p.default == UNDEF else p.default
            lines.append(f"    --param {p.name}={_PLACEHOLDER[p.type]} (default {default}): {p.description}")
    return "\n".join(lines) + "\n"


# Lexing: enough of SPARQL's terminals to find VALUES blocks outside strings, IRIs and comments ------

@dataclass(frozen=True)
class _Token:
    kind: str      # string, iri, var, langtag, datatype, word, punct
    text: str
    start: int
    end: int


_TOKEN = re.compile(r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               | '''(?:[^'\\]|\\.|'(?!''))*'''
               | "(?:[^"\\\n\r]|\\.)*"
               | '(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<datatype>\^\^)
    | (?P<word>[A-Za-z0-9_:.\-+\u00B7-\uFFFF%\\]+)
    | (?P<punct>.)
""", re.VERBOSE | re.DOTALL)


def _lex(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        if kind == "punct" and match.group() in "\"'":
            raise QueryError(f"unterminated string at character {match.start()} of the query")
        tokens.append(_Token(kind, match.group(), match.start(), match.end()))
    return tokens


def _values_blocks(tokens: Sequence[_Token], name: str) -> list[tuple[int, int]]:
    """Token index ranges (first, last+1) of the contents of every ``VALUES ?name { ... }``."""
    blocks = []
    for i, token in enumerate(tokens):
        if not (token.kind == "word" and token.text.upper() == "VALUES"):
            continue
        if i + 2 >= len(tokens) or tokens[i + 1].kind != "var" or tokens[i + 1].text[1:] != name:
            continue
        if tokens[i + 2].text != "{":
            continue
        close = next((j for j in range(i + 3, len(tokens)) if tokens[j].text == "}"), None)
        if close is None:
            raise QueryError(f"the VALUES block of ?{name} is not closed with '}}'")
        blocks.append((i + 3, close))
    return blocks


def query_form(text: str) -> str:
    """``select``, ``construct``, ``describe`` or ``ask``: the form of a SPARQL query."""
    for token in _lex(text):
        if token.kind == "word" and token.text.upper() in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            return token.text.lower()
    raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, DESCRIBE or ASK found")


def page_query(text: str, limit: int | None = None, offset: int | None = None,
               query_name: str = "query") -> str:
    """The SELECT query answering only ``limit`` rows after the first ``offset`` (``--limit``/``--offset``).

    LIMIT and OFFSET are added to the query's own solution modifiers, before a trailing VALUES
    clause; a LIMIT or OFFSET the query already has is combined with them, so the page is always
    a slice of the rows the query gives. Rows come in the query's ORDER BY order, so pages follow
    each other when the ORDER BY ends with a unique key (every saved query's does).
    """
    if limit is None and not offset:
        return text
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and value < 0:
            raise QueryError(f"--{name} must be 0 or more, not {value}")
    form = query_form(text)
    if form != "select":
        raise QueryError(f"--limit and --offset page the rows of a SELECT query; "
                         f"{query_name} is a {form.upper()} query")
    tokens = _lex(text)
    depth, own_limit, own_offset, cuts, insert_at = 0, None, 0, [], len(text)
    for i, token in enumerate(tokens):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and token.kind == "word":
            keyword = token.text.upper()
            if keyword == "VALUES":       # the query's trailing VALUES clause follows its modifiers
                insert_at = token.start
                break
            if keyword in ("LIMIT", "OFFSET") and i + 1 < len(tokens) and tokens[i + 1].text.isdigit():
                if keyword == "LIMIT":
                    own_limit = int(tokens[i + 1].text)
                else:
                    own_offset = int(tokens[i + 1].text)
                cuts.append((token.start, tokens[i + 1].end))
    offset = offset or 0
    if own_limit is not None:
        remaining = max(own_limit - offset, 0)
        limit = remaining if limit is None else min(limit, remaining)
    modifiers = (f" LIMIT {limit}" if limit is not None else "") + (f" OFFSET {own_offset + offset}"
                                                                    if own_offset + offset else "")
    pieces, position = [], 0
    for start, end in cuts:
        pieces += [text[position:start]]
        position = end
    pieces += [text[position:insert_at], f"\n{modifiers.strip()}\n", text[insert_at:]]
    return "".join(pieces)


# Parameters -----------------------------------------------------------------------------------

def parse_parameter_value(parameter: QueryParameter, raw: str) -> Term:
    """The RDF term for a value given on the command line; QueryError when it is not of the type."""
    kind = parameter.type
    if kind != "string":
        raw = raw.strip()
    if kind == "xsd:date":
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
            raise QueryError(f"parameter {parameter.name!r} is an xsd:date: give YYYY-MM-DD, not {raw!r}")
        try:
            dt.date.fromisoformat(raw)
        except ValueError:
            raise QueryError(f"parameter {parameter.name!r}: {raw!r} is not a real date") from None
        return pyoxigraph.Literal(raw, datatype=pyoxigraph.NamedNode(XSD + "date"))
    if kind == "xsd:integer":
        if not re.fullmatch(r"[+-]?[0-9]+", raw):
            raise QueryError(f"parameter {parameter.name!r} is an xsd:integer: give digits, not {raw!r}")
        return pyoxigraph.Literal(str(int(raw)), datatype=pyoxigraph.NamedNode(XSD + "integer"))
    if kind == "iri":
        return pyoxigraph.NamedNode(_expand_iri(parameter, raw))
    return pyoxigraph.Literal(raw)


def _expand_iri(parameter: QueryParameter, raw: str) -> str:
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    prefix, colon, local = raw.partition(":")
    known = display_prefixes()
    if colon and prefix in known and not local.startswith("//"):
        raw = known[prefix] + local
    if not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", raw):
        raise QueryError(f"parameter {parameter.name!r} is an IRI: give an absolute IRI such as "
                         f"https://w3id.org/conflict-kg/id/event/… (or ref:event/…), not {raw!r}")
    try:
        return pyoxigraph.NamedNode(raw).value
    except ValueError as exc:
        raise QueryError(f"parameter {parameter.name!r}: {raw!r} is not a valid IRI ({exc})") from None


def parse_param_assignments(assignments: Iterable[str]) -> dict[str, str]:
    """``["after=2021-07-01"]`` → ``{"after": "2021-07-01"}``, as ``--param`` gives them."""
    params: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals or not name.strip():
            raise QueryError(f"--param {assignment!r}: write it as NAME=VALUE, e.g. --param after=2021-07-01")
        params[name.strip()] = value
    return params


def declared_default(saved: SavedQuery, name: str) -> Term | None:
    """The default term the query text gives parameter ``name`` (None for UNDEF)."""
    tokens = _lex(saved.text)
    blocks = _values_blocks(tokens, name)
    if not blocks:
        raise QueryError(f"query {saved.name!r} declares parameter {name!r} but has no `VALUES ?{name} {{ … }}`")
    first, last = blocks[0]
    prologue = "".join(f"PREFIX {tokens[i + 1].text} {tokens[i + 2].text}\n" for i in range(len(tokens) - 2)
                       if tokens[i].kind == "word" and tokens[i].text.upper() == "PREFIX"
                       and tokens[i + 2].kind == "iri")
    block = saved.text[tokens[first].start:tokens[last - 1].end] if last > first else ""
    solutions = pyoxigraph.Store().query(f"{prologue}SELECT ?v WHERE {{ VALUES ?v {{ {block} }} }}")
    values = [solution["v"] for solution in solutions]
    if len(values) != 1:
        raise QueryError(f"query {saved.name!r}: the VALUES block of ?{name} must hold exactly one default")
    return values[0]


def bind_parameters(saved: SavedQuery, params: Mapping[str, str] | None) -> str:
    """The query text with each given parameter's VALUES default replaced by the typed value.

    Raises QueryError for an unknown parameter, a value of the wrong type, or a query that does
    not declare the parameter in a VALUES block.
    """
    if not params:
        return saved.text
    terms = {name: parse_parameter_value(saved.parameter(name), raw) for name, raw in params.items()}
    return substitute_values(saved.text, terms, query_name=saved.where)


def substitute_values(text: str, terms: Mapping[str, Term], query_name: str = "query") -> str:
    """Replace the contents of ``VALUES ?name { … }`` with one serialized term, for each name.

    The term is written by pyoxigraph's N-Triples serializer; the result is lexed again and must
    differ from the original only by those terms, so no value can change the query's structure.
    """
    tokens = _lex(text)
    edits: list[tuple[int, int, str, list[_Token]]] = []
    for name, term in terms.items():
        serialized = str(term)
        # SPARQL engines decode \u escapes before parsing (SPARQL 1.1 §19.2); Oxigraph and Jena
        # keep an escaped backslash intact, but refuse what other engines might read differently.
        if re.search(r"\\[uU]", serialized):
            raise QueryError(f"the value of {name!r} contains a backslash followed by 'u', which SPARQL "
                             "engines may read as a character escape; remove the backslash")
        term_tokens = _lex(serialized)
        if not _is_single_term(term_tokens):
            raise QueryError(f"the value of {name!r} does not serialize to one RDF term: {serialized!r}")
        blocks = _values_blocks(tokens, name)
        if not blocks:
            raise QueryError(f"query {query_name!r} has no `VALUES ?{name} {{ … }}` to bind --param {name} in")
        for first, last in blocks:
            edits.append((tokens[first - 1].end, tokens[last].start, serialized, term_tokens))
    edits.sort()
    pieces, position = [], 0
    for start, end, serialized, _ in edits:
        pieces += [text[position:start], " ", serialized, " "]
        position = end
    pieces.append(text[position:])
    rewritten = "".join(pieces)
    _check_only_terms_changed(tokens, _lex(rewritten), edits, query_name)
    return rewritten


def _is_single_term(tokens: Sequence[_Token]) -> bool:
    kinds = [t.kind for t in tokens]
    return kinds in (["iri"], ["string"], ["string", "langtag"], ["string", "datatype", "iri"])


def _check_only_terms_changed(before: Sequence[_Token], after: Sequence[_Token],
                              edits: Sequence[tuple[int, int, str, list[_Token]]], query_name: str) -> None:
    expected: list[tuple[str, str]] = []
    edit_iter = iter(sorted(edits))
    edit = next(edit_iter, None)
    for token in before:
        while edit is not None and token.start >= edit[1]:
            expected += [(t.kind, t.text) for t in edit[3]]
            edit = next(edit_iter, None)
        if edit is not None and edit[0] <= token.start < edit[1]:
            continue
        expected.append((token.kind, token.text))
    while edit is not None:
        expected += [(t.kind, t.text) for t in edit[3]]
        edit = next(edit_iter, None)
    if [(t.kind, t.text) for t in after] != expected:
        raise QueryError(f"binding parameters changed the structure of {query_name!r}; refusing to run it")


# Running --------------------------------------------------------------------------------------

def term_text(term) -> str | None:
    """The plain text of a pyoxigraph term: IRI, literal lexical form, or _:label."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Triple):
        return str(term)
    return term.value


def _resolve(query: str | SavedQuery) -> SavedQuery:
    return query if isinstance(query, SavedQuery) else load_saved_query(query)


def inline_query(text: str) -> SavedQuery:
    """SPARQL text given on the command line (``-e``), header comment and all."""
    return parse_saved_query("-e", text, "-e")


def _result_from_oxigraph(answer) -> QueryResult:
    if isinstance(answer, pyoxigraph.QuerySolutions):
        columns = tuple(v.value for v in answer.variables)
        return QueryResult.from_terms(columns, (tuple(solution[c] for c in columns) for solution in answer))
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return QueryResult((), boolean=bool(answer))
    return QueryResult((), triples=tuple(answer))


def has_named_graphs(store: pyoxigraph.Store) -> bool:
    """Whether the store holds any named graph (a TriG or N-Quads file read with --data does)."""
    return next(iter(store.named_graphs()), None) is not None


def run_sparql(store: pyoxigraph.Store, sparql: str, query_name: str = "query") -> QueryResult:
    """Run SPARQL text on a store; named graphs are seen as one default graph."""
    try:
        # The union of the named graphs costs every triple pattern a second index scan (10-30% on
        # the disk store); a store with no named graph (what `kg build` leaves) gives the same
        # answers without it.
        answer = store.query(sparql, use_default_graph_as_union=has_named_graphs(store))
        return _result_from_oxigraph(answer)
    except SyntaxError as exc:
        message = _first_line(exc)
        located = re.match(r"error at (\d+):(\d+): (.*)", message)
        if located:
            message = f"{query_name}:{located.group(1)}:{located.group(2)}: SPARQL syntax error: {located.group(3)}"
        else:
            message = f"{query_name}: SPARQL syntax error: {message}"
        raise QueryError(message if len(message) <= 300 else message[:299] + "…") from None
    except OSError as exc:
        raise QueryError(f"{query_name}: the query failed: {_first_line(exc)}") from None


def select_rows(store: pyoxigraph.Store, sparql: str) -> QueryResult:
    """Run a SELECT on a store (named graphs seen as one default graph)."""
    result = run_sparql(store, sparql)
    if result.kind != "select":
        raise QueryError("the query is not a SELECT query")
    return result


def run_query(store: pyoxigraph.Store, query: str | SavedQuery,
              params: Mapping[str, str] | None = None, *, limit: int | None = None,
              offset: int | None = None) -> QueryResult:
    """Run a saved query (by name, .rq path, or SavedQuery) on a store, with parameter values;
    ``limit``/``offset`` give one page of its rows (page_query)."""
    saved = _resolve(query)
    text = page_query(bind_parameters(saved, params), limit, offset, saved.where)
    return sort_list_cells(saved, run_sparql(store, text, saved.where))


_ACCEPT = {
    "select": "application/sparql-results+json",
    "ask": "application/sparql-results+json",
    "construct": "application/n-triples",
    "describe": "application/n-triples",
}


def run_endpoint_sparql(endpoint: str, sparql: str, timeout: float = 60.0,
                        query_name: str = "query") -> QueryResult:
    """Run SPARQL text on a SPARQL 1.1 endpoint (protocol: POST, form-encoded ``query``)."""
    form = query_form(sparql)
    body = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
    request = urllib.request.Request(endpoint, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "Accept": _ACCEPT[form],
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()[:1]
        raise EndpointError(f"{endpoint} answered {exc.code} {exc.reason} to {query_name}"
                            + (f": {detail[0]}" if detail else "")) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(f"cannot reach the SPARQL endpoint {endpoint}: {reason}") from None
    try:
        if form in ("select", "ask"):
            return _result_from_oxigraph(
                pyoxigraph.parse_query_results(payload, format=pyoxigraph.QueryResultsFormat.JSON))
        quads = pyoxigraph.parse(payload, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return QueryResult((), triples=tuple(pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads))
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(f"{endpoint} sent an answer that is not valid {_ACCEPT[form]}: "
                            f"{_first_line(exc)}") from None


def run_endpoint_query(endpoint: str, query: str | SavedQuery, params: Mapping[str, str] | None = None,
                       timeout: float = 60.0) -> QueryResult:
    """Run a saved query on a SPARQL 1.1 endpoint, parameters bound as for a local store."""
    saved = _resolve(query)
    result = run_endpoint_sparql(endpoint, bind_parameters(saved, params), timeout, saved.where)
    return sort_list_cells(saved, result)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


# Formatting -----------------------------------------------------------------------------------

def format_result(result: QueryResult, format_name: str | None = None) -> str:
    """Results as text: SELECT/ASK in table, csv, tsv, json, srj (SPARQL JSON) or srx (SPARQL XML);
    CONSTRUCT/DESCRIBE in an RDF format of kg.formats (Turtle by default)."""
    if result.kind == "graph":
        return _format_graph(result, format_name or "turtle")
    format_name = format_name or "table"
    if format_name not in RESULT_FORMATS:
        raise QueryError(f"a {result.kind.upper()} query gives a result table, not RDF: use --format "
                         f"{'|'.join(RESULT_FORMATS)} (got {format_name!r})")
    if result.kind == "ask":
        return _format_boolean(result.boolean, format_name)
    return _FORMATTERS[format_name](result)


def _format_delimited(result: QueryResult, delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def display_prefixes() -> dict[str, str]:
    """Prefixes tables show IRIs with and --param accepts: the project's, plus the exports'
    per-folder ones (``event:2021-07-07-…`` for ``ref:event/2021-07-07-…``)."""
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    from kg.export import export_prefixes
    prefixes.update(export_prefixes())
    return prefixes


def compact_iri(iri: str) -> str:
    """An IRI written with the longest prefix of display_prefixes that fits, for people to read."""
    best = None
    for prefix, namespace in display_prefixes().items():
        if iri.startswith(namespace) and len(iri) > len(namespace) and (best is None or len(namespace) > len(best[1])):
            best = (prefix, namespace)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def _table_cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return compact_iri(term.value)
    return " ".join((term_text(term) or "").split())


def _format_table(result: QueryResult) -> str:
    cells = [[_table_cell(term) for term in row] for row in result.terms]
    cut = False
    for row in cells:
        for i, value in enumerate(row):
            if len(value) > TABLE_CELL_WIDTH:
                row[i], cut = value[:TABLE_CELL_WIDTH - 1] + "…", True
    table = [list(result.columns)] + cells
    widths = [max(len(row[i]) for row in table) for i in range(len(result.columns))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    footer = f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''}"
    if cut:
        footer += f"; values longer than {TABLE_CELL_WIDTH} characters are cut: --format csv or json shows them whole"
    return "\n".join(lines) + f"\n{footer})\n"


_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                    "positiveInteger", "nonPositiveInteger", "negativeInteger",
                                    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def _json_value(term: Term | None):
    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(term.value)
            if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
    return term_text(term)


def _format_json(result: QueryResult) -> str:
    rows = [{c: _json_value(t) for c, t in zip(result.columns, row)} for row in result.terms]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _srj_term(term: Term) -> dict:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Triple):
        return {"type": "triple", "value": {"subject": _srj_term(term.subject),
                                            "predicate": _srj_term(term.predicate),
                                            "object": _srj_term(term.object)}}
    value = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        value["datatype"] = term.datatype.value
    return value


def _format_srj(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON Format (https://www.w3.org/TR/sparql11-results-json/)."""
    bindings = [{c: _srj_term(t) for c, t in zip(result.columns, row) if t is not None}
                for row in result.terms]
    return json.dumps({"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=2) + "\n"


def _srx_term(term: Term) -> str:
    if isinstance(term, pyoxigraph.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, pyoxigraph.Triple):
        return (f"<triple><subject>{_srx_term(term.subject)}</subject><predicate>{_srx_term(term.predicate)}"
                f"</predicate><object>{_srx_term(term.object)}</object></triple>")
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
    if term.datatype.value != XSD + "string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(term.value)}</literal>"


# Line breaks and tabs as character references, so XML parsers that trim text keep them.
_XML_TEXT = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def _xml_text(value: str) -> str:
    return xml_escape(value, _XML_TEXT)


_SRX_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _format_srx(result: QueryResult) -> str:
    """SPARQL Query Results XML Format (https://www.w3.org/TR/rdf-sparql-XMLres/)."""
    lines = [_SRX_HEAD.rstrip("\n"), "  <head>"]
    lines += [f"    <variable name={quoteattr(c)}/>" for c in result.columns]
    lines += ["  </head>", "  <results>"]
    for row in result.terms:
        lines.append("    <result>")
        lines += [f"      <binding name={quoteattr(c)}>{_srx_term(t)}</binding>"
                  for c, t in zip(result.columns, row) if t is not None]
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def _format_boolean(value: bool, format_name: str) -> str:
    text = "true" if value else "false"
    if format_name == "srj":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    if format_name == "srx":
        return f"{_SRX_HEAD}  <head/>\n  <boolean>{text}</boolean>\n</sparql>\n"
    if format_name == "json":
        return json.dumps({"boolean": value}) + "\n"
    return text + "\n"


def _format_graph(result: QueryResult, format_name: str) -> str:
    if format_name not in FORMATS:
        raise QueryError(f"a CONSTRUCT or DESCRIBE query gives RDF: use --format "
                         f"{'|'.join(sorted(FORMATS))} (got {format_name!r})")
    rdf_format = FORMATS[format_name]
    items = result.triples or ()
    if rdf_format.quads:
        items = [pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.DefaultGraph()) for t in items]
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    data = pyoxigraph.serialize(items, format=rdf_format.oxigraph, prefixes=prefixes)
    return (data or b"").decode("utf-8")


_FORMATTERS = {
    "table": _format_table,
    "csv": lambda result: _format_delimited(result, ","),
    "tsv": lambda result: _format_delimited(result, "\t"),
    "json": _format_json,
    "srj": _format_srj,
    "srx": _format_srx,
}


# The command ----------------------------------------------------------------------------------

def answer_query(query: str | None = None, *, expression: str | None = None,
                 params: Iterable[str] = (), data: Sequence[str | Path] = (),
                 store_root: Path | None = None, endpoint: str | None = None,
                 format_name: str | None = None, limit: int | None = None,
                 offset: int | None = None) -> str:
    """What ``kg query`` prints: run a saved query, a .rq file or ``-e`` SPARQL and format it.

    The graph is ``data`` files when given, else ``endpoint`` when given, else the default store.
    ``limit``/``offset`` print one page of a SELECT query's rows. List cells are sorted (``# list:``).
    """
    if (query is None) == (expression is None):
        raise QueryError("give either a saved query name or .rq file, or SPARQL with -e (not both); "
                         "`kg query --list` shows the saved queries")
    if data and endpoint:
        raise QueryError("give --data files or --endpoint, not both")
    saved = inline_query(expression) if expression is not None else load_saved_query(query)
    if format_name is not None and format_name not in OUTPUT_FORMATS:
        raise QueryError(f"unknown format {format_name!r}; use one of {', '.join(OUTPUT_FORMATS)}")
    bound = page_query(bind_parameters(saved, parse_param_assignments(params)), limit, offset, saved.where)
    if endpoint:
        result = run_endpoint_sparql(endpoint, bound, query_name=saved.where)
    else:
        from kg.store import open_graph
        result = run_sparql(open_graph(data, store_root), bound, saved.where)
    return format_result(sort_list_cells(saved, result), format_name)
