"""RunComfy's catalog entries (`GET /models/{id}`) read into strict JSON Schema in our vocabulary (pure).

Upstream schemas are loose: `"type": "float"`, type lists with `"null"`, URL inputs marked by
`format: image_uri | video_uri | audio_uri`, and community models keyed by ComfyUI node
(`"47_video"`, `"33_string"`). This turns one into what our own tables produce (draft 2020-12,
`x-asset-kind` on URL fields), keeping only the keywords we understand, and refuses an answer
that still is not a valid JSON Schema, so a broken catalog answer can never reach a tool.
"""

from __future__ import annotations

import re
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

LOOSE_TYPES = {
    "float": "number", "double": "number", "number": "number", "decimal": "number",
    "int": "integer", "integer": "integer",
    "str": "string", "string": "string", "text": "string",
    "bool": "boolean", "boolean": "boolean",
    "array": "array", "list": "array",
    "object": "object", "dict": "object",
}
URL_FORMATS = {"image_uri": "image", "video_uri": "video", "audio_uri": "audio"}
# A community model's field is named after its ComfyUI node and the node's input: "47_video", "79_image".
NODE_KEY = re.compile(r"^\d+_(?P<what>[a-z]+?)s?$")
NODE_KINDS = {"image": "image", "video": "video", "audio": "audio",
              "text": "text", "string": "text", "prompt": "text"}
_KEPT = ("enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
         "minItems", "maxItems", "pattern", "default", "description")


class UpstreamSchemaError(ValueError):
    """The catalog's answer is not a schema we can use (it is ignored; the table stands)."""


def is_node_key(name: str) -> bool:
    """A community model's ComfyUI-node field name ("47_video", "55_mode")."""
    return NODE_KEY.match(name) is not None


def node_kind(name: str) -> str | None:
    """What a node-keyed field holds ("47_video" → video, "33_string" → text); None for plain names."""
    m = NODE_KEY.match(name)
    return NODE_KINDS.get(m.group("what")) if m else None


def _type(raw: Any, where: str) -> str | None:
    if isinstance(raw, list):
        raw = next((t for t in raw if t != "null"), None)
    if raw is None:
        return None
    name = LOOSE_TYPES.get(str(raw).lower())
    if name is None:
        raise UpstreamSchemaError(f"{where}: unknown type {raw!r}")
    return name


def _property(name: str, raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise UpstreamSchemaError(f"{where}: a property must be an object, not {type(raw).__name__}")
    prop: dict[str, Any] = {}
    json_type = _type(raw.get("type"), where)
    if json_type is not None:
        prop["type"] = json_type
    for key in _KEPT:
        if key in raw and not (key == "default" and raw[key] is None):
            prop[key] = raw[key]
    if json_type == "array" and raw.get("items") is not None:
        prop["items"] = _property(name, raw["items"], f"{where}.items")
        if "x-asset-kind" in prop["items"]:
            prop.pop("default", None)  # example files, as below
    kind = URL_FORMATS.get(str(raw.get("format", "")).lower()) or node_kind(name)
    if kind in ("image", "video", "audio") and json_type in ("string", None):
        prop.update({"type": "string", "format": "uri", "x-asset-kind": kind})
        prop.pop("default", None)  # a community model's example file name, never the caller's file
    return prop


def strict_schema(entry: Any) -> dict[str, Any]:
    """The entry's `input_schema` as a strict object schema; `required_inputs` stands in for `required`.

    Raises `UpstreamSchemaError` naming what is wrong when the answer is unusable.
    """
    schema = entry.get("input_schema") if isinstance(entry, dict) else None
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict) or not schema["properties"]:
        raise UpstreamSchemaError("the answer has no input_schema with properties")
    required = schema.get("required") or entry.get("required_inputs") or []
    if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
        raise UpstreamSchemaError("`required` is not a list of field names")
    props = {str(n): _property(str(n), p, f"properties.{n}") for n, p in schema["properties"].items()}
    if unknown := [r for r in required if r not in props]:
        raise UpstreamSchemaError(f"required field {unknown[0]!r} is not among the properties")
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": props,
           "required": list(dict.fromkeys(required)), "additionalProperties": False}
    try:
        Draft202012Validator.check_schema(out)
    except SchemaError as exc:
        raise UpstreamSchemaError(f"not a valid JSON Schema: {exc.message}") from None
    return out


def type_name(prop: dict[str, Any]) -> str:
    """One word for a strict property's type in the tables' vocabulary: string, image_url, image_url[] …"""
    if prop.get("type") == "array":
        return type_name(prop.get("items") or {}) + "[]"
    if kind := prop.get("x-asset-kind"):
        return f"{kind}_url"
    return str(prop.get("type", "any"))
