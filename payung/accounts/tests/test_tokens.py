"""API tokens expire and can be revoked (issue 11, finding 5); refused ones answer 401."""

import re
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from payung.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

ENDPOINT = "/api/regions/"


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_valid_token_reads(user_named):
    _, raw = ApiToken.issue(user=user_named("cabang"), name="sipp-sync")
    assert Client().get(ENDPOINT, **bearer(raw)).status_code == 200


def test_a_revoked_token_answers_401_with_a_refusal(user_named):
    token, raw = ApiToken.issue(user=user_named("cabang"), name="sipp-sync")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    response = Client().get(ENDPOINT, **bearer(raw))
    assert response.status_code == 401
    refusal = response.json()["refusals"][0]
    assert refusal["code"] == "token_revoked"
    assert refusal["message_id"].startswith("Token API ini sudah dicabut")
    assert refusal["message_en"].startswith("This API token has been revoked")
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_an_expired_token_answers_401_with_a_refusal(user_named):
    _, raw = ApiToken.issue(
        user=user_named("cabang"),
        name="old",
        expires_at=timezone.now() + timedelta(days=1),
    )
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get(ENDPOINT, **bearer(raw))
    assert response.status_code == 401
    assert response.json()["refusals"][0]["code"] == "token_expired"


def test_a_refused_token_is_not_rescued_by_the_session(user_named):
    """A client that sends a revoked token is refused even with a signed-in session."""
    token, raw = ApiToken.issue(user=user_named("cabang"), name="x")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    client = Client()
    client.force_login(user_named("cabang"))
    assert client.get(ENDPOINT).status_code == 200
    assert client.get(ENDPOINT, **bearer(raw)).status_code == 401


def test_tokens_expire_after_the_configured_days(user_named):
    token, _ = ApiToken.issue(user=user_named("cabang"), name="default")
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    with override_settings(PAYUNG_API_TOKEN_DAYS=7):
        token, _ = ApiToken.issue(user=user_named("cabang"), name="short")
    assert abs(token.expires_at - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)


def test_the_back_office_issues_a_token_and_shows_its_key_once(user_named):
    officer = Client()
    officer.force_login(user_named("admin"))
    expires = timezone.localtime() + timedelta(days=30)
    response = officer.post(
        "/admin/accounts/apitoken/add/",
        {
            "user": user_named("kendari").pk,
            "name": "laporan-bulanan",
            "expires_at_0": expires.strftime("%Y-%m-%d"),
            "expires_at_1": expires.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 200, response.content[:2000]
    key = re.search(r'<code id="token-key">([^<]+)</code>', response.content.decode()).group(1)
    token = ApiToken.objects.get(name="laporan-bulanan")
    assert token.key_hash == ApiToken.hash(key)
    assert Client().get(ENDPOINT, **bearer(key)).status_code == 200
    page = officer.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert key not in page


def test_the_back_office_revokes_tokens(user_named):
    token, raw = ApiToken.issue(user=user_named("kendari"), name="bocor")
    officer = Client()
    officer.force_login(user_named("admin"))
    response = officer.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == user_named("admin")
    assert Client().get(ENDPOINT, **bearer(raw)).status_code == 401
