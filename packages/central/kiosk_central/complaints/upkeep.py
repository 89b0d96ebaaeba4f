"""What happens to complaints with time, run by ``kiosk-central alerts`` every minute (the same
systemd timer as the kiosk alerts, for the same reasons: one process, never a web worker):

- a complaint that passes a service level raises one "overdue" message to the office's
  webhook (the dashboard's), once per level;
- a sender who left a contact gets an "answered" message through the same webhook (the office
  connects it to its WhatsApp, SMS or mail gateway);
- contact details, and the photo with them, are erased ``erase_contact_days`` after a
  complaint is closed or refused.

A message's body is built when it is sent, from the complaint as it is then: contact details
erased meanwhile are never sent. An undelivered message is tried again on a later run, later
each time (up to an hour apart); the webhook's errors reach the log without any contact.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction

from kiosk_central.complaints.forms import CATEGORY_LABELS
from kiosk_central.complaints.models import (
    FINAL_STATES,
    OPEN_STATES,
    Complaint,
    ComplaintSettings,
    Event,
    Outgoing,
    Photo,
)
from kiosk_central.complaints.service_levels import calendar, due, overdue, span
from kiosk_central.dashboard.alerts import post_json
from kiosk_central.dashboard.models import DashboardSettings
from kiosk_central.queue.models import Office

log = logging.getLogger("kiosk_central.complaints")
MAX_DEFER = timedelta(hours=1)
LEVEL_WORDS = {
    "first": ("jawaban pertama", "first answer"),
    "resolution": ("penyelesaian", "resolution"),
}


def watch_overdue(office: Office, now: datetime) -> int:
    """Queue one "overdue" message per complaint and missed level; returns how many."""
    rules = ComplaintSettings.of(office)
    waiting = list(Complaint.objects.filter(office=office, state__in=OPEN_STATES))
    if not waiting:
        return 0
    cal = calendar(office, *span(office, waiting))
    raised = 0
    for c in waiting:
        for level in overdue(c, due(c, rules, cal), now):
            if level in c.overdue_alerted:
                continue
            with transaction.atomic():
                c.overdue_alerted = [*c.overdue_alerted, level]
                c.save(update_fields=["overdue_alerted"])
                Event.objects.create(complaint=c, type=Event.Type.OVERDUE, at=now, text=level)
                Outgoing.objects.create(
                    complaint=c, why=Outgoing.Why.OVERDUE, detail=level, created_at=now
                )
            raised += 1
    return raised


def body(out: Outgoing) -> dict | None:
    """The message as it is sent now; None when there is nothing left to send (an answer to a
    sender whose contact was erased meanwhile)."""
    c, office = out.complaint, out.complaint.office
    if out.why == Outgoing.Why.ANSWERED:
        if not c.contact:
            return None
        public = settings.CONFIG.public_url  # how visitors' phones reach this central
        link = f"{public.rstrip('/')}/pengaduan/lacak/{c.code}/" if public else ""
        return {
            "event": "complaint_answered",
            "office": office.code,
            "code": c.code,
            "to": c.contact,
            "text": f"[{office.name}] Pesan Anda {c.code} sudah dijawab. Lihat jawabannya dengan "
            f"kode dan kata sandi Anda{': ' + link if link else ''}.",
            "text_en": f"[{office.name}] Your message {c.code} was answered. See the answer with "
            f"your code and secret{': ' + link if link else ''}.",
        }
    level_id, level_en = LEVEL_WORDS.get(out.detail, (out.detail, out.detail))
    # A report of fees is named as sensitive, not by its category, in a channel many may read.
    what_id, what_en = (
        ("laporan sensitif", "sensitive report") if c.sensitive else CATEGORY_LABELS[c.category]
    )
    return {
        "event": "complaint_overdue",
        "office": office.code,
        "code": c.code,
        "missed": out.detail,
        "text": f"[{office.name}] Pengaduan {c.code} ({what_id.lower()}) "
        f"melewati batas {level_id}.",
        "text_en": f"[{office.name}] Complaint {c.code} ({what_en.lower()}) "
        f"is past its {level_en}.",
    }


def deliver(office: Office, now: datetime, send: Callable[[str, dict], None] = post_json) -> int:
    url = DashboardSettings.of(office).webhook_url
    delivered = 0
    due_now = Outgoing.objects.filter(
        complaint__office=office, sent_at__isnull=True
    ).select_related("complaint", "complaint__office")
    for out in due_now.order_by("created_at", "id"):
        if out.next_try_at and out.next_try_at > now:
            continue
        message = body(out)
        if message is None or not url:
            # Nothing to say, or nowhere to say it: the inbox shows it; not retried for ever.
            out.sent_at, out.last_error = now, "" if message is None else "no webhook"
            out.save(update_fields=["sent_at", "last_error"])
            continue
        try:
            send(url, message)
        except (OSError, ValueError) as exc:
            out.attempts += 1
            out.last_error = type(exc).__name__  # never the URL's answer: it may echo the body
            out.next_try_at = now + min(MAX_DEFER, timedelta(minutes=2 ** min(out.attempts, 6)))
            out.save(update_fields=["attempts", "last_error", "next_try_at"])
            log.warning("complaint %s %s: webhook: %s", out.complaint.code, out.why, out.last_error)
            break  # keep the order: later messages wait for this one
        out.sent_at = now
        out.save(update_fields=["sent_at"])
        if out.why == Outgoing.Why.ANSWERED:
            Event.objects.create(complaint=out.complaint, type=Event.Type.NOTIFIED, at=now)
        delivered += 1
    return delivered


def erase_contacts(office: Office, now: datetime) -> int:
    """Contact details and the photo (personal data too: a face, a plate, a receipt with a
    name) of complaints closed or refused ``erase_contact_days`` ago; returns how many had
    either. The photo's row is deleted, then its bytes leave the database file as well: on
    SQLite ``secure_delete`` zeroes the freed pages and the WAL is folded back; on PostgreSQL
    the deleted row versions (and their TOAST chunks) would stay in the table's file until
    their pages are reused, which a plain VACUUM does not promise, so the photo table is
    rewritten (VACUUM FULL; small, and only when a photo was erased)."""
    days = ComplaintSettings.of(office).erase_contact_days
    old = Complaint.objects.filter(
        office=office,
        state__in=FINAL_STATES,
        closed_at__lt=now - timedelta(days=days),
        contact_erased_at__isnull=True,
    )
    erased = photos = 0
    for c in old:
        with transaction.atomic():
            had = bool(c.name or c.contact)
            had_photo = Photo.objects.filter(complaint=c).delete()[0] > 0
            c.name, c.contact, c.contact_erased_at = "", "", now
            fields = ["name", "contact", "contact_erased_at"]
            if had_photo:
                c.photo_erased_at = now
                fields.append("photo_erased_at")
            c.save(update_fields=fields)
            if had or had_photo:
                what = "kontak dan foto" if had and had_photo else "foto" if had_photo else ""
                Event.objects.create(complaint=c, type=Event.Type.ERASED, at=now, text=what)
                erased += 1
            photos += had_photo
    if erased:
        _scrub(rewrite=photos > 0)
    if photos:
        log.info("complaints: %d photos erased with their contact details", photos)
    return erased


def _scrub(rewrite: bool) -> None:
    """No copy of what was erased left in the database's files (outside any transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no old copy left in the WAL
        elif connection.vendor == "postgresql":
            # The erased contacts' old row versions too: complaints_complaint is small.
            tables = "complaints_photo, complaints_complaint" if rewrite else "complaints_complaint"
            cursor.execute(f"VACUUM (FULL) {tables}")


def run(now: datetime) -> int:
    """Every office's round; returns the messages delivered."""
    delivered = 0
    for office in Office.objects.all():
        watch_overdue(office, now)
        erase_contacts(office, now)
        delivered += deliver(office, now)
    return delivered
