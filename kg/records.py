"""The pipeline's records (kg/model.py) as JSON, so a store generation can keep them.

``kg build`` keeps every article's extraction and every merged event beside the graph, so that
``kg build --add`` extracts only the new articles and re-merges only the events they touch
(kg/update.py). The encoding follows the dataclass fields and their type hints, so a field added
to a record needs no change here; a stored file written by another version of the records is
detected by the fingerprint the store keeps (kg/update.py), never half-decoded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import types
import typing
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from kg.errors import StoreError

T = TypeVar("T")


def to_plain(value: Any) -> Any:
    """A record (or a tuple, date or scalar inside one) as JSON-ready data.

    Fields left at their default are left out, which keeps the stored records small.
    """
    return _encoder(type(value))(value)


@functools.lru_cache(maxsize=None)
def _encoder(value_type: type) -> Callable[[Any], Any]:
    """A function encoding values of this type, made once per type (encoding is hot in builds)."""
    if dataclasses.is_dataclass(value_type):
        fields = [(f.name, _default_of(f)) for f in dataclasses.fields(value_type)]

        def encode(value: Any) -> dict:
            out = {}
            for name, default in fields:
                item = getattr(value, name)
                if item is default or (default is not _REQUIRED and item == default):
                    continue
                out[name] = item if item is None else _encoder(type(item))(item)
            return out
        return encode
    if issubclass(value_type, (tuple, list)):
        return lambda value: [to_plain(v) for v in value]
    if issubclass(value_type, dt.date):
        return lambda value: value.isoformat()
    return _identity


def _default_of(field: dataclasses.Field) -> Any:
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:   # type: ignore[misc]
        return field.default_factory()                     # type: ignore[misc]
    return _REQUIRED


_REQUIRED = object()


def from_plain(record_type: type[T], data: Any) -> T:
    """Rebuild a record of ``record_type`` from ``to_plain`` output."""
    return _decoder(record_type)(data)


def _identity(data: Any) -> Any:
    return data


@functools.lru_cache(maxsize=None)
def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function decoding data of this type hint, made once per type (decoding is hot in --add)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        inner = _decoder(options[0]) if len(options) == 1 else _identity
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            if item is _identity:
                return tuple
            return lambda data: tuple(item(x) for x in data)
        items = [_decoder(a) for a in args]
        return lambda data: tuple(f(x) for f, x in zip(items, data))
    if dataclasses.is_dataclass(hint):
        fields = {name: _decoder(h) for name, h in typing.get_type_hints(hint).items()}
        plain = {name for name, f in fields.items() if f is _identity}

        def decode(data: dict) -> Any:
            return hint(**{name: value if name in plain or value is None else fields[name](value)
                           for name, value in data.items()})
        return decode
    if hint is dt.date:
        return lambda data: None if data is None else dt.date.fromisoformat(data)
    return _identity


def encode_record(record: Any) -> str:
    """One record as one line of JSON (with its line end)."""
    return json.dumps(to_plain(record), ensure_ascii=False, separators=(",", ":")) + "\n"


def write_lines(path: Path, lines: Iterable[str]) -> int:
    """Write JSON lines (from ``encode_record`` or kept from an earlier file); returns how many."""
    n = 0
    with path.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line)
            n += 1
    return n


def read_lines(path: Path, record_type: type[T]) -> Iterator[tuple[T, str]]:
    """Each record of a JSON-lines file of ``encode_record`` lines, with its line as written."""
    decode = _decoder(record_type)
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                yield decode(json.loads(line)), line
            except (ValueError, TypeError, KeyError) as exc:
                raise StoreError(f"{path}, line {number}: not a stored {record_type.__name__} record "
                                 f"({exc}); rebuild the store with `kg build`") from None
