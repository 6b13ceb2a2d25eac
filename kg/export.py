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

Steps 1–4 are done once per store generation, when it is written: its snapshot file (graph.nt,
"Snapshot" below) holds the result, so an export of the default store streams that file.
docs/export.md gives the rules and the reasons.
"""

from __future__ import annotations

import bisect
import concurrent.futures
import functools
import hashlib
import io
import itertools
import json
import operator
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

import pyoxigraph as ox

from kg.errors import KgError
from kg.formats import FORMATS, RdfFormat, format_for_path
from kg.namespaces import CK, PREFIXES, REF
from kg.resources import resource_files
from kg.store import write_atomically, write_atomically_from

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


def _literal_check_query(limit: int | None = _MAX_EXAMPLES + 1) -> str:
    valid = "true"
    for name in reversed(_CAST_DATATYPES):
        valid = f"IF(?type = xsd:{name}, COALESCE(isLiteral(xsd:{name}(?text)), false), {valid})"
    for name, pattern in _PATTERN_DATATYPES.items():
        valid = f'IF(?type = xsd:{name}, REGEX(?text, "{pattern}"), {valid})'
    types = ", ".join(f"xsd:{name}" for name in (*_PATTERN_DATATYPES, *_CAST_DATATYPES))
    return ("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) BIND(DATATYPE(?o) AS ?type) "
            f"FILTER(?type IN ({types})) BIND(STR(?o) AS ?text) FILTER(!COALESCE({valid}, false)) }}"
            + (f" LIMIT {limit}" if limit is not None else ""))


def literal_problems(store: ox.Store) -> list[str]:
    """Warnings for literals that are not valid values of their XSD datatype (a few examples)."""
    rows = list(store.query(_literal_check_query(), use_default_graph_as_union=True))
    problems = [f"{row['s']} {row['p']} {row['o']}: "
                f"not a valid {row['o'].datatype.value.rsplit('#', 1)[-1]}" for row in rows[:_MAX_EXAMPLES]]
    if len(rows) > _MAX_EXAMPLES:
        problems.append("… and more literals like these")
    return problems


# Snapshot ----------------------------------------------------------------------------------------
#
# Each store generation keeps its graph as one N-Triples file, ``graph.nt``: exactly what
# ``select_lines`` gives for the default options (canonical lines, sorted, reference data in,
# ontology out), with ``graph.json`` beside it (number of lines, whether blank nodes occur,
# fingerprints of the packaged data it was made with, the ill-typed literals). Export and push
# stream that file instead of scanning the store. It is made from the file the store is
# bulk-loaded from, without a store scan: the lines are put in the form the store writes them
# (``canonical_ntriples``), sorted in runs of bounded size and merged, so memory stays bounded
# whatever the size of the graph.

SNAPSHOT_VERSION = 1
# Source text sorted in memory at a time, and how much of it sorted runs may hold in memory
# before they go to disk (to be merged at the end).
_RUN_BYTES = 128 * 2**20
_MEMORY_BYTES = 512 * 2**20
# What a merge reads of each run at a time, and what a writer joins at a time.
_BLOCK_BYTES = 8 * 2**20
_MERGE_BLOCK_BYTES = 64 * 2**10
_BLOCK_LINES = 50_000
_PARSE_BATCH = 500_000
_TYPED = b'"^^<'
_HAS_TYPED = operator.methodcaller("__contains__", _TYPED)
_PARTITION_OBJECT = operator.methodcaller("partition", b' "')


def canonical_line_key(line: bytes) -> bytes:
    """The sort key of a canonical N-Triples line (or of N-Triples text): rdf:type made to sort first.

    Export order is the byte order of these keys: by subject, each subject's rdf:type first, then
    by predicate and object. A key maps back to its line exactly (see ``_TYPE_SORT_KEY``).
    """
    return line.replace(_TYPE_SPACED, _TYPE_SORT_KEY)


def _line_of_key(key: bytes) -> bytes:
    return key.replace(_TYPE_SORT_KEY, _TYPE_SPACED)


def sort_canonical(lines: Iterable[bytes]) -> list[bytes]:
    """Canonical N-Triples lines (line ends optional) in export order, each once, without line ends."""
    keys = sorted({canonical_line_key(line.rstrip(b"\n")) for line in lines})
    return [_line_of_key(key) for key in keys]


def _distinct(keys: list[bytes]) -> list[bytes]:
    """A sorted list without repeats. Neighbours are compared in C; repeats are rare, so the
    list is only copied when there are some."""
    if not any(map(operator.eq, keys, itertools.islice(keys, 1, None))):
        return keys
    return list(map(operator.itemgetter(0), itertools.groupby(keys)))


def _reserialize(data: bytes) -> bytes:
    """N-Triples text through pyoxigraph's parser and writer: the store's escapes, spacing and
    language tags. The IRIs are not checked again (``lenient``): the same text is bulk-loaded into
    the store, which checks them."""
    return ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES, lenient=True),
                        format=ox.RdfFormat.N_TRIPLES)


def _typed_object(line: bytes) -> bytes:
    # The object of a line holding a typed literal: subject and predicate hold no ' "'.
    return line[line.index(b' "') + 1:-2]


class _LiteralForms:
    """Typed literals as the store keeps them, and which of them are not values of their type.

    Oxigraph stores typed literals by value ("033"^^xsd:integer comes back as "33",
    "1.0E0"^^xsd:double as "1"), so lines written from the source are changed the same way. Each
    distinct literal goes once through a small in-memory store, which does what the on-disk one
    does; the literal check (``_literal_check_query``) runs on that small store too.
    """

    def __init__(self) -> None:
        self.forms: dict[bytes, bytes] = {}
        self.ill_typed: set[bytes] = set()

    def apply(self, keys: list[bytes]) -> list[bytes]:
        """Change the typed literals of canonical N-Triples lines (or their sort keys) in place."""
        # What follows the first ' "' of a line holding '"^^<' (C all the way: filter, partition,
        # set): a typed literal's text without its opening quote, then " .". ' "' only ever opens
        # a literal (IRIs hold no space or quote; a quote inside a literal is escaped).
        tails = set(map(operator.itemgetter(2), map(_PARTITION_OBJECT, filter(_HAS_TYPED, keys))))
        objects = {_line_of_key(b'"' + tail[:-2]) for tail in tails}
        self._learn(objects.difference(self.forms))
        changed = {obj for obj in objects if self.forms[obj] != obj}
        for i, key in enumerate(keys if changed else ()):
            if _TYPED in key:
                seen = _typed_object(key)
                obj = _line_of_key(seen)   # a literal may hold the rdf:type IRI, swapped in a key
                if obj in changed:
                    form = self.forms[obj] if seen == obj else canonical_line_key(self.forms[obj])
                    keys[i] = key[:len(key) - len(seen) - 2] + form + b" ."
        return keys

    def _learn(self, objects: set[bytes]) -> None:
        if not objects:
            return
        ordered = sorted(objects)
        store = ox.Store()
        store.bulk_load(b"".join(b"<urn:x:%d> <urn:x:v> %s .\n" % (i, o) for i, o in enumerate(ordered)),
                        format=ox.RdfFormat.N_TRIPLES)
        for line in _split_lines(_dump(store, ox.DefaultGraph())):
            subject, _, rest = line.split(b" ", 2)
            self.forms[ordered[int(subject[7:-1])]] = rest[:-2]
        for row in store.query(_literal_check_query(limit=None)):
            self.ill_typed.add(self.forms[ordered[int(row["s"].value[6:])]])


def canonical_ntriples(data: bytes, literal_forms: _LiteralForms | None = None) -> list[bytes]:
    """Valid N-Triples text (any spelling) as the lines the store writes for it, without line
    ends: canonical escapes and spacing, typed literals by value."""
    if not data.strip():
        return []
    return (literal_forms or _LiteralForms()).apply(_split_lines(_reserialize(data)))


class _SourceReader:
    """The triples of an RDF file as N-Triples text, about ``_RUN_BYTES`` at a time."""

    def __init__(self, source: Path, rdf_format: RdfFormat):
        self.handle = None
        self.triples = None
        if rdf_format.name == "ntriples":
            self.handle = open(source, "rb")
        else:
            # Named graphs merged, as select_lines merges them; no base IRI, as replace_store loads it.
            parsed = ox.parse(path=str(source), format=rdf_format.oxigraph)
            self.triples = (ox.Triple(q.subject, q.predicate, q.object) if isinstance(q, ox.Quad) else q
                            for q in parsed)

    def read(self) -> tuple[bytes, bool] | None:
        """The next text, and whether it still has to be put in canonical form; None at the end."""
        if self.handle is not None:
            data = self.handle.read(_RUN_BYTES)
            return (data + self.handle.readline(), True) if data else None
        batch = list(itertools.islice(self.triples, _PARSE_BATCH))
        return (ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES), False) if batch else None

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def _write_lines(handle: BinaryIO, keys: Sequence[bytes], as_lines: bool) -> int:
    """Write keys one a line, as keys or (``as_lines``) as the N-Triples lines they stand for."""
    for start in range(0, len(keys), _BLOCK_LINES):
        text = b"\n".join(keys[start:start + _BLOCK_LINES]) + b"\n"
        handle.write(_line_of_key(text) if as_lines else text)
    return len(keys)


def _write_blocks(handle: BinaryIO, blocks: Iterable[list[bytes]]) -> int:
    """Write blocks of keys as the N-Triples lines they stand for; returns how many lines."""
    return sum(_write_lines(handle, block, as_lines=True) for block in blocks)


def _file_blocks(path: Path, keyed: bool) -> Iterator[list[bytes]]:
    """A sorted file's lines as sort keys, in blocks; ``keyed``: the file holds keys already."""
    with open(path, "rb") as handle:
        while data := handle.read(_BLOCK_BYTES):
            data += handle.readline()
            yield _split_lines(data if keyed else canonical_line_key(data))


def _merge_runs(runs: Sequence[Iterator[list[bytes]]]) -> Iterator[list[bytes]]:
    """Merge sorted runs (each given as blocks of sorted keys) into sorted blocks of distinct keys.

    Each step takes from every run its keys up to the smallest last key of the runs' current
    blocks; the bulk work is bisection and list.sort (which finds the sorted pieces and merges
    them), in C.
    """
    heads: list[list] = []
    for run in runs:
        block = next((b for b in run if b), None)
        if block is not None:
            heads.append([block, 0, run])
    last = None
    while heads:
        bound = min(head[0][-1] for head in heads)
        pieces = []
        for head in heads:
            end = bisect.bisect_right(head[0], bound, head[1])
            if end > head[1]:
                pieces.append(head[0][head[1]:end])
                head[1] = end
        if len(pieces) == 1:
            merged = pieces[0]
        else:
            merged = list(itertools.chain.from_iterable(pieces))
            merged.sort()
        merged = _distinct(merged)
        if merged[0] == last:   # a repeat across two blocks of one run
            del merged[0]
        if merged:
            last = merged[-1]
            yield merged
        for head in heads:
            if head[1] == len(head[0]):
                head[0], head[1] = next((b for b in head[2] if b), None), 0
        heads = [head for head in heads if head[0] is not None]


def _fingerprint(packaged: Packaged) -> str:
    """A hash of packaged data that does not depend on the labels its blank nodes got when parsed."""
    keys = sorted(canonical_line_key(line) for line in packaged.lines)
    if packaged.has_blank_nodes:
        keys = sorted(canonicalize_blank_nodes(keys))
    return hashlib.sha256(b"\n".join(keys)).hexdigest()


def _packaged_keys(packaged: Packaged) -> list[bytes]:
    return sorted({canonical_line_key(line) for line in packaged.lines})


@dataclass(frozen=True)
class Snapshot:
    """A generation's graph as sorted canonical N-Triples (``path``) and what is known about it."""

    path: Path
    triples: int
    blank_nodes: bool
    ill_typed: tuple[bytes, ...] = ()   # ill-typed literals (N-Triples terms) that may occur in it


def snapshot_info_path(path: Path) -> Path:
    """Where the facts about a snapshot file are kept: ``graph.json`` beside ``graph.nt``."""
    return path.with_suffix(".json")


def _write_info(snapshot: Snapshot, reference: Packaged, ontology: Packaged) -> None:
    info = {"version": SNAPSHOT_VERSION, "triples": snapshot.triples, "blank_nodes": snapshot.blank_nodes,
            "reference": _fingerprint(reference), "ontology": _fingerprint(ontology),
            "ill_typed": sorted(o.decode("utf-8") for o in snapshot.ill_typed)}
    write_atomically(snapshot_info_path(snapshot.path), json.dumps(info, indent=1, ensure_ascii=False) + "\n")


def read_snapshot(path: Path | None) -> Snapshot | None:
    """The snapshot at ``path`` when it can stand in for the store: written in this version of
    the format, with the reference data and ontology this kg ships (an upgrade of kg that changes
    them sends export back to the store). None otherwise."""
    if path is None or not path.is_file():
        return None
    try:
        info = json.loads(snapshot_info_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(info, dict) or info.get("version") != SNAPSHOT_VERSION
            or info.get("reference") != _fingerprint(packaged_data("reference"))
            or info.get("ontology") != _fingerprint(packaged_data("ontology"))):
        return None
    return Snapshot(path, int(info["triples"]), bool(info["blank_nodes"]),
                    tuple(o.encode("utf-8") for o in info.get("ill_typed", ())))


def open_snapshot(store_root: Path | None = None) -> Snapshot | None:
    """The snapshot of the default store's current generation, when it has a usable one."""
    from kg.store import current_snapshot

    return read_snapshot(current_snapshot(store_root))


def write_snapshot(source: Path, rdf_format: RdfFormat, out: Path,
                   reference: Packaged | None = None, ontology: Packaged | None = None) -> Snapshot:
    """Write the snapshot of the graph in ``source`` to ``out`` (and its facts beside it).

    ``out`` then holds byte for byte what ``select_lines`` gives, with the default options, for a
    store loaded from ``source``. Without blank nodes (a build makes none) memory is bounded by
    ``_RUN_BYTES``; with them, the lines are held in memory to relabel them.
    """
    reference = reference or packaged_data("reference")
    ontology = ontology or packaged_data("ontology")
    forms = _LiteralForms()
    blank = reference.has_blank_nodes
    reader = _SourceReader(source, rdf_format)
    try:
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".snapshot-") as scratch:
            on_disk: list[Path] = []
            in_memory: list[list[bytes]] = []
            held = 0
            while (batch := reader.read()) is not None:
                if held + len(batch[0]) > _MEMORY_BYTES:   # sorted runs wait on disk from here
                    for run in in_memory:
                        on_disk.append(Path(scratch) / f"run-{len(on_disk)}")
                        with open(on_disk[-1], "wb") as handle:
                            _write_lines(handle, run, as_lines=False)
                    in_memory, held = [], 0
                held += len(batch[0])
                text = _reserialize(batch[0]) if batch[1] else batch[0]
                del batch
                # "_" first: one byte is found much faster than two.
                blank = blank or (b"_" in text and b"_:" in text)
                keys = forms.apply(_split_lines(canonical_line_key(text)))
                del text
                keys.sort()
                in_memory.append(keys)
                del keys
            sources = [_file_blocks(run, keyed=True) for run in on_disk]
            sources.extend(iter([run]) for run in in_memory)
            if blank:
                keys = _select_keys(list(itertools.chain.from_iterable(_merge_runs(sources))), reference, ontology)
                write = functools.partial(_write_lines, keys=keys, as_lines=True)
            else:
                # Nothing hangs from a subject (no blank nodes), so the stripping works block by block.
                subjects = reference.subjects | ontology.subjects
                stripped = [(strip_subjects(block, subjects) for block in run) for run in sources]
                blocks = _merge_runs([*stripped, iter([_packaged_keys(reference)])])
                write = functools.partial(_write_blocks, blocks=blocks)
            triples = write_atomically_from(out, write)
    finally:
        reader.close()
    # ``blank`` may be true of a graph whose only "_:" is inside a literal: that only costs speed.
    snapshot = Snapshot(out, triples, blank, tuple(sorted(forms.ill_typed)))
    _write_info(snapshot, reference, ontology)
    return snapshot


def _select_keys(keys: list[bytes], reference: Packaged, ontology: Packaged) -> list[bytes]:
    """``select_lines`` for the default options on sorted distinct keys instead of a store.

    Stripping the reference data and putting it back gives what select_lines gives when the
    store holds it exactly, so the shortcut it takes is not needed here.
    """
    keys = strip_subjects(strip_subjects(keys, reference.subjects), ontology.subjects)
    keys.extend([key for key in _packaged_keys(reference) if not _contains(keys, key)])
    if any(b"_:" in key for key in keys):
        keys = canonicalize_blank_nodes(keys)
    keys.sort()
    return keys


def merge_snapshot(old: Path, removed: Iterable[bytes], added: Iterable[bytes], out: Path,
                   literal_forms: _LiteralForms | None = None) -> int:
    """Write to ``out`` the snapshot ``old`` with the ``removed`` lines taken out and the ``added``
    ones put in; returns the number of lines written.

    ``removed`` and ``added`` are N-Triples lines in any valid spelling (with or without line
    ends); they are put in canonical form first. Lines about the packaged reference data or
    ontology are left alone (the snapshot carries the packaged data for them, as export does).
    Lines with blank nodes cannot be merged (their labels depend on the whole graph): ValueError.
    Memory is bounded by the removed and added lines, not by ``old``, which is read in blocks.
    """
    forms = literal_forms or _LiteralForms()
    subjects = packaged_data("reference").subjects | packaged_data("ontology").subjects

    def keys_of(lines: Iterable[bytes]) -> set[bytes]:
        data = b"".join(line if line.endswith(b"\n") else line + b"\n" for line in lines)
        if b"_:" in data:
            raise ValueError("lines with blank nodes cannot be merged into a snapshot: write it again "
                             "from the whole graph (write_snapshot)")
        return {canonical_line_key(line) for line in canonical_ntriples(data, forms)
                if line.split(b" ", 1)[0] not in subjects}

    put = sorted(keys_of(added))
    drop = keys_of(removed).difference(put)
    dropped = sorted(drop)

    def write(handle: BinaryIO) -> int:
        count = taken = 0
        with open(old, "rb") as source:
            # Small blocks, so that most of a big file goes through untouched, as bytes.
            while data := source.read(_MERGE_BLOCK_BYTES):
                data += source.readline()
                first = canonical_line_key(data[:data.find(b"\n")])
                last = canonical_line_key(data[data.rfind(b"\n", 0, len(data) - 1) + 1:-1])
                upto = bisect.bisect_right(put, last, taken)
                at = bisect.bisect_left(dropped, first)
                if upto == taken and (at == len(dropped) or dropped[at] > last):
                    handle.write(data)
                    count += data.count(b"\n")
                    continue
                keys = _split_lines(canonical_line_key(data))
                if drop:
                    keys = [key for key in keys if key not in drop]
                keys.extend(put[taken:upto])
                taken = upto
                keys.sort()
                count += _write_lines(handle, _distinct(keys), as_lines=True)
        return count + _write_lines(handle, put[taken:], as_lines=True)

    return write_atomically_from(out, write)


def update_snapshot(previous: Path, out: Path, removed: Iterable[bytes],
                    added: Iterable[bytes]) -> Snapshot | None:
    """The snapshot of a generation made from the previous one changed by a delta (``kg build
    --add``): ``merge_snapshot`` plus the facts file. None, writing nothing, when the previous
    generation has no usable snapshot or blank nodes are involved (export then reads the store)."""
    old = read_snapshot(previous)
    if old is None or old.blank_nodes:
        return None
    forms = _LiteralForms()
    try:
        triples = merge_snapshot(old.path, removed, added, out, forms)
    except ValueError:
        return None
    snapshot = Snapshot(out, triples, False, tuple(sorted({*old.ill_typed, *forms.ill_typed})))
    _write_info(snapshot, packaged_data("reference"), packaged_data("ontology"))
    return snapshot


def snapshot_literal_problems(snapshot: Snapshot) -> list[str]:
    """``literal_problems`` for a snapshot: its first ill-typed triples, in export order."""
    if not snapshot.ill_typed:
        return []
    pattern = re.compile(b"|".join(b" " + re.escape(o) + rb" \.$" for o in snapshot.ill_typed), re.MULTILINE)
    found: list[bytes] = []
    with open(snapshot.path, "rb") as handle:
        while len(found) <= _MAX_EXAMPLES:
            data = handle.read(_BLOCK_BYTES)
            if not data:
                break
            data += handle.readline()
            for match in pattern.finditer(data):
                found.append(data[data.rfind(b"\n", 0, match.start()) + 1:match.end() - 2])
                if len(found) > _MAX_EXAMPLES:
                    break
    problems = []
    for line in found[:_MAX_EXAMPLES]:
        subject, predicate, obj = line.decode("utf-8").split(" ", 2)
        datatype = obj.rsplit("^^<", 1)[-1][:-1]
        problems.append(f"{subject} {predicate} {obj}: not a valid {datatype.rsplit('#', 1)[-1]}")
    if len(found) > _MAX_EXAMPLES:
        problems.append("… and more literals like these")
    return problems


def snapshot_selection(snapshot: Snapshot, with_ontology: bool = False,
                       with_reference: bool = True) -> Selection | None:
    """What ``select_lines`` gives for the store, computed from its snapshot (held in memory).

    None when it cannot be (the packaged reference data and ontology describe the same IRI).
    """
    data = snapshot.path.read_bytes()
    if with_reference and not with_ontology:
        return Selection(data, snapshot.triples)
    reference, ontology = packaged_data("reference"), packaged_data("ontology")
    if reference.subjects & ontology.subjects:
        return None
    keys = _split_lines(canonical_line_key(data))
    added: list[bytes] = []
    if not with_reference:
        keys = strip_subjects(keys, reference.subjects)
    if with_ontology:
        added = _packaged_keys(ontology)
    keys.extend([key for key in added if not _contains(keys, key)])
    if b"_:" in data or any(b"_:" in key for key in added):
        keys = canonicalize_blank_nodes(keys)
    keys.sort()
    return Selection(_line_of_key(b"\n".join(keys)) + b"\n" if keys else b"", len(keys))


# Provenance graphs -------------------------------------------------------------------------------


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


def _deliver(rdf_format: RdfFormat, triples: int | None, graphs: int, write: Callable[[BinaryIO], object],
             output: str | Path | None, stream: BinaryIO | None, warnings: tuple[str, ...]) -> ExportResult:
    """Run ``write`` into ``output`` (atomically), else into ``stream``, else into ``result.data``.

    ``triples`` None: ``write`` returns the number of triples it wrote.
    """
    if output is not None:
        output = Path(output)
        try:
            written = write_atomically_from(output, write)
        except OSError as exc:
            raise KgError(f"{output}: cannot write the export: {exc.strerror or exc}") from None
        return ExportResult(rdf_format, triples if triples is not None else written, graphs, output=output,
                            warnings=warnings)
    if stream is not None:
        written = write(stream)
        stream.flush()
        return ExportResult(rdf_format, triples if triples is not None else written, graphs, warnings=warnings)
    buffer = io.BytesIO()
    written = write(buffer)
    return ExportResult(rdf_format, triples if triples is not None else written, graphs, data=buffer.getvalue(),
                        warnings=warnings)


def export_graph(store: ox.Store, format_name: str | None = None, output: str | Path | None = None,
                 with_ontology: bool = False, with_reference: bool = True,
                 reference: Packaged | None = None, ontology: Packaged | None = None,
                 stream: BinaryIO | None = None) -> ExportResult:
    """Export a store's graph: to ``output`` (atomically), else to ``stream``, else as ``result.data``."""
    rdf_format = resolve_format(format_name, output)
    selection = select_lines(store, with_ontology=with_ontology, with_reference=with_reference,
                             reference=reference, ontology=ontology)
    data, graphs = serialize_selection(selection, rdf_format)
    warnings = tuple(literal_problems(store))
    return _deliver(rdf_format, selection.count, graphs, lambda handle: handle.write(data), output, stream,
                    warnings)


# Formats written straight from the snapshot file, streaming: the rest need the lines in memory
# (the article graphs of TriG and N-Quads, JSON-LD's compaction).
_STREAMED_FORMATS = frozenset({"ntriples", "turtle", "rdfxml"})


# From this size on, a Turtle export is written by two processes, each converting about half of
# the snapshot, cut between two subjects. Turtle written in two parts and joined (the second
# without its prefixes) is byte for byte the Turtle of the whole, since each subject's block
# stands alone; a test checks it.
_PARALLEL_TURTLE_BYTES = 64 * 2**20


def _write_turtle(triples: Iterable[ox.Triple], handle: BinaryIO | str, rdf_format: RdfFormat) -> None:
    try:
        ox.serialize(triples, output=handle, format=rdf_format.oxigraph, prefixes=export_prefixes())
    except (ValueError, SyntaxError) as exc:
        raise KgError(f"the graph cannot be written as {rdf_format.oxigraph.name}: {exc}; "
                      "export as N-Triples instead") from None


class _Part(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file as a stream (the end None: to the end of the file)."""

    def __init__(self, path: str, start: int, end: int | None = None):
        super().__init__()
        self.file = open(path, "rb")
        self.file.seek(start)
        self.left = end - start if end is not None else None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        view = memoryview(buffer)
        if self.left is not None:
            view = view[:self.left]
        count = self.file.readinto(view)
        if self.left is not None:
            self.left -= count
        return count

    def close(self) -> None:
        self.file.close()
        super().close()


def _write_turtle_from(path: str, handle: BinaryIO | str, rdf_format: RdfFormat, start: int = 0,
                       end: int | None = None) -> None:
    """Write bytes ``start`` to ``end`` of a snapshot (whole lines) in ``rdf_format``."""
    with io.BufferedReader(_Part(path, start, end), _BLOCK_BYTES) as source:
        # The same parser as serialize_selection. The lines were checked when the snapshot was
        # written, so the IRIs are not checked again (``lenient``).
        _write_turtle(ox.parse(source, format=ox.RdfFormat.N_TRIPLES, lenient=True), handle, rdf_format)


def _turtle_from(path: str, start: int, out: str) -> None:
    """Write a snapshot from byte ``start`` on as Turtle into the file ``out`` (the second process)."""
    _write_turtle_from(path, out, FORMATS["turtle"], start)


def _subject_cut(path: Path, near: int) -> int:
    """Where the first subject starting after byte ``near`` of a snapshot starts."""
    with open(path, "rb") as handle:
        handle.seek(near)
        handle.readline()
        offset = handle.tell()
        line = handle.readline()
        subject = line[:line.find(b" ") + 1]
        while line and line.startswith(subject):
            offset += len(line)
            line = handle.readline()
    return offset


def _copy_file(path: Path, handle: BinaryIO) -> None:
    """Copy a file into an open file or stream (between two files, in the kernel)."""
    with open(path, "rb") as source:
        if not _copy_in_kernel(source, handle):
            shutil.copyfileobj(source, handle, _BLOCK_BYTES)


def _copy_in_kernel(source: BinaryIO, handle: BinaryIO) -> bool:
    """Copy with os.copy_file_range when both ends are regular files; False when it cannot start."""
    try:
        handle.flush()
        target = handle.fileno()
        if not stat.S_ISREG(os.fstat(target).st_mode):
            return False
        copied = os.copy_file_range(source.fileno(), target, 16 * _BLOCK_BYTES)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return False
    while copied:
        copied = os.copy_file_range(source.fileno(), target, 16 * _BLOCK_BYTES)
    return True


def _stream_snapshot(path: Path, rdf_format: RdfFormat, handle: BinaryIO) -> None:
    if rdf_format.name == "ntriples":
        _copy_file(path, handle)
        return
    size = path.stat().st_size
    parallel = rdf_format.name == "turtle" and size >= _PARALLEL_TURTLE_BYTES and (os.cpu_count() or 1) > 1
    cut = _subject_cut(path, size // 2) if parallel else size
    if cut >= size:
        _write_turtle_from(str(path), handle, rdf_format)
        return
    with tempfile.TemporaryDirectory(prefix="kg-export-") as scratch, \
            concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        second = Path(scratch) / "second.ttl"
        later = pool.submit(_turtle_from, str(path), cut, str(second))
        _write_turtle_from(str(path), handle, rdf_format, 0, cut)
        later.result()
        header = _turtle_header()
        with open(second, "rb") as part:
            if part.read(len(header)) != header:   # cannot happen; never write a wrong export
                raise KgError("the second half of the Turtle export does not start with the prefixes")
            shutil.copyfileobj(part, handle, _BLOCK_BYTES)


@functools.lru_cache(maxsize=None)
def _turtle_header() -> bytes:
    """The prefix lines pyoxigraph writes before the first triple."""
    one = ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"))
    text = ox.serialize([one], format=ox.RdfFormat.TURTLE, prefixes=export_prefixes())
    return text[:text.index(b"<urn:x:s>")]


def _check_rdfxml_file(path: Path) -> None:
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK_BYTES), b""):
            check_rdfxml_predicates(block + handle.readline())


def _selected_blocks(snapshot: Snapshot, with_ontology: bool, with_reference: bool) -> Iterator[list[bytes]] | None:
    """What ``snapshot_selection`` selects, as blocks of keys streamed from the file; None when
    that cannot be done block by block (blank nodes in the snapshot, which would be relabelled
    with the ontology's; the packaged reference data and ontology describing the same IRI)."""
    reference, ontology = packaged_data("reference"), packaged_data("ontology")
    if snapshot.blank_nodes or reference.subjects & ontology.subjects:
        return None
    runs: list[Iterator[list[bytes]]] = [_file_blocks(snapshot.path, keyed=False)]
    if not with_reference:
        runs[0] = (strip_subjects(block, reference.subjects) for block in runs[0])
    if with_ontology:
        # The graph's only blank nodes are then the ontology's: their labels depend on its lines alone.
        added = _packaged_keys(ontology)
        runs.append(iter([sorted(canonicalize_blank_nodes(added)) if ontology.has_blank_nodes else added]))
    return _merge_runs(runs)


class _BlocksReader(io.RawIOBase):
    """Blocks of keys as the N-Triples text they stand for, as a stream (for pyoxigraph's parser)."""

    def __init__(self, blocks: Iterator[list[bytes]]):
        super().__init__()
        self.blocks = blocks
        self.pending = b""
        self.lines = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending:
            block = next(self.blocks, None)
            if block is None:
                return 0
            if block:
                self.lines += len(block)
                self.pending = _line_of_key(b"\n".join(block) + b"\n")
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        return count


def _stream_blocks(blocks: Iterator[list[bytes]], rdf_format: RdfFormat, handle: BinaryIO) -> int:
    """Write blocks of keys in ``rdf_format``; returns the number of triples."""
    if rdf_format.name == "ntriples":
        return _write_blocks(handle, blocks)
    raw = _BlocksReader(blocks)
    with io.BufferedReader(raw, _BLOCK_BYTES) as source:
        _write_turtle(ox.parse(source, format=ox.RdfFormat.N_TRIPLES, lenient=True), handle, rdf_format)
    return raw.lines


def export_snapshot(snapshot: Snapshot, format_name: str | None = None, output: str | Path | None = None,
                    with_ontology: bool = False, with_reference: bool = True,
                    stream: BinaryIO | None = None) -> ExportResult | None:
    """Export a store's graph from its snapshot: the bytes ``export_graph`` writes for the store.

    N-Triples, Turtle and RDF/XML stream the file (bounded memory; with other options than the
    default ones, the selection is made block by block on the way); TriG, N-Quads and JSON-LD
    read it into memory (still no store scan). None when the snapshot cannot give the selection
    asked for (see ``snapshot_selection``).
    """
    rdf_format = resolve_format(format_name, output)
    warnings = tuple(snapshot_literal_problems(snapshot))
    if rdf_format.name in _STREAMED_FORMATS:
        if rdf_format.name == "rdfxml":
            _check_rdfxml_file(snapshot.path)   # what the other options select is a part of it
            if with_ontology:
                check_rdfxml_predicates(b"\n".join(packaged_data("ontology").lines) + b"\n")
        if with_reference and not with_ontology:
            write = functools.partial(_stream_snapshot, snapshot.path, rdf_format)
            return _deliver(rdf_format, snapshot.triples, 0, write, output, stream, warnings)
        blocks = _selected_blocks(snapshot, with_ontology, with_reference)
        if blocks is not None:
            write = functools.partial(_stream_blocks, blocks, rdf_format)
            return _deliver(rdf_format, None, 0, write, output, stream, warnings)
    selection = snapshot_selection(snapshot, with_ontology, with_reference)
    if selection is None:
        return None
    data, graphs = serialize_selection(selection, rdf_format)
    return _deliver(rdf_format, selection.count, graphs, lambda handle: handle.write(data), output, stream,
                    warnings)


def export_data(data: Sequence[str | Path] | None = None, store_root: Path | None = None,
                format_name: str | None = None, output: str | Path | None = None,
                with_ontology: bool = False, with_reference: bool = True,
                stream: BinaryIO | None = None) -> ExportResult:
    """``kg export``: the graph of ``data`` files (else the default store) in one RDF format.

    From the default store, the current generation's snapshot is used when it has one (see
    ``write_snapshot``); ``stream`` (say stdout) receives the export when there is no ``output``.
    """
    from kg.store import open_graph

    # Decide the format before reading anything, so a bad extension fails fast.
    rdf_format = resolve_format(format_name, output)
    if not data:
        snapshot = open_snapshot(store_root)
        if snapshot is not None:
            result = export_snapshot(snapshot, rdf_format.name, output, with_ontology, with_reference, stream)
            if result is not None:
                return result
    return export_graph(open_graph(data, store_root), rdf_format.name, output,
                        with_ontology=with_ontology, with_reference=with_reference, stream=stream)
