"""Arrow types as the catalogues name them: Croissant (schema.org) data types, Frictionless field
types, and the Hugging Face feature names."""

from __future__ import annotations

import pyarrow as pa


def croissant_type(type_: pa.DataType) -> str:
    if pa.types.is_list(type_):
        return croissant_type(type_.value_type)
    if pa.types.is_timestamp(type_):
        return "sc:DateTime"
    if pa.types.is_date(type_):
        return "sc:Date"
    if pa.types.is_integer(type_):
        return "sc:Integer"
    if pa.types.is_floating(type_):
        return "sc:Float"
    if pa.types.is_boolean(type_):
        return "sc:Boolean"
    return "sc:Text"


def frictionless_type(type_: pa.DataType) -> str:
    if pa.types.is_list(type_):
        return "array"
    if pa.types.is_struct(type_):
        return "object"
    if pa.types.is_timestamp(type_):
        return "datetime"
    if pa.types.is_date(type_):
        return "date"
    if pa.types.is_integer(type_):
        return "integer"
    if pa.types.is_floating(type_):
        return "number"
    if pa.types.is_boolean(type_):
        return "boolean"
    return "string"
