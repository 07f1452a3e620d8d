"""WSGI entry point for `payung serve` (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

from payung.core.files import private_umask

private_umask()  # uploads, reports and the database file hold NIKs: 0600/0700
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
application = get_wsgi_application()
