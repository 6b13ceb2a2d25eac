"""Split an article into sentences with exact offsets, and mark lines that are not reporting.

Noise (photo captions, "Also read:" link headlines, section headings, bylines, newsletter prompts,
source and syndication notes, a truncated last sentence) is kept as sentences with a ``noise``
reason so that nothing downstream mistakes it for news, while offsets stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.lexicon import load_lexicon
from kg.model import Article

_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*\s*$|[\"”’»]\s*$")
_LEADING_DATE = re.compile(r"\A\s*date\s+\S+[ \t]*")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# A sentence ends at . ! ? (and any closing quotes/brackets) followed by space and a capital,
# digit or opening quote.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"“‘'(\[«]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    """One sentence: offsets into ``Article.text`` (``text == article.text[start:end]``)."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    noise: str | None = None        # why it is not reporting, or None
    first_in_paragraph: bool = False


@dataclass(frozen=True)
class _Rules:
    noise: tuple[tuple[re.Pattern, str, bool], ...]
    abbreviations: frozenset[str]
    dateline: re.Pattern
    heading_max_words: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    lex = load_lexicon("segment")
    noise = tuple((re.compile(n["pattern"], re.IGNORECASE), n["reason"], bool(n.get("unpunctuated_only")))
                  for n in lex["noise_lines"])
    return _Rules(noise=noise, abbreviations=frozenset(lex["abbreviations"]),
                  dateline=re.compile(lex["dateline_prefix"]), heading_max_words=int(lex["heading_max_words"]))


def _paragraphs(text: str, start: int) -> list[tuple[int, int]]:
    """Paragraph spans (start, end) from ``start``: one per line, hard-wrapped lines joined."""
    spans: list[tuple[int, int]] = []
    pos = start
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        a, b = _strip(text, pos, end)
        if a < b:
            line = text[a:b]
            if spans and _continues(text[spans[-1][0]:spans[-1][1]], line, text, spans[-1][1], a):
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
        pos = end + 1
    return spans


def _continues(previous: str, line: str, text: str, prev_end: int, line_start: int) -> bool:
    # A hard-wrapped line: the previous line stops mid-sentence, no blank line in between, and
    # this one starts in lower case.
    if _TERMINAL.search(previous):
        return False
    if text.count("\n", prev_end, line_start) > 1:
        return False
    return bool(line) and (line[0].islower() or line[0] in ",;:)")


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _split_sentences(text: str, a: int, b: int, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    spans = []
    begin = a
    for m in _BOUNDARY.finditer(text, a, b):
        # The word before the stop: an abbreviation ("Col.", "Oct.", "U.S.") or an initial does
        # not end a sentence.
        stop = m.start()
        if text[stop] == ".":
            w = stop
            while w > begin and (text[w - 1].isalnum() or text[w - 1] == "."):
                w -= 1
            word = text[w:stop].lower()
            if word in abbreviations or (len(word) == 1 and word.isalpha()) or "." in word:
                continue
        end = m.end()
        if end > begin:
            spans.append(_strip(text, begin, end))
        begin = end
    if begin < b:
        spans.append(_strip(text, begin, b))
    return [s for s in spans if s[0] < s[1]]


def body_start(article: Article) -> int:
    """Where the reporting starts: after the dateline line the reader found (or one it missed)."""
    start = max(0, min(article.body_start, len(article.text)))
    if start == 0:
        m = _LEADING_DATE.match(article.text)
        if m:
            start = m.end()
    return start


def _classify(paragraph: str, is_last: bool, rules: _Rules) -> str | None:
    unpunctuated = not _TERMINAL.search(paragraph)
    for pattern, reason, unpunctuated_only in rules.noise:
        if unpunctuated_only and not unpunctuated:
            continue
        if pattern.search(paragraph):
            return reason
    words = len(_WORD.findall(paragraph))
    if words == 0:
        return "no words"
    if unpunctuated:
        if words <= rules.heading_max_words:
            return "heading"
        if is_last and not _BOUNDARY.search(paragraph):
            # a last paragraph cut off mid-sentence; one with whole sentences before the cut keeps
            # them (the cut sentence alone is marked below)
            return "truncated last sentence"
    elif paragraph.rstrip("\"'”’ ").endswith("?") and words <= 10 and paragraph.count("?") == 1 \
            and not re.search(r"[.!]\s", paragraph):
        return "heading"
    return None


def segment_article(article: Article) -> list[Sentence]:
    """The sentences of ``article`` (from its body start), noise marked, offsets exact."""
    rules = _rules()
    text = article.text
    paragraphs = _paragraphs(text, body_start(article))
    sentences: list[Sentence] = []
    for p_index, (a, b) in enumerate(paragraphs):
        paragraph = text[a:b]
        noise = _classify(paragraph, p_index == len(paragraphs) - 1, rules)
        if noise is None and not any(x.noise is None for x in sentences):
            # the first paragraph of reporting may open with a dateline ("BAGHDAD (AFP) -")
            m = rules.dateline.match(paragraph)
            if m and m.end() < len(paragraph):
                a += m.end()
        if noise is not None:
            sentences.append(Sentence(len(sentences), a, b, text[a:b], p_index, noise, True))
            continue
        spans = _split_sentences(text, a, b, rules.abbreviations)
        for n, (s, e) in enumerate(spans):
            reason = None
            if n == len(spans) - 1 and p_index == len(paragraphs) - 1 and not _TERMINAL.search(text[s:e]):
                reason = "truncated last sentence"
            sentences.append(Sentence(len(sentences), s, e, text[s:e], p_index, reason, n == 0))
    return sentences
