"""The `payung` console script: every subcommand is a Django management command."""

import os
import sys


def main() -> None:
    """Run `payung <command> ...` as `django-admin <command> ...` with Payung's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
    from django.core.management import execute_from_command_line

    from payung.core.files import private_umask

    private_umask()  # the database, uploads, exports and backups it writes hold NIKs

    execute_from_command_line(["payung", *sys.argv[1:]])


if __name__ == "__main__":
    main()
