"""The public form, the tracking page and the inbox over real HTTP, on SQLite and PostgreSQL:
the whole round (sent, answered, seen), and what a stranger's bad input gets."""

from __future__ import annotations

import io
import re

from PIL import Image

from tests.central_complaints.office import (
    act,
    base,
    complaint_id,
    open_form,
    receipt,
    signed_in,
    solved,
    track,
)


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (640, 480), "orange")
    exif = Image.Exif()
    exif[0x010F] = "KameraMerek"  # Make
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 0.0)}  # GPS: where the sender stood
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_sent_answered_and_seen_without_contact_shown(office, webhook):
    form = open_form(office)
    reply = form.send(
        text="Petugas meminta uang tambahan. NIK saya 3171015708450001.",
        category="conduct",
        anonymous="no",
        name="Siti Aminah",
        contact="081234567890",
        photo=("bukti.jpg", _jpeg_with_gps(), "image/jpeg"),
    )
    code, secret = receipt(reply)
    assert 'id="nik-masked"' in reply.text  # the sender is told why
    stored = office.query("SELECT text, nik_masked FROM complaints_complaint")
    assert stored == [("Petugas meminta uang tambahan. NIK saya •••• •••• •••• 0001.", True)]
    # Shown once: the receipt page again says only that it was sent.
    again = form.session.get(base(office) + "/pengaduan/terkirim/", timeout=30)
    assert secret not in again.text and code not in again.text

    # A complaint officer answers it in the inbox; the sender is told through the webhook.
    officer = signed_in(office, "petugas")
    inbox = officer.get(base(office) + "/kotak-pengaduan/", timeout=30)
    assert code in inbox.text
    pk = complaint_id(office, code)
    page = officer.get(f"{base(office)}/kotak-pengaduan/{pk}/", timeout=30)
    assert "081234567890" in page.text and "3171015708450001" not in page.text
    act(office, officer, pk, action="note", text="Cek rekaman CCTV loket 2")
    act(
        office,
        officer,
        pk,
        action="reply",
        text="Terima kasih, sudah kami tindak.",
        then="answered",
    )
    office.cli("alerts")
    assert [b["event"] for b in webhook.bodies] == ["complaint_answered"]
    assert webhook.bodies[0]["to"] == "081234567890" and code in webhook.bodies[0]["text"]

    # The sender tracks it: state and the public reply, never the contact, never the note.
    seen = track(office, code.lower().replace("-", " "), secret.lower())
    assert seen.status_code == 200 and f"/pengaduan/lacak/{code}/" in seen.url
    assert "Sudah dijawab" in seen.text and "Terima kasih, sudah kami tindak." in seen.text
    for private in ("081234567890", "Siti Aminah", "CCTV"):
        assert private not in seen.text

    # Nothing personal reaches the log: not the contact, the name, the NIK or the text.
    logged = (office.root / "serve.log").read_text()
    for private in ("081234567890", "Siti Aminah", "3171015708450001", "uang tambahan"):
        assert private not in logged
    assert code in logged  # the technician's line names the complaint by its code

    # Every action is an event with who and when.
    events = office.query(
        "SELECT e.type, u.username FROM complaints_event e LEFT JOIN auth_user u"
        " ON u.id = e.staff_id ORDER BY e.id"
    )
    assert events == [
        ("received", None),
        ("note", "petugas"),
        ("state", "petugas"),
        ("reply", "petugas"),
        ("state", "petugas"),
        ("notified", None),
    ]


def test_the_photo_is_re_encoded_stripped_and_only_a_staff_download(office):
    sent = _jpeg_with_gps()
    assert b"KameraMerek" in sent and Image.open(io.BytesIO(sent)).getexif().get_ifd(0x8825)
    code, _secret = receipt(open_form(office).send(photo=("foto.jpg", sent, "image/jpeg")))
    pk = complaint_id(office, code)
    url = f"{base(office)}/kotak-pengaduan/{pk}/foto/"
    anonymous = __import__("requests").get(url, timeout=30, allow_redirects=False)
    assert anonymous.status_code == 302 and "/masuk/" in anonymous.headers["Location"]
    got = signed_in(office, "petugas").get(url, timeout=30)
    assert got.status_code == 200
    assert got.headers["Content-Disposition"] == f'attachment; filename="{code}.jpg"'
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in got.headers["Content-Security-Policy"]
    image = Image.open(io.BytesIO(got.content))
    assert image.format == "JPEG" and image.size == (640, 480)
    assert not image.getexif() and "exif" not in image.info
    assert b"KameraMerek" not in got.content


def _refused(reply, words: str, office, status: int = 400) -> None:
    assert reply.status_code == status, reply.status_code
    assert words in reply.text
    assert "Traceback" not in reply.text
    assert office.query("SELECT COUNT(*) FROM complaints_complaint") == [(0,)]


def test_bad_input_gets_a_sentence_and_stores_nothing(office):
    form = open_form(office)
    _refused(form.send(text="   "), "Tuliskan isi pesan Anda", office)
    _refused(form.send(text="x" * 2001), "Paling banyak 2000 karakter", office)
    big = b"\xff\xd8\xff\xe0" + b"\0" * (10 * 1024 * 1024)
    _refused(form.send(photo=("besar.jpg", big, "image/jpeg")), "Foto paling besar 5 MB", office)
    huge = form.send(text="x", photo=("besar.jpg", b"\0" * (25 * 1024 * 1024), "image/jpeg"))
    assert huge.status_code == 413 and "Foto paling besar 5 MB" in huge.text
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    _refused(form.send(photo=("foto.jpg", pdf, "image/jpeg")), "Hanya foto JPEG, PNG", office)
    bomb = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(bomb, "PNG")  # 50 megapixels in a few kilobytes
    assert len(bomb.getvalue()) < 100_000
    _refused(
        form.send(photo=("bom.png", bomb.getvalue(), "image/png")),
        "Foto terlalu besar ukurannya",
        office,
    )
    _refused(form.send(kind="nonsense"), "Pilih jenisnya", office)
    _refused(form.send(anonymous="no", contact=""), "Isi nomor HP atau email", office)
    _refused(form.send(anonymous="no", contact="<b>x</b>"), "tidak valid", office)
    _refused(form.send(visit_number="A-007"), "Isi nomor antrean dan tanggalnya", office)
    _refused(form.send(altcha="Zm9yZ2Vk"), "robot", office, status=429)
    # What they typed comes back to them, escaped.
    reply = form.send(text="", name="<script>alert(1)</script>", anonymous="no")
    assert "<script>alert(1)</script>" not in reply.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in reply.text


def test_script_in_the_text_is_shown_as_text(office):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(2)>'
    code, secret = receipt(open_form(office).send(text=hostile))
    seen = track(office, code, secret)
    assert hostile not in seen.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in seen.text
    inbox = signed_in(office, "petugas")
    page = inbox.get(f"{base(office)}/kotak-pengaduan/{complaint_id(office, code)}/", timeout=30)
    assert hostile not in page.text and "&lt;img src=x onerror=alert(2)&gt;" in page.text


def test_a_replayed_form_is_stored_once(office):
    form = open_form(office)
    payload = solved(form.session, base(office))
    receipt(form.send(text="Kursi ruang tunggu rusak.", altcha=payload))
    again = form.send(text="Kursi ruang tunggu rusak.", altcha=payload)
    assert again.status_code == 429 and "Formulir ini sudah dikirim" in again.text
    assert office.query("SELECT COUNT(*) FROM complaints_complaint") == [(1,)]


def test_a_flood_from_one_address_is_turned_away(office):
    form = open_form(office)
    answers = [form.send(text=f"Pesan ke-{i}") for i in range(22)]
    assert [a.status_code for a in answers] == [200] * 20 + [429] * 2
    assert 'id="refused"' in answers[-1].text
    assert office.query("SELECT COUNT(*) FROM complaints_complaint") == [(20,)]


def test_a_wrong_secret_shows_nothing(office):
    code, _secret = receipt(open_form(office).send())
    wrong = track(office, code, "AAAAAAAAAA")
    assert wrong.status_code == 400 and "tidak cocok" in wrong.text
    assert "Antrean lama sekali" not in wrong.text
    # The tracking URL alone (no secret proved in this browser) shows only the form.
    direct = __import__("requests").get(f"{base(office)}/pengaduan/lacak/{code}/", timeout=30)
    assert direct.status_code == 200 and "Antrean lama sekali" not in direct.text


def test_a_refusal_needs_a_reason_and_points_to_lapor(office):
    code, secret = receipt(open_form(office).send())
    pk = complaint_id(office, code)
    officer = signed_in(office, "petugas")
    act(office, officer, pk, action="move", to="in_progress")
    page = act(office, officer, pk, action="move", to="refused", text="")
    assert "Penolakan perlu alasan" in page.text
    act(office, officer, pk, action="move", to="refused", text="Bukan kewenangan kantor ini")
    seen = track(office, code, secret)
    assert "Tidak dapat ditindaklanjuti" in seen.text and "Bukan kewenangan kantor ini" in seen.text
    assert 'id="lapor"' in seen.text and "lapor.go.id" in seen.text


def test_reports_of_fees_only_for_the_head_and_the_chosen_supervisor(office):
    code, _ = receipt(open_form(office).send(category="fees", text="Diminta Rp500.000 di loket"))
    plain, _ = receipt(open_form(office).send(category="waiting"))
    pk = complaint_id(office, code)
    detail = f"{base(office)}/kotak-pengaduan/{pk}/"
    for who in ("root", "petugas", "spv"):
        s = signed_in(office, who)
        assert code not in s.get(base(office) + "/kotak-pengaduan/", timeout=30).text, who
        assert s.get(detail, timeout=30).status_code == 404, who
        assert s.get(detail + "foto/", timeout=30).status_code == 404, who
    assert signed_in(office, "loket").get(detail, timeout=30).status_code == 403
    head = signed_in(office, "kepala")
    listing = head.get(base(office) + "/kotak-pengaduan/", timeout=30).text
    assert code in listing and plain in listing
    assert "Diminta Rp500.000" in head.get(detail, timeout=30).text
    # The head chooses spv; spv now sees it, spv2 still does not; only the head may choose.
    spv_id = office.query("SELECT id FROM auth_user WHERE username = 'spv'")[0][0]
    choose = base(office) + "/kotak-pengaduan/pengawas/"
    page = head.get(base(office) + "/kotak-pengaduan/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    head.post(choose, data={"csrfmiddlewaretoken": token, "to": spv_id}, timeout=30)
    spv = signed_in(office, "spv")
    assert spv.get(detail, timeout=30).status_code == 200
    assert signed_in(office, "spv2").get(detail, timeout=30).status_code == 404
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        spv.get(base(office) + "/kotak-pengaduan/", timeout=30).text,
    ).group(1)
    refused = spv.post(choose, data={"csrfmiddlewaretoken": token, "to": spv_id}, timeout=30)
    assert refused.status_code == 403
    # Given only to those who may see it.
    petugas_id = office.query("SELECT id FROM auth_user WHERE username = 'petugas'")[0][0]
    page = act(office, head, pk, action="assign", to=petugas_id)
    assert "Laporan biaya hanya untuk kepala kantor" in page.text
    act(office, head, pk, action="assign", to=spv_id)
    assert office.query("SELECT assigned_to_id FROM complaints_complaint WHERE id = ?", pk) == [
        (spv_id,)
    ]
    # Who opened it, and when, is recorded.
    opened = office.query(
        "SELECT u.username FROM complaints_event e JOIN auth_user u ON u.id = e.staff_id"
        " WHERE e.type = 'opened' ORDER BY e.id"
    )
    # The head, spv, then the head again: each assignment page and the page after it.
    assert opened == [("kepala",), ("spv",)] + [("kepala",)] * 4
    # The admin does not list complaints at all.
    admin = signed_in(office, "root").get(base(office) + "/admin/", timeout=30).text
    assert "/admin/complaints/complaint/" not in admin and "/admin/complaints/event/" not in admin


def test_a_huge_body_is_answered_without_being_read(office):
    """Two gigabytes announced, a few bytes sent: the answer comes at once (nothing waits to
    read, nothing is written to a temporary file)."""
    import socket

    # With the CSRF cookie, as a script that fetched the form first has it: without one the
    # CSRF check refuses before reading, with one it would parse the body to find the token.
    cookie = open_form(office).session.cookies["csrftoken"]
    with socket.create_connection(("127.0.0.1", office.port), timeout=15) as s:
        s.sendall(
            b"POST /pengaduan/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + f"Cookie: csrftoken={cookie}\r\n".encode()
            + b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 2000000000\r\n\r\n--x\r\n"
        )
        head = s.recv(4096).decode("latin-1")
    assert head.startswith("HTTP/1.1 413"), head[:200]
