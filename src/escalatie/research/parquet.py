"""Rows out as Parquet, typed by the row description, written in batches as they come.

The Arrow schema comes from the :class:`~escalatie.research.columns.RowDescription`, never from
the data: booleans are booleans, integers integers even in a column that is empty in every
row written, timestamps are UTC instants in the Amsterdam zone (``TIMESTAMP WITH TIME ZONE`` in
DuckDB, ``datetime64[us, Europe/Amsterdam]`` in pandas) and lists are lists.

Rows are gathered column by column into batches of :data:`BATCH_ROWS` and each batch is written
as a row group before the next is read, so memory stays flat however many cases a comparison
streams. pyarrow is imported only here, from the optional extra ``parquet``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, BinaryIO

from escalatie.errors import EscalatieError
from escalatie.research.columns import Kind, RowDescription

if TYPE_CHECKING:
    import pyarrow as pa

BATCH_ROWS = 65_536
"""Rows per row group: large enough for good compression, small enough to stay flat."""

MISSING_PYARROW = (
    "--format parquet: needs pyarrow, which is not installed; "
    "install it with: pip install 'escalatie[parquet]'"
)


def require_pyarrow() -> None:
    """Import pyarrow now, or a one-line error naming the extra that brings it."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise EscalatieError(MISSING_PYARROW) from None


@lru_cache(maxsize=4096)
def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _values(kind: Kind) -> Callable[[list[Any]], list[Any]] | None:
    """How a column's gathered values become what pyarrow takes (None: as they are)."""
    if kind is Kind.TIMESTAMP:
        return lambda values: [_moment(v) for v in values]
    return None


def write_parquet(
    rows: Iterable[Sequence[Any]],
    description: RowDescription,
    sink: str | BinaryIO,
    batch_rows: int = BATCH_ROWS,
) -> int:
    """Write ``rows`` (in the description's column order) to ``sink``; return how many."""
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = description.arrow_schema()
    prepare = [_values(c.kind) for c in description.columns]
    width = len(description.columns)
    count = 0
    with pq.ParquetWriter(sink, schema) as writer:
        gathered: list[list[Any]] = [[] for _ in range(width)]
        for row in rows:
            if len(row) != width:
                raise ValueError(f"row {count + 1}: expected {width} values, got {len(row)}")
            for values, value in zip(gathered, row, strict=True):
                values.append(value)
            count += 1
            if len(gathered[0]) >= batch_rows:
                writer.write_batch(_batch(pa, schema, prepare, gathered))
                gathered = [[] for _ in range(width)]
        if gathered[0]:
            writer.write_batch(_batch(pa, schema, prepare, gathered))
    return count


def _batch(
    pa: Any,
    schema: pa.Schema,
    prepare: list[Callable[[list[Any]], list[Any]] | None],
    gathered: list[list[Any]],
) -> pa.RecordBatch:
    arrays = [
        pa.array(values if convert is None else convert(values), type=field.type)
        for values, convert, field in zip(gathered, prepare, schema, strict=True)
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
