"""What one sentence says: entities, weapons with numbers, triggers, dates, casualty figures,
claims, blame and retaliation cues.

``analyze_sentence`` returns a ``SentenceFacts`` record with offsets relative to the sentence;
``kg.extract.events`` decides which incident each fact belongs to. Word lists come from
``kg/data/lexicon/*.json`` and are compiled once per process (``lexicon_patterns``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.dates import DateMention, find_dates
from kg.extract.lexicon import alternation, compile_lower, load_lexicon, lower_text
from kg.extract.numbers import find_quantity_before, parse_number
from kg.extract.segment import Sentence
from kg.model import EntityRef

GROUP_KINDS = ("armed_group", "group_category")
# between a doer and a strike noun: a few words of the same noun phrase ("US military's precision")
_NOUN_PHRASE_GAP = re.compile(r"(?:['’]s)?\s*(?:[\"“”'‘’]?(?!(?:said|says|told|after|before|on|in|at|against|near|from|for|to|by|and|but|which|that|who)\b)"
                              r"[\w-]+[\"“”'‘’]?\s+){0,3}[\"“”'‘’]?", re.I)
# or a subject and its verb of doing: "the US military carried out dozens of", "US forces had conducted a"
_DOER_GAP = re.compile(r"(?:\s+[\w'’.-]+){0,4}?\s+(?:\w+\s+)?(?:carried out|carries out|carry out|conducted|conducts|conduct|launched|launches|"
                       r"launch|staged|mounted|ordered|(?:responded|retaliated|answered|replied|hit back|struck back)(?:\s+[\w'’-]+){0,4}?\s+with|"
                       r"began|unleashed|executed|"
                       # "US forces said they had killed five militants in a strike": the sayers are the doers
                       r"(?:said|says|announced|reported|confirmed)\s+(?:(?:on\s+)?\w+day\s+)?(?:that\s+)?(?:they|it)\s+(?:had\s+|have\s+)?(?:killed|hit|struck|destroyed)"
                       r"(?:\s+[\w'’-]+){0,8}?\s+(?:in|with))\s+"
                       r"(?:[\"“”'‘’]?[\w'’-]+[\"“”'‘’]?\s+){0,4}[\"“”'‘’]?", re.I)
# words without one of which no facility name the reference data lacks can be in a sentence
_FACILITY_WORDS = ("base", "camp", "field", "airport", "outpost", "garrison", "consulate", "embassy", "tower", "zone",
                   "site", "plant", "compound", "fob", "lz", "firebase", "airfield", "port")
# "May 3", "May 2024", "early May": the month, not the modal verb
_MONTH_MAY = re.compile(r"may(?:\s+\d|\s*[,.;)]|\s+(?:of|last|this|next)\b|$)")
_DATELINE = re.compile(r"\s*(?:[A-Z][A-Z'’.-]{2,}(?:[ /][A-Z][A-Z'’.-]+)*(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?"
                       r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([^()]{1,40}\))?\s*[-–—]+\s"
                       r"|[A-Z][a-z]+(?:[ /][A-Z][a-z]+)?:\s"
                       # "March 24 (Reuters) - ": a dateline with no city
                       r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*\([^()]{1,40}\)\s*[-–—]+\s)")
_WEAPON_HARM = re.compile(r"\s+(?:\w+ly\s+)?(?P<v>killed|wounded|injured|hurt|damaged)\s+(?!by\b)(?:\w+)")
_WORD = re.compile(r"[a-z0-9]+")
_BORDER_WITH = re.compile(r"\b(?:borders?|frontier)\s+(?:with|of)\s+(?:[\w'’-]+\s+(?:and|or)\s+)?$|\bbordering\s+$", re.I)
# "17 at the sprawling Ain al-Asad airbase", "19 U.S. service members at al-Tanf": a number for one site
_SITE_COUNT = re.compile(r"(?<![\w.,-])(?P<q>\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                         r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+(?:[\w.'’-]+\s+){0,3}?"
                         r"(?:at|on|in|against|targeting|toward|towards)\s+(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,4}?$", re.I)
_SITE_JOIN = re.compile(r"[^.;:]{0,90}?(?:,\s*(?:and\s+)?|\s+and\s+)", re.I)
_ACTOR_POSSESSIVE = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}?(?:Revolutionary|Guards?\b|Quds|military|army|armed|forces|government|"
                               r"foreign|defen[cs]e|ministry|minister|president|leader|proxies|allies|partners|militias?|backing|"
                               r"support|regime|navy|embassy|ambassador|officials?|spokes|state\b|envoy|intelligence|nuclear|supreme)", re.I)
_FRIENDLY_PERSON = re.compile(r"\b(?:u\.?s\.?|american|coalition|british|french)\s+(?:[\w-]+\s+){0,2}?(?:service ?members?|servicemembers|"
                              r"servicemen|soldiers?|troops?|personnel|contractors?|marines?|sailors?|airmen|citizens?|civilians?|"
                              r"diplomats?|advisers?|advisors?)\b|\b(?:service ?members?|servicemembers|americans?)\b")
# "an SDF fighter", "Peshmerga fighters": partners of the coalition, not an armed group it strikes
_PARTNER = re.compile(r"\b(?:sdf|syrian democratic forces|peshmerga|kurdish|iraqi|coalition|partner|allied|u\.?s\.?|american)\s+"
                      r"(?:[\w-]+\s+)?(?:fighters?|militiam[ae]n|militia members)\b")
_ADDITIVE = re.compile(r"\b(?:others?|more|another|additional|further|second|third)\b")
_ONE_MORE = re.compile(r"(?<![\w-])(?:and\s+)?(?:a|the|one)\s+(?:second|third|fourth|more)\s+(?:[\w-]+\s+){0,2}?(?:later\s+)?"
                       r"(?:died(?:\s+(?:of|from)\s+(?:his|her|their)?\s*(?:wounds|injuries))?|was\s+(?:killed|wounded|injured|hurt))\b")
# "the American base in al-Malikiyah", "a coalition outpost at Qasrak"
_BASE_IN_NAME = re.compile(r"(?<![\w-])(?P<type>base|air ?base|airfield|outpost|garrison)\s+(?:in|at)\s+(?:the\s+town\s+of\s+)?"
                           r"(?P<name>(?:(?:al|el|ad|as|ash|at|an|ar)-[A-Z]?[\w'’]+|[A-Z][\w'’]+(?:-[A-Z][\w'’]+)?)(?:\s+[A-Z][\w'’]+)?)(?![\w-])")
_PERSON_NAME = r"(?:[A-Z][\w'’.-]+|(?:al|el|bin|ibn)-[\w'’-]+)(?:\s+(?:[A-Z][\w'’.-]+|(?:al|el)-[\w'’-]+|bin|ibn)){0,4}"
_OTHERS = (r"(?i:(?P<q>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|several)\s+(?:other|more)\s+"
           r"(?:[\w'’-]+\s+){0,2}?(?:people|persons|men|members|fighters|militiamen|guards|bodyguards|companions|officers|"
           r"commanders|aides|passengers|soldiers|civilians|others)\b|(?P<q2>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+of\s+"
           r"(?:his|their|her)\s+(?:[\w'’-]+\s+){0,1}?(?:bodyguards|guards|aides|companions|men|associates|relatives)\b)")
_ONE_PERSON = (r"(?:(?:[A-Z][\w'’-]+\s+)?(?:[a-z][\w'’-]+\s+){0,3}?" + _PERSON_NAME +
               r"|(?i:the|a|an|its|their|his)\s+(?:[\w'’-]+\s+){0,3}?(?i:commander|leader|chief|official|head|deputy|member|"
               r"operative|militant|fighter|driver|general|officer|aide|founder|spokesman))")
_KILLED_NAMED_AND = re.compile(r"(?i:\b(?:killed|killing))\s+" + _ONE_PERSON + r"(?:\s*,\s*[^,;.]{2,90}?,)?\s+"
                               r"(?i:and|along with|together with|as well as)\s+" + _OTHERS)
_KILLED_ALONG_WITH = re.compile(r"(?i:\b(?:was|were)\s+killed\b[^.;]{0,60}?\b(?:along with|together with|alongside))\s+"
                                r"(?:(?P<name2>" + _ONE_PERSON + r")(?:\s*,\s*[^,;.]{2,90}?,)?\s+(?i:and)\s+)?"
                                + _OTHERS)
# A word that makes what follows the target, not the doer ("on US forces", "against American troops").
_TARGET_BEFORE = re.compile(r"(?:on|at|against|targeting|toward|towards|housing|hosting|hosts|houses|host|house|with|of)"
                            r"\s+(?:the\s+)?$", re.I)
_NOT_DOER_POSSESSIVE = re.compile(r"['’]s\s+(?!(?:[\w-]+\s+)?(?:military|forces|army|air\s+force|navy|jets|warplanes|aircraft|"
                                  r"drones?|troops|bombers|gunships|helicopters|own|strikes?|raids?|air\s*strikes?)\b)", re.I)
_ANSWERED = re.compile(r"(?P<v>responded|retaliated|hit back|struck back)\s+(?:to|for|against|at)\s+(?:the\s+|an?\s+)?"
                       r"(?:[\w-]+\s+){0,2}(?:attacks?|barrages?|assaults?|rocket fire|drone strikes?)\b")
_OTHER_INCIDENTS = re.compile(r"(?:\s*,[^,;.]{0,70},)?\s+for\s+(?:(?:a|the)\s+)?(?:similar|previous|past|earlier|other|prior|former)\s+"
                              r"(?:[\w-]+\s+){0,2}?(?:attacks|strikes|incidents|assaults|barrages|operations)\b", re.I)
# "A second statement said", "A fourth claim, released on Monday, said": one of a series of claims
_SERIAL_STATEMENT = re.compile(r"(?:a|the|another|its|their|one) (?:first|second|third|fourth|fifth|sixth|seventh|later|further|"
                               r"separate|subsequent|follow-up|last|final|latest) (?:statement|claim|communiqu[eé]|post|message|bulletin)")
# "blamed X (, an Iran-backed militia,) for the attacks": the blame's object names several incidents
_PLURAL_OBJECT = re.compile(r"(?:\s*,[^,;.]{0,70},)?\s+for\s+(?:all\s+|both\s+|each\s+of\s+)?(?:the|these|those|both|all|"
                            r"the\s+(?:two|three|four|five))\s+(?:[\w-]+\s+){0,2}(?:attacks|strikes|incidents|assaults|barrages)\b",
                            re.I)
SPEAKER_KINDS = ("monitor", "media", "government", "state_force")
# cheap tests before the scope patterns (lower-case text): words one of which each of them needs
_SHIP_HINT = re.compile(r"ship|vessel|uss\b|hms\b|destroyer|carrier|frigate|cruiser|fleet|task force|strike group")
_THIRD_PARTY_HINT = re.compile(r"ship|vessel|tanker|carrier|freighter|flagged|israel|country|turk|russia|jordan|saudi|emirat")
_US_SIDE_ACTORS = frozenset({"actor/united-states-military", "actor/us-led-coalition"})
# "the Guard's aerospace force": the force named is a part of another
_ACTOR_POSSESSIVE_OF = re.compile(r"['’]s\b")


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    """An entity named in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    surface: str
    ref: EntityRef
    kind: str
    facility_types: frozenset[str] = frozenset()
    province: str | None = None        # IRI of the province (facilities, cities)
    country: str | None = None         # IRI of the country
    entity: object | None = None
    region_places: frozenset[str] = frozenset()   # for region phrases: the places they cover
    alternatives: tuple = ()         # facilities the same words may denote ("Erbil" near "airport")


@dataclass(frozen=True)
class WeaponHit:
    weapon: str
    start: int
    end: int
    count: int | None
    modifier: bool            # "rocket attack": the weapon is named, not counted
    definite: bool            # "the rockets": refers back
    quantity: str | None = None
    intercepted: int | None = None
    of_partitive: bool = False  # "one of the rockets"
    plural: bool = False
    ordinal: bool = False       # "a second drone": the count is how many so far


@dataclass(frozen=True)
class TargetHit:
    """A generic target noun phrase: "an Iraqi airbase", "the base", "bases", "US forces"."""

    start: int
    end: int
    noun: str
    types: frozenset[str]
    definite: bool
    plural: bool
    another: bool
    country: str | None = None      # from an adjective: "an Iraqi airbase"
    force: bool = False             # "US forces", "American troops"


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    word: str
    role: str                 # "attack_noun", "attack_verb", "impact", "intercept"


@dataclass(frozen=True)
class StrikeHit:
    start: int
    end: int
    noun: str
    agent: EntityRef | None
    weapon: str | None        # "airstrike", "drone", or None for raids
    definite: bool
    count: int | None = None
    plural: bool = False


@dataclass(frozen=True)
class FigureHit:
    figure: str               # "injured" | "killed"
    value: int
    start: int
    end: int
    hostile: bool = False     # the people are fighters of an armed group ("22 militiamen were killed")
    site: str | None = None   # "19 at al-Tanf and two at Al-Asad were hurt": the facility key it is for
    friendly: bool = False    # US or coalition personnel: casualties of an attack, never of a US strike


@dataclass(frozen=True)
class ClaimHit:
    start: int
    end: int
    claimant: EntityRef | None
    relayed_by: EntityRef | None
    channel: str | None
    aggregate: bool
    scope: str                # "current", "plural", "specific"


@dataclass(frozen=True)
class BlameHit:
    start: int
    end: int
    group: EntityRef
    attributed_by: str | None
    attributed_by_ref: EntityRef | None
    scope: str


@dataclass(frozen=True)
class RetaliationHit:
    start: int
    end: int
    cue: str                  # "response" | "bare" | "vow" | "following"
    phrase: str
    target_text: str          # the words naming what is answered ("" if none)


@dataclass
class SentenceFacts:
    sentence: Sentence
    text: str
    low: str = ""                       # the text in lower case, same offsets
    entities: list[Hit] = field(default_factory=list)
    facilities: list[Hit] = field(default_factory=list)
    places: list[Hit] = field(default_factory=list)
    countries: list[Hit] = field(default_factory=list)
    groups: list[Hit] = field(default_factory=list)
    speakers: list[tuple[int, int, str, EntityRef | None]] = field(default_factory=list)
    weapons: list[WeaponHit] = field(default_factory=list)
    targets: list[TargetHit] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    strikes: list[StrikeHit] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    invalid_dates: list[str] = field(default_factory=list)
    figures: list[FigureHit] = field(default_factory=list)
    claims: list[ClaimHit] = field(default_factory=list)
    no_claim: str | None = None            # scope of "no group has claimed ..."
    no_claim_span: tuple[int, int] | None = None
    blames: list[BlameHit] = field(default_factory=list)
    retaliation: list[RetaliationHit] = field(default_factory=list)
    hypothetical: list[tuple[int, int]] = field(default_factory=list)
    aggregate: bool = False
    aggregate_spans: list[tuple[int, int]] = field(default_factory=list)
    aggregate_subject: bool = False
    anaphora_singular: bool = False
    anaphora_plural: bool = False
    anaphora_span: tuple[int, int] | None = None
    also: bool = False
    past: bool = False
    defensive: bool = False
    generic: bool = False               # "Rocket launchers are often mounted on trucks": not news
    non_attack: bool = False            # exercises, drills, a false alarm
    not_hostile: bool = False           # a smuggling drone, a drug shipment: not an attack at all
    correction: bool = False            # "initially told ... that the attack had hit al-Tanf, rather than"
    mock: bool = False                  # target drones, decoys, a simulated attack: a drill, whatever the numbers
    figure_update: bool = False         # "now assesses that four militants were killed": replaces the figure told before
    accident: bool = False              # "an explosion ... caused by a fire at a fuel depot": no attack at all
    third_party: list[tuple[int, int]] = field(default_factory=list)   # victims outside the scope: Israel, merchant ships
    discovery: bool = False             # "forces found a launch platform with unused projectiles"
    group_anaphora: list[tuple[int, int]] = field(default_factory=list)
    site_weapons: dict[str, tuple[str, int]] = field(default_factory=dict)   # facility key -> (weapon, count)


# --------------------------------------------------------------------------------------------
# Compiled lexicon
# --------------------------------------------------------------------------------------------

def _rx(fragments) -> re.Pattern:
    """Whole-word alternation of ``fragments``, for matching lower-cased text (see ``lower_text``)."""
    return compile_lower(r"(?<![\w-])" + alternation(fragments) + r"(?![\w-])")


@dataclass(frozen=True)
class Patterns:
    weapon: re.Pattern
    weapon_groups: dict[str, str]
    modifier_after: re.Pattern
    negator_before: re.Pattern
    attack_noun: re.Pattern
    attack_verb: re.Pattern
    impact_verb: re.Pattern
    intercept_verb: re.Pattern
    strike_noun: re.Pattern
    strike_verb: re.Pattern
    agent_word: re.Pattern
    agent_exclusion: re.Pattern
    target_noun: re.Pattern
    target_types: dict[str, frozenset[str]]
    force_target: re.Pattern
    facility_name: re.Pattern
    facility_prefix_name: re.Pattern
    facility_types: dict[str, str]
    facility_stop: frozenset[str]
    claim: re.Pattern
    no_claim: re.Pattern
    claim_aggregate: re.Pattern
    social: re.Pattern
    statement: re.Pattern
    blame: re.Pattern
    blame_subject_verb: re.Pattern
    blame_territory: re.Pattern
    speaker: re.Pattern
    speech_verb: re.Pattern
    ret_response: re.Pattern
    ret_bare: re.Pattern
    ret_vow: re.Pattern
    ret_following: re.Pattern
    hypothetical: re.Pattern
    aggregate: re.Pattern
    aggregate_subject: re.Pattern
    anaphora_singular: re.Pattern
    anaphora_plural: re.Pattern
    past: re.Pattern
    also: re.Pattern
    person: str
    fig_person_injured: re.Pattern
    fig_person_killed: re.Pattern
    fig_verb_injured: re.Pattern
    fig_verb_killed: re.Pattern
    fig_bare: re.Pattern
    fig_pair: re.Pattern
    fig_pair_verb: re.Pattern
    no_casualties: re.Pattern
    no_injuries: re.Pattern
    no_deaths: re.Pattern
    no_casualty_exclusion: re.Pattern
    defensive: re.Pattern
    country_adjective: re.Pattern
    country_adjectives: dict[str, str]
    regions: re.Pattern
    region_data: dict[str, dict]
    generic_groups: tuple[tuple[re.Pattern, str], ...]
    group_anaphora: re.Pattern
    group_intro: re.Pattern
    group_heads: frozenset[str]
    cap_name: re.Pattern
    stems: dict[str, frozenset[str]]
    generic_statement: re.Pattern
    non_attack: re.Pattern
    not_hostile: re.Pattern
    correction: re.Pattern
    mock_attack: re.Pattern
    figure_update: re.Pattern
    accident: re.Pattern
    other_state: re.Pattern
    third_party: re.Pattern
    coalition_ship: re.Pattern
    target_lead: re.Pattern
    target_passive: re.Pattern
    strike_object: re.Pattern
    fig_dead: re.Pattern
    fig_verb_bare: re.Pattern
    fig_verb_one: re.Pattern
    fig_toll: re.Pattern
    fig_of: re.Pattern
    discovery: re.Pattern
    weak_attack_noun: re.Pattern
    hostile_person: re.Pattern
    noun_compound_head: re.Pattern
    strike_compound: re.Pattern
    launch_noun: re.Pattern
    air_agent: re.Pattern
    modifier_head: re.Pattern
    weapon_hint: re.Pattern
    casualty_hint: re.Pattern


_QUANT = r"(?:(?:at least|more than|as many as|up to|nearly|almost|about|around|some|over|roughly|another|a further|a total of)\s+)?" \
         r"(?:a dozen|a number of|a handful of|a few|a couple of|a single|\d{1,3}(?:,\d{3})+|\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|" \
         r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|" \
         r"thirty|forty|fifty|a dozen|dozens|several|a number of|scores|hundreds|many|some|both|another)"


@lru_cache(maxsize=1)
def lexicon_patterns() -> Patterns:
    weapons = load_lexicon("weapons")
    trig = load_lexicon("triggers")
    cues = load_lexicon("cues")
    groups: dict[str, str] = {}
    parts = []
    entries = [(w, frag) for w, frags in weapons["types"].items() for frag in frags]
    entries.sort(key=lambda e: -len(e[1]))
    for n, (w, frag) in enumerate(entries):
        groups[f"w{n}"] = w
        parts.append(f"(?P<w{n}>{frag})")
    weapon = compile_lower(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w-])")
    target_types = {k.lower(): frozenset(v) for k, v in trig["target_nouns"].items()}
    person = alternation(cues["casualty_person"])
    # "U.S." and "U.K." are one word of the description ("four U.S. service members")
    # (never a number or a speech verb: "A monitor said 17 fighters were killed" is 17, not "a")
    adj = r"(?:(?!(?:said|says|told|reported|added|\d)\b)(?!\d)[\"'“”‘’]?[\w'’-]+(?:\.[\w'’-]+)*\.?[\"'“”‘’]?\s+){0,4}?"
    be = r"(?:(?:were|was|have been|had been|has been|had|have|has|are|is|been|being|got|reportedly|all|also|later|both)\s+){0,3}"
    adv = r"(?:\w+ly\s+)?"
    # "of their family", ", including seven children,", or both ("10 members of their family, including ...")
    of_part = (r"(?:\s+(?:of|from|in|with|on)\s+(?:(?!(?:and|or|but|were|was|had|have|has)\b)[\w'’\"“”-]+(?:\s+|(?=,))){0,6}?)?"
               r"(?:\s*,\s*(?:including|among them|most of them|all of them)\s+[^,;.]{0,50},)?")
    inj = alternation(cues["casualty_injured"])
    kil = alternation(cues["casualty_killed"])
    fig_person_injured = compile_lower(rf"(?<![\w-])(?P<q>{_QUANT})\s+{adj}(?P<p>{person})[\"'”’]?{of_part}\s*,?\s*{be}{adv}(?P<v>{inj})(?![\w-])")
    fig_person_killed = compile_lower(rf"(?<![\w-])(?P<q>{_QUANT})\s+{adj}(?P<p>{person})[\"'”’]?{of_part}\s*,?\s*{be}{adv}(?P<v>{kil})(?![\w-])")
    fig_verb_injured = compile_lower(rf"(?<![\w-])(?P<v>{alternation(cues['casualty_verb_first_injured'])})\s+(?:at least\s+|as many as\s+|more than\s+|up to\s+)?(?P<q>{_QUANT})\s+{adj}(?P<p>{person})(?![\w-])")
    fig_verb_killed = compile_lower(rf"(?<![\w-])(?P<v>{alternation(cues['casualty_verb_first_killed'])})\s+(?:at least\s+|as many as\s+|more than\s+|up to\s+)?(?P<q>{_QUANT})\s+{adj}(?P<p>{person})(?:\s+(?P<dead>dead|wounded|injured))?(?![\w-])")
    fig_pair = compile_lower(rf"(?<![\w-])(?P<q1>{_QUANT})\s+{adj}(?:{person})\s*(?:,|and|,\s*and)\s+(?P<q2>{_QUANT})\s+{adj}(?:{person})[\"'”’]?\s*,?\s*{be}{adv}(?P<v>{inj}|{kil})(?![\w-])")
    fig_pair_verb = compile_lower(rf"(?<![\w-])(?P<v>{alternation(cues['casualty_verb_first_killed'] + cues['casualty_verb_first_injured'])})\s+(?:at least\s+)?(?P<q1>{_QUANT})\s+{adj}(?:{person})\s*(?:,|and|,\s*and)\s+(?P<q2>{_QUANT})\s+{adj}(?:{person})(?![\w-])")
    fig_bare = compile_lower(rf"(?<![\w-])(?P<q>{_QUANT})\s+(?:(?:others|more)\s+)?(?:were|was|have been|had been)\s+{adv}(?P<v>{inj}|{kil})(?![\w-])")
    cap_word = r"(?:[A-Z][\w'’-]*|(?:al|el|ad|as|ash|an|at|ar|az)-[\w'’-]+)"
    cap_name = re.compile(rf"{cap_word}(?:\s+(?:(?:of|the|for|in|and)\s+){{0,2}}{cap_word}){{0,6}}")
    regions = cues["regions"]
    region_rx = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in sorted(regions, key=len, reverse=True)) + r")(?![\w-])")
    generic_groups = tuple((compile_lower(g["pattern"]), g["entity"]) for g in cues["generic_groups"])
    prefixes = alternation(trig["facility_name_prefixes"], literal=True)
    name_types = trig["facility_name_types"]
    facility_name = re.compile(
        r"(?P<name>(?:(?:[A-Z][\w'’]*|(?:al|el|ad|as|ash|at|an|ar)-[A-Z]?[\w'’]+)(?:[- ](?:al-)?[A-Z][\w'’]*){0,2}))\s+"
        r"(?P<type>(?i:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(name_types, key=len, reverse=True)) + r"))(?![\w-])")
    facility_prefix_name = re.compile(rf"(?<![\w-])(?P<prefix>{prefixes})\s+(?P<name>\d+|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)")
    agent_words = alternation(trig["state_agent_words"])
    stems = {k: frozenset(v) for k, v in load_lexicon("prefilters").items() if not k.startswith("_")}
    return Patterns(
        weapon=weapon,
        weapon_groups=groups,
        modifier_after=compile_lower(r"^\s*(?:and\s+(?:\w+[- ])?(?:" + "|".join(f for fs in weapons["types"].values() for f in fs) + r")\s+)?"
                                  + alternation(weapons["modifier_heads"]) + r"(?![\w-])"),
        negator_before=compile_lower(r"(?:" + "|".join(re.escape(n) for n in weapons["negators"]) + r")$"),
        attack_noun=_rx(trig["attack_nouns"]),
        attack_verb=_rx(trig["attack_verbs"]),
        impact_verb=_rx(trig["impact_verbs"]),
        intercept_verb=_rx(trig["intercept_verbs"]),
        strike_noun=_rx(trig["strike_nouns"]),
        strike_verb=_rx(trig["strike_verbs"]),
        agent_word=re.compile(r"(?<![\w-])" + agent_words + r"(?![\w])"),
        agent_exclusion=re.compile(r"^(?:" + "|".join(re.escape(e) for e in trig["state_agent_exclusions"]) + r")", re.IGNORECASE),
        target_noun=compile_lower(r"(?<![\w-])"
                               r"(?P<noun>" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(target_types, key=len, reverse=True)) + r")(?![\w-])"),
        target_types=target_types,
        force_target=_rx(trig["force_targets"]),
        facility_name=facility_name,
        facility_prefix_name=facility_prefix_name,
        facility_types={k.lower(): v for k, v in name_types.items()},
        facility_stop=frozenset(s.lower() for s in trig["facility_name_stopwords"]),
        claim=_rx(cues["claim"]),
        no_claim=_rx(cues["no_claim"]),
        claim_aggregate=_rx(cues["claim_aggregate"]),
        social=_rx(cues["channel_social"]),
        statement=_rx(cues["channel_statement"]),
        blame=_rx(cues["blame"]),
        blame_subject_verb=compile_lower(r"\s*(?:,\s*)?(?:(?:which|who)\s+)?(?:(?:\w+ly|also|have|has|had|reportedly|then|later|again|allegedly)\s+){0,3}" + alternation(cues["blame_subject_verbs"]) + r"(?![\w-])"),
        blame_territory=_rx(cues["blame_territory"]),
        speaker=_rx(cues["speakers"]),
        speech_verb=_rx(cues["speech_verbs"]),
        ret_response=_rx(cues["retaliation_response"]),
        ret_bare=_rx(cues["retaliation_bare"]),
        ret_vow=_rx(cues["retaliation_vow"]),
        ret_following=_rx(cues["retaliation_following"]),
        hypothetical=_rx(cues["hypothetical"]),
        aggregate=_rx(cues["aggregate"]),
        aggregate_subject=compile_lower("|".join(cues["aggregate_subjects"])),
        anaphora_singular=compile_lower("|".join(f"(?:{a})" for a in cues["anaphora_singular"])),
        anaphora_plural=_rx(cues["anaphora_plural"]),
        past=_rx(cues["past_markers"]),
        also=_rx(cues["also"]),
        person=person,
        fig_person_injured=fig_person_injured,
        fig_person_killed=fig_person_killed,
        fig_verb_injured=fig_verb_injured,
        fig_verb_killed=fig_verb_killed,
        fig_bare=fig_bare,
        fig_pair=fig_pair,
        fig_pair_verb=fig_pair_verb,
        no_casualties=_rx(cues["no_casualties"]),
        no_injuries=_rx(cues["no_injuries"]),
        no_deaths=_rx(cues["no_deaths"]),
        no_casualty_exclusion=compile_lower(alternation(cues["no_casualty_exclusions"]) + r"\s*$"),
        defensive=_rx(cues["defensive"]),
        country_adjective=re.compile(r"(?<![\w-])(?P<adj>" + "|".join(cues["country_adjectives"]) + r")(?![\w-])"),
        country_adjectives=dict(cues["country_adjectives"]),
        regions=region_rx,
        region_data=regions,
        generic_groups=generic_groups,
        group_anaphora=_rx(cues["group_anaphora"]),
        group_intro=compile_lower(alternation(cues["group_name_intro"]) + r"\s+(?:the\s+)?[\"“]?"),
        group_heads=frozenset(h.lower() for h in cues["group_name_heads"]),
        cap_name=cap_name,
        stems=stems,
        generic_statement=_rx(cues["generic_statements"]),
        non_attack=_rx(cues["non_attack"]),
        not_hostile=_rx(cues["not_hostile"]),
        correction=_rx(cues["correction"]),
        mock_attack=_rx(cues["mock_attack"]),
        figure_update=_rx(cues["figure_update"]),
        accident=_rx(cues["accident"]),
        other_state=_rx(cues["other_state_agents"]),
        third_party=_rx(cues["scope"]["third_party_targets"]),
        coalition_ship=_rx(cues["scope"]["coalition_ships"]),
        target_lead=compile_lower(cues["scope"]["target_lead"]),
        target_passive=compile_lower(cues["scope"]["target_passive"]),
        strike_object=compile_lower(r"\s+(?:(?:the|a|an|two|three|four|five|several|multiple|\w+)\s+)?(?:[\w'’-]+\s+){0,2}?"
                                    + alternation(trig["strike_target_objects"]) + r"(?![\w-])"),
        fig_dead=compile_lower(rf"(?<![\w-])(?P<q>{_QUANT})\s+(?:(?:people|persons|soldiers|troops|others|civilians)\s+)?(?P<v>dead|killed|wounded|injured)(?![\w-])"),
        # "lightly wounding its Iraqi driver", "killing the commander": one person, named by role
        fig_verb_one=compile_lower(rf"(?<![\w-])(?P<v>killing|wounding|injuring|killed|wounded|injured)\s+(?:its|his|her|their|the)\s+"
                                   rf"(?:[\w'’-]+\s+){{0,2}}?(?:{alternation(cues['casualty_person_singular'])})(?![\w'’-])"),
        fig_verb_bare=compile_lower(rf"(?<![\w-])(?P<v>killing|wounding|injuring|(?<=and )(?:killed|wounded|injured))\s+(?:at least\s+|as many as\s+|more than\s+|up to\s+|some\s+)?(?P<q>\d[\d,]*|{_QUANT})(?![\w-])(?!\s+(?:of|in)\b)"),
        fig_toll=compile_lower(r"(?P<k>death|injury|casualty)? ?toll (?:(?:from|of|in)\s+[^.;,]{0,50}?\s+)?(?:rose|climbed|rises|climbs|reached|reaches|stood at|stands at|has risen|had risen|increased)(?: to)?\s+(?:at least\s+)?(?P<q>\d{1,3}(?:,\d{3})+|\d+|\w+)"
                               r"|number of (?:the )?(?:people\s+|persons\s+|civilians\s+)?(?P<k2>dead|killed|wounded|injured|deaths|injuries|casualties)\s+(?:[\w'’.-]+\s+){0,9}?(?:rose|climbed|rises|climbs|reached|reaches|stood at|stands at|has risen|had risen|increased)(?: to)?\s+(?:at least\s+)?(?P<q2>\d{1,3}(?:,\d{3})+|\d+|\w+)"),
        # "led to the deaths of three US soldiers", "resulted in the injury of three servicemen"
        fig_of=compile_lower(rf"(?<![\w-])(?P<v>deaths?|killing|injur(?:y|ies)|wounding)\s+of\s+(?:at least\s+)?(?P<q>{_QUANT})\s+{adj}(?P<p>{person})(?![\w-])"),
        discovery=_rx(cues["discovery"]),
        weak_attack_noun=compile_lower(alternation(trig["weak_attack_nouns"])),
        hostile_person=_rx(cues["casualty_hostile"]),
        noun_compound_head=compile_lower(r"\s+" + alternation(trig["noun_compound_heads"]) + r"(?![\w-])"),
        strike_compound=compile_lower(r"\s+" + alternation(trig["strike_noun_compounds"]) + r"(?![\w-])"),
        launch_noun=compile_lower(r"\s+" + alternation(trig["launch_nouns"]) + r"(?![\w-])"),
        air_agent=_rx(trig["air_agent_heads"]),
        modifier_head=compile_lower(alternation(weapons["modifier_heads"])),
        weapon_hint=compile_lower("|".join(map(re.escape, weapons["hints"]))),
        casualty_hint=compile_lower("|".join(map(re.escape, cues["casualty_hints"]))),
    )


def _person_count(q: str) -> int | None:
    """How many people a quantity before a person noun counts: "a"/"another contractor" is one."""
    return 1 if q.lower() in ("a", "an", "another", "a single") else parse_number(q)


def slugify(text: str) -> str:
    """A lower-case ASCII slug: "Revenge of al-Muhandis Brigade" -> "revenge-of-al-muhandis-brigade"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


def _type_name(value) -> str:
    """Normalise a facility type (IRI, CURIE or name) to a lower-case key: ck:AirBase -> airbase."""
    if not value:
        return ""
    text = str(value)
    for sep in ("#", "/", ":"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return re.sub(r"[^a-z]", "", text.lower())


# --------------------------------------------------------------------------------------------
# Analysis
# --------------------------------------------------------------------------------------------

class SentenceAnalyzer:
    """Finds the facts of sentences of one article, using the gazetteer and the lexicon."""

    def __init__(self, gazetteer, text: str, offset: int = 0):
        self.gaz = gazetteer
        self.p = lexicon_patterns()
        self.article_text = text
        self._entity_cache: dict[str, object | None] = {}
        self.known: dict[str, object] = {}     # entities the article has named so far (for context aliases)

    # entities ---------------------------------------------------------------------------------
    def entity_hits(self, sentence_text: str) -> list[Hit]:
        hits: list[Hit] = []
        try:
            matches = self.gaz.find(sentence_text, known=tuple(self.known.values()))
        except TypeError:
            matches = self.gaz.find(sentence_text)
        except Exception:
            matches = []
        for m in matches:
            e = m.entity
            kind = getattr(e, "kind", None)
            if kind is None:
                continue
            try:
                ref = self.gaz.to_ref(e)
            except Exception:
                continue
            ftype = _type_name(getattr(e, "facility_type", None))
            alternatives = tuple(a for a in getattr(m, "alternatives", ()) if getattr(a, "kind", None) == "facility")
            region = self._region_of(e.label) if kind == "place" else None
            if region is not None:
                hits.append(region._replace_span(m.start, m.end, m.surface) if hasattr(region, "_replace_span") else
                            Hit(m.start, m.end, m.surface, region.ref, "region", country=region.country, region_places=region.region_places))
                continue
            hits.append(Hit(m.start, m.end, m.surface, ref, kind,
                            frozenset([ftype]) if ftype else frozenset(),
                            getattr(e, "province", None) or (e.iri if kind == "place" else None),
                            getattr(e, "country", None) or (e.iri if kind == "country" else None), e,
                            alternatives=alternatives))
            if kind in ("facility", "monitor", "media", "armed_group", "place", "government", "state_force"):
                self.known.setdefault(e.iri, e)
        # generic descriptors ("pro-Iran militia groups") the reference data may spell differently
        low = lower_text(sentence_text)
        for rx, label in (self.p.generic_groups if ("iran" in low or "tehran" in low) else ()):
            for m in rx.finditer(low):
                if any(h.start <= m.start() < h.end or m.start() <= h.start < m.end() for h in hits if h.kind in GROUP_KINDS):
                    continue
                e = self.lookup(label, GROUP_KINDS)
                ref = self.gaz.to_ref(e) if e is not None else EntityRef(f"actor/{slugify(label)}", label, "group_category")
                hits.append(Hit(m.start(), m.end(), sentence_text[m.start():m.end()], ref, ref.kind, entity=e))
        # regions ("western Iraq") cover several provinces
        regional = any(w in low for w in ("iraq", "syria", "jordan", "kurdistan"))
        for m in (self.p.regions.finditer(sentence_text) if regional else ()):
            if any(h.start <= m.start() and m.end() <= h.end for h in hits):
                continue
            data = self.p.region_data.get(m.group(0)) or next((v for k, v in self.p.region_data.items()
                                                               if k.lower() == m.group(0).lower()), None)
            if not data:
                continue
            country = self.lookup(data["country"], ("country",))
            places = frozenset(filter(None, (getattr(self.lookup(p, ("place",)), "iri", None) for p in data["places"])))
            if country is None:
                continue
            hits.append(Hit(m.start(), m.end(), m.group(0), self.gaz.to_ref(country), "region",
                            country=country.iri, entity=None, region_places=places))
        # "Iran-backed", "US-led": a country in a compound adjective is not a location
        hits = [h for h in hits if not (h.kind in ("country", "place", "state_force")
                                        and re.match(r"-(?:backed|aligned|allied|linked|supported|sponsored|affiliated|funded|led|based|made|trained|designated|run)\b",
                                                     sentence_text[h.end:h.end + 14]))]
        if any(w in low for w in _FACILITY_WORDS):
            hits.extend(self._new_facilities(sentence_text, hits))
        hits.sort(key=lambda h: (h.start, -h.end))
        # drop hits nested in a longer one ("Iraq" inside "Islamic Resistance in Iraq")
        kept: list[Hit] = []
        for h in hits:
            if any(k.start <= h.start and h.end <= k.end and (k.end - k.start) > (h.end - h.start) for k in kept):
                continue
            kept.append(h)
        return kept

    def _region_of(self, label: str) -> Hit | None:
        """A place the lexicon knows as a region spanning provinces ("Kurdistan Region")."""
        data = next((v for k, v in self.p.region_data.items() if k.lower() == label.lower()), None)
        if not data:
            return None
        country = self.lookup(data["country"], ("country",))
        if country is None:
            return None
        places = frozenset(filter(None, (getattr(self.lookup(p, ("place",)), "iri", None) for p in data["places"])))
        return Hit(0, 0, label, self.gaz.to_ref(country), "region", country=country.iri, region_places=places)

    def lookup(self, name: str, kinds=None):
        key = f"{name}|{kinds}"
        if key not in self._entity_cache:
            try:
                self._entity_cache[key] = self.gaz.lookup(name, kinds)
            except Exception:
                self._entity_cache[key] = None
        return self._entity_cache[key]

    def _new_facilities(self, text: str, known: list[Hit]) -> list[Hit]:
        """Named facilities the reference data lacks: "the Harir base", "Camp Taji", "Tower 22"."""
        out: list[Hit] = []
        p = self.p

        def overlaps(a, b):
            return any(not (b <= h.start or a >= h.end) for h in known + out)

        for m in p.facility_prefix_name.finditer(text):
            a, b = m.start(), m.end()
            if overlaps(a, b):
                continue
            label = f"{m.group('prefix')} {m.group('name')}"
            out.append(self._new_facility_hit(a, b, label, "base"))
        for m in p.facility_name.finditer(text):
            name = re.sub(r"['’]s$", "", m.group("name"))      # "Kabul's airport" is Kabul airport
            a, b = m.start("name"), m.end()
            pm = re.match(r"([A-Z][\w-]*)['’]s\s+(?=[A-Z])", name)
            if pm and self.lookup(pm.group(1), ("country", "place")) is not None:
                # "Yemen's Ras Isa fuel port": the country's, named Ras Isa
                name, a = name[pm.end():], a + pm.end()
            first = name.split()[0].split("-")[0]
            if first.lower() in p.facility_stop or name.lower() in p.facility_stop:
                continue
            if not (name[0].isupper() or name[:3].lower() in ("al-", "el-")):
                continue
            if overlaps(a, b):
                continue
            # a country or place name before the type word is a description ("Iraq base"), not a name
            if self.lookup(name, ("country", "place", "armed_group", "group_category", "state_force")) is not None:
                continue
            type_word = " ".join(m.group("type").lower().split())
            label = f"{name} {p.facility_types.get(type_word, type_word.title())}"
            out.append(self._new_facility_hit(a, b, label, type_word))
        self._facilities_in_places(text, known, out)
        return out

    def _facilities_in_places(self, text: str, known: list[Hit], out: list[Hit]) -> None:
        """"the American base in al-Malikiyah": a base named by a town the reference data lacks
        (a known place is left to the facility inference, which knows its bases)."""
        for m in _BASE_IN_NAME.finditer(text):
            a, b = m.start(), m.end()
            if any(not (b <= h.start or a >= h.end) for h in known + out):
                continue
            name = m.group("name")
            if name.split()[0].split("-")[0].lower() in self.p.facility_stop or \
                    self.lookup(name, ("country", "place", "armed_group", "group_category", "state_force", "facility")) is not None:
                continue
            if find_dates(name)[0]:
                continue
            name = name[0].upper() + name[1:]
            type_word = " ".join(m.group("type").lower().split())
            label = f"{name} {self.p.facility_types.get(type_word, type_word.title())}"
            out.append(self._new_facility_hit(a, b, label, type_word))

    def _new_facility_hit(self, a: int, b: int, label: str, type_word: str) -> Hit:
        existing = self.lookup(label, ("facility",))
        if existing is not None:
            ref = self.gaz.to_ref(existing)
            ftype = _type_name(getattr(existing, "facility_type", None))
            return Hit(a, b, label, ref, "facility", frozenset([ftype]) if ftype else frozenset(),
                       getattr(existing, "province", None), getattr(existing, "country", None), existing)
        types = self.p.target_types.get(type_word, frozenset(["*"]))
        ref = EntityRef(key=f"facility/{slugify(label)}", label=label, kind="facility")
        return Hit(a, b, label, ref, "facility", frozenset(t for t in types if t != "*"), None, None, None)

    # the whole sentence -----------------------------------------------------------------------
    def analyze(self, sentence: Sentence, deep: bool | None = None) -> SentenceFacts:
        text = sentence.text
        facts = SentenceFacts(sentence=sentence, text=text, low=lower_text(text))
        p = self.p
        facts.entities = self.entity_hits(text)
        facts.dates, facts.invalid_dates = find_dates(text)
        dm = _DATELINE.match(text)
        if dm:
            # "AMMAN/WASHINGTON, Jan 29 (Reuters) -": where and when the report was filed, not
            # where or when the incident happened
            facts.entities = [h for h in facts.entities if h.start >= dm.end()]
            facts.dates = [d for d in facts.dates if d.start >= dm.end()]
        for h in facts.entities:
            if h.kind == "facility":
                facts.facilities.append(h)
            elif h.kind == "place" or h.kind == "region":
                facts.places.append(h)
            elif h.kind == "country":
                if _BORDER_WITH.search(text, max(0, h.start - 45), h.start):
                    continue    # "near the Syrian border with Iraq and Turkey": a neighbour, not the place
                if _ACTOR_POSSESSIVE.match(text, h.end):
                    continue    # "groups linked to Iran's Revolutionary Guard": whose, not where
                facts.countries.append(h)
            elif h.kind in GROUP_KINDS:
                facts.groups.append(h)
        words = _WORD.findall(facts.low)
        # the lexicon's stems are prefixes of three to five letters (or whole short words)
        stems = {w[:n] for w in words for n in (3, 4, 5)} | set(words)

        def has(step: str) -> bool:
            return not stems.isdisjoint(p.stems[step])

        if deep is None:
            deep = has("deep")
        if not deep:
            return facts
        self._speakers(facts)
        self._weapons(facts)
        self._targets(facts)
        self._triggers(facts)
        if has("strikes"):
            self._strikes(facts)
        self._figures(facts)
        if len(facts.facilities) > 1:
            self._site_counts(facts)
        if has("claims"):
            self._claims(facts)
        if facts.groups or has("blames"):
            self._blames(facts)
        if has("retaliation"):
            self._retaliation(facts)
        self._flags(facts)
        return facts

    def _speakers(self, f: SentenceFacts) -> None:
        text, low = f.text, f.low
        speech = [(m.start(), m.end()) for m in self.p.speech_verb.finditer(low)]

        def speaks(a: int, b: int) -> bool:
            # "X said", "X, which ..., said", "according to X", "said X"
            for s, e in speech:
                if b <= s <= b + 70 and not re.search(r"[;.]", text[b:s]):
                    return True
                if e <= a and a - e <= 30 and re.fullmatch(r"\s*(?:(?:the|a|an|[\w-]+-based|[\w-]+-run|state|local|british|us)\s+)*",
                                                            text[e:a], re.I):
                    return True
            return False

        for h in f.entities:
            if re.search(r"\b(?:on|at|against|in|of|to|for|with|by|targeting|toward|towards|from|housing|hosting)\s+(?:the\s+)?$",
                         text[max(0, h.start - 20):h.start], re.I):
                continue
            if (h.kind in SPEAKER_KINDS or h.kind == "armed_group") and speaks(h.start, h.end):
                f.speakers.append((h.start, h.end, h.ref.label, h.ref))
        for m in self.p.speaker.finditer(low):
            covered = [s for s in f.speakers if m.start() <= s[0] and s[1] <= m.end()]
            if covered and (m.end() - m.start()) > (covered[0][1] - covered[0][0]):
                # "US officials": the words say who spoke, the entity says for whom
                f.speakers = [s for s in f.speakers if s is not covered[0]]
                f.speakers.append((m.start(), m.end(), text[m.start():m.end()], covered[0][3]))
                continue
            if any(s[0] <= m.start() < s[1] for s in f.speakers):
                continue
            if speaks(m.start(), m.end()):
                f.speakers.append((m.start(), m.end(), text[m.start():m.end()], None))
        f.speakers.sort(key=lambda s: s[0])

    def _weapons(self, f: SentenceFacts) -> None:
        p = self.p
        text, low = f.text, f.low
        if not p.weapon_hint.search(low):
            return
        for m in p.weapon.finditer(low):
            weapon = next(p.weapon_groups[k] for k, v in m.groupdict().items() if v is not None)
            a, b = m.start(), m.end()
            before = low[max(0, a - 12):a]
            if p.negator_before.search(before):
                continue
            word = m.group(0).lower()
            if weapon == "ied" and word in ("bomb", "bombs") and re.match(r"\s+(?:\w+\s+)?(?:fell|fall|falling|dropped|rained|rain)\b", low[b:b + 25]):
                weapon = "airstrike"        # "when the first bombs fell": dropped from the air
            if weapon == "mortar" and word.startswith("shell") and re.search(r"(?:shell|egg)\s+(?:company|companies|game)", text[a:b + 12], re.I):
                continue
            after = low[b:b + 60]
            modifier = bool(p.modifier_after.match(after))
            # "rocket and drone attacks": every weapon in the pair modifies the noun after it
            if not modifier and re.match(r"\s*(?:and|or|,)\s+[\w-]+\s+", after):
                nxt = re.match(r"\s*(?:and|or|,)\s+([\w-]+)\s+(\w+)", after)
                if nxt and p.weapon.fullmatch(nxt.group(1)) and p.modifier_head.fullmatch(nxt.group(2)):
                    modifier = True
            if weapon == "airstrike":
                modifier = False
            definite = bool(re.search(r"(?:\bthe|\bthese|\bthose|\bits|\btheir|\bboth)\s+(?:[\w'’-]+\s+){0,2}$", text[max(0, a - 40):a], re.I)) \
                and not re.search(r"\b(?:of|for) the\s+$", text[max(0, a - 12):a], re.I) or False
            count = None
            quantity = None
            partitive = False
            q = find_quantity_before(text, a)
            if q is not None and re.fullmatch(r"(?:19|20)\d\d", q[2]):
                q = None        # "the 2021 suicide bombing": a year, not a count
            if q is not None:
                quantity = q[2]
                qlow = quantity.lower()
                if qlow in ("a", "an"):
                    count = None if modifier else 1
                    # "a drone attack": the drone only names the attack
                else:
                    count = parse_number(quantity)
                definite = False
            # "one of the rockets"
            pm = re.search(r"(?<![\w-])(\w+(?:\s+\w+)?)\s+of\s+(?:the|these|those)\s+(?:[\w-]+\s+){0,2}$", text[max(0, a - 40):a], re.I)
            if pm and parse_number(pm.group(1)) is not None:
                partitive = True
                count = parse_number(pm.group(1))
                definite = True
            elif pm and re.search(r"(?<![\w-])(?:some|most|several|many|all|none|part|a few|others|a number|the rest|each|any)$", pm.group(1), re.I):
                partitive = True    # "some of the rockets": the rockets told before, not a new count
                count = None
                definite = True
            ordinal = False
            om = re.search(r"\b(?:a|the)\s+(first|second|third|fourth|fifth)\s+(?:[\w'’-]+\s+)?$", low[max(0, a - 25):a])
            if om and not modifier:
                count = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}[om.group(1)]
                quantity = om.group(0).strip()
                definite = False
                ordinal = True
            # "two salvoes of rockets": the number counts salvoes, not rockets
            if re.search(r"(?:salvoe?s?|barrages?|volleys?|waves?|swarms?|rounds)\s+of\s+$", text[max(0, a - 20):a], re.I):
                count = None
                quantity = None
            if modifier and quantity and quantity.lower() not in ("a", "an"):
                # "two rocket attacks" counts attacks, not rockets
                count = None
            plural = word.endswith("s") and not word.endswith(("ss", "fire", "gunmen")) or word in ("gunmen",)
            f.weapons.append(WeaponHit(weapon, a, b, count, modifier, definite, quantity, None, partitive, plural, ordinal))
        # interceptions: "shot down 4 drones", "one of the rockets was diverted", "intercepted two of three drones"
        for m in p.intercept_verb.finditer(low):
            if m.group(0) == "down" and re.search(r"\b(?:came|come|comes|coming)\s+$", low[max(0, m.start() - 8):m.start()]):
                continue    # "22 missiles came down in the country": they landed, none was downed
            tail = text[m.end():m.end() + 70]
            target = None
            for w in f.weapons:
                if m.end() <= w.start <= m.end() + 70 and not re.search(r"[.;]", text[m.end():w.start]):
                    target = w
                    break
            if target is None:
                for w in reversed(f.weapons):
                    if m.start() - 90 <= w.end <= m.start() and not re.search(r"[;]", text[w.end:m.start()]):
                        target = w
                        break
            if target is None:
                continue
            n = target.count
            im = re.match(r"\s*(?:yesterday\s+|today\s+|on \w+\s+)?(?P<q>[\w,-]+(?:\s+\w+)?)\s+of\s+(?:the\s+)?", tail)
            if im and parse_number(im.group("q")) is not None:
                n = parse_number(im.group("q"))
            idx = f.weapons.index(target)
            f.weapons[idx] = WeaponHit(**{**target.__dict__, "intercepted": n if n is not None else None})
            f.triggers.append(Trigger(m.start(), m.end(), m.group(0), "intercept"))

    def _targets(self, f: SentenceFacts) -> None:
        p = self.p
        text = f.text
        low = f.low
        for m in p.target_noun.finditer(low):
            noun = " ".join(m.group("noun").lower().split())
            a, b = m.start("noun"), m.end()
            # a named facility already covers it ("the Ain al-Asad air base")
            if any(h.start <= a < h.end for h in f.facilities):
                continue
            # the determiner and modifiers just before the noun: "an Iraqi airbase", "the oil field",
            # "another facility"; stop at words that end a noun phrase
            det, mods = "", []
            for w in reversed(re.findall(r"[\w'’-]+", text[max(0, a - 60):a])[-4:]):
                lw = w.lower()
                if lw in ("the", "a", "an", "another", "its", "their", "this", "that", "one", "two", "three", "several", "other"):
                    det = lw
                    break
                if lw in ("said", "says", "was", "were", "is", "are", "has", "have", "had", "and", "or", "of", "to", "from", "at",
                          "on", "in", "by", "with", "for", "near", "targeting", "hit", "struck", "attacked", "inside", "outside"):
                    break
                mods.insert(0, w)
            start = a
            if det:
                start = text.rfind(det if text[max(0, a - 60):a].find(det) >= 0 else det.capitalize(), max(0, a - 60), a)
                start = start if start >= 0 else a
            types = p.target_types.get(noun, frozenset(["*"]))
            plural = (noun.endswith("s") and noun not in ("headquarters", "gas")) or det in ("two", "three", "several")
            country = None
            mod_text = " ".join(mods)
            cm = p.country_adjective.search(mod_text) if mods else None
            if cm:
                c = self.lookup(p.country_adjectives[cm.group("adj")], ("country",))
                country = getattr(c, "iri", None)
            f.targets.append(TargetHit(start, b, noun, types, det in ("the", "its", "their", "this", "that"), plural,
                                       det == "another" or det == "other", country))
        for m in p.force_target.finditer(low):
            f.targets.append(TargetHit(m.start(), m.end(), m.group(0), frozenset(["*"]), False, True, False, force=True))
        # a US or allied warship is US or coalition forces, when the words make it the target ("fired
        # missiles at a US destroyer", "the USS Carney came under attack"), not when it is the doer
        # ("a US destroyer shot down three missiles")
        for m in (p.coalition_ship.finditer(low) if _SHIP_HINT.search(low) else ()):
            a, b = m.start(), m.end()
            if any(t.force and not (b <= t.start or a >= t.end) for t in f.targets):
                continue
            if p.other_state.search(low, max(0, a - 25), a):
                continue        # "an Israeli warship", "Iranian vessels"
            if p.target_lead.search(low, max(0, a - 70), a) or p.target_passive.match(low, b):
                f.targets.append(TargetHit(a, b, m.group(0), frozenset(["*"]), False, True, False, force=True))
        f.targets.sort(key=lambda t: t.start)

    def _triggers(self, f: SentenceFacts) -> None:
        p = self.p
        weapon_spans = [(w.start, w.end) for w in f.weapons if w.weapon != "gunfire"]
        for m in p.attack_noun.finditer(f.low):
            if any(a <= m.start() < b for a, b in weapon_spans):
                continue        # "one-way attack drones": part of the weapon's name
            weak = bool(p.weak_attack_noun.fullmatch(m.group(0)))
            if weak and p.noun_compound_head.match(f.low, m.end()):
                continue        # "the Guards' foreign operations arm": a noun modifying another
            f.triggers.append(Trigger(m.start(), m.end(), m.group(0), "weak_noun" if weak else "attack_noun"))
        for m in p.attack_verb.finditer(f.low):
            if any(t.start <= m.start() < t.end for t in f.triggers) or any(a <= m.start() < b for a, b in weapon_spans):
                continue
            if m.group(0).startswith("launch") and p.launch_noun.match(f.low, m.end()):
                continue        # "a launch platform", "drone launch sites"
            if m.group(0) in ("launches", "strikes", "attacks") and re.search(
                    r"(?:\b(?:the|these|those|its|their|of|missile|rocket|drone)|\w+['’]s)\s+$", f.low[max(0, m.start() - 12):m.start()]):
                continue        # "after news of the missile launches": the noun, not the verb
            if m.group(0) == "targets" and re.search(r"(?:\d|\b(?:several|many|multiple|dozens of|the|militia|military|its|their|other)|"
                                                      r"\b(?:two|three|four|five|six|seven|eight|nine|ten))\s+(?:[\w-]+\s+)?$",
                                                      f.low[max(0, m.start() - 25):m.start()]):
                continue        # "struck 85 targets": the noun, not the verb
            if re.match(r"\s+back\b", f.low[m.end():m.end() + 6]) and m.group(0).startswith(("fell", "fall", "came", "come")):
                continue        # "prices jumped before falling back": no impact
            role = "impact" if p.impact_verb.fullmatch(m.group(0)) else "attack_verb"
            f.triggers.append(Trigger(m.start(), m.end(), m.group(0), role))
        for w in f.weapons:
            if w.weapon in ("gunfire", "airstrike") or w.modifier:
                continue
            # "a drone wounded three US troops at Erbil air base": the weapon's harm tells the attack
            hm = _WEAPON_HARM.match(f.low, w.end)
            if hm and not any(t.start <= hm.start("v") < t.end for t in f.triggers):
                f.triggers.append(Trigger(hm.start("v"), hm.end("v"), hm.group("v"), "impact"))
        f.triggers.sort(key=lambda t: t.start)

    def agent_before(self, text: str, pos: int, window: int = 70) -> EntityRef | None:
        """A state force named as the doer just before ``pos`` ("the US carried out", "US airstrikes")."""
        seg_start = max(0, pos - window)
        seg = text[seg_start:pos]
        # stop at a clause boundary
        cut = max(seg.rfind(";"), seg.rfind(" that "), seg.rfind(" which "), seg.rfind(" after "), seg.rfind(" as "),
                  seg.rfind(" when "), seg.rfind(" while "))
        if cut >= 0:
            seg_start += cut + 1
            seg = text[seg_start:pos]
        best = None
        for m in self.p.agent_word.finditer(seg):
            after = text[seg_start + m.end():seg_start + m.end() + 14]
            if self.p.agent_exclusion.match(after):
                continue
            if _TARGET_BEFORE.search(seg[:m.start()]):
                continue        # "on US forces", "against American troops": the US is the target there
            between = seg[m.end():]
            if re.search(r"\b(?:said|says|told|reported|according)\b", between, re.I):
                continue
            if _NOT_DOER_POSSESSIVE.match(between):
                continue        # "weeks into Joe Biden's presidency, 14 rockets struck": whose, not who
            if "," in between and self.p.weapon.search(lower_text(between[between.rfind(","):])):
                continue        # "..., 14 rockets struck": the weapons are the subject
            best = m
        if best is None:
            return None
        return self.state_ref(best.group(0))

    def agent_of_noun(self, text: str, pos: int) -> EntityRef | None:
        """The US or the coalition as the doer of the strike noun at ``pos``: in the noun phrase
        ("a US strike", "deadly United States airstrikes", "the US military's raids") or as the
        subject of a verb of doing ("the US military carried out dozens of strikes")."""
        seg_start = max(0, pos - 90)
        seg = text[seg_start:pos]
        best = None
        for m in self.p.agent_word.finditer(seg):
            after = text[seg_start + m.end():seg_start + m.end() + 14]
            if self.p.agent_exclusion.match(after):
                continue
            if _TARGET_BEFORE.search(seg[:m.start()]):
                continue
            between = seg[m.end():]
            if _NOUN_PHRASE_GAP.fullmatch(between) or _DOER_GAP.fullmatch(between):
                best = m
        if best is None:
            return None
        return self.state_ref(best.group(0))

    def state_ref(self, word: str) -> EntityRef | None:
        low = word.lower().replace(".", "")
        if low in ("coalition", "us-led coalition", "us-led coalition"):
            e = self.lookup("coalition", ("state_force",)) or self.lookup("US-led coalition", ("state_force",))
        elif low in ("israeli", "israel"):
            e = self.lookup("Israel Defense Forces", ("state_force",)) or self.lookup("Israel", ("state_force", "government", "country"))
        elif low in ("jordanian", "turkish", "british", "uk", "french"):
            e = self.lookup(word, ("state_force", "government"))
        else:
            e = self.lookup("United States military", ("state_force",)) or self.lookup("US military", ("state_force",)) \
                or self.lookup("United States", ("state_force", "government", "country"))
        if e is not None:
            try:
                return self.gaz.to_ref(e)
            except Exception:
                pass
        label = "United States" if low in ("us", "united states", "american", "america", "pentagon", "centcom", "central command", "washington") else word
        return EntityRef(key=f"actor/{slugify(label)}", label=label, kind="state_force")

    def _strikes(self, f: SentenceFacts) -> None:
        p = self.p
        text = f.text
        low = f.low
        for m in p.strike_noun.finditer(low):
            a, b = m.start(), m.end()
            noun = m.group(0).lower()
            if p.strike_compound.match(low, b):
                continue            # "the new American bombing campaign", "strike options": no one strike
            agent = self.agent_of_noun(text, a)
            if self.p.other_state.search(low[max(0, a - 25):a]) and not (agent is not None and
                                                                         self.p.agent_word.search(text[max(0, a - 25):a])):
                continue            # "an Israeli air strike on a building in Damascus": another state's
            # "strikes by US forces", "a drone strike ordered by President Trump"
            if agent is None:
                bm = re.match(r"\s+(?:carried out |conducted |launched |ordered |authori[sz]ed )?by\s+(?:the\s+)?(?:President\s+(?:[A-Z]\w+\s+)?)?",
                              text[b:b + 45], re.I)
                if bm:
                    am = p.agent_word.match(text, b + bm.end())
                    if am and not p.agent_exclusion.match(text[am.end():am.end() + 14]):
                        agent = self.state_ref(am.group(0))
            definite_ref = bool(re.search(r"\b(?:the|these|those)\s+(?:[\"“”'‘’\w-]+\s+){0,3}[\"“”'‘’]?$", text[max(0, a - 45):a], re.I)) \
                and not noun.startswith(("operation", "counter", "bombing", "drone", "rocket", "missile")) \
                and not re.search(r"\b(?:drone|rocket|missile|mortar)\s+$", low[max(0, a - 10):a])
            if agent is None and not (noun.startswith("air") and "raid" not in noun and "airport" not in noun) and not definite_ref:
                continue
            if noun.startswith(("operation", "bombing", "counter")) and agent is None:
                continue
            weapon = "drone" if "drone" in noun else ("airstrike" if ("strike" in noun or "air" in noun or "bomb" in noun) else None)
            if weapon == "airstrike" and re.search(r"\bdrone\s+$", text[max(0, a - 8):a], re.I):
                weapon = "drone"
            dm = re.search(r"\b(?:the|these|those|that|this|last\s+\w+'s)\s+((?:[\w'’.-]+\s+){0,3})$", text[max(0, a - 50):a], re.I)
            definite = bool(dm) and not re.search(r"(?:ed|ing|s)\b", dm.group(1).replace("US ", "").replace("U.S. ", ""), re.I) \
                and not re.search(r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|dozens|several)\s+(?:[\w'’-]+\s+){0,2}$", text[max(0, a - 30):a], re.I)
            count = None
            q = find_quantity_before(text, a, max_gap_words=2)
            if q and q[2].lower() not in ("a", "an"):
                count = parse_number(q[2])
            f.strikes.append(StrikeHit(a, b, m.group(0), agent, weapon, definite or definite_ref, count,
                                       noun.endswith("s") and not noun.endswith("ss")))
        # "the US struck ...", "US forces bombed ..."
        for m in p.strike_verb.finditer(low):
            if any(s.start <= m.start() <= s.end + 40 for s in f.strikes):
                continue
            verb = m.group(0).lower()
            if verb in ("killed", "hit", "hits", "targeted", "targets", "destroyed", "launched", "launches", "carried out",
                        "carries out", "carry out", "conducted", "conducts", "striking", "bombing", "engaged", "engaging", "hitting"):
                # only with a strike noun after, which the loop above handles, or an armed group as object
                struck_thing = bool(self.p.strike_object.match(low, m.end())) and verb not in ("killed",)
                if not (any(m.end() <= g.start <= m.end() + 40 for g in f.groups) or struck_thing) \
                        or verb in ("launched", "carried out", "conducted", "launches", "carries out", "carry out", "conducts"):
                    continue
            if re.search(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", low[max(0, m.start() - 20):m.start()]):
                continue        # "was hit by rockets": the base is hit, no one strikes
            agent = self.agent_before(text, m.start(), window=50)
            if agent is None:
                # "A US AC-130 gunship that was already in the air responded within minutes by
                # striking a vehicle": the doer of "responded by" is the doer of the strike
                rb = re.search(r"\b(?:responded|retaliated|answered|hit back|struck back)\b[^.;]{0,40}?\bby\s+$", low[max(0, m.start() - 70):m.start()])
                if rb:
                    at = max(0, m.start() - 70) + rb.start()
                    for am in self.p.agent_word.finditer(text, max(0, at - 90), at):
                        if self.p.agent_exclusion.match(text[am.end():am.end() + 14]) or \
                                re.search(r"(?:on|at|against|targeting|with|of)\s+(?:the\s+)?$", text[max(0, am.start() - 12):am.start()], re.I):
                            continue
                        agent = self.state_ref(am.group(0))     # the subject: the first doer named
                        break
            if agent is None:
                continue
            weapon = "airstrike" if verb in ("bombed", "striking", "bombing", "hitting", "bombs", "pounded", "struck", "strikes", "hit", "hits", "targeted",
                                             "targets") else None
            if verb.startswith("shell"):
                weapon = None       # artillery, not a weapon type of the scheme
            if weapon is None and self.p.air_agent.search(low[max(0, m.start() - 40):m.start()]):
                weapon = "airstrike"
            if re.search(r"\bdrones?\s+$", low[max(0, m.start() - 12):m.start()]):
                weapon = "drone"        # "a US drone struck the convoy"
            f.strikes.append(StrikeHit(m.start(), m.end(), m.group(0), agent, weapon, False))
        # "militants were killed when U.S. forces responded to the rocket attacks": the response is a strike
        for m in _ANSWERED.finditer(low):
            if any(s.start <= m.start() <= s.end + 40 or m.start() <= s.start <= m.end() + 40 for s in f.strikes):
                continue
            if not re.search(r"\b(?:forces|troops|military|jets|aircraft|warplanes|helicopters|gunships|drones|u\.?s\.?|us|american|"
                             r"coalition)\s+$", low[max(0, m.start() - 30):m.start()]):
                continue        # the military doer itself ("US forces responded"), not "the Pentagon responded to questions"
            agent = self.agent_before(text, m.start(), window=35)
            if agent is not None:
                f.strikes.append(StrikeHit(m.start(), m.end("v"), m.group("v"), agent, None, False))
        f.strikes.sort(key=lambda s: s.start)

    def _figures(self, f: SentenceFacts) -> None:
        p = self.p
        text = f.low        # the patterns are lower case; offsets are the sentence's
        if not p.casualty_hint.search(text):
            return
        taken: list[tuple[int, int]] = []

        def add(kind: str, value: int | None, a: int, b: int) -> None:
            if value is None or any(not (b <= s or a >= e) for s, e in taken):
                return
            if kind == "killed" and re.search(r"died$", text[a:b]) and \
                    re.match(r"\s*(?:of|from)\s+(?:a\s+|an\s+)?(?!wounds|injuries|his|her|their)", text[b:b + 20]):
                return      # "died of a cardiac arrest": not killed in the attack
            if value > 0 and re.search(r"\bno\s*$", text[max(0, a - 4):a], re.I):
                return      # "No one was hurt" is a zero, found below
            taken.append((a, b))
            f.figures.append(FigureHit(kind, value, a, b, bool(p.hostile_person.search(text, a, b)) and not _PARTNER.search(text, a, b),
                                       friendly=bool(_FRIENDLY_PERSON.search(text, a, b))))

        # "killed Abu X, a senior commander, and two other men", "was killed along with Y and
        # eight other people": a named person and a number of others
        if "kill" in text and ("other" in text or "along with" in text or "together with" in text):
            for rx, extra in ((_KILLED_NAMED_AND, 1), (_KILLED_ALONG_WITH, 1)):
                for m in rx.finditer(f.text):
                    n = parse_number(m.group("q") or m.group("q2"))
                    if n is None or n > 5000:
                        continue
                    named = 1 if m.groupdict().get("name2") else 0
                    add("killed", n + extra + named, m.start(), m.end())
        for rx, kind in ((p.fig_pair, None), (p.fig_pair_verb, None)):
            for m in rx.finditer(text):
                if re.search(r"\b(?:including|among them|most of them|all of them)\s+$", text[max(0, m.start() - 25):m.start()]):
                    continue    # "53 people, among them five children and two women, were killed": part of the 53
                v1, v2 = _person_count(m.group("q1")), _person_count(m.group("q2"))
                if v1 is None or v2 is None:
                    continue
                k = "killed" if re.match(r"kill|dead|died|slain|perish|martyr|lost", m.group("v"), re.I) else "injured"
                add(k, v1 + v2, m.start(), m.end())
        for rx, kind in ((p.fig_person_killed, "killed"), (p.fig_person_injured, "injured")):
            for m in rx.finditer(text):
                q = m.group("q")
                if re.search(r"\bof\s*$", text[max(0, m.start() - 4):m.start()]):
                    continue
                value = parse_number(q)
                if q.lower() in ("a", "an", "another"):
                    value = 1
                if value is None or value > 5000:
                    continue
                add(kind, value, m.start(), m.end())
        for rx, kind in ((p.fig_verb_killed, "killed"), (p.fig_verb_injured, "injured")):
            for m in rx.finditer(text):
                if m.group("v") in ("left", "leaving") and kind == "injured" and \
                        not re.match(r"[^.;]{0,30}?\b(?:with|wounded|injured|hurt|injuries)\b", text[m.end():m.end() + 40]):
                    continue
                if m.group("v") in ("left", "leaving") and kind == "killed" and \
                        re.match(r"\s*(?:with\b|wounded|injured|hurt)", text[m.end():m.end() + 20]):
                    continue        # "leaving two soldiers with minor injuries"
                value = parse_number(m.group("q"))
                if m.group("q").lower() in ("a", "an", "another"):
                    value = 1
                k = kind
                if kind == "killed" and (m.groupdict().get("dead") or "").lower() in ("wounded", "injured"):
                    k = "injured"
                add(k, value, m.start(), m.end())
        for m in p.fig_verb_one.finditer(text):
            if re.search(r"\b(?:was|were|been|is|are)\s+$", text[max(0, m.start() - 12):m.start()]):
                continue        # "the commander was killed": a passive, found with its subject
            v = m.group("v")
            add("killed" if v.startswith("kill") else "injured", 1, m.start(), m.end())
        for m in p.fig_toll.finditer(text):
            k = (m.group("k") or m.group("k2") or "death")
            add("injured" if k.startswith(("injur", "wound")) else "killed", parse_number(m.group("q") or m.group("q2")),
                m.start(), m.end())
        for m in p.fig_of.finditer(text):
            add("killed" if m.group("v").startswith(("death", "kill")) else "injured", _person_count(m.group("q")), m.start(), m.end())
        for m in p.fig_verb_bare.finditer(text):
            v = m.group("v")
            add("killed" if v in ("killing", "killed") else "injured", parse_number(m.group("q")), m.start(), m.end())
        for m in p.fig_dead.finditer(text):
            v = m.group("v")
            if m.group("q") in ("a", "an", "one", "some", "many", "several"):
                continue
            add("killed" if v in ("dead", "killed") else "injured", parse_number(m.group("q")), m.start(), m.end())
        for m in p.fig_bare.finditer(text):
            v = m.group("v").lower()
            kind = "killed" if re.match(r"kill|dead|died|slain|perish|martyr|lost", v) else "injured"
            value = parse_number(m.group("q"))
            if m.group("q").lower() in ("a", "an", "some", "many", "several", "both"):
                continue
            add(kind, value, m.start(), m.end())
        # "no casualties", "caused no injuries", "no one was hurt"
        for rx, kinds in ((p.no_casualties, ("injured", "killed")), (p.no_injuries, ("injured",)), (p.no_deaths, ("killed",))):
            for m in rx.finditer(text):
                if p.no_casualty_exclusion.search(text[max(0, m.start() - 40):m.start()]) or \
                        re.match(r"\s*(?:were|was)\s+(?:immediately\s+(?:reported|known)|(?:yet\s+)?(?:known|clear|available))", text[m.end():m.end() + 30]) or \
                        re.search(r"(?:reports?|word|information|details)\s+(?:of|on|about)\s*$", text[max(0, m.start() - 30):m.start()], re.I) or \
                        re.match(r"\s+(?:reports?|word)\b", text[m.end():m.end() + 10]):
                    continue
                if re.search(r"\bno (?:immediate )?reports? of\b", m.group(0), re.I):
                    continue
                for kind in kinds:
                    if not any(x.figure == kind and x.start <= m.start() < x.end for x in f.figures):
                        f.figures.append(FigureHit(kind, 0, m.start(), m.end()))
        # "one more died of wounds": one more dead, told after the first figure
        for m in _ONE_MORE.finditer(text):
            add("killed" if re.search(r"died|killed|dead", m.group(0)) else "injured", 1, m.start(), m.end())
        # casualty counts among the enemy in a strike are figures too; vague ones ("dozens") give none
        f.figures.sort(key=lambda x: x.start)
        # "One service member is being treated for a minor injury, and two others are being
        # evaluated": the later count adds to the earlier one
        merged: list[FigureHit] = []
        for x in f.figures:
            prev = merged[-1] if merged else None
            if prev is not None and prev.figure == x.figure and prev.value > 0 and x.value > 0 and x.site is None and \
                    prev.site is None and _ADDITIVE.search(text, x.start, x.end) and not re.search(r"[;.]", text[prev.end:x.start]):
                merged[-1] = FigureHit(x.figure, prev.value + x.value, prev.start, x.end, prev.hostile and x.hostile, None,
                                       prev.friendly or x.friendly)
                continue
            merged.append(x)
        f.figures = merged

    def _site_counts(self, f: SentenceFacts) -> None:
        """Numbers shared out among sites in one sentence: "19 service members at al-Tanf and two at
        Al-Asad were hurt", "22 missiles were fired: 17 at Ain al-Asad ... and five at Erbil"."""
        text = f.text
        pairs = []          # (number start, number end, value, facility hit)
        last_end = 0
        for h in sorted(f.facilities, key=lambda h: h.start):
            m = _SITE_COUNT.search(text, max(last_end, h.start - 90), h.start)
            last_end = h.end
            if m is None:
                continue
            value = parse_number(m.group("q"))
            if value is None or value > 5000:
                continue
            pairs.append((m.start(), m.start("q") + len(m.group("q")), value, h))
        run = pairs[:1]
        for prev, nxt in zip(pairs, pairs[1:]):
            if _SITE_JOIN.fullmatch(text, prev[3].end, nxt[0]) and len(run) and run[-1] is prev:
                run.append(nxt)
            elif len(run) < 2:
                run = [nxt]
        if len(run) < 2:
            return
        first, last = run[0], run[-1]
        weapon = next((w for w in f.weapons if first[1] <= w.start < first[3].start), None) or \
            next((w for w in f.weapons if w.end <= first[0] and w.count == sum(p[2] for p in run)), None)
        tail = f.low[last[3].end:last[3].end + 90]
        casualty = re.match(r"[^.;]*?\b(?:injur|wound|hurt|kill|dead|died|sustain|suffer|diagnos|concuss|treated)", tail) or \
            re.search(rf"(?<![\w-])(?:{self.p.person})(?![\w-])", f.low[first[1]:first[3].start])
        if weapon is not None and not re.search(r"\b(?:injur|wound|hurt|kill|sustain|suffer)", f.low[first[1]:last[3].end]):
            for _a, _b, value, h in run:
                f.site_weapons[h.ref.key] = (weapon.weapon, value)
        elif casualty is not None and weapon is None:
            kind = "killed" if re.search(r"\b(?:kill|dead|died)", tail) else "injured"
            if any(not (last[3].end <= x.start or first[0] >= x.end) for x in f.figures):
                f.figures = [x for x in f.figures if last[3].end <= x.start or first[0] >= x.end]
            for a, b, value, h in run:
                f.figures.append(FigureHit(kind, value, a, b, False, h.ref.key))
            f.figures.sort(key=lambda x: x.start)

    def _scope(self, text: str, a: int, b: int) -> str:
        window = text[b:b + 60]
        if re.search(r"\b(?:both|them|all of them|each of them|all three|the two)$", text[a:b], re.I):
            return "plural"     # "claimed both"
        if re.search(r"\b(?:both|all(?:\s+(?:three|four|five))?|these|those|the)\s+(?:\w+\s+){0,2}(?:attacks|strikes|incidents|assaults|operations|barrages)\b",
                     text[a:b], re.I):
            return "plural"     # "has claimed both attacks": the words of the cue name several
        if re.match(r"\s*(?:for\s+)?(?:any\s+of\s+|all\s+of\s+|both\s+|each\s+of\s+)?(?:the|these|those|all)\s+(?:\w+\s+){0,2}(?:attacks|strikes|incidents|assaults)\b", window, re.I) \
                or re.match(r"\s*(?:for\s+)?(?:them|either|both|any of them)\b", window, re.I):
            return "plural"
        return "current"

    def _claims(self, f: SentenceFacts) -> None:
        p = self.p
        text = f.text
        text = f.low
        for m in p.no_claim.finditer(text):
            f.no_claim = self._scope(text, m.start(), m.end())
            f.no_claim_span = (m.start(), m.end())
            if re.search(r"any of the attacks|the (?:\w+ )?attacks|these attacks|either|both|them\b", text[m.end():m.end() + 80], re.I):
                f.no_claim = "plural"
            break
        if f.no_claim:
            return
        for m in p.claim.finditer(text):
            a, b = m.start(), m.end()
            tail = text[b:b + 60]
            aggregate = bool(re.match(r"\s*(?:for\s+)?" + p.claim_aggregate.pattern, tail, re.I))
            if re.search(r"\b(?:has|have)\s+(?:repeatedly\s+|previously\s+|frequently\s+|often\s+)?claimed\b", text[max(0, a - 30):b], re.I) and \
                    re.search(r"\b(?:attacks|strikes|operations)\b", tail, re.I) and not re.match(r"\s*(?:for\s+)?(?:the|these|those|both)\b", tail, re.I):
                aggregate = True
            claimant = self._claimant(f, a, b)
            relay, channel = self._relay(f, a, b)
            if claimant is None and p.group_anaphora.search(f.low, max(0, a - 40), max(a + 5, b)):
                claimant = EntityRef("@anaphora", "", "armed_group")     # "the group said it had targeted"
            if claimant is None and _SERIAL_STATEMENT.match(text, a):
                claimant = EntityRef("@claimant", "", "armed_group")     # "A second statement said ...": the claimant's
            if claimant is None and re.fullmatch(r"\s*(?:it|they)\s+(?:(?:also|later|then|quickly|swiftly|has|had|have)\s+)*", text[:a]):
                claimant = EntityRef("@anaphora", "", "armed_group")     # "It claimed the Ain al-Asad strike": the group named before
            if claimant is None and f.claims and re.search(r"\b(?:and|also)\b", text[f.claims[-1].end:a]):
                claimant = f.claims[-1].claimant    # "It claimed X ..., and in a later post also took responsibility for Y"
            if claimant is None:
                continue
            f.claims.append(ClaimHit(a, b, claimant, relay, channel, aggregate, self._scope(text, a, b)))

    def _claimant(self, f: SentenceFacts, a: int, b: int) -> EntityRef | None:
        text = f.text
        # the nearest armed group before the claim words, in the same clause
        best = None
        first_armed = None
        for g in f.groups:
            if g.end <= a and not re.search(r"[;]|\bsaid\b", text[g.end:a]):
                best = g
                if g.kind == "armed_group" and first_armed is None:
                    first_armed = g
        if first_armed is not None:
            return first_armed.ref
        # a state's own force may claim too ("Iran's Revolutionary Guard said ... its aerospace force
        # had launched the missiles"), never the US or the coalition, whose words tell their strikes
        for h in reversed(f.entities):
            if h.kind == "state_force" and h.end <= a and not re.search(r"[;]|\bsaid\b.*\bsaid\b", text[h.end:a]) \
                    and not self.p.agent_word.fullmatch(h.surface) and h.ref.key not in _US_SIDE_ACTORS \
                    and not _ACTOR_POSSESSIVE_OF.match(text, h.end):
                return h.ref
        # "a group called X claimed", "X claimed"
        head = text[:a]
        intro = None
        for im in self.p.group_intro.finditer(f.low[:a]):
            intro = im
        if intro is not None:
            nm = self.p.cap_name.match(text, intro.end())
            if nm:
                return self._new_group(nm.group(0))
        nm = None
        for cm in self.p.cap_name.finditer(head):
            if not re.fullmatch(r"[\s,]*(?:(?:has|have|had|which|who|also|later|quickly|swiftly|officially|reportedly)[\s,]+)*", head[cm.end():]):
                continue
            nm = cm
        if nm is not None:
            name = nm.group(0)
            words = {w.lower().strip("'’") for w in re.split(r"[\s-]+", name)}
            if words & self.p.group_heads:
                return self._new_group(name)
        if best is not None:
            return best.ref
        # "claimed by X", "responsibility was claimed by X"
        bm = re.match(r"\s+by\s+(?:the\s+)?", text[b:b + 10]) or \
            (re.search(r"\bby$", text[a:b]) and re.match(r"\s*(?:the\s+)?", text[b:b + 10]))
        if bm:
            for g in f.groups:
                if b <= g.start <= b + 40:
                    return g.ref
            nm = self.p.cap_name.match(text, b + bm.end())
            if nm:
                return self._new_group(nm.group(0))
            # "claimed by a previously unknown group calling itself the Revenge Brigade"
            im = self.p.group_intro.search(f.low, b, min(len(text), b + 90))
            if im:
                nm = self.p.cap_name.match(text, im.end())
                if nm:
                    return self._new_group(nm.group(0))
        return None

    def _new_group(self, name: str) -> EntityRef:
        name = re.sub(r"^(?:The|A|An)\s+", "", name.strip(" ,.\"'“”")).strip()
        name = re.sub(r"\s+(?:of|the|for|in|and)$", "", name)
        # a state's force may claim an attack too ("the Revolutionary Guards claimed the strikes")
        e = self.lookup(name, GROUP_KINDS) or self.lookup(name, ("state_force",))
        if e is not None:
            return self.gaz.to_ref(e)
        return EntityRef(key=f"actor/{slugify(name)}", label=name, kind="armed_group")

    def _relay(self, f: SentenceFacts, a: int, b: int) -> tuple[EntityRef | None, str | None]:
        relay = None
        channel = None
        for h in f.entities:
            ref = h.ref
            if ref.kind in ("monitor", "media") and (h.start >= b or h.end <= a):
                relay = ref
                channel = "monitoring-group" if ref.kind == "monitor" else "media-report"
                if ref.kind == "monitor":
                    break
        if self.p.social.search(f.low):
            channel = "social-media"
        elif channel is None and self.p.statement.search(f.low):
            channel = "group-statement"
        return relay, channel

    def _blames(self, f: SentenceFacts) -> None:
        p = self.p
        text = f.text
        found: list[BlameHit] = []
        claim_spans = [(c.start, c.end) for c in f.claims]
        groups = [g for g in f.groups]
        # quoted or capitalised names after "attributed them to", "blamed on" when no known group is there
        low = f.low
        for m in p.blame.finditer(low):
            a, b = m.start(), m.end()
            cue = m.group(0).lower()
            if any(ca <= a < cb + 2 for ca, cb in claim_spans):
                continue      # "X said it was behind the attack" is a claim, not blame
            group = None
            group_end = b
            backward = bool(re.search(r"behind|responsible|suspected of|believed|thought", cue)) and not cue.startswith("behind")
            if not backward or re.search(r"\bhold|\bheld", cue):
                for g in groups:
                    # "blamed X for", "attributed it to X"; "holds X responsible" has X inside the cue
                    if (b <= g.start <= b + 45 and not re.search(r"[;.]", text[b:g.start])) or a < g.start < b:
                        group = g.ref
                        group_end = max(b, g.end)
                        break
                if group is None and re.search(r"attributed|blamed|blame|accus|pinned|linked", cue):
                    qm = re.match(r"\s*(?:the\s+)?[\"“‘']([^\"”’']{3,60})[\"”’']", text[b:b + 70])
                    if qm:
                        group = self._new_group(qm.group(1))
                    else:
                        nm = p.cap_name.match(text, b + len(text[b:]) - len(text[b:].lstrip()) + (4 if text[b:].lstrip().lower().startswith("the ") else 0))
                        if nm and ({w.lower() for w in re.split(r"[\s-]+", nm.group(0))} & p.group_heads):
                            group = self._new_group(nm.group(0))
            if group is None and not re.search(r"\b(?:on|to)$", cue):
                # ("blamed on Israel" names its object after the cue: a group before it is not blamed)
                for g in reversed(groups):
                    if g.end <= a and a - g.end <= 60 and not re.search(r"[;]", text[g.end:a]):
                        group = g.ref
                        break
            if group is None:
                # "blamed on these groups": the group named last in the article
                ga = p.group_anaphora.search(low, b, min(len(text), b + 30))
                if ga:
                    f.group_anaphora.append((ga.start(), ga.end()))
                    found.append(BlameHit(a, b, EntityRef("@anaphora", "", "armed_group"), *self._attributor(f, a), self._scope(text, a, b)))
                continue
            if _OTHER_INCIDENTS.match(text, group_end):
                continue        # "has blamed X for similar attacks": other incidents, not this one
            scope = "plural" if re.search(r"\b(?:them|the attacks|these attacks|both)\b", cue) or \
                _PLURAL_OBJECT.match(text, group_end) else self._scope(text, a, b)
            found.append(BlameHit(a, b, group, *self._attributor(f, a, group), scope))
        for m in p.blame_territory.finditer(low):
            for g in groups:
                if m.end() <= g.start <= m.end() + 40:
                    found.append(BlameHit(m.start(), m.end(), g.ref, *self._attributor(f, m.start(), g.ref), "current"))
                    break
        # "pro-Iran militias probably launched the drones": a group as the doer of the attack
        for g in groups:
            sm = p.blame_subject_verb.match(low, g.end)
            if not sm:
                continue
            if any(c.claimant is not None and c.claimant.key == g.ref.key for c in f.claims):
                continue
            before = text[:g.start]
            if re.search(r"\b(?:by|against|on|targeting|of|with|from)\s+(?:the\s+)?(?:[\w-]+\s+)?$", before, re.I):
                continue
            if any(h.start <= g.start < h.end for h in found if h.group is g.ref):
                continue
            found.append(BlameHit(g.start, sm.end(), g.ref, *self._attributor(f, g.start, g.ref), "current"))
        # "when the group launched 18 drones": the group named before, as the doer told by the text
        if not f.claims:
            for m in p.group_anaphora.finditer(low):
                sm = p.blame_subject_verb.match(low, m.end())
                if not sm or re.search(r"\b(?:by|against|on|targeting|of|with|from|for)\s+$", low[max(0, m.start() - 12):m.start()]):
                    continue
                f.group_anaphora.append((m.start(), m.end()))
                found.append(BlameHit(m.start(), sm.end(), EntityRef("@anaphora", "", "armed_group"),
                                      *self._attributor(f, m.start()), "current"))
        f.blames = found

    def _attributor(self, f: SentenceFacts, pos: int, blamed: EntityRef | None = None) -> tuple[str | None, EntityRef | None]:
        """Who blames: the speaker nearest before ``pos`` (or after it, "..., the Observatory said")."""
        speakers = [s for s in f.speakers if blamed is None or s[3] is None or s[3].key != blamed.key]
        before = [s for s in speakers if s[1] <= pos]
        after = [s for s in speakers if s[0] >= pos]
        chosen = None
        if before:
            # a named source beats a description in its own apposition ("the Observatory, a monitor with sources ..., said")
            named = [s for s in before if s[3] is not None and not re.search(r"[;.]", f.text[s[1]:pos])]
            chosen = named[0] if named else before[-1]
        elif after:
            chosen = after[0]
        if chosen is None:
            return None, None
        ref = chosen[3]
        phrase = re.sub(r"^(?:the|a|an)\s+", "", chosen[2], flags=re.I)
        label = ref.label if ref is not None and phrase.lower() in (ref.label.lower(), "") else phrase
        if ref is not None and ref.kind in ("monitor", "media", "government") and len(phrase) <= len(ref.label) + 2:
            label = ref.label
        return label, ref

    def _retaliation(self, f: SentenceFacts) -> None:
        p = self.p
        text = f.text
        spans: list[tuple[int, int]] = []
        low = f.low
        for rx, cue in ((p.ret_vow, "vow"), (p.ret_response, "response"), (p.ret_bare, "bare")):
            for m in rx.finditer(low):
                if any(not (m.end() <= s or m.start() >= e) for s, e in spans):
                    continue
                spans.append((m.start(), m.end()))
                target = ""
                if cue == "response":
                    target = re.split(r"[;]|,\s+(?:the|a|an|which|who|as|and|but|said|according)\b|\s+(?:said|according to)\b", text[m.end():m.end() + 320])[0]
                f.retaliation.append(RetaliationHit(m.start(), m.end(), cue, text[m.start():m.end()], target.strip()))
        for m in p.ret_following.finditer(low):
            tail = text[m.end():m.end() + 80]
            # only a noun phrase naming strikes or attacks: "following the 28 June air strikes",
            # "after the US strikes" (not "after a meeting", not "the following day")
            nm = re.match(r"\s+(?:the\s+|last\s+\w+'s\s+|a\s+|an\s+|deadly\s+|recent\s+)?(?:(?:[\w'’.-]+)\s+){0,4}?(?:air ?strikes?|air-strikes?|strikes|raids?|bombings?|strike)\b", tail, re.I)
            if not nm or re.match(r"\s+(?:\w+\s+)?(?:days?|weeks?|hours?|months?)\b", tail):
                if not (nm and re.match(r"\s+(?:the\s+)?\d", tail)):
                    continue
            if m.group(0).lower() == "since":
                continue
            if re.search(r"\b(?:missile|rocket|mortar)\b", tail[:nm.end()], re.I) and \
                    not self.p.agent_word.search(tail[:nm.end()]):
                continue        # "hours after the missile strikes": the attack itself, not a US strike
            if re.search(r"\b(?:days?|weeks?|hours?|months?)\s+$", text[max(0, m.start() - 12):m.start()], re.I):
                # "came two days after the US strikes", "nine days after deadly US airstrikes": a
                # time span measured from the strikes says when, not why
                continue
            f.retaliation.append(RetaliationHit(m.start(), m.end() + nm.end(), "following", text[m.start():m.end()], tail[:nm.end()].strip()))

    def _flags(self, f: SentenceFacts) -> None:
        p = self.p
        text = f.low
        vows = [(r.start, r.end) for r in f.retaliation if r.cue in ("vow", "response")]
        # "vowed to avenge the US strikes": the strikes happened; only the revenge is to come
        f.hypothetical = [(m.start(), m.end()) for m in p.hypothetical.finditer(text)
                          if not any(a <= m.start() < b for a, b in vows) and not _MONTH_MAY.match(text, m.start())
                          and not re.search(r"\d(?:st|nd|rd|th)?\s+$", text[max(0, m.start() - 6):m.start()])]
        f.aggregate_spans = [(m.start(), m.end()) for m in p.aggregate.finditer(text)]
        f.aggregate = bool(f.aggregate_spans)
        f.aggregate_subject = bool(p.aggregate_subject.search(text.lstrip(" \"'“‘")))
        am = p.anaphora_singular.search(text)
        if am and (am.start() < 45 or re.match(r"(?:the|this|that)\b", am.group(0), re.I)):
            f.anaphora_singular = True
            f.anaphora_span = (am.start(), am.end())
        f.anaphora_plural = bool(p.anaphora_plural.search(text))
        f.also = bool(p.also.search(text))
        f.past = bool(p.past.search(text))
        f.defensive = bool(p.defensive.search(text))
        f.generic = bool(p.generic_statement.search(text))
        f.non_attack = bool(p.non_attack.search(text))
        f.not_hostile = bool(p.not_hostile.search(text))
        f.correction = bool(p.correction.search(text))
        f.mock = bool(p.mock_attack.search(text))
        f.figure_update = bool(p.figure_update.search(text))
        f.accident = bool(p.accident.search(text))
        f.non_attack = f.non_attack or f.mock
        f.third_party = [(m.start(), m.end()) for m in p.third_party.finditer(text)] if _THIRD_PARTY_HINT.search(text) else []
        f.discovery = bool(p.discovery.search(text))
        for m in p.group_anaphora.finditer(text):
            if (m.start(), m.end()) not in f.group_anaphora:
                f.group_anaphora.append((m.start(), m.end()))
