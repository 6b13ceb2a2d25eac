"""The exception tree. The library raises these; ``kg.cli`` turns them into ``Error: ...`` lines.

    KgError                      anything conflict-kg reports to the user (exit code 2)
    ├── InputError               an article or data file cannot be used
    │   ├── ArticleError         an article: unreadable, not text, empty, bad dateline
    │   └── RdfSyntaxError       an RDF file that does not parse (file, line, column)
    ├── QueryError               an unknown saved query, a bad parameter, a SPARQL syntax error
    ├── ShapesError              a shapes file that cannot be used
    ├── StoreError               the embedded store is missing, locked or damaged
    ├── EndpointError            a SPARQL endpoint or graph store answered with an error
    └── ReasonerError            the OWL reasoner cannot run (no Java) or the data is inconsistent

Does-not-conform is not an error: ``kg validate`` returns a report and exits 1 itself.
"""

from __future__ import annotations


class KgError(Exception):
    """Base of every error conflict-kg reports to the user."""

    exit_code = 2


class InputError(KgError):
    """An input file cannot be used. ``path`` names it; ``line``/``column`` locate the problem."""

    def __init__(self, message: str, path: str | None = None,
                 line: int | None = None, column: int | None = None):
        self.path = path
        self.line = line
        self.column = column
        self.problem = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.problem}" if where else self.problem


class ArticleError(InputError):
    """An article file that cannot be read as a news article."""


class RdfSyntaxError(InputError):
    """An RDF file that does not parse."""


class QueryError(KgError):
    """A query that cannot run: unknown name, bad parameter, syntax error."""


class ShapesError(KgError):
    """A shapes graph that cannot be used."""


class StoreError(KgError):
    """The embedded store is missing, locked or damaged."""


class EndpointError(KgError):
    """A remote SPARQL endpoint or graph store answered with an error."""


class ReasonerError(KgError):
    """The OWL reasoner could not run, or found the ontology and data inconsistent."""
