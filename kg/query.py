"""Saved SPARQL queries (``queries/*.rq``) and running SPARQL over a store.

A saved query is a file whose leading comment gives its title, description and parameters; the
file name is the query's name. ``run_query`` runs a saved query or SPARQL text on a pyoxigraph store
and returns plain rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kg import resources
from kg.errors import QueryError

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class QueryParameter:
    name: str
    type: str
    default: str
    description: str = ""


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    text: str
    parameters: tuple[QueryParameter, ...] = ()


@dataclass(frozen=True)
class QueryResult:
    """SELECT results as plain strings (None for unbound), in the query's column order."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...] = field(default_factory=tuple)

    def as_dicts(self) -> list[dict[str, str]]:
        return [{c: (v if v is not None else "") for c, v in zip(self.columns, row)} for row in self.rows]


def parse_saved_query(name: str, text: str) -> SavedQuery:
    """Read the header comment of a saved query."""
    title, description, params = name, "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            # "# param: after (xsd:date, default 2021-06-28) — events on or after this date"
            pm = re.match(r"(\w+)\s*\(([^,)]+),\s*default\s+([^)]*)\)\s*(?:[-—:]\s*(.*))?", value)
            if pm:
                params.append(QueryParameter(pm.group(1), pm.group(2).strip(), pm.group(3).strip(),
                                             (pm.group(4) or "").strip()))
    return SavedQuery(name, title, description, text, tuple(params))


def list_saved_queries() -> list[SavedQuery]:
    """Every saved query shipped with the package, by name."""
    return [parse_saved_query(f.name[:-3], f.read_text(encoding="utf-8"))
            for f in resources.resource_files("queries", ".rq")]


def load_saved_query(name_or_path: str) -> SavedQuery:
    """A saved query by name, or a ``.rq`` file by path."""
    path = Path(name_or_path)
    if name_or_path.endswith(".rq") and path.is_file():
        return parse_saved_query(path.stem, path.read_text(encoding="utf-8"))
    folder = resources.resource_dir("queries")
    candidate = folder / f"{name_or_path}.rq"
    if candidate.is_file():
        return parse_saved_query(name_or_path, candidate.read_text(encoding="utf-8"))
    known = ", ".join(q.name for q in list_saved_queries())
    raise QueryError(f"no saved query named {name_or_path!r}; saved queries are: {known} "
                     "(or give a path to a .rq file)")


def term_text(term) -> str | None:
    """The plain text of a pyoxigraph term: IRI, literal lexical form, or _:label."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return term.value


def select_rows(store: pyoxigraph.Store, sparql: str) -> QueryResult:
    """Run a SELECT on a store (named graphs seen as one default graph); plain-text rows."""
    try:
        solutions = store.query(sparql, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    if not isinstance(solutions, pyoxigraph.QuerySolutions):
        raise QueryError("the query is not a SELECT query")
    columns = tuple(v.value for v in solutions.variables)
    rows = tuple(tuple(term_text(solution[c]) for c in columns) for solution in solutions)
    return QueryResult(columns, rows)


def run_query(store: pyoxigraph.Store, name_or_path: str) -> QueryResult:
    """Run a saved query (by name or .rq path) on a store."""
    return select_rows(store, load_saved_query(name_or_path).text)


def format_result(result: QueryResult, format_name: str = "table") -> str:
    """SELECT results as text: an aligned ``table``, ``csv`` or ``tsv``."""
    import csv
    import io

    if format_name in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if format_name == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["" if v is None else v for v in row])
        return buffer.getvalue()
    cells = [list(result.columns)] + [["" if v is None else v for v in row] for row in result.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(result.columns))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n({len(result.rows)} rows)\n"
