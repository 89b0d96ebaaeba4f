"""The OpenAPI document is valid, and the test server keeps to it (schemathesis drives every
operation with generated requests and checks each answer against the document)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import settings

from kiosk_testsupport.central_server import CentralServer
from layanan_rules.contract import document
from tests.sync.conftest import TOKEN

schema = schemathesis.openapi.from_dict(document())


@pytest.fixture(scope="module")
def contract_server():
    s = CentralServer(token=TOKEN).start()
    yield s
    s.stop()


@schema.parametrize()
@settings(max_examples=25, deadline=None)
def test_the_server_keeps_to_the_contract(case, contract_server):
    case.call_and_validate(
        base_url=contract_server.url, headers={"Authorization": f"Bearer {TOKEN}"}
    )


def test_every_write_requires_an_idempotency_key():
    for path, item in document()["paths"].items():
        post = item.get("post")
        if post is None or path == "/heartbeat":
            continue
        names = [p["name"] for p in post.get("parameters", [])]
        assert "Idempotency-Key" in names, path


@pytest.mark.parametrize("name", ["TicketIssued", "Booking", "HeartbeatReply", "Ack"])
def test_components_exist(name):
    assert name in document()["components"]["schemas"]


def test_the_test_servers_route_table_is_the_contracts_path_list():
    from kiosk_testsupport.central_server import API, Handler

    served = {(route.method.lower(), route.path) for route in API}
    promised = {(m, p) for p, item in document()["paths"].items() for m in item}
    assert served == promised
    for route in API:
        assert callable(getattr(Handler, route.handler)), route
        if route.schema:
            op = document()["paths"][route.path][route.method.lower()]
            ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/" + route.schema), route
