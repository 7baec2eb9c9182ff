"""The record contract as one wide table, for Parquet and Spark.

Derived from the JSON Schema of the Pydantic models, so the table can never drift from the
contract: every property of every record type becomes a column (null where a type lacks it),
nested objects stay structs, lists stay lists, and exact decimals stay strings.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from extract.models import RECORD_ADAPTER

# A column type: "string", "int", "bool", ("struct", ((name, type), ...)) or ("list", type).
ColumnType = Any


def _resolve(node: dict, defs: dict) -> dict:
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    return node


def _column(node: dict, defs: dict) -> ColumnType:
    node = _resolve(node, defs)
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        return _column(options[0], defs)
    kind = node.get("type")
    if kind == "object":
        return ("struct", tuple((k, _column(v, defs)) for k, v in node["properties"].items()))
    if kind == "array":
        return ("list", _column(node["items"], defs))
    if kind == "integer":
        return "int"
    if kind == "boolean":
        return "bool"
    return "string"


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


def arrow_schema():  # -> pyarrow.Schema (pyarrow is an optional dependency)
    import pyarrow as pa

    def convert(column: ColumnType) -> pa.DataType:
        if column == "string":
            return pa.string()
        if column == "int":
            return pa.int64()
        if column == "bool":
            return pa.bool_()
        if column[0] == "list":
            return pa.list_(convert(column[1]))
        return pa.struct([pa.field(n, convert(c)) for n, c in column[1]])

    return pa.schema([pa.field(name, convert(col)) for name, col in record_columns()])


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
