"""Deployment settings from the environment (issue 11, finding 8): `payung check --deploy` is clean
with production settings, the keys are kept private, and the pages carry the security headers.

The settings are read when Django starts, so each case runs `payung` in a fresh process.
"""

import os
import runpy
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest

PAYUNG = Path(sys.executable).with_name("payung")
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "PAYUNG_HTTPS": "1",
    "PAYUNG_ALLOWED_HOSTS": "payung.example.go.id",
    "PAYUNG_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def payung(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `payung ARGS` on a fresh SQLite database in `data_dir`, with only `env` set."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PAYUNG_", "SECRET_KEY", "DATABASE_URL", "DJANGO_"))
    }
    clean |= {"PAYUNG_DATA_DIR": str(data_dir), "DATABASE_URL": "", **env}
    return subprocess.run(
        [str(PAYUNG), *args], env=clean, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    """DEBUG off, a real SECRET_KEY, HTTPS on and a real mail backend: no issue at all."""
    done = payung(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_names_what_is_missing_without_https(tmp_path):
    """Without PAYUNG_HTTPS the same check lists HSTS, the redirect and the cookies."""
    env = {key: value for key, value in PRODUCTION.items() if key != "PAYUNG_HTTPS"}
    done = payung(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **env)
    assert done.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in done.stderr


SETTINGS_FILE = Path(__file__).resolve().parents[1] / "settings.py"


def settings_with(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **env: str) -> dict:
    """The settings module's values as it computes them from `env` (run apart, not installed)."""
    for key in list(os.environ):
        if key.startswith(("PAYUNG_", "SECRET_KEY", "DATABASE_URL")):
            monkeypatch.delenv(key)
    for key, value in {"PAYUNG_DATA_DIR": str(data_dir), **env}.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(SETTINGS_FILE))


HTTPS_NAMES = (
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, (False, False, False, 0, False, False, None)),
        ({"PAYUNG_HTTPS": "1"}, (True, True, True, 31_536_000, True, False, None)),
        (
            {"PAYUNG_HTTPS": "1", "PAYUNG_HSTS_SECONDS": "3600", "PAYUNG_TRUSTED_PROXIES": "1"},
            (True, True, True, 3600, True, False, ("HTTP_X_FORWARDED_PROTO", "https")),
        ),
        (
            {
                "PAYUNG_HTTPS": "1",
                "PAYUNG_HSTS_INCLUDE_SUBDOMAINS": "0",
                "PAYUNG_HSTS_PRELOAD": "1",
            },
            (True, True, True, 31_536_000, False, True, None),
        ),
    ],
)
def test_https_settings_come_from_the_environment(monkeypatch, tmp_path, env, expected):
    values = settings_with(monkeypatch, tmp_path, **env)
    assert tuple(values.get(name) for name in HTTPS_NAMES) == expected
    assert ("upgrade-insecure-requests" in values["SECURE_CSP"]) == bool(env)


def test_the_keys_are_made_once_private_and_apart(monkeypatch, tmp_path):
    """Without SECRET_KEY or PAYUNG_QR_KEY both keys are made in the data folder, mode 0600,
    different from each other, and the same on the next start; fallbacks are lists."""
    first = settings_with(monkeypatch, tmp_path)
    again = settings_with(monkeypatch, tmp_path)
    assert first["SECRET_KEY"] != first["PAYUNG_QR_KEY"]
    assert (again["SECRET_KEY"], again["PAYUNG_QR_KEY"]) == (
        first["SECRET_KEY"],
        first["PAYUNG_QR_KEY"],
    )
    for name, setting in (("secret_key", "SECRET_KEY"), ("qr_key", "PAYUNG_QR_KEY")):
        path = tmp_path / name
        assert path.read_text() == first[setting]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    given = settings_with(
        monkeypatch,
        tmp_path,
        PAYUNG_QR_KEY="k" * 50,
        PAYUNG_QR_KEY_FALLBACKS="old-1, old-2",
        SECRET_KEY_FALLBACKS="former",
    )
    assert given["PAYUNG_QR_KEY"] == "k" * 50
    assert given["PAYUNG_QR_KEY_FALLBACKS"] == ["old-1", "old-2"]
    assert given["SECRET_KEY_FALLBACKS"] == ["former"]


@pytest.mark.django_db
def test_pages_carry_the_policy_and_no_inline_allowance(client):
    response = client.get("/masuk/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
