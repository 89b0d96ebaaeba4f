"""A central's own Django (its config, its database) serving one more page over real HTTP: a
form behind a ``Gate``, so the gate is tested as a form would use it, before and apart from the
booking and complaint forms that use it.

    python -m tests.central_public.gate_probe CONFIG PORT
"""

from __future__ import annotations

import sys
from datetime import timedelta

PAGE = """{% extends "public/base.html" %}{% block title %}Probe{% endblock %}
{% block content %}<form method="post" class="card">{% csrf_token %}
<h1>Probe</h1>{% if refused %}<p class="error" id="refused">{{ refused }}</p>{% endif %}
<label for="name">Nama</label><input type="text" id="name" name="name">
{% include "public/_gate.html" %}<button class="primary" id="send">Kirim</button></form>
{% endblock %}{% block scripts %}{% include "public/_gate_scripts.html" %}{% endblock %}"""

urlpatterns: list = []


def build() -> list:
    """The probe's URLs (Django must be set up first)."""
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import include, path

    from kiosk_central.network import public
    from kiosk_central.public.address import client_address
    from kiosk_central.public.gate import Gate
    from kiosk_central.public.limits import Limit

    gate = Gate(
        "probe",
        solved=Limit("probe-ip", 5, timedelta(hours=1)),
        plain=Limit("probe-plain", 2, timedelta(hours=1)),
        plain_all=Limit("probe-all", 3, timedelta(hours=1)),
        plain_min_age=timedelta(seconds=2),
    )

    def probe(request):
        refused = gate.check(request) if request.method == "POST" else None
        if request.method == "POST" and refused is None:
            return HttpResponse('<p id="accepted">accepted</p>')
        page = engines["django"].from_string(PAGE)
        context = {"gate": gate.context(), "refused": refused}
        return HttpResponse(page.render(context, request), status=403 if refused else 200)

    def address(request):
        return HttpResponse(client_address(request))

    return [
        # public pages, as the booking and complaint forms are (issue 25's staff networks)
        path("probe/", public(probe)),
        path("probe/address", public(address)),
        path("", include("kiosk_central.project.urls")),
    ]


def main() -> None:
    from kiosk_central.cli import setup

    setup(sys.argv[1])
    from django.conf import settings
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application

    urlpatterns[:] = build()
    settings.ROOT_URLCONF = __name__
    # Behind its trusted proxy the central sends Secure cookies (nginx ends TLS); the probe's
    # clients speak plain HTTP to it, as nginx does, and must get their cookies back.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    run("127.0.0.1", int(sys.argv[2]), get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
