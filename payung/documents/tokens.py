"""Signed tokens that name a member card or a certificate, and the public URL that carries them.

A token is the subject in clear (`k.<worker>.<employer>` for a card, `s.<certificate>` for a
certificate) followed by an HMAC from Django's signing with our own salt and the QR key
(PAYUNG_QR_KEY, kept in $PAYUNG_DATA_DIR/qr_key by default): anyone can read which ids it names,
nobody without the key can make one.

The QR key is not SECRET_KEY, so rotating SECRET_KEY voids no printed card. A token verifies
with the QR key, then with PAYUNG_QR_KEY_FALLBACKS (former QR keys, after a rotation), then with
SECRET_KEY and SECRET_KEY_FALLBACKS: cards printed before the QR key existed were signed with
SECRET_KEY and keep verifying while that key is current or listed as a fallback.
"""

from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core import signing

SALT = "payung.documents.verify"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
CARD, CERTIFICATE = "k", "s"


@dataclass(frozen=True)
class Subject:
    """What a valid token names: a worker's card with an employer, or a certificate."""

    kind: Literal["card", "certificate"]
    worker_id: int | None = None
    employer_id: int | None = None
    certificate_id: int | None = None


def _signer() -> signing.Signer:
    """Signs with the QR key; verifies with it, its fallbacks, then the site's secret keys."""
    return signing.Signer(
        key=settings.PAYUNG_QR_KEY,
        fallback_keys=[
            *settings.PAYUNG_QR_KEY_FALLBACKS,
            settings.SECRET_KEY,
            *settings.SECRET_KEY_FALLBACKS,
        ],
        salt=SALT,
    )


def card_token(*, worker_id: int, employer_id: int) -> str:
    """The token printed (as a QR code) on a worker's card with an employer."""
    return _signer().sign(f"{CARD}.{worker_id}.{employer_id}")


def certificate_token(*, certificate_id: int) -> str:
    """The token printed on a participation certificate."""
    return _signer().sign(f"{CERTIFICATE}.{certificate_id}")


def read_token(token: str) -> Subject | None:
    """The subject a token names, or None when it is tampered, random or malformed."""
    try:
        value = _signer().unsign(token)
    except signing.BadSignature:
        return None
    kind, *ids = value.split(".")
    if not all(part.isdigit() for part in ids):
        return None
    numbers = [int(part) for part in ids]
    if kind == CARD and len(numbers) == 2:
        return Subject("card", worker_id=numbers[0], employer_id=numbers[1])
    if kind == CERTIFICATE and len(numbers) == 1:
        return Subject("certificate", certificate_id=numbers[0])
    return None


def public_base_url() -> str:
    """Where the public reaches this site (setting PAYUNG_PUBLIC_URL), read at call time."""
    return str(getattr(settings, "PAYUNG_PUBLIC_URL", "") or DEFAULT_PUBLIC_URL).rstrip("/")


def verify_url(token: str) -> str:
    """The absolute URL of the public verification page for `token`."""
    return f"{public_base_url()}/verify/{token}/"
