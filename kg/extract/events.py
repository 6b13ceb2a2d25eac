"""Incident frames: which sentences of an article tell the same incident, and its facts.

A news report introduces an incident with an indefinite description ("On Wednesday, 14 rockets
hit the Ain al-Asad airbase"), then adds to it in later sentences ("Two personnel sustained minor
injuries", "The attack also damaged homes"), and refers to it again by definite phrases ("the
attack", "the base"). ``FrameBuilder`` reads the sentences in order and keeps one frame per
incident: a new description opens a frame unless it is the same incident as an open one (same
facility and compatible date, or same weapons and count, or the elaboration of an incident a
summary sentence listed); facts without a description of their own attach to the incident the
sentence refers to, by recency. Aggregates ("targeted almost 50 times this year"), hypotheticals
("the possibility of a US counterattack") and summaries of several incidents open no frame.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from kg.extract.dates import DateMention, date_constraint, is_night_phrase, resolve_date
from kg.extract.mentions import Hit, SentenceAnalyzer, SentenceFacts, TargetHit, WeaponHit, _type_name
from kg.extract.numbers import parse_number
from kg.extract.segment import Sentence
from kg.model import (Article, Attribution, Claim, DateValue, EntityRef, Evidence, ReportedFigure, ResponseCue,
                      WeaponUse)

# How much a date phrase says: a calendar date beats a weekday beats "yesterday" beats "hours later".
_RANK = {"absolute": 6, "weekday": 5, "pub_day": 4, "pub_night": 3, "month": 2, "pub_month": 2, "pub_week": 2,
         "year": 1, "pub_year": 1, "anchor_day": 3, "anchor_night": 2}

_SEGMENT_SPLIT = re.compile(r";\s+|,?\s+(?=(?:(?:in|as)\s+)?(?:(?:a|an|its|their)\s+(?:(?:first|latest|direct|military|swift|measured|initial)\s+){0,3})?(?:retaliation|response|revenge|reprisal|answer)\s+(?:for|to)\b)|,?\s+(?:and\s+)?(?=another\s+(?:attack|facility|base|strike|drone|rocket|site|target|oil|gas|air|military))|,\s+while\s+|,\s+whereas\s+|,\s+(?:though|although)\s+"
                            # "Saturday's attack came three days after a barrage on Wednesday killed ...": two incidents
                            r"|\s+(?=(?:\w+\s+)?(?:days?|weeks?)\s+after\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:attack|barrage|salvo|strike|assault)\b)"
                            # "The attack was the deadliest since a 2019 suicide bombing in Manbij killed four Americans"
                            r"|\s+(?=since\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,5}?(?:attack|bombing|barrage|strike|assault|ambush)\b)"
                            # "..., a day after similar attacks targeted Baghdad airport": another incident, dated from this one
                            r"|,\s+(?=(?:a|one|two|three|\d+)\s+(?:days?|weeks?)\s+(?:after|before)\s+(?:similar|other|more|further)\s+"
                            r"(?:[\w-]+\s+)?(?:attacks|barrages|strikes|assaults)\s+(?:targeted|hit|struck)\b)"
                            # "It was the third attack on the base, after similar incidents on November 2 and 5"
                            r"|,\s+(?=(?:after|following|like|as with|as in)\s+(?:similar|previous|earlier|other|prior)\s+(?:[\w-]+\s+)?"
                            r"(?:attacks|incidents|strikes|assaults)\b)")
# "Thursday's attack", "the 2021 suicide bombing", "the Aug. 26 attack": a date that names its incident
_DATE_OF_NOUN = re.compile(r"(?:['’]s)?,?\s+(?:[\w'’.-]+\s+){0,3}?(?:attacks?|assaults?|barrages?|bombings?|strikes?|air ?strikes?|"
                           r"raids?|ambush(?:es)?|salvos?)\b", re.I)
_RESPONSE_CLAUSE = re.compile(r"(?:(?:in|as)\s+)?(?:(?:a|an|its|their)\s+(?:(?:first|latest|direct|military|swift|measured|initial)\s+){0,3})?(?:retaliation|response|revenge|reprisal|answer)\s+(?:for|to)\b", re.I)
_AGENT_PHRASE = re.compile(r"(?:\b(?:a|an|the)\s+)?(?<![\w-])(?:U\.S\.|US|American|coalition|United States)(?:[\s-]+(?:led|[\w-]+)){0,2}\s+$", re.I)
_RESPONSE_TAIL = re.compile(r"\b(?:in\s+(?:retaliation|response|reprisal|revenge)|after|following|over|for)\b", re.I)
# named civilian sites a strike may hit (a port is never a reference facility: it hosts no coalition forces)
_STRIKE_SITE_TYPES = frozenset({"airport", "oilfield", "gasfield", "port"})
# How far (characters) after a summary sentence ("fired missiles at two bases, in revenge for the
# US strike") the incidents it sums up are told.
_RESPONSE_REACH = 900
_OF_THAT_YEAR = re.compile(r"\s+of\s+(?:that|the same)\s+year\b", re.I)
_ANOTHER_INCIDENT = re.compile(r"\b(?:a|the)\s+(?:second|third|fourth|fresh|new|separate)\s+(?:[\w-]+\s+)?"
                               r"(?:attack|barrage|salvo|strike|assault|volley)\b", re.I)
_AIR_SUBJECT = re.compile(r"\s*(?:the\s+)?(?:aircraft|jets|warplanes|bombers|fighter jets|fighter planes|gunships|planes)\s+"
                          r"(?:\w+ly\s+)?(?:hit|struck|bombed|targeted|destroyed|pounded)\b", re.I)
# "One of the sites hit was at Jurf al-Sakhar", "The targets struck included": what the strike hit
_STRUCK_SITES = re.compile(r"\W*(?:(?:one|two|three|some|several|most|all|many|none|each)\s+of\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}?"
                           r"(?:sites?|targets?|facilities|depots?|positions?|locations?|buildings?)\s+(?:that\s+were\s+)?"
                           r"(?:hit|struck|targeted|bombed)\b", re.I)
_REFERENCE_TO = re.compile(r"\b(?:a reference to|referring to|meaning|namely|in other words)\b", re.I)
_NAMED_INCIDENT = re.compile(r"\b(?:attacks?|strikes?|raids?|barrages?|assaults?|it|that|this)\b", re.I)
_POSSESSIVE_DATE = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}?(?P<n>attacks?|barrages?|assaults?|strikes?|raids?|air ?strikes?)\b", re.I)
_COUNTED_ATTACKS = re.compile(r"\b(?:all\s+)?(?P<n>both|two|three|four|five)\s+(?:of\s+the\s+)?(?:[\w-]+\s+)?(?:attacks|strikes|incidents|assaults)\b", re.I)
_ADDRESSEE = re.compile(r"\b(?:called on|calls on|calling on|urged|urges|asked|pressed|told|warned|accused|blamed|condemned|"
                        r"criticised|criticized|thanked)\s+(?:the\s+)?$", re.I)
_LAUNCH_CONTEXT = re.compile(r"\b(?:from|outside|launched from|fired from)\s+(?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){0,6}$", re.I)
_SPEAKER_CONTEXT = re.compile(r"\b(?:source|sources|official|officials|spokesman|spokeswoman|spokesperson|commander|governor|"
                              r"police|monitor|observatory|analyst|reporter|correspondent|talks?|meeting|minister|ministry|"
                              r"government|authorities|summit|conference|parliament)\s+"
                              r"(?:\w+\s+){0,2}(?:in|from|at)\s+(?:the\s+)?$", re.I)
# "... suffered minor injuries in those two attacks": a figure for several incidents together
_SHARED_FIGURE = re.compile(r"[^.;]{0,40}?\b(?:in|during|across)\s+(?:both|all|(?:the|those|these)\s+(?:two|three|four|five)|"
                            r"(?:both|all)\s+(?:of\s+)?(?:the|those|these))\s+(?:[\w-]+\s+)?(?:attacks|incidents|strikes|barrages)\b", re.I)
# "The base, known as K1,": the name of a site told before by its kind
_APPOSITIVE_NAME = re.compile(r"\b(?:the|this|that)\s+(?:[\w-]+\s+)?(?:base|air ?base|airfield|outpost|camp|facility|installation|"
                              r"compound|garrison)\s*,?\s+(?:known as|called|named|dubbed)\s+(?:the\s+)?$", re.I)
# The time heading an entry of a live report: "16:10 - ...", "13:05 GMT".
_ENTRY_TIME = re.compile(r"(?m)^[ \t]*\d{1,2}[:.]\d{2}(?:\s*(?:GMT|UTC|[AP]M|local time))?\s*(?:[-–—|:]|$)")
# How many of the latest incidents a sentence may refer back to.
_RECENT = 40
# An incident dated this many days before the dateline is history the article names in passing.
_BACKGROUND_DAYS = 45
_JUDGED = re.compile(r"\b(?:condemn(?:ed|s|ing)?|denounc(?:ed|es|ing)?|decr(?:ied|ies|ying)|called|described|termed|branded|"
                     r"labell?ed)\b(?:\s+(?:it|what\s+(?:it|they|he|she)\s+called|as))?\s+(?:the\s+|a\s+|an\s+|this\s+)?"
                     r"(?:[\w'’-]+\s+){0,3}$", re.I)
# "drones or rockets", "in Iraq or Syria": a report of an incident says which
_EITHER_OR = re.compile(r"(?i:\b(?:drones?|rockets?|missiles?|mortars?|bombs?)\s+or\s+(?:(?:a|an)\s+)?(?:drones?|rockets?|missiles?|mortars?|bombs?)\b)"
                        r"|\bin\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+or\s+[A-Z][\w'’-]+\b")
# "responded to the rocket attacks on Mission Support Site Conoco": the site attacked, not struck
_ATTACKED_SITE = re.compile(r"\b(?:attacks?|barrages?|assaults?|rocket fire|strikes?)\s+(?:on|at|against|targeting)\s+(?:the\s+)?"
                            r"(?:[\w'’-]+\s+){0,9}$", re.I)
_EACH_INCIDENT = re.compile(r"\b(?:neither|either|both|none of|any of|all (?:three|four|five|of))\b", re.I)
_THAT_DATE = re.compile(r"\b(?:that|the same) date\b|\bon that day\b", re.I)
# "Rockets hit A on Wednesday and a drone targeted B on Thursday": a second incident with its own subject
_NEW_SUBJECT = re.compile(r",?\s+and\s+(?=(?:a|an|another|two|three|four|five|six|\d+|several|more)\s+(?:[\w-]+\s+){0,2}"
                          r"(?:rockets?|drones?|missiles?|mortars?|shells?|bombs?|IEDs?)\s+(?:\w+ly\s+)?(?:hit|struck|targeted|slammed|"
                          r"landed|fell|exploded|crashed|(?:was|were)\s+(?:fired|launched|shot down|intercepted)))", re.I)
_LISTED_INCIDENT = re.compile(r",?\s+and\s+(?=(?:the|a|an)\s+(?:[\w-]+\s+){0,2}(?:attack|strike|assault|barrage|bombing)s?\s+"
                              r"(?:on|at|against|targeting)\b)", re.I)
# Where a clause ends, for what a claim or blame speaks of.
_CLAUSE_CUT = re.compile(r";|,\s+(?:and|but|while|whereas|which|who|as)\s|\s+(?:and|but)\s+(?=(?:on|late|early|in|hours|days|the next|a day)\b)")
_INCIDENT_NOUN = re.compile(r"\b(?:attacks?|assaults?|barrages?|salvos?|strikes?|air ?strikes?|raids?|bombings?|blasts?|"
                            r"explosions?|incidents?|operations?|shelling)\b", re.I)
_SPEAKS = re.compile(r"\s*(?:,\s*)?(?:has\s+|have\s+|also\s+)?(?:said|says|condemned|denounced|warned|urged|announced|"
                     r"confirmed|denied|reported|stated|called|issued|told|added|spokesman|spokeswoman|spokesperson)\b", re.I)
_PLURAL_ATTACKS = re.compile(r"(?<![\w-])(?P<q>\w+(?:[- ]\w+)?)\s+(?:(?:new|separate|simultaneous|more|other|further|rocket|drone|"
                             r"mortar|missile|rocket and drone|drone and rocket|coordinated)\s+){0,2}(?:attacks|assaults|incidents)\b", re.I)


@dataclass
class Frame:
    """One incident as this article tells it, while the article is being read."""

    n: int
    kind: str
    first_sentence: int
    position: int
    facility: EntityRef | None = None
    facility_types: frozenset[str] = frozenset()
    facility_province: str | None = None
    facility_country: str | None = None
    generic_types: frozenset[str] | None = None
    generic_country: str | None = None
    place: EntityRef | None = None
    place_keys: set[str] = field(default_factory=set)
    region_places: frozenset[str] = frozenset()
    alternatives: list = field(default_factory=list)
    country: EntityRef | None = None
    weapons: dict[str, WeaponUse] = field(default_factory=dict)
    figures: list[ReportedFigure] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    perpetrator: EntityRef | None = None
    unclaimed: Evidence | None = None
    responds: list[ResponseCue] = field(default_factory=list)
    date: DateValue | None = None
    date_rank: float = 0
    date_evidence: Evidence | None = None
    soft: bool = False                      # the date is the article's news date, not stated
    background: bool = False
    placeholder: bool = True
    copy_of: int | None = None              # "two attacks ... on X": the second copy
    evidence: list[tuple[str, Evidence]] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    past: bool = False
    headline: bool = False                  # told first by the headline, which the body tells again
    strike_class: str | None = None         # "raid" or "strike": the noun a strike was first told by
    vessel: str | None = None               # the named warship attacked ("uss carney"), which tells one incident
    plural_weapons: set[str] = field(default_factory=set)   # first told uncounted, in the plural ("rockets")


@dataclass
class Description:
    """What one clause says about an incident, before it is assigned to a frame."""

    kind: str
    start: int
    end: int
    facility: Hit | None = None
    target: TargetHit | None = None
    places: list[Hit] = field(default_factory=list)
    countries: list[Hit] = field(default_factory=list)
    weapons: list[WeaponHit] = field(default_factory=list)
    date: DateValue | None = None
    date_rank: float = 0
    date_mention: DateMention | None = None
    new_indefinite: bool = False
    anaphoric: bool = False
    another: bool = False
    copies: int = 1
    agent: EntityRef | None = None
    noun: str | None = None
    count: int | None = None
    strike_weapon: str | None = None
    definite_strike: bool = False
    background: bool = False
    past: bool = False
    summary: bool = False
    anchor: tuple[int, int] = (0, 0)       # the words that tell the incident, for dates and figures
    place_end: int = 0                     # a strike: where the words naming its place end
    group: int | None = None               # descriptions listed together share their date
    subordinate: bool = False              # told in a clause dating it from another ("a day after similar attacks hit X")
    vessel: str | None = None              # a named warship as the target ("the USS Carney")


class FrameBuilder:
    """Reads an article's sentences in order and builds its incident frames."""

    def __init__(self, article: Article, gazetteer, analyzer: SentenceAnalyzer):
        self.article = article
        self.gaz = gazetteer
        self.an = analyzer
        self.frames: list[Frame] = []
        self.current: Frame | None = None
        self.news_date: DateValue | None = None
        self.news_rank: float = 0
        self.last_groups: list[EntityRef] = []
        self.last_monitor: EntityRef | None = None
        self.article_responses: list[tuple[str, Frame, Evidence, str]] = []   # (cue, target frame, evidence, phrase)
        self.summary_blames: list[Attribution] = []
        self.scoped_blames: list[tuple[Attribution, set[str]]] = []
        self.warnings: list[str] = []
        self.sentence_count = 0
        self._anchors: list[tuple[Frame, tuple[int, int]]] = []
        self._groups_this_sentence: set[int] = set()
        self._current_before: Frame | None = None
        self.context_year: int | None = None
        self.named_facility: tuple[int, Hit] | None = None     # the latest facility any sentence named
        self.last_frame_sentence = -1                           # the latest sentence that told an incident
        self.context_month: tuple[int, int] | None = None
        self.summary_weapons: set[str] = set()
        self.last_claimant: EntityRef | None = None             # the group whose claim was told last
        self._claiming = False                                  # the sentence relays a claim
        self._segment_cache: tuple[str, list[tuple[int, int]]] | None = None
        # a live report: entries headed by their time of day ("16:10 - Houthis claim attack ...")
        self.live_report = len(_ENTRY_TIME.findall(article.text)) >= 2

    # ------------------------------------------------------------------------------------------
    def evidence(self, s: Sentence) -> Evidence:
        return Evidence(self.article.article_id, s.start, s.end, s.text)

    def feed(self, sentence: Sentence) -> None:
        f = self.an.analyze(sentence)
        for phrase in f.invalid_dates:
            self.warnings.append(f"ignored an impossible date {phrase!r} (offset {sentence.start})")
        self.sentence_count += 1
        ev = self.evidence(sentence)
        self._current_before = self.current
        self._claiming = bool(f.claims)
        self._year_from_context(f)
        strike_descs = self._strike_descriptions(f)
        attack_descs, summary = self._attack_descriptions(f, strike_descs)
        self._assign_dates(f, strike_descs + attack_descs)
        if self.news_date is None and self.sentence_count <= 3:
            self._news_date(f, summary or bool(attack_descs))
        touched: list[Frame] = []
        created: list[Frame] = []
        self._anchors = []
        self._groups_this_sentence = {d.group for d in attack_descs if d.group is not None}
        main: Frame | None = None
        for d in sorted(strike_descs + attack_descs, key=lambda d: (d.anchor[0], d.start)):
            frame, new = self._assign(d, f, ev)
            if frame is not None and not d.subordinate:
                main = frame
            elif frame is not None and main is not None:
                self.current = main     # the sentence is still about its main incident
            if frame is not None:
                if frame not in touched:
                    touched.append(frame)
                self._anchors.append((frame, d.anchor))
                if new:
                    created.append(frame)
        if not touched and not summary:
            self._attach_anaphoric_date(f, ev)
            self._attach_possessive_date(f, ev)
        if summary:
            self.summary_weapons.update(w.weapon for w in f.weapons if w.weapon != "airstrike")
        if not touched and not summary and self._skipped_incident(f):
            self._update_groups(f)
            return      # an incident out of scope or not real: its facts belong to no one else
        referenced = self._referenced_frames(f, touched)
        self._attach_figures(f, ev, touched, referenced, summary)
        self._attach_claims(f, ev, touched, referenced, summary)
        self._attach_blames(f, ev, touched, referenced, summary,
                            any(t.kind == "strike" for t in touched) and not any(t.kind == "attack" for t in touched))
        self._attach_retaliation(f, ev, touched, created, referenced, summary, strike_descs)
        self._update_groups(f)
        self._name_the_site(f, ev)
        self._note_facility(f)
        if touched:
            self.last_frame_sentence = f.sentence.index

    def _name_the_site(self, f: SentenceFacts, ev: Evidence) -> None:
        """"A barrage hit an Iraqi military base outside Kirkuk ... The base, known as K1, lies ...":
        the name the text then gives the site of the latest attack told without one."""
        for h in f.facilities:
            if not _APPOSITIVE_NAME.search(f.text, max(0, h.start - 60), h.start):
                continue
            fr = next((x for x in self._recent() if x.kind == "attack" and not x.background and x.copy_of is None), None)
            if fr is None or fr.facility is not None:
                return
            if h.country and ((fr.country is not None and fr.country.iri and fr.country.iri != h.country)
                              or (fr.generic_country and fr.generic_country != h.country)):
                return
            if fr.place_keys and h.province and h.province not in fr.place_keys:
                return
            if fr.generic_types is not None and not self._types_ok(fr, h.facility_types or frozenset(["*"])):
                return
            fr.facility, fr.facility_types, fr.facility_province, fr.facility_country = \
                h.ref, h.facility_types, h.province, h.country
            fr.evidence.append(("facility", ev))
            return

    def _note_facility(self, f: SentenceFacts) -> None:
        if f.correction:
            return      # a site named only in an account the text corrects
        named = [h for h in f.facilities if not self._in_context(f.text, h.start, _SPEAKER_CONTEXT)]
        if named:
            self.named_facility = (f.sentence.index, named[-1])

    # ------------------------------------------------------------------------------------------
    # descriptions
    def _effective_date(self, fr: Frame | None) -> DateValue | None:
        if fr is None:
            return None
        if fr.date is not None:
            return fr.date
        if fr.soft and self.news_date is not None and self.news_rank >= 0:
            return self.news_date
        return None

    def _year_from_context(self, f: SentenceFacts) -> None:
        """"On December 27 of that year": the year is the one the text named last."""
        if self.context_year is not None:
            for k, m in enumerate(f.dates):
                if m.year is None and m.month is not None and _OF_THAT_YEAR.match(f.text, m.end):
                    f.dates[k] = replace(m, year=self.context_year)
        if self.context_month is not None:
            year, month = self.context_month
            for k, m in enumerate(f.dates):
                # "The next test came in March 2020 ... On March 11, ...": the month just named
                if m.year is None and m.month == month and m.kind not in ("pub_month", "pub_year"):
                    f.dates[k] = replace(m, year=year)
        years = [m.year for m in f.dates if m.year is not None]
        if years:
            self.context_year = years[-1]
        months = [(m.year, m.month) for m in f.dates if m.year is not None and m.month is not None]
        if months:
            self.context_month = months[-1]

    def _resolve_mention(self, m: DateMention, anchor: Frame | None) -> DateValue:
        return resolve_date(m, self.article.published, self._effective_date(anchor))

    def _assign_dates(self, f: SentenceFacts, descs: list[Description]) -> None:
        """Give each description of the sentence the date phrase nearest to its words."""
        dates = [m for m in f.dates if not m.since]
        if not descs:
            return
        if dates:
            self._assign_date_mentions(f, descs, dates)
        self._assign_relative_spans(f, descs, dates)
        for m in f.dates:
            if m.since and re.match(r",?\s+when\b", f.text[m.end:m.end + 10], re.I):
                # "a regular occurrence since late last year, when a contractor was killed in an
                # attack near Kirkuk": the incident that began a trend, named as history
                for d in descs:
                    where = [h.start for h in d.places] + [x.start for x in (d.facility, d.target) if x is not None]
                    if (where and min(where) > m.end) or d.anchor[0] > m.end:
                        d.background = True

    def _assign_date_mentions(self, f: SentenceFacts, descs: list[Description], dates: list[DateMention]) -> None:
        text = f.text
        owned: dict[int, list[DateMention]] = {i: [] for i in range(len(descs))}
        segments = self._segments(text)
        for m in dates:
            if len(descs) == 1:
                seg = next(((a, b) for a, b in segments if a <= descs[0].anchor[0] < b), None)
                own = seg is not None and any(seg[0] <= x.start < seg[1] for x in dates)
                if own and not seg[0] <= m.start < seg[1]:
                    continue    # "Saturday's attack came three days after a barrage on Wednesday ...": its own clause's
                if not self._named_by_cue(text, segments, descs[0], m):
                    owned[0].append(m)
                continue

            def distance(i: int) -> int:
                a, b = descs[i].anchor
                if a <= m.start < b:
                    return 0
                return min(abs(m.start - b), abs(a - m.end))

            # a date belongs to a description of its own clause ("..., in retaliation for the
            # attack on Camp Taji" is a clause of its own), the nearest one
            seg = next((k for k, (a, b) in enumerate(segments) if a <= m.start < b), None)
            same = [i for i, d in enumerate(descs)
                    if next((k for k, (a, b) in enumerate(segments) if a <= d.anchor[0] < b), None) == seg]
            pool = same or list(range(len(descs)))
            owned[min(pool, key=lambda i: (distance(i), i))].append(m)
        # a date that opens the sentence ("On Wednesday, ...") is shared by descriptions without one
        # (not a date of speaking: "The United States said Saturday it had killed ...")
        opening = [m for m in dates if m.start < 25 and not m.speech and all(m.end <= d.anchor[0] for d in descs)]
        # dates counted from another incident ("the following day") come last: that incident may
        # be told earlier in this very sentence
        order = sorted(range(len(descs)), key=lambda i: any(m.kind in ("anchor_day", "anchor_night") for m in owned[i]))
        for i in order:
            d = descs[i]
            mentions = owned[i] or (opening if d.kind == "attack" and not d.another else [])
            # "blamed the group for Wednesday's attack, and on Thursday US aircraft struck": a
            # possessive date dates the noun after it, not an incident of the other kind
            mentions = [m for m in mentions if _possessive_kind(text, m) in (None, d.kind)]
            best = None
            for m in mentions:
                rank = 0.5 if m.speech else _RANK.get(m.kind, 1)
                noun = _DATE_OF_NOUN.match(text, m.end)
                if noun is not None and d.anchor[0] < noun.end() and noun.start() <= d.anchor[1]:
                    rank = max(rank, 7)     # the incident's own date beats one the sentence gives another fact
                elif noun is not None and _noun_kind(noun.group(0)) not in (None, d.kind):
                    continue    # "struck 60 targets, a response to the Jan. 9 barrage": the barrage's date
                if best is None or rank > best[1]:
                    best = (m, rank)
            if best is None:
                continue
            m, rank = best
            anchor = self.current
            if m.kind in ("anchor_day", "anchor_night"):
                # "hours after the strikes": the anchor is the incident named after the phrase
                rm = re.match(r"\s+(?:the|that|this)\s+(?:[\w'’-]+\s+){0,2}?(?P<n>air ?strikes?|strikes?|raids?|attacks?|barrage|assault)\b",
                              text[m.end:m.end + 50], re.I)
                if rm:
                    want = "strike" if re.match(r"air|strike|raid", rm.group("n"), re.I) else "attack"
                    anchor = next((fr for fr in self._recent() if fr.kind == want), anchor)
            earlier = [x for x in descs if x is not d and x.date is not None and (x.date.value or x.date.phrase) and x.date_rank >= 1
                       and x.anchor[0] < m.start and x.date_mention is not None and x.date_mention.end <= m.start]
            named = [x for x in f.dates if x.end <= m.start and x.kind not in ("anchor_day", "anchor_night")]
            if m.kind in ("anchor_day", "anchor_night") and earlier:
                # "On March 11, rockets killed two soldiers; the US answered the following day"
                value = resolve_date(m, self.article.published, earlier[-1].date)
            elif m.kind == "anchor_day" and named and _THAT_DATE.search(m.phrase):
                # "attacks since October 17, including the drone attack on X on that date"
                value = resolve_date(m, self.article.published, self._resolve_mention(named[-1], None))
            else:
                value = self._resolve_mention(m, anchor)
            if value.value is None and value.phrase is None:
                continue
            d.date, d.date_rank, d.date_mention = value, rank, m
            if m.kind in ("year", "pub_year") and (value.value is None or value.precision == "year"):
                d.background = True
        for d in descs:
            if d.group is not None and d.date is None:
                mate = next((x for x in descs if x.group == d.group and x.date is not None), None)
                if mate is not None:
                    d.date, d.date_rank, d.date_mention = mate.date, mate.date_rank, mate.date_mention

    @staticmethod
    def _named_by_cue(text: str, segments: list[tuple[int, int]], d: Description, m: DateMention) -> bool:
        """Whether ``d`` is the earlier incident a response cue names and ``m`` dates the clause
        before the cue ("fired missiles early Wednesday, in revenge for the US drone strike")."""
        seg = next(((a, b) for a, b in segments if a <= d.anchor[0] < b), None)
        if seg is None or seg[0] <= m.start < seg[1]:
            return False
        return m.start < seg[0] and bool(_RESPONSE_CLAUSE.match(text, seg[0]))

    def _assign_relative_spans(self, f: SentenceFacts, descs: list[Description], dates: list[DateMention]) -> None:
        """"a week after two rockets were fired", "nine days after US airstrikes": dates counted
        from the incident the sentence is about."""
        text = f.text
        for d in descs:
            if d.kind != "attack" or d.date is not None:
                continue
            before = text[max(0, d.anchor[0] - 48):d.anchor[0]]
            am = re.search(r"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?P<unit>days?|weeks?)\s+"
                           r"(?P<dir>after|before)\s+(?:[\w'’-]+\s+){0,4}$", before, re.I)
            # counted from the incident this sentence told first, else from the one told before
            earlier = [x for x in descs if x is not d and x.kind == "attack" and x.date is not None and x.date.value
                       and x.date.precision == "day" and x.anchor[0] < d.anchor[0]]
            anchor = earlier[0].date if earlier else self._effective_date(self.current)
            if am and anchor is not None and anchor.precision == "day":
                n = parse_number(am.group("n")) or 1
                days = n * (7 if am.group("unit").lower().startswith("week") else 1)
                # "X came a week after Y": Y is a week before X; but "three days after the first
                # attack a second barrage hit": this one is X, three days after the incident named
                sign = -1 if am.group("dir").lower() == "after" else 1
                named = text[d.anchor[0] - len(before) + am.end("dir"):d.anchor[0] + 12]
                if _NAMED_INCIDENT.search(named) and _ANOTHER_INCIDENT.search(text, d.anchor[0], d.anchor[1] + 1):
                    sign = -sign
                day = anchor.earliest + dt.timedelta(days=sign * days)
                d.date = DateValue(day.isoformat(), "day", am.group(0).strip())
                d.date_rank = 2
        for d in descs:
            if d.kind != "strike":
                continue
            # "nine days after deadly US airstrikes": the strikes are dated against the clause's date
            before = text[max(0, d.start - 130):d.start]
            dm = re.search(r"(?P<n>\w+)\s+(?P<unit>days?|weeks?)\s+(?:after|since)\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,4}$", before, re.I)
            if dm:
                n = parse_number(dm.group("n"))
                prior = [m for m in dates if m.end <= d.start - len(before) + dm.start()]
                subject = self._effective_date(self.current) if self.current is not None and self.current.kind == "attack" \
                    and re.match(r"\s*(?:it|this|that|they|the\s+(?:[\w-]+\s+){0,2}(?:attacks?|fire|barrage|salvo|assault|incident))\b",
                                 text, re.I) else None
                if n is not None and n < 400 and (prior or (subject is not None and subject.precision == "day")):
                    # counted from the date the clause gives, else from the incident the sentence is
                    # about ("The rocket fire came a day after U.S. aircraft bombed bunkers")
                    value = self._resolve_mention(prior[-1], self.current) if prior else subject
                    if value.value is not None and value.precision == "day":
                        days = n * (7 if dm.group("unit").lower().startswith("week") else 1)
                        day = value.earliest - dt.timedelta(days=days)
                        d.date = DateValue(day.isoformat(), "day", f"{dm.group(0).strip()} {value.phrase or ''}".strip())
                        d.date_rank = 3
                        continue
                d.date, d.date_rank, d.date_mention = None, 0, None
            elif re.search(r"\b(?:days|weeks|months)\s+(?:after|before|since)\s+(?:[\w'’\"“”-]+\s+){0,18}$", before, re.I):
                d.date, d.date_rank, d.date_mention = None, 0, None
                vague = re.search(r"\bdays\s+(?:after|before)\s+(?:[\w'’\"“”-]+\s+){0,18}$", before, re.I)
                prior = [m for m in dates if m.end <= d.start - len(before) + (vague.start() if vague else 0)]
                if vague and prior:
                    # "In January 2020, days after a US drone strike in Baghdad": the month the clause names
                    value = self._resolve_mention(prior[-1], self.current)
                    if value.value is not None and value.precision in ("month", "year"):
                        d.date, d.date_rank = value, 1

    def _pick_date(self, f: SentenceFacts, a: int, b: int, anchor: Frame | None) -> tuple[DateValue | None, float, DateMention | None]:
        """The date a clause gives its incident: a stated date beats one a speech verb carries."""
        best = None
        for m in f.dates:
            if m.since or not (a <= m.start < b):
                continue
            rank = _RANK.get(m.kind, 1)
            if m.speech:
                rank = 0.5
            if best is None or rank > best[1]:
                best = (m, rank)
        if best is None:
            return None, 0, None
        m, rank = best
        value = self._resolve_mention(m, anchor)
        if value.value is None and value.phrase is None:
            return None, 0, None
        return value, rank, m

    def _news_date(self, f: SentenceFacts, reports: bool) -> None:
        if not reports:
            return
        # ("Saturday's US strikes" dates those strikes, not the news the article opens with)
        usable = [m for m in f.dates if not m.speech and not m.since and m.kind not in ("anchor_day", "anchor_night")
                  and _possessive_kind(f.text, m) is None]
        if not usable:
            return
        if len(usable) > 1:
            # "on Thursday and Friday": no one day for the news
            for x, y in zip(usable, usable[1:]):
                if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", f.text[x.end:y.start]):
                    self.news_date = DateValue(None, None, None, "several days in the lead")
                    self.news_rank = -1
                    return
        # the date phrase nearest the first word that tells of an attack
        trigger = next((t.start for t in f.triggers if t.role != "weak_noun"), 0)
        chosen = min(usable, key=lambda m: abs(m.start - trigger))
        self.news_date = resolve_date(chosen, self.article.published, None)
        self.news_rank = _RANK.get(chosen.kind, 1)

    def _in_context(self, text: str, pos: int, rx: re.Pattern) -> bool:
        if rx is _LAUNCH_CONTEXT:
            return launch_site(text, pos)
        return bool(rx.search(text[max(0, pos - 60):pos]))

    def _hypothetical_near(self, f: SentenceFacts, pos: int, before: int = 40) -> bool:
        for a, b in f.hypothetical:
            if pos - before <= a and b <= pos + 2:
                return True
        return False

    def _strike_descriptions(self, f: SentenceFacts) -> list[Description]:
        descs: list[Description] = []
        text = f.text
        if f.generic:
            return descs        # "rocket fire and American airstrikes have tended to follow a rhythm"
        for s in f.strikes:
            if self._hypothetical_near(f, s.start, 45):
                continue
            if re.match(r"counter", s.noun, re.I):
                continue
            if descs and s.start - descs[-1].end < 60:
                d = descs[-1]
                d.end = s.end
                d.count = d.count if d.count is not None else s.count
                d.agent = d.agent or s.agent
                d.strike_weapon = d.strike_weapon or s.weapon
                d.definite_strike = d.definite_strike and s.definite
                continue
            d = Description("strike", s.start, s.end, agent=s.agent, strike_weapon=s.weapon, definite_strike=s.definite,
                            noun=s.noun, count=s.count if s.count is not None and s.count < 200 else None)
            d.another = bool(re.search(r"\b(?:another|second|separate|new|fresh|further|more)\s+(?:[\w-]+\s+){0,2}$",
                                       text[max(0, s.start - 30):s.start], re.I)) or \
                bool(re.match(r"(?:separately|in a separate)", text, re.I))
            descs.append(d)
        for d in descs:
            # where a strike hit: the places named right after it ("a US strike on the Iraqi-Syrian
            # border", "a raid near Kirkuk", "strikes in Iraq and Syria"), in the same clause
            tail_end = d.end + 90
            cut = re.search(r",\s+(?:which|who|while|and|but|as|after|said|according)\b|;|\.\s|\s+(?:and\s+)?(?:said|says|told|added)\b",
                            text[d.end:tail_end])
            if cut:
                tail_end = d.end + cut.start()
            lead = max(0, d.start - 40)
            d.place_end = tail_end
            # (and inside its words: "the US pounded Houthi-held areas of Yemen with airstrikes")
            # (not the site of an attack it names: "the strikes followed Friday's barrage on the K-1 base near Kirkuk")
            d.places = [h for h in f.places if lead <= h.start < tail_end
                        and not self._in_context(text, h.start, _SPEAKER_CONTEXT)
                        and not _ATTACKED_SITE.search(text, max(d.end, h.start - 100), h.start)]
            d.countries = [h for h in f.countries if lead <= h.start < tail_end
                           and not self._in_context(text, h.start, _SPEAKER_CONTEXT)]
            d.anchor = (d.start, d.end)
            # a strike on a named civilian site ("struck their convoy as it left Baghdad
            # international airport"): that site is the strike's; a base or embassy named there
            # is the attack the strike answers, never a strike target
            rc = _RESPONSE_TAIL.search(text, d.end, tail_end)
            site_end = rc.start() if rc else tail_end
            d.facility = next((h for h in f.facilities if d.end <= h.start < site_end and h.facility_types
                               and h.facility_types <= _STRIKE_SITE_TYPES
                               and not _ATTACKED_SITE.search(text, max(d.end, h.start - 100), h.start)), None)
            if re.search(r"\b(?:who|which|that)\s+(?:was|were|had been)\s+killed\s+in\b", text[max(0, d.start - 50):d.start], re.I):
                d.background = True
            # "the Iranian general killed in a US drone strike": a person's death named in passing
            pm = re.search(r"\b(?:killed|assassinated|slain)\s+in\s+(?:a|an|the)\s+(?:[\w'’.-]+\s+){0,3}$", text[max(0, d.start - 60):d.start], re.I)
            if pm and not any(fg.end <= d.start and d.start - fg.end < 70 for fg in f.figures):
                d.background = True
        return descs

    def _segments(self, text: str) -> list[tuple[int, int]]:
        cached = self._segment_cache
        if cached is not None and cached[0] is text:
            return cached[1]
        spans = self._split_segments(text)
        self._segment_cache = (text, spans)
        return spans

    def _split_segments(self, text: str) -> list[tuple[int, int]]:
        cuts = [(m.start(), m.end()) for m in _SEGMENT_SPLIT.finditer(text)]
        # "the drone attack on A on that date and the drone attack on B the following day": two
        # incidents told side by side, each with its own site and date
        for m in [*_LISTED_INCIDENT.finditer(text), *_NEW_SUBJECT.finditer(text)]:
            if any(a <= m.start() < b for a, b in cuts):
                continue
            begin = max([b for a, b in cuts if b <= m.start()], default=0)
            if m.re is _NEW_SUBJECT or _INCIDENT_NOUN.search(text, begin, m.start()):
                cuts.append((m.start(), m.end()))
        cuts.sort()
        spans = []
        start = 0
        for a, b in cuts:
            if a > start:
                spans.append((start, a))
            start = max(start, b)
        spans.append((start, len(text)))
        return spans

    def _attack_descriptions(self, f: SentenceFacts, strikes: list[Description]) -> tuple[list[Description], bool]:
        """Incident descriptions of attacks in the sentence, and whether it summarises several."""
        text = f.text
        if not f.triggers and not f.weapons:
            return [], False
        strike_spans = []
        strike_places = []
        for d in strikes:
            strike_places.append((d.end, d.place_end))
        for st in f.strikes:
            # "the strikes hit a weapons depot", "the strikes killed 16 people": the verb is the strike's
            tail = text[st.end:st.end + 40]
            vm = re.match(r"\s*[\"”’']?\s*(?:\w+ly\s+)?(?:hit|struck|targeted|destroyed|killed|pounded|wounded)\b", tail)
            lead = st.start
            if st.agent is not None:
                # "US aircraft carried out airstrikes": the doer and its verb are the strike's
                am = re.search(r"(?:carried out|conducted|launched|staged|mounted|made|responded with|carry out|conduct)\s+"
                               r"(?:[\"“”'‘’]?[\w'’-]+[\"“”'‘’]?\s+){0,3}[\"“”'‘’]?$", f.low[max(0, st.start - 50):st.start])
                if am:
                    lead = max(0, st.start - 50) + am.start()
                else:
                    # "when a US drone struck their convoy": the doer named just before the verb
                    dm = _AGENT_PHRASE.search(text[max(0, st.start - 40):st.start])
                    if dm:
                        lead = max(0, st.start - 40) + dm.start()
            strike_spans.append((lead, st.end + (vm.end() if vm else 0)))

        def in_strike(a: int, b: int) -> bool:
            return any(not (b <= s or a >= e) for s, e in strike_spans)

        triggers = [t for t in f.triggers if not in_strike(t.start, t.end)]
        weapons = [w for w in f.weapons if w.weapon != "airstrike" and not in_strike(w.start, w.end)]
        if not triggers:
            # a weapon hitting something is a trigger too ("four rockets fell" is found as "fell")
            return [], False
        if f.aggregate_subject or f.generic:
            return [], False
        if (_AIR_SUBJECT.match(text) or _STRUCK_SITES.match(text)) and self.current is not None \
                and self.current.kind == "strike" and not strikes:
            return [], False        # "Aircraft hit five sites where the militia keeps its rockets": the strike again
        if f.non_attack and (f.mock or not any(w.count is not None for w in weapons)):
            return [], False        # exercises, drills, a false alarm, target drones
        if f.not_hostile and not f.facilities:
            return [], False        # "shot down a drone carrying crystal meth": smuggling
        if f.accident:
            return [], False        # "an explosion ... was caused by a fire at a fuel depot"
        descs: list[Description] = []
        summary = False
        segments = self._segments(text)
        for i, (a, b) in enumerate(segments):
            seg_triggers = [t for t in triggers if a <= t.start < b]
            if not seg_triggers:
                if i == 0 or not re.match(r"another\b", text[a:b], re.I):
                    continue
                seg_triggers = [t for t in triggers if t.start < a]     # "... and another facility in Erbil"
                if not seg_triggers:
                    continue
            seg_facilities = [h for h in f.facilities + self._place_facilities(f, a, b) if a <= h.start < b
                              and not self._in_context(text, h.start, _LAUNCH_CONTEXT)
                              and not self._in_context(text, h.start, _SPEAKER_CONTEXT)
                              and not _SPEAKS.match(text, h.end)]
            seg_facilities.sort(key=lambda h: h.start)
            if len(seg_facilities) > 1:
                seg_facilities = [h for k, h in enumerate(seg_facilities) if k == 0 or not re.search(
                    r"\b(?:near|close to|next to|adjacent to|not far from|across (?:the border )?from|outside|north of|south of|"
                    r"east of|west of|away from)\s+(?:the\s+)?$", text[max(0, h.start - 30):h.start], re.I)]
            facility = seg_facilities[0] if seg_facilities else None
            # "drone attacks on al-Tanf and Ain al-Asad": one incident per site
            listed = [facility] if facility is not None else []
            for prev, nxt in zip(seg_facilities, seg_facilities[1:]):
                if prev is listed[-1] and nxt.ref.key != prev.ref.key and \
                        re.fullmatch(r"(?:\s+(?:in|near|at|with|on|outside)\s+[^,;.]{0,45}?)?"
                                     # "..., where two drones were launched at the base, and on B"
                                     r"(?:\s*,\s*(?:where|which|when)\s[^;.]{0,80}?)?\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)"
                                     r"(?:the\s+|at\s+|on\s+)?(?:(?:coalition|US|U\.S\.|American|military|air|coalition's)\s+)?"
                                     r"(?:(?:base|compound|facility|outpost|site|position)\s+(?:at|in|near)\s+(?:the\s+)?)?",
                                     text[prev.end:nxt.start]):
                    listed.append(nxt)
            shared = [h for h in seg_facilities if h.ref.key in f.site_weapons]
            if len(shared) > 1 and len({h.ref.key for h in shared}) == len(shared):
                listed = shared     # "22 missiles: 17 at A ..., and five at B": one incident per site
            targets = [t for t in f.targets if a <= t.start < b and not self._in_context(text, t.start, _LAUNCH_CONTEXT)
                       and not any(s0 <= t.start < s1 for s0, s1 in strike_places)]
            # a site named in a clause of its own is not what the attack hit ("the attack caused no
            # losses, and forces combed the orchards surrounding the airport")
            targets = [t for t in targets if t.force or any(not _CLAUSE_CUT.search(text, min(t.start, x.start), max(t.start, x.start))
                                                            for x in seg_triggers)]
            generic = next((t for t in targets if not t.force and not t.plural), None)
            plural_targets = [t for t in targets if t.plural and not t.force]
            forces = [t for t in targets if t.force]
            places = [h for h in f.places if a <= h.start < b and not self._in_context(text, h.start, _LAUNCH_CONTEXT)
                      and not self._in_context(text, h.start, _SPEAKER_CONTEXT)
                      and not _ADDRESSEE.search(text[max(0, h.start - 25):h.start])
                      and not any(s0 <= h.start < s1 for s0, s1 in strike_places)]
            places = [h for h in places if not any(x.start == h.start for x in seg_facilities)]
            countries = [h for h in f.countries if a <= h.start < b and not self._in_context(text, h.start, _SPEAKER_CONTEXT)]
            seg_weapons = [w for w in weapons if a <= w.start < b]
            if facility is None and generic is None and not places and not countries and not plural_targets and not forces \
                    and self.named_facility is not None and self.named_facility[0] == f.sentence.index - 1 \
                    and self.last_frame_sentence < self.named_facility[0] and any(t.role == "attack_noun" for t in seg_triggers):
                # "Then came Tower 22. The January 28 attack killed three soldiers": the site the
                # sentence before named without telling an incident there
                h = self.named_facility[1]
                first = min(t.start for t in seg_triggers)
                facility = Hit(first, first, h.surface, h.ref, "facility", h.facility_types, h.province, h.country, h.entity)
            fired = any(re.match(r"\s+(?:(?:were|was|had been|have been)\s+)?(?:\w+ly\s+)?(?:fired|launched|lobbed)\b", text[w.end:w.end + 30], re.I)
                        for w in seg_weapons)
            if f.discovery and facility is None and not fired and not any(t.role in ("impact", "intercept") for t in seg_triggers):
                continue        # weapons found, not fired ("33 rockets were fired ..., and a truck with launchers was found" was fired)
            strong = [t for t in seg_triggers if t.role != "weak_noun"]
            if not strong and facility is None and not seg_weapons:
                continue        # "such incidents", "an explosion was heard": no incident without more
            if facility is None and not seg_weapons and strong and all(
                    t.role == "attack_noun" and _JUDGED.search(text, max(0, t.start - 45), t.start) for t in strong):
                continue        # "condemned what it called a terrorist attack": a judgement of one told
            if all(re.fullmatch(r"(?:air ?)?strikes?|raids?|bombings?|airstrikes?", t.word) and
                   self.an.p.other_state.search(f.low[max(0, t.start - 25):t.start]) for t in strong) and strong \
                    and facility is None:
                continue        # "an Israeli strike in Damascus": not on US forces, not by the US
            if facility is None and not forces and seg_weapons and all(
                    (m := self.an.p.other_state.search(f.low[max(0, w.start - 25):w.start])) and not m.group(0).startswith("iran")
                    for w in seg_weapons):
                continue        # "Israeli missiles struck Aleppo airport": a third state's weapons, not at US forces
            hyp = all(self._hypothetical_near(f, t.start) for t in seg_triggers)
            anchor_pos = facility.start if facility is not None else (generic.start if generic is not None else None)
            if anchor_pos is not None:
                before = [t for t in seg_triggers if t.start < anchor_pos]
                if before and self._hypothetical_near(f, before[-1].start, 60):
                    hyp = True
            if hyp:
                continue
            country_set = {h.ref.key for h in countries} | {h.ref.key for h in places if h.kind == "region"}
            # how many attacks the clause counts ("two attacks", "At least six new attacks")
            n_attacks = None
            told_before = False
            for pm in _PLURAL_ATTACKS.finditer(text, a, b):
                q = pm.group("q")
                words = q.split()
                if words[0].lower() in ("the", "these", "those", "all") and len(words) > 1 and parse_number(words[-1]) is not None:
                    told_before = True      # "in those two attacks": incidents already told
                    break
                v = parse_number(q) if q.lower() not in ("the", "these", "those") else None
                if v is None and len(words) > 1:
                    v = parse_number(words[-1])
                if v is not None:
                    n_attacks = v
                    break
            indefinite_weapons = [w for w in seg_weapons if not w.definite]
            head_weapons = [w for w in indefinite_weapons if not w.modifier]
            if told_before and not head_weapons:
                continue
            anaphoric = f.anaphora_singular and f.anaphora_span is not None and a <= f.anaphora_span[0] < b
            if facility is None and self._aggregate(f, seg_triggers) and not any(w.count is not None for w in head_weapons):
                continue
            # a summary: several incidents told at once, with no one site
            plural_attack_noun = any(t.role == "attack_noun" and t.word.lower().endswith("s") for t in seg_triggers)
            if facility is None and generic is None and not anaphoric and (
                    plural_targets or (n_attacks is not None and n_attacks > 1)
                    or (len(country_set) > 1 and (plural_attack_noun or forces))):
                summary = True
                continue
            # (a site the reference data lacks is no known coalition site: "a missile at Israel's Ben
            # Gurion airport" is still on someone else)
            if (facility is None or facility.entity is None) and not forces \
                    and self._not_on_the_coalition(f, seg_triggers, a, b, generic, places, countries,
                                                   victims_only=facility is not None):
                continue        # "attacks on merchant shipping", "an army base in northern Burkina Faso": not on US or coalition forces
            if facility is None and _EITHER_OR.search(text, a, b):
                continue        # "a militia launches drones or rockets at a base in Iraq or Syria": no one incident
            if facility is None and generic is None and not places and not head_weapons and not indefinite_weapons:
                if not (forces and (seg_weapons or any(_vessel(t) for t in forces))):    # "attacked the USS Carney"
                    if anaphoric or f.anaphora_plural:
                        continue
                    # "an attack" with nothing else: only an anaphoric mention can use it
                    if not any(t.role == "intercept" for t in seg_triggers):
                        continue
            if facility is None and generic is None and not places and not seg_weapons and not forces:
                continue
            if strikes and facility is None and generic is None and not head_weapons and not forces \
                    and not _answers_attack(text, a):
                continue        # the places of a sentence about a strike are the strike's (but "..., a
                #                 response to a rocket attack that killed a contractor" tells the attack)
            # defensive fire: "American defence systems fired rockets into the air"
            if f.defensive and not any(t.role == "intercept" for t in seg_triggers) and facility is None and generic is None:
                continue
            if self._friendly_fire(f, seg_triggers, a):
                continue
            if facility is None:
                # "the coalition base in al-Shaddadi", "the attack on Shaddadi": a place name that is
                # also a facility's name, where the clause speaks of a base or of an attack on it
                for h in places:
                    alts = [x for x in h.alternatives if generic is None or "*" in generic.types
                            or _type_key(x) in generic.types]
                    on = re.search(r"\b(?:on|at|targeting|targeted|toward|towards|into|hit|struck)\s+(?:the\s+)?$",
                                   text[max(0, h.start - 20):h.start], re.I)
                    if len(alts) == 1 and (generic is not None or on):
                        e = alts[0]
                        facility = Hit(h.start, h.end, h.surface, self.gaz.to_ref(e), "facility",
                                       frozenset([_type_key(e)]) if _type_key(e) else frozenset(),
                                       getattr(e, "province", None), getattr(e, "country", None), e)
                        break
            if facility is None and generic is not None and generic.definite and not generic.another:
                facility = self._facility_of_definite(generic.types)
                if facility is not None:
                    facility = replace(facility, start=generic.start, end=generic.end)
            same_site = re.search(r"\bthe same (?:area|base|place|location|site|facility|field|town|region)\b", text[a:b], re.I)
            if facility is None and same_site:
                facility = self._facility_of_definite(frozenset(["*"]))
                if facility is not None:
                    facility = replace(facility, start=a + same_site.start(), end=a + same_site.end())
            if len(listed) > 1:
                group = len(descs) + 1000
                # each site takes the weapons named after it, or those of the next site that has some
                own = []
                for k, h in enumerate(listed):
                    end = listed[k + 1].start if k + 1 < len(listed) else b
                    own.append([w for w in seg_weapons if h.end <= w.start < end])
                for k, h in enumerate(listed):
                    mine = own[k] or next((o for o in own[k + 1:] if o), []) or seg_weapons
                    keep_counts = bool(own[k])
                    d = Description("attack", a, b, facility=h, places=[], countries=[],
                                    weapons=[w if keep_counts else WeaponHit(**{**w.__dict__, "count": None}) for w in mine])
                    d.anchor = (min(t.start for t in seg_triggers + [h]), max(t.end for t in seg_triggers + [h]))
                    d.group = group
                    d.new_indefinite = True
                    d.past = f.past
                    descs.append(d)
                continue
            if anaphoric and f.aggregate_spans:
                # "The attack was the latest in a string of drone and rocket attacks": the weapons
                # of the string are not the attack's
                first = min(s for s, _e in f.aggregate_spans)
                seg_weapons = [w for w in seg_weapons if w.start < first]
            d = Description("attack", a, b, facility=facility, target=generic, places=places, countries=countries,
                            weapons=seg_weapons)
            d.vessel = next((v for v in map(_vessel, forces) if v), None)
            # (a weak noun far from the words that tell the attack is not one of them: "the operation
            # answered recent attacks, in particular the rocket attack on Erbil")
            told_by = strong or seg_triggers
            spots = [t.start for t in told_by] + [t.end for t in told_by] + [w.start for w in seg_weapons]
            if facility is not None:
                spots += [facility.start, facility.end]
            if generic is not None:
                spots += [generic.start, generic.end]
            d.anchor = (min(spots), max(spots))
            d.new_indefinite = bool(head_weapons) or bool(re.search(
                r"\b(?:a|an|another|two|three|four|five|second|new|fresh)\s+(?:[\w-]+\s+){0,2}(?:attacks?|assaults?|barrages?|strikes?|salvos?)\b",
                text[a:b], re.I)) or (generic is not None and generic.another)
            d.anaphoric = anaphoric
            d.subordinate = bool(re.match(r"(?:\w+\s+)?(?:days?|weeks?|hours?)\s+(?:after|before)\b", text[a:b], re.I))
            nouns = [t for t in seg_triggers if t.role in ("attack_noun", "weak_noun")]
            if nouns and len(nouns) == len(seg_triggers) and not head_weapons and all(
                    re.search(r"\b(?:similar|previous|earlier|prior|past)\s+(?:[\w-]+\s+)?$", text[max(0, t.start - 30):t.start], re.I)
                    for t in nouns):
                d.background = True     # "after similar incidents on November 2 and 5": named in passing
            d.another = (generic is not None and generic.another) or bool(_ANOTHER_INCIDENT.search(text, a, b))
            d.past = f.past or bool(re.match(r"(?:(?:in|as)\s+)?(?:(?:a|an|its|their)\s+(?:(?:first|latest|direct|military|swift|measured|initial)\s+){0,3})?(?:retaliation|response|revenge|reprisal|answer)\s+(?:for|to)\b", text[a:b], re.I))
            if n_attacks is not None and 1 < n_attacks <= 5 and (facility is not None or generic is not None):
                d.copies = n_attacks
            descs.append(d)
        return descs, summary

    def _place_facilities(self, f: SentenceFacts, a: int, b: int) -> list[Hit]:
        """Place names that here name the facility of the same name: "targeted al-Shaddadi and
        Rumeilan", "an attack on Shaddadi"."""
        out: list[Hit] = []
        text = f.low
        for h in f.places:
            # a town that names a base ("al-Shaddadi", "Rumeilan"), not a province or a city at
            # large ("hit Erbil" is the city)
            if not (a <= h.start < b) or h.kind != "place" or h.province is None or h.province == (h.ref.iri or h.ref.key):
                continue
            alternatives = list(h.alternatives)
            if not alternatives:
                try:
                    found = self.gaz.lookup(h.surface, ("facility",), include_context=True)
                except Exception:
                    found = None
                alternatives = [found] if found is not None else []
            if len(alternatives) != 1:
                continue
            before = text[max(0, h.start - 30):h.start]
            attacked = re.search(r"\b(?:on|at|targeting|targeted|toward|towards|into|hit|struck|attacked|attacking)\s+(?:the\s+)?$", before)
            listed = out and re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)", f.text[out[-1].end:h.start])
            if not (attacked or listed):
                continue
            e = alternatives[0]
            out.append(Hit(h.start, h.end, h.surface, self.gaz.to_ref(e), "facility",
                           frozenset([_type_key(e)]) if _type_key(e) else frozenset(),
                           getattr(e, "province", None), getattr(e, "country", None), e))
        return out

    def _skipped_incident(self, f: SentenceFacts) -> bool:
        """A sentence that tells an incident the frames leave out (the Red Sea, a drill)."""
        if f.anaphora_singular or f.anaphora_plural:
            return False
        strong = [t for t in f.triggers if t.role != "weak_noun"]
        return bool(strong and f.weapons and (f.third_party or f.non_attack or f.not_hostile))

    def _not_on_the_coalition(self, f: SentenceFacts, triggers, a: int, b: int, generic: TargetHit | None,
                              places: list[Hit], countries: list[Hit], victims_only: bool = False) -> bool:
        """Whether a clause that names no facility and no US or coalition target tells an attack on
        someone else (shared/gold/FORMAT.md: an attack is on US or coalition forces, bases,
        diplomatic sites or their partners, wherever they are).

        It does when it names another victim near its words of attack ("attacks on merchant
        shipping", "drones fired at southern Israel", "the country's troops"), or when every country
        it places the attack in is one where the reference data knows no US or coalition site (a sea
        has none): a report of rockets "in Anbar" need not say whose base they hit, one of "an army
        base in northern Burkina Faso" is about another army, one of missiles "in the Red Sea" must
        name the warship they were fired at. With ``victims_only`` (the clause names a site the
        reference data lacks) only the first test applies.
        """
        spots = [t.start for t in triggers] + [w.start for w in f.weapons if a <= w.start < b]
        for s, _e in f.third_party:
            if a <= s < b and any(abs(s - x) <= 80 for x in spots):
                return True
        if victims_only:
            return False
        # a place with no country (a sea, a border) is one where no site of the coalition lies
        where = [h.country for h in places] + [h.country or h.ref.iri for h in countries]
        if generic is not None and generic.country:
            where.append(generic.country)
        if not where:
            return False
        hosts = coalition_host_countries(self.gaz)
        return not any(c in hosts for c in where)

    def _aggregate(self, f: SentenceFacts, triggers) -> bool:
        """Whether the clause counts or generalises attacks ("a spate of attacks", "targeted almost
        50 times", "such attacks") rather than telling one."""
        if not f.aggregate_spans:
            return False
        live = [t for t in triggers if not self._hypothetical_near(f, t.start)] or list(triggers)
        text = f.text

        def governed(t) -> bool:
            for a, b in f.aggregate_spans:
                if a <= t.start < b + 3 or (b <= t.start and t.start - b <= 25 and not re.search(r"[,;]", text[b:t.start])):
                    return True
                # "were targeted ... more than 175 times"
                if t.role != "attack_noun" and 0 <= a - t.end <= 90 and re.match(r"[\d,]+ times|(?:dozens|hundreds|scores) of times|more than", text[a:b]):
                    return True
            return False

        return all(governed(t) for t in live)

    def _facility_of_definite(self, types: frozenset[str]) -> Hit | None:
        """"the oil field", "the same area": the facility of the latest incident of that type, or
        a facility named after it ("The next test came at Camp Taji. ... hit the same base")."""
        if self.named_facility is not None:
            index, h = self.named_facility
            cur = self.current
            if (cur is None or not cur.sentences or index > max(cur.sentences)) and \
                    ("*" in types or not h.facility_types or h.facility_types & types):
                return Hit(0, 0, h.surface, h.ref, "facility", h.facility_types, h.province, h.country, h.entity)
        for fr in [self.current] + list(self._recent()):
            if fr is None or fr.kind != "attack" or fr.facility is None:
                continue
            if "*" in types or not fr.facility_types or fr.facility_types & types:
                return Hit(0, 0, fr.facility.label, fr.facility, "facility", fr.facility_types,
                           fr.facility_province, fr.facility_country)
            break
        return None

    def _friendly_fire(self, f: SentenceFacts, triggers, seg_start: int) -> bool:
        """US or coalition forces as the doer of a firing verb, at no armed group: not an attack."""
        for t in triggers:
            if t.role not in ("attack_verb",) or not re.match(r"fire|firing|launch", t.word, re.I):
                continue
            if not any(t.end <= w.start <= t.end + 40 for w in f.weapons):
                continue
            agent = self.an.agent_before(f.text, t.start, window=50)
            if agent is not None:
                return True
        return False

    # ------------------------------------------------------------------------------------------
    # frames
    def _new_frame(self, d: Description, f: SentenceFacts, ev: Evidence) -> Frame:
        fr = Frame(n=len(self.frames), kind=d.kind, first_sentence=f.sentence.index, position=f.sentence.start + d.start)
        self.frames.append(fr)
        fr.evidence.append(("kind", ev))
        fr.background = d.background
        fr.past = d.past
        fr.headline = f.sentence.index == 0 and f.sentence.paragraph == 0 and not self.frames[:-1] \
            and not f.text.rstrip().endswith((".", "!", "?", "\"", "”", "’"))
        return fr

    def _assign(self, d: Description, f: SentenceFacts, ev: Evidence) -> tuple[Frame | None, bool]:
        if d.kind == "strike":
            frame = None
            for fr in self._recent():
                if fr.kind == "strike" and fr.copy_of is None and self._compatible(fr, d) and (d.definite_strike or not fr.background or d.background) \
                        and self._same_strike(fr, d):
                    frame = fr
                    break
            new = frame is None
            if new and d.agent is None and d.definite_strike and not re.match(r"air|drone", d.noun or "", re.I):
                # "behind the strike", "the precision strikes": a reference to an incident told
                # before; with no strike told before it may well mean the attack
                return None, False
            if new:
                frame = self._new_frame(d, f, ev)
            self._merge(frame, d, f, ev)
            self.current = frame if not frame.background else (self.current or frame)
            return frame, new
        # attacks: a definite reference ("the attack", "the rockets", "the base") continues the
        # incident it points at, if nothing it states contradicts that incident
        definite_only = d.facility is None and (d.target is None or d.target.definite) and \
            all(w.definite or w.of_partitive for w in d.weapons) and not d.new_indefinite
        if (d.anaphoric or definite_only) and self.current is not None:
            target = self._definite_referent(d)
            if target is not None and self._compatible(target, d):
                self._merge(target, d, f, ev)
                self.current = target
                return target, False
        if definite_only and not d.places and not d.countries and d.target is None and d.date is None and d.weapons:
            # "equipment used to launch some of the rockets": only weapons told before, and no
            # attack they fit: nothing new is told
            return None, False
        frame = None
        for fr in self._recent():
            if fr.kind != "attack" or fr.copy_of is not None or fr.background != d.background:
                continue
            if not self._compatible(fr, d):
                continue
            if self._same_incident(fr, d):
                frame = fr
                break
        new = frame is None
        if new and f.correction and (d.anaphoric or not d.new_indefinite):
            # "initially told state television that the attack had hit al-Tanf, rather than ...": a
            # corrected account of an incident told before, not another incident
            return None, False
        if new:
            frame = self._new_frame(d, f, ev)
        self._merge(frame, d, f, ev)
        if new and d.copies > 1:
            for _ in range(d.copies - 1):
                extra = self._new_frame(d, f, ev)
                self._merge(extra, d, f, ev)
                extra.copy_of = frame.n
        self.current = frame
        return frame, new

    def _same_strike(self, fr: Frame, d: Description) -> bool:
        """A strike description names an earlier strike: by a definite phrase, or by date or place."""
        if d.definite_strike:
            return True
        if fr.headline and not d.another and len(fr.sentences) == 1:
            return True     # the headline's strike, told again by the first lines of the body
        if fr.date is not None and d.date is not None and fr.date.value and d.date.value and d.date_rank >= 1:
            return dates_agree(fr.date, d.date)
        latest = next((x for x in self._recent() if x.kind == "strike" and not x.background), None)
        if fr is latest and (fr.date is None or not fr.date.value) and d.date is not None and d.date.value \
                and d.date_rank >= 1 and not d.another and (d.definite_strike or d.facility is not None) \
                and not (fr.strike_class and _strike_class(d.noun) and fr.strike_class != _strike_class(d.noun)):
            # "revenge for the US strike ... last week" then "killed on Friday when a US drone
            # struck his car at the airport": the strike told before, now dated and placed
            return date_constraint(fr.date.phrase if fr.date else None).admits(d.date)
        dkeys, _, _ = self._desc_location(d)
        if fr.place_keys and dkeys:
            return bool(fr.place_keys & dkeys)
        # one article mostly tells one strike operation: a strike told again without a date or
        # place of its own is that one, unless the words set it apart
        latest = next((x for x in self._recent() if x.kind == "strike" and not x.background), None)
        if fr.strike_class and _strike_class(d.noun) and fr.strike_class != _strike_class(d.noun):
            return False        # "a US raid near Kirkuk" is not "five strikes in Iraq and Syria"
        if fr.place_keys and len({c.ref.key for c in d.countries}) > 1:
            return False
        unresolved = d.date is not None and not d.date.value and (fr.date is None or not fr.date.value) \
            and not fr.place_keys and fr.facility is None
        return fr is latest and (d.date is None or d.date_rank < 1 or unresolved) and not d.another

    def _definite_referent(self, d: Description) -> Frame | None:
        cur = self.current
        if d.facility is None and d.places:
            keys = {h.ref.iri or h.ref.key for h in d.places if h.kind != "region"}
            for fr in self._recent():
                if fr.kind == d.kind and fr.place_keys & keys:
                    return fr
            # "the Diwaniyah attack" after "a bomb ... in Diwaniyah province": the town lies in the
            # province the incident was told in
            provinces = {h.province for h in d.places if h.kind != "region" and h.province}
            for fr in self._recent():
                if fr.kind == d.kind and fr.place_keys & provinces:
                    return fr
        if cur is not None and cur.kind == d.kind and d.facility is None and \
                (d.target is None or self._types_ok(cur, d.target.types)):
            return cur
        if d.facility is not None:
            for fr in self._recent():
                if fr.kind == "attack" and fr.facility is not None and fr.facility.key == d.facility.ref.key:
                    return fr
        if d.target is not None and d.target.definite:
            for fr in self._recent():
                if fr.kind == "attack" and self._types_ok(fr, d.target.types):
                    return fr
        if self.current is not None and self.current.kind == d.kind:
            return self.current
        if d.anaphoric and d.facility is None:
            # "The attack was the latest ..." told after the strike that answered it: the attack
            return next((fr for fr in self._recent() if fr.kind == d.kind and not fr.background and fr.copy_of is None), None)
        return None

    def _types_ok(self, fr: Frame, types: frozenset[str]) -> bool:
        if "*" in types or not types:
            return True
        if fr.facility is not None:
            return not fr.facility_types or bool(fr.facility_types & types)
        if fr.generic_types is not None and "*" not in fr.generic_types:
            return bool(fr.generic_types & types)
        return True

    def _location_keys(self, fr: Frame) -> tuple[set[str], str | None]:
        keys = set(fr.place_keys)
        if fr.facility_province:
            keys.add(fr.facility_province)
        country = fr.facility_country or (fr.country.iri if fr.country is not None and fr.country.iri else
                                          (fr.country.key if fr.country else None))
        return keys, country

    def _desc_location(self, d: Description) -> tuple[set[str], frozenset[str], str | None]:
        keys: set[str] = set()
        regions: frozenset[str] = frozenset()
        country = None
        if d.facility is not None:
            if d.facility.province:
                keys.add(d.facility.province)
            country = d.facility.country
        for h in d.places:
            if h.kind == "region":
                regions = regions | h.region_places
                country = country or h.country
            else:
                keys.add(h.ref.iri or h.ref.key)
                if h.province:
                    keys.add(h.province)
                country = country or h.country
        if country is None and d.countries:
            country = d.countries[0].ref.iri or d.countries[0].ref.key
        if country is None and d.target is not None and d.target.country:
            country = d.target.country
        return keys, regions, country

    def _compatible(self, fr: Frame, d: Description) -> bool:
        """No stated fact of the description contradicts the frame."""
        if fr.kind != d.kind:
            return False
        if d.facility is not None and fr.facility is not None and d.facility.ref.key != fr.facility.key:
            return False
        if d.facility is not None and fr.facility is None and fr.generic_types is not None and not self._types_ok(fr, d.facility.facility_types or frozenset(["*"])):
            return False
        if d.target is not None and not self._types_ok(fr, d.target.types):
            return False
        fkeys, fcountry = self._location_keys(fr)
        dkeys, dregions, dcountry = self._desc_location(d)
        if fcountry and dcountry and fcountry != dcountry and len(d.countries) <= 1:
            return False
        if fkeys and dkeys and not (fkeys & dkeys):
            # places differ; a city inside the facility's province is fine (the keys hold provinces)
            return False
        if dregions and fkeys and not (fkeys & dregions):
            return False
        if fr.region_places and dkeys and not (dkeys & fr.region_places):
            return False
        if d.kind == "strike" and d.agent is not None and fr.perpetrator is not None and d.agent.key != fr.perpetrator.key:
            return False
        return self._dates_compatible(fr, d)

    def _dates_compatible(self, fr: Frame, d: Description) -> bool:
        a = fr.date if fr.date is not None else (self.news_date if (fr.soft and self.news_date is not None) else None)
        b = d.date
        if a is None or b is None or d.date_rank < 1:
            return True
        return dates_agree(a, b)

    def _same_incident(self, fr: Frame, d: Description) -> bool:
        """Positive evidence that a compatible description tells the frame's incident."""
        if d.another and not fr.placeholder:
            return False
        if d.vessel is not None and d.vessel == fr.vessel:
            return True     # the same warship attacked, on a compatible date
        if self._claiming and d.facility is None and fr.date is not None and d.date is not None and fr.date.value \
                and d.date.value and fr.date.precision == "day" and dates_agree(fr.date, d.date) and \
                any(w.weapon in fr.weapons for w in d.weapons) and not fr.background:
            # "X said its fighters had launched drones on Sunday at three sites along the frontier":
            # the group's own account of the drone attack of Sunday told before
            return True
        explicit_new = d.date is not None and d.date_rank >= 1
        frame_dated = fr.date is not None and not fr.soft
        counts_match = any(w.count is not None and not w.definite and w.weapon in fr.weapons and fr.weapons[w.weapon].count == w.count
                           for w in d.weapons)
        if d.facility is not None and fr.facility is not None:
            if explicit_new and not frame_dated and not fr.placeholder and not counts_match:
                # a stated date on a new description of a site already hit: another incident
                # unless the frame never had a date of its own ("On 16 July two drones ...")
                if any(not w.definite and not w.modifier for w in d.weapons) or d.new_indefinite:
                    return fr.soft and self.news_date is not None and fr.date is None and dates_agree(self.news_date, d.date)
            return True
        if counts_match:
            return True
        if fr.placeholder and (d.facility is not None or d.target is not None or d.places):
            return True
        if fr is self.current and not d.new_indefinite and d.facility is None and d.target is None and not d.places:
            return True
        _keys, fcountry = self._location_keys(fr)
        same_country = all(fcountry is not None and fcountry in (c.ref.iri, c.ref.key) for c in d.countries)
        if fr is self.current and d.facility is None and d.target is None and not d.places and same_country \
                and (d.date is None or d.date_rank < 1) and not d.another:
            # "Around 14 rockets were fired from south of the city": more about the incident just told
            return True
        latest_attack = next((x for x in self._recent() if x.kind == "attack" and not x.background and x.copy_of is None), None)
        if fr is latest_attack and d.facility is None and d.target is None and not d.places and not d.countries \
                and (d.date is None or d.date_rank < 1) and not d.another and not d.vessel:
            # "Eighteen rockets were fired from a truck parked near the base", told after the strike that
            # answered the attack: with nothing of its own, it tells the attack told last
            return True
        if fr.facility is None and d.facility is None and fr is self.current and d.target is not None and d.target.definite:
            return True
        if d.facility is not None and fr.facility is None and fr.generic_types is not None and fr is self.current \
                and not explicit_new and not d.new_indefinite:
            return True
        if d.facility is not None and fr.facility is None and fr is self.current and not explicit_new and not d.another \
                and (not d.weapons or any(w.weapon in fr.weapons for w in d.weapons)):
            # "Rockets hit Erbil on Monday ... 14 rockets were fired at Erbil International Airport":
            # the site, told next, lies in the place the incident was first told at
            fkeys, _country = self._location_keys(fr)
            dkeys, _regions, _dcountry = self._desc_location(d)
            if fkeys & dkeys:
                return True
            if not fkeys and d.weapons and all(w.definite or w.of_partitive for w in d.weapons):
                # "US forces in Syria came under attack from several rockets. Some of the rockets
                # impacted inside Mission Support Site Conoco": the same rockets, now placed
                return True
        return False

    def _merge(self, fr: Frame, d: Description, f: SentenceFacts, ev: Evidence) -> None:
        if f.sentence.index not in fr.sentences:
            fr.sentences.append(f.sentence.index)
        if d.facility is not None and fr.facility is None:
            h = d.facility
            fr.facility = h.ref
            fr.facility_types = h.facility_types
            fr.facility_province = h.province
            fr.facility_country = h.country
            fr.evidence.append(("facility", ev))
        if d.vessel is not None and fr.vessel is None:
            fr.vessel = d.vessel
        if d.target is not None and fr.generic_types is None:
            fr.generic_types = d.target.types
            fr.generic_country = d.target.country
        regions = {h.country for h in d.places if h.kind == "region"}
        for h in d.places:
            if h.kind == "region":
                fr.region_places = fr.region_places or h.region_places
                if fr.country is None and len(regions) == 1 and len({c.ref.key for c in d.countries}) <= 1:
                    c = self._country_ref(h.country)
                    if c is not None:
                        fr.country = c
                        fr.evidence.append(("country", ev))
                continue
            fr.alternatives.extend(h.alternatives)
            key = h.ref.iri or h.ref.key
            if fr.place is None:
                fr.place = h.ref
                fr.evidence.append(("place", ev))
            fr.place_keys.add(key)
            if h.province:
                fr.place_keys.add(h.province)
        if fr.country is None and len({c.ref.key for c in d.countries}) == 1:
            fr.country = d.countries[0].ref
            fr.evidence.append(("country", ev))
        if d.kind == "strike":
            if fr.strike_class is None:
                fr.strike_class = _strike_class(d.noun)
            if d.agent is not None and fr.perpetrator is None:
                fr.perpetrator = d.agent
                fr.evidence.append(("perpetrator", ev))
            if d.strike_weapon == "drone" and "airstrike" in fr.weapons and fr.weapons["airstrike"].count is None:
                del fr.weapons["airstrike"]     # "the strike" told first, "a US drone struck" after: a drone strike
            if d.strike_weapon == "airstrike" and "drone" in fr.weapons and d.count is None:
                pass                            # a drone strike called "the strike" again
            elif d.strike_weapon and d.strike_weapon not in fr.weapons:
                fr.weapons[d.strike_weapon] = WeaponUse(d.strike_weapon, d.count if d.strike_weapon == "airstrike" else None, ev)
            elif d.strike_weapon and d.count is not None and fr.weapons[d.strike_weapon].count is None and d.strike_weapon == "airstrike":
                fr.weapons[d.strike_weapon] = WeaponUse(d.strike_weapon, d.count, ev)
        if d.date is not None and fr.date is not None and fr.date.value and d.date.value and d.date_rank >= 1 \
                and dates_agree(fr.date, d.date) and len(d.date.value) > len(fr.date.value):
            # "late last month" then "the previous night": the more precise of two agreeing dates
            fr.date, fr.date_rank, fr.date_evidence, fr.soft = d.date, max(d.date_rank, fr.date_rank), ev, False
        elif d.date is not None and (d.date_rank > fr.date_rank or (fr.date is not None and fr.date.value is None and d.date.value is not None
                                                                  and d.date_rank >= fr.date_rank)):
            if fr.date is None or fr.soft or dates_agree(fr.date, d.date) or d.date_rank > fr.date_rank:
                if not (fr.date is not None and fr.date.value is not None and d.date.value is None and fr.date_rank >= 1
                        and d.date_rank <= fr.date_rank):
                    fr.date = d.date
                    fr.date_rank = d.date_rank
                    fr.date_evidence = ev
                    fr.soft = False
        elif fr.date is None and self.news_date is not None and not fr.past and not fr.background and self.news_rank >= 0 \
                and not d.past:
            fr.soft = True
        if d.date is not None and d.date_rank >= 1:
            fr.soft = False
        weapons = d.weapons
        site = f.site_weapons.get(d.facility.ref.key) if d.facility is not None else None
        if site is not None:
            # "22 missiles: 17 at Ain al-Asad ... and five at Erbil": this site's share
            weapons = [replace(w, count=site[1], modifier=False, definite=False, of_partitive=False)
                       for w in weapons if w.weapon == site[0]] or \
                [WeaponHit(site[0], d.facility.start, d.facility.end, site[1], False, False)]
        for w in _sum_listed(weapons, f.text):
            self._add_weapon(fr, w, ev)
        if d.weapons and any(not w.modifier or w.count is not None for w in d.weapons):
            fr.placeholder = False
        if d.weapons or d.date is not None:
            fr.placeholder = fr.placeholder and not any(w.count is not None for w in d.weapons)

    def _add_weapon(self, fr: Frame, w: WeaponHit, ev: Evidence) -> None:
        existing = fr.weapons.get(w.weapon)
        if w.definite or w.of_partitive:
            # "the missiles", "one of the rockets": a reference back, not a new weapon
            if existing is not None and w.intercepted is not None and existing.intercepted is None:
                fr.weapons[w.weapon] = WeaponUse(w.weapon, existing.count, existing.evidence, w.intercepted)
                existing = fr.weapons[w.weapon]
            if existing is not None and existing.count is None and w.definite and not w.of_partitive and not w.modifier \
                    and not w.plural:
                # "a drone attack ... the drone was brought down": one drone
                fr.weapons[w.weapon] = WeaponUse(w.weapon, 1, ev, existing.intercepted)
            if existing is None and not fr.weapons:
                fr.weapons[w.weapon] = WeaponUse(w.weapon, None, ev, w.intercepted)
            return
        count = None if w.modifier else w.count
        if existing is None and count is None and w.plural and not w.modifier:
            fr.plural_weapons.add(w.weapon)
        if existing is not None and existing.count is None and count == 1 and w.weapon in fr.plural_weapons \
                and (w.quantity or "").lower() in ("one", "a", "an"):
            count = None        # "a barrage of rockets ... after one rocket struck it": one of them
        if w.ordinal and existing is not None and count is not None and (existing.count or 0) < count:
            fr.weapons[w.weapon] = WeaponUse(w.weapon, count, ev, existing.intercepted)
            return
        if existing is None:
            fr.weapons[w.weapon] = WeaponUse(w.weapon, count, ev, w.intercepted)
        elif existing.count is None and count is not None:
            fr.weapons[w.weapon] = WeaponUse(w.weapon, count, ev, w.intercepted if w.intercepted is not None else existing.intercepted)
        elif w.intercepted is not None and existing.intercepted is None:
            fr.weapons[w.weapon] = WeaponUse(w.weapon, existing.count, existing.evidence, w.intercepted)

    def _country_ref(self, iri: str | None) -> EntityRef | None:
        if not iri:
            return None
        try:
            return self.gaz.to_ref(self.gaz.get(iri))
        except Exception:
            return None

    # ------------------------------------------------------------------------------------------
    # facts that hang on frames
    def _referenced_frames(self, f: SentenceFacts, touched: list[Frame]) -> list[Frame]:
        """Frames the sentence points at without describing them: "the Ain al-Assad attack", "the strikes"."""
        out: list[Frame] = []
        text = f.text
        for h in f.facilities:
            for fr in self._recent():
                if fr.facility is not None and fr.facility.key == h.ref.key and fr.kind == "attack":
                    if fr not in out:
                        out.append(fr)
                    self._anchors.append((fr, (h.start, h.end)))
                    break
        if re.search(r"\bthe\s+(?:[\w'’-]+\s+){0,3}(?:air ?strikes?|strikes|raids?)\b", text, re.I) and not any(fr.kind == "strike" for fr in touched):
            for fr in self._recent():
                if fr.kind == "strike":
                    out.append(fr)
                    break
        return out

    def _target_frame(self, f: SentenceFacts, pos: int, touched: list[Frame], referenced: list[Frame],
                      kind: str | None = None) -> Frame | None:
        candidates = [fr for fr in touched + referenced if kind is None or fr.kind == kind]
        if candidates:
            # the frame whose words are nearest
            return candidates[0] if len(candidates) == 1 else min(candidates, key=lambda fr: abs(self._frame_pos(fr, f) - pos))
        if self.current is not None and (kind is None or self.current.kind == kind):
            return self.current
        if kind is not None:
            for fr in self._recent():
                if fr.kind == kind:
                    return fr
        return None

    def _frame_pos(self, fr: Frame, f: SentenceFacts) -> int:
        if fr.first_sentence == f.sentence.index:
            return fr.position - f.sentence.start
        return 0

    def _attach_figures(self, f: SentenceFacts, ev: Evidence, touched, referenced, summary: bool) -> None:
        if not f.figures:
            return
        if summary and not touched:
            return
        text = f.text
        if not touched and f.hypothetical and f.triggers:
            return      # "died ... while sheltering from a false alarm of a drone attack"
        listed = {d for d in self._groups_this_sentence}
        for fig in f.figures:
            if re.search(r"\b(?:these|those|such|the)\s+attacks\b", text[max(0, fig.start - 40):fig.start], re.I) and not touched:
                continue
            if _SHARED_FIGURE.match(text, fig.end):
                continue    # "21 personnel were hurt in those two attacks": no one incident's number
            named = [fr for fr in touched + referenced if fr.kind == "attack"]
            if fig.value == 0 and len(named) > 1 and _EACH_INCIDENT.search(text):
                # "confirmed the attacks on Shaddadi and Euphrates and said neither caused injuries":
                # the none holds for every incident the sentence names
                for fr in named:
                    self._add_figure(fr, fig, ev)
                continue
            if listed and not any(fig.end <= a[0] for fr, a in self._anchors):
                # one figure for several sites listed together ("injuries in attacks on A and B")
                continue
            frame = None
            if fig.site is not None:
                # "19 at al-Tanf and two at Al-Asad": the incident at that site
                frame = next((fr for fr in touched + referenced + self._recent()
                              if fr.kind == "attack" and fr.facility is not None and fr.facility.key == fig.site), None)
                if frame is None:
                    continue
            if frame is None:
                frame = self._figure_frame(f, fig)
            if frame is None:
                frame = self._target_frame(f, fig.start, touched, referenced)
            if frame is not None and fig.friendly and frame.kind == "strike":
                # "three U.S. service members were hurt when rockets hit two bases, and US helicopters
                # hit back": Americans are the casualties of the attack, not of the US strike
                frame = next((fr for fr in touched + referenced if fr.kind == "attack"), None)
                if frame is None:
                    continue
            if frame is not None and fig.hostile and frame.kind == "attack" and frame not in touched:
                # "a monitor said 22 fighters were killed": armed-group fighters die in the strike
                # the article tells, not in their own attack on a base
                frame = next((fr for fr in referenced + self._recent() if fr.kind == "strike" and not fr.background), frame)
            if frame is None:
                continue
            frames = [frame]
            if fig.value == 0 and re.search(r"\b(?:neither|both)\b", text, re.I) and not named:
                frames = self._attack_frames()[-2:] or frames     # "Neither attack caused casualties"
            for frame in frames:
                self._add_figure(frame, fig, ev, f.figure_update)

    def _add_figure(self, frame: Frame, fig, ev: Evidence, update: bool = False) -> None:
        if any(x.figure == fig.figure and x.evidence == ev for x in frame.figures):
            return
        # a later figure from the same article for the same frame: keep the first one stated,
        # except that a number replaces an earlier "none", and a revised figure the earlier one
        same = [x for x in frame.figures if x.figure == fig.figure]
        if same:
            if (same[0].value == 0 and fig.value > 0) or update:
                frame.figures = [x for x in frame.figures if x.figure != fig.figure]
            else:
                return
        frame.figures.append(ReportedFigure(fig.figure, fig.value, ev))

    def _figure_frame(self, f: SentenceFacts, fig) -> Frame | None:
        """The incident a casualty figure belongs to: "killed in a US raid" (the words after),
        else the incident told just before the figure, else the one just after."""
        anchors = self._anchors
        if not anchors:
            return None
        text = f.text
        inside = [fr for fr, a in anchors if fig.start <= a[0] and a[1] <= fig.end]
        if inside:
            return inside[0]        # "the death toll from Saturday's US strikes has risen to 53"
        if re.match(r"[^.;]{0,25}?\b(?:in|by|during)\s+(?:the|a|an|two|three|several)?\s*", text[fig.end:fig.end + 40], re.I):
            after = [(a[0] - fig.end, fr) for fr, a in anchors if 0 <= a[0] - fig.end <= 60]
            if after:
                return min(after, key=lambda x: x[0])[1]
        before = [(fig.start - a[1], fr) for fr, a in anchors if a[1] <= fig.start + 1]
        if before:
            return min(before, key=lambda x: x[0])[1]
        after = [(a[0] - fig.end, fr) for fr, a in anchors if a[0] >= fig.end - 1]
        if after:
            return min(after, key=lambda x: x[0])[1]
        return None

    def _attach_anaphoric_date(self, f: SentenceFacts, ev: Evidence) -> None:
        """"The attack was carried out early on Thursday": a date for the incident referred to."""
        if not f.anaphora_singular or self.current is None or f.anaphora_span is None:
            return
        a, b = f.anaphora_span
        if a > 4 or any(w[:1].isupper() for w in f.text[a:b].split()[1:]):
            return
        value, rank, m = self._pick_date(f, f.anaphora_span[0], min(len(f.text), f.anaphora_span[1] + 45), self.current)
        if value is None or rank < 1 or rank < self.current.date_rank:
            return
        between = f.text[f.anaphora_span[1]:m.start]
        if re.search(r"\b(?:after|before|ahead of|following|since|during|amid)\b", between, re.I):
            return
        fr = self.current
        fr.date, fr.date_rank, fr.date_evidence, fr.soft = value, rank, ev, False

    def _attach_possessive_date(self, f: SentenceFacts, ev: Evidence) -> None:
        """"what role they had played in Thursday's attack": the date of the latest incident of that
        kind, when it was told without a date of its own."""
        for m in f.dates:
            kind = _possessive_kind(f.text, m)
            if kind is None or m.since or m.speech:
                continue
            fr = next((x for x in self._recent() if x.kind == kind and x.copy_of is None and not x.background), None)
            if fr is None or (fr.date is not None and fr.date.value is not None and fr.date_rank >= 1):
                continue
            value = self._resolve_mention(m, fr)
            if value.value is None and value.phrase is None:
                continue
            fr.date, fr.date_rank, fr.date_evidence, fr.soft = value, _RANK.get(m.kind, 1), ev, False

    def _recent(self) -> list[Frame]:
        """The latest frames, newest first: a report refers back to what it told recently (and a
        huge text must not make every sentence compare with every incident before it)."""
        return self.frames[:-_RECENT - 1:-1] if len(self.frames) > _RECENT else self.frames[::-1]

    def _attack_frames(self) -> list[Frame]:
        return [fr for fr in self.frames if fr.kind == "attack" and not fr.background]

    def _clause_around(self, text: str, a: int, b: int) -> tuple[int, int]:
        """The clause holding the words ``text[a:b]``: a claim or blame speaks of the incident its
        own clause names ("blamed X for Wednesday's attack, and on Thursday US aircraft struck")."""
        start = 0
        for m in _CLAUSE_CUT.finditer(text, 0, a):
            start = m.end()
        m = _CLAUSE_CUT.search(text, b)
        return start, (m.start() if m else len(text))

    def _frames_named(self, f: SentenceFacts, a: int, b: int, kind: str | None = "attack") -> list[Frame]:
        """The frames told before that the words ``text[a:b]`` name by a date or a site tied to an
        incident noun: "Wednesday's attack", "the January 28 attack", "the attack on Camp Taji",
        "the Diwaniyah attack". Empty when the words name none (or none that was told)."""
        text = f.text
        nouns = [m for m in _INCIDENT_NOUN.finditer(text, a, b)]
        if not nouns:
            return []

        def tied(s: int, e: int) -> bool:
            for n in nouns:
                gap = text[e:n.start()] if n.start() >= e else text[n.end():s]
                if len(gap) <= 40 and not re.search(r"[;,]|\b(?:and|but|which|who|after|before|when)\b", gap):
                    return True
            return False

        sites = [h.ref.key for h in f.facilities if a <= h.start < b and tied(h.start, h.end)]
        places = {h.ref.iri or h.ref.key for h in f.places if a <= h.start < b and h.kind == "place" and tied(h.start, h.end)}
        dates = [m for m in f.dates if a <= m.start < b and not m.since and tied(m.start, m.end)]
        if not sites and not dates and not places:
            return []
        out = []
        for fr in self.frames:
            if kind is not None and fr.kind != kind or fr.copy_of is not None:
                continue
            if sites and (fr.facility is None or fr.facility.key not in sites):
                continue
            if places and not sites and not (fr.place_keys & places):
                continue
            if dates:
                mine = self._effective_date(fr)
                if mine is None:
                    continue
                if not any(dates_agree(mine, self._resolve_mention(m, None)) for m in dates):
                    continue
            out.append(fr)
        return out

    def _attach_claims(self, f: SentenceFacts, ev: Evidence, touched, referenced, summary: bool) -> None:
        if f.no_claim:
            named = self._frames_named(f, *self._clause_around(f.text, *f.no_claim_span)) if f.no_claim_span else []
            frames = named or (self._attack_frames() if (f.no_claim == "plural" or summary) else
                               [x for x in [self._target_frame(f, 0, touched, referenced, "attack")] if x is not None])
            for fr in frames:
                if fr.unclaimed is None and not fr.claims:
                    fr.unclaimed = ev
        told = [t for t in touched if t.kind == "attack"]
        for c in f.claims:
            if c.aggregate or c.claimant is None:
                continue
            if c.claimant.key == "@claimant":
                # one of a series of statements: the group whose claims the article relays
                who = self.last_claimant or next((g for g in self.last_groups if g.kind == "armed_group"), None)
                if who is None:
                    continue
                c = type(c)(**{**c.__dict__, "claimant": who})
            if c.claimant.key == "@anaphora":
                if not self.last_groups:
                    continue
                c = type(c)(**{**c.__dict__, "claimant": self.last_groups[0]})
            self.last_claimant = c.claimant
            named = self._frames_named(f, *self._clause_around(f.text, c.start, c.end))
            if named and c.scope != "plural":
                frames = named      # "claimed the Diwaniyah attack", "for Saturday's attack"
            elif c.scope == "plural":
                frames = self._attack_frames()
                nm = _COUNTED_ATTACKS.search(f.text, c.start, min(len(f.text), c.end + 30))
                n = 2 if nm and nm.group("n").lower() == "both" else (parse_number(nm.group("n")) if nm else None)
                if n is not None and 0 < n < len(frames):
                    frames = frames[-n:]    # "claimed both attacks": the two told last
            elif len(told) > 1:
                frames = told       # "X claimed drone attacks on A and B"
            else:
                frames = [x for x in [self._target_frame(f, c.start, touched, referenced, "attack")] if x is not None]
            for fr in frames:
                if any(x.claimant.key == c.claimant.key for x in fr.claims):
                    continue
                fr.claims.append(Claim(c.claimant, ev, c.relayed_by, c.channel, None))
                fr.unclaimed = None

    def _attach_blames(self, f: SentenceFacts, ev: Evidence, touched, referenced, summary: bool, strike_only: bool) -> None:
        if not f.blames:
            return
        # "It was the latest in a spate of attacks ... blamed on X", "The attacks were the latest
        # in a wave of strikes that Washington blames on X": the told incidents are of that wave
        linked_aggregate = f.aggregate and (f.anaphora_singular or f.anaphora_plural) and not touched and \
            re.match(r"\s*(?:it|this|they|these|both|the (?:\w+ )?attacks?|the (?:\w+ )?incidents?)\s+(?:was|were|is|are|came|come|comes|marked|mark|marks)\b",
                     f.text, re.I)
        if f.aggregate_subject and not linked_aggregate:
            return
        for b in f.blames:
            group = b.group
            if group.key == "@anaphora":
                if not self.last_groups:
                    continue
                group = self.last_groups[0]
            by, by_ref = b.attributed_by, b.attributed_by_ref
            if by_ref is None and by and re.fullmatch(r"(?:the\s+)?(?:monitor|observatory|war monitor)", by, re.I) and self.last_monitor:
                by, by_ref = self.last_monitor.label, self.last_monitor
            att = Attribution(group, ev, by, by_ref)
            named = self._frames_named(f, *self._clause_around(f.text, b.start, b.end)) if b.scope != "plural" else []
            if named:
                # "blamed X for Wednesday's attack": the incident the words name, not every one
                frames = named
            elif strike_only and b.scope != "plural" and not summary:
                continue
            elif summary and not any(t.kind == "attack" for t in touched):
                self.summary_blames.append(att)
                continue
            elif linked_aggregate:
                # "It was the latest in a spate of attacks on US facilities in Iraq, blamed on X":
                # the blame covers the article's attacks in that country
                countries = {h.ref.key for h in f.countries}
                self.scoped_blames.append((att, countries))
                continue
            elif b.scope == "plural":
                frames = self._plural_scope()
            else:
                before = [(b.start - a[1], fr) for fr, a in self._anchors if a[1] <= b.start + 1]
                near = min(before, key=lambda x: x[0])[1] if before else None
                if near is not None and near.kind == "strike" and not any(fr.kind == "attack" and a[0] > b.start for fr, a in self._anchors):
                    continue      # "strikes against targets linked to X": X is what was struck
                fr = near if near is not None and near.kind == "attack" else \
                    self._target_frame(f, b.start, [t for t in touched if t.kind == "attack"], referenced, "attack")
                frames = [fr] if fr is not None else []
            for fr in frames:
                if not any(x.group.key == group.key for x in fr.attributions):
                    fr.attributions.append(att)

    def _plural_scope(self) -> list[Frame]:
        """The attacks "the attacks" or "them" speak of: those told so far, less the ones dated
        more than a day before the news the article opens with (history told for context: "Ain
        al-Asad was also hit on Monday"), when the news itself is among them."""
        frames = self._attack_frames()
        news = self.news_date
        if news is None or news.value is None or news.precision != "day" or self.news_rank < 0:
            return frames
        recent = []
        for fr in frames:
            mine = self._effective_date(fr)
            if mine is not None and mine.value is not None and mine.latest < news.earliest - dt.timedelta(days=1):
                continue
            recent.append(fr)
        news_frames = [fr for fr in recent if self._effective_date(fr) is not None and self._effective_date(fr).value
                       and dates_agree(self._effective_date(fr), news)]
        return recent if news_frames else frames

    def _attach_retaliation(self, f: SentenceFacts, ev: Evidence, touched, created, referenced, summary: bool,
                            strike_descs: list[Description]) -> None:
        for r in f.retaliation:
            if r.cue == "vow":
                # "vowed to avenge the US strikes in Diyala": the incident named after the words
                after = [fr for fr, a in self._anchors if r.start <= a[0] <= r.end + 60]
                target = after[0] if after else self._target_frame(f, r.start, touched, referenced)
                if target is not None:
                    self.article_responses.append(("vow", target, ev, r.phrase))
            elif r.cue == "following":
                target = None
                for fr in touched + referenced:
                    if fr.kind == "strike":
                        target = fr
                        break
                if target is None:
                    target = next((fr for fr in self._recent() if fr.kind == "strike"), None)
                if target is None:
                    continue
                responders = [fr for fr in touched if fr.kind != target.kind]
                if responders:
                    for fr in responders:
                        self._respond(fr, target, ev, r.phrase)
                else:
                    self.article_responses.append(("following", target, ev, r.phrase))
            elif r.cue == "response":
                tt = r.target_text.lstrip("\"“‘'")
                pm = re.search(r",?\s+(?:in particular|particularly|especially|notably|above all|chiefly)\s+", tt)
                if pm:
                    # "answered recent attacks on US personnel, in particular the Feb. 15 rocket attack on
                    # Erbil": the words name one incident after all
                    tt = tt[pm.end():]
                if not tt or re.match(r"(?:continuing|continued|ongoing|repeated|recent|previous|past|frequent|attacks\b|the\s+(?:israeli|war)|israel|us support|the war)", tt, re.I):
                    continue
                if re.match(r"(?:a|an|the|this|that|last\s+\w+'s|\w+'s|us|u\.s\.|american|coalition)\b", tt, re.I) is None:
                    continue
                span = (r.end, r.end + len(r.target_text) + 2)
                # the incident the cue names, when the words after it tell one ("in response to the
                # March 11 rocket attack on Camp Taji"): the responder is then of the other kind
                told = [fr for fr, a in self._anchors if span[0] <= a[0] < span[1] and fr.copy_of is None]
                if not told:
                    # 'a response to "the American aggression", a reference to US airstrikes on Sunday'
                    told = [fr for fr, a in self._anchors if a[0] >= span[1] and fr.copy_of is None
                            and _REFERENCE_TO.search(f.text, max(0, span[1] - 3), a[0])]
                other = ("attack" if told[0].kind == "strike" else "strike") if told else None
                # who answers: an incident of this sentence outside the words after the cue, else
                # the incident the sentence is about
                responder = next((fr for fr, a in self._anchors if not (span[0] <= a[0] < span[1])
                                  and (other is None or fr.kind == other)), None) or \
                    next((fr for fr in touched if not any(fr is x and span[0] <= a[0] < span[1] for x, a in self._anchors)
                          and (other is None or fr.kind == other)), None)
                if responder is None:
                    before = self._current_before
                    if other is not None and (before is None or before.kind != other):
                        before = next((fr for fr in self._recent() if fr.kind == other and not fr.background
                                       and fr.copy_of is None and fr not in told), None)
                    responder = before
                if responder is None:
                    if told and told[0].kind == "strike" and not told[0].background:
                        # "fired missiles at two bases, in revenge for the US drone strike": the
                        # attacks the article tells next answer the strike the cue names
                        self.article_responses.append(("response", told[0], ev, r.phrase))
                    continue
                want = "attack" if responder.kind == "strike" else "strike"
                # the incident the cue names may be told right there ("in retaliation for the drone
                # attack that killed three soldiers in Jordan")
                named = [fr for fr, a in self._anchors if fr.kind == want and span[0] <= a[0] < span[1]] or \
                    [fr for fr in told if fr.kind == want]
                if not named and not re.search(r"\b(?:attacks?|assaults?|barrages?|strikes?|raids?|bombings?|rockets?|drones?|shelling|"
                                               r"killings?|deaths?|aggression|crimes?|massacres?)\b", tt, re.I):
                    continue
                target = named[0] if named else next((fr for fr in self._recent() if fr.kind == want and fr is not responder
                                                      and fr.n < responder.n), None)
                if target is not None:
                    self._respond(responder, target, ev, r.phrase)
                for other_target in named[1:]:
                    # "in response to the attacks ..., including the drone attack on A and the drone
                    # attack on B the following day": every incident the cue's words name
                    self._respond(responder, other_target, ev, r.phrase)
            elif r.cue == "bare":
                # the incident the cue's own words tell ("..., and US warplanes retaliated with strikes"),
                # else the one the sentence opened
                own = [fr for fr, a in self._anchors if (a[0] <= r.start < a[1] or 0 <= a[0] - r.start <= 60) and fr in touched]
                responder = next(iter(own), None) or next((fr for fr in created), None) or next((fr for fr in touched), None)
                if re.search(r"\bwith\b", r.phrase, re.I):
                    # "the US answered the following day with strikes": the strike is the answer
                    responder = next((fr for fr, a in self._anchors if fr.kind == "strike" and a[0] >= r.start), None)
                if responder is None:
                    continue
                target = next((fr for fr in self._recent() if fr.n < responder.n and fr.kind != responder.kind
                               and fr.copy_of is None), None)
                if target is not None:
                    self._respond(responder, target, ev, r.phrase)
                    # "came under attack ... at Conoco. A short time later, rockets impacted near Green
                    # Village. U.S. forces responded by engaging the attackers": the answer covers the
                    # attacks of that same day told just before
                    mine = self._effective_date(target)
                    for fr in self._recent():
                        if fr is target or fr.n > target.n or fr.kind != target.kind or fr.background or fr.copy_of is not None:
                            continue
                        other = self._effective_date(fr)
                        if mine is None or other is None or mine.precision != "day" or other.value != mine.value:
                            break
                        self._respond(responder, fr, ev, r.phrase)

    def _respond(self, responder: Frame, target: Frame, ev: Evidence, phrase: str) -> None:
        if responder.date is not None and target.date is not None and responder.date.value and target.date.value \
                and target.date.earliest > responder.date.latest:
            return      # an answer never comes before what it answers
        key = f"#{target.n}"
        if any(c.target == key for c in responder.responds):
            return
        responder.responds.append(ResponseCue(ev, key, phrase))

    def _update_groups(self, f: SentenceFacts) -> None:
        groups = [h for h in f.groups if h.kind == "armed_group"] + [h for h in f.groups if h.kind == "group_category"]
        if groups:
            self.last_groups = [g.ref for g in groups]
        for h in f.entities:
            if h.kind == "monitor":
                self.last_monitor = h.ref

    # ------------------------------------------------------------------------------------------
    def finish(self) -> list[Frame]:
        """Settle dates, article-wide blame and retaliation, and facilities named only by type."""
        for fr in self.frames:
            if fr.date is None and not fr.past and not fr.background and self.live_report and self.article.published is not None:
                # an entry of a live report tells what happened the day it was written
                fr.date = DateValue(self.article.published.isoformat(), "day", "the day of the live report")
                fr.date_rank = 0.1
            if fr.date is None and not fr.past and self.news_date is not None and self.news_rank >= 0 and not fr.background:
                # an incident told without a date of its own is the news the article opens with
                fr.date = self.news_date
                fr.date_rank = 0.1
            if fr.kind == "attack" and not fr.weapons and self.summary_weapons and len(self.summary_weapons) == 1:
                # "Two roadside bombs hit convoys ... The second hit a convoy near Nasiriyah"
                weapon = next(iter(self.summary_weapons))
                fr.weapons[weapon] = WeaponUse(weapon, None, fr.evidence[0][1])
        for att in self.summary_blames:
            for fr in self._attack_frames():
                if not any(x.group.key == att.group.key for x in fr.attributions):
                    fr.attributions.append(att)
        for att, countries in self.scoped_blames:
            for fr in self._attack_frames():
                self._settle_location(fr)
                if countries and (fr.country is None or fr.country.key not in countries):
                    continue
                if not any(x.group.key == att.group.key for x in fr.attributions):
                    fr.attributions.append(att)
        for cue, target, ev, phrase in self.article_responses:
            for fr in self.frames:
                if fr is target or fr.kind == target.kind or fr.background or fr.copy_of is not None:
                    continue
                if any(c.target == f"#{fr.n}" for c in target.responds):
                    continue      # the strike answered this attack: the attack cannot answer it
                if cue == "response" and not (0 <= fr.position - ev.start <= _RESPONSE_REACH):
                    continue      # the attacks a summary sentence's cue covers are told right after it
                if fr.date is not None and target.date is not None and fr.date.value and target.date.value:
                    if fr.date.latest < target.date.earliest:
                        continue
                self._respond(fr, target, ev, phrase)
        for fr in self.frames:
            self._settle_location(fr)
            self._settle_background(fr)
        return self.frames

    def _settle_background(self, fr: Frame) -> None:
        """An incident dated well before the article is named in passing, not reported, unless the
        article tells it as news is told: on its day, with its numbers ("on Jan. 9, 2024, the group
        launched 18 drones ..."), as an analysis retelling a campaign does."""
        pub = self.article.published
        if pub is not None and fr.date is not None and fr.date.value is not None and not fr.soft:
            if (pub - fr.date.latest).days > _BACKGROUND_DAYS and not self._told_in_full(fr):
                fr.background = True

    @staticmethod
    def _told_in_full(fr: Frame) -> bool:
        if fr.background or fr.date is None or fr.date.precision != "day" or fr.date_rank < 1:
            return False
        counted = sum(1 for w in fr.weapons.values() if w.count is not None and w.weapon != "airstrike")
        figures = {x.figure for x in fr.figures}
        return counted + len(figures) >= 2

    def _settle_location(self, fr: Frame) -> None:
        if fr.facility is None and fr.kind == "attack" and fr.generic_types is not None:
            inferred = infer_facility(self.gaz, fr.generic_types, fr.place_keys, fr.region_places, fr.alternatives,
                                      fr.generic_country or (fr.country.iri if fr.country else None))
            if inferred is not None:
                fr.facility = self.gaz.to_ref(inferred)
                fr.facility_province = getattr(inferred, "province", None)
                fr.facility_country = getattr(inferred, "country", None)
        if fr.facility is not None and fr.facility.iri:
            if fr.facility_province:
                ref = self._country_ref(fr.facility_province)
                if ref is not None:
                    fr.place = ref
            if fr.facility_country:
                ref = self._country_ref(fr.facility_country)
                if ref is not None:
                    fr.country = ref
        if fr.country is None and fr.place is not None and fr.place.country:
            ref = self._country_ref(fr.place.country)
            if ref is not None:
                fr.country = ref
        if fr.country is None and fr.generic_country:
            ref = self._country_ref(fr.generic_country)
            if ref is not None:
                fr.country = ref
        if fr.facility is not None and fr.facility.iri is None and fr.country is not None and fr.facility.country is None:
            fr.facility = EntityRef(fr.facility.key, fr.facility.label, "facility", None, fr.country.key)


_LAUNCH_FROM = re.compile(r"\b(?:from|outside|launched from|fired from|originated in)\b", re.I)
_LAUNCH_STOP = re.compile(r"\b(?:hit|hits|struck|landed|land|fell|targeted|targeting|at|on|into|toward|towards|against|near the base|"
                          r"said|and\s+(?:hit|struck))\b|[;.]", re.I)


_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:[\w'’-]+\s+){0,4}?$")


def _sum_listed(weapons: list[WeaponHit], text: str) -> list[WeaponHit]:
    """"two anti-ship cruise missiles and an anti-ship ballistic missile": three missiles. Counts of
    one weapon type listed side by side add up."""
    out: list[WeaponHit] = []
    for w in weapons:
        prev = out[-1] if out else None
        if prev is not None and prev.weapon == w.weapon and prev.count is not None and w.count is not None \
                and not (prev.definite or w.definite or prev.modifier or w.modifier or prev.ordinal or w.ordinal) \
                and _LIST_JOIN.match(text[prev.end:w.start]) and w.quantity and prev.quantity:
            q = text[prev.end:w.start]
            if w.quantity.lower() not in ("a", "an", "one") or re.search(r"\band\b|,", q):
                out[-1] = replace(prev, end=w.end, count=prev.count + w.count,
                                  intercepted=None if prev.intercepted is None and w.intercepted is None
                                  else (prev.intercepted or 0) + (w.intercepted or 0))
                continue
        out.append(w)
    return out


_VESSEL_NAME = re.compile(r"\b(?:uss|hms)\s+([\w'’.-]+)", re.I)


def _vessel(target: TargetHit) -> str | None:
    """The name of the warship a target phrase names ("the aircraft carrier USS Harry S. Truman")."""
    m = _VESSEL_NAME.search(target.noun)
    return m.group(0).lower() if m else None


_BLAST_BEFORE = re.compile(r"\b(?:explod\w*|blew|blown|detonat\w*|went off|bomb\w*|blast)\b[^.;,]{0,40}$", re.I)


def _strike_class(noun: str | None) -> str | None:
    if not noun:
        return None
    low = noun.lower()
    if "raid" in low and "air" not in low:
        return "raid"
    if "strike" in low:
        return "strike"
    return None


def launch_site(text: str, pos: int) -> bool:
    """Whether the words at ``pos`` name where a weapon was fired from ("fired from an area near
    the boundary with Nineveh"), not what it hit."""
    window = text[max(0, pos - 80):pos]
    last = None
    for m in _LAUNCH_FROM.finditer(window):
        last = m
    if last is None:
        return False
    if last.group(0).lower() == "outside" and _BLAST_BEFORE.search(window[:last.start()]):
        return False    # "a car bomb exploded outside the base": where it went off
    return not _LAUNCH_STOP.search(window[last.end():])


_ANSWERED_ATTACK = re.compile(r"\s*(?:the\s+|an?\s+|last\s+\w+['’]s\s+)?(?:[\w'’.-]+\s+){0,4}?(?:attacks?|barrages?|assaults?|salvos?|ambush(?:es)?)\b",
                              re.I)


def _answers_attack(text: str, a: int) -> bool:
    """Whether the clause at ``a`` is a response cue naming the attack answered ("a response to a
    rocket attack that killed a U.S. contractor"), which then tells that attack."""
    m = _RESPONSE_CLAUSE.match(text, a)
    return bool(m) and bool(_ANSWERED_ATTACK.match(text, m.end()))


def _noun_kind(words: str) -> str | None:
    """The kind of incident an incident noun names, when the noun alone says it: a barrage is an
    attack, an air strike or a raid a strike; "strikes" may be either."""
    last = words.split()[-1].lower()
    if last.startswith(("attack", "assault", "barrage", "ambush", "salvo")):
        return "attack"
    if last.startswith(("raid", "airstrike", "bombing")) or re.search(r"\bair\s+strikes?$", words, re.I):
        return "strike"
    return None


def _possessive_kind(text: str, m: DateMention) -> str | None:
    """The kind of incident a possessive date names ("Wednesday's attack", "Friday's strikes")."""
    pm = _POSSESSIVE_DATE.match(text, m.end)
    if pm is None:
        return None
    return "strike" if pm.group("n").lower().startswith(("strike", "raid", "air")) else "attack"


def dates_agree(a: DateValue, b: DateValue) -> bool:
    """Whether two dates can name the same day (a night may be dated either side of midnight)."""
    if a.value is not None and b.value is not None:
        lo = max(a.earliest, b.earliest)
        hi = min(a.latest, b.latest)
        if lo <= hi:
            return True
        if a.precision == "day" and b.precision == "day" and abs((a.earliest - b.earliest).days) == 1:
            return is_night_phrase(a.phrase) or is_night_phrase(b.phrase)
        return False
    if a.value is None and b.value is None:
        ca, cb = date_constraint(a.phrase), date_constraint(b.phrase)
        if ca.empty or cb.empty:
            return True
        if ca.weekday is not None and cb.weekday is not None:
            return ca.weekday == cb.weekday or (abs(ca.weekday - cb.weekday) in (1, 6) and
                                                 (is_night_phrase(a.phrase) or is_night_phrase(b.phrase)))
        if ca.month is not None and cb.month is not None and ca.day is not None and cb.day is not None:
            return (ca.month, ca.day) == (cb.month, cb.day)
        if ca.month is not None and cb.month is not None and (ca.day is None or cb.day is None):
            return ca.month == cb.month
        # a weekday against a calendar day without a year: nothing to compare
        return False
    known, unknown = (a, b) if a.value is not None else (b, a)
    c = date_constraint(unknown.phrase)
    if c.empty:
        return True
    if c.admits(known):
        return True
    if c.weekday is not None and known.precision == "day" and (is_night_phrase(unknown.phrase) or is_night_phrase(known.phrase)):
        return abs(known.earliest.weekday() - c.weekday) in (1, 6)
    return False


_FACILITY_INDEX: dict[int, list] = {}
_HOST_COUNTRIES: dict[int, frozenset[str]] = {}


def coalition_host_countries(gazetteer) -> frozenset[str]:
    """IRIs of the countries where the reference data has a facility: every reference facility hosts
    US or coalition forces or diplomats (kg/data/reference/facilities.ttl)."""
    hosts = _HOST_COUNTRIES.get(id(gazetteer))
    if hosts is None:
        try:
            hosts = frozenset(e.country for e in gazetteer.entities("facility") if e.country)
        except Exception:
            hosts = frozenset()
        _HOST_COUNTRIES[id(gazetteer)] = hosts
    return hosts


def _type_key(entity) -> str:
    return _type_name(getattr(entity, "facility_type", None))


def infer_facility(gazetteer, types: frozenset[str], place_keys: set[str], region_places: frozenset[str],
                   alternatives: list, country: str | None):
    """The one reference facility of the given type in the given place, if exactly one fits."""
    if not types or "*" in types:
        wanted = None
    else:
        wanted = types
    for alt in alternatives:
        if wanted is None or _type_name(getattr(alt, "facility_type", None)) in wanted:
            return alt
    if wanted is None:
        return None
    keys = set(place_keys)
    if not keys:
        return None
    index = _FACILITY_INDEX.get(id(gazetteer))
    if index is None:
        try:
            index = list(gazetteer.entities("facility"))
        except Exception:
            index = []
        _FACILITY_INDEX[id(gazetteer)] = index
    found = [e for e in index if _type_name(getattr(e, "facility_type", None)) in wanted
             and getattr(e, "province", None) in keys]
    if len(found) == 1:
        return found[0]
    return None
