"""The record contract as one wide table, for Parquet and Spark.

Derived from the JSON Schema of the Pydantic models, so the table can never drift from the
contract: every property of every record type becomes a column (null where a type lacks it),
nested objects stay structs, lists stay lists, and exact decimals stay strings.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from extract.models import DECIMAL_PATTERN, RECORD_ADAPTER

# A column type: "string", "int", "bool", "decimal" (only in per-type tables: the wide table
# keeps exact decimals as strings), ("struct", ((name, type), ...)) or ("list", type).
ColumnType = Any


def _resolve(node: dict, defs: dict) -> dict:
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    return node


def _column(node: dict, defs: dict, decimals: bool = False) -> ColumnType:
    node = _resolve(node, defs)
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        return _column(options[0], defs, decimals)
    kind = node.get("type")
    if kind == "object":
        fields = node["properties"].items()
        return ("struct", tuple((k, _column(v, defs, decimals)) for k, v in fields))
    if kind == "array":
        return ("list", _column(node["items"], defs, decimals))
    if kind == "integer":
        return "int"
    if kind == "boolean":
        return "bool"
    if decimals and node.get("pattern") == DECIMAL_PATTERN:
        return "decimal"
    return "string"


def type_columns(record_type: str) -> tuple[tuple[str, ColumnType], ...]:
    """The columns of one record type's own table, exact decimals as "decimal", in model order."""
    schema = RECORD_ADAPTER.json_schema(mode="serialization")
    defs = schema["$defs"]
    for variant in schema["oneOf"]:
        properties = _resolve(variant, defs)["properties"]
        if properties["type"].get("const") == record_type:
            return tuple(
                (name, _column(prop, defs, decimals=True)) for name, prop in properties.items()
            )
    raise KeyError(f"no record type {record_type!r}")


@cache
def record_columns() -> tuple[tuple[str, ColumnType], ...]:
    """The columns of the record table, in first-seen order over the record types."""
    schema = RECORD_ADAPTER.json_schema(mode="serialization")
    defs = schema["$defs"]
    columns: dict[str, ColumnType] = {}
    for variant in schema["oneOf"]:
        for name, prop in _resolve(variant, defs)["properties"].items():
            column = _column(prop, defs)
            if columns.setdefault(name, column) != column:
                raise TypeError(f"field {name!r} has two shapes across record types")
    return tuple(columns.items())


# Exact decimals in per-type tables: 28 digits before the point, 10 after (seen so far: 4).
DECIMAL_PRECISION, DECIMAL_SCALE = 38, 10


def arrow_type(column: ColumnType):  # -> pyarrow.DataType (pyarrow is an optional dependency)
    import pyarrow as pa

    if column == "string":
        return pa.string()
    if column == "decimal":
        return pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE)
    if column == "int":
        return pa.int64()
    if column == "bool":
        return pa.bool_()
    if column[0] == "list":
        return pa.list_(arrow_type(column[1]))
    return pa.struct([pa.field(n, arrow_type(c)) for n, c in column[1]])


def arrow_schema(columns: tuple[tuple[str, ColumnType], ...] | None = None):  # -> pyarrow.Schema
    """The Arrow schema of the wide record table, or of the given columns."""
    import pyarrow as pa

    return pa.schema([pa.field(n, arrow_type(c)) for n, c in columns or record_columns()])


def spark_schema():  # -> pyspark.sql.types.StructType (pyspark is an optional dependency)
    from pyspark.sql import types as T

    def convert(column: ColumnType) -> T.DataType:
        if column == "string":
            return T.StringType()
        if column == "int":
            return T.LongType()
        if column == "bool":
            return T.BooleanType()
        if column[0] == "list":
            return T.ArrayType(convert(column[1]))
        return T.StructType([T.StructField(n, convert(c)) for n, c in column[1]])

    return T.StructType([T.StructField(name, convert(col)) for name, col in record_columns()])
