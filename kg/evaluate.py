"""Score extracted events against a gold file (the format of shared/gold/FORMAT.md).

``evaluate(gold, rows)`` takes the gold JSON object and the rows of the saved ``events`` query
(as ``kg query events --format csv`` prints them) and applies the format's matching rules:

- a system event matches a gold event when the kinds agree, the countries agree (or either is
  unknown), the facilities agree after normalising names through the alias lists (or the gold
  facility is null), the dates agree at the gold date's precision (a more precise system date
  inside the gold range matches; a null gold date matches any; an undated system event does not
  match a dated gold event), and the system event cites one of the gold event's articles;
- each gold event matches at most one system event; a second one is a duplicate (a false
  positive); a system event matching only an optional gold event is not a false positive;
  recall counts required gold events only;
- attributes are scored on matched events only (weapon types, weapon counts, injured, killed,
  claimed_by, attributed_to, the day of a day-precision gold date);
- retaliation links are scored as (event, earlier event) pairs between required events;
- a gold event reported by several articles is merged when its matched system event cites
  them all.

``evaluate_paths`` builds the graph of some article files in memory, runs the ``events`` query and
scores it; ``format_report`` prints the whole report.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from kg.errors import InputError
from kg.namespaces import DEFAULT_BASE_IRI

# The targets issue 3 sets for the sample corpus.
TARGETS = {"event_f1": 0.90, "attribute_accuracy": 0.90, "retaliation_recall": 0.80}

ATTRIBUTES = ("weapon types", "weapon counts", "injured", "killed", "claimed_by", "attributed_to", "date (day)")


# ----------------------------------------------------------------------------------------------
# records

@dataclass(frozen=True)
class AttributeError_:
    gold_id: str
    attribute: str
    expected: str
    got: str


@dataclass(frozen=True)
class Merge:
    gold_id: str
    expected: tuple[str, ...]       # the gold event's articles
    cited: tuple[str, ...]          # the articles the matched system event cites
    merged: bool


@dataclass(frozen=True)
class Missed:
    gold_id: str
    description: str
    nearest: str | None             # the closest system event and why it does not match


@dataclass(frozen=True)
class Spurious:
    event: str
    description: str
    evidence: tuple[str, ...]
    duplicate_of: str | None = None


@dataclass
class EvalReport:
    """Everything the scorer found; ``format_report`` prints it."""

    gold_required: int = 0
    gold_optional: int = 0
    system_events: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    optional_matched: int = 0
    matches: list[tuple[str, str]] = field(default_factory=list)        # (gold id, system event)
    attributes: dict[str, list[int]] = field(default_factory=dict)     # name -> [right, total]
    attribute_errors: list[AttributeError_] = field(default_factory=list)
    retaliation_right: int = 0
    retaliation_wrong: int = 0
    retaliation_gold: int = 0
    retaliation_missed: list[tuple[str, str]] = field(default_factory=list)
    retaliation_spurious: list[tuple[str, str]] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    missed: list[Missed] = field(default_factory=list)
    spurious: list[Spurious] = field(default_factory=list)

    @property
    def precision(self) -> float:
        n = self.true_positives + self.false_positives
        return self.true_positives / n if n else 0.0

    @property
    def recall(self) -> float:
        n = self.true_positives + self.false_negatives
        return self.true_positives / n if n else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def attribute_accuracy(self) -> float:
        right = sum(v[0] for v in self.attributes.values())
        total = sum(v[1] for v in self.attributes.values())
        return right / total if total else 1.0

    @property
    def retaliation_precision(self) -> float:
        n = self.retaliation_right + self.retaliation_wrong
        return self.retaliation_right / n if n else 1.0

    @property
    def retaliation_recall(self) -> float:
        return self.retaliation_right / self.retaliation_gold if self.retaliation_gold else 1.0

    @property
    def merged_all(self) -> bool:
        return all(m.merged for m in self.merges)

    def meets_targets(self) -> bool:
        """Issue 3's targets: F1, attribute accuracy, retaliation recall, every merge done."""
        return (self.f1 >= TARGETS["event_f1"] and self.attribute_accuracy >= TARGETS["attribute_accuracy"]
                and self.retaliation_recall >= TARGETS["retaliation_recall"] and self.merged_all)


# ----------------------------------------------------------------------------------------------
# names, dates, cells

def normalize_name(name: str) -> str:
    """Case, accents, punctuation, "the", the Arabic article's spelling and doubled letters do not count."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"^the\s+", "", text.strip())
    text = re.sub(r"\b(?:al|el|as|ash|at|ad|an|ar|az)[\s-]+", "", text)
    text = re.sub(r"[^a-z0-9]+", "", text)
    return re.sub(r"([a-z])\1+", r"\1", text)


class _Names:
    """Canonical names through a gold file's alias lists."""

    def __init__(self, aliases: Mapping[str, Sequence[str]]):
        self._canonical: dict[str, str] = {}
        for canonical, names in aliases.items():
            for name in [canonical, *names]:
                self._canonical.setdefault(normalize_name(name), normalize_name(canonical))

    def __call__(self, name: str | None) -> str | None:
        if not name:
            return None
        key = normalize_name(name)
        return self._canonical.get(key, key)


def _split(cell: str | None) -> list[str]:
    if not cell:
        return []
    return [p.strip() for p in str(cell).split(";") if p.strip()]


def _int(cell) -> int | None:
    if cell is None or cell == "":
        return None
    try:
        return int(float(cell))
    except (TypeError, ValueError):
        return None


def _weapons(cell: str | None) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for part in _split(cell):
        weapon, _, count = part.partition(":")
        weapon = weapon.strip().lower()
        value = _int(count) if count else None
        if weapon in out and out[weapon] is not None and value is None:
            continue
        out[weapon] = value
    return out


def _date_range(value: str | None):
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 3:
            d = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            return d, d
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            start = dt.date(y, m, 1)
            end = dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
            return start, end
        y = int(parts[0])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except (ValueError, IndexError):
        return None


def _dates_match(gold: str | None, system: str | None) -> bool:
    if not gold:
        return True
    g = _date_range(gold)
    s = _date_range(system)
    if g is None:
        return True
    if s is None:
        return False
    return g[0] <= s[0] and s[1] <= g[1]


def _basename(name: str) -> str:
    return Path(name.strip()).name


# ----------------------------------------------------------------------------------------------
# scoring

@dataclass
class _System:
    iri: str
    row: dict[str, str]
    kind: str
    date: str | None
    facility: str | None
    country: str | None
    sources: set[str]


def _row_value(row: Mapping[str, str], name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value).strip()


def _why_not(g: dict, s: _System, facilities: _Names, countries: _Names) -> list[str]:
    reasons = []
    if g.get("kind") != s.kind:
        reasons.append(f"kind {s.kind} (gold {g.get('kind')})")
    gc, sc = countries(g.get("country")), countries(s.country)
    if gc and sc and gc != sc:
        reasons.append(f"country {s.country} (gold {g.get('country')})")
    if g.get("facility") and facilities(g.get("facility")) != facilities(s.facility):
        reasons.append(f"facility {s.facility or 'none'} (gold {g.get('facility')})")
    if not _dates_match(g.get("date"), s.date):
        reasons.append(f"date {s.date or 'none'} (gold {g.get('date')})")
    if not ({_basename(m) for m in g.get("mentions", [])} & s.sources):
        reasons.append("cites none of the gold articles")
    return reasons


def _matches(g: dict, s: _System, facilities: _Names, countries: _Names) -> bool:
    return not _why_not(g, s, facilities, countries)


def _describe_gold(g: dict) -> str:
    bits = [g.get("kind", "?"), g.get("date") or "undated"]
    where = g.get("facility") or g.get("place") or g.get("country")
    if where:
        bits.append(f"at {where}")
    if g.get("weapons"):
        bits.append(", ".join(f"{k}:{v}" if v is not None else k for k, v in g["weapons"].items()))
    bits.append("in " + ", ".join(g.get("mentions", [])))
    return " ".join(bits)


def _describe_system(s: _System) -> str:
    row = s.row
    bits = [s.kind, s.date or "undated"]
    where = s.facility or _row_value(row, "place") or s.country
    if where:
        bits.append(f"at {where}")
    if _row_value(row, "weapons"):
        bits.append(_row_value(row, "weapons"))
    bits.append("in " + ", ".join(sorted(s.sources)))
    return " ".join(bits)


def _assign(gold_events: list[dict], systems: list[_System], candidates: dict[int, list[int]],
            score: dict[tuple[int, int], tuple]) -> dict[int, int]:
    """Each gold event to at most one system event: the best-agreeing pairs first, then augmenting
    paths so that as many gold events as possible (required ones first) are matched; deterministic."""
    match_of_system: dict[int, int] = {}
    match_of_gold: dict[int, int] = {}
    pairs = sorted(((g, s) for g, ss in candidates.items() for s in ss),
                   key=lambda p: (bool(gold_events[p[0]].get("optional")), score[p], p[0], systems[p[1]].iri))
    for g, s in pairs:
        if g not in match_of_gold and s not in match_of_system:
            match_of_gold[g] = s
            match_of_system[s] = g

    def augment(g: int, seen: set[int]) -> bool:
        for s in candidates.get(g, []):
            if s in seen:
                continue
            seen.add(s)
            if s not in match_of_system or augment(match_of_system[s], seen):
                match_of_system[s] = g
                match_of_gold[g] = s
                return True
        return False

    order = sorted(range(len(gold_events)), key=lambda g: (bool(gold_events[g].get("optional")), g))
    for g in order:
        if g not in match_of_gold:
            augment(g, set())
    return match_of_gold


def evaluate(gold: dict, rows: list[dict[str, str]],
             evidence: Mapping[str, Sequence[str]] | None = None) -> EvalReport:
    """Score events-table ``rows`` against a ``gold`` object; ``evidence`` maps an event IRI to
    the sentences it came from (used to show spurious events)."""
    if not isinstance(gold, dict) or not isinstance(gold.get("events"), list):
        raise InputError("the gold file has no \"events\" list; see shared/gold/FORMAT.md for the format")
    facilities = _Names(gold.get("facilities", {}))
    groups = _Names(gold.get("groups", {}))
    countries = _Names({})
    gold_events: list[dict] = [g for g in gold["events"] if isinstance(g, dict)]
    systems = [_System(iri=_row_value(r, "event"), row=dict(r), kind=_row_value(r, "kind"), date=_row_value(r, "date") or None,
                       facility=_row_value(r, "facility") or None, country=_row_value(r, "country") or None,
                       sources={_basename(x) for x in _split(_row_value(r, "sources"))}) for r in rows]
    systems.sort(key=lambda s: s.iri)
    report = EvalReport(gold_required=sum(1 for g in gold_events if not g.get("optional")),
                        gold_optional=sum(1 for g in gold_events if g.get("optional")),
                        system_events=len(systems))
    # candidates, best first: more shared articles, then attribute agreement
    candidates: dict[int, list[int]] = {}
    score: dict[tuple[int, int], tuple] = {}
    # a candidate must cite one of the gold event's articles: look only at those
    by_source: dict[str, list[int]] = {}
    for si, s in enumerate(systems):
        for source in s.sources:
            by_source.setdefault(source, []).append(si)
    for gi, g in enumerate(gold_events):
        gold_sources = {_basename(m) for m in g.get("mentions", [])}
        near = sorted({si for source in gold_sources for si in by_source.get(source, ())})
        found = [si for si in near if _matches(g, systems[si], facilities, countries)]
        for si in found:
            score[(gi, si)] = (-_agreement(g, systems[si], groups), -len(systems[si].sources & gold_sources))
        found.sort(key=lambda si: (score[(gi, si)], systems[si].iri))
        candidates[gi] = found
    assignment = _assign(gold_events, systems, candidates, score)
    matched_systems = {s: g for g, s in assignment.items()}
    gold_of_iri = {systems[s].iri: gold_events[g]["id"] for g, s in assignment.items()}
    for gi, g in enumerate(gold_events):
        si = assignment.get(gi)
        if si is None:
            if not g.get("optional"):
                report.false_negatives += 1
                report.missed.append(Missed(g.get("id", f"#{gi}"), _describe_gold(g), _nearest(g, systems, facilities, countries)))
            continue
        report.matches.append((g.get("id", f"#{gi}"), systems[si].iri))
        if g.get("optional"):
            report.optional_matched += 1
        else:
            report.true_positives += 1
        _score_attributes(report, g, systems[si], groups)
        gold_sources = tuple(sorted({_basename(m) for m in g.get("mentions", [])}))
        if len(gold_sources) > 1:
            cited = tuple(sorted(systems[si].sources))
            report.merges.append(Merge(g.get("id", f"#{gi}"), gold_sources, cited, set(gold_sources) <= set(cited)))
    for si, s in enumerate(systems):
        if si in matched_systems:
            continue
        # a system event that could match an optional gold event taken by no one is harmless;
        # one that matches an already matched gold event is a duplicate
        could = [gi for gi, g in enumerate(gold_events) if si in candidates.get(gi, [])]
        if any(gold_events[gi].get("optional") for gi in could) and not any(
                not gold_events[gi].get("optional") for gi in could):
            free_optional = [gi for gi in could if gi not in assignment]
            if free_optional:
                continue
        report.false_positives += 1
        duplicate = gold_events[could[0]].get("id") if could else None
        report.spurious.append(Spurious(s.iri, _describe_system(s), tuple((evidence or {}).get(s.iri, ())), duplicate))
    _score_retaliation(report, gold_events, systems, assignment, gold_of_iri)
    return report


def _agreement(g: dict, s: _System, groups: _Names) -> int:
    """How well a candidate system event fits a gold event (to choose among several candidates)."""
    n = 0
    gw = {k.lower(): v for k, v in (g.get("weapons") or {}).items()}
    sw = _weapons(_row_value(s.row, "weapons"))
    n += len(set(gw) & set(sw)) - len(set(sw) - set(gw))
    n += 2 * sum(1 for w, c in gw.items() if c is not None and sw.get(w) == c)
    for name in ("injured", "killed"):
        got = _int(_row_value(s.row, name))
        if g.get(name) is not None and got == g.get(name):
            n += 1
        elif got is not None and g.get(name) is None:
            n -= 1
    for name in ("claimed_by", "attributed_to"):
        if {groups(x) for x in g.get(name) or []} == {groups(x) for x in _split(_row_value(s.row, name))}:
            n += 1
    if g.get("date") and s.date == g.get("date"):
        n += 1
    if (g.get("facility") or None) and s.facility:
        n += 1
    return n


def _nearest(g: dict, systems: list[_System], facilities: _Names, countries: _Names) -> str | None:
    gold_sources = {_basename(m) for m in g.get("mentions", [])}
    best = None
    for s in systems:
        if not (s.sources & gold_sources):
            continue
        reasons = _why_not(g, s, facilities, countries)
        if best is None or len(reasons) < len(best[1]):
            best = (s, reasons)
    if best is None:
        return None
    s, reasons = best
    return f"{_describe_system(s)} [{s.iri}]: " + ("; ".join(reasons) if reasons else "matches, but taken by another gold event")


def _tally(report: EvalReport, name: str, right: bool, gold_id: str, expected, got) -> None:
    counts = report.attributes.setdefault(name, [0, 0])
    counts[1] += 1
    if right:
        counts[0] += 1
    else:
        report.attribute_errors.append(AttributeError_(gold_id, name, str(expected), str(got)))


def _score_attributes(report: EvalReport, g: dict, s: _System, groups: _Names) -> None:
    gid = g.get("id", "?")
    row = s.row
    gw = {k.lower(): v for k, v in (g.get("weapons") or {}).items()}
    sw = _weapons(_row_value(row, "weapons"))
    if any(k != "unknown" for k in gw):
        right = bool(sw) and set(sw) <= set(gw)
        _tally(report, "weapon types", right, gid, sorted(gw), sorted(sw))
    for weapon, count in gw.items():
        if isinstance(count, int):
            _tally(report, "weapon counts", sw.get(weapon) == count, gid, f"{weapon}:{count}",
                   f"{weapon}:{sw.get(weapon)}" if weapon in sw else "none")
    for name in ("injured", "killed"):
        if isinstance(g.get(name), int):
            got = _int(_row_value(row, name))
            _tally(report, name, got == g[name], gid, g[name], got)
    for name in ("claimed_by", "attributed_to"):
        gold_set = {groups(x) for x in g.get(name) or []}
        sys_names = _split(_row_value(row, name))
        sys_set = {groups(x) for x in sys_names}
        if gold_set or sys_set:
            _tally(report, name, gold_set == sys_set, gid, sorted(g.get(name) or []), sorted(sys_names))
    date = g.get("date")
    if date and len(date) == 10:
        _tally(report, "date (day)", s.date == date, gid, date, s.date)


def _score_retaliation(report: EvalReport, gold_events: list[dict], systems: list[_System],
                       assignment: dict[int, int], gold_of_iri: dict[str, str]) -> None:
    required = {g["id"] for g in gold_events if not g.get("optional") and "id" in g}
    optional = {g["id"] for g in gold_events if g.get("optional") and "id" in g}
    gold_pairs = set()
    for g in gold_events:
        for earlier in g.get("retaliation_for") or []:
            if g.get("id") in required and earlier in required:
                gold_pairs.add((g["id"], earlier))
    report.retaliation_gold = len(gold_pairs)
    system_pairs = set()
    for s in systems:
        source = gold_of_iri.get(s.iri)
        if source is None:
            continue
        for target_iri in _split(_row_value(s.row, "retaliation_for")):
            target = gold_of_iri.get(target_iri)
            if target is None:
                # the earlier event is not a gold event: a wrong link, unless the source is optional
                if source in required:
                    report.retaliation_wrong += 1
                    report.retaliation_spurious.append((source, target_iri))
                continue
            system_pairs.add((source, target))
    for pair in sorted(system_pairs):
        if pair[0] in optional or pair[1] in optional:
            continue
        if pair in gold_pairs:
            report.retaliation_right += 1
        else:
            report.retaliation_wrong += 1
            report.retaliation_spurious.append(pair)
    report.retaliation_missed = sorted(gold_pairs - system_pairs)


# ----------------------------------------------------------------------------------------------
# printing

def _pct(x: float) -> str:
    return f"{x:.3f}"


def format_report(report: EvalReport) -> str:
    """The full human-readable report."""
    lines = []
    lines.append("Events")
    lines.append(f"  gold: {report.gold_required} required + {report.gold_optional} optional; system: {report.system_events}")
    lines.append(f"  matched {report.true_positives} required (+{report.optional_matched} optional), "
                 f"missed {report.false_negatives}, spurious {report.false_positives}")
    lines.append(f"  precision {_pct(report.precision)}  recall {_pct(report.recall)}  F1 {_pct(report.f1)}")
    lines.append("")
    lines.append("Attributes (matched events)")
    for name in ATTRIBUTES:
        if name in report.attributes:
            right, total = report.attributes[name]
            lines.append(f"  {name:<14} {right}/{total}  {_pct(right / total if total else 1.0)}")
    total = sum(v[1] for v in report.attributes.values())
    right = sum(v[0] for v in report.attributes.values())
    lines.append(f"  {'all':<14} {right}/{total}  {_pct(report.attribute_accuracy)}")
    lines.append("")
    lines.append("Retaliation pairs (between required events)")
    lines.append(f"  right {report.retaliation_right}, wrong {report.retaliation_wrong}, gold {report.retaliation_gold}: "
                 f"precision {_pct(report.retaliation_precision)}  recall {_pct(report.retaliation_recall)}")
    for source, target in report.retaliation_missed:
        lines.append(f"  missed: {source} -> {target}")
    for source, target in report.retaliation_spurious:
        lines.append(f"  wrong:  {source} -> {target}")
    lines.append("")
    merged = sum(1 for m in report.merges if m.merged)
    lines.append(f"Multi-source events merged: {merged}/{len(report.merges)}")
    for m in report.merges:
        if not m.merged:
            missing = sorted(set(m.expected) - set(m.cited))
            lines.append(f"  not merged: {m.gold_id}: matched event cites {', '.join(m.cited)}; missing {', '.join(missing)}")
    if report.attribute_errors:
        lines.append("")
        lines.append("Attribute errors")
        for e in report.attribute_errors:
            lines.append(f"  {e.gold_id}: {e.attribute}: expected {e.expected}, got {e.got}")
    if report.missed:
        lines.append("")
        lines.append("Missed gold events")
        for m in report.missed:
            lines.append(f"  {m.gold_id}: {m.description}")
            if m.nearest:
                lines.append(f"    nearest: {m.nearest}")
    if report.spurious:
        lines.append("")
        lines.append("Spurious system events")
        for s in report.spurious:
            extra = f" (duplicate of {s.duplicate_of})" if s.duplicate_of else ""
            lines.append(f"  {s.event}{extra}: {s.description}")
            for sentence in s.evidence:
                lines.append(f"    evidence: {sentence}")
    lines.append("")
    verdict = "met" if report.meets_targets() else "NOT met"
    lines.append(f"Targets (F1 >= {TARGETS['event_f1']}, attributes >= {TARGETS['attribute_accuracy']}, "
                 f"retaliation recall >= {TARGETS['retaliation_recall']}, every multi-source event merged): {verdict}")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------
# from files

def load_gold(path: str | Path) -> dict:
    """Read a gold file; InputError names the file and the problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the gold file: {exc.strerror or exc}", str(path)) from None
    try:
        gold = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", str(path), exc.lineno, exc.colno) from None
    if not isinstance(gold, dict) or not isinstance(gold.get("events"), list):
        raise InputError("a gold file is a JSON object with an \"events\" list (see shared/gold/FORMAT.md)", str(path))
    return gold


def evaluate_paths(gold_path: str | Path, article_paths: Sequence[str | Path], workers: int | None = 1) -> EvalReport:
    """Build the graph of ``article_paths`` in memory, run the ``events`` query, and score it
    against the gold file at ``gold_path``."""
    # the stages that build and query a graph load here: scoring rows needs none of them
    from kg.pipeline import build_graph
    from kg.query import run_query
    from kg.store import rdflib_to_store

    gold = load_gold(gold_path)
    built = build_graph(article_paths, workers=workers)
    store = rdflib_to_store(built.graph)
    rows = run_query(store, "events").as_dicts()
    evidence: dict[str, list[str]] = {}
    for event in built.result.events:
        sentences = []
        for _field, ev in event.evidence:
            if ev.text not in sentences:
                sentences.append(ev.text)
        evidence[f"{DEFAULT_BASE_IRI}event/{event.key}"] = sentences
    return evaluate(gold, rows, evidence)
