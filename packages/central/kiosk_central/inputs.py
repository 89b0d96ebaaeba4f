"""Numbers and JSON as the central accepts them from outside: nothing Python would also read.

``str.isdigit()`` is true for "²" (which ``int()`` refuses) and for "٣" (which it reads as 3);
``json.loads`` reads NaN and Infinity, which are not JSON, and recurses into a body nested
100,000 deep until the interpreter gives up."""

from __future__ import annotations

import json
import re

MAX_DEPTH = 32  # the contract's deepest body (a batch of tickets) is 5
_WHOLE = re.compile(r"[0-9]{1,9}")


def whole_number(text: str | None) -> int | None:
    """``text`` as a non-negative integer below a billion in ASCII digits, else None."""
    return int(text) if text and _WHOLE.fullmatch(text) else None


class NotJSON(ValueError):
    """The reason, for the person who sent it; never the value."""


def _no_constant(name: str):
    raise NotJSON(f"{name} is not a JSON number")


def strict_json(raw: bytes) -> object:
    """The body as JSON (RFC 8259: no NaN, no Infinity), at most ``MAX_DEPTH`` deep."""
    try:
        value = json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise NotJSON(f"nested deeper than {MAX_DEPTH}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise NotJSON(str(exc) if isinstance(exc, NotJSON) else "the body is not JSON") from None
    if _depth(value) > MAX_DEPTH:
        raise NotJSON(f"nested deeper than {MAX_DEPTH}")
    return value


def _depth(value: object) -> int:
    deepest, todo = 0, [(value, 1)]
    while todo:  # a loop, not recursion: the check must not fail the way it checks for
        node, depth = todo.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                todo.extend(
                    (child, depth + 1)
                    for child in (node.values() if isinstance(node, dict) else node)
                )
    return deepest
