"""Validate a graph against the SHACL shapes (``shapes/*.ttl``): the validate stage.

``validate_graph(store_or_graph)`` returns a ``ValidationReport``; ``format_report`` writes it as
text, JSON, JUnit XML or GitHub Actions annotations. Two engines give the same results:

* ``fast`` (the default) compiles the shapes into whole-graph SPARQL SELECT queries and runs them
  on Oxigraph: one query finds every focus node that breaks a constraint, where a SHACL engine asks
  once per focus node. SHACL-SPARQL constraints run once as written, and their solutions are kept
  where ``$this`` is a target. It covers the SHACL Core features docs/validation.md lists.
* ``pyshacl`` runs pyshacl on an rdflib copy of the graph: the reference, slow on big graphs.

``auto`` uses ``fast`` unless the shapes use a feature it does not compile, then ``pyshacl``.
A test runs both engines (and Apache Jena) over the catalogue of broken graphs in
tests/validate/catalogue/ and requires identical results.

Results name the focus node with its label, the path, the value, the shape, the constraint, the
message, and where the focus node has evidence, the article and sentence it came from.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence
from xml.etree import ElementTree

import pyoxigraph
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

from kg import resources
from kg.errors import RdfSyntaxError, ShapesError
from kg.namespaces import CK, OA, PREFIXES

CKS = rdflib.Namespace("https://w3id.org/conflict-kg/shapes#")

SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
FAIL_ON = ("violation", "warning")
ENGINES = ("auto", "fast", "pyshacl")
REPORT_FORMATS = ("text", "json", "junit", "github")


@dataclass(frozen=True)
class Source:
    """A sentence the focus node's facts came from (its ck:evidence)."""

    article: str                 # the article's ck:fileName (its IRI when the graph lacks one)
    sentence: str | None = None  # oa:exact
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL validation result. Terms are in N-Triples syntax (``<iri>``, ``"2"^^<...>``),
    except ``path``, which is SPARQL property-path syntax (the same for a plain predicate)."""

    severity: str                        # "Violation", "Warning" or "Info"
    focus_node: str
    path: str | None
    value: str | None
    source_shape: str
    constraint_component: str
    source_constraint: str | None
    message: str
    focus_label: str | None = None
    sources: tuple[Source, ...] = ()
    location: tuple[str, int] | None = None   # (data file, line) where the focus node is described

    def key(self) -> tuple:
        """What two engines must agree on (everything but the looked-up context)."""
        return (self.severity, self.focus_node, self.path or "", self.value or "", self.source_shape,
                self.constraint_component, self.source_constraint or "", self.message)


@dataclass(frozen=True)
class ValidationReport:
    """The results of validating one graph, sorted by severity, shape and focus node."""

    results: tuple[ValidationResult, ...]
    engine: str                      # the engine that ran: "fast" or "pyshacl"
    triples: int
    seconds: float
    notes: tuple[str, ...] = ()      # e.g. why "auto" fell back to pyshacl

    @property
    def conforms(self) -> bool:
        """SHACL's sh:conforms: true only when there is no result of any severity."""
        return not self.results

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def failures(self, fail_on: str = "violation") -> list[ValidationResult]:
        """The results that make validation fail: violations, or also warnings."""
        if fail_on not in FAIL_ON:
            raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        worst = 0 if fail_on == "violation" else 1
        return [r for r in self.results if SEVERITY_ORDER.get(r.severity, 9) <= worst]

    def passes(self, fail_on: str = "violation") -> bool:
        return not self.failures(fail_on)


def _sort_key(result: ValidationResult) -> tuple:
    return (SEVERITY_ORDER.get(result.severity, 9), result.source_shape, result.focus_node,
            result.path or "", result.value or "", result.constraint_component, result.message)


def default_shapes_files() -> list[Path]:
    """The shapes files shipped with the package."""
    return [Path(str(f)) for f in resources.resource_files("shapes", ".ttl")]


def load_shapes(shapes: str | Path | Sequence[str | Path] | rdflib.Graph | None = None) -> rdflib.Graph:
    """The shapes graph: the packaged shapes, or the given files / folders (of ``*.ttl``)."""
    if isinstance(shapes, rdflib.Graph):
        return shapes
    if shapes is None:
        paths = default_shapes_files()
    else:
        paths = []
        for item in ([shapes] if isinstance(shapes, (str, Path)) else list(shapes)):
            item = Path(item)
            if item.is_dir():
                found = sorted(item.glob("*.ttl"))
                if not found:
                    raise ShapesError(f"{item}: the folder holds no .ttl shapes files")
                paths.extend(found)
            else:
                paths.append(item)
    if not paths:
        raise ShapesError("no shapes files: give --shapes FILE")
    for path in paths:
        if not path.is_file():
            raise ShapesError(f"{path}: no such shapes file")
    return _parse_shapes(tuple((str(p), p.stat().st_mtime_ns) for p in paths))


@functools.lru_cache(maxsize=8)
def _parse_shapes(files: tuple[tuple[str, int], ...]) -> rdflib.Graph:
    """Parse shapes files once per process (keyed by path and modification time)."""
    from kg.formats import format_for_path
    graph = rdflib.Graph()
    for name, _mtime in files:
        try:
            graph.parse(name, format=format_for_path(name).rdflib_name)
        except Exception:  # rdflib's parsers raise many types; Oxigraph says where the error is
            from kg.store import load_files
            try:
                load_files([name])
            except RdfSyntaxError as exc:
                raise ShapesError(f"shapes file {exc}") from None
            raise ShapesError(f"shapes file {name} cannot be read as RDF") from None
    if not any(graph.subjects(RDF.type, SH.NodeShape)) and not any(graph.subjects(SH.path, None)):
        raise ShapesError(f"{', '.join(name for name, _ in files)}: no sh:NodeShape or sh:PropertyShape "
                          "found; is this a SHACL shapes file?")
    return graph


class Unsupported(Exception):
    """The fast engine does not compile a feature the shapes use (the message says which)."""


def _nt(term) -> str:
    """N-Triples syntax of an rdflib or pyoxigraph term."""
    if isinstance(term, (URIRef, BNode, Literal)):
        return term.n3()
    return str(term)


# Datatypes whose well-formedness a cast to the datatype itself checks on Oxigraph.
_CASTABLE = {XSD[name] for name in (
    "string", "boolean", "integer", "decimal", "float", "double", "dateTime", "date", "time",
    "duration", "yearMonthDuration", "dayTimeDuration", "gYear", "gYearMonth", "gMonth", "gDay",
    "gMonthDay")}

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
}
_COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_PAIRS = {SH.lessThan: "<", SH.lessThanOrEquals: "<="}

# Parameters of a shape that are not constraints (or that the compiler handles elsewhere).
_NON_CONSTRAINTS = {
    RDF.type, RDFS.label, RDFS.comment, SH.path, SH.message, SH.severity, SH.deactivated, SH.name,
    SH.description, SH.order, SH.group, SH.defaultValue, SH.targetClass, SH.targetNode,
    SH.targetSubjectsOf, SH.targetObjectsOf, SH.property, SH.sparql, SKOS.prefLabel,
    SKOS.definition, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo,
}
_VALUE_COMPONENTS = {
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
}
_COUNT_COMPONENTS = {SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent}
_PAIR_COMPONENTS = {
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
}
_SUPPORTED = set(_VALUE_COMPONENTS) | set(_COUNT_COMPONENTS) | set(_PAIR_COMPONENTS) | {SH.flags}

_PRE_BOUND = re.compile(r"\$(currentShape|shapesGraph|PATH|value)\b")


@dataclass
class _Check:
    """One query over the whole graph and how its rows become results.

    With ``target`` set, ``query`` finds the rows that break the constraint anywhere in the graph
    and only their ``?this`` are then tested against the target pattern; without it, ``query``
    visits the focus nodes itself (the rule is about something missing from each of them).
    """

    query: str
    target: str | None
    shape: str                                  # source shape, N-Triples
    severity: str
    messages: tuple[str, ...]
    path: str | None                            # static result path (SPARQL path text)
    components: tuple[tuple[str, str], ...] = ()  # (?ok variable, component IRI) for value checks
    component: str | None = None                # for checks with one component
    kind: str = "value"                         # "value", "count", "pair", "sparql"
    source_constraint: str | None = None


class _Compiler:
    """Turns a shapes graph into a list of whole-graph checks, given the data's class closures."""

    def __init__(self, shapes: rdflib.Graph, subclasses: Callable[[URIRef], list[URIRef]],
                 union: bool = False):
        self.g = shapes
        self.subclasses = subclasses
        self.union = union          # the data has named graphs: the same triple may come twice
        self.counter = 0

    def fresh(self) -> str:
        self.counter += 1
        return f"?_v{self.counter}"

    def list_items(self, node) -> list:
        return list(Collection(self.g, node))

    def path_text(self, node) -> str:
        """SHACL property path (SHACL 2.3.1) as SPARQL property-path syntax."""
        g = self.g
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (node, RDF.first, None) in g:
            return "(" + " / ".join(self.path_text(p) for p in self.list_items(node)) + ")"
        for predicate, template in ((SH.inversePath, "^{}"), (SH.alternativePath, None),
                                    (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                                    (SH.zeroOrOnePath, "{}?")):
            inner = g.value(node, predicate)
            if inner is None:
                continue
            if predicate == SH.alternativePath:
                return "(" + " | ".join(self.path_text(p) for p in self.list_items(inner)) + ")"
            text = self.path_text(inner)
            return template.format(text if isinstance(inner, URIRef) else f"({text})")
        raise Unsupported(f"the path {node!r} is not a SHACL property path")

    def class_test(self, var: str, cls: URIRef) -> str:
        """SPARQL boolean: ``var`` is an instance of ``cls`` (rdf:type/rdfs:subClassOf* in the data)."""
        classes = self.subclasses(cls)
        if len(classes) == 1:
            return f"EXISTS {{ {var} a <{classes[0]}> }}"
        t = self.fresh()
        return f"EXISTS {{ VALUES {t} {{ {' '.join(f'<{c}>' for c in classes)} }} {var} a {t} }}"

    def target_pattern(self, shape) -> str | None:
        """A group graph pattern binding ?this to every target of ``shape`` (None: no targets)."""
        g, branches = self.g, []
        classes = []
        for cls in g.objects(shape, SH.targetClass):
            classes.extend(c for c in self.subclasses(cls) if c not in classes)
        if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, OWL.Class) in g:
            classes.extend(c for c in self.subclasses(shape) if c not in classes)   # implicit class target
        if len(classes) == 1:
            branches.append(f"?this a <{classes[0]}> .")
        elif classes:
            branches.append(f"VALUES ?_shacl_type {{ {' '.join(f'<{c}>' for c in classes)} }} ?this a ?_shacl_type .")
        nodes = list(g.objects(shape, SH.targetNode))
        if nodes:
            branches.append(f"VALUES ?this {{ {' '.join(_nt(n) for n in nodes)} }}")
        for p in g.objects(shape, SH.targetSubjectsOf):
            branches.append(f"?this <{p}> [] .")
        for p in g.objects(shape, SH.targetObjectsOf):
            branches.append(f"[] <{p}> ?this .")
        if not branches:
            return None
        return branches[0] if len(branches) == 1 else " UNION ".join(f"{{ {b} }}" for b in branches)

    def severity(self, shape) -> str:
        severity = self.g.value(shape, SH.severity) or SH.Violation
        if severity not in SEVERITY_NAMES:
            raise Unsupported(f"the severity {severity} of {shape} is not sh:Violation, sh:Warning or sh:Info")
        return SEVERITY_NAMES[severity]

    def messages(self, node) -> tuple[str, ...]:
        return tuple(sorted(str(m) for m in self.g.objects(node, SH.message)))

    def deactivated(self, shape) -> bool:
        value = self.g.value(shape, SH.deactivated)
        return isinstance(value, Literal) and value.toPython() is True

    def check_parameters(self, shape) -> None:
        for predicate in set(self.g.predicates(shape, None)):
            if predicate not in _SUPPORTED and predicate not in _NON_CONSTRAINTS and str(predicate).startswith(str(SH)):
                raise Unsupported(f"{shape} uses {predicate.n3(self.g.namespace_manager)}")

    # Value conditions: SPARQL expressions that are true when the node conforms.
    def value_condition(self, predicate, obj, var: str, shape) -> str:
        g = self.g
        if predicate == SH.datatype:
            if obj == RDF.langString:
                test = f"(isLiteral({var}) && lang({var}) != \"\")"
            elif obj == XSD.string:
                test = f"(isLiteral({var}) && lang({var}) = \"\" && datatype({var}) = <{XSD.string}>)"
            elif obj in _CASTABLE:
                # A cast to its own datatype fails on an ill-typed literal ("2021-02-30"^^xsd:date):
                # SHACL 4.1.2 says those do not match the datatype.
                test = f"(isLiteral({var}) && datatype({var}) = <{obj}> && isLiteral(<{obj}>({var})))"
            else:
                test = f"(isLiteral({var}) && datatype({var}) = <{obj}>)"
        elif predicate == SH.nodeKind:
            if obj not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {obj}")
            test = _NODE_KINDS[obj].format(v=var)
        elif predicate == SH["class"]:
            test = self.class_test(var, obj)
        elif predicate == SH["in"]:
            items = self.list_items(obj)
            if not items:
                return "false"
            if all(isinstance(i, URIRef) for i in items):
                test = f"({var} IN ({', '.join(_nt(i) for i in items)}))"
            else:   # sameTerm: "1"^^xsd:integer is not in ( "01"^^xsd:integer )
                test = "(" + " || ".join(f"sameTerm({var}, {_nt(i)})" for i in items) + ")"
        elif predicate in _COMPARISONS:
            test = f"({var} {_COMPARISONS[predicate]} {_nt(obj)})"
        elif predicate in (SH.minLength, SH.maxLength):
            op = ">=" if predicate == SH.minLength else "<="
            test = f"(!isBlank({var}) && strlen(str({var})) {op} {int(obj)})"
        elif predicate == SH.pattern:
            flags = g.value(shape, SH.flags)
            flag_arg = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            test = f"(!isBlank({var}) && regex(str({var}), {Literal(str(obj)).n3()}{flag_arg}))"
        elif predicate in (SH["or"], SH["and"], SH.xone):
            parts = [self.node_condition(member, var) for member in self.list_items(obj)]
            if predicate == SH.xone:
                test = "((" + " + ".join(f"IF({p}, 1, 0)" for p in parts) + ") = 1)" if parts else "false"
            else:
                joiner = " || " if predicate == SH["or"] else " && "
                test = "(" + joiner.join(parts) + ")" if parts else ("false" if predicate == SH["or"] else "true")
        elif predicate == SH["not"]:
            test = f"(!{self.node_condition(obj, var)})"
        elif predicate == SH.node:
            test = self.node_condition(obj, var)
        else:
            raise Unsupported(f"{predicate} in a value condition")
        # A comparison that errors (a string against a number) does not conform: SHACL asks for
        # the expression to "return true".
        return f"COALESCE({test}, false)"

    def node_condition(self, shape, var: str) -> str:
        """SPARQL boolean: the node ``var`` conforms to ``shape`` (used inside sh:or, sh:node...)."""
        g = self.g
        if self.deactivated(shape):
            return "true"
        self.check_parameters(shape)
        if (shape, SH.sparql, None) in g:
            raise Unsupported(f"sh:sparql in {shape}, a shape used inside another shape")
        parts = []
        path = g.value(shape, SH.path)
        if path is None:
            for predicate, obj in g.predicate_objects(shape):
                if predicate in _VALUE_COMPONENTS:
                    parts.append(self.value_condition(predicate, obj, var, shape))
                elif predicate in _COUNT_COMPONENTS or predicate in _PAIR_COMPONENTS:
                    raise Unsupported(f"{predicate} on node shape {shape}")
        else:
            parts.extend(self.property_conditions(shape, var, self.path_text(path)))
        for prop in g.objects(shape, SH.property):
            if self.deactivated(prop):
                continue
            self.check_parameters(prop)
            prop_path = g.value(prop, SH.path)
            if prop_path is None:
                raise Unsupported(f"property shape {prop} has no sh:path")
            parts.extend(self.property_conditions(prop, var, self.path_text(prop_path)))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def property_conditions(self, shape, var: str, path: str) -> list[str]:
        g, parts = self.g, []
        if (shape, SH.sparql, None) in g or (shape, SH.property, None) in g:
            raise Unsupported(f"nested constraints in {shape} inside another shape")
        for predicate, obj in g.predicate_objects(shape):
            if predicate == SH.minCount:
                n = int(obj)
                if n == 1:
                    parts.append(f"EXISTS {{ {var} {path} {self.fresh()} }}")
                elif n > 1:
                    raise Unsupported(f"sh:minCount {n} inside sh:or/sh:node")
            elif predicate == SH.maxCount:
                n = int(obj)
                if n == 0:
                    parts.append(f"NOT EXISTS {{ {var} {path} {self.fresh()} }}")
                elif n == 1:
                    a, b = self.fresh(), self.fresh()
                    parts.append(f"NOT EXISTS {{ {var} {path} {a} . {var} {path} {b} . FILTER (!sameTerm({a}, {b})) }}")
                else:
                    raise Unsupported(f"sh:maxCount {n} inside sh:or/sh:node")
            elif predicate in _VALUE_COMPONENTS:
                x = self.fresh()
                cond = self.value_condition(predicate, obj, x, shape)
                parts.append(f"NOT EXISTS {{ {var} {path} {x} . FILTER (!{cond}) }}")
            elif predicate in _PAIR_COMPONENTS:
                raise Unsupported(f"{predicate} inside sh:or/sh:node")
        return parts

    def compile(self) -> list[_Check]:
        g, checks = self.g, []
        shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        shapes |= {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
                   for s in g.subjects(p, None)}
        for shape in sorted(shapes, key=str):
            if self.deactivated(shape):
                continue
            target = self.target_pattern(shape)
            if target is None:
                continue
            self.check_parameters(shape)
            path = g.value(shape, SH.path)
            if path is None:
                checks.extend(self.node_shape_checks(shape, target))
            else:
                checks.extend(self.property_shape_checks(shape, target))
            for prop in sorted(g.objects(shape, SH.property), key=str):
                if self.deactivated(prop):
                    continue
                if path is not None:
                    raise Unsupported(f"sh:property under property shape {shape}")
                self.check_parameters(prop)
                if g.value(prop, SH.path) is None:
                    raise Unsupported(f"property shape {prop} has no sh:path")
                if (prop, SH.property, None) in g:
                    raise Unsupported(f"sh:property under property shape {prop}")
                checks.extend(self.property_shape_checks(prop, target))
        return checks

    def node_shape_checks(self, shape, target: str) -> list[_Check]:
        g = self.g
        components = [(p, o) for p, o in g.predicate_objects(shape) if p in _VALUE_COMPONENTS]
        for p, _ in g.predicate_objects(shape):
            if p in _COUNT_COMPONENTS or p in _PAIR_COMPONENTS:
                raise Unsupported(f"{p} on node shape {shape}")
        checks = []
        if components:
            checks.append(self.value_check(shape, target, None, components))
        for constraint in g.objects(shape, SH.sparql):
            checks.append(self.sparql_check(shape, constraint, target))
        return checks

    def property_shape_checks(self, shape, target: str) -> list[_Check]:
        """Checks of one property shape. Most start from the triples of the path and keep the
        rows that break the constraint, then test only those for target membership: a scan of
        one predicate is several times cheaper than a lookup per focus node (docs/validation.md)."""
        g = self.g
        path = self.path_text(g.value(shape, SH.path))
        severity, messages, checks = self.severity(shape), self.messages(shape), []
        if (shape, SH.sparql, None) in g:
            raise Unsupported(f"sh:sparql on property shape {shape}")
        components = [(p, o) for p, o in g.predicate_objects(shape) if p in _VALUE_COMPONENTS]
        if components:
            checks.append(self.value_check(shape, target, path, components))
        min_count, max_count = g.value(shape, SH.minCount), g.value(shape, SH.maxCount)
        if min_count is not None and int(min_count) == 1:
            # Every focus node must be visited here: the target comes first.
            x = self.fresh()
            checks.append(_Check(
                f"SELECT DISTINCT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {path} {x} }} }}", None,
                _nt(shape), severity, messages, path, component=_nt(SH.MinCountConstraintComponent),
                kind="count"))
        elif min_count is not None and int(min_count) > 1:
            checks.append(_Check(
                f"SELECT ?this WHERE {{ {{ SELECT DISTINCT ?this WHERE {{ {target} }} }} "
                f"OPTIONAL {{ ?this {path} ?_value }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_value) < {int(min_count)})",
                None, _nt(shape), severity, messages, path, component=_nt(SH.MinCountConstraintComponent),
                kind="count"))
        if max_count is not None:
            # A store holds each triple once, so COUNT(*) counts distinct values of a plain
            # predicate in the default graph.
            counted = "*" if path.startswith("<") and not self.union else "DISTINCT ?_value"
            checks.append(_Check(
                f"SELECT ?this WHERE {{ ?this {path} ?_value }} "
                f"GROUP BY ?this HAVING (COUNT({counted}) > {int(max_count)})",
                target, _nt(shape), severity, messages, path, component=_nt(SH.MaxCountConstraintComponent),
                kind="count"))
        for predicate, other in g.predicate_objects(shape):
            if predicate not in _PAIR_COMPONENTS:
                continue
            if not isinstance(other, URIRef):
                raise Unsupported(f"{predicate} with a non-IRI value in {shape}")
            component = _nt(_PAIR_COMPONENTS[predicate])
            if predicate in _PAIRS:
                op = _PAIRS[predicate]
                query = (f"SELECT DISTINCT ?this ?value ?_other WHERE {{ ?this {path} ?value . "
                         f"?this <{other}> ?_other . "
                         f"FILTER (!COALESCE(?value {op} ?_other, false)) }}")
            elif predicate == SH.equals:
                query = (f"SELECT DISTINCT ?this ?value WHERE {{ "
                         f"{{ ?this {path} ?value FILTER NOT EXISTS {{ ?this <{other}> ?value }} }} UNION "
                         f"{{ ?this <{other}> ?value FILTER NOT EXISTS {{ ?this {path} ?value }} }} }}")
            else:
                query = f"SELECT DISTINCT ?this ?value WHERE {{ ?this {path} ?value . ?this <{other}> ?value }}"
            checks.append(_Check(query, target, _nt(shape), severity, messages, path, component=component, kind="pair"))
        return checks

    def value_check(self, shape, target: str, path: str | None, components) -> _Check:
        binds, oks = [], []
        for n, (predicate, obj) in enumerate(sorted(components, key=lambda c: str(c[0]))):
            var = f"?_ok{n}"
            binds.append(f"BIND ({self.value_condition(predicate, obj, '?value', shape)} AS {var})")
            oks.append((var[1:], _nt(_VALUE_COMPONENTS[predicate])))
        failing = " || ".join(f"!?{v}" for v, _ in oks)
        projected = " ".join("?" + v for v, _ in oks)
        if path is None:      # node-level: every focus node is the value node
            query = (f"SELECT DISTINCT ?this ?value {projected} WHERE {{ {target} BIND (?this AS ?value) "
                     f"{' '.join(binds)} FILTER ({failing}) }}")
        else:                 # property values that fail, wherever they are; targets tested after
            query = (f"SELECT DISTINCT ?this ?value {projected} WHERE {{ ?this {path} ?value . "
                     f"{' '.join(binds)} FILTER ({failing}) }}")
        return _Check(query, None if path is None else target, _nt(shape), self.severity(shape),
                      self.messages(shape), path, components=tuple(oks), kind="value")

    def sparql_check(self, shape, constraint, target: str) -> _Check:
        g = self.g
        text = g.value(constraint, SH.select)
        if text is None:
            raise Unsupported(f"SPARQL constraint {constraint} has no sh:select")
        text = str(text)
        if _PRE_BOUND.search(text):
            raise Unsupported(f"SPARQL constraint {constraint} uses a pre-bound variable other than $this")
        prologue = "".join(f"PREFIX {prefix}: <{namespace}>\n"
                           for prefix, namespace in self.declared_prefixes(constraint))
        try:
            # Oxigraph parses the query (over an empty store, so nothing runs) and lists what it projects.
            solutions = pyoxigraph.Store().query(prologue + text)
        except SyntaxError as exc:
            raise ShapesError(f"the SPARQL query of {constraint} does not parse: {exc}") from None
        if not isinstance(solutions, pyoxigraph.QuerySolutions):
            raise ShapesError(f"the query of {constraint} is not a SELECT query")
        if "this" not in {v.value for v in solutions.variables}:
            raise Unsupported(f"the SELECT of {constraint} does not project $this")
        # Running the query once for the whole graph and keeping the solutions whose $this is a
        # target equals binding $this in advance when the query binds $this in its top-level
        # patterns, as the shapes file asks of its queries.
        query = f"{prologue}{text}"
        # pyshacl reports the constraint's messages and the shape's, so both are kept.
        messages = tuple(sorted(set(self.messages(constraint)) | set(self.messages(shape))))
        return _Check(query, target, _nt(shape), self.severity(shape), messages, None,
                      component=_nt(SH.SPARQLConstraintComponent), kind="sparql",
                      source_constraint=_nt(constraint) if isinstance(constraint, URIRef) else None)

    def declared_prefixes(self, constraint) -> list[tuple[str, str]]:
        found = []
        for ontology in self.g.objects(constraint, SH.prefixes):
            for declaration in self.g.objects(ontology, SH.declare):
                prefix, namespace = self.g.value(declaration, SH.prefix), self.g.value(declaration, SH.namespace)
                if prefix is not None and namespace is not None:
                    found.append((str(prefix), str(namespace)))
        return sorted(set(found))


def compile_shapes(shapes: rdflib.Graph, store: pyoxigraph.Store | None = None) -> list[_Check]:
    """The whole-graph queries for ``shapes``; raises Unsupported for a feature they cannot express."""
    closures: dict[URIRef, list[URIRef]] = {}

    def subclasses(cls: URIRef) -> list[URIRef]:
        if cls not in closures:
            found = [cls]
            if store is not None:
                rows = store.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>+ <{cls}> }}",
                                   use_default_graph_as_union=True)
                found += sorted((URIRef(row["c"].value) for row in rows
                                 if isinstance(row["c"], pyoxigraph.NamedNode)), key=str)
            closures[cls] = list(dict.fromkeys(found))
        return closures[cls]

    union = store is not None and _has_named_graphs(store)
    return _Compiler(shapes, subclasses, union).compile()


def _ox_nt(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _ox_text(term) -> str:
    """What a {?var} in a message becomes: the IRI or the lexical form (as pyshacl does)."""
    return term.value if hasattr(term, "value") else str(term)


def _fill(message: str, bindings: dict[str, object]) -> str:
    for name, term in bindings.items():
        if term is not None:
            message = re.sub(r"\{[?$]" + re.escape(name) + r"\}", lambda _m, t=term: _ox_text(t), message)
    return message


def _targets_among(store: pyoxigraph.Store, target: str, nodes: set, union: bool) -> set:
    """Which of ``nodes`` (pyoxigraph terms) match the target pattern."""
    if not nodes:
        return set()
    named = [n for n in nodes if isinstance(n, pyoxigraph.NamedNode)]
    if len(named) == len(nodes) and len(named) <= 5000:
        found = set()
        for start in range(0, len(named), 1000):
            values = " ".join(f"<{n.value}>" for n in named[start:start + 1000])
            found.update(row["this"] for row in store.query(
                f"SELECT DISTINCT ?this WHERE {{ VALUES ?this {{ {values} }} {target} }}",
                use_default_graph_as_union=union))
        return found
    # Blank nodes cannot be written in VALUES, and many candidates are cheaper tested in one scan.
    everything = {row["this"] for row in store.query(f"SELECT DISTINCT ?this WHERE {{ {target} }}",
                                                      use_default_graph_as_union=union)}
    return nodes & everything


class _Runner:
    """Runs checks on one store; identical queries (the same path and condition in several
    shapes, such as ck:evidence pointing at a ck:Evidence) run once."""

    def __init__(self, store: pyoxigraph.Store):
        self.store = store
        self.union = _has_named_graphs(store)
        self.rows: dict[str, tuple[list[str], list]] = {}

    def query_rows(self, query: str) -> tuple[list[str], list]:
        if query not in self.rows:
            solutions = self.store.query(query, use_default_graph_as_union=self.union)
            variables = [v.value for v in solutions.variables]
            self.rows[query] = (variables, [tuple(row[v] for v in variables) for row in solutions])
        return self.rows[query]

    def run(self, check: _Check) -> list[ValidationResult]:
        variables, rows = self.query_rows(check.query)
        this_at = variables.index("this")
        rows = [row for row in rows if row[this_at] is not None]
        if check.target is not None and rows:
            members = _targets_among(self.store, check.target, {row[this_at] for row in rows}, self.union)
            rows = [row for row in rows if row[this_at] in members]
        return _results_of(check, variables, rows)


def _results_of(check: _Check, variables: list[str], rows: list) -> list[ValidationResult]:
    message = " ".join(check.messages)
    results: list[ValidationResult] = []
    seen: set = set()
    for values in rows:
        row = dict(zip(variables, values))
        this = _ox_nt(row["this"])
        if check.kind == "value":
            for var, component in check.components:
                ok = row[var]
                if ok is not None and ok.value == "true":
                    continue
                results.append(ValidationResult(
                    check.severity, this, check.path, _ox_nt(row["value"]), check.shape, component,
                    None, message or _generic_message(component)))
        elif check.kind == "count":
            results.append(ValidationResult(check.severity, this, check.path, None, check.shape,
                                            check.component, None, message or _generic_message(check.component)))
        elif check.kind == "pair":
            results.append(ValidationResult(check.severity, this, check.path, _ox_nt(row["value"]),
                                            check.shape, check.component, None,
                                            message or _generic_message(check.component)))
        else:
            identity = tuple(sorted((k, _ox_nt(t)) for k, t in row.items()))
            if identity in seen:      # pyshacl, too, reports a repeated solution once
                continue
            seen.add(identity)
            path, value = row.get("path"), row.get("value")
            path_text = _ox_nt(path) if isinstance(path, pyoxigraph.NamedNode) else None
            value_text = _ox_nt(value) if value is not None else this
            fill = dict(row)
            fill["value"] = value if value is not None else row["this"]
            results.append(ValidationResult(check.severity, this, path_text, value_text, check.shape,
                                            check.component, check.source_constraint,
                                            _fill(message, fill) if message else "SPARQL constraint violated"))
    return results


def _generic_message(component: str) -> str:
    name = component.rsplit("#", 1)[-1].rstrip(">").replace("ConstraintComponent", "")
    return f"{name} constraint not satisfied"


def _has_named_graphs(store: pyoxigraph.Store) -> bool:
    return next(iter(store.named_graphs()), None) is not None


def _validate_fast(store: pyoxigraph.Store, shapes: rdflib.Graph) -> list[ValidationResult]:
    # One thread: pyoxigraph holds the GIL while it evaluates, and forked workers measured slower
    # on this 2-core machine (benchmarks/validate_bench.py); the gain is in fewer, cheaper scans.
    checks = compile_shapes(shapes, store)
    runner = _Runner(store)
    return [result for check in checks for result in runner.run(check)]


def _validate_pyshacl(data: rdflib.Graph, shapes: rdflib.Graph) -> list[ValidationResult]:
    import pyshacl

    _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                                abort_on_first=False, allow_warnings=False)
    return results_from_report_graph(report)


def results_from_report_graph(report: rdflib.Graph) -> list[ValidationResult]:
    """The results of a SHACL validation report graph (pyshacl's or Jena's), normalised."""
    results = []
    paths = _Compiler(report, lambda c: [c])
    # Only the report's own sh:result: results nested under sh:detail explain another result.
    for node in {r for report_node in report.subjects(RDF.type, SH.ValidationReport)
                 for r in report.objects(report_node, SH.result)}:
        path = report.value(node, SH.resultPath)
        path_text = paths.path_text(path) if path is not None else None
        severity = report.value(node, SH.resultSeverity)
        value = report.value(node, SH.value)
        constraint = report.value(node, SH.sourceConstraint)
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        results.append(ValidationResult(
            SEVERITY_NAMES.get(severity, str(severity)), _nt(report.value(node, SH.focusNode)), path_text,
            _nt(value) if value is not None else None, _nt(report.value(node, SH.sourceShape)),
            _nt(report.value(node, SH.sourceConstraintComponent)),
            _nt(constraint) if constraint is not None and not isinstance(constraint, BNode) else None,
            " ".join(messages)))
    return results


def _add_context(store: pyoxigraph.Store, results: list[ValidationResult],
                 files: Sequence[Path] = ()) -> list[ValidationResult]:
    focus = sorted({r.focus_node for r in results if r.focus_node.startswith("<")})
    if not focus:
        return results
    labels: dict[str, str] = {}
    sources: dict[str, list[tuple[Source, set[str]]]] = defaultdict(list)
    union = _has_named_graphs(store)
    for chunk_start in range(0, len(focus), 500):
        values = " ".join(focus[chunk_start:chunk_start + 500])
        rank = {f"<{RDFS.label}>": 0, f"<{SKOS.prefLabel}>": 1, f"<{CK.fileName}>": 2}
        best: dict[str, tuple[int, str]] = {}
        for row in store.query(
                f"SELECT ?focus ?p ?label WHERE {{ VALUES ?focus {{ {values} }} "
                f"VALUES ?p {{ {' '.join(rank)} }} ?focus ?p ?label FILTER (isLiteral(?label)) }}",
                use_default_graph_as_union=union):
            key, r = _ox_nt(row["focus"]), rank[_ox_nt(row["p"])]
            lang = getattr(row["label"], "language", None)
            candidate = (r * 2 + (0 if lang in (None, "", "en") else 1), row["label"].value)
            if key not in best or candidate < best[key]:
                best[key] = candidate
        labels.update({k: v for k, (_, v) in best.items()})
        evidence: dict[tuple[str, str], dict] = {}
        for row in store.query(
                f"SELECT ?focus ?evidence ?article ?file ?exact ?start ?end ?supports WHERE {{ "
                f"VALUES ?focus {{ {values} }} "
                f"{{ ?focus <{CK.evidence}> ?evidence }} UNION "
                f"{{ ?focus a <{CK.Evidence}> BIND (?focus AS ?evidence) }} "
                f"?evidence <{CK.article}> ?article . "
                f"OPTIONAL {{ ?article <{CK.fileName}> ?file }} OPTIONAL {{ ?evidence <{OA.exact}> ?exact }} "
                f"OPTIONAL {{ ?evidence <{OA.start}> ?start }} OPTIONAL {{ ?evidence <{OA.end}> ?end }} "
                f"OPTIONAL {{ ?evidence <{CK.supports}> ?supports }} }}", use_default_graph_as_union=union):
            key = (_ox_nt(row["focus"]), _ox_nt(row["evidence"]))
            entry = evidence.setdefault(key, {"supports": set()})
            entry["article"] = row["file"].value if row["file"] is not None else row["article"].value
            entry["exact"] = row["exact"].value if row["exact"] is not None else None
            entry["start"] = _int_or_none(row["start"])
            entry["end"] = _int_or_none(row["end"])
            if row["supports"] is not None:
                entry["supports"].add(_ox_nt(row["supports"]))
        for (key, _), entry in evidence.items():
            sources[key].append((Source(entry["article"], entry["exact"], entry["start"], entry["end"]),
                                 entry["supports"]))
        for row in store.query(f"SELECT ?focus ?file WHERE {{ VALUES ?focus {{ {values} }} "
                               f"?focus a <{CK.Article}> ; <{CK.fileName}> ?file }}",
                               use_default_graph_as_union=union):
            sources[_ox_nt(row["focus"])].append((Source(row["file"].value), set()))
    locations = _locate(files, focus) if files else {}
    enriched = []
    for result in results:
        found = sources.get(result.focus_node, [])
        # Prefer the sentences that state the property the result is about.
        specific = [s for s, supports in found if result.path in supports]
        chosen = sorted(specific or [s for s, _ in found],
                        key=lambda s: (s.article, s.start if s.start is not None else -1))[:3]
        enriched.append(ValidationResult(**{**result.__dict__, "focus_label": labels.get(result.focus_node),
                                            "sources": tuple(chosen),
                                            "location": locations.get(result.focus_node)}))
    return enriched


def _int_or_none(term) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


# Reading a data file again to find lines is worth it for the files people keep in git and fix
# by hand; a bigger file is left out (its results then carry no line).
LOCATE_MAX_BYTES = 20_000_000
_PREFIX_LINE = re.compile(r"(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)


def _locate(files: Sequence[Path], focus: Sequence[str]) -> dict[str, tuple[str, int]]:
    """Where each focus node is described in the data files: the first line that starts with it
    as subject, written as <IRI> or as a prefixed name (Turtle, TriG, N-Triples, N-Quads)."""
    wanted = {node[1:-1] for node in focus if node.startswith("<")}
    found: dict[str, tuple[str, int]] = {}
    for path in files:
        if path.suffix.lower() not in (".ttl", ".trig", ".nt", ".nq") or not path.is_file() \
                or path.stat().st_size > LOCATE_MAX_BYTES:
            continue
        prefixes: dict[str, str] = {}
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if not line or line[0] in " \t#\r\n":
                    continue
                declared = _PREFIX_LINE.match(line)
                if declared:
                    prefixes[declared.group(1)] = declared.group(2)
                    continue
                token = line.split(None, 1)[0].rstrip(";.,")
                if token.startswith("<") and token.endswith(">"):
                    iri = token[1:-1]
                else:
                    prefix, colon, local = token.partition(":")
                    if not colon or prefix not in prefixes:
                        continue
                    iri = prefixes[prefix] + local.replace("\\", "")
                if iri in wanted and iri not in found:
                    found[iri] = (str(path), number)
                    if len(found) == len(wanted):
                        break
    return {f"<{iri}>": where for iri, where in found.items()}


def validate_graph(store_or_graph: pyoxigraph.Store | rdflib.Graph,
                   shapes: str | Path | Sequence[str | Path] | rdflib.Graph | None = None,
                   engine: str = "auto", files: Sequence[str | Path] = ()) -> ValidationReport:
    """Validate a graph against the shapes (the packaged ones unless given).

    ``engine`` is "auto", "fast" or "pyshacl" (see the module docstring). ``files`` are the data
    files the graph was read from, so results can point at the line that describes a node.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    started = time.perf_counter()
    shapes_graph = load_shapes(shapes)
    if isinstance(store_or_graph, rdflib.Graph):
        from kg.store import rdflib_to_store
        graph, store = store_or_graph, rdflib_to_store(store_or_graph)
    else:
        graph, store = None, store_or_graph
    notes: list[str] = []
    used = engine
    if engine in ("auto", "fast"):
        try:
            results = _validate_fast(store, shapes_graph)
            used = "fast"
        except Unsupported as exc:
            if engine == "fast":
                raise ShapesError(f"the fast engine cannot run these shapes: {exc}; "
                                  "use --engine pyshacl") from None
            notes.append(f"the shapes use a feature the fast engine does not compile ({exc}); "
                         "validated with pyshacl")
            used = "pyshacl"
    if used == "pyshacl":
        # rdflib logs a traceback for every ill-typed literal; the report names them anyway.
        term_logger = logging.getLogger("rdflib.term")
        level = term_logger.level
        term_logger.setLevel(logging.CRITICAL)
        try:
            if graph is None:
                from kg.store import store_to_rdflib
                graph = store_to_rdflib(store)
            results = _validate_pyshacl(graph, shapes_graph)
        finally:
            term_logger.setLevel(level)
    results = _add_context(store, results, [Path(f) for f in files])
    return ValidationReport(tuple(sorted(results, key=_sort_key)), used, len(store),
                            time.perf_counter() - started, tuple(notes))


def validate_data(data: Sequence[str | Path] | None = None,
                  shapes: str | Path | Sequence[str | Path] | None = None,
                  store_root: Path | None = None, engine: str = "auto") -> ValidationReport:
    """Validate RDF files (or, with none, the default store): what ``kg validate`` runs."""
    from kg.store import open_graph
    store = open_graph(list(data) if data else None, store_root)
    return validate_graph(store, shapes, engine=engine, files=[Path(p) for p in data or ()])


_DISPLAY_PREFIXES = {**{p: str(ns) for p, ns in PREFIXES.items() if p not in ("ref",)},
                     "sh": str(SH), "cks": str(CKS)}


def compact(term: str | None) -> str:
    """A term for people: vocabulary IRIs as prefixed names, data IRIs in full."""
    if not term:
        return ""
    if term.startswith("<") and term.endswith(">"):
        iri = term[1:-1]
        for prefix, namespace in _DISPLAY_PREFIXES.items():
            if iri.startswith(namespace) and re.fullmatch(r"[\w.-]*", iri[len(namespace):]):
                return f"{prefix}:{iri[len(namespace):]}"
        return term
    match = re.fullmatch(r'("(?:[^"\\]|\\.)*")\^\^<([^>]*)>', term)
    if match:
        if match.group(2) == str(XSD.string):
            return match.group(1)
        return f"{match.group(1)}^^{compact('<' + match.group(2) + '>')}"
    return term


def _plain(term: str | None) -> str | None:
    """An IRI without its angle brackets (blank nodes and literals as they are)."""
    if term and term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    return term


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def summary_line(report: ValidationReport, fail_on: str = "violation") -> str:
    """One line: the verdict, the counts, the size of the graph, the engine and the time."""
    verdict = "passes" if report.passes(fail_on) else "FAILS"
    return (f"{verdict}: {_plural(report.count('Violation'), 'violation')}, "
            f"{_plural(report.count('Warning'), 'warning')}, {_plural(report.count('Info'), 'note')} "
            f"in {report.triples} triples ({report.engine} engine, {report.seconds:.2f} s; "
            f"failing on {fail_on}s)")


def _format_text(report: ValidationReport, fail_on: str) -> str:
    lines = []
    for result in report.results:
        lines.append(f"{result.severity}: {compact(result.source_shape)} ({compact(result.constraint_component)})")
        label = f' "{result.focus_label}"' if result.focus_label else ""
        lines.append(f"  focus:   {compact(result.focus_node)}{label}")
        if result.location:
            lines.append(f"  at:      {result.location[0]}:{result.location[1]}")
        if result.path:
            lines.append(f"  path:    {compact(result.path)}")
        if result.value is not None and result.value != result.focus_node:
            lines.append(f"  value:   {compact(result.value)}")
        lines.append(f"  message: {result.message}")
        for source in result.sources:
            sentence = f': "{source.sentence}"' if source.sentence else ""
            where = f" [{source.start}:{source.end}]" if source.start is not None else ""
            lines.append(f"  source:  {source.article}{where}{sentence}")
        lines.append("")
    for note in report.notes:
        lines.append(f"note: {note}")
    lines.append(summary_line(report, fail_on))
    return "\n".join(lines) + "\n"


def _result_json(result: ValidationResult) -> dict:
    return {
        "severity": result.severity,
        "focus_node": _plain(result.focus_node),
        "focus_label": result.focus_label,
        "path": _plain(result.path),
        "value": result.value,
        "source_shape": _plain(result.source_shape),
        "source_constraint": _plain(result.source_constraint),
        "constraint_component": _plain(result.constraint_component),
        "message": result.message,
        "location": {"file": result.location[0], "line": result.location[1]} if result.location else None,
        "sources": [{"article": s.article, "sentence": s.sentence, "start": s.start, "end": s.end}
                    for s in result.sources],
    }


def _format_json(report: ValidationReport, fail_on: str) -> str:
    document = {
        "conforms": report.conforms,
        "passes": report.passes(fail_on),
        "fail_on": fail_on,
        "counts": {s: report.count(s) for s in ("Violation", "Warning", "Info")},
        "triples": report.triples,
        "engine": report.engine,
        "seconds": round(report.seconds, 3),
        "notes": list(report.notes),
        "results": [_result_json(r) for r in report.results],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _format_junit(report: ValidationReport, fail_on: str) -> str:
    failing = {id(r) for r in report.failures(fail_on)}
    suite = ElementTree.Element("testsuite", {
        "name": "kg validate", "tests": str(max(1, len(report.results))),
        "failures": str(len(failing)), "errors": "0", "skipped": "0",
        "time": f"{report.seconds:.3f}"})
    if not report.results:
        ElementTree.SubElement(suite, "testcase", {"classname": "kg.validate", "name": "graph conforms",
                                                   "time": f"{report.seconds:.3f}"})
    for result in report.results:
        case = ElementTree.SubElement(suite, "testcase", {
            "classname": compact(result.source_shape),
            "name": f"{result.severity}: {compact(result.focus_node)}"
                    + (f" {compact(result.path)}" if result.path else ""),
            "time": "0"})
        if result.location:
            case.set("file", result.location[0])
            case.set("line", str(result.location[1]))
        details = _format_text(ValidationReport((result,), report.engine, report.triples, 0.0), fail_on)
        details = details.rsplit("\n", 2)[0]
        if id(result) in failing:
            failure = ElementTree.SubElement(case, "failure", {"message": result.message,
                                                               "type": result.severity})
            failure.text = details
        else:
            ElementTree.SubElement(case, "system-out").text = details
    suites = ElementTree.Element("testsuites", {"name": "kg validate", "tests": suite.get("tests"),
                                                "failures": suite.get("failures")})
    suites.append(suite)
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


def _escape_data(text: str) -> str:
    # GitHub Actions workflow commands: https://docs.github.com/actions/reference/workflow-commands
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _format_github(report: ValidationReport, fail_on: str) -> str:
    failing = {id(r) for r in report.failures(fail_on)}
    lines = []
    for result in report.results:
        level = "error" if id(result) in failing else ("warning" if result.severity != "Info" else "notice")
        properties = []
        if result.location:
            properties += [f"file={_escape_property(result.location[0])}", f"line={result.location[1]}"]
        properties.append(f"title={_escape_property(result.severity + ' ' + compact(result.source_shape))}")
        label = f' "{result.focus_label}"' if result.focus_label else ""
        text = f"{compact(result.focus_node)}{label}"
        if result.path:
            text += f" {compact(result.path)}"
        if result.value is not None and result.value != result.focus_node:
            text += f" = {compact(result.value)}"
        text += f": {result.message}"
        for source in result.sources[:1]:
            text += f"\nsource: {source.article}" + (f': "{source.sentence}"' if source.sentence else "")
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(text)}")
    lines.append(summary_line(report, fail_on))
    return "\n".join(lines) + "\n"


_FORMATTERS: dict[str, Callable[[ValidationReport, str], str]] = {
    "text": _format_text, "json": _format_json, "junit": _format_junit, "github": _format_github,
}


def format_report(report: ValidationReport, format_name: str = "text", fail_on: str = "violation") -> str:
    """The report as text, json, junit (JUnit XML) or github (Actions annotations)."""
    if format_name not in _FORMATTERS:
        raise ValueError(f"format must be one of {', '.join(REPORT_FORMATS)}, not {format_name!r}")
    return _FORMATTERS[format_name](report, fail_on)


def exit_code(report: ValidationReport, fail_on: str = "violation") -> int:
    """0 when the report passes at ``fail_on``, 1 when it does not (2 is for errors, raised)."""
    return 0 if report.passes(fail_on) else 1
