"""Numbers as news text writes them: "14", "1,000", "four", "Fourteen", "twenty-one", "a dozen".

``parse_number`` returns the integer a quantity phrase states, or None when the phrase is vague
("several", "dozens") or not a number at all. Lower bounds count as the number ("at least 14"
is 14, as the gold format says); "more than a dozen" is 12. Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.lexicon import alternation, load_lexicon

# Numbers above this are not counts of weapons or people in one incident (years, troop totals).
MAX_COUNT = 100_000


@dataclass(frozen=True)
class _NumberWords:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    phrases: dict[str, int]
    vague: frozenset[str]
    qualifiers: tuple[str, ...]
    quantity: re.Pattern      # a whole quantity phrase
    qualifier_re: re.Pattern


@lru_cache(maxsize=1)
def number_words() -> _NumberWords:
    lex = load_lexicon("numbers")
    units = {k: int(v) for k, v in lex["units"].items()}
    tens = {k: int(v) for k, v in lex["tens"].items()}
    scales = {k: int(v) for k, v in lex["scales"].items()}
    phrases = {k: int(v) for k, v in lex["phrases"].items()}
    vague = frozenset(lex["vague"])
    qualifiers = tuple(lex["qualifiers"])
    word = alternation([*units, *tens], literal=True)
    # "twenty-one", "one hundred and fifty", "2,500", "14", "a dozen", "several"
    scale = alternation(scales, literal=True)
    # "twenty-one", "twenty one", "one hundred and fifty", "two thousand"
    simple = rf"{word}(?:[\s-]{word})?"
    spelled = rf"{simple}(?:\s+{scale}(?:\s+(?:and\s+)?{simple})?)?"
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
    core = alternation([*phrases, *vague], literal=True)
    qualifier_alt = alternation(qualifiers, literal=True)
    quantity = re.compile(
        rf"(?<![\w-])(?:(?:{qualifier_alt})\s+)?(?:{core}|{digits}|{spelled}|a|an)(?![\w-])",
        re.IGNORECASE)
    return _NumberWords(units, tens, scales, phrases, vague, qualifiers, quantity,
                        re.compile(rf"^(?:{qualifier_alt})\s+", re.IGNORECASE))


def _spelled_value(words: list[str], nw: _NumberWords) -> int | None:
    """Value of spelled-out number words, or None unless they form one well-made number."""
    total = 0
    current = 0
    previous = ""
    for w in words:
        if w == "and":
            if previous not in nw.scales:
                return None
        elif w in nw.units:
            # a unit may only follow nothing, a ten ("twenty-one") or a scale ("hundred and five")
            if previous and previous not in nw.tens and previous not in nw.scales and previous != "and":
                return None
            if previous in nw.tens and nw.units[w] >= 10:
                return None
            current += nw.units[w]
        elif w in nw.tens:
            if previous and previous not in nw.scales and previous != "and":
                return None
            current += nw.tens[w]
        elif w in nw.scales:
            if previous in nw.scales or previous == "and":
                return None
            current = max(current, 1) * nw.scales[w]
            if nw.scales[w] >= 1000:
                total += current
                current = 0
        else:
            return None
        previous = w
    if not previous or previous == "and":
        return None
    return total + current


def parse_number(phrase: str) -> int | None:
    """The number a quantity phrase states; None if vague, too large, or not a number."""
    try:
        return _parse_number(phrase)
    except Exception:  # a number parser must never take extraction down
        return None


def _parse_number(phrase: str) -> int | None:
    nw = number_words()
    text = " ".join(phrase.lower().replace("\u2011", "-").split())
    if not text:
        return None
    if text in nw.phrases:
        return nw.phrases[text]
    if text in nw.units:
        return nw.units[text]
    if text in nw.vague:
        return None
    m = nw.qualifier_re.match(text)
    if m and text not in nw.units:
        rest = text[m.end():]
        if rest:
            text = rest
            if text in nw.phrases:
                return nw.phrases[text]
            if text in nw.units:
                return nw.units[text]
    if text in nw.vague or text.endswith(" of") and text[:-3] in nw.vague:
        return None
    if text in ("a", "an"):
        return 1
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        value = int(text.replace(",", ""))
    elif re.fullmatch(r"\d+", text):
        value = int(text)
    elif re.fullmatch(r"\d+\.\d+", text):
        return None
    else:
        value = _spelled_value(re.split(r"[\s-]+", text), nw)
        if value is None:
            return None
    return value if 0 <= value <= MAX_COUNT else None


def find_quantity_before(text: str, end: int, max_gap_words: int = 3) -> tuple[int, int, str] | None:
    """The quantity phrase that ends right before position ``end`` in ``text`` (allowing up to
    ``max_gap_words`` modifier words in between, e.g. "two unidentified ... grenades").

    Returns (start, end, phrase) or None.
    """
    nw = number_words()
    window_start = max(0, end - 120)
    window = text[window_start:end]
    best = None
    for m in nw.quantity.finditer(window):
        gap = window[m.end():]
        if not _is_modifier_gap(gap, max_gap_words):
            continue
        best = m      # keep looking: the nearest quantity wins ("On 16 July two drones")
    if best is None:
        return None
    return window_start + best.start(), window_start + best.end(), best.group(0)


_GAP_STOP = re.compile(
    r"(?<![\w-])(?:was|were|is|are|be|been|has|have|had|of|at|on|in|by|from|to|into|and|or|but|that|which|"
    r"who|said|says|the|these|those|this|its|their|his|her|after|before|with|while|when|as|than|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|night|morning|evening|afternoon|days?|weeks?|months?|years?|hours?|times)(?![\w-])",
    re.IGNORECASE)


def _is_modifier_gap(gap: str, max_words: int) -> bool:
    """Whether ``gap`` is only a few modifier words (no verbs, articles, prepositions)."""
    stripped = gap.strip(" \"'“”‘’")
    if not stripped:
        return gap == "" or gap.isspace() or bool(re.fullmatch(r"[\s\"'“”‘’]*", gap))
    if re.search(r"[,;:.()]", stripped):
        return False
    words = stripped.split()
    if len(words) > max_words:
        return False
    if _GAP_STOP.search(stripped):
        return False
    return not any(ch.isdigit() for ch in stripped)
