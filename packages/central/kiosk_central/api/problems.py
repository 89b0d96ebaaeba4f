"""Errors as RFC 9457 problem details (``application/problem+json``).

``error`` repeats the problem's code: v1 clients read that field, and still can.
"""

from __future__ import annotations

from django.http import JsonResponse

TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    410: "Gone",
    413: "Too large",
    422: "Invalid record",
    429: "Too many requests",
    500: "Server error",
    503: "Unavailable",
}


def problem(
    status: int,
    code: str,
    detail: str = "",
    *,
    instance: str = "",
    headers: dict[str, str] | None = None,
    **extra: object,
) -> JsonResponse:
    body = {
        "type": f"urn:layanan-kiosk:problem:{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "error": code,
        **({"detail": detail} if detail else {}),
        **({"instance": instance} if instance else {}),
        **extra,
    }
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    for name, value in (headers or {}).items():
        response[name] = value
    if status in (429, 503) and "Retry-After" not in response:
        response["Retry-After"] = "1"
    return response
