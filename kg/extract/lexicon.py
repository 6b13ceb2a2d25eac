"""The extraction lexicon: trigger words, weapon nouns, number words, cue phrases.

They live in ``kg/data/lexicon/*.json`` (data, not code); this module loads each file once per
process and turns word lists into compiled regular expressions.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Iterable

from kg.resources import read_text


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> dict:
    """The parsed ``kg/data/lexicon/<name>.json``."""
    return json.loads(read_text("lexicon", f"{name}.json"))


def alternation(fragments: Iterable[str], literal: bool = False) -> str:
    """One regex alternation of ``fragments``, longest first so that longer phrases win."""
    items = sorted(set(fragments), key=lambda f: (-len(f), f))
    if literal:
        items = [re.escape(f).replace(r"\ ", r"\s+") for f in items]
    return "(?:" + "|".join(items) + ")"


def lower_pattern(pattern: str) -> str:
    """A regex in lower case, leaving escapes (\\S, \\W) and group names alone: matching a
    lower-cased pattern against lower-cased text is several times faster than IGNORECASE."""
    out = []
    escaped = False
    in_name = False
    for i, ch in enumerate(pattern):
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
            out.append(ch)
            continue
        if ch == "P" and pattern[i - 2:i] == "(?":
            out.append(ch)          # (?P<name>...), (?P=name)
            continue
        if pattern.startswith("(?P<", i - 3) and ch == "<":
            in_name = True
        elif in_name and ch == ">":
            in_name = False
        out.append(ch if in_name else ch.lower())
    return "".join(out)


def compile_lower(pattern: str) -> re.Pattern:
    """Compile ``pattern`` for matching against ``lower_text`` output (no IGNORECASE needed)."""
    return re.compile(lower_pattern(pattern))


_LOWER = {code: ch.lower() for code in range(0x30000) for ch in [chr(code)]
          if ch.lower() != ch and len(ch.lower()) == 1}


def lower_text(text: str) -> str:
    """``text`` in lower case, character for character (so offsets stay the same)."""
    return text.translate(_LOWER)
