"""One description per kind of output row: every column's name, type and meaning.

The writers and the schemas are generated from it, so they cannot disagree: the Arrow schema
the Parquet writer uses (:meth:`RowDescription.arrow_schema`, explicit, never inferred from the
data), the JSON Schema ``escalatie schema compare-row`` prints
(:meth:`RowDescription.json_schema`) and the CSV header, which adds a UTC copy of every
timestamp column (:meth:`RowDescription.csv_columns`) so that pandas parses it without
``utc=True``.

Values in a row are Python values: ``str``, ``bool``, ``int``, ``float``, tuples for lists,
``None`` for empty, and timestamps as ISO 8601 text with the Amsterdam offset.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING, Any

from attrs import frozen

if TYPE_CHECKING:
    import pyarrow as pa

TIMEZONE = "Europe/Amsterdam"
"""The zone Parquet timestamps carry; the instants themselves are stored in UTC."""

UTC_SUFFIX = "_utc"
"""The CSV copy of a timestamp column ``x`` is ``x_utc``: the same instant in UTC, ending in Z."""


class Kind(Enum):
    """The type of a column's values."""

    TEXT = "text"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    NUMBER = "number"
    TIMESTAMP = "timestamp"
    TEXT_LIST = "text list"
    INTEGER_LIST = "integer list"
    NUMBER_LIST = "number list"


_JSON_TYPES: dict[Kind, dict[str, Any]] = {
    Kind.TEXT: {"type": "string"},
    Kind.BOOLEAN: {"type": "boolean"},
    Kind.INTEGER: {"type": "integer"},
    Kind.NUMBER: {"type": "number"},
    Kind.TIMESTAMP: {"type": "string", "format": "date-time"},
    Kind.TEXT_LIST: {"type": "array", "items": {"type": "string"}},
    Kind.INTEGER_LIST: {"type": "array", "items": {"type": "integer"}},
    Kind.NUMBER_LIST: {"type": "array", "items": {"type": "number"}},
}


@frozen
class Column:
    """A column: its name, the type of its values, whether it may be empty, what it means."""

    name: str
    kind: Kind
    description: str
    nullable: bool = False

    def json_schema(self) -> dict[str, Any]:
        schema = dict(_JSON_TYPES[self.kind])
        if self.nullable:
            schema["type"] = [schema["type"], "null"]
        return {**schema, "description": self.description}


@frozen
class RowDescription:
    """The columns of one kind of row, in order; ``name`` is what ``escalatie schema`` calls it."""

    name: str
    title: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.columns)

    def csv_columns(self) -> tuple[str, ...]:
        """The CSV header: every column, each timestamp followed by its UTC copy."""
        out: list[str] = []
        for column in self.columns:
            out.append(column.name)
            if column.kind is Kind.TIMESTAMP:
                out.append(column.name + UTC_SUFFIX)
        return tuple(out)

    def json_schema(self) -> dict[str, Any]:
        """JSON Schema (draft 2020-12) of one row as JSON and JSON Lines write it."""
        from escalatie.schema import DIALECT

        return {
            "$schema": DIALECT,
            "$id": f"https://escalatie.invalid/schema/{self.name}.json",
            "title": self.title,
            "description": (
                "One row as --format json (an array of these) and jsonl (one per line) write "
                "it. CSV joins lists with ';', leaves empty values blank and adds, after each "
                f"timestamp column, a copy in UTC named with the suffix {UTC_SUFFIX} "
                "(ISO 8601 ending in Z). Parquet stores timestamps as UTC instants in the "
                f"zone {TIMEZONE}, lists as lists."
            ),
            "type": "object",
            "properties": {c.name: c.json_schema() for c in self.columns},
            "required": list(self.names),
            "additionalProperties": False,
        }

    def arrow_schema(self) -> pa.Schema:
        """The Arrow schema of a row (imports pyarrow: call it only for Parquet)."""
        import pyarrow as pa

        scalar = {
            Kind.TEXT: pa.string(),
            Kind.BOOLEAN: pa.bool_(),
            Kind.INTEGER: pa.int64(),
            Kind.NUMBER: pa.float64(),
            Kind.TIMESTAMP: pa.timestamp("us", tz=TIMEZONE),
            Kind.TEXT_LIST: pa.list_(pa.string()),
            Kind.INTEGER_LIST: pa.list_(pa.int64()),
            Kind.NUMBER_LIST: pa.list_(pa.float64()),
        }
        return pa.schema(
            [
                pa.field(
                    c.name,
                    scalar[c.kind],
                    nullable=c.nullable,
                    metadata={"description": c.description},
                )
                for c in self.columns
            ],
            metadata={"title": self.title, "row": self.name},
        )
