"""The OpenAPI document the kiosk speaks (``openapi.json`` beside this file), and validation of
what the server answers against it: a malformed answer is an error the caller handles."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loaded on the first answer checked, not at start (issue 17)
    import jsonschema


@cache
def document() -> dict[str, Any]:
    return json.loads(resources.files("layanan_rules").joinpath("openapi.json").read_text("utf-8"))


@cache
def _formats() -> jsonschema.FormatChecker:
    # jsonschema checks "date-time" only with an optional package; the contract's two formats
    # are checked here with the standard library instead.
    import jsonschema

    formats = jsonschema.FormatChecker(formats=())
    formats.checks("date-time", raises=ValueError)(_date_time)
    formats.checks("uuid", raises=ValueError)(_uuid)
    return formats


def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return "T" in value.upper() and parsed.tzinfo is not None


def _uuid(value: object) -> bool:
    return not isinstance(value, str) or str(uuid.UUID(value)) == value.lower()


@cache
def _validator(schema_name: str) -> jsonschema.Draft202012Validator:
    import jsonschema

    doc = document()
    # The component refers to its siblings by "#/components/schemas/...": resolve in the doc.
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": doc["components"]}
    return jsonschema.Draft202012Validator(schema, format_checker=_formats())


class ContractViolation(ValueError):
    pass


def check(schema_name: str, data: Any) -> Any:
    """``data`` if it is a valid ``schema_name``; else ContractViolation naming the first fault.

    >>> check("Ack", {"id": "x", "server_time": "2026-11-30T08:00:00+07:00"})["id"]
    'x'
    >>> check("Ack", {"id": "x", "server_time": "yesterday"})
    Traceback (most recent call last):
    ...
    layanan_rules.contract.ContractViolation: Ack at server_time: 'yesterday' is not a 'date-time'
    """
    from jsonschema.exceptions import best_match

    error = best_match(_validator(schema_name).iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise ContractViolation(f"{schema_name} at {where}: {error.message[:120]}")
    return data
