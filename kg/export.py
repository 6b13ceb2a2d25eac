"""Write the graph in any RDF format, byte for byte the same for the same graph.

The work is done on canonical N-Triples lines, which pyoxigraph produces and parses in bulk:

1. every distinct triple of the source store (named graphs merged) as one N-Triples line;
2. the ontology and the reference data shipped with kg taken out or put in (``select_lines``);
3. blank nodes relabelled by RDFC-1.0 (W3C RDF Dataset Canonicalization), so their labels depend
   only on the graph, not on the parser's random labels;
4. lines sorted (byte order, each subject's rdf:type first), then written as they are
   (N-Triples) or parsed back in that order and written by pyoxigraph's serializers with the
   project prefixes (Turtle, TriG, RDF/XML, JSON-LD);
5. for TriG and N-Quads, each article's evidence goes into a named graph of its own
   (``article_graph_iri``); the rest stays in the default graph.

docs/export.md gives the rules and the reasons.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

import pyoxigraph as ox

from kg.errors import KgError
from kg.formats import FORMATS, RdfFormat, format_for_path
from kg.namespaces import CK, PREFIXES, REF
from kg.resources import resource_files
from kg.store import write_atomically

# Formats whose export carries the per-article named graphs. JSON-LD could carry them too, but
# most consumers read a JSON-LD document as one graph, so it is written like Turtle.
PROVENANCE_FORMATS = frozenset({"trig", "nquads"})

# Folders of minted and reference IRIs (docs/graph-model.md), given a prefix each so Turtle reads
# ``event:2021-07-07-…`` instead of ``ref:event\/2021-07-07-…``, which some loaders reject.
_ID_FOLDERS = ("actor", "article", "attribution", "claim", "country", "event", "evidence",
               "facility", "figure", "place", "weaponuse")
ARTICLE_GRAPH_PREFIX = "articlegraph"

_RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# While sorting, rdf:type is swapped for a key that sorts before any IRI, so each subject's types
# come first (Turtle then reads "event:… a ck:Attack ; …"). Canonical N-Triples escapes control
# characters, so the key cannot occur in a line and the swap is undone exactly.
_TYPE_SPACED = b" " + _RDF_TYPE + b" "
_TYPE_SORT_KEY = b" <\x01> "
_EVIDENCE_CLASS = f"<{CK.Evidence}>".encode()
_CK_ARTICLE = f"<{CK.article}>".encode()
_CK_EVIDENCE = f"<{CK.evidence}>".encode()


def export_prefixes() -> dict[str, str]:
    """Prefixes written in Turtle, TriG, RDF/XML and JSON-LD exports, by name."""
    prefixes = {name: str(ns) for name, ns in PREFIXES.items() if name != "ref"}
    for folder in _ID_FOLDERS:
        prefixes[folder] = f"{REF}{folder}/"
    prefixes[ARTICLE_GRAPH_PREFIX] = f"{REF}graph/article/"
    return dict(sorted(prefixes.items()))


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: ``data`` when no output file was given, else ``output``."""

    format: RdfFormat
    triples: int
    named_graphs: int = 0
    output: Path | None = None
    data: bytes | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Selection:
    """The graph an export writes, as sorted canonical N-Triples text (``count`` lines)."""

    data: bytes
    count: int

    @functools.cached_property
    def lines(self) -> list[bytes]:
        """The N-Triples lines, without their line ends."""
        return _split_lines(self.data)


# Source triples ----------------------------------------------------------------------------------

def _split_lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _dump(store: ox.Store, graph) -> bytes:
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)


def store_ntriples(store: ox.Store) -> tuple[bytes, bool]:
    """Every triple of a store as N-Triples, named graphs merged; True when there were named
    graphs, so the text may hold a triple more than once."""
    parts = [_dump(store, ox.DefaultGraph())]
    parts.extend(_dump(store, graph) for graph in store.named_graphs())
    return b"".join(parts), len(parts) > 1


def _parse_turtle(kind: str, name: str, data: bytes) -> list[ox.Triple]:
    try:
        return list(ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=str(REF)))
    except SyntaxError as exc:
        raise KgError(f"the {kind} file {name} does not parse: {exc}") from None


@dataclass(frozen=True)
class Packaged:
    """One body of packaged data: the IRIs it describes and its triples as N-Triples lines."""

    kind: str
    subjects: frozenset[bytes]
    lines: tuple[bytes, ...]
    has_blank_nodes: bool


@functools.lru_cache(maxsize=None)
def packaged_data(kind: str) -> Packaged:
    """The ``ontology`` or ``reference`` data shipped with kg (every ``*.ttl`` of its folder)."""
    triples: list[ox.Triple] = []
    for resource in resource_files(kind, ".ttl"):
        triples.extend(_parse_turtle(kind, resource.name, resource.read_bytes()))
    return packaged_from_triples(kind, triples)


def packaged_from_turtle(kind: str, turtle: str) -> Packaged:
    """A body of packaged data given as Turtle text (tests use it for small hand-written data)."""
    return packaged_from_triples(kind, _parse_turtle(kind, "(text)", turtle.encode("utf-8")))


def packaged_from_triples(kind: str, triples: list[ox.Triple]) -> Packaged:
    """A body of packaged data from its triples."""
    subjects = frozenset(f"<{t.subject.value}>".encode() for t in triples
                         if isinstance(t.subject, ox.NamedNode))
    # Through a store, like the graph it joins: Oxigraph keeps typed literals by value ("33.30" is
    # stored as "33.3"), so the packaged lines must be written the same way for the export to
    # be the same bytes whether the store already held them or not.
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    lines = tuple(_split_lines(_dump(store, ox.DefaultGraph())))
    blank = any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
                for t in triples)
    return Packaged(kind, subjects, lines, blank)


# Selection ---------------------------------------------------------------------------------------

def _object(line: bytes) -> bytes:
    # "S P O ." where S and P hold no space (IRIs and blank node labels cannot), so O is the rest.
    return line.split(b" ", 2)[2][:-2]


def _subject_range(lines: list[bytes], subject: bytes) -> tuple[int, int]:
    """Where the lines about ``subject`` are in sorted lines (they are next to each other)."""
    # Every line about it starts with "subject " and b"!" is the byte after b" ".
    return bisect.bisect_left(lines, subject + b" "), bisect.bisect_left(lines, subject + b"!")


def strip_subjects(lines: list[bytes], subjects: frozenset[bytes]) -> list[bytes]:
    """Drop the lines about ``subjects`` and about the blank nodes hanging from them (their
    objects, recursively: OWL restrictions, lists).

    ``lines`` must be sorted; each subject's lines are found by bisection, not by a scan.
    """
    cut: list[tuple[int, int]] = []
    seen: set[bytes] = set()
    todo = [s for s in subjects]
    while todo:
        subject = todo.pop()
        start, end = _subject_range(lines, subject)
        if start == end:
            continue
        cut.append((start, end))
        # Blank nodes hanging from a dropped subject (OWL restrictions, lists) go with it.
        for line in lines[start:end]:
            obj = _object(line)
            if obj.startswith(b"_:") and obj not in seen:
                seen.add(obj)
                todo.append(obj)
    if not cut:
        return lines
    kept: list[bytes] = []
    position = 0
    for start, end in sorted(cut):
        kept.extend(lines[position:start])
        position = end
    kept.extend(lines[position:])
    return kept


def _contains(lines: list[bytes], line: bytes) -> bool:
    at = bisect.bisect_left(lines, line)
    return at < len(lines) and lines[at] == line


def _holds_exactly(store: ox.Store, packaged: Packaged) -> bool:
    """Whether the store's triples about the packaged subjects are exactly the packaged ones."""
    if packaged.has_blank_nodes or not packaged.subjects:
        return False
    values = " ".join(s.decode() for s in sorted(packaged.subjects))
    query = (f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE "
             f"{{ VALUES ?s {{ {values} }} ?s ?p ?o }} }}")
    count = int(next(iter(store.query(query, use_default_graph_as_union=True)))["n"].value)
    if count != len(packaged.lines):
        return False
    for triple in ox.parse(b"\n".join(packaged.lines), format=ox.RdfFormat.N_TRIPLES):
        found = store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
        if next(found, None) is None:
            return False
    return True


def _mentions_any(store: ox.Store, subjects: frozenset[bytes]) -> bool:
    if not subjects:
        return False
    values = " ".join(s.decode() for s in sorted(subjects))
    return bool(store.query(f"ASK {{ VALUES ?s {{ {values} }} ?s ?p ?o }}", use_default_graph_as_union=True))


def canonicalize_blank_nodes(lines: list[bytes]) -> list[bytes]:
    """Relabel blank nodes with RDFC-1.0 labels (``_:c14n0`` …), which depend only on the graph.

    Only the lines holding a blank node are canonicalized: the labels depend on those triples
    alone. The lines may carry the rdf:type sort key (``_sort_key``); it is kept.
    """
    candidates = [i for i, line in enumerate(lines) if b"_:" in line]
    if not candidates:
        return lines
    text = b"\n".join(lines[i] for i in candidates).replace(_TYPE_SORT_KEY, _TYPE_SPACED)
    parsed = list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    blank = [(i, t) for i, t in zip(candidates, parsed)
             if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)]
    if not blank:
        return lines
    dataset = ox.Dataset([ox.Quad(t.subject, t.predicate, t.object) for _, t in blank])
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    relabelled = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in dataset),
                              format=ox.RdfFormat.N_TRIPLES)
    drop = {i for i, _ in blank}
    kept = [line for i, line in enumerate(lines) if i not in drop]
    kept.extend(_split_lines(_sort_key(relabelled)))
    return kept


def _sort_key(data: bytes) -> bytes:
    """N-Triples with rdf:type swapped for a key that sorts first (see ``_TYPE_SORT_KEY``)."""
    return data.replace(_TYPE_SPACED, _TYPE_SORT_KEY)


def select_lines(store: ox.Store, with_ontology: bool = False, with_reference: bool = True,
                 reference: Packaged | None = None, ontology: Packaged | None = None) -> Selection:
    """The sorted canonical N-Triples of what an export writes.

    ``with_reference``/``with_ontology``: the packaged reference data / ontology replaces whatever
    the store holds about the IRIs it describes; without them, every triple about those IRIs (and
    blank nodes only reachable from them) is left out. Entities the build minted itself (new
    facilities, groups, places) are not in the packaged data, so they always stay.
    ``reference``/``ontology`` replace the packaged data (tests use small hand-written bodies).

    The order: by subject, each subject's rdf:type first, then by predicate and object, all in
    byte order of the N-Triples text. The bulk work (dump, replace, split, sort, join) runs in C.
    """
    data, merged = store_ntriples(store)
    lines = _split_lines(_sort_key(data))
    lines = sorted(set(lines)) if merged else sorted(lines)
    added: set[bytes] = set()
    for packaged, wanted in ((reference or packaged_data("reference"), with_reference),
                             (ontology or packaged_data("ontology"), with_ontology)):
        if wanted and _holds_exactly(store, packaged):
            continue
        if _mentions_any(store, packaged.subjects):
            lines = strip_subjects(lines, packaged.subjects)
        if wanted:
            added.update(_split_lines(_sort_key(b"\n".join(packaged.lines))))
    lines.extend([line for line in sorted(added) if not _contains(lines, line)])
    if b"_:" in data or any(b"_:" in line for line in added):
        lines = canonicalize_blank_nodes(lines)
    lines.sort()  # nearly sorted already: timsort merges the runs
    text = b"\n".join(lines).replace(_TYPE_SORT_KEY, _TYPE_SPACED) + b"\n" if lines else b""
    return Selection(text, len(lines))


# Literal check ----------------------------------------------------------------------------------

# A literal of one of these datatypes whose text is not a value of the type (say "2021-13" as an
# xsd:gYearMonth) is exported as it is, but other tools warn about it (Jena's riot does), so the
# export warns first. A cast of the text to the type fails exactly for those (Oxigraph, in the engine).
# Integers and decimals of any size are valid, but Oxigraph's casts stop at 64 bits / 18 digits,
# so those two are checked by their lexical pattern (XSD 1.1 part 2, 3.3.3 and 3.4.13) instead.
_PATTERN_DATATYPES = {"integer": "^[+-]?[0-9]+$", "decimal": "^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$"}
_CAST_DATATYPES = ("boolean", "double", "float", "date", "dateTime", "time", "gYear", "gYearMonth",
                   "duration")
_MAX_EXAMPLES = 5


def _literal_check_query() -> str:
    valid = "true"
    for name in reversed(_CAST_DATATYPES):
        valid = f"IF(?type = xsd:{name}, COALESCE(isLiteral(xsd:{name}(?text)), false), {valid})"
    for name, pattern in _PATTERN_DATATYPES.items():
        valid = f'IF(?type = xsd:{name}, REGEX(?text, "{pattern}"), {valid})'
    types = ", ".join(f"xsd:{name}" for name in (*_PATTERN_DATATYPES, *_CAST_DATATYPES))
    return ("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) BIND(DATATYPE(?o) AS ?type) "
            f"FILTER(?type IN ({types})) BIND(STR(?o) AS ?text) FILTER(!COALESCE({valid}, false)) }} "
            f"LIMIT {_MAX_EXAMPLES + 1}")


def literal_problems(store: ox.Store) -> list[str]:
    """Warnings for literals that are not valid values of their XSD datatype (a few examples)."""
    rows = list(store.query(_literal_check_query(), use_default_graph_as_union=True))
    problems = [f"{row['s']} {row['p']} {row['o']}: "
                f"not a valid {row['o'].datatype.value.rsplit('#', 1)[-1]}" for row in rows[:_MAX_EXAMPLES]]
    if len(rows) > _MAX_EXAMPLES:
        problems.append("… and more literals like these")
    return problems


# Provenance graphs -------------------------------------------------------------------------------

def article_graph_iri(article_iri: str) -> str:
    """The named graph holding one article's evidence: ``{base}graph/article/{id}``."""
    cut = article_iri.rfind("/article/")
    if cut >= 0:
        return f"{article_iri[:cut]}/graph/article/{article_iri[cut + len('/article/'):]}"
    return article_iri + ("-graph" if "#" in article_iri else "/graph")


def _lines_with(data: bytes, needle: bytes) -> Iterator[bytes]:
    """Every line of N-Triples text that contains ``needle`` (found by bytes.find, in C)."""
    position = data.find(needle)
    while position >= 0:
        start = data.rfind(b"\n", 0, position) + 1
        end = data.find(b"\n", position)
        end = len(data) if end < 0 else end
        yield data[start:end]
        position = data.find(needle, end)


def _triples_with(data: bytes, predicate: bytes) -> Iterator[tuple[bytes, bytes, bytes]]:
    """(subject, object, line) of every line whose predicate is ``predicate``."""
    for line in _lines_with(data, b" " + predicate + b" "):
        subject, found, rest = line.split(b" ", 2)
        if found == predicate:  # not just the same text inside a literal
            yield subject, rest[:-2], line


def partition_by_article(selection: Selection) -> tuple[list[bytes], dict[bytes, list[bytes]]]:
    """Split the selection into the default graph and one graph per article (``<iri>`` → lines).

    An article's graph holds its evidence nodes (every triple about a ``ck:Evidence`` whose
    ``ck:article`` is that article) and the ``ck:evidence`` links pointing at them. The lines
    are found by substring search and bisection in the sorted text, not by a pass over all lines.
    """
    data, lines = selection.data, selection.lines
    evidence_nodes = {s for s, o, _ in _triples_with(data, _RDF_TYPE) if o == _EVIDENCE_CLASS}
    articles: dict[bytes, set[bytes]] = {}
    for node, article, _ in _triples_with(data, _CK_ARTICLE):
        if node in evidence_nodes and article.startswith(b"<"):
            articles.setdefault(node, set()).add(article)
    graph_of = {node: sorted(f"<{article_graph_iri(a[1:-1].decode())}>".encode() for a in found)
                for node, found in articles.items()}
    graphs: dict[bytes, list[bytes]] = {}
    moved: list[tuple[int, int]] = []
    for node, targets in graph_of.items():
        start, end = _subject_range(lines, node)
        moved.append((start, end))
        for graph in targets:
            graphs.setdefault(graph, []).extend(lines[start:end])
    for _, obj, line in _triples_with(data, _CK_EVIDENCE):
        targets = graph_of.get(obj)
        if targets:
            at = bisect.bisect_left(lines, line)
            moved.append((at, at + 1))
            for graph in targets:
                graphs[graph].append(line)
    default: list[bytes] = []
    position = 0
    for start, end in sorted(moved):
        default.extend(lines[position:start])
        position = max(position, end)
    default.extend(lines[position:])
    for graph_lines in graphs.values():
        graph_lines.sort()
    return default, dict(sorted(graphs.items()))


def nquads_bytes(default: list[bytes], graphs: dict[bytes, list[bytes]]) -> bytes:
    """N-Quads text: the default graph first, then each named graph in IRI order."""
    parts = [b"\n".join(default) + b"\n"] if default else []
    for graph, lines in graphs.items():
        # Canonical N-Triples escapes line breaks inside literals, so " .\n" only ends a line.
        parts.append((b"\n".join(lines) + b"\n").replace(b" .\n", b" " + graph + b" .\n"))
    return b"".join(parts)


# Writers -----------------------------------------------------------------------------------------

# An XML name (NCName) at the end of an IRI: RDF/XML writes a predicate as namespace + this name.
_XML_NAME_END = re.compile(r"[A-Za-z_\u00C0-\u02FF\u0370-\u1FFF\u200C-\u218F\u2C00-\uD7FF\uF900-\uFFFD]"
                           r"[-.\w\u00B7\u0300-\u036F\u203F-\u2040]*$")
_PREDICATE = re.compile(rb"^\S+ <([^>]*)> ", re.MULTILINE)


def check_rdfxml_predicates(data: bytes) -> None:
    """RDF/XML can only write a predicate whose IRI ends with an XML name; raise for one that doesn't."""
    for predicate in sorted(set(_PREDICATE.findall(data))):
        iri = predicate.decode("utf-8")
        if not _XML_NAME_END.search(iri):
            raise KgError(f"the graph cannot be written as RDF/XML: the predicate <{iri}> does not end "
                          "with an XML name (RDF/XML writes predicates as XML elements); "
                          "export as Turtle, N-Triples or JSON-LD instead")


def _write_with_pyoxigraph(data: bytes, source: ox.RdfFormat, target: ox.RdfFormat) -> bytes:
    """Parse sorted N-Triples/N-Quads and write them, in that order, in another syntax."""
    try:
        return ox.serialize(ox.parse(data, format=source), format=target, prefixes=export_prefixes())
    except (ValueError, SyntaxError) as exc:
        raise KgError(f"the graph cannot be written as {target.name}: {exc}; "
                      "export as N-Triples instead") from None


class _Compactor:
    """Shortens IRIs to ``prefix:local`` where the namespace is the IRI up to its last / or #."""

    def __init__(self, prefixes: dict[str, str]):
        self.by_namespace = {ns: name for name, ns in prefixes.items()}
        self.cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        name = self.by_namespace.get(iri[:cut])
        return f"{name}:{iri[cut:]}" if name is not None and cut else iri

    def key(self, iri: str) -> str:
        # Predicates and datatypes are few: cache them.
        short = self.cache.get(iri)
        if short is None:
            short = self.cache[iri] = self.iri(iri)
        return short

    def node(self, node):
        if isinstance(node, list):
            return [self.node(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key == "@id" and isinstance(value, str):
                out[key] = value if value.startswith("_:") else self.iri(value)
            elif key == "@type" and isinstance(value, str):
                out[key] = self.key(value)
            elif key.startswith("@"):
                out[key] = self.node(value)
            else:
                out[self.key(key)] = self.node(value)
        return out


_IRI_SCHEME = re.compile(rb"<([A-Za-z][A-Za-z0-9+.-]*):")


def jsonld_bytes(data: bytes) -> bytes:
    """JSON-LD with an inline ``@context`` of the project prefixes (no remote context, ever).

    pyoxigraph writes expanded JSON-LD (full IRIs) from the sorted triples; keys, ``@id`` and
    datatype ``@type`` values are then shortened to compact IRIs the inline context expands.
    One node object per line, in subject order, so a diff shows the nodes that changed.
    """
    # A prefix named like an IRI scheme in the data would turn such an IRI into a compact IRI and
    # expand it wrongly, so such a prefix is left out of the context.
    schemes = {m.decode("ascii").lower() for m in set(_IRI_SCHEME.findall(data))}
    context = {name: ns for name, ns in export_prefixes().items() if name.lower() not in schemes}
    compactor = _Compactor(context)
    expanded = json.loads(ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES),
                                       format=ox.RdfFormat.JSON_LD) or b"[]")
    nodes = [json.dumps(compactor.node(node), ensure_ascii=False, separators=(",", ":"))
             for node in expanded]
    head = json.dumps({"@context": context}, ensure_ascii=False, indent=1)[:-2]
    body = ",\n".join(nodes)
    return f"{head},\n \"@graph\": [\n{body}\n ]\n}}\n".encode("utf-8")


def serialize_selection(selection: Selection, rdf_format: RdfFormat) -> tuple[bytes, int]:
    """The export text of a selection in one format, and how many named graphs it holds."""
    if rdf_format.name in PROVENANCE_FORMATS:
        default, graphs = partition_by_article(selection)
        data = nquads_bytes(default, graphs)
        if rdf_format.name == "trig":
            data = _write_with_pyoxigraph(data, ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)
        return data, len(graphs)
    if rdf_format.name == "ntriples":
        return selection.data, 0
    if rdf_format.name == "jsonld":
        return jsonld_bytes(selection.data), 0
    if rdf_format.name == "rdfxml":
        check_rdfxml_predicates(selection.data)
    return _write_with_pyoxigraph(selection.data, ox.RdfFormat.N_TRIPLES, rdf_format.oxigraph), 0


# Entry point -------------------------------------------------------------------------------------

def resolve_format(format_name: str | None, output: str | Path | None) -> RdfFormat:
    """``--format`` when given, else the output file's extension, else Turtle."""
    if format_name:
        return FORMATS[format_name]
    if output is not None:
        return format_for_path(output)
    return FORMATS["turtle"]


def export_graph(store: ox.Store, format_name: str | None = None, output: str | Path | None = None,
                 with_ontology: bool = False, with_reference: bool = True,
                 reference: Packaged | None = None, ontology: Packaged | None = None) -> ExportResult:
    """Export a store's graph: to ``output`` (atomically) or, without one, as ``result.data``."""
    rdf_format = resolve_format(format_name, output)
    selection = select_lines(store, with_ontology=with_ontology, with_reference=with_reference,
                             reference=reference, ontology=ontology)
    data, graphs = serialize_selection(selection, rdf_format)
    warnings = tuple(literal_problems(store))
    if output is None:
        return ExportResult(rdf_format, selection.count, graphs, data=data, warnings=warnings)
    output = Path(output)
    try:
        write_atomically(output, data)
    except OSError as exc:
        raise KgError(f"{output}: cannot write the export: {exc.strerror or exc}") from None
    return ExportResult(rdf_format, selection.count, graphs, output=output, warnings=warnings)


def export_data(data: Sequence[str | Path] | None = None, store_root: Path | None = None,
                format_name: str | None = None, output: str | Path | None = None,
                with_ontology: bool = False, with_reference: bool = True) -> ExportResult:
    """``kg export``: the graph of ``data`` files (else the default store) in one RDF format."""
    from kg.store import open_graph

    # Decide the format before reading anything, so a bad extension fails fast.
    rdf_format = resolve_format(format_name, output)
    return export_graph(open_graph(data, store_root), rdf_format.name, output,
                        with_ontology=with_ontology, with_reference=with_reference)
