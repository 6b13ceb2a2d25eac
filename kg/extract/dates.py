"""Date expressions in news text, resolved against the article's dateline with their precision.

``find_dates`` finds the expressions in a sentence ("on Wednesday", "late on Sunday", "Monday
night", "last month", "on 16 July", "June 28", "yesterday", "the previous night", "Monday last
week", "in January"). ``resolve_date`` turns one into a ``DateValue``: day, month or year
precision, or unresolved with the phrase and the reason (a weekday in an article with no
dateline stays a phrase). Impossible dates ("Oct. 80", "February 30") are never dates. Neither
function raises.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from kg.model import DateValue

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

# Month and weekday names are matched capitalised: "may" the verb is not May the month.
_FULL_MONTHS = [name for name in calendar.month_name if name]
_ABBREVIATED = sorted({m.capitalize() for m in _MONTHS} - set(_FULL_MONTHS), key=len, reverse=True)
_MON = r"(?P<mon>" + "|".join(_FULL_MONTHS) + r"|(?:" + "|".join(_ABBREVIATED) + r")\.?)"
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_WD = r"(?P<wd>" + "|".join(n.capitalize() for n in _WEEKDAYS) + r")"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DAY2 = _DAY.replace("?P<day>", "?P<day2>")
_PART = r"(?:\s+(?P<part>night|morning|evening|afternoon))"
_NUM = (r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"thirteen|fourteen|fifteen|twenty|thirty)")
_NUMBER_VALUE = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30}

_PATTERNS: list[tuple[str, re.Pattern]] = [(kind, re.compile(p)) for kind, p in [
    ("iso", r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<monnum>\d{2})-(?P<day>\d{2})(?!\d)"),
    # "Wednesday (July 7)", "Wednesday, July 7, 2021": the calendar date wins, phrase keeps both
    ("weekday_md", r"(?:(?i:late|early)\s+(?:on\s+)?|(?i:on)\s+)?" + _WD + r"\s*[,(]\s*" + _MON + r"\s+" + _DAY
     + r"(?:,?\s+" + _YEAR + r")?\)?(?!\d)"),
    ("weekday_dm", r"(?:(?i:late|early)\s+(?:on\s+)?|(?i:on)\s+)?" + _WD + r"\s*[,(]\s*" + _DAY + r"\s+" + _MON
     + r"(?:,?\s+" + _YEAR + r")?\)?(?!\d)"),
    ("md", r"(?:(?i:late|early)\s+(?:on\s+)?|(?i:on)\s+)?" + _MON + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?(?![\d:])"),
    ("dm", r"(?:(?i:late|early)\s+(?:on\s+)?|(?i:on)\s+)?(?<![\d,.])" + _DAY + r"\s+(?:of\s+)?" + _MON
     + r"(?:,?\s+" + _YEAR + r")?(?!\w)"),
    ("month_year", r"(?:(?i:in|during|since|until|by|early|late|mid|mid-|end of|beginning of|start of)\s+)?"
     + _MON + r",?\s+" + _YEAR + r"(?!\d)"),
    ("month", r"(?i:in|during|since|until|by|early|late|mid|mid-|earlier in|later in|end of|beginning of|start of|"
     r"the end of|the beginning of|the start of)\s+(?:the\s+month\s+of\s+)?" + _MON + r"(?![\w])"),
    ("year", r"(?i:in|during|since|until|by|early|late|mid|mid-|of|throughout)\s+" + _YEAR + r"(?![\d-])"),
    # "a 2019 Islamic State suicide bombing", "the 2021 attack": the year as an adjective
    ("year", r"(?<![\w-])(?i:a|an|the)\s+" + _YEAR + r"(?=\s+[A-Za-z])(?!\s+(?i:and|or|to|through|until)\b)"),
    ("weekday_last_week", r"(?:(?i:late|early)\s+(?:on\s+)?|(?i:on)\s+)?" + _WD + _PART + r"?\s+(?i:last|of last|the previous)\s+(?i:week)"),
    ("weekday", r"(?:(?i:late|early|earlier|later)\s+(?:on\s+)?|(?i:on)\s+|(?P<last>(?i:last|this past|this|past))\s+)?" + _WD + _PART + r"?"),
]]

_RELATIVE = [(re.compile(p, re.IGNORECASE), kind, value, keys) for p, kind, value, keys in [
    # relative to the dateline: (pattern, kind, days back, words one of which the text must hold)
    (r"the day before yesterday", "pub_day", -2, ("yesterday",)),
    (r"(?:late\s+|early\s+)?yesterday(?:\s+(?:morning|afternoon|evening))?", "pub_day", -1, ("yesterday",)),
    (r"(?:late\s+|early\s+)?(?:today|this morning|this afternoon|this evening|tonight|earlier today)", "pub_day", 0, ("today", "morning", "afternoon", "evening", "tonight")),
    (r"(?:late\s+)?last night|overnight|during the night|in the early hours(?: of the morning)?", "pub_night", -1, ("night", "overnight", "hours")),
    (_NUM + r" days? ago", "pub_days_ago", None, ("ago",)),
    (r"(?:a|one) week ago|last week|earlier this week|this week|the past week|the previous week", "pub_week", None, ("week",)),
    (r"(?:late |early |earlier |mid-|in the middle of )?last month|(?:earlier |early |late )?(?:this|the previous|the past) month",
     "pub_month", None, ("month",)),
    (r"(?:late |early |earlier |mid-)?last year|(?:earlier |early |late )?this year|the previous year|a year ago", "pub_year", None, ("year",)),
    # relative to the incident told just before ("hours later", "the previous night")
    (r"(?:just |only |a few |several |some |two |three |four |five |six )?hours (?:later|earlier|afterwards|before|after)",
     "anchor_night", 0, ("hours",)),
    (r"the (?:previous|preceding) (?:night|evening)|the night before|the evening before", "anchor_night", -1, ("night", "evening")),
    (r"the (?:previous|preceding) day|the day before|a day (?:earlier|before)|one day (?:earlier|before)", "anchor_day", -1, ("day", "night", "evening", "morning", "minutes", "shortly", "same time", "simultaneous")),
    (r"the (?:next|following) (?:day|morning)|a day later|one day later|the day after", "anchor_day", 1, ("day", "night", "evening", "morning", "minutes", "shortly", "same time", "simultaneous")),
    (r"the same day|(?:later|earlier) (?:that|the same) day|that (?:night|evening|morning)|(?:on )?(?:that|the same) (?:date|day)|(?:earlier|later) in the day|"
     r"minutes (?:later|earlier)|within (?:a few |several |\d+ )?minutes|shortly afterwards|at the same time|simultaneously", "anchor_day", 0, ("day", "date", "night", "evening", "morning", "minutes", "shortly", "same time", "simultaneous")),
    (_NUM + r" days (?:later|earlier)", "anchor_days", None, ("days",)),
]]

_HAS_DIGIT = re.compile(r"\d")
_MONTH_NUMBER = re.compile(_MON + r"\s+(?P<day>\d{1,3})(?!\d)")
_RELATIVE_KEYS = tuple(sorted({k for *_rest, keys in _RELATIVE for k in keys}))
_SPEECH = re.compile(r"(?:said|says|told|reported|report|announced|stated|confirmed|added|wrote|tweeted|"
                     r"posted|claimed|statement|warned|denied|revealed|disclosed|acknowledged|admitted|explained)\s*$", re.IGNORECASE)
# "Iraqi officials on Saturday put the death toll at 16": the day of the statement, not of the incident
_SPEAKER_BEFORE = re.compile(r"\b(?:officials?|spokes(?:man|woman|person)|ministry|government|police|sources?|Pentagon|military|army|"
                             r"monitor|observatory|command|authorities|statement|agency|minister|officers?|governor)\s*$", re.IGNORECASE)
_REPORTING_AFTER = re.compile(r"\s*,?\s*(?:put|puts|said|says|announced|reported|confirmed|raised|gave|released|told|described|denied|"
                              r"accused|condemned|called|blamed|revised|updated|published|issued|added)\b", re.IGNORECASE)
_SINCE = re.compile(r"(?:since|until|till|before|by)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a sentence: offsets into that sentence and what it fixes."""

    start: int
    end: int
    phrase: str
    kind: str                    # absolute | month | year | weekday | pub_day | pub_night | pub_week |
                                 # pub_month | pub_year | anchor_day | anchor_night
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    shift: int = 0               # days (pub_day/anchor_*), weeks, months or years back/forward
    weeks_back: int | None = None   # "last Monday" = 1 when same weekday; "Monday last week" = -1 marker
    night: bool = False
    speech: bool = False         # "said on Wednesday": the day of the statement, not the incident
    since: bool = False          # "since October": an aggregate's start, not an incident date


def find_dates(text: str) -> tuple[list[DateMention], list[str]]:
    """Date expressions in ``text`` (sorted, non-overlapping) and impossible dates seen."""
    try:
        return _find_dates(text)
    except Exception:  # a date finder must never take extraction down
        return [], []


def _valid_day(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year or 2000, month, day)   # 2000 is a leap year: "February 29" without a year is possible
        return True
    except ValueError:
        return False


# Cheap tests that a text may hold a date of each family, so most sentences skip most patterns.
_MONTH_NAMES = tuple(sorted({m.capitalize()[:3] for m in _MONTHS}))      # "Jan", "Feb", ... "Sep"
_WEEKDAY_NAMES = tuple(n.capitalize()[:3] for n in _WEEKDAYS)
_FAMILY = {"iso": None, "weekday_md": "both", "weekday_dm": "both", "md": "month", "dm": "month", "month_year": "month",
           "month": "month", "year": None, "weekday_last_week": "weekday", "weekday": "weekday"}


def _find_dates(text: str) -> tuple[list[DateMention], list[str]]:
    found: list[DateMention] = []
    invalid: list[str] = []
    taken: list[tuple[int, int]] = []
    has_month = any(name in text for name in _MONTH_NAMES)
    has_weekday = any(name in text for name in _WEEKDAY_NAMES)
    has_digit = _HAS_DIGIT.search(text) is not None

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(m: DateMention) -> None:
        before = text[max(0, m.start - 30):m.start]
        speech = bool(_SPEECH.search(before)) or bool(re.match(r"\s*,?\s*(?:said|told|reported)\b", text[m.end:m.end + 12])) \
            or bool(_SPEAKER_BEFORE.search(before) and _REPORTING_AFTER.match(text, m.end))
        since = bool(_SINCE.search(before)) or m.phrase.lower().startswith(("since", "until", "by "))
        if re.match(r"(?:a|an|the)\s", m.phrase, re.I):
            since = False       # "since a 2019 bombing": the year dates the bombing, not a span's start
        found.append(DateMention(**{**m.__dict__, "speech": speech, "since": since}))
        taken.append((m.start, m.end))

    for kind, pattern in _PATTERNS:
        family = _FAMILY[kind]
        if (family is None and not has_digit) or (family == "month" and not has_month) or \
                (family == "weekday" and not has_weekday) or (family == "both" and not (has_month and has_weekday)):
            continue
        for m in pattern.finditer(text):
            a, b = m.start(), m.end()
            if not free(a, b):
                continue
            g = m.groupdict()
            phrase = m.group(0)
            year = int(g["year"]) if g.get("year") else None
            if kind == "iso":
                month, day = int(g["monnum"]), int(g["day"])
                if not (1 <= month <= 12) or not _valid_day(year, month, day):
                    invalid.append(phrase)
                    taken.append((a, b))
                    continue
                add(DateMention(a, b, phrase, "absolute", year, month, day))
            elif kind in ("md", "dm", "weekday_md", "weekday_dm"):
                month = _MONTHS[g["mon"].lower().rstrip(".")]
                day = int(g["day"])
                if not _valid_day(year, month, day):
                    invalid.append(phrase)
                    taken.append((a, b))
                    continue
                wd = _WEEKDAYS[g["wd"].lower()] if g.get("wd") else None
                add(DateMention(a, b, phrase, "absolute", year, month, day, weekday=wd,
                                night=_is_night(phrase)))
            elif kind == "month_year":
                add(DateMention(a, b, phrase, "month", year, _MONTHS[g["mon"].lower().rstrip(".")]))
            elif kind == "month":
                # "in May" is a month; but a trailing number that failed the day check ("Oct. 80")
                # means an impossible date, not a month
                if re.match(r"\s*\d", text[b:b + 3]):
                    invalid.append(text[a:b + len(re.match(r'\s*\d+', text[b:]).group(0))])
                    taken.append((a, b))
                    continue
                add(DateMention(a, b, phrase, "month", None, _MONTHS[g["mon"].lower().rstrip(".")]))
            elif kind == "year":
                add(DateMention(a, b, phrase, "year", year))
            elif kind == "weekday_last_week":
                add(DateMention(a, b, phrase, "weekday", weekday=_WEEKDAYS[g["wd"].lower()], weeks_back=-1,
                                night=_is_night(phrase)))
            elif kind == "weekday":
                last = (g.get("last") or "").lower()
                add(DateMention(a, b, phrase, "weekday", weekday=_WEEKDAYS[g["wd"].lower()],
                                weeks_back=1 if last in ("last", "this past", "past") else None,
                                night=_is_night(phrase)))
    # Month names followed by an impossible day ("Oct. 80", "February 30") that no pattern took.
    for m in (_MONTH_NUMBER.finditer(text) if has_month and has_digit else ()):
        if free(m.start(), m.end()):
            invalid.append(m.group(0))
            taken.append((m.start(), m.end()))
    low = text.lower()
    if not any(k in low for k in _RELATIVE_KEYS):
        found.sort(key=lambda d: d.start)
        return found, invalid
    for pattern, kind, value, keys in _RELATIVE:
        if not any(k in low for k in keys):
            continue
        for m in pattern.finditer(text):
            a, b = m.start(), m.end()
            if not free(a, b) or (a > 0 and (text[a - 1].isalnum() or text[a - 1] == "-")) \
                    or (b < len(text) and text[b].isalnum()):
                continue
            phrase = m.group(0)
            low = phrase.lower()
            if kind in ("pub_days_ago", "anchor_days"):
                n = _NUMBER_VALUE.get(m.group("n").lower()) if not m.group("n").isdigit() else int(m.group("n"))
                if n is None:
                    continue
                add(DateMention(a, b, phrase, "pub_day" if kind == "pub_days_ago" else "anchor_day",
                                shift=-n if (kind == "pub_days_ago" or "earlier" in low) else n))
            elif kind == "pub_week":
                add(DateMention(a, b, phrase, "pub_week", shift=0 if "this week" in low else -1))
            elif kind == "pub_month":
                add(DateMention(a, b, phrase, "pub_month", shift=-1 if ("last" in low or "previous" in low or "past" in low) else 0))
            elif kind == "pub_year":
                add(DateMention(a, b, phrase, "pub_year",
                                shift=-1 if ("last" in low or "previous" in low or "ago" in low) else 0))
            else:
                add(DateMention(a, b, phrase, kind, shift=value, night=(kind.endswith("night") or _is_night(phrase))))
    found.sort(key=lambda d: d.start)
    return found, invalid


def _is_night(phrase: str) -> bool:
    low = phrase.lower()
    return any(w in low for w in ("night", "evening", "late", "overnight", "early hours"))


def resolve_date(mention: DateMention, published: dt.date | None,
                 anchor: DateValue | None = None) -> DateValue:
    """The ``DateValue`` of ``mention``: against ``published`` (the dateline) or, for phrases
    such as "hours later" or "the previous night", against ``anchor`` (the incident told just
    before). Unresolvable phrases keep the phrase and say why."""
    try:
        return _resolve(mention, published, anchor)
    except (ValueError, OverflowError):
        return DateValue(None, None, mention.phrase, "not a valid calendar date")


def _day(d: dt.date) -> str:
    return d.isoformat()


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _resolve(m: DateMention, pub: dt.date | None, anchor: DateValue | None) -> DateValue:
    phrase = m.phrase.strip()
    no_dateline = "article with no dateline"
    if m.kind == "absolute":
        if m.year is not None:
            return DateValue(_day(dt.date(m.year, m.month, m.day)), "day", phrase)
        if pub is None:
            return DateValue(None, None, phrase, f"day and month without a year in an {no_dateline}")
        year = pub.year
        # "December 28" in an article of 3 January is last year's
        if dt.date(year, m.month, m.day) if _valid_day(year, m.month, m.day) else None:
            if dt.date(year, m.month, m.day) > pub + dt.timedelta(days=7):
                year -= 1
        if not _valid_day(year, m.month, m.day):
            return DateValue(None, None, phrase, "not a valid calendar date in that year")
        return DateValue(_day(dt.date(year, m.month, m.day)), "day", phrase)
    if m.kind == "month":
        if m.year is not None:
            return DateValue(_month(m.year, m.month), "month", phrase)
        if pub is None:
            return DateValue(None, None, phrase, f"month without a year in an {no_dateline}")
        year = pub.year if m.month <= pub.month else pub.year - 1
        return DateValue(_month(year, m.month), "month", phrase)
    if m.kind == "year":
        return DateValue(f"{m.year:04d}", "year", phrase)
    if m.kind == "weekday":
        if pub is None:
            return DateValue(None, None, phrase, f"weekday in an {no_dateline}")
        if m.weeks_back == -1:      # "Monday last week": that weekday of the previous calendar week
            monday = pub - dt.timedelta(days=pub.weekday())
            return DateValue(_day(monday - dt.timedelta(days=7) + dt.timedelta(days=m.weekday)), "day", phrase)
        delta = (pub.weekday() - m.weekday) % 7
        if delta == 0 and m.weeks_back == 1:
            delta = 7
        return DateValue(_day(pub - dt.timedelta(days=delta)), "day", phrase)
    if m.kind in ("pub_day", "pub_night"):
        if pub is None:
            return DateValue(None, None, phrase, f"relative date in an {no_dateline}")
        return DateValue(_day(pub + dt.timedelta(days=m.shift)), "day", phrase)
    if m.kind == "pub_week":
        if pub is None:
            return DateValue(None, None, phrase, f"relative date in an {no_dateline}")
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(days=7 * m.shift)
        sunday = monday + dt.timedelta(days=6)
        if m.shift == 0:
            sunday = min(sunday, pub)
        if monday.month == sunday.month:
            return DateValue(_month(monday.year, monday.month), "month", phrase)
        return DateValue(None, None, phrase, "a week that spans two months")
    if m.kind == "pub_month":
        if pub is None:
            return DateValue(None, None, phrase, f"relative date in an {no_dateline}")
        year, month = pub.year, pub.month + m.shift
        if month < 1:
            year, month = year - 1, month + 12
        return DateValue(_month(year, month), "month", phrase)
    if m.kind == "pub_year":
        if pub is None:
            return DateValue(None, None, phrase, f"relative date in an {no_dateline}")
        return DateValue(f"{pub.year + m.shift:04d}", "year", phrase)
    if m.kind in ("anchor_day", "anchor_night"):
        if anchor is not None and anchor.value is not None and anchor.precision == "month" and abs(m.shift) <= 3:
            # "two days later" after "in December 2019": December 2019, as far as the text says
            return DateValue(anchor.value, "month", phrase)
        if anchor is not None and anchor.value is None and anchor.phrase:
            derived = _shift_phrase(anchor.phrase, m.shift)
            if derived is not None:
                # "the following day" after "on October 17" in an undated article: still no year,
                # but the words now fix a day of the month (or a weekday) that a dated report can match
                return DateValue(None, None, f"{phrase} ({derived})", "relative to an incident with no known year")
        if anchor is None or anchor.value is None or anchor.precision != "day":
            return DateValue(None, None, phrase, "relative to an incident with no known day")
        base = anchor.earliest
        return DateValue(_day(base + dt.timedelta(days=m.shift)), "day", phrase)
    return DateValue(None, None, phrase, "not a date expression")


def _shift_phrase(phrase: str, days: int) -> str | None:
    """The calendar words for ``days`` after the unresolved date ``phrase`` names: "October 18"
    for one day after "October 17", "Thursday" for one day after "Wednesday"; None if unknown."""
    c = date_constraint(phrase)
    if c.month is not None and c.day is not None:
        if c.year is None and (c.month, c.day) >= (2, 27) and (c.month, c.day) <= (3, 1) and days:
            return None     # a leap day may lie in between
        day = dt.date(c.year or 2001, c.month, c.day) + dt.timedelta(days=days)
        return f"{calendar.month_name[day.month]} {day.day}" + (f", {day.year}" if c.year else "")
    if c.weekday is not None and c.month is None:
        return calendar.day_name[(c.weekday + days) % 7]
    return None


@dataclass(frozen=True)
class DateConstraint:
    """What an unresolved date phrase still tells: a weekday, a month, a day of the month."""

    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None

    def admits(self, value: DateValue) -> bool:
        """Whether a resolved date could be the one this phrase names."""
        if value.value is None:
            return True
        lo, hi = value.earliest, value.latest
        if self.year is not None and not (lo.year <= self.year <= hi.year):
            return False
        if value.precision != "day":
            if self.month is not None and self.year is None and lo.year == hi.year and not (lo.month <= self.month <= hi.month):
                return False
            return True
        if self.weekday is not None and lo.weekday() != self.weekday:
            return False
        if self.month is not None and lo.month != self.month:
            return False
        if self.day is not None and lo.day != self.day:
            return False
        return True

    @property
    def empty(self) -> bool:
        return self.weekday is None and self.month is None and self.day is None and self.year is None


def date_constraint(phrase: str | None) -> DateConstraint:
    """The calendar facts an unresolved phrase fixes ("Wednesday" → a Wednesday; "June 28")."""
    if not phrase:
        return DateConstraint()
    mentions, _ = find_dates(phrase)
    for m in mentions:
        if m.kind == "absolute":
            return DateConstraint(m.weekday, m.month, m.day, m.year)
        if m.kind == "month":
            return DateConstraint(month=m.month, year=m.year)
        if m.kind == "year":
            return DateConstraint(year=m.year)
        if m.kind == "weekday" and m.weeks_back != -1:
            return DateConstraint(weekday=m.weekday)
    return DateConstraint()


def is_night_phrase(phrase: str | None) -> bool:
    """Whether a date phrase names a night or a vague late hour (a report may date it a day apart)."""
    return bool(phrase) and (_is_night(phrase) or "hours" in phrase.lower())


_STAMP_WORD = re.compile(r"(?:issued|published|updated|posted|last updated|release[d]?|dated)\W{0,3}(?:on\s+)?(?:\S+\s+){0,4}$", re.I)
_DATELINE_DATE = re.compile(r"\s*(?:\(|[-–—]\s)")
_HEADER_WORD = re.compile(r"[^\W\d_]+")


def infer_published(sentences, max_paragraphs: int = 6) -> dt.date | None:
    """The date a page prints in its header when it has no dateline line: a line that is little
    more than a full date ("Press Release | Aug. 24, 2022", "Published 1:05 AM GMT, March 16,
    2025", "Monday, 20 November 2023 - ..."), or the date of the first paragraph's dateline
    ("BAGHDAD, Dec. 7, 2023 - ..."). A stamp word ("Issued 27 March 2023") wins within a line.
    None when the header gives no full date."""
    reporting_seen = False
    for s in sentences:
        if s.paragraph >= max_paragraphs:
            break
        if s.noise is None and reporting_seen:
            break
        found = [m for m in find_dates(s.text)[0] if m.kind == "absolute" and m.year is not None]
        if s.noise is None:
            reporting_seen = True
            # the dateline of the first reporting paragraph: the date near its start, then " - " or "("
            found = [m for m in found if m.start <= 40 and _DATELINE_DATE.match(s.text, m.end)]
        else:
            rest = s.text
            for m in reversed(found):
                rest = rest[:m.start] + " " + rest[m.end:]
            if len(_HEADER_WORD.findall(rest)) > 10:
                continue
        if not found:
            continue
        stamped = [m for m in found if _STAMP_WORD.search(s.text[:m.start])]
        m = (stamped or found)[-1] if stamped else found[0]
        try:
            return dt.date(m.year, m.month, m.day)
        except ValueError:
            continue
    return None
