"""Resolve: merge the mentions of one incident across articles into ``Event`` records.

Within an article, extraction already keeps one mention per incident. Here mentions from
different articles are merged when they agree on what identifies an incident: its kind, its
target facility (or place), and its date at the precision both give; weapons, counts and
casualty figures add evidence. A mention whose article has no dateline ("on Wednesday") joins a
dated report only on strong evidence (same facility, and a matching weekday or day of the month,
or the same weapon count); once it has, its article's other relative dates ("last month",
"June 28") are resolved against the date that merge fixed, and merging runs again.

Candidates are found through blocking keys (facility, day, weekday, weapon count), never by
comparing all mentions with all others, and every decision is independent of input order:
mentions are sorted by id, candidate pairs by score and ids. Each event says which features
agreed (``MergeDecision``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from kg.extract.dates import DateConstraint, date_constraint, find_dates, is_night_phrase, resolve_date
from kg.model import (ArticleExtraction, DateValue, EntityRef, Event, EventMention, Evidence, MergeDecision,
                      WeaponUse)
from kg.namespaces import WEAPON_TYPES

_WEAPON_ORDER = {w: i for i, w in enumerate(WEAPON_TYPES)}


def resolve_events(extractions: Sequence[ArticleExtraction], keep_background: bool = False) -> list[Event]:
    """Merge the mentions of all articles into events (deterministic whatever the input order).

    Incidents that every source names only in passing (history, background) are left out unless
    ``keep_background``; a background mention that merges with a report still adds its source.
    """
    published = {x.article.article_id: x.article.published for x in extractions}
    mentions = sorted((m for x in extractions for m in x.mentions), key=lambda m: m.mention_id)
    # the same article twice (two file names, one text) gives the same mention ids: keep one
    unique: dict[str, EventMention] = {}
    for m in mentions:
        unique.setdefault(m.mention_id, m)
    mentions = list(unique.values())
    clusters, agreed = _cluster(mentions)
    # undated articles: a merge with a dated report fixes the article's date window
    redated = _redate_from_anchors(mentions, clusters, published)
    if redated:
        mentions = [redated.get(m.mention_id, m) for m in mentions]
        clusters, agreed = _cluster(mentions)
    clusters, agreed = _merge_answers(mentions, clusters, agreed)
    events = _build_events(mentions, clusters, agreed)
    return events if keep_background else visible_events(events)


def visible_events(events: Iterable[Event]) -> list[Event]:
    """The events a graph shows: not background, and responding only to events it shows."""
    kept = [e for e in events if not e.background]
    keys = {e.key for e in kept}
    return [e if all(k in keys for k, _ev in e.responds_to) else
            replace(e, responds_to=tuple((k, ev) for k, ev in e.responds_to if k in keys)) for e in kept]


# ----------------------------------------------------------------------------------------------
# comparing two mentions

@dataclass(frozen=True)
class _Info:
    """What the comparison needs of a mention, computed once."""

    m: EventMention
    facility: str | None
    place: str | None
    country: str | None
    perpetrator: str | None
    dated: bool
    constraint: DateConstraint
    weapons: dict[str, int | None]
    figures: dict[str, int]
    lo: dt.date | None = None
    hi: dt.date | None = None
    night: bool = False


_NO_CONSTRAINT = DateConstraint()


def _info(m: EventMention) -> _Info:
    figures: dict[str, int] = {}
    for f in m.figures:
        figures.setdefault(f.figure, f.value)
    return _Info(
        m=m,
        facility=m.facility.key if m.facility else None,
        place=m.place.key if m.place else None,
        country=m.country.key if m.country else None,
        perpetrator=m.perpetrator.key if m.perpetrator else None,
        dated=m.date.value is not None,
        constraint=date_constraint(m.date.phrase) if m.date.value is None else _NO_CONSTRAINT,
        weapons={w.weapon: w.count for w in m.weapons},
        figures=figures,
        lo=m.date.earliest if m.date.value is not None else None,
        hi=m.date.latest if m.date.value is not None else None,
        night=is_night_phrase(m.date.phrase),
    )


# One report calls a strike American, another a coalition strike: the coalition is US-led, so the
# two names do not contradict each other (any other pair of doers does).
_US_SIDE = frozenset({"actor/united-states-military", "actor/us-led-coalition", "actor/united-states",
                      "actor/us-government", "actor/us-department-of-defense"})


def _same_doer(a: str, b: str) -> bool:
    return a == b or (a in _US_SIDE and b in _US_SIDE)


def _doer_key(a: str) -> str:
    return "us-side" if a in _US_SIDE else a


def _dates_agree(x: _Info, y: _Info) -> bool:
    if max(x.lo, y.lo) <= min(x.hi, y.hi):
        return True
    if x.lo == x.hi and y.lo == y.hi and abs((x.lo - y.lo).days) == 1:
        return x.night or y.night
    return False


def _compare(x: _Info, y: _Info) -> tuple[int, tuple[str, ...]] | None:
    """(score, agreed features) when ``x`` and ``y`` may be one incident, None when they cannot."""
    a, b = x.m, y.m
    if a.kind != b.kind or a.article_id == b.article_id:
        return None
    agreed: list[str] = ["kind"]
    score = 0
    # where
    if x.facility and y.facility:
        if x.facility != y.facility:
            return None
        agreed.append("facility")
        score += 4
    if x.country and y.country and x.country != y.country:
        return None
    if x.place and y.place:
        if x.place != y.place and not (x.facility and x.facility == y.facility):
            return None
        if x.place == y.place:
            agreed.append("place")
            score += 1
    if x.perpetrator and y.perpetrator:
        if not _same_doer(x.perpetrator, y.perpetrator):
            return None
        agreed.append("perpetrator")
        score += 1
    # when
    strong_date = False
    if x.dated and y.dated:
        if not _dates_agree(x, y):
            return None
        if a.date.precision == "day" and b.date.precision == "day":
            if a.date.value == b.date.value:
                agreed.append("date:day")
                score += 3
            else:
                agreed.append("date:night")
                score += 2
        else:
            agreed.append(f"date:{'month' if 'month' in (a.date.precision, b.date.precision) else 'year'}")
            score += 1
        strong_date = True
    elif x.dated or y.dated:
        known, unknown = (x, y) if x.dated else (y, x)
        c = unknown.constraint
        if not c.empty:
            if not c.admits(known.m.date):
                return None
            if known.m.date.precision == "day":
                agreed.append("date:weekday" if c.weekday is not None else "date:day-of-month")
                score += 2
                strong_date = True
    else:
        cx, cy = x.constraint, y.constraint
        if not cx.empty and not cy.empty:
            if cx.weekday is not None and cy.weekday is not None and cx.weekday != cy.weekday:
                return None
            if (cx.month, cx.day) != (cy.month, cy.day) and None not in (cx.month, cy.month):
                return None
    # what
    counts = 0
    shared = set(x.weapons) & set(y.weapons)
    if shared:
        agreed.append("weapons")
        score += 1
        for w in shared:
            if x.weapons[w] is not None and x.weapons[w] == y.weapons[w]:
                counts += 1
        if counts:
            agreed.append("weapon-count")
            score += 2
    for fig in ("injured", "killed"):
        if fig in x.figures and fig in y.figures and x.figures[fig] == y.figures[fig] and x.figures[fig] > 0:
            agreed.append(fig)
            score += 1
    # enough to say it is the same incident?
    if x.dated and y.dated:
        if "date:day" not in agreed and "date:night" not in agreed and x.weapons and y.weapons and not shared \
                and "unknown" not in set(x.weapons) | set(y.weapons):
            return None     # "the 2021 suicide bombing" and "five rockets" on 30 August 2021: two incidents
        if "facility" in agreed:
            pass
        elif x.facility or y.facility:
            # one names the site, the other only the area: the weapons must agree too
            if not shared:
                return None
        elif a.kind == "strike":
            if not ("perpetrator" in agreed or "place" in agreed or counts or "killed" in agreed):
                return None
        elif not (shared and (x.place == y.place or x.country == y.country) and (x.place or x.country)):
            return None
    elif x.dated or y.dated:
        if x.weapons and y.weapons and not shared and "unknown" not in set(x.weapons) | set(y.weapons):
            return None     # "a drone" and "14 rockets" on a Monday at the same airport: two incidents
        # an undated report joins a dated one only on strong evidence: the same site, and the same
        # weekday or day of the month, or the same weapon count, or the same death toll; without a
        # site, the same place and day of the month (and the same doer or weapons)
        if "facility" in agreed:
            # a weapon count alone is too common ("three rockets at Ain al-Asad") to date a report
            if not (strong_date or "killed" in agreed or (counts and ("injured" in agreed or len(shared) > 1))):
                return None
        elif not (x.facility or y.facility) and "place" in agreed and strong_date \
                and ("perpetrator" in agreed or shared):
            pass
        elif a.kind == "strike" and "perpetrator" in agreed and strong_date and ("killed" in agreed or counts):
            # "US jets struck militia depots on Thursday, killing six" in an undated report and a dated
            # one with the same doer, weekday and toll, where neither names the place the same way
            pass
        elif "place" in agreed and strong_date and shared and (counts or "killed" in agreed or "injured" in agreed):
            # "a drone struck a coalition base near Hasakah on Thursday, killing a contractor" and a
            # dated report of the drone that killed a contractor at the Rmeilan base in Hasakah
            pass
        else:
            return None
    else:
        if "facility" not in agreed or not counts or not strong_date and not any(f in agreed for f in ("injured", "killed")):
            return None
    return score, tuple(agreed)


# ----------------------------------------------------------------------------------------------
# candidate pairs through blocking keys

# An undated report is compared with at most this many dated reports of the same site and weekday:
# more means the weekday alone cannot tell them apart (and comparing them all costs quadratic time).
_MAX_UNDATED_CANDIDATES = 150


def _keys(i: _Info) -> tuple[list[tuple], list[tuple]]:
    """(keys shared with every mention of the block, keys an undated mention looks dated ones up by).

    Dated mentions meet through their days; an undated one is only worth comparing with dated
    mentions of its site that fit its weekday, day of the month, weapon count or death toll, so
    those keys are asymmetric: the undated mention probes, dated mentions are only found.
    """
    m = i.m
    shared: list[tuple] = []
    found: list[tuple] = []         # under which a dated mention can be found (or an undated one probes)
    if i.dated:
        lo = i.lo
        if m.date.precision == "day":
            shared.append(("day", m.kind, lo.isoformat()))
            if i.night:
                # a night may be dated either side of midnight: meet the neighbouring days too
                for n in (-1, 1):
                    shared.append(("day", m.kind, (lo + dt.timedelta(days=n)).isoformat()))
            if i.facility:
                found.append(("fwd", i.facility, lo.weekday()))
                found.append(("fmd", i.facility, lo.month, lo.day))
            if i.place:
                # (a report naming only the place may tell the incident at a site there)
                found.append(("pmd", i.place, m.kind, lo.month, lo.day))
                found.append(("pwd", i.place, m.kind, lo.weekday()))
            if m.kind == "strike" and i.perpetrator:
                found.append(("swd", _doer_key(i.perpetrator), lo.weekday()))
                found.append(("smd", _doer_key(i.perpetrator), lo.month, lo.day))
        else:
            shared.append((m.date.precision, m.kind, m.date.value))
        if i.facility:
            for fig, value in i.figures.items():
                if value > 0:
                    found.append(("fk", i.facility, fig, value))
        return shared, found
    c = i.constraint
    if i.facility:
        if c.weekday is not None:
            found.append(("fwd", i.facility, c.weekday))
            if i.night:
                found.append(("fwd", i.facility, (c.weekday + 1) % 7))
                found.append(("fwd", i.facility, (c.weekday - 1) % 7))
        if c.month is not None and c.day is not None:
            found.append(("fmd", i.facility, c.month, c.day))
        for fig, value in i.figures.items():
            if value > 0:
                found.append(("fk", i.facility, fig, value))
        for w, cnt in i.weapons.items():
            if cnt is not None:
                found.append(("fw", i.facility, w, cnt))
    elif i.place:
        if c.month is not None and c.day is not None:
            found.append(("pmd", i.place, m.kind, c.month, c.day))
        if c.weekday is not None:
            found.append(("pwd", i.place, m.kind, c.weekday))
    if m.kind == "strike" and i.perpetrator and not i.facility:
        if c.weekday is not None:
            found.append(("swd", _doer_key(i.perpetrator), c.weekday))
        if c.month is not None and c.day is not None:
            found.append(("smd", _doer_key(i.perpetrator), c.month, c.day))
    return shared, found


def _candidate_pairs(infos: list[_Info]) -> list[tuple[int, int, int, tuple[str, ...]]]:
    blocks: dict[tuple, list[int]] = defaultdict(list)
    dated_by: dict[tuple, list[int]] = defaultdict(list)
    undated_by: dict[tuple, list[int]] = defaultdict(list)
    for n, i in enumerate(infos):
        shared, found = _keys(i)
        for k in shared:
            blocks[k].append(n)
        for k in found:
            (dated_by if i.dated else undated_by)[k].append(n)
    seen: set[tuple[int, int]] = set()
    pairs = []
    probed: dict[int, list[tuple]] = defaultdict(list)    # an undated mention's pairs with dated ones

    def consider(p: int, q: int, probe: int | None = None) -> None:
        if p == q:
            return
        key = (p, q) if p < q else (q, p)
        if key in seen:
            return
        seen.add(key)
        result = _compare(infos[key[0]], infos[key[1]])
        if result is not None:
            pair = (result[0], key[0], key[1], result[1])
            if probe is None:
                pairs.append(pair)
            else:
                probed[probe].append(pair)

    for members in blocks.values():
        if len(members) > 1:
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    consider(members[x], members[y])
    for key, probes in undated_by.items():
        dated = dated_by.get(key, ())
        # an undated "on Monday at Ain al-Asad" fits every Monday attack there: with more than a
        # few dated candidates it names none of them
        if len(dated) <= _MAX_UNDATED_CANDIDATES:
            for p in probes:
                for q in dated:
                    consider(p, q, probe=p)
        if len(probes) > 1 and key[0] in ("fw", "fk"):
            # two undated reports: only the same site with the same count or toll
            for x in range(len(probes)):
                for y in range(x + 1, len(probes)):
                    consider(probes[x], probes[y])
    # an undated report's pairs compete with all others: the best-scoring merge comes first
    for options in probed.values():
        pairs.extend(options)
    # month- or year-precision dates meet the day-precision mentions of their period
    day_index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, i in enumerate(infos):
        if i.dated and i.m.date.precision in ("day", "month"):
            day_index[(i.m.kind, i.m.date.value[:7])].append(n)
    for n, i in enumerate(infos):
        if i.dated and i.m.date.precision == "month":
            for q in day_index.get((i.m.kind, i.m.date.value), ()):
                consider(n, q)
        elif i.dated and i.m.date.precision == "year":
            for month in range(1, 13):
                for q in day_index.get((i.m.kind, f"{i.m.date.value}-{month:02d}"), ()):
                    consider(n, q)
    pairs.sort(key=lambda p: (-p[0], infos[p[1]].m.mention_id, infos[p[2]].m.mention_id))
    return pairs


# ----------------------------------------------------------------------------------------------
# clustering

@dataclass
class _Summary:
    """What every member of a cluster allows, so that a merge is checked in constant time."""

    articles: set[str]
    facility: set[str]
    place: set[str]
    country: set[str]
    perpetrator: set[str]
    lo: dt.date | None          # the latest earliest day and the earliest latest day of dated members
    hi: dt.date | None
    night: bool                 # a member's phrase allows a day either side
    constraints: list[DateConstraint]

    @classmethod
    def of(cls, i: _Info) -> "_Summary":
        return cls({i.m.article_id}, {i.facility} if i.facility else set(),
                   {i.place} if i.place and not i.facility else set(),
                   {i.country} if i.country else set(), {i.perpetrator} if i.perpetrator else set(),
                   i.lo, i.hi, i.night, [i.constraint] if i.constraint is not _NO_CONSTRAINT and not i.constraint.empty else [])

    def allows(self, other: "_Summary") -> bool:
        if self.articles & other.articles:
            return False
        for mine, theirs in ((self.facility, other.facility), (self.country, other.country)):
            if len(mine | theirs) > 1:
                return False
        doers = self.perpetrator | other.perpetrator
        if len(doers) > 1 and not doers <= _US_SIDE:
            return False
        if not (self.facility | other.facility) and len(self.place | other.place) > 1:
            return False
        lo, hi = _bound(self.lo, other.lo, max), _bound(self.hi, other.hi, min)
        if lo is not None and hi is not None:
            slack = dt.timedelta(days=1 if (self.night or other.night) else 0)
            if lo > hi + slack:
                return False
            if lo >= hi:
                day = DateValue(hi.isoformat(), "day")
                if not all(c.admits(day) for c in self.constraints + other.constraints):
                    return False
        return True

    def absorb(self, other: "_Summary") -> None:
        self.articles |= other.articles
        self.facility |= other.facility
        self.place |= other.place
        self.country |= other.country
        self.perpetrator |= other.perpetrator
        self.lo, self.hi = _bound(self.lo, other.lo, max), _bound(self.hi, other.hi, min)
        self.night = self.night or other.night
        self.constraints += other.constraints


def _bound(a, b, pick):
    if a is None:
        return b
    if b is None:
        return a
    return pick(a, b)


def _cluster(mentions: list[EventMention]) -> tuple[list[list[int]], dict[int, set[str]]]:
    infos = [_info(m) for m in mentions]
    parent = list(range(len(mentions)))
    members: dict[int, list[int]] = {n: [n] for n in range(len(mentions))}
    agreed: dict[int, set[str]] = {n: set() for n in range(len(mentions))}
    summary: dict[int, _Summary] = {n: _Summary.of(i) for n, i in enumerate(infos)}

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for _score, p, q, features in _candidate_pairs(infos):
        rp, rq = find(p), find(q)
        if rp == rq:
            agreed[rp].update(features)
            continue
        # one article tells one incident once, and nothing any member states may contradict
        # another (checked on the clusters' summaries: a merge costs the same however large)
        if not summary[rp].allows(summary[rq]):
            continue
        root, other = (rp, rq) if rp < rq else (rq, rp)
        parent[other] = root
        members[root] = members[root] + members.pop(other)
        agreed[root].update(agreed.pop(other))
        agreed[root].update(features)
        summary[root].absorb(summary.pop(other))
    clusters = [sorted(members[r]) for r in sorted(members)]
    return clusters, {min(members[r]): agreed.get(r, set()) for r in members}


def _merge_answers(mentions: list[EventMention], clusters: list[list[int]],
                   agreed: dict[int, set[str]]) -> tuple[list[list[int]], dict[int, set[str]]]:
    """Join reports that answer the same incident: two articles that each present a strike as the
    response to one (merged) attack tell the same strike when nothing they state differs, even if
    neither names a place or an undated one cannot give its day ("US warplanes retaliated with
    strikes on groups in eastern Syria" and "F-15E aircraft struck two facilities in Deir ez-Zor
    province, in response to the Hasakah attack"). A report that could join several is left alone."""
    cluster_of = {mentions[n].mention_id: c for c, members in enumerate(clusters) for n in members}
    answers: dict[tuple[str, int], set[int]] = defaultdict(set)     # (kind, answered cluster) -> answering clusters
    for c, members in enumerate(clusters):
        for n in members:
            for cue in mentions[n].responds_to:
                target = cluster_of.get(cue.target or "")
                if target is not None and target != c:
                    answers[(mentions[n].kind, target)].add(c)
    if not any(len(v) > 1 for v in answers.values()):
        return clusters, agreed
    infos = [_info(m) for m in mentions]
    summaries: dict[int, _Summary] = {}
    for c, members in enumerate(clusters):
        summ = _Summary.of(infos[members[0]])
        for n in members[1:]:
            summ.absorb(_Summary.of(infos[n]))
        summaries[c] = summ
    parent = list(range(len(clusters)))

    def find(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    joined_any = False
    for key in sorted(answers):
        group = sorted(answers[key])
        for c in group:
            rc = find(c)
            partners = sorted({find(d) for d in group if find(d) != rc and summaries[rc].allows(summaries[find(d)])})
            if len(partners) != 1:
                continue        # none, or several it could be: no merge on this evidence alone
            a, b = sorted((rc, partners[0]))
            parent[b] = a
            summaries[a].absorb(summaries.pop(b))
            joined_any = True
    if not joined_any:
        return clusters, agreed
    groups: dict[int, list[int]] = defaultdict(list)
    for c in range(len(clusters)):
        groups[find(c)].append(c)
    new_clusters: list[list[int]] = []
    new_agreed: dict[int, set[str]] = {}
    for root in sorted(groups, key=lambda r: min(clusters[r])):
        parts = groups[root]
        members = sorted(n for c in parts for n in clusters[c])
        feats = set().union(*(agreed.get(min(clusters[c]), set()) for c in parts))
        if len(parts) > 1:
            feats |= {"kind", "responds-to"}
        new_clusters.append(members)
        new_agreed[min(members)] = feats
    return new_clusters, new_agreed


def _compatible(x: _Info, y: _Info) -> bool:
    """No contradiction between two mentions (weaker than ``_compare``: no evidence needed)."""
    a, b = x.m, y.m
    if a.kind != b.kind:
        return False
    if x.facility and y.facility and x.facility != y.facility:
        return False
    if x.country and y.country and x.country != y.country:
        return False
    if x.place and y.place and x.place != y.place and not (x.facility and x.facility == y.facility):
        return False
    if x.perpetrator and y.perpetrator and not _same_doer(x.perpetrator, y.perpetrator):
        return False
    if x.dated and y.dated:
        return _dates_agree(x, y)
    if x.dated != y.dated:
        known, unknown = (x, y) if x.dated else (y, x)
        return unknown.constraint.empty or unknown.constraint.admits(known.m.date)
    return True


# ----------------------------------------------------------------------------------------------
# dating undated articles through their merges

_ANCHOR_RELATIVE = {"anchor_day", "anchor_night"}


def _redate_from_anchors(mentions: list[EventMention], clusters: list[list[int]],
                         published: dict[str, dt.date | None]) -> dict[str, EventMention]:
    windows: dict[str, tuple[dt.date, dt.date]] = {}
    for cluster in clusters:
        dated = [mentions[n] for n in cluster if mentions[n].date.value is not None and mentions[n].date.precision == "day"]
        if not dated:
            continue
        values = Counter(m.date.value for m in dated)
        day = dt.date.fromisoformat(sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[0][0])
        for n in cluster:
            m = mentions[n]
            if m.date.value is not None or published.get(m.article_id) is not None or not m.date.phrase:
                continue
            window = _publication_window(m.date.phrase, day)
            if window is None:
                continue
            old = windows.get(m.article_id)
            if old is not None:
                window = (max(old[0], window[0]), min(old[1], window[1]))
                if window[0] > window[1]:
                    windows[m.article_id] = (dt.date.max, dt.date.min)   # contradictory: no anchor
                    continue
            windows[m.article_id] = window
    redated: dict[str, EventMention] = {}
    for m in mentions:
        window = windows.get(m.article_id)
        if window is None or window[0] > window[1] or m.date.value is not None or not m.date.phrase:
            continue
        value = _resolve_in_window(m.date.phrase, window)
        if value is not None:
            redated[m.mention_id] = replace(m, date=value)
    return redated


def _publication_window(phrase: str, day: dt.date) -> tuple[dt.date, dt.date] | None:
    """Publication dates under which ``phrase`` names ``day``."""
    found, _ = find_dates(phrase)
    if not found:
        return None
    d = found[0]
    if d.kind == "weekday" and d.weeks_back is None and day.weekday() == d.weekday:
        return day, day + dt.timedelta(days=6)
    if d.kind in ("pub_day", "pub_night"):
        p = day - dt.timedelta(days=d.shift)
        return p, p
    if d.kind == "absolute" and d.year is None and (d.month, d.day) == (day.month, day.day):
        # a day and month fix the year only: the article came out within months of it
        return day, day + dt.timedelta(days=180)
    return None


def _resolve_in_window(phrase: str, window: tuple[dt.date, dt.date]) -> DateValue | None:
    found, _ = find_dates(phrase)
    if not found or found[0].kind in _ANCHOR_RELATIVE:
        return None
    values = set()
    span = (window[1] - window[0]).days
    # every day of a short window; a long one (a year fixed by "June 28") is sampled weekly and at
    # its end, which meets every month it spans
    step = 1 if span <= 14 else 7
    days = [window[0] + dt.timedelta(days=n) for n in range(0, span + 1, step)] + [window[1]]
    for day in days:
        v = resolve_date(found[0], day)
        if v.value is None:
            return None
        values.add((v.value, v.precision))
    if len(values) != 1:
        return None
    value, precision = values.pop()
    return DateValue(value, precision, phrase, None)


# ----------------------------------------------------------------------------------------------
# events

def _hash8(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unknown"


def _majority(values: Iterable, tie=min):
    """The most frequent value; among equally frequent ones, ``tie`` picks deterministically."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    return tie([v for v, c in counts.items() if c == top])


def _majority_ref(refs: Iterable[EntityRef | None]) -> EntityRef | None:
    refs = [r for r in refs if r is not None]
    if not refs:
        return None
    key = _majority((r.key for r in refs))
    return next(r for r in refs if r.key == key)


def _event_date(mentions: list[EventMention]) -> DateValue:
    dated = [m.date for m in mentions if m.date.value is not None]
    if not dated:
        first = mentions[0].date
        return first
    days = Counter(d.value for d in dated if d.precision == "day")
    if days:
        top = max(days.values())
        leaders = sorted(v for v, c in days.items() if c == top)
        if len(leaders) == 1:
            return next(d for d in dated if d.value == leaders[0])
        # sources differ on the day: the most precise date they all agree on
        months = {v[:7] for v in leaders}
        if len(months) == 1:
            month = months.pop()
            return DateValue(month, "month", next(d.phrase for d in dated if d.value.startswith(month)))
        years = {v[:4] for v in leaders}
        year = min(years)
        return DateValue(year, "year", None) if len(years) == 1 else next(d for d in dated if d.value == leaders[0])
    values = Counter(d.value for d in dated)
    best = sorted(values.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
    return next(d for d in dated if d.value == best)


def _event_key(date: DateValue, facility, place, country, kind: str, mention_ids: list[str]) -> str:
    where = facility or place or country
    slug = where.key.rsplit("/", 1)[-1] if where is not None else "unknown"
    return f"{date.value or 'undated'}-{_slug(slug)}-{kind}-{_hash8(min(mention_ids))}"


def _build_events(mentions: list[EventMention], clusters: list[list[int]], agreed: dict[int, set[str]]) -> list[Event]:
    cluster_of: dict[str, int] = {}
    for c, cluster in enumerate(clusters):
        for n in cluster:
            cluster_of[mentions[n].mention_id] = c
    drafts = []
    for c, cluster in enumerate(clusters):
        ms = sorted((mentions[n] for n in cluster), key=lambda m: m.mention_id)
        kind = _majority((m.kind for m in ms))
        date = _event_date(ms)
        facility = _majority_ref(m.facility for m in ms)
        place = _majority_ref(m.place for m in ms) if facility is None or facility.iri is None else \
            _majority_ref(m.place for m in ms if m.facility is not None and m.facility.key == facility.key) or _majority_ref(m.place for m in ms)
        country = _majority_ref(m.country for m in ms)
        if facility is not None and facility.iri is None and facility.country is None and country is not None:
            # a site the reference data lacks is in the country the reports put the incident in
            facility = replace(facility, country=country.key)
        perpetrator = _majority_ref(m.perpetrator for m in ms)
        key = _event_key(date, facility, place, country, kind, [m.mention_id for m in ms])
        drafts.append((c, ms, kind, date, facility, place, country, perpetrator, key))
    key_of_cluster = {d[0]: d[8] for d in drafts}
    date_of_cluster = {d[0]: d[3] for d in drafts}
    events: list[Event] = []
    for c, ms, kind, date, facility, place, country, perpetrator, key in drafts:
        weapons = _merge_weapons(ms)
        figures = tuple(f for m in ms for f in m.figures)
        injured = _figure_value(ms, "injured")
        killed = _figure_value(ms, "killed")
        claims = _dedupe(((c_.claimant.key, c_.evidence.article_id), c_) for m in ms for c_ in m.claims)
        attributions = _dedupe(((a.group.key, a.evidence.article_id), a) for m in ms for a in m.attributions)
        unclaimed = tuple(m.unclaimed for m in ms if m.unclaimed is not None) if not claims else ()
        def event_of(mention_id: str) -> tuple[str, DateValue] | None:
            target = cluster_of.get(mention_id)
            return None if target is None else (key_of_cluster[target], date_of_cluster[target])
        responds = event_responses(ms, key, date, event_of)
        evidence = tuple(_dedupe((((f, e.article_id, e.start, e.end)), (f, e)) for m in ms for f, e in m.evidence))
        merge = None
        if len(ms) > 1:
            features = sorted(agreed.get(min(clusters[c]), set()), key=_feature_order)
            articles = len({m.article_id for m in ms})
            merge = MergeDecision(tuple(m.mention_id for m in ms), tuple(features),
                                  f"merged {len(ms)} reports from {articles} articles: {', '.join(features)} agreed")
        events.append(Event(
            key=key, kind=kind, date=date, mentions=tuple(ms), facility=facility, place=place, country=country,
            perpetrator=perpetrator, weapons=weapons, injured=injured, killed=killed, figures=figures,
            claims=tuple(claims), attributions=tuple(attributions), unclaimed=unclaimed,
            responds_to=responds, evidence=evidence, merge=merge,
            background=all(m.background for m in ms)))
    events.sort(key=lambda e: e.key)
    return events


def event_responses(mentions: Sequence[EventMention], key: str, date: DateValue,
                    event_of: Callable[[str], tuple[str, DateValue] | None]) -> tuple[tuple[str, Evidence], ...]:
    """The earlier events an event answers: its mentions' response cues, through ``event_of``
    (a mention id to its event's key and date)."""
    responds: dict[str, Evidence] = {}
    for m in mentions:
        for cue in m.responds_to:
            target = event_of(cue.target or "")
            if target is None or target[0] == key:
                continue
            earlier_key, earlier = target
            if date.value is not None and earlier.value is not None and earlier.earliest > date.latest:
                continue    # merged, the two reports put the answer before what it answers
            responds.setdefault(earlier_key, cue.evidence)
    return tuple(sorted(responds.items()))


_FEATURES = ["kind", "facility", "place", "perpetrator", "date:day", "date:night", "date:weekday", "date:day-of-month",
             "date:month", "date:year", "weapons", "weapon-count", "injured", "killed", "responds-to"]


def _feature_order(f: str) -> int:
    return _FEATURES.index(f) if f in _FEATURES else len(_FEATURES)


def _dedupe(items: Iterable[tuple[object, object]]) -> list:
    seen = set()
    out = []
    for key, value in items:
        if key in seen:
            continue
        seen.add(key)
        out.append(value)
    return out


def _merge_weapons(ms: list[EventMention]) -> tuple[WeaponUse, ...]:
    by_type: dict[str, list[WeaponUse]] = defaultdict(list)
    for m in ms:
        for w in m.weapons:
            by_type[w.weapon].append(w)
    out = []
    for weapon in sorted(by_type, key=lambda w: _WEAPON_ORDER.get(w, 99)):
        uses = by_type[weapon]
        count = _majority((u.count for u in uses), tie=max)
        intercepted = _majority((u.intercepted for u in uses), tie=max)
        source = next((u for u in uses if u.count == count), uses[0])
        out.append(WeaponUse(weapon, count, source.evidence, intercepted))
    return tuple(out)


def _figure_value(ms: list[EventMention], figure: str) -> int | None:
    # one figure per article: the first that article states
    per_article: dict[str, int] = {}
    for m in ms:
        for f in m.figures:
            if f.figure == figure:
                per_article.setdefault(m.article_id, f.value)
    return _majority(per_article.values(), tie=max)
