"""The door in front of a public form (booking, complaint): scripts pay, people pass.

With JavaScript, the page's ALTCHA widget (vendored, served from this server: no third party)
solves a proof-of-work challenge this server signed, and the form carries the solution. Each
challenge is good for one form and ten minutes. Its cost (about a second on a cheap phone) is
nothing to a person and adds up for a script that books hundreds of times.

Without JavaScript there is no proof of work. The form then carries a signed token from when it
was shown, and is accepted only ``plain_min_age`` later (a person reads and types for longer
than that; a script must wait), once, under limits much tighter than the JavaScript path's: per
address, and for all addresses together, so a script cannot take the slow path at scale.

``Gate.check(request)`` says why a submission is refused (a sentence for the page), or None;
the per-person limits (a NIK, a phone number) are the form's own, with ``limits.allow``.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

import altcha
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiosk_central.public.address import client_address
from kiosk_central.public.limits import Limit, NowAndThen, allow, keyed_hash
from kiosk_central.public.models import Spent
from kiosk_central.queue.writer import writer

log = logging.getLogger(__name__)
_purge_due = NowAndThen()

PAYLOAD_FIELD = "altcha"  # the widget's hidden input
PACE_FIELD = "pace"  # the no-JavaScript token
ALGORITHM = "SHA-256"
CHALLENGE_TTL = timedelta(minutes=10)
PACE_TTL = timedelta(hours=1)
MAX_PAYLOAD = 4096  # a real payload is about 600 bytes


def _secret(purpose: str) -> str:
    return keyed_hash(purpose, "altcha")


def new_challenge() -> dict:
    """A signed challenge for the widget: the answer is a counter drawn at random up to
    ``PUBLIC_POW_MAX_COUNTER``, which the browser finds by trying them in turn."""
    top = settings.PUBLIC_POW_MAX_COUNTER
    challenge = altcha.create_challenge(
        ALGORITHM,
        1,
        counter=top // 10 + secrets.randbelow(top - top // 10 + 1),
        expires_at=timezone.now() + CHALLENGE_TTL,
        hmac_secret=_secret("challenge"),
        hmac_key_secret=_secret("key"),
    )
    return challenge.to_dict()


def _spend(nonce: str, ttl: timedelta) -> bool:
    """Record ``nonce`` as used; False when it was used already (a replayed form)."""
    try:
        with writer(), transaction.atomic():
            if _purge_due():
                Spent.objects.filter(expires__lt=timezone.now()).delete()
            with transaction.atomic():
                Spent.objects.create(nonce=nonce[:64], expires=timezone.now() + ttl)
    except IntegrityError:
        return False
    return True


def _solved(payload: str) -> str | None:
    """The challenge's nonce when ``payload`` solves a challenge of ours, else None."""
    if not payload or len(payload) > MAX_PAYLOAD:
        return None
    try:
        result = altcha.verify_solution(
            payload, _secret("challenge"), hmac_key_secret=_secret("key")
        )
        if not result.verified:
            return None
        return altcha.Payload.from_base64(payload).challenge.parameters.nonce
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def pace_token() -> str:
    """The no-JavaScript form's token: when the form was shown, signed."""
    return signing.TimestampSigner(salt="public.pace").sign(secrets.token_hex(16))


@dataclass(frozen=True)
class Gate:
    """``name``'s door: ``solved`` limits submissions that carry a solved challenge, per
    address; ``plain`` those without, per address; ``plain_all`` those without, from all
    addresses together."""

    name: str
    solved: Limit
    plain: Limit
    plain_all: Limit
    plain_min_age: timedelta = field(default=timedelta(seconds=10))

    def context(self) -> dict:
        """What the form's template (public/_gate.html) needs."""
        return {"pace": pace_token(), "plain_min_s": int(self.plain_min_age.total_seconds())}

    def check(self, request) -> str | None:
        """Why this submission may not go on (one sentence for the page), or None. Spends the
        challenge or the token: a second submission of the same form is refused."""
        address = client_address(request)
        payload = request.POST.get(PAYLOAD_FIELD, "")
        if payload:
            nonce = _solved(payload)
            if nonce is None:
                log.info("%s: refused an unsolved or forged challenge", self.name)
                return _("The check that you are not a robot failed. Please try again.")
            if not allow(self.solved, address):
                log.info("%s: refused, too many submissions from one address", self.name)
                return _too_many()
            if not _spend(nonce, CHALLENGE_TTL):
                log.info("%s: refused a replayed challenge", self.name)
                return _("This form was already sent. Please fill it in again.")
            return None
        return self._check_plain(request.POST.get(PACE_FIELD, ""), address)

    def _check_plain(self, token: str, address: str) -> str | None:
        signer = signing.TimestampSigner(salt="public.pace")
        try:
            nonce = signer.unsign(token[:200], max_age=PACE_TTL)
        except signing.SignatureExpired:
            return _("This form was open too long. Please fill it in again.")
        except signing.BadSignature:
            log.info("%s: refused a form with neither a challenge nor a valid token", self.name)
            return _("The check that you are not a robot failed. Please try again.")
        shown = signing.b62_decode(token.split(":")[1])
        age = timezone.now().timestamp() - shown
        if age < self.plain_min_age.total_seconds():
            log.info("%s: refused a form sent %.1f s after it was shown", self.name, age)
            return _(
                "Without JavaScript this form can be sent %(s)d seconds after it opened. "
                "Please check your answers and send it again."
            ) % {"s": int(self.plain_min_age.total_seconds())}
        if not allow(self.plain, address) or not allow(self.plain_all, "*"):
            log.info("%s: refused, the no-JavaScript form's limit is reached", self.name)
            return _too_many()
        if not _spend(nonce, PACE_TTL):
            log.info("%s: refused a replayed form", self.name)
            return _("This form was already sent. Please fill it in again.")
        return None


def _too_many() -> str:
    return _(
        "Too many attempts from your connection. Please wait an hour and try again, or "
        "come to the office."
    )
