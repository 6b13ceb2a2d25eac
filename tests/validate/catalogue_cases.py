"""Reading the catalogue of broken graphs (tests/validate/catalogue/, see its README.md)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kg.validate import ValidationResult

CATALOGUE = Path(__file__).resolve().parent / "catalogue"

# The prefixes expected.json files use: those of the catalogue's data.ttl, plus shapes and SHACL.
PREFIXES = {
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "oa": "http://www.w3.org/ns/oa#",
    "ck": "https://w3id.org/conflict-kg/ontology#",
    "cks": "https://w3id.org/conflict-kg/shapes#",
    "weapon": "https://w3id.org/conflict-kg/weapon/",
    "article": "https://w3id.org/conflict-kg/id/article/",
    "event": "https://w3id.org/conflict-kg/id/event/",
    "evidence": "https://w3id.org/conflict-kg/id/evidence/",
    "use": "https://w3id.org/conflict-kg/id/weaponuse/",
    "figure": "https://w3id.org/conflict-kg/id/figure/",
    "claim": "https://w3id.org/conflict-kg/id/claim/",
    "attrib": "https://w3id.org/conflict-kg/id/attribution/",
    "facility": "https://w3id.org/conflict-kg/id/facility/",
    "place": "https://w3id.org/conflict-kg/id/place/",
    "country": "https://w3id.org/conflict-kg/id/country/",
    "actor": "https://w3id.org/conflict-kg/id/actor/",
}

# (severity, focus, path, value, shape, constraint component), terms in N-Triples syntax.
ResultKey = tuple[str, str, str | None, str | None, str, str]


def expand(term: str | None) -> str | None:
    """A prefixed name or Turtle literal of expected.json in N-Triples syntax."""
    if term is None:
        return None
    literal = re.fullmatch(r'("(?:[^"\\]|\\.)*")(?:\^\^(\w+):(\S+))?', term)
    if literal:
        lexical, prefix, local = literal.groups()
        return f"{lexical}^^<{PREFIXES[prefix]}{local}>" if prefix else lexical
    prefix, _, local = term.partition(":")
    return f"<{PREFIXES[prefix]}{local}>"


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path

    @property
    def data(self) -> Path:
        return self.folder / "data.ttl"

    @property
    def expected(self) -> dict:
        return json.loads((self.folder / "expected.json").read_text(encoding="utf-8"))

    @property
    def exit_code(self) -> int:
        return self.expected["exit_code"]

    @property
    def exit_code_fail_on_warning(self) -> int:
        return self.expected.get("exit_code_fail_on_warning", self.exit_code)

    @property
    def parses(self) -> bool:
        return "error" not in self.expected

    def expected_results(self) -> list[ResultKey]:
        return sorted((r["severity"], expand(r["focus"]), expand(r.get("path")), expand(r.get("value")),
                       expand(r["shape"]), expand(r["constraint"])) for r in self.expected["results"])


def cases() -> list[Case]:
    return [Case(folder.name, folder) for folder in sorted(CATALOGUE.iterdir()) if (folder / "data.ttl").is_file()]


def parsing_cases() -> list[Case]:
    return [case for case in cases() if case.parses]


def result_key(result: ValidationResult) -> ResultKey:
    """What expected.json pins down about a result (a node-level result's value is its focus node)."""
    return (result.severity, result.focus_node, result.path, result.value, result.source_shape,
            result.constraint_component)


def json_result_key(result: dict) -> ResultKey:
    """The same, from one result of `kg validate --format json`."""
    def iri(value):
        return None if value is None else (value if value.startswith("_:") else f"<{value}>")
    return (result["severity"], iri(result["focus_node"]), iri(result["path"]), result["value"],
            iri(result["source_shape"]), iri(result["constraint_component"]))
