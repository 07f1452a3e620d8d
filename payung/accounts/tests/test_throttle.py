"""Sign-in throttling (issue 11, finding 5): failed sign-ins lock a username or an address."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from payung.accounts.models import Clearing, LoginFailure
from payung.accounts.throttle import client_address
from payung.demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/masuk/"
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_checks(settings, django_user_model):
    """Each real password check costs ~0.5 s; these tests make dozens, on a fast test hasher.
    (The throttle never depends on the hasher: a locked sign-in is refused before any check.)"""
    settings.PASSWORD_HASHERS = FAST_HASHER
    for user in django_user_model.objects.filter(
        username__in=["kendari", "provinsi", "cabang", "admin"]
    ):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])


def sign_in(client: Client, username: str, password: str, **extra) -> tuple[int, str]:
    """Post the sign-in form; (status, page). A successful sign-in redirects (302)."""
    response = client.post(LOGIN, {"username": username, "password": password}, **extra)
    return response.status_code, response.content.decode()


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_then_the_right_one_is_refused():
    """The finding: 50 wrong passwords, then the right one logged in. Now the username locks
    after 5 failures, the right password is refused too, with the reason in both languages."""
    client = Client()
    for attempt in range(50):
        status, _ = sign_in(client, "kendari", f"tebakan-{attempt}")
        assert status == 200
    status, page = sign_in(client, "kendari", DEMO_PASSWORD)
    assert status == 200
    assert not signed_in(client)
    assert 'id="login-locked" data-code="login_locked_username"' in page
    assert "Terlalu banyak percobaan masuk yang gagal untuk nama pengguna ini" in page
    assert "Too many failed sign-ins for this username" in page
    # Tries refused by the lock are not guesses: only the first five were counted.
    assert LoginFailure.objects.filter(username="kendari").count() == 5


def test_a_lock_does_not_spill_over_to_other_users_below_the_address_limit():
    client = Client()
    for attempt in range(5):
        sign_in(client, "kendari", f"tebakan-{attempt}")
    status, _ = sign_in(client, "provinsi", DEMO_PASSWORD)
    assert status == 302
    assert signed_in(client)


@override_settings(PAYUNG_LOGIN_FAILURES_PER_ADDRESS=4)
def test_many_usernames_from_one_address_lock_the_address():
    """Guessing across usernames locks the address; another address still signs in."""
    client = Client()
    for name in ("budi", "siti", "andi", "wati"):
        sign_in(client, name, "salah")
    status, page = sign_in(client, "cabang", DEMO_PASSWORD)
    assert status == 200
    assert 'data-code="login_locked_address"' in page
    assert "from this network address" in page
    elsewhere = Client(REMOTE_ADDR="10.20.30.40")
    assert sign_in(elsewhere, "cabang", DEMO_PASSWORD)[0] == 302


def test_the_lock_ends_when_the_failures_age_out_of_the_window():
    client = Client()
    for attempt in range(5):
        sign_in(client, "kendari", f"tebakan-{attempt}")
    assert sign_in(client, "kendari", DEMO_PASSWORD)[0] == 200
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "kendari", DEMO_PASSWORD)[0] == 302


def test_a_successful_sign_in_clears_its_failures():
    """Four slips and then the right password: the next slips start again from zero."""
    client = Client()
    for attempt in range(4):
        sign_in(client, "kendari", f"tebakan-{attempt}")
    assert sign_in(client, "kendari", DEMO_PASSWORD)[0] == 302
    client.post("/keluar/")
    for attempt in range(4):
        sign_in(client, "kendari", f"lagi-{attempt}")
    assert sign_in(client, "kendari", DEMO_PASSWORD)[0] == 302
    cleared = LoginFailure.objects.filter(username="kendari", cleared_how=Clearing.SIGN_IN)
    assert cleared.count() == 8


def test_the_back_office_sign_in_is_throttled_too():
    client = Client()
    for attempt in range(5):
        client.post("/admin/login/", {"username": "admin", "password": f"x{attempt}"})
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200
    assert "Too many failed sign-ins for this username" in response.content.decode()
    assert not signed_in(client)


def _lock(username: str = "kendari") -> None:
    client = Client()
    for attempt in range(5):
        sign_in(client, username, f"tebakan-{attempt}")
    assert sign_in(client, username, DEMO_PASSWORD)[0] == 200


def test_an_officer_unlocks_a_username_in_the_back_office(user_named):
    _lock()
    officer = Client()
    officer.force_login(user_named("admin"))
    rows = list(LoginFailure.objects.filter(username="kendari").values_list("pk", flat=True))
    response = officer.post(
        "/admin/accounts/loginfailure/",
        {"action": "unlock_usernames", "_selected_action": rows[:1]},
    )
    assert response.status_code == 302
    failure = LoginFailure.objects.get(pk=rows[0])
    assert failure.cleared_how == Clearing.OFFICER
    assert failure.cleared_by == user_named("admin")
    assert sign_in(Client(), "kendari", DEMO_PASSWORD)[0] == 302


def test_an_officer_unlocks_an_address_in_the_back_office(user_named):
    with override_settings(PAYUNG_LOGIN_FAILURES_PER_ADDRESS=3):
        client = Client()
        for name in ("budi", "siti", "andi"):
            sign_in(client, name, "salah")
        assert sign_in(client, "cabang", DEMO_PASSWORD)[0] == 200
        officer = Client()
        officer.force_login(user_named("admin"))
        row = LoginFailure.objects.filter(username="budi").get().pk
        officer.post(
            "/admin/accounts/loginfailure/",
            {"action": "unlock_addresses", "_selected_action": [row]},
        )
        assert sign_in(client, "cabang", DEMO_PASSWORD)[0] == 302


def test_a_viewer_cannot_reach_the_unlock(user_named):
    """Only back-office staff with the permission unlock; others are sent to sign in."""
    _lock()
    viewer = Client()
    viewer.force_login(user_named("pimpinan"))
    response = viewer.post(
        "/admin/accounts/loginfailure/",
        {
            "action": "unlock_usernames",
            "_selected_action": list(LoginFailure.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert LoginFailure.objects.filter(cleared_at__isnull=False).count() == 0


def test_payung_unlock_on_the_command_line():
    _lock()
    out = io.StringIO()
    call_command("unlock", "kendari", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"username": "kendari", "address": None, "cleared": 5}
    assert set(LoginFailure.objects.values_list("cleared_how", flat=True)) == {Clearing.COMMAND}
    assert sign_in(Client(), "kendari", DEMO_PASSWORD)[0] == 302


@pytest.mark.parametrize("args", [[], ["--address", "not-an-ip"]])
def test_payung_unlock_refuses_bad_arguments_with_status_2(args):
    with pytest.raises(CommandError) as refused:
        call_command("unlock", *args)
    assert refused.value.returncode == 2
    assert " / " in str(refused.value)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "127.0.0.1"),  # no proxy trusted: the header is the client's word
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # a spoofed entry before the proxy's
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, "junk", None),
    ],
)
def test_the_client_address_behind_trusted_proxies(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(PAYUNG_TRUSTED_PROXIES=proxies):
        assert client_address(request) == expected
