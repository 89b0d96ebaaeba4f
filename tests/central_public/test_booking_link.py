"""A booking's private link (issue 29, item 4: "or a secret link shown once"), over real HTTP
against the real central, on SQLite and PostgreSQL: the confirmation shows it once, it opens
the booking on another phone without the second factor, a cancel through it frees the place,
a wrong one gets the look-up's Indonesian answer (404) and counts like a wrong look-up, and
the token is kept only as its hash and written to no log."""

from __future__ import annotations

import hashlib
import logging
import re

from tests.central.conftest import Central
from tests.central_public.office import Visitor, booked_code, nik, prepare, slot_keys

LINK = re.compile(r'id="private-link-url">([^<]+)<')
NOT_FOUND = "Tidak ada reservasi dengan kode dan 4 angka terakhir ini"


def _post(visitor: Visitor, url: str, **data):
    data["csrfmiddlewaretoken"] = visitor.s.cookies["csrftoken"]
    return visitor.s.post(url, data=data, headers={"Referer": visitor.base + "/"}, timeout=30)


def test_the_private_link_is_shown_once_and_opens_the_booking(central, caplog):
    caplog.set_level(logging.INFO)  # (urllib3's DEBUG lines are this test client's own)
    base = prepare(central)
    slot = slot_keys(base, "paspor_baru")[0]
    v = Visitor(base)
    made = v.book("paspor_baru", slot, nik(41))
    code = booked_code(made)
    assert code and "Simpan tautan ini: hanya ditampilkan sekali" in made.text
    link = LINK.search(made.text).group(1)
    token = link.removeprefix(f"{base}/reservasi/k/").removesuffix("/")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token), link

    _shown_once(v, base, code, token)
    _kept_as_its_hash(central, code, token)
    other = Visitor(base, "203.0.113.77")
    _opens_the_booking_on_another_phone(other, base, link, code, token)
    _cancelled_through_it(central, other, base, link, code)
    _a_wrong_link_is_the_look_ups_404(other, base, token)
    _in_no_log(central, caplog, token)


def _shown_once(v: Visitor, base: str, code: str, token: str) -> None:
    """The same page again (a reload) has no link and says nothing of one."""
    again = v.s.get(f"{base}/reservasi/b/{code}/", timeout=30)
    assert again.status_code == 200 and code in again.text
    assert token not in again.text and "private-link" not in again.text
    assert "reservasi_tautan" not in v.s.cookies


def _kept_as_its_hash(central: Central, code: str, token: str) -> None:
    [(stored,)] = central.query(
        "SELECT l.token_hash FROM booking_bookinglink l "
        "JOIN queue_booking b ON b.id = l.booking_id WHERE b.code = ?",
        code,
    )
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    if not central.database_url:
        state = central.root / "state"
        files = b"".join(p.read_bytes() for p in state.glob("central.sqlite3*"))
        assert token.encode() not in files


def _opens_the_booking_on_another_phone(other: Visitor, base, link, code, token) -> None:
    """The booking's page, no code or digits asked, and no Referer onward (the one header,
    and the page's own meta agrees)."""
    page = other.s.get(link, allow_redirects=False, timeout=30)
    assert page.status_code == 200, page.text[:300]
    assert code in page.text and f"•••• {nik(41)[-4:]}" in page.text
    assert nik(41) not in page.text
    # The token only where the page names itself: the language switch comes back here.
    assert token not in page.text.replace(
        f'name="next" type="hidden" value="{link[len(base) :]}"', ""
    )
    assert page.raw.headers.getlist("Referrer-Policy") == ["no-referrer"]
    assert '<meta name="referrer" content="no-referrer">' in page.text
    assert other.s.get(f"{base}/reservasi/b/{code}/qr.svg", timeout=30).status_code == 200


def _cancelled_through_it(central: Central, other: Visitor, base, link, code) -> None:
    """The place is free at once, and the link says cancelled."""
    cancelled = _post(other, f"{base}/reservasi/b/{code}/batal")
    assert cancelled.status_code == 200 and "Reservasi dibatalkan" in cancelled.text
    [(status,)] = central.query("SELECT status FROM queue_booking WHERE code = ?", code)
    assert status == "cancelled"
    assert central.query("SELECT COALESCE(SUM(taken), 0) FROM booking_slottaken")[0][0] == 0
    later = Visitor(base, "203.0.113.78").s.get(link, timeout=30)
    assert later.status_code == 200 and "Reservasi ini dibatalkan." in later.text


def _a_wrong_link_is_the_look_ups_404(other: Visitor, base: str, token: str) -> None:
    """The look-up's answer to a wrong code, in Indonesian, 404, and the look-up form
    (posting to the look-up, not to the link) to try the code and digits instead."""
    for wrong in ("A" * 43, token[:-1] + ("B" if token[-1] != "B" else "C"), "x", "%3Cb%3E"):
        reply = other.s.get(f"{base}/reservasi/k/{wrong}/", timeout=30)
        assert reply.status_code == 404, wrong
        assert NOT_FOUND in reply.text and 'action="/reservasi/cari/"' in reply.text
        assert reply.raw.headers.getlist("Referrer-Policy") == ["no-referrer"]
        assert "Traceback" not in reply.text


def _in_no_log(central: Central, caplog, token: str) -> None:
    """Neither the central's (its whole output) nor this process's."""
    log = (central.root / "serve.log").read_text()
    assert "booking link: no booking has this link" in log  # the log is there, and says so
    assert token not in log and token[:20] not in log
    assert not any(token in r.getMessage() for r in caplog.records)


def test_wrong_links_count_like_wrong_look_ups(central):
    """30 wrong tries an hour from one address (the look-up's limit, shared with it): then
    the link and the look-up form both say to wait, and a right link too."""
    base = prepare(central)
    slot = slot_keys(base, "paspor_baru")[0]
    owner = Visitor(base)
    made = owner.book("paspor_baru", slot, nik(42))
    link = LINK.search(made.text).group(1)
    prober = Visitor(base, "203.0.113.90")
    for i in range(30):
        assert prober.s.get(f"{base}/reservasi/k/{'Z' * 42}{i % 10}/").status_code == 404
    refused = prober.s.get(f"{base}/reservasi/k/{'Z' * 43}/", timeout=30)
    assert refused.status_code == 429 and "Terlalu banyak percobaan" in refused.text
    assert prober.s.get(link, timeout=30).status_code == 429
    look_up = _post(prober, f"{base}/reservasi/cari/", code=booked_code(made), last4="0000")
    assert look_up.status_code == 403 and "Terlalu banyak percobaan" in look_up.text
    # Another address is not held up; opening a right link counts nothing.
    for _ in range(3):
        assert Visitor(base, "203.0.113.91").s.get(link, timeout=30).status_code == 200


def test_the_link_goes_with_the_holders_data_at_retention(central):
    from tests.central_public.test_booking_privacy import _to_the_past

    base = prepare(central)
    made = Visitor(base).book("paspor_baru", slot_keys(base, "paspor_baru")[0], nik(43))
    link = LINK.search(made.text).group(1)
    assert Visitor(base, "203.0.113.80").s.get(link, timeout=30).status_code == 200
    _to_the_past(central, booked_code(made), days=3)  # past the office's retention (1 day)
    assert "erased" in central.cli("purge-niks").stdout
    assert central.query("SELECT COUNT(*) FROM booking_bookinglink")[0][0] == 0
    assert Visitor(base, "203.0.113.81").s.get(link, timeout=30).status_code == 404


def test_the_centrals_log_never_names_a_private_link(tmp_path):
    """Django's request log names the path of a request that failed ("Internal Server Error:
    <path>"): with the central's logging settings the line says /reservasi/k/…/ instead."""
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').error("
        "'Internal Server Error: %s', '/reservasi/k/SeCrEt_tok-en0123456789abcdefghijklmnopqrs/')"
    )
    run = Central(tmp_path / "central").python(script)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "ERROR django.request: Internal Server Error: /reservasi/k/…/" in run.stderr
    assert "SeCrEt" not in run.stderr + run.stdout
