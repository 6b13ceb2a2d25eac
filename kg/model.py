"""Plain records handed from one pipeline stage to the next.

read -> ``Article``; extract -> ``ArticleExtraction`` (the incidents one article reports, as
``EventMention``); resolve -> ``Event`` (mentions of the same incident merged across articles);
build turns ``Event`` and ``Article`` records into RDF. Every fact carries the ``Evidence`` it
came from. Entities are referred to by ``EntityRef`` (a reference-data IRI, or a new entity the
text named that the reference data lacks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

EventKind = Literal["attack", "strike"]
Precision = Literal["day", "month", "year"]
FigureKind = Literal["injured", "killed"]
EntityKind = Literal["facility", "place", "country", "armed_group", "group_category",
                     "state_force", "monitor", "media", "government"]


@dataclass(frozen=True)
class Article:
    """One article as read from disk.

    ``text`` is the whole decoded file; every offset in the pipeline is an index into it.
    ``body_start`` is where the reporting starts (after a leading dateline line, if any).
    """

    article_id: str          # stable id: derived from the content hash, not the file name
    file_name: str           # base name, as the events table lists sources
    path: str
    text: str
    sha256: str
    published: dt.date | None = None
    body_start: int = 0
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact came from: article, character offsets into ``Article.text``, text."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class EntityRef:
    """An entity a mention resolved to.

    ``iri`` is a reference-data IRI when the entity is known; for an entity the text names but the
    reference data lacks (a new facility, a new group), ``iri`` is None and ``key`` is a slug that
    build turns into an IRI under the data base IRI.
    """

    key: str
    label: str
    kind: EntityKind
    iri: str | None = None
    country: str | None = None   # country key, for new facilities and places


@dataclass(frozen=True)
class DateValue:
    """A resolved date with its precision, or the reason it could not be resolved.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` by ``precision``; None when unresolved, in
    which case ``reason`` says why and ``phrase`` keeps the words the text used (if any).
    """

    value: str | None
    precision: Precision | None
    phrase: str | None = None
    reason: str | None = None

    @property
    def earliest(self) -> dt.date | None:
        if self.value is None:
            return None
        parts = [int(p) for p in self.value.split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)

    @property
    def latest(self) -> dt.date | None:
        if self.value is None:
            return None
        parts = [int(p) for p in self.value.split("-")]
        if len(parts) == 3:
            return dt.date(*parts)
        if len(parts) == 2:
            nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(parts[0], 12, 31)


UNDATED = DateValue(value=None, precision=None, phrase=None, reason="the text gives no date")


@dataclass(frozen=True)
class WeaponUse:
    """A weapon type used in an incident, with the number where the text gives one."""

    weapon: str                  # one of kg.namespaces.WEAPON_TYPES
    count: int | None
    evidence: Evidence
    intercepted: int | None = None


@dataclass(frozen=True)
class ReportedFigure:
    """One source's figure for injured or killed (0 when the text says none)."""

    figure: FigureKind
    value: int
    evidence: Evidence


@dataclass(frozen=True)
class Claim:
    """A claim of responsibility: who claimed, relayed by whom, through which channel, when."""

    claimant: EntityRef
    evidence: Evidence
    relayed_by: EntityRef | None = None     # e.g. SITE Intelligence Group, a monitor or outlet
    channel: str | None = None              # "group-statement", "monitoring-group", "social-media", "media-report"
    date: DateValue | None = None


@dataclass(frozen=True)
class Attribution:
    """Blame: the group an attack is attributed to, and who attributes it (as the text names them)."""

    group: EntityRef
    evidence: Evidence
    attributed_by: str | None = None        # "experts", "US officials", "Syrian Observatory ..."
    attributed_by_ref: EntityRef | None = None


@dataclass(frozen=True)
class ResponseCue:
    """Text presenting an incident as a response to an earlier one.

    ``target`` is the mention id of the earlier incident in the same article, once extraction has
    linked it; the resolve stage maps it to the merged event.
    """

    evidence: Evidence
    target: str | None = None
    phrase: str | None = None


@dataclass(frozen=True)
class EventMention:
    """One incident as one article reports it."""

    mention_id: str                     # f"{article_id}#{n}", stable for the same article text
    article_id: str
    kind: EventKind
    date: DateValue
    facility: EntityRef | None = None
    place: EntityRef | None = None
    country: EntityRef | None = None
    weapons: tuple[WeaponUse, ...] = ()
    figures: tuple[ReportedFigure, ...] = ()
    claims: tuple[Claim, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    perpetrator: EntityRef | None = None
    unclaimed: Evidence | None = None   # the sentence saying no one has claimed it
    responds_to: tuple[ResponseCue, ...] = ()
    # (field name, evidence) for the facts held directly on the event: "kind", "date",
    # "facility", "place", "country", "perpetrator".
    evidence: tuple[tuple[str, Evidence], ...] = ()
    background: bool = False            # named in passing (historic, aggregate), not reported news


@dataclass(frozen=True)
class ArticleExtraction:
    """What extraction found in one article, and the problems it noticed."""

    article: Article
    mentions: tuple[EventMention, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class MergeDecision:
    """Why mentions were merged into one event: the features that agreed."""

    mention_ids: tuple[str, ...]
    agreed: tuple[str, ...]             # e.g. ("kind", "facility", "date:day")
    explanation: str


@dataclass(frozen=True)
class Event:
    """One incident after merging the mentions of all articles that report it.

    Single-valued fields hold the value most sources give; ``figures`` keeps every source's value.
    ``responds_to`` holds event keys of earlier events, with the evidence that links them.
    """

    key: str                            # stable slug, unique in one build; becomes the IRI
    kind: EventKind
    date: DateValue
    mentions: tuple[EventMention, ...]
    facility: EntityRef | None = None
    place: EntityRef | None = None
    country: EntityRef | None = None
    perpetrator: EntityRef | None = None
    weapons: tuple[WeaponUse, ...] = ()
    injured: int | None = None
    killed: int | None = None
    figures: tuple[ReportedFigure, ...] = ()
    claims: tuple[Claim, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    unclaimed: tuple[Evidence, ...] = ()
    responds_to: tuple[tuple[str, Evidence], ...] = ()
    evidence: tuple[tuple[str, Evidence], ...] = ()
    merge: MergeDecision | None = None
    background: bool = False

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(sorted({m.article_id for m in self.mentions}))


@dataclass(frozen=True)
class BuildResult:
    """The outcome of one build: what was read, skipped (and why), and the events made."""

    articles: tuple[Article, ...]
    events: tuple[Event, ...]
    skipped: tuple[tuple[str, str], ...] = ()   # (path, reason)
    warnings: tuple[str, ...] = field(default_factory=tuple)
    triples: int = 0
    added: int | None = None     # with --add: how many of ``articles`` this build added
