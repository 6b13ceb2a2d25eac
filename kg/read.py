"""Read articles from disk: decode, find the dateline, skip what is not an article.

One bad file never stops a run: ``read_articles`` returns the articles it could read and, for every
file it skipped, the path and the reason. Decoding choices other than plain UTF-8 are reported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from kg.errors import ArticleError
from kg.model import Article

# Files taken from a folder; a file named explicitly is read whatever its extension.
ARTICLE_SUFFIXES = (".txt", ".text")
MAX_ARTICLE_BYTES = 5_000_000   # news articles are kilobytes; larger files are dumps, not articles

# The sample corpus marks a known dateline with a leading " date YYYY-MM-DD " line.
_DATELINE = re.compile(r"\A\s*date\s+(\S+)\s")
_ISO_DATE = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})\Z")
_HTML = re.compile(r"<\s*(html|head|body|div|p|script|!doctype)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ReadResult:
    """Articles read, files skipped with the reason, and warnings about what was read."""

    articles: tuple[Article, ...]
    skipped: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]


def decode_article_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding). Raises ArticleError for binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ArticleError(f"has a UTF-16 byte-order mark but does not decode as UTF-16 ({exc.reason})")
    if b"\x00" in data[:4096]:
        raise ArticleError("is a binary file, not text (it contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: Windows-1252 is what Western news text mostly is when it is not UTF-8, and it is
    # a superset of Latin-1's printable range; bytes it leaves undefined fall back to Latin-1.
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def parse_dateline(text: str) -> tuple[dt.date | None, int, str | None]:
    """Find a leading ``date YYYY-MM-DD`` line: (published date, where the body starts, problem)."""
    match = _DATELINE.match(text)
    if not match:
        return None, 0, None
    value = match.group(1)
    iso = _ISO_DATE.match(value)
    if iso:
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))), match.end(), None
        except ValueError:
            pass
    return None, match.end(), f"dateline {value!r} is not a valid YYYY-MM-DD date; the article is read as undated"


def read_article(path: str | Path) -> tuple[Article, list[str]]:
    """Read one article file; returns the article and warnings. Raises ArticleError."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(f"is {size:,} bytes, more than the {MAX_ARTICLE_BYTES:,} an article may have; "
                               "split it into one file per article", str(path))
        data = path.read_bytes()
    except ArticleError:
        raise
    except OSError as exc:
        raise ArticleError(f"cannot be read: {exc.strerror or exc}", str(path)) from None
    try:
        text, encoding = decode_article_bytes(data)
    except ArticleError as exc:
        raise ArticleError(exc.problem, str(path)) from None
    warnings = []
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"{path}: not UTF-8; decoded as {encoding}")
    if not text.strip():
        raise ArticleError("is empty (no text to read)", str(path))
    if _HTML.search(text[:2000]):
        raise ArticleError("looks like an HTML page, not article text; save the article's text instead",
                           str(path))
    published, body_start, problem = parse_dateline(text)
    if problem:
        warnings.append(f"{path}: {problem}")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    article = Article(article_id=digest[:16], file_name=path.name, path=str(path), text=text,
                      sha256=digest, published=published, body_start=body_start, encoding=encoding)
    return article, warnings


def list_article_files(paths: Sequence[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files and folders into article files (sorted); also returns what was passed over."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for given in paths:
        given = Path(given)
        if given.is_dir():
            # followlinks=False: a symlink loop in a scraped folder must not hang the build.
            for root, dirs, names in os.walk(given, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    candidate = Path(root) / name
                    if name.startswith("."):
                        continue
                    if not name.lower().endswith(ARTICLE_SUFFIXES):
                        skipped.append((str(candidate), "not an article file (only .txt and .text are read from folders)"))
                    else:
                        files.append(candidate)
        elif given.exists():
            files.append(given)
        else:
            skipped.append((str(given), "no such file or folder"))
    return files, skipped


# Why a file was skipped, in a word, for the build's summary line: (words in the reason, kind).
_SKIP_KINDS = (
    ("same text as", "duplicate"), ("is empty", "empty"), ("binary", "binary"), ("HTML", "HTML page"),
    ("more than the", "too large"), ("UTF-16", "undecodable"), ("not an article file", "not an article file"),
    ("no such file", "missing"), ("cannot be read", "unreadable"),
)


def describe_skips(skipped: Sequence[tuple[str, str]]) -> str:
    """Counts of skipped files by kind, e.g. ``2 empty, 1 duplicate``; empty when none."""
    counts: dict[str, int] = {}
    for _, reason in skipped:
        kind = next((k for words, k in _SKIP_KINDS if words in reason), "other")
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def read_articles(paths: Sequence[str | Path]) -> ReadResult:
    """Read every article under ``paths``; bad files are skipped with a reason, never fatal."""
    files, skipped = list_article_files(paths)
    articles: list[Article] = []
    warnings: list[str] = []
    seen: dict[str, str] = {}
    for file in files:
        try:
            article, file_warnings = read_article(file)
        except ArticleError as exc:
            skipped.append((str(file), exc.problem))
            continue
        warnings.extend(file_warnings)
        if article.sha256 in seen:
            skipped.append((str(file), f"same text as {seen[article.sha256]}"))
            continue
        seen[article.sha256] = str(file)
        articles.append(article)
    return ReadResult(tuple(articles), tuple(skipped), tuple(warnings))

