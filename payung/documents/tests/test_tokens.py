"""Tokens: signed with the QR key and our salt; anything altered reads as nothing."""

from django.core import signing

from ..tokens import Subject, card_token, certificate_token, read_token, verify_url


def test_tokens_name_their_subject():
    """A card token names worker and employer; a certificate token its certificate."""
    assert read_token(card_token(worker_id=12, employer_id=3)) == Subject(
        "card", worker_id=12, employer_id=3
    )
    assert read_token(certificate_token(certificate_id=7)) == Subject(
        "certificate", certificate_id=7
    )


def test_altered_random_or_foreign_tokens_read_as_none():
    """Changing the subject, the signature, or signing with another salt gives None."""
    token = card_token(worker_id=12, employer_id=3)
    value, signature = token.split(":")
    assert read_token(f"k.13.3:{signature}") is None
    assert read_token(f"{value}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}") is None
    assert read_token("k.12.3") is None
    assert read_token("random-garbage") is None
    assert read_token("") is None
    assert read_token(signing.Signer(salt="other").sign("k.12.3")) is None
    assert read_token(signing.Signer(salt="payung.documents.verify").sign("k.x.3")) is None
    assert read_token(signing.Signer(salt="payung.documents.verify").sign("q.1")) is None


def test_verify_url_uses_the_setting_at_call_time(settings):
    """The base comes from PAYUNG_PUBLIC_URL, default http://127.0.0.1:8000."""
    del settings.PAYUNG_PUBLIC_URL
    assert verify_url("abc") == "http://127.0.0.1:8000/verify/abc/"
    settings.PAYUNG_PUBLIC_URL = "https://cek.example.id/"
    assert verify_url("abc") == "https://cek.example.id/verify/abc/"


CARD = {"worker_id": 12, "employer_id": 3}


def test_a_card_token_survives_a_secret_key_rotation(settings):
    """Finding 8: tokens were signed with SECRET_KEY, so rotating it voided every printed card.
    They are signed with the QR key now."""
    token = card_token(**CARD)
    settings.SECRET_KEY = "a-brand-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = []
    assert read_token(token) == Subject("card", **CARD)


def test_a_former_qr_key_verifies_only_while_listed_as_a_fallback(settings):
    settings.PAYUNG_QR_KEY = "qr-key-of-2025-" + "a" * 40
    token = card_token(**CARD)
    settings.PAYUNG_QR_KEY = "qr-key-of-2026-" + "b" * 40
    assert read_token(token) is None
    settings.PAYUNG_QR_KEY_FALLBACKS = ["qr-key-of-2025-" + "a" * 40]
    assert read_token(token) == Subject("card", **CARD)
    assert card_token(**CARD) != token  # new cards are signed with the current key


def test_cards_printed_before_the_qr_key_keep_verifying(settings):
    """A token signed with SECRET_KEY (before the QR key existed) verifies while that key is
    SECRET_KEY or one of SECRET_KEY_FALLBACKS."""
    old_secret = settings.SECRET_KEY
    legacy = signing.Signer(salt="payung.documents.verify").sign("k.12.3")
    assert read_token(legacy) == Subject("card", **CARD)
    settings.SECRET_KEY = "a-brand-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    assert read_token(legacy) == Subject("card", **CARD)
    settings.SECRET_KEY_FALLBACKS = []
    assert read_token(legacy) is None
