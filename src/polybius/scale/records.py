"""Records as Arrow tables and back, exactly: the schema is derived from the dataclass fields.

A field typed ``str``/``int``/``float``/``bool`` (or a ``Literal`` of strings) becomes the matching
Arrow scalar, ``tuple[X, ...]`` a list, ``dict[str, tuple[int, int]]`` a map of int lists, and a
nested ``Record`` a struct; ``X | None`` is a nullable ``X`` (every Arrow field is nullable). So a
field added to ``polybius.model`` with a default is carried into the Parquet output without any
change here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any, TypeVar

import pyarrow as pa

from polybius.model import Record

R = TypeVar("R", bound=Record)

SCALARS: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
}


@cache
def schema_of(cls: type[Record]) -> pa.Schema:
    """The Arrow schema of the record class ``cls`` (one field per dataclass field, in order)."""
    hints = typing.get_type_hints(cls)
    return pa.schema(
        [pa.field(f.name, _arrow_type(hints[f.name])) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    )


def _arrow_type(hint: Any) -> pa.DataType:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        present = [a for a in args if a is not type(None)]
        if len(present) != 1:
            raise TypeError(f"cannot store a union of {present} in Arrow")
        return _arrow_type(present[0])
    if origin is typing.Literal:
        return _arrow_type(type(args[0]))
    if origin is tuple:
        return pa.list_(_arrow_type(args[0]))
    if origin is dict:
        return pa.map_(_arrow_type(args[0]), _arrow_type(args[1]))
    if isinstance(hint, type) and issubclass(hint, Record):
        return pa.struct(list(schema_of(hint)))
    if hint in SCALARS:
        return SCALARS[hint]
    raise TypeError(f"no Arrow type for {hint!r}")


def to_table(records: Iterable[Record], cls: type[Record]) -> pa.Table:
    """An Arrow table of ``records`` (all of class ``cls``) with ``schema_of(cls)``."""
    return pa.Table.from_pylist([r.to_dict() for r in records], schema=schema_of(cls))


def from_table(table: pa.Table, cls: type[R]) -> Iterator[R]:
    """The records of ``table`` as instances of ``cls``, equal to the ones ``to_table`` was given.

    Columns the class does not know (a partition key, a newer writer's field) are ignored.
    """
    schema = schema_of(cls)
    maps = _map_paths(schema)
    for row in table.to_pylist():
        for path in maps:
            _maps_to_dicts(row, path)
        yield cls.from_dict(row)


def _map_paths(schema: pa.Schema | pa.StructType) -> list[tuple[str, ...]]:
    """The field paths (through structs) whose type is a map: Arrow reads maps as pair lists."""
    paths: list[tuple[str, ...]] = []
    for f in schema:
        if pa.types.is_map(f.type):
            paths.append((f.name,))
        elif pa.types.is_struct(f.type):
            paths.extend((f.name, *sub) for sub in _map_paths(f.type))
    return paths


def _maps_to_dicts(row: dict[str, Any] | None, path: tuple[str, ...]) -> None:
    if row is None:
        return
    head, *rest = path
    if rest:
        _maps_to_dicts(row.get(head), tuple(rest))
    elif row.get(head) is not None:
        row[head] = dict(row[head])
