"""Django settings, read from the environment with defaults that serve the demo as is.

DATABASE_URL   default sqlite:///$PAYUNG_DATA_DIR/payung.sqlite3; postgres://... for PostgreSQL
DATABASE_REPLICA_URL  postgres://... of a streaming replica of DATABASE_URL: dashboards (coverage,
               region pages, search) read from it (payung/core/replica.py); unset: one database
SECRET_KEY     default: a random key kept in $PAYUNG_DATA_DIR/secret_key
SECRET_KEY_FALLBACKS  comma-separated former SECRET_KEYs still accepted (sessions, old QR codes)
PAYUNG_QR_KEY  the key that signs QR codes; default: a random key kept in $PAYUNG_DATA_DIR/qr_key
PAYUNG_QR_KEY_FALLBACKS  comma-separated former QR keys whose printed codes still verify
PAYUNG_HTTPS   "1" behind HTTPS: redirect http, secure cookies, HSTS (PAYUNG_HSTS_SECONDS,
               PAYUNG_HSTS_INCLUDE_SUBDOMAINS=0 to leave subdomains out, PAYUNG_HSTS_PRELOAD=1)
PAYUNG_TRUSTED_PROXIES  how many reverse proxies stand in front (X-Forwarded-For/-Proto)
PAYUNG_LOGIN_FAILURES_PER_USER, PAYUNG_LOGIN_FAILURES_PER_ADDRESS, PAYUNG_LOGIN_LOCK_MINUTES
PAYUNG_API_TOKEN_DAYS  how long a new API token works (default 90)
PAYUNG_DATA_DIR default: ./var beside the package
PAYUNG_DEBUG   "1" for Django's debug pages
PAYUNG_ALLOWED_HOSTS comma-separated, default 127.0.0.1,localhost
PAYUNG_PUBLIC_URL the public address printed in QR codes, default http://127.0.0.1:8000
PAYUNG_EMAIL_BACKEND, PAYUNG_FROM_EMAIL  mail for reminders (default: printed to the console)
PAYUNG_CLAIMS_REMIND_AHEAD_HOURS  claims reminders list deadlines this close (default 48)
PAYUNG_IMPORT_MAX_BYTES, PAYUNG_IMPORT_MAX_ROWS  roster import limits
PAYUNG_UPLOAD_RETENTION_DAYS days roster uploads and error reports are kept, default 30
"""

import os
import secrets
import time
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PAYUNG_DATA_DIR") or BASE_DIR / "var")
# It holds the database, uploads and keys: private to the account Payung runs as.
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _int_env(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _list_env(name: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, "").split(",") if part.strip()]


def _kept_key(variable: str, file_name: str) -> str:
    """A key from the environment, else one made once and kept (mode 0600) in the data folder."""
    if key := os.environ.get(variable):
        return key
    path = DATA_DIR / file_name
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(handle, "w") as out:
            out.write(secrets.token_urlsafe(50))
    for _ in range(50):  # another process may be writing it right now
        if key := path.read_text().strip():
            return key
        time.sleep(0.1)
    raise RuntimeError(f"{path} is empty: delete it to make a new key, or set {variable}")


SECRET_KEY = _kept_key("SECRET_KEY", "secret_key")
SECRET_KEY_FALLBACKS = _list_env("SECRET_KEY_FALLBACKS")
# QR codes on printed cards and certificates are signed with their own key, so rotating
# SECRET_KEY voids no card; back this key up (README, "Keys"). Codes printed before it existed
# were signed with SECRET_KEY, which payung/documents/tokens.py still accepts.
PAYUNG_QR_KEY = _kept_key("PAYUNG_QR_KEY", "qr_key")
PAYUNG_QR_KEY_FALLBACKS = _list_env("PAYUNG_QR_KEY_FALLBACKS")
DEBUG = os.environ.get("PAYUNG_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("PAYUNG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "simple_history",
    "django_tasks_db",
    "payung.core",
    "payung.rules",
    "payung.regions",
    "payung.employers",
    "payung.workers",
    "payung.enrollments",
    "payung.accounts",
    "payung.coverage",
    "payung.documents",
    "payung.billing",
    "payung.imports",
    "payung.outreach",
    "payung.claims",
    "payung.web",
    "payung.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "payung.core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "payung.urls"
WSGI_APPLICATION = "payung.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'payung.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's lookups and types; on SQLite the app does nothing but load psycopg, a tenth
    # of a second at every start of a command.
    INSTALLED_APPS.insert(
        INSTALLED_APPS.index("django.contrib.humanize") + 1, "django.contrib.postgres"
    )
    # Pages and the API ask short questions: JIT compilation (~300 ms, chosen from cost
    # estimates of millions of rows) costs more than it saves (docs/performance.md).
    # A roster import stages its rows in temporary tables: with the default 8 MB of
    # temp_buffers a million rows go through the kernel's page cache on every pass. The
    # buffers are taken only by a session that uses temporary tables, and the setting cannot
    # change once one has (hence here, not in the import).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c temp_buffers=256MB"

# Dashboards read from a streaming replica when there is one; writes, and reads inside a write
# transaction, stay on the primary (payung/core/replica.py, docs/scaling.md).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60
    )
    DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # Tests never make a database of their own for it: it is the test database under another name.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["payung.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = ["payung.accounts.backends.ThrottledModelBackend"]
# Sign-in throttling (payung/accounts/throttle.py): failures within the window lock a username,
# or an address, until the window has passed or an officer unlocks (`payung unlock`).
PAYUNG_LOGIN_FAILURES_PER_USER = _int_env("PAYUNG_LOGIN_FAILURES_PER_USER", 5)
PAYUNG_LOGIN_FAILURES_PER_ADDRESS = _int_env("PAYUNG_LOGIN_FAILURES_PER_ADDRESS", 20)
PAYUNG_LOGIN_LOCK_MINUTES = _int_env("PAYUNG_LOGIN_LOCK_MINUTES", 15)
# Reverse proxies in front of Payung (nginx…): their X-Forwarded-For gives the client's address.
PAYUNG_TRUSTED_PROXIES = _int_env("PAYUNG_TRUSTED_PROXIES", 0)
if PAYUNG_TRUSTED_PROXIES:  # the proxy says whether the client came over HTTPS
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# API tokens expire this many days after they are issued (the back office can set another date).
PAYUNG_API_TOKEN_DAYS = _int_env("PAYUNG_API_TOKEN_DAYS", 90)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
CSRF_FAILURE_VIEW = "payung.web.errors.csrf_failure"  # the styled, bilingual 403
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "payung" / "locale"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded rosters and generated files hold NIKs: 0600 files in 0700 folders (payung.core.files).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Roster uploads and their error reports are deleted this many days after their import
# (`payung purge-uploads`, run daily).
PAYUNG_UPLOAD_RETENTION_DAYS = int(os.environ.get("PAYUNG_UPLOAD_RETENTION_DAYS") or 30)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy: scripts and styles only from our own static files (no inline code,
# no style="" attributes: pages set computed styles from data- attributes in payung.js).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# HTTPS: PAYUNG_HTTPS=1 once the site is served over HTTPS (directly or by a proxy in front).
HTTPS = os.environ.get("PAYUNG_HTTPS") == "1"
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = _int_env("PAYUNG_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and os.environ.get("PAYUNG_HSTS_INCLUDE_SUBDOMAINS") != "0"
SECURE_HSTS_PRELOAD = HTTPS and os.environ.get("PAYUNG_HSTS_PRELOAD") == "1"
if HTTPS:
    SECURE_CSP["upgrade-insecure-requests"] = True
# Preloading is a separate, hard-to-undo commitment of the whole domain: opt in with
# PAYUNG_HSTS_PRELOAD=1; without it `check --deploy` is not asked to warn about it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if not SECURE_HSTS_INCLUDE_SUBDOMAINS and SECURE_HSTS_SECONDS:
    SILENCED_SYSTEM_CHECKS.append("security.W005")  # left out on purpose by the setting

# Long jobs (imports, document batches) run in the database-backed task worker:
# `payung worker`, which `payung serve` starts beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The address the public uses to reach this site: QR codes on cards and certificates point here.
PAYUNG_PUBLIC_URL = os.environ.get("PAYUNG_PUBLIC_URL", "http://127.0.0.1:8000")
# Roster import limits (defaults in payung/imports/reading.py when unset).
if os.environ.get("PAYUNG_IMPORT_MAX_BYTES"):
    PAYUNG_IMPORT_MAX_BYTES = int(os.environ["PAYUNG_IMPORT_MAX_BYTES"])
if os.environ.get("PAYUNG_IMPORT_MAX_ROWS"):
    PAYUNG_IMPORT_MAX_ROWS = int(os.environ["PAYUNG_IMPORT_MAX_ROWS"])
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "PAYUNG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        )
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("PAYUNG_FROM_EMAIL", "payung@localhost")
# `payung claims remind`: claims whose stage II or status decision falls due within these hours.
PAYUNG_CLAIMS_REMIND_AHEAD_HOURS = int(os.environ.get("PAYUNG_CLAIMS_REMIND_AHEAD_HOURS") or 48)

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
# Offsets bounded to what the database takes (a larger one was a server error).
NINJA_PAGINATION_CLASS = "payung.core.params.BoundedLimitOffsetPagination"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PAYUNG_LOG_LEVEL", "WARNING")},
}
